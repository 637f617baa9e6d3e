// User-mode networking through libslirp: the guest's Ethernet frames go into
// a TCP/IP stack in this process, which reaches host services with ordinary
// sockets (the guest's connections to 10.0.2.2 reach the host's loopback),
// serves DHCP and forwards host TCP ports into the guest.
//
// The virtual network is slirp's usual one: 10.0.2.0/24, the host (gateway)
// 10.0.2.2, DNS 10.0.2.3, the guest's DHCP address 10.0.2.15 (kGuestAddress,
// where forwarded ports go).
//
// Threads: libslirp is not thread-safe, so one mutex covers every call into
// it. A poller thread waits on slirp's sockets and runs its timers; frames
// slirp sends to the guest are queued, `wake` is called, and the vCPU thread
// hands them to the device in take_frames(). send() (guest to slirp) runs on
// the vCPU thread.
#pragma once

#include <poll.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "virtio-backends/net/net_backend.h"
#include "virtio-backends/net/net_option.h"

struct Slirp;

namespace pvppc::backends::net {

inline constexpr char kGuestAddress[] = "10.0.2.15";

class SlirpBackend final : public NetBackend {
 public:
  // Starts the stack and its host forwards; a forward whose host port is
  // taken is an error naming it.
  [[nodiscard]] static Result<std::unique_ptr<SlirpBackend>> Create(const NetOption& option,
                                                                   std::function<void()> wake);
  ~SlirpBackend() override;

  [[nodiscard]] Status send(std::span<const std::byte> frame) override;
  // Offers queued frames, oldest first, to `deliver` until it refuses one
  // (no receive buffer: the frame stays queued).
  void take_frames(const std::function<bool(std::span<const std::byte>)>& deliver);

  uint64_t frames_dropped() const { return frames_dropped_; }

  // For libslirp's callbacks.
  struct Timer;
  void queue_frame(std::span<const std::byte> frame);
  Timer* new_timer(void (*callback)(void*), void* opaque);
  void free_timer(Timer* timer);
  void modify_timer(Timer* timer, int64_t expire_ms);
  int add_poll(int fd, int events);
  int revents(int index) const;

 private:
  explicit SlirpBackend(std::function<void()> wake);
  void poll_loop();
  void run_timers();
  void kick_poller();

  std::function<void()> wake_;
  std::mutex slirp_mutex_;  // every call into libslirp
  Slirp* slirp_ = nullptr;
  std::vector<std::unique_ptr<Timer>> timers_;
  std::vector<::pollfd> pollfds_;
  int wake_fd_ = -1;  // eventfd: the poller looks again

  std::mutex rx_mutex_;
  std::deque<std::vector<std::byte>> rx_;
  std::atomic<bool> rx_pending_{false};
  uint64_t frames_dropped_ = 0;

  std::atomic<bool> stop_{false};
  std::thread poller_;
};

}  // namespace pvppc::backends::net
