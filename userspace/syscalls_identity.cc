// Identity and resource system calls of a process: ids, process groups and
// sessions, rlimits, usage, scheduling and prctl. They pass through to the
// host process that is the guest process, with 32-bit layouts for the
// structures.
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

SyscallResult SysGetpid(Process&, const SyscallArgs&) { return getpid(); }
SyscallResult SysGetppid(Process&, const SyscallArgs&) { return getppid(); }
SyscallResult SysGetuid(Process&, const SyscallArgs&) { return getuid(); }
SyscallResult SysGeteuid(Process&, const SyscallArgs&) { return geteuid(); }
SyscallResult SysGetgid(Process&, const SyscallArgs&) { return getgid(); }
SyscallResult SysGetegid(Process&, const SyscallArgs&) { return getegid(); }
SyscallResult SysSetuid(Process&, const SyscallArgs& a) { return HostResult(setuid(a.a[0])); }
SyscallResult SysSetgid(Process&, const SyscallArgs& a) { return HostResult(setgid(a.a[0])); }
SyscallResult SysSetreuid(Process&, const SyscallArgs& a) { return HostResult(setreuid(a.a[0], a.a[1])); }
SyscallResult SysSetregid(Process&, const SyscallArgs& a) { return HostResult(setregid(a.a[0], a.a[1])); }
SyscallResult SysSetresuid(Process&, const SyscallArgs& a) {
  return HostResult(setresuid(a.a[0], a.a[1], a.a[2]));
}
SyscallResult SysSetresgid(Process&, const SyscallArgs& a) {
  return HostResult(setresgid(a.a[0], a.a[1], a.a[2]));
}
SyscallResult GetResIds(Process& p, const SyscallArgs& a, bool user) {
  unsigned r, e, s;
  if ((user ? getresuid(&r, &e, &s) : getresgid(&r, &e, &s)) != 0) return Errno(errno);
  const bool ok = p.memory().write_u32(a.a[0], r) && p.memory().write_u32(a.a[1], e) &&
                  p.memory().write_u32(a.a[2], s);
  return ok ? 0 : Errno(EFAULT);
}
SyscallResult SysGetresuid(Process& p, const SyscallArgs& a) { return GetResIds(p, a, true); }
SyscallResult SysGetresgid(Process& p, const SyscallArgs& a) { return GetResIds(p, a, false); }
SyscallResult SysGetgroups(Process& p, const SyscallArgs& a) {
  std::vector<gid_t> groups(65536);
  const int n = getgroups(static_cast<int>(groups.size()), groups.data());
  if (n < 0) return Errno(errno);
  if (a.s32(0) == 0) return n;
  if (a.s32(0) < n) return Errno(EINVAL);
  for (int i = 0; i < n; ++i) {
    if (!p.memory().write_u32(a.a[1] + 4 * i, groups[i])) return Errno(EFAULT);
  }
  return n;
}
SyscallResult SysGettid(Process&, const SyscallArgs&) { return gettid(); }
SyscallResult SysSetpgid(Process&, const SyscallArgs& a) { return HostResult(setpgid(a.s32(0), a.s32(1))); }
SyscallResult SysGetpgid(Process&, const SyscallArgs& a) { return HostResult(getpgid(a.s32(0))); }
SyscallResult SysGetpgrp(Process&, const SyscallArgs&) { return getpgrp(); }
SyscallResult SysSetsid(Process&, const SyscallArgs&) { return HostResult(setsid()); }
SyscallResult SysGetsid(Process&, const SyscallArgs& a) { return HostResult(getsid(a.s32(0))); }

SyscallResult SysSetTidAddress(Process& p, const SyscallArgs& a) {
  p.clear_child_tid = a.a[0];
  return gettid();
}
// Robust futex lists matter only to threads that die holding locks.
SyscallResult SysSetRobustList(Process&, const SyscallArgs&) { return 0; }

