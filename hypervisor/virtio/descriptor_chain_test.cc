// Descriptor chains read from real descriptor tables in guest memory, and
// every way a guest can get one wrong (virtio 1.x §2.7.5).
#include "hypervisor/virtio/descriptor_chain.h"

#include <gtest/gtest.h>

#include <vector>

#include "hypervisor/virtio/testing/ring_builder.h"
#include "hypervisor/virtio/virtio_constants.h"

namespace pvppc::virtio {
namespace {

using testing::RingBuilder;
using testing::TestBuffer;
using testing::TestRam;

constexpr uint64_t kRamBytes = 64 * 1024;
constexpr uint16_t kQueueSize = 8;
constexpr uint16_t kNext = ring::kDescFlagNext;
constexpr uint16_t kWrite = ring::kDescFlagWrite;
constexpr uint16_t kIndirect = ring::kDescFlagIndirect;

class DescriptorChainTest : public ::testing::Test {
 protected:
  Result<DescriptorChain> Read(uint16_t head, bool indirect_allowed = true) {
    return ReadDescriptorChain(ram_.memory(),
                               DescriptorTableInfo{rings_.config().descriptor_table, kQueueSize,
                                                   indirect_allowed},
                               head);
  }

  TestRam ram_{kRamBytes};
  RingBuilder rings_{ram_, kQueueSize, 0x1000};
};

TEST_F(DescriptorChainTest, SplitsReadableAndWritableBuffersInOrder) {
  const std::vector<TestBuffer> buffers = {
      {0x4000, 16, false}, {0x5000, 512, false}, {0x6000, 512, true}, {0x7000, 1, true}};
  const uint16_t head = rings_.add_chain(buffers);
  const Result<DescriptorChain> chain = Read(head);
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_EQ(chain->head, head);
  ASSERT_EQ(chain->readable.size(), 2u);
  ASSERT_EQ(chain->writable.size(), 2u);
  EXPECT_EQ(chain->readable[1].address, 0x5000u);
  EXPECT_EQ(chain->writable[1].length, 1u);
  EXPECT_EQ(chain->readable_bytes, 528u);
  EXPECT_EQ(chain->writable_bytes, 513u);
}

TEST_F(DescriptorChainTest, FollowsAnIndirectTable) {
  const std::vector<TestBuffer> buffers = {{0x4000, 16, false}, {0x6000, 4096, true}};
  const uint16_t head = rings_.add_indirect_chain(0x3000, buffers);
  const Result<DescriptorChain> chain = Read(head);
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_EQ(chain->readable_bytes, 16u);
  EXPECT_EQ(chain->writable_bytes, 4096u);
  EXPECT_EQ(chain->writable[0].address, 0x6000u);
}

TEST_F(DescriptorChainTest, IgnoresTheWriteFlagOfTheIndirectDescriptor) {
  const std::vector<TestBuffer> buffers = {{0x4000, 16, false}};
  const uint16_t head = rings_.add_indirect_chain(0x3000, buffers);
  rings_.set_descriptor(head, 0x3000, 16, kIndirect | kWrite, 0);
  const Result<DescriptorChain> chain = Read(head);
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_EQ(chain->readable.size(), 1u);
}

TEST_F(DescriptorChainTest, IndirectNeedsTheFeature) {
  const uint16_t head = rings_.add_indirect_chain(0x3000, std::vector<TestBuffer>{{0x4000, 16}});
  EXPECT_FALSE(Read(head, /*indirect_allowed=*/false));
}

TEST_F(DescriptorChainTest, RejectsNestedIndirectTables) {
  // Entry 0 of the indirect table is itself indirect.
  rings_.add_indirect_chain(0x3000, std::vector<TestBuffer>{{0x4000, 16}});
  ram_.poke<uint16_t>(0x3000 + 12, kIndirect);
  const Result<DescriptorChain> chain = Read(0);
  ASSERT_FALSE(chain);
  EXPECT_NE(chain.error().message.find("nests"), std::string::npos);
}

TEST_F(DescriptorChainTest, RejectsIndirectWithNext) {
  rings_.set_descriptor(0, 0x3000, 16, kIndirect | kNext, 1);
  EXPECT_FALSE(Read(0));
}

TEST_F(DescriptorChainTest, RejectsBadIndirectTableLengths) {
  for (uint32_t length : {0u, 15u, 24u, (kMaxIndirectDescriptors + 1) * 16}) {
    rings_.set_descriptor(0, 0x3000, length, kIndirect, 0);
    EXPECT_FALSE(Read(0)) << length;
  }
  rings_.set_descriptor(0, kRamBytes - 16, 32, kIndirect, 0);  // runs out of RAM
  EXPECT_FALSE(Read(0));
}

TEST_F(DescriptorChainTest, RejectsBuffersOutsideRam) {
  rings_.set_descriptor(0, kRamBytes, 1, 0, 0);
  EXPECT_FALSE(Read(0));
  rings_.set_descriptor(0, kRamBytes - 8, 9, 0, 0);
  EXPECT_FALSE(Read(0));
  rings_.set_descriptor(0, kRamBytes - 8, 8, 0, 0);
  EXPECT_TRUE(Read(0));
}

TEST_F(DescriptorChainTest, RejectsHugeLengthsAndWrappingAddresses) {
  rings_.set_descriptor(0, 0x4000, 0xFFFFFFFF, kWrite, 0);
  EXPECT_FALSE(Read(0));
  rings_.set_descriptor(0, ~uint64_t{0} - 7, 16, 0, 0);  // addr + len wraps past 2^64
  EXPECT_FALSE(Read(0));
}

TEST_F(DescriptorChainTest, RejectsLoops) {
  rings_.set_descriptor(0, 0x4000, 16, kNext, 1);
  rings_.set_descriptor(1, 0x4000, 16, kNext, 0);
  const Result<DescriptorChain> chain = Read(0);
  ASSERT_FALSE(chain);
  EXPECT_NE(chain.error().message.find("loop"), std::string::npos);
  rings_.set_descriptor(0, 0x4000, 16, kNext, 0);  // a descriptor linking to itself
  EXPECT_FALSE(Read(0));
}

TEST_F(DescriptorChainTest, RejectsLoopsInsideAnIndirectTable) {
  rings_.set_descriptor(0, 0x3000, 32, kIndirect, 0);
  ram_.poke<uint64_t>(0x3000, 0x4000);
  ram_.poke<uint32_t>(0x3008, 16);
  ram_.poke<uint16_t>(0x300C, kNext);
  ram_.poke<uint16_t>(0x300E, 1);
  ram_.poke<uint64_t>(0x3010, 0x4000);
  ram_.poke<uint32_t>(0x3018, 16);
  ram_.poke<uint16_t>(0x301C, kNext);
  ram_.poke<uint16_t>(0x301E, 0);
  EXPECT_FALSE(Read(0));
}

TEST_F(DescriptorChainTest, AcceptsAChainAsLongAsTheQueueButNoLonger) {
  std::vector<TestBuffer> buffers(kQueueSize, TestBuffer{0x4000, 1, false});
  EXPECT_TRUE(Read(rings_.add_chain(buffers)));
  // Every descriptor has NEXT: the walk needs more than kQueueSize steps.
  for (uint16_t i = 0; i < kQueueSize; ++i) {
    rings_.set_descriptor(i, 0x4000, 1, kNext, static_cast<uint16_t>((i + 1) % kQueueSize));
  }
  EXPECT_FALSE(Read(0));
}

TEST_F(DescriptorChainTest, RejectsIndicesOutsideTheTable) {
  EXPECT_FALSE(Read(kQueueSize));
  rings_.set_descriptor(0, 0x4000, 16, kNext, kQueueSize);
  EXPECT_FALSE(Read(0));
}

TEST_F(DescriptorChainTest, RejectsReadableAfterWritable) {
  const std::vector<TestBuffer> buffers = {{0x4000, 16, true}, {0x5000, 16, false}};
  EXPECT_FALSE(Read(rings_.add_chain(buffers)));
}

TEST_F(DescriptorChainTest, RejectsATableOutsideRam) {
  EXPECT_FALSE(ReadDescriptorChain(ram_.memory(), DescriptorTableInfo{kRamBytes - 16, 2, false}, 0));
  EXPECT_FALSE(ReadDescriptorChain(ram_.memory(), DescriptorTableInfo{0x1000, 0, false}, 0));
}

TEST_F(DescriptorChainTest, KeepsZeroLengthBuffers) {
  const std::vector<TestBuffer> buffers = {{0x4000, 0, false}, {0x5000, 1, true}};
  const Result<DescriptorChain> chain = Read(rings_.add_chain(buffers));
  ASSERT_TRUE(chain);
  EXPECT_EQ(chain->readable.size(), 1u);
  EXPECT_EQ(chain->readable_bytes, 0u);
}

}  // namespace
}  // namespace pvppc::virtio
