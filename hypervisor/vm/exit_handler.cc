#include "hypervisor/vm/exit_handler.h"

#include <cstdio>

#include "hypervisor/vcpu/spr_names.h"
#include "hypervisor/vm/device_access.h"
#include "hypervisor/vm/pv_tlb_miss.h"
#include "hypervisor/vm/tlb_miss.h"

namespace pvppc::vm {

using cpu::ExitReason;
using vcpu::Interrupt;
using Verdict = ExitVerdict::Kind;

namespace {

std::string Hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace

ExitHandler::ExitHandler(vcpu::Vcpu& vcpu, vcpu::PrivilegedEmulator& emulator,
                         memory::GuestMemory& ram, devices::MmioBus& mmio,
                         stats::ExitStats& stats)
    : vcpu_(vcpu), emulator_(emulator), ram_(ram), mmio_(mmio), stats_(stats) {
  kinds_.unclassified = stats.kind("other", "unclassified");
  kinds_.syscall = stats.kind("syscall", "reflected");
  kinds_.fp_unavailable = stats.kind("reflect", "fp-unavailable");
  kinds_.alignment = stats.kind("reflect", "alignment");
  kinds_.data_storage = stats.kind("reflect", "data-storage");
  kinds_.instruction_storage = stats.kind("reflect", "instruction-storage");
  kinds_.machine_check = stats.kind("reflect", "machine-check");
  kinds_.program_illegal = stats.kind("reflect", "program-illegal");
  kinds_.program_trap = stats.kind("reflect", "program-trap");
  kinds_.program_fp = stats.kind("reflect", "program-fp");
  kinds_.program_privileged_user = stats.kind("reflect", "program-privileged");
  kinds_.shadow_fill_data = stats.kind("tlb-miss", "shadow-fill-data");
  kinds_.shadow_fill_instruction = stats.kind("tlb-miss", "shadow-fill-instruction");
  kinds_.reflected_dtlb = stats.kind("tlb-miss", "reflected-data");
  kinds_.reflected_itlb = stats.kind("tlb-miss", "reflected-instruction");
  kinds_.mmio_read = stats.kind("mmio", "read");
  kinds_.mmio_write = stats.kind("mmio", "write");
  kinds_.mmio_error = stats.kind("mmio", "bus-error");
  for (uint32_t i = 0; i < 16; ++i) {
    kinds_.interrupt[i] = stats.kind("interrupt", vcpu::InterruptName(static_cast<Interrupt>(i)));
  }
  for (const auto& row : hypercall::Hypercalls::Rows()) {
    hypercall_kinds_.push_back(stats.kind("hypercall", row.name));
  }
  hypercall_unknown_ = stats.kind("hypercall", "unknown");
  mtmsr_ee_only_ = stats.kind("emulate", "mtmsr-ee-only");
  ee_delivers_ = stats.kind("interrupt", "ee-enable-delivers-pending");
  for (auto& table : spr_kinds_) table.fill(kUnset);
  for (const auto& row : vcpu::PrivilegedEmulator::Rows()) {
    const bool dcr = row.mnemonic == "mfdcr" || row.mnemonic == "mtdcr";
    emulate_kinds_.push_back(stats.kind(dcr ? "dcr" : "emulate", row.mnemonic));
    // Classified once here, not by name on every exit.
    row_classes_.push_back(row.mnemonic == "mfspr"    ? RowClass::kSprRead
                           : row.mnemonic == "mtspr"  ? RowClass::kSprWrite
                           : row.mnemonic == "mtmsr"  ? RowClass::kMtmsr
                           : row.mnemonic == "wrtee"  ? RowClass::kWrtee
                           : row.mnemonic == "wrteei" ? RowClass::kWrteei
                                                      : RowClass::kPlain);
  }
}

ExitVerdict ExitHandler::guest_error(const std::string& what, const cpu::Exit& exit) const {
  return ExitVerdict{Verdict::kGuestError,
                     what + " (guest pc " + Hex(exit.pc) + ", exit " +
                         std::string(cpu::ExitReasonName(exit.reason)) + ", guest msr " +
                         Hex(vcpu_.sup().msr) + ", dear " + Hex(exit.dear) + ")"};
}

ExitVerdict ExitHandler::reflect(Interrupt interrupt, uint32_t return_pc, const cpu::Exit& exit) {
  if (!vcpu::VectorsSet(vcpu_.sup(), interrupt)) {
    return guest_error("guest took a " + std::string(vcpu::InterruptName(interrupt)) +
                           " interrupt with its interrupt vectors unset",
                       exit);
  }
  if (interrupt == Interrupt::kMachineCheck && !(vcpu_.sup().msr & cpu::msr::kME)) {
    // A machine check with MSR[ME]=0 stops a 440 (checkstop).
    return guest_error("guest took a machine check with MSR[ME]=0 (checkstop)", exit);
  }
  vcpu_.take_interrupt(interrupt, return_pc);
  return {};
}

ExitVerdict ExitHandler::deliver_async(Interrupt interrupt) {
  stats::ScopedExitTimer timer(stats_, kinds_.interrupt[static_cast<uint8_t>(interrupt)]);
  const cpu::Exit at{ExitReason::kStopRequested, vcpu_.machine().pc};
  return reflect(interrupt, vcpu_.machine().pc, at);
}

ExitVerdict ExitHandler::handle(const cpu::Exit& exit) {
  stats::ScopedExitTimer timer(stats_, kinds_.unclassified);
  vcpu::SupervisorState& sup = vcpu_.sup();
  switch (exit.reason) {
    case ExitReason::kSystemCall:
      if (hypercalls_ != nullptr && !vcpu_.guest_user_mode() &&
          vcpu_.machine().gpr[0] == PVPPC_HCALL_R0_MAGIC) {
        return hypercall(timer);
      }
      timer.set_kind(kinds_.syscall);
      return reflect(Interrupt::kSystemCall, vcpu_.machine().pc, exit);
    case ExitReason::kProgram:
      return program(exit, timer);
    case ExitReason::kFpUnavailable:
      timer.set_kind(kinds_.fp_unavailable);
      return reflect(Interrupt::kFpUnavailable, exit.pc, exit);
    case ExitReason::kAlignment:
      timer.set_kind(kinds_.alignment);
      sup.dear = exit.dear;
      sup.esr = exit.esr & cpu::esr::kST;
      return reflect(Interrupt::kAlignment, exit.pc, exit);
    case ExitReason::kDataStorage:
      // The shadow entry carries the guest's own permissions, so a denial
      // here is one the guest's TLB makes too.
      timer.set_kind(kinds_.data_storage);
      sup.dear = exit.dear;
      sup.esr = exit.esr & cpu::esr::kST;
      return reflect(Interrupt::kDataStorage, exit.pc, exit);
    case ExitReason::kInstructionStorage:
      timer.set_kind(kinds_.instruction_storage);
      sup.esr = 0;
      return reflect(Interrupt::kInstructionStorage, exit.pc, exit);
    case ExitReason::kDataTlbMiss:
    case ExitReason::kInstructionTlbMiss:
      return tlb_miss(exit, timer);
    case ExitReason::kMachineCheck:
      timer.set_kind(kinds_.machine_check);
      return reflect(Interrupt::kMachineCheck, exit.pc, exit);
    default:
      return guest_error("unexpected exit", exit);
  }
}

ExitVerdict ExitHandler::program(const cpu::Exit& exit, stats::ScopedExitTimer& timer) {
  vcpu::SupervisorState& sup = vcpu_.sup();
  if (exit.esr & cpu::esr::kPPR) {
    if (vcpu_.guest_user_mode()) {
      // Privileged instruction in the guest's user mode: its kernel decides.
      timer.set_kind(kinds_.program_privileged_user);
      sup.esr = cpu::esr::kPPR;
      return reflect(Interrupt::kProgram, exit.pc, exit);
    }
    const isa::Instruction insn(exit.instruction);
    const vcpu::PrivilegedEmulator::Row* row = vcpu::PrivilegedEmulator::Find(insn);
    if (row == nullptr) {
      // The core calls it privileged but this 440 has no such instruction.
      timer.set_kind(kinds_.program_illegal);
      sup.esr = cpu::esr::kPIL;
      return reflect(Interrupt::kProgram, exit.pc, exit);
    }
    timer.set_kind(emulate_kind(*row, insn));
    const vcpu::EmulationOutcome outcome = emulator_.emulate(*row, insn, exit.pc);
    if (outcome == vcpu::EmulationOutcome::kGuestFault &&
        !vcpu::VectorsSet(sup, Interrupt::kProgram)) {
      return guest_error("guest executed an invalid " + std::string(row->mnemonic) +
                             " with its interrupt vectors unset",
                         exit);
    }
    if (outcome == vcpu::EmulationOutcome::kResetRequest) return {Verdict::kResetRequested, {}};
    return {};
  }
  sup.esr = exit.esr;
  timer.set_kind((exit.esr & cpu::esr::kPTR)  ? kinds_.program_trap
                 : (exit.esr & cpu::esr::kFP) ? kinds_.program_fp
                                              : kinds_.program_illegal);
  return reflect(Interrupt::kProgram, exit.pc, exit);
}

stats::ExitStats::KindId ExitHandler::emulate_kind(const vcpu::PrivilegedEmulator::Row& row,
                                                   isa::Instruction insn) {
  const size_t index = &row - vcpu::PrivilegedEmulator::Rows().data();
  const RowClass kind = row_classes_[index];
  if (kind == RowClass::kSprRead || kind == RowClass::kSprWrite) {
    const bool to = kind == RowClass::kSprWrite;
    stats::ExitStats::KindId& id = spr_kinds_[to][insn.spr() & 1023];
    if (id == kUnset) {
      id = stats_.kind("emulate", std::string(row.mnemonic) + " " + vcpu::SprName(insn.spr()));
    }
    return id;
  }
  if (kind == RowClass::kMtmsr &&
      ((vcpu_.machine().gpr[insn.rs()] ^ vcpu_.sup().msr) & ~cpu::msr::kEE) == 0) {
    return enables_ee_for_pending(kind, insn) ? ee_delivers_ : mtmsr_ee_only_;
  }
  if ((kind == RowClass::kWrtee || kind == RowClass::kWrteei) &&
      enables_ee_for_pending(kind, insn)) {
    return ee_delivers_;
  }
  return emulate_kinds_[index];
}

// A PV guest's patched EE-enabling code traps on purpose when the shared
// page says an interrupt is pending (docs/abi.md, int_pending): the exit is
// the interrupt's delivery, not MSR emulation.
bool ExitHandler::enables_ee_for_pending(RowClass kind, isa::Instruction insn) {
  // (Linux's templates store the new MSR[EE] in the page before they trap,
  // so the virtual MSR may already show EE set here.)
  if (!vcpu_.shared_page_mapped()) return false;
  const uint32_t value = kind == RowClass::kWrteei ? (insn.e_bit() ? cpu::msr::kEE : 0)
                                                   : vcpu_.machine().gpr[insn.rs()];
  return (value & cpu::msr::kEE) && vcpu_.interrupt_pending();
}

ExitVerdict ExitHandler::hypercall(stats::ScopedExitTimer& timer) {
  const hypercall::Hypercalls::Result result = hypercalls_->dispatch(vcpu_.machine());
  timer.set_kind(result.row == nullptr
                     ? hypercall_unknown_
                     : hypercall_kinds_[result.row - hypercall::Hypercalls::Rows().data()]);
  switch (result.effect) {
    case hypercall::Effect::kNone: break;
    case hypercall::Effect::kIdle: vcpu_.sup().idle_hypercall = true; break;
    case hypercall::Effect::kPowerOff: return {Verdict::kPowerOff, {}};
    case hypercall::Effect::kReboot: return {Verdict::kResetRequested, {}};
  }
  return {};
}

ExitVerdict ExitHandler::tlb_miss(const cpu::Exit& exit, stats::ScopedExitTimer& timer) {
  const bool fetch = exit.reason == ExitReason::kInstructionTlbMiss;
  const uint32_t ea = fetch ? exit.pc : exit.dear;
  const bool store = (exit.esr & cpu::esr::kST) != 0;
  const memory::Access access = fetch   ? memory::Access::kExecute
                                : store ? memory::Access::kWrite
                                        : memory::Access::kRead;
  vcpu::SupervisorState& sup = vcpu_.sup();
  const TlbMissOutcome outcome = pv_mmu_ != nullptr ? ResolvePvTlbMiss(vcpu_, *pv_mmu_, ea, access)
                                                    : ResolveTlbMiss(vcpu_, ram_, ea, access);
  switch (outcome.kind) {
    case TlbMissOutcome::Kind::kShadowFilled:
      timer.set_kind(fetch ? kinds_.shadow_fill_instruction : kinds_.shadow_fill_data);
      return {};
    case TlbMissOutcome::Kind::kGuestTlbMiss:
      // Book E TLB error interrupts: DEAR and ESR[ST] for data; nothing for
      // instructions (SRR0 names the address).
      timer.set_kind(fetch ? kinds_.reflected_itlb : kinds_.reflected_dtlb);
      if (!fetch) {
        sup.dear = ea;
        sup.esr = store ? cpu::esr::kST : 0;
      }
      return reflect(fetch ? Interrupt::kInstructionTlbError : Interrupt::kDataTlbError, exit.pc,
                     exit);
    case TlbMissOutcome::Kind::kGuestProtection:
      timer.set_kind(fetch ? kinds_.instruction_storage : kinds_.data_storage);
      if (fetch) {
        sup.esr = 0;
        return reflect(Interrupt::kInstructionStorage, exit.pc, exit);
      }
      sup.dear = ea;
      sup.esr = store ? cpu::esr::kST : 0;
      return reflect(Interrupt::kDataStorage, exit.pc, exit);
    case TlbMissOutcome::Kind::kBadPhysical:
      // A real 440 would see a bus error on an address nothing decodes.
      timer.set_kind(kinds_.machine_check);
      return reflect(Interrupt::kMachineCheck, exit.pc, exit);
    case TlbMissOutcome::Kind::kDevice:
      if (fetch) {
        timer.set_kind(kinds_.machine_check);
        return reflect(Interrupt::kMachineCheck, exit.pc, exit);
      }
      return device_access(exit, outcome.physical_address, outcome.little_endian, timer);
  }
  return {};
}

ExitVerdict ExitHandler::device_access(const cpu::Exit& exit, uint64_t paddr, bool little_endian,
                                       stats::ScopedExitTimer& timer) {
  DeviceAccessInfo info;
  const DeviceAccessResult result =
      PerformDeviceAccess(vcpu_.machine(), mmio_, isa::Instruction(exit.instruction), exit.dear,
                          paddr, little_endian, info);
  switch (result) {
    case DeviceAccessResult::kDone:
      timer.set_kind(info.store ? kinds_.mmio_write : kinds_.mmio_read);
      return {};
    case DeviceAccessResult::kNotLoadStore:
    case DeviceAccessResult::kNoDevice:
      // Nothing answers on the bus: the 440 takes a machine check.
      timer.set_kind(kinds_.mmio_error);
      return reflect(Interrupt::kMachineCheck, exit.pc, exit);
  }
  return {};
}

}  // namespace pvppc::vm
