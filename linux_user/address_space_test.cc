#include "linux_user/address_space.h"

#include <gtest/gtest.h>

namespace pvppc::user {
namespace {

using memory::Access;
using memory::Translation;

class AddressSpaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = AddressSpace::Create();
    ASSERT_TRUE(created.has_value()) << created.error().message;
    space_ = std::move(*created);
    space_->set_change_listener([this] { ++changes_; });
  }
  std::unique_ptr<AddressSpace> space_;
  int changes_ = 0;
};

TEST_F(AddressSpaceTest, UnmappedPagesMissAndMappedPagesTranslateOneToOne) {
  EXPECT_EQ(space_->translate(0x10000000, Access::kRead, 0).status, Translation::Status::kTlbMiss);
  space_->map(0x10000000, 0x2000, prot::kRead | prot::kExec);
  const Translation t = space_->translate(0x10001234, Access::kRead, 0);
  EXPECT_EQ(t.status, Translation::Status::kOk);
  EXPECT_EQ(t.page_paddr, 0x10001000u);
  EXPECT_TRUE(t.readable);
  EXPECT_FALSE(t.writable);
  EXPECT_TRUE(t.executable);
  EXPECT_GT(changes_, 0);  // the core is told to flush its translations
}

TEST_F(AddressSpaceTest, CopiesHonourPermissionsAndBounds) {
  space_->map(0x20000000, 0x1000, prot::kRead);
  std::byte buffer[8] = {};
  EXPECT_TRUE(space_->copy_in(0x20000000, buffer));
  EXPECT_FALSE(space_->copy_out(0x20000000, buffer));        // read-only
  EXPECT_FALSE(space_->copy_in(0x20000ffc, buffer));         // runs into an unmapped page
  EXPECT_FALSE(space_->copy_in(0xfffffffc, buffer));         // past 4 GiB
  uint32_t value = 0;
  EXPECT_FALSE(space_->read_u32(0x30000000, value));
  space_->map(0x50000000, 0x1000, prot::kRead | prot::kWrite);
  const std::string letters(32, 'A');
  ASSERT_TRUE(space_->copy_out(0x50000000, std::as_bytes(std::span(letters))));
  std::string s;
  EXPECT_FALSE(space_->read_string(0x50000000, s, 16));  // no terminator within 16
  EXPECT_TRUE(space_->read_string(0x50000000, s, 64));   // the zero after the letters
  EXPECT_EQ(s, letters);
}

TEST_F(AddressSpaceTest, UnmapZeroesAndFindFreeSearchesDownwards) {
  space_->map(0x40000000, 0x1000, prot::kRead | prot::kWrite);
  ASSERT_TRUE(space_->write_u32(0x40000000, 0xdeadbeef));
  space_->unmap(0x40000000, 0x1000);
  EXPECT_FALSE(space_->is_mapped(0x40000000, 0x1000));
  space_->map(0x40000000, 0x1000, prot::kRead | prot::kWrite);
  uint32_t value = 1;
  ASSERT_TRUE(space_->read_u32(0x40000000, value));
  EXPECT_EQ(value, 0u);  // a fresh mapping starts zeroed
  const auto found = space_->find_free(0x3000, 0x40001000);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, 0x40000000u - 0x3000);
}

}  // namespace
}  // namespace pvppc::user
