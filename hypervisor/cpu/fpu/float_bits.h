// IEEE-754 binary64 bit patterns as the FPRs hold them, and the two
// non-arithmetic conversions between the single (memory) and double
// (register) formats that lfs and stfs perform.
//
// Everything here works on bit patterns, never on host floating-point
// values: a host float<->double conversion would quiet signaling NaNs and
// round, which the load/store conversions must not do.
#pragma once

#include <bit>
#include <cstdint>

namespace pvppc::cpu::fpu {

inline constexpr uint64_t kSignBit = 1ull << 63;
inline constexpr uint64_t kFractionMask = (1ull << 52) - 1;
inline constexpr uint64_t kHiddenBit = 1ull << 52;
inline constexpr uint64_t kQuietBit = 1ull << 51;
inline constexpr uint64_t kPositiveInfinity = 0x7ffull << 52;
inline constexpr uint64_t kLargestDouble = kPositiveInfinity - 1;
// PowerPC's default QNaN (Power ISA Book I, "Invalid Operation Exception":
// generated QNaNs are positive with only the quiet bit set). x86 would give
// the negative 0xfff8... one.
inline constexpr uint64_t kDefaultQuietNaN = 0x7ff8000000000000ull;
inline constexpr int kDoubleBias = 1023;
// A single-precision value held in double format leaves the low 29 fraction
// bits zero.
inline constexpr int kSingleDroppedBits = 52 - 23;
inline constexpr uint64_t kSingleDroppedMask = (1ull << kSingleDroppedBits) - 1;

constexpr uint32_t BiasedExponent(uint64_t bits) { return static_cast<uint32_t>(bits >> 52) & 0x7ff; }
constexpr bool IsNegative(uint64_t bits) { return (bits >> 63) != 0; }
constexpr uint64_t Magnitude(uint64_t bits) { return bits & ~kSignBit; }
constexpr bool IsNaN(uint64_t bits) { return Magnitude(bits) > kPositiveInfinity; }
constexpr bool IsSignalingNaN(uint64_t bits) { return IsNaN(bits) && (bits & kQuietBit) == 0; }
constexpr bool IsInfinity(uint64_t bits) { return Magnitude(bits) == kPositiveInfinity; }
constexpr bool IsZero(uint64_t bits) { return Magnitude(bits) == 0; }
// Normalized, nonzero and finite: the operands host arithmetic handles
// identically whatever the host's denormal settings.
constexpr bool IsNormal(uint64_t bits) {
  return BiasedExponent(bits) - 1u < 0x7feu;
}
constexpr uint64_t Quieted(uint64_t nan) { return nan | kQuietBit; }
constexpr uint64_t SignedZero(bool negative) { return negative ? kSignBit : 0; }
constexpr uint64_t SignedInfinity(bool negative) { return SignedZero(negative) | kPositiveInfinity; }

inline double AsDouble(uint64_t bits) { return std::bit_cast<double>(bits); }
inline uint64_t AsBits(double value) { return std::bit_cast<uint64_t>(value); }

// DOUBLE(word): the load conversion of lfs/lfsx/lfsu/lfsux (Power ISA Book I,
// "Floating-Point Load Instructions"). Exact for every pattern; NaNs keep
// their payload and stay signaling.
constexpr uint64_t SingleToDouble(uint32_t word) {
  const uint64_t sign = static_cast<uint64_t>(word >> 31) << 63;
  const uint32_t exponent = (word >> 23) & 0xff;
  const uint64_t fraction = word & 0x7fffff;
  if (exponent == 0xff) return sign | kPositiveInfinity | (fraction << kSingleDroppedBits);
  if (exponent != 0) {
    return sign | (static_cast<uint64_t>(exponent + (kDoubleBias - 127)) << 52) |
           (fraction << kSingleDroppedBits);
  }
  if (fraction == 0) return sign;
  // Denormalized single: normalize, it is an ordinary double.
  const int leading = std::bit_width(fraction) - 1;  // 0..22
  const uint64_t normalized = (fraction << (52 - leading)) & kFractionMask;
  return sign | (static_cast<uint64_t>(leading + (kDoubleBias - 149)) << 52) | normalized;
}

// SINGLE(frs): the store conversion of stfs and friends (Power ISA Book I,
// "Floating-Point Store Instructions"). Not a rounding: values in single range
// (and zeros, infinities, NaNs) keep their top bits; values in the single
// denormal range are denormalized by truncation; smaller values are
// architecturally undefined and become a signed zero, which is where the
// architected denormalization loop ends anyway. Values above single range
// are undefined too and keep the "no denormalization" bit selection, as the
// architecture's first case does for exponents above 896.
constexpr uint32_t DoubleToSingle(uint64_t bits) {
  const uint32_t exponent = BiasedExponent(bits);
  if (exponent > 896 || Magnitude(bits) == 0) {
    return static_cast<uint32_t>(((bits >> 32) & 0xc0000000u) | ((bits >> 29) & 0x3fffffffu));
  }
  const uint32_t sign = static_cast<uint32_t>(bits >> 32) & 0x80000000u;
  const uint32_t shift = 897 - exponent;  // 1 for exponent 896, up to 897
  if (exponent == 0 || shift > 52) return sign;
  const uint64_t significand = kHiddenBit | (bits & kFractionMask);
  return sign | static_cast<uint32_t>((significand >> shift) >> kSingleDroppedBits);
}

}  // namespace pvppc::cpu::fpu
