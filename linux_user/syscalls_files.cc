// File and descriptor system calls: passed through to the host with guest
// buffers checked against the guest's page permissions and structures
// converted to the 32-bit PowerPC layouts.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "linux_user/guest_abi.h"
#include "linux_user/syscall_util.h"

namespace pvppc::user {

std::string GuestPath(Process& p, const std::string& path) {
  if (path == "/proc/self/exe") return p.executable();
  return path;
}

namespace {

// open(2) flags whose values differ between PowerPC and x86-64 Linux
// (asm/fcntl.h): everything else is shared.
struct FlagPair {
  uint32_t guest;
  int host;
};
constexpr FlagPair kOpenFlagDifferences[] = {
    {0040000, O_DIRECTORY}, {0100000, O_NOFOLLOW}, {0200000, 0 /* O_LARGEFILE */},
    {0400000, O_DIRECT},
};
constexpr uint32_t kDifferingGuestBits = 0040000 | 0100000 | 0200000 | 0400000;
constexpr int kDifferingHostBits = O_DIRECTORY | O_NOFOLLOW | O_DIRECT | 0100000;

int HostOpenFlags(uint32_t guest) {
  int host = static_cast<int>(guest & ~kDifferingGuestBits);
  for (const FlagPair& f : kOpenFlagDifferences) {
    if (guest & f.guest) host |= f.host;
  }
  return host;
}

uint32_t GuestOpenFlags(int host) {
  uint32_t guest = static_cast<uint32_t>(host & ~kDifferingHostBits);
  for (const FlagPair& f : kOpenFlagDifferences) {
    if (f.host != 0 && (host & f.host)) guest |= f.guest;
  }
  return guest;
}

int64_t Read(Process& p, const SyscallArgs& a) {
  std::byte* buffer = p.space().host_range(a[1], a[2], prot::kWrite);
  if (buffer == nullptr && a[2] != 0) return -EFAULT;
  const long n = read(static_cast<int>(a[0]), buffer, a[2]);
  if (n > 0) p.space().memory().notify_host_write(a[1], static_cast<uint64_t>(n));
  return HostResult(n);
}

int64_t Write(Process& p, const SyscallArgs& a) {
  const std::byte* buffer = p.space().host_range(a[1], a[2], prot::kRead);
  if (buffer == nullptr && a[2] != 0) return -EFAULT;
  return HostResult(write(static_cast<int>(a[0]), buffer, a[2]));
}

int64_t Pread64(Process& p, const SyscallArgs& a) {
  // ppc32 passes the 64-bit offset in an aligned register pair (r7, r8).
  std::byte* buffer = p.space().host_range(a[1], a[2], prot::kWrite);
  if (buffer == nullptr && a[2] != 0) return -EFAULT;
  const off_t offset = static_cast<off_t>((uint64_t{a[4]} << 32) | a[5]);
  const long n = pread(static_cast<int>(a[0]), buffer, a[2], offset);
  if (n > 0) p.space().memory().notify_host_write(a[1], static_cast<uint64_t>(n));
  return HostResult(n);
}

int64_t Pwrite64(Process& p, const SyscallArgs& a) {
  const std::byte* buffer = p.space().host_range(a[1], a[2], prot::kRead);
  if (buffer == nullptr && a[2] != 0) return -EFAULT;
  const off_t offset = static_cast<off_t>((uint64_t{a[4]} << 32) | a[5]);
  return HostResult(pwrite(static_cast<int>(a[0]), buffer, a[2], offset));
}

// readv/writev: struct iovec is {u32 base, u32 length} on ppc32.
template <bool IsRead>
int64_t Vector(Process& p, const SyscallArgs& a) {
  const uint32_t count = a[2];
  if (count > 1024) return -EINVAL;
  std::vector<iovec> host(count);
  std::vector<uint32_t> guest_bases(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t base, length;
    if (!p.space().read_u32(a[1] + 8 * i, base) || !p.space().read_u32(a[1] + 8 * i + 4, length)) {
      return -EFAULT;
    }
    std::byte* ptr = p.space().host_range(base, length, IsRead ? prot::kWrite : prot::kRead);
    if (ptr == nullptr && length != 0) return -EFAULT;
    host[i] = iovec{ptr, length};
    guest_bases[i] = base;
  }
  if constexpr (IsRead) {
    const long n = readv(static_cast<int>(a[0]), host.data(), static_cast<int>(count));
    for (uint32_t i = 0; i < count && n > 0; ++i) {
      p.space().memory().notify_host_write(guest_bases[i], host[i].iov_len);
    }
    return HostResult(n);
  } else {
    return HostResult(writev(static_cast<int>(a[0]), host.data(), static_cast<int>(count)));
  }
}

int64_t OpenAt(Process& p, uint32_t dirfd, uint32_t path_address, uint32_t flags, uint32_t mode) {
  std::string path;
  if (!ReadPath(p, path_address, path)) return -EFAULT;
  return HostResult(openat(HostDirFd(dirfd), GuestPath(p, path).c_str(), HostOpenFlags(flags), mode));
}
int64_t Open(Process& p, const SyscallArgs& a) { return OpenAt(p, AT_FDCWD, a[0], a[1], a[2]); }
int64_t Openat(Process& p, const SyscallArgs& a) { return OpenAt(p, a[0], a[1], a[2], a[3]); }
int64_t Creat(Process& p, const SyscallArgs& a) {
  return OpenAt(p, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}
int64_t Close(Process&, const SyscallArgs& a) { return HostResult(close(static_cast<int>(a[0]))); }

int64_t Lseek(Process&, const SyscallArgs& a) {
  const off_t r = lseek(static_cast<int>(a[0]), static_cast<int32_t>(a[1]), static_cast<int>(a[2]));
  if (r > INT32_MAX) return -EOVERFLOW;
  return HostResult(r);
}

int64_t Llseek(Process& p, const SyscallArgs& a) {
  const off_t offset = static_cast<off_t>((uint64_t{a[1]} << 32) | a[2]);
  const off_t r = lseek(static_cast<int>(a[0]), offset, static_cast<int>(a[4]));
  if (r < 0) return -errno;
  abi::Image<8> out;
  out.u64(0, static_cast<uint64_t>(r));
  return CopyOut(p, a[3], out);
}

int64_t StatResult(Process& p, int result, const struct stat& st, uint32_t address, bool is64) {
  if (result < 0) return -errno;
  return is64 ? CopyOut(p, address, abi::Stat64(st)) : CopyOut(p, address, abi::StatNew(st));
}

template <bool Is64, int Flags>
int64_t StatPath(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[0], path)) return -EFAULT;
  struct stat st;
  const int r = fstatat(AT_FDCWD, GuestPath(p, path).c_str(), &st, Flags);
  return StatResult(p, r, st, a[1], Is64);
}

template <bool Is64>
int64_t StatFd(Process& p, const SyscallArgs& a) {
  struct stat st;
  const int r = fstat(static_cast<int>(a[0]), &st);
  return StatResult(p, r, st, a[1], Is64);
}

int64_t Fstatat64(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[1], path)) return -EFAULT;
  // AT_SYMLINK_NOFOLLOW 0x100 and AT_EMPTY_PATH 0x1000 are the same values.
  struct stat st;
  const int r = fstatat(HostDirFd(a[0]), GuestPath(p, path).c_str(), &st,
                        static_cast<int>(a[3]) & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
  return StatResult(p, r, st, a[2], true);
}

