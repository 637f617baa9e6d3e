#include "hypervisor/mmu/pv_page_table.h"

#include "pv-abi/pvppc_abi.h"

namespace pvppc::mmu {

PageTableWalk WalkPageTable(const memory::GuestMemory& ram, uint64_t ram_bytes, uint64_t l1_table,
                            uint32_t ea) {
  using Kind = PageTableWalk::Kind;
  const uint64_t l1_slot = l1_table + uint64_t{ea >> PVPPC_PT_L1_SHIFT} * 4;
  uint32_t l1_entry = 0;
  if (l1_slot + 4 > ram_bytes || !ram.read_be32(l1_slot, l1_entry)) return {Kind::kBadAddress};
  // The low 12 bits are ignored (docs/abi.md): Linux keeps none there.
  const uint64_t l2_table = l1_entry & ~uint64_t{PVPPC_MMU_PAGE_SIZE - 1};
  if (l2_table == 0) return {Kind::kNoTable};
  if (l2_table + PVPPC_PT_L2_BYTES > ram_bytes) return {Kind::kBadAddress};
  const uint64_t index = (ea >> PVPPC_MMU_PAGE_SHIFT) & (PVPPC_PT_L2_ENTRIES - 1);
  uint32_t high = 0, low = 0;
  if (!ram.read_be32(l2_table + index * 8, high) || !ram.read_be32(l2_table + index * 8 + 4, low)) {
    return {Kind::kBadAddress};
  }
  return {Kind::kEntry, (uint64_t{high} << 32) | low};
}

PteRights RightsOf(uint32_t flags, bool user_mode) {
  PteRights rights;
  constexpr uint32_t kUsable = PVPPC_PTE_PRESENT | PVPPC_PTE_ACCESSED;
  if ((flags & kUsable) != kUsable) return rights;
  const bool user_page = (flags & PVPPC_PTE_USER) != 0;
  if (user_mode && !user_page) return rights;
  rights.read = true;
  rights.write = (flags & PVPPC_PTE_WRITE) && (flags & PVPPC_PTE_DIRTY);
  rights.execute = (flags & PVPPC_PTE_EXEC) && user_mode == user_page;
  return rights;
}

}  // namespace pvppc::mmu
