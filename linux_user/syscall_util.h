// Helpers shared by the syscall handlers.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>

#include "linux_user/process.h"
#include "linux_user/syscalls.h"

namespace pvppc::user {

// A host call's result as a syscall result: the value, or -errno.
inline int64_t HostResult(long result) { return result < 0 ? -int64_t{errno} : result; }

inline bool ReadPath(Process& p, uint32_t address, std::string& path) {
  return p.space().read_string(address, path, 4096);
}

// Writes a guest structure image to guest memory; -EFAULT on failure.
template <typename ImageT>
inline int64_t CopyOut(Process& p, uint32_t address, const ImageT& image) {
  return p.space().copy_out(address, image.bytes) ? 0 : -EFAULT;
}

// The guest's AT_FDCWD (-100) is the host's too; other dirfds pass through.
inline int HostDirFd(uint32_t guest_dirfd) { return static_cast<int>(guest_dirfd); }

// Resolves /proc/self/exe to the guest's own executable, which the host would
// otherwise answer with pvppc_user itself.
std::string GuestPath(Process& p, const std::string& path);

}  // namespace pvppc::user
