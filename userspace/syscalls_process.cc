// Process system calls. A guest process is a host process: fork is a host
// fork of the whole runner (guest memory is a private mapping, so the child
// gets a copy-on-write copy for free), wait and ids pass through, and
// execve loads the new program into a fresh image inside the same host
// process, keeping its descriptors, ids and ignored signals.
#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <vector>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/program_loader.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

// clone flags (linux/sched.h).
constexpr uint32_t kCloneVm = 0x00000100;
constexpr uint32_t kCloneSighand = 0x00000800;
constexpr uint32_t kCloneVfork = 0x00004000;
constexpr uint32_t kCloneThread = 0x00010000;
constexpr uint32_t kCloneSettls = 0x00080000;
constexpr uint32_t kCloneParentSettid = 0x00100000;
constexpr uint32_t kCloneChildCleartid = 0x00200000;
constexpr uint32_t kCloneChildSettid = 0x01000000;
constexpr uint32_t kCsignal = 0xff;

// execve limits: Linux allows a quarter of the stack for the strings.
constexpr size_t kMaxArgs = 0x7fffffff;
constexpr size_t kMaxArgBytes = 2u << 20;

SyscallResult SysExitGroup(Process& p, const SyscallArgs& a) {
  p.exit(a.s32(0));
  return kNoResult;
}

// Everything fork-like: fork, vfork and clone without CLONE_VM (or with
// CLONE_VM | CLONE_VFORK, as posix_spawn uses it, run as a plain fork).
SyscallResult Fork(Process& p, uint32_t flags, uint32_t new_sp, uint32_t parent_tid, uint32_t tls,
                   uint32_t child_tid) {
  if ((flags & (kCloneThread | kCloneSighand)) || ((flags & kCloneVm) && !(flags & kCloneVfork))) {
    return Errno(ENOSYS);  // threads: pvppc_user runs single-threaded programs
  }
  std::fflush(nullptr);  // no host stdio buffer may be written twice
  const pid_t pid = fork();
  if (pid < 0) return Errno(errno);
  if (pid == 0) {
    p.became_forked_child();
    cpu::CpuState& s = p.state();
    if (new_sp != 0) s.gpr[1] = new_sp;
    if (flags & kCloneSettls) s.gpr[2] = tls;
    const uint32_t self = static_cast<uint32_t>(getpid());
    if (flags & kCloneChildSettid) (void)p.memory().write_u32(child_tid, self);
    if (flags & kCloneParentSettid) (void)p.memory().write_u32(parent_tid, self);
    if (flags & kCloneChildCleartid) p.clear_child_tid = child_tid;
    return 0;
  }
  if (flags & kCloneParentSettid) (void)p.memory().write_u32(parent_tid, static_cast<uint32_t>(pid));
  return pid;
}

SyscallResult SysFork(Process& p, const SyscallArgs&) { return Fork(p, SIGCHLD, 0, 0, 0, 0); }
SyscallResult SysClone(Process& p, const SyscallArgs& a) {
  // PowerPC's argument order: flags, newsp, parent_tid, tls, child_tid.
  if ((a.a[0] & kCsignal) != SIGCHLD && (a.a[0] & kCsignal) != 0) return Errno(EINVAL);
  return Fork(p, a.a[0], a.a[1], a.a[2], a.a[3], a.a[4]);
}

// Close-on-exec descriptors go at a successful exec, as the kernel does.
void CloseOnExecDescriptors() {
  std::vector<int> to_close;
  if (DIR* dir = opendir("/proc/self/fd")) {
    const int own = dirfd(dir);
    while (dirent* e = readdir(dir)) {
      char* end;
      const long fd = std::strtol(e->d_name, &end, 10);
      if (*end != '\0' || e->d_name[0] == '\0' || fd == own) continue;
      const int flags = fcntl(static_cast<int>(fd), F_GETFD);
      if (flags >= 0 && (flags & FD_CLOEXEC)) to_close.push_back(static_cast<int>(fd));
    }
    closedir(dir);
  }
  for (int fd : to_close) close(fd);
}

