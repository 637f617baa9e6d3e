#include "hypervisor/vm/tlb_miss.h"

#include <gtest/gtest.h>

#include "hypervisor/mmu/guest_tlb_entry.h"
#include "hypervisor/vcpu/testing_fixture.h"

namespace pvppc::vm {
namespace {

using memory::Access;
using Kind = TlbMissOutcome::Kind;

void WriteGuestEntry(vcpu::testing::VcpuFixture& f, uint32_t index, uint32_t word0, uint32_t word1,
                     uint32_t word2, uint8_t tid = 0) {
  (void)f.tlb.write(index, 0, word0, tid);
  (void)f.tlb.write(index, 1, word1, tid);
  (void)f.tlb.write(index, 2, word2, tid);
}

constexpr uint32_t Size(uint32_t code) { return code << mmu::tlb0::kSizeShift; }

TEST(TlbMiss, GuestEntryOverRamBecomesAShadowEntryOfTheSameSize) {
  vcpu::testing::VcpuFixture f;  // 1 MiB of RAM
  WriteGuestEntry(f, 63, 0xC0000000 | mmu::tlb0::kV | Size(mmu::tlb_size::k1M), 0,
                  mmu::tlb2::kSR | mmu::tlb2::kSW | mmu::tlb2::kSX);
  const TlbMissOutcome out = ResolveTlbMiss(f.vcpu, f.ram, 0xC0012345, Access::kWrite);
  ASSERT_EQ(out.kind, Kind::kShadowFilled);
  const auto t = f.shadow.translate(0xC00FF000, Access::kWrite, 0);
  EXPECT_EQ(t.status, memory::Translation::Status::kOk);
  EXPECT_EQ(t.page_paddr, 0xFF000u);
}

TEST(TlbMiss, LargeGuestPageBeyondRamIsShadowedWithTheLargestBlockInRam) {
  vcpu::testing::VcpuFixture f;
  WriteGuestEntry(f, 0, 0xC0000000 | mmu::tlb0::kV | Size(mmu::tlb_size::k256M), 0,
                  mmu::tlb2::kSR | mmu::tlb2::kSX);
  ASSERT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0xC0001234, Access::kRead).kind, Kind::kShadowFilled);
  // 1 MiB of RAM: one 1 MiB shadow entry, nothing beyond it.
  EXPECT_EQ(f.shadow.translate(0xC00FF000, Access::kRead, 0).status,
            memory::Translation::Status::kOk);
  EXPECT_EQ(f.shadow.translate(0xC0100000, Access::kRead, 0).status,
            memory::Translation::Status::kTlbMiss);
}

TEST(TlbMiss, NoGuestEntryIsTheGuestsOwnMiss) {
  vcpu::testing::VcpuFixture f;
  EXPECT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0x10000000, Access::kRead).kind, Kind::kGuestTlbMiss);
}

TEST(TlbMiss, GuestPermissionsDecidePerMode) {
  vcpu::testing::VcpuFixture f;
  WriteGuestEntry(f, 1, 0x00010000 | mmu::tlb0::kV | Size(mmu::tlb_size::k4K), 0x00010000,
                  mmu::tlb2::kSR | mmu::tlb2::kSW | mmu::tlb2::kUR);
  EXPECT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0x10000, Access::kWrite).kind, Kind::kShadowFilled);
  f.vcpu.set_msr(cpu::msr::kPR);
  EXPECT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0x10000, Access::kWrite).kind, Kind::kGuestProtection);
  EXPECT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0x10000, Access::kRead).kind, Kind::kShadowFilled);
  EXPECT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0x10000, Access::kExecute).kind,
            Kind::kGuestProtection);
}

TEST(TlbMiss, PidAndTidMustAgree) {
  vcpu::testing::VcpuFixture f;
  WriteGuestEntry(f, 2, 0x10000000 | mmu::tlb0::kV | Size(mmu::tlb_size::k4K), 0x1000,
                  mmu::tlb2::kSR, /*tid=*/5);
  EXPECT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0x10000000, Access::kRead).kind, Kind::kGuestTlbMiss);
  f.vcpu.set_pid(5);
  EXPECT_EQ(ResolveTlbMiss(f.vcpu, f.ram, 0x10000000, Access::kRead).kind, Kind::kShadowFilled);
}

TEST(TlbMiss, MappingOutsideRamIsADevice) {
  vcpu::testing::VcpuFixture f;
  // 0xD0000000 -> physical 0x1_EF600000 (36-bit), guarded, cache-inhibited.
  WriteGuestEntry(f, 3, 0xD0000000 | mmu::tlb0::kV | Size(mmu::tlb_size::k4K), 0xEF600000 | 1,
                  mmu::tlb2::kSR | mmu::tlb2::kSW | mmu::tlb2::kI | mmu::tlb2::kG);
  const TlbMissOutcome out = ResolveTlbMiss(f.vcpu, f.ram, 0xD0000300, Access::kRead);
  EXPECT_EQ(out.kind, Kind::kDevice);
  EXPECT_EQ(out.physical_address, 0x1EF600300ull);
  // Nothing was loaded: every device access exits.
  EXPECT_EQ(f.shadow.translate(0xD0000300, Access::kRead, 0).status,
            memory::Translation::Status::kTlbMiss);
}

}  // namespace
}  // namespace pvppc::vm
