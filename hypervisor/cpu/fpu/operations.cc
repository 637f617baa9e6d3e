#include "hypervisor/cpu/fpu/operations.h"

#include <initializer_list>

#include "hypervisor/cpu/fpu/exact_arithmetic.h"

namespace pvppc::cpu::fpu {
namespace {

constexpr uint64_t kOne = 0x3ff0000000000000ull;

// When an operand is a NaN: the first one in the instruction's priority order
// (Power ISA Book I, "Floating-Point Execution Models": FRA, then FRB, then
// FRC) becomes the quieted result; any SNaN also signals VXSNAN.
// `extra_invalid` carries another invalid condition the same instruction
// signals (multiply-add's inf * 0 next to a NaN addend).
bool HandleNaNs(std::initializer_list<uint64_t> operands_in_priority, Precision precision,
                uint32_t fpscr_value, uint32_t extra_invalid, FpOutcome& out) {
  const uint64_t* first_nan = nullptr;
  bool any_signaling = false;
  for (const uint64_t& operand : operands_in_priority) {
    if (!IsNaN(operand)) continue;
    if (first_nan == nullptr) first_nan = &operand;
    any_signaling |= IsSignalingNaN(operand);
  }
  if (first_nan == nullptr) return false;
  const uint32_t invalid = (any_signaling ? fpscr::kVXSNAN : 0) | extra_invalid;
  if (invalid != 0 && (fpscr_value & fpscr::kVE)) {
    out = InvalidOperation(invalid, fpscr_value);
  } else {
    out = PropagatedNaN(*first_nan, precision);
    out.exceptions |= invalid;
  }
  return true;
}

// The sign of an exact zero sum x + y (Power ISA Book I, "Sign of Result"):
// the common sign when both terms have it, otherwise +0, or -0 when
// rounding toward -infinity.
uint64_t ZeroSum(bool x_negative, bool y_negative, uint32_t fpscr_value) {
  if (x_negative == y_negative) return SignedZero(x_negative);
  return SignedZero(RoundingModeOf(fpscr_value) == RoundingMode::kTowardMinusInfinity);
}

FpOutcome Round(const Unrounded& x, Precision precision, uint32_t fpscr_value) {
  return FromRounded(RoundToPrecision(x, precision, fpscr_value));
}

// A finite nonzero operand passed through to the result still goes through
// rounding: to single for single-precision instructions, and for the
// underflow rules when it is tiny.
FpOutcome RoundOperand(uint64_t bits, Precision precision, uint32_t fpscr_value) {
  return Round(AsUnrounded(Unpack(bits)), precision, fpscr_value);
}

// fres/frsqrte compute in two rounded steps; the second consumes the first's
// value and the flags of both accumulate.
FpOutcome Chained(const FpOutcome& first, const FpOutcome& second) {
  FpOutcome out = second;
  out.exceptions |= first.exceptions;
  out.status |= first.status & fpscr::kFI;
  return out;
}

FpOutcome AddSigned(uint64_t a, uint64_t b, bool subtract, Precision precision,
                    uint32_t fpscr_value) {
  FpOutcome out;
  if (HandleNaNs({a, b}, precision, fpscr_value, 0, out)) return out;
  const uint64_t addend = subtract ? b ^ kSignBit : b;
  if (IsInfinity(a) || IsInfinity(addend)) {
    if (IsInfinity(a) && IsInfinity(addend) && IsNegative(a) != IsNegative(addend)) {
      return InvalidOperation(fpscr::kVXISI, fpscr_value);
    }
    return ExactResult(IsInfinity(a) ? a : addend, precision);
  }
  if (IsZero(a) && IsZero(addend)) {
    return ExactResult(ZeroSum(IsNegative(a), IsNegative(addend), fpscr_value), precision);
  }
  if (IsZero(a)) return RoundOperand(addend, precision, fpscr_value);
  if (IsZero(addend)) return RoundOperand(a, precision, fpscr_value);
  if (auto sum = ExactSum(Unpack(a), Unpack(addend))) return Round(*sum, precision, fpscr_value);
  return ExactResult(ZeroSum(IsNegative(a), IsNegative(addend), fpscr_value), precision);
}

}  // namespace

FpOutcome Add(uint64_t a, uint64_t b, Precision precision, uint32_t fpscr_value) {
  return AddSigned(a, b, false, precision, fpscr_value);
}

FpOutcome Subtract(uint64_t a, uint64_t b, Precision precision, uint32_t fpscr_value) {
  return AddSigned(a, b, true, precision, fpscr_value);
}

FpOutcome Multiply(uint64_t a, uint64_t c, Precision precision, uint32_t fpscr_value) {
  FpOutcome out;
  if (HandleNaNs({a, c}, precision, fpscr_value, 0, out)) return out;
  const bool negative = IsNegative(a) != IsNegative(c);
  if (IsInfinity(a) || IsInfinity(c)) {
    if (IsZero(a) || IsZero(c)) return InvalidOperation(fpscr::kVXIMZ, fpscr_value);
    return ExactResult(SignedInfinity(negative), precision);
  }
  if (IsZero(a) || IsZero(c)) return ExactResult(SignedZero(negative), precision);
  return Round(ExactProduct(Unpack(a), Unpack(c)), precision, fpscr_value);
}

FpOutcome Divide(uint64_t a, uint64_t b, Precision precision, uint32_t fpscr_value) {
  FpOutcome out;
  if (HandleNaNs({a, b}, precision, fpscr_value, 0, out)) return out;
  const bool negative = IsNegative(a) != IsNegative(b);
  if (IsInfinity(a)) {
    if (IsInfinity(b)) return InvalidOperation(fpscr::kVXIDI, fpscr_value);
    return ExactResult(SignedInfinity(negative), precision);
  }
  if (IsInfinity(b)) return ExactResult(SignedZero(negative), precision);
  if (IsZero(b)) {
    if (IsZero(a)) return InvalidOperation(fpscr::kVXZDZ, fpscr_value);
    return ZeroDivide(negative, fpscr_value);
  }
  if (IsZero(a)) return ExactResult(SignedZero(negative), precision);
  return Round(ExactQuotient(Unpack(a), Unpack(b)), precision, fpscr_value);
}

FpOutcome SquareRoot(uint64_t b, Precision precision, uint32_t fpscr_value) {
  FpOutcome out;
  if (HandleNaNs({b}, precision, fpscr_value, 0, out)) return out;
  if (IsZero(b)) return ExactResult(b, precision);  // sqrt(-0) = -0
  if (IsNegative(b)) return InvalidOperation(fpscr::kVXSQRT, fpscr_value);
  if (IsInfinity(b)) return ExactResult(b, precision);
  return Round(ExactSquareRoot(Unpack(b)), precision, fpscr_value);
}

FpOutcome MultiplyAdd(uint64_t a, uint64_t c, uint64_t b, MultiplyAddKind kind,
                      Precision precision, uint32_t fpscr_value) {
  // inf * 0 is invalid even when the addend is a NaN (as qemu does, and as
  // the Power ISA 3.0 multiply-add pseudocode spells out).
  const bool infinity_times_zero =
      (IsInfinity(a) && IsZero(c)) || (IsZero(a) && IsInfinity(c));
  FpOutcome out;
  if (HandleNaNs({a, b, c}, precision, fpscr_value, infinity_times_zero ? fpscr::kVXIMZ : 0, out)) {
    return out;  // NaNs are never negated
  }
  if (infinity_times_zero) return InvalidOperation(fpscr::kVXIMZ, fpscr_value);

  const bool subtract = kind == MultiplyAddKind::kSubtract || kind == MultiplyAddKind::kNegativeSubtract;
  const bool negate = kind == MultiplyAddKind::kNegativeAdd || kind == MultiplyAddKind::kNegativeSubtract;
  const uint64_t addend = subtract ? b ^ kSignBit : b;
  const bool product_negative = IsNegative(a) != IsNegative(c);

  if (IsInfinity(a) || IsInfinity(c)) {
    if (IsInfinity(addend) && IsNegative(addend) != product_negative) {
      return InvalidOperation(fpscr::kVXISI, fpscr_value);
    }
    out = ExactResult(SignedInfinity(product_negative), precision);
  } else if (IsInfinity(addend)) {
    out = ExactResult(addend, precision);
  } else if (IsZero(a) || IsZero(c)) {
    out = IsZero(addend)
              ? ExactResult(ZeroSum(product_negative, IsNegative(addend), fpscr_value), precision)
              : RoundOperand(addend, precision, fpscr_value);
  } else if (IsZero(addend)) {
    out = Round(ExactProduct(Unpack(a), Unpack(c)), precision, fpscr_value);
  } else if (auto sum = ExactProductSum(Unpack(a), Unpack(c), Unpack(addend))) {
    out = Round(*sum, precision, fpscr_value);
  } else {
    out = ExactResult(ZeroSum(product_negative, IsNegative(addend), fpscr_value), precision);
  }
  // "Rounded ... then negated" (Power ISA Book I, fnmadd/fnmsub).
  return negate ? NegatedUnlessNaN(out) : out;
}

FpOutcome RoundToSingle(uint64_t b, uint32_t fpscr_value) {
  FpOutcome out;
  if (HandleNaNs({b}, Precision::kSingle, fpscr_value, 0, out)) return out;
  if (IsInfinity(b) || IsZero(b)) return ExactResult(b, Precision::kSingle);
  return RoundOperand(b, Precision::kSingle, fpscr_value);
}

FpOutcome ConvertToInt32(uint64_t b, RoundingMode mode, uint32_t fpscr_value) {
  // The word goes to FRT[32:63]; FRT[0:31] is undefined and gets the sign
  // extension of the word, and the NaN result 0x80000000 zero-extended, as
  // qemu-ppc does.
  const auto to_register = [](int64_t word) { return static_cast<uint64_t>(word); };
  // Invalid conversion (Power ISA Book I, "Invalid Operation Exception"):
  // VE=1 leaves FRT; VE=0 writes the saturated word. FR FI are cleared;
  // FPRF is undefined and gets the QNaN class, as on qemu.
  const auto invalid = [&](uint32_t bits, uint64_t saturated) {
    if (fpscr_value & fpscr::kVE) return FpOutcome{0, false, bits, 0, fpscr::kFR | fpscr::kFI};
    return FpOutcome{saturated, true, bits, fprf::kQuietNaN, fpscr::kResultStatus};
  };
  constexpr int64_t kMostNegative = -2147483648LL;
  constexpr int64_t kMostPositive = 2147483647LL;
  if (IsNaN(b)) {
    return invalid(fpscr::kVXCVI | (IsSignalingNaN(b) ? fpscr::kVXSNAN : 0), 0x80000000ull);
  }
  const bool negative = IsNegative(b);
  const uint64_t saturated = to_register(negative ? kMostNegative : kMostPositive);
  if (IsInfinity(b)) return invalid(fpscr::kVXCVI, saturated);
  if (IsZero(b)) return FpOutcome{0, true, 0, 0, fpscr::kFR | fpscr::kFI};

  const FiniteValue v = Unpack(b);
  if (v.exponent > 62) return invalid(fpscr::kVXCVI, saturated);
  uint64_t integer = 0;
  uint64_t remainder = 0;
  uint64_t half = 1;
  if (v.exponent >= 52) {
    integer = v.significand << (v.exponent - 52);
  } else if (v.exponent >= -1) {
    const int shift = 52 - v.exponent;  // 1..53
    integer = v.significand >> shift;
    remainder = v.significand & ((1ull << shift) - 1);
    half = 1ull << (shift - 1);
  } else {
    remainder = 1;  // |b| < 1/2: a nonzero remainder below one half
    half = 2;
  }
  const bool away = RoundsAwayFromZero(mode, negative, remainder, half, (integer & 1) != 0);
  const uint64_t magnitude = integer + (away ? 1 : 0);
  if (magnitude > (negative ? 0x80000000ull : 0x7fffffffull)) return invalid(fpscr::kVXCVI, saturated);
  const int64_t word = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
  const bool inexact = remainder != 0;
  return FpOutcome{to_register(word), true, inexact ? fpscr::kXX : 0,
                   (inexact ? fpscr::kFI : 0) | (away ? fpscr::kFR : 0), fpscr::kFR | fpscr::kFI};
}

FpOutcome ReciprocalEstimateSingle(uint64_t b, uint32_t fpscr_value) {
  FpOutcome out;
  if (HandleNaNs({b}, Precision::kSingle, fpscr_value, 0, out)) return out;
  if (IsZero(b)) return ZeroDivide(IsNegative(b), fpscr_value);
  if (IsInfinity(b)) return ExactResult(SignedZero(IsNegative(b)), Precision::kSingle);
  // The double step delivers its disabled overflow/underflow results (only
  // reachable for operands far outside single range); the enabled
  // adjustments belong to the single-precision result.
  const uint32_t double_step_fpscr = fpscr_value & ~(fpscr::kOE | fpscr::kUE);
  const FpOutcome reciprocal = Divide(kOne, b, Precision::kDouble, double_step_fpscr);
  return Chained(reciprocal, RoundToSingle(reciprocal.value, fpscr_value));
}

FpOutcome ReciprocalSquareRootEstimate(uint64_t b, uint32_t fpscr_value) {
  FpOutcome out;
  if (HandleNaNs({b}, Precision::kDouble, fpscr_value, 0, out)) return out;
  if (IsZero(b)) return ZeroDivide(IsNegative(b), fpscr_value);
  if (IsNegative(b)) return InvalidOperation(fpscr::kVXSQRT, fpscr_value);
  if (IsInfinity(b)) return ExactResult(0, Precision::kDouble);
  const FpOutcome root = SquareRoot(b, Precision::kDouble, fpscr_value);
  return Chained(root, Divide(kOne, root.value, Precision::kDouble, fpscr_value));
}

CompareOutcome Compare(uint64_t a, uint64_t b, bool ordered, uint32_t fpscr_value) {
  CompareOutcome out;
  if (IsNaN(a) || IsNaN(b)) {
    out.condition = 1;  // FU
    const bool signaling = IsSignalingNaN(a) || IsSignalingNaN(b);
    if (signaling) out.exceptions |= fpscr::kVXSNAN;
    // fcmpo: an SNaN signals VXVC only when invalid exceptions are disabled
    // (with VE=1 the VXSNAN interrupt comes first); a QNaN always does.
    if (ordered && (!signaling || !(fpscr_value & fpscr::kVE))) out.exceptions |= fpscr::kVXVC;
    return out;
  }
  // Integer compare of sign-magnitude patterns: exact, and independent of
  // the host's denormals-are-zero setting. +0 and -0 compare equal.
  const auto key = [](uint64_t bits) {
    const auto magnitude = static_cast<int64_t>(Magnitude(bits));
    return IsNegative(bits) ? -magnitude : magnitude;
  };
  const int64_t ka = key(a);
  const int64_t kb = key(b);
  out.condition = ka < kb ? 8 : ka > kb ? 4 : 2;
  return out;
}

}  // namespace pvppc::cpu::fpu
