#include "hypervisor/mmu/guest_tlb.h"

#include <gtest/gtest.h>

namespace pvppc::mmu {
namespace {

constexpr uint32_t word0(uint32_t epn, uint32_t size, bool ts = false) {
  return (epn & tlb0::kEpnMask) | tlb0::kV | (ts ? tlb0::kTs : 0) | (size << tlb0::kSizeShift);
}

// Writes an entry the way Linux does: word 0 with STID in MMUCR, then 1, then 2.
void install(GuestTlb& tlb, uint32_t index, uint32_t w0, uint32_t w1, uint32_t w2,
             uint32_t tid = 0) {
  tlb.write(index, 0, w0, tid);
  tlb.write(index, 1, w1, 0);
  tlb.write(index, 2, w2, 0);
}

TEST(GuestTlb, StartsWithNothingValid) {
  GuestTlb tlb;
  for (uint32_t i = 0; i < GuestTlb::kEntries; ++i) EXPECT_FALSE(tlb.entry(i).valid());
  EXPECT_FALSE(tlb.translate(0, 0, false).has_value());
  EXPECT_FALSE(tlb.search(0, 0).has_value());
}

TEST(GuestTlb, WriteThenReadEachWordRoundTrips) {
  GuestTlb tlb;
  const uint32_t w0 = word0(0xc0000000, tlb_size::k256M, /*ts=*/true);
  const uint32_t w1 = 0x12345c00 | 0x3;
  const uint32_t w2 = tlb2::kU2 | tlb2::kM | tlb2::kE | tlb2::kUX | tlb2::kSR;
  install(tlb, 5, w0, w1, w2, /*tid=*/0x5a);
  uint32_t mmucr = mmucr::kSts | 0x11;
  EXPECT_EQ(tlb.read(5, 0, mmucr), w0);
  EXPECT_EQ(mmucr, mmucr::kSts | 0x5a) << "tlbre word 0 loads STID and keeps the rest";
  EXPECT_EQ(tlb.read(5, 1, mmucr), w1);
  EXPECT_EQ(tlb.read(5, 2, mmucr), w2);
  EXPECT_EQ(mmucr, mmucr::kSts | 0x5a) << "tlbre words 1 and 2 leave MMUCR alone";
}

TEST(GuestTlb, ReadOfEachWordRestoresStidOnlyFromWordZero) {
  GuestTlb tlb;
  install(tlb, 1, word0(0x1000, tlb_size::k4K), 0x1000, tlb2::kSR, /*tid=*/7);
  install(tlb, 2, word0(0x2000, tlb_size::k4K), 0x2000, tlb2::kSR, /*tid=*/0);
  uint32_t mmucr = 0xff;
  tlb.read(1, 0, mmucr);
  EXPECT_EQ(mmucr & mmucr::kStidMask, 7u);
  tlb.read(2, 1, mmucr);
  tlb.read(2, 2, mmucr);
  EXPECT_EQ(mmucr & mmucr::kStidMask, 7u);
  tlb.read(2, 0, mmucr);
  EXPECT_EQ(mmucr & mmucr::kStidMask, 0u);
}

TEST(GuestTlb, ParityAndReservedBitsAreDroppedOnWriteAndReadAsZero) {
  GuestTlb tlb;
  tlb.write(0, 0, 0xffffffff, 0);
  tlb.write(0, 1, 0xffffffff, 0);
  tlb.write(0, 2, 0xffffffff, 0);
  uint32_t mmucr = 0;
  EXPECT_EQ(tlb.read(0, 0, mmucr), ~tlb0::kTparMask);
  EXPECT_EQ(tlb.read(0, 1, mmucr), tlb1::kRpnMask | tlb1::kErpnMask);
  EXPECT_EQ(tlb.read(0, 2, mmucr), 0x0000ffbfu);  // bits 16:24 and 26:31
}

TEST(GuestTlb, IndexIsTheLowSixBitsOfRa) {
  GuestTlb tlb;
  install(tlb, 64 + 3, word0(0x3000, tlb_size::k4K), 0x3000, tlb2::kSR);
  EXPECT_TRUE(tlb.entry(3).valid());
  uint32_t mmucr = 0;
  EXPECT_EQ(tlb.read(0xffffffc3, 0, mmucr), word0(0x3000, tlb_size::k4K));
}

TEST(GuestTlb, WordSelectAboveTwoWritesNothingAndReadsZero) {
  GuestTlb tlb;
  install(tlb, 9, word0(0x9000, tlb_size::k4K), 0x9000, tlb2::kSR, 3);
  const TlbEntry before = tlb.entry(9);
  const uint64_t generation = tlb.generation();
  for (uint32_t ws : {3u, 7u, 31u}) {
    const TlbWriteResult r = tlb.write(9, ws, 0, 0x44);
    EXPECT_FALSE(r.changed);
    EXPECT_EQ(tlb.entry(9), before);
    uint32_t mmucr = 0x99;
    EXPECT_EQ(tlb.read(9, ws, mmucr), 0u);
    EXPECT_EQ(mmucr, 0x99u);
  }
  EXPECT_EQ(tlb.generation(), generation);
}

TEST(GuestTlb, SearchUsesStidAndSts) {
  GuestTlb tlb;
  install(tlb, 10, word0(0x10000000, tlb_size::k1M), 0, tlb2::kSR, /*tid=*/5);
  install(tlb, 11, word0(0x20000000, tlb_size::k1M, /*ts=*/true), 0, tlb2::kSR, /*tid=*/0);
  EXPECT_EQ(tlb.search(0x10080000, 5), 10u);
  EXPECT_FALSE(tlb.search(0x10080000, 6).has_value());
  EXPECT_FALSE(tlb.search(0x10080000, mmucr::kSts | 5).has_value());
  EXPECT_EQ(tlb.search(0x200fffff, mmucr::kSts | 77), 11u) << "TID 0 matches any STID";
  EXPECT_FALSE(tlb.search(0x200fffff, 77).has_value());
  EXPECT_FALSE(tlb.search(0x20100000, mmucr::kSts).has_value());
}

TEST(GuestTlb, LowestMatchingIndexWins) {
  GuestTlb tlb;
  install(tlb, 40, word0(0x0, tlb_size::k256M), 0x40000000, tlb2::kSR);
  install(tlb, 20, word0(0x01000000, tlb_size::k16M), 0x80000000, tlb2::kSR);
  EXPECT_EQ(tlb.search(0x01000000, 0), 20u);
  EXPECT_EQ(tlb.translate(0x01000004, 0, false)->real_address, 0x80000004u);
  EXPECT_EQ(tlb.translate(0x02000004, 0, false)->real_address, 0x42000004u);
}

TEST(GuestTlb, TranslateReportsEntryAddressSizeAndControls) {
  GuestTlb tlb;
  install(tlb, 63, word0(0xd0010000, tlb_size::k64K), 0x00120000 | 0x2,
          tlb2::kI | tlb2::kG | tlb2::kUR | tlb2::kUW | tlb2::kSR | tlb2::kSW, /*tid=*/9);
  const std::optional<TlbMatch> m = tlb.translate(0xd001fffe, 9, false);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->index, 63u);
  EXPECT_EQ(m->real_address, 0x20012fffeull);
  EXPECT_EQ(m->page_shift, 16u);
  EXPECT_EQ(m->range, (EffectiveRange{0xd0010000, 0x10000}));
  EXPECT_TRUE(m->permissions.user_write);
  EXPECT_FALSE(m->permissions.user_execute);
  EXPECT_TRUE(m->attributes.caching_inhibited);
  EXPECT_TRUE(m->attributes.guarded);
  EXPECT_FALSE(tlb.translate(0xd001fffe, 8, false).has_value());
  EXPECT_FALSE(tlb.translate(0xd001fffe, 9, true).has_value());
}

TEST(GuestTlb, WriteReportsChangesOfEntriesThatCanMatch) {
  GuestTlb tlb;
  // Filling an invalid entry word by word changes nothing a shadow TLB holds.
  EXPECT_FALSE(tlb.write(4, 1, 0x4000, 0).changed);
  EXPECT_FALSE(tlb.write(4, 2, tlb2::kSR, 0).changed);
  EXPECT_EQ(tlb.generation(), 0u);
  // Setting V does: a new entry may now win over an overlapping one.
  const TlbWriteResult made_valid = tlb.write(4, 0, word0(0x4000, tlb_size::k4K), 0);
  EXPECT_TRUE(made_valid.changed);
  EXPECT_FALSE(made_valid.previous.valid());
  EXPECT_EQ(tlb.generation(), 1u);
  // Rewriting the same values is not a change.
  EXPECT_FALSE(tlb.write(4, 1, 0x4000, 0).changed);
  EXPECT_EQ(tlb.generation(), 1u);
  // Each word, and the TID through MMUCR[STID], is.
  const TlbWriteResult moved = tlb.write(4, 1, 0x5000, 0);
  EXPECT_TRUE(moved.changed);
  EXPECT_EQ(moved.previous.word1, 0x4000u);
  EXPECT_EQ(moved.previous.effective_range(), (EffectiveRange{0x4000, 0x1000}));
  EXPECT_TRUE(tlb.write(4, 2, tlb2::kSR | tlb2::kSW, 0).changed);
  EXPECT_TRUE(tlb.write(4, 0, word0(0x4000, tlb_size::k4K), /*stid=*/1).changed);
  EXPECT_EQ(tlb.generation(), 4u);
  // Invalidating is a change; the previous entry says what to drop.
  const TlbWriteResult invalidated = tlb.write(4, 0, 0, 0);
  EXPECT_TRUE(invalidated.changed);
  EXPECT_EQ(invalidated.previous.tid, 1u);
  EXPECT_EQ(invalidated.previous.effective_range(), (EffectiveRange{0x4000, 0x1000}));
  EXPECT_EQ(tlb.generation(), 5u);
}

TEST(GuestTlb, ChangingOnlyIgnoredEpnBitsStillCountsAsAChange) {
  // tlbre would return the new bits, so the stored entry differs even though
  // it translates the same addresses; reporting it costs one invalidation.
  GuestTlb tlb;
  install(tlb, 0, word0(0x00000000, tlb_size::k16M), 0, tlb2::kSR);
  EXPECT_TRUE(tlb.write(0, 0, word0(0x00001000, tlb_size::k16M), 0).changed);
}

}  // namespace
}  // namespace pvppc::mmu
