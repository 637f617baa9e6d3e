// File descriptor system calls. Guest descriptors are host descriptors (a
// guest fork is a host fork, so they are inherited for free); buffers are
// checked against the guest's page permissions and handed to the host.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

constexpr uint32_t kIovMax = 1024;
// A dummy target for zero-length transfers, whose buffer Linux never checks.
std::byte g_empty[1];

SyscallResult Read(Process& p, int fd, uint32_t buffer, uint64_t count, const int64_t* offset) {
  // Like Linux, fill as much of the buffer as is writable; fault only when
  // nothing is.
  const uint64_t usable = p.image().space().accessible_prefix(buffer, count, prot::kWrite);
  if (usable == 0 && count != 0) return Errno(EFAULT);
  std::byte* host = usable == 0 ? g_empty : p.memory().writable(buffer, usable);
  const ssize_t n = offset ? pread(fd, host, usable, *offset) : read(fd, host, usable);
  if (n < 0) return Errno(errno);
  p.memory().wrote(buffer, static_cast<uint64_t>(n));
  return n;
}

SyscallResult Write(Process& p, int fd, uint32_t buffer, uint64_t count, const int64_t* offset) {
  const uint64_t usable = p.image().space().accessible_prefix(buffer, count, prot::kRead);
  if (usable == 0 && count != 0) return Errno(EFAULT);
  const std::byte* host = usable == 0 ? g_empty : p.memory().readable(buffer, usable);
  return HostResult(offset ? pwrite(fd, host, usable, *offset) : write(fd, host, usable));
}

SyscallResult SysRead(Process& p, const SyscallArgs& a) { return Read(p, a.fd(0), a.a[1], a.a[2], nullptr); }
SyscallResult SysWrite(Process& p, const SyscallArgs& a) { return Write(p, a.fd(0), a.a[1], a.a[2], nullptr); }

SyscallResult SysPread64(Process& p, const SyscallArgs& a) {
  const int64_t offset = static_cast<int64_t>(a.u64(4));  // r7/r8: the pair after a pad
  return Read(p, a.fd(0), a.a[1], a.a[2], &offset);
}

SyscallResult SysPwrite64(Process& p, const SyscallArgs& a) {
  const int64_t offset = static_cast<int64_t>(a.u64(4));
  return Write(p, a.fd(0), a.a[1], a.a[2], &offset);
}

// Builds host iovecs for a guest iovec array (base, length as 32-bit words).
SyscallResult GatherIovecs(Process& p, uint32_t address, uint32_t count, bool for_read,
                           std::vector<iovec>& out, std::vector<std::pair<uint32_t, uint32_t>>& guest) {
  if (count > kIovMax) return Errno(EINVAL);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t base, length;
    if (!p.memory().read_u32(address + 8 * i, base) ||
        !p.memory().read_u32(address + 8 * i + 4, length)) {
      return Errno(EFAULT);
    }
    if (length == 0) continue;
    std::byte* host = for_read ? p.memory().writable(base, length)
                               : const_cast<std::byte*>(p.memory().readable(base, length));
    if (host == nullptr) return Errno(EFAULT);
    out.push_back(iovec{host, length});
    guest.emplace_back(base, length);
  }
  return 0;
}

SyscallResult Vectored(Process& p, const SyscallArgs& a, bool for_read, const int64_t* offset) {
  std::vector<iovec> iov;
  std::vector<std::pair<uint32_t, uint32_t>> guest;
  if (SyscallResult r = GatherIovecs(p, a.a[1], a.a[2], for_read, iov, guest); r < 0) return r;
  const int n = static_cast<int>(iov.size());
  ssize_t done;
  if (for_read) {
    done = offset ? preadv(a.fd(0), iov.data(), n, *offset) : readv(a.fd(0), iov.data(), n);
  } else {
    done = offset ? pwritev(a.fd(0), iov.data(), n, *offset) : writev(a.fd(0), iov.data(), n);
  }
  if (done < 0) return Errno(errno);
  if (for_read) {
    uint64_t left = static_cast<uint64_t>(done);
    for (const auto& [base, length] : guest) {
      if (left == 0) break;
      const uint64_t part = std::min<uint64_t>(left, length);
      p.memory().wrote(base, part);
      left -= part;
    }
  }
  return done;
}

