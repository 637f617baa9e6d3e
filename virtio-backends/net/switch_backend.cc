#include "virtio-backends/net/switch_backend.h"

#include <algorithm>
#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <cstring>

namespace pvppc::backends::net {

namespace {

constexpr size_t kEthernetHeaderBytes = 14;

// An address as 48 bits in a uint64_t (0 is never a station's address).
uint64_t AddressAt(std::span<const std::byte> frame, size_t offset) {
  uint64_t value = 0;
  for (size_t i = 0; i < 6; ++i) value = value << 8 | std::to_integer<uint64_t>(frame[offset + i]);
  return value;
}

// IEEE 802.3 §3.2.3: the first bit on the wire (the low bit of the first
// byte) marks a group address; broadcast is the all-ones group.
bool IsGroupAddress(std::span<const std::byte> frame, size_t offset) {
  return (std::to_integer<uint8_t>(frame[offset]) & 1) != 0;
}

}  // namespace

Result<std::unique_ptr<SwitchBackend>> SwitchBackend::Create(const std::string& name,
                                                             std::function<void()> wake) {
  Result<std::unique_ptr<SwitchSegment>> segment = SwitchSegment::Join(name);
  if (!segment) return tl::unexpected(segment.error());
  std::unique_ptr<SwitchBackend> backend(new SwitchBackend(std::move(*segment), std::move(wake)));
  backend->watcher_ = std::thread([raw = backend.get()] { raw->watch(); });
  return backend;
}

SwitchBackend::SwitchBackend(std::unique_ptr<SwitchSegment> segment, std::function<void()> wake)
    : segment_(std::move(segment)), wake_(std::move(wake)) {}

SwitchBackend::~SwitchBackend() {
  stop_ = true;
  if (watcher_.joinable()) {
    segment_->layout().port[port()].doorbell.post();
    watcher_.join();
  }
}

MacAddress SwitchBackend::mac() const {
  return {0x52, 0x54, 0x00, 0x53, 0x57, static_cast<uint8_t>(segment_->port())};
}

Status SwitchBackend::send(std::span<const std::byte> frame) {
  if (frame.size() < kEthernetHeaderBytes || frame.size() > kSwitchFrameBytes) {
    return MakeError("a frame of " + std::to_string(frame.size()) +
                     " bytes does not fit the switch");
  }
  SwitchLayout& layout = segment_->layout();
  const uint32_t self = port();
  // Learn the guest's source address (it may change its MAC).
  const uint64_t source = AddressAt(frame, 6);
  if (!IsGroupAddress(frame, 6) &&
      layout.port[self].mac.load(std::memory_order_relaxed) != source) {
    layout.port[self].mac.store(source, std::memory_order_relaxed);
  }
  if (!IsGroupAddress(frame, 0)) {
    const uint64_t destination = AddressAt(frame, 0);
    for (uint32_t to = 0; to < kSwitchPorts; ++to) {
      if (to != self && layout.port[to].owner_pid.load(std::memory_order_relaxed) != 0 &&
          layout.port[to].mac.load(std::memory_order_relaxed) == destination) {
        forward(to, frame);
        return {};
      }
    }
  }
  // Broadcast, multicast or an address nobody has shown yet: flood.
  for (uint32_t to = 0; to < kSwitchPorts; ++to) {
    if (to != self && layout.port[to].owner_pid.load(std::memory_order_relaxed) != 0) {
      forward(to, frame);
    }
  }
  return {};
}

void SwitchBackend::forward(uint32_t to, std::span<const std::byte> frame) {
  SwitchLayout& layout = segment_->layout();
  FrameRing& ring = layout.ring[port()][to];
  const uint32_t head = ring.head.load(std::memory_order_relaxed);
  if (head - ring.tail.load(std::memory_order_acquire) >= kRingSlots) {
    ++frames_dropped_;  // the port's VM is slow or gone
    return;
  }
  FrameSlot& slot = ring.slots[head % kRingSlots];
  slot.length = static_cast<uint32_t>(frame.size());
  std::memcpy(slot.data, frame.data(), frame.size());
  ring.head.store(head + 1, std::memory_order_release);
  SwitchPort& target = layout.port[to];
  if (target.bell.exchange(1) == 0) target.doorbell.post();
}

void SwitchBackend::take_frames(const std::function<bool(std::span<const std::byte>)>& deliver) {
  SwitchLayout& layout = segment_->layout();
  const uint32_t self = port();
  for (uint32_t i = 0; i < kSwitchPorts; ++i) {
    const uint32_t from = (next_source_ + i) % kSwitchPorts;
    if (from == self) continue;
    FrameRing& ring = layout.ring[from][self];
    uint32_t tail = ring.tail.load(std::memory_order_relaxed);
    const uint32_t head = ring.head.load(std::memory_order_acquire);
    // Another process wrote the slots: clamp what it claims.
    const uint32_t available = std::min(head - tail, kRingSlots);
    for (uint32_t n = 0; n < available; ++n, ++tail) {
      const FrameSlot& slot = ring.slots[tail % kRingSlots];
      const uint32_t length = std::min(slot.length, kSwitchFrameBytes);
      if (!deliver(std::span(slot.data, length))) {
        ring.tail.store(tail, std::memory_order_release);
        next_source_ = from;
        return;
      }
    }
    ring.tail.store(tail, std::memory_order_release);
  }
  next_source_ = (next_source_ + 1) % kSwitchPorts;
}

void SwitchBackend::watch() {
  SwitchPort& own = segment_->layout().port[port()];
  while (!stop_) {
    const bool rang = own.doorbell.timed_wait(boost::posix_time::microsec_clock::universal_time() +
                                              boost::posix_time::milliseconds(100));
    if (!rang || stop_) continue;
    own.bell.store(0);  // before the vCPU thread looks at the rings
    wake_();
  }
}

}  // namespace pvppc::backends::net
