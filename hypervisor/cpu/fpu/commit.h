// Applying an instruction's outcome to the core, shared by every FPU handler:
// the FP-available check, the FPSCR update rules, Rc=1 recording into CR1,
// and the Floating-Point Enabled exception.
#pragma once

#include <cstdint>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/outcome.h"

namespace pvppc::cpu::fpu {

// Every FPU instruction, loads and stores included, takes the Floating-Point
// Unavailable interrupt when MSR[FP]=0 (Book E, "Floating-Point Unavailable
// Interrupt"); nothing is changed.
inline bool FpAvailable(const CpuState& s) { return (s.msr & msr::kFP) != 0; }

// Rc=1: CR1 gets FPSCR[FX FEX VX OX] (Power ISA Book I, "Condition Register").
inline void RecordCr1(CpuState& s) { s.set_cr_field(1, s.fpscr >> 28); }

// MSR[FE0 FE1] != 0 selects one of the modes where an enabled exception
// interrupts. The imprecise modes are treated as precise, which the
// architecture allows.
inline bool FpExceptionsInterrupt(const CpuState& s) {
  return (s.msr & (msr::kFE0 | msr::kFE1)) != 0;
}

// The Program interrupt of an enabled exception (ESR[FP]). The target and the
// FPSCR have already been updated as the architecture specifies for the
// enabled case; SRR0 will point at this instruction.
inline bool RaiseEnabledException(Core& core, const DecodedOp& op) {
  return core.raise(ExitReason::kProgram, op, esr::kFP);
}

// The new FPSCR for an instruction that signaled `exceptions` and produced
// status bits `status` under `status_mask`. FX is set when an exception bit
// goes from 0 to 1 (Power ISA Book I, FPSCR bit 0); FEX and VX follow.
constexpr uint32_t UpdatedFpscr(uint32_t old, uint32_t exceptions, uint32_t status,
                                uint32_t status_mask) {
  uint32_t next = (old & ~status_mask) | (status & status_mask) | exceptions;
  if (exceptions & ~old) next |= fpscr::kFX;
  return WithSummaries(next);
}

// Applies `out` with FRT = `target`. Returns false (after raising the exit)
// when an enabled exception interrupts.
inline bool Commit(Core& core, const DecodedOp& op, uint32_t target, const FpOutcome& out) {
  CpuState& s = core.state();
  s.fpscr = UpdatedFpscr(s.fpscr, out.exceptions, out.status, out.status_mask);
  if (out.write_target) s.fpr[target] = out.value;
  if (op.insn.rc()) RecordCr1(s);
  if (AnyEnabled(out.exceptions, s.fpscr) && FpExceptionsInterrupt(s)) {
    return RaiseEnabledException(core, op);
  }
  return true;
}

}  // namespace pvppc::cpu::fpu
