#include "virtio-backends/remote/backend_server.h"

#include <unistd.h>

#include <algorithm>
#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <cstring>

#include "hypervisor/virtio/virtio_constants.h"

namespace pvppc::backends::remote {

namespace bip = boost::interprocess;

Result<std::unique_ptr<GuestRamMapping>> GuestRamMapping::Open(const ControlBlock& block) {
  const std::string name(block.ram_name, strnlen(block.ram_name, kNameBytes));
  try {
    bip::shared_memory_object object(bip::open_only, name.c_str(), bip::read_write);
    bip::mapped_region region(object, bip::read_write, 0, block.ram_bytes);
    return std::unique_ptr<GuestRamMapping>(new GuestRamMapping(std::move(region), block.ram_base));
  } catch (const bip::interprocess_exception& e) {
    return MakeError("cannot map guest RAM /dev/shm/" + name + ": " + e.what());
  }
}

GuestRamMapping::GuestRamMapping(bip::mapped_region region, uint64_t base)
    : region_(std::move(region)),
      memory_(std::span(static_cast<std::byte*>(region_.get_address()), region_.get_size()), base) {}

BackendServer::BackendServer(ControlBlock& block, memory::GuestMemory& memory,
                             virtio::VirtioDevice& device)
    : block_(block), memory_(memory), device_(device) {
  for (uint32_t i = 0; i < device.queue_count(); ++i) {
    queues_.emplace_back(memory, device.max_queue_size());
  }
}

Status BackendServer::attach() {
  const int32_t previous = block_.backend_pid.load();
  if (previous != 0 && ProcessAlive(previous) && previous != ::getpid()) {
    return MakeError("another backend (process " + std::to_string(previous) +
                     ") serves this device");
  }
  if (device_.queue_count() > kMaxQueues || device_.config_size() > kMaxConfigBytes) {
    return MakeError("device does not fit the protocol's limits");
  }
  block_.device_id = device_.device_id();
  block_.device_features = device_.device_features();
  block_.queue_count = device_.queue_count();
  block_.max_queue_size = device_.max_queue_size();
  block_.config_size = device_.config_size();
  device_.read_config(0, std::as_writable_bytes(std::span(block_.config, block_.config_size)));
  block_.backend_error.store(0);
  // Whatever the VM has published is applied on the first pass of run().
  seen_generation_ = 0;
  block_.backend_pid.store(::getpid(), std::memory_order_release);
  block_.to_vm.post();
  return {};
}

// Copies the VM's state (seqlock: retried while the VM writes) and makes the
// device match it.
void BackendServer::apply_state() {
  DeviceState state;
  uint32_t generation = 0;
  for (;;) {
    generation = block_.generation.load(std::memory_order_acquire);
    if (generation % 2 != 0) continue;
    std::memcpy(&state, &block_.state, sizeof state);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (block_.generation.load(std::memory_order_relaxed) == generation) break;
  }
  if (generation == seen_generation_) return;
  seen_generation_ = generation;
  if (active_) {
    device_.reset();
    active_ = false;
  }
  for (virtio::Virtqueue& queue : queues_) queue.reset();
  failed_ = false;
  if (state.active) {
    const bool event_index = (state.driver_features & virtio::feature::kRingEventIdx) != 0;
    const bool indirect = (state.driver_features & virtio::feature::kRingIndirectDesc) != 0;
    for (size_t i = 0; i < queues_.size(); ++i) {
      const QueueState& q = state.queues[i];
      if (!q.enabled) continue;
      virtio::QueueConfig& config = queues_[i].mutable_config();
      config = {q.size, q.descriptor_table, q.available_ring, q.used_ring};
      if (Status s = queues_[i].enable(event_index, indirect); !s) {
        needs_reset("queue " + std::to_string(i) + ": " + s.error().message);
        break;
      }
      queues_[i].resume_at(q.next_available, q.next_used);
    }
    if (!failed_) {
      Status s = device_.activate(
          virtio::ActiveDevice{state.driver_features, queues_, memory_, *this});
      if (s) {
        active_ = true;
      } else {
        needs_reset(s.error().message);
      }
    }
  }
  block_.acked_generation.store(generation, std::memory_order_release);
}

std::string BackendServer::run(const std::atomic<bool>& stop) {
  while (!stop) {
    (void)block_.to_backend.timed_wait(boost::posix_time::microsec_clock::universal_time() +
                                       boost::posix_time::milliseconds(100));
    if (!ProcessAlive(block_.vm_pid)) return "the VM (process " + std::to_string(block_.vm_pid) + ") is gone";
    if (block_.backend_pid.load() != ::getpid()) return "another backend took the device over";
    apply_state();
    const uint32_t kicked = block_.kicked_queues.exchange(0, std::memory_order_acq_rel);
    if (!active_) continue;
    for (uint32_t i = 0; i < queues_.size() && !failed_; ++i) {
      if ((kicked & (1u << i)) && queues_[i].enabled()) device_.queue_notified(i);
    }
    if (failed_) {
      device_.reset();
      active_ = false;
    }
  }
  return "stopped";
}

void BackendServer::used_buffers(virtio::Virtqueue& queue) {
  if (!queue.needs_interrupt()) return;
  const auto index = static_cast<uint32_t>(&queue - queues_.data());
  block_.used_queues.fetch_or(1u << index, std::memory_order_acq_rel);
  block_.to_vm.post();
}

void BackendServer::needs_reset(std::string_view reason) {
  const size_t n = std::min(reason.size(), sizeof block_.error_text - 1);
  std::memcpy(block_.error_text, reason.data(), n);
  block_.error_text[n] = '\0';
  block_.backend_error.store(1, std::memory_order_release);
  block_.to_vm.post();
  failed_ = true;  // the device stops once its current call returned
}

}  // namespace pvppc::backends::remote
