#include "hypervisor/vcpu/interrupt.h"

namespace pvppc::vcpu {

std::string_view InterruptName(Interrupt interrupt) {
  static constexpr std::string_view kNames[] = {
      "critical-input", "machine-check",   "data-storage", "instruction-storage",
      "external-input", "alignment",       "program",      "fp-unavailable",
      "system-call",    "ap-unavailable",  "decrementer",  "fixed-interval-timer",
      "watchdog",       "data-tlb-error",  "instruction-tlb-error", "debug"};
  return kNames[static_cast<uint8_t>(interrupt)];
}

bool VectorsSet(const SupervisorState& sup, Interrupt interrupt) {
  return sup.ivpr != 0 || sup.ivor[static_cast<uint8_t>(interrupt)] != 0;
}

uint32_t Deliver(SupervisorState& sup, Interrupt interrupt, uint32_t return_pc) {
  using namespace cpu::msr;
  const uint32_t old_msr = sup.msr;
  switch (ClassOf(interrupt)) {
    case InterruptClass::kBase:
      // Base class: CE, ME and DE keep their value, everything else clears.
      sup.srr0 = return_pc;
      sup.srr1 = old_msr;
      sup.msr = old_msr & (kCE | kME | kDE);
      break;
    case InterruptClass::kCritical:
      // Critical class: only ME survives (CE and DE clear so that the
      // handler cannot be re-entered by another critical interrupt).
      sup.csrr0 = return_pc;
      sup.csrr1 = old_msr;
      sup.msr = old_msr & kME;
      break;
    case InterruptClass::kMachineCheck:
      sup.mcsrr0 = return_pc;
      sup.mcsrr1 = old_msr;
      sup.msr = 0;
      break;
  }
  sup.waiting = false;
  return (sup.ivpr & 0xFFFF0000u) | (sup.ivor[static_cast<uint8_t>(interrupt)] & 0x0000FFF0u);
}

}  // namespace pvppc::vcpu
