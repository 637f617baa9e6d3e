// System-level instructions as user mode sees them: sc, traps, SPR moves,
// time base, storage barriers and cache management, and the two exits every
// instruction the core does not execute itself ends in: privileged (the
// hypervisor emulates it) and illegal.
#include <cstdint>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/exec/handlers.h"

namespace pvppc::cpu::exec {
namespace {

// SPR numbers user mode may use (Book E "Special Purpose Registers";
// PPC440x5 UM, table "Special Purpose Registers Sorted by SPR Number").
constexpr uint32_t kSprXer = 1;
constexpr uint32_t kSprLr = 8;
constexpr uint32_t kSprCtr = 9;
constexpr uint32_t kSprUsprg0 = 256;
constexpr uint32_t kSprSprg4Read = 260;  // SPRG4-7 read-only at 260-263
constexpr uint32_t kSprTblRead = 268;
constexpr uint32_t kSprTbuRead = 269;

// An SPR number with bit 0x10 set (spr[5] in the manuals' split numbering) is
// privileged: user access takes a Privileged Instruction exception. Others
// that the core lacks are illegal.
constexpr bool IsPrivilegedSpr(uint32_t spr) { return (spr & 0x10) != 0; }

// TO bits: lt, gt, eq (signed), lt, gt (unsigned).
inline bool TrapCondition(uint32_t to, uint32_t a, uint32_t b) {
  const int32_t sa = static_cast<int32_t>(a);
  const int32_t sb = static_cast<int32_t>(b);
  return ((to & 0x10) && sa < sb) || ((to & 0x08) && sa > sb) || ((to & 0x04) && a == b) ||
         ((to & 0x02) && a < b) || ((to & 0x01) && a > b);
}

}  // namespace

bool Sc(Core& core, const DecodedOp& op) { return core.system_call(op); }

bool Tw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (TrapCondition(op.insn.to(), s.gpr[op.insn.ra()], s.gpr[op.insn.rb()])) {
    return core.raise_program(op, esr::kPTR);
  }
  return true;
}

bool Twi(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (TrapCondition(op.insn.to(), s.gpr[op.insn.ra()], static_cast<uint32_t>(op.insn.simm()))) {
    return core.raise_program(op, esr::kPTR);
  }
  return true;
}

bool Mfspr(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t spr = op.insn.spr();
  uint32_t value;
  switch (spr) {
    case kSprXer: value = s.xer(); break;
    case kSprLr: value = s.lr; break;
    case kSprCtr: value = s.ctr; break;
    case kSprUsprg0: value = s.usprg0; break;
    case kSprSprg4Read:
    case kSprSprg4Read + 1:
    case kSprSprg4Read + 2:
    case kSprSprg4Read + 3: value = s.sprg4_7[spr - kSprSprg4Read]; break;
    case kSprTblRead: value = static_cast<uint32_t>(core.read_time_base()); break;
    case kSprTbuRead: value = static_cast<uint32_t>(core.read_time_base() >> 32); break;
    default:
      return core.raise_program(op, IsPrivilegedSpr(spr) ? esr::kPPR : esr::kPIL);
  }
  s.gpr[op.insn.rt()] = value;
  return true;
}

bool Mtspr(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t spr = op.insn.spr();
  const uint32_t value = s.gpr[op.insn.rs()];
  switch (spr) {
    case kSprXer: s.set_xer(value); return true;
    case kSprLr: s.lr = value; return true;
    case kSprCtr: s.ctr = value; return true;
    case kSprUsprg0: s.usprg0 = value; return true;
    default:
      return core.raise_program(op, IsPrivilegedSpr(spr) ? esr::kPPR : esr::kPIL);
  }
}

// mftb (31/371), kept for code built for classic PowerPC; Book E reads the
// time base through mfspr 268/269.
bool Mftb(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t tbr = op.insn.spr();
  if (tbr != kSprTblRead && tbr != kSprTbuRead) return core.raise_program(op, esr::kPIL);
  const uint64_t tb = core.read_time_base();
  s.gpr[op.insn.rt()] = static_cast<uint32_t>(tbr == kSprTblRead ? tb : tb >> 32);
  return true;
}

// Storage barriers and touch hints: the interpreter performs accesses in
// program order, so msync/mbar/dcbt/dcbtst/icbt/dcba have nothing to do. The
// 440 never faults on the touch hints (PPC440x5 UM, "dcbt").
bool Nop(Core&, const DecodedOp&) { return true; }

// isync is context synchronizing: it is decoded as the last op of its block,
// so that any pending icbi takes effect before the next instruction is fetched.
bool Isync(Core&, const DecodedOp&) { return true; }

// dcbst/dcbf are treated as loads for translation and protection (Book E).
bool Dcbst(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  uint64_t paddr;
  return core.probe(RegOrZero(s, op.insn.ra()) + s.gpr[op.insn.rb()], memory::Access::kRead, op,
                    paddr);
}
bool Dcbf(Core& core, const DecodedOp& op) { return Dcbst(core, op); }

bool Dcbz(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return core.zero_cache_line(RegOrZero(s, op.insn.ra()) + s.gpr[op.insn.rb()], op);
}

bool Icbi(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return core.invalidate_instruction_line(RegOrZero(s, op.insn.ra()) + s.gpr[op.insn.rb()], op);
}

bool Privileged(Core& core, const DecodedOp& op) { return core.raise_program(op, esr::kPPR); }

bool Illegal(Core& core, const DecodedOp& op) { return core.raise_program(op, esr::kPIL); }

}  // namespace pvppc::cpu::exec
