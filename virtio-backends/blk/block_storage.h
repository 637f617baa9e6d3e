// Where a virtio-blk device's sectors live. DiskImage (a raw image file) is
// the one in-process implementation; a backend in another process would be
// another.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <span>
#include <string>

#include "hypervisor/common/result.h"

namespace pvppc::backends::blk {

class BlockStorage {
 public:
  virtual ~BlockStorage() = default;
  virtual uint64_t size_bytes() const = 0;
  virtual bool read_only() const = 0;
  // Up to 20 bytes naming the disk (VIRTIO_BLK_T_GET_ID, §5.2.6).
  virtual std::string id() const = 0;
  // Whole transfers only: a short read or write is an error.
  [[nodiscard]] virtual Status read(std::span<const iovec> segments, uint64_t offset) = 0;
  [[nodiscard]] virtual Status write(std::span<const iovec> segments, uint64_t offset) = 0;
  // Returns once everything written so far is on stable storage.
  [[nodiscard]] virtual Status flush() = 0;
};

}  // namespace pvppc::backends::blk
