// RoundToPrecision against hand-worked cases: ties, each rounding mode,
// tininess before rounding, the enabled overflow/underflow adjustments and
// single-precision denormals (Power ISA Book I, "Rounding", "Overflow
// Exception", "Underflow Exception").
#include "hypervisor/cpu/fpu/rounding.h"

#include <gtest/gtest.h>

namespace pvppc::cpu::fpu {
namespace {

constexpr uint64_t kTop = 1ull << 63;
constexpr uint32_t RN(RoundingMode mode) { return static_cast<uint32_t>(mode); }
constexpr uint32_t kNearest = RN(RoundingMode::kNearestEven);
constexpr uint32_t kZero = RN(RoundingMode::kTowardZero);
constexpr uint32_t kPlus = RN(RoundingMode::kTowardPlusInfinity);
constexpr uint32_t kMinus = RN(RoundingMode::kTowardMinusInfinity);

using fpscr::kFI;
using fpscr::kFR;
using fpscr::kOX;
using fpscr::kUX;
using fpscr::kXX;

Rounded Round(bool negative, int exponent, uint64_t significand, Precision p, uint32_t fpscr_value) {
  return RoundToPrecision(Unrounded{negative, exponent, significand}, p, fpscr_value);
}

void ExpectRounded(const Rounded& r, uint64_t bits, uint32_t exceptions, uint32_t status) {
  EXPECT_EQ(r.bits, bits) << std::hex << r.bits;
  EXPECT_EQ(r.exceptions, exceptions) << std::hex << r.exceptions;
  EXPECT_EQ(r.status, status) << std::hex << r.status;
}

TEST(RoundingTest, ExactValueIsUnchanged) {
  ExpectRounded(Round(false, 0, kTop, Precision::kDouble, kNearest), 0x3ff0000000000000, 0,
                fprf::kPositiveNormal);
}

TEST(RoundingTest, TiesGoToEven) {
  // 1 + 2^-53: halfway between 1 and 1 + 2^-52, 1 is even.
  ExpectRounded(Round(false, 0, kTop | (1ull << 10), Precision::kDouble, kNearest),
                0x3ff0000000000000, kXX, kFI | fprf::kPositiveNormal);
  // 1 + 2^-52 + 2^-53: halfway, the upper neighbour is even.
  ExpectRounded(Round(false, 0, kTop | (3ull << 10), Precision::kDouble, kNearest),
                0x3ff0000000000002, kXX, kFR | kFI | fprf::kPositiveNormal);
}

TEST(RoundingTest, DirectedModes) {
  const uint64_t sig = kTop | (3ull << 10);  // 1 + 2^-52 + 2^-53
  ExpectRounded(Round(false, 0, sig, Precision::kDouble, kZero), 0x3ff0000000000001, kXX,
                kFI | fprf::kPositiveNormal);
  ExpectRounded(Round(false, 0, sig, Precision::kDouble, kPlus), 0x3ff0000000000002, kXX,
                kFR | kFI | fprf::kPositiveNormal);
  ExpectRounded(Round(false, 0, sig, Precision::kDouble, kMinus), 0x3ff0000000000001, kXX,
                kFI | fprf::kPositiveNormal);
  ExpectRounded(Round(true, 0, sig, Precision::kDouble, kMinus), 0xbff0000000000002, kXX,
                kFR | kFI | fprf::kNegativeNormal);
  ExpectRounded(Round(true, 0, sig, Precision::kDouble, kPlus), 0xbff0000000000001, kXX,
                kFI | fprf::kNegativeNormal);
}

TEST(RoundingTest, DisabledOverflowDependsOnModeAndSign) {
  const uint32_t inf_status = kFI | fprf::kPositiveInfinity;
  const uint32_t max_status = kFI | fprf::kPositiveNormal;
  ExpectRounded(Round(false, 1024, kTop, Precision::kDouble, kNearest), 0x7ff0000000000000,
                kOX | kXX, inf_status);
  ExpectRounded(Round(false, 1024, kTop, Precision::kDouble, kZero), 0x7fefffffffffffff,
                kOX | kXX, max_status);
  ExpectRounded(Round(false, 1024, kTop, Precision::kDouble, kMinus), 0x7fefffffffffffff,
                kOX | kXX, max_status);
  ExpectRounded(Round(false, 1024, kTop, Precision::kDouble, kPlus), 0x7ff0000000000000,
                kOX | kXX, inf_status);
  ExpectRounded(Round(true, 1024, kTop, Precision::kDouble, kPlus), 0xffefffffffffffff,
                kOX | kXX, kFI | fprf::kNegativeNormal);
  ExpectRounded(Round(true, 1024, kTop, Precision::kDouble, kMinus), 0xfff0000000000000,
                kOX | kXX, kFI | fprf::kNegativeInfinity);
  // Rounding up into overflow: (2 - 2^-53) * 2^1023 rounds to 2^1024.
  ExpectRounded(Round(false, 1023, ~0ull, Precision::kDouble, kNearest), 0x7ff0000000000000,
                kOX | kXX, inf_status);
}

TEST(RoundingTest, EnabledOverflowAdjustsTheExponent) {
  // 2^1024 with OE=1: 2^(1024-1536) = 2^-512, exact.
  ExpectRounded(Round(false, 1024, kTop, Precision::kDouble, kNearest | fpscr::kOE),
                0x1ff0000000000000, kOX, fprf::kPositiveNormal);
  // Single: 2^128 becomes 2^(128-192) = 2^-64.
  ExpectRounded(Round(false, 128, kTop, Precision::kSingle, kNearest | fpscr::kOE),
                0x3bf0000000000000, kOX, fprf::kPositiveNormal);
}

TEST(RoundingTest, TininessIsDetectedBeforeRounding) {
  // (2 - 2^-53) * 2^-1023 is tiny, and rounds (denormalized, RN) up to
  // 2^-1022, a normal number: underflow is still signaled because it is
  // inexact (x86 SSE, detecting after rounding, would not signal it).
  const uint64_t sig = 0xfffffffffffffc00ull;
  ExpectRounded(Round(false, -1023, sig, Precision::kDouble, kNearest), 0x0010000000000000,
                kUX | kXX, kFR | kFI | fprf::kPositiveNormal);
  // Enabled: exponent + 1536, rounded to 53 bits (a tie, up to even):
  // 2^514.
  ExpectRounded(Round(false, -1023, sig, Precision::kDouble, kNearest | fpscr::kUE),
                0x6010000000000000, kUX | kXX, kFR | kFI | fprf::kPositiveNormal);
}

TEST(RoundingTest, ExactTinyResultUnderflowsOnlyWhenEnabled) {
  ExpectRounded(Round(false, -1074, kTop, Precision::kDouble, kNearest), 0x0000000000000001, 0,
                fprf::kPositiveDenormal);
  ExpectRounded(Round(false, -1074, kTop, Precision::kDouble, kNearest | fpscr::kUE),
                0x5cd0000000000000, kUX, fprf::kPositiveNormal);
}

TEST(RoundingTest, UnderflowToZeroAndToSmallestDenormal) {
  ExpectRounded(Round(false, -1076, kTop, Precision::kDouble, kNearest), 0x0000000000000000,
                kUX | kXX, kFI | fprf::kPositiveZero);
  ExpectRounded(Round(false, -1076, kTop, Precision::kDouble, kPlus), 0x0000000000000001,
                kUX | kXX, kFR | kFI | fprf::kPositiveDenormal);
  ExpectRounded(Round(true, -1076, kTop, Precision::kDouble, kNearest), 0x8000000000000000,
                kUX | kXX, kFI | fprf::kNegativeZero);
}

TEST(RoundingTest, SinglePrecision) {
  // 1 + 2^-24: a tie for single, to even.
  ExpectRounded(Round(false, 0, kTop | (1ull << 39), Precision::kSingle, kNearest),
                0x3ff0000000000000, kXX, kFI | fprf::kPositiveNormal);
  // 1 + 2^-24 + 2^-60: just above the tie (a double rounding would lose it).
  ExpectRounded(Round(false, 0, kTop | (1ull << 39) | (1ull << 3), Precision::kSingle, kNearest),
                0x3ff0000020000000, kXX, kFR | kFI | fprf::kPositiveNormal);
}

TEST(RoundingTest, SingleDenormalsAreClassedAsDenormal) {
  // 1.5 * 2^-149: halfway between 1 and 2 units of 2^-149, to even (2).
  ExpectRounded(Round(false, -149, 0xc000000000000000ull, Precision::kSingle, kNearest),
                0x36b0000000000000, kUX | kXX, kFR | kFI | fprf::kPositiveDenormal);
  // Exact single denormal: no underflow when disabled.
  ExpectRounded(Round(true, -127, kTop, Precision::kSingle, kNearest), 0xb800000000000000, 0,
                fprf::kNegativeDenormal);
  // Enabled: 2^-130 * 2^192 = 2^62.
  ExpectRounded(Round(false, -130, kTop, Precision::kSingle, kNearest | fpscr::kUE),
                0x43d0000000000000, kUX, fprf::kPositiveNormal);
  // Single overflow, disabled.
  ExpectRounded(Round(false, 128, kTop, Precision::kSingle, kZero), 0x47efffffe0000000,
                kOX | kXX, kFI | fprf::kPositiveNormal);
}

TEST(RoundingTest, ResultClassUsesTheTargetFormat) {
  EXPECT_EQ(ResultClass(0x3800000000000000, Precision::kSingle), fprf::kPositiveDenormal);
  EXPECT_EQ(ResultClass(0x3800000000000000, Precision::kDouble), fprf::kPositiveNormal);
  EXPECT_EQ(ResultClass(0x8000000000000001, Precision::kDouble), fprf::kNegativeDenormal);
  EXPECT_EQ(ResultClass(0xfff0000000000000, Precision::kDouble), fprf::kNegativeInfinity);
  EXPECT_EQ(ResultClass(0x8000000000000000, Precision::kSingle), fprf::kNegativeZero);
}

TEST(RoundingTest, ShiftRightJammingKeepsAStickyBit) {
  EXPECT_EQ(ShiftRightJamming(0x100, 4), 0x10u);
  EXPECT_EQ(ShiftRightJamming(0x101, 4), 0x11u);
  EXPECT_EQ(ShiftRightJamming(0x8000000000000000ull, 64), 1u);
  EXPECT_EQ(ShiftRightJamming(0, 200), 0u);
}

}  // namespace
}  // namespace pvppc::cpu::fpu
