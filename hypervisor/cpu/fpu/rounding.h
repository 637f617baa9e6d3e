// Rounding an exact (or sticky) intermediate result to the target precision
// the way the Power ISA defines it: one rounding under FPSCR[RN], tininess
// detected before rounding, the enabled-overflow/underflow exponent
// adjustment, and the FR/FI/FPRF/OX/UX/XX outcome.
//
// Power ISA Book I: "Rounding", "Normalization and Denormalization",
// "Overflow Exception", "Underflow Exception", "Inexact Exception", and the
// "Execution Model for IEEE Operations" (guard/round/sticky).
#pragma once

#include <cstdint>

#include "hypervisor/cpu/fpu/float_bits.h"
#include "hypervisor/cpu/fpu/fpscr.h"

namespace pvppc::cpu::fpu {

enum class Precision : uint8_t { kDouble, kSingle };

// A nonzero intermediate result:
//   value = (-1)^negative * significand * 2^(exponent - 63)
// with bit 63 of `significand` set. Whatever lies below bit 0 of the exact
// value has been ORed into bit 0 ("sticky"); 64 bits leave 11 or more
// guard bits under the 53 a double keeps, which is what correct rounding
// needs (the round-to-odd argument).
struct Unrounded {
  bool negative = false;
  int32_t exponent = 0;
  uint64_t significand = 0;
};

// The rounded result and what the rounding signaled.
struct Rounded {
  uint64_t bits = 0;        // double pattern (of a single-precision value for kSingle)
  uint32_t exceptions = 0;  // among OX UX XX
  uint32_t status = 0;      // FR FI FPRF
};

// Rounds `x` to `precision` under FPSCR[RN], with FPSCR[OE] and FPSCR[UE]
// choosing between the disabled results (infinity/largest number,
// denormalized result) and the enabled ones (exponent adjusted by 1536 for
// double, 192 for single, then rounded to full precision).
Rounded RoundToPrecision(const Unrounded& x, Precision precision, uint32_t fpscr_value);

// Whether rounding a value whose discarded part is `remainder` (out of a
// unit whose half is `half`) moves its magnitude up to the next representable
// number (Power ISA Book I, "Rounding": the choice between Z1 and Z2 per RN).
// `odd` is the least significant kept bit, for ties to even.
constexpr bool RoundsAwayFromZero(RoundingMode mode, bool negative, uint64_t remainder,
                                  uint64_t half, bool odd) {
  if (remainder == 0) return false;
  switch (mode) {
    case RoundingMode::kNearestEven: return remainder > half || (remainder == half && odd);
    case RoundingMode::kTowardZero: return false;
    case RoundingMode::kTowardPlusInfinity: return !negative;
    case RoundingMode::kTowardMinusInfinity: return negative;
  }
  return false;
}

// Shifts right by `count`, ORing every bit shifted out into bit 0.
constexpr uint64_t ShiftRightJamming(uint64_t value, uint32_t count) {
  if (count == 0) return value;
  if (count >= 64) return value != 0;
  return (value >> count) | ((value << (64 - count)) != 0 ? 1 : 0);
}

// The class of a finite, infinite or zero result held as a double pattern
// (NaNs are classified by their producers). A single-precision result is
// denormalized when it is below the single normal range, even though its
// double pattern is normal.
constexpr uint32_t ResultClass(uint64_t bits, Precision precision) {
  const bool negative = IsNegative(bits);
  const uint32_t exponent = BiasedExponent(bits);
  if (exponent == 0x7ff) return negative ? fprf::kNegativeInfinity : fprf::kPositiveInfinity;
  if (Magnitude(bits) == 0) return negative ? fprf::kNegativeZero : fprf::kPositiveZero;
  const uint32_t min_normal = precision == Precision::kDouble ? 1 : kDoubleBias - 126;
  if (exponent < min_normal) return negative ? fprf::kNegativeDenormal : fprf::kPositiveDenormal;
  return negative ? fprf::kNegativeNormal : fprf::kPositiveNormal;
}

}  // namespace pvppc::cpu::fpu
