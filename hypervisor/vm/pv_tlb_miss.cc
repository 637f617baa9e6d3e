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

  mmu::ShadowEntry entry;
  if (!FitRamBlock(ea, physical, m.size,
                   [&](uint64_t base, uint64_t size) { return mmu.in_ram(base, size); }, entry)) {
    return {Kind::kDevice, physical, little_endian};  // emulated, never shadowed
  }

  const bool fetch = access == memory::Access::kExecute;
  entry.user = user;
  entry.ts = (sup.msr & (fetch ? cpu::msr::kIS : cpu::msr::kDS)) != 0;
  entry.tid = m.global ? 0 : context;
  entry.readable = m.rights.read;
  entry.writable = m.rights.write;
  entry.executable = m.rights.execute;
  entry.little_endian = little_endian;
  entry.cacheable = (m.flags & PVPPC_PTE_NO_CACHE) == 0;
  vcpu.shadow().insert(entry);
  return {Kind::kShadowFilled};
}

}  // namespace pvppc::vm
