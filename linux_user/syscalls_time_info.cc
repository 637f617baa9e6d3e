// Time and system information calls, answered from the host. Both the
// original 32-bit time_t calls and their *_time64 successors (which glibc
// 2.34+ tries first) are here.
#include <sys/random.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <cstring>

#include "linux_user/guest_abi.h"
#include "linux_user/syscall_util.h"

namespace pvppc::user {
namespace {

int64_t WriteTimespec(Process& p, uint32_t address, const timespec& ts, bool time64) {
  if (time64) {
    abi::Image<16> out;
    out.u64(0, static_cast<uint64_t>(ts.tv_sec));
    out.u64(8, static_cast<uint64_t>(ts.tv_nsec));
    return CopyOut(p, address, out);
  }
  abi::Image<8> out;
  out.u32(0, static_cast<uint32_t>(ts.tv_sec));
  out.u32(4, static_cast<uint32_t>(ts.tv_nsec));
  return CopyOut(p, address, out);
}

bool ReadTimespec(Process& p, uint32_t address, timespec& ts, bool time64) {
  std::byte raw[16];
  if (!p.space().copy_in(address, std::span(raw, time64 ? 16 : 8))) return false;
  if (time64) {
    ts.tv_sec = static_cast<time_t>(abi::BigEndian64(raw));
    ts.tv_nsec = static_cast<long>(static_cast<int64_t>(abi::BigEndian64(raw + 8)));
  } else {
    ts.tv_sec = static_cast<int32_t>(abi::BigEndian32(raw));
    ts.tv_nsec = static_cast<int32_t>(abi::BigEndian32(raw + 4));
  }
  return true;
}

template <bool Time64>
int64_t ClockGettime(Process& p, const SyscallArgs& a) {
  timespec ts;
  if (clock_gettime(static_cast<clockid_t>(a[0]), &ts) < 0) return -errno;
  return WriteTimespec(p, a[1], ts, Time64);
}

template <bool Time64>
int64_t ClockGetres(Process& p, const SyscallArgs& a) {
  timespec ts;
  if (clock_getres(static_cast<clockid_t>(a[0]), &ts) < 0) return -errno;
  return a[1] == 0 ? 0 : WriteTimespec(p, a[1], ts, Time64);
}

int64_t Gettimeofday(Process& p, const SyscallArgs& a) {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (a[0] != 0) {
    abi::Image<8> out;
    out.u32(0, static_cast<uint32_t>(ts.tv_sec));
    out.u32(4, static_cast<uint32_t>(ts.tv_nsec / 1000));
    if (CopyOut(p, a[0], out) < 0) return -EFAULT;
  }
  return 0;
}

int64_t Time(Process& p, const SyscallArgs& a) {
  const time_t now = time(nullptr);
  if (a[0] != 0 && !p.space().write_u32(a[0], static_cast<uint32_t>(now))) return -EFAULT;
  return static_cast<uint32_t>(now);
}

template <bool Time64>
int64_t Nanosleep(Process& p, const SyscallArgs& a) {
  timespec request;
  if (!ReadTimespec(p, a[0], request, Time64)) return -EFAULT;
  timespec remaining{};
  if (nanosleep(&request, &remaining) < 0) {
    const int64_t error = -errno;
    if (a[1] != 0) (void)WriteTimespec(p, a[1], remaining, Time64);
    return error;
  }
  return 0;
}

template <bool Time64>
int64_t ClockNanosleep(Process& p, const SyscallArgs& a) {
  timespec request;
  if (!ReadTimespec(p, a[2], request, Time64)) return -EFAULT;
  timespec remaining{};
  const int r = clock_nanosleep(static_cast<clockid_t>(a[0]), static_cast<int>(a[1]), &request,
                                &remaining);
  if (r != 0 && a[3] != 0) (void)WriteTimespec(p, a[3], remaining, Time64);
  return -r;
}

// uname: struct new_utsname, six 65-byte strings. The machine is a 440.
int64_t Uname(Process& p, const SyscallArgs& a) {
  utsname host;
  uname(&host);
  abi::Image<6 * 65> out;
  const char* fields[6] = {"Linux", host.nodename, "6.1.0-pvppc", "#1 pvppc_user", "ppc",
                           "(none)"};
  for (int i = 0; i < 6; ++i) {
    std::memcpy(out.bytes.data() + 65 * i, fields[i], std::min<size_t>(std::strlen(fields[i]), 64));
  }
  return CopyOut(p, a[0], out);
}

// sysinfo: struct sysinfo for 32-bit (64 bytes).
int64_t Sysinfo(Process& p, const SyscallArgs& a) {
  struct sysinfo host;
  if (sysinfo(&host) < 0) return -errno;
  abi::Image<64> out;
  out.u32(0, static_cast<uint32_t>(host.uptime));
  for (int i = 0; i < 3; ++i) out.u32(4 + 4 * i, static_cast<uint32_t>(host.loads[i]));
  // Memory figures in units of mem_unit, scaled so they fit 32 bits.
  const uint64_t unit = 4096;
  out.u32(16, static_cast<uint32_t>(host.totalram * host.mem_unit / unit));
  out.u32(20, static_cast<uint32_t>(host.freeram * host.mem_unit / unit));
  out.u32(24, static_cast<uint32_t>(host.sharedram * host.mem_unit / unit));
  out.u32(28, static_cast<uint32_t>(host.bufferram * host.mem_unit / unit));
  out.u16(40, host.procs);
  out.u32(52, static_cast<uint32_t>(unit));
  return CopyOut(p, a[0], out);
}

int64_t Times(Process& p, const SyscallArgs& a) {
  tms host;
  const clock_t now = times(&host);
  if (a[0] != 0) {
    abi::Image<16> out;
    out.u32(0, static_cast<uint32_t>(host.tms_utime));
    out.u32(4, static_cast<uint32_t>(host.tms_stime));
    out.u32(8, static_cast<uint32_t>(host.tms_cutime));
    out.u32(12, static_cast<uint32_t>(host.tms_cstime));
    if (CopyOut(p, a[0], out) < 0) return -EFAULT;
  }
  return static_cast<uint32_t>(now);
}

int64_t Getrandom(Process& p, const SyscallArgs& a) {
  std::byte* buffer = p.space().host_range(a[0], a[1], prot::kWrite);
  if (buffer == nullptr && a[1] != 0) return -EFAULT;
  const long n = getrandom(buffer, a[1], static_cast<unsigned>(a[2]));
  if (n > 0) p.space().memory().notify_host_write(a[0], static_cast<uint64_t>(n));
  return HostResult(n);
}

int64_t Getrusage(Process& p, const SyscallArgs& a) {
  abi::Image<72> usage;
  return CopyOut(p, a[1], usage);
}

constexpr SyscallRow kRows[] = {
    {13, "time", Time},
    {43, "times", Times},
    {77, "getrusage", Getrusage},
    {78, "gettimeofday", Gettimeofday},
    {116, "sysinfo", Sysinfo},
    {122, "uname", Uname},
    {162, "nanosleep", Nanosleep<false>},
    {246, "clock_gettime", ClockGettime<false>},
    {247, "clock_getres", ClockGetres<false>},
    {248, "clock_nanosleep", ClockNanosleep<false>},
    {359, "getrandom", Getrandom},
    {403, "clock_gettime64", ClockGettime<true>},
    {406, "clock_getres_time64", ClockGetres<true>},
    {407, "clock_nanosleep_time64", ClockNanosleep<true>},
};

}  // namespace

std::span<const SyscallRow> TimeAndInfoSyscalls() { return kRows; }

}  // namespace pvppc::user
