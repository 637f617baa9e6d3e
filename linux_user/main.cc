// pvppc_user: runs a static powerpc Linux program on the pvppc PPC440 core.
// A test and benchmark harness for the core, not a product feature.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "linux_user/process.h"

extern char** environ;

int main(int argc, char** argv) {
  // The runner's options come before the program; everything from the
  // program's path on belongs to the program, untouched (CLI11 would
  // otherwise reorder its options).
  int split = 1;
  while (split < argc && argv[split][0] == '-') {
    const std::string arg = argv[split];
    if (arg == "--") {
      ++split;
      break;
    }
    split += (arg == "--max-instructions") ? 2 : 1;
  }
  std::vector<std::string> command(argv + std::min(split, argc), argv + argc);
  if (split > 1 && std::string(argv[split - 1]) == "--") --split;

  CLI::App app{"Runs a static 32-bit PowerPC Linux executable on the pvppc PPC440 core.\n"
               "usage: pvppc_user [OPTIONS] PROGRAM [ARGS...]"};
  bool report_instructions = false;
  uint64_t max_instructions = 0;
  bool trace_syscalls = false;
  app.add_flag("--instructions", report_instructions,
               "print the number of guest instructions executed to stderr at exit");
  app.add_option("--max-instructions", max_instructions,
                 "stop the program after about N instructions (exit status 124)");
  app.add_flag("--strace", trace_syscalls, "print every system call to stderr");
  try {
    app.parse(std::min(split, argc), argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (command.empty()) {
    std::fprintf(stderr, "pvppc_user: a program is required\n%s", app.help().c_str());
    return 106;
  }

  // The guest's writes to a closed pipe fail with EPIPE instead of killing
  // the runner.
  signal(SIGPIPE, SIG_IGN);

  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);

  const pid_t original_pid = getpid();
  auto process = pvppc::user::Process::Create(
      command[0], command, environment, pvppc::user::ProcessOptions{.max_instructions = max_instructions, .trace_syscalls = trace_syscalls});
  if (!process) {
    std::fprintf(stderr, "pvppc_user: %s\n", process.error().message.c_str());
    return 126;
  }
  const int status = (*process)->run();
  if (report_instructions && getpid() == original_pid) {
    std::fprintf(stderr, "pvppc_user: %llu guest instructions\n",
                 static_cast<unsigned long long>((*process)->core().instructions_executed()));
  }
  // A forked child that a signal ended dies by that signal on the host too,
  // so its guest parent's wait() sees what Linux would report.
  if (getpid() != original_pid && (*process)->killed_by() != 0) {
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal((*process)->killed_by(), SIG_DFL);
    raise((*process)->killed_by());
  }
  return status;
}
