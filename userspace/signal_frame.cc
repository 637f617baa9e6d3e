#include "userspace/signal_frame.h"

#include <cstring>

#include "userspace/big_endian.h"
#include "userspace/memory_layout.h"
#include "userspace/syscall_numbers.h"

namespace pvppc::user {
namespace {

// Frame layout (offsets from the frame's start).
constexpr uint32_t kSiginfoSize = 128;
constexpr uint32_t kUcontext = kSiginfoSize;
constexpr uint32_t kUcontextSize = 1184;
constexpr uint32_t kFrameSize = kSiginfoSize + kUcontextSize;  // a multiple of 16
// Within the ucontext.
constexpr uint32_t kUcStack = 8;
constexpr uint32_t kUcRegs = 48;
constexpr uint32_t kUcSigmask = 52;
constexpr uint32_t kUcMcontext = 192;
// Within the mcontext: 48 register words, then 33 doubles (f0-f31, fpscr).
constexpr uint32_t kMcNip = 32 * 4;
constexpr uint32_t kMcMsr = 33 * 4;
constexpr uint32_t kMcOrigR3 = 34 * 4;
constexpr uint32_t kMcCtr = 35 * 4;
constexpr uint32_t kMcLink = 36 * 4;
constexpr uint32_t kMcXer = 37 * 4;
constexpr uint32_t kMcCcr = 38 * 4;
constexpr uint32_t kMcTrap = 40 * 4;
constexpr uint32_t kMcDar = 41 * 4;
constexpr uint32_t kMcFregs = 48 * 4;
constexpr uint32_t kMcSize = kMcFregs + 33 * 8;
// The caller's frame header below the signal frame (back chain + LR save),
// as in any PowerPC stack frame, plus room Linux leaves for the 64-bit ABI.
constexpr uint32_t kHandlerFrameSize = 64;
constexpr uint32_t kStackGap = 288;

constexpr uint32_t kLiR0 = 0x38000000u;   // addi r0,0,SIMM
constexpr uint32_t kSc = 0x44000002u;

void SaveMcontext(const cpu::CpuState& s, uint32_t trap, uint32_t dar, BeStruct<kMcSize>& mc) {
  for (int i = 0; i < 32; ++i) mc.put32(4 * i, s.gpr[i]);
  mc.put32(kMcNip, s.pc);
  mc.put32(kMcMsr, s.msr);
  mc.put32(kMcOrigR3, s.gpr[3]);
  mc.put32(kMcCtr, s.ctr);
  mc.put32(kMcLink, s.lr);
  mc.put32(kMcXer, s.xer());
  mc.put32(kMcCcr, s.cr);
  mc.put32(kMcTrap, trap);
  mc.put32(kMcDar, dar);
  for (int i = 0; i < 32; ++i) mc.put64(kMcFregs + 8 * i, s.fpr[i]);
  mc.put32(kMcFregs + 32 * 8 + 4, s.fpscr);
}

void RestoreMcontext(const BeStruct<kMcSize>& mc, cpu::CpuState& s) {
  for (int i = 0; i < 32; ++i) s.gpr[i] = mc.get32(4 * i);
  s.pc = mc.get32(kMcNip);
  s.ctr = mc.get32(kMcCtr);
  s.lr = mc.get32(kMcLink);
  s.set_xer(mc.get32(kMcXer));
  s.cr = mc.get32(kMcCcr);
  for (int i = 0; i < 32; ++i) s.fpr[i] = mc.get64(kMcFregs + 8 * i);
  s.fpscr = mc.get32(kMcFregs + 32 * 8 + 4);
  // The MSR stays the runner's: user code may not change it.
  s.reservation_valid = false;
}

}  // namespace

void MapSignalTrampoline(FlatAddressSpace& space) {
  space.map(layout::kSignalTrampoline, memory::kPageSize, prot::kRead | prot::kExec);
  (void)space.memory().write_be32(layout::kSignalTrampoline, kLiR0 | nr::kRtSigreturn);
  (void)space.memory().write_be32(layout::kSignalTrampoline + 4, kSc);
}

bool PushSignalFrame(GuestImage& image, SignalState& signals, const GuestSigaction& action,
                     const SignalInfo& info) {
  cpu::CpuState& s = image.state();
  uint32_t sp = s.gpr[1];
  const bool on_altstack = signals.altstack_size != 0 && sp - signals.altstack_sp < signals.altstack_size;
  if ((action.flags & sa::kOnStack) && signals.altstack_flags == 0 && !on_altstack) {
    sp = signals.altstack_sp + signals.altstack_size;
  }
  const uint32_t frame = (sp - kStackGap - kFrameSize) & ~15u;
  const uint32_t new_sp = frame - kHandlerFrameSize;

  BeStruct<kSiginfoSize> siginfo;
  siginfo.put32(0, static_cast<uint32_t>(info.signo));
  siginfo.put32(8, static_cast<uint32_t>(info.code));
  if (info.address != 0) {
    siginfo.put32(12, info.address);
  } else {
    siginfo.put32(12, static_cast<uint32_t>(info.pid));
    siginfo.put32(16, info.uid);
  }

  BeStruct<kUcMcontext> uc;
  uc.put32(kUcStack, signals.altstack_sp);
  uc.put32(kUcStack + 4, signals.altstack_flags);
  uc.put32(kUcStack + 8, signals.altstack_size);
  uc.put32(kUcRegs, frame + kUcontext + kUcMcontext);
  const uint64_t restore_mask = signals.saved_mask.value_or(signals.blocked());
  uc.put32(kUcSigmask, static_cast<uint32_t>(restore_mask));
  uc.put32(kUcSigmask + 4, static_cast<uint32_t>(restore_mask >> 32));
  BeStruct<kMcSize> mc;
  SaveMcontext(s, 0, info.address, mc);

  UserMemory& m = image.memory();
  if (!m.write(frame, siginfo.bytes()) || !m.write(frame + kUcontext, uc.bytes()) ||
      !m.write(frame + kUcontext + kUcMcontext, mc.bytes()) || !m.write_u32(new_sp, s.gpr[1])) {
    return false;
  }

  signals.saved_mask.reset();
  uint64_t mask = signals.blocked() | action.mask;
  if (!(action.flags & sa::kNoDefer)) mask |= SignalBit(info.signo);
  signals.set_blocked(mask);

  s.gpr[1] = new_sp;
  s.gpr[3] = static_cast<uint32_t>(info.signo);
  s.gpr[4] = frame;
  s.gpr[5] = frame + kUcontext;
  s.gpr[6] = frame;
  s.lr = layout::kSignalTrampoline;
  s.pc = action.handler;
  s.reservation_valid = false;
  return true;
}

bool PopSignalFrame(GuestImage& image, SignalState& signals) {
  cpu::CpuState& s = image.state();
  const uint32_t frame = s.gpr[1] + kHandlerFrameSize;
  UserMemory& m = image.memory();
  uint32_t mask_low, mask_high, regs;
  if (!m.read_u32(frame + kUcontext + kUcSigmask, mask_low) ||
      !m.read_u32(frame + kUcontext + kUcSigmask + 4, mask_high) ||
      !m.read_u32(frame + kUcontext + kUcRegs, regs)) {
    return false;
  }
  BeStruct<kMcSize> mc;
  if (!m.read(regs, mc.bytes())) return false;
  RestoreMcontext(mc, s);
  signals.set_blocked((uint64_t{mask_high} << 32) | mask_low);
  return true;
}

}  // namespace pvppc::user