// getdents64: same record layout on both sides but big-endian fields.
int64_t Getdents64(Process& p, const SyscallArgs& a) {
  const uint32_t count = std::min<uint32_t>(a[2], 1u << 20);
  std::vector<std::byte> buffer(count);
  const long n = syscall(SYS_getdents64, static_cast<int>(a[0]), buffer.data(), count);
  if (n < 0) return -errno;
  for (long offset = 0; offset < n;) {
    std::byte* record = buffer.data() + offset;
    uint64_t ino, off;
    uint16_t reclen;
    std::memcpy(&ino, record, 8);
    std::memcpy(&off, record + 8, 8);
    std::memcpy(&reclen, record + 16, 2);
    if (reclen == 0) break;
    ino = __builtin_bswap64(ino);
    off = __builtin_bswap64(off);
    const uint16_t be_reclen = __builtin_bswap16(reclen);
    std::memcpy(record, &ino, 8);
    std::memcpy(record + 8, &off, 8);
    std::memcpy(record + 16, &be_reclen, 2);
    offset += reclen;
  }
  if (!p.space().copy_out(a[1], std::span(buffer.data(), static_cast<size_t>(n)))) return -EFAULT;
  return n;
}

template <int (*Operation)(const char*)>
int64_t PathOnly(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[0], path)) return -EFAULT;
  return HostResult(Operation(GuestPath(p, path).c_str()));
}
int HostChdir(const char* path) { return chdir(path); }
int HostRmdir(const char* path) { return rmdir(path); }
int HostUnlink(const char* path) { return unlink(path); }

