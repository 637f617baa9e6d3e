// The reference arithmetic against hand-worked expectations: NaN priority and
// quieting, signed zeros per rounding mode, the invalid operations, zero
// divide, denormal and overflow results, and the single rounding of the
// single-precision and multiply-add instructions.
#include "hypervisor/cpu/fpu/operations.h"

#include <gtest/gtest.h>

namespace pvppc::cpu::fpu {
namespace {

constexpr auto kD = Precision::kDouble;
constexpr auto kS = Precision::kSingle;
constexpr uint32_t kNearest = 0;
constexpr uint32_t kZero = 1;
constexpr uint32_t kPlus = 2;
constexpr uint32_t kMinus = 3;

constexpr uint64_t kOne = 0x3ff0000000000000;
constexpr uint64_t kTwo = 0x4000000000000000;
constexpr uint64_t kPosZero = 0;
constexpr uint64_t kNegZero = 0x8000000000000000;
constexpr uint64_t kPosInf = 0x7ff0000000000000;
constexpr uint64_t kNegInf = 0xfff0000000000000;
constexpr uint64_t kQNaN_A = 0x7ff80000000000aa;
constexpr uint64_t kQNaN_B = 0xfff80000000000bb;
constexpr uint64_t kQNaN_C = 0x7ff80000000000cc;
constexpr uint64_t kSNaN = 0x7ff0000000000001;

TEST(NaNTest, PriorityIsAThenBThenC) {
  EXPECT_EQ(Add(kQNaN_A, kQNaN_B, kD, kNearest).value, kQNaN_A);
  EXPECT_EQ(Add(kOne, kQNaN_B, kD, kNearest).value, kQNaN_B);
  // fmadd FRT,FRA,FRC,FRB: A, then B, then C.
  EXPECT_EQ(MultiplyAdd(kOne, kQNaN_C, kQNaN_B, MultiplyAddKind::kAdd, kD, 0).value, kQNaN_B);
  EXPECT_EQ(MultiplyAdd(kQNaN_A, kQNaN_C, kQNaN_B, MultiplyAddKind::kAdd, kD, 0).value, kQNaN_A);
  EXPECT_EQ(MultiplyAdd(kOne, kQNaN_C, kOne, MultiplyAddKind::kAdd, kD, 0).value, kQNaN_C);
  // fmul: A then C.
  EXPECT_EQ(Multiply(kQNaN_C, kQNaN_A, kD, 0).value, kQNaN_C);
}

TEST(NaNTest, QuietNaNsPassThroughWithoutExceptions) {
  const FpOutcome out = Divide(kOne, kQNaN_B, kD, kNearest);
  EXPECT_TRUE(out.write_target);
  EXPECT_EQ(out.value, kQNaN_B);
  EXPECT_EQ(out.exceptions, 0u);
  EXPECT_EQ(out.status, fprf::kQuietNaN);
  EXPECT_EQ(out.status_mask, fpscr::kResultStatus);
  // fsub does not negate a NaN FRB; fnmadd does not negate a NaN result.
  EXPECT_EQ(Subtract(kOne, kQNaN_B, kD, 0).value, kQNaN_B);
  EXPECT_EQ(MultiplyAdd(kOne, kOne, kQNaN_C, MultiplyAddKind::kNegativeSubtract, kD, 0).value,
            kQNaN_C);
}

TEST(NaNTest, SignalingNaNIsQuietedAndSignalsVxsnan) {
  FpOutcome out = Add(kSNaN, kQNaN_B, kD, kNearest);
  EXPECT_EQ(out.value, 0x7ff8000000000001u);  // FRA first, quieted
  EXPECT_EQ(out.exceptions, fpscr::kVXSNAN);
  // A quiet NaN in FRA still wins over a later SNaN.
  out = Add(kQNaN_A, kSNaN, kD, kNearest);
  EXPECT_EQ(out.value, kQNaN_A);
  EXPECT_EQ(out.exceptions, fpscr::kVXSNAN);
}

TEST(NaNTest, SinglePrecisionNaNResultsAreCutToSingle) {
  // 0x7ff4000000000001: SNaN whose low payload bit cannot exist in single.
  const FpOutcome out = Add(0x7ff4000000000001, kOne, kS, kNearest);
  EXPECT_EQ(out.value, 0x7ffc000000000000u);
  EXPECT_EQ(RoundToSingle(0xfff8000012345678, 0).value, 0xfff8000000000000u);
}

TEST(NaNTest, EnabledInvalidLeavesTargetAndFprf) {
  const FpOutcome out = Add(kSNaN, kOne, kD, fpscr::kVE);
  EXPECT_FALSE(out.write_target);
  EXPECT_EQ(out.exceptions, fpscr::kVXSNAN);
  EXPECT_EQ(out.status_mask, fpscr::kFR | fpscr::kFI);  // cleared, FPRF kept
  EXPECT_EQ(out.status, 0u);
}

TEST(InvalidTest, EachInvalidOperationGivesTheDefaultQuietNaN) {
  struct Case {
    FpOutcome out;
    uint32_t bit;
  } cases[] = {
      {Add(kPosInf, kNegInf, kD, 0), fpscr::kVXISI},
      {Subtract(kPosInf, kPosInf, kD, 0), fpscr::kVXISI},
      {Divide(kNegInf, kPosInf, kD, 0), fpscr::kVXIDI},
      {Divide(kNegZero, kPosZero, kD, 0), fpscr::kVXZDZ},
      {Multiply(kPosInf, kNegZero, kD, 0), fpscr::kVXIMZ},
      {SquareRoot(0xbff0000000000000, kD, 0), fpscr::kVXSQRT},
      {SquareRoot(kNegInf, kS, 0), fpscr::kVXSQRT},
      {MultiplyAdd(kPosZero, kPosInf, kOne, MultiplyAddKind::kAdd, kD, 0), fpscr::kVXIMZ},
      // inf*1 - inf.
      {MultiplyAdd(kPosInf, kOne, kPosInf, MultiplyAddKind::kSubtract, kD, 0), fpscr::kVXISI},
      // -(inf*1 + -inf): the default NaN is not negated.
      {MultiplyAdd(kPosInf, kOne, kNegInf, MultiplyAddKind::kNegativeAdd, kD, 0), fpscr::kVXISI},
      {ReciprocalSquareRootEstimate(0x8000000000000001, 0), fpscr::kVXSQRT},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(c.out.write_target);
    EXPECT_EQ(c.out.value, 0x7ff8000000000000u);
    EXPECT_EQ(c.out.exceptions, c.bit);
    EXPECT_EQ(c.out.status, fprf::kQuietNaN);
  }
}

TEST(InvalidTest, InfinityTimesZeroWithNaNAddendSignalsBoth) {
  const FpOutcome out = MultiplyAdd(kPosInf, kPosZero, kQNaN_B, MultiplyAddKind::kAdd, kD, 0);
  EXPECT_EQ(out.value, kQNaN_B);
  EXPECT_EQ(out.exceptions, fpscr::kVXIMZ);
  const FpOutcome enabled =
      MultiplyAdd(kPosInf, kPosZero, kSNaN, MultiplyAddKind::kAdd, kD, fpscr::kVE);
  EXPECT_FALSE(enabled.write_target);
  EXPECT_EQ(enabled.exceptions, fpscr::kVXIMZ | fpscr::kVXSNAN);
}

TEST(ZeroDivideTest, DisabledGivesSignedInfinityEnabledLeavesTarget) {
  FpOutcome out = Divide(0xbff0000000000000, kPosZero, kD, 0);
  EXPECT_EQ(out.value, kNegInf);
  EXPECT_EQ(out.exceptions, fpscr::kZX);
  EXPECT_EQ(out.status, fprf::kNegativeInfinity);
  out = Divide(kOne, kNegZero, kS, 0);
  EXPECT_EQ(out.value, kNegInf);
  out = Divide(kOne, kPosZero, kD, fpscr::kZE);
  EXPECT_FALSE(out.write_target);
  EXPECT_EQ(out.exceptions, fpscr::kZX);
  EXPECT_EQ(out.status_mask, fpscr::kFR | fpscr::kFI);
  // fres and frsqrte of zeros.
  EXPECT_EQ(ReciprocalEstimateSingle(kNegZero, 0).value, kNegInf);
  EXPECT_EQ(ReciprocalEstimateSingle(kNegZero, 0).exceptions, fpscr::kZX);
  EXPECT_EQ(ReciprocalSquareRootEstimate(kNegZero, 0).value, kNegInf);
}

TEST(SignedZeroTest, ExactZeroSumsFollowTheRoundingMode) {
  // -0 + +0 and 1 - 1: +0 except toward -infinity.
  for (uint32_t mode : {kNearest, kZero, kPlus}) {
    EXPECT_EQ(Add(kNegZero, kPosZero, kD, mode).value, kPosZero) << mode;
    EXPECT_EQ(Subtract(kOne, kOne, kD, mode).value, kPosZero) << mode;
    EXPECT_EQ(Add(kNegZero, kNegZero, kS, mode).value, kNegZero) << mode;
  }
  EXPECT_EQ(Add(kNegZero, kPosZero, kD, kMinus).value, kNegZero);
  EXPECT_EQ(Subtract(kOne, kOne, kS, kMinus).value, kNegZero);
  EXPECT_EQ(Add(kPosZero, kPosZero, kD, kMinus).value, kPosZero);
  EXPECT_EQ(Add(kNegZero, kPosZero, kD, kMinus).status, fprf::kNegativeZero);
  // +0 - +0 = +0 + -0.
  EXPECT_EQ(Subtract(kPosZero, kPosZero, kD, kNearest).value, kPosZero);
  EXPECT_EQ(Subtract(kPosZero, kPosZero, kD, kMinus).value, kNegZero);
}

TEST(SignedZeroTest, ProductsAndMultiplyAdds) {
  EXPECT_EQ(Multiply(kNegZero, 0x4014000000000000, kD, 0).value, kNegZero);
  EXPECT_EQ(Divide(kPosZero, 0xc014000000000000, kD, 0).value, kNegZero);
  EXPECT_EQ(SquareRoot(kNegZero, kD, 0).value, kNegZero);
  // +0*1 + +0 = +0, negated by fnmadd: -0.
  EXPECT_EQ(MultiplyAdd(kPosZero, kOne, kPosZero, MultiplyAddKind::kNegativeAdd, kD, 0).value,
            kNegZero);
  // +0*1 - +0 in RM: -0; in RN: +0.
  EXPECT_EQ(MultiplyAdd(kPosZero, kOne, kPosZero, MultiplyAddKind::kSubtract, kD, kMinus).value,
            kNegZero);
  EXPECT_EQ(MultiplyAdd(kPosZero, kOne, kPosZero, MultiplyAddKind::kSubtract, kD, kNearest).value,
            kPosZero);
  // 1*1 - 1 cancels exactly: sign from the mode.
  EXPECT_EQ(MultiplyAdd(kOne, kOne, kOne, MultiplyAddKind::kSubtract, kD, kMinus).value, kNegZero);
}

TEST(MultiplyAddTest, NegativeFormsRoundThenNegate) {
  // 1 * (1 + 2^-52) + 2^-60, toward +infinity: 1 + 2^-51; fnmadd negates
  // that (qemu would round the negated value up to -(1 + 2^-52)).
  const uint64_t c = 0x3ff0000000000001;
  const uint64_t tiny = 0x3c30000000000000;
  const FpOutcome out = MultiplyAdd(kOne, c, tiny, MultiplyAddKind::kNegativeAdd, kD, kPlus);
  EXPECT_EQ(out.value, 0xbff0000000000002u);
  EXPECT_EQ(out.status, fpscr::kFR | fpscr::kFI | fprf::kNegativeNormal);
  // Disabled overflow is also decided before the negation: RM keeps a
  // positive overflow at the largest number, negated.
  EXPECT_EQ(MultiplyAdd(0x7fefffffffffffff, kTwo, kOne, MultiplyAddKind::kNegativeAdd, kD, kMinus)
                .value,
            0xffefffffffffffffu);
}

TEST(SinglePrecisionTest, MultiplyAddsRoundOnceFromTheExactResult) {
  // (1 + 2^-12)^2 + 2^-60 = 1 + 2^-11 + 2^-24 + 2^-60: just above a single
  // tie. Rounded to double first it would be the tie itself, then 1 + 2^-11
  // by ties-to-even; rounded once it is 1 + 2^-11 + 2^-23.
  const uint64_t a = 0x3ff0010000000000;  // 1 + 2^-12
  const uint64_t tiny = 0x3c30000000000000;  // 2^-60
  const FpOutcome out = MultiplyAdd(a, a, tiny, MultiplyAddKind::kAdd, kS, kNearest);
  EXPECT_EQ(out.value, 0x3ff0020020000000u);
  EXPECT_EQ(out.exceptions, fpscr::kXX);
  EXPECT_EQ(out.status, fpscr::kFR | fpscr::kFI | fprf::kPositiveNormal);
  // Below the tie (- 2^-60): down, whichever way it is rounded.
  EXPECT_EQ(MultiplyAdd(a, a, tiny | kNegZero, MultiplyAddKind::kAdd, kS, kNearest).value,
            0x3ff0020000000000u);
  // Same single rounding for the double-precision result: exact to 53 bits.
  EXPECT_EQ(MultiplyAdd(a, a, tiny, MultiplyAddKind::kAdd, kD, kNearest).value,
            0x3ff0020010000000u);
}

TEST(SinglePrecisionTest, DoubleOperandsAreRoundedOnce) {
  // 1 + (2^-24 + 2^-60) with a double FRB: just above the single tie.
  const FpOutcome out = Add(kOne, 0x3e70000000010000, kS, kNearest);
  EXPECT_EQ(out.value, 0x3ff0000020000000u);
  EXPECT_EQ(out.status, fpscr::kFR | fpscr::kFI | fprf::kPositiveNormal);
  // frsp of the same value computed in double.
  EXPECT_EQ(RoundToSingle(0x3ff0000010000001, kNearest).value, 0x3ff0000020000000u);
  EXPECT_EQ(RoundToSingle(0x3ff0000010000000, kNearest).value, 0x3ff0000000000000u);
  EXPECT_EQ(RoundToSingle(0x3ff0000010000000, kPlus).value, 0x3ff0000020000000u);
}

TEST(SinglePrecisionTest, DenormalSingleResults) {
  // 2^-126 * 0.5 = 2^-127: exact single denormal, no underflow when disabled.
  const FpOutcome out = Multiply(0x3810000000000000, 0x3fe0000000000000, kS, kNearest);
  EXPECT_EQ(out.value, 0x3800000000000000u);
  EXPECT_EQ(out.exceptions, 0u);
  EXPECT_EQ(out.status, fprf::kPositiveDenormal);
  // frsp of 2^-127 * (1 + 2^-52): inexact single denormal, underflow.
  const FpOutcome rounded = RoundToSingle(0x3800000000000001, kNearest);
  EXPECT_EQ(rounded.value, 0x3800000000000000u);
  EXPECT_EQ(rounded.exceptions, fpscr::kUX | fpscr::kXX);
  EXPECT_EQ(rounded.status, fpscr::kFI | fprf::kPositiveDenormal);
  // Toward +inf: one single denormal unit up, 2^-127 + 2^-149.
  EXPECT_EQ(RoundToSingle(0x3800000000000001, kPlus).value, 0x3800000040000000u);
}

TEST(DenormalTest, DoubleTinyResults) {
  // 2^-1022 * 0.5: exact denormal.
  FpOutcome out = Multiply(0x0010000000000000, 0x3fe0000000000000, kD, kNearest);
  EXPECT_EQ(out.value, 0x0008000000000000u);
  EXPECT_EQ(out.exceptions, 0u);
  EXPECT_EQ(out.status, fprf::kPositiveDenormal);
  // 2^-1022 * (1 - 2^-53): tiny, rounds up to 2^-1022; underflow (tininess
  // before rounding) and inexact.
  out = Multiply(0x0010000000000000, 0x3fefffffffffffff, kD, kNearest);
  EXPECT_EQ(out.value, 0x0010000000000000u);
  EXPECT_EQ(out.exceptions, fpscr::kUX | fpscr::kXX);
  EXPECT_EQ(out.status, fpscr::kFR | fpscr::kFI | fprf::kPositiveNormal);
  // UE=1: exact after the +1536 adjustment: (1 - 2^-53) * 2^514.
  out = Multiply(0x0010000000000000, 0x3fefffffffffffff, kD, fpscr::kUE);
  EXPECT_EQ(out.value, 0x600fffffffffffffu);
  EXPECT_EQ(out.exceptions, fpscr::kUX);
  // Denormal operands add exactly.
  EXPECT_EQ(Add(0x0000000000000003, 0x8000000000000001, kD, 0).value, 0x0000000000000002u);
}

TEST(OverflowTest, ProductOverflow) {
  FpOutcome out = Multiply(0x7fefffffffffffff, kTwo, kD, kNearest);
  EXPECT_EQ(out.value, kPosInf);
  EXPECT_EQ(out.exceptions, fpscr::kOX | fpscr::kXX);
  EXPECT_EQ(out.status, fpscr::kFI | fprf::kPositiveInfinity);
  EXPECT_EQ(Multiply(0xffefffffffffffff, kTwo, kD, kPlus).value, 0xffefffffffffffffu);
  // OE=1: 2^1000 * 2^100 = 2^1100 -> 2^-436, exact.
  out = Multiply(0x7e70000000000000, 0x4630000000000000, kD, fpscr::kOE);
  EXPECT_EQ(out.value, 0x24b0000000000000u);
  EXPECT_EQ(out.exceptions, fpscr::kOX);
  // Single overflow from single operands: 2^127 * 2.
  EXPECT_EQ(Multiply(0x47e0000000000000, kTwo, kS, kNearest).value, kPosInf);
}

}  // namespace
}  // namespace pvppc::cpu::fpu
