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

// Sets `entry`'s effective base, physical base and size to the largest 440
// page size, at most `max_size`, whose aligned block around `ea` (at guest
// physical `physical`) is all RAM by `is_ram(base, size)`: fewer shadow
// entries, fewer misses (a kernel's 256 MiB mapping takes one). False when
// not even the 4 KiB page is RAM: a device, never shadowed.
template <class IsRam>
bool FitRamBlock(uint32_t ea, uint64_t physical, uint64_t max_size, IsRam is_ram,
                 mmu::ShadowEntry& entry) {
  static constexpr uint32_t kShifts[] = {28, 24, 20, 18, 16, 14, 12};
  for (uint32_t shift : kShifts) {
    const uint64_t size = uint64_t{1} << shift;
    if (size > max_size) continue;
    const uint64_t block = physical & ~(size - 1);
    if (is_ram(block, size)) {
      entry.effective_base = ea & ~static_cast<uint32_t>(size - 1);
      entry.physical_base = block;
      entry.size = size;
      return true;
    }
  }
  return false;
}

// Resolves a shadow miss at `ea`; loads the shadow entry when the guest
// mapping targets RAM. Entries as large as the guest's are used when the whole
// guest page is RAM (the machine's TLB supports the same page sizes), a 4 KiB
// one otherwise.
TlbMissOutcome ResolveTlbMiss(vcpu::Vcpu& vcpu, const memory::GuestMemory& ram, uint32_t ea,
                              memory::Access access);

}  // namespace pvppc::vm
