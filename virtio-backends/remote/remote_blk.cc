#include "virtio-backends/remote/remote_blk.h"

#include <algorithm>
#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <cstdio>
#include <cstring>

#include "hypervisor/virtio/guest_le.h"
#include "virtio-backends/blk/blk_protocol.h"

namespace pvppc::backends::remote {

namespace {
constexpr auto kWatchPeriod = std::chrono::milliseconds(20);
constexpr auto kResetAckWait = std::chrono::milliseconds(1000);
}  // namespace

Result<std::unique_ptr<RemoteBlk>> RemoteBlk::Create(const std::string& name,
                                                     const std::string& ram_name,
                                                     uint64_t ram_bytes,
                                                     std::chrono::milliseconds attach_wait,
                                                     std::function<void()> wake) {
  auto segment = ControlSegment::Create(name, ram_name, ram_bytes, 0);
  if (!segment) return tl::unexpected(segment.error());
  ControlBlock& block = segment->block();
  const auto deadline = std::chrono::steady_clock::now() + attach_wait;
  while (block.backend_pid.load(std::memory_order_acquire) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return MakeError("no backend attached to /dev/shm/" + name + " within " +
                       std::to_string(attach_wait.count() / 1000) +
                       " s (start: pvppc-blk --channel " + name + " --disk FILE)");
    }
    (void)block.to_vm.timed_wait(boost::posix_time::microsec_clock::universal_time() +
                                 boost::posix_time::milliseconds(20));
  }
  if (block.queue_count == 0 || block.queue_count > kMaxQueues ||
      block.config_size > kMaxConfigBytes || block.max_queue_size == 0) {
    return MakeError("the backend on " + name + " describes an impossible device");
  }
  return std::unique_ptr<RemoteBlk>(new RemoteBlk(std::move(*segment), std::move(wake)));
}

RemoteBlk::RemoteBlk(ControlSegment segment, std::function<void()> wake)
    : segment_(std::move(segment)), block_(segment_.block()), wake_(std::move(wake)) {
  name_ = "remote:" + segment_.name();
  device_id_ = block_.device_id;
  device_features_ = block_.device_features;
  queue_count_ = block_.queue_count;
  max_queue_size_ = block_.max_queue_size;
  config_size_ = block_.config_size;
  serving_pid_ = block_.backend_pid.load();
  attached_ = true;
  attached_pid_ = serving_pid_;
  watcher_ = std::thread([this] { watch(); });
}

RemoteBlk::~RemoteBlk() {
  stop_ = true;
  block_.to_vm.post();
  watcher_.join();
}

void RemoteBlk::read_config(uint32_t offset, std::span<std::byte> out) const {
  std::memcpy(out.data(), block_.config + offset, out.size());
}

// virtio-blk's configuration is read-only to the driver except writeback
// (not offered).
void RemoteBlk::write_config(uint32_t, std::span<const std::byte>) {}

// The watcher: doorbells and the backend's life. A backend whose process is
// gone is taken off the block so that a new one can attach.
void RemoteBlk::watch() {
  while (!stop_) {
    const bool rang = block_.to_vm.timed_wait(boost::posix_time::microsec_clock::universal_time() +
                                              boost::posix_time::milliseconds(kWatchPeriod.count()));
    bool work = rang && (block_.used_queues.load() != 0 || block_.backend_error.load() != 0);
    const int32_t pid = block_.backend_pid.load(std::memory_order_acquire);
    if (pid != 0 && !ProcessAlive(pid)) {
      int32_t expected = pid;
      block_.backend_pid.compare_exchange_strong(expected, 0);
      attached_pid_ = 0;
      work = true;
    } else if (pid != attached_pid_.load()) {
      attached_pid_ = pid;
      work = true;
    }
    if (work) wake_();
  }
}

