#include "hypervisor/vm/pv_tlb_miss.h"

namespace pvppc::vm {

using Kind = TlbMissOutcome::Kind;
using Mapping = mmu::PvMmu::Translation;

TlbMissOutcome ResolvePvTlbMiss(vcpu::Vcpu& vcpu, const mmu::PvMmu& mmu, uint32_t ea,
                                memory::Access access) {
  const vcpu::SupervisorState& sup = vcpu.sup();
  const bool user = vcpu.guest_user_mode();
  const uint8_t context = static_cast<uint8_t>(sup.pid);
  const Mapping m = mmu.translate(ea, context, access, user);
  switch (m.kind) {
    case Mapping::Kind::kStorageFault: return {Kind::kGuestProtection};
    case Mapping::Kind::kBadPhysical: return {Kind::kBadPhysical};
    case Mapping::Kind::kMapped: break;
  }
  const bool little_endian = (m.flags & PVPPC_PTE_LITTLE_ENDIAN) != 0;
  const uint64_t physical = m.physical_base + (ea - m.effective_base);

  // The largest 440 page size within the mapping whose aligned block around
  // `ea` is all RAM: the kernel's 256 MiB linear map takes one entry.
  static constexpr uint32_t kShifts[] = {28, 24, 20, 18, 16, 14, 12};
  mmu::ShadowEntry entry;
  for (uint32_t shift : kShifts) {
    const uint64_t size = uint64_t{1} << shift;
    if (size > m.size) continue;
    const uint64_t block = physical & ~(size - 1);
    if (mmu.in_ram(block, size)) {
      entry.effective_base = ea & ~static_cast<uint32_t>(size - 1);
      entry.physical_base = block;
      entry.size = size;
      break;
    }
  }
  // Device pages are never shadowed: every access is emulated.
  if (entry.size == 0) return {Kind::kDevice, physical, little_endian};

  const bool fetch = access == memory::Access::kExecute;
  const mmu::PteRights rights = mmu::RightsOf(m.flags, user);
  entry.user = user;
  entry.ts = (sup.msr & (fetch ? cpu::msr::kIS : cpu::msr::kDS)) != 0;
  entry.tid = m.global ? 0 : context;
  entry.readable = rights.read;
  entry.writable = rights.write;
  entry.executable = rights.execute;
  entry.little_endian = little_endian;
  entry.cacheable = (m.flags & PVPPC_PTE_NO_CACHE) == 0;
  vcpu.shadow().insert(entry);
  return {Kind::kShadowFilled};
}

}  // namespace pvppc::vm
