// Process system calls. A guest fork is a host fork of the whole runner (the
// guest address space is a private mapping, so it becomes copy-on-write);
// execve loads a new program into the same runner; wait and kill pass
// through to the host, where the guest's children are real processes.
// Signal handlers are recorded but not delivered: a signal that would run a
// handler ends the program instead (see Process::kill_by_signal).
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <vector>

#include "linux_user/guest_abi.h"
#include "linux_user/syscall_util.h"

namespace pvppc::user {
namespace {

constexpr uint32_t kCloneVm = 0x00000100;
constexpr uint32_t kCloneVfork = 0x00004000;
constexpr uint32_t kCloneThread = 0x00010000;
constexpr uint32_t kCloneParentSettid = 0x00100000;
constexpr uint32_t kCloneChildCleartid = 0x00200000;
constexpr uint32_t kCloneChildSettid = 0x01000000;

int64_t Exit(Process& p, const SyscallArgs& a) {
  p.exit(static_cast<int>(a[0] & 0xff));
  return kNoResult;
}

int64_t ForkWithStack(Process& p, uint32_t new_stack) {
  const pid_t pid = fork();
  if (pid < 0) return -errno;
  if (pid == 0 && new_stack != 0) p.state().gpr[1] = new_stack;
  return pid;  // 0 in the child
}

int64_t Fork(Process& p, const SyscallArgs&) { return ForkWithStack(p, 0); }

// clone(flags, stack, parent_tid, tls, child_tid) on powerpc. Threads
// (CLONE_VM without CLONE_VFORK) are not supported; vfork-style clones run as
// a fork, which is indistinguishable for programs that exec or exit at once.
int64_t Clone(Process& p, const SyscallArgs& a) {
  const uint32_t flags = a[0];
  if ((flags & kCloneThread) || ((flags & kCloneVm) && !(flags & kCloneVfork))) return -ENOSYS;
  const int64_t pid = ForkWithStack(p, a[1]);
  if (pid < 0) return pid;
  if (pid == 0) {
    if (flags & kCloneChildSettid) (void)p.space().write_u32(a[4], static_cast<uint32_t>(getpid()));
    if (flags & kCloneChildCleartid) p.clear_child_tid = a[4];
  } else if (flags & kCloneParentSettid) {
    (void)p.space().write_u32(a[2], static_cast<uint32_t>(pid));
  }
  return pid;
}

bool ReadStringVector(Process& p, uint32_t address, std::vector<std::string>& out) {
  if (address == 0) return true;
  for (uint32_t i = 0; i < 65536; ++i) {
    uint32_t pointer;
    if (!p.space().read_u32(address + 4 * i, pointer)) return false;
    if (pointer == 0) return true;
    std::string s;
    if (!p.space().read_string(pointer, s, 1u << 17)) return false;
    out.push_back(std::move(s));
  }
  return false;
}

int64_t Execve(Process& p, const SyscallArgs& a) {
  std::string path;
  std::vector<std::string> argv, envp;
  if (!ReadPath(p, a[0], path) || !ReadStringVector(p, a[1], argv) ||
      !ReadStringVector(p, a[2], envp)) {
    return -EFAULT;
  }
  path = GuestPath(p, path);
  if (access(path.c_str(), X_OK) != 0) return -errno;
  if (Status s = p.exec(path, argv, envp); !s) return -ENOEXEC;
  return kNoResult;
}

int64_t WriteWaitStatus(Process& p, uint32_t address, int status) {
  if (address != 0 && !p.space().write_u32(address, static_cast<uint32_t>(status))) return -EFAULT;
  return 0;
}

int64_t Wait4(Process& p, const SyscallArgs& a) {
  int status = 0;
  const pid_t pid = wait4(static_cast<int32_t>(a[0]), &status, static_cast<int>(a[2]), nullptr);
  if (pid < 0) return -errno;
  if (pid > 0 && WriteWaitStatus(p, a[1], status) < 0) return -EFAULT;
  if (a[3] != 0) {
    abi::Image<72> usage;  // struct rusage with 32-bit fields: left zero
    if (CopyOut(p, a[3], usage) < 0) return -EFAULT;
  }
  return pid;
}

int64_t Waitpid(Process& p, const SyscallArgs& a) {
  int status = 0;
  const pid_t pid = waitpid(static_cast<int32_t>(a[0]), &status, static_cast<int>(a[2]));
  if (pid < 0) return -errno;
  if (pid > 0 && WriteWaitStatus(p, a[1], status) < 0) return -EFAULT;
  return pid;
}

// Signals sent to the program itself end it (no handler delivery); signals to
// other processes (its children) pass through.
int64_t SignalSelf(Process& p, uint32_t signal) {
  if (signal == 0) return 0;
  if (signal >= 65) return -EINVAL;
  if (p.ignored_signals[signal]) return 0;
  p.kill_by_signal(static_cast<int>(signal), "sent to itself");
  return kNoResult;
}

int64_t Kill(Process& p, const SyscallArgs& a) {
  const int32_t pid = static_cast<int32_t>(a[0]);
  if (pid == getpid() || pid == 0) return SignalSelf(p, a[1]);
  return HostResult(kill(pid, static_cast<int>(a[1])));
}
int64_t Tkill(Process& p, const SyscallArgs& a) {
  if (static_cast<int32_t>(a[0]) == getpid()) return SignalSelf(p, a[1]);
  return -ESRCH;
}
int64_t Tgkill(Process& p, const SyscallArgs& a) {
  if (static_cast<int32_t>(a[1]) == getpid()) return SignalSelf(p, a[2]);
  return -ESRCH;
}

// rt_sigaction: struct sigaction {handler, flags, restorer, mask[2]} (20
// bytes). Only SIG_IGN is acted upon.
int64_t RtSigaction(Process& p, const SyscallArgs& a) {
  const uint32_t signal = a[0];
  if (signal == 0 || signal >= 65) return -EINVAL;
  if (a[2] != 0) {
    abi::Image<20> old;
    old.u32(0, p.signal_handlers[signal]);
    if (CopyOut(p, a[2], old) < 0) return -EFAULT;
  }
  if (a[1] != 0) {
    uint32_t handler;
    if (!p.space().read_u32(a[1], handler)) return -EFAULT;
    if (signal == SIGKILL || signal == SIGSTOP) return -EINVAL;
    p.signal_handlers[signal] = handler;
    p.ignored_signals[signal] = handler == 1;  // SIG_IGN
  }
  return 0;
}

int64_t RtSigprocmask(Process& p, const SyscallArgs& a) {
  if (a[2] != 0) {
    abi::Image<8> old;
    if (CopyOut(p, a[2], old) < 0) return -EFAULT;
  }
  return 0;
}

int64_t Sigaltstack(Process& p, const SyscallArgs& a) {
  if (a[1] != 0) {
    abi::Image<12> old;
    old.u32(4, 2);  // SS_DISABLE
    if (CopyOut(p, a[1], old) < 0) return -EFAULT;
  }
  return 0;
}

int64_t Getpid(Process&, const SyscallArgs&) { return getpid(); }
int64_t Getppid(Process&, const SyscallArgs&) { return getppid(); }
int64_t Getuid(Process&, const SyscallArgs&) { return getuid(); }
int64_t Geteuid(Process&, const SyscallArgs&) { return geteuid(); }
int64_t Getgid(Process&, const SyscallArgs&) { return getgid(); }
int64_t Getegid(Process&, const SyscallArgs&) { return getegid(); }
int64_t Getpgid(Process&, const SyscallArgs& a) { return HostResult(getpgid(static_cast<int32_t>(a[0]))); }
int64_t Setpgid(Process&, const SyscallArgs& a) {
  return HostResult(setpgid(static_cast<int32_t>(a[0]), static_cast<int32_t>(a[1])));
}
int64_t Getpgrp(Process&, const SyscallArgs&) { return getpgrp(); }
int64_t Setsid(Process&, const SyscallArgs&) { return HostResult(setsid()); }
int64_t Getsid(Process&, const SyscallArgs& a) { return HostResult(getsid(static_cast<int32_t>(a[0]))); }

int64_t SetTidAddress(Process& p, const SyscallArgs& a) {
  p.clear_child_tid = a[0];
  return getpid();
}
int64_t Zero(Process&, const SyscallArgs&) { return 0; }
int64_t NotSupported(Process&, const SyscallArgs&) { return -ENOSYS; }

// Resource limits: struct rlimit of two 32-bit words (infinity = ~0).
int64_t Getrlimit(Process& p, const SyscallArgs& a) {
  rlimit limit;
  if (getrlimit(static_cast<int>(a[0]), &limit) < 0) return -errno;
  abi::Image<8> out;
  auto clamp = [](rlim_t v) { return v == RLIM_INFINITY || v > 0xffffffffu ? 0xffffffffu : static_cast<uint32_t>(v); };
  out.u32(0, clamp(limit.rlim_cur));
  out.u32(4, clamp(limit.rlim_max));
  return CopyOut(p, a[1], out);
}
int64_t Prlimit64(Process& p, const SyscallArgs& a) {
  if (a[0] != 0 && static_cast<int32_t>(a[0]) != getpid()) return -EPERM;
  if (a[3] != 0) {
    rlimit limit;
    if (getrlimit(static_cast<int>(a[1]), &limit) < 0) return -errno;
    abi::Image<16> out;
    out.u64(0, limit.rlim_cur);
    out.u64(8, limit.rlim_max);
    if (CopyOut(p, a[3], out) < 0) return -EFAULT;
  }
  return 0;  // new limits are accepted and ignored
}

// Single-threaded futex: nobody else can change the word or be woken.
int64_t Futex(Process& p, const SyscallArgs& a) {
  const uint32_t op = a[1] & 0x7f;
  if (op == 1 /* FUTEX_WAKE */) return 0;
  if (op == 0 /* FUTEX_WAIT */) {
    uint32_t value;
    if (!p.space().read_u32(a[0], value)) return -EFAULT;
    return value != a[2] ? -EAGAIN : -ETIMEDOUT;
  }
  return -ENOSYS;
}

int64_t SchedGetaffinity(Process& p, const SyscallArgs& a) {
  if (a[1] < 4) return -EINVAL;
  // One CPU: bit 0 of the first mask word.
  if (!p.space().write_u32(a[2], 1u)) return -EFAULT;
  return 4;
}

constexpr SyscallRow kRows[] = {
    {1, "exit", Exit},
    {2, "fork", Fork},
    {7, "waitpid", Waitpid},
    {11, "execve", Execve},
    {20, "getpid", Getpid},
    {24, "getuid", Getuid},
    {37, "kill", Kill},
    {47, "getgid", Getgid},
    {49, "geteuid", Geteuid},
    {50, "getegid", Getegid},
    {57, "setpgid", Setpgid},
    {64, "getppid", Getppid},
    {65, "getpgrp", Getpgrp},
    {66, "setsid", Setsid},
    {75, "setrlimit", Zero},
    {76, "getrlimit", Getrlimit},
    {114, "wait4", Wait4},
    {120, "clone", Clone},
    {132, "getpgid", Getpgid},
    {136, "personality", Zero},
    {147, "getsid", Getsid},
    {158, "sched_yield", Zero},
    {171, "prctl", NotSupported},
    {173, "rt_sigaction", RtSigaction},
    {174, "rt_sigprocmask", RtSigprocmask},
    {185, "sigaltstack", Sigaltstack},
    {189, "vfork", Fork},
    {190, "ugetrlimit", Getrlimit},
    {207, "gettid", Getpid},
    {208, "tkill", Tkill},
    {221, "futex", Futex},
    {223, "sched_getaffinity", SchedGetaffinity},
    {232, "set_tid_address", SetTidAddress},
    {234, "exit_group", Exit},
    {250, "tgkill", Tgkill},
    {299, "get_robust_list", NotSupported},
    {300, "set_robust_list", Zero},
    {325, "prlimit64", Prlimit64},
    {387, "rseq", NotSupported},
    {422, "futex_time64", Futex},
    {435, "clone3", NotSupported},  // glibc falls back to clone
};

}  // namespace

std::span<const SyscallRow> ProcessSyscalls() { return kRows; }

}  // namespace pvppc::user
