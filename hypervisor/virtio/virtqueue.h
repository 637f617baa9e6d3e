// The device side of one split virtqueue (virtio 1.x §2.7): the driver's
// configuration as the transport received it, the next available entry to
// take, and the used ring the device fills.
//
// Ring fields are little-endian (§2.4) and reached only through
// GuestMemory's checked accessors. Anything the guest got wrong (a ring
// outside RAM, an available index that runs more than a queue ahead, a bad
// descriptor chain) is returned as an error; the caller then stops the
// device (DEVICE_NEEDS_RESET), never the host.
//
// Notification suppression (§2.7.7, §2.7.10): without VIRTIO_F_EVENT_IDX the
// device honours VIRTQ_AVAIL_F_NO_INTERRUPT; with it, the device publishes
// avail_event each time it finds the ring empty (so the driver kicks for the
// next buffer and not before) and interrupts only when used_event says the
// driver asked to hear about the used entries added since the last
// interrupt (`vring_need_event`).
//
// Single-threaded: the vCPU thread, or a backend thread that owns the queue
// while the device is active. Fences order ring accesses against a guest
// running on another host thread.
#pragma once

#include <cstdint>
#include <optional>

#include "hypervisor/common/result.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/descriptor_chain.h"
#include "hypervisor/virtio/virtio_constants.h"

namespace pvppc::virtio {

// What the driver wrote through the transport (virtio-mmio QueueNum,
// QueueDesc, QueueDriver, QueueDevice; §4.2.2).
struct QueueConfig {
  uint16_t size = 0;
  uint64_t descriptor_table = 0;  // "Descriptor Area"
  uint64_t available_ring = 0;    // "Driver Area"
  uint64_t used_ring = 0;         // "Device Area"
};

// §2.7.7.2's event rule, exactly as the spec gives it: true when the
// driver's event index lies in [old_idx, new_idx), modulo 2^16.
inline bool VringNeedEvent(uint16_t event_idx, uint16_t new_idx, uint16_t old_idx) {
  return static_cast<uint16_t>(new_idx - event_idx - 1) < static_cast<uint16_t>(new_idx - old_idx);
}

class Virtqueue {
 public:
  // `max_size` is what QueueNumMax reports: a power of two, 1 to 32768.
  Virtqueue(memory::GuestMemory& memory, uint16_t max_size);

  uint16_t max_size() const { return max_size_; }
  const QueueConfig& config() const { return config_; }
  bool enabled() const { return enabled_; }

  // Configuration, while the queue is disabled (the transport ignores writes
  // after QueueReady, §4.2.3.2). The size starts at max_size (§4.2.2).
  QueueConfig& mutable_config() { return config_; }

  // Checks the configuration against guest RAM and the spec's size and
  // alignment rules (§2.7, §2.7.2) and starts the queue with the features
  // the driver accepted. An error leaves the queue disabled.
  [[nodiscard]] Status enable(bool event_index, bool indirect_descriptors);
  // Stops the queue, keeping its configuration (QueueReady = 0, §4.2.2).
  void disable() { enabled_ = false; }
  // Back to the state after construction (device reset, §2.1.2 and §4.2.3.1).
  void reset();

  // The next available chain, std::nullopt when the ring is empty, or the
  // guest's error. With event index the empty case also publishes
  // avail_event (and looks again, so a buffer made available meanwhile is
  // not missed).
  [[nodiscard]] Result<std::optional<DescriptorChain>> pop();
  // Returns chain `head` to the driver with `written` bytes written into its
  // device-writable buffers (§2.7.8.2).
  [[nodiscard]] Status push_used(uint16_t head, uint32_t written);
  // Whether the driver wants an interrupt for the used entries added since
  // the last time this returned true (§2.7.7.2, §2.7.10). Call once after a
  // batch of push_used.
  [[nodiscard]] bool needs_interrupt();

  // Hands an enabled queue from one device implementation to another (a
  // backend process that attached or went away): the next available entry
  // to take and the next used entry to fill. The interrupt bookkeeping
  // starts afresh, so the next needs_interrupt() errs towards interrupting.
  void resume_at(uint16_t next_available, uint16_t next_used) {
    next_available_ = next_available;
    next_used_ = next_used;
    signalled_used_.reset();
  }

  uint16_t next_available() const { return next_available_; }
  uint16_t next_used() const { return next_used_; }

 private:
  uint64_t available_index_address() const { return config_.available_ring + 2; }
  uint64_t used_event_address() const { return config_.available_ring + 4 + 2ull * config_.size; }
  uint64_t used_index_address() const { return config_.used_ring + 2; }
  uint64_t avail_event_address() const {
    return config_.used_ring + 4 + ring::kUsedElementSize * config_.size;
  }
  // Available chains not yet taken, or the guest's error.
  Result<uint16_t> pending() const;
  [[nodiscard]] Status publish_avail_event();

  memory::GuestMemory& memory_;
  uint16_t max_size_;
  QueueConfig config_;
  bool enabled_ = false;
  bool event_index_ = false;
  bool indirect_ = false;
  uint16_t next_available_ = 0;
  uint16_t next_used_ = 0;
  // The used index at the last interrupt; unset until the first (§2.7.10).
  std::optional<uint16_t> signalled_used_;
};

}  // namespace pvppc::virtio
