// The virtio-mmio transport as a big-endian guest's driver sees it through
// readl/writel (virtio 1.x §4.2), with a small device behind it.
#include "hypervisor/virtio/mmio_transport.h"

#include <gtest/gtest.h>

#include <vector>

#include "hypervisor/virtio/mmio_registers.h"
#include "hypervisor/virtio/testing/echo_device.h"
#include "hypervisor/virtio/testing/mmio_driver.h"
#include "hypervisor/virtio/testing/ring_builder.h"

namespace pvppc::virtio {
namespace {

using testing::EchoDevice;
using testing::LevelRecorder;
using testing::MmioDriver;
using testing::RingBuilder;
using testing::TestBuffer;
using testing::TestRam;

constexpr uint32_t kLine = 5;
constexpr uint64_t kDeviceFeature = EchoDevice::kFeature;
constexpr uint64_t kModern = feature::kVersion1;

class MmioTransportTest : public ::testing::Test {
 protected:
  void BringUp(uint64_t features = kModern) {
    ASSERT_TRUE(driver_.negotiate(features));
    driver_.setup_queue(0, rings_.config());
    driver_.driver_ok();
    ASSERT_TRUE(transport_.active());
  }
  uint32_t ReadStatus() { return driver_.read32(mmio::kStatus); }

