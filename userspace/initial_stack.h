// The stack a new program finds at its entry point, built the way Linux's
// ELF loader builds it on 32-bit PowerPC: argc at r1, then argv, envp and the
// auxiliary vector, with the strings, AT_PLATFORM and AT_RANDOM bytes above
// them near the top of the stack.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hypervisor/common/result.h"
#include "userspace/elf_loader.h"
#include "userspace/flat_address_space.h"

namespace pvppc::user {

// What the kernel reports about the CPU (asm/cputable.h, asm/auxvec.h).
namespace cpu_info {
// PPC_FEATURE_32 | PPC_FEATURE_HAS_FPU | PPC_FEATURE_HAS_MMU |
// PPC_FEATURE_BOOKE: Linux's user features for a 440 with its FPU (440EPx).
// No AltiVec, no ISA 2.05+ bits, so glibc keeps to the instructions a 440 has.
inline constexpr uint32_t kHwcap = 0x80000000u | 0x08000000u | 0x04000000u | 0x00008000u;
inline constexpr uint32_t kHwcap2 = 0;
// The 440's L1 line size; glibc's memset clears lines with dcbz using
// AT_DCACHEBSIZE. The 440 has split caches, so the "unified" size is 0, as
// Linux reports it.
inline constexpr uint32_t kDcacheLine = 32;
inline constexpr uint32_t kIcacheLine = 32;
inline constexpr uint32_t kUcacheLine = 0;
inline constexpr const char* kPlatform = "ppc440";
inline constexpr uint32_t kClockTicks = 100;  // AT_CLKTCK: USER_HZ
}  // namespace cpu_info

struct InitialStackSpec {
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  std::string execfn;                 // AT_EXECFN: the path given to exec
  std::array<uint8_t, 16> random{};   // AT_RANDOM (stack protector, pointer guard)
  uint32_t uid = 0, euid = 0, gid = 0, egid = 0;
};

// Maps the stack (with execute permission only when the program asks for
// it) and writes the initial frame. Returns the initial r1, 16-byte aligned,
// pointing at argc. Fails when the strings do not fit (execve's E2BIG).
[[nodiscard]] Result<uint32_t> BuildInitialStack(FlatAddressSpace& space,
                                                 const LoadedProgram& program,
                                                 const InitialStackSpec& spec);

}  // namespace pvppc::user
