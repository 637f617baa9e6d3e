#include "userspace/syscall_table.h"

namespace pvppc::user {

const SyscallTable& SyscallTable::Linux() {
  static const SyscallTable* table = [] {
    auto* t = new SyscallTable;
    RegisterFileSyscalls(*t);
    RegisterPollSyscalls(*t);
    RegisterIoctlSyscalls(*t);
    RegisterPathSyscalls(*t);
    RegisterPathChangeSyscalls(*t);
    RegisterMemorySyscalls(*t);
    RegisterProcessSyscalls(*t);
    RegisterIdentitySyscalls(*t);
    RegisterSignalSyscalls(*t);
    RegisterTimeSyscalls(*t);
    RegisterInfoSyscalls(*t);
    return t;
  }();
  return *table;
}

}  // namespace pvppc::user
