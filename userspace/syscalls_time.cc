// Time system calls, answered from the host's clocks. 32-bit PowerPC has
// two sets: the old ones with 32-bit seconds and the *_time64 ones that
// glibc 2.34 and later try first.
#include <sys/time.h>
#include <time.h>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

SyscallResult PutTimespec(Process& p, uint32_t address, const timespec& ts, bool wide) {
  if (wide) return CopyOut(p, address, EncodeTimespec64(ts).bytes());
  return CopyOut(p, address, EncodeTimespec32(ts).bytes());
}

SyscallResult GetTimespec(Process& p, uint32_t address, bool wide, timespec& ts) {
  if (wide) {
    GuestTimespec64 g;
    if (!p.memory().read(address, g.bytes())) return Errno(EFAULT);
    ts = DecodeTimespec64(g);
  } else {
    GuestTimespec32 g;
    if (!p.memory().read(address, g.bytes())) return Errno(EFAULT);
    ts = DecodeTimespec32(g);
  }
  return 0;
}

SyscallResult ClockGettime(Process& p, const SyscallArgs& a, bool wide) {
  timespec ts;
  if (clock_gettime(a.s32(0), &ts) != 0) return Errno(errno);
  return PutTimespec(p, a.a[1], ts, wide);
}
SyscallResult SysClockGettime(Process& p, const SyscallArgs& a) { return ClockGettime(p, a, false); }
SyscallResult SysClockGettime64(Process& p, const SyscallArgs& a) { return ClockGettime(p, a, true); }

SyscallResult ClockGetres(Process& p, const SyscallArgs& a, bool wide) {
  timespec ts;
  if (clock_getres(a.s32(0), &ts) != 0) return Errno(errno);
  return a.a[1] == 0 ? 0 : PutTimespec(p, a.a[1], ts, wide);
}
SyscallResult SysClockGetres(Process& p, const SyscallArgs& a) { return ClockGetres(p, a, false); }
SyscallResult SysClockGetres64(Process& p, const SyscallArgs& a) { return ClockGetres(p, a, true); }

SyscallResult SysGettimeofday(Process& p, const SyscallArgs& a) {
  timeval tv;
  gettimeofday(&tv, nullptr);
  if (a.a[0] != 0) {
    BeStruct<8> g;
    g.put32(0, static_cast<uint32_t>(tv.tv_sec));
    g.put32(4, static_cast<uint32_t>(tv.tv_usec));
    if (SyscallResult e = CopyOut(p, a.a[0], g.bytes()); e < 0) return e;
  }
  if (a.a[1] != 0) {
    BeStruct<8> zone;  // UTC, no DST: what the kernel keeps unless told otherwise
    if (SyscallResult e = CopyOut(p, a.a[1], zone.bytes()); e < 0) return e;
  }
  return 0;
}

SyscallResult SysTime(Process& p, const SyscallArgs& a) {
  const time_t now = time(nullptr);
  if (a.a[0] != 0 && !p.memory().write_u32(a.a[0], static_cast<uint32_t>(now))) return Errno(EFAULT);
  return static_cast<uint32_t>(now);
}

SyscallResult Sleep(Process& p, clockid_t clock, int flags, uint32_t request, uint32_t remain,
                    bool wide) {
  timespec ts, left{};
  if (SyscallResult e = GetTimespec(p, request, wide, ts); e < 0) return e;
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1'000'000'000) return Errno(EINVAL);
  const int r = clock_nanosleep(clock, flags, &ts, &left);
  if (r == 0) return 0;
  if (r == EINTR && remain != 0 && !(flags & TIMER_ABSTIME)) {
    if (SyscallResult e = PutTimespec(p, remain, left, wide); e < 0) return e;
  }
  return Errno(r);
}
SyscallResult SysNanosleep(Process& p, const SyscallArgs& a) {
  return Sleep(p, CLOCK_MONOTONIC, 0, a.a[0], a.a[1], false);
}
SyscallResult SysClockNanosleep(Process& p, const SyscallArgs& a) {
  return Sleep(p, a.s32(0), a.s32(1), a.a[2], a.a[3], false);
}
SyscallResult SysClockNanosleep64(Process& p, const SyscallArgs& a) {
  return Sleep(p, a.s32(0), a.s32(1), a.a[2], a.a[3], true);
}

SyscallResult SysSettimeofday(Process&, const SyscallArgs&) { return Errno(EPERM); }

}  // namespace

void RegisterTimeSyscalls(SyscallTable& t) {
  t.add(nr::kClockGettime, SysClockGettime);
  t.add(nr::kClockGettime64, SysClockGettime64);
  t.add(nr::kClockGetres, SysClockGetres);
  t.add(nr::kClockGetresTime64, SysClockGetres64);
  t.add(nr::kGettimeofday, SysGettimeofday);
  t.add(nr::kSettimeofday, SysSettimeofday);
  t.add(nr::kClockSettime64, SysSettimeofday);
  t.add(nr::kTime, SysTime);
  t.add(nr::kNanosleep, SysNanosleep);
  t.add(nr::kClockNanosleep, SysClockNanosleep);
  t.add(nr::kClockNanosleepTime64, SysClockNanosleep64);
}

}  // namespace pvppc::user
