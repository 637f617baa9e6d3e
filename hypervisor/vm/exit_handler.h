// The hypervisor's side of every exit: classify it once, handle it, count it
// (design.md: "classify an exit once, dispatch through a table, keep per-type
// counters and host time cheap enough to leave on").
//
// Handling means one of: emulate a privileged instruction from the guest's
// virtual supervisor mode, load a shadow TLB entry, perform a device access,
// or reflect the exception into the guest kernel as the 440 would have
// delivered it had the guest run on bare metal.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/exit.h"
#include "hypervisor/devices/mmio_bus.h"
#include "hypervisor/hypercall/hypercalls.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/stats/exit_stats.h"
#include "hypervisor/vcpu/privileged_emulator.h"
#include "hypervisor/vcpu/vcpu.h"

namespace pvppc::vm {

struct ExitVerdict {
  enum class Kind : uint8_t {
    kContinue,
    kResetRequested,  // the guest asked for a reset (reboot)
    kPowerOff,        // the guest asked to be switched off
    kGuestError,      // the guest did something it cannot recover from
  };
  Kind kind = Kind::kContinue;
  std::string diagnostic;  // kGuestError: what, where (guest PC), which exit
};

class ExitHandler {
 public:
  ExitHandler(vcpu::Vcpu& vcpu, vcpu::PrivilegedEmulator& emulator, memory::GuestMemory& ram,
              devices::MmioBus& mmio, stats::ExitStats& stats);

  [[nodiscard]] ExitVerdict handle(const cpu::Exit& exit);

  // PV guests: `sc` from guest supervisor mode with r0 = "KVM!" is a
  // hypercall (docs/abi.md, "Hypercalls"). Not set for unmodified guests.
  void enable_hypercalls(hypercall::Hypercalls* hypercalls) { hypercalls_ = hypercalls; }
  // A PV machine's TLB misses are resolved from its PV MMU, not a guest TLB.
  void enable_pv_mmu(const mmu::PvMmu* mmu) { pv_mmu_ = mmu; }

  // Delivers an asynchronous interrupt (timer, UIC) at the current PC.
  [[nodiscard]] ExitVerdict deliver_async(vcpu::Interrupt interrupt);

 private:
  ExitVerdict program(const cpu::Exit& exit, stats::ScopedExitTimer& timer);
  ExitVerdict hypercall(stats::ScopedExitTimer& timer);
  // The statistics kind of an emulated instruction: mfspr/mtspr by SPR,
  // mtmsr by whether only MSR[EE] changes (what PV removes).
  stats::ExitStats::KindId emulate_kind(const vcpu::PrivilegedEmulator::Row& row,
                                        isa::Instruction insn);
  // How an emulated instruction's exit is classified, by PrivilegedEmulator row.
  enum class RowClass : uint8_t { kPlain, kSprRead, kSprWrite, kMtmsr, kWrtee, kWrteei };
  bool enables_ee_for_pending(RowClass kind, isa::Instruction insn);
  ExitVerdict tlb_miss(const cpu::Exit& exit, stats::ScopedExitTimer& timer);
  ExitVerdict device_access(const cpu::Exit& exit, uint64_t paddr, bool little_endian,
                            stats::ScopedExitTimer& timer);
  // Reflects `interrupt` into the guest with SRR0 = `return_pc`, or reports a
  // guest error when the guest has not set up its vectors.
  ExitVerdict reflect(vcpu::Interrupt interrupt, uint32_t return_pc, const cpu::Exit& exit);
  ExitVerdict guest_error(const std::string& what, const cpu::Exit& exit) const;

  vcpu::Vcpu& vcpu_;
  vcpu::PrivilegedEmulator& emulator_;
  memory::GuestMemory& ram_;
  devices::MmioBus& mmio_;
  stats::ExitStats& stats_;
  hypercall::Hypercalls* hypercalls_ = nullptr;
  const mmu::PvMmu* pv_mmu_ = nullptr;

  // Kinds registered once (ExitStats::kind is a search).
  struct Kinds {
    stats::ExitStats::KindId unclassified, syscall, fp_unavailable, alignment, data_storage,
        instruction_storage, machine_check, program_illegal, program_trap, program_fp,
        program_privileged_user, shadow_fill_data, shadow_fill_instruction, reflected_dtlb,
        reflected_itlb, mmio_read, mmio_write, mmio_error;
    std::array<stats::ExitStats::KindId, 16> interrupt;
  } kinds_;
  std::vector<stats::ExitStats::KindId> emulate_kinds_;  // by PrivilegedEmulator row
  std::vector<RowClass> row_classes_;                    // by PrivilegedEmulator row
  std::vector<stats::ExitStats::KindId> hypercall_kinds_;  // by Hypercalls row
  stats::ExitStats::KindId hypercall_unknown_ = 0, mtmsr_ee_only_ = 0, ee_delivers_ = 0;
  static constexpr stats::ExitStats::KindId kUnset = ~0u;
  std::array<std::array<stats::ExitStats::KindId, 1024>, 2> spr_kinds_;  // [mtspr][spr]
};

}  // namespace pvppc::vm
