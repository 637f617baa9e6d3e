// The driver's half of a split virtqueue for tests (virtio 1.x §2.7): lays a
// descriptor table, available ring and used ring out in TestRam and makes
// chains available the way Linux's virtio_ring does, so device-side code is
// tested against real rings in guest memory.
#pragma once

#include <cstdint>
#include <span>

#include "hypervisor/virtio/testing/test_ram.h"
#include "hypervisor/virtio/virtqueue.h"

namespace pvppc::virtio::testing {

struct TestBuffer {
  uint64_t address = 0;
  uint32_t length = 0;
  bool writable = false;
};

struct UsedElement {
  uint32_t id = 0;
  uint32_t length = 0;
};

class RingBuilder {
 public:
  // Places the three areas from `base` on (16-byte aligned), with every
  // event field, for a queue of `size` entries.
  RingBuilder(TestRam& ram, uint16_t size, uint64_t base);

  const QueueConfig& config() const { return config_; }
  // One past the last byte the rings use.
  uint64_t end() const { return end_; }

  void set_descriptor(uint16_t index, uint64_t address, uint32_t length, uint16_t flags,
                      uint16_t next);
  // Writes a chain into free descriptors (taken in order, wrapping) and
  // returns its head; does not make it available.
  uint16_t add_chain(std::span<const TestBuffer> buffers);
  // Writes `buffers` as an indirect table at `table_address` and one
  // descriptor pointing to it; returns that descriptor's index.
  uint16_t add_indirect_chain(uint64_t table_address, std::span<const TestBuffer> buffers);
  // Puts `head` in the next available slot and publishes the new index.
  void make_available(uint16_t head);
  void set_available_index(uint16_t index);
  void set_available_flags(uint16_t flags);
  void set_used_event(uint16_t index);

  uint16_t used_index() const;
  UsedElement used(uint16_t slot) const;  // slot counts from 0, wrapping
  uint16_t avail_event() const;

 private:
  void write_descriptor(uint64_t table, uint16_t index, const TestBuffer& buffer, uint16_t flags,
                        uint16_t next);

  TestRam& ram_;
  QueueConfig config_;
  uint64_t end_ = 0;
  uint16_t next_free_ = 0;
  uint16_t available_index_ = 0;
};

}  // namespace pvppc::virtio::testing
