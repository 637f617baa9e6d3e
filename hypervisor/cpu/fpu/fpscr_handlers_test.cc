// The FPSCR instructions (mffs, mtfsf, mtfsfi, mtfsb0/1, mcrfs) and the
// Floating-Point Enabled exception, run through the whole core.
#include <gtest/gtest.h>

#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/testing/fpu_test_util.h"

namespace pvppc::cpu::fpu::testing {
namespace {

using cpu::testing::TestMachine;

constexpr uint64_t kOne = 0x3ff0000000000000;
constexpr uint64_t kThree = 0x4008000000000000;

class FpscrInstructionTest : public FpuMachineTest {};

// ---- FPSCR instructions -------------------------------------------------

TEST_F(FpscrInstructionTest, MtfsfAndMffsRoundTrip) {
  // Every bit but the enables; FEX and VX in the source are ignored and
  // recomputed, the reserved bit 20 stays 0.
  state().fpr[1] = 0xffffffffffffff07;
  Execute({Mtfsf(0xff, 1), Mffs(2)});
  EXPECT_EQ(state().fpr[2], 0xbffff707u);
  // Only the selected fields change.
  state().fpr[1] = 0;
  Execute({Mtfsf(0x01, 1), Mffs(3)});
  EXPECT_EQ(state().fpr[3], 0xbffff700u);
  Execute({Mtfsf(0x80, 1, /*rc=*/true)});  // field 0: FX and OX cleared, VX stays
  EXPECT_EQ(state().fpscr, 0x2ffff700u);
  EXPECT_EQ(state().cr_field(1), 0x2u);
}

TEST_F(FpscrInstructionTest, MtfsfiMtfsbAndMcrfs) {
  Execute({Mtfsfi(7, 1)});
  EXPECT_EQ(state().fpscr, 1u);  // round toward zero
  Execute({Mtfsb1(3)});          // OX: an exception bit, so FX too
  EXPECT_EQ(state().fpscr, fpscr::kFX | fpscr::kOX | 1u);
  Execute({Mtfsb1(1), Mtfsb1(2)});  // FEX, VX: cannot be set directly
  EXPECT_EQ(state().fpscr, fpscr::kFX | fpscr::kOX | 1u);
  Execute({Mtfsb1(21)});  // VXSOFT, VX follows
  EXPECT_EQ(state().fpscr, fpscr::kFX | fpscr::kVX | fpscr::kOX | fpscr::kVXSOFT | 1u);
  Execute({Mcrfs(4, 0)});  // copy field 0, clear FX and OX (not VX)
  EXPECT_EQ(state().cr_field(4), 0xbu);
  EXPECT_EQ(state().fpscr, fpscr::kVX | fpscr::kVXSOFT | 1u);
  Execute({Mcrfs(5, 5)});  // field 5 holds VXSOFT: cleared, so VX goes too
  EXPECT_EQ(state().cr_field(5), 0x4u);
  EXPECT_EQ(state().fpscr, 1u);
  Execute({Mtfsb0(31)});
  EXPECT_EQ(state().fpscr, 0u);
}

TEST_F(FpscrInstructionTest, IsaThreeMffsVariantsRunAsMffs) {
  state().fpscr = 0x82024002;
  // mffsl f2 (bits 11-15 = 11000) and mffsce f3 (00001).
  Execute({Mffs(2) | (0x18u << 16), Mffs(3) | (0x01u << 16)});
  EXPECT_EQ(state().fpr[2], 0x82024002u);
  EXPECT_EQ(state().fpr[3], 0x82024002u);
  EXPECT_EQ(state().fpscr, 0x82024002u);
}

TEST_F(FpscrInstructionTest, SixtyFourBitConversionsAreIllegal) {
  const Exit exit = Run({XForm(63, 1, 0, 2, 846)});  // fcfid
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kPIL);
}

// ---- Floating-Point Enabled exceptions ----------------------------------

TEST_F(FpscrInstructionTest, EnabledZeroDivideLeavesTargetAndInterrupts) {
  state().msr |= msr::kFE0 | msr::kFE1;
  state().fpr[1] = kOne;
  state().fpr[2] = 0;
  state().fpr[3] = 0x1234;
  const Exit exit = Run({Mtfsfi(6, 1) /* ZE */, Fdiv(3, 1, 2, /*rc=*/true)});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kFP);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase + 4);
  EXPECT_EQ(state().pc, TestMachine::kCodeBase + 4);
  EXPECT_EQ(state().fpr[3], 0x1234u);
  EXPECT_EQ(state().fpscr, fpscr::kFX | fpscr::kFEX | fpscr::kZX | fpscr::kZE);
  EXPECT_EQ(state().cr_field(1), 0xcu);  // FX FEX, recorded before the interrupt
}

TEST_F(FpscrInstructionTest, EnabledExceptionWithoutMsrFeCompletes) {
  state().fpr[1] = kOne;
  state().fpr[3] = 0x1234;
  Execute({Mtfsfi(6, 1), Fdiv(3, 1, 2)});
  EXPECT_EQ(state().fpr[3], 0x1234u);  // still not written: ZE=1
  EXPECT_EQ(state().fpscr & fpscr::kFEX, fpscr::kFEX);
}

TEST_F(FpscrInstructionTest, EnabledOverflowWritesTheAdjustedResult) {
  state().msr |= msr::kFE0;
  state().fpr[1] = 0x7e70000000000000;  // 2^1000
  state().fpr[2] = 0x4630000000000000;  // 2^100
  const Exit exit = Run({Mtfsfi(6, 4) /* OE */, Fmul(3, 1, 2)});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kFP);
  EXPECT_EQ(state().fpr[3], 0x24b0000000000000u);  // 2^(1100 - 1536)
  EXPECT_EQ(state().fpscr, fpscr::kFX | fpscr::kFEX | fpscr::kOX | fprf::kPositiveNormal | fpscr::kOE);
}

TEST_F(FpscrInstructionTest, EnabledInexactInterruptsAfterWriting) {
  state().msr |= msr::kFE1;
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  const Exit exit = Run({Mtfsfi(7, 8) /* XE */, Fdiv(3, 1, 2), Fadd(4, 1, 1)});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase + 4);
  EXPECT_EQ(state().fpr[3], 0x3fd5555555555555u);
  EXPECT_EQ(state().fpr[4], 0u);
}

TEST_F(FpscrInstructionTest, EnabledInvalidCompareStillSetsTheCrField) {
  state().msr |= msr::kFE0;
  state().fpr[1] = 0x7ff0000000000001;
  const Exit exit = Run({Mtfsfi(6, 8) /* VE */, Fcmpo(3, 1, 1)});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(state().cr_field(3), 0x1u);
  EXPECT_EQ(state().fpscr & (fpscr::kVXSNAN | fpscr::kVXVC | fpscr::kFU),
            fpscr::kVXSNAN | fpscr::kFU);
}

TEST_F(FpscrInstructionTest, SoftwareRequestedInvalidInterrupts) {
  state().msr |= msr::kFE0;
  const Exit exit = Run({Mtfsfi(6, 8) /* VE */, Mtfsb1(21) /* VXSOFT */});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kFP);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase + 4);
  EXPECT_EQ(state().fpscr & fpscr::kFEX, fpscr::kFEX);
}

}  // namespace
}  // namespace pvppc::cpu::fpu::testing
