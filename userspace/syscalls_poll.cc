// Waiting on descriptors: poll, ppoll, select, pselect6 and their time64
// forms, passed through to the host with the guest structures translated.
#include <poll.h>
#include <sys/select.h>

#include <optional>
#include <vector>

#include "userspace/big_endian.h"
#include "userspace/guest_structs.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

constexpr uint32_t kMaxPollFds = 4096;

// Reads a timeout; `wide` for the time64 syscalls. A null pointer is
// "forever" (nullopt in `out`).
SyscallResult ReadTimespec(Process& p, uint32_t address, bool wide, std::optional<timespec>& out) {
  out.reset();
  if (address == 0) return 0;
  if (wide) {
    GuestTimespec64 g;
    if (!p.memory().read(address, g.bytes())) return Errno(EFAULT);
    out = DecodeTimespec64(g);
  } else {
    GuestTimespec32 g;
    if (!p.memory().read(address, g.bytes())) return Errno(EFAULT);
    out = DecodeTimespec32(g);
  }
  if (out->tv_sec < 0 || out->tv_nsec < 0 || out->tv_nsec >= 1'000'000'000) return Errno(EINVAL);
  return 0;
}

// A guest sigset argument for the duration of one call (ppoll, pselect6),
// with sigsuspend's semantics: the wait runs under the given mask; a call a
// signal interrupts keeps it for the delivery and the frame restores the
// original; otherwise the original comes back at once.
class TemporaryMask {
 public:
  TemporaryMask(Process& p, uint32_t address) : p_(p) {
    if (address == 0) return;
    uint32_t low, high;
    if (!p.memory().read_u32(address, low) || !p.memory().read_u32(address + 4, high)) {
      failed_ = true;
      return;
    }
    saved_ = p.signals().blocked();
    p.signals().set_blocked((uint64_t{high} << 32) | low);
  }
  ~TemporaryMask() {
    if (saved_) p_.signals().set_blocked(*saved_);
  }
  bool failed() const { return failed_; }
  bool active() const { return saved_.has_value(); }
  // The host mask to wait under; with a temporary mask, the host blocks
  // everything until the wait starts so no signal slips in before it.
  const sigset_t* prepare_wait() {
    if (!saved_) return nullptr;
    wait_mask_ = SignalState::HostMask(p_.signals().blocked());
    p_.signals().block_all_on_host();
    return &wait_mask_;
  }
  SyscallResult finish(SyscallResult result) {
    if (!saved_) return result;
    if (result == Errno(EINTR)) {
      p_.signals().saved_mask = *saved_;
      p_.signals().set_blocked(p_.signals().blocked());  // re-mirror the temporary mask
    } else {
      p_.signals().set_blocked(*saved_);
    }
    saved_.reset();
    return result;
  }

 private:
  Process& p_;
  std::optional<uint64_t> saved_;
  sigset_t wait_mask_;
  bool failed_ = false;
};

SyscallResult Poll(Process& p, uint32_t fds_address, uint32_t count, const timespec* timeout,
                   uint32_t mask_address) {
  if (count > kMaxPollFds) return Errno(EINVAL);
  std::vector<pollfd> fds(count);
  std::vector<std::byte> raw(8 * size_t{count});
  if (!p.memory().read(fds_address, raw)) return Errno(EFAULT);
  for (uint32_t i = 0; i < count; ++i) {
    fds[i].fd = static_cast<int>(LoadBe32(&raw[8 * i]));
    fds[i].events = static_cast<short>(LoadBe32(&raw[8 * i + 4]) >> 16);
    fds[i].revents = 0;
  }
  TemporaryMask mask(p, mask_address);
  if (mask.failed()) return Errno(EFAULT);
  const sigset_t* wait_mask = mask.prepare_wait();
  if (mask.active() && p.signals().has_deliverable()) return mask.finish(Errno(EINTR));
  const int n = ppoll(fds.data(), count, timeout, wait_mask);
  if (n < 0) return mask.finish(Errno(errno));
  mask.finish(n);
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t events = static_cast<uint16_t>(fds[i].events);
    StoreBe32(&raw[8 * i + 4], (events << 16) | static_cast<uint16_t>(fds[i].revents));
  }
  if (!p.memory().write(fds_address, raw)) return Errno(EFAULT);
  return n;
}

SyscallResult SysPoll(Process& p, const SyscallArgs& a) {
  const int ms = a.s32(2);
  timespec t{ms / 1000, (ms % 1000) * 1'000'000L};
  return Poll(p, a.a[0], a.a[1], ms < 0 ? nullptr : &t, 0);
}

