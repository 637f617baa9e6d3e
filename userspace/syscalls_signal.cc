// Signal system calls: dispositions and masks live in SignalState (which
// mirrors them onto the host), signals a process sends itself are raised
// internally, signals for other processes go to the host.
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "userspace/big_endian.h"
#include "userspace/signal_frame.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

constexpr uint32_t kSigsetSize = 8;  // the kernel's sigset_t on 32-bit PowerPC
constexpr int kSigBlock = 0, kSigUnblock = 1, kSigSetmask = 2;

bool ValidSignal(int32_t signo) { return signo >= 1 && signo <= kSignalCount; }

bool ReadSigset(Process& p, uint32_t address, uint64_t& set) {
  uint32_t low, high;
  if (!p.memory().read_u32(address, low) || !p.memory().read_u32(address + 4, high)) return false;
  set = (uint64_t{high} << 32) | low;
  return true;
}

bool WriteSigset(Process& p, uint32_t address, uint64_t set) {
  return p.memory().write_u32(address, static_cast<uint32_t>(set)) &&
         p.memory().write_u32(address + 4, static_cast<uint32_t>(set >> 32));
}

SyscallResult SysRtSigaction(Process& p, const SyscallArgs& a) {
  const int32_t signo = a.s32(0);
  if (!ValidSignal(signo) || a.a[3] != kSigsetSize) return Errno(EINVAL);
  // struct sigaction: handler, flags, restorer, mask (8 bytes).
  BeStruct<20> g;
  GuestSigaction next;
  if (a.a[1] != 0) {
    if (signo == SIGKILL || signo == SIGSTOP) return Errno(EINVAL);
    if (!p.memory().read(a.a[1], g.bytes())) return Errno(EFAULT);
    next.handler = g.get32(0);
    next.flags = g.get32(4);
    next.restorer = g.get32(8);
    next.mask = (uint64_t{g.get32(16)} << 32) | g.get32(12);
  }
  if (a.a[2] != 0) {
    const GuestSigaction& old = p.signals().action(signo);
    BeStruct<20> o;
    o.put32(0, old.handler);
    o.put32(4, old.flags);
    o.put32(8, old.restorer);
    o.put32(12, static_cast<uint32_t>(old.mask));
    o.put32(16, static_cast<uint32_t>(old.mask >> 32));
    if (SyscallResult e = CopyOut(p, a.a[2], o.bytes()); e < 0) return e;
  }
  if (a.a[1] != 0) p.signals().set_action(signo, next);
  return 0;
}

SyscallResult SysRtSigprocmask(Process& p, const SyscallArgs& a) {
  if (a.a[3] != kSigsetSize) return Errno(EINVAL);
  const uint64_t old = p.signals().blocked();
  if (a.a[1] != 0) {
    uint64_t set;
    if (!ReadSigset(p, a.a[1], set)) return Errno(EFAULT);
    switch (a.s32(0)) {
      case kSigBlock: p.signals().set_blocked(old | set); break;
      case kSigUnblock: p.signals().set_blocked(old & ~set); break;
      case kSigSetmask: p.signals().set_blocked(set); break;
      default: return Errno(EINVAL);
    }
  }
  if (a.a[2] != 0 && !WriteSigset(p, a.a[2], old)) return Errno(EFAULT);
  return 0;
}

SyscallResult SysRtSigpending(Process& p, const SyscallArgs& a) {
  sigset_t host;
  sigpending(&host);
  uint64_t set = p.signals().pending();
  for (int s = 1; s <= kSignalCount; ++s) {
    if (sigismember(&host, s) == 1) set |= SignalBit(s);
  }
  return WriteSigset(p, a.a[0], set & p.signals().blocked()) ? 0 : Errno(EFAULT);
}

SyscallResult SysRtSigsuspend(Process& p, const SyscallArgs& a) {
  uint64_t mask;
  if (a.a[1] != kSigsetSize) return Errno(EINVAL);
  if (!ReadSigset(p, a.a[0], mask)) return Errno(EFAULT);
  SignalState& signals = p.signals();
  signals.saved_mask = signals.blocked();
  signals.set_blocked(mask);
  signals.block_all_on_host();
  if (!signals.has_deliverable()) {
    const sigset_t wait_mask = SignalState::HostMask(signals.blocked());
    sigsuspend(&wait_mask);  // returns once a host handler recorded a signal
  }
  signals.set_blocked(signals.blocked());
  return Errno(EINTR);  // the handler runs with the original mask saved
}

SyscallResult SysPause(Process& p, const SyscallArgs&) {
  SignalState& signals = p.signals();
  signals.block_all_on_host();
  if (!signals.has_deliverable()) {
    const sigset_t wait_mask = SignalState::HostMask(signals.blocked());
    sigsuspend(&wait_mask);
  }
  signals.set_blocked(signals.blocked());
  return Errno(EINTR);
}

SyscallResult SysRtSigreturn(Process& p, const SyscallArgs&) {
  if (!PopSignalFrame(p.image(), p.signals())) p.terminate_by_signal(SIGSEGV);
  return kNoResult;
}

