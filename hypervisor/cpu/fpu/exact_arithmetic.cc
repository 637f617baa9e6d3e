#include "hypervisor/cpu/fpu/exact_arithmetic.h"

#include <bit>
#include <cmath>
#include <utility>

namespace pvppc::cpu::fpu {
namespace {

__extension__ using Uint128 = unsigned __int128;

int CountLeadingZeros(Uint128 v) {
  const auto high = static_cast<uint64_t>(v >> 64);
  return high != 0 ? std::countl_zero(high) : 64 + std::countl_zero(static_cast<uint64_t>(v));
}

Uint128 ShiftRightJamming(Uint128 value, uint32_t count) {
  if (count == 0) return value;
  if (count >= 128) return value != 0 ? 1 : 0;
  return (value >> count) | ((value << (128 - count)) != 0 ? 1 : 0);
}

// The top 64 bits of a normalized 128-bit value, the rest folded into bit 0.
uint64_t TopWithSticky(Uint128 normalized) {
  return static_cast<uint64_t>(normalized >> 64) | (static_cast<uint64_t>(normalized) != 0 ? 1 : 0);
}

// floor(sqrt(m)) for m in [2^124, 2^126).
uint64_t IntegerSquareRoot(Uint128 m) {
  // The host estimate is within a few thousand of the answer; one Newton step
  // brings it within one, and the loops make it exact.
  auto r = static_cast<uint64_t>(std::sqrt(static_cast<double>(m)));
  r = (r + static_cast<uint64_t>(m / r)) / 2;
  while (static_cast<Uint128>(r) * r > m) --r;
  while (static_cast<Uint128>(r + 1) * (r + 1) <= m) ++r;
  return r;
}

}  // namespace

FiniteValue Unpack(uint64_t bits) {
  FiniteValue v;
  v.negative = IsNegative(bits);
  const uint32_t biased = BiasedExponent(bits);
  const uint64_t fraction = bits & kFractionMask;
  if (biased != 0) {
    v.exponent = static_cast<int32_t>(biased) - kDoubleBias;
    v.significand = fraction | kHiddenBit;
  } else {
    const int shift = std::countl_zero(fraction) - 11;
    v.significand = fraction << shift;
    v.exponent = -1022 - shift;
  }
  return v;
}

Unrounded AsUnrounded(const FiniteValue& v) {
  return Unrounded{v.negative, v.exponent, v.significand << 11};
}

std::optional<Unrounded> ExactSum(const FiniteValue& a, const FiniteValue& b) {
  // Both significands get their leading bit at 62: one bit of headroom for
  // the carry, ten guard bits below the 53.
  const FiniteValue* larger = &a;
  const FiniteValue* smaller = &b;
  if (b.exponent > a.exponent || (b.exponent == a.exponent && b.significand > a.significand)) {
    std::swap(larger, smaller);
  }
  const uint64_t big = larger->significand << 10;
  const uint64_t small = ShiftRightJamming(smaller->significand << 10,
                                           static_cast<uint32_t>(larger->exponent - smaller->exponent));
  const uint64_t sum = larger->negative == smaller->negative ? big + small : big - small;
  if (sum == 0) return std::nullopt;
  const int shift = std::countl_zero(sum);
  return Unrounded{larger->negative, larger->exponent + 1 - shift, sum << shift};
}

Unrounded ExactProduct(const FiniteValue& a, const FiniteValue& b) {
  const Uint128 product = static_cast<Uint128>(a.significand) * b.significand;  // [2^104, 2^106)
  const int shift = CountLeadingZeros(product);
  return Unrounded{a.negative != b.negative, a.exponent + b.exponent + 23 - shift,
                   TopWithSticky(product << shift)};
}

Unrounded ExactQuotient(const FiniteValue& a, const FiniteValue& b) {
  const Uint128 numerator = static_cast<Uint128>(a.significand) << 63;
  const auto quotient = static_cast<uint64_t>(numerator / b.significand);  // (2^62, 2^64)
  const uint64_t sticky = (numerator % b.significand) != 0 ? 1 : 0;
  const bool negative = a.negative != b.negative;
  if (quotient >> 63) return Unrounded{negative, a.exponent - b.exponent, quotient | sticky};
  return Unrounded{negative, a.exponent - b.exponent - 1, (quotient << 1) | sticky};
}

Unrounded ExactSquareRoot(const FiniteValue& a) {
  // value = significand << shift * 2^(exponent - 52 - shift) with an even
  // power of two, so the root is isqrt(...) * 2^((exponent - 52 - shift)/2).
  const int shift = ((a.exponent - 52 - 72) & 1) != 0 ? 73 : 72;
  const Uint128 scaled = static_cast<Uint128>(a.significand) << shift;  // [2^124, 2^126)
  const uint64_t root = IntegerSquareRoot(scaled);                      // [2^62, 2^63)
  const uint64_t sticky = static_cast<Uint128>(root) * root != scaled ? 1 : 0;
  return Unrounded{false, (a.exponent - 52 - shift) / 2 + 62, (root << 1) | sticky};
}

std::optional<Unrounded> ExactProductSum(const FiniteValue& a, const FiniteValue& c,
                                         const FiniteValue& b) {
  // Both terms get their leading bit at 125 of a 128-bit word: the product's
  // 106 bits are all kept, and the addend's alignment shift folds what falls
  // off into bit 0.
  struct Term {
    bool negative;
    int32_t exponent;  // of the leading bit
    Uint128 bits;
  };
  const Uint128 raw_product = static_cast<Uint128>(a.significand) * c.significand;
  const int product_shift = CountLeadingZeros(raw_product);  // 22 or 23
  Term product{a.negative != c.negative, a.exponent + c.exponent + 23 - product_shift,
               raw_product << (product_shift - 2)};
  Term addend{b.negative, b.exponent, static_cast<Uint128>(b.significand) << 73};
  Term* larger = &product;
  Term* smaller = &addend;
  if (addend.exponent > product.exponent ||
      (addend.exponent == product.exponent && addend.bits > product.bits)) {
    std::swap(larger, smaller);
  }
  const Uint128 aligned =
      ShiftRightJamming(smaller->bits, static_cast<uint32_t>(larger->exponent - smaller->exponent));
  const Uint128 sum =
      larger->negative == smaller->negative ? larger->bits + aligned : larger->bits - aligned;
  if (sum == 0) return std::nullopt;
  const int shift = CountLeadingZeros(sum);
  return Unrounded{larger->negative, larger->exponent + 2 - shift, TopWithSticky(sum << shift)};
}

}  // namespace pvppc::cpu::fpu
