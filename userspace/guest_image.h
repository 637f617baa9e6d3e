// One program image of a guest process: its address space, its registers
// and the core running it. execve replaces the whole image; fork copies it
// along with the host process.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "hypervisor/common/result.h"
#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/cpu/time_base.h"
#include "userspace/flat_address_space.h"
#include "userspace/user_memory.h"

namespace pvppc::user {

class GuestImage {
 public:
  // An empty address space with a core on it.
  [[nodiscard]] static Result<std::unique_ptr<GuestImage>> Create(cpu::TimeBase& time_base,
                                                                  cpu::CoreOptions options);
  GuestImage(const GuestImage&) = delete;
  GuestImage& operator=(const GuestImage&) = delete;

  FlatAddressSpace& space() { return *space_; }
  UserMemory& memory() { return memory_; }
  cpu::CpuState& state() { return state_; }
  cpu::Core& core() { return *core_; }

  // The host path of the program (what /proc/self/exe names).
  std::string executable;
  // The program break: brk_start is fixed at load, brk_end moves.
  uint32_t brk_start = 0;
  uint32_t brk_end = 0;

 private:
  GuestImage(std::unique_ptr<FlatAddressSpace> space, cpu::TimeBase& time_base,
             cpu::CoreOptions options);

  std::unique_ptr<FlatAddressSpace> space_;
  UserMemory memory_;
  cpu::CpuState state_;
  std::unique_ptr<cpu::Core> core_;
};

}  // namespace pvppc::user
