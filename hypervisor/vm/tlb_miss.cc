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
  }
  // A guest page larger than RAM (Linux maps 256 MiB) gets the largest part
  // that is RAM.
  if (!FitRamBlock(ea, match->real_address, page_size,
                   [&](uint64_t base, uint64_t size) { return ram.contains(base, size); }, entry)) {
    return {Kind::kDevice, match->real_address, match->attributes.little_endian};
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
