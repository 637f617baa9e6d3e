// Starting a program in a fresh image: what the kernel's execve does for
// pvppc_user's guests. Resolves /proc/self/exe, runs "#!" scripts through
// their interpreter, loads the ELF, maps the stack and the signal trampoline
// and sets the entry registers (all zero but r1, as Linux leaves them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/time_base.h"
#include "userspace/guest_image.h"

namespace pvppc::user {

struct ProgramRequest {
  std::string path;  // as given to execve (or on the command line)
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  // What /proc/self/exe means for the caller: the running program's path
  // (empty for the first program).
  std::string self_executable;
  // execve needs execute permission; pvppc_user's own command line does
  // not (like qemu-user, it runs any readable file it is given).
  bool require_execute_permission = true;
};

struct LoadFailure {
  int error = 0;        // the errno execve returns: ENOENT, EACCES, ENOEXEC, E2BIG, ELOOP...
  std::string message;  // for pvppc_user's own message about the first program
};

using LoadResult = tl::expected<std::unique_ptr<GuestImage>, LoadFailure>;

[[nodiscard]] LoadResult LoadProgram(const ProgramRequest& request, cpu::TimeBase& time_base,
                                     cpu::CoreOptions core_options);

}  // namespace pvppc::user
