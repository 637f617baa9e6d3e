// The PV MMU (docs/abi.md, "The PV MMU"): the whole MMU of a PV guest as the
// hypervisor keeps it. The guest describes its address spaces -- fixed
// mappings (the kernel's linear map, an RTOS's flat map, MMIO), a kernel page
// table for the addresses from its kernel base up, and one page table per
// context below it -- and never touches a TLB. On a machine TLB miss the
// hypervisor looks the address up here and loads the machine's TLB
// (ShadowTlb) itself; the guest only hears of accesses its tables forbid, as
// storage interrupts. The guest's invalidations drop shadow entries.
//
// Every mapping is checked to target guest RAM or a device window, and every
// table read goes through GuestMemory's checked accessors: a guest cannot
// make the hypervisor touch host memory outside its RAM.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/mmu/pv_page_table.h"
#include "hypervisor/mmu/shadow_tlb.h"
#include "pv-abi/pvppc_abi.hpp"

namespace pvppc::mmu {

class PvMmu {
 public:
  // True when guest physical [address, address + size) overlaps a device
  // window (accesses there are emulated, never shadowed).
  using DeviceProbe = std::function<bool(uint64_t address, uint64_t size)>;

  // Guest RAM is the first `ram_bytes` of `ram` (the memory object may hold
  // more, such as the shared page, which the guest must not map).
  // Starts in the boot state (docs/abi.md, "Entry state"): one fixed
  // mapping, EA 0 to physical 0, PVPPC_BOOT_MAPPED_AREA bytes, supervisor
  // read/write/execute.
  PvMmu(const memory::GuestMemory& ram, uint64_t ram_bytes, ShadowTlb& shadow,
        DeviceProbe is_device);

  // ---- The calls (pv-abi numbers; arguments as the guest passed them) ----
  abi::Status map_fixed(uint32_t ea, uint32_t page_number, uint32_t size, uint32_t flags);
  abi::Status unmap_fixed(uint32_t ea, uint32_t size);
  abi::Status set_kernel_table(uint32_t page_number, uint32_t kernel_base);
  // The caller makes `context` the current one (the guest's PID) on success.
  abi::Status switch_context(uint32_t context, uint32_t page_number);
  abi::Status invalidate(uint32_t scope, uint32_t context, uint32_t ea, uint32_t length);

  // ---- Machine TLB misses -------------------------------------------------
  struct Translation {
    enum class Kind : uint8_t {
      kMapped,        // [physical_base, +size) backs [effective_base, +size)
      kStorageFault,  // nothing mapped, or the mapping forbids the access
      kBadPhysical,   // the guest's tables point outside RAM and devices
    };
    Kind kind = Kind::kStorageFault;
    uint32_t effective_base = 0;
    uint64_t physical_base = 0;
    uint64_t size = 0;       // a power of two >= 4 KiB, the whole mapping
    uint32_t flags = 0;      // PVPPC_PTE_*
    bool global = false;     // valid in every context (fixed or kernel)
    PteRights rights{};      // in the mode asked about
  };
  Translation translate(uint32_t ea, uint8_t context, memory::Access access, bool user_mode) const;

  // Whether guest physical [physical, physical + size) is guest RAM.
  bool in_ram(uint64_t physical, uint64_t size) const {
    return physical <= ram_bytes_ && size <= ram_bytes_ - physical && ram_.contains(physical, size);
  }

 private:
  struct FixedMapping {
    uint32_t ea = 0;
    uint64_t physical = 0;
    uint64_t size = 0;
    uint32_t flags = 0;
  };
  bool backed(uint64_t physical, uint64_t size) const;

  const memory::GuestMemory& ram_;
  uint64_t ram_bytes_;
  ShadowTlb& shadow_;
  DeviceProbe is_device_;
  std::array<std::optional<FixedMapping>, PVPPC_MMU_MAX_FIXED> fixed_{};
  uint64_t kernel_table_ = 0;  // 0: none
  uint32_t kernel_base_ = 0;
  std::array<uint64_t, PVPPC_MMU_MAX_CONTEXT + 1> context_tables_{};  // [0] unused
};

}  // namespace pvppc::mmu
