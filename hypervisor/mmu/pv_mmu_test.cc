// The PV MMU against page tables built in a guest RAM buffer, and against
// the calls a guest can get wrong.
#include "hypervisor/mmu/pv_mmu.h"

#include <vector>

#include <gtest/gtest.h>

namespace pvppc::mmu {
namespace {

using abi::Status;
using memory::Access;
using Kind = PvMmu::Translation::Kind;

constexpr uint64_t kRamBytes = 1 << 20;
constexpr uint64_t kDevice = 0xEF600000;  // one device window, 4 KiB
constexpr uint32_t kKernelBase = 0xC0000000;
constexpr uint32_t kUserRw = PVPPC_PTE_PRESENT | PVPPC_PTE_ACCESSED | PVPPC_PTE_USER |
                             PVPPC_PTE_WRITE | PVPPC_PTE_DIRTY;

struct Fixture {
  std::vector<std::byte> bytes = std::vector<std::byte>(kRamBytes);
  memory::GuestMemory ram{bytes};
  ShadowTlb shadow;
  PvMmu mmu{ram, kRamBytes, shadow, [](uint64_t a, uint64_t size) {
              return a < kDevice + 4096 && kDevice < a + size;
            }};

  // Tables: level 1 at `l1`, one level-2 table per 2 MiB region on demand
  // from `next_l2`.
  uint64_t next_l2 = 0x40000;
  void map(uint64_t l1, uint32_t ea, uint64_t pte) {
    uint32_t l1_entry = 0;
    ASSERT_TRUE(ram.read_be32(l1 + (ea >> 21) * 4, l1_entry));
    if (l1_entry == 0) {
      l1_entry = static_cast<uint32_t>(next_l2);
      next_l2 += 4096;
      ASSERT_TRUE(ram.write_be32(l1 + (ea >> 21) * 4, l1_entry));
    }
    const uint64_t slot = l1_entry + ((ea >> 12) & 511) * 8;
    ASSERT_TRUE(ram.write_be32(slot, static_cast<uint32_t>(pte >> 32)));
    ASSERT_TRUE(ram.write_be32(slot + 4, static_cast<uint32_t>(pte)));
  }
  ShadowEntry entry(uint32_t ea, uint8_t tid) {
    ShadowEntry e;
    e.effective_base = ea;
    e.size = 4096;
    e.tid = tid;
    e.readable = true;
    return e;
  }
  size_t valid_entries() const {
    size_t n = 0;
    for (const ShadowEntry& e : shadow.entries()) n += e.valid;
    return n;
  }
};

TEST(PvMmu, BootsWithTheFirst256MiBMappedForTheKernelOnly) {
  Fixture f;
  const auto t = f.mmu.translate(0x1234, 0, Access::kExecute, false);
  EXPECT_EQ(t.kind, Kind::kMapped);
  EXPECT_EQ(t.size, PVPPC_BOOT_MAPPED_AREA);
  EXPECT_TRUE(t.global);
  EXPECT_EQ(f.mmu.translate(0x1234, 0, Access::kRead, true).kind, Kind::kStorageFault);
  EXPECT_EQ(f.mmu.translate(0x10000000, 0, Access::kRead, false).kind, Kind::kStorageFault);
}

TEST(PvMmu, WalksTheContextTableBelowAndTheKernelTableAboveTheKernelBase) {
  Fixture f;
  ASSERT_EQ(f.mmu.unmap_fixed(0, PVPPC_BOOT_MAPPED_AREA), Status::kSuccess);
  const uint64_t kernel_l1 = 0x10000, user_l1 = 0x20000;
  f.map(kernel_l1, kKernelBase + 0x5000,
        0x7000 | PVPPC_PTE_PRESENT | PVPPC_PTE_ACCESSED | PVPPC_PTE_EXEC);
  f.map(user_l1, 0x10002000, 0x8000 | kUserRw);
  ASSERT_EQ(f.mmu.set_kernel_table(kernel_l1 >> 12, kKernelBase), Status::kSuccess);
  ASSERT_EQ(f.mmu.switch_context(7, user_l1 >> 12), Status::kSuccess);

  auto k = f.mmu.translate(kKernelBase + 0x5abc, 7, Access::kExecute, false);
  ASSERT_EQ(k.kind, Kind::kMapped);
  EXPECT_EQ(k.physical_base, 0x7000u);
  EXPECT_EQ(k.effective_base, kKernelBase + 0x5000);
  EXPECT_TRUE(k.global);
  // Not writable (no WRITE/DIRTY), not for user mode (no USER).
  EXPECT_EQ(f.mmu.translate(kKernelBase + 0x5000, 7, Access::kWrite, false).kind,
            Kind::kStorageFault);
  EXPECT_EQ(f.mmu.translate(kKernelBase + 0x5000, 7, Access::kRead, true).kind,
            Kind::kStorageFault);

  auto u = f.mmu.translate(0x10002010, 7, Access::kWrite, true);
  ASSERT_EQ(u.kind, Kind::kMapped);
  EXPECT_EQ(u.physical_base, 0x8000u);
  EXPECT_FALSE(u.global);
  // The supervisor reads and writes user pages but never executes them.
  EXPECT_EQ(f.mmu.translate(0x10002010, 7, Access::kWrite, false).kind, Kind::kMapped);
  EXPECT_EQ(f.mmu.translate(0x10002010, 7, Access::kExecute, false).kind, Kind::kStorageFault);
  // Another context, or none, does not see it.
  EXPECT_EQ(f.mmu.translate(0x10002010, 8, Access::kRead, true).kind, Kind::kStorageFault);
  EXPECT_EQ(f.mmu.translate(0x10002010, 0, Access::kRead, false).kind, Kind::kStorageFault);
}

TEST(PvMmu, AccessedAndDirtyAreTheGuestsToSet) {
  Fixture f;
  ASSERT_EQ(f.mmu.unmap_fixed(0, PVPPC_BOOT_MAPPED_AREA), Status::kSuccess);
  const uint64_t l1 = 0x20000;
  f.map(l1, 0x1000, 0x8000 | PVPPC_PTE_PRESENT | PVPPC_PTE_USER | PVPPC_PTE_WRITE);
  f.map(l1, 0x2000, 0x9000 | PVPPC_PTE_PRESENT | PVPPC_PTE_ACCESSED | PVPPC_PTE_USER |
                        PVPPC_PTE_WRITE);
  ASSERT_EQ(f.mmu.switch_context(1, l1 >> 12), Status::kSuccess);
  EXPECT_EQ(f.mmu.translate(0x1000, 1, Access::kRead, true).kind, Kind::kStorageFault);
  EXPECT_EQ(f.mmu.translate(0x2000, 1, Access::kRead, true).kind, Kind::kMapped);
  EXPECT_EQ(f.mmu.translate(0x2000, 1, Access::kWrite, true).kind, Kind::kStorageFault);
}

TEST(PvMmu, TablesPointingOutsideRamAreBadPhysicalNotHostAccesses) {
  Fixture f;
  ASSERT_EQ(f.mmu.unmap_fixed(0, PVPPC_BOOT_MAPPED_AREA), Status::kSuccess);
  const uint64_t l1 = 0x20000;
  // A level-1 entry past the end of RAM, a page past the end of RAM, and a
  // page in the device window (allowed: emulated).
  ASSERT_TRUE(f.ram.write_be32(l1 + (0x00400000u >> 21) * 4, 0xFFFFF000));
  f.map(l1, 0x1000, 0x7FFFF000ull | kUserRw);
  f.map(l1, 0x3000, kDevice | kUserRw | PVPPC_PTE_NO_CACHE | PVPPC_PTE_GUARDED);
  f.map(l1, 0x4000, 0xF00000000ull | kUserRw);  // 36-bit address, no RAM there
  ASSERT_EQ(f.mmu.switch_context(1, l1 >> 12), Status::kSuccess);
  EXPECT_EQ(f.mmu.translate(0x00400000, 1, Access::kRead, true).kind, Kind::kBadPhysical);
  EXPECT_EQ(f.mmu.translate(0x1000, 1, Access::kRead, true).kind, Kind::kBadPhysical);
  EXPECT_EQ(f.mmu.translate(0x4000, 1, Access::kRead, true).kind, Kind::kBadPhysical);
  const auto d = f.mmu.translate(0x3000, 1, Access::kWrite, true);
  ASSERT_EQ(d.kind, Kind::kMapped);
  EXPECT_EQ(d.physical_base, kDevice);
}

TEST(PvMmu, RejectsBadTablesAndContexts) {
  Fixture f;
  EXPECT_EQ(f.mmu.switch_context(1, kRamBytes >> 12), Status::kFault);        // outside RAM
  EXPECT_EQ(f.mmu.switch_context(1, (kRamBytes >> 12) - 1), Status::kFault);  // 8 KiB straddles the end
  EXPECT_EQ(f.mmu.switch_context(256, 0x20), Status::kInvalid);
  EXPECT_EQ(f.mmu.switch_context(0, 0x20), Status::kInvalid);
  EXPECT_EQ(f.mmu.switch_context(0, 0), Status::kSuccess);
  EXPECT_EQ(f.mmu.set_kernel_table(0x10, kKernelBase + 4096), Status::kInvalid);
  EXPECT_EQ(f.mmu.set_kernel_table(0xFFFFFFFF, kKernelBase), Status::kFault);
}

TEST(PvMmu, FixedMappingsAreCheckedAndLimited) {
  Fixture f;
  const uint32_t rw = PVPPC_PTE_WRITE;
  EXPECT_EQ(f.mmu.map_fixed(kKernelBase, 0, 3 << 20, rw), Status::kInvalid);         // not 2^n
  EXPECT_EQ(f.mmu.map_fixed(kKernelBase + 4096, 0, 1 << 20, rw), Status::kInvalid);  // unaligned EA
  EXPECT_EQ(f.mmu.map_fixed(kKernelBase, 1, 1 << 20, rw), Status::kInvalid);         // unaligned PA
  EXPECT_EQ(f.mmu.map_fixed(kKernelBase, 0, 1 << 20, 0x1000), Status::kInvalid);     // unknown flag
  EXPECT_EQ(f.mmu.map_fixed(0x08000000, 0, 1 << 20, rw), Status::kInvalid);  // overlaps the boot map
  EXPECT_EQ(f.mmu.map_fixed(0xFFF00000, 0, 1 << 20, rw), Status::kInvalid);  // the shared page
  EXPECT_EQ(f.mmu.map_fixed(0xE0000000, 0x100000, 4096, rw), Status::kFault);  // nothing there
  EXPECT_EQ(f.mmu.map_fixed(0xE0000000, kRamBytes >> 12, 1 << 20, rw), Status::kFault);
  // Starting in RAM, a mapping may run past its end (a 256 MiB linear map on
  // a smaller machine); accesses there find nothing.
  EXPECT_EQ(f.mmu.map_fixed(0xD0000000, 0, 4 << 20, rw), Status::kSuccess);
  EXPECT_EQ(f.mmu.unmap_fixed(0xD0000000, 4 << 20), Status::kSuccess);
  EXPECT_EQ(f.mmu.map_fixed(0xE0000000, kDevice >> 12, 4096, rw | PVPPC_PTE_NO_CACHE),
            Status::kSuccess);
  EXPECT_EQ(f.mmu.map_fixed(kKernelBase, 0, 1 << 20, rw | PVPPC_PTE_EXEC), Status::kSuccess);
  const auto t = f.mmu.translate(kKernelBase + 0x12345, 0, Access::kWrite, false);
  ASSERT_EQ(t.kind, Kind::kMapped);
  EXPECT_EQ(t.size, 1u << 20);
  EXPECT_EQ(f.mmu.unmap_fixed(kKernelBase, 4096), Status::kNoEntry);
  EXPECT_EQ(f.mmu.unmap_fixed(kKernelBase, 1 << 20), Status::kSuccess);
  EXPECT_EQ(f.mmu.translate(kKernelBase, 0, Access::kRead, false).kind, Kind::kStorageFault);
  // The table has 16 slots; the boot mapping and the device take two.
  uint32_t made = 0;
  for (uint32_t i = 0; i < 20; ++i) {
    if (f.mmu.map_fixed(0x40000000 + i * 4096, 0x10 + i, 4096, rw) == Status::kSuccess) ++made;
  }
  EXPECT_EQ(made, PVPPC_MMU_MAX_FIXED - 2);
}

TEST(PvMmu, InvalidationsDropTheShadowEntriesTheyName) {
  Fixture f;
  f.shadow.insert(f.entry(0x1000, 3));
  f.shadow.insert(f.entry(0x2000, 3));
  f.shadow.insert(f.entry(0x1000, 4));
  f.shadow.insert(f.entry(kKernelBase, 0));
  ASSERT_EQ(f.valid_entries(), 4u);
  EXPECT_EQ(f.mmu.invalidate(PVPPC_MMU_INVALIDATE_PAGE, 3, 0x1abc, 0), Status::kSuccess);
  EXPECT_EQ(f.valid_entries(), 2u);  // the page in every context
  EXPECT_EQ(f.mmu.invalidate(PVPPC_MMU_INVALIDATE_CONTEXT, 3, 0, 0), Status::kSuccess);
  EXPECT_EQ(f.valid_entries(), 1u);
  EXPECT_EQ(f.mmu.invalidate(PVPPC_MMU_INVALIDATE_RANGE, 0, kKernelBase - 4096, 8192),
            Status::kSuccess);
  EXPECT_EQ(f.valid_entries(), 0u);
  EXPECT_EQ(f.mmu.invalidate(PVPPC_MMU_INVALIDATE_RANGE, 0, 0xFFFFF000, 8192), Status::kInvalid);
  EXPECT_EQ(f.mmu.invalidate(PVPPC_MMU_INVALIDATE_RANGE, 0, 0, 0), Status::kInvalid);
  EXPECT_EQ(f.mmu.invalidate(4, 0, 0, 0), Status::kInvalid);
  EXPECT_EQ(f.mmu.invalidate(PVPPC_MMU_INVALIDATE_CONTEXT, 256, 0, 0), Status::kInvalid);
}

TEST(PvMmu, ReusingAContextNumberForAnotherTableDropsItsEntries) {
  Fixture f;
  ASSERT_EQ(f.mmu.switch_context(5, 0x20), Status::kSuccess);
  f.shadow.insert(f.entry(0x1000, 5));
  ASSERT_EQ(f.mmu.switch_context(5, 0x20), Status::kSuccess);  // same table: kept
  EXPECT_EQ(f.valid_entries(), 1u);
  ASSERT_EQ(f.mmu.switch_context(5, 0x22), Status::kSuccess);  // another: dropped
  EXPECT_EQ(f.valid_entries(), 0u);
}

}  // namespace
}  // namespace pvppc::mmu
