// pvppc_user: runs a static 32-bit PowerPC Linux program on the pvppc PPC440
// core, with the host's environment, file system and standard streams.
// The harness for testing the core on real programs and for its benchmark.
//
//   pvppc_user [--instructions] [--max-instructions N] [--] PROGRAM [ARGS...]
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "hypervisor/vcpu/host_time_base.h"
#include "userspace/process.h"
#include "userspace/program_loader.h"
#include "userspace/syscall_table.h"

extern char** environ;

namespace {

using pvppc::user::SignalName;

// A forked guest child that a signal ended dies by that signal on the host
// too, so that its guest parent's wait4 sees what Linux would report.
[[noreturn]] void DieBySignal(int signo) {
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  signal(signo, SIG_DFL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, signo);
  sigprocmask(SIG_UNBLOCK, &only, nullptr);
  raise(signo);
  _exit(128 + signo);  // a signal whose default is not to terminate
}

bool ShellWouldReport(int signo) { return signo != SIGINT && signo != SIGPIPE; }

}  // namespace

int main(int argc, char** argv) {
  // pvppc_user's own options come first; the first other word is the
  // program, and everything after it belongs to the program, options
  // included. CLI11 parses only our part, so it never reorders the rest.
  int split = 1;
  while (split < argc) {
    const std::string word = argv[split];
    if (word == "--") break;
    if (word.empty() || word[0] != '-') break;
    // The one option with a value may have it in the next word.
    split += (word == "--max-instructions") ? 2 : 1;
  }
  split = std::min(split, argc);
  std::vector<std::string> command(argv + split + (split < argc && std::string(argv[split]) == "--"),
                                   argv + argc);

  CLI::App app{"Runs a static 32-bit big-endian PowerPC Linux program on the pvppc PPC440 core.\n"
               "Usage: pvppc_user [--instructions] [--max-instructions N] [--] PROGRAM [ARGS...]"};
  bool report_instructions = false;
  uint64_t max_instructions = 0;
  app.add_flag("--instructions", report_instructions,
               "print the number of guest instructions run to stderr at exit");
  app.add_option("--max-instructions", max_instructions,
                 "stop the program after about N guest instructions (exit status 124)");
  CLI11_PARSE(app, split, argv);
  if (command.empty()) {
    std::fprintf(stderr, "pvppc_user: no program given\n%s", app.help().c_str());
    return 2;
  }

  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);

  // 400 MHz: a common 440 core clock, which the 440 counts its time base at.
  pvppc::vcpu::HostTimeBase time_base(400'000'000);
  pvppc::user::ProcessOptions options;
  options.max_instructions = max_instructions;
  // Linux's alignment handler fixes up FP accesses that cross a 16-byte
  // boundary for user programs; without the check they simply work.
  options.core_options = pvppc::cpu::CoreOptions{.fp_quadword_alignment_check = false};

  pvppc::user::ProgramRequest request{command[0], command, environment, "",
                                      /*require_execute_permission=*/false};
  auto image = pvppc::user::LoadProgram(request, time_base, options.core_options);
  if (!image) {
    std::fprintf(stderr, "pvppc_user: %s\n", image.error().message.c_str());
    return image.error().error == ENOENT ? 127 : 126;
  }

  pvppc::user::Process process(std::move(*image), pvppc::user::SyscallTable::Linux(), time_base,
                               options);
  const pvppc::user::Termination end = process.run();
  const bool original = process.is_original();
  if (original && report_instructions) {
    std::fprintf(stderr, "pvppc_user: %llu guest instructions\n",
                 static_cast<unsigned long long>(process.instructions()));
  }
  if (end.limit_reached) {
    std::fprintf(stderr, "pvppc_user: stopped at pc 0x%08x after %llu instructions (--max-instructions)\n",
                 end.pc, static_cast<unsigned long long>(process.instructions()));
    return 124;
  }
  if (end.signal != 0) {
    if (original || pvppc::user::IsSynchronousSignal(end.signal)) {
      if (ShellWouldReport(end.signal)) {
        std::fprintf(stderr, "pvppc_user: program killed by %s at pc 0x%08x\n",
                     SignalName(end.signal), end.pc);
      }
    }
    if (!original) DieBySignal(end.signal);
    return 128 + end.signal;
  }
  return end.exit_status;
}
