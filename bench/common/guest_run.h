// Helpers of the benchmarks: run one emulator process to its end with its
// console captured, and read what it leaves behind (pvppc's --stats-json
// file, the "bench:" lines of pvppc-guest-bench).
#ifndef PVPPC_BENCH_COMMON_GUEST_RUN_H_
#define PVPPC_BENCH_COMMON_GUEST_RUN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pvbench {

// The guest's /init prints this first thing (guest/init).
inline constexpr char kInitReached[] = "pvppc-guest: init reached";

struct GuestRun {
  std::string error;                   // set when the process could not be started
  int status = -1;                     // exit status, 128 + signal, -1 when killed at the deadline
  std::optional<double> init_seconds;  // process start -> kInitReached on the console
  double total_seconds = 0;            // process start -> process end
  std::string console;                 // stdout and stderr together
};

// Runs `argv` (stdin /dev/null) until it exits, killing it after
// `timeout_seconds`.
GuestRun RunGuest(const std::vector<std::string>& argv, double timeout_seconds);

struct ExitKind {
  std::string category, name;
  uint64_t count = 0;
  uint64_t host_ns = 0;  // host time spent handling them
};

struct ExitStats {
  uint64_t total_exits = 0;
  double wall_seconds = 0;
  uint64_t guest_instructions = 0;
  std::vector<ExitKind> exits;  // most frequent first
};

// pvppc's --stats-json file; nothing (and `error` set) when missing or malformed.
std::optional<ExitStats> ReadExitStats(const std::string& path, std::string& error);

// One "bench: <name> <ops> <total_ns> <ns_per_op>" line.
struct BenchLine {
  uint64_t ops = 0;
  double total_ns = 0;
  double ns_per_op = 0;
};

// The bench lines of a console by name; `done` tells whether "bench: done"
// came; `order`, when given, receives the names in the order they came.
std::map<std::string, BenchLine> ParseBenchLines(const std::string& console, bool& done,
                                                 std::vector<std::string>* order = nullptr);

// The last `lines` lines of a console, for error messages.
std::string Tail(const std::string& text, int lines = 15);

}  // namespace pvbench

#endif  // PVPPC_BENCH_COMMON_GUEST_RUN_H_
