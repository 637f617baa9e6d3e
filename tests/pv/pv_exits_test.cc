// Boots the paravirtualized guest (//:guest_pv) with the rootfs to init and
// back, and checks the exits the PV ABI exists to remove (docs/abi.md): in
// the whole boot no trapping mfmsr, wrtee/wrteei, SPRG access or DCR access,
// and mtmsr only where MSR bits other than EE change; no TLB instruction and
// no guest TLB-miss handler (the PV MMU). The same boot of the unmodified
// kernel (//:guest_full) is the baseline: PV must take at least 10x fewer
// exits.
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

TEST(PvExits, PvBootTakesNoMsrSprgDcrOrTlbExitsAndATenthOfTheFullOnes) {
  const Boot pv = BootToInitAndBack(g_pv_kernel, "pv");
  ASSERT_EQ(pv.status, 0) << pv.console;
  ASSERT_NE(pv.console.find("pvppc-guest: init reached"), std::string::npos) << pv.console;
  ASSERT_TRUE(pv.stats.is_object());

  // The shared page is mapped from the guest's first instruction
  // (docs/abi.md, "Boot protocol"), and the guest keeps MSR[EE] there from
  // its first instruction too: none of these trap anywhere in the boot.
  const nlohmann::json& all = pv.stats["exits"];
  EXPECT_EQ(Count(all, "emulate", "mfmsr"), 0u);
  EXPECT_EQ(Count(all, "emulate", "wrtee"), 0u);
  EXPECT_EQ(Count(all, "emulate", "wrteei"), 0u);
  EXPECT_EQ(Count(all, "emulate", "mtmsr-ee-only"), 0u);
  EXPECT_EQ(CategoryTotal(all, "dcr"), 0u);
  for (const auto& row : all) {
    const std::string name = row["name"];
    EXPECT_EQ(name.find("SPRG"), std::string::npos) << name << ": " << row["count"];
  }
  // The PV MMU (docs/abi.md, "The PV MMU"): the guest never touches a TLB,
  // and never runs a TLB-miss handler (pvppc fills the machine's TLB itself
  // and reflects only storage interrupts).
  EXPECT_EQ(Count(all, "emulate", "tlbwe"), 0u);
  EXPECT_EQ(Count(all, "emulate", "tlbre"), 0u);
  EXPECT_EQ(Count(all, "emulate", "tlbsx"), 0u);
  EXPECT_EQ(Count(all, "tlb-miss", "reflected-data"), 0u);
  EXPECT_EQ(Count(all, "tlb-miss", "reflected-instruction"), 0u);
  EXPECT_GT(Count(all, "tlb-miss", "shadow-fill-data"), 0u);
  EXPECT_GT(Count(all, "hypercall", "mmu-switch-context"), 0u);
  // A wrtee/wrteei that sets EE while an interrupt is pending still traps,
  // on purpose, to take it at once: that exit replaces the interrupt's and
  // is counted as the interrupt's delivery.
  std::printf("PV boot: %llu exits; wrtee(i) taking a pending interrupt: %llu\n",
              static_cast<unsigned long long>(pv.stats["total_exits"].get<uint64_t>()),
              static_cast<unsigned long long>(
                  Count(all, "interrupt", "ee-enable-delivers-pending")));
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
  // The PV ABI issue asked for 3x fewer, the PV MMU issue for 10x.
  EXPECT_GE(full_exits, 10 * pv_exits);
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
