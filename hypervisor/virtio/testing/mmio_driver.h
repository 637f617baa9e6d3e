// A virtio-mmio driver for tests: register accesses exactly as a big-endian
// guest's readl/writel (lwbrx/stwbrx) reach MmioDevice, and the device
// initialisation sequence of §3.1.1 and §4.2.3.
#pragma once

#include <cstdint>

#include "hypervisor/devices/mmio_device.h"
#include "hypervisor/virtio/testing/ring_builder.h"

namespace pvppc::virtio::testing {

class MmioDriver {
 public:
  explicit MmioDriver(devices::MmioDevice& device) : device_(device) {}

  // readl/writel: the bus hands the device the byte-reversed value of a
  // byte-reversed access, so the register value travels swapped.
  uint32_t read32(uint64_t offset);
  void write32(uint64_t offset, uint32_t value);

  uint64_t device_features();
  // ACKNOWLEDGE, DRIVER, the features, FEATURES_OK; true when FEATURES_OK
  // stuck (§3.1.1 steps 1-6).
  bool negotiate(uint64_t features);
  // QueueSel, QueueNum, the three areas, QueueReady (§4.2.3.2).
  void setup_queue(uint32_t index, const QueueConfig& config);
  void driver_ok();
  void notify(uint32_t queue);
  // Reads InterruptStatus and acknowledges what it saw.
  uint32_t acknowledge_interrupts();

 private:
  devices::MmioDevice& device_;
};

}  // namespace pvppc::virtio::testing
