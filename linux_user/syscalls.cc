#include "linux_user/syscalls.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "hypervisor/cpu/cpu_state.h"
#include "linux_user/process.h"

namespace pvppc::user {
namespace {

std::array<SyscallEntry, kSyscallTableSize> BuildTable() {
  std::array<SyscallEntry, kSyscallTableSize> table{};
  for (auto rows : {FileSyscalls(), MemorySyscalls(), ProcessSyscalls(), TimeAndInfoSyscalls()}) {
    for (const SyscallRow& row : rows) {
      // Two files claiming one number is a programming error caught by the
      // syscall table test.
      if (row.number < table.size() && table[row.number].handler == nullptr) {
        table[row.number] = SyscallEntry{row.name, row.handler};
      }
    }
  }
  return table;
}

}  // namespace

const std::array<SyscallEntry, kSyscallTableSize>& SyscallTable() {
  static const std::array<SyscallEntry, kSyscallTableSize> table = BuildTable();
  return table;
}

bool DispatchSyscall(Process& process) {
  cpu::CpuState& s = process.state();
  const uint32_t number = s.gpr[0];
  if (number >= kSyscallTableSize || SyscallTable()[number].handler == nullptr) return false;
  const SyscallArgs args{{s.gpr[3], s.gpr[4], s.gpr[5], s.gpr[6], s.gpr[7], s.gpr[8]}};
  const int64_t result = SyscallTable()[number].handler(process, args);
  if (process.trace_syscalls) {
    std::fprintf(stderr, "[pvppc_user %d] %s(0x%x, 0x%x, 0x%x, 0x%x) = %lld\n", getpid(),
                 std::string(SyscallTable()[number].name).c_str(), args[0], args[1], args[2],
                 args[3], result == kNoResult ? 0LL : static_cast<long long>(result));
  }
  if (result == kNoResult) return true;
  // Success: r3 = value, CR0[SO] clear. Failure: r3 = errno, CR0[SO] set.
  const uint32_t so_mask = 1u << 28;
  if (result < 0) {
    s.gpr[3] = static_cast<uint32_t>(-result);
    s.cr |= so_mask;
  } else {
    s.gpr[3] = static_cast<uint32_t>(result);
    s.cr &= ~so_mask;
  }
  return true;
}

}  // namespace pvppc::user
