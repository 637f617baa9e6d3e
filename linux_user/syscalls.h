// The Linux system call layer of pvppc_user: the 32-bit PowerPC ABI (r0 the
// number, r3-r8 the arguments, the result in r3 with CR0[SO] set and a
// positive errno on failure), dispatched through one table keyed by number.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace pvppc::user {

class Process;

struct SyscallArgs {
  std::array<uint32_t, 6> a{};
  uint32_t operator[](size_t i) const { return a[i]; }
};

// A handler returns the value for r3 (>= 0) or -errno. kNoResult means the
// handler set the registers itself (execve) or ended the process.
using SyscallHandler = int64_t (*)(Process& process, const SyscallArgs& args);
inline constexpr int64_t kNoResult = INT64_MIN;

struct SyscallEntry {
  std::string_view name;
  SyscallHandler handler = nullptr;
};

inline constexpr size_t kSyscallTableSize = 512;

const std::array<SyscallEntry, kSyscallTableSize>& SyscallTable();

// Runs the system call the program asked for; false when the call is not
// supported (the caller reports it and ends the program).
bool DispatchSyscall(Process& process);

// Registration lists, one per file, merged into the table.
struct SyscallRow {
  uint32_t number;
  std::string_view name;
  SyscallHandler handler;
};
std::span<const SyscallRow> FileSyscalls();
std::span<const SyscallRow> MemorySyscalls();
std::span<const SyscallRow> ProcessSyscalls();
std::span<const SyscallRow> TimeAndInfoSyscalls();

}  // namespace pvppc::user
