#include "linux_user/process.h"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "linux_user/elf_loader.h"
#include "linux_user/syscalls.h"

namespace pvppc::user {

uint64_t HostTimeBase::read() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * kFrequency +
         static_cast<uint64_t>(ts.tv_nsec) * (kFrequency / 1'000'000'000);
}

Result<std::unique_ptr<Process>> Process::Create(const std::string& path,
                                                 const std::vector<std::string>& argv,
                                                 const std::vector<std::string>& envp,
                                                 ProcessOptions options) {
  std::unique_ptr<Process> process(new Process());
  process->options_ = options;
  process->trace_syscalls = options.trace_syscalls;
  auto space = AddressSpace::Create();
  if (!space) return MakeError(space.error().message);
  process->space_ = std::move(*space);
  // Linux fixes up misaligned FP accesses in its alignment handler, so a user
  // program never sees the 440's quadword-crossing Alignment exception.
  process->core_ = std::make_unique<cpu::Core>(
      process->state_, *process->space_, process->space_->memory(), process->time_base_,
      cpu::CoreOptions{.integer_alignment_check = false, .fp_quadword_alignment_check = false});
  cpu::Core* core = process->core_.get();
  process->space_->set_change_listener([core] { core->flush_translations(); });
  if (Status s = process->exec(path, argv, envp); !s) return MakeError(s.error().message);
  return process;
}

Status Process::exec(const std::string& path, const std::vector<std::string>& argv,
                     const std::vector<std::string>& envp) {
  // Validate before tearing down the current image: a failed execve returns
  // to the caller with its program intact.
  auto image = ReadProgram(path);
  if (!image) return MakeError(image.error().message);
  space_->unmap_all();
  core_->block_cache().invalidate_all();
  auto loaded = LoadProgram(*image, path, argv, envp, *space_);
  if (!loaded) return MakeError(loaded.error().message);
  state_ = cpu::CpuState{};
  state_.pc = loaded->entry;
  state_.gpr[1] = loaded->stack_pointer;
  brk_start = brk_current = loaded->brk;
  // /proc/self/exe names the resolved absolute path; glibc checks that.
  char resolved[PATH_MAX];
  executable_ = realpath(path.c_str(), resolved) != nullptr ? resolved : path;
  signal_handlers.fill(0);
  ignored_signals.fill(false);
  core_->flush_translations();
  return {};
}

void Process::kill_by_signal(int signal, const std::string& why) {
  std::fprintf(stderr, "pvppc_user: program killed by %s (%s) at pc 0x%08x\n", sigabbrev_np(signal)
                   ? (std::string("SIG") + sigabbrev_np(signal)).c_str()
                   : "a signal",
               why.c_str(), state_.pc);
  exit_status_ = 128 + signal;
  killed_by_ = signal;
}

// Turns one exit of the core into what Linux would do for a user program.
// Returns false when the program has ended.
bool Process::handle_exit(const cpu::Exit& exit) {
  using cpu::ExitReason;
  switch (exit.reason) {
    case ExitReason::kSystemCall:
      if (!DispatchSyscall(*this)) {
        const uint32_t number = state_.gpr[0];
        std::fprintf(stderr, "pvppc_user: unsupported system call %u at pc 0x%08x\n", number,
                     exit.pc);
        exit_status_ = 127;
        return false;
      }
      return !exit_status_.has_value();
    case ExitReason::kInstructionBudget:
      if (options_.max_instructions != 0) {
        std::fprintf(stderr, "pvppc_user: instruction limit reached at pc 0x%08x\n", state_.pc);
        exit_status_ = 124;
        return false;
      }
      return true;
    case ExitReason::kStopRequested:
      return true;
    case ExitReason::kProgram:
      if ((exit.esr & cpu::esr::kPPR) && emulate_privileged(exit)) return true;
      if (exit.esr & cpu::esr::kPTR) {
        kill_by_signal(SIGTRAP, "trap instruction");
      } else if (exit.esr & cpu::esr::kFP) {
        kill_by_signal(SIGFPE, "floating-point exception");
      } else if (exit.esr & cpu::esr::kPPR) {
        kill_by_signal(SIGILL, "privileged instruction");
      } else {
        kill_by_signal(SIGILL, "illegal instruction");
      }
      return false;
    case ExitReason::kFpUnavailable:
      kill_by_signal(SIGILL, "FP unavailable");
      return false;
    case ExitReason::kAlignment:
      kill_by_signal(SIGBUS, "alignment");
      return false;
    case ExitReason::kDataStorage:
    case ExitReason::kDataTlbMiss:
    case ExitReason::kInstructionStorage:
    case ExitReason::kInstructionTlbMiss:
    case ExitReason::kMachineCheck: {
      char why[64];
      std::snprintf(why, sizeof why, "%s at 0x%08x", std::string(cpu::ExitReasonName(exit.reason)).c_str(),
                    exit.reason == ExitReason::kDataStorage || exit.reason == ExitReason::kDataTlbMiss
                        ? exit.dear
                        : exit.pc);
      kill_by_signal(exit.reason == ExitReason::kMachineCheck ? SIGBUS : SIGSEGV, why);
      return false;
    }
    case ExitReason::kNone:
    case ExitReason::kCount:
      break;
  }
  std::fprintf(stderr, "pvppc_user: unexpected exit %s\n",
               std::string(cpu::ExitReasonName(exit.reason)).c_str());
  exit_status_ = 70;
  return false;
}

// Linux emulates a few privileged instructions for user programs in its
// program-check handler (arch/powerpc/kernel/traps.c, emulate_instruction);
// glibc reads the PVR that way.
bool Process::emulate_privileged(const cpu::Exit& exit) {
  const isa::Instruction insn(exit.instruction);
  constexpr uint32_t kSprPvr = 287;
  constexpr uint32_t kPvr440Epx = 0x200008d0;  // PPC440EPx, as qemu's 440epx model reports
  if (insn.opcd() == 31 && insn.xo10() == 339 && insn.spr() == kSprPvr) {
    state_.gpr[insn.rt()] = kPvr440Epx;
    state_.pc = exit.pc + 4;
    return true;
  }
  return false;
}

int Process::run() {
  const uint64_t budget = options_.max_instructions ? options_.max_instructions : UINT64_MAX;
  for (;;) {
    const uint64_t remaining = budget - std::min(budget, core_->instructions_executed());
    if (remaining == 0) {
      handle_exit(cpu::Exit{cpu::ExitReason::kInstructionBudget, state_.pc});
      break;
    }
    const cpu::Exit exit = core_->run(std::min<uint64_t>(remaining, 1ull << 40));
    if (!handle_exit(exit)) break;
  }
  return exit_status_.value_or(0);
}

}  // namespace pvppc::user
