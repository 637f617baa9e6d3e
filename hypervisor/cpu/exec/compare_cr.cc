// Compares, CR logical and CR moves (Book E "Integer Compare", "Condition
// Register Logical", "Move To/From Condition Register").
#include <cstdint>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/exec/handlers.h"

namespace pvppc::cpu::exec {
namespace {

template <typename T>
inline uint32_t CompareField(T a, T b, uint8_t so) {
  return (a < b ? crbit::kLT : a > b ? crbit::kGT : crbit::kEQ) | so;
}

// The 440 is a 32-bit implementation: L=1 (64-bit compare) is an invalid
// form; it compares the low words, as 32-bit Book E cores do.
bool CompareSigned(CpuState& s, const DecodedOp& op, uint32_t b) {
  s.set_cr_field(op.insn.crfd(), CompareField(static_cast<int32_t>(s.gpr[op.insn.ra()]),
                                              static_cast<int32_t>(b), s.xer_so));
  return true;
}
bool CompareUnsigned(CpuState& s, const DecodedOp& op, uint32_t b) {
  s.set_cr_field(op.insn.crfd(), CompareField(s.gpr[op.insn.ra()], b, s.xer_so));
  return true;
}

template <bool (*Operation)(bool, bool)>
inline bool CrLogical(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.set_cr_bit(op.insn.crbd(), Operation(s.cr_bit(op.insn.crba()), s.cr_bit(op.insn.crbb())));
  return true;
}
constexpr bool OpAnd(bool a, bool b) { return a && b; }
constexpr bool OpAndc(bool a, bool b) { return a && !b; }
constexpr bool OpEqv(bool a, bool b) { return a == b; }
constexpr bool OpNand(bool a, bool b) { return !(a && b); }
constexpr bool OpNor(bool a, bool b) { return !(a || b); }
constexpr bool OpOr(bool a, bool b) { return a || b; }
constexpr bool OpOrc(bool a, bool b) { return a || !b; }
constexpr bool OpXor(bool a, bool b) { return a != b; }

}  // namespace

bool Cmp(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return CompareSigned(s, op, s.gpr[op.insn.rb()]);
}
bool Cmpl(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  return CompareUnsigned(s, op, s.gpr[op.insn.rb()]);
}
bool Cmpi(Core& core, const DecodedOp& op) {
  return CompareSigned(core.state(), op, static_cast<uint32_t>(op.insn.simm()));
}
bool Cmpli(Core& core, const DecodedOp& op) {
  return CompareUnsigned(core.state(), op, op.insn.uimm());
}

bool Crand(Core& core, const DecodedOp& op) { return CrLogical<OpAnd>(core, op); }
bool Crandc(Core& core, const DecodedOp& op) { return CrLogical<OpAndc>(core, op); }
bool Creqv(Core& core, const DecodedOp& op) { return CrLogical<OpEqv>(core, op); }
bool Crnand(Core& core, const DecodedOp& op) { return CrLogical<OpNand>(core, op); }
bool Crnor(Core& core, const DecodedOp& op) { return CrLogical<OpNor>(core, op); }
bool Cror(Core& core, const DecodedOp& op) { return CrLogical<OpOr>(core, op); }
bool Crorc(Core& core, const DecodedOp& op) { return CrLogical<OpOrc>(core, op); }
bool Crxor(Core& core, const DecodedOp& op) { return CrLogical<OpXor>(core, op); }

bool Mcrf(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.set_cr_field(op.insn.crfd(), s.cr_field(op.insn.crfs()));
  return true;
}

// mcrxr: CR field <- XER[SO,OV,CA,0]; those XER bits are cleared.
bool Mcrxr(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.set_cr_field(op.insn.crfd(), (s.xer_so << 3) | (s.xer_ov << 2) | (s.xer_ca << 1));
  s.xer_so = s.xer_ov = s.xer_ca = 0;
  return true;
}

// mfcr. The 440 predates mfocrf: bit 11 set (mfocrf's encoding) still reads
// the whole CR, which satisfies mfocrf's definition (other fields undefined).
bool Mfcr(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  s.gpr[op.insn.rt()] = s.cr;
  return true;
}

// mtcrf: each CRM bit selects one 4-bit field (mtocrf is the one-bit case).
bool Mtcrf(Core& core, const DecodedOp& op) {
  CpuState& s = core.state();
  const uint32_t crm = op.insn.crm();
  uint32_t mask = 0;
  for (uint32_t field = 0; field < 8; ++field) {
    if (crm & (0x80u >> field)) mask |= 0xf0000000u >> (4 * field);
  }
  s.cr = (s.cr & ~mask) | (s.gpr[op.insn.rs()] & mask);
  return true;
}

}  // namespace pvppc::cpu::exec