template <int (*Operation)(const char*, const char*)>
int64_t TwoPaths(Process& p, const SyscallArgs& a) {
  std::string from, to;
  if (!ReadPath(p, a[0], from) || !ReadPath(p, a[1], to)) return -EFAULT;
  return HostResult(Operation(from.c_str(), to.c_str()));
}
int HostRename(const char* a, const char* b) { return rename(a, b); }
int HostLink(const char* a, const char* b) { return link(a, b); }
int HostSymlink(const char* a, const char* b) { return symlink(a, b); }

int64_t Renameat(Process& p, const SyscallArgs& a) {
  std::string from, to;
  if (!ReadPath(p, a[1], from) || !ReadPath(p, a[3], to)) return -EFAULT;
  return HostResult(renameat(HostDirFd(a[0]), from.c_str(), HostDirFd(a[2]), to.c_str()));
}
int64_t Linkat(Process& p, const SyscallArgs& a) {
  std::string from, to;
  if (!ReadPath(p, a[1], from) || !ReadPath(p, a[3], to)) return -EFAULT;
  return HostResult(linkat(HostDirFd(a[0]), from.c_str(), HostDirFd(a[2]), to.c_str(),
                           static_cast<int>(a[4])));
}
int64_t Symlinkat(Process& p, const SyscallArgs& a) {
  std::string target, path;
  if (!ReadPath(p, a[0], target) || !ReadPath(p, a[2], path)) return -EFAULT;
  return HostResult(symlinkat(target.c_str(), HostDirFd(a[1]), path.c_str()));
}
int64_t Unlinkat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[1], path)) return -EFAULT;
  return HostResult(unlinkat(HostDirFd(a[0]), path.c_str(), static_cast<int>(a[2])));
}
int64_t Mkdir(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[0], path)) return -EFAULT;
  return HostResult(mkdir(path.c_str(), a[1]));
}
int64_t Mkdirat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[1], path)) return -EFAULT;
  return HostResult(mkdirat(HostDirFd(a[0]), path.c_str(), a[2]));
}

int64_t ReadlinkAt(Process& p, int dirfd, uint32_t path_address, uint32_t buffer, uint32_t size) {
  std::string path;
  if (!ReadPath(p, path_address, path)) return -EFAULT;
  std::string target;
  if (path == "/proc/self/exe") {
    target = p.executable();
  } else {
    std::vector<char> host(std::min<uint32_t>(size, 4096));
    const long n = readlinkat(dirfd, path.c_str(), host.data(), host.size());
    if (n < 0) return -errno;
    target.assign(host.data(), static_cast<size_t>(n));
  }
  const size_t n = std::min<size_t>(target.size(), size);
  if (!p.space().copy_out(buffer, std::as_bytes(std::span(target.data(), n)))) return -EFAULT;
  return static_cast<int64_t>(n);
}
int64_t Readlink(Process& p, const SyscallArgs& a) { return ReadlinkAt(p, AT_FDCWD, a[0], a[1], a[2]); }
int64_t Readlinkat(Process& p, const SyscallArgs& a) {
  return ReadlinkAt(p, HostDirFd(a[0]), a[1], a[2], a[3]);
}