SyscallResult SysReadv(Process& p, const SyscallArgs& a) { return Vectored(p, a, true, nullptr); }
SyscallResult SysWritev(Process& p, const SyscallArgs& a) { return Vectored(p, a, false, nullptr); }
SyscallResult SysPreadv(Process& p, const SyscallArgs& a) {
  const int64_t offset = static_cast<int64_t>((uint64_t{a.a[4]} << 32) | a.a[3]);  // pos_l, pos_h
  return Vectored(p, a, true, &offset);
}
SyscallResult SysPwritev(Process& p, const SyscallArgs& a) {
  const int64_t offset = static_cast<int64_t>((uint64_t{a.a[4]} << 32) | a.a[3]);
  return Vectored(p, a, false, &offset);
}

SyscallResult SysLseek(Process&, const SyscallArgs& a) {
  const off_t r = lseek(a.fd(0), a.s32(1), a.s32(2));
  if (r < 0) return Errno(errno);
  if (r > INT32_MAX) return Errno(EOVERFLOW);
  return r;
}

SyscallResult SysLlseek(Process& p, const SyscallArgs& a) {
  const int64_t offset = static_cast<int64_t>((uint64_t{a.a[1]} << 32) | a.a[2]);
  const off_t r = lseek(a.fd(0), offset, a.s32(4));
  if (r < 0) return Errno(errno);
  return p.memory().write_u64(a.a[3], static_cast<uint64_t>(r)) ? 0 : Errno(EFAULT);
}

SyscallResult SysClose(Process&, const SyscallArgs& a) { return HostResult(close(a.fd(0))); }
SyscallResult SysDup(Process&, const SyscallArgs& a) { return HostResult(dup(a.fd(0))); }
SyscallResult SysDup2(Process&, const SyscallArgs& a) { return HostResult(dup2(a.fd(0), a.fd(1))); }
SyscallResult SysDup3(Process&, const SyscallArgs& a) {
  return HostResult(dup3(a.fd(0), a.fd(1), HostOpenFlags(a.a[2])));
}

SyscallResult Pipe(Process& p, uint32_t fds_address, int flags) {
  int fds[2];
  if (pipe2(fds, flags) != 0) return Errno(errno);
  if (!p.memory().write_u32(fds_address, static_cast<uint32_t>(fds[0])) ||
      !p.memory().write_u32(fds_address + 4, static_cast<uint32_t>(fds[1]))) {
    close(fds[0]);
    close(fds[1]);
    return Errno(EFAULT);
  }
  return 0;
}
SyscallResult SysPipe(Process& p, const SyscallArgs& a) { return Pipe(p, a.a[0], 0); }
SyscallResult SysPipe2(Process& p, const SyscallArgs& a) {
  return Pipe(p, a.a[0], HostOpenFlags(a.a[1]));
}

// struct flock / flock64 of 32-bit PowerPC <-> the host's struct flock.
SyscallResult Lock(Process& p, int fd, int host_command, uint32_t address, bool wide) {
  const uint32_t size = wide ? 32 : 16;
  BeStruct<32> g;
  if (!p.memory().read(address, g.bytes().first(size))) return Errno(EFAULT);
  struct flock lock {};
  lock.l_type = static_cast<short>(g.get16(0));
  lock.l_whence = static_cast<short>(g.get16(2));
  lock.l_start = wide ? static_cast<int64_t>(g.get64(8)) : static_cast<int32_t>(g.get32(4));
  lock.l_len = wide ? static_cast<int64_t>(g.get64(16)) : static_cast<int32_t>(g.get32(8));
  if (fcntl(fd, host_command, &lock) != 0) return Errno(errno);
  if (host_command != F_GETLK) return 0;
  g.put16(0, static_cast<uint16_t>(lock.l_type));
  g.put16(2, static_cast<uint16_t>(lock.l_whence));
  if (wide) {
    g.put64(8, static_cast<uint64_t>(lock.l_start));
    g.put64(16, static_cast<uint64_t>(lock.l_len));
    g.put32(24, static_cast<uint32_t>(lock.l_pid));
  } else {
    g.put32(4, static_cast<uint32_t>(lock.l_start));
    g.put32(8, static_cast<uint32_t>(lock.l_len));
    g.put32(12, static_cast<uint32_t>(lock.l_pid));
  }
  return CopyOut(p, address, g.bytes().first(size));
}

