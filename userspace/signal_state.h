// The guest's signal dispositions, mask and pending set, and how they meet
// the host.
//
// Guest processes are host processes (fork is a host fork), so signals that
// come from outside (kill from another process, a terminal's ^C, SIGCHLD,
// SIGPIPE from a host write) arrive at the host. Each such signal's host
// disposition mirrors the guest's: default stays default (the host process
// then dies or stops exactly as the guest would), ignored stays ignored, and
// a guest handler becomes a host handler that only records the signal and
// stops the core so the runner can deliver it at the next instruction
// boundary. The host mask mirrors the guest mask the same way.
//
// Synchronous signals (SIGSEGV, SIGILL, SIGFPE, SIGBUS, SIGTRAP, SIGSYS) come
// from core exits instead and are never mirrored: the runner's own faults
// must stay fatal.
#pragma once

#include <array>
#include <csignal>
#include <cstdint>
#include <optional>

namespace pvppc::cpu {
class Core;
}

namespace pvppc::user {

inline constexpr int kSignalCount = 64;  // signals 1..64
inline constexpr uint32_t kSigDefault = 0;
inline constexpr uint32_t kSigIgnore = 1;

// sa_flags bits (the same on PowerPC and x86-64).
namespace sa {
inline constexpr uint32_t kNoCldStop = 0x00000001;
inline constexpr uint32_t kNoCldWait = 0x00000002;
inline constexpr uint32_t kSigInfo = 0x00000004;
inline constexpr uint32_t kOnStack = 0x08000000;
inline constexpr uint32_t kRestart = 0x10000000;
inline constexpr uint32_t kNoDefer = 0x40000000;
inline constexpr uint32_t kResetHand = 0x80000000;
}  // namespace sa

struct GuestSigaction {
  uint32_t handler = kSigDefault;
  uint32_t flags = 0;
  uint32_t restorer = 0;
  uint64_t mask = 0;
};

inline constexpr uint64_t SignalBit(int signo) { return uint64_t{1} << (signo - 1); }

enum class DefaultAction { kTerminate, kCoreDump, kIgnore, kStop, kContinue };
DefaultAction DefaultActionOf(int signo);
bool IsSynchronousSignal(int signo);
// "SIGSEGV", or "signal 40" for signals without a name.
const char* SignalName(int signo);

class SignalState {
 public:
  // Starts from the host's dispositions: a signal the parent left ignored
  // is ignored by the guest too, as across a real exec.
  SignalState();

  const GuestSigaction& action(int signo) const { return actions_[signo - 1]; }
  void set_action(int signo, const GuestSigaction& action);

  uint64_t blocked() const { return blocked_; }
  void set_blocked(uint64_t mask);

  // A signal the process sent itself or a fault produced: pending until
  // delivered (even when ignored; delivery drops it then).
  // `code` is the si_code the handler will see (SI_USER for kill, SI_TKILL
  // for tkill/tgkill).
  void raise(int signo, int code = 0) {
    pending_ |= SignalBit(signo);
    codes_[signo - 1] = code;
  }
  // The si_code of a signal take_deliverable() just returned.
  int code_of(int signo) const { return codes_[signo - 1]; }
  // Collects what the host handler recorded; returns the lowest pending
  // signal the mask lets through and removes it from the pending set, or 0.
  int take_deliverable();
  // True when an unblocked signal is pending (for EINTR decisions).
  bool has_deliverable();
  uint64_t pending();

  // For waits that must not miss a signal (sigsuspend, ppoll, pselect):
  // block every mirrored signal on the host, check for deliverable ones,
  // then wait with host_mask() of the mask to wait under, which the host
  // installs atomically. set_blocked() restores the mirror afterwards.
  void block_all_on_host();
  static sigset_t HostMask(uint64_t guest_mask);

  // execve: handlers go back to default; ignored signals, the mask and
  // pending signals survive (POSIX).
  void reset_for_exec();

  // The core to stop when a host signal arrives (null while none runs).
  static void SetRunningCore(cpu::Core* core);

  // The mask to go back to after a signal delivered during rt_sigsuspend
  // (or pselect/ppoll with a mask): the frame saves it instead of the
  // temporary one.
  std::optional<uint64_t> saved_mask;

  // sigaltstack state.
  uint32_t altstack_sp = 0;
  uint32_t altstack_size = 0;
  uint32_t altstack_flags = 2;  // SS_DISABLE

 private:
  void mirror_on_host(int signo);
  void collect_host_signals();

  std::array<GuestSigaction, kSignalCount> actions_{};
  uint64_t blocked_ = 0;
  uint64_t pending_ = 0;
  std::array<int, kSignalCount> codes_{};
};

}  // namespace pvppc::user
