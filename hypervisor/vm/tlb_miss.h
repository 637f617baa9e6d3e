// What the hypervisor does when the machine's TLB (the shadow TLB) has no
// entry for an access: look the address up in the guest's TLB, as the guest
// kernel set it up, and either load a shadow entry, reflect the miss or the
// protection fault into the guest, or find a device behind the address.
#pragma once

#include <cstdint>

#include "hypervisor/memory/address_translator.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/mmu/guest_tlb.h"
#include "hypervisor/vcpu/vcpu.h"

namespace pvppc::vm {

struct TlbMissOutcome {
  enum class Kind : uint8_t {
    kShadowFilled,     // a shadow entry was loaded; retry the instruction
    kGuestTlbMiss,     // the guest's TLB has no entry: a TLB error interrupt for the guest
    kGuestProtection,  // the guest's entry forbids it: a storage interrupt for the guest
    kDevice,           // the guest maps it to something that is not RAM
    kBadPhysical,      // the guest's tables point at no RAM and no device: machine check
  };
  Kind kind;
  uint64_t physical_address = 0;  // kDevice: the guest physical address accessed
  bool little_endian = false;     // kDevice: the guest entry's E bit
};

// Resolves a shadow miss at `ea`; loads the shadow entry when the guest
// mapping targets RAM. Entries as large as the guest's are used when the whole
// guest page is RAM (the machine's TLB supports the same page sizes), a 4 KiB
// one otherwise.
TlbMissOutcome ResolveTlbMiss(vcpu::Vcpu& vcpu, const memory::GuestMemory& ram, uint32_t ea,
                              memory::Access access);

}  // namespace pvppc::vm