SyscallResult SysSigaltstack(Process& p, const SyscallArgs& a) {
  SignalState& s = p.signals();
  if (a.a[1] != 0) {
    BeStruct<12> o;
    o.put32(0, s.altstack_sp);
    o.put32(4, s.altstack_flags);
    o.put32(8, s.altstack_size);
    if (SyscallResult e = CopyOut(p, a.a[1], o.bytes()); e < 0) return e;
  }
  if (a.a[0] != 0) {
    BeStruct<12> g;
    if (!p.memory().read(a.a[0], g.bytes())) return Errno(EFAULT);
    const uint32_t flags = g.get32(4);
    constexpr uint32_t kSsDisable = 2;
    if (flags == kSsDisable) {
      s.altstack_sp = s.altstack_size = 0;
      s.altstack_flags = kSsDisable;
    } else if (flags == 0) {
      if (g.get32(8) < 2048) return Errno(ENOMEM);  // MINSIGSTKSZ
      s.altstack_sp = g.get32(0);
      s.altstack_size = g.get32(8);
      s.altstack_flags = 0;
    } else {
      return Errno(EINVAL);
    }
  }
  return 0;
}

// A signal for this very process: raised internally so that faults,
// handlers and default actions all take the same path.
constexpr int kSiUser = 0;
constexpr int kSiTkill = -6;

SyscallResult SignalSelf(Process& p, int32_t signo, int code) {
  if (signo == 0) return 0;
  if (!ValidSignal(signo)) return Errno(EINVAL);
  p.signals().raise(signo, code);
  return 0;
}

SyscallResult SysKill(Process& p, const SyscallArgs& a) {
  const int32_t pid = a.s32(0);
  if (pid == getpid()) return SignalSelf(p, a.s32(1), kSiUser);
  return HostResult(kill(pid, a.s32(1)));
}
SyscallResult SysTkill(Process& p, const SyscallArgs& a) {
  if (a.s32(0) == gettid()) return SignalSelf(p, a.s32(1), kSiTkill);
  return HostResult(syscall(SYS_tkill, a.s32(0), a.s32(1)));
}
SyscallResult SysTgkill(Process& p, const SyscallArgs& a) {
  if (a.s32(0) == getpid() && a.s32(1) == gettid()) return SignalSelf(p, a.s32(2), kSiTkill);
  return HostResult(tgkill(a.s32(0), a.s32(1), a.s32(2)));
}

SyscallResult SysAlarm(Process&, const SyscallArgs& a) { return alarm(a.a[0]); }

// struct itimerval with 32-bit timevals: 16 bytes.
SyscallResult SysSetitimer(Process& p, const SyscallArgs& a) {
  itimerval value{}, old{};
  if (a.a[1] != 0) {
    BeStruct<16> g;
    if (!p.memory().read(a.a[1], g.bytes())) return Errno(EFAULT);
    value.it_interval = {static_cast<int32_t>(g.get32(0)), static_cast<int32_t>(g.get32(4))};
    value.it_value = {static_cast<int32_t>(g.get32(8)), static_cast<int32_t>(g.get32(12))};
  }
  if (setitimer(static_cast<__itimer_which>(a.a[0]), &value, &old) != 0) return Errno(errno);
  if (a.a[2] != 0) {
    BeStruct<16> o;
    o.put32(0, static_cast<uint32_t>(old.it_interval.tv_sec));
    o.put32(4, static_cast<uint32_t>(old.it_interval.tv_usec));
    o.put32(8, static_cast<uint32_t>(old.it_value.tv_sec));
    o.put32(12, static_cast<uint32_t>(old.it_value.tv_usec));
    return CopyOut(p, a.a[2], o.bytes());
  }
  return 0;
}

SyscallResult SysGetitimer(Process& p, const SyscallArgs& a) {
  itimerval v{};
  if (getitimer(static_cast<__itimer_which>(a.a[0]), &v) != 0) return Errno(errno);
  BeStruct<16> o;
  o.put32(0, static_cast<uint32_t>(v.it_interval.tv_sec));
  o.put32(4, static_cast<uint32_t>(v.it_interval.tv_usec));
  o.put32(8, static_cast<uint32_t>(v.it_value.tv_sec));
  o.put32(12, static_cast<uint32_t>(v.it_value.tv_usec));
  return CopyOut(p, a.a[1], o.bytes());
}

}  // namespace

void RegisterSignalSyscalls(SyscallTable& t) {
  t.add(nr::kRtSigaction, SysRtSigaction);
  t.add(nr::kRtSigprocmask, SysRtSigprocmask);
  t.add(nr::kRtSigpending, SysRtSigpending);
  t.add(nr::kRtSigsuspend, SysRtSigsuspend);
  t.add(nr::kPause, SysPause);
  t.add(nr::kRtSigreturn, SysRtSigreturn);
  t.add(nr::kSigreturn, SysRtSigreturn);  // pvppc_user's frames are always rt frames
  t.add(nr::kSigaltstack, SysSigaltstack);
  t.add(nr::kKill, SysKill);
  t.add(nr::kTkill, SysTkill);
  t.add(nr::kTgkill, SysTgkill);
  t.add(nr::kAlarm, SysAlarm);
  t.add(nr::kSetitimer, SysSetitimer);
  t.add(nr::kGetitimer, SysGetitimer);
}

}  // namespace pvppc::user
