// The FPU instructions run through the whole core: decoding, MSR[FP], loads
// and stores with their conversions and alignment rule, Rc=1, the FPSCR
// instructions, and the Floating-Point Enabled exception.
#include <gtest/gtest.h>

#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/testing/fpu_test_util.h"

namespace pvppc::cpu::fpu::testing {
namespace {

using cpu::testing::Li;
using cpu::testing::TestMachine;

constexpr uint64_t kOne = 0x3ff0000000000000;
constexpr uint64_t kThree = 0x4008000000000000;

class FpuHandlersTest : public FpuMachineTest {};

// ---- MSR[FP] ------------------------------------------------------------

TEST_F(FpuHandlersTest, FpUnavailableStopsBeforeAnyChange) {
  state().msr &= ~msr::kFP;
  state().gpr[3] = kData;
  state().fpr[1] = kOne;
  for (uint32_t word : {Lfd(2, 3, 0), Stfd(1, 3, 0), Fadd(2, 1, 1), Mffs(2), Mtfsfi(7, 3),
                        Fmr(2, 1), Fcmpu(0, 1, 1), Lfsu(2, 3, 8)}) {
    const Exit exit = Run({word});
    EXPECT_EQ(exit.reason, ExitReason::kFpUnavailable) << std::hex << word;
    EXPECT_EQ(exit.pc, TestMachine::kCodeBase);
    EXPECT_EQ(state().pc, TestMachine::kCodeBase);
    EXPECT_EQ(state().fpr[2], 0u);
    EXPECT_EQ(state().fpscr, 0u);
    EXPECT_EQ(state().gpr[3], kData);
    EXPECT_EQ(state().cr, 0u);
  }
}

// ---- Loads and stores ---------------------------------------------------

TEST_F(FpuHandlersTest, SingleLoadKeepsSignalingNaN) {
  machine().write32(kData, 0x7f800001);
  state().gpr[3] = kData;
  Execute({Lfs(1, 3, 0), Stfs(1, 3, 4)});
  EXPECT_EQ(state().fpr[1], 0x7ff0000020000000u);
  EXPECT_EQ(machine().read32(kData + 4), 0x7f800001u);
  EXPECT_EQ(state().fpscr, 0u);  // no VXSNAN: loads and stores do not signal
}

TEST_F(FpuHandlersTest, SingleStoreUsesTheArchitectedConversion) {
  state().gpr[3] = kData;
  state().fpr[1] = 0x3800000000000000;  // 2^-127: stored as a single denormal
  state().fpr[2] = 0x3ff00000ffffffff;  // truncated, not rounded
  state().gpr[4] = 4;
  Execute({Stfs(1, 3, 0), Stfsx(2, 3, 4)});
  EXPECT_EQ(machine().read32(kData), 0x00400000u);
  EXPECT_EQ(machine().read32(kData + 4), 0x3f800007u);
}

TEST_F(FpuHandlersTest, DoubleLoadStoreAndIndexedForms) {
  WriteDouble(kData + 16, 0xfff4000000000abc);
  state().gpr[3] = kData;
  state().gpr[4] = 16;
  Execute({Lfdx(5, 3, 4), Stfd(5, 3, 32)});
  EXPECT_EQ(state().fpr[5], 0xfff4000000000abcu);
  EXPECT_EQ(ReadDouble(kData + 32), 0xfff4000000000abcu);
}

TEST_F(FpuHandlersTest, StfiwxStoresTheLowWord) {
  state().gpr[3] = kData;
  state().gpr[4] = 8;
  state().fpr[6] = 0xfff80000deadbeef;
  Execute({Stfiwx(6, 3, 4)});
  EXPECT_EQ(machine().read32(kData + 8), 0xdeadbeefu);
}

TEST_F(FpuHandlersTest, UpdateFormsWriteTheEffectiveAddressBack) {
  WriteDouble(kData + 8, kThree);
  machine().write32(kData + 24, 0x40400000);  // 3.0f
  state().gpr[3] = kData;
  state().gpr[4] = 16;
  Execute({Lfdu(1, 3, 8), Lfsux(2, 3, 4), Stfdu(1, 3, 16)});
  EXPECT_EQ(state().fpr[1], kThree);
  EXPECT_EQ(state().fpr[2], kThree);
  EXPECT_EQ(state().gpr[3], kData + 40);
  EXPECT_EQ(ReadDouble(kData + 40), kThree);
}

TEST_F(FpuHandlersTest, UpdateFormsWithRaZeroAreIllegal) {
  for (uint32_t word : {Lfsu(1, 0, 8), Lfdu(1, 0, 8), Stfdu(1, 0, 8), Lfsux(1, 0, 4)}) {
    const Exit exit = Run({word});
    EXPECT_EQ(exit.reason, ExitReason::kProgram) << std::hex << word;
    EXPECT_EQ(exit.esr, esr::kPIL);
    EXPECT_EQ(state().gpr[0], 0u);
  }
}

TEST_F(FpuHandlersTest, AccessCrossingSixteenBytesTakesAlignment) {
  state().gpr[3] = kData + 12;  // an 8-byte access at offset 12 crosses 16
  Exit exit = Run({Lfd(1, 3, 0)});
  EXPECT_EQ(exit.reason, ExitReason::kAlignment);
  EXPECT_EQ(exit.dear, kData + 12);
  EXPECT_EQ(state().fpr[1], 0u);
  exit = Run({Stfs(1, 3, 2)});  // 4 bytes at offset 14
  EXPECT_EQ(exit.reason, ExitReason::kAlignment);
  EXPECT_EQ(exit.esr & esr::kST, esr::kST);
  // Misaligned but within the quadword: fine.
  WriteDouble(kData + 4, kOne);
  state().gpr[3] = kData + 4;
  Execute({Lfd(1, 3, 0)});
  EXPECT_EQ(state().fpr[1], kOne);
}

class FpuNoAlignmentCheckTest : public FpuMachineTest {
 protected:
  FpuNoAlignmentCheckTest() : FpuMachineTest(CoreOptions{.fp_quadword_alignment_check = false}) {}
};

TEST_F(FpuNoAlignmentCheckTest, CrossingAccessesSucceedWhenTheCheckIsOff) {
  WriteDouble(kData + 12, kThree);
  state().gpr[3] = kData + 12;
  Execute({Lfd(1, 3, 0), Stfd(1, 3, 16)});
  EXPECT_EQ(state().fpr[1], kThree);
  EXPECT_EQ(ReadDouble(kData + 28), kThree);
}

// ---- Arithmetic through the core ----------------------------------------

TEST_F(FpuHandlersTest, ArithmeticUpdatesFpscrAndRecordsCr1) {
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  Execute({Fdiv(3, 1, 2, /*rc=*/true)});
  EXPECT_EQ(state().fpr[3], 0x3fd5555555555555u);  // 1/3, rounded down
  EXPECT_EQ(state().fpscr, fpscr::kFX | fpscr::kXX | fpscr::kFI | fprf::kPositiveNormal);
  EXPECT_EQ(state().cr_field(1), 0x8u);  // FX
  // A second inexact operation does not set FX again once it is cleared.
  state().fpscr &= ~fpscr::kFX;
  Execute({Fdiv(4, 1, 2, /*rc=*/true)});
  EXPECT_EQ(state().fpscr & (fpscr::kFX | fpscr::kXX), fpscr::kXX);
  EXPECT_EQ(state().cr_field(1), 0x0u);
}

TEST_F(FpuHandlersTest, RoundingModeComesFromFpscr) {
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  Execute({Mtfsfi(7, 2), Fdiv(3, 1, 2)});  // RN = round toward +infinity
  EXPECT_EQ(state().fpr[3], 0x3fd5555555555556u);
  EXPECT_EQ(state().fpscr & fpscr::kFR, fpscr::kFR);
}

TEST_F(FpuHandlersTest, SingleMultiplyAddRoundsOnce) {
  state().fpr[1] = 0x3ff0010000000000;  // 1 + 2^-12
  state().fpr[2] = 0x3c30000000000000;  // 2^-60
  Execute({Fmadds(3, 1, 1, 2)});
  EXPECT_EQ(state().fpr[3], 0x3ff0020020000000u);
}

TEST_F(FpuHandlersTest, MovesCopyBitsWithoutSignaling) {
  state().fpr[1] = 0x7ff0000000000001;  // SNaN
  Execute({Fneg(2, 1), Fmr(3, 1, /*rc=*/true)});
  EXPECT_EQ(state().fpr[2], 0xfff0000000000001u);
  EXPECT_EQ(state().fpr[3], 0x7ff0000000000001u);
  EXPECT_EQ(state().fpscr, 0u);
}

TEST_F(FpuHandlersTest, SelectTreatsNegativeZeroAsNonNegative) {
  state().fpr[2] = 0x1111;  // FRC
  state().fpr[3] = 0x2222;  // FRB
  state().fpr[1] = 0x8000000000000000;
  Execute({Fsel(4, 1, 2, 3)});
  EXPECT_EQ(state().fpr[4], 0x1111u);
  state().fpr[1] = 0x7ff8000000000000;  // NaN selects FRB
  Execute({Fsel(4, 1, 2, 3)});
  EXPECT_EQ(state().fpr[4], 0x2222u);
}

TEST_F(FpuHandlersTest, CompareWritesTheCrFieldAndFpcc) {
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  Execute({Fcmpu(6, 1, 2), Fcmpo(2, 2, 1)});
  EXPECT_EQ(state().cr_field(6), 0x8u);
  EXPECT_EQ(state().cr_field(2), 0x4u);
  EXPECT_EQ(state().fpscr, fpscr::kFG);  // FPCC of the last compare
}

TEST_F(FpuHandlersTest, FctiwzOfNaN) {
  state().fpr[1] = 0x7ff8000000000000;
  Execute({Fctiwz(2, 1)});
  EXPECT_EQ(state().fpr[2], 0x80000000u);
  EXPECT_EQ(state().fpscr & (fpscr::kFX | fpscr::kVX | fpscr::kVXCVI),
            fpscr::kFX | fpscr::kVX | fpscr::kVXCVI);
}

// ---- FPSCR instructions -------------------------------------------------

TEST_F(FpuHandlersTest, MtfsfAndMffsRoundTrip) {
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

TEST_F(FpuHandlersTest, MtfsfiMtfsbAndMcrfs) {
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

TEST_F(FpuHandlersTest, IsaThreeMffsVariantsRunAsMffs) {
  state().fpscr = 0x82024002;
  // mffsl f2 (bits 11-15 = 11000) and mffsce f3 (00001).
  Execute({Mffs(2) | (0x18u << 16), Mffs(3) | (0x01u << 16)});
  EXPECT_EQ(state().fpr[2], 0x82024002u);
  EXPECT_EQ(state().fpr[3], 0x82024002u);
  EXPECT_EQ(state().fpscr, 0x82024002u);
}

TEST_F(FpuHandlersTest, SixtyFourBitConversionsAreIllegal) {
  const Exit exit = Run({XForm(63, 1, 0, 2, 846)});  // fcfid
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kPIL);
}

// ---- Floating-Point Enabled exceptions ----------------------------------

TEST_F(FpuHandlersTest, EnabledZeroDivideLeavesTargetAndInterrupts) {
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

TEST_F(FpuHandlersTest, EnabledExceptionWithoutMsrFeCompletes) {
  state().fpr[1] = kOne;
  state().fpr[3] = 0x1234;
  Execute({Mtfsfi(6, 1), Fdiv(3, 1, 2)});
  EXPECT_EQ(state().fpr[3], 0x1234u);  // still not written: ZE=1
  EXPECT_EQ(state().fpscr & fpscr::kFEX, fpscr::kFEX);
}

TEST_F(FpuHandlersTest, EnabledOverflowWritesTheAdjustedResult) {
  state().msr |= msr::kFE0;
  state().fpr[1] = 0x7e70000000000000;  // 2^1000
  state().fpr[2] = 0x4630000000000000;  // 2^100
  const Exit exit = Run({Mtfsfi(6, 4) /* OE */, Fmul(3, 1, 2)});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kFP);
  EXPECT_EQ(state().fpr[3], 0x24b0000000000000u);  // 2^(1100 - 1536)
  EXPECT_EQ(state().fpscr, fpscr::kFX | fpscr::kFEX | fpscr::kOX | fprf::kPositiveNormal | fpscr::kOE);
}

TEST_F(FpuHandlersTest, EnabledInexactInterruptsAfterWriting) {
  state().msr |= msr::kFE1;
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  const Exit exit = Run({Mtfsfi(7, 8) /* XE */, Fdiv(3, 1, 2), Fadd(4, 1, 1)});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase + 4);
  EXPECT_EQ(state().fpr[3], 0x3fd5555555555555u);
  EXPECT_EQ(state().fpr[4], 0u);
}

TEST_F(FpuHandlersTest, EnabledInvalidCompareStillSetsTheCrField) {
  state().msr |= msr::kFE0;
  state().fpr[1] = 0x7ff0000000000001;
  const Exit exit = Run({Mtfsfi(6, 8) /* VE */, Fcmpo(3, 1, 1)});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(state().cr_field(3), 0x1u);
  EXPECT_EQ(state().fpscr & (fpscr::kVXSNAN | fpscr::kVXVC | fpscr::kFU),
            fpscr::kVXSNAN | fpscr::kFU);
}

TEST_F(FpuHandlersTest, SoftwareRequestedInvalidInterrupts) {
  state().msr |= msr::kFE0;
  const Exit exit = Run({Mtfsfi(6, 8) /* VE */, Mtfsb1(21) /* VXSOFT */});
  EXPECT_EQ(exit.reason, ExitReason::kProgram);
  EXPECT_EQ(exit.esr, esr::kFP);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase + 4);
  EXPECT_EQ(state().fpscr & fpscr::kFEX, fpscr::kFEX);
}

}  // namespace
}  // namespace pvppc::cpu::fpu::testing
