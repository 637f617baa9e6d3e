// The backend protocol with both ends in one process: RemoteBlk (the VM's
// side) in front of a transport, a BackendServer running VirtioBlk on a
// real image in another thread, requests built in guest memory. A backend
// "death" is a backend_pid that names a process which has exited.
#include "virtio-backends/remote/remote_blk.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "hypervisor/virtio/mmio_registers.h"
#include "hypervisor/virtio/testing/echo_device.h"
#include "hypervisor/virtio/testing/mmio_driver.h"
#include "hypervisor/virtio/testing/ring_builder.h"
#include "virtio-backends/blk/blk_protocol.h"
#include "virtio-backends/blk/disk_image.h"
#include "virtio-backends/blk/testing/temp_file.h"
#include "virtio-backends/blk/virtio_blk.h"
#include "virtio-backends/remote/backend_server.h"

namespace pvppc::backends::remote {
namespace {

using virtio::testing::LevelRecorder;
using virtio::testing::MmioDriver;
using virtio::testing::RingBuilder;
using virtio::testing::TestBuffer;
using virtio::testing::TestRam;

constexpr uint64_t kHeader = 0x10000, kData = 0x20000, kStatus = 0x30000;

int32_t DeadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

class Backend {
 public:
  Backend(TestRam& ram, const std::string& channel, const std::string& path) {
    thread_ = std::thread([this, &ram, channel, path] {
      auto segment = ControlSegment::Open(channel, std::chrono::seconds(5));
      auto image = blk::DiskImage::Open({path, false});
      if (!segment || !image) return;
      blk::VirtioBlk device("vd-test", *image);
      BackendServer server(segment->block(), ram.memory(), device);
      if (!server.attach()) return;
      server.run(stop_);
    });
  }
  ~Backend() { stop(); }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class RemoteBlkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_.emplace(ram_, channel_, file_.path());
    auto remote = RemoteBlk::Create(channel_, "unused-ram", 256 * 1024, std::chrono::seconds(5),
                                    [] {});
    ASSERT_TRUE(remote) << remote.error().message;
    remote_ = std::move(*remote);
    transport_.emplace("virtio-remote", *remote_, ram_.memory(), line_, 2);
    driver_.emplace(*transport_);
    ASSERT_TRUE(driver_->negotiate(virtio::feature::kVersion1));
    driver_->setup_queue(0, rings_.config());
    driver_->driver_ok();
  }
  // Submits a one-sector write and polls (as the VM's run loop does) until
  // it completes; the status byte.
  uint8_t Write(uint64_t sector) {
    ram_.poke<uint32_t>(kHeader, blk::kRequestOut);
    ram_.poke<uint32_t>(kHeader + 4, 0);
    ram_.poke<uint64_t>(kHeader + 8, sector);
    ram_.poke<uint8_t>(kStatus, 0xEE);
    for (int i = 0; i < 512; ++i) ram_.poke<uint8_t>(kData + i, static_cast<uint8_t>(sector + i));
    const uint16_t before = rings_.used_index();
    std::vector<TestBuffer> chain = {{kHeader, 16, false}, {kData, 512, false}, {kStatus, 1, true}};
    rings_.make_available(rings_.add_chain(chain));
    driver_->notify(0);
    for (int i = 0; i < 2000 && rings_.used_index() == before; ++i) {
      remote_->poll(*transport_);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    remote_->poll(*transport_);
    return ram_.peek<uint8_t>(kStatus);
  }
  void WaitForPoll(const std::function<bool()>& done) {
    for (int i = 0; i < 2000 && !done(); ++i) {
      remote_->poll(*transport_);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  std::string channel_ = "pvppc-remote-test-" + std::to_string(::getpid());
  blk::testing::TempFile file_{std::vector<char>(64 * 512)};
  TestRam ram_{256 * 1024};
  RingBuilder rings_{ram_, 16, 0x1000};
  LevelRecorder line_{2};
  std::optional<Backend> backend_;
  std::unique_ptr<RemoteBlk> remote_;
  std::optional<virtio::MmioTransport> transport_;
  std::optional<MmioDriver> driver_;
};

TEST_F(RemoteBlkTest, TheBackendDescribesAndServesTheDisk) {
  EXPECT_EQ(driver_->read32(virtio::mmio::kDeviceId), virtio::device_id::kBlock);
  EXPECT_EQ(Write(3), blk::kStatusOk);
  EXPECT_TRUE(line_.level);
  EXPECT_EQ(static_cast<uint8_t>(file_.contents()[3 * 512 + 1]), 4);
  EXPECT_EQ(Write(5), blk::kStatusOk);
  EXPECT_EQ(rings_.used_index(), 2);
}

TEST_F(RemoteBlkTest, ADeadBackendFailsRequestsAndANewOneTakesOver) {
  ASSERT_EQ(Write(1), blk::kStatusOk);
  backend_->stop();
  auto segment = ControlSegment::Open(channel_, std::chrono::seconds(1));
  ASSERT_TRUE(segment);
  segment->block().backend_pid.store(DeadPid());
  WaitForPoll([&] { return !remote_->attached(); });
  ASSERT_FALSE(remote_->attached());
  EXPECT_NE(transport_->status() & virtio::status::kDeviceNeedsReset, 0u);
  EXPECT_NE(transport_->needs_reset_reason().find("exited"), std::string::npos);
  EXPECT_EQ(Write(2), blk::kStatusIoError);  // served by the VM: an I/O error
  EXPECT_EQ(remote_->requests_failed(), 1u);

  backend_.emplace(ram_, channel_, file_.path());
  WaitForPoll([&] { return remote_->attached(); });
  ASSERT_TRUE(remote_->attached());
  EXPECT_EQ(Write(7), blk::kStatusOk);  // the queue picked up where it stood
  EXPECT_EQ(rings_.used_index(), 3);
  EXPECT_EQ(static_cast<uint8_t>(file_.contents()[7 * 512]), 7);
}

TEST_F(RemoteBlkTest, AChannelInUseByALiveVmIsRefused) {
  // The creating process may replace its own channel; make the owner a
  // live foreign process (our parent) to see the refusal.
  auto segment = ControlSegment::Open(channel_, std::chrono::seconds(1));
  ASSERT_TRUE(segment);
  segment->block().vm_pid = ::getppid();
  auto refused = ControlSegment::Create(channel_, "ram", 4096, 0);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("in use"), std::string::npos);
}

}  // namespace
}  // namespace pvppc::backends::remote
