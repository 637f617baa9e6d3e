// The shared-memory switch between VMs on one host (switch_backend.h): one
// Boost.Interprocess shared memory object /dev/shm/pvppc-switch-NAME per
// switch, holding this layout. There is no switch process: each VM forwards
// its own guest's frames.
//
// Ports: a VM claims a free port (owner_pid 0, or a process that is gone) by
// compare-and-swap of owner_pid, and gives it back by storing 0.
// Rings: ring[FROM][TO] carries frames from port FROM to port TO; it has one
// producer (FROM's VM: writes the slots and `head`) and one consumer (TO's
// VM: reads them and writes `tail`), so no lock is shared and a VM killed at
// any instruction leaves the others able to go on. A full ring drops the
// frame, as a switch with a full output queue does.
// Doorbells: after adding frames for a port the producer sets its `bell`
// and, if it was clear, posts its `doorbell`; the port's owner clears `bell`
// before it looks at its rings, so no frame waits without a post.
// MAC learning: each port's owner publishes the source address of the
// frames its guest sends; unicast frames go to the port with that address,
// broadcast, multicast and unknown addresses to every claimed port.
#pragma once

#include <atomic>
#include <boost/interprocess/sync/interprocess_semaphore.hpp>
#include <cstddef>
#include <cstdint>

namespace pvppc::backends::net {

inline constexpr uint32_t kSwitchMagic = 0x70767377;  // "pvsw"
inline constexpr uint32_t kSwitchVersion = 1;
inline constexpr uint32_t kSwitchPorts = 8;
inline constexpr uint32_t kRingSlots = 128;  // a power of two
// An Ethernet frame without FCS: 1500 bytes of MTU, 14 of header, 4 of a
// VLAN tag. Longer frames are dropped by the sender.
inline constexpr uint32_t kSwitchFrameBytes = 1518;

struct FrameSlot {
  uint32_t length = 0;
  std::byte data[kSwitchFrameBytes];
};

struct FrameRing {
  std::atomic<uint32_t> head{0};  // the producer's: frames written
  std::atomic<uint32_t> tail{0};  // the consumer's: frames taken
  FrameSlot slots[kRingSlots];
};

struct SwitchPort {
  std::atomic<int32_t> owner_pid{0};
  std::atomic<uint64_t> mac{0};  // the learned address, 0: none yet
  std::atomic<uint32_t> bell{0};
  boost::interprocess::interprocess_semaphore doorbell{0};
};

struct SwitchLayout {
  // Written once by the VM that creates the object, under its file lock.
  uint32_t magic = 0;
  uint32_t version = 0;
  uint32_t ports = kSwitchPorts;
  uint32_t ring_slots = kRingSlots;
  uint32_t frame_bytes = kSwitchFrameBytes;
  // Set, under the file lock, by the last VM to leave just before it
  // removes the name: a VM that opened the object before that looks again.
  std::atomic<uint32_t> closed{0};
  SwitchPort port[kSwitchPorts];
  FrameRing ring[kSwitchPorts][kSwitchPorts];  // [from][to]
};

static_assert(std::atomic<uint32_t>::is_always_lock_free);
static_assert(std::atomic<uint64_t>::is_always_lock_free);

}  // namespace pvppc::backends::net
