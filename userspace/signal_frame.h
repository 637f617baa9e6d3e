// Signal delivery into guest code: the frame a handler runs on and the
// return path through rt_sigreturn.
//
// The layout follows 32-bit PowerPC Linux's rt signal frame (siginfo, then a
// ucontext whose uc_regs points at the saved mcontext, below the
// interrupted stack pointer), so handlers that look at their siginfo or
// ucontext find what they expect. Handlers return to a two-instruction
// trampoline (li r0,__NR_rt_sigreturn; sc) on a page pvppc_user maps, the way
// Linux returns through its vDSO.
#pragma once

#include <cstdint>

#include "userspace/flat_address_space.h"
#include "userspace/guest_image.h"
#include "userspace/signal_state.h"

namespace pvppc::user {

// Maps the trampoline page (read + execute) into a fresh address space.
void MapSignalTrampoline(FlatAddressSpace& space);

struct SignalInfo {
  int signo = 0;
  int code = 0;          // si_code: SI_USER, SEGV_MAPERR, ILL_ILLOPC, ...
  uint32_t address = 0;  // si_addr for faults
  int32_t pid = 0;       // si_pid / si_uid for kill
  uint32_t uid = 0;
};

// Builds the frame for `info` and points pc, r1, r3-r6 and lr at the
// handler; applies the handler's mask. False when the frame does not fit in
// writable memory: Linux then kills the process with SIGSEGV.
[[nodiscard]] bool PushSignalFrame(GuestImage& image, SignalState& signals,
                                   const GuestSigaction& action, const SignalInfo& info);

// rt_sigreturn: restores the registers and the signal mask saved in the
// frame at r1. False for a frame that cannot be read.
[[nodiscard]] bool PopSignalFrame(GuestImage& image, SignalState& signals);

}  // namespace pvppc::user
