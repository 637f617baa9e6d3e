#include "bench/common/guest_run.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace pvbench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

GuestRun RunGuest(const std::vector<std::string>& argv, double timeout_seconds) {
  GuestRun run;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    run.error = std::string("pipe: ") + std::strerror(errno);
    return run;
  }
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(timeout_seconds));
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(out[1], 2);
    const int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    dprintf(2, "cannot run %s: %s\n", argv[0].c_str(), std::strerror(errno));
    _exit(127);
  }
  close(out[1]);
  if (pid < 0) {
    close(out[0]);
    run.error = std::string("fork: ") + std::strerror(errno);
    return run;
  }

  // Read the console to its end (or the deadline), noting when init came.
  const std::string needle = kInitReached;
  bool timed_out = false;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000))) <= 0) continue;
    char buffer[8192];
    const ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;  // end of output: the process is on its way out
    const size_t from =
        run.console.size() >= needle.size() ? run.console.size() - needle.size() : 0;
    run.console.append(buffer, static_cast<size_t>(n));
    if (!run.init_seconds && run.console.find(needle, from) != std::string::npos)
      run.init_seconds = SecondsSince(start);
  }
  close(out[0]);

  int status = 0;
  while (!timed_out) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      run.total_seconds = SecondsSince(start);
      run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return run;
    }
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  run.total_seconds = SecondsSince(start);
  run.status = -1;
  return run;
}

std::optional<ExitStats> ReadExitStats(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "no statistics file " + path;
    return std::nullopt;
  }
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    ExitStats s;
    s.total_exits = j.at("total_exits").get<uint64_t>();
    s.wall_seconds = j.value("wall_seconds", 0.0);
    s.guest_instructions = j.value("guest_instructions", uint64_t{0});
    for (const auto& e : j.at("exits")) {
      s.exits.push_back(ExitKind{e.at("category").get<std::string>(),
                                 e.at("name").get<std::string>(), e.at("count").get<uint64_t>(),
                                 e.value("host_ns", uint64_t{0})});
    }
    std::stable_sort(s.exits.begin(), s.exits.end(),
                     [](const ExitKind& a, const ExitKind& b) { return a.count > b.count; });
    return s;
  } catch (const std::exception& e) {
    error = path + ": " + e.what();
    return std::nullopt;
  }
}

std::map<std::string, BenchLine> ParseBenchLines(const std::string& console, bool& done,
                                                 std::vector<std::string>* order) {
  std::map<std::string, BenchLine> lines;
  done = false;
  std::istringstream in(console);
  std::string line;
  while (std::getline(in, line)) {
    const size_t at = line.find("bench: ");
    if (at == std::string::npos) continue;
    std::istringstream words(line.substr(at + 7));
    std::string name;
    BenchLine b;
    if (words >> name >> b.ops >> b.total_ns >> b.ns_per_op) {
      if (order != nullptr && !lines.count(name)) order->push_back(name);
      lines[name] = b;
    } else if (name == "done") {
      done = true;
    }
  }
  return lines;
}

std::string Tail(const std::string& text, int lines) {
  size_t pos = text.size();
  for (int i = 0; i < lines && pos > 0; ++i) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) return text;
  }
  return text.substr(pos);
}

}  // namespace pvbench
