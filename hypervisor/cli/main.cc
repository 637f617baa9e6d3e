// pvppc: boots a PowerPC 440 guest on the hypervisor and reports how it ended.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "hypervisor/cli/options.h"
#include "hypervisor/vm/host_console.h"
#include "hypervisor/vm/vm.h"

namespace {

using namespace pvppc;

std::atomic<int> g_signal{0};  // set by the signal handler only
int g_signal_pipe[2] = {-1, -1};

void OnSignal(int sig) {
  g_signal.store(sig);
  const char byte = 1;
  (void)!::write(g_signal_pipe[1], &byte, 1);
}

int StatusFor(vm::VmStop stop) {
  switch (stop) {
    case vm::VmStop::kReset:
    case vm::VmStop::kPowerOff:
    case vm::VmStop::kHalted: return cli::exit_status::kGuestStopped;
    case vm::VmStop::kPanic: return cli::exit_status::kGuestPanic;
    case vm::VmStop::kGuestError: return cli::exit_status::kGuestError;
    case vm::VmStop::kTimeout: return cli::exit_status::kTimeout;
    case vm::VmStop::kQuit: return cli::exit_status::kQuit;
  }
  return cli::exit_status::kGuestError;
}

int Run(const cli::RunOptions& options) {
  vm::HostConsole console(STDIN_FILENO, STDOUT_FILENO);
  auto created = vm::Vm::Create(options.vm, console);
  if (!created) {
    std::fprintf(stderr, "pvppc: %s\n", created.error().message.c_str());
    return cli::exit_status::kSetupError;
  }
  vm::Vm& machine = **created;

  // Signals stop the guest cleanly (the terminal is restored on the way out).
  if (::pipe(g_signal_pipe) == 0) {
    struct sigaction sa = {};
    sa.sa_handler = OnSignal;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    std::thread([&machine] {
      char byte;
      while (::read(g_signal_pipe[0], &byte, 1) < 0) {
      }
      machine.wake();
    }).detach();
  }

  vm::VmResult result = machine.run();
  if (g_signal.load() != 0) result = {vm::VmStop::kQuit, "stopped by a signal"};
  const double seconds = machine.run_seconds();
  console.flush();

  std::fprintf(stderr, "\npvppc: %s\n", result.detail.c_str());
  if (!options.quiet) {
    std::fprintf(stderr, "pvppc: %.3f s, %llu guest instructions\n%s", seconds,
                 static_cast<unsigned long long>(machine.guest_instructions()),
                 machine.stats().format_table().c_str());
  }
  if (options.stats_json) {
    std::ofstream out(*options.stats_json);
    out << machine.stats().to_json(
               {{"wall_seconds", seconds},
                {"guest_instructions", static_cast<double>(machine.guest_instructions())},
                {"exit_status", static_cast<double>(StatusFor(result.stop))}})
        << "\n";
    if (!out) std::fprintf(stderr, "pvppc: cannot write %s\n", options.stats_json->c_str());
  }
  return StatusFor(result.stop);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv, argv + argc);
  const cli::ParsedCommandLine parsed = cli::ParseCommandLine(args);
  if (const auto* print = std::get_if<cli::PrintAndExit>(&parsed)) {
    std::fputs(print->text.c_str(), print->status == 0 ? stdout : stderr);
    return print->status;
  }
  return Run(std::get<cli::RunOptions>(parsed));
}
