#include "hypervisor/mmu/pv_mmu.h"

#include <bit>

namespace pvppc::mmu {

using abi::Status;
using Kind = PvMmu::Translation::Kind;

namespace {

constexpr uint32_t kDefinedFlags =
    PVPPC_PTE_PRESENT | PVPPC_PTE_WRITE | PVPPC_PTE_EXEC | PVPPC_PTE_ACCESSED | PVPPC_PTE_DIRTY |
    PVPPC_PTE_USER | PVPPC_PTE_LITTLE_ENDIAN | PVPPC_PTE_GUARDED | PVPPC_PTE_COHERENT |
    PVPPC_PTE_NO_CACHE | PVPPC_PTE_WRITE_THROUGH;
// A fixed mapping is present and in use by definition.
constexpr uint32_t kFixedImplied = PVPPC_PTE_PRESENT | PVPPC_PTE_ACCESSED | PVPPC_PTE_DIRTY;

bool Overlaps(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size) {
  return a < b + b_size && b < a + a_size;
}

}  // namespace

PvMmu::PvMmu(const memory::GuestMemory& ram, uint64_t ram_bytes, ShadowTlb& shadow,
             DeviceProbe is_device)
    : ram_(ram), ram_bytes_(ram_bytes), shadow_(shadow), is_device_(std::move(is_device)) {
  fixed_[0] = FixedMapping{0, 0, PVPPC_BOOT_MAPPED_AREA,
                           PVPPC_PTE_WRITE | PVPPC_PTE_EXEC | kFixedImplied};
}

// Every 4 KiB page is RAM or overlaps a device window, except that a
// mapping that starts in RAM may run past its end: the boot mapping and a
// kernel's 256 MiB linear map do on a smaller machine, and the kernel
// cannot know the RAM size before it runs. Accesses past the end are
// machine checks, as on hardware with nothing at those addresses.
bool PvMmu::backed(uint64_t physical, uint64_t size) const {
  if (in_ram(physical, PVPPC_MMU_PAGE_SIZE)) return true;
  for (uint64_t page = physical; page < physical + size; page += PVPPC_MMU_PAGE_SIZE) {
    if (!in_ram(page, PVPPC_MMU_PAGE_SIZE) && !is_device_(page, PVPPC_MMU_PAGE_SIZE)) {
      return false;
    }
  }
  return true;
}

Status PvMmu::map_fixed(uint32_t ea, uint32_t page_number, uint32_t size, uint32_t flags) {
  const uint64_t physical = uint64_t{page_number} << PVPPC_MMU_PAGE_SHIFT;
  if (!std::has_single_bit(size) || size < PVPPC_MMU_PAGE_SIZE || size > PVPPC_MMU_MAX_FIXED_SIZE ||
      ea % size != 0 || physical % size != 0 || (flags & ~kDefinedFlags) != 0) {
    return Status::kInvalid;
  }
  if (Overlaps(ea, size, PVPPC_SHARED_PAGE_EA, PVPPC_SHARED_PAGE_SIZE)) return Status::kInvalid;
  for (const auto& f : fixed_) {
    if (f && Overlaps(ea, size, f->ea, f->size)) return Status::kInvalid;
  }
  if (!backed(physical, size)) return Status::kFault;
  for (auto& f : fixed_) {
    if (!f) {
      f = FixedMapping{ea, physical, size, flags | kFixedImplied};
      // Walked entries may have covered these addresses.
      shadow_.invalidate_range(ea, size);
      return Status::kSuccess;
    }
  }
  return Status::kNoMemory;
}

Status PvMmu::unmap_fixed(uint32_t ea, uint32_t size) {
  for (auto& f : fixed_) {
    if (f && f->ea == ea && f->size == size) {
      f.reset();
      shadow_.invalidate_range(ea, size);
      return Status::kSuccess;
    }
  }
  return Status::kNoEntry;
}

Status PvMmu::set_kernel_table(uint32_t page_number, uint32_t kernel_base) {
  const uint64_t table = uint64_t{page_number} << PVPPC_MMU_PAGE_SHIFT;
  if (kernel_base % (1u << PVPPC_PT_L1_SHIFT) != 0) return Status::kInvalid;
  if (table != 0 && !in_ram(table, PVPPC_PT_L1_BYTES)) return Status::kFault;
  kernel_table_ = table;
  kernel_base_ = kernel_base;
  shadow_.invalidate_all();
  return Status::kSuccess;
}

Status PvMmu::switch_context(uint32_t context, uint32_t page_number) {
  const uint64_t table = uint64_t{page_number} << PVPPC_MMU_PAGE_SHIFT;
  if (context > PVPPC_MMU_MAX_CONTEXT || (context == 0 && table != 0)) return Status::kInvalid;
  if (table != 0 && !in_ram(table, PVPPC_PT_L1_BYTES)) return Status::kFault;
  if (context != 0 && context_tables_[context] != table) {
    // The number now names another address space: nothing loaded for the
    // old one may be used for it.
    shadow_.invalidate_context(static_cast<uint8_t>(context));
    context_tables_[context] = table;
  }
  return Status::kSuccess;
}

Status PvMmu::invalidate(uint32_t scope, uint32_t context, uint32_t ea, uint32_t length) {
  if (context > PVPPC_MMU_MAX_CONTEXT) return Status::kInvalid;
  switch (scope) {
    case PVPPC_MMU_INVALIDATE_PAGE:
      // Every context's entries for the page go: over-invalidating is safe
      // and the shadow TLB holds few entries per address.
      shadow_.invalidate_range(ea & ~(PVPPC_MMU_PAGE_SIZE - 1), PVPPC_MMU_PAGE_SIZE);
      return Status::kSuccess;
    case PVPPC_MMU_INVALIDATE_RANGE:
      if (length == 0 || uint64_t{ea} + length > (uint64_t{1} << 32)) return Status::kInvalid;
      shadow_.invalidate_range(ea, length);
      return Status::kSuccess;
    case PVPPC_MMU_INVALIDATE_CONTEXT:
      // Context 0: the kernel space's (global) entries.
      shadow_.invalidate_context(static_cast<uint8_t>(context));
      return Status::kSuccess;
    case PVPPC_MMU_INVALIDATE_ALL:
      shadow_.invalidate_all();
      return Status::kSuccess;
    default:
      return Status::kInvalid;
  }
}

PvMmu::Translation PvMmu::translate(uint32_t ea, uint8_t context, memory::Access access,
                                    bool user_mode) const {
  for (const auto& f : fixed_) {
    if (!f || ea < f->ea || ea - f->ea >= f->size) continue;
    const PteRights rights = RightsOf(f->flags, user_mode);
    if (!rights.allows(access)) return {Kind::kStorageFault};
    return {Kind::kMapped, f->ea, f->physical, f->size, f->flags, true, rights};
  }

  // From the kernel base up the kernel's table, below it the context's.
  const bool kernel_space = kernel_table_ != 0 && ea >= kernel_base_;
  const uint64_t table = kernel_space ? kernel_table_ : context_tables_[context];
  if (table == 0) return {Kind::kStorageFault};

  const PageTableWalk walk = WalkPageTable(ram_, ram_bytes_, table, ea);
  if (walk.kind == PageTableWalk::Kind::kBadAddress) return {Kind::kBadPhysical};
  if (walk.kind == PageTableWalk::Kind::kNoTable) return {Kind::kStorageFault};
  const uint32_t flags = static_cast<uint32_t>(walk.pte & (PVPPC_MMU_PAGE_SIZE - 1));
  const PteRights rights = RightsOf(flags, user_mode);
  if (!rights.allows(access)) return {Kind::kStorageFault};
  const uint64_t physical = walk.pte & PVPPC_PTE_ADDRESS_MASK;
  if (!in_ram(physical, PVPPC_MMU_PAGE_SIZE) && !is_device_(physical, PVPPC_MMU_PAGE_SIZE)) {
    return {Kind::kBadPhysical};
  }
  return {Kind::kMapped, ea & ~(PVPPC_MMU_PAGE_SIZE - 1), physical, PVPPC_MMU_PAGE_SIZE, flags,
          kernel_space, rights};
}

}  // namespace pvppc::mmu