SyscallResult SysFcntl(Process& p, const SyscallArgs& a) {
  const int fd = a.fd(0);
  const uint32_t arg = a.a[2];
  switch (a.a[1]) {
    case 0: return HostResult(fcntl(fd, F_DUPFD, static_cast<int>(arg)));
    case 1030: return HostResult(fcntl(fd, F_DUPFD_CLOEXEC, static_cast<int>(arg)));
    case 1: return HostResult(fcntl(fd, F_GETFD));
    case 2: return HostResult(fcntl(fd, F_SETFD, static_cast<int>(arg)));
    case 3: {
      const int flags = fcntl(fd, F_GETFL);
      return flags < 0 ? Errno(errno) : SyscallResult{GuestOpenFlags(flags)};
    }
    case 4: return HostResult(fcntl(fd, F_SETFL, HostOpenFlags(arg)));
    case 5: return Lock(p, fd, F_GETLK, arg, false);
    case 6: return Lock(p, fd, F_SETLK, arg, false);
    case 7: return Lock(p, fd, F_SETLKW, arg, false);
    case 12: return Lock(p, fd, F_GETLK, arg, true);
    case 13: return Lock(p, fd, F_SETLK, arg, true);
    case 14: return Lock(p, fd, F_SETLKW, arg, true);
    case 8: return HostResult(fcntl(fd, F_SETOWN, static_cast<int>(arg)));
    case 9: return HostResult(fcntl(fd, F_GETOWN));
    case 1031: return HostResult(fcntl(fd, F_SETPIPE_SZ, static_cast<int>(arg)));
    case 1032: return HostResult(fcntl(fd, F_GETPIPE_SZ));
    default: return Errno(EINVAL);
  }
}

SyscallResult SysGetdents64(Process& p, const SyscallArgs& a) {
  const uint32_t count = std::min<uint32_t>(a.a[2], 1u << 20);
  std::byte* out = p.memory().writable(a.a[1], count);
  if (out == nullptr) return Errno(EFAULT);
  std::vector<std::byte> buffer(count);
  const long n = syscall(SYS_getdents64, a.fd(0), buffer.data(), buffer.size());
  if (n < 0) return Errno(errno);
  // Same record layout on both sides (u64 ino, s64 off, u16 reclen, u8 type,
  // name); only the byte order of the numbers differs.
  for (long at = 0; at < n;) {
    std::byte* r = buffer.data() + at;
    uint64_t ino, off;
    uint16_t reclen;
    std::memcpy(&ino, r, 8);
    std::memcpy(&off, r + 8, 8);
    std::memcpy(&reclen, r + 16, 2);
    ino = __builtin_bswap64(ino);
    off = __builtin_bswap64(off);
    const uint16_t be_reclen = __builtin_bswap16(reclen);
    std::memcpy(r, &ino, 8);
    std::memcpy(r + 8, &off, 8);
    std::memcpy(r + 16, &be_reclen, 2);
    at += reclen;
  }
  std::memcpy(out, buffer.data(), static_cast<size_t>(n));
  p.memory().wrote(a.a[1], static_cast<uint64_t>(n));
  return n;
}

