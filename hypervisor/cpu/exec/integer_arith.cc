// Integer arithmetic (Book E "Integer Arithmetic Instructions"): add/subtract
// with CA and OV, multiply, divide. XO-form OE=1 updates XER[OV] and XER[SO];
// Rc=1 updates CR0 from the result.
#include <cstdint>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/exec/handlers.h"

namespace pvppc::cpu::exec {
namespace {

struct Sum {
  uint32_t value;
  bool carry;
  bool overflow;
};

// a + b + carry_in as the adder computes it: carry out of bit 0 and signed
// overflow (both operands' signs equal and different from the result's).
inline Sum AddWithCarry(uint32_t a, uint32_t b, uint32_t carry_in) {
  const uint64_t wide = uint64_t{a} + b + carry_in;
  const uint32_t value = static_cast<uint32_t>(wide);
  return Sum{value, (wide >> 32) != 0, (((a ^ value) & (b ^ value)) >> 31) != 0};
}

// Writes rD and the optional XER[OV]/CR0 updates of an XO-form instruction.
inline bool FinishXo(CpuState& s, const DecodedOp& op, uint32_t value, bool overflow) {
  s.gpr[op.insn.rt()] = value;
  if (op.insn.oe()) SetOverflow(s, overflow);
  if (op.insn.rc()) SetCr0(s, value);
  return true;
}

inline bool FinishCarrying(CpuState& s, const DecodedOp& op, const Sum& sum) {
  s.xer_ca = sum.carry;
  return FinishXo(s, op, sum.value, sum.overflow);
}

}  // namespace

bool Addi(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.rt()] = RegOrZero(s, op.insn.ra()) + static_cast<uint32_t>(op.insn.simm());
  return true;
}

bool Addis(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.rt()] = RegOrZero(s, op.insn.ra()) + (op.insn.uimm() << 16);
  return true;
}

bool Addic(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const Sum sum = AddWithCarry(s.gpr[op.insn.ra()], static_cast<uint32_t>(op.insn.simm()), 0);
  s.gpr[op.insn.rt()] = sum.value;
  s.xer_ca = sum.carry;
  return true;
}

bool AddicRecord(Core& core, const DecodedOp& op) {
  Addic(core, op);
  SetCr0(core.state(), core.state().gpr[op.insn.rt()]);
  return true;
}

bool Subfic(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const Sum sum = AddWithCarry(~s.gpr[op.insn.ra()], static_cast<uint32_t>(op.insn.simm()), 1);
  s.gpr[op.insn.rt()] = sum.value;
  s.xer_ca = sum.carry;
  return true;
}

bool Mulli(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.rt()] = static_cast<uint32_t>(static_cast<int64_t>(static_cast<int32_t>(s.gpr[op.insn.ra()])) *
                                              op.insn.simm());
  return true;
}

bool Add(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const Sum sum = AddWithCarry(s.gpr[op.insn.ra()], s.gpr[op.insn.rb()], 0);
  return FinishXo(s, op, sum.value, sum.overflow);
}

bool Addc(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(s.gpr[op.insn.ra()], s.gpr[op.insn.rb()], 0));
}

bool Adde(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(s.gpr[op.insn.ra()], s.gpr[op.insn.rb()], s.xer_ca));
}

bool Addme(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(s.gpr[op.insn.ra()], 0xffffffffu, s.xer_ca));
}

bool Addze(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(s.gpr[op.insn.ra()], 0, s.xer_ca));
}

// subf rD,rA,rB computes rB - rA as ~rA + rB + 1.
bool Subf(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const Sum sum = AddWithCarry(~s.gpr[op.insn.ra()], s.gpr[op.insn.rb()], 1);
  return FinishXo(s, op, sum.value, sum.overflow);
}

bool Subfc(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(~s.gpr[op.insn.ra()], s.gpr[op.insn.rb()], 1));
}

bool Subfe(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(~s.gpr[op.insn.ra()], s.gpr[op.insn.rb()], s.xer_ca));
}

bool Subfme(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(~s.gpr[op.insn.ra()], 0xffffffffu, s.xer_ca));
}

bool Subfze(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return FinishCarrying(s, op, AddWithCarry(~s.gpr[op.insn.ra()], 0, s.xer_ca));
}

bool Neg(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t a = s.gpr[op.insn.ra()];
  return FinishXo(s, op, 0u - a, a == 0x80000000u);
}

bool Mullw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const int64_t product = int64_t{static_cast<int32_t>(s.gpr[op.insn.ra()])} *
                          static_cast<int32_t>(s.gpr[op.insn.rb()]);
  const bool overflow = product != static_cast<int32_t>(product);
  return FinishXo(s, op, static_cast<uint32_t>(product), overflow);
}

// mulhw/mulhwu have no OE bit (bit 21 is reserved); FinishXo would read it,
// so they update CR0 themselves.
bool Mulhw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const int64_t product = int64_t{static_cast<int32_t>(s.gpr[op.insn.ra()])} *
                          static_cast<int32_t>(s.gpr[op.insn.rb()]);
  const uint32_t high = static_cast<uint32_t>(static_cast<uint64_t>(product) >> 32);
  s.gpr[op.insn.rt()] = high;
  if (op.insn.rc()) SetCr0(s, high);
  return true;
}

bool Mulhwu(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint64_t product = uint64_t{s.gpr[op.insn.ra()]} * s.gpr[op.insn.rb()];
  const uint32_t high = static_cast<uint32_t>(product >> 32);
  s.gpr[op.insn.rt()] = high;
  if (op.insn.rc()) SetCr0(s, high);
  return true;
}

// Division by zero and 0x80000000 / -1 leave rD (and CR0's LT/GT/EQ when
// Rc=1) undefined (Book E, "divw"). pvppc leaves the dividend in rD and sets
// CR0 from it, as qemu does, so that differential tests compare equal; OV is
// set when OE=1 as the architecture requires.
bool Divw(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const int32_t dividend = static_cast<int32_t>(s.gpr[op.insn.ra()]);
  const int32_t divisor = static_cast<int32_t>(s.gpr[op.insn.rb()]);
  const bool undefined = divisor == 0 || (dividend == INT32_MIN && divisor == -1);
  const uint32_t quotient = undefined ? static_cast<uint32_t>(dividend) : static_cast<uint32_t>(dividend / divisor);
  return FinishXo(s, op, quotient, undefined);
}

bool Divwu(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t dividend = s.gpr[op.insn.ra()];
  const uint32_t divisor = s.gpr[op.insn.rb()];
  const bool undefined = divisor == 0;
  return FinishXo(s, op, undefined ? dividend : dividend / divisor, undefined);
}

}  // namespace pvppc::cpu::exec
