// The guest's virtual 440 core: the machine state the core runs on
// (cpu::CpuState), the virtual supervisor state around it, the guest's TLB,
// its timers and its two interrupt input pins.
//
// Every change of guest mode goes through here so that its consequences stay
// in one place: the machine MSR follows the guest's FP/FE bits, and the shadow
// TLB's context follows the guest's PR, IS, DS and PID.
#pragma once

#include <cstdint>
#include <optional>

#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/irq/interrupt_sink.h"
#include "hypervisor/mmu/guest_tlb.h"
#include "hypervisor/mmu/shadow_tlb.h"
#include "hypervisor/timer/booke_timer.h"
#include "hypervisor/vcpu/host_time_base.h"
#include "hypervisor/vcpu/interrupt.h"
#include "hypervisor/vcpu/shared_page.h"
#include "hypervisor/vcpu/supervisor_state.h"

namespace pvppc::vcpu {

class Vcpu final : public irq::CoreInterruptPins {
 public:
  Vcpu(cpu::CpuState& machine, mmu::GuestTlb& tlb, mmu::ShadowTlb& shadow,
       timer::BookeTimer& timers, HostTimeBase& time_base, uint32_t pvr);

  cpu::CpuState& machine() { return machine_; }
  const cpu::CpuState& machine() const { return machine_; }
  SupervisorState& sup() { return sup_; }
  const SupervisorState& sup() const { return sup_; }
  mmu::GuestTlb& tlb() { return tlb_; }
  mmu::ShadowTlb& shadow() { return shadow_; }
  timer::BookeTimer& timers() { return timers_; }
  HostTimeBase& time_base() { return time_base_; }
  uint32_t pvr() const { return pvr_; }

  bool guest_user_mode() const { return (sup_.msr & cpu::msr::kPR) != 0; }

  // A PV machine's guest has the PV MMU instead of a TLB (docs/abi.md, "The
  // PV MMU"): tlbwe, tlbre and tlbsx are illegal instructions there.
  void remove_guest_tlb() { guest_tlb_present_ = false; }
  bool guest_tlb_present() const { return guest_tlb_present_; }

  // Guest writes to MSR (mtmsr, wrtee, rfi, interrupt entry) and PID.
  void set_msr(uint32_t value);
  void set_pid(uint32_t value);

  // Takes `interrupt` now: saves `return_pc` and the MSR in the class's
  // save/restore registers and continues at the vector.
  void take_interrupt(Interrupt interrupt, uint32_t return_pc);

  // The asynchronous interrupt the guest would take now, by Book E priority
  // and enables (critical input and watchdog under MSR[CE]; external input,
  // decrementer and FIT under MSR[EE]).
  std::optional<Interrupt> deliverable_interrupt(uint64_t tb);
  std::optional<Interrupt> deliverable_interrupt() { return deliverable_interrupt(time_base_.read()); }

  // Any asynchronous interrupt condition, whatever MSR[EE]/MSR[CE] say
  // (the shared page's int_pending, the IDLE hypercall).
  bool interrupt_pending(uint64_t tb);
  bool interrupt_pending() { return interrupt_pending(time_base_.read()); }

  // ---- The PV shared page ------------------------------------------------
  void map_shared_page(abi::SharedPage& page, uint32_t features);
  bool shared_page_mapped() const { return shared_.has_value(); }
  // Before the hypervisor looks at the state / before the core runs again.
  void pull_shared() {
    if (shared_) shared_->pull(sup_, machine_);
  }
  void push_shared(uint64_t tb) {
    if (shared_) shared_->push(sup_, machine_, interrupt_pending(tb));
  }
  void push_shared() { push_shared(time_base_.read()); }

  // irq::CoreInterruptPins (driven by UIC0 or the PV interrupt controller).
  void set_external(bool asserted) override { external_pin_ = asserted; }
  void set_critical(bool asserted) override { critical_pin_ = asserted; }
  bool external_pin() const { return external_pin_; }

 private:
  void sync_mode();

  cpu::CpuState& machine_;
  mmu::GuestTlb& tlb_;
  mmu::ShadowTlb& shadow_;
  timer::BookeTimer& timers_;
  HostTimeBase& time_base_;
  uint32_t pvr_;
  SupervisorState sup_;
  std::optional<SharedPageLink> shared_;
  bool external_pin_ = false;
  bool critical_pin_ = false;
  bool guest_tlb_present_ = true;
};

}  // namespace pvppc::vcpu
