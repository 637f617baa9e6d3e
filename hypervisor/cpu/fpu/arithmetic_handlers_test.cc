// FPU arithmetic, compare, move and select instructions run through the
// whole core: decoding, FPSCR updates, Rc=1, rounding modes, and the host
// floating-point control left alone.
#include <gtest/gtest.h>

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/testing/fpu_test_util.h"

namespace pvppc::cpu::fpu::testing {
namespace {


constexpr uint64_t kOne = 0x3ff0000000000000;
constexpr uint64_t kThree = 0x4008000000000000;

class FpuArithmeticTest : public FpuMachineTest {};

// ---- Arithmetic through the core ----------------------------------------

TEST_F(FpuArithmeticTest, ArithmeticUpdatesFpscrAndRecordsCr1) {
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

TEST_F(FpuArithmeticTest, RoundingModeComesFromFpscr) {
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  Execute({Mtfsfi(7, 2), Fdiv(3, 1, 2)});  // RN = round toward +infinity
  EXPECT_EQ(state().fpr[3], 0x3fd5555555555556u);
  EXPECT_EQ(state().fpscr & fpscr::kFR, fpscr::kFR);
}

TEST_F(FpuArithmeticTest, SingleMultiplyAddRoundsOnce) {
  state().fpr[1] = 0x3ff0010000000000;  // 1 + 2^-12
  state().fpr[2] = 0x3c30000000000000;  // 2^-60
  Execute({Fmadds(3, 1, 1, 2)});
  EXPECT_EQ(state().fpr[3], 0x3ff0020020000000u);
}

TEST_F(FpuArithmeticTest, MovesCopyBitsWithoutSignaling) {
  state().fpr[1] = 0x7ff0000000000001;  // SNaN
  Execute({Fneg(2, 1), Fmr(3, 1, /*rc=*/true)});
  EXPECT_EQ(state().fpr[2], 0xfff0000000000001u);
  EXPECT_EQ(state().fpr[3], 0x7ff0000000000001u);
  EXPECT_EQ(state().fpscr, 0u);
}

TEST_F(FpuArithmeticTest, SelectTreatsNegativeZeroAsNonNegative) {
  state().fpr[2] = 0x1111;  // FRC
  state().fpr[3] = 0x2222;  // FRB
  state().fpr[1] = 0x8000000000000000;
  Execute({Fsel(4, 1, 2, 3)});
  EXPECT_EQ(state().fpr[4], 0x1111u);
  state().fpr[1] = 0x7ff8000000000000;  // NaN selects FRB
  Execute({Fsel(4, 1, 2, 3)});
  EXPECT_EQ(state().fpr[4], 0x2222u);
}

TEST_F(FpuArithmeticTest, CompareWritesTheCrFieldAndFpcc) {
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  Execute({Fcmpu(6, 1, 2), Fcmpo(2, 2, 1)});
  EXPECT_EQ(state().cr_field(6), 0x8u);
  EXPECT_EQ(state().cr_field(2), 0x4u);
  EXPECT_EQ(state().fpscr, fpscr::kFG);  // FPCC of the last compare
}

TEST_F(FpuArithmeticTest, FctiwzOfNaN) {
  state().fpr[1] = 0x7ff8000000000000;
  Execute({Fctiwz(2, 1)});
  EXPECT_EQ(state().fpr[2], 0x80000000u);
  EXPECT_EQ(state().fpscr & (fpscr::kFX | fpscr::kVX | fpscr::kVXCVI),
            fpscr::kFX | fpscr::kVX | fpscr::kVXCVI);
}

// The host rounding mode and DAZ/FTZ are never touched, whatever FPSCR[RN]
// says.
TEST_F(FpuArithmeticTest, HostFloatingPointControlIsLeftAlone) {
#if defined(__SSE2__)
  const unsigned before = _mm_getcsr() & ~0x3fu;  // ignore the sticky host flags
  state().fpr[1] = kOne;
  state().fpr[2] = kThree;
  Execute({Mtfsfi(7, 3), Fdiv(3, 1, 2), Fmadd(4, 3, 3, 1), Fadds(5, 3, 1), Fsqrt(6, 2)});
  EXPECT_EQ(_mm_getcsr() & ~0x3fu, before);
  EXPECT_EQ(state().fpr[3], 0x3fd5555555555555u);  // rounded toward -infinity
#endif
}

}  // namespace
}  // namespace pvppc::cpu::fpu::testing
