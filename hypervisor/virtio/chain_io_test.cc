// Copying into and out of a chain's buffers across buffer boundaries.
#include "hypervisor/virtio/chain_io.h"

#include <gtest/gtest.h>

#include <vector>

#include "hypervisor/virtio/testing/test_ram.h"

namespace pvppc::virtio {
namespace {

using testing::TestRam;

std::vector<std::byte> Bytes(std::initializer_list<int> values) {
  std::vector<std::byte> bytes;
  for (int v : values) bytes.push_back(std::byte(v));
  return bytes;
}

TEST(ChainIoTest, ReaderCrossesBufferBoundaries) {
  TestRam ram(0x1000);
  ram.poke_bytes(0x100, Bytes({1, 2, 3}));
  ram.poke_bytes(0x200, Bytes({4, 5}));
  const std::vector<GuestBuffer> buffers = {{0x100, 3}, {0x180, 0}, {0x200, 2}};
  ChainReader reader(ram.memory(), buffers);
  EXPECT_EQ(reader.remaining(), 5u);
  std::vector<std::byte> out(4);
  ASSERT_TRUE(reader.read(out));
  EXPECT_EQ(out, Bytes({1, 2, 3, 4}));
  EXPECT_FALSE(reader.read(out));  // only one byte left: nothing copied
  EXPECT_EQ(reader.remaining(), 1u);
  ASSERT_TRUE(reader.skip(1));
  EXPECT_EQ(reader.consumed(), 5u);
}

TEST(ChainIoTest, WriterFillsBuffersInOrder) {
  TestRam ram(0x1000);
  const std::vector<GuestBuffer> buffers = {{0x100, 2}, {0x200, 2}};
  ChainWriter writer(ram.memory(), buffers);
  ASSERT_TRUE(writer.write(Bytes({9, 8, 7})));
  EXPECT_FALSE(writer.write(Bytes({6, 5})));
  EXPECT_EQ(writer.consumed(), 3u);
  EXPECT_EQ(ram.peek_bytes(0x100, 2), Bytes({9, 8}));
  EXPECT_EQ(ram.peek_bytes(0x200, 2), Bytes({7, 0}));
}

TEST(ChainIoTest, MapsAByteRangeToHostSegments) {
  TestRam ram(0x1000);
  const std::vector<GuestBuffer> buffers = {{0x100, 16}, {0x200, 16}, {0x300, 16}};
  const HostSegments segments = MapHostSegments(ram.memory(), buffers, 8, 24);
  ASSERT_TRUE(segments.ok);
  ASSERT_EQ(segments.iovecs.size(), 2u);
  EXPECT_EQ(segments.iovecs[0].iov_base, ram.memory().host_pointer(0x108, 8));
  EXPECT_EQ(segments.iovecs[0].iov_len, 8u);
  EXPECT_EQ(segments.iovecs[1].iov_len, 16u);
  EXPECT_FALSE(MapHostSegments(ram.memory(), buffers, 40, 9).ok);
}

TEST(ChainIoTest, FindsTheLastWritableByte) {
  const std::vector<GuestBuffer> buffers = {{0x100, 16}, {0x200, 0}};
  EXPECT_EQ(LastWritableByte(buffers), 0x10Fu);
  EXPECT_FALSE(LastWritableByte(std::vector<GuestBuffer>{{0x100, 0}}));
}

}  // namespace
}  // namespace pvppc::virtio
