#include "virtio-backends/blk/disk_image.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

namespace pvppc::backends::blk {
namespace {

std::string Describe(const std::string& what, const std::string& path) {
  return what + " disk image " + path + ": " + std::strerror(errno);
}

}  // namespace

Result<DiskImage> DiskImage::Open(const DiskOption& option) {
  const int fd = ::open(option.path.c_str(), (option.read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return MakeError(Describe("cannot open", option.path));
  const auto fail = [&](std::string message) {
    ::close(fd);
    return MakeError(std::move(message));
  };
  if (::flock(fd, (option.read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return fail("disk image " + option.path +
                  " is locked by another user (another pvppc has it open" +
                  (option.read_only ? " for writing)" : ")"));
    }
    return fail(Describe("cannot lock", option.path));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fail(Describe("cannot stat", option.path));
  uint64_t size = 0;
  if (S_ISREG(info.st_mode)) {
    size = static_cast<uint64_t>(info.st_size);
  } else if (S_ISBLK(info.st_mode)) {
    if (::ioctl(fd, BLKGETSIZE64, &size) != 0) {
      return fail(Describe("cannot size", option.path));
    }
  } else {
    return fail("disk image " + option.path + " is neither a regular file nor a block device");
  }
  return DiskImage(fd, option.path, size, option.read_only);
}

DiskImage::DiskImage(DiskImage&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      size_bytes_(other.size_bytes_),
      read_only_(other.read_only_) {}

DiskImage::~DiskImage() {
  if (fd_ >= 0) ::close(fd_);  // also drops the lock
}

std::string DiskImage::id() const {
  const size_t slash = path_.rfind('/');
  std::string name = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  name.resize(std::min<size_t>(name.size(), 20));
  return name;
}

Status DiskImage::transfer(std::span<const iovec> segments, uint64_t offset, bool writing) {
  // preadv/pwritev may move fewer bytes than asked and take at most IOV_MAX
  // segments: advance through a private copy until everything is done.
  std::vector<iovec> left(segments.begin(), segments.end());
  size_t first = 0;
  while (first < left.size()) {
    const int count = static_cast<int>(std::min<size_t>(left.size() - first, IOV_MAX));
    const ssize_t done = writing ? ::pwritev(fd_, &left[first], count, static_cast<off_t>(offset))
                                 : ::preadv(fd_, &left[first], count, static_cast<off_t>(offset));
    if (done < 0) {
      if (errno == EINTR) continue;
      return MakeError(Describe(writing ? "cannot write" : "cannot read", path_));
    }
    if (done == 0) {
      return MakeError("disk image " + path_ + " ended early (was it truncated?)");
    }
    offset += static_cast<uint64_t>(done);
    size_t moved = static_cast<size_t>(done);
    while (moved > 0 && first < left.size()) {
      const size_t step = std::min(moved, left[first].iov_len);
      left[first].iov_base = static_cast<std::byte*>(left[first].iov_base) + step;
      left[first].iov_len -= step;
      moved -= step;
      if (left[first].iov_len == 0) ++first;
    }
    while (first < left.size() && left[first].iov_len == 0) ++first;
  }
  return {};
}

Status DiskImage::read(std::span<const iovec> segments, uint64_t offset) {
  return transfer(segments, offset, false);
}

Status DiskImage::write(std::span<const iovec> segments, uint64_t offset) {
  if (read_only_) return MakeError("disk image " + path_ + " is read-only");
  return transfer(segments, offset, true);
}

Status DiskImage::flush() {
  if (read_only_) return {};
  while (::fdatasync(fd_) != 0) {
    if (errno != EINTR) return MakeError(Describe("cannot sync", path_));
  }
  return {};
}

}  // namespace pvppc::backends::blk
