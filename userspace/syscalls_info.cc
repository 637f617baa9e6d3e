// System information and the remaining small calls: uname, sysinfo,
// getrandom, futex for a single-threaded program, and the families
// pvppc_user deliberately leaves out (sockets, ...), which answer ENOSYS.
#include <sys/random.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>

#include <cstring>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

constexpr size_t kUtsField = 65;

SyscallResult SysUname(Process& p, const SyscallArgs& a) {
  struct utsname host;
  if (uname(&host) != 0) return Errno(errno);
  // The host's identity, but the guest's machine: what `uname -m` says on a
  // 32-bit PowerPC Linux.
  const char* fields[] = {"Linux", host.nodename, host.release, host.version, "ppc",
                          host.domainname};
  BeStruct<6 * kUtsField> g;
  for (size_t i = 0; i < 6; ++i) {
    std::strncpy(reinterpret_cast<char*>(g.bytes().data()) + i * kUtsField, fields[i],
                 kUtsField - 1);
  }
  return CopyOut(p, a.a[0], g.bytes());
}

SyscallResult SysSysinfo(Process& p, const SyscallArgs& a) {
  struct sysinfo si;
  if (sysinfo(&si) != 0) return Errno(errno);
  return CopyOut(p, a.a[0], EncodeSysinfo(si).bytes());
}

SyscallResult SysGetrandom(Process& p, const SyscallArgs& a) {
  const uint32_t length = std::min<uint32_t>(a.a[1], 1u << 20);
  std::byte* out = p.memory().writable(a.a[0], length);
  if (out == nullptr && length != 0) return Errno(EFAULT);
  const ssize_t n = getrandom(out, length, a.a[2]);
  if (n < 0) return Errno(errno);
  p.memory().wrote(a.a[0], static_cast<uint64_t>(n));
  return n;
}

// Futexes in a single-threaded process: nobody else can change the word or
// wake a waiter, so a wait either fails at once (value changed) or sleeps
// until its timeout or a signal; wakes wake nobody.
SyscallResult Futex(Process& p, const SyscallArgs& a, bool wide) {
  constexpr uint32_t kCommandMask = 0x7f;  // without PRIVATE and CLOCK_REALTIME
  constexpr uint32_t kWait = 0, kWake = 1, kRequeue = 3, kCmpRequeue = 4, kWakeOp = 5,
                     kWaitBitset = 9, kWakeBitset = 10;
  switch (a.a[1] & kCommandMask) {
    case kWait:
    case kWaitBitset: {
      uint32_t value;
      if (!p.memory().read_u32(a.a[0], value)) return Errno(EFAULT);
      if (value != a.a[2]) return Errno(EAGAIN);
      if (a.a[3] == 0) {
        // Would sleep forever in a single thread; only a signal ends it.
        p.signals().block_all_on_host();
        if (!p.signals().has_deliverable()) {
          const sigset_t wait_mask = SignalState::HostMask(p.signals().blocked());
          sigsuspend(&wait_mask);
        }
        p.signals().set_blocked(p.signals().blocked());
        return Errno(EINTR);
      }
      timespec ts;
      if (wide) {
        GuestTimespec64 g;
        if (!p.memory().read(a.a[3], g.bytes())) return Errno(EFAULT);
        ts = DecodeTimespec64(g);
      } else {
        GuestTimespec32 g;
        if (!p.memory().read(a.a[3], g.bytes())) return Errno(EFAULT);
        ts = DecodeTimespec32(g);
      }
      // FUTEX_WAIT takes a relative timeout, FUTEX_WAIT_BITSET an absolute one.
      const bool absolute = (a.a[1] & kCommandMask) == kWaitBitset;
      const clockid_t clock = (a.a[1] & 256) ? CLOCK_REALTIME : CLOCK_MONOTONIC;
      const int r = clock_nanosleep(clock, absolute ? TIMER_ABSTIME : 0, &ts, nullptr);
      return Errno(r == 0 ? ETIMEDOUT : r);
    }
    case kWake:
    case kWakeBitset:
    case kRequeue:
    case kCmpRequeue:
    case kWakeOp:
      return 0;
    default:
      return Errno(ENOSYS);
  }
}
SyscallResult SysFutex(Process& p, const SyscallArgs& a) { return Futex(p, a, false); }
SyscallResult SysFutexTime64(Process& p, const SyscallArgs& a) { return Futex(p, a, true); }

SyscallResult SysNotPermitted(Process&, const SyscallArgs&) { return Errno(EPERM); }
SyscallResult SysNotImplemented(Process&, const SyscallArgs&) { return Errno(ENOSYS); }

}  // namespace

void RegisterInfoSyscalls(SyscallTable& t) {
  t.add(nr::kUname, SysUname);
  t.add(nr::kSysinfo, SysSysinfo);
  t.add(nr::kGetrandom, SysGetrandom);
  t.add(nr::kFutex, SysFutex);
  t.add(nr::kFutexTime64, SysFutexTime64);
  t.add(nr::kSethostname, SysNotPermitted);
  // Left out on purpose; programs see a kernel without them and cope.
  for (uint32_t n : {nr::kSocketcall, nr::kSocket, nr::kBind, nr::kConnect, nr::kListen,
                     nr::kAccept, nr::kGetsockname, nr::kGetpeername, nr::kSocketpair, nr::kSend,
                     nr::kSendto, nr::kRecv, nr::kRecvfrom, nr::kShutdown, nr::kSetsockopt,
                     nr::kGetsockopt, nr::kSendmsg, nr::kRecvmsg, nr::kAccept4, nr::kCopyFileRange,
                     nr::kMembarrier, nr::kCloseRange, nr::kOpenat2, nr::kPidfdOpen,
                     nr::kMemfdCreate, nr::kRtSigtimedwait, nr::kRtSigtimedwaitTime64,
                     nr::kEventfd, nr::kEventfd2, nr::kEpollCreate, nr::kEpollCreate1}) {
    t.add(n, SysNotImplemented);
  }
}

}  // namespace pvppc::user
