#include "userspace/guest_structs.h"

#include <fcntl.h>

#include <iterator>

namespace pvppc::user {
namespace {

// A flag in the host's value and in the guest's.
struct FlagPair {
  uint32_t host;
  uint32_t guest;
};

uint32_t MapFlags(uint32_t value, const FlagPair* begin, const FlagPair* end, bool to_guest) {
  uint32_t out = 0;
  for (const FlagPair* f = begin; f != end; ++f) {
    if (value & (to_guest ? f->host : f->guest)) out |= to_guest ? f->guest : f->host;
  }
  return out;
}

// PowerPC values from asm/termbits.h; host values from the host's termios.h.
constexpr FlagPair kInputFlags[] = {
    {IGNBRK, 0x1},   {BRKINT, 0x2},    {IGNPAR, 0x4},    {PARMRK, 0x8},   {INPCK, 0x10},
    {ISTRIP, 0x20},  {INLCR, 0x40},    {IGNCR, 0x80},    {ICRNL, 0x100},  {IXON, 0x200},
    {IXOFF, 0x400},  {IXANY, 0x800},   {IUCLC, 0x1000},  {IMAXBEL, 0x2000}, {IUTF8, 0x4000},
};
constexpr FlagPair kOutputFlags[] = {
    {OPOST, 0x1},  {ONLCR, 0x2},  {OLCUC, 0x4},  {OCRNL, 0x8},
    {ONOCR, 0x10}, {ONLRET, 0x20}, {OFILL, 0x40}, {OFDEL, 0x80},
};
constexpr FlagPair kControlFlags[] = {
    {CSTOPB, 0x400}, {CREAD, 0x800},  {PARENB, 0x1000},
    {PARODD, 0x2000}, {HUPCL, 0x4000}, {CLOCAL, 0x8000},
};
constexpr FlagPair kLocalFlags[] = {
    {ISIG, 0x80},        {ICANON, 0x100},     {XCASE, 0x4000},     {ECHO, 0x8},
    {ECHOE, 0x2},        {ECHOK, 0x4},        {ECHONL, 0x10},      {NOFLSH, 0x80000000},
    {TOSTOP, 0x400000},  {ECHOCTL, 0x40},     {ECHOPRT, 0x20},     {ECHOKE, 0x1},
    {FLUSHO, 0x800000},  {PENDIN, 0x20000000}, {IEXTEN, 0x400},    {EXTPROC, 0x10000000},
};
// c_cc indices: host index -> PowerPC index.
constexpr FlagPair kControlChars[] = {
    {VINTR, 0},   {VQUIT, 1},  {VERASE, 2},    {VKILL, 3},     {VEOF, 4},  {VMIN, 5},
    {VEOL, 6},    {VTIME, 7},  {VEOL2, 8},     {VSWTC, 9},     {VWERASE, 10}, {VREPRINT, 11},
    {VSUSP, 12},  {VSTART, 13}, {VSTOP, 14},   {VLNEXT, 15},   {VDISCARD, 16},
};
constexpr uint32_t kGuestCsizeShift = 8;  // CSIZE 0x300 on PowerPC, 0x30 on the host
constexpr uint32_t kHostCsizeShift = 4;

// Baud codes 0-15 agree; the higher ones are 0x1001.. on the host and
// 0x10.. on PowerPC.
uint32_t GuestBaud(speed_t host) { return host < 16 ? host : 0x10 + (host - 0x1001); }
speed_t HostBaud(uint32_t guest) { return guest < 16 ? guest : 0x1001 + (guest - 0x10); }

template <size_t N>
const FlagPair* End(const FlagPair (&a)[N]) {
  return a + N;
}

// The four open flags whose values differ, as the kernels define them:
// x86-64 (host) first, PowerPC second. The host's glibc spells O_LARGEFILE
// as 0, but its kernel reports 0100000 from F_GETFL.
constexpr FlagPair kOpenFlags[] = {
    {0200000, 040000},   // O_DIRECTORY
    {0400000, 0100000},  // O_NOFOLLOW
    {0100000, 0200000},  // O_LARGEFILE
    {040000, 0400000},   // O_DIRECT
};
constexpr int kDifferingHostOpenFlags = 0200000 | 0400000 | 0100000 | 040000;
constexpr uint32_t kDifferingGuestOpenFlags = 040000 | 0100000 | 0200000 | 0400000;

}  // namespace

GuestStat64 EncodeStat64(const struct stat& st) {
  GuestStat64 g;
  g.put64(0, st.st_dev);
  g.put64(8, st.st_ino);
  g.put32(16, st.st_mode);
  g.put32(20, static_cast<uint32_t>(st.st_nlink));
  g.put32(24, st.st_uid);
  g.put32(28, st.st_gid);
  g.put64(32, st.st_rdev);
  g.put64(48, static_cast<uint64_t>(st.st_size));
  g.put32(56, static_cast<uint32_t>(st.st_blksize));
  g.put64(64, static_cast<uint64_t>(st.st_blocks));
  g.put32(72, static_cast<uint32_t>(st.st_atim.tv_sec));
  g.put32(76, static_cast<uint32_t>(st.st_atim.tv_nsec));
  g.put32(80, static_cast<uint32_t>(st.st_mtim.tv_sec));
  g.put32(84, static_cast<uint32_t>(st.st_mtim.tv_nsec));
  g.put32(88, static_cast<uint32_t>(st.st_ctim.tv_sec));
  g.put32(92, static_cast<uint32_t>(st.st_ctim.tv_nsec));
  return g;
}

GuestStatx EncodeStatx(const struct statx& sx) {
  GuestStatx g;
  g.put32(0, sx.stx_mask);
  g.put32(4, sx.stx_blksize);
  g.put64(8, sx.stx_attributes);
  g.put32(16, sx.stx_nlink);
  g.put32(20, sx.stx_uid);
  g.put32(24, sx.stx_gid);
  g.put16(28, sx.stx_mode);
  g.put64(32, sx.stx_ino);
  g.put64(40, sx.stx_size);
  g.put64(48, sx.stx_blocks);
  g.put64(56, sx.stx_attributes_mask);
  const struct statx_timestamp* times[] = {&sx.stx_atime, &sx.stx_btime, &sx.stx_ctime,
                                           &sx.stx_mtime};
  for (size_t i = 0; i < std::size(times); ++i) {
    g.put64(64 + 16 * i, static_cast<uint64_t>(times[i]->tv_sec));
    g.put32(64 + 16 * i + 8, times[i]->tv_nsec);
  }
  g.put32(128, sx.stx_rdev_major);
  g.put32(132, sx.stx_rdev_minor);
  g.put32(136, sx.stx_dev_major);
  g.put32(140, sx.stx_dev_minor);
  return g;
}

GuestRusage EncodeRusage(const struct rusage& ru) {
  GuestRusage g;
  g.put32(0, static_cast<uint32_t>(ru.ru_utime.tv_sec));
  g.put32(4, static_cast<uint32_t>(ru.ru_utime.tv_usec));
  g.put32(8, static_cast<uint32_t>(ru.ru_stime.tv_sec));
  g.put32(12, static_cast<uint32_t>(ru.ru_stime.tv_usec));
  const long rest[] = {ru.ru_maxrss, ru.ru_ixrss,  ru.ru_idrss,    ru.ru_isrss, ru.ru_minflt,
                       ru.ru_majflt, ru.ru_nswap,  ru.ru_inblock,  ru.ru_oublock, ru.ru_msgsnd,
                       ru.ru_msgrcv, ru.ru_nsignals, ru.ru_nvcsw, ru.ru_nivcsw};
  for (size_t i = 0; i < std::size(rest); ++i) g.put32(16 + 4 * i, static_cast<uint32_t>(rest[i]));
  return g;
}

GuestSysinfo EncodeSysinfo(const struct sysinfo& si) {
  GuestSysinfo g;
  // 32-bit fields cannot hold big memory sizes in bytes; the kernel scales
  // mem_unit up in that case, and so does this.
  uint64_t unit = si.mem_unit == 0 ? 1 : si.mem_unit;
  auto fits = [&](uint64_t u) {
    for (unsigned long v : {si.totalram, si.freeram, si.sharedram, si.bufferram, si.totalswap,
                            si.freeswap, si.totalhigh, si.freehigh}) {
      if (v * unit / u > 0xffffffffu) return false;
    }
    return true;
  };
  uint64_t guest_unit = unit;
  while (!fits(guest_unit)) guest_unit <<= 1;
  auto scaled = [&](unsigned long v) { return static_cast<uint32_t>(v * unit / guest_unit); };
  g.put32(0, static_cast<uint32_t>(si.uptime));
  for (int i = 0; i < 3; ++i) g.put32(4 + 4 * i, static_cast<uint32_t>(si.loads[i]));
  g.put32(16, scaled(si.totalram));
  g.put32(20, scaled(si.freeram));
  g.put32(24, scaled(si.sharedram));
  g.put32(28, scaled(si.bufferram));
  g.put32(32, scaled(si.totalswap));
  g.put32(36, scaled(si.freeswap));
  g.put16(40, si.procs);
  g.put32(44, scaled(si.totalhigh));
  g.put32(48, scaled(si.freehigh));
  g.put32(52, static_cast<uint32_t>(guest_unit));
  return g;
}

GuestTermios EncodeTermios(const struct termios& host) {
  GuestTermios g;
  g.put32(0, MapFlags(host.c_iflag, std::begin(kInputFlags), End(kInputFlags), true));
  g.put32(4, MapFlags(host.c_oflag, std::begin(kOutputFlags), End(kOutputFlags), true));
  uint32_t cflag = MapFlags(host.c_cflag, std::begin(kControlFlags), End(kControlFlags), true);
  cflag |= ((host.c_cflag & CSIZE) >> kHostCsizeShift) << kGuestCsizeShift;
  cflag |= GuestBaud(host.c_cflag & CBAUD);
  g.put32(8, cflag);
  g.put32(12, MapFlags(host.c_lflag, std::begin(kLocalFlags), End(kLocalFlags), true));
  for (const FlagPair& c : kControlChars) g.put8(16 + c.guest, host.c_cc[c.host]);
  g.put8(35, host.c_line);
  g.put32(36, GuestBaud(cfgetispeed(&host)));
  g.put32(40, GuestBaud(cfgetospeed(&host)));
  return g;
}

struct termios DecodeTermios(const GuestTermios& g, const struct termios& current) {
  struct termios t = current;
  auto replace = [](tcflag_t old, tcflag_t mapped, const FlagPair* b, const FlagPair* e) {
    tcflag_t known = 0;
    for (const FlagPair* f = b; f != e; ++f) known |= f->host;
    return (old & ~known) | mapped;
  };
  t.c_iflag = replace(t.c_iflag, MapFlags(g.get32(0), std::begin(kInputFlags), End(kInputFlags), false),
                      std::begin(kInputFlags), End(kInputFlags));
  t.c_oflag = replace(t.c_oflag,
                      MapFlags(g.get32(4), std::begin(kOutputFlags), End(kOutputFlags), false),
                      std::begin(kOutputFlags), End(kOutputFlags));
  const uint32_t cflag = g.get32(8);
  tcflag_t host_cflag = replace(
      t.c_cflag, MapFlags(cflag, std::begin(kControlFlags), End(kControlFlags), false),
      std::begin(kControlFlags), End(kControlFlags));
  host_cflag = (host_cflag & ~(CSIZE | CBAUD)) |
               (((cflag >> kGuestCsizeShift) & 3) << kHostCsizeShift) | HostBaud(cflag & 0xff);
  t.c_cflag = host_cflag;
  t.c_lflag = replace(t.c_lflag, MapFlags(g.get32(12), std::begin(kLocalFlags), End(kLocalFlags), false),
                      std::begin(kLocalFlags), End(kLocalFlags));
  for (const FlagPair& c : kControlChars) t.c_cc[c.host] = g.get8(16 + c.guest);
  t.c_line = g.get8(35);
  cfsetispeed(&t, HostBaud(g.get32(36)));
  cfsetospeed(&t, HostBaud(g.get32(40)));
  return t;
}

int HostOpenFlags(uint32_t guest) {
  int host = static_cast<int>(guest & ~kDifferingGuestOpenFlags);
  host |= static_cast<int>(MapFlags(guest, std::begin(kOpenFlags), End(kOpenFlags), false));
  return host;
}

uint32_t GuestOpenFlags(int host) {
  uint32_t guest = static_cast<uint32_t>(host & ~kDifferingHostOpenFlags);
  guest |= MapFlags(static_cast<uint32_t>(host), std::begin(kOpenFlags), End(kOpenFlags), true);
  return guest;
}

GuestTimespec32 EncodeTimespec32(const struct timespec& ts) {
  GuestTimespec32 g;
  g.put32(0, static_cast<uint32_t>(ts.tv_sec));
  g.put32(4, static_cast<uint32_t>(ts.tv_nsec));
  return g;
}

GuestTimespec64 EncodeTimespec64(const struct timespec& ts) {
  GuestTimespec64 g;
  g.put64(0, static_cast<uint64_t>(ts.tv_sec));
  g.put64(8, static_cast<uint64_t>(ts.tv_nsec));
  return g;
}

struct timespec DecodeTimespec32(const GuestTimespec32& g) {
  return timespec{static_cast<int32_t>(g.get32(0)), static_cast<int32_t>(g.get32(4))};
}

struct timespec DecodeTimespec64(const GuestTimespec64& g) {
  // The kernel ignores the upper half of tv_nsec for 32-bit callers.
  return timespec{static_cast<time_t>(g.get64(0)), static_cast<int32_t>(g.get64(8) & 0xffffffff)};
}

}  // namespace pvppc::user
