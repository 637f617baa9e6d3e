// The syscall layer's view of guest memory: every pointer a guest passes is
// untrusted and checked against the page permissions before any byte moves,
// the way the kernel's copy_from_user/copy_to_user do. A failed check is
// EFAULT for the syscall, never a host crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "userspace/flat_address_space.h"

namespace pvppc::user {

class UserMemory {
 public:
  explicit UserMemory(FlatAddressSpace& space) : space_(space) {}

  FlatAddressSpace& space() { return space_; }

  // Copies out of / into guest memory; false when any page of the range is
  // unmapped or lacks read (resp. write) permission.
  [[nodiscard]] bool read(uint32_t address, std::span<std::byte> out) const;
  [[nodiscard]] bool write(uint32_t address, std::span<const std::byte> in);

  // Big-endian scalars.
  [[nodiscard]] bool read_u32(uint32_t address, uint32_t& value) const;
  [[nodiscard]] bool write_u32(uint32_t address, uint32_t value);
  [[nodiscard]] bool read_u64(uint32_t address, uint64_t& value) const;
  [[nodiscard]] bool write_u64(uint32_t address, uint64_t value);

  // Host pointers for syscalls that hand a guest buffer straight to the
  // host kernel (read, write, getdents...): nullptr unless the whole range is
  // readable (resp. writable). After filling a writable range, call wrote()
  // so that decoded guest code there is dropped.
  const std::byte* readable(uint32_t address, uint64_t length) const {
    return space_.host_range(address, length, prot::kRead);
  }
  std::byte* writable(uint32_t address, uint64_t length) {
    return space_.host_range(address, length, prot::kWrite);
  }
  void wrote(uint32_t address, uint64_t length) {
    space_.memory().notify_host_write(address, length);
  }

  // A NUL-terminated string of at most `max_length` bytes before the NUL.
  // `error` is 0, EFAULT or ENAMETOOLONG, as the kernel's would be.
  struct StringResult {
    std::string value;
    int error = 0;
  };
  StringResult read_string(uint32_t address, size_t max_length) const;

  // A NULL-terminated array of string pointers (argv, envp); a null
  // `address` is an empty array, as Linux accepts for envp. `error` is 0,
  // EFAULT or E2BIG.
  struct StringArrayResult {
    std::vector<std::string> values;
    int error = 0;
  };
  StringArrayResult read_string_array(uint32_t address, size_t max_count,
                                      size_t max_total_bytes) const;

 private:
  FlatAddressSpace& space_;
};

}  // namespace pvppc::user
