#include "hypervisor/virtio/testing/mmio_driver.h"

#include <cstdlib>

#include "hypervisor/virtio/mmio_registers.h"
#include "hypervisor/virtio/virtio_constants.h"

namespace pvppc::virtio::testing {

uint32_t MmioDriver::read32(uint64_t offset) {
  uint32_t value = 0;
  if (!device_.read(offset, 4, value)) std::abort();
  return __builtin_bswap32(value);
}

void MmioDriver::write32(uint64_t offset, uint32_t value) {
  if (!device_.write(offset, 4, __builtin_bswap32(value))) std::abort();
}

uint64_t MmioDriver::device_features() {
  write32(mmio::kDeviceFeaturesSel, 0);
  const uint64_t low = read32(mmio::kDeviceFeatures);
  write32(mmio::kDeviceFeaturesSel, 1);
  return low | (uint64_t{read32(mmio::kDeviceFeatures)} << 32);
}

bool MmioDriver::negotiate(uint64_t features) {
  write32(mmio::kStatus, 0);
  write32(mmio::kStatus, status::kAcknowledge);
  write32(mmio::kStatus, status::kAcknowledge | status::kDriver);
  write32(mmio::kDriverFeaturesSel, 0);
  write32(mmio::kDriverFeatures, static_cast<uint32_t>(features));
  write32(mmio::kDriverFeaturesSel, 1);
  write32(mmio::kDriverFeatures, static_cast<uint32_t>(features >> 32));
  write32(mmio::kStatus, status::kAcknowledge | status::kDriver | status::kFeaturesOk);
  return (read32(mmio::kStatus) & status::kFeaturesOk) != 0;
}

void MmioDriver::setup_queue(uint32_t index, const QueueConfig& config) {
  write32(mmio::kQueueSel, index);
  write32(mmio::kQueueNum, config.size);
  write32(mmio::kQueueDescLow, static_cast<uint32_t>(config.descriptor_table));
  write32(mmio::kQueueDescHigh, static_cast<uint32_t>(config.descriptor_table >> 32));
  write32(mmio::kQueueDriverLow, static_cast<uint32_t>(config.available_ring));
  write32(mmio::kQueueDriverHigh, static_cast<uint32_t>(config.available_ring >> 32));
  write32(mmio::kQueueDeviceLow, static_cast<uint32_t>(config.used_ring));
  write32(mmio::kQueueDeviceHigh, static_cast<uint32_t>(config.used_ring >> 32));
  write32(mmio::kQueueReady, 1);
}

void MmioDriver::driver_ok() {
  write32(mmio::kStatus, read32(mmio::kStatus) | status::kDriverOk);
}

void MmioDriver::notify(uint32_t queue) { write32(mmio::kQueueNotify, queue); }

uint32_t MmioDriver::acknowledge_interrupts() {
  const uint32_t pending = read32(mmio::kInterruptStatus);
  write32(mmio::kInterruptAck, pending);
  return pending;
}

}  // namespace pvppc::virtio::testing
