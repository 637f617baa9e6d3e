// One emulator process for the benchmarks: its console (stdout and stderr
// together) read through a pipe, the time each part of it arrived, and
// optionally its stdin kept open as a pipe.
#ifndef PVPPC_BENCH_COMMON_GUEST_PROCESS_H_
#define PVPPC_BENCH_COMMON_GUEST_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pvbench {

class GuestProcess {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts `argv` (stdin /dev/null unless `stdin_pipe`).
  GuestProcess(const std::vector<std::string>& argv, bool stdin_pipe);
  ~GuestProcess();
  GuestProcess(const GuestProcess&) = delete;
  GuestProcess& operator=(const GuestProcess&) = delete;

  bool started() const { return pid_ > 0; }
  const std::string& error() const { return error_; }
  pid_t pid() const { return pid_; }
  const std::string& console() const { return console_; }

  // Reads the console until `needle` appears after the previous match (or the
  // start); returns the seconds from process start to the read that brought
  // it, or nothing at the deadline or at end of output.
  std::optional<double> wait_for(const std::string& needle, Clock::time_point deadline);

  // Keeps reading the console (so the guest never blocks on it) until `until`.
  void drain_until(Clock::time_point until);

  bool send(const std::string& text);

  // Waits for the process to end, reading its console; kills it at the
  // deadline. Returns the exit status, 128 + signal, or -1 after a kill.
  int wait_exit(Clock::time_point deadline);

  // Seconds from start to the end of the process (or to its kill).
  double exit_seconds() const { return exit_seconds_; }

 private:
  double seconds_since_start() const;
  // When the console byte at `offset` arrived (seconds from start).
  double arrival_of(size_t offset) const;
  // One read (waiting at most until `deadline`); false at end of output or
  // at the deadline.
  bool read_some(Clock::time_point deadline);

  pid_t pid_ = -1;
  int output_ = -1;
  int input_ = -1;
  bool exited_ = false;
  double exit_seconds_ = 0;
  std::string error_;
  Clock::time_point start_;
  std::string console_;
  std::map<size_t, double> arrivals_;  // console offset of each read -> its time
  size_t mark_ = 0;
};

}  // namespace pvbench

#endif  // PVPPC_BENCH_COMMON_GUEST_PROCESS_H_
