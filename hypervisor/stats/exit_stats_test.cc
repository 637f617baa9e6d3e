#include "hypervisor/stats/exit_stats.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pvppc::stats {
namespace {

TEST(ExitStats, RegistersKindsOnceAndCounts) {
  ExitStats stats;
  const auto mtspr = stats.kind("emulate", "mtspr");
  EXPECT_EQ(stats.kind("emulate", "mtspr"), mtspr);
  const auto dcr = stats.kind("dcr", "read");
  stats.record(mtspr, 100);
  stats.record(mtspr, 50);
  stats.record(dcr, 10);
  EXPECT_EQ(stats.total_exits(), 3u);
  EXPECT_EQ(stats.count("emulate", "mtspr"), 2u);
  EXPECT_EQ(stats.category_total("emulate"), 2u);
  EXPECT_EQ(stats.count("emulate", "mfmsr"), 0u);
  const auto rows = stats.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "mtspr");
  EXPECT_EQ(rows[0].host_ns, 150u);
}

TEST(ExitStats, JsonCarriesEveryRowAndExtras) {
  ExitStats stats;
  stats.record(stats.kind("syscall", "reflected"), 7);
  const auto j = nlohmann::json::parse(stats.to_json({{"wall_seconds", 1.5}}));
  EXPECT_EQ(j["total_exits"], 1);
  EXPECT_EQ(j["exits"][0]["category"], "syscall");
  EXPECT_EQ(j["wall_seconds"], 1.5);
  EXPECT_NE(stats.format_table().find("reflected"), std::string::npos);
}

TEST(ExitStats, MarkSplitsTheCountsInTheJson) {
  ExitStats stats;
  const auto a = stats.kind("emulate", "mfmsr");
  stats.record(a, 1);
  stats.record(a, 1);
  stats.mark("shared-page-mapped");
  stats.record(a, 1);
  stats.record(stats.kind("hypercall", "idle"), 1);
  const auto j = nlohmann::json::parse(stats.to_json({}));
  EXPECT_EQ(j["total_exits"], 4);
  EXPECT_EQ(j["mark"], "shared-page-mapped");
  EXPECT_EQ(j["total_exits_since_mark"], 2);
  EXPECT_EQ(j["exits_since_mark"][0]["name"], "mfmsr");
  EXPECT_EQ(j["exits_since_mark"][0]["count"], 1);
}

TEST(ExitStats, ScopedTimerRecordsUnderTheFinalKind) {
  ExitStats stats;
  const auto a = stats.kind("tlb", "miss");
  const auto b = stats.kind("tlb", "shadow-fill");
  {
    ScopedExitTimer timer(stats, a);
    timer.set_kind(b);
  }
  EXPECT_EQ(stats.count("tlb", "miss"), 0u);
  EXPECT_EQ(stats.count("tlb", "shadow-fill"), 1u);
}

}  // namespace
}  // namespace pvppc::stats