// 32-bit rlimits: RLIM_INFINITY is ~0 for ugetrlimit/setrlimit, and the old
// getrlimit clamps to 0x7fffffff.
uint32_t GuestRlim(rlim_t v, uint32_t infinity) {
  return (v == RLIM_INFINITY || v >= infinity) ? infinity : static_cast<uint32_t>(v);
}
SyscallResult Getrlimit(Process& p, const SyscallArgs& a, uint32_t infinity) {
  struct rlimit r;
  if (getrlimit(static_cast<__rlimit_resource>(a.a[0]), &r) != 0) return Errno(errno);
  BeStruct<8> g;
  g.put32(0, GuestRlim(r.rlim_cur, infinity));
  g.put32(4, GuestRlim(r.rlim_max, infinity));
  return CopyOut(p, a.a[1], g.bytes());
}
SyscallResult SysUgetrlimit(Process& p, const SyscallArgs& a) { return Getrlimit(p, a, 0xffffffffu); }
SyscallResult SysGetrlimit(Process& p, const SyscallArgs& a) { return Getrlimit(p, a, 0x7fffffffu); }
SyscallResult SysSetrlimit(Process& p, const SyscallArgs& a) {
  BeStruct<8> g;
  if (!p.memory().read(a.a[1], g.bytes())) return Errno(EFAULT);
  auto host = [](uint32_t v) { return v == 0xffffffffu ? RLIM_INFINITY : rlim_t{v}; };
  struct rlimit r{host(g.get32(0)), host(g.get32(4))};
  return HostResult(setrlimit(static_cast<__rlimit_resource>(a.a[0]), &r));
}
SyscallResult SysPrlimit64(Process& p, const SyscallArgs& a) {
  struct rlimit64 new_limit, old_limit;
  struct rlimit64* new_pointer = nullptr;
  if (a.a[2] != 0) {
    BeStruct<16> g;
    if (!p.memory().read(a.a[2], g.bytes())) return Errno(EFAULT);
    new_limit = {g.get64(0), g.get64(8)};
    new_pointer = &new_limit;
  }
  if (prlimit64(a.s32(0), static_cast<__rlimit_resource>(a.a[1]), new_pointer,
                a.a[3] ? &old_limit : nullptr) != 0) {
    return Errno(errno);
  }
  if (a.a[3] == 0) return 0;
  BeStruct<16> g;
  g.put64(0, old_limit.rlim_cur);
  g.put64(8, old_limit.rlim_max);
  return CopyOut(p, a.a[3], g.bytes());
}

SyscallResult SysGetrusage(Process& p, const SyscallArgs& a) {
  struct rusage ru;
  if (getrusage(a.s32(0), &ru) != 0) return Errno(errno);
  return CopyOut(p, a.a[1], EncodeRusage(ru).bytes());
}

SyscallResult SysTimes(Process& p, const SyscallArgs& a) {
  struct tms t;
  const clock_t now = times(&t);
  if (a.a[0] != 0) {
    BeStruct<16> g;
    g.put32(0, static_cast<uint32_t>(t.tms_utime));
    g.put32(4, static_cast<uint32_t>(t.tms_stime));
    g.put32(8, static_cast<uint32_t>(t.tms_cutime));
    g.put32(12, static_cast<uint32_t>(t.tms_cstime));
    if (SyscallResult e = CopyOut(p, a.a[0], g.bytes()); e < 0) return e;
  }
  return static_cast<uint32_t>(now);
}

SyscallResult SysPrctl(Process& p, const SyscallArgs& a) {
  switch (a.a[0]) {
    case PR_SET_NAME: {
      UserMemory::StringResult name = p.memory().read_string(a.a[1], 4096);
      if (name.error != 0) return Errno(name.error);
      return HostResult(prctl(PR_SET_NAME, name.value.substr(0, 15).c_str()));
    }
    case PR_GET_NAME: {
      char name[16] = {};
      if (prctl(PR_GET_NAME, name) != 0) return Errno(errno);
      return CopyOut(p, a.a[1], std::as_bytes(std::span(name)));
    }
    case PR_GET_FPEXC: {
      // The floating-point exception mode lives in MSR[FE0, FE1]; glibc's
      // feenableexcept switches it to precise through these calls.
      const uint32_t msr = p.state().msr;
      const uint32_t mode = ((msr & cpu::msr::kFE0) ? 1 : 0) | ((msr & cpu::msr::kFE1) ? 2 : 0);
      return p.memory().write_u32(a.a[1], mode) ? 0 : Errno(EFAULT);
    }
    case PR_SET_FPEXC: {
      if (a.a[1] > PR_FP_EXC_PRECISE) return Errno(EINVAL);
      uint32_t& msr = p.state().msr;
      msr &= ~(cpu::msr::kFE0 | cpu::msr::kFE1);
      if (a.a[1] & 1) msr |= cpu::msr::kFE0;
      if (a.a[1] & 2) msr |= cpu::msr::kFE1;
      return 0;
    }
    default:
      return Errno(EINVAL);
  }
}

