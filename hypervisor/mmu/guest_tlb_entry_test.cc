#include "hypervisor/mmu/guest_tlb_entry.h"

#include <gtest/gtest.h>

namespace pvppc::mmu {
namespace {

struct SizeCase {
  uint32_t size;
  uint32_t shift;
};

// Table 5-2 of the PPC440x5 manual.
constexpr SizeCase kSizes[] = {
    {tlb_size::k1K, 10},   {tlb_size::k4K, 12}, {tlb_size::k16K, 14}, {tlb_size::k64K, 16},
    {tlb_size::k256K, 18}, {tlb_size::k1M, 20}, {tlb_size::k16M, 24}, {tlb_size::k256M, 28},
};

TlbEntry make_entry(uint32_t epn, uint32_t size, uint32_t rpn, uint32_t erpn, uint8_t tid = 0,
                    bool ts = false) {
  TlbEntry e;
  e.word0 = (epn & tlb0::kEpnMask) | tlb0::kV | (ts ? tlb0::kTs : 0) | (size << tlb0::kSizeShift);
  e.word1 = (rpn & tlb1::kRpnMask) | (erpn & tlb1::kErpnMask);
  e.word2 = tlb2::kSR | tlb2::kSW;
  e.tid = tid;
  return e;
}

TEST(PageShiftForSize, SupportedAndUnsupportedEncodings) {
  for (const SizeCase& c : kSizes) EXPECT_EQ(page_shift_for_size(c.size), c.shift) << c.size;
  for (uint32_t size : {6u, 8u, 10u, 11u, 12u, 13u, 14u, 15u}) {
    EXPECT_FALSE(page_shift_for_size(size).has_value()) << size;
  }
}

TEST(TlbEntry, EveryPageSizeMatchesItsWholePageAndNothingOutside) {
  for (const SizeCase& c : kSizes) {
    const uint32_t page = 1u << c.shift;
    const uint32_t base = 0xc0000000;  // aligned for every size
    const TlbEntry e = make_entry(base, c.size, 0x10000000, 0);
    EXPECT_TRUE(e.matches(base, 0, false)) << c.shift;
    EXPECT_TRUE(e.matches(base + page - 1, 0, false)) << c.shift;
    EXPECT_FALSE(e.matches(base + page, 0, false)) << c.shift;
    EXPECT_FALSE(e.matches(base - 1, 0, false)) << c.shift;
    EXPECT_EQ(e.effective_range(), (EffectiveRange{base, page})) << c.shift;
  }
}

TEST(TlbEntry, EpnAndRpnBitsBelowThePageSizeAreIgnored) {
  for (const SizeCase& c : kSizes) {
    const uint32_t page = 1u << c.shift;
    const uint32_t low = (page - 1) & tlb0::kEpnMask;  // stray bits software left set
    const TlbEntry e = make_entry(0x40000000 | low, c.size, 0x20000000 | low, 0);
    const uint32_t ea = 0x40000000 + page / 2 + 3;
    EXPECT_TRUE(e.matches(ea, 0, false)) << c.shift;
    EXPECT_EQ(e.real_address(ea), 0x20000000u + page / 2 + 3) << c.shift;
    EXPECT_EQ(e.effective_range()->base, 0x40000000u) << c.shift;
  }
}

TEST(TlbEntry, RealAddressPrependsErpnFor36Bits) {
  const TlbEntry e = make_entry(0xe0000000, tlb_size::k4K, 0x12345000, 0xf);
  EXPECT_EQ(e.real_address(0xe0000abc), 0xf12345abcull);
  const TlbEntry big = make_entry(0x00000000, tlb_size::k256M, 0x30000000, 0x1);
  EXPECT_EQ(big.real_address(0x0abcdef0), 0x13abcdef0ull);
}

TEST(TlbEntry, InvalidEntryNeverMatches) {
  TlbEntry e = make_entry(0x1000, tlb_size::k4K, 0x1000, 0);
  e.word0 &= ~tlb0::kV;
  EXPECT_FALSE(e.matches(0x1000, 0, false));
  EXPECT_FALSE(e.can_match());
  EXPECT_FALSE(e.effective_range().has_value());
}

TEST(TlbEntry, UnsupportedSizeNeverMatches) {
  for (uint32_t size : {6u, 8u, 15u}) {
    TlbEntry e = make_entry(0x0, tlb_size::k4K, 0x0, 0);
    e.word0 = (e.word0 & ~tlb0::kSizeMask) | (size << tlb0::kSizeShift);
    EXPECT_TRUE(e.valid());
    EXPECT_FALSE(e.matches(0x0, 0, false)) << size;
    EXPECT_FALSE(e.can_match()) << size;
    EXPECT_FALSE(e.effective_range().has_value()) << size;
  }
}

TEST(TlbEntry, TidZeroMatchesEveryPidOtherTidsOnlyTheirOwn) {
  const TlbEntry shared = make_entry(0x10000000, tlb_size::k64K, 0, 0, /*tid=*/0);
  const TlbEntry priv = make_entry(0x10000000, tlb_size::k64K, 0, 0, /*tid=*/42);
  for (uint32_t pid : {0u, 1u, 42u, 255u}) EXPECT_TRUE(shared.matches(0x10000010, pid, false));
  EXPECT_TRUE(priv.matches(0x10000010, 42, false));
  EXPECT_FALSE(priv.matches(0x10000010, 0, false));
  EXPECT_FALSE(priv.matches(0x10000010, 43, false));
  // Only PID[24:31] exists on the 440.
  EXPECT_TRUE(priv.matches(0x10000010, 0x100 | 42, false));
}

TEST(TlbEntry, TranslationSpaceMustEqualTheAddressSpace) {
  const TlbEntry as0 = make_entry(0x2000, tlb_size::k4K, 0, 0, 0, /*ts=*/false);
  const TlbEntry as1 = make_entry(0x2000, tlb_size::k4K, 0, 0, 0, /*ts=*/true);
  EXPECT_TRUE(as0.matches(0x2000, 0, false));
  EXPECT_FALSE(as0.matches(0x2000, 0, true));
  EXPECT_TRUE(as1.matches(0x2000, 0, true));
  EXPECT_FALSE(as1.matches(0x2000, 0, false));
}

TEST(TlbEntry, PermissionBitsDecodeOneByOne) {
  struct Bit {
    uint32_t bit;
    bool PagePermissions::*field;
  };
  const Bit bits[] = {
      {tlb2::kUR, &PagePermissions::user_read},
      {tlb2::kUW, &PagePermissions::user_write},
      {tlb2::kUX, &PagePermissions::user_execute},
      {tlb2::kSR, &PagePermissions::supervisor_read},
      {tlb2::kSW, &PagePermissions::supervisor_write},
      {tlb2::kSX, &PagePermissions::supervisor_execute},
  };
  for (const Bit& b : bits) {
    TlbEntry e;
    e.word2 = b.bit;
    PagePermissions expected;
    expected.*b.field = true;
    EXPECT_EQ(e.permissions(), expected) << std::hex << b.bit;
  }
}

TEST(TlbEntry, PermissionsApplyPerMode) {
  TlbEntry e;
  e.word2 = tlb2::kUR | tlb2::kSW | tlb2::kSX;
  const PagePermissions p = e.permissions();
  EXPECT_TRUE(p.allows(memory::Access::kRead, /*problem_state=*/true));
  EXPECT_FALSE(p.allows(memory::Access::kWrite, true));
  EXPECT_FALSE(p.allows(memory::Access::kExecute, true));
  EXPECT_FALSE(p.allows(memory::Access::kRead, false));
  EXPECT_TRUE(p.allows(memory::Access::kWrite, false));
  EXPECT_TRUE(p.allows(memory::Access::kExecute, false));
}

TEST(TlbEntry, StorageAttributesDecode) {
  TlbEntry e;
  e.word2 = tlb2::kU0 | tlb2::kU3 | tlb2::kI | tlb2::kG | tlb2::kE;
  const StorageAttributes a = e.attributes();
  EXPECT_FALSE(a.write_through);
  EXPECT_TRUE(a.caching_inhibited);
  EXPECT_FALSE(a.memory_coherence);
  EXPECT_TRUE(a.guarded);
  EXPECT_TRUE(a.little_endian);
  EXPECT_EQ(a.user_defined, 0b1001);
  e.word2 = tlb2::kW | tlb2::kM | tlb2::kU1 | tlb2::kU2;
  const StorageAttributes b = e.attributes();
  EXPECT_TRUE(b.write_through);
  EXPECT_TRUE(b.memory_coherence);
  EXPECT_FALSE(b.caching_inhibited || b.guarded || b.little_endian);
  EXPECT_EQ(b.user_defined, 0b0110);
}

TEST(EffectiveRange, ContainsIsHalfOpen) {
  const EffectiveRange r{0xfffff000, 0x1000};
  EXPECT_TRUE(r.contains(0xfffff000));
  EXPECT_TRUE(r.contains(0xffffffff));
  EXPECT_FALSE(r.contains(0x0));
  EXPECT_FALSE(r.contains(0xffffefff));
}

}  // namespace
}  // namespace pvppc::mmu
