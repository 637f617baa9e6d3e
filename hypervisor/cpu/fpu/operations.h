// The complete semantics of each floating-point computation, as pure
// functions of the operand bit patterns and the FPSCR: special operands,
// NaN propagation, invalid operations, exact arithmetic and the single
// architected rounding.
//
// This is the reference implementation. The handlers try an inline fast
// path first (fast_path.h) and fall back to these, which handle every case;
// tests check the two agree.
#pragma once

#include <cstdint>

#include "hypervisor/cpu/fpu/outcome.h"

namespace pvppc::cpu::fpu {

// fadd(s)/fsub(s): a + b or a - b. NaN priority: FRA, FRB.
FpOutcome Add(uint64_t a, uint64_t b, Precision precision, uint32_t fpscr_value);
FpOutcome Subtract(uint64_t a, uint64_t b, Precision precision, uint32_t fpscr_value);

// fmul(s): a * c. NaN priority: FRA, FRC.
FpOutcome Multiply(uint64_t a, uint64_t c, Precision precision, uint32_t fpscr_value);

// fdiv(s): a / b. NaN priority: FRA, FRB.
FpOutcome Divide(uint64_t a, uint64_t b, Precision precision, uint32_t fpscr_value);

// fsqrt(s).
FpOutcome SquareRoot(uint64_t b, Precision precision, uint32_t fpscr_value);

enum class MultiplyAddKind : uint8_t {
  kAdd,               // fmadd:   a*c + b
  kSubtract,          // fmsub:   a*c - b
  kNegativeAdd,       // fnmadd: -(a*c + b)
  kNegativeSubtract,  // fnmsub: -(a*c - b)
};

// The multiply-add family, rounded once. NaN priority: FRA, FRB, FRC.
FpOutcome MultiplyAdd(uint64_t a, uint64_t c, uint64_t b, MultiplyAddKind kind,
                      Precision precision, uint32_t fpscr_value);

// frsp.
FpOutcome RoundToSingle(uint64_t b, uint32_t fpscr_value);

// fctiw (mode = FPSCR[RN]) and fctiwz (mode = toward zero).
FpOutcome ConvertToInt32(uint64_t b, RoundingMode mode, uint32_t fpscr_value);

// fres: the estimate is the reciprocal computed in double precision and
// rounded to single, both under FPSCR[RN] (what qemu computes; far inside
// the architected 1/256 relative error).
FpOutcome ReciprocalEstimateSingle(uint64_t b, uint32_t fpscr_value);

// frsqrte: the estimate is 1 / sqrt(b), each step rounded to double under
// FPSCR[RN] (what qemu computes; inside the architected 1/32).
FpOutcome ReciprocalSquareRootEstimate(uint64_t b, uint32_t fpscr_value);

// fcmpu/fcmpo: the 4-bit condition (LT GT EQ UN) for the CR field and FPCC,
// and the invalid-operation bits signaled.
struct CompareOutcome {
  uint32_t condition = 0;
  uint32_t exceptions = 0;
};
CompareOutcome Compare(uint64_t a, uint64_t b, bool ordered, uint32_t fpscr_value);

}  // namespace pvppc::cpu::fpu
