#include "userspace/program_loader.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "userspace/elf_loader.h"
#include "userspace/initial_stack.h"
#include "userspace/signal_frame.h"

namespace pvppc::user {
namespace {

// Linux follows at most this many "#!" levels (BINPRM_MAX_RECURSION).
constexpr int kMaxInterpreterDepth = 4;
constexpr size_t kMaxShebangLine = 255;

tl::unexpected<LoadFailure> Fail(int error, std::string message) {
  return tl::unexpected(LoadFailure{error, std::move(message)});
}

std::string AbsolutePath(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) != nullptr) return resolved;
  return path;
}

// Splits "#!interpreter [argument]" the way Linux does: one optional
// argument, the rest of the line included, surrounding blanks dropped.
bool ParseShebang(const std::vector<std::byte>& file, std::string& interpreter,
                  std::string& argument) {
  const size_t end = std::min(file.size(), kMaxShebangLine + 2);
  std::string line(reinterpret_cast<const char*>(file.data()) + 2,
                   reinterpret_cast<const char*>(file.data()) + end);
  line = line.substr(0, line.find('\n'));
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  size_t i = 0;
  while (i < line.size() && blank(line[i])) ++i;
  size_t j = i;
  while (j < line.size() && !blank(line[j])) ++j;
  interpreter = line.substr(i, j - i);
  while (j < line.size() && blank(line[j])) ++j;
  argument = line.substr(j);
  while (!argument.empty() && blank(argument.back())) argument.pop_back();
  return !interpreter.empty();
}

LoadResult Load(ProgramRequest request, cpu::TimeBase& time_base, cpu::CoreOptions options,
                int depth) {
  std::string host_path = request.path;
  if ((host_path == "/proc/self/exe" || host_path == "/proc/" + std::to_string(getpid()) + "/exe") &&
      !request.self_executable.empty()) {
    host_path = request.self_executable;
  }
  struct stat st;
  if (stat(host_path.c_str(), &st) != 0) {
    return Fail(errno, request.path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return Fail(EACCES, request.path + ": not a regular file");
  if (request.require_execute_permission && access(host_path.c_str(), X_OK) != 0) {
    return Fail(EACCES, request.path + ": not executable (" + std::strerror(errno) + ")");
  }
  auto file = ReadWholeFile(host_path);
  if (!file) return Fail(EIO, file.error().message);

  if (file->size() >= 2 && (*file)[0] == std::byte{'#'} && (*file)[1] == std::byte{'!'}) {
    if (depth >= kMaxInterpreterDepth) return Fail(ELOOP, request.path + ": too many #! levels");
    std::string interpreter, argument;
    if (!ParseShebang(*file, interpreter, argument)) {
      return Fail(ENOEXEC, request.path + ": empty #! line");
    }
    // The interpreter runs with the script's path in place of argv[0].
    std::vector<std::string> argv{interpreter};
    if (!argument.empty()) argv.push_back(argument);
    argv.push_back(request.path);
    for (size_t i = 1; i < request.argv.size(); ++i) argv.push_back(request.argv[i]);
    request.argv = std::move(argv);
    request.path = interpreter;
    return Load(std::move(request), time_base, options, depth + 1);
  }

  auto elf = ParseElf(*file, request.path);
  if (!elf) return Fail(ENOEXEC, elf.error().message);
  auto image = GuestImage::Create(time_base, options);
  if (!image) return Fail(ENOMEM, image.error().message);
  GuestImage& g = **image;
  auto program = PlaceElf(*elf, *file, g.space());
  if (!program) return Fail(ENOEXEC, request.path + ": " + program.error().message);
  MapSignalTrampoline(g.space());

  InitialStackSpec spec;
  spec.argv = request.argv;
  spec.envp = request.envp;
  spec.execfn = request.path;
  if (getrandom(spec.random.data(), spec.random.size(), 0) != static_cast<ssize_t>(spec.random.size())) {
    for (size_t i = 0; i < spec.random.size(); ++i) spec.random[i] = static_cast<uint8_t>(rand());
  }
  spec.uid = getuid();
  spec.euid = geteuid();
  spec.gid = getgid();
  spec.egid = getegid();
  auto sp = BuildInitialStack(g.space(), *program, spec);
  if (!sp) return Fail(E2BIG, request.path + ": " + sp.error().message);

  // Linux's start_thread clears every register but r1; static glibc finds
  // argc, argv, envp and auxv through r1 alone.
  g.state() = cpu::CpuState{};
  g.state().gpr[1] = *sp;
  g.state().pc = program->entry;
  g.executable = AbsolutePath(host_path);
  g.brk_start = g.brk_end = program->brk;
  return std::move(*image);
}

}  // namespace

LoadResult LoadProgram(const ProgramRequest& request, cpu::TimeBase& time_base,
                       cpu::CoreOptions core_options) {
  return Load(request, time_base, core_options, 0);
}

}  // namespace pvppc::user
