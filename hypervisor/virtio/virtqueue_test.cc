// The device side of a split virtqueue against rings a driver built in guest
// memory (virtio 1.x §2.7): taking chains, returning them, and notification
// suppression with and without event index.
#include "hypervisor/virtio/virtqueue.h"

#include <gtest/gtest.h>

#include <vector>

#include "hypervisor/virtio/testing/ring_builder.h"

namespace pvppc::virtio {
namespace {

using testing::RingBuilder;
using testing::TestBuffer;
using testing::TestRam;

constexpr uint64_t kRamBytes = 64 * 1024;
constexpr uint16_t kQueueSize = 16;

class VirtqueueTest : public ::testing::Test {
 protected:
  void Enable(bool event_index) {
    queue_.mutable_config() = rings_.config();
    const Status enabled = queue_.enable(event_index, /*indirect_descriptors=*/true);
    ASSERT_TRUE(enabled) << enabled.error().message;
  }
  uint16_t MakeAvailable(uint32_t readable, uint32_t writable) {
    std::vector<TestBuffer> buffers = {{0x8000, readable, false}, {0x9000, writable, true}};
    const uint16_t head = rings_.add_chain(buffers);
    rings_.make_available(head);
    return head;
  }
  std::optional<DescriptorChain> Pop() {
    Result<std::optional<DescriptorChain>> chain = queue_.pop();
    EXPECT_TRUE(chain) << chain.error().message;
    return chain ? std::move(*chain) : std::nullopt;
  }

  TestRam ram_{kRamBytes};
  RingBuilder rings_{ram_, kQueueSize, 0x1000};
  Virtqueue queue_{ram_.memory(), kQueueSize};
};

TEST(VringNeedEventTest, MatchesTheSpecRule) {
  // The driver asked for an interrupt once used index passes 5.
  EXPECT_TRUE(VringNeedEvent(5, 6, 5));
  EXPECT_TRUE(VringNeedEvent(5, 8, 3));
  EXPECT_FALSE(VringNeedEvent(5, 5, 3));   // 5 not yet used
  EXPECT_FALSE(VringNeedEvent(5, 9, 6));   // already past when last signalled
  EXPECT_TRUE(VringNeedEvent(0xFFFF, 1, 0xFFFE));  // across the 16-bit wrap
}

TEST_F(VirtqueueTest, StartsDisabledAtMaximumSize) {
  EXPECT_FALSE(queue_.enabled());
  EXPECT_EQ(queue_.config().size, kQueueSize);
  Result<std::optional<DescriptorChain>> chain = queue_.pop();
  ASSERT_TRUE(chain);
  EXPECT_FALSE(chain->has_value());
}

TEST_F(VirtqueueTest, EnableChecksSizeAlignmentAndRam) {
  queue_.mutable_config() = rings_.config();
  queue_.mutable_config().size = 12;
  EXPECT_FALSE(queue_.enable(false, false));
  queue_.mutable_config().size = 32;  // above QueueNumMax
  EXPECT_FALSE(queue_.enable(false, false));
  queue_.mutable_config() = rings_.config();
  queue_.mutable_config().descriptor_table += 8;
  EXPECT_FALSE(queue_.enable(false, false));
  queue_.mutable_config() = rings_.config();
  queue_.mutable_config().used_ring = kRamBytes - 8;
  EXPECT_FALSE(queue_.enable(false, false));
  queue_.mutable_config() = rings_.config();
  queue_.mutable_config().available_ring = ~uint64_t{0} - 1;
  EXPECT_FALSE(queue_.enable(false, false));
  EXPECT_FALSE(queue_.enabled());
  queue_.mutable_config() = rings_.config();
  EXPECT_TRUE(queue_.enable(false, false));
}

TEST_F(VirtqueueTest, PopsChainsInOrderAndReturnsThem) {
  Enable(false);
  const uint16_t first = MakeAvailable(16, 512);
  const uint16_t second = MakeAvailable(16, 1);
  std::optional<DescriptorChain> a = Pop();
  std::optional<DescriptorChain> b = Pop();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->head, first);
  EXPECT_EQ(b->head, second);
  EXPECT_FALSE(Pop());

