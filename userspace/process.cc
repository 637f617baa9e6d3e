#include "userspace/process.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <limits>

#include "hypervisor/isa/instruction.h"
#include "userspace/signal_frame.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_table.h"

namespace pvppc::user {
namespace {

using cpu::ExitReason;

// Instructions per core.run() when there is no limit: large, so that the
// loop only comes back for exits.
constexpr uint64_t kUnlimitedChunk = uint64_t{1} << 40;

// si_code values (asm-generic/siginfo.h).
constexpr int kSegvMaperr = 1;
constexpr int kSegvAccerr = 2;
constexpr int kBusAdraln = 1;
constexpr int kIllIllopc = 1;
constexpr int kIllPrvopc = 5;
constexpr int kTrapBrkpt = 1;
constexpr int kFpeFltdiv = 3, kFpeFltovf = 4, kFpeFltund = 5, kFpeFltres = 6, kFpeFltinv = 7;

// The si_code of an FP-enabled program exception: which enabled exception
// (FPSCR exception bit with its enable bit) caused it.
int FpExceptionCode(uint32_t fpscr) {
  if ((fpscr & 0x20000000u) && (fpscr & 0x80u)) return kFpeFltinv;  // VX, VE
  if ((fpscr & 0x04000000u) && (fpscr & 0x10u)) return kFpeFltdiv;  // ZX, ZE
  if ((fpscr & 0x10000000u) && (fpscr & 0x40u)) return kFpeFltovf;  // OX, OE
  if ((fpscr & 0x08000000u) && (fpscr & 0x20u)) return kFpeFltund;  // UX, UE
  if ((fpscr & 0x02000000u) && (fpscr & 0x08u)) return kFpeFltres;  // XX, XE
  return 0;
}

// PVR of a PPC440EPx (PPC440x5 core) for `mfspr rD,PVR`, which user code may
// not execute on Book E but which Linux emulates for it.
constexpr uint32_t kPvr = 0x200008D0u;
constexpr uint32_t kSprPvr = 287;

// Calls Linux never restarts after a handler, SA_RESTART or not: waits
// with a timeout or a mask, whose callers expect EINTR (-ERESTARTNOHAND and
// friends in the kernel).
bool NeverRestarted(uint32_t number) {
  switch (number) {
    case nr::kNanosleep: case nr::kClockNanosleep: case nr::kClockNanosleepTime64:
    case nr::kPoll: case nr::kPpoll: case nr::kPpollTime64: case nr::kSelect:
    case nr::kNewselect: case nr::kPselect6: case nr::kPselect6Time64:
    case nr::kRtSigsuspend: case nr::kPause: case nr::kRtSigtimedwait:
    case nr::kRtSigtimedwaitTime64:
      return true;
    default:
      return false;
  }
}

}  // namespace

Process::Process(std::unique_ptr<GuestImage> image, const SyscallTable& syscalls,
                 cpu::TimeBase& time_base, ProcessOptions options)
    : image_(std::move(image)), syscalls_(syscalls), time_base_(time_base), options_(options) {
  SignalState::SetRunningCore(&image_->core());
}

Process::~Process() { SignalState::SetRunningCore(nullptr); }

uint64_t Process::instructions() const {
  return instructions_of_previous_images_ + image_->core().instructions_executed();
}

void Process::exit(int status) {
  if (!termination_) termination_ = Termination{.exit_status = status & 0xff};
}

void Process::terminate_by_signal(int signo) {
  if (!termination_) termination_ = Termination{.signal = signo, .pc = state().pc};
}

void Process::replace_image(std::unique_ptr<GuestImage> image) {
  instructions_of_previous_images_ += image_->core().instructions_executed();
  // The old image's core is on the call stack (this runs inside its exit
  // handling), so it is kept until the syscall is finished.
  retired_image_ = std::move(image_);
  image_ = std::move(image);
  SignalState::SetRunningCore(&image_->core());
}

Termination Process::run() {
  while (!termination_) {
    retired_image_.reset();
    deliver_signals();
    if (termination_) break;
    uint64_t chunk = kUnlimitedChunk;
    if (options_.max_instructions != 0) {
      const uint64_t done = instructions();
      if (done >= options_.max_instructions) {
        termination_ = Termination{.pc = state().pc, .limit_reached = true};
        break;
      }
      chunk = options_.max_instructions - done;
    }
    handle_exit(image_->core().run(chunk));
  }
  retired_image_.reset();
  if (clear_child_tid != 0) (void)memory().write_u32(clear_child_tid, 0);
  return *termination_;
}

void Process::handle_exit(const cpu::Exit& exit) {
  switch (exit.reason) {
    case ExitReason::kSystemCall:
      handle_syscall();
      return;
    case ExitReason::kInstructionBudget:
    case ExitReason::kStopRequested:
    case ExitReason::kNone:
      return;  // the loop checks the budget and delivers signals
    case ExitReason::kProgram:
      if (exit.esr & cpu::esr::kPTR) return handle_fault(SIGTRAP, kTrapBrkpt, exit.pc);
      if (exit.esr & cpu::esr::kFP) {
        return handle_fault(SIGFPE, FpExceptionCode(state().fpscr), exit.pc);
      }
      if (exit.esr & cpu::esr::kPPR) {
        if (emulate_privileged(exit)) return;
        return handle_fault(SIGILL, kIllPrvopc, exit.pc);
      }
      return handle_fault(SIGILL, kIllIllopc, exit.pc);
    case ExitReason::kFpUnavailable:
      return handle_fault(SIGILL, kIllIllopc, exit.pc);
    case ExitReason::kAlignment:
      return handle_fault(SIGBUS, kBusAdraln, exit.dear);
    case ExitReason::kDataTlbMiss:
      return handle_fault(SIGSEGV, kSegvMaperr, exit.dear);
    case ExitReason::kDataStorage:
      return handle_fault(SIGSEGV, kSegvAccerr, exit.dear);
    case ExitReason::kInstructionTlbMiss:
      return handle_fault(SIGSEGV, kSegvMaperr, exit.pc);
    case ExitReason::kInstructionStorage:
      return handle_fault(SIGSEGV, kSegvAccerr, exit.pc);
    case ExitReason::kMachineCheck:
    case ExitReason::kCount:
      return handle_fault(SIGBUS, 0, exit.dear);
  }
}

bool Process::emulate_privileged(const cpu::Exit& exit) {
  const isa::Instruction insn(exit.instruction);
  if (insn.opcd() == isa::kOpcodeExtended && insn.xo10() == 339 /* mfspr */ &&
      insn.spr() == kSprPvr) {
    state().gpr[insn.rt()] = kPvr;
    state().pc = exit.pc + 4;
    return true;
  }
  return false;
}

void Process::handle_fault(int signo, int code, uint32_t address) {
  const GuestSigaction& action = signals_.action(signo);
  const bool blocked = (signals_.blocked() & SignalBit(signo)) != 0;
  // A fault nobody handles, or that is blocked or ignored (which Linux
  // overrides for synchronous faults), kills the process.
  if (action.handler == kSigDefault || action.handler == kSigIgnore || blocked) {
    terminate_by_signal(signo);
    return;
  }
  SignalInfo info{.signo = signo, .code = code, .address = address};
  if (!PushSignalFrame(*image_, signals_, action, info)) {
    terminate_by_signal(SIGSEGV);
    return;
  }
  if (action.flags & sa::kResetHand) signals_.set_action(signo, GuestSigaction{});
}

void Process::handle_syscall() {
  cpu::CpuState& s = state();
  SyscallArgs args;
  args.number = s.gpr[0];
  for (int i = 0; i < 6; ++i) args.a[i] = s.gpr[3 + i];
  args.pc = s.pc - 4;
  restartable_syscall_.reset();
  // A signal that arrived while guest code ran is taken before the syscall,
  // as if it had come just before the sc: the sc runs again after the
  // handler. Otherwise a blocking call could sleep with a handler pending.
  if (signals_.has_deliverable()) {
    s.pc = args.pc;
    return;
  }

  const SyscallHandler handler = syscalls_.find(args.number);
  if (handler == nullptr) {
    const std::string_view name = nr::SyscallName(args.number);
    std::fprintf(stderr, "pvppc_user: unsupported syscall %u%s%.*s%s at pc 0x%08x\n", args.number,
                 name.empty() ? "" : " (", static_cast<int>(name.size()), name.data(),
                 name.empty() ? "" : ")", args.pc);
    exit(127);
    return;
  }
  const SyscallResult result = handler(*this, args);
  if (result == kNoResult) return;
  cpu::CpuState& out = state();  // the same image: only a successful execve (kNoResult) changes it
  if (result < 0 && result >= -4095) {
    if (result == Errno(EINTR) && !NeverRestarted(args.number)) {
      restartable_syscall_ = InterruptedSyscall{args.pc, args.a[0]};
    }
    out.gpr[3] = static_cast<uint32_t>(-result);
    out.set_cr_bit(3, true);  // CR0[SO]: the error flag of the PowerPC syscall ABI
  } else {
    out.gpr[3] = static_cast<uint32_t>(result);
    out.set_cr_bit(3, false);
  }
}

void Process::deliver_signals() {
  while (!termination_) {
    const int signo = signals_.take_deliverable();
    if (signo == 0) break;
    const GuestSigaction action = signals_.action(signo);
    if (action.handler == kSigIgnore) continue;
    if (action.handler == kSigDefault) {
      switch (DefaultActionOf(signo)) {
        case DefaultAction::kIgnore:
        case DefaultAction::kContinue:
          continue;
        case DefaultAction::kStop:
          // Stop the host process; the shell that started it sees a stopped
          // job, and SIGCONT resumes it here.
          raise(SIGSTOP);
          continue;
        case DefaultAction::kTerminate:
        case DefaultAction::kCoreDump:
          terminate_by_signal(signo);
          return;
      }
    }
    // A handler: restart the interrupted syscall after it when the handler
    // asks for that, as Linux does for -ERESTARTSYS.
    if (restartable_syscall_ && (action.flags & sa::kRestart)) {
      state().pc = restartable_syscall_->pc;
      state().gpr[3] = restartable_syscall_->r3;  // r4..r8 still hold the other arguments
    }
    restartable_syscall_.reset();
    SignalInfo info{.signo = signo, .code = signals_.code_of(signo), .pid = getpid(),
                    .uid = getuid()};
    if (!PushSignalFrame(*image_, signals_, action, info)) {
      terminate_by_signal(SIGSEGV);
      return;
    }
    if (action.flags & sa::kResetHand) signals_.set_action(signo, GuestSigaction{});
  }
  restartable_syscall_.reset();
  // No handler ran after a sigsuspend: its temporary mask ends here.
  if (signals_.saved_mask) {
    signals_.set_blocked(*signals_.saved_mask);
    signals_.saved_mask.reset();
  }
}

}  // namespace pvppc::user