void RemoteBlk::publish_state(bool active) {
  // Seqlock: odd while writing.
  const uint32_t generation = block_.generation.load(std::memory_order_relaxed);
  block_.generation.store(generation + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  DeviceState& state = block_.state;
  state = DeviceState{};
  state.active = active ? 1 : 0;
  if (active && active_) {
    state.driver_features = active_->features;
    for (uint32_t i = 0; i < queue_count_ && i < active_->queues.size(); ++i) {
      const virtio::Virtqueue& queue = active_->queues[i];
      QueueState& q = state.queues[i];
      q.enabled = queue.enabled() ? 1 : 0;
      q.size = queue.config().size;
      q.descriptor_table = queue.config().descriptor_table;
      q.available_ring = queue.config().available_ring;
      q.used_ring = queue.config().used_ring;
      q.next_available = queue.next_available();
      q.next_used = queue.next_used();
    }
  }
  block_.generation.store(generation + 2, std::memory_order_release);
  block_.to_backend.post();
}

Status RemoteBlk::activate(const virtio::ActiveDevice& active) {
  active_.emplace(active);
  if (attached_) publish_state(true);
  return {};
}

void RemoteBlk::queue_notified(uint32_t index) {
  if (!attached_) return fail_pending(index);
  block_.kicked_queues.fetch_or(1u << index, std::memory_order_acq_rel);
  block_.to_backend.post();
}

void RemoteBlk::reset() {
  active_.reset();
  if (!attached_) return;
  publish_state(false);
  // The guest may reuse the rings' memory as soon as the reset returns: wait
  // until the backend let go of them (or died).
  const uint32_t want = block_.generation.load();
  const auto deadline = std::chrono::steady_clock::now() + kResetAckWait;
  while (block_.acked_generation.load(std::memory_order_acquire) < want &&
         ProcessAlive(serving_pid_) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

void RemoteBlk::poll(virtio::MmioTransport& transport) {
  const int32_t pid = attached_pid_.load();
  if (attached_ && pid != serving_pid_) {
    take_over(transport, "virtio-blk backend process " + std::to_string(serving_pid_) + " exited");
  }
  if (!attached_ && pid != 0) {
    // A new backend: hand it the queues where they stand.
    std::fprintf(stderr, "pvppc: %s: backend process %d attached\n", name_.c_str(), pid);
    attached_ = true;
    serving_pid_ = pid;
    publish_state(active_.has_value());
    if (active_) {
      block_.kicked_queues.fetch_or((1u << queue_count_) - 1);
      block_.to_backend.post();
    }
  }
  if (!attached_) return;
  if (block_.backend_error.exchange(0) != 0) {
    transport.needs_reset(std::string(block_.error_text, strnlen(block_.error_text, sizeof block_.error_text)));
  }
  if (block_.used_queues.exchange(0, std::memory_order_acq_rel) != 0) {
    transport.signal_used_buffers();
  }
}

void RemoteBlk::take_over(virtio::MmioTransport& transport, const std::string& why) {
  std::fprintf(stderr, "pvppc: %s: %s; requests fail with I/O errors until a backend attaches\n",
               name_.c_str(), why.c_str());
  attached_ = false;
  serving_pid_ = 0;
  block_.used_queues.store(0);
  block_.kicked_queues.store(0);
  transport.backend_failed(why);
  if (!active_) return;
  for (uint32_t i = 0; i < queue_count_ && i < active_->queues.size(); ++i) {
    virtio::Virtqueue& queue = active_->queues[i];
    if (!queue.enabled()) continue;
    // The backend completed requests in order: what it finished ends at the
    // used ring's index, and everything after that is failed here.
    uint16_t used_index = 0;
    if (!virtio::ReadGuestLe<uint16_t>(active_->memory, queue.config().used_ring + 2, used_index)) {
      transport.needs_reset("used ring outside guest RAM");
      return;
    }
    queue.resume_at(used_index, used_index);
    fail_pending(i);
  }
  transport.signal_used_buffers();
}

void RemoteBlk::fail_pending(uint32_t index) {
  if (!active_ || index >= active_->queues.size()) return;
  virtio::Virtqueue& queue = active_->queues[index];
  for (;;) {
    auto chain = queue.pop();
    if (!chain) return active_->events.needs_reset(chain.error().message);
    if (!*chain) break;
    // §5.2.6: the status byte is the last device-writable byte.
    const virtio::DescriptorChain& c = **chain;
    uint32_t written = 0;
    if (!c.writable.empty() && c.writable.back().length > 0) {
      const virtio::GuestBuffer& last = c.writable.back();
      const std::byte status{blk::kStatusIoError};
      if (active_->memory.write(last.address + last.length - 1, std::span(&status, 1))) written = 1;
    }
    if (!queue.push_used(c.head, written)) return active_->events.needs_reset("used ring");
    ++requests_failed_;
  }
  active_->events.used_buffers(queue);
}

}  // namespace pvppc::backends::remote