int64_t Access(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[0], path)) return -EFAULT;
  return HostResult(access(GuestPath(p, path).c_str(), static_cast<int>(a[1])));
}
int64_t Faccessat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[1], path)) return -EFAULT;
  return HostResult(faccessat(HostDirFd(a[0]), GuestPath(p, path).c_str(), static_cast<int>(a[2]), 0));
}

int64_t Getcwd(Process& p, const SyscallArgs& a) {
  char host[4096];
  if (getcwd(host, sizeof host) == nullptr) return -errno;
  const size_t length = std::strlen(host) + 1;
  if (length > a[1]) return -ERANGE;
  if (!p.space().copy_out(a[0], std::as_bytes(std::span(host, length)))) return -EFAULT;
  return static_cast<int64_t>(length);
}

int64_t Fchdir(Process&, const SyscallArgs& a) { return HostResult(fchdir(static_cast<int>(a[0]))); }
int64_t Umask(Process&, const SyscallArgs& a) { return umask(a[0]); }
int64_t Chmod(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[0], path)) return -EFAULT;
  return HostResult(chmod(path.c_str(), a[1]));
}
int64_t Fchmod(Process&, const SyscallArgs& a) { return HostResult(fchmod(static_cast<int>(a[0]), a[1])); }
int64_t Fchmodat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[1], path)) return -EFAULT;
  return HostResult(fchmodat(HostDirFd(a[0]), path.c_str(), a[2], 0));
}
int64_t Chown(Process& p, const SyscallArgs& a) {
  std::string path;
  if (!ReadPath(p, a[0], path)) return -EFAULT;
  return HostResult(chown(path.c_str(), a[1], a[2]));
}
int64_t Fchown(Process&, const SyscallArgs& a) {
  return HostResult(fchown(static_cast<int>(a[0]), a[1], a[2]));
}

// utimensat with 32-bit (304) or 64-bit (412) timespecs; NULL times = now.
template <bool Time64>
int64_t Utimensat(Process& p, const SyscallArgs& a) {
  std::string path;
  const bool has_path = a[1] != 0;
  if (has_path && !ReadPath(p, a[1], path)) return -EFAULT;
  timespec times[2];
  timespec* times_ptr = nullptr;
  if (a[2] != 0) {
    constexpr size_t kSize = Time64 ? 16 : 8;
    std::byte raw[2 * kSize];
    if (!p.space().copy_in(a[2], raw)) return -EFAULT;
    for (int i = 0; i < 2; ++i) {
      const std::byte* t = raw + i * kSize;
      if constexpr (Time64) {
        times[i].tv_sec = static_cast<time_t>(abi::BigEndian64(t));
        times[i].tv_nsec = static_cast<long>(static_cast<int32_t>(abi::BigEndian64(t + 8)));
      } else {
        times[i].tv_sec = static_cast<int32_t>(abi::BigEndian32(t));
        times[i].tv_nsec = static_cast<int32_t>(abi::BigEndian32(t + 4));
      }
    }
    times_ptr = times;
  }
  if (!has_path) return HostResult(futimens(HostDirFd(a[0]), times_ptr));
  return HostResult(utimensat(HostDirFd(a[0]), path.c_str(), times_ptr, static_cast<int>(a[3])));
}

int64_t Dup(Process&, const SyscallArgs& a) { return HostResult(dup(static_cast<int>(a[0]))); }
int64_t Dup2(Process&, const SyscallArgs& a) {
  return HostResult(dup2(static_cast<int>(a[0]), static_cast<int>(a[1])));
}
int64_t Dup3(Process&, const SyscallArgs& a) {
  return HostResult(dup3(static_cast<int>(a[0]), static_cast<int>(a[1]), HostOpenFlags(a[2])));
}

