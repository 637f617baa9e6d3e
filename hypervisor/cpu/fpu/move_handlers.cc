// Moves and select: fmr, fneg, fabs, fnabs, fsel (Power ISA Book I
// "Floating-Point Move Instructions", "Floating-Point Select").
//
// They copy bit patterns: no rounding, no NaN quieting, no FPSCR change (an
// SNaN moves unchanged and signals nothing). Rc=1 still copies FPSCR[FX FEX
// VX OX] into CR1.
#include <cstdint>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/fpu/commit.h"
#include "hypervisor/cpu/fpu/float_bits.h"
#include "hypervisor/cpu/fpu/fpu_handlers.h"

namespace pvppc::cpu::fpu {
namespace {

template <typename Transform>
inline bool Move(Core& core, const DecodedOp& op, Transform transform) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  s.fpr[op.insn.rt()] = transform(s.fpr[op.insn.rb()]);
  if (op.insn.rc()) RecordCr1(s);
  return true;
}

}  // namespace

bool Fmr(Core& core, const DecodedOp& op) {
  return Move(core, op, [](uint64_t b) { return b; });
}
bool Fneg(Core& core, const DecodedOp& op) {
  return Move(core, op, [](uint64_t b) { return b ^ kSignBit; });
}
bool Fabs(Core& core, const DecodedOp& op) {
  return Move(core, op, [](uint64_t b) { return b & ~kSignBit; });
}
bool Fnabs(Core& core, const DecodedOp& op) {
  return Move(core, op, [](uint64_t b) { return b | kSignBit; });
}

// fsel FRT,FRA,FRC,FRB: FRC when FRA >= 0 (either zero counts), FRB when FRA
// is negative or a NaN.
bool Fsel(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const uint64_t a = s.fpr[op.insn.ra()];
  const bool select_c = !IsNaN(a) && (!IsNegative(a) || IsZero(a));
  s.fpr[op.insn.rt()] = select_c ? s.fpr[op.insn.frc()] : s.fpr[op.insn.rb()];
  if (op.insn.rc()) RecordCr1(s);
  return true;
}

}  // namespace pvppc::cpu::fpu
