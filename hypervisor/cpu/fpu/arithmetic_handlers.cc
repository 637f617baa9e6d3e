// Floating-point arithmetic instructions (Power ISA Book I "Floating-Point
// Arithmetic Instructions", "Floating-Point Multiply-Add Instructions";
// PPC440x5 FPU: opcode 59 single, opcode 63 double, A-form).
//
// Each handler tries the inline host fast path (fast_path.h) and otherwise
// runs the reference semantics (operations.h) and commits the outcome.
#include <cstdint>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/fpu/commit.h"
#include "hypervisor/cpu/fpu/fast_path.h"
#include "hypervisor/cpu/fpu/fpu_handlers.h"
#include "hypervisor/cpu/fpu/operations.h"

namespace pvppc::cpu::fpu {
namespace {

constexpr auto kDouble = Precision::kDouble;
constexpr auto kSingle = Precision::kSingle;

// The part every arithmetic handler shares: FP available, then either the
// fast path wrote FRT and the FPSCR (only Rc remains), or the reference
// outcome is committed.
template <typename FastPath, typename Reference>
inline bool Execute(Core& core, const DecodedOp& op, FastPath fast_path, Reference reference) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  if (fast_path(s)) {
    if (op.insn.rc()) RecordCr1(s);
    return true;
  }
  return Commit(core, op, op.insn.rt(), reference(s));
}

constexpr auto kNoFastPath = [](CpuState&) { return false; };

template <Precision P, bool kSubtract>
inline bool AddOrSubtract(Core& core, const DecodedOp& op) {
  return Execute(
      core, op,
      [&](CpuState& s) {
        const uint64_t b = s.fpr[op.insn.rb()];
        return fast::TryAdd<P>(s.fpr[op.insn.ra()], kSubtract ? b ^ kSignBit : b, s.fpscr,
                               s.fpr[op.insn.rt()]);
      },
      [&](const CpuState& s) {
        const uint64_t a = s.fpr[op.insn.ra()];
        const uint64_t b = s.fpr[op.insn.rb()];
        return kSubtract ? Subtract(a, b, P, s.fpscr) : Add(a, b, P, s.fpscr);
      });
}

template <Precision P>
inline bool MultiplyHandler(Core& core, const DecodedOp& op) {
  return Execute(
      core, op,
      [&](CpuState& s) {
        return fast::TryMultiply<P>(s.fpr[op.insn.ra()], s.fpr[op.insn.frc()], s.fpscr,
                                    s.fpr[op.insn.rt()]);
      },
      [&](const CpuState& s) {
        return Multiply(s.fpr[op.insn.ra()], s.fpr[op.insn.frc()], P, s.fpscr);
      });
}

template <Precision P>
inline bool DivideHandler(Core& core, const DecodedOp& op) {
  return Execute(
      core, op,
      [&](CpuState& s) {
        return fast::TryDivide<P>(s.fpr[op.insn.ra()], s.fpr[op.insn.rb()], s.fpscr,
                                  s.fpr[op.insn.rt()]);
      },
      [&](const CpuState& s) { return Divide(s.fpr[op.insn.ra()], s.fpr[op.insn.rb()], P, s.fpscr); });
}

template <Precision P>
inline bool SquareRootHandler(Core& core, const DecodedOp& op) {
  return Execute(
      core, op,
      [&](CpuState& s) {
        return fast::TrySquareRoot<P>(s.fpr[op.insn.rb()], s.fpscr, s.fpr[op.insn.rt()]);
      },
      [&](const CpuState& s) { return SquareRoot(s.fpr[op.insn.rb()], P, s.fpscr); });
}

template <Precision P, MultiplyAddKind Kind>
inline bool MultiplyAddHandler(Core& core, const DecodedOp& op) {
  constexpr bool kSubtract =
      Kind == MultiplyAddKind::kSubtract || Kind == MultiplyAddKind::kNegativeSubtract;
  constexpr bool kNegate =
      Kind == MultiplyAddKind::kNegativeAdd || Kind == MultiplyAddKind::kNegativeSubtract;
  return Execute(
      core, op,
      [&](CpuState& s) {
        const uint64_t b = s.fpr[op.insn.rb()];
        return fast::TryMultiplyAdd<P>(s.fpr[op.insn.ra()], s.fpr[op.insn.frc()],
                                       kSubtract ? b ^ kSignBit : b, kNegate, s.fpscr,
                                       s.fpr[op.insn.rt()]);
      },
      [&](const CpuState& s) {
        return MultiplyAdd(s.fpr[op.insn.ra()], s.fpr[op.insn.frc()], s.fpr[op.insn.rb()], Kind,
                           P, s.fpscr);
      });
}

}  // namespace

bool Fadd(Core& c, const DecodedOp& op) { return AddOrSubtract<kDouble, false>(c, op); }
bool Fadds(Core& c, const DecodedOp& op) { return AddOrSubtract<kSingle, false>(c, op); }
bool Fsub(Core& c, const DecodedOp& op) { return AddOrSubtract<kDouble, true>(c, op); }
bool Fsubs(Core& c, const DecodedOp& op) { return AddOrSubtract<kSingle, true>(c, op); }
bool Fmul(Core& c, const DecodedOp& op) { return MultiplyHandler<kDouble>(c, op); }
bool Fmuls(Core& c, const DecodedOp& op) { return MultiplyHandler<kSingle>(c, op); }
bool Fdiv(Core& c, const DecodedOp& op) { return DivideHandler<kDouble>(c, op); }
bool Fdivs(Core& c, const DecodedOp& op) { return DivideHandler<kSingle>(c, op); }
bool Fsqrt(Core& c, const DecodedOp& op) { return SquareRootHandler<kDouble>(c, op); }
bool Fsqrts(Core& c, const DecodedOp& op) { return SquareRootHandler<kSingle>(c, op); }

bool Fmadd(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kDouble, MultiplyAddKind::kAdd>(c, op);
}
bool Fmadds(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kSingle, MultiplyAddKind::kAdd>(c, op);
}
bool Fmsub(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kDouble, MultiplyAddKind::kSubtract>(c, op);
}
bool Fmsubs(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kSingle, MultiplyAddKind::kSubtract>(c, op);
}
bool Fnmadd(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kDouble, MultiplyAddKind::kNegativeAdd>(c, op);
}
bool Fnmadds(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kSingle, MultiplyAddKind::kNegativeAdd>(c, op);
}
bool Fnmsub(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kDouble, MultiplyAddKind::kNegativeSubtract>(c, op);
}
bool Fnmsubs(Core& c, const DecodedOp& op) {
  return MultiplyAddHandler<kSingle, MultiplyAddKind::kNegativeSubtract>(c, op);
}

// The estimates (fres is opcode 59, frsqrte opcode 63): see operations.h for
// what they compute.
bool Fres(Core& c, const DecodedOp& op) {
  return Execute(c, op, kNoFastPath, [&](const CpuState& s) {
    return ReciprocalEstimateSingle(s.fpr[op.insn.rb()], s.fpscr);
  });
}
bool Frsqrte(Core& c, const DecodedOp& op) {
  return Execute(c, op, kNoFastPath, [&](const CpuState& s) {
    return ReciprocalSquareRootEstimate(s.fpr[op.insn.rb()], s.fpscr);
  });
}

}  // namespace pvppc::cpu::fpu