int64_t PipeWith(Process& p, uint32_t address, uint32_t flags) {
  int fds[2];
  if (pipe2(fds, HostOpenFlags(flags)) < 0) return -errno;
  if (!p.space().write_u32(address, static_cast<uint32_t>(fds[0])) ||
      !p.space().write_u32(address + 4, static_cast<uint32_t>(fds[1]))) {
    close(fds[0]);
    close(fds[1]);
    return -EFAULT;
  }
  return 0;
}
int64_t Pipe(Process& p, const SyscallArgs& a) { return PipeWith(p, a[0], 0); }
int64_t Pipe2(Process& p, const SyscallArgs& a) { return PipeWith(p, a[0], a[1]); }

// fcntl: command numbers are shared; file status flags are translated; record
// locks (struct flock differs) are not supported.
int64_t Fcntl(Process&, const SyscallArgs& a) {
  const int fd = static_cast<int>(a[0]);
  const int cmd = static_cast<int>(a[1]);
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD:
      return HostResult(fcntl(fd, cmd, static_cast<int>(a[2])));
    case F_GETFL: {
      const int flags = fcntl(fd, F_GETFL);
      return flags < 0 ? -errno : GuestOpenFlags(flags);
    }
    case F_SETFL:
      return HostResult(fcntl(fd, F_SETFL, HostOpenFlags(a[2])));
    default:
      return -EINVAL;
  }
}

// ioctl: no terminal emulation here; a program sees no terminal (ENOTTY),
// except for the window size, whose structure is four 16-bit fields.
int64_t Ioctl(Process& p, const SyscallArgs& a) {
  constexpr uint32_t kTiocgwinsz = 0x40087468;  // _IOR('t', 104, struct winsize) on powerpc
  if (a[1] == kTiocgwinsz) {
    winsize ws;
    if (ioctl(static_cast<int>(a[0]), TIOCGWINSZ, &ws) < 0) return -errno;
    abi::Image<8> out;
    out.u16(0, ws.ws_row);
    out.u16(2, ws.ws_col);
    out.u16(4, ws.ws_xpixel);
    out.u16(6, ws.ws_ypixel);
    return CopyOut(p, a[2], out);
  }
  return -ENOTTY;
}

// poll: struct pollfd {s32 fd; s16 events; s16 revents}; event bits shared.
int64_t PollWith(Process& p, uint32_t address, uint32_t count, int timeout_ms) {
  if (count > 4096) return -EINVAL;
  std::vector<pollfd> fds(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::byte raw[8];
    if (!p.space().copy_in(address + 8 * i, raw)) return -EFAULT;
    fds[i].fd = static_cast<int>(abi::BigEndian32(raw));
    fds[i].events = static_cast<short>(abi::BigEndian32(raw + 4) >> 16);
  }
  const int n = poll(fds.data(), count, timeout_ms);
  if (n < 0) return -errno;
  for (uint32_t i = 0; i < count; ++i) {
    abi::Image<2> revents;
    revents.u16(0, static_cast<uint16_t>(fds[i].revents));
    if (!p.space().copy_out(address + 8 * i + 6, revents.bytes)) return -EFAULT;
  }
  return n;
}
int64_t Poll(Process& p, const SyscallArgs& a) {
  return PollWith(p, a[0], a[1], static_cast<int>(a[2]));
}
template <bool Time64>
int64_t Ppoll(Process& p, const SyscallArgs& a) {
  int timeout_ms = -1;
  if (a[2] != 0) {
    std::byte raw[16];
    if (!p.space().copy_in(a[2], std::span(raw, Time64 ? 16 : 8))) return -EFAULT;
    const int64_t sec = Time64 ? static_cast<int64_t>(abi::BigEndian64(raw))
                               : static_cast<int32_t>(abi::BigEndian32(raw));
    const int64_t nsec = Time64 ? static_cast<int64_t>(abi::BigEndian64(raw + 8))
                                : static_cast<int32_t>(abi::BigEndian32(raw + 4));
    timeout_ms = static_cast<int>(sec * 1000 + nsec / 1000000);
  }
  return PollWith(p, a[0], a[1], timeout_ms);
}

