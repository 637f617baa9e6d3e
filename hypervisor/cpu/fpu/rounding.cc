#include "hypervisor/cpu/fpu/rounding.h"

#include <bit>

namespace pvppc::cpu::fpu {
namespace {

struct Format {
  int precision;     // significand bits, hidden bit included
  int min_exponent;  // of a normalized number
  int max_exponent;
  int adjust;        // exponent bias adjustment of enabled overflow/underflow
  uint64_t largest;  // largest finite magnitude, as a double pattern
};

constexpr Format kDoubleFormat{53, -1022, 1023, 1536, kLargestDouble};
constexpr Format kSingleFormat{24, -126, 127, 192,
                               (uint64_t{127 + kDoubleBias} << 52) | (0x7fffffull << kSingleDroppedBits)};

// Double pattern of (-1)^negative * mantissa * 2^(exponent - (precision-1)),
// where mantissa < 2^precision is normalized or, at the minimum exponent,
// denormalized.
uint64_t Encode(bool negative, int exponent, uint64_t mantissa, const Format& format) {
  const uint64_t sign = SignedZero(negative);
  if (mantissa == 0) return sign;
  // Normalize (a no-op except for denormalized results): the double format
  // holds every single-precision denormal as a normal number.
  const int leading = std::bit_width(mantissa) - 1;
  const int top = format.precision - 1;
  const int true_exponent = exponent - (top - leading);
  if (true_exponent < kDoubleFormat.min_exponent) return sign | mantissa;  // double denormal
  const uint64_t fraction = (mantissa << (52 - leading)) & kFractionMask;
  return sign | (static_cast<uint64_t>(true_exponent + kDoubleBias) << 52) | fraction;
}

}  // namespace

Rounded RoundToPrecision(const Unrounded& x, Precision precision, uint32_t fpscr_value) {
  const Format& format = precision == Precision::kDouble ? kDoubleFormat : kSingleFormat;
  const RoundingMode mode = RoundingModeOf(fpscr_value);
  int exponent = x.exponent;
  uint64_t significand = x.significand;
  Rounded out;

  // Tininess is detected before rounding: on the exact value with unbounded
  // exponent ("Normalization and Denormalization").
  const bool tiny = exponent < format.min_exponent;
  bool denormalize = false;
  if (tiny) {
    if (fpscr_value & fpscr::kUE) {
      // Enabled: underflow whenever the result is tiny; the exponent is
      // adjusted and the result rounded to full precision. When even the
      // adjustment cannot reach the range (single-precision instructions fed
      // with values outside single range: undefined results) the disabled
      // result is delivered, still with the exception.
      out.exceptions |= fpscr::kUX;
      if (exponent + format.adjust >= format.min_exponent) {
        exponent += format.adjust;
      } else {
        denormalize = true;
      }
    } else {
      denormalize = true;
    }
    if (denormalize) {
      significand = ShiftRightJamming(significand, static_cast<uint32_t>(format.min_exponent - exponent));
      exponent = format.min_exponent;
    }
  }

  const int dropped = 64 - format.precision;
  const uint64_t remainder = significand & ((1ull << dropped) - 1);
  const uint64_t half = 1ull << (dropped - 1);
  uint64_t mantissa = significand >> dropped;
  const bool inexact = remainder != 0;
  const bool away = RoundsAwayFromZero(mode, x.negative, remainder, half, (mantissa & 1) != 0);
  if (away && (++mantissa >> format.precision) != 0) {
    mantissa >>= 1;
    ++exponent;
  }
  // Disabled underflow needs "tiny and loss of accuracy".
  if (denormalize && inexact) out.exceptions |= fpscr::kUX;

  if (exponent > format.max_exponent) {
    if ((fpscr_value & fpscr::kOE) && exponent - format.adjust <= format.max_exponent) {
      out.exceptions |= fpscr::kOX;
      exponent -= format.adjust;
    } else {
      // Disabled overflow: infinity or the largest number depending on RN
      // and the sign; FI=1, XX=1, FR undefined (left 0).
      const bool to_infinity = mode == RoundingMode::kNearestEven ||
                               (mode == RoundingMode::kTowardPlusInfinity && !x.negative) ||
                               (mode == RoundingMode::kTowardMinusInfinity && x.negative);
      out.bits = SignedZero(x.negative) | (to_infinity ? kPositiveInfinity : format.largest);
      out.exceptions |= fpscr::kOX | fpscr::kXX;
      out.status = fpscr::kFI | ResultClass(out.bits, precision);
      return out;
    }
  }

  if (inexact) {
    out.exceptions |= fpscr::kXX;
    out.status |= fpscr::kFI | (away ? fpscr::kFR : 0);
  }
  out.bits = Encode(x.negative, exponent, mantissa, format);
  out.status |= ResultClass(out.bits, precision);
  return out;
}

}  // namespace pvppc::cpu::fpu
