#include "hypervisor/vcpu/shared_page.h"

namespace pvppc::vcpu {

using abi::Low32;
using abi::SetLow32;

void SharedPageLink::initialize(uint32_t features, const SupervisorState& sup,
                                const cpu::CpuState& machine) {
  page_.magic.set(PVPPC_SHARED_PAGE_MAGIC);
  page_.abi_version.set(PVPPC_ABI_VERSION);
  page_.features.set(features);
  page_.pir.set(sup.pir);
  page_.critical.set(0);
  push(sup, machine, false);
}

void SharedPageLink::pull(SupervisorState& sup, cpu::CpuState& machine) const {
  sup.msr = (sup.msr & ~cpu::msr::kEE) | (Low32(page_.msr) & cpu::msr::kEE);
  sup.srr0 = Low32(page_.srr0);
  sup.srr1 = Low32(page_.srr1);
  sup.sprg0_3 = {Low32(page_.sprg0), Low32(page_.sprg1), Low32(page_.sprg2), Low32(page_.sprg3)};
  machine.sprg4_7 = {Low32(page_.sprg4), Low32(page_.sprg5), Low32(page_.sprg6),
                     Low32(page_.sprg7)};
  sup.dear = Low32(page_.dar);
  sup.esr = page_.esr.get();
}

void SharedPageLink::push(const SupervisorState& sup, const cpu::CpuState& machine,
                          bool interrupt_pending) {
  SetLow32(page_.msr, sup.msr);
  SetLow32(page_.srr0, sup.srr0);
  SetLow32(page_.srr1, sup.srr1);
  SetLow32(page_.sprg0, sup.sprg0_3[0]);
  SetLow32(page_.sprg1, sup.sprg0_3[1]);
  SetLow32(page_.sprg2, sup.sprg0_3[2]);
  SetLow32(page_.sprg3, sup.sprg0_3[3]);
  SetLow32(page_.sprg4, machine.sprg4_7[0]);
  SetLow32(page_.sprg5, machine.sprg4_7[1]);
  SetLow32(page_.sprg6, machine.sprg4_7[2]);
  SetLow32(page_.sprg7, machine.sprg4_7[3]);
  SetLow32(page_.dar, sup.dear);
  page_.esr.set(sup.esr);
  page_.int_pending.set(interrupt_pending ? 1 : 0);
}

bool SharedPageLink::in_critical_section(const SupervisorState& sup,
                                         const cpu::CpuState& machine) const {
  // A zero `critical` never marks a section (no kernel stack pointer is 0).
  const uint32_t critical = Low32(page_.critical);
  return critical != 0 && !(sup.msr & cpu::msr::kPR) && critical == machine.gpr[1];
}

}  // namespace pvppc::vcpu
