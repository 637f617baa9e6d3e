// The lfs/stfs format conversions (Power ISA Book I, "Floating-Point Load
// Instructions" / "Floating-Point Store Instructions"), expectations worked
// out by hand from the bit definitions.
#include "hypervisor/cpu/fpu/float_bits.h"

#include <gtest/gtest.h>

namespace pvppc::cpu::fpu {
namespace {

TEST(SingleToDoubleTest, NormalValuesRebiasTheExponent) {
  EXPECT_EQ(SingleToDouble(0x3f800000), 0x3ff0000000000000ull);  // 1.0
  EXPECT_EQ(SingleToDouble(0xc0490fdb), 0xc00921fb60000000ull);  // -pi (single)
  EXPECT_EQ(SingleToDouble(0x7f7fffff), 0x47efffffe0000000ull);  // largest single
  EXPECT_EQ(SingleToDouble(0x00800000), 0x3810000000000000ull);  // 2^-126
}

TEST(SingleToDoubleTest, ZerosInfinitiesAndNaNsKeepTheirBits) {
  EXPECT_EQ(SingleToDouble(0x00000000), 0x0000000000000000ull);
  EXPECT_EQ(SingleToDouble(0x80000000), 0x8000000000000000ull);
  EXPECT_EQ(SingleToDouble(0x7f800000), 0x7ff0000000000000ull);
  EXPECT_EQ(SingleToDouble(0xff800000), 0xfff0000000000000ull);
  EXPECT_EQ(SingleToDouble(0x7fc00000), 0x7ff8000000000000ull);
  // An SNaN stays signaling, payload in the high fraction bits.
  EXPECT_EQ(SingleToDouble(0x7f800001), 0x7ff0000020000000ull);
  EXPECT_EQ(SingleToDouble(0xffa00005), 0xfff40000a0000000ull);
}

TEST(SingleToDoubleTest, DenormalsAreNormalizedExactly) {
  // 2^-149, the smallest single denormal.
  EXPECT_EQ(SingleToDouble(0x00000001), 0x36a0000000000000ull);
  // 2^-127 = 0.5 * 2^-126.
  EXPECT_EQ(SingleToDouble(0x80400000), 0xb800000000000000ull);
  // 0x7fffff * 2^-149 = (2^23 - 1) * 2^-149: exponent -127, fraction all ones
  // after the leading bit.
  EXPECT_EQ(SingleToDouble(0x007fffff), 0x380fffffc0000000ull);
}

TEST(DoubleToSingleTest, InRangeValuesKeepTheirTopBits) {
  EXPECT_EQ(DoubleToSingle(0x3ff0000000000000ull), 0x3f800000u);
  // Not rounded: the low 29 fraction bits are dropped.
  EXPECT_EQ(DoubleToSingle(0x3ff00000ffffffffull), 0x3f800007u);
  EXPECT_EQ(DoubleToSingle(0x8000000000000000ull), 0x80000000u);
  EXPECT_EQ(DoubleToSingle(0xfff0000000000000ull), 0xff800000u);
  // NaNs keep their sign and top payload, SNaNs stay signaling.
  EXPECT_EQ(DoubleToSingle(0x7ff0000020000000ull), 0x7f800001u);
  EXPECT_EQ(DoubleToSingle(0xfff8000000000001ull), 0xffc00000u);
}

TEST(DoubleToSingleTest, SingleDenormalRangeIsDenormalizedByTruncation) {
  EXPECT_EQ(DoubleToSingle(0x3800000000000000ull), 0x00400000u);  // 2^-127
  EXPECT_EQ(DoubleToSingle(0x36a0000000000000ull), 0x00000001u);  // 2^-149
  // 1.75 * 2^-149 truncates to 2^-149 (no rounding).
  EXPECT_EQ(DoubleToSingle(0x36ac000000000000ull), 0x00000001u);
  EXPECT_EQ(DoubleToSingle(0xb80fffffc0000000ull), 0x807fffffu);
}

TEST(DoubleToSingleTest, OutOfRangeValuesFollowTheArchitectedBitSelection) {
  // Below 2^-149 (architecturally undefined): signed zero, as the
  // denormalization loop would give.
  EXPECT_EQ(DoubleToSingle(0x3690000000000000ull), 0x00000000u);
  EXPECT_EQ(DoubleToSingle(0x8000000000000001ull), 0x80000000u);
  // Above single range (undefined): bits 0-1 and 5-34 regardless, so 2^128
  // stores the +infinity pattern and 2^129 stores 2.0f; qemu-ppc does the
  // same.
  EXPECT_EQ(DoubleToSingle(0x47f0000000000000ull), 0x7f800000u);
  EXPECT_EQ(DoubleToSingle(0x4800000000000000ull), 0x40000000u);
}

TEST(FloatBitsTest, Classification) {
  EXPECT_TRUE(IsNaN(0x7ff0000000000001ull));
  EXPECT_TRUE(IsSignalingNaN(0xfff0000000000001ull));
  EXPECT_FALSE(IsSignalingNaN(0x7ff8000000000000ull));
  EXPECT_FALSE(IsNaN(0xfff0000000000000ull));
  EXPECT_TRUE(IsNormal(0x0010000000000000ull));
  EXPECT_FALSE(IsNormal(0x000fffffffffffffull));
  EXPECT_FALSE(IsNormal(0x8000000000000000ull));
  EXPECT_FALSE(IsNormal(0x7ff0000000000000ull));
}

}  // namespace
}  // namespace pvppc::cpu::fpu
