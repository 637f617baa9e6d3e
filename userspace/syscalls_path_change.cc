// System calls that change the file system through paths: directories,
// removal and renaming, links, permissions, owners, times and sizes. Like
// the rest of the path calls they act on the host's file system directly.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

SyscallResult SysMkdir(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(mkdir(path.c_str(), static_cast<mode_t>(a.a[1])));
}
SyscallResult SysMkdirat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(mkdirat(DirFd(a.a[0]), path.c_str(), static_cast<mode_t>(a.a[2])));
}
SyscallResult SysMknodat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(mknodat(DirFd(a.a[0]), path.c_str(), static_cast<mode_t>(a.a[2]), a.a[3]));
}
SyscallResult SysMknod(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(mknod(path.c_str(), static_cast<mode_t>(a.a[1]), a.a[2]));
}
SyscallResult SysRmdir(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(rmdir(path.c_str()));
}
SyscallResult SysUnlink(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(unlink(path.c_str()));
}
SyscallResult SysUnlinkat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(unlinkat(DirFd(a.a[0]), path.c_str(), a.s32(2)));
}

SyscallResult SysRename(Process& p, const SyscallArgs& a) {
  std::string from;
  if (int e = ReadHostPath(p, a.a[0], from); e != 0) return Errno(e);
  std::string to;
  if (int e = ReadHostPath(p, a.a[1], to); e != 0) return Errno(e);
  return HostResult(rename(from.c_str(), to.c_str()));
}
SyscallResult SysRenameat(Process& p, const SyscallArgs& a) {
  std::string from;
  if (int e = ReadHostPath(p, a.a[1], from); e != 0) return Errno(e);
  std::string to;
  if (int e = ReadHostPath(p, a.a[3], to); e != 0) return Errno(e);
  return HostResult(renameat(DirFd(a.a[0]), from.c_str(), DirFd(a.a[2]), to.c_str()));
}
SyscallResult SysRenameat2(Process& p, const SyscallArgs& a) {
  std::string from;
  if (int e = ReadHostPath(p, a.a[1], from); e != 0) return Errno(e);
  std::string to;
  if (int e = ReadHostPath(p, a.a[3], to); e != 0) return Errno(e);
  return HostResult(renameat2(DirFd(a.a[0]), from.c_str(), DirFd(a.a[2]), to.c_str(), a.a[4]));
}

SyscallResult SysLink(Process& p, const SyscallArgs& a) {
  std::string from;
  if (int e = ReadHostPath(p, a.a[0], from); e != 0) return Errno(e);
  std::string to;
  if (int e = ReadHostPath(p, a.a[1], to); e != 0) return Errno(e);
  return HostResult(link(from.c_str(), to.c_str()));
}
SyscallResult SysLinkat(Process& p, const SyscallArgs& a) {
  std::string from;
  if (int e = ReadHostPath(p, a.a[1], from); e != 0) return Errno(e);
  std::string to;
  if (int e = ReadHostPath(p, a.a[3], to); e != 0) return Errno(e);
  return HostResult(linkat(DirFd(a.a[0]), from.c_str(), DirFd(a.a[2]), to.c_str(), a.s32(4)));
}
SyscallResult SysSymlink(Process& p, const SyscallArgs& a) {
  std::string target;  // stored as given, never mapped
  if (int e = ReadPath(p, a.a[0], target); e != 0) return Errno(e);
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(symlink(target.c_str(), path.c_str()));
}
SyscallResult SysSymlinkat(Process& p, const SyscallArgs& a) {
  std::string target;
  if (int e = ReadPath(p, a.a[0], target); e != 0) return Errno(e);
  std::string path;
  if (int e = ReadHostPath(p, a.a[2], path); e != 0) return Errno(e);
  return HostResult(symlinkat(target.c_str(), DirFd(a.a[1]), path.c_str()));
}