int64_t Fsync(Process&, const SyscallArgs& a) { return HostResult(fsync(static_cast<int>(a[0]))); }
int64_t Sync(Process&, const SyscallArgs&) {
  sync();
  return 0;
}
int64_t Ftruncate64(Process&, const SyscallArgs& a) {
  // (fd, pad, high, low): the 64-bit length starts at an even register.
  return HostResult(ftruncate(static_cast<int>(a[0]), static_cast<off_t>((uint64_t{a[2]} << 32) | a[3])));
}
int64_t Ftruncate(Process&, const SyscallArgs& a) {
  return HostResult(ftruncate(static_cast<int>(a[0]), a[1]));
}
int64_t NotSupported(Process&, const SyscallArgs&) { return -ENOSYS; }

constexpr SyscallRow kRows[] = {
    {3, "read", Read},
    {4, "write", Write},
    {5, "open", Open},
    {6, "close", Close},
    {8, "creat", Creat},
    {9, "link", TwoPaths<HostLink>},
    {10, "unlink", PathOnly<HostUnlink>},
    {12, "chdir", PathOnly<HostChdir>},
    {15, "chmod", Chmod},
    {19, "lseek", Lseek},
    {33, "access", Access},
    {36, "sync", Sync},
    {38, "rename", TwoPaths<HostRename>},
    {39, "mkdir", Mkdir},
    {40, "rmdir", PathOnly<HostRmdir>},
    {41, "dup", Dup},
    {42, "pipe", Pipe},
    {54, "ioctl", Ioctl},
    {55, "fcntl", Fcntl},
    {60, "umask", Umask},
    {63, "dup2", Dup2},
    {83, "symlink", TwoPaths<HostSymlink>},
    {85, "readlink", Readlink},
    {93, "ftruncate", Ftruncate},
    {94, "fchmod", Fchmod},
    {95, "fchown", Fchown},
    {106, "stat", StatPath<false, 0>},
    {107, "lstat", StatPath<false, AT_SYMLINK_NOFOLLOW>},
    {108, "fstat", StatFd<false>},
    {118, "fsync", Fsync},
    {133, "fchdir", Fchdir},
    {140, "_llseek", Llseek},
    {145, "readv", Vector<true>},
    {146, "writev", Vector<false>},
    {148, "fdatasync", Fsync},
    {167, "poll", Poll},
    {179, "pread64", Pread64},
    {180, "pwrite64", Pwrite64},
    {181, "chown", Chown},
    {182, "getcwd", Getcwd},
    {186, "sendfile", NotSupported},
    {194, "ftruncate64", Ftruncate64},
    {195, "stat64", StatPath<true, 0>},
    {196, "lstat64", StatPath<true, AT_SYMLINK_NOFOLLOW>},
    {197, "fstat64", StatFd<true>},
    {202, "getdents64", Getdents64},
    {204, "fcntl64", Fcntl},
    {226, "sendfile64", NotSupported},
    {281, "ppoll", Ppoll<false>},
    {286, "openat", Openat},
    {287, "mkdirat", Mkdirat},
    {291, "fstatat64", Fstatat64},
    {292, "unlinkat", Unlinkat},
    {293, "renameat", Renameat},
    {294, "linkat", Linkat},
    {295, "symlinkat", Symlinkat},
    {296, "readlinkat", Readlinkat},
    {297, "fchmodat", Fchmodat},
    {298, "faccessat", Faccessat},
    {304, "utimensat", Utimensat<false>},
    {316, "dup3", Dup3},
    {317, "pipe2", Pipe2},
    {379, "copy_file_range", NotSupported},
    {383, "statx", NotSupported},  // glibc falls back to fstatat64
    {412, "utimensat_time64", Utimensat<true>},
    {414, "ppoll_time64", Ppoll<true>},
    {437, "openat2", NotSupported},
    {439, "faccessat2", NotSupported},
};

}  // namespace

std::span<const SyscallRow> FileSyscalls() { return kRows; }

}  // namespace pvppc::user
