// A virtio-net device skeleton (virtio 1.x §5.1): one receive and one
// transmit queue, a MAC address and link status, no offloads and no
// mergeable receive buffers, frames exchanged with a NetBackend.
//
// Transmit (§5.1.6.2): each chain's readable bytes are a 12-byte
// virtio_net_hdr and a frame; the frame goes to the backend and the chain
// returns with length 0. Receive (§5.1.6.3): deliver() fills one receive
// chain with a zero header (num_buffers = 1) and the frame. Frames that do
// not fit (a chain too short for a header, a frame longer than the buffers
// or than kMaxFrameBytes) are dropped and counted, as a NIC drops them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "hypervisor/virtio/virtio_device.h"
#include "virtio-backends/net/net_backend.h"

namespace pvppc::backends::net {

using MacAddress = std::array<uint8_t, 6>;

class VirtioNet final : public virtio::VirtioDevice {
 public:
  static constexpr uint16_t kQueueSize = 256;

  // `backend` must outlive the device.
  VirtioNet(std::string name, MacAddress mac, NetBackend& backend);

  std::string_view name() const override { return name_; }
  uint32_t device_id() const override;
  uint64_t device_features() const override;
  uint32_t queue_count() const override { return 2; }
  uint16_t max_queue_size() const override { return kQueueSize; }
  uint32_t config_size() const override;
  void read_config(uint32_t offset, std::span<std::byte> out) const override;
  void write_config(uint32_t, std::span<const std::byte>) override {}
  [[nodiscard]] Status activate(const virtio::ActiveDevice& active) override;
  void queue_notified(uint32_t index) override;
  void reset() override { active_.reset(); }

  // A frame from the backend for the guest. True when a receive buffer took
  // it (delivered, or dropped because it did not fit); false when the device
  // is not active or the guest has no receive buffer posted: the caller
  // keeps the frame and retries later, or drops it.
  [[nodiscard]] bool deliver(std::span<const std::byte> frame);

  uint64_t frames_sent() const { return frames_sent_; }
  uint64_t frames_received() const { return frames_received_; }
  uint64_t frames_dropped() const { return frames_dropped_; }

 private:
  void transmit();
  void stop(std::string reason);

  std::string name_;
  MacAddress mac_;
  NetBackend& backend_;
  std::optional<virtio::ActiveDevice> active_;
  uint64_t frames_sent_ = 0;
  uint64_t frames_received_ = 0;
  uint64_t frames_dropped_ = 0;
};

}  // namespace pvppc::backends::net
