// Branches (Book E "Branch Instructions"). Every branch ends its block:
// the handler writes the next pc to state().pc and returns false.
#include <cstdint>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/exec/handlers.h"

namespace pvppc::cpu::exec {
namespace {

// BO field bits (bit 0 = 0x10): 0 ignore the CR bit, 1 the value it must have,
// 2 do not decrement CTR, 3 branch when CTR = 0 (else CTR != 0), 4 a hint.
constexpr uint32_t kBoIgnoreCr = 0x10;
constexpr uint32_t kBoCrValue = 0x08;
constexpr uint32_t kBoKeepCtr = 0x04;
constexpr uint32_t kBoCtrZero = 0x02;

inline bool ConditionHolds(CpuState& s, const DecodedOp& op, bool may_use_ctr) {
  const uint32_t bo = op.insn.bo();
  bool ctr_ok = true;
  if (!(bo & kBoKeepCtr) && may_use_ctr) {
    --s.ctr;
    ctr_ok = (s.ctr == 0) == ((bo & kBoCtrZero) != 0);
  }
  const bool cr_ok = (bo & kBoIgnoreCr) || s.cr_bit(op.insn.bi()) == ((bo & kBoCrValue) != 0);
  return ctr_ok && cr_ok;
}

inline bool Jump(CpuState& s, const DecodedOp& op, bool taken, uint32_t target) {
  const uint32_t next = op.pc + 4;
  if (op.insn.lk()) s.lr = next;
  s.pc = taken ? target : next;
  return false;
}

}  // namespace

bool B(Core& core, const DecodedOp& op) {
  const uint32_t offset = static_cast<uint32_t>(op.insn.li());
  return Jump(core.state(), op, true, op.insn.aa() ? offset : op.pc + offset);
}

bool Bc(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t offset = static_cast<uint32_t>(op.insn.bd());
  const bool taken = ConditionHolds(s, op, true);
  return Jump(s, op, taken, op.insn.aa() ? offset : op.pc + offset);
}

bool Bclr(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t target = s.lr & ~3u;  // read before LK overwrites LR
  const bool taken = ConditionHolds(s, op, true);
  return Jump(s, op, taken, target);
}

// bcctr with BO[2]=0 is an invalid form (it would decrement the register it
// branches through); the 440 does not decrement CTR for it, nor do we.
bool Bcctr(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const bool taken = ConditionHolds(s, op, false);
  return Jump(s, op, taken, s.ctr & ~3u);
}

}  // namespace pvppc::cpu::exec
