#include "hypervisor/virtio/chain_io.h"

#include <algorithm>

namespace pvppc::virtio {

BufferCursor::BufferCursor(std::span<const GuestBuffer> buffers) : buffers_(buffers) {
  for (const GuestBuffer& buffer : buffers) remaining_ += buffer.length;
}

template <typename Step>
bool BufferCursor::walk(uint64_t length, Step step) {
  if (length > remaining_) return false;
  uint64_t left = length;
  while (left > 0) {
    const GuestBuffer& buffer = buffers_[index_];
    const uint32_t piece =
        static_cast<uint32_t>(std::min<uint64_t>(left, buffer.length - offset_));
    if (piece > 0) step(buffer.address + offset_, piece);
    offset_ += piece;
    left -= piece;
    if (offset_ == buffer.length) {
      ++index_;
      offset_ = 0;
    }
  }
  remaining_ -= length;
  consumed_ += length;
  return true;
}

bool BufferCursor::skip(uint64_t length) {
  return walk(length, [](uint64_t, uint32_t) {});
}

bool ChainReader::read(std::span<std::byte> out) {
  size_t done = 0;
  return walk(out.size(), [&](uint64_t address, uint32_t length) {
    // Inside RAM by construction of the chain; a failed read would leave
    // zeros, never touch host memory outside RAM.
    if (!memory_.read(address, out.subspan(done, length))) {
      std::fill_n(out.begin() + done, length, std::byte{0});
    }
    done += length;
  });
}

bool ChainWriter::write(std::span<const std::byte> in) {
  size_t done = 0;
  return walk(in.size(), [&](uint64_t address, uint32_t length) {
    (void)memory_.write(address, in.subspan(done, length));
    done += length;
  });
}

HostSegments MapHostSegments(memory::GuestMemory& memory, std::span<const GuestBuffer> buffers,
                             uint64_t offset, uint64_t length) {
  HostSegments result;
  uint64_t skip = offset;
  uint64_t left = length;
  for (const GuestBuffer& buffer : buffers) {
    if (left == 0) break;
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    const uint64_t piece = std::min<uint64_t>(buffer.length - skip, left);
    std::byte* host = memory.host_pointer(buffer.address + skip, piece);
    if (host == nullptr) return HostSegments{};
    result.iovecs.push_back(iovec{host, static_cast<size_t>(piece)});
    left -= piece;
    skip = 0;
  }
  result.ok = left == 0;
  if (!result.ok) result.iovecs.clear();
  return result;
}

std::optional<uint64_t> LastWritableByte(std::span<const GuestBuffer> writable) {
  for (auto it = writable.rbegin(); it != writable.rend(); ++it) {
    if (it->length > 0) return it->address + it->length - 1;
  }
  return std::nullopt;
}

}  // namespace pvppc::virtio
