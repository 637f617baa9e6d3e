// The protocol between a VM and a virtio backend process (README.md): one
// Boost.Interprocess shared memory object per device, holding this block.
// Guest RAM itself is a second shared memory object (hypervisor/vm/
// guest_ram.h) that the backend maps; queues live in guest RAM as virtio
// defines them, so only their configuration and position travel here.
//
// Who writes what:
// - the VM, once at creation: magic, version, vm_pid, the RAM's name/size;
// - the backend, before it announces itself by storing backend_pid: its
//   device description (id, features, configuration space, queues);
// - the VM, the device state, seqlock style: `generation` is odd while the
//   VM writes and is bumped to the next even value when done; the backend
//   copies the state and keeps it only if `generation` did not move;
// - the backend, acked_generation: it no longer uses any older state.
// Doorbells are bit sets plus a semaphore: the VM ORs a queue into
// kicked_queues and posts to_backend; the backend ORs a queue into
// used_queues (only when the queue's suppression rules want an interrupt)
// and posts to_vm. No lock is shared, so either side may die at any time
// without leaving the other blocked.
#pragma once

#include <atomic>
#include <boost/interprocess/sync/interprocess_semaphore.hpp>
#include <cstdint>

#include "virtio-backends/remote/process_alive.h"

namespace pvppc::backends::remote {

inline constexpr uint32_t kMagic = 0x70766276;  // "pvbv"
inline constexpr uint32_t kVersion = 1;
inline constexpr uint32_t kMaxQueues = 4;
inline constexpr uint32_t kMaxConfigBytes = 256;
inline constexpr uint32_t kNameBytes = 64;

struct QueueState {
  uint16_t size = 0;
  uint16_t enabled = 0;
  uint16_t next_available = 0;  // where the backend starts taking chains
  uint16_t next_used = 0;       // and filling the used ring
  uint64_t descriptor_table = 0;
  uint64_t available_ring = 0;
  uint64_t used_ring = 0;
};

struct DeviceState {
  uint32_t active = 0;  // 1 from DRIVER_OK until the device reset
  uint64_t driver_features = 0;
  QueueState queues[kMaxQueues];
};

struct ControlBlock {
  // The VM's, written once.
  uint32_t magic = 0;
  uint32_t version = 0;
  int32_t vm_pid = 0;
  char ram_name[kNameBytes] = {};
  uint64_t ram_bytes = 0;
  uint64_t ram_base = 0;

  // The backend's description, valid once backend_pid is not 0.
  std::atomic<int32_t> backend_pid{0};
  uint32_t device_id = 0;
  uint64_t device_features = 0;
  uint32_t queue_count = 0;
  uint16_t max_queue_size = 0;
  uint32_t config_size = 0;
  uint8_t config[kMaxConfigBytes] = {};

  // The device state (seqlock, the VM writes).
  std::atomic<uint32_t> generation{0};
  DeviceState state;
  std::atomic<uint32_t> acked_generation{0};

  // Doorbells.
  std::atomic<uint32_t> kicked_queues{0};
  std::atomic<uint32_t> used_queues{0};
  std::atomic<uint32_t> backend_error{0};  // the guest broke the protocol
  char error_text[128] = {};
  boost::interprocess::interprocess_semaphore to_backend{0};
  boost::interprocess::interprocess_semaphore to_vm{0};
};

static_assert(std::atomic<uint32_t>::is_always_lock_free);
static_assert(std::atomic<int32_t>::is_always_lock_free);

}  // namespace pvppc::backends::remote
