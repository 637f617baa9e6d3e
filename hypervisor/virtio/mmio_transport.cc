#include "hypervisor/virtio/mmio_transport.h"

#include <cstddef>

#include "hypervisor/virtio/mmio_registers.h"
#include "hypervisor/virtio/virtio_constants.h"

namespace pvppc::virtio {
namespace {

constexpr uint32_t kDriverStatusBits = status::kAcknowledge | status::kDriver |
                                       status::kFeaturesOk | status::kDriverOk | status::kFailed;

uint32_t Low(uint64_t value) { return static_cast<uint32_t>(value); }
uint32_t High(uint64_t value) { return static_cast<uint32_t>(value >> 32); }
uint64_t WithLow(uint64_t value, uint32_t low) { return (value & ~0xFFFFFFFFull) | low; }
uint64_t WithHigh(uint64_t value, uint32_t high) {
  return (value & 0xFFFFFFFFull) | (uint64_t{high} << 32);
}

}  // namespace

MmioTransport::MmioTransport(std::string name, VirtioDevice& device, memory::GuestMemory& memory,
                             irq::InterruptSink& interrupt, uint32_t interrupt_line)
    : name_(std::move(name)),
      device_(device),
      memory_(memory),
      interrupt_(interrupt),
      interrupt_line_(interrupt_line) {
  queues_.reserve(device.queue_count());
  for (uint32_t i = 0; i < device.queue_count(); ++i) {
    queues_.emplace_back(memory, device.max_queue_size());
  }
}

bool MmioTransport::active() const {
  return (status_ & status::kDriverOk) != 0 &&
         ((status_ & status::kDeviceNeedsReset) == 0 || serve_despite_reset_);
}

bool MmioTransport::read(uint64_t offset, uint32_t size, uint32_t& value) {
  if (offset < mmio::kConfig) {
    if (size != 4 || offset % 4 != 0) return false;
    value = __builtin_bswap32(read_register(offset));
    return true;
  }
  if (offset >= mmio::kWindowSize || (size != 1 && size != 2 && size != 4) ||
      offset % size != 0) {
    return false;
  }
  const uint32_t config_offset = static_cast<uint32_t>(offset - mmio::kConfig);
  std::byte bytes[4] = {};
  if (config_offset + size <= device_.config_size()) {
    device_.read_config(config_offset, std::span(bytes, size));
  } else {
    ignore();
  }
  value = 0;
  for (uint32_t i = 0; i < size; ++i) value = (value << 8) | uint32_t(bytes[i]);
  return true;
}

bool MmioTransport::write(uint64_t offset, uint32_t size, uint32_t value) {
  if (offset < mmio::kConfig) {
    if (size != 4 || offset % 4 != 0) return false;
    write_register(offset, __builtin_bswap32(value));
    return true;
  }
  if (offset >= mmio::kWindowSize || (size != 1 && size != 2 && size != 4) ||
      offset % size != 0) {
    return false;
  }
  const uint32_t config_offset = static_cast<uint32_t>(offset - mmio::kConfig);
  if (config_offset + size > device_.config_size()) {
    ignore();
    return true;
  }
  std::byte bytes[4];
  for (uint32_t i = 0; i < size; ++i) bytes[i] = std::byte(value >> (8 * (size - 1 - i)));
  device_.write_config(config_offset, std::span(bytes, size));
  return true;
}

uint32_t MmioTransport::read_register(uint64_t offset) {
  const Virtqueue* queue = selected_queue();
  switch (offset) {
    case mmio::kMagicValue: return mmio::kMagic;
    case mmio::kVersion: return mmio::kVersion2;
    case mmio::kDeviceId: return device_.device_id();
    case mmio::kVendorId: return mmio::kPvppcVendorId;
    case mmio::kDeviceFeatures:
      return device_features_select_ == 0   ? Low(offered_features())
             : device_features_select_ == 1 ? High(offered_features())
                                            : 0;
    // 0 tells the driver the selected queue does not exist (§4.2.2).
    case mmio::kQueueNumMax: return queue != nullptr ? queue->max_size() : 0;
    case mmio::kQueueReady: return queue != nullptr && queue->enabled() ? 1 : 0;
    case mmio::kInterruptStatus: return interrupt_status_;
    case mmio::kStatus: return status_;
    // No shared memory regions: a length of all ones means "no region"
    // (§4.2.2, SHMLenLow/High).
    case mmio::kShmLenLow:
    case mmio::kShmLenHigh:
    case mmio::kShmBaseLow:
    case mmio::kShmBaseHigh: return 0xFFFFFFFF;
    case mmio::kConfigGeneration: return config_generation_;
    default: ignore(); return 0;
  }
}

void MmioTransport::write_register(uint64_t offset, uint32_t value) {
  switch (offset) {
    case mmio::kDeviceFeaturesSel: device_features_select_ = value; return;
    case mmio::kDriverFeaturesSel: driver_features_select_ = value; return;
    case mmio::kDriverFeatures: write_driver_features(value); return;
    // Any value is accepted; a selector past the last queue makes the queue
    // registers read 0 and ignore writes.
    case mmio::kQueueSel: queue_select_ = value; return;
    case mmio::kQueueNum:
    case mmio::kQueueDescLow:
    case mmio::kQueueDescHigh:
    case mmio::kQueueDriverLow:
    case mmio::kQueueDriverHigh:
    case mmio::kQueueDeviceLow:
    case mmio::kQueueDeviceHigh: write_queue_config(offset, value); return;
    case mmio::kQueueReady: write_queue_ready(value); return;
    case mmio::kQueueNotify: notify_queue(value); return;
    case mmio::kInterruptAck:
      interrupt_status_ &= ~value;
      update_line();
      return;
    case mmio::kStatus: write_status(value); return;
    case mmio::kShmSel: return;
    default: ignore(); return;  // read-only or unknown
  }
}

void MmioTransport::write_driver_features(uint32_t value) {
  // Features are negotiated between DRIVER and FEATURES_OK (§3.1.1 steps 4-5).
  if ((status_ & status::kDriver) == 0 || (status_ & status::kFeaturesOk) != 0 ||
      driver_features_select_ > 1) {
    ignore();
    return;
  }
  driver_features_ = driver_features_select_ == 0 ? WithLow(driver_features_, value)
                                                  : WithHigh(driver_features_, value);
}

void MmioTransport::write_status(uint32_t value) {
  if (value == 0) {
    reset_device();
    return;
  }
  const uint32_t current = status_ & kDriverStatusBits;
  // DEVICE_NEEDS_RESET belongs to the device: a driver that writes back what
  // it read (Linux's virtio_add_status) neither sets nor clears it.
  uint32_t requested = value & kDriverStatusBits;
  // The driver never clears a bit except by reset (§2.1.2).
  if ((current & ~requested) != 0 ||
      (value & ~(kDriverStatusBits | status::kDeviceNeedsReset)) != 0) {
    ignore();
    return;
  }
  const uint32_t added = requested & ~current;
  if (added & status::kFeaturesOk) {
    const bool subset = (driver_features_ & ~offered_features()) == 0;
    const bool modern = (driver_features_ & feature::kVersion1) != 0;
    // A rejected negotiation leaves FEATURES_OK clear for the driver to
    // read back (§3.1.1 step 6); a legacy driver ends here.
    if (!(requested & status::kDriver) || !subset || !modern) requested &= ~status::kFeaturesOk;
  }
  if ((added & status::kDriverOk) && !(requested & status::kFeaturesOk)) {
    requested &= ~status::kDriverOk;
  }
  status_ = (status_ & status::kDeviceNeedsReset) | requested;
  if ((added & status::kDriverOk) && (requested & status::kDriverOk) &&
      !(status_ & status::kDeviceNeedsReset)) {
    const Status activated = device_.activate(ActiveDevice{driver_features_, queues_, memory_, *this});
    if (!activated) needs_reset(activated.error().message);
  }
}

Virtqueue* MmioTransport::selected_queue() {
  return queue_select_ < queues_.size() ? &queues_[queue_select_] : nullptr;
}

void MmioTransport::write_queue_config(uint64_t offset, uint32_t value) {
  Virtqueue* queue = selected_queue();
  // Queue setup happens while the queue is not ready (§4.2.3.2).
  if (queue == nullptr || queue->enabled()) {
    ignore();
    return;
  }
  QueueConfig& config = queue->mutable_config();
  switch (offset) {
    case mmio::kQueueNum:
      // Checked against QueueNumMax when the queue is enabled.
      config.size = value > 0xFFFF ? 0 : static_cast<uint16_t>(value);
      return;
    case mmio::kQueueDescLow: config.descriptor_table = WithLow(config.descriptor_table, value); return;
    case mmio::kQueueDescHigh: config.descriptor_table = WithHigh(config.descriptor_table, value); return;
    case mmio::kQueueDriverLow: config.available_ring = WithLow(config.available_ring, value); return;
    case mmio::kQueueDriverHigh: config.available_ring = WithHigh(config.available_ring, value); return;
    case mmio::kQueueDeviceLow: config.used_ring = WithLow(config.used_ring, value); return;
    case mmio::kQueueDeviceHigh: config.used_ring = WithHigh(config.used_ring, value); return;
  }
}

void MmioTransport::write_queue_ready(uint32_t value) {
  Virtqueue* queue = selected_queue();
  if (queue == nullptr) {
    ignore();
    return;
  }
  if (value == 0) {
    queue->disable();
    return;
  }
  if (queue->enabled()) return;
  // The ring format depends on the negotiated features (§2.7.10).
  if ((status_ & status::kFeaturesOk) == 0) {
    ignore();
    return;
  }
  const Status enabled = queue->enable((driver_features_ & feature::kRingEventIdx) != 0,
                                       (driver_features_ & feature::kRingIndirectDesc) != 0);
  if (!enabled) needs_reset("queue " + std::to_string(queue_select_) + ": " + enabled.error().message);
}

void MmioTransport::notify_queue(uint32_t index) {
  if (!active() || index >= queues_.size() || !queues_[index].enabled()) {
    ignore();
    return;
  }
  device_.queue_notified(index);
}

void MmioTransport::reset_device() {
  device_.reset();
  for (Virtqueue& queue : queues_) queue.reset();
  status_ = 0;
  device_features_select_ = 0;
  driver_features_select_ = 0;
  driver_features_ = 0;
  queue_select_ = 0;
  interrupt_status_ = 0;
  needs_reset_reason_.clear();
  serve_despite_reset_ = false;
  update_line();
}

void MmioTransport::used_buffers(Virtqueue& queue) {
  if (active() && queue.needs_interrupt()) raise_interrupt(interrupt::kUsedBuffer);
}

void MmioTransport::config_changed() {
  ++config_generation_;
  if (status_ & status::kDriverOk) raise_interrupt(interrupt::kConfigChange);
}

void MmioTransport::needs_reset(std::string_view reason) {
  const bool serving = serve_despite_reset_;
  serve_despite_reset_ = false;  // a broken guest stops the device in any case
  if (serving) needs_reset_reason_ = std::string(reason);
  if (status_ & status::kDeviceNeedsReset) return;
  status_ |= status::kDeviceNeedsReset;
  needs_reset_reason_ = std::string(reason);
  // §2.1.2: with DRIVER_OK set, the device sends a configuration change
  // notification after setting DEVICE_NEEDS_RESET.
  if (status_ & status::kDriverOk) raise_interrupt(interrupt::kConfigChange);
}

void MmioTransport::signal_used_buffers() {
  if (active()) raise_interrupt(interrupt::kUsedBuffer);
}

void MmioTransport::backend_failed(std::string_view reason) {
  const bool already = (status_ & status::kDeviceNeedsReset) != 0;
  if (already && !serve_despite_reset_) return;  // the guest's own error stands
  serve_despite_reset_ = true;
  needs_reset_reason_ = std::string(reason);
  status_ |= status::kDeviceNeedsReset;
  if (!already && (status_ & status::kDriverOk)) raise_interrupt(interrupt::kConfigChange);
}

void MmioTransport::raise_interrupt(uint32_t bits) {
  interrupt_status_ |= bits;
  update_line();
}

void MmioTransport::update_line() {
  const bool asserted = interrupt_status_ != 0;
  if (asserted == line_asserted_) return;
  line_asserted_ = asserted;
  interrupt_.set_line(interrupt_line_, asserted);
}

}  // namespace pvppc::virtio
