#include "hypervisor/vcpu/privileged_emulator.h"

#include <array>

#include "hypervisor/vcpu/spr_access.h"

namespace pvppc::vcpu {

using isa::Instruction;
using E = PrivilegedEmulator;

namespace {

constexpr uint8_t kXl = isa::kOpcodeBranchCr;  // 19
constexpr uint8_t kX = isa::kOpcodeExtended;   // 31

// PPC440x5 UM, "Instruction Set": the supervisor-only instructions.
constexpr std::array kRows = {
    E::Row{kXl, 50, &E::Rfi, "rfi"},
    E::Row{kXl, 51, &E::Rfci, "rfci"},
    E::Row{kXl, 38, &E::Rfmci, "rfmci"},
    E::Row{kX, 83, &E::Mfmsr, "mfmsr"},
    E::Row{kX, 146, &E::Mtmsr, "mtmsr"},
    E::Row{kX, 131, &E::Wrtee, "wrtee"},
    E::Row{kX, 163, &E::Wrteei, "wrteei"},
    E::Row{kX, 339, &E::Mfspr, "mfspr"},
    E::Row{kX, 467, &E::Mtspr, "mtspr"},
    E::Row{kX, 323, &E::Mfdcr, "mfdcr"},
    E::Row{kX, 451, &E::Mtdcr, "mtdcr"},
    E::Row{kX, 978, &E::Tlbwe, "tlbwe"},
    E::Row{kX, 946, &E::Tlbre, "tlbre"},
    E::Row{kX, 914, &E::Tlbsx, "tlbsx"},
    E::Row{kX, 566, &E::CacheNop, "tlbsync"},
    E::Row{kX, 470, &E::CacheNop, "dcbi"},
    E::Row{kX, 454, &E::CacheNop, "dccci"},
    E::Row{kX, 966, &E::Iccci, "iccci"},
    E::Row{kX, 486, &E::CacheRead, "dcread"},
    E::Row{kX, 998, &E::CacheRead, "icread"},
};

consteval bool NoSlotClaimedTwice() {
  for (size_t i = 0; i < kRows.size(); ++i) {
    for (size_t j = i + 1; j < kRows.size(); ++j) {
      if (kRows[i].primary == kRows[j].primary && kRows[i].extended == kRows[j].extended) {
        return false;
      }
    }
  }
  return true;
}
static_assert(NoSlotClaimedTwice(), "two rows claim the same opcode");

// DCR numbers are encoded like SPR numbers, halves swapped (Book E mfdcr).
uint32_t DcrNumber(Instruction insn) { return insn.spr(); }

}  // namespace

PrivilegedEmulator::PrivilegedEmulator(Vcpu& vcpu, cpu::Core& core, devices::DcrBus& dcrs)
    : vcpu_(vcpu), core_(core), dcrs_(dcrs) {}

std::span<const E::Row> PrivilegedEmulator::Rows() { return kRows; }

const E::Row* PrivilegedEmulator::Find(Instruction insn) {
  for (const Row& row : kRows) {
    if (row.primary == insn.opcd() && row.extended == insn.xo10()) return &row;
  }
  return nullptr;
}

EmulationOutcome PrivilegedEmulator::emulate(const Row& row, Instruction insn, uint32_t pc) {
  pc_ = pc;
  const EmulationOutcome outcome = (this->*row.handler)(insn);
  if (outcome == EmulationOutcome::kCompleted) vcpu_.machine().pc = pc + 4;
  return outcome;
}

void PrivilegedEmulator::program_interrupt(uint32_t pc, uint32_t esr) {
  vcpu_.sup().esr = esr;
  vcpu_.take_interrupt(Interrupt::kProgram, pc);
}

EmulationOutcome PrivilegedEmulator::illegal() {
  program_interrupt(pc_, cpu::esr::kPIL);
  return EmulationOutcome::kGuestFault;
}

// ---- MSR --------------------------------------------------------------------

EmulationOutcome PrivilegedEmulator::Mfmsr(Instruction insn) {
  vcpu_.machine().gpr[insn.rt()] = vcpu_.sup().msr;
  return EmulationOutcome::kCompleted;
}

EmulationOutcome PrivilegedEmulator::Mtmsr(Instruction insn) {
  vcpu_.set_msr(vcpu_.machine().gpr[insn.rs()]);
  return EmulationOutcome::kCompleted;
}

EmulationOutcome PrivilegedEmulator::Wrtee(Instruction insn) {
  const uint32_t ee = vcpu_.machine().gpr[insn.rs()] & cpu::msr::kEE;
  vcpu_.set_msr((vcpu_.sup().msr & ~cpu::msr::kEE) | ee);
  return EmulationOutcome::kCompleted;
}

EmulationOutcome PrivilegedEmulator::Wrteei(Instruction insn) {
  const uint32_t ee = insn.e_bit() ? cpu::msr::kEE : 0;
  vcpu_.set_msr((vcpu_.sup().msr & ~cpu::msr::kEE) | ee);
  return EmulationOutcome::kCompleted;
}

// Return from interrupt: PC and MSR from the class's save/restore pair. The
// low two bits of the target are ignored (Book E rfi).
EmulationOutcome PrivilegedEmulator::Rfi(Instruction) {
  vcpu_.machine().pc = vcpu_.sup().srr0 & ~3u;
  vcpu_.set_msr(vcpu_.sup().srr1);
  return EmulationOutcome::kBranched;
}

EmulationOutcome PrivilegedEmulator::Rfci(Instruction) {
  vcpu_.machine().pc = vcpu_.sup().csrr0 & ~3u;
  vcpu_.set_msr(vcpu_.sup().csrr1);
  return EmulationOutcome::kBranched;
}

EmulationOutcome PrivilegedEmulator::Rfmci(Instruction) {
  vcpu_.machine().pc = vcpu_.sup().mcsrr0 & ~3u;
  vcpu_.set_msr(vcpu_.sup().mcsrr1);
  return EmulationOutcome::kBranched;
}

// ---- SPRs -------------------------------------------------------------------

EmulationOutcome PrivilegedEmulator::Mfspr(Instruction insn) {
  const std::optional<uint32_t> value = ReadSpr(vcpu_, insn.spr());
  if (!value) return illegal();
  vcpu_.machine().gpr[insn.rt()] = *value;
  return EmulationOutcome::kCompleted;
}

EmulationOutcome PrivilegedEmulator::Mtspr(Instruction insn) {
  switch (WriteSpr(vcpu_, insn.spr(), vcpu_.machine().gpr[insn.rs()])) {
    case SprWrite::kDone: return EmulationOutcome::kCompleted;
    case SprWrite::kUnknown: return illegal();
    case SprWrite::kResetRequested: return EmulationOutcome::kResetRequest;
  }
  return illegal();
}

// ---- DCRs -------------------------------------------------------------------

// A DCR nobody decodes: the 440's DCR bus times out and the access completes
// with undefined read data (PPC440x5 UM, "Device Control Registers"); we read 0.
EmulationOutcome PrivilegedEmulator::Mfdcr(Instruction insn) {
  uint32_t value = 0;
  if (!dcrs_.read(DcrNumber(insn), value)) {
    ++unhandled_dcr_accesses_;
    value = 0;
  }
  vcpu_.machine().gpr[insn.rt()] = value;
  return EmulationOutcome::kCompleted;
}

EmulationOutcome PrivilegedEmulator::Mtdcr(Instruction insn) {
  if (!dcrs_.write(DcrNumber(insn), vcpu_.machine().gpr[insn.rs()])) ++unhandled_dcr_accesses_;
  return EmulationOutcome::kCompleted;
}

// ---- TLB --------------------------------------------------------------------

// tlbwe RS,RA,WS: the WS field sits where RB would be.
EmulationOutcome PrivilegedEmulator::Tlbwe(Instruction insn) {
  if (!vcpu_.guest_tlb_present()) return illegal();
  const cpu::CpuState& s = vcpu_.machine();
  const uint32_t ws = insn.rb();
  if (ws > 2) return illegal();
  const uint32_t index = s.gpr[insn.ra()] & mmu::GuestTlb::kIndexMask;
  const mmu::TlbWriteResult result =
      vcpu_.tlb().write(s.gpr[insn.ra()], ws, s.gpr[insn.rs()], vcpu_.sup().mmucr);
  if (result.changed) {
    // Shadow entries made from the old contents are stale, and so is any
    // shadow entry the new one now overrides.
    vcpu_.shadow().invalidate_guest_entry(index);
    if (auto range = vcpu_.tlb().entry(index).effective_range()) {
      vcpu_.shadow().invalidate_range(range->base, range->size);
    }
  }
  return EmulationOutcome::kCompleted;
}

EmulationOutcome PrivilegedEmulator::Tlbre(Instruction insn) {
  if (!vcpu_.guest_tlb_present()) return illegal();
  cpu::CpuState& s = vcpu_.machine();
  const uint32_t ws = insn.rb();
  if (ws > 2) return illegal();
  s.gpr[insn.rt()] = vcpu_.tlb().read(s.gpr[insn.ra()], ws, vcpu_.sup().mmucr);
  return EmulationOutcome::kCompleted;
}

// tlbsx[.] RT,RA,RB: on a miss RT is undefined (left unchanged here);
// tlbsx. records hit or miss in CR0[EQ], with CR0[SO] from XER[SO].
EmulationOutcome PrivilegedEmulator::Tlbsx(Instruction insn) {
  if (!vcpu_.guest_tlb_present()) return illegal();
  cpu::CpuState& s = vcpu_.machine();
  const uint32_t ea = (insn.ra() == 0 ? 0 : s.gpr[insn.ra()]) + s.gpr[insn.rb()];
  const std::optional<uint32_t> index = vcpu_.tlb().search(ea, vcpu_.sup().mmucr);
  if (index) s.gpr[insn.rt()] = *index;
  if (insn.rc()) s.set_cr_field(0, (index ? cpu::crbit::kEQ : 0) | (s.xer_so ? cpu::crbit::kSO : 0));
  return EmulationOutcome::kCompleted;
}

// ---- Caches -----------------------------------------------------------------

// The model has no data cache: dcbi/dccci and tlbsync have nothing to do.
EmulationOutcome PrivilegedEmulator::CacheNop(Instruction) { return EmulationOutcome::kCompleted; }

// dcread/icread read cache arrays for debug; with no cache model they read 0.
EmulationOutcome PrivilegedEmulator::CacheRead(Instruction insn) {
  vcpu_.machine().gpr[insn.rt()] = 0;
  return EmulationOutcome::kCompleted;
}

// iccci invalidates the whole instruction cache: drop every decoded block, the
// model's equivalent (guest code written by stores is only refetched then).
EmulationOutcome PrivilegedEmulator::Iccci(Instruction) {
  core_.block_cache().invalidate_all();
  return EmulationOutcome::kCompleted;
}

}  // namespace pvppc::vcpu
