#include "virtio-backends/blk/disk_option.h"

#include <gtest/gtest.h>

namespace pvppc::backends::blk {
namespace {

TEST(DiskOptionTest, ParsesAFileAndTheReadOnlyFlag) {
  const Result<DiskOption> rw = ParseDiskOption("/images/root.ext4");
  ASSERT_TRUE(rw);
  EXPECT_EQ(rw->path, "/images/root.ext4");
  EXPECT_FALSE(rw->read_only);
  const Result<DiskOption> ro = ParseDiskOption("data.img,ro");
  ASSERT_TRUE(ro);
  EXPECT_EQ(ro->path, "data.img");
  EXPECT_TRUE(ro->read_only);
}

TEST(DiskOptionTest, RejectsWhatItDoesNotKnow) {
  for (const char* bad : {"", ",ro", "disk.img,", "disk.img,rw", "disk.img,ro,ro"}) {
    const Result<DiskOption> option = ParseDiskOption(bad);
    ASSERT_FALSE(option) << bad;
    EXPECT_NE(option.error().message.find("--disk"), std::string::npos);
  }
}

}  // namespace
}  // namespace pvppc::backends::blk
