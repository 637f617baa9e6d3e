// Exact arithmetic on finite nonzero operands: the intermediate results of
// the Power ISA's "Execution Model for IEEE Operations" (and of the
// multiply-add model), carried in integers wide enough that a single
// rounding afterwards (rounding.h) is correct.
//
// These are the reference the fast paths are checked against; they know
// nothing about NaNs, infinities, zeros or the FPSCR.
#pragma once

#include <cstdint>
#include <optional>

#include "hypervisor/cpu/fpu/rounding.h"

namespace pvppc::cpu::fpu {

// A finite nonzero double: value = (-1)^negative * significand * 2^(exponent - 52)
// with significand in [2^52, 2^53) (denormals are normalized).
struct FiniteValue {
  bool negative = false;
  int32_t exponent = 0;
  uint64_t significand = 0;
};

// `bits` must be finite and nonzero.
FiniteValue Unpack(uint64_t bits);

// The value itself as an intermediate result (for rounding a double to a
// single, or for x + 0).
Unrounded AsUnrounded(const FiniteValue& v);

// a + b; nullopt when the exact sum is zero (the caller picks the sign of
// zero, which depends on the rounding mode).
std::optional<Unrounded> ExactSum(const FiniteValue& a, const FiniteValue& b);

Unrounded ExactProduct(const FiniteValue& a, const FiniteValue& b);

// a / b, with the remainder folded into the sticky bit.
Unrounded ExactQuotient(const FiniteValue& a, const FiniteValue& b);

// sqrt(a) for positive a, with the remainder folded into the sticky bit.
Unrounded ExactSquareRoot(const FiniteValue& a);

// a * c + b with a single rounding later; nullopt when exactly zero.
std::optional<Unrounded> ExactProductSum(const FiniteValue& a, const FiniteValue& c,
                                         const FiniteValue& b);

}  // namespace pvppc::cpu::fpu
