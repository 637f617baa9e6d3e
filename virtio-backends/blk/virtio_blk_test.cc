// virtio-blk end to end on the host: a driver builds requests in guest
// memory, notifies through the virtio-mmio transport, and the device serves
// them from a real image file (virtio 1.x §5.2).
#include "virtio-backends/blk/virtio_blk.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "hypervisor/virtio/mmio_registers.h"
#include "hypervisor/virtio/mmio_transport.h"
#include "hypervisor/virtio/testing/echo_device.h"
#include "hypervisor/virtio/testing/mmio_driver.h"
#include "hypervisor/virtio/testing/ring_builder.h"
#include "virtio-backends/blk/blk_protocol.h"
#include "virtio-backends/blk/disk_image.h"
#include "virtio-backends/blk/testing/temp_file.h"

namespace pvppc::backends::blk {
namespace {

using testing::PatternedSectors;
using testing::TempFile;
using virtio::testing::LevelRecorder;
using virtio::testing::MmioDriver;
using virtio::testing::RingBuilder;
using virtio::testing::TestBuffer;
using virtio::testing::TestRam;

constexpr uint64_t kHeader = 0x10000;
constexpr uint64_t kData = 0x20000;
constexpr uint64_t kStatus = 0x30000;
constexpr uint64_t kIndirectTable = 0x31000;
constexpr uint64_t kSectors = 16;

// Records flushes, and fails them on request.
class RecordingStorage final : public BlockStorage {
 public:
  uint64_t size_bytes() const override { return kSectors * 512; }
  bool read_only() const override { return false; }
  std::string id() const override { return "a-very-long-disk-identifier"; }
  Status read(std::span<const iovec>, uint64_t) override { return {}; }
  Status write(std::span<const iovec>, uint64_t) override { return {}; }
  Status flush() override {
    ++flushes;
    if (fail_flush) return MakeError("disk gone");
    return {};
  }
  int flushes = 0;
  bool fail_flush = false;
};

class VirtioBlkTest : public ::testing::Test {
 protected:
  void Start(BlockStorage& storage) {
    device_.emplace("vda", storage);
    transport_.emplace("virtio-blk0", *device_, ram_.memory(), line_, 2);
    driver_.emplace(*transport_);
    ASSERT_TRUE(driver_->negotiate(virtio::feature::kVersion1 | virtio::feature::kRingIndirectDesc |
                                   kFeatureFlush));
    driver_->setup_queue(0, rings_.config());
    driver_->driver_ok();
    ASSERT_TRUE(transport_->active());
  }
  void OpenImage(bool read_only) {
    Result<DiskImage> image = DiskImage::Open({file_.path(), read_only});
    ASSERT_TRUE(image) << image.error().message;
    image_.emplace(std::move(*image));
    Start(*image_);
  }
  void WriteHeader(uint32_t type, uint64_t sector) {
    ram_.poke<uint32_t>(kHeader, type);
    ram_.poke<uint32_t>(kHeader + 4, 0);
    ram_.poke<uint64_t>(kHeader + 8, sector);
    ram_.poke<uint8_t>(kStatus, 0xEE);
  }
  // Header, data (one or more buffers), status, submitted and completed.
  uint8_t Submit(uint32_t type, uint64_t sector, std::vector<TestBuffer> data,
                 bool indirect = false) {
    WriteHeader(type, sector);
    std::vector<TestBuffer> chain = {{kHeader, 16, false}};
    chain.insert(chain.end(), data.begin(), data.end());
    chain.push_back({kStatus, 1, true});
    const uint16_t head =
        indirect ? rings_.add_indirect_chain(kIndirectTable, chain) : rings_.add_chain(chain);
    rings_.make_available(head);
    driver_->notify(0);
    EXPECT_EQ(rings_.used(static_cast<uint16_t>(rings_.used_index() - 1)).id, head);
    return ram_.peek<uint8_t>(kStatus);
  }
  uint32_t LastUsedLength() {
    return rings_.used(static_cast<uint16_t>(rings_.used_index() - 1)).length;
  }

