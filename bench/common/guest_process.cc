#include "bench/common/guest_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <thread>

namespace pvbench {

GuestProcess::GuestProcess(const std::vector<std::string>& argv, bool stdin_pipe) {
  int out[2] = {-1, -1}, in[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) != 0 || (stdin_pipe && pipe2(in, O_CLOEXEC) != 0)) {
    error_ = std::string("pipe: ") + std::strerror(errno);
    return;
  }
  start_ = Clock::now();
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    dup2(out[1], 2);
    if (stdin_pipe) {
      dup2(in[0], 0);
    } else {
      const int null = open("/dev/null", O_RDONLY);
      dup2(null, 0);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    dprintf(2, "cannot run %s: %s\n", argv[0].c_str(), std::strerror(errno));
    _exit(127);
  }
  close(out[1]);
  output_ = out[0];
  if (stdin_pipe) {
    close(in[0]);
    input_ = in[1];
  }
  if (pid_ < 0) error_ = std::string("fork: ") + std::strerror(errno);
}

GuestProcess::~GuestProcess() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (output_ >= 0) close(output_);
  if (input_ >= 0) close(input_);
}

std::optional<double> GuestProcess::wait_for(const std::string& needle,
                                             Clock::time_point deadline) {
  for (;;) {
    const size_t found = console_.find(needle, mark_);
    if (found != std::string::npos) {
      mark_ = found + needle.size();
      return arrival_of(found);
    }
    if (!read_some(deadline)) return std::nullopt;
  }
}

void GuestProcess::drain_until(Clock::time_point until) {
  while (Clock::now() < until && read_some(until)) {
  }
}

bool GuestProcess::send(const std::string& text) {
  return input_ >= 0 &&
         write(input_, text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

int GuestProcess::wait_exit(Clock::time_point deadline) {
  while (Clock::now() < deadline) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      exit_seconds_ = seconds_since_start();
      while (read_some(Clock::now() + std::chrono::milliseconds(200))) {
      }
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (!read_some(std::min(deadline, Clock::now() + std::chrono::milliseconds(50)))) {
      // End of output: the process is on its way out.
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  exited_ = true;
  exit_seconds_ = seconds_since_start();
  return -1;
}

double GuestProcess::seconds_since_start() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

double GuestProcess::arrival_of(size_t offset) const {
  auto it = arrivals_.upper_bound(offset);
  --it;  // the chunk that holds `offset`
  return it->second;
}

bool GuestProcess::read_some(Clock::time_point deadline) {
  if (output_ < 0) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() < 0) return false;
  pollfd p{output_, POLLIN, 0};
  const int ready = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count() + 1, INT_MAX)));
  if (ready <= 0) return false;
  char buffer[8192];
  const ssize_t n = read(output_, buffer, sizeof buffer);
  if (n <= 0) {
    close(output_);
    output_ = -1;
    return false;
  }
  arrivals_[console_.size()] = seconds_since_start();
  console_.append(buffer, static_cast<size_t>(n));
  return true;
}

}  // namespace pvbench
