#include <gtest/gtest.h>

#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"

namespace pvppc::cpu {
namespace {

using namespace testing;

class SystemTest : public ::testing::Test {
 protected:
  Exit Run(std::initializer_list<uint32_t> words) {
    m_.load_code(words);
    return m_.run();
  }
  CpuState& s() { return m_.state(); }
  TestMachine m_;
  static constexpr uint32_t kBase = TestMachine::kCodeBase;
};

TEST_F(SystemTest, SystemCallResumesAfterSc) {
  const Exit exit = Run({Nop(), Sc()});
  EXPECT_EQ(exit.reason, ExitReason::kSystemCall);
  EXPECT_EQ(exit.pc, kBase + 4);
  EXPECT_EQ(s().pc, kBase + 8);
  EXPECT_EQ(m_.core().instructions_executed(), 2u);
}

TEST_F(SystemTest, TrapsWhenConditionHolds) {
  s().gpr[3] = static_cast<uint32_t>(-1);
  // twi 16 (lt), r3, 0 traps: -1 < 0 signed; twi 2 (ltu) would not.
  EXPECT_EQ(Run({DForm(3, 2, 3, 0), Sc()}).reason, ExitReason::kSystemCall);
  const Exit exit = Run({DForm(3, 16, 3, 0), Sc()});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kPTR);
  EXPECT_EQ(s().pc, kBase);  // SRR0 points at the trap
  EXPECT_EQ(Run({Trap()}).esr, esr::kPTR);  // tw 31: unconditional
}

TEST_F(SystemTest, UserSprsAndTimeBase) {
  s().gpr[3] = 0xabcd;
  s().sprg4_7 = {4, 5, 6, 7};
  m_.time_base().value = 0x1111222233334444ull;
  ASSERT_EQ(Run({Mtspr(256, 3), Mfspr(4, 256), Mfspr(5, 262), Mfspr(6, 268), Mfspr(7, 269),
                 XForm(31, 8, 12, 8, 371), Sc()})
                .reason,
            ExitReason::kSystemCall);
  EXPECT_EQ(s().usprg0, 0xabcdu);
  EXPECT_EQ(s().gpr[4], 0xabcdu);
  EXPECT_EQ(s().gpr[5], 6u);
  EXPECT_EQ(s().gpr[6], 0x33334444u);
  EXPECT_EQ(s().gpr[7], 0x11112222u);
  EXPECT_EQ(s().gpr[8], 0x33334444u);  // mftb r8 (TBR 268)
}

TEST_F(SystemTest, XerRoundTripsThroughMtspr) {
  s().gpr[3] = 0xe000007f;
  ASSERT_EQ(Run({Mtspr(1, 3), Mfspr(4, 1), Sc()}).reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[4], 0xe000007fu);
  EXPECT_EQ(s().xer_ca, 1);
  EXPECT_EQ(s().xer_byte_count, 0x7f);
}

TEST_F(SystemTest, PrivilegedInstructionsExitWithTheirWord) {
  const uint32_t mfmsr = XForm(31, 3, 0, 0, 83);
  const uint32_t tlbwe = XForm(31, 3, 4, 0, 978);
  const uint32_t rfi = XForm(19, 0, 0, 0, 50);
  for (uint32_t word : {mfmsr, tlbwe, rfi, XForm(31, 3, 0, 0, 323) /* mfdcr */,
                        Mtspr(26, 3) /* SRR0 */, Mfspr(3, 1008) /* DBCR0? privileged */,
                        XForm(31, 0, 0, 0, 163) /* wrteei */}) {
    const Exit exit = Run({Nop(), word, Sc()});
    EXPECT_EQ(exit.reason, ExitReason::kProgram) << std::hex << word;
    EXPECT_EQ(exit.esr, esr::kPPR) << std::hex << word;
    EXPECT_EQ(exit.instruction, word);
    EXPECT_EQ(exit.pc, kBase + 4);
    EXPECT_EQ(s().pc, kBase + 4);
  }
}

TEST_F(SystemTest, UnknownAndSixtyFourBitInstructionsAreIllegal) {
  for (uint32_t word : {0x00000000u, 0xe8610008u /* ld */, 0x78630020u /* rldicl */,
                        Mfspr(3, 5) /* no SPR 5 */, Mtspr(260, 3) /* SPRG4 is read-only */}) {
    const Exit exit = Run({word, Sc()});
    EXPECT_EQ(exit.reason, ExitReason::kProgram) << std::hex << word;
    EXPECT_EQ(exit.esr, esr::kPIL) << std::hex << word;
  }
}

TEST_F(SystemTest, InstructionFetchFaults) {
  m_.translator().unmapped_.insert(0x20000);
  s().pc = 0x20000;
  Exit exit = m_.run();
  EXPECT_EQ(exit.reason, ExitReason::kInstructionTlbMiss);
  EXPECT_EQ(exit.pc, 0x20000u);
  // Past the end of RAM with a translation: a machine check, not a crash.
  s().pc = 0xfff00000;
  exit = m_.run();
  EXPECT_EQ(exit.reason, ExitReason::kInstructionTlbMiss);
}

TEST_F(SystemTest, IcbiMakesModifiedCodeVisible) {
  // r3 = 1 via the first version of the code.
  const uint32_t patch_site = kBase + 0x100;
  m_.write32(patch_site, Li(3, 1));
  m_.write32(patch_site + 4, Blr());
  s().gpr[10] = patch_site;
  s().gpr[11] = Li(3, 2);
  s().lr = kBase;
  // Call it, store a new instruction over it, then call it again. Without
  // icbi the stale decoded block is allowed to (and does) run.
  m_.load_code({Mtctr(10), Bcctr(20, 0, true), Stw(11, 10, 0), Mtctr(10), Bcctr(20, 0, true), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 1u);
  // With dcbst; sync; icbi; isync the new code runs.
  m_.load_code({Stw(11, 10, 0), XForm(31, 0, 0, 10, 54), XForm(31, 0, 0, 0, 598), Icbi(0, 10),
                Isync(), Mtctr(10), Bcctr(20, 0, true), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 2u);
}

TEST_F(SystemTest, HostWritesDropDecodedCode) {
  m_.load_code({Li(3, 1), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 1u);
  // A write through GuestMemory (loader, DMA) is the safety net.
  m_.load_code({Li(3, 2), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 2u);
}

TEST_F(SystemTest, BudgetAndStopRequest) {
  m_.load_code({B(0)});  // tight infinite loop
  Exit exit = m_.run(1000);
  EXPECT_EQ(exit.reason, ExitReason::kInstructionBudget);
  EXPECT_GE(m_.core().instructions_executed(), 1000u);
  m_.core().request_stop();
  exit = m_.run(1000);
  EXPECT_EQ(exit.reason, ExitReason::kStopRequested);
  EXPECT_EQ(s().pc, kBase);
}

TEST_F(SystemTest, FlushTranslationsSeesNewMappings) {
  m_.load_code({Li(3, 1), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  m_.translator().unmapped_.insert(kBase & ~0xfffu);
  s().pc = kBase;
  // Still cached: a real TLB keeps its entry until software invalidates it.
  EXPECT_EQ(m_.run().reason, ExitReason::kSystemCall);
  m_.core().flush_translations();
  s().pc = kBase;
  EXPECT_EQ(m_.run().reason, ExitReason::kInstructionTlbMiss);
}

}  // namespace
}  // namespace pvppc::cpu
