// Logical, rotate, shift, sign-extend and count instructions (Book E
// "Integer Logical / Rotate / Shift Instructions"). X-form results go to rA
// (the rS field names the source); Rc=1 sets CR0.
#include <bit>
#include <cstdint>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/exec/handlers.h"

namespace pvppc::cpu::exec {
namespace {

inline bool WriteRa(CpuState& s, const DecodedOp& op, uint32_t value) {
  s.gpr[op.insn.ra()] = value;
  if (op.insn.rc()) SetCr0(s, value);
  return true;
}

// Logical X-form instruction from a binary operator on (rS, rB).
template <uint32_t (*Operation)(uint32_t, uint32_t)>
inline bool LogicalX(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return WriteRa(s, op, Operation(s.gpr[op.insn.rs()], s.gpr[op.insn.rb()]));
}

constexpr uint32_t OpAnd(uint32_t a, uint32_t b) { return a & b; }
constexpr uint32_t OpAndc(uint32_t a, uint32_t b) { return a & ~b; }
constexpr uint32_t OpOr(uint32_t a, uint32_t b) { return a | b; }
constexpr uint32_t OpOrc(uint32_t a, uint32_t b) { return a | ~b; }
constexpr uint32_t OpXor(uint32_t a, uint32_t b) { return a ^ b; }
constexpr uint32_t OpNand(uint32_t a, uint32_t b) { return ~(a & b); }
constexpr uint32_t OpNor(uint32_t a, uint32_t b) { return ~(a | b); }
constexpr uint32_t OpEqv(uint32_t a, uint32_t b) { return ~(a ^ b); }

}  // namespace

bool Ori(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.ra()] = s.gpr[op.insn.rs()] | op.insn.uimm();
  return true;
}
bool Oris(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.ra()] = s.gpr[op.insn.rs()] | (op.insn.uimm() << 16);
  return true;
}
bool Xori(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.ra()] = s.gpr[op.insn.rs()] ^ op.insn.uimm();
  return true;
}
bool Xoris(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.ra()] = s.gpr[op.insn.rs()] ^ (op.insn.uimm() << 16);
  return true;
}
// andi. and andis. always record (they have no Rc bit).
bool AndiRecord(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t value = s.gpr[op.insn.rs()] & op.insn.uimm();
  s.gpr[op.insn.ra()] = value;
  SetCr0(s, value);
  return true;
}
bool AndisRecord(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t value = s.gpr[op.insn.rs()] & (op.insn.uimm() << 16);
  s.gpr[op.insn.ra()] = value;
  SetCr0(s, value);
  return true;
}

bool And(Core& core, const DecodedOp& op) { return LogicalX<OpAnd>(core, op); }
bool Andc(Core& core, const DecodedOp& op) { return LogicalX<OpAndc>(core, op); }
bool Or(Core& core, const DecodedOp& op) { return LogicalX<OpOr>(core, op); }
bool Orc(Core& core, const DecodedOp& op) { return LogicalX<OpOrc>(core, op); }
bool Xor(Core& core, const DecodedOp& op) { return LogicalX<OpXor>(core, op); }
bool Nand(Core& core, const DecodedOp& op) { return LogicalX<OpNand>(core, op); }
bool Nor(Core& core, const DecodedOp& op) { return LogicalX<OpNor>(core, op); }
bool Eqv(Core& core, const DecodedOp& op) { return LogicalX<OpEqv>(core, op); }

bool Extsb(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return WriteRa(s, op, static_cast<uint32_t>(static_cast<int8_t>(s.gpr[op.insn.rs()])));
}
bool Extsh(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return WriteRa(s, op, static_cast<uint32_t>(static_cast<int16_t>(s.gpr[op.insn.rs()])));
}
bool Cntlzw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return WriteRa(s, op, static_cast<uint32_t>(std::countl_zero(s.gpr[op.insn.rs()])));
}

// The rotate mask comes decoded in op.aux (decoder.cc).
bool Rlwimi(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t mask = op.aux;
  const uint32_t rotated = RotateLeft(s.gpr[op.insn.rs()], op.insn.sh());
  return WriteRa(s, op, (rotated & mask) | (s.gpr[op.insn.ra()] & ~mask));
}
bool Rlwinm(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t mask = op.aux;
  return WriteRa(s, op, RotateLeft(s.gpr[op.insn.rs()], op.insn.sh()) & mask);
}
bool Rlwnm(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t mask = op.aux;
  return WriteRa(s, op, RotateLeft(s.gpr[op.insn.rs()], s.gpr[op.insn.rb()] & 31) & mask);
}

// Shifts use the low 6 bits of rB: amounts 32-63 shift everything out.
bool Slw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t amount = s.gpr[op.insn.rb()] & 63;
  return WriteRa(s, op, amount > 31 ? 0 : s.gpr[op.insn.rs()] << amount);
}
bool Srw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t amount = s.gpr[op.insn.rb()] & 63;
  return WriteRa(s, op, amount > 31 ? 0 : s.gpr[op.insn.rs()] >> amount);
}

// Algebraic shifts set CA when the source is negative and any 1 bits were
// shifted out.
inline bool ShiftRightAlgebraic(CpuState& s, const DecodedOp& op, uint32_t amount) {
  const int32_t source = static_cast<int32_t>(s.gpr[op.insn.rs()]);
  int32_t result;
  bool lost_ones;
  if (amount > 31) {
    result = source >> 31;
    lost_ones = source != 0;
  } else {
    result = source >> amount;
    lost_ones = amount != 0 && (static_cast<uint32_t>(source) << (32 - amount)) != 0;
  }
  s.xer_ca = source < 0 && lost_ones;
  return WriteRa(s, op, static_cast<uint32_t>(result));
}
bool Sraw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return ShiftRightAlgebraic(s, op, s.gpr[op.insn.rb()] & 63);
}
bool Srawi(Core& core, const DecodedOp& op) {
  return ShiftRightAlgebraic(core.state(), op, op.insn.sh());
}

// 440-specific (PPC440x5 UM, "dlmzb"): byte number (1-8) of the leftmost zero
// byte of rS||rB, or 8 when there is none; also into XER[TBC].
bool Dlmzb(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint64_t bytes = (uint64_t{s.gpr[op.insn.rs()]} << 32) | s.gpr[op.insn.rb()];
  uint32_t count = 8;
  bool found = false;
  for (uint32_t i = 0; i < 8; ++i) {
    if (((bytes >> (56 - 8 * i)) & 0xff) == 0) {
      count = i + 1;
      found = true;
      break;
    }
  }
  s.gpr[op.insn.ra()] = count;
  s.xer_byte_count = static_cast<uint8_t>(count);
  if (op.insn.rc()) {
    const uint32_t field = !found ? crbit::kEQ : count < 5 ? crbit::kGT : crbit::kLT;
    s.set_cr_field(0, field | s.xer_so);
  }
  return true;
}

}  // namespace pvppc::cpu::exec