  TestRam ram_{64 * 1024};
  RingBuilder rings_{ram_, 8, 0x1000};
  EchoDevice device_;
  LevelRecorder line_{kLine};
  MmioTransport transport_{"virtio0", device_, ram_.memory(), line_, kLine};
  MmioDriver driver_{transport_};
};

TEST_F(MmioTransportTest, IdentifiesItselfAsAModernDevice) {
  EXPECT_EQ(driver_.read32(mmio::kMagicValue), 0x74726976u);
  EXPECT_EQ(driver_.read32(mmio::kVersion), 2u);
  EXPECT_EQ(driver_.read32(mmio::kDeviceId), 0x1Fu);
  EXPECT_EQ(driver_.read32(mmio::kVendorId), mmio::kPvppcVendorId);
  EXPECT_EQ(driver_.device_features(),
            kDeviceFeature | feature::kVersion1 | feature::kRingIndirectDesc |
                feature::kRingEventIdx);
}

TEST_F(MmioTransportTest, RegistersAreLittleEndianBytesToAPlainLoad) {
  // lwz of the magic register sees the bytes 'v' 'i' 'r' 't' in order.
  uint32_t value = 0;
  ASSERT_TRUE(transport_.read(mmio::kMagicValue, 4, value));
  EXPECT_EQ(value, 0x76697274u);
}

TEST_F(MmioTransportTest, RegistersTakeOnlyAlignedWordAccesses) {
  uint32_t value = 0;
  EXPECT_FALSE(transport_.read(mmio::kMagicValue, 1, value));
  EXPECT_FALSE(transport_.read(mmio::kVersion + 2, 4, value));
  EXPECT_FALSE(transport_.write(mmio::kStatus, 2, 1));
  EXPECT_FALSE(transport_.read(mmio::kWindowSize, 4, value));
}

TEST_F(MmioTransportTest, ConfigurationIsTheDevicesByteImageAtEveryWidth) {
  uint32_t value = 0;
  ASSERT_TRUE(transport_.read(mmio::kConfig, 4, value));
  EXPECT_EQ(value, 0x11223344u);  // plain lwz
  EXPECT_EQ(driver_.read32(mmio::kConfig), 0x44332211u);  // readl: little-endian
  ASSERT_TRUE(transport_.read(mmio::kConfig + 2, 2, value));
  EXPECT_EQ(value, 0x3344u);
  ASSERT_TRUE(transport_.read(mmio::kConfig + 5, 1, value));
  EXPECT_EQ(value, 0x66u);
  EXPECT_FALSE(transport_.read(mmio::kConfig + 1, 2, value));  // misaligned
  // Past the device's 6 bytes: reads 0, writes ignored.
  ASSERT_TRUE(transport_.read(mmio::kConfig + 4, 4, value));
  EXPECT_EQ(value, 0u);
  ASSERT_TRUE(transport_.write(mmio::kConfig + 8, 4, 0xFFFFFFFF));
  ASSERT_TRUE(transport_.write(mmio::kConfig + 1, 1, 0xAB));
  EXPECT_EQ(device_.config[1], std::byte{0xAB});
}

TEST_F(MmioTransportTest, NegotiationNeedsVersion1) {
  EXPECT_FALSE(driver_.negotiate(kDeviceFeature));  // a legacy driver
  EXPECT_EQ(ReadStatus() & status::kFeaturesOk, 0u);
  driver_.driver_ok();
  EXPECT_EQ(ReadStatus() & status::kDriverOk, 0u);
  EXPECT_FALSE(device_.active);
}

TEST_F(MmioTransportTest, NegotiationRejectsFeaturesNotOffered) {
  EXPECT_FALSE(driver_.negotiate(kModern | (uint64_t{1} << 7)));
  EXPECT_FALSE(driver_.negotiate(kModern | (uint64_t{1} << 40)));
  EXPECT_TRUE(driver_.negotiate(kModern | kDeviceFeature));
  EXPECT_EQ(transport_.driver_features(), kModern | kDeviceFeature);
}

TEST_F(MmioTransportTest, FeaturesAreFrozenAfterFeaturesOk) {
  ASSERT_TRUE(driver_.negotiate(kModern));
  driver_.write32(mmio::kDriverFeaturesSel, 0);
  driver_.write32(mmio::kDriverFeatures, static_cast<uint32_t>(kDeviceFeature));
  EXPECT_EQ(transport_.driver_features(), kModern);
  EXPECT_GT(transport_.ignored_accesses(), 0u);
}

TEST_F(MmioTransportTest, StatusBitsAreNeverClearedExceptByReset) {
  BringUp();
  driver_.write32(mmio::kStatus, status::kAcknowledge);
  EXPECT_TRUE(transport_.active());
  driver_.write32(mmio::kStatus, ReadStatus() | status::kDeviceNeedsReset);  // device-only bit
  EXPECT_EQ(ReadStatus() & status::kDeviceNeedsReset, 0u);
  driver_.write32(mmio::kStatus, 0);
  EXPECT_EQ(ReadStatus(), 0u);
  EXPECT_FALSE(device_.active);
  EXPECT_FALSE(transport_.queue(0).enabled());
}

TEST_F(MmioTransportTest, WritesToReadOnlyRegistersChangeNothing) {
  for (uint64_t reg : {mmio::kMagicValue, mmio::kVersion, mmio::kDeviceId, mmio::kVendorId,
                       mmio::kDeviceFeatures, mmio::kQueueNumMax, mmio::kInterruptStatus,
                       mmio::kConfigGeneration, uint64_t{0x018}, uint64_t{0x0F0}}) {
    driver_.write32(reg, 0xDEADBEEF);
  }
  EXPECT_EQ(driver_.read32(mmio::kMagicValue), mmio::kMagic);
  EXPECT_EQ(driver_.read32(mmio::kVersion), 2u);
  EXPECT_EQ(driver_.read32(mmio::kDeviceId), 0x1Fu);
  EXPECT_EQ(driver_.read32(mmio::kQueueNumMax), 8u);
  EXPECT_EQ(driver_.read32(mmio::kInterruptStatus), 0u);
  EXPECT_EQ(driver_.read32(mmio::kConfigGeneration), 0u);
  EXPECT_EQ(transport_.ignored_accesses(), 10u);
  EXPECT_EQ(driver_.read32(mmio::kQueueNotify), 0u);  // write-only reads 0
}

TEST_F(MmioTransportTest, BadQueueSelectorsSeeNoQueue) {
  ASSERT_TRUE(driver_.negotiate(kModern));
  for (uint32_t selector : {2u, 0xFFFFFFFFu}) {
    driver_.write32(mmio::kQueueSel, selector);
    EXPECT_EQ(driver_.read32(mmio::kQueueNumMax), 0u);
    driver_.write32(mmio::kQueueNum, 8);
    driver_.write32(mmio::kQueueDescLow, 0x1000);
    driver_.write32(mmio::kQueueReady, 1);
    EXPECT_EQ(driver_.read32(mmio::kQueueReady), 0u);
  }
  EXPECT_FALSE(transport_.queue(0).enabled());
  EXPECT_EQ(transport_.queue(0).config().descriptor_table, 0u);
  driver_.driver_ok();
  driver_.notify(7);
  EXPECT_EQ(device_.notifications, 0);
  EXPECT_EQ(transport_.needs_reset_reason(), "");
}

TEST_F(MmioTransportTest, QueueSetupIsIgnoredOnceTheQueueIsReady) {
  BringUp();
  driver_.write32(mmio::kQueueSel, 0);
  driver_.write32(mmio::kQueueDescLow, 0x8000);
  driver_.write32(mmio::kQueueNum, 2);
  EXPECT_EQ(transport_.queue(0).config().descriptor_table, rings_.config().descriptor_table);
  EXPECT_EQ(transport_.queue(0).config().size, 8);
  driver_.write32(mmio::kQueueReady, 0);
  EXPECT_EQ(driver_.read32(mmio::kQueueReady), 0u);
}

TEST_F(MmioTransportTest, NotifyRunsTheDeviceAndInterruptsUntilAcknowledged) {
  BringUp();
  const uint16_t head = rings_.add_chain(std::vector<TestBuffer>{{0x8000, 4, false}, {0x9000, 32, true}});
  rings_.make_available(head);
  driver_.notify(0);
  EXPECT_EQ(device_.notifications, 1);
  EXPECT_EQ(rings_.used_index(), 1);
  EXPECT_EQ(rings_.used(0).length, 32u);
  EXPECT_TRUE(line_.level);
  EXPECT_EQ(driver_.acknowledge_interrupts(), interrupt::kUsedBuffer);
  EXPECT_FALSE(line_.level);
}

TEST_F(MmioTransportTest, NotificationsBeforeDriverOkAreIgnored) {
  ASSERT_TRUE(driver_.negotiate(kModern));
  driver_.setup_queue(0, rings_.config());
  driver_.notify(0);
  EXPECT_EQ(device_.notifications, 0);
}

TEST_F(MmioTransportTest, AGuestErrorInAQueueMakesTheDeviceNeedAReset) {
  BringUp();
  rings_.set_descriptor(0, 0xFFFF0000, 16, 0, 0);  // outside RAM
  rings_.make_available(0);
  driver_.notify(0);
  EXPECT_NE(ReadStatus() & status::kDeviceNeedsReset, 0u);
  EXPECT_NE(transport_.needs_reset_reason().find("outside guest RAM"), std::string::npos);
  EXPECT_EQ(driver_.acknowledge_interrupts(), interrupt::kConfigChange);
  driver_.notify(0);  // no longer forwarded
  EXPECT_EQ(device_.notifications, 1);
  // The driver's reset brings the device back.
  ASSERT_TRUE(driver_.negotiate(kModern));
  EXPECT_EQ(ReadStatus() & status::kDeviceNeedsReset, 0u);
  EXPECT_EQ(transport_.needs_reset_reason(), "");
}

TEST_F(MmioTransportTest, ARingOutsideRamMakesTheDeviceNeedAReset) {
  ASSERT_TRUE(driver_.negotiate(kModern));
  QueueConfig config = rings_.config();
  config.used_ring = 0x10000000;
  driver_.setup_queue(0, config);
  EXPECT_EQ(driver_.read32(mmio::kQueueReady), 0u);
  EXPECT_NE(ReadStatus() & status::kDeviceNeedsReset, 0u);
  EXPECT_FALSE(line_.level);  // before DRIVER_OK: no interrupt
}

TEST_F(MmioTransportTest, AFailedActivationMakesTheDeviceNeedAReset) {
  device_.fail_activation = true;
  ASSERT_TRUE(driver_.negotiate(kModern));
  driver_.setup_queue(0, rings_.config());
  driver_.driver_ok();
  EXPECT_NE(ReadStatus() & status::kDeviceNeedsReset, 0u);
  EXPECT_EQ(transport_.needs_reset_reason(), "backend unavailable");
  EXPECT_TRUE(line_.level);
}

TEST_F(MmioTransportTest, StatusWritesThatEchoNeedsResetStillWork) {
  ASSERT_TRUE(driver_.negotiate(kModern));
  QueueConfig config = rings_.config();
  config.used_ring = 0x10000000;
  driver_.setup_queue(0, config);
  ASSERT_NE(ReadStatus() & status::kDeviceNeedsReset, 0u);
  // Linux adds a status bit by writing back what it read plus the bit.
  driver_.write32(mmio::kStatus, ReadStatus() | status::kFailed);
  EXPECT_EQ(ReadStatus(), status::kAcknowledge | status::kDriver | status::kFeaturesOk |
                              status::kDeviceNeedsReset | status::kFailed);
  EXPECT_FALSE(device_.active);
}

TEST_F(MmioTransportTest, ABackendDeathSeenByTheVmNeedsAReset) {
  BringUp();
  transport_.needs_reset("blk backend exited");
  EXPECT_NE(ReadStatus() & status::kDeviceNeedsReset, 0u);
  EXPECT_FALSE(transport_.active());
  EXPECT_EQ(driver_.read32(mmio::kInterruptStatus), interrupt::kConfigChange);
}

TEST_F(MmioTransportTest, AFailedBackendNeedsAResetButNotificationsStillReachTheDevice) {
  BringUp();
  transport_.backend_failed("backend process 42 exited");
  EXPECT_NE(ReadStatus() & status::kDeviceNeedsReset, 0u);
  EXPECT_TRUE(transport_.active());
  EXPECT_EQ(driver_.acknowledge_interrupts(), interrupt::kConfigChange);
  rings_.make_available(rings_.add_chain(std::vector<TestBuffer>{{0x9000, 1, true}}));
  driver_.notify(0);
  EXPECT_EQ(device_.notifications, 1);  // the device can fail the request itself
  transport_.signal_used_buffers();
  EXPECT_EQ(driver_.acknowledge_interrupts(), interrupt::kUsedBuffer);
  // A guest error afterwards stops the device as usual.
  transport_.needs_reset("descriptor loop");
  EXPECT_FALSE(transport_.active());
  // The driver's reset clears it all.
  ASSERT_TRUE(driver_.negotiate(kModern));
  EXPECT_EQ(ReadStatus() & status::kDeviceNeedsReset, 0u);
}

TEST_F(MmioTransportTest, ConfigChangesBumpTheGenerationAndInterrupt) {
  transport_.config_changed();
  EXPECT_EQ(driver_.read32(mmio::kConfigGeneration), 1u);
  EXPECT_FALSE(line_.level);  // no DRIVER_OK yet
  BringUp();
  transport_.config_changed();
  EXPECT_EQ(driver_.read32(mmio::kConfigGeneration), 2u);
  EXPECT_EQ(driver_.acknowledge_interrupts(), interrupt::kConfigChange);
}

TEST_F(MmioTransportTest, EventIndexIsNegotiatedIntoTheQueue) {
  BringUp(kModern | feature::kRingEventIdx);
  rings_.make_available(rings_.add_chain(std::vector<TestBuffer>{{0x9000, 1, true}}));
  driver_.notify(0);
  EXPECT_EQ(rings_.avail_event(), 1);  // published when the device found the ring empty
}

TEST_F(MmioTransportTest, HasNoSharedMemoryRegions) {
  driver_.write32(mmio::kShmSel, 0);
  EXPECT_EQ(driver_.read32(mmio::kShmLenLow), 0xFFFFFFFFu);
  EXPECT_EQ(driver_.read32(mmio::kShmLenHigh), 0xFFFFFFFFu);
}

}  // namespace
}  // namespace pvppc::virtio
