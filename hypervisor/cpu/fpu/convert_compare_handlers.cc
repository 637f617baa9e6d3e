// Rounding, conversion and comparison: frsp, fctiw, fctiwz, fcmpu, fcmpo
// (Power ISA Book I "Floating-Point Rounding and Conversion Instructions",
// "Floating-Point Compare Instructions").
#include <cstdint>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/fpu/commit.h"
#include "hypervisor/cpu/fpu/fast_path.h"
#include "hypervisor/cpu/fpu/fpu_handlers.h"
#include "hypervisor/cpu/fpu/operations.h"

namespace pvppc::cpu::fpu {
namespace {

inline bool ConvertToWord(Core& core, const DecodedOp& op, bool toward_zero) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const RoundingMode mode = toward_zero ? RoundingMode::kTowardZero : RoundingModeOf(s.fpscr);
  return Commit(core, op, op.insn.rt(), ConvertToInt32(s.fpr[op.insn.rb()], mode, s.fpscr));
}

// fcmpu/fcmpo write CR field BF and FPSCR[FPCC] even when the invalid
// operation they signal is enabled (Power ISA Book I, "Invalid Operation
// Exception": "FPCC is set to reflect unordered"). They have no Rc bit.
inline bool CompareHandler(Core& core, const DecodedOp& op, bool ordered) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const CompareOutcome out = Compare(s.fpr[op.insn.ra()], s.fpr[op.insn.rb()], ordered, s.fpscr);
  s.set_cr_field(op.insn.crfd(), out.condition);
  constexpr int kFpccShift = 12;  // FPSCR bits 16-19
  s.fpscr = UpdatedFpscr(s.fpscr, out.exceptions, out.condition << kFpccShift, fpscr::kFPCC);
  if (AnyEnabled(out.exceptions, s.fpscr) && FpExceptionsInterrupt(s)) {
    return RaiseEnabledException(core, op);
  }
  return true;
}

}  // namespace

bool Frsp(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  const uint64_t b = s.fpr[op.insn.rb()];
  // A normal double in single range rounds inline; the ternary of the input
  // itself is "exact".
  if (fast::FinishSingle(b, [] { return 0; }, s.fpscr, s.fpr[op.insn.rt()])) {
    if (op.insn.rc()) RecordCr1(s);
    return true;
  }
  return Commit(core, op, op.insn.rt(), RoundToSingle(b, s.fpscr));
}

bool Fctiw(Core& core, const DecodedOp& op) { return ConvertToWord(core, op, false); }
bool Fctiwz(Core& core, const DecodedOp& op) { return ConvertToWord(core, op, true); }
bool Fcmpu(Core& core, const DecodedOp& op) { return CompareHandler(core, op, false); }
bool Fcmpo(Core& core, const DecodedOp& op) { return CompareHandler(core, op, true); }

}  // namespace pvppc::cpu::fpu
