// What one floating-point instruction does to the architected state, before
// it is applied: the target value (or not), the exception conditions it
// signals, and the FR/FI/FPRF status it leaves.
//
// Keeping this separate from the CPU lets the arithmetic be tested as pure
// functions and lets every instruction share one commit step (commit.h).
#pragma once

#include <cstdint>

#include "hypervisor/cpu/fpu/float_bits.h"
#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/rounding.h"

namespace pvppc::cpu::fpu {

struct FpOutcome {
  uint64_t value = 0;        // the target FPR, when write_target
  bool write_target = false;
  uint32_t exceptions = 0;   // signaled conditions among OX UX ZX XX and VX*
  uint32_t status = 0;       // new values of the bits in status_mask
  uint32_t status_mask = 0;  // which of FR FI FPRF (or FPCC alone) are replaced
};

constexpr FpOutcome FromRounded(const Rounded& r) {
  return FpOutcome{r.bits, true, r.exceptions, r.status, fpscr::kResultStatus};
}

// An exact result that needs no rounding: a zero or an infinity.
constexpr FpOutcome ExactResult(uint64_t bits, Precision precision) {
  return FpOutcome{bits, true, 0, ResultClass(bits, precision), fpscr::kResultStatus};
}

// A NaN operand propagated: quieted, and for single-precision results cut to
// the single format's fraction (Power ISA Book I, "Floating-Point Execution
// Models": a NaN rounded to single keeps the high-order fraction bits).
constexpr FpOutcome PropagatedNaN(uint64_t nan, Precision precision) {
  uint64_t value = Quieted(nan);
  if (precision == Precision::kSingle) value &= ~kSingleDroppedMask;
  return FpOutcome{value, true, 0, fprf::kQuietNaN, fpscr::kResultStatus};
}

// An invalid operation (Power ISA Book I, "Invalid Operation Exception"):
// with VE=1 the target and FPRF are left alone; with VE=0 the target gets the
// default QNaN. FR and FI are cleared either way.
constexpr FpOutcome InvalidOperation(uint32_t invalid_bits, uint32_t fpscr_value) {
  if (fpscr_value & fpscr::kVE) {
    return FpOutcome{0, false, invalid_bits, 0, fpscr::kFR | fpscr::kFI};
  }
  return FpOutcome{kDefaultQuietNaN, true, invalid_bits, fprf::kQuietNaN, fpscr::kResultStatus};
}

// A NaN operand among the inputs: VXSNAN when one is signaling, and then the
// enabled-invalid rule; otherwise the NaN (the first one in the instruction's
// priority order) is the result.
constexpr FpOutcome NaNOperand(uint64_t first_nan, bool any_signaling, Precision precision,
                               uint32_t fpscr_value) {
  if (any_signaling && (fpscr_value & fpscr::kVE)) {
    return InvalidOperation(fpscr::kVXSNAN, fpscr_value);
  }
  FpOutcome out = PropagatedNaN(first_nan, precision);
  if (any_signaling) out.exceptions |= fpscr::kVXSNAN;
  return out;
}

// Zero divide (Power ISA Book I, "Zero Divide Exception"): with ZE=1 the
// target and FPRF are left alone, FR and FI cleared; with ZE=0 the result is
// a correctly signed infinity.
constexpr FpOutcome ZeroDivide(bool negative, uint32_t fpscr_value) {
  if (fpscr_value & fpscr::kZE) return FpOutcome{0, false, fpscr::kZX, 0, fpscr::kFR | fpscr::kFI};
  const uint64_t inf = SignedInfinity(negative);
  return FpOutcome{inf, true, fpscr::kZX, ResultClass(inf, Precision::kDouble), fpscr::kResultStatus};
}

// fnmadd/fnmsub: the rounded result is negated; NaN results keep their sign
// (Power ISA Book I, fnmadd: "QNaNs propagate with no effect on their sign").
constexpr FpOutcome NegatedUnlessNaN(FpOutcome out) {
  if (!out.write_target || IsNaN(out.value)) return out;
  out.value ^= kSignBit;
  out.status = (out.status & ~fpscr::kFPRF) | fprf::Negated(out.status & fpscr::kFPRF);
  return out;
}

}  // namespace pvppc::cpu::fpu
