// A virtio-blk device (virtio 1.x §5.2) over a BlockStorage: one request
// queue, requests served synchronously when the driver notifies.
//
// Requests (§5.2.6): IN, OUT, FLUSH and GET_ID; any other type completes
// with UNSUPP. IOERR for: a range past the end of the disk (or straddling
// it), a zero-length or non-sector-multiple IN/OUT, an OUT to a read-only
// disk, a header shorter than 16 bytes, and any host I/O error. FLUSH
// writes its status only after BlockStorage::flush (fdatasync) returned, so
// a guest that sees OK has its data on stable storage.
//
// A chain with no device-writable byte for the status cannot be completed
// at all: the guest broke the protocol, and the device asks for a reset
// (DeviceEvents::needs_reset) and stops.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hypervisor/virtio/descriptor_chain.h"
#include "hypervisor/virtio/virtio_device.h"
#include "virtio-backends/blk/block_storage.h"

namespace pvppc::backends::blk {

class VirtioBlk final : public virtio::VirtioDevice {
 public:
  static constexpr uint16_t kQueueSize = 128;

  // `storage` must outlive the device.
  VirtioBlk(std::string name, BlockStorage& storage);

  std::string_view name() const override { return name_; }
  uint32_t device_id() const override;
  uint64_t device_features() const override;
  uint32_t queue_count() const override { return 1; }
  uint16_t max_queue_size() const override { return kQueueSize; }
  uint32_t config_size() const override;
  void read_config(uint32_t offset, std::span<std::byte> out) const override;
  void write_config(uint32_t offset, std::span<const std::byte> in) override;
  [[nodiscard]] Status activate(const virtio::ActiveDevice& active) override;
  void queue_notified(uint32_t index) override;
  void reset() override { active_.reset(); }

  uint64_t capacity_sectors() const { return storage_.size_bytes() / 512; }
  uint64_t requests_completed() const { return requests_completed_; }

 private:
  struct Completion {
    uint8_t status;
    uint32_t data_written;  // bytes written into the guest before the status
  };
  Completion execute(const virtio::DescriptorChain& chain, uint64_t data_out_bytes);
  Completion transfer(const virtio::DescriptorChain& chain, bool in, uint64_t sector,
                      uint64_t data_bytes);
  Completion get_id(const virtio::DescriptorChain& chain, uint64_t data_out_bytes);
  void stop(std::string reason);

  std::string name_;
  BlockStorage& storage_;
  std::optional<virtio::ActiveDevice> active_;
  uint64_t requests_completed_ = 0;
};

}  // namespace pvppc::backends::blk
