#include "hypervisor/vm/host_console.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace pvppc::vm {
namespace {

// Linux prints this when it panics (kernel/panic.c); the hypervisor reports a
// panic with its own exit status.
constexpr std::string_view kPanicBanner = "Kernel panic - not syncing";

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // output gone (closed pipe): the guest keeps running
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

}  // namespace

HostConsole::HostConsole(int input_fd, int output_fd) : input_fd_(input_fd), output_fd_(output_fd) {
  if (::isatty(input_fd_) && ::tcgetattr(input_fd_, &saved_termios_) == 0) {
    termios raw = saved_termios_;
    ::cfmakeraw(&raw);
    raw.c_oflag |= OPOST | ONLCR;  // keep the host's own messages readable
    if (::tcsetattr(input_fd_, TCSANOW, &raw) == 0) raw_mode_ = true;
  }
}

HostConsole::~HostConsole() {
  flush();
  if (reader_.joinable()) {
    const char byte = 0;
    (void)!::write(stop_pipe_[1], &byte, 1);
    reader_.join();
  }
  for (int fd : stop_pipe_) {
    if (fd >= 0) ::close(fd);
  }
  if (raw_mode_) ::tcsetattr(input_fd_, TCSANOW, &saved_termios_);
}

void HostConsole::start(std::function<void()> wake) {
  wake_ = std::move(wake);
  if (::pipe(stop_pipe_) != 0) return;
  reader_ = std::thread([this] { reader_loop(); });
}

void HostConsole::reader_loop() {
  for (;;) {
    pollfd fds[2] = {{input_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    uint8_t buffer[256];
    const ssize_t n = ::read(input_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // EOF or error: no more input, the guest runs on
    {
      std::lock_guard lock(input_mutex_);
      for (ssize_t i = 0; i < n; ++i) {
        const uint8_t byte = buffer[i];
        if (escape_pending_) {
          escape_pending_ = false;
          if (byte == kQuitKey) {
            quit_.store(true);
            break;
          }
          if (byte == kEscape) input_.push_back(byte);
          continue;  // unknown escape sequences are dropped
        }
        if (byte == kEscape) {
          escape_pending_ = true;
          continue;
        }
        input_.push_back(byte);
      }
      input_available_.store(!input_.empty(), std::memory_order_release);
    }
    if (wake_) wake_();
    if (quit_.load()) return;
  }
}

void HostConsole::write(uint8_t byte) {
  output_buffer_.push_back(static_cast<char>(byte));
  watch_for_panic(byte);
  if (byte == '\n' || output_buffer_.size() >= 4096) flush();
}

void HostConsole::watch_for_panic(uint8_t byte) {
  if (byte == '\n' || byte == '\r') {
    recent_line_.clear();
    return;
  }
  if (recent_line_.size() < 256) recent_line_.push_back(static_cast<char>(byte));
  if (!saw_panic_ && recent_line_.find(kPanicBanner) != std::string::npos) saw_panic_ = true;
}

void HostConsole::flush() {
  if (output_buffer_.empty()) return;
  WriteAll(output_fd_, output_buffer_.data(), output_buffer_.size());
  output_buffer_.clear();
}

size_t HostConsole::take_input(std::span<uint8_t> out) {
  if (!input_available_.load(std::memory_order_acquire)) return 0;
  std::lock_guard lock(input_mutex_);
  size_t n = 0;
  while (n < out.size() && !input_.empty()) {
    out[n++] = input_.front();
    input_.pop_front();
  }
  input_available_.store(!input_.empty(), std::memory_order_release);
  return n;
}

}  // namespace pvppc::vm
