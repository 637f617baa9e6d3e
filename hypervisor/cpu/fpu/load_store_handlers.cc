// Floating-point loads and stores (Power ISA Book I "Floating-Point Load
// Instructions" / "Floating-Point Store Instructions"; PPC440x5 UM lfs ...
// stfiwx).
//
// Single-precision accesses convert between the memory format and the
// register format by the architected bit rules (float_bits.h), never through
// host float conversions, so SNaNs stay signaling and stfs of a value
// outside single range stores what the architecture selects. Accesses that
// cross a 16-byte boundary take the 440's Alignment exception inside
// Core::load_fp/store_fp when CoreOptions::fp_quadword_alignment_check is on.
//
// As in the integer core, operands are read before the access and registers
// written only after it succeeded, so a faulting access can be restarted.
#include <cstdint>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/fpu/commit.h"
#include "hypervisor/cpu/fpu/float_bits.h"
#include "hypervisor/cpu/fpu/fpu_handlers.h"

namespace pvppc::cpu::fpu {
namespace {

enum class Addressing { kDisplacement, kIndexed };
enum class Format { kSingle, kDouble, kIntegerWord };

template <Addressing Mode, bool Update>
inline uint32_t EffectiveAddress(const CpuState& s, const DecodedOp& op) {
  // (RA|0) for the plain forms, (RA) for the update forms.
  const uint32_t ra = op.insn.ra();
  const uint32_t base = (Update || ra != 0) ? s.gpr[ra] : 0;
  if constexpr (Mode == Addressing::kDisplacement) {
    return base + static_cast<uint32_t>(op.insn.simm());
  } else {
    return base + s.gpr[op.insn.rb()];
  }
}

template <Format F, Addressing Mode, bool Update>
inline bool Load(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  // Update forms with RA=0 are invalid forms; like the integer core (and
  // qemu) they take the Illegal Instruction exception, after the FP
  // Unavailable check as on qemu.
  if constexpr (Update) {
    if (op.insn.ra() == 0) return core.raise_program(op, esr::kPIL);
  }
  const uint32_t ea = EffectiveAddress<Mode, Update>(s, op);
  if constexpr (F == Format::kSingle) {
    uint32_t word;
    if (!core.load_fp(ea, word, op)) return false;
    s.fpr[op.insn.rt()] = SingleToDouble(word);
  } else {
    uint64_t doubleword;
    if (!core.load_fp(ea, doubleword, op)) return false;
    s.fpr[op.insn.rt()] = doubleword;
  }
  if constexpr (Update) s.gpr[op.insn.ra()] = ea;
  return true;
}

template <Format F, Addressing Mode, bool Update>
inline bool Store(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  if (!FpAvailable(s)) return core.raise(ExitReason::kFpUnavailable, op);
  // Update forms with RA=0 are invalid forms; like the integer core (and
  // qemu) they take the Illegal Instruction exception, after the FP
  // Unavailable check as on qemu.
  if constexpr (Update) {
    if (op.insn.ra() == 0) return core.raise_program(op, esr::kPIL);
  }
  const uint32_t ea = EffectiveAddress<Mode, Update>(s, op);
  const uint64_t frs = s.fpr[op.insn.rs()];
  bool stored;
  if constexpr (F == Format::kSingle) {
    stored = core.store_fp(ea, DoubleToSingle(frs), op);
  } else if constexpr (F == Format::kIntegerWord) {
    stored = core.store_fp(ea, static_cast<uint32_t>(frs), op);  // stfiwx: FRS[32:63]
  } else {
    stored = core.store_fp(ea, frs, op);
  }
  if (!stored) return false;
  if constexpr (Update) s.gpr[op.insn.ra()] = ea;
  return true;
}

constexpr auto kD = Addressing::kDisplacement;
constexpr auto kX = Addressing::kIndexed;
constexpr auto kS = Format::kSingle;
constexpr auto kF = Format::kDouble;

}  // namespace

bool Lfs(Core& c, const DecodedOp& op) { return Load<kS, kD, false>(c, op); }
bool Lfsu(Core& c, const DecodedOp& op) { return Load<kS, kD, true>(c, op); }
bool Lfsx(Core& c, const DecodedOp& op) { return Load<kS, kX, false>(c, op); }
bool Lfsux(Core& c, const DecodedOp& op) { return Load<kS, kX, true>(c, op); }
bool Lfd(Core& c, const DecodedOp& op) { return Load<kF, kD, false>(c, op); }
bool Lfdu(Core& c, const DecodedOp& op) { return Load<kF, kD, true>(c, op); }
bool Lfdx(Core& c, const DecodedOp& op) { return Load<kF, kX, false>(c, op); }
bool Lfdux(Core& c, const DecodedOp& op) { return Load<kF, kX, true>(c, op); }
bool Stfs(Core& c, const DecodedOp& op) { return Store<kS, kD, false>(c, op); }
bool Stfsu(Core& c, const DecodedOp& op) { return Store<kS, kD, true>(c, op); }
bool Stfsx(Core& c, const DecodedOp& op) { return Store<kS, kX, false>(c, op); }
bool Stfsux(Core& c, const DecodedOp& op) { return Store<kS, kX, true>(c, op); }
bool Stfd(Core& c, const DecodedOp& op) { return Store<kF, kD, false>(c, op); }
bool Stfdu(Core& c, const DecodedOp& op) { return Store<kF, kD, true>(c, op); }
bool Stfdx(Core& c, const DecodedOp& op) { return Store<kF, kX, false>(c, op); }
bool Stfdux(Core& c, const DecodedOp& op) { return Store<kF, kX, true>(c, op); }
bool Stfiwx(Core& c, const DecodedOp& op) { return Store<Format::kIntegerWord, kX, false>(c, op); }

}  // namespace pvppc::cpu::fpu
