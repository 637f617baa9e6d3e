// A descriptor chain of a split virtqueue (virtio 1.x §2.7.5), read from
// guest memory and checked once, so that devices only ever see buffers that
// lie wholly inside guest RAM.
//
// Everything here is guest-controlled input. ReadDescriptorChain rejects,
// with an error naming the descriptor:
// - a head or `next` index outside the table (§2.7.5: `next` indexes the
//   same table);
// - a chain that visits more descriptors than the table holds: a loop or a
//   chain longer than the queue (§2.7.5.2: the driver must not create one);
// - a buffer not wholly inside guest RAM, whatever its length (the check is
//   overflow-safe, so huge lengths and addresses near 2^64 are caught);
// - a device-readable buffer after a device-writable one (§2.7.4.2);
// - an indirect descriptor (§2.7.5.3) when VIRTIO_F_INDIRECT_DESC was not
//   negotiated, inside an indirect table (no nesting, §2.7.5.3.1), with
//   NEXT also set (§2.7.5.3.1), or whose table length is zero, not a
//   multiple of 16, more than kMaxIndirectDescriptors entries or outside RAM;
// - more than 4 GiB - 1 bytes of readable or of writable buffers (the used
//   ring's length field is 32 bits, §2.7.8).
// The WRITE flag of the descriptor that points to an indirect table is
// ignored (§2.7.5.3.2). Zero-length buffers are kept: the spec allows them
// and devices decide whether a request that has them makes sense.
#pragma once

#include <cstdint>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/memory/guest_memory.h"

namespace pvppc::virtio {

// A buffer in guest physical memory; always wholly inside guest RAM.
struct GuestBuffer {
  uint64_t address = 0;
  uint32_t length = 0;
};

struct DescriptorChain {
  uint16_t head = 0;                  // the id returned in the used ring
  std::vector<GuestBuffer> readable;  // device-readable, in chain order
  std::vector<GuestBuffer> writable;  // device-writable, in chain order
  uint64_t readable_bytes = 0;
  uint64_t writable_bytes = 0;
};

// Where the chain's descriptors live (a queue's configuration).
struct DescriptorTableInfo {
  uint64_t address = 0;  // guest physical, table of `size` 16-byte entries
  uint16_t size = 0;     // the queue size: entries in the table
  bool indirect_allowed = false;  // VIRTIO_F_INDIRECT_DESC negotiated
};

// The longest indirect table accepted. The spec sets no limit of its own;
// Linux never builds one longer than a request's segment count, which the
// devices here cap well below this.
inline constexpr uint32_t kMaxIndirectDescriptors = 1024;

[[nodiscard]] Result<DescriptorChain> ReadDescriptorChain(const memory::GuestMemory& memory,
                                                          const DescriptorTableInfo& table,
                                                          uint16_t head);

}  // namespace pvppc::virtio
