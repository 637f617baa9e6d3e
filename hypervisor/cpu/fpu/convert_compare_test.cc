// fctiw/fctiwz, the fres/frsqrte estimates and fcmpu/fcmpo in the reference
// semantics, against hand-worked expectations.
#include "hypervisor/cpu/fpu/operations.h"

#include <gtest/gtest.h>

namespace pvppc::cpu::fpu {
namespace {


constexpr uint64_t kOne = 0x3ff0000000000000;
constexpr uint64_t kTwo = 0x4000000000000000;
constexpr uint64_t kPosZero = 0;
constexpr uint64_t kNegZero = 0x8000000000000000;
constexpr uint64_t kPosInf = 0x7ff0000000000000;
constexpr uint64_t kNegInf = 0xfff0000000000000;
constexpr uint64_t kQNaN_A = 0x7ff80000000000aa;
constexpr uint64_t kQNaN_B = 0xfff80000000000bb;
constexpr uint64_t kSNaN = 0x7ff0000000000001;

TEST(ConvertTest, RoundsPerMode) {
  const uint64_t two_and_half = 0x4004000000000000;
  const uint64_t three_and_half = 0x400c000000000000;
  EXPECT_EQ(ConvertToInt32(two_and_half, RoundingMode::kNearestEven, 0).value, 2u);
  EXPECT_EQ(ConvertToInt32(three_and_half, RoundingMode::kNearestEven, 0).value, 4u);
  EXPECT_EQ(ConvertToInt32(0xc004000000000000, RoundingMode::kNearestEven, 0).value,
            0xfffffffffffffffeu);
  EXPECT_EQ(ConvertToInt32(0x4000cccccccccccd, RoundingMode::kTowardPlusInfinity, 0).value, 3u);
  EXPECT_EQ(ConvertToInt32(0xc000cccccccccccd, RoundingMode::kTowardMinusInfinity, 0).value,
            0xfffffffffffffffdu);
  const FpOutcome up = ConvertToInt32(three_and_half, RoundingMode::kNearestEven, 0);
  EXPECT_EQ(up.exceptions, fpscr::kXX);
  EXPECT_EQ(up.status, fpscr::kFR | fpscr::kFI);
  EXPECT_EQ(up.status_mask, fpscr::kFR | fpscr::kFI);  // FPRF undefined: left alone
}

TEST(ConvertTest, TowardZeroSaturationAndNaN) {
  const auto z = RoundingMode::kTowardZero;
  EXPECT_EQ(ConvertToInt32(0x4005cccccccccccd, z, 0).value, 2u);  // 2.725
  EXPECT_EQ(ConvertToInt32(0xc005cccccccccccd, z, 0).value, 0xfffffffffffffffeu);
  EXPECT_EQ(ConvertToInt32(0xbfe0000000000000, z, 0).value, 0u);  // -0.5
  // 2147483647.9: in range after truncation.
  FpOutcome out = ConvertToInt32(0x41dfffffffff9999, z, 0);
  EXPECT_EQ(out.value, 0x7fffffffu);
  EXPECT_EQ(out.exceptions, fpscr::kXX);
  // -2147483648.9: truncates to -2^31, in range.
  EXPECT_EQ(ConvertToInt32(0xc1e000000001cccd, z, 0).value, 0xffffffff80000000u);
  // 2^31 and -2^31 - 1 saturate with VXCVI.
  out = ConvertToInt32(0x41e0000000000000, z, 0);
  EXPECT_EQ(out.value, 0x7fffffffu);
  EXPECT_EQ(out.exceptions, fpscr::kVXCVI);
  EXPECT_EQ(out.status, fprf::kQuietNaN);
  EXPECT_EQ(ConvertToInt32(0xc1e0000000200000, z, 0).value, 0xffffffff80000000u);
  EXPECT_EQ(ConvertToInt32(kNegInf, z, 0).value, 0xffffffff80000000u);
  EXPECT_EQ(ConvertToInt32(0x7fefffffffffffff, z, 0).value, 0x7fffffffu);
  // NaN: 0x80000000, plus VXSNAN for a signaling one.
  out = ConvertToInt32(kSNaN, z, 0);
  EXPECT_EQ(out.value, 0x80000000u);
  EXPECT_EQ(out.exceptions, fpscr::kVXCVI | fpscr::kVXSNAN);
  EXPECT_EQ(ConvertToInt32(kQNaN_B, z, 0).exceptions, fpscr::kVXCVI);
  // Enabled: target left alone.
  EXPECT_FALSE(ConvertToInt32(kQNaN_B, z, fpscr::kVE).write_target);
}

TEST(EstimateTest, ReciprocalAndReciprocalSquareRoot) {
  // fres(3): 1/3 in double, then to single: 0x3eaaaaab as a double.
  FpOutcome out = ReciprocalEstimateSingle(0x4008000000000000, 0);
  EXPECT_EQ(out.value, 0x3fd5555560000000u);
  EXPECT_EQ(out.status, fpscr::kFR | fpscr::kFI | fprf::kPositiveNormal);
  EXPECT_EQ(ReciprocalEstimateSingle(kNegInf, 0).value, kNegZero);
  // frsqrte(4) = 0.5 exactly; frsqrte(3) as 1/sqrt(3) rounded twice.
  EXPECT_EQ(ReciprocalSquareRootEstimate(0x4010000000000000, 0).value, 0x3fe0000000000000u);
  EXPECT_EQ(ReciprocalSquareRootEstimate(0x4008000000000000, 0).value, 0x3fe279a74590331du);
  EXPECT_EQ(ReciprocalSquareRootEstimate(kPosInf, 0).value, kPosZero);
}

TEST(CompareTest, OrderedResults) {
  EXPECT_EQ(Compare(kOne, kTwo, false, 0).condition, 8u);
  EXPECT_EQ(Compare(kTwo, kOne, false, 0).condition, 4u);
  EXPECT_EQ(Compare(kPosZero, kNegZero, true, 0).condition, 2u);
  EXPECT_EQ(Compare(kNegInf, 0x8000000000000001, false, 0).condition, 8u);
  EXPECT_EQ(Compare(0x8000000000000002, 0x8000000000000001, false, 0).condition, 8u);
  EXPECT_EQ(Compare(kOne, kOne, true, 0).exceptions, 0u);
}

TEST(CompareTest, NaNsAreUnordered) {
  CompareOutcome out = Compare(kQNaN_A, kOne, false, 0);
  EXPECT_EQ(out.condition, 1u);
  EXPECT_EQ(out.exceptions, 0u);
  EXPECT_EQ(Compare(kOne, kSNaN, false, 0).exceptions, fpscr::kVXSNAN);
  EXPECT_EQ(Compare(kQNaN_A, kOne, true, 0).exceptions, fpscr::kVXVC);
  EXPECT_EQ(Compare(kSNaN, kOne, true, 0).exceptions, fpscr::kVXSNAN | fpscr::kVXVC);
  EXPECT_EQ(Compare(kSNaN, kOne, true, fpscr::kVE).exceptions, fpscr::kVXSNAN);
}

}  // namespace
}  // namespace pvppc::cpu::fpu
