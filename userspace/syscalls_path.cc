// System calls on paths: open, stat and friends, directory and link
// operations. Paths go to the host unchanged (the guest sees the host's file
// system), except /proc/self/exe, which means the guest's program.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <climits>
#include <cstring>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

SyscallResult Open(Process&, int dirfd, const std::string& path, uint32_t flags, uint32_t mode) {
  return HostResult(openat(dirfd, path.c_str(), HostOpenFlags(flags), static_cast<mode_t>(mode)));
}

SyscallResult SysOpen(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return Open(p, AT_FDCWD, path, a.a[1], a.a[2]);
}
SyscallResult SysOpenat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return Open(p, DirFd(a.a[0]), path, a.a[2], a.a[3]);
}
SyscallResult SysCreat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return Open(p, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, a.a[1]);
}

SyscallResult Stat64(Process& p, int dirfd, const std::string& path, uint32_t out, int flags) {
  struct stat st;
  if (fstatat(dirfd, path.c_str(), &st, flags) != 0) return Errno(errno);
  return CopyOut(p, out, EncodeStat64(st).bytes());
}

SyscallResult SysStat64(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return Stat64(p, AT_FDCWD, path, a.a[1], 0);
}
SyscallResult SysLstat64(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return Stat64(p, AT_FDCWD, path, a.a[1], AT_SYMLINK_NOFOLLOW);
}
SyscallResult SysFstat64(Process& p, const SyscallArgs& a) {
  return Stat64(p, a.fd(0), "", a.a[1], AT_EMPTY_PATH);
}
SyscallResult SysFstatat64(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return Stat64(p, DirFd(a.a[0]), path, a.a[2], a.s32(3));
}

SyscallResult SysStatx(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  struct statx sx;
  if (statx(DirFd(a.a[0]), path.c_str(), a.s32(2), a.a[3], &sx) != 0) return Errno(errno);
  return CopyOut(p, a.a[4], EncodeStatx(sx).bytes());
}

SyscallResult Statfs64(Process& p, const struct statfs& s, uint32_t out) {
  BeStruct<88> g;
  g.put32(0, static_cast<uint32_t>(s.f_type));
  g.put32(4, static_cast<uint32_t>(s.f_bsize));
  g.put64(8, s.f_blocks);
  g.put64(16, s.f_bfree);
  g.put64(24, s.f_bavail);
  g.put64(32, s.f_files);
  g.put64(40, s.f_ffree);
  int fsid[2];
  std::memcpy(fsid, &s.f_fsid, sizeof fsid);
  g.put32(48, static_cast<uint32_t>(fsid[0]));
  g.put32(52, static_cast<uint32_t>(fsid[1]));
  g.put32(56, static_cast<uint32_t>(s.f_namelen));
  g.put32(60, static_cast<uint32_t>(s.f_frsize));
  g.put32(64, static_cast<uint32_t>(s.f_flags));
  return CopyOut(p, out, g.bytes());
}
SyscallResult SysStatfs64(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  struct statfs s;
  if (statfs(path.c_str(), &s) != 0) return Errno(errno);
  return Statfs64(p, s, a.a[2]);
}
SyscallResult SysFstatfs64(Process& p, const SyscallArgs& a) {
  struct statfs s;
  if (fstatfs(a.fd(0), &s) != 0) return Errno(errno);
  return Statfs64(p, s, a.a[2]);
}

SyscallResult SysAccess(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(access(path.c_str(), a.s32(1)));
}
SyscallResult SysFaccessat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(faccessat(DirFd(a.a[0]), path.c_str(), a.s32(2), 0));
}
SyscallResult SysFaccessat2(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(faccessat(DirFd(a.a[0]), path.c_str(), a.s32(2), a.s32(3)));
}

SyscallResult SysGetcwd(Process& p, const SyscallArgs& a) {
  char buffer[PATH_MAX];
  if (getcwd(buffer, sizeof buffer) == nullptr) return Errno(errno);
  const size_t length = std::strlen(buffer) + 1;
  if (length > a.a[1]) return Errno(ERANGE);
  if (SyscallResult r = CopyOut(p, a.a[0], std::as_bytes(std::span(buffer, length))); r < 0) return r;
  return static_cast<SyscallResult>(length);  // the syscall counts the NUL
}

SyscallResult SysChdir(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(chdir(path.c_str()));
}
SyscallResult SysFchdir(Process&, const SyscallArgs& a) { return HostResult(fchdir(a.fd(0))); }

SyscallResult Readlink(Process& p, int dirfd, uint32_t path_address, uint32_t out, uint32_t size) {
  std::string path;
  if (int e = ReadPath(p, path_address, path); e != 0) return Errno(e);
  if (static_cast<int32_t>(size) <= 0) return Errno(EINVAL);
  std::string target;
  if (path == "/proc/self/exe") {
    target = p.image().executable;
  } else {
    char buffer[PATH_MAX];
    const ssize_t n = readlinkat(dirfd, path.c_str(), buffer, sizeof buffer);
    if (n < 0) return Errno(errno);
    target.assign(buffer, static_cast<size_t>(n));
  }
  const size_t n = std::min<size_t>(target.size(), size);  // no NUL, truncated silently
  if (SyscallResult r = CopyOut(p, out, std::as_bytes(std::span(target.data(), n))); r < 0) return r;
  return static_cast<SyscallResult>(n);
}
SyscallResult SysReadlink(Process& p, const SyscallArgs& a) {
  return Readlink(p, AT_FDCWD, a.a[0], a.a[1], a.a[2]);
}
SyscallResult SysReadlinkat(Process& p, const SyscallArgs& a) {
  return Readlink(p, DirFd(a.a[0]), a.a[1], a.a[2], a.a[3]);
}

SyscallResult SysUmask(Process&, const SyscallArgs& a) { return umask(static_cast<mode_t>(a.a[0] & 0777)); }
SyscallResult SysSync(Process&, const SyscallArgs&) {
  sync();
  return 0;
}
SyscallResult SysSyncfs(Process&, const SyscallArgs& a) { return HostResult(syncfs(a.fd(0))); }

}  // namespace

void RegisterPathSyscalls(SyscallTable& t) {
  t.add(nr::kOpen, SysOpen);
  t.add(nr::kOpenat, SysOpenat);
  t.add(nr::kCreat, SysCreat);
  t.add(nr::kStat64, SysStat64);
  t.add(nr::kLstat64, SysLstat64);
  t.add(nr::kFstat64, SysFstat64);
  t.add(nr::kFstatat64, SysFstatat64);
  t.add(nr::kStatx, SysStatx);
  t.add(nr::kStatfs64, SysStatfs64);
  t.add(nr::kFstatfs64, SysFstatfs64);
  t.add(nr::kAccess, SysAccess);
  t.add(nr::kFaccessat, SysFaccessat);
  t.add(nr::kFaccessat2, SysFaccessat2);
  t.add(nr::kGetcwd, SysGetcwd);
  t.add(nr::kChdir, SysChdir);
  t.add(nr::kFchdir, SysFchdir);
  t.add(nr::kReadlink, SysReadlink);
  t.add(nr::kReadlinkat, SysReadlinkat);
  t.add(nr::kUmask, SysUmask);
  t.add(nr::kSync, SysSync);
  t.add(nr::kSyncfs, SysSyncfs);
}

}  // namespace pvppc::user
