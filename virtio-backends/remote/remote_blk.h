// The VM's side of a virtio-blk device whose backend is a separate process
// (pvppc-blk; protocol in control_block.h and README.md). To the transport
// it is a VirtioDevice like any other: the description (features,
// configuration space) is the backend's, notifications become doorbells,
// the backend's "used" doorbells become interrupts.
//
// When the backend process dies the transport is told (backend_failed:
// DEVICE_NEEDS_RESET and a configuration-change interrupt, the VM runs on)
// and this object serves the queue itself: every request the backend had
// not completed, and every new one, completes with VIRTIO_BLK_S_IOERR
// (§5.2.6), so the guest sees I/O errors instead of requests that never end.
// A backend that attaches later takes the queue over from where it stands.
//
// The backend completes requests in order, one at a time, so at its death
// the requests it had not completed are exactly the available entries from
// the used ring's index on.
//
// Threads: a watcher thread waits on the VM's doorbell and checks the
// backend's process; everything else runs on the vCPU thread, in the
// VirtioDevice calls and in poll().
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "hypervisor/virtio/mmio_transport.h"
#include "hypervisor/virtio/virtio_device.h"
#include "virtio-backends/remote/control_segment.h"

namespace pvppc::backends::remote {

class RemoteBlk final : public virtio::VirtioDevice {
 public:
  // Creates the channel `name` and waits up to `attach_wait` for the first
  // backend (its description is what the guest will probe). `wake` is
  // called from the watcher thread when poll() has work.
  [[nodiscard]] static Result<std::unique_ptr<RemoteBlk>> Create(
      const std::string& name, const std::string& ram_name, uint64_t ram_bytes,
      std::chrono::milliseconds attach_wait, std::function<void()> wake);
  ~RemoteBlk() override;

  std::string_view name() const override { return name_; }
  uint32_t device_id() const override { return device_id_; }
  uint64_t device_features() const override { return device_features_; }
  uint32_t queue_count() const override { return queue_count_; }
  uint16_t max_queue_size() const override { return max_queue_size_; }
  uint32_t config_size() const override { return config_size_; }
  void read_config(uint32_t offset, std::span<std::byte> out) const override;
  void write_config(uint32_t offset, std::span<const std::byte> in) override;
  [[nodiscard]] Status activate(const virtio::ActiveDevice& active) override;
  void queue_notified(uint32_t index) override;
  void reset() override;

  // On the vCPU thread, once per pass of the run loop: the backend's
  // interrupts, errors, death and (re)attachment.
  void poll(virtio::MmioTransport& transport);

  bool attached() const { return attached_; }
  uint64_t requests_failed() const { return requests_failed_; }

 private:
  RemoteBlk(ControlSegment segment, std::function<void()> wake);
  void watch();
  void publish_state(bool active);
  void take_over(virtio::MmioTransport& transport, const std::string& why);
  void fail_pending(uint32_t index);

  ControlSegment segment_;
  ControlBlock& block_;
  std::function<void()> wake_;
  std::string name_;
  uint32_t device_id_ = 0;
  uint64_t device_features_ = 0;
  uint32_t queue_count_ = 0;
  uint16_t max_queue_size_ = 0;
  uint32_t config_size_ = 0;

  std::optional<virtio::ActiveDevice> active_;
  bool attached_ = false;  // a backend serves the queues (vCPU thread's view)
  int32_t serving_pid_ = 0;
  uint64_t requests_failed_ = 0;

  // Watcher -> vCPU thread.
  std::atomic<int32_t> attached_pid_{0};  // the newest live backend
  std::atomic<bool> stop_{false};
  std::thread watcher_;
};

}  // namespace pvppc::backends::remote