SyscallResult SysPersonality(Process&, const SyscallArgs&) { return 0; }  // PER_LINUX
SyscallResult SysSchedYield(Process&, const SyscallArgs&) { return HostResult(sched_yield()); }

SyscallResult SysSchedGetaffinity(Process& p, const SyscallArgs& a) {
  cpu_set_t set;
  if (sched_getaffinity(a.s32(0), sizeof set, &set) != 0) return Errno(errno);
  // A mask of 32-bit big-endian words, as many as the CPUs need.
  const long cpus = std::max(1L, sysconf(_SC_NPROCESSORS_CONF));
  const uint32_t words = static_cast<uint32_t>((std::min(cpus, long{CPU_SETSIZE}) + 31) / 32);
  if (a.a[1] < 4 * words || (a.a[1] & 3) != 0) return Errno(EINVAL);
  for (uint32_t w = 0; w < words; ++w) {
    uint32_t word = 0;
    for (int b = 0; b < 32; ++b) {
      if (CPU_ISSET(32 * w + b, &set)) word |= 1u << b;
    }
    if (!p.memory().write_u32(a.a[2] + 4 * w, word)) return Errno(EFAULT);
  }
  return 4 * words;
}
SyscallResult SysSchedSetaffinity(Process&, const SyscallArgs&) { return 0; }

SyscallResult SysGetcpu(Process& p, const SyscallArgs& a) {
  if (a.a[0] != 0 && !p.memory().write_u32(a.a[0], 0)) return Errno(EFAULT);
  if (a.a[1] != 0 && !p.memory().write_u32(a.a[1], 0)) return Errno(EFAULT);
  return 0;
}

SyscallResult SysGetpriority(Process&, const SyscallArgs& a) {
  errno = 0;
  const int prio = getpriority(static_cast<__priority_which>(a.a[0]), a.a[1]);
  if (prio == -1 && errno != 0) return Errno(errno);
  return 20 - prio;  // the raw syscall's encoding: 40..1 for nice -20..19
}
SyscallResult SysSetpriority(Process&, const SyscallArgs& a) {
  return HostResult(setpriority(static_cast<__priority_which>(a.a[0]), a.a[1], a.s32(2)));
}

}  // namespace

void RegisterIdentitySyscalls(SyscallTable& t) {
  t.add(nr::kGetpid, SysGetpid);
  t.add(nr::kGetppid, SysGetppid);
  t.add(nr::kGettid, SysGettid);
  t.add(nr::kGetuid, SysGetuid);
  t.add(nr::kGeteuid, SysGeteuid);
  t.add(nr::kGetgid, SysGetgid);
  t.add(nr::kGetegid, SysGetegid);
  t.add(nr::kSetuid, SysSetuid);
  t.add(nr::kSetgid, SysSetgid);
  t.add(nr::kSetreuid, SysSetreuid);
  t.add(nr::kSetregid, SysSetregid);
  t.add(nr::kSetresuid, SysSetresuid);
  t.add(nr::kSetresgid, SysSetresgid);
  t.add(nr::kGetresuid, SysGetresuid);
  t.add(nr::kGetresgid, SysGetresgid);
  t.add(nr::kGetgroups, SysGetgroups);
  t.add(nr::kSetpgid, SysSetpgid);
  t.add(nr::kGetpgid, SysGetpgid);
  t.add(nr::kGetpgrp, SysGetpgrp);
  t.add(nr::kSetsid, SysSetsid);
  t.add(nr::kGetsid, SysGetsid);
  t.add(nr::kSetTidAddress, SysSetTidAddress);
  t.add(nr::kSetRobustList, SysSetRobustList);
  t.add(nr::kGetrlimit, SysGetrlimit);
  t.add(nr::kUgetrlimit, SysUgetrlimit);
  t.add(nr::kSetrlimit, SysSetrlimit);
  t.add(nr::kPrlimit64, SysPrlimit64);
  t.add(nr::kGetrusage, SysGetrusage);
  t.add(nr::kTimes, SysTimes);
  t.add(nr::kPrctl, SysPrctl);
  t.add(nr::kPersonality, SysPersonality);
  t.add(nr::kSchedYield, SysSchedYield);
  t.add(nr::kSchedGetaffinity, SysSchedGetaffinity);
  t.add(nr::kSchedSetaffinity, SysSchedSetaffinity);
  t.add(nr::kGetcpu, SysGetcpu);
  t.add(nr::kGetpriority, SysGetpriority);
  t.add(nr::kSetpriority, SysSetpriority);
}

}  // namespace pvppc::user
