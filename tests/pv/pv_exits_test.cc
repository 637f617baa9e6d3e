// Boots the paravirtualized guest (//:guest_pv) with the rootfs to init and
// back, and checks the exits the PV ABI exists to remove (docs/abi.md): once
// the guest has mapped its shared page, no trapping mfmsr, wrtee/wrteei, SPRG
// access or DCR access, and mtmsr only where MSR bits other than EE change. The same boot of the unmodified
// kernel (//:guest_full) is the baseline: PV must take at least 3x fewer exits.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

std::string g_pvppc, g_full_kernel, g_pv_kernel, g_rootfs;

struct Boot {
  int status = -1;
  nlohmann::json stats;
  std::string console;
};

Boot BootToInitAndBack(const std::string& kernel, const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string base = std::string(dir ? dir : "/tmp") + "/" + name;
  const std::string command = g_pvppc + " run --kernel " + kernel + " --initrd " + g_rootfs +
                              " --append 'pvppc.run=/bin/true' --timeout 120 --quiet" +
                              " --stats-json " + base + ".json < /dev/null > " + base +
                              ".console 2>&1";
  Boot boot;
  const int raw = std::system(command.c_str());
  boot.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream console(base + ".console");
  boot.console.assign(std::istreambuf_iterator<char>(console), {});
  std::ifstream json(base + ".json");
  if (json) boot.stats = nlohmann::json::parse(json, nullptr, false);
  return boot;
}

uint64_t Count(const nlohmann::json& rows, const std::string& category, const std::string& name) {
  for (const auto& row : rows) {
    if (row["category"] == category && row["name"] == name) return row["count"].get<uint64_t>();
  }
  return 0;
}

uint64_t CategoryTotal(const nlohmann::json& rows, const std::string& category) {
  uint64_t total = 0;
  for (const auto& row : rows) {
    if (row["category"] == category) total += row["count"].get<uint64_t>();
  }
  return total;
}

TEST(PvExits, PvBootTakesNoMsrSprgOrDcrExitsAndAThirdOfTheFullOnes) {
  const Boot pv = BootToInitAndBack(g_pv_kernel, "pv");
  ASSERT_EQ(pv.status, 0) << pv.console;
  ASSERT_NE(pv.console.find("pvppc-guest: init reached"), std::string::npos) << pv.console;
  ASSERT_TRUE(pv.stats.is_object());

  // Paravirtualization is in effect once the guest has mapped its shared
  // page (Linux patches itself then); from there on none of these trap.
  ASSERT_EQ(pv.stats["mark"], "shared-page-mapped") << pv.stats.dump(2);
  const nlohmann::json& pv_rows = pv.stats["exits_since_mark"];
  // A patched wrtee/wrteei that enables EE traps only to take an interrupt
  // that is pending ("wrtee-delivers"): that exit replaces the interrupt's.
  // Linux maps the page and then patches itself with interrupts disabled:
  // the patcher's own irq save (mfmsr, wrteei before anything is patched)
  // and restore are the only ones allowed to trap after the mark.
  EXPECT_LE(Count(pv_rows, "emulate", "mfmsr"), 1u);
  EXPECT_LE(Count(pv_rows, "emulate", "wrtee"), 1u);
  EXPECT_LE(Count(pv_rows, "emulate", "wrteei"), 1u);
  EXPECT_EQ(Count(pv_rows, "emulate", "mtmsr-ee-only"), 0u);
  EXPECT_EQ(CategoryTotal(pv_rows, "dcr"), 0u);
  for (const auto& row : pv_rows) {
    const std::string name = row["name"];
    EXPECT_EQ(name.find("SPRG"), std::string::npos) << name << ": " << row["count"];
  }
  // The whole boot, for the record: what traps before the page is mapped.
  const nlohmann::json& all = pv.stats["exits"];
  std::printf("PV boot: %llu exits in all, %llu after the shared page was mapped; before it: "
              "mfmsr %llu, wrtee %llu, wrteei %llu, dcr %llu\n",
              static_cast<unsigned long long>(pv.stats["total_exits"].get<uint64_t>()),
              static_cast<unsigned long long>(pv.stats["total_exits_since_mark"].get<uint64_t>()),
              static_cast<unsigned long long>(Count(all, "emulate", "mfmsr")),
              static_cast<unsigned long long>(Count(all, "emulate", "wrtee")),
              static_cast<unsigned long long>(Count(all, "emulate", "wrteei")),
              static_cast<unsigned long long>(CategoryTotal(all, "dcr")));
  // The interrupt controller in use is the PV one (the byte channel's
  // interrupts are configured through it), not the UIC.
  EXPECT_GT(Count(all, "hypercall", "int-set-config"), 0u);

  const Boot full = BootToInitAndBack(g_full_kernel, "full");
  ASSERT_EQ(full.status, 0) << full.console;
  const uint64_t pv_exits = pv.stats["total_exits"].get<uint64_t>();
  const uint64_t full_exits = full.stats["total_exits"].get<uint64_t>();
  std::printf("exits per boot: full %llu, PV %llu (%.2fx fewer)\n",
              static_cast<unsigned long long>(full_exits),
              static_cast<unsigned long long>(pv_exits),
              static_cast<double>(full_exits) / static_cast<double>(pv_exits));
  EXPECT_GE(full_exits, 3 * pv_exits);
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (argc != 5) {
    std::fprintf(stderr, "usage: pv_exits_test PVPPC FULL_VMLINUX PV_VMLINUX ROOTFS\n");
    return 2;
  }
  g_pvppc = argv[1];
  g_full_kernel = argv[2];
  g_pv_kernel = argv[3];
  g_rootfs = argv[4];
  return RUN_ALL_TESTS();
}
