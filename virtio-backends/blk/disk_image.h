// A raw disk image file (or block device) opened for a virtio-blk device.
//
// Open() takes an advisory lock (flock): shared for a read-only disk,
// exclusive otherwise, so two VMs never write one image and a writer never
// changes an image under a reader; a locked image is a clear error, not a
// corrupted file. The size is read once at open; a trailing partial sector
// is not part of the disk. flush() is fdatasync(2).
#pragma once

#include <cstdint>
#include <string>

#include "hypervisor/common/result.h"
#include "virtio-backends/blk/block_storage.h"
#include "virtio-backends/blk/disk_option.h"

namespace pvppc::backends::blk {

class DiskImage final : public BlockStorage {
 public:
  [[nodiscard]] static Result<DiskImage> Open(const DiskOption& option);

  DiskImage(DiskImage&& other) noexcept;
  DiskImage& operator=(DiskImage&&) = delete;
  DiskImage(const DiskImage&) = delete;
  ~DiskImage() override;

  const std::string& path() const { return path_; }
  uint64_t size_bytes() const override { return size_bytes_; }
  bool read_only() const override { return read_only_; }
  std::string id() const override;
  [[nodiscard]] Status read(std::span<const iovec> segments, uint64_t offset) override;
  [[nodiscard]] Status write(std::span<const iovec> segments, uint64_t offset) override;
  [[nodiscard]] Status flush() override;

 private:
  DiskImage(int fd, std::string path, uint64_t size_bytes, bool read_only)
      : fd_(fd), path_(std::move(path)), size_bytes_(size_bytes), read_only_(read_only) {}
  Status transfer(std::span<const iovec> segments, uint64_t offset, bool writing);

  int fd_ = -1;
  std::string path_;
  uint64_t size_bytes_ = 0;
  bool read_only_ = false;
};

}  // namespace pvppc::backends::blk
