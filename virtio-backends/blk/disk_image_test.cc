// Raw images as real files: sizes, vectored I/O, locking and read-only mode.
#include "virtio-backends/blk/disk_image.h"

#include <gtest/gtest.h>

#include <vector>

#include "virtio-backends/blk/testing/temp_file.h"

namespace pvppc::backends::blk {
namespace {

using testing::PatternedSectors;
using testing::TempFile;

TEST(DiskImageTest, OpensAndReadsAcrossSegments) {
  TempFile file(PatternedSectors(4));
  Result<DiskImage> image = DiskImage::Open({file.path(), false});
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_EQ(image->size_bytes(), 2048u);
  std::vector<char> a(100), b(412);
  const iovec segments[] = {{a.data(), a.size()}, {b.data(), b.size()}};
  ASSERT_TRUE(image->read(segments, 512));
  const std::vector<char> expected = PatternedSectors(4);
  EXPECT_TRUE(std::equal(a.begin(), a.end(), expected.begin() + 512));
  EXPECT_TRUE(std::equal(b.begin(), b.end(), expected.begin() + 612));
}

TEST(DiskImageTest, WritesAndSyncs) {
  TempFile file(PatternedSectors(2));
  Result<DiskImage> image = DiskImage::Open({file.path(), false});
  ASSERT_TRUE(image);
  std::vector<char> data(512, 'x');
  const iovec segment{data.data(), data.size()};
  ASSERT_TRUE(image->write(std::span(&segment, 1), 512));
  ASSERT_TRUE(image->flush());
  const std::vector<char> contents = file.contents();
  EXPECT_EQ(contents[511], PatternedSectors(1)[511]);
  EXPECT_EQ(contents[512], 'x');
  EXPECT_EQ(contents[1023], 'x');
}

TEST(DiskImageTest, AReadPastTheFileIsAnError) {
  TempFile file(PatternedSectors(1));
  Result<DiskImage> image = DiskImage::Open({file.path(), false});
  ASSERT_TRUE(image);
  std::vector<char> data(1024);
  const iovec segment{data.data(), data.size()};
  EXPECT_FALSE(image->read(std::span(&segment, 1), 0));
}

TEST(DiskImageTest, AMissingImageIsAClearError) {
  const Result<DiskImage> image = DiskImage::Open({"/nonexistent/disk.img", false});
  ASSERT_FALSE(image);
  EXPECT_NE(image.error().message.find("/nonexistent/disk.img"), std::string::npos);
  EXPECT_NE(image.error().message.find("No such file"), std::string::npos);
}

TEST(DiskImageTest, ALockedImageIsAClearError) {
  TempFile file(PatternedSectors(1));
  Result<DiskImage> first = DiskImage::Open({file.path(), false});
  ASSERT_TRUE(first);
  for (bool read_only : {false, true}) {
    const Result<DiskImage> second = DiskImage::Open({file.path(), read_only});
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().message.find("locked"), std::string::npos);
  }
}

TEST(DiskImageTest, ReadersShareAnImageButKeepWritersOut) {
  TempFile file(PatternedSectors(1));
  Result<DiskImage> reader = DiskImage::Open({file.path(), true});
  ASSERT_TRUE(reader);
  EXPECT_TRUE(DiskImage::Open({file.path(), true}));
  EXPECT_FALSE(DiskImage::Open({file.path(), false}));
  DiskImage moved = std::move(*reader);  // the lock moves with the file
  EXPECT_FALSE(DiskImage::Open({file.path(), false}));
}

TEST(DiskImageTest, AReadOnlyImageRefusesWrites) {
  TempFile file(PatternedSectors(1));
  Result<DiskImage> image = DiskImage::Open({file.path(), true});
  ASSERT_TRUE(image);
  EXPECT_TRUE(image->read_only());
  std::vector<char> data(512, 'x');
  const iovec segment{data.data(), data.size()};
  EXPECT_FALSE(image->write(std::span(&segment, 1), 0));
  EXPECT_TRUE(image->flush());
  EXPECT_EQ(file.contents(), PatternedSectors(1));
}

TEST(DiskImageTest, IdIsTheFileNameCutToTwentyBytes) {
  TempFile file({});
  Result<DiskImage> image = DiskImage::Open({file.path(), false});
  ASSERT_TRUE(image);
  EXPECT_EQ(image->id(), file.path().substr(file.path().rfind('/') + 1));
  EXPECT_EQ(image->size_bytes(), 0u);
}

}  // namespace
}  // namespace pvppc::backends::blk
