// virtio-net frames in both directions through the virtio-mmio transport,
// with rings in guest memory and a backend that records what it is sent.
#include "virtio-backends/net/virtio_net.h"

#include <gtest/gtest.h>

#include <vector>

#include "hypervisor/virtio/mmio_registers.h"
#include "hypervisor/virtio/mmio_transport.h"
#include "hypervisor/virtio/testing/echo_device.h"
#include "hypervisor/virtio/testing/mmio_driver.h"
#include "hypervisor/virtio/testing/ring_builder.h"
#include "virtio-backends/net/net_protocol.h"

namespace pvppc::backends::net {
namespace {

using virtio::testing::LevelRecorder;
using virtio::testing::MmioDriver;
using virtio::testing::RingBuilder;
using virtio::testing::TestBuffer;
using virtio::testing::TestRam;

constexpr uint64_t kFrameBuffer = 0x20000;

class RecordingBackend final : public NetBackend {
 public:
  Status send(std::span<const std::byte> frame) override {
    frames.emplace_back(frame.begin(), frame.end());
    return {};
  }
  std::vector<std::vector<std::byte>> frames;
};

std::vector<std::byte> Frame(size_t length) {
  std::vector<std::byte> frame(length);
  for (size_t i = 0; i < length; ++i) frame[i] = std::byte(i * 3);
  return frame;
}

class VirtioNetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(driver_.negotiate(virtio::feature::kVersion1 | kFeatureMac));
    driver_.setup_queue(kReceiveQueue, receive_.config());
    driver_.setup_queue(kTransmitQueue, transmit_.config());
    driver_.driver_ok();
    ASSERT_TRUE(transport_.active());
  }

  TestRam ram_{256 * 1024};
  RingBuilder receive_{ram_, 8, 0x1000};
  RingBuilder transmit_{ram_, 8, 0x4000};
  RecordingBackend backend_;
  LevelRecorder line_{4};
  VirtioNet device_{"eth0", MacAddress{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}, backend_};
  virtio::MmioTransport transport_{"virtio-net0", device_, ram_.memory(), line_, 4};
  MmioDriver driver_{transport_};
};

TEST_F(VirtioNetTest, OffersItsMacAddressAndLink) {
  EXPECT_EQ(driver_.read32(virtio::mmio::kDeviceId), virtio::device_id::kNet);
  EXPECT_EQ(driver_.read32(virtio::mmio::kConfig), 0x12005452u);  // bytes 52 54 00 12
  EXPECT_EQ(driver_.read32(virtio::mmio::kConfig + 4), 0x00015634u);  // 34 56, status LINK_UP
}

TEST_F(VirtioNetTest, TransmitsFramesWithoutTheirHeader) {
  const std::vector<std::byte> frame = Frame(60);
  ram_.poke_bytes(kFrameBuffer + kHeaderBytes, frame);
  // Header and frame split across two descriptors, as Linux may send them.
  transmit_.make_available(transmit_.add_chain(std::vector<TestBuffer>{
      {kFrameBuffer, kHeaderBytes, false}, {kFrameBuffer + kHeaderBytes, 60, false}}));
  driver_.notify(kTransmitQueue);
  ASSERT_EQ(backend_.frames.size(), 1u);
  EXPECT_EQ(backend_.frames[0], frame);
  EXPECT_EQ(transmit_.used_index(), 1);
  EXPECT_EQ(transmit_.used(0).length, 0u);
  EXPECT_TRUE(line_.level);
}

TEST_F(VirtioNetTest, DropsTransmitChainsWithoutAFrame) {
  transmit_.make_available(transmit_.add_chain(std::vector<TestBuffer>{{kFrameBuffer, 8, false}}));
  driver_.notify(kTransmitQueue);
  EXPECT_TRUE(backend_.frames.empty());
  EXPECT_EQ(device_.frames_dropped(), 1u);
  EXPECT_EQ(transmit_.used_index(), 1);
}

TEST_F(VirtioNetTest, DeliversFramesIntoPostedReceiveBuffers) {
  EXPECT_FALSE(device_.deliver(Frame(60)));  // nothing posted yet
  receive_.make_available(receive_.add_chain(std::vector<TestBuffer>{{kFrameBuffer, 1526, true}}));
  driver_.notify(kReceiveQueue);
  ASSERT_TRUE(device_.deliver(Frame(60)));
  EXPECT_EQ(receive_.used(0).length, kHeaderBytes + 60);
  EXPECT_EQ(ram_.peek<uint16_t>(kFrameBuffer + kHeaderNumBuffers), 1);
  EXPECT_EQ(ram_.peek_bytes(kFrameBuffer + kHeaderBytes, 60), Frame(60));
  EXPECT_EQ(device_.frames_received(), 1u);
  EXPECT_EQ(driver_.acknowledge_interrupts(), virtio::interrupt::kUsedBuffer);
}

TEST_F(VirtioNetTest, DropsFramesLargerThanTheReceiveBuffer) {
  receive_.make_available(receive_.add_chain(std::vector<TestBuffer>{{kFrameBuffer, 64, true}}));
  ASSERT_TRUE(device_.deliver(Frame(60)));
  EXPECT_EQ(receive_.used(0).length, 0u);
  EXPECT_EQ(device_.frames_dropped(), 1u);
}

TEST_F(VirtioNetTest, ABrokenReceiveRingStopsTheDevice) {
  receive_.set_descriptor(0, 0x7FFFFFFF0, 64, virtio::ring::kDescFlagWrite, 0);
  receive_.make_available(0);
  EXPECT_FALSE(device_.deliver(Frame(60)));
  EXPECT_NE(transport_.status() & virtio::status::kDeviceNeedsReset, 0u);
  EXPECT_FALSE(device_.deliver(Frame(60)));
}

}  // namespace
}  // namespace pvppc::backends::net
