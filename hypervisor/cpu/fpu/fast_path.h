// Inline fast paths: host (SSE2) binary64 arithmetic where it is
// bit-identical to the architecture, plus an exact check of how the host
// rounded, from which every FPSCR[RN] mode, FR, FI and the single-precision
// rounding follow.
//
// The host computes in its default MXCSR state, round-to-nearest-even
// without DAZ/FTZ (the core never changes MXCSR; TwoSum's error term can be
// subnormal, so FTZ would break it). For each operation the "ternary" says
// whether the host result r equals the exact result x (0), is larger in
// magnitude (+1) or smaller (-1). Knowing that, the result in any other
// rounding mode is r or its neighbour, and rounding to single from the
// round-to-odd value derived from (r, ternary) is a single correct rounding
// (53 >= 24 + 2 bits). The multiply-adds do not use host arithmetic at all.
//
// A fast path only accepts normal operands (zeros too where the result is
// then trivially exact) and results comfortably inside the normal range, so
// no overflow, underflow, denormal or NaN case can reach it; it also
// declines an inexact result when FPSCR[XE] is set. Declining costs nothing
// but the reference path (operations.h), which handles everything.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "hypervisor/cpu/fpu/float_bits.h"
#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/rounding.h"

namespace pvppc::cpu::fpu::fast {

__extension__ using Uint128 = unsigned __int128;

inline uint64_t Significand(uint64_t normal) { return (normal & kFractionMask) | kHiddenBit; }
inline int Exponent(uint64_t bits) { return static_cast<int>(BiasedExponent(bits)); }
inline bool IsNormalOrZero(uint64_t bits) { return IsNormal(bits) || IsZero(bits); }

// ---- How the host rounded -------------------------------------------------

// Knuth's TwoSum: x - s exactly, in round-to-nearest without overflow.
// (Dekker's three-operation Fast2Sum needs the operands ordered by
// magnitude; the compare costs more than it saves.)
inline int SumTernary(double a, double b, double s) {
  const double b_virtual = s - a;
  const double error = (a - (s - b_virtual)) + (b - b_virtual);
  if (error == 0) return 0;
  return std::signbit(error) != std::signbit(s) ? 1 : -1;
}

// The exact 106-bit product of the significands: r rounded it up iff r's
// fraction differs from the truncated product's.
inline int ProductTernary(uint64_t a, uint64_t c, uint64_t r) {
  const Uint128 product = static_cast<Uint128>(Significand(a)) * Significand(c);
  const int dropped = (product >> 105) != 0 ? 53 : 52;
  if ((static_cast<uint64_t>(product) & ((1ull << dropped) - 1)) == 0) return 0;
  const auto kept = static_cast<uint64_t>(product >> dropped);
  return ((r ^ kept) & kFractionMask) != 0 ? 1 : -1;
}

// q*b against a, in integers: sig(q)*sig(b) vs sig(a) * 2^(ea-eq-eb+1075),
// a shift of 51..53 for a correctly rounded quotient.
inline int QuotientTernary(uint64_t a, uint64_t b, uint64_t q) {
  const int shift = Exponent(a) - Exponent(q) - Exponent(b) + 1075;
  const Uint128 back = static_cast<Uint128>(Significand(q)) * Significand(b);
  const Uint128 dividend = static_cast<Uint128>(Significand(a)) << shift;
  return back == dividend ? 0 : back > dividend ? 1 : -1;
}

// root^2 against a: sig(root)^2 vs sig(a) * 2^(ea-2*er+1075), shift 51..53.
inline int SquareRootTernary(uint64_t a, uint64_t root) {
  const int shift = Exponent(a) - 2 * Exponent(root) + 1075;
  const Uint128 square = static_cast<Uint128>(Significand(root)) * Significand(root);
  const Uint128 radicand = static_cast<Uint128>(Significand(a)) << shift;
  return square == radicand ? 0 : square > radicand ? 1 : -1;
}

// ---- Delivering the result ------------------------------------------------

// FPSCR after a normal result with the given inexactness: FR FI FPRF
// replaced, XX (and FX when XX was clear) on inexact. FEX and VX cannot
// change: XE is known to be 0 when inexact.
inline uint32_t NormalResultFpscr(uint32_t fpscr_value, bool negative, bool inexact, bool away) {
  uint32_t next = (fpscr_value & ~fpscr::kResultStatus) | (negative ? fpscr::kFL : fpscr::kFG);
  if (inexact) {
    next |= fpscr::kFI | fpscr::kXX | (away ? fpscr::kFR : 0);
    if (!(fpscr_value & fpscr::kXX)) next |= fpscr::kFX;
  }
  return next;
}

// Double result r (host, nearest) whose ternary `ternary_of()` computes.
template <typename TernaryOf>
inline bool FinishDouble(uint64_t r, TernaryOf ternary_of, uint32_t& fpscr_value, uint64_t& target) {
  // Exponent in [2, 2045]: r and its neighbours are normal and finite, and
  // the exact value is neither tiny nor overflowing.
  if (static_cast<uint32_t>(Exponent(r) - 2) > 2045u - 2u) return false;
  const int ternary = ternary_of();
  const bool inexact = ternary != 0;
  if (inexact && (fpscr_value & fpscr::kXE)) return false;
  const bool negative = IsNegative(r);
  bool away = false;
  switch (RoundingModeOf(fpscr_value)) {
    case RoundingMode::kNearestEven: away = ternary > 0; break;
    case RoundingMode::kTowardZero: away = false; break;
    case RoundingMode::kTowardPlusInfinity: away = inexact && !negative; break;
    case RoundingMode::kTowardMinusInfinity: away = inexact && negative; break;
  }
  if (away && ternary < 0) ++r;       // the next larger magnitude
  else if (!away && ternary > 0) --r;  // the next smaller magnitude
  fpscr_value = NormalResultFpscr(fpscr_value, negative, inexact, away);
  target = r;
  return true;
}

// Single result from the host double r and its ternary: round-to-odd to 53
// bits, then one rounding to 24 bits under RN.
template <typename TernaryOf>
inline bool FinishSingle(uint64_t r, TernaryOf ternary_of, uint32_t& fpscr_value, uint64_t& target) {
  // Exponent in [898, 1149] (unbiased -125..126): the single result is
  // normal and finite whatever the rounding.
  if (static_cast<uint32_t>(Exponent(r) - 898) > 1149u - 898u) return false;
  const int ternary = ternary_of();
  const uint64_t odd = (ternary > 0 ? r - 1 : r) | (ternary != 0 ? 1 : 0);
  const uint64_t remainder = odd & kSingleDroppedMask;
  const bool inexact = remainder != 0;
  if (inexact && (fpscr_value & fpscr::kXE)) return false;
  const bool negative = IsNegative(r);
  const bool away = RoundsAwayFromZero(RoundingModeOf(fpscr_value), negative, remainder,
                                       1ull << (kSingleDroppedBits - 1),
                                       ((odd >> kSingleDroppedBits) & 1) != 0);
  // Adding one unit carries into the exponent when the fraction overflows.
  target = (odd & ~kSingleDroppedMask) + (away ? (1ull << kSingleDroppedBits) : 0);
  fpscr_value = NormalResultFpscr(fpscr_value, negative, inexact, away);
  return true;
}

template <Precision P, typename TernaryOf>
inline bool Finish(uint64_t r, TernaryOf ternary_of, uint32_t& fpscr_value, uint64_t& target) {
  if constexpr (P == Precision::kDouble) {
    return FinishDouble(r, ternary_of, fpscr_value, target);
  } else {
    return FinishSingle(r, ternary_of, fpscr_value, target);
  }
}

// ---- The operations -------------------------------------------------------
// Each returns false, changing nothing, when the reference path must run.

template <Precision P>
inline bool TryAdd(uint64_t a, uint64_t b, uint32_t& fpscr_value, uint64_t& target) {
  if (!IsNormalOrZero(a) || !IsNormalOrZero(b)) return false;
  const double x = AsDouble(a);
  const double y = AsDouble(b);
  const double sum = x + y;
  return Finish<P>(AsBits(sum), [&] { return SumTernary(x, y, sum); }, fpscr_value, target);
}

template <Precision P>
inline bool TryMultiply(uint64_t a, uint64_t c, uint32_t& fpscr_value, uint64_t& target) {
  if (!IsNormal(a) || !IsNormal(c)) return false;
  const uint64_t product = AsBits(AsDouble(a) * AsDouble(c));
  return Finish<P>(product, [&] { return ProductTernary(a, c, product); }, fpscr_value, target);
}

template <Precision P>
inline bool TryDivide(uint64_t a, uint64_t b, uint32_t& fpscr_value, uint64_t& target) {
  if (!IsNormal(a) || !IsNormal(b)) return false;
  const uint64_t quotient = AsBits(AsDouble(a) / AsDouble(b));
  return Finish<P>(quotient, [&] { return QuotientTernary(a, b, quotient); }, fpscr_value, target);
}

template <Precision P>
inline bool TrySquareRoot(uint64_t b, uint32_t& fpscr_value, uint64_t& target) {
  if (!IsNormal(b) || IsNegative(b)) return false;
  const uint64_t root = AsBits(std::sqrt(AsDouble(b)));
  return Finish<P>(root, [&] { return SquareRootTernary(b, root); }, fpscr_value, target);
}

// fmadd family: a*c + addend (the caller negates FRB for fmsub), rounded
// once, then negated when `negate_result` (fnmadd/fnmsub). The exact sum is
// formed in 128-bit integers as in ExactProductSum; only results whose
// exponent keeps them normal in the target format are delivered here.
template <Precision P>
inline bool TryMultiplyAdd(uint64_t a, uint64_t c, uint64_t addend, bool negate_result,
                           uint32_t& fpscr_value, uint64_t& target) {
  if (!IsNormal(a) || !IsNormal(c)) {
    // A zero product with finite factors: the result is the addend itself,
    // rounded to the target precision (0 * x + y is common in polynomial
    // and sparse code).
    if (!IsNormalOrZero(a) || !IsNormalOrZero(c) || !IsNormal(addend)) return false;
    if (!Finish<P>(addend, [] { return 0; }, fpscr_value, target)) return false;
    if (negate_result) {
      target ^= kSignBit;
      fpscr_value ^= fpscr::kFL | fpscr::kFG;  // the class of a normal result
    }
    return true;
  }
  const bool addend_is_zero = IsZero(addend);
  if (!addend_is_zero && !IsNormal(addend)) return false;

  // value = bits * 2^scale, leading bits at 124..125 so a carry fits.
  const bool product_negative = IsNegative(a) != IsNegative(c);
  Uint128 product = (static_cast<Uint128>(Significand(a)) * Significand(c)) << 20;
  int product_scale = Exponent(a) + Exponent(c) - 2170;
  bool negative = product_negative;
  Uint128 sum = product;
  int scale = product_scale;
  if (!addend_is_zero) {
    Uint128 other = static_cast<Uint128>(Significand(addend)) << 73;
    const int other_scale = Exponent(addend) - 1148;
    const bool other_negative = IsNegative(addend);
    // Align the smaller-scaled term, folding what it loses into bit 0.
    const auto jam = [](Uint128 v, int count) -> Uint128 {
      if (count == 0) return v;
      if (count >= 128) return v != 0 ? 1 : 0;
      return (v >> count) | ((v << (128 - count)) != 0 ? 1 : 0);
    };
    if (product_scale >= other_scale) {
      other = jam(other, product_scale - other_scale);
    } else {
      product = jam(product, other_scale - product_scale);
      scale = other_scale;
    }
    if (product_negative == other_negative) {
      sum = product + other;
    } else if (product >= other) {
      sum = product - other;
    } else {
      sum = other - product;
      negative = other_negative;
    }
    if (sum == 0) return false;  // exact zero: its sign depends on RN
  }

  const auto high = static_cast<uint64_t>(sum >> 64);
  const int shift = high != 0 ? std::countl_zero(high)
                              : 64 + std::countl_zero(static_cast<uint64_t>(sum));
  const int exponent = 127 - shift + scale;  // unbiased, of the leading bit
  constexpr int kMinExponent = P == Precision::kDouble ? -1022 : -126;
  constexpr int kMaxExponent = P == Precision::kDouble ? 1022 : 126;
  if (exponent < kMinExponent || exponent > kMaxExponent) return false;
  const Uint128 normalized = sum << shift;
  const uint64_t significand = static_cast<uint64_t>(normalized >> 64) |
                               (static_cast<uint64_t>(normalized) != 0 ? 1 : 0);

  constexpr int kDropped = P == Precision::kDouble ? 11 : 40;
  const uint64_t remainder = significand & ((1ull << kDropped) - 1);
  const uint64_t mantissa = significand >> kDropped;  // hidden bit included
  const bool inexact = remainder != 0;
  if (inexact && (fpscr_value & fpscr::kXE)) return false;
  // Rounded with the sign of the sum, then negated.
  const bool away = RoundsAwayFromZero(RoundingModeOf(fpscr_value), negative, remainder,
                                       1ull << (kDropped - 1), (mantissa & 1) != 0);
  constexpr int kMantissaShift = P == Precision::kDouble ? 0 : kSingleDroppedBits;
  // The hidden bit carries the biased exponent from E+1022 to E+1023, and a
  // rounding carry out of the fraction bumps it once more.
  const uint64_t magnitude = (static_cast<uint64_t>(exponent + 1022) << 52) +
                             ((mantissa + (away ? 1 : 0)) << kMantissaShift);
  const bool result_negative = negative != negate_result;
  target = magnitude | SignedZero(result_negative);
  fpscr_value = NormalResultFpscr(fpscr_value, result_negative, inexact, away);
  return true;
}

}  // namespace pvppc::cpu::fpu::fast