  TempFile file_{PatternedSectors(kSectors)};
  TestRam ram_{256 * 1024};
  RingBuilder rings_{ram_, 16, 0x1000};
  LevelRecorder line_{2};
  std::optional<DiskImage> image_;
  std::optional<VirtioBlk> device_;
  std::optional<virtio::MmioTransport> transport_;
  std::optional<MmioDriver> driver_;
};

TEST_F(VirtioBlkTest, DescribesTheDisk) {
  OpenImage(/*read_only=*/true);
  EXPECT_EQ(driver_->read32(virtio::mmio::kDeviceId), virtio::device_id::kBlock);
  const uint64_t features = driver_->device_features();
  EXPECT_NE(features & kFeatureReadOnly, 0u);
  EXPECT_NE(features & kFeatureFlush, 0u);
  EXPECT_EQ(driver_->read32(virtio::mmio::kConfig + kConfigCapacity), kSectors);
  EXPECT_EQ(driver_->read32(virtio::mmio::kConfig + kConfigCapacity + 4), 0u);
  EXPECT_EQ(driver_->read32(virtio::mmio::kConfig + kConfigSegMax), VirtioBlk::kQueueSize - 2u);
}

TEST_F(VirtioBlkTest, ReadsSectorsIntoScatteredBuffers) {
  OpenImage(false);
  EXPECT_EQ(Submit(kRequestIn, 3, {{kData, 700, true}, {kData + 0x1000, 324, true}}), kStatusOk);
  EXPECT_EQ(LastUsedLength(), 1025u);
  const std::vector<char> expected = PatternedSectors(kSectors);
  const std::vector<std::byte> first = ram_.peek_bytes(kData, 700);
  const std::vector<std::byte> second = ram_.peek_bytes(kData + 0x1000, 324);
  EXPECT_EQ(0, std::memcmp(first.data(), expected.data() + 3 * 512, 700));
  EXPECT_EQ(0, std::memcmp(second.data(), expected.data() + 3 * 512 + 700, 324));
}

TEST_F(VirtioBlkTest, WritesReachTheFileThroughAnIndirectTable) {
  OpenImage(false);
  ram_.poke_bytes(kData, std::vector<std::byte>(512, std::byte{'w'}));
  EXPECT_EQ(Submit(kRequestOut, kSectors - 1, {{kData, 512, false}}, /*indirect=*/true), kStatusOk);
  EXPECT_EQ(LastUsedLength(), 1u);
  EXPECT_EQ(Submit(kRequestFlush, 0, {}), kStatusOk);
  const std::vector<char> contents = file_.contents();
  EXPECT_EQ(contents[(kSectors - 1) * 512], 'w');
  EXPECT_EQ(contents.back(), 'w');
  EXPECT_EQ(contents[(kSectors - 1) * 512 - 1], PatternedSectors(kSectors)[(kSectors - 1) * 512 - 1]);
}

TEST_F(VirtioBlkTest, RequestsPastTheEndFail) {
  OpenImage(false);
  EXPECT_EQ(Submit(kRequestIn, kSectors, {{kData, 512, true}}), kStatusIoError);
  EXPECT_EQ(Submit(kRequestIn, kSectors - 1, {{kData, 1024, true}}), kStatusIoError);
  EXPECT_EQ(Submit(kRequestOut, ~uint64_t{0}, {{kData, 512, false}}), kStatusIoError);
  EXPECT_EQ(Submit(kRequestOut, ~uint64_t{0} / 512, {{kData, 512, false}}), kStatusIoError);
  EXPECT_EQ(file_.contents(), PatternedSectors(kSectors));
}

TEST_F(VirtioBlkTest, ZeroLengthAndPartialSectorRequestsFail) {
  OpenImage(false);
  EXPECT_EQ(Submit(kRequestIn, 0, {}), kStatusIoError);
  EXPECT_EQ(Submit(kRequestOut, 0, {}), kStatusIoError);
  EXPECT_EQ(Submit(kRequestIn, 0, {{kData, 100, true}}), kStatusIoError);
  EXPECT_EQ(Submit(kRequestOut, 0, {{kData, 513, false}}), kStatusIoError);
}

TEST_F(VirtioBlkTest, WritesToAReadOnlyDiskFail) {
  OpenImage(/*read_only=*/true);
  ram_.poke_bytes(kData, std::vector<std::byte>(512, std::byte{'w'}));
  EXPECT_EQ(Submit(kRequestOut, 0, {{kData, 512, false}}), kStatusIoError);
  EXPECT_EQ(Submit(kRequestIn, 0, {{kData, 512, true}}), kStatusOk);
  EXPECT_EQ(Submit(kRequestFlush, 0, {}), kStatusOk);
  EXPECT_EQ(file_.contents(), PatternedSectors(kSectors));
}

TEST_F(VirtioBlkTest, FlushReportsOkOnlyAfterTheStorageSynced) {
  RecordingStorage storage;
  Start(storage);
  EXPECT_EQ(Submit(kRequestFlush, 0, {}), kStatusOk);
  EXPECT_EQ(storage.flushes, 1);
  storage.fail_flush = true;
  EXPECT_EQ(Submit(kRequestFlush, 0, {}), kStatusIoError);
}

TEST_F(VirtioBlkTest, GetIdWritesTwentyBytes) {
  RecordingStorage storage;
  Start(storage);
  ram_.poke_bytes(kData, std::vector<std::byte>(32, std::byte{0xAA}));
  EXPECT_EQ(Submit(kRequestGetId, 0, {{kData, 20, true}}), kStatusOk);
  EXPECT_EQ(LastUsedLength(), 21u);
  const std::vector<std::byte> id = ram_.peek_bytes(kData, 21);
  EXPECT_EQ(0, std::memcmp(id.data(), "a-very-long-disk-ide", 20));
  EXPECT_EQ(id[20], std::byte{0xAA});
}

TEST_F(VirtioBlkTest, UnknownRequestsAreUnsupported) {
  RecordingStorage storage;
  Start(storage);
  EXPECT_EQ(Submit(11 /* DISCARD */, 0, {{kData, 16, false}}), kStatusUnsupported);
  EXPECT_EQ(Submit(0x12345678, 0, {}), kStatusUnsupported);
}

TEST_F(VirtioBlkTest, AShortHeaderFails) {
  RecordingStorage storage;
  Start(storage);
  rings_.make_available(rings_.add_chain(std::vector<TestBuffer>{{kHeader, 8, false}, {kStatus, 1, true}}));
  driver_->notify(0);
  EXPECT_EQ(ram_.peek<uint8_t>(kStatus), kStatusIoError);
}

TEST_F(VirtioBlkTest, ARequestWithoutAStatusByteStopsTheDevice) {
  RecordingStorage storage;
  Start(storage);
  WriteHeader(kRequestFlush, 0);
  rings_.make_available(rings_.add_chain(std::vector<TestBuffer>{{kHeader, 16, false}}));
  driver_->notify(0);
  EXPECT_NE(driver_->read32(virtio::mmio::kStatus) & virtio::status::kDeviceNeedsReset, 0u);
  EXPECT_NE(transport_->needs_reset_reason().find("status byte"), std::string::npos);
  EXPECT_EQ(storage.flushes, 0);
  EXPECT_TRUE(line_.level);  // the configuration-change interrupt
}

TEST_F(VirtioBlkTest, ServesEveryRequestMadeAvailableBeforeTheKick) {
  OpenImage(false);
  for (uint64_t sector = 0; sector < 4; ++sector) {
    const uint64_t header = kHeader + 16 * sector;
    ram_.poke<uint32_t>(header, kRequestIn);
    ram_.poke<uint64_t>(header + 8, sector);
    rings_.make_available(rings_.add_chain(std::vector<TestBuffer>{
        {header, 16, false}, {kData + sector * 512, 512, true}, {kStatus + sector, 1, true}}));
  }
  driver_->notify(0);
  EXPECT_EQ(rings_.used_index(), 4);
  EXPECT_EQ(device_->requests_completed(), 4u);
  const std::vector<std::byte> data = ram_.peek_bytes(kData, 2048);
  EXPECT_EQ(0, std::memcmp(data.data(), PatternedSectors(4).data(), 2048));
  EXPECT_EQ(driver_->acknowledge_interrupts(), virtio::interrupt::kUsedBuffer);
}

}  // namespace
}  // namespace pvppc::backends::blk
