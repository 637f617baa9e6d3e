#include "hypervisor/mmu/shadow_tlb.h"

#include <gtest/gtest.h>

namespace pvppc::mmu {
namespace {

using memory::Access;
using memory::Translation;

ShadowEntry Entry(uint32_t ea, uint64_t size, uint64_t pa, bool user, uint8_t tid) {
  ShadowEntry e;
  e.effective_base = ea;
  e.size = size;
  e.physical_base = pa;
  e.user = user;
  e.tid = tid;
  e.readable = true;
  e.writable = false;
  e.executable = true;
  return e;
}

TEST(ShadowTlb, TranslatesWithinLargeEntriesPageByPage) {
  ShadowTlb tlb;
  tlb.insert(Entry(0xC0000000, 256u << 20, 0, false, 0));
  const Translation t = tlb.translate(0xC1234567, Access::kRead, 0);
  ASSERT_EQ(t.status, Translation::Status::kOk);
  EXPECT_EQ(t.page_paddr, 0x01234000u);
  EXPECT_EQ(tlb.translate(0xC1234567, Access::kWrite, 0).status, Translation::Status::kStorage);
  EXPECT_EQ(tlb.translate(0xD0000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
}

TEST(ShadowTlb, GuestUserAndKernelNeverShareAnEntry) {
  ShadowTlb tlb;
  tlb.insert(Entry(0x10000000, 4096, 0x5000, /*user=*/false, 0));
  tlb.set_context({.user = true});
  EXPECT_EQ(tlb.translate(0x10000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  tlb.set_context({.user = false});
  EXPECT_EQ(tlb.translate(0x10000000, Access::kRead, 0).status, Translation::Status::kOk);
}

TEST(ShadowTlb, TidZeroIsGlobalOtherTidsMatchTheirPid) {
  ShadowTlb tlb;
  tlb.set_context({.user = true, .pid = 7});
  tlb.insert(Entry(0x10000000, 4096, 0x5000, true, 7));
  tlb.insert(Entry(0x20000000, 4096, 0x6000, true, 0));
  EXPECT_EQ(tlb.translate(0x10000000, Access::kRead, 0).status, Translation::Status::kOk);
  const uint32_t pid7 = tlb.context_id();
  tlb.set_context({.user = true, .pid = 8});
  // A context switch flushes nothing; the core tags its cache by context.
  EXPECT_FALSE(tlb.take_flush_request());
  EXPECT_NE(tlb.context_id(), pid7);
  EXPECT_EQ(tlb.translate(0x10000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  EXPECT_EQ(tlb.translate(0x20000000, Access::kRead, 0).status, Translation::Status::kOk);
}

TEST(ShadowTlb, InstructionAndDataSpacesFollowIsAndDs) {
  ShadowTlb tlb;
  ShadowEntry e = Entry(0x10000000, 4096, 0x5000, false, 0);
  e.ts = true;
  tlb.insert(e);
  tlb.set_context({.instruction_ts = true, .data_ts = false});
  EXPECT_EQ(tlb.translate(0x10000000, Access::kExecute, 0).status, Translation::Status::kOk);
  EXPECT_EQ(tlb.translate(0x10000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
}

TEST(ShadowTlb, HoldsAsManyEntriesAsA440AndReplacesRoundRobin) {
  ShadowTlb tlb;
  for (uint32_t i = 0; i < ShadowTlb::kEntries; ++i) {
    tlb.insert(Entry(i << 12, 4096, i << 12, false, 0));
  }
  EXPECT_FALSE(tlb.take_flush_request());  // filling free slots drops nothing
  tlb.insert(Entry(0x100000, 4096, 0x100000, false, 0));
  EXPECT_TRUE(tlb.take_flush_request());
  EXPECT_EQ(tlb.replacements(), 1u);
  EXPECT_EQ(tlb.translate(0, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  EXPECT_EQ(tlb.translate(0x1000, Access::kRead, 0).status, Translation::Status::kOk);
}

// A replacement asks the core to forget only the victim's pages; large or
// many drops ask it to forget everything.
TEST(ShadowTlb, ReportsWhatTheCoreMustForget) {
  ShadowTlb tlb;
  for (uint32_t i = 0; i < ShadowTlb::kEntries; ++i) {
    tlb.insert(Entry(i << 12, 4096, i << 12, false, 0));
  }
  EXPECT_FALSE(tlb.flush_pending());
  tlb.insert(Entry(0x100000, 4096, 0x100000, false, 0));
  ShadowTlb::PendingFlush flush = tlb.take_pending_flush();
  EXPECT_FALSE(flush.all);
  ASSERT_EQ(flush.count, 1u);
  EXPECT_EQ(flush.ranges[0].base, 0u);
  EXPECT_EQ(flush.ranges[0].size, 4096u);
  EXPECT_FALSE(tlb.flush_pending());

  tlb.invalidate_range(0, 16 << 12);  // 15 entries: more than it lists
  EXPECT_TRUE(tlb.take_pending_flush().all);
  tlb.insert(Entry(0x20000000, 16 << 20, 0, false, 0));
  tlb.invalidate_range(0x20000000, 4096);  // a 16 MiB entry
  EXPECT_TRUE(tlb.take_pending_flush().all);
}

TEST(ShadowTlb, RoundRobinPassesOverLargeEntries) {
  ShadowTlb tlb;
  tlb.insert(Entry(0xC0000000, 256 << 20, 0, false, 0));  // slot 0
  for (uint32_t i = 1; i < ShadowTlb::kEntries; ++i) {
    tlb.insert(Entry(i << 12, 4096, i << 12, false, 0));
  }
  for (uint32_t i = 0; i < 2 * ShadowTlb::kEntries; ++i) {
    tlb.insert(Entry(0x100000 + (i << 12), 4096, 0x100000 + (i << 12), false, 0));
  }
  EXPECT_EQ(tlb.translate(0xC0001000, Access::kRead, 0).status, Translation::Status::kOk);
}

TEST(ShadowTlb, InvalidationByGuestIndexAndByRange) {
  ShadowTlb tlb;
  ShadowEntry a = Entry(0x10000000, 4096, 0x5000, false, 0);
  a.guest_index = 3;
  ShadowEntry b = Entry(0x20000000, 1 << 20, 0x100000, false, 0);
  b.guest_index = 4;
  tlb.insert(a);
  tlb.insert(b);
  tlb.invalidate_guest_entry(3);
  EXPECT_EQ(tlb.translate(0x10000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  EXPECT_EQ(tlb.translate(0x20000000, Access::kRead, 0).status, Translation::Status::kOk);
  tlb.invalidate_range(0x200FF000, 4096);
  EXPECT_EQ(tlb.translate(0x20000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  EXPECT_TRUE(tlb.take_flush_request());
}

TEST(ShadowTlb, ReinsertingTheSameRangeReplacesInPlace) {
  ShadowTlb tlb;
  tlb.insert(Entry(0x10000000, 4096, 0x5000, false, 0));
  tlb.insert(Entry(0x10000000, 4096, 0x6000, false, 0));
  int valid = 0;
  for (const auto& e : tlb.entries()) valid += e.valid;
  EXPECT_EQ(valid, 1);
  EXPECT_EQ(tlb.translate(0x10000000, Access::kRead, 0).page_paddr, 0x6000u);
}

}  // namespace
}  // namespace pvppc::mmu
