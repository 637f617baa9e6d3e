// A virtio device type (block, network, ...) as the transport sees it, and
// what the device sees of the transport while it runs.
//
// The split follows the spec's: the device type defines features, a
// configuration layout and what its queues carry (§5); the transport
// (virtio-mmio, §4.2) carries status, feature negotiation, queue setup and
// notifications. A device never sees MMIO registers; a transport never
// parses requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "hypervisor/common/result.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/virtqueue.h"

namespace pvppc::virtio {

// Implemented by the transport for the device it carries.
class DeviceEvents {
 public:
  virtual ~DeviceEvents() = default;
  // The device added used buffers to `queue`: interrupt the driver if the
  // queue's suppression rules let it through (§2.7.7, §2.7.10).
  virtual void used_buffers(Virtqueue& queue) = 0;
  // The device's configuration space changed (§2.5.1, §4.2.2
  // ConfigGeneration).
  virtual void config_changed() = 0;
  // The device cannot go on: the guest broke a rule, or the backend failed
  // or died. Sets DEVICE_NEEDS_RESET and tells the driver (§2.1.2); the
  // device is deactivated until the driver resets it.
  virtual void needs_reset(std::string_view reason) = 0;
};

// What an active device works with, valid from activate() until reset().
struct ActiveDevice {
  uint64_t features = 0;  // negotiated: the driver's accepted subset
  std::span<Virtqueue> queues;
  memory::GuestMemory& memory;
  DeviceEvents& events;
};

class VirtioDevice {
 public:
  virtual ~VirtioDevice() = default;
  virtual std::string_view name() const = 0;
  virtual uint32_t device_id() const = 0;
  // Device-type feature bits (bits 0-23, §6); the transport adds the
  // reserved ones it implements (VERSION_1, INDIRECT_DESC, EVENT_IDX).
  virtual uint64_t device_features() const = 0;
  virtual uint32_t queue_count() const = 0;
  // A power of two, 1 to 32768.
  virtual uint16_t max_queue_size() const = 0;

  // Device-specific configuration space (§2.5): its little-endian byte
  // image. Accesses are inside [0, config_size()); the transport checks.
  virtual uint32_t config_size() const = 0;
  virtual void read_config(uint32_t offset, std::span<std::byte> out) const = 0;
  virtual void write_config(uint32_t offset, std::span<const std::byte> in) = 0;

  // The driver set DRIVER_OK (§3.1.1 step 8). An error (for example a
  // backend that cannot start) makes the transport set DEVICE_NEEDS_RESET.
  [[nodiscard]] virtual Status activate(const ActiveDevice& active) = 0;
  // The driver notified queue `index` (< queue_count(), enabled) while the
  // device was active (§2.9, virtio-mmio QueueNotify).
  virtual void queue_notified(uint32_t index) = 0;
  // Device reset (§2.4): forget the ActiveDevice and any request in flight.
  virtual void reset() = 0;
};

}  // namespace pvppc::virtio
