#include "hypervisor/vm/tlb_miss.h"

namespace pvppc::vm {

using memory::Access;
using Kind = TlbMissOutcome::Kind;

TlbMissOutcome ResolveTlbMiss(vcpu::Vcpu& vcpu, const memory::GuestMemory& ram, uint32_t ea,
                              Access access) {
  const vcpu::SupervisorState& sup = vcpu.sup();
  const bool fetch = access == Access::kExecute;
  const bool ts = (sup.msr & (fetch ? cpu::msr::kIS : cpu::msr::kDS)) != 0;
  const bool user = vcpu.guest_user_mode();

  const std::optional<mmu::TlbMatch> match = vcpu.tlb().translate(ea, sup.pid, ts);
  if (!match) return {Kind::kGuestTlbMiss};
  if (!match->permissions.allows(access, user)) return {Kind::kGuestProtection};

  const uint64_t page_size = uint64_t{1} << match->page_shift;
  mmu::ShadowEntry entry;
  if (page_size < memory::kPageSize) {
    // 1 KiB guest pages: the machine model translates in 4 KiB units, so they
    // cannot be shadowed without over-mapping; every access is emulated as a
    // device access would be. Linux never uses them.
    return {Kind::kDevice, match->real_address, match->attributes.little_endian};
  } else {
    // The largest 440 page size, at most the guest's, whose aligned block
    // around `ea` is all RAM (the guest's kernel mapping is 256 MiB even when
    // RAM is smaller): fewer shadow entries, fewer misses.
    static constexpr uint32_t kShifts[] = {28, 24, 20, 18, 16, 14, 12};
    bool found = false;
    for (uint32_t shift : kShifts) {
      if (shift > match->page_shift) continue;
      const uint64_t size = uint64_t{1} << shift;
      const uint64_t physical = match->real_address & ~(size - 1);
      if (ram.contains(physical, size)) {
        entry.effective_base = ea & ~static_cast<uint32_t>(size - 1);
        entry.size = size;
        entry.physical_base = physical;
        found = true;
        break;
      }
    }
    if (!found) return {Kind::kDevice, match->real_address, match->attributes.little_endian};
  }

  const mmu::PagePermissions& p = match->permissions;
  entry.user = user;
  entry.ts = ts;
  entry.tid = vcpu.tlb().entry(match->index).tid;
  entry.readable = user ? p.user_read : p.supervisor_read;
  entry.writable = user ? p.user_write : p.supervisor_write;
  entry.executable = user ? p.user_execute : p.supervisor_execute;
  entry.little_endian = match->attributes.little_endian;
  entry.cacheable = !match->attributes.caching_inhibited;
  entry.guest_index = static_cast<uint8_t>(match->index);
  vcpu.shadow().insert(entry);
  return {Kind::kShadowFilled};
}

}  // namespace pvppc::vm
