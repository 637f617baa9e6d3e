// One emulated Linux user process: its address space, its core, and the run
// loop that turns the core's exits into system calls and signals.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/cpu_state.h"
#include "linux_user/address_space.h"

namespace pvppc::user {

class HostTimeBase final : public cpu::TimeBase {
 public:
  // A fixed 400 MHz time base (a typical 440 core clock) from host
  // CLOCK_MONOTONIC. Programs that need the frequency ask the kernel for time
  // instead, which pvppc_user answers from the host clock.
  static constexpr uint64_t kFrequency = 400'000'000;
  uint64_t read() override;
};

struct ProcessOptions {
  uint64_t max_instructions = 0;  // 0: no limit
  bool trace_syscalls = false;
};

class Process {
 public:
  [[nodiscard]] static Result<std::unique_ptr<Process>> Create(const std::string& path,
                                                               const std::vector<std::string>& argv,
                                                               const std::vector<std::string>& envp,
                                                               ProcessOptions options);

  // Runs until the program exits. Returns the exit status a shell would show:
  // the program's status, or 128 + signal when it was killed.
  int run();

  // For the syscall layer.
  AddressSpace& space() { return *space_; }
  cpu::CpuState& state() { return state_; }
  cpu::Core& core() { return *core_; }
  const std::string& executable() const { return executable_; }
  [[nodiscard]] Status exec(const std::string& path, const std::vector<std::string>& argv,
                            const std::vector<std::string>& envp);
  void exit(int status) { exit_status_ = status; }
  // Terminates the program as if by `signal` (no handler delivery).
  void kill_by_signal(int signal, const std::string& why);

  uint32_t brk_start = 0;
  uint32_t brk_current = 0;
  uint32_t mmap_top = 0x78000000u;  // mmap(NULL) searches downwards from here
  uint32_t clear_child_tid = 0;
  bool trace_syscalls = false;
  std::array<uint32_t, 65> signal_handlers{};
  std::array<bool, 65> ignored_signals{};

 private:
  Process() = default;
  bool handle_exit(const cpu::Exit& exit);
  bool emulate_privileged(const cpu::Exit& exit);

  std::unique_ptr<AddressSpace> space_;
  cpu::CpuState state_;
  HostTimeBase time_base_;
  std::unique_ptr<cpu::Core> core_;
  std::string executable_;
  ProcessOptions options_;
  std::optional<int> exit_status_;
  int killed_by_ = 0;

 public:
  // The signal that ended the program, or 0.
  int killed_by() const { return killed_by_; }
};

}  // namespace pvppc::user
