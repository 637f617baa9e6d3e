// ioctl: the terminal and descriptor requests programs use to find out about
// their terminal. PowerPC encodes ioctl numbers differently from x86-64
// (3 direction bits, 13 size bits) and has its own termios, so each request
// is recognised by its PowerPC number and redone on the host.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

// asm/ioctl.h for PowerPC.
constexpr uint32_t kIocNone = 1, kIocRead = 2, kIocWrite = 4;
constexpr uint32_t Ioc(uint32_t dir, char type, uint32_t nr, uint32_t size) {
  return (dir << 29) | (size << 16) | (static_cast<uint32_t>(type) << 8) | nr;
}

// asm/ioctls.h for PowerPC.
constexpr uint32_t kTermiosSize = 44;
constexpr uint32_t kTcgets = Ioc(kIocRead, 't', 19, kTermiosSize);
constexpr uint32_t kTcsets = Ioc(kIocWrite, 't', 20, kTermiosSize);
constexpr uint32_t kTcsetsw = Ioc(kIocWrite, 't', 21, kTermiosSize);
constexpr uint32_t kTcsetsf = Ioc(kIocWrite, 't', 22, kTermiosSize);
constexpr uint32_t kTcflsh = Ioc(kIocNone, 't', 31, 0);
constexpr uint32_t kTiocswinsz = Ioc(kIocWrite, 't', 103, 8);
constexpr uint32_t kTiocgwinsz = Ioc(kIocRead, 't', 104, 8);
constexpr uint32_t kTiocspgrp = Ioc(kIocWrite, 't', 118, 4);
constexpr uint32_t kTiocgpgrp = Ioc(kIocRead, 't', 119, 4);
constexpr uint32_t kFioclex = Ioc(kIocNone, 'f', 1, 0);
constexpr uint32_t kFionclex = Ioc(kIocNone, 'f', 2, 0);
constexpr uint32_t kFionbio = Ioc(kIocWrite, 'f', 126, 4);
constexpr uint32_t kFionread = Ioc(kIocRead, 'f', 127, 4);
// These kept their old-style numbers on PowerPC.
constexpr uint32_t kTiocsctty = 0x540E;
constexpr uint32_t kTiocnotty = 0x5422;
constexpr uint32_t kTiocgsid = 0x5429;
static_assert(kTcgets == 0x402C7413 && kTiocgwinsz == 0x40087468);

SyscallResult GetTermios(Process& p, int fd, uint32_t address) {
  struct termios t;
  if (tcgetattr(fd, &t) != 0) return Errno(errno);
  return CopyOut(p, address, EncodeTermios(t).bytes());
}

SyscallResult SetTermios(Process& p, int fd, uint32_t address, int when) {
  GuestTermios g;
  if (!p.memory().read(address, g.bytes())) return Errno(EFAULT);
  struct termios current;
  if (tcgetattr(fd, &current) != 0) return Errno(errno);
  const struct termios t = DecodeTermios(g, current);
  return HostResult(tcsetattr(fd, when, &t));
}

SyscallResult IntOut(Process& p, uint32_t address, int value) {
  return p.memory().write_u32(address, static_cast<uint32_t>(value)) ? 0 : Errno(EFAULT);
}

SyscallResult SysIoctl(Process& p, const SyscallArgs& a) {
  const int fd = a.fd(0);
  const uint32_t arg = a.a[2];
  switch (a.a[1]) {
    case kTcgets: return GetTermios(p, fd, arg);
    case kTcsets: return SetTermios(p, fd, arg, TCSANOW);
    case kTcsetsw: return SetTermios(p, fd, arg, TCSADRAIN);
    case kTcsetsf: return SetTermios(p, fd, arg, TCSAFLUSH);
    case kTcflsh: return HostResult(tcflush(fd, static_cast<int>(arg)));
    case kTiocgwinsz: {
      winsize w;
      if (ioctl(fd, TIOCGWINSZ, &w) != 0) return Errno(errno);
      BeStruct<8> g;
      g.put16(0, w.ws_row);
      g.put16(2, w.ws_col);
      g.put16(4, w.ws_xpixel);
      g.put16(6, w.ws_ypixel);
      return CopyOut(p, arg, g.bytes());
    }
    case kTiocswinsz: {
      BeStruct<8> g;
      if (!p.memory().read(arg, g.bytes())) return Errno(EFAULT);
      winsize w{g.get16(0), g.get16(2), g.get16(4), g.get16(6)};
      return HostResult(ioctl(fd, TIOCSWINSZ, &w));
    }
    case kTiocgpgrp: {
      const pid_t pgrp = tcgetpgrp(fd);
      return pgrp < 0 ? Errno(errno) : IntOut(p, arg, pgrp);
    }
    case kTiocspgrp: {
      uint32_t pgrp;
      if (!p.memory().read_u32(arg, pgrp)) return Errno(EFAULT);
      return HostResult(tcsetpgrp(fd, static_cast<pid_t>(pgrp)));
    }
    case kTiocgsid: {
      const pid_t sid = tcgetsid(fd);
      return sid < 0 ? Errno(errno) : IntOut(p, arg, sid);
    }
    case kTiocsctty: return HostResult(ioctl(fd, TIOCSCTTY, static_cast<int>(arg)));
    case kTiocnotty: return HostResult(ioctl(fd, TIOCNOTTY));
    case kFioclex: return HostResult(ioctl(fd, FIOCLEX));
    case kFionclex: return HostResult(ioctl(fd, FIONCLEX));
    case kFionbio: {
      uint32_t on;
      if (!p.memory().read_u32(arg, on)) return Errno(EFAULT);
      int host_on = on != 0;
      return HostResult(ioctl(fd, FIONBIO, &host_on));
    }
    case kFionread: {
      int available = 0;
      if (ioctl(fd, FIONREAD, &available) != 0) return Errno(errno);
      return IntOut(p, arg, available);
    }
    default:
      // Not a request pvppc_user knows: what a driver says to a request it
      // does not support.
      if (fcntl(fd, F_GETFD) < 0) return Errno(EBADF);
      return Errno(ENOTTY);
  }
}

}  // namespace

void RegisterIoctlSyscalls(SyscallTable& t) { t.add(nr::kIoctl, SysIoctl); }

}  // namespace pvppc::user