SyscallResult Ppoll(Process& p, const SyscallArgs& a, bool wide) {
  std::optional<timespec> timeout;
  if (SyscallResult r = ReadTimespec(p, a.a[2], wide, timeout); r < 0) return r;
  return Poll(p, a.a[0], a.a[1], timeout ? &*timeout : nullptr, a.a[3]);
}
SyscallResult SysPpoll(Process& p, const SyscallArgs& a) { return Ppoll(p, a, false); }
SyscallResult SysPpollTime64(Process& p, const SyscallArgs& a) { return Ppoll(p, a, true); }

// Guest fd_set: 32-bit big-endian words, bit n of the set in word n / 32.
bool ReadFdSet(Process& p, uint32_t address, int n, fd_set& set, std::vector<uint32_t>& words) {
  FD_ZERO(&set);
  if (address == 0) return true;
  words.assign((n + 31) / 32, 0);
  for (size_t w = 0; w < words.size(); ++w) {
    if (!p.memory().read_u32(address + 4 * static_cast<uint32_t>(w), words[w])) return false;
  }
  for (int fd = 0; fd < n; ++fd) {
    if (words[fd / 32] & (1u << (fd % 32))) FD_SET(fd, &set);
  }
  return true;
}

bool WriteFdSet(Process& p, uint32_t address, int n, const fd_set& set) {
  if (address == 0) return true;
  for (int w = 0; w < (n + 31) / 32; ++w) {
    uint32_t word = 0;
    for (int b = 0; b < 32 && 32 * w + b < n; ++b) {
      if (FD_ISSET(32 * w + b, &set)) word |= 1u << b;
    }
    if (!p.memory().write_u32(address + 4 * static_cast<uint32_t>(w), word)) return false;
  }
  return true;
}

SyscallResult Select(Process& p, const SyscallArgs& a, const timespec* timeout,
                     uint32_t mask_address) {
  const int n = a.s32(0);
  if (n < 0 || n > FD_SETSIZE) return Errno(EINVAL);
  fd_set sets[3];
  std::vector<uint32_t> scratch;
  for (int i = 0; i < 3; ++i) {
    if (!ReadFdSet(p, a.a[1 + i], n, sets[i], scratch)) return Errno(EFAULT);
  }
  TemporaryMask mask(p, mask_address);
  if (mask.failed()) return Errno(EFAULT);
  const sigset_t* wait_mask = mask.prepare_wait();
  if (mask.active() && p.signals().has_deliverable()) return mask.finish(Errno(EINTR));
  const int r = pselect(n, &sets[0], &sets[1], &sets[2], timeout, wait_mask);
  if (r < 0) return mask.finish(Errno(errno));
  mask.finish(r);
  for (int i = 0; i < 3; ++i) {
    if (!WriteFdSet(p, a.a[1 + i], n, sets[i])) return Errno(EFAULT);
  }
  return r;
}

SyscallResult SysNewselect(Process& p, const SyscallArgs& a) {
  if (a.a[4] == 0) return Select(p, a, nullptr, 0);
  uint32_t sec, usec;
  if (!p.memory().read_u32(a.a[4], sec) || !p.memory().read_u32(a.a[4] + 4, usec)) {
    return Errno(EFAULT);
  }
  timespec t{static_cast<int32_t>(sec), static_cast<long>(usec) * 1000};
  // Linux writes the time left back; programs that rely on it are rare, and
  // the old value is a valid (if pessimistic) answer.
  return Select(p, a, &t, 0);
}

SyscallResult Pselect6(Process& p, const SyscallArgs& a, bool wide) {
  std::optional<timespec> timeout;
  if (SyscallResult r = ReadTimespec(p, a.a[4], wide, timeout); r < 0) return r;
  // The sixth argument points at {const sigset_t *ss; size_t ss_len}.
  uint32_t mask_address = 0;
  if (a.a[5] != 0 && !p.memory().read_u32(a.a[5], mask_address)) return Errno(EFAULT);
  return Select(p, a, timeout ? &*timeout : nullptr, mask_address);
}
SyscallResult SysPselect6(Process& p, const SyscallArgs& a) { return Pselect6(p, a, false); }
SyscallResult SysPselect6Time64(Process& p, const SyscallArgs& a) { return Pselect6(p, a, true); }

}  // namespace

void RegisterPollSyscalls(SyscallTable& t) {
  t.add(nr::kPoll, SysPoll);
  t.add(nr::kPpoll, SysPpoll);
  t.add(nr::kPpollTime64, SysPpollTime64);
  t.add(nr::kNewselect, SysNewselect);
  t.add(nr::kSelect, SysNewselect);
  t.add(nr::kPselect6, SysPselect6);
  t.add(nr::kPselect6Time64, SysPselect6Time64);
}

}  // namespace pvppc::user
