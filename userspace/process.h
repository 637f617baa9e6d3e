// One guest Linux process: the current program image, its signal state, and
// the run loop that turns the core's exits into system calls and signals.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/exit.h"
#include "hypervisor/cpu/time_base.h"
#include "userspace/guest_image.h"
#include "userspace/signal_state.h"

namespace pvppc::user {

class SyscallTable;

struct ProcessOptions {
  uint64_t max_instructions = 0;  // 0: no limit
  cpu::CoreOptions core_options;
};

// How the guest process ended.
struct Termination {
  int exit_status = 0;  // the exit code, when signal == 0
  int signal = 0;       // the signal that killed it, or 0
  uint32_t pc = 0;      // where, for a signal
  bool limit_reached = false;  // --max-instructions ran out
};

class Process {
 public:
  Process(std::unique_ptr<GuestImage> image, const SyscallTable& syscalls,
          cpu::TimeBase& time_base, ProcessOptions options);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Runs the guest until it exits or dies.
  Termination run();

  GuestImage& image() { return *image_; }
  UserMemory& memory() { return image_->memory(); }
  cpu::CpuState& state() { return image_->state(); }
  SignalState& signals() { return signals_; }
  cpu::TimeBase& time_base() { return time_base_; }
  const ProcessOptions& options() const { return options_; }

  // Guest instructions run by this host process, over all its images.
  uint64_t instructions() const;
  // False in a child made by guest fork (it reports nothing at exit).
  bool is_original() const { return original_; }

  // ---- For system calls -----------------------------------------------
  // exit_group: the run loop returns after the current syscall.
  void exit(int status);
  // Ends the process as `signo`'s default action would (no handler).
  void terminate_by_signal(int signo);
  // A successful execve: the new image takes over; the old one (whose code
  // is running this call) is freed once the syscall returns.
  void replace_image(std::unique_ptr<GuestImage> image);
  // In the child of a guest fork.
  void became_forked_child() { original_ = false; }

  // set_tid_address / CLONE_CHILD_CLEARTID: cleared at exit.
  uint32_t clear_child_tid = 0;

 private:
  void handle_exit(const cpu::Exit& exit);
  void handle_syscall();
  void handle_fault(int signo, int code, uint32_t address);
  // Delivers pending unblocked signals (runs handlers' setup or default
  // actions). `interrupted_syscall` is true right after a syscall returned
  // EINTR, for SA_RESTART.
  void deliver_signals();
  bool emulate_privileged(const cpu::Exit& exit);

  std::unique_ptr<GuestImage> image_;
  std::unique_ptr<GuestImage> retired_image_;
  const SyscallTable& syscalls_;
  cpu::TimeBase& time_base_;
  ProcessOptions options_;
  SignalState signals_;
  std::optional<Termination> termination_;
  uint64_t instructions_of_previous_images_ = 0;
  bool original_ = true;
  // A syscall that ended with EINTR, for restarting it under SA_RESTART:
  // the pc of its sc and its first argument (r3 now holds the error).
  struct InterruptedSyscall {
    uint32_t pc;
    uint32_t r3;
  };
  std::optional<InterruptedSyscall> restartable_syscall_;
};

}  // namespace pvppc::user
