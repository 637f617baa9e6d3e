// The system call table: number -> handler, filled by the syscalls_*.cc
// files. Handlers see the six argument registers and return the result as
// Linux's syscall entry would: a value, or -errno.
#pragma once

#include <array>
#include <cerrno>
#include <cstdint>
#include <limits>

namespace pvppc::user {

class Process;

struct SyscallArgs {
  uint32_t number = 0;
  std::array<uint32_t, 6> a{};  // r3..r8
  uint32_t pc = 0;              // of the sc instruction

  int32_t fd(int i) const { return static_cast<int32_t>(a[i]); }
  int32_t s32(int i) const { return static_cast<int32_t>(a[i]); }
  // A 64-bit argument in a register pair: the PowerPC 32-bit ABI puts
  // 64-bit values in an odd/even pair (r3/r4, r5/r6, r7/r8), high word first.
  uint64_t u64(int high) const { return (uint64_t{a[high]} << 32) | a[high + 1]; }
};

// The result of a handler: >= 0 success (the low 32 bits go to r3), a
// negative errno, or kNoResult when the handler left the registers as the
// guest must see them (execve, sigreturn) or the process ended.
using SyscallResult = int64_t;
inline constexpr SyscallResult kNoResult = std::numeric_limits<int64_t>::min();

inline SyscallResult Errno(int error) { return -static_cast<SyscallResult>(error); }
// For a host call that returns -1 and sets errno.
inline SyscallResult HostResult(long result) {
  return result < 0 ? Errno(errno) : static_cast<SyscallResult>(result);
}

using SyscallHandler = SyscallResult (*)(Process& process, const SyscallArgs& args);

class SyscallTable {
 public:
  static constexpr uint32_t kSize = 512;

  // All handlers pvppc_user has.
  static const SyscallTable& Linux();

  void add(uint32_t number, SyscallHandler handler) { handlers_[number] = handler; }
  SyscallHandler find(uint32_t number) const {
    return number < kSize ? handlers_[number] : nullptr;
  }

 private:
  std::array<SyscallHandler, kSize> handlers_{};
};

// Registration, one per syscalls_*.cc file.
void RegisterFileSyscalls(SyscallTable& table);
void RegisterPollSyscalls(SyscallTable& table);
void RegisterIoctlSyscalls(SyscallTable& table);
void RegisterPathSyscalls(SyscallTable& table);
void RegisterPathChangeSyscalls(SyscallTable& table);
void RegisterMemorySyscalls(SyscallTable& table);
void RegisterProcessSyscalls(SyscallTable& table);
void RegisterIdentitySyscalls(SyscallTable& table);
void RegisterSignalSyscalls(SyscallTable& table);
void RegisterTimeSyscalls(SyscallTable& table);
void RegisterInfoSyscalls(SyscallTable& table);

}  // namespace pvppc::user
