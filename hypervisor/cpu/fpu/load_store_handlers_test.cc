// FPU loads and stores run through the whole core: MSR[FP], the lfs/stfs
// conversions, update and indexed forms, stfiwx, and the 440's alignment rule
// for accesses crossing 16 bytes.
#include <gtest/gtest.h>

#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/testing/fpu_test_util.h"

namespace pvppc::cpu::fpu::testing {
namespace {

using cpu::testing::TestMachine;

constexpr uint64_t kOne = 0x3ff0000000000000;
constexpr uint64_t kThree = 0x4008000000000000;

class FpuLoadStoreTest : public FpuMachineTest {};

// ---- MSR[FP] ------------------------------------------------------------

TEST_F(FpuLoadStoreTest, FpUnavailableStopsBeforeAnyChange) {
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

TEST_F(FpuLoadStoreTest, SingleLoadKeepsSignalingNaN) {
  machine().write32(kData, 0x7f800001);
  state().gpr[3] = kData;
  Execute({Lfs(1, 3, 0), Stfs(1, 3, 4)});
  EXPECT_EQ(state().fpr[1], 0x7ff0000020000000u);
  EXPECT_EQ(machine().read32(kData + 4), 0x7f800001u);
  EXPECT_EQ(state().fpscr, 0u);  // no VXSNAN: loads and stores do not signal
}

TEST_F(FpuLoadStoreTest, SingleStoreUsesTheArchitectedConversion) {
  state().gpr[3] = kData;
  state().fpr[1] = 0x3800000000000000;  // 2^-127: stored as a single denormal
  state().fpr[2] = 0x3ff00000ffffffff;  // truncated, not rounded
  state().gpr[4] = 4;
  Execute({Stfs(1, 3, 0), Stfsx(2, 3, 4)});
  EXPECT_EQ(machine().read32(kData), 0x00400000u);
  EXPECT_EQ(machine().read32(kData + 4), 0x3f800007u);
}

TEST_F(FpuLoadStoreTest, DoubleLoadStoreAndIndexedForms) {
  WriteDouble(kData + 16, 0xfff4000000000abc);
  state().gpr[3] = kData;
  state().gpr[4] = 16;
  Execute({Lfdx(5, 3, 4), Stfd(5, 3, 32)});
  EXPECT_EQ(state().fpr[5], 0xfff4000000000abcu);
  EXPECT_EQ(ReadDouble(kData + 32), 0xfff4000000000abcu);
}

TEST_F(FpuLoadStoreTest, StfiwxStoresTheLowWord) {
  state().gpr[3] = kData;
  state().gpr[4] = 8;
  state().fpr[6] = 0xfff80000deadbeef;
  Execute({Stfiwx(6, 3, 4)});
  EXPECT_EQ(machine().read32(kData + 8), 0xdeadbeefu);
}

TEST_F(FpuLoadStoreTest, UpdateFormsWriteTheEffectiveAddressBack) {
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

TEST_F(FpuLoadStoreTest, UpdateFormsWithRaZeroAreIllegal) {
  for (uint32_t word : {Lfsu(1, 0, 8), Lfdu(1, 0, 8), Stfdu(1, 0, 8), Lfsux(1, 0, 4)}) {
    const Exit exit = Run({word});
    EXPECT_EQ(exit.reason, ExitReason::kProgram) << std::hex << word;
    EXPECT_EQ(exit.esr, esr::kPIL);
    EXPECT_EQ(state().gpr[0], 0u);
  }
}

TEST_F(FpuLoadStoreTest, AccessCrossingSixteenBytesTakesAlignment) {
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

}  // namespace
}  // namespace pvppc::cpu::fpu::testing
