// `pvppc run` options, parsed with CLI11, and the exit statuses pvppc uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/vm/vm.h"

namespace pvppc::cli {

// Process exit statuses (documented in --help).
namespace exit_status {
inline constexpr int kGuestStopped = 0;   // the guest rebooted, powered off or halted
inline constexpr int kSetupError = 1;     // bad kernel, initrd, device tree, memory size...
inline constexpr int kUsage = 2;          // bad command line
inline constexpr int kGuestPanic = 3;     // the guest kernel panicked
inline constexpr int kGuestError = 4;     // the hypervisor stopped a misbehaving guest
inline constexpr int kTimeout = 5;        // --timeout expired
inline constexpr int kQuit = 6;           // the user quit (escape key, SIGINT/SIGTERM)
}  // namespace exit_status

struct RunOptions {
  vm::VmConfig vm;
  std::optional<std::string> stats_json;
  bool quiet = false;  // no exit statistics table on stderr
};

// What the command line asks for: run a VM, or print text (help) and exit
// with a status.
struct PrintAndExit {
  std::string text;
  int status;
};
using ParsedCommandLine = std::variant<RunOptions, PrintAndExit>;

ParsedCommandLine ParseCommandLine(const std::vector<std::string>& args);

// "128M", "1G", "65536K", "134217728" -> bytes.
[[nodiscard]] Result<uint64_t> ParseMemorySize(const std::string& text);

}  // namespace pvppc::cli
