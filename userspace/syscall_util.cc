#include "userspace/syscall_util.h"

namespace pvppc::user {

int ReadPath(Process& process, uint32_t address, std::string& path) {
  UserMemory::StringResult s = process.memory().read_string(address, kPathMax - 1);
  if (s.error != 0) return s.error;
  path = std::move(s.value);
  return 0;
}

std::string HostPath(Process& process, const std::string& path) {
  if (path == "/proc/self/exe") return process.image().executable;
  return path;
}

}  // namespace pvppc::user
