#include "userspace/flat_address_space.h"

#include <gtest/gtest.h>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"
#include "userspace/user_memory.h"

namespace pvppc::user {
namespace {

using memory::Access;
using memory::kPageSize;
using memory::Translation;

class FlatAddressSpaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = FlatAddressSpace::Create();
    ASSERT_TRUE(created) << created.error().message;
    space_ = std::move(*created);
    space_->set_translation_flush([this] { ++flushes_; });
  }

  std::unique_ptr<FlatAddressSpace> space_;
  int flushes_ = 0;
};

TEST_F(FlatAddressSpaceTest, UnmappedPagesMissAndMappedPagesTranslateToThemselves) {
  EXPECT_EQ(space_->translate(0x10000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  space_->map(0x10000000, 2 * kPageSize, prot::kRead | prot::kExec);
  const Translation t = space_->translate(0x10001234, Access::kExecute, 0);
  EXPECT_EQ(t.status, Translation::Status::kOk);
  EXPECT_EQ(t.page_paddr, 0x10001000u);
  EXPECT_TRUE(t.readable);
  EXPECT_FALSE(t.writable);
  EXPECT_TRUE(t.executable);
  EXPECT_EQ(space_->translate(0x10002000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  EXPECT_EQ(flushes_, 0);  // fresh pages were never cached
}

TEST_F(FlatAddressSpaceTest, TheTopPageOfTheFourGigabytesWorks) {
  space_->map(0xFFFFF000u, kPageSize, prot::kRead | prot::kWrite);
  EXPECT_TRUE(space_->is_mapped(0xFFFFFFFFu));
  ASSERT_TRUE(space_->memory().write_be32(0xFFFFFFFCu, 0x12345678));
  uint32_t v = 0;
  ASSERT_TRUE(space_->memory().read_be32(0xFFFFFFFCu, v));
  EXPECT_EQ(v, 0x12345678u);
  EXPECT_FALSE(space_->range_allows(0xFFFFFFFCu, 8, prot::kRead));  // past 4 GiB
}

TEST_F(FlatAddressSpaceTest, WriteAndExecuteImplyRead) {
  space_->map(0x20000000, kPageSize, prot::kWrite);
  EXPECT_EQ(space_->permissions(0x20000000), prot::kRead | prot::kWrite);
  space_->map(0x20001000, kPageSize, prot::kExec);
  EXPECT_EQ(space_->permissions(0x20001000), prot::kRead | prot::kExec);
  space_->map(0x20002000, kPageSize, 0);  // PROT_NONE: mapped, no access
  EXPECT_TRUE(space_->is_mapped(0x20002000));
  const Translation t = space_->translate(0x20002000, Access::kRead, 0);
  EXPECT_EQ(t.status, Translation::Status::kOk);
  EXPECT_FALSE(t.readable);
}

TEST_F(FlatAddressSpaceTest, UnmapZeroesAndFlushes) {
  space_->map(0x30000000, kPageSize, prot::kRead | prot::kWrite);
  ASSERT_TRUE(space_->memory().write_be32(0x30000010, 0xDEADBEEF));
  space_->unmap(0x30000000, kPageSize);
  EXPECT_EQ(flushes_, 1);
  EXPECT_FALSE(space_->is_mapped(0x30000000));
  EXPECT_EQ(space_->host_range(0x30000000, 4, prot::kRead), nullptr);
  space_->map(0x30000000, kPageSize, prot::kRead);
  uint32_t v = 1;
  ASSERT_TRUE(space_->memory().read_be32(0x30000010, v));
  EXPECT_EQ(v, 0u);
}

TEST_F(FlatAddressSpaceTest, MappingOverExistingPagesZeroesThemAndFlushes) {
  space_->map(0x30000000, kPageSize, prot::kRead | prot::kWrite);
  ASSERT_TRUE(space_->memory().write_be32(0x30000000, 7));
  space_->map(0x30000000, kPageSize, prot::kRead);
  EXPECT_EQ(flushes_, 1);
  uint32_t v = 1;
  ASSERT_TRUE(space_->memory().read_be32(0x30000000, v));
  EXPECT_EQ(v, 0u);
}

TEST_F(FlatAddressSpaceTest, ProtectChangesPermissionsOnlyOfMappedRanges) {
  space_->map(0x40000000, 2 * kPageSize, prot::kRead | prot::kWrite);
  EXPECT_TRUE(space_->protect(0x40000000, kPageSize, prot::kRead));
  EXPECT_EQ(flushes_, 1);
  EXPECT_EQ(space_->permissions(0x40000000), prot::kRead);
  EXPECT_EQ(space_->permissions(0x40001000), prot::kRead | prot::kWrite);
  // One page of the range unmapped: nothing changes (mprotect's ENOMEM).
  EXPECT_FALSE(space_->protect(0x40001000, 2 * kPageSize, prot::kRead));
  EXPECT_EQ(space_->permissions(0x40001000), prot::kRead | prot::kWrite);
}

TEST_F(FlatAddressSpaceTest, ZeroKeepsTheMapping) {
  space_->map(0x50000000, kPageSize, prot::kRead | prot::kWrite);
  ASSERT_TRUE(space_->memory().write_be32(0x50000000, 9));
  space_->zero(0x50000000, kPageSize);
  EXPECT_TRUE(space_->is_mapped(0x50000000));
  uint32_t v = 1;
  ASSERT_TRUE(space_->memory().read_be32(0x50000000, v));
  EXPECT_EQ(v, 0u);
}

TEST_F(FlatAddressSpaceTest, FindFreeSearchesTopDown) {
  EXPECT_EQ(space_->find_free(3 * kPageSize, 0x10000, 0x100000), 0xFD000u);
  space_->map(0xF0000, 0x10000, prot::kRead);  // occupies [0xF0000, 0x100000)
  EXPECT_EQ(space_->find_free(kPageSize, 0x10000, 0x100000), 0xEF000u);
  EXPECT_EQ(space_->find_free(0x100000, 0x10000, 0x100000), std::nullopt);
  EXPECT_EQ(space_->find_free(0, 0x10000, 0x100000), std::nullopt);
  EXPECT_EQ(space_->find_free(kPageSize + 1, 0x10000, 0xF0000), 0xEE000u);  // rounds up
}

TEST_F(FlatAddressSpaceTest, RangeQueries) {
  space_->map(0x60000000, 2 * kPageSize, prot::kRead | prot::kWrite);
  space_->map(0x60002000, kPageSize, prot::kRead);
  EXPECT_TRUE(space_->range_allows(0x60000FFC, 8, prot::kWrite));
  EXPECT_FALSE(space_->range_allows(0x60001FFC, 8, prot::kWrite));
  EXPECT_TRUE(space_->range_allows(0x60001FFC, 8, prot::kRead));
  EXPECT_EQ(space_->accessible_prefix(0x60000100, 0x10000, prot::kWrite), 0x1F00u);
  EXPECT_EQ(space_->accessible_prefix(0x60000100, 0x10000, prot::kRead), 0x2F00u);
  EXPECT_EQ(space_->accessible_prefix(0x60000100, 16, prot::kRead), 16u);
  EXPECT_EQ(space_->accessible_prefix(0x70000000, 16, prot::kRead), 0u);
  EXPECT_TRUE(space_->range_free(0x60003000, kPageSize));
  EXPECT_FALSE(space_->range_free(0x60002FFF, 2));
}

TEST_F(FlatAddressSpaceTest, UserMemoryChecksPermissionsAndStrings) {
  UserMemory m(*space_);
  space_->map(0x70000000, kPageSize, prot::kRead | prot::kWrite);
  space_->map(0x70001000, kPageSize, prot::kRead);
  EXPECT_TRUE(m.write_u32(0x70000FFC, 0xA1B2C3D4));
  EXPECT_FALSE(m.write_u32(0x70000FFE, 1));  // crosses into the read-only page
  uint32_t v;
  EXPECT_TRUE(m.read_u32(0x70000FFC, v));
  EXPECT_EQ(v, 0xA1B2C3D4u);
  EXPECT_FALSE(m.read_u32(0x70001FFE, v));  // runs into unmapped memory

  // A string that ends right at the end of the last mapped page.
  const char text[] = "hello";
  std::byte* page_end = space_->host_range(0x70000FFA, 6, prot::kWrite);
  ASSERT_NE(page_end, nullptr);
  std::memcpy(page_end, text, 6);
  UserMemory::StringResult s = m.read_string(0x70000FFA, 100);
  EXPECT_EQ(s.error, 0);
  EXPECT_EQ(s.value, "hello");
  EXPECT_EQ(m.read_string(0x70000FFA, 3).error, ENAMETOOLONG);
  EXPECT_EQ(m.read_string(0x70005000, 3).error, EFAULT);
  // No NUL before unmapped memory: EFAULT.
  std::memset(space_->host_range(0x70001000, kPageSize, prot::kRead), 'x', kPageSize);
  EXPECT_EQ(m.read_string(0x70001000, 1 << 20).error, EFAULT);

  // argv-style arrays.
  ASSERT_TRUE(m.write_u32(0x70000100, 0x70000FFA));
  ASSERT_TRUE(m.write_u32(0x70000104, 0));
  UserMemory::StringArrayResult a = m.read_string_array(0x70000100, 10, 1000);
  EXPECT_EQ(a.error, 0);
  ASSERT_EQ(a.values.size(), 1u);
  EXPECT_EQ(a.values[0], "hello");
  EXPECT_EQ(m.read_string_array(0, 10, 1000).values.size(), 0u);
  EXPECT_EQ(m.read_string_array(0x70000100, 10, 3).error, E2BIG);
}

// The space behind a real core: faults become the exits Linux turns into
// SIGSEGV, and permission changes reach the core's software TLB.
TEST_F(FlatAddressSpaceTest, TheCoreExitsOnUnmappedAndForbiddenAccesses) {
  using namespace cpu::testing;
  cpu::CpuState state;
  FixedTimeBase time_base;
  cpu::Core core(state, *space_, space_->memory(), time_base);
  space_->set_translation_flush([&core] { core.flush_translations(); });

  constexpr uint32_t kCode = 0x10000000, kData = 0x20000000;
  space_->map(kCode, kPageSize, prot::kRead | prot::kExec);
  space_->map(kData, kPageSize, prot::kRead | prot::kWrite);
  const uint32_t program[] = {Lwz(4, 3, 0), Stw(4, 3, 4), Sc()};
  for (size_t i = 0; i < std::size(program); ++i) {
    ASSERT_TRUE(space_->memory().write_be32(kCode + 4 * i, program[i]));
  }
  auto run_from_start = [&](uint32_t r3) {
    state.pc = kCode;
    state.gpr[3] = r3;
    return core.run(100);
  };

  EXPECT_EQ(run_from_start(kData).reason, cpu::ExitReason::kSystemCall);

  cpu::Exit e = run_from_start(0x30000000);  // unmapped
  EXPECT_EQ(e.reason, cpu::ExitReason::kDataTlbMiss);
  EXPECT_EQ(e.dear, 0x30000000u);

  ASSERT_TRUE(space_->protect(kData, kPageSize, prot::kRead));
  e = run_from_start(kData);  // the store was allowed before: must not be cached
  EXPECT_EQ(e.reason, cpu::ExitReason::kDataStorage);
  EXPECT_EQ(e.pc, kCode + 4);

  space_->unmap(kData, kPageSize);
  EXPECT_EQ(run_from_start(kData).reason, cpu::ExitReason::kDataTlbMiss);

  ASSERT_TRUE(space_->protect(kCode, kPageSize, prot::kRead));  // no execute
  EXPECT_EQ(run_from_start(kData).reason, cpu::ExitReason::kInstructionStorage);
}

}  // namespace
}  // namespace pvppc::user
