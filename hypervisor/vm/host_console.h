// The guest console on the host's stdin/stdout.
//
// Interactive (stdin is a terminal): the terminal goes raw so that the guest
// sees every key, and comes back as it was at exit. Otherwise stdin is read
// as a plain byte stream, and EOF just stops input. Either way Ctrl-A x quits
// and Ctrl-A Ctrl-A sends one Ctrl-A (the escape QEMU users know).
//
// A reader thread takes input; the vCPU thread pulls it with take_input() and
// is woken through the callback when input arrives while the guest idles.
// Guest output is buffered and written on newlines, when the guest idles and
// at exit.
#pragma once

#include <termios.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "hypervisor/devices/uart16550.h"

namespace pvppc::vm {

class HostConsole final : public devices::CharSink {
 public:
  static constexpr uint8_t kEscape = 0x01;  // Ctrl-A
  static constexpr uint8_t kQuitKey = 'x';

  HostConsole(int input_fd, int output_fd);
  ~HostConsole() override;
  HostConsole(const HostConsole&) = delete;
  HostConsole& operator=(const HostConsole&) = delete;

  // Starts the reader thread; `wake` is called from it after new input or a
  // quit request (it must be thread-safe).
  void start(std::function<void()> wake);

  // devices::CharSink (vCPU thread).
  void write(uint8_t byte) override;
  void flush();

  // Moves up to out.size() pending input bytes into `out` (vCPU thread).
  // Called once per pass of the run loop: without input it costs one
  // relaxed atomic load, not a lock.
  size_t take_input(std::span<uint8_t> out);
  bool quit_requested() const { return quit_.load(std::memory_order_relaxed); }

  // True once the guest printed Linux's panic banner.
  bool saw_panic() const { return saw_panic_; }
  bool interactive() const { return raw_mode_; }

 private:
  void reader_loop();
  void watch_for_panic(uint8_t byte);

  int input_fd_;
  int output_fd_;
  bool raw_mode_ = false;
  termios saved_termios_{};
  std::thread reader_;
  int stop_pipe_[2] = {-1, -1};
  std::function<void()> wake_;
  std::mutex input_mutex_;
  std::deque<uint8_t> input_;
  std::atomic<bool> input_available_{false};  // input_ is not empty
  std::atomic<bool> quit_{false};
  bool escape_pending_ = false;
  std::string output_buffer_;
  std::string recent_line_;
  bool saw_panic_ = false;
};

}  // namespace pvppc::vm
