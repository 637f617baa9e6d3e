#include "hypervisor/vcpu/vcpu.h"

namespace pvppc::vcpu {

using namespace cpu::msr;

Vcpu::Vcpu(cpu::CpuState& machine, mmu::GuestTlb& tlb, mmu::ShadowTlb& shadow,
           timer::BookeTimer& timers, HostTimeBase& time_base, uint32_t pvr)
    : machine_(machine),
      tlb_(tlb),
      shadow_(shadow),
      timers_(timers),
      time_base_(time_base),
      pvr_(pvr) {
  sync_mode();
}

void Vcpu::sync_mode() {
  // The machine always runs guest code in user mode with its own interrupts
  // enabled; of the guest's MSR only the FP controls matter to the core (an
  // FP instruction with guest MSR[FP]=0 must exit as FP Unavailable).
  machine_.msr = kPR | kEE | kCE | kME | (sup_.msr & (kFP | kFE0 | kFE1));
  shadow_.set_context(mmu::ShadowContext{
      .user = (sup_.msr & kPR) != 0,
      .instruction_ts = (sup_.msr & kIS) != 0,
      .data_ts = (sup_.msr & kDS) != 0,
      .pid = static_cast<uint8_t>(sup_.pid & 0xff),
  });
}

void Vcpu::set_msr(uint32_t value) {
  // Bits the 440 implements (PPC440x5 UM, "Machine State Register").
  constexpr uint32_t kImplemented =
      kWE | kCE | kEE | kPR | kFP | kME | kFE0 | kDWE | kDE | kFE1 | kIS | kDS;
  sup_.msr = value & kImplemented;
  // Entering the wait state: the core stops until an interrupt it may take.
  if (sup_.msr & kWE) sup_.waiting = true;
  sync_mode();
}

void Vcpu::set_pid(uint32_t value) {
  sup_.pid = value & 0xff;  // the 440's PID is 8 bits
  sync_mode();
}

void Vcpu::take_interrupt(Interrupt interrupt, uint32_t return_pc) {
  // A guest in the wait state resumes after the wait when it returns.
  const uint32_t vector = Deliver(sup_, interrupt, return_pc);
  machine_.pc = vector;
  sync_mode();
}

bool Vcpu::interrupt_pending(uint64_t tb) {
  return external_pin_ || critical_pin_ || timers_.pending(tb).any();
}

void Vcpu::map_shared_page(abi::SharedPage& page, uint32_t features) {
  shared_.emplace(page);
  shared_->initialize(features, sup_, machine_);
}

std::optional<Interrupt> Vcpu::deliverable_interrupt(uint64_t tb) {
  if (shared_ && shared_->in_critical_section(sup_, machine_)) return std::nullopt;
  const bool critical_enabled = (sup_.msr & kCE) != 0;
  const bool external_enabled = (sup_.msr & kEE) != 0;
  if (!critical_enabled && !external_enabled) return std::nullopt;
  const timer::TimerInterrupts timers = timers_.pending(tb);
  if (critical_enabled) {
    if (critical_pin_) return Interrupt::kCriticalInput;
    if (timers.watchdog) return Interrupt::kWatchdog;
  }
  if (external_enabled) {
    if (external_pin_) return Interrupt::kExternalInput;
    if (timers.decrementer) return Interrupt::kDecrementer;
    if (timers.fixed_interval) return Interrupt::kFixedIntervalTimer;
  }
  return std::nullopt;
}

}  // namespace pvppc::vcpu
