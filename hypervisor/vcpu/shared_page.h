// The PV shared page as the hypervisor keeps it (docs/abi.md, "The shared
// page"). While the guest has it mapped, the page holds the authoritative
// copies of the registers a patched guest reads and writes with loads and
// stores (MSR, SRR0/1, SPRG0-7, DEAR, ESR): the hypervisor pulls them into
// the virtual state when the core stops and pushes them back before it runs
// again, together with int_pending.
#pragma once

#include <cstdint>

#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/vcpu/supervisor_state.h"
#include "pv-abi/pvppc_abi.hpp"

namespace pvppc::vcpu {

class SharedPageLink {
 public:
  // `page` is the host memory of the page; it outlives this object.
  explicit SharedPageLink(abi::SharedPage& page) : page_(page) {}

  // Fills the identification the hypervisor owns and the current registers.
  void initialize(uint32_t features, const SupervisorState& sup, const cpu::CpuState& machine);

  // Guest stores since the last push: only MSR[EE] of the MSR (other bits
  // need mtmsr, which traps), every other mirrored register in full.
  void pull(SupervisorState& sup, cpu::CpuState& machine) const;
  void push(const SupervisorState& sup, const cpu::CpuState& machine, bool interrupt_pending);

  // Linux's patched templates set `critical` to r1 while they must not be
  // interrupted; such a window only exists in guest supervisor mode.
  bool in_critical_section(const SupervisorState& sup, const cpu::CpuState& machine) const;

 private:
  abi::SharedPage& page_;
};

}  // namespace pvppc::vcpu
