// Helpers the syscalls_*.cc files share.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "userspace/process.h"
#include "userspace/syscall_table.h"

namespace pvppc::user {

// Linux's PATH_MAX, counting the NUL.
inline constexpr size_t kPathMax = 4096;

// Reads a path argument; returns 0 or an errno (EFAULT, ENAMETOOLONG).
int ReadPath(Process& process, uint32_t address, std::string& path);

// The host file a guest path means: the same path, except that
// "/proc/self/exe" names the guest's program, not the runner.
std::string HostPath(Process& process, const std::string& path);

// ReadPath followed by HostPath.
inline int ReadHostPath(Process& process, uint32_t address, std::string& path) {
  const int error = ReadPath(process, address, path);
  if (error == 0) path = HostPath(process, path);
  return error;
}

// Copies a host object into guest memory at `address`: 0 or -EFAULT.
inline SyscallResult CopyOut(Process& process, uint32_t address, std::span<const std::byte> bytes) {
  return process.memory().write(address, bytes) ? 0 : Errno(EFAULT);
}

// Dirfd arguments are ints in registers; AT_FDCWD (-100) is the same on
// both sides.
inline int DirFd(uint32_t value) { return static_cast<int32_t>(value); }

}  // namespace pvppc::user
