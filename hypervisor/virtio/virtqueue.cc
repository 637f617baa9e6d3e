#include "hypervisor/virtio/virtqueue.h"

#include <atomic>
#include <string>

#include "hypervisor/virtio/guest_le.h"

namespace pvppc::virtio {
namespace {

bool IsPowerOfTwo(uint32_t value) { return value != 0 && (value & (value - 1)) == 0; }

Status CheckArea(const memory::GuestMemory& memory, const char* name, uint64_t address,
                 uint64_t length, uint64_t alignment) {
  if (address % alignment != 0) {
    return MakeError(std::string(name) + " at " + std::to_string(address) +
                     " is not aligned to " + std::to_string(alignment) + " bytes (§2.7.2)");
  }
  if (!memory.contains(address, length)) {
    return MakeError(std::string(name) + " at " + std::to_string(address) +
                     " lies outside guest RAM");
  }
  return {};
}

}  // namespace

Virtqueue::Virtqueue(memory::GuestMemory& memory, uint16_t max_size)
    : memory_(memory), max_size_(max_size) {
  reset();
}

void Virtqueue::reset() {
  config_ = QueueConfig{};
  config_.size = max_size_;
  enabled_ = false;
  event_index_ = false;
  indirect_ = false;
  next_available_ = 0;
  next_used_ = 0;
  signalled_used_.reset();
}

Status Virtqueue::enable(bool event_index, bool indirect_descriptors) {
  const uint32_t size = config_.size;
  if (!IsPowerOfTwo(size) || size > max_size_) {
    return MakeError("queue size " + std::to_string(size) +
                     " is not a power of two no larger than " + std::to_string(max_size_));
  }
  // Each area with its optional event field (§2.7, table "Virtqueue Part
  // Sizes"); the event fields are checked even when event index is off.
  if (Status s = CheckArea(memory_, "descriptor table", config_.descriptor_table,
                           ring::kDescriptorSize * size, ring::kDescriptorTableAlign);
      !s) {
    return s;
  }
  if (Status s = CheckArea(memory_, "available ring", config_.available_ring, 6 + 2ull * size,
                           ring::kAvailableRingAlign);
      !s) {
    return s;
  }
  if (Status s = CheckArea(memory_, "used ring", config_.used_ring,
                           6 + ring::kUsedElementSize * size, ring::kUsedRingAlign);
      !s) {
    return s;
  }
  // The device starts where a fresh ring starts: the driver initialised the
  // used ring to zero (§2.7.13.1 and §4.2.3.2 step 5).
  event_index_ = event_index;
  indirect_ = indirect_descriptors;
  next_available_ = 0;
  next_used_ = 0;
  signalled_used_.reset();
  enabled_ = true;
  return {};
}

Result<uint16_t> Virtqueue::pending() const {
  uint16_t available_index = 0;
  if (!ReadGuestLe(memory_, available_index_address(), available_index)) {
    return MakeError("available ring index is outside guest RAM");
  }
  // Read the ring entries only after the index that publishes them (§2.7.13.3).
  std::atomic_thread_fence(std::memory_order_acquire);
  const uint16_t count = static_cast<uint16_t>(available_index - next_available_);
  if (count > config_.size) {
    return MakeError("available index " + std::to_string(available_index) + " is " +
                     std::to_string(count) + " entries ahead of the device, more than the queue of " +
                     std::to_string(config_.size));
  }
  return count;
}

Status Virtqueue::publish_avail_event() {
  if (!WriteGuestLe<uint16_t>(memory_, avail_event_address(), next_available_)) {
    return MakeError("used ring's avail_event is outside guest RAM");
  }
  // The driver must see avail_event before we look at its index again.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  return {};
}

Result<std::optional<DescriptorChain>> Virtqueue::pop() {
  if (!enabled_) return std::optional<DescriptorChain>();
  Result<uint16_t> count = pending();
  if (!count) return tl::unexpected(count.error());
  if (*count == 0 && event_index_) {
    if (Status s = publish_avail_event(); !s) return tl::unexpected(s.error());
    count = pending();
    if (!count) return tl::unexpected(count.error());
  }
  if (*count == 0) return std::optional<DescriptorChain>();

  const uint64_t slot = config_.available_ring + 4 + 2ull * (next_available_ % config_.size);
  uint16_t head = 0;
  if (!ReadGuestLe(memory_, slot, head)) return MakeError("available ring is outside guest RAM");
  Result<DescriptorChain> chain = ReadDescriptorChain(
      memory_, DescriptorTableInfo{config_.descriptor_table, config_.size, indirect_}, head);
  if (!chain) return tl::unexpected(chain.error());
  ++next_available_;
  return std::optional<DescriptorChain>(std::move(*chain));
}

Status Virtqueue::push_used(uint16_t head, uint32_t written) {
  if (!enabled_) return MakeError("used buffer returned to a disabled queue");
  const uint64_t element =
      config_.used_ring + 4 + ring::kUsedElementSize * (next_used_ % config_.size);
  if (!WriteGuestLe<uint32_t>(memory_, element, head) ||
      !WriteGuestLe<uint32_t>(memory_, element + 4, written)) {
    return MakeError("used ring is outside guest RAM");
  }
  // The element must be visible before the index that publishes it (§2.7.8.2).
  std::atomic_thread_fence(std::memory_order_release);
  ++next_used_;
  if (!WriteGuestLe<uint16_t>(memory_, used_index_address(), next_used_)) {
    return MakeError("used ring index is outside guest RAM");
  }
  return {};
}

bool Virtqueue::needs_interrupt() {
  if (!enabled_) return false;
  // The used index must be visible before we read the driver's wishes.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (!event_index_) {
    uint16_t flags = 0;
    // An unreadable flags field was ruled out by enable(); interrupting is
    // the safe answer regardless.
    if (!ReadGuestLe(memory_, config_.available_ring, flags)) return true;
    return (flags & ring::kAvailFlagNoInterrupt) == 0;
  }
  const std::optional<uint16_t> old_used = signalled_used_;
  signalled_used_ = next_used_;
  if (!old_used) return true;
  uint16_t used_event = 0;
  if (!ReadGuestLe(memory_, used_event_address(), used_event)) return true;
  return VringNeedEvent(used_event, next_used_, *old_used);
}

}  // namespace pvppc::virtio