SyscallResult SysExecve(Process& p, const SyscallArgs& a) {
  std::string path;
  if (int e = ReadPath(p, a.a[0], path); e != 0) return Errno(e);
  UserMemory::StringArrayResult argv = p.memory().read_string_array(a.a[1], kMaxArgs, kMaxArgBytes);
  if (argv.error != 0) return Errno(argv.error);
  UserMemory::StringArrayResult envp = p.memory().read_string_array(a.a[2], kMaxArgs, kMaxArgBytes);
  if (envp.error != 0) return Errno(envp.error);
  ProgramRequest request{path, std::move(argv.values), std::move(envp.values), p.image().executable};
  LoadResult image = LoadProgram(request, p.time_base(), p.options().core_options);
  if (!image) return Errno(image.error().error);
  CloseOnExecDescriptors();
  p.signals().reset_for_exec();
  p.clear_child_tid = 0;
  p.replace_image(std::move(*image));
  return kNoResult;
}

SyscallResult Wait4(Process& p, int32_t pid, uint32_t status_address, int options,
                    uint32_t rusage_address) {
  int status = 0;
  struct rusage ru {};
  const pid_t r = wait4(pid, &status, options, rusage_address ? &ru : nullptr);
  if (r < 0) return Errno(errno);
  // The status word's encoding (exit code << 8, signal in the low bits) and
  // the signal numbers are the same on both sides.
  if (r > 0 && status_address != 0 && !p.memory().write_u32(status_address, static_cast<uint32_t>(status))) {
    return Errno(EFAULT);
  }
  if (rusage_address != 0) {
    if (SyscallResult e = CopyOut(p, rusage_address, EncodeRusage(ru).bytes()); e < 0) return e;
  }
  return r;
}
SyscallResult SysWait4(Process& p, const SyscallArgs& a) {
  return Wait4(p, a.s32(0), a.a[1], a.s32(2), a.a[3]);
}
SyscallResult SysWaitpid(Process& p, const SyscallArgs& a) {
  return Wait4(p, a.s32(0), a.a[1], a.s32(2), 0);
}

SyscallResult SysWaitid(Process& p, const SyscallArgs& a) {
  siginfo_t info {};
  if (waitid(static_cast<idtype_t>(a.a[0]), a.a[1], &info, a.s32(3)) != 0) return Errno(errno);
  if (a.a[2] != 0) {
    BeStruct<128> g;
    g.put32(0, static_cast<uint32_t>(info.si_signo));
    g.put32(4, static_cast<uint32_t>(info.si_errno));
    g.put32(8, static_cast<uint32_t>(info.si_code));
    g.put32(12, static_cast<uint32_t>(info.si_pid));
    g.put32(16, info.si_uid);
    g.put32(20, static_cast<uint32_t>(info.si_status));
    if (SyscallResult e = CopyOut(p, a.a[2], g.bytes()); e < 0) return e;
  }
  if (a.a[4] != 0) {
    struct rusage ru {};
    getrusage(RUSAGE_CHILDREN, &ru);
    if (SyscallResult e = CopyOut(p, a.a[4], EncodeRusage(ru).bytes()); e < 0) return e;
  }
  return 0;
}

SyscallResult SysNotImplemented(Process&, const SyscallArgs&) { return Errno(ENOSYS); }

}  // namespace

void RegisterProcessSyscalls(SyscallTable& t) {
  t.add(nr::kExit, SysExitGroup);  // single-threaded: the thread is the process
  t.add(nr::kExitGroup, SysExitGroup);
  t.add(nr::kFork, SysFork);
  t.add(nr::kVfork, SysFork);
  t.add(nr::kClone, SysClone);
  t.add(nr::kClone3, SysNotImplemented);  // glibc falls back to clone
  t.add(nr::kExecve, SysExecve);
  t.add(nr::kWait4, SysWait4);
  t.add(nr::kWaitpid, SysWaitpid);
  t.add(nr::kWaitid, SysWaitid);
  t.add(nr::kGetRobustList, SysNotImplemented);
  t.add(nr::kRseq, SysNotImplemented);  // glibc works without restartable sequences
}

}  // namespace pvppc::user