  ASSERT_TRUE(queue_.push_used(b->head, 1));
  ASSERT_TRUE(queue_.push_used(a->head, 512));
  EXPECT_EQ(rings_.used_index(), 2);
  EXPECT_EQ(rings_.used(0).id, second);
  EXPECT_EQ(rings_.used(1).id, first);
  EXPECT_EQ(rings_.used(1).length, 512u);
}

TEST_F(VirtqueueTest, WrapsItsIndicesAroundSixteenBits) {
  Enable(false);
  for (int round = 0; round < 70000 / kQueueSize; ++round) {
    for (int i = 0; i < kQueueSize; ++i) MakeAvailable(1, 1);
    for (int i = 0; i < kQueueSize; ++i) {
      std::optional<DescriptorChain> chain = Pop();
      ASSERT_TRUE(chain);
      ASSERT_TRUE(queue_.push_used(chain->head, 1));
    }
  }
  EXPECT_EQ(rings_.used_index(), static_cast<uint16_t>(70000 / kQueueSize * kQueueSize));
}

TEST_F(VirtqueueTest, AnAvailableIndexMoreThanAQueueAheadIsAGuestError) {
  Enable(false);
  rings_.set_available_index(kQueueSize + 1);
  EXPECT_FALSE(queue_.pop());
}

TEST_F(VirtqueueTest, ABadChainIsAGuestErrorAndNotTaken) {
  Enable(false);
  rings_.set_descriptor(0, kRamBytes, 16, 0, 0);
  rings_.make_available(0);
  EXPECT_FALSE(queue_.pop());
  EXPECT_EQ(queue_.next_available(), 0);
}

TEST_F(VirtqueueTest, AHeadOutsideTheTableIsAGuestError) {
  Enable(false);
  rings_.make_available(kQueueSize);
  EXPECT_FALSE(queue_.pop());
}

TEST_F(VirtqueueTest, NoInterruptFlagSuppressesWithoutEventIndex) {
  Enable(false);
  MakeAvailable(1, 1);
  ASSERT_TRUE(queue_.push_used(Pop()->head, 1));
  EXPECT_TRUE(queue_.needs_interrupt());
  rings_.set_available_flags(ring::kAvailFlagNoInterrupt);
  MakeAvailable(1, 1);
  ASSERT_TRUE(queue_.push_used(Pop()->head, 1));
  EXPECT_FALSE(queue_.needs_interrupt());
}

TEST_F(VirtqueueTest, EventIndexInterruptsOnlyWhenUsedEventIsCrossed) {
  Enable(true);
  // The flag means nothing with event index (§2.7.10).
  rings_.set_available_flags(ring::kAvailFlagNoInterrupt);
  for (int i = 0; i < 4; ++i) MakeAvailable(1, 1);
  // The driver wants to hear when entry 2 (the third) is used.
  rings_.set_used_event(2);
  ASSERT_TRUE(queue_.push_used(Pop()->head, 1));
  EXPECT_TRUE(queue_.needs_interrupt());  // the first interrupt always goes
  ASSERT_TRUE(queue_.push_used(Pop()->head, 1));
  EXPECT_FALSE(queue_.needs_interrupt());  // used index 2: entry 2 not used yet
  ASSERT_TRUE(queue_.push_used(Pop()->head, 1));
  EXPECT_TRUE(queue_.needs_interrupt());  // used index 3: entry 2 used
  ASSERT_TRUE(queue_.push_used(Pop()->head, 1));
  EXPECT_FALSE(queue_.needs_interrupt());  // driver has not moved used_event
  EXPECT_FALSE(queue_.needs_interrupt());  // nothing new
}

TEST_F(VirtqueueTest, EventIndexPublishesAvailEventWhenTheRingIsEmpty) {
  Enable(true);
  EXPECT_FALSE(Pop());
  EXPECT_EQ(rings_.avail_event(), 0);
  MakeAvailable(1, 1);
  MakeAvailable(1, 1);
  ASSERT_TRUE(Pop());
  ASSERT_TRUE(Pop());
  EXPECT_FALSE(Pop());
  // The driver kicks again when it makes entry 2 available (§2.7.10).
  EXPECT_EQ(rings_.avail_event(), 2);
}

TEST_F(VirtqueueTest, ResetForgetsConfigurationAndProgress) {
  Enable(true);
  MakeAvailable(1, 1);
  ASSERT_TRUE(Pop());
  queue_.reset();
  EXPECT_FALSE(queue_.enabled());
  EXPECT_EQ(queue_.next_available(), 0);
  EXPECT_EQ(queue_.config().descriptor_table, 0u);
  EXPECT_FALSE(queue_.push_used(0, 0));
}

}  // namespace
}  // namespace pvppc::virtio