SyscallResult SysChmod(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(chmod(path.c_str(), static_cast<mode_t>(a.a[1])));
}
SyscallResult SysFchmod(Process&, const SyscallArgs& a) {
  return HostResult(fchmod(a.fd(0), static_cast<mode_t>(a.a[1])));
}
SyscallResult SysFchmodat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(fchmodat(DirFd(a.a[0]), path.c_str(), static_cast<mode_t>(a.a[2]), 0));
}
SyscallResult SysChown(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(chown(path.c_str(), a.a[1], a.a[2]));
}
SyscallResult SysLchown(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(lchown(path.c_str(), a.a[1], a.a[2]));
}
SyscallResult SysFchown(Process&, const SyscallArgs& a) {
  return HostResult(fchown(a.fd(0), a.a[1], a.a[2]));
}
SyscallResult SysFchownat(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[1], path); e != 0) return Errno(e);
  return HostResult(fchownat(DirFd(a.a[0]), path.c_str(), a.a[2], a.a[3], a.s32(4)));
}

SyscallResult Utimensat(Process& p, const SyscallArgs& a, bool wide) {
  std::string path;
  if (a.a[1] != 0) {
    if (int e = ReadPath(p, a.a[1], path); e != 0) return Errno(e);
    path = HostPath(p, path);
  }
  timespec times[2];
  timespec* times_pointer = nullptr;
  if (a.a[2] != 0) {
    for (int i = 0; i < 2; ++i) {
      if (wide) {
        GuestTimespec64 g;
        if (!p.memory().read(a.a[2] + 16 * i, g.bytes())) return Errno(EFAULT);
        times[i] = DecodeTimespec64(g);
      } else {
        GuestTimespec32 g;
        if (!p.memory().read(a.a[2] + 8 * i, g.bytes())) return Errno(EFAULT);
        times[i] = DecodeTimespec32(g);
      }
    }
    times_pointer = times;
  }
  // A null path means the descriptor itself (futimens).
  if (a.a[1] == 0) return HostResult(futimens(DirFd(a.a[0]), times_pointer));
  return HostResult(utimensat(DirFd(a.a[0]), path.c_str(), times_pointer, a.s32(3)));
}
SyscallResult SysUtimensat(Process& p, const SyscallArgs& a) { return Utimensat(p, a, false); }
SyscallResult SysUtimensatTime64(Process& p, const SyscallArgs& a) { return Utimensat(p, a, true); }

SyscallResult SysTruncate(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(truncate(path.c_str(), static_cast<int32_t>(a.a[1])));
}
SyscallResult SysTruncate64(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadHostPath(p, a.a[0], path); e != 0) return Errno(e);
  return HostResult(truncate(path.c_str(), static_cast<off_t>(a.u64(2))));
}
}  // namespace

void RegisterPathChangeSyscalls(SyscallTable& t) {
  t.add(nr::kMkdir, SysMkdir);
  t.add(nr::kMkdirat, SysMkdirat);
  t.add(nr::kMknod, SysMknod);
  t.add(nr::kMknodat, SysMknodat);
  t.add(nr::kRmdir, SysRmdir);
  t.add(nr::kUnlink, SysUnlink);
  t.add(nr::kUnlinkat, SysUnlinkat);
  t.add(nr::kRename, SysRename);
  t.add(nr::kRenameat, SysRenameat);
  t.add(nr::kRenameat2, SysRenameat2);
  t.add(nr::kLink, SysLink);
  t.add(nr::kLinkat, SysLinkat);
  t.add(nr::kSymlink, SysSymlink);
  t.add(nr::kSymlinkat, SysSymlinkat);
  t.add(nr::kChmod, SysChmod);
  t.add(nr::kFchmod, SysFchmod);
  t.add(nr::kFchmodat, SysFchmodat);
  t.add(nr::kChown, SysChown);
  t.add(nr::kLchown, SysLchown);
  t.add(nr::kFchown, SysFchown);
  t.add(nr::kFchownat, SysFchownat);
  t.add(nr::kUtimensat, SysUtimensat);
  t.add(nr::kUtimensatTime64, SysUtimensatTime64);
  t.add(nr::kTruncate, SysTruncate);
  t.add(nr::kTruncate64, SysTruncate64);
}

}  // namespace pvppc::user
