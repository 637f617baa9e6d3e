// libFuzzer target: descriptor chains and virtqueue pops over guest RAM that
// the input fills, with a table, queue size and head the input chooses.
// Whatever the input, parsing must not crash, must not touch host memory
// outside guest RAM (AddressSanitizer watches the RAM buffer's bounds), and
// every buffer it accepts must lie inside RAM.
//
// Input: 8 bytes of parameters, then guest RAM's contents.
//   [0]     queue size exponent (size = 1 << (b % 9): 1..256)
//   [1]     bit 0: indirect descriptors negotiated; bit 1: event index
//   [2..3]  head (little-endian)
//   [4..5]  descriptor table address (little-endian, masked into RAM)
//   [6..7]  available index written to a ring after the table
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/descriptor_chain.h"
#include "hypervisor/virtio/guest_le.h"
#include "hypervisor/virtio/virtqueue.h"

namespace {

constexpr size_t kRamBytes = 8192;

void CheckInsideRam(const pvppc::memory::GuestMemory& memory,
                    const pvppc::virtio::DescriptorChain& chain) {
  uint64_t readable = 0, writable = 0;
  for (const auto& buffer : chain.readable) {
    if (!memory.contains(buffer.address, buffer.length)) std::abort();
    readable += buffer.length;
  }
  for (const auto& buffer : chain.writable) {
    if (!memory.contains(buffer.address, buffer.length)) std::abort();
    writable += buffer.length;
  }
  if (readable != chain.readable_bytes || writable != chain.writable_bytes) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pvppc::virtio;
  if (size < 8) return 0;
  const uint16_t queue_size = static_cast<uint16_t>(1u << (data[0] % 9));
  const bool indirect = data[1] & 1;
  const bool event_index = data[1] & 2;
  const uint16_t head = static_cast<uint16_t>(data[2] | (data[3] << 8));
  const uint64_t table = (data[4] | (data[5] << 8)) % kRamBytes & ~uint64_t{15};
  const uint16_t available_index = static_cast<uint16_t>(data[6] | (data[7] << 8));

  // Exactly kRamBytes on the heap, so a stray access is an ASan report.
  std::vector<std::byte> ram(kRamBytes);
  std::memcpy(ram.data(), data + 8, std::min(size - 8, kRamBytes));
  pvppc::memory::GuestMemory memory(ram);

  const auto chain = ReadDescriptorChain(memory, DescriptorTableInfo{table, queue_size, indirect}, head);
  if (chain) CheckInsideRam(memory, *chain);

  // The same RAM as a whole queue: rings right after the table.
  Virtqueue queue(memory, 256);
  QueueConfig& config = queue.mutable_config();
  config.size = queue_size;
  config.descriptor_table = table;
  config.available_ring = table + 16ull * queue_size;
  config.used_ring = (config.available_ring + 6 + 2ull * queue_size + 3) & ~uint64_t{3};
  if (!queue.enable(event_index, indirect)) return 0;
  if (!WriteGuestLe<uint16_t>(memory, config.available_ring + 2, available_index)) std::abort();
  for (int i = 0; i <= queue_size; ++i) {
    auto popped = queue.pop();
    if (!popped || !*popped) break;
    CheckInsideRam(memory, **popped);
    if (!queue.push_used((*popped)->head, static_cast<uint32_t>((*popped)->writable_bytes))) {
      std::abort();  // the used ring was checked by enable()
    }
  }
  (void)queue.needs_interrupt();
  return 0;
}
