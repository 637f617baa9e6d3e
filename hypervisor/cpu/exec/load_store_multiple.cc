// Load/store multiple and string instructions (Book E "Integer Load/Store
// Multiple", "Integer Load/Store String"). Memory is read in full before any
// register changes, so a fault part-way leaves the registers untouched and
// the instruction restartable.
#include <array>
#include <cstdint>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/exec/handlers.h"

namespace pvppc::cpu::exec {
namespace {

// True when register `reg` is among the `count` registers starting at
// `first` (wrapping from r31 to r0).
bool InRegisterRange(uint32_t reg, uint32_t first, uint32_t count) {
  const uint32_t registers = (count + 3) / 4;
  return ((reg - first) & 31) < registers;
}

bool LoadString(Core& core, const DecodedOp& op, uint32_t ea, uint32_t count) {
  CpuState& s = core.state();
  if (count == 0) return true;  // lswx with XER[TBC] = 0: rT is undefined; left alone
  std::array<uint8_t, 128> bytes{};
  for (uint32_t i = 0; i < count; ++i) {
    if (!core.load(ea + i, bytes[i], op)) return false;
  }
  uint32_t reg = op.insn.rt();
  for (uint32_t i = 0; i < count; i += 4) {
    uint32_t word = 0;
    for (uint32_t j = 0; j < 4; ++j) {
      word |= uint32_t{i + j < count ? bytes[i + j] : uint8_t{0}} << (24 - 8 * j);
    }
    s.gpr[reg] = word;
    reg = (reg + 1) & 31;
  }
  return true;
}

bool StoreString(Core& core, const DecodedOp& op, uint32_t ea, uint32_t count) {
  CpuState& s = core.state();
  uint32_t reg = op.insn.rs();
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t byte = static_cast<uint8_t>(s.gpr[reg] >> (24 - 8 * (i & 3)));
    if (!core.store(ea + i, byte, op)) return false;
    if ((i & 3) == 3) reg = (reg + 1) & 31;
  }
  return true;
}

}  // namespace

// lmw with rA among the loaded registers is an invalid form: illegal, as on
// qemu (the 440 leaves the result undefined).
bool Lmw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t first = op.insn.rt();
  if (op.insn.ra() >= first && op.insn.ra() != 0) return core.raise_program(op, esr::kPIL);
  const uint32_t ea = RegOrZero(s, op.insn.ra()) + static_cast<uint32_t>(op.insn.simm());
  std::array<uint32_t, 32> words{};
  for (uint32_t reg = first; reg < 32; ++reg) {
    if (!core.load(ea + 4 * (reg - first), words[reg], op)) return false;
  }
  for (uint32_t reg = first; reg < 32; ++reg) s.gpr[reg] = words[reg];
  return true;
}

bool Stmw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t first = op.insn.rs();
  const uint32_t ea = RegOrZero(s, op.insn.ra()) + static_cast<uint32_t>(op.insn.simm());
  for (uint32_t reg = first; reg < 32; ++reg) {
    if (!core.store(ea + 4 * (reg - first), s.gpr[reg], op)) return false;
  }
  return true;
}

bool Lswi(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t count = op.insn.nb() == 0 ? 32 : op.insn.nb();
  if (op.insn.ra() != 0 && InRegisterRange(op.insn.ra(), op.insn.rt(), count)) {
    return core.raise_program(op, esr::kPIL);
  }
  return LoadString(core, op, RegOrZero(s, op.insn.ra()), count);
}

bool Lswx(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t count = s.xer_byte_count;
  if (count != 0 && ((op.insn.ra() != 0 && InRegisterRange(op.insn.ra(), op.insn.rt(), count)) ||
                     InRegisterRange(op.insn.rb(), op.insn.rt(), count))) {
    return core.raise_program(op, esr::kPIL);
  }
  return LoadString(core, op, RegOrZero(s, op.insn.ra()) + s.gpr[op.insn.rb()], count);
}

bool Stswi(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t count = op.insn.nb() == 0 ? 32 : op.insn.nb();
  return StoreString(core, op, RegOrZero(s, op.insn.ra()), count);
}

bool Stswx(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return StoreString(core, op, RegOrZero(s, op.insn.ra()) + s.gpr[op.insn.rb()],
                     s.xer_byte_count);
}

}  // namespace pvppc::cpu::exec
