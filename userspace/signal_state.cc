#include "userspace/signal_state.h"

#include <signal.h>
#include <string.h>

#include <atomic>
#include <string>

#include "hypervisor/cpu/core.h"

namespace pvppc::user {
namespace {

// A host signal handler cannot be handed an object, so these two are the
// one piece of global state: what arrived, and whom to interrupt.
std::atomic<uint64_t> g_host_pending{0};
std::atomic<cpu::Core*> g_running_core{nullptr};

void RecordHostSignal(int signo) {
  g_host_pending.fetch_or(SignalBit(signo), std::memory_order_relaxed);
  if (cpu::Core* core = g_running_core.load(std::memory_order_relaxed)) core->request_stop();
}

// Signals whose host disposition and mask can follow the guest's.
bool Mirrorable(int signo) {
  return signo != SIGKILL && signo != SIGSTOP && !IsSynchronousSignal(signo);
}

}  // namespace

DefaultAction DefaultActionOf(int signo) {
  switch (signo) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
      return DefaultAction::kCoreDump;
    case SIGCHLD: case SIGURG: case SIGWINCH:
      return DefaultAction::kIgnore;
    case SIGCONT:
      return DefaultAction::kContinue;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
      return DefaultAction::kStop;
    default:
      return DefaultAction::kTerminate;
  }
}

bool IsSynchronousSignal(int signo) {
  return signo == SIGSEGV || signo == SIGILL || signo == SIGFPE || signo == SIGBUS ||
         signo == SIGTRAP || signo == SIGSYS;
}

const char* SignalName(int signo) {
  static const auto* names = [] {
    auto* table = new std::array<std::string, kSignalCount + 1>;
    for (int s = 1; s <= kSignalCount; ++s) {
      const char* abbrev = sigabbrev_np(s);
      (*table)[s] = abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(s);
    }
    return table;
  }();
  return signo >= 1 && signo <= kSignalCount ? (*names)[signo].c_str() : "an invalid signal";
}

SignalState::SignalState() {
  for (int s = 1; s <= kSignalCount; ++s) {
    struct sigaction old;
    if (Mirrorable(s) && sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) {
      actions_[s - 1].handler = kSigIgnore;
    }
  }
  sigset_t current;
  if (sigprocmask(SIG_SETMASK, nullptr, &current) == 0) {
    for (int s = 1; s <= kSignalCount; ++s) {
      if (Mirrorable(s) && sigismember(&current, s) == 1) blocked_ |= SignalBit(s);
    }
  }
}

void SignalState::set_action(int signo, const GuestSigaction& action) {
  actions_[signo - 1] = action;
  mirror_on_host(signo);
}

void SignalState::mirror_on_host(int signo) {
  if (!Mirrorable(signo)) return;
  const GuestSigaction& g = actions_[signo - 1];
  struct sigaction host {};
  sigfillset(&host.sa_mask);
  if (g.handler == kSigDefault) {
    host.sa_handler = SIG_DFL;
  } else if (g.handler == kSigIgnore) {
    host.sa_handler = SIG_IGN;
  } else {
    // No SA_RESTART: a blocking host call returns EINTR, and the runner
    // decides about restarting once it knows the guest handler's flags.
    host.sa_handler = RecordHostSignal;
  }
  if (signo == SIGCHLD) host.sa_flags |= static_cast<int>(g.flags & (sa::kNoCldStop | sa::kNoCldWait));
  sigaction(signo, &host, nullptr);  // glibc refuses its own two internal signals; that is fine
}

sigset_t SignalState::HostMask(uint64_t guest_mask) {
  sigset_t host;
  sigemptyset(&host);
  for (int s = 1; s <= kSignalCount; ++s) {
    if ((guest_mask & SignalBit(s)) && Mirrorable(s)) sigaddset(&host, s);
  }
  return host;
}

void SignalState::set_blocked(uint64_t mask) {
  mask &= ~(SignalBit(SIGKILL) | SignalBit(SIGSTOP));
  blocked_ = mask;
  const sigset_t host = HostMask(mask);
  sigprocmask(SIG_SETMASK, &host, nullptr);
}

void SignalState::block_all_on_host() {
  const sigset_t all = HostMask(~uint64_t{0});
  sigprocmask(SIG_SETMASK, &all, nullptr);
}

void SignalState::collect_host_signals() {
  const uint64_t arrived = g_host_pending.exchange(0, std::memory_order_relaxed);
  for (uint64_t bits = arrived; bits != 0; bits &= bits - 1) codes_[__builtin_ctzll(bits)] = 0;
  pending_ |= arrived;
}

uint64_t SignalState::pending() {
  collect_host_signals();
  return pending_;
}

bool SignalState::has_deliverable() { return (pending() & ~blocked_) != 0; }

int SignalState::take_deliverable() {
  const uint64_t ready = pending() & ~blocked_;
  if (ready == 0) return 0;
  // Synchronous signals first (a fault must not wait behind SIGCHLD), then
  // the lowest number, as Linux does.
  for (int s : {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS}) {
    if (ready & SignalBit(s)) {
      pending_ &= ~SignalBit(s);
      return s;
    }
  }
  const int signo = __builtin_ctzll(ready) + 1;
  pending_ &= ~SignalBit(signo);
  return signo;
}

void SignalState::reset_for_exec() {
  for (int s = 1; s <= kSignalCount; ++s) {
    GuestSigaction& a = actions_[s - 1];
    if (a.handler != kSigIgnore && a.handler != kSigDefault) {
      a = GuestSigaction{};
      mirror_on_host(s);
    }
  }
  altstack_sp = altstack_size = 0;
  altstack_flags = 2;
}

void SignalState::SetRunningCore(cpu::Core* core) {
  g_running_core.store(core, std::memory_order_relaxed);
}

}  // namespace pvppc::user