SyscallResult SysFsync(Process&, const SyscallArgs& a) { return HostResult(fsync(a.fd(0))); }
SyscallResult SysFdatasync(Process&, const SyscallArgs& a) { return HostResult(fdatasync(a.fd(0))); }
SyscallResult SysFtruncate(Process&, const SyscallArgs& a) {
  return HostResult(ftruncate(a.fd(0), static_cast<off_t>(a.a[1])));
}
SyscallResult SysFtruncate64(Process&, const SyscallArgs& a) {
  return HostResult(ftruncate(a.fd(0), static_cast<off_t>(a.u64(2))));
}
SyscallResult SysFallocate(Process&, const SyscallArgs& a) {
  return HostResult(fallocate(a.fd(0), a.s32(1), static_cast<off_t>(a.u64(2)),
                              static_cast<off_t>(a.u64(4))));
}
SyscallResult SysFlock(Process&, const SyscallArgs& a) { return HostResult(flock(a.fd(0), a.s32(1))); }
SyscallResult SysFadvise(Process&, const SyscallArgs&) { return 0; }  // advice only

SyscallResult Sendfile(Process& p, const SyscallArgs& a, bool wide) {
  off_t offset = 0;
  off_t* offset_pointer = nullptr;
  if (a.a[2] != 0) {
    uint64_t v = 0;
    uint32_t v32 = 0;
    if (wide ? !p.memory().read_u64(a.a[2], v) : !p.memory().read_u32(a.a[2], v32)) {
      return Errno(EFAULT);
    }
    offset = wide ? static_cast<off_t>(v) : static_cast<int32_t>(v32);
    offset_pointer = &offset;
  }
  const ssize_t n = sendfile(a.fd(0), a.fd(1), offset_pointer, a.a[3]);
  if (n < 0) return Errno(errno);
  if (offset_pointer != nullptr) {
    const bool ok = wide ? p.memory().write_u64(a.a[2], static_cast<uint64_t>(offset))
                         : p.memory().write_u32(a.a[2], static_cast<uint32_t>(offset));
    if (!ok) return Errno(EFAULT);
  }
  return n;
}
SyscallResult SysSendfile(Process& p, const SyscallArgs& a) { return Sendfile(p, a, false); }
SyscallResult SysSendfile64(Process& p, const SyscallArgs& a) { return Sendfile(p, a, true); }

}  // namespace

void RegisterFileSyscalls(SyscallTable& t) {
  t.add(nr::kRead, SysRead);
  t.add(nr::kWrite, SysWrite);
  t.add(nr::kPread64, SysPread64);
  t.add(nr::kPwrite64, SysPwrite64);
  t.add(nr::kReadv, SysReadv);
  t.add(nr::kWritev, SysWritev);
  t.add(nr::kPreadv, SysPreadv);
  t.add(nr::kPwritev, SysPwritev);
  t.add(nr::kLseek, SysLseek);
  t.add(nr::kLlseek, SysLlseek);
  t.add(nr::kClose, SysClose);
  t.add(nr::kDup, SysDup);
  t.add(nr::kDup2, SysDup2);
  t.add(nr::kDup3, SysDup3);
  t.add(nr::kPipe, SysPipe);
  t.add(nr::kPipe2, SysPipe2);
  t.add(nr::kFcntl, SysFcntl);
  t.add(nr::kFcntl64, SysFcntl);
  t.add(nr::kGetdents64, SysGetdents64);
  t.add(nr::kFsync, SysFsync);
  t.add(nr::kFdatasync, SysFdatasync);
  t.add(nr::kFtruncate, SysFtruncate);
  t.add(nr::kFtruncate64, SysFtruncate64);
  t.add(nr::kFallocate, SysFallocate);
  t.add(nr::kFlock, SysFlock);
  t.add(nr::kFadvise64, SysFadvise);
  t.add(nr::kFadvise64_64, SysFadvise);
  t.add(nr::kSendfile, SysSendfile);
  t.add(nr::kSendfile64, SysSendfile64);
}

}  // namespace pvppc::user
