// Copying between the host and a descriptor chain's buffers, which are
// already known to lie inside guest RAM (descriptor_chain.h).
//
// ChainReader consumes device-readable buffers front to back (request
// headers, data to write); ChainWriter fills device-writable buffers front
// to back and counts what it wrote, the length the used ring reports
// (§2.7.8.2). HostSegments turns a byte range of a buffer list into host
// iovecs for vectored file I/O straight into or out of guest memory.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/descriptor_chain.h"

namespace pvppc::virtio {

// A cursor over a list of guest buffers.
class BufferCursor {
 public:
  explicit BufferCursor(std::span<const GuestBuffer> buffers);
  uint64_t remaining() const { return remaining_; }
  uint64_t consumed() const { return consumed_; }
  // Moves forward `length` bytes; false (not moving) if fewer remain.
  [[nodiscard]] bool skip(uint64_t length);

 protected:
  // Calls `step(guest_address, length)` for each piece of the next
  // `length` bytes, moving forward; false (not moving) if fewer remain.
  template <typename Step>
  bool walk(uint64_t length, Step step);

 private:
  std::span<const GuestBuffer> buffers_;
  size_t index_ = 0;
  uint32_t offset_ = 0;  // into buffers_[index_]
  uint64_t remaining_ = 0;
  uint64_t consumed_ = 0;
};

class ChainReader : public BufferCursor {
 public:
  ChainReader(const memory::GuestMemory& memory, std::span<const GuestBuffer> buffers)
      : BufferCursor(buffers), memory_(memory) {}
  // Copies the next out.size() bytes; false (copying nothing) if fewer remain.
  [[nodiscard]] bool read(std::span<std::byte> out);

 private:
  const memory::GuestMemory& memory_;
};

class ChainWriter : public BufferCursor {
 public:
  ChainWriter(memory::GuestMemory& memory, std::span<const GuestBuffer> buffers)
      : BufferCursor(buffers), memory_(memory) {}
  // Copies into the next in.size() bytes; false (writing nothing) if fewer
  // remain.
  [[nodiscard]] bool write(std::span<const std::byte> in);

 private:
  memory::GuestMemory& memory_;
};

// The host iovecs for bytes [offset, offset + length) of `buffers`; ok is
// false (and iovecs empty) when the buffers hold fewer bytes than that. A
// caller that reads into the segments calls memory.notify_host_write for
// each buffer it filled.
struct HostSegments {
  bool ok = false;
  std::vector<iovec> iovecs;
};
HostSegments MapHostSegments(memory::GuestMemory& memory, std::span<const GuestBuffer> buffers,
                             uint64_t offset, uint64_t length);

// The last byte of the writable buffers, where virtio-blk and others put
// their status (§5.2.6); nullopt when there are no writable bytes.
std::optional<uint64_t> LastWritableByte(std::span<const GuestBuffer> writable);

}  // namespace pvppc::virtio
