// A machine TLB miss of a PV guest (docs/abi.md, "The PV MMU"): the
// hypervisor looks the address up in the guest's PV MMU -- fixed mappings,
// then the kernel's or the current context's page table -- and loads the
// machine's TLB itself. The guest runs no TLB-miss handler; it only takes a
// storage interrupt when its mappings forbid the access, as Linux's own
// miss handler would have sent it to its storage interrupt handler.
#pragma once

#include <cstdint>

#include "hypervisor/memory/address_translator.h"
#include "hypervisor/mmu/pv_mmu.h"
#include "hypervisor/vcpu/vcpu.h"
#include "hypervisor/vm/tlb_miss.h"

namespace pvppc::vm {

TlbMissOutcome ResolvePvTlbMiss(vcpu::Vcpu& vcpu, const mmu::PvMmu& mmu, uint32_t ea,
                                memory::Access access);

}  // namespace pvppc::vm
