// FPSCR instructions: mffs, mtfsf, mtfsfi, mtfsb0, mtfsb1, mcrfs (Power ISA
// Book I "Floating-Point Status and Control Register Instructions").
//
// FEX and VX are summaries: no instruction sets or clears them directly,
// they are recomputed after every change. mtfsf and mtfsfi set FX only as
// their operand says; mtfsb1 of an exception bit that was 0 also sets FX.
#include <cstdint>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/fpu/commit.h"
#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/fpu/fpu_handlers.h"

namespace pvppc::cpu::fpu {
namespace {

// The mask of 4-bit FPSCR field `n` (field 0 = bits 0-3).
constexpr uint32_t FieldMask(uint32_t n) { return 0xf0000000u >> (4 * n); }

// Installs a new FPSCR value written by an FPSCR instruction. If it leaves an
// enabled exception pending (FEX=1) under MSR[FE0 FE1] != 0, the instruction
// takes the Floating-Point Enabled exception after completing, which is how
// software raises one on purpose (e.g. mtfsb1 VXSOFT with VE=1).
inline bool WriteFpscr(Core& core, const DecodedOp& op, uint32_t value, bool may_interrupt) {
  CpuState& s = core.state();
  s.fpscr = WithSummaries(value);
  if (op.insn.rc()) RecordCr1(s);
  if (may_interrupt && (s.fpscr & fpscr::kFEX) && FpExceptionsInterrupt(s)) {
    return RaiseEnabledException(core, op);
  }
  return true;
}

}  // namespace

// mffs: FRT[32:63] = FPSCR; FRT[0:31] is undefined and reads as 0, as on
// qemu-ppc. Bits 11-20 are reserved on the 440; Power ISA 3.0 encodes
// mffsce, mffscdrn(i), mffscrn(i) and mffsl there. The 440 executes such
// invalid forms without an Illegal Instruction exception (PPC440x5 UM,
// "Instruction Formats": reserved fields), i.e. as plain mffs, and glibc
// relies on exactly that: its static libm issues mffsl, noting that older
// cores decode it as mffs, whose result is a superset. (qemu-ppc raises
// SIGILL for them on 32-bit CPUs.)
bool Mffs(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  s.fpr[op.insn.rt()] = s.fpscr;
  if (op.insn.rc()) RecordCr1(s);
  return true;
}

// mtfsf FLM,FRB: the fields selected by FLM take FRB[32:63]'s fields. The
// L and W bits of later ISAs (bits 6 and 15) are reserved on the 440 and
// ignored.
bool Mtfsf(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const uint32_t field_select = op.insn.fm();
  uint32_t mask = 0;
  for (uint32_t n = 0; n < 8; ++n) {
    if (field_select & (0x80u >> n)) mask |= FieldMask(n);
  }
  const auto source = static_cast<uint32_t>(s.fpr[op.insn.rb()]);
  return WriteFpscr(core, op, (s.fpscr & ~mask) | (source & mask), true);
}

// mtfsfi BF,U: field BF = U (for field 0 this sets FX explicitly).
bool Mtfsfi(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const uint32_t field = op.insn.crfd();
  const uint32_t shift = 28 - 4 * field;
  return WriteFpscr(core, op, (s.fpscr & ~FieldMask(field)) | (op.insn.u_imm() << shift), true);
}

// mtfsb0 BT: clears bit BT (a no-op for FEX and VX).
bool Mtfsb0(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  return WriteFpscr(core, op, s.fpscr & ~fpscr::Bit(static_cast<int>(op.insn.crbd())), false);
}

// mtfsb1 BT: sets bit BT (a no-op for FEX and VX); an exception bit going
// from 0 to 1 sets FX too.
bool Mtfsb1(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const uint32_t bit = fpscr::Bit(static_cast<int>(op.insn.crbd()));
  uint32_t value = s.fpscr | bit;
  if (bit & fpscr::kExceptionBits & ~s.fpscr) value |= fpscr::kFX;
  return WriteFpscr(core, op, value, true);
}

// mcrfs BF,BFA: CR field BF = FPSCR field BFA, then the exception bits of
// that field (FX, OX, UX, ZX, XX, VX*; not FEX or VX) are cleared.
bool Mcrfs(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const uint32_t source = op.insn.crfs();
  s.set_cr_field(op.insn.crfd(), (s.fpscr >> (28 - 4 * source)) & 0xf);
  const uint32_t cleared = (fpscr::kFX | fpscr::kExceptionBits) & FieldMask(source);
  s.fpscr = WithSummaries(s.fpscr & ~cleared);
  return true;
}

}  // namespace pvppc::cpu::fpu
