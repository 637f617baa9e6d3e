// Loading a guest kernel the way head_44x.S expects it (Linux
// Documentation/powerpc/booting.rst; arch/powerpc/kernel/head_44x.S): the ELF
// vmlinux at its physical load addresses (0 for 44x), the initrd and the
// device tree elsewhere in low memory, and the entry point as a physical
// address, to be reached through an initial TLB entry mapping 0 -> 0.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/memory/guest_memory.h"

namespace pvppc::vm {

struct LoadedKernel {
  uint32_t entry_paddr = 0;
  uint64_t end_paddr = 0;  // first byte past the highest segment (incl. bss)
  // The pvppc ABI version the kernel's "pvppc" ELF note declares
  // (docs/abi.md, "Discovery"); nothing for a kernel without one.
  std::optional<uint32_t> pv_abi_version;
};

// Copies every PT_LOAD segment of a big-endian 32-bit PowerPC ELF into guest
// memory at its physical address (p_paddr), zeroing the bss.
[[nodiscard]] Result<LoadedKernel> LoadKernelElf(const std::vector<uint8_t>& image,
                                                 memory::GuestMemory& memory);

struct BootLayout {
  std::optional<std::pair<uint64_t, uint64_t>> initrd;  // [start, end)
  uint64_t device_tree_paddr = 0;
};

// Chooses where the initrd (of `initrd_bytes`, if any) and the device tree
// (at most `device_tree_bytes`) go: above the kernel, 1 MiB-aligned, inside
// the first 256 MiB that the kernel's initial mapping covers and inside RAM.
[[nodiscard]] Result<BootLayout> PlanBootLayout(uint64_t kernel_end, uint64_t ram_bytes,
                                                std::optional<uint64_t> initrd_bytes,
                                                uint64_t device_tree_bytes);

[[nodiscard]] Result<std::vector<uint8_t>> ReadFile(const std::filesystem::path& path,
                                                    uint64_t max_bytes);

}  // namespace pvppc::vm
