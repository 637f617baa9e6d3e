// Integer loads and stores (Book E "Integer Load/Store Instructions"): byte,
// halfword (zero and sign extending), word, with update and indexed forms,
// byte-reversed forms, and the lwarx/stwcx. reservation pair.
//
// A handler reads every operand before touching memory and writes registers
// only after the access succeeded, so a faulting access leaves the state as
// the interrupt expects it and the instruction can be restarted.
#include <cstdint>
#include <type_traits>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/exec/handlers.h"

namespace pvppc::cpu::exec {
namespace {

enum class Addressing { kDisplacement, kIndexed };

template <Addressing Mode>
inline uint32_t EffectiveAddress(const CpuState& s, const DecodedOp& op, bool update) {
  const uint32_t base = update ? s.gpr[op.insn.ra()] : RegOrZero(s, op.insn.ra());
  if constexpr (Mode == Addressing::kDisplacement) {
    return base + static_cast<uint32_t>(op.insn.simm());
  } else {
    return base + s.gpr[op.insn.rb()];
  }
}

template <typename T>
inline uint32_t Extend(T value) {
  if constexpr (std::is_signed_v<T>) {
    return static_cast<uint32_t>(static_cast<int32_t>(value));
  } else {
    return value;
  }
}

// Update forms with rA = 0 (and loads with rA = rT) are invalid forms; the
// 440 takes an Illegal Instruction exception for them, as does qemu.
template <typename T, Addressing Mode, bool Update>
inline bool Load(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if constexpr (Update) {
    if (op.insn.ra() == 0 || op.insn.ra() == op.insn.rt()) return core.raise_program(op, esr::kPIL);
  }
  const uint32_t ea = EffectiveAddress<Mode>(s, op, Update);
  std::make_unsigned_t<T> raw;
  if (!core.load(ea, raw, op)) return false;
  s.gpr[op.insn.rt()] = Extend(static_cast<T>(raw));
  if constexpr (Update) s.gpr[op.insn.ra()] = ea;
  return true;
}

template <typename T, Addressing Mode, bool Update>
inline bool Store(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if constexpr (Update) {
    if (op.insn.ra() == 0) return core.raise_program(op, esr::kPIL);
  }
  const uint32_t ea = EffectiveAddress<Mode>(s, op, Update);
  if (!core.store(ea, static_cast<T>(s.gpr[op.insn.rs()]), op)) return false;
  if constexpr (Update) s.gpr[op.insn.ra()] = ea;
  return true;
}

constexpr auto kD = Addressing::kDisplacement;
constexpr auto kX = Addressing::kIndexed;

}  // namespace

bool Lbz(Core& c, const DecodedOp& op) { return Load<uint8_t, kD, false>(c, op); }
bool Lbzu(Core& c, const DecodedOp& op) { return Load<uint8_t, kD, true>(c, op); }
bool Lbzx(Core& c, const DecodedOp& op) { return Load<uint8_t, kX, false>(c, op); }
bool Lbzux(Core& c, const DecodedOp& op) { return Load<uint8_t, kX, true>(c, op); }
bool Lhz(Core& c, const DecodedOp& op) { return Load<uint16_t, kD, false>(c, op); }
bool Lhzu(Core& c, const DecodedOp& op) { return Load<uint16_t, kD, true>(c, op); }
bool Lhzx(Core& c, const DecodedOp& op) { return Load<uint16_t, kX, false>(c, op); }
bool Lhzux(Core& c, const DecodedOp& op) { return Load<uint16_t, kX, true>(c, op); }
bool Lha(Core& c, const DecodedOp& op) { return Load<int16_t, kD, false>(c, op); }
bool Lhau(Core& c, const DecodedOp& op) { return Load<int16_t, kD, true>(c, op); }
bool Lhax(Core& c, const DecodedOp& op) { return Load<int16_t, kX, false>(c, op); }
bool Lhaux(Core& c, const DecodedOp& op) { return Load<int16_t, kX, true>(c, op); }
bool Lwz(Core& c, const DecodedOp& op) { return Load<uint32_t, kD, false>(c, op); }
bool Lwzu(Core& c, const DecodedOp& op) { return Load<uint32_t, kD, true>(c, op); }
bool Lwzx(Core& c, const DecodedOp& op) { return Load<uint32_t, kX, false>(c, op); }
bool Lwzux(Core& c, const DecodedOp& op) { return Load<uint32_t, kX, true>(c, op); }
bool Stb(Core& c, const DecodedOp& op) { return Store<uint8_t, kD, false>(c, op); }
bool Stbu(Core& c, const DecodedOp& op) { return Store<uint8_t, kD, true>(c, op); }
bool Stbx(Core& c, const DecodedOp& op) { return Store<uint8_t, kX, false>(c, op); }
bool Stbux(Core& c, const DecodedOp& op) { return Store<uint8_t, kX, true>(c, op); }
bool Sth(Core& c, const DecodedOp& op) { return Store<uint16_t, kD, false>(c, op); }
bool Sthu(Core& c, const DecodedOp& op) { return Store<uint16_t, kD, true>(c, op); }
bool Sthx(Core& c, const DecodedOp& op) { return Store<uint16_t, kX, false>(c, op); }
bool Sthux(Core& c, const DecodedOp& op) { return Store<uint16_t, kX, true>(c, op); }
bool Stw(Core& c, const DecodedOp& op) { return Store<uint32_t, kD, false>(c, op); }
bool Stwu(Core& c, const DecodedOp& op) { return Store<uint32_t, kD, true>(c, op); }
bool Stwx(Core& c, const DecodedOp& op) { return Store<uint32_t, kX, false>(c, op); }
bool Stwux(Core& c, const DecodedOp& op) { return Store<uint32_t, kX, true>(c, op); }

bool Lhbrx(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  uint16_t value;
  if (!core.load_reversed(EffectiveAddress<kX>(s, op, false), value, op)) return false;
  s.gpr[op.insn.rt()] = value;
  return true;
}
bool Lwbrx(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  uint32_t value;
  if (!core.load_reversed(EffectiveAddress<kX>(s, op, false), value, op)) return false;
  s.gpr[op.insn.rt()] = value;
  return true;
}
bool Sthbrx(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return core.store_reversed(EffectiveAddress<kX>(s, op, false),
                             static_cast<uint16_t>(s.gpr[op.insn.rs()]), op);
}
bool Stwbrx(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return core.store_reversed(EffectiveAddress<kX>(s, op, false), s.gpr[op.insn.rs()], op);
}

// lwarx/stwcx. need a word-aligned address: otherwise an Alignment exception
// that software must not emulate (PPC440x5 UM, "Alignment Interrupt").
bool Lwarx(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t ea = EffectiveAddress<kX>(s, op, false);
  if (ea & 3) return core.raise(ExitReason::kAlignment, op, 0, ea);
  uint32_t value;
  if (!core.load(ea, value, op)) return false;
  s.gpr[op.insn.rt()] = value;
  s.reservation_valid = true;
  s.reservation_address = ea;
  return true;
}

// The store happens only while this core holds a reservation for the same
// address; CR0[EQ] tells whether it did. The reservation is gone either way.
bool StwcxRecord(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t ea = EffectiveAddress<kX>(s, op, false);
  if (ea & 3) return core.raise(ExitReason::kAlignment, op, esr::kST, ea);
  const bool reserved = s.reservation_valid && s.reservation_address == ea;
  if (reserved && !core.store(ea, s.gpr[op.insn.rs()], op)) return false;
  s.reservation_valid = false;
  s.set_cr_field(0, (reserved ? crbit::kEQ : 0) | s.xer_so);
  return true;
}

}  // namespace pvppc::cpu::exec
