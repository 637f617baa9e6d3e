#include "virtio-backends/net/slirp_backend.h"

#include <arpa/inet.h>
#include <poll.h>
#include <slirp/libslirp.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace pvppc::backends::net {

namespace {

// Frames queued for a guest that posts no receive buffers: beyond this the
// oldest go (TCP retransmits, as on a congested link).
constexpr size_t kMaxQueuedFrames = 512;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

SlirpBackend& Self(void* opaque) { return *static_cast<SlirpBackend*>(opaque); }

short ToPoll(int events) {
  short out = 0;
  if (events & SLIRP_POLL_IN) out |= POLLIN;
  if (events & SLIRP_POLL_OUT) out |= POLLOUT;
  if (events & SLIRP_POLL_PRI) out |= POLLPRI;
  if (events & SLIRP_POLL_ERR) out |= POLLERR;
  if (events & SLIRP_POLL_HUP) out |= POLLHUP;
  return out;
}

int FromPoll(short revents) {
  int out = 0;
  if (revents & POLLIN) out |= SLIRP_POLL_IN;
  if (revents & POLLOUT) out |= SLIRP_POLL_OUT;
  if (revents & POLLPRI) out |= SLIRP_POLL_PRI;
  if (revents & POLLERR) out |= SLIRP_POLL_ERR;
  if (revents & POLLHUP) out |= SLIRP_POLL_HUP;
  return out;
}

const SlirpCb kCallbacks = {
    .send_packet = [](const void* buf, size_t len, void* opaque) -> ssize_t {
      Self(opaque).queue_frame(std::span(static_cast<const std::byte*>(buf), len));
      return static_cast<ssize_t>(len);
    },
    .guest_error = [](const char*, void*) {},  // the guest's problem; slirp drops the packet
    .clock_get_ns = [](void*) -> int64_t { return NowNs(); },
    .timer_new = [](SlirpTimerCb cb, void* cb_opaque, void* opaque) -> void* {
      return Self(opaque).new_timer(cb, cb_opaque);
    },
    .timer_free = [](void* timer, void* opaque) {
      Self(opaque).free_timer(static_cast<SlirpBackend::Timer*>(timer));
    },
    .timer_mod = [](void* timer, int64_t expire, void* opaque) {
      Self(opaque).modify_timer(static_cast<SlirpBackend::Timer*>(timer), expire);
    },
    .register_poll_fd = [](int, void*) {},
    .unregister_poll_fd = [](int, void*) {},
    .notify = [](void*) {},
    .init_completed = nullptr,
    .timer_new_opaque = nullptr,
};

}  // namespace

struct SlirpBackend::Timer {
  void (*callback)(void*);
  void* opaque;
  int64_t expire_ms = -1;  // -1: not armed
};

SlirpBackend::SlirpBackend(std::function<void()> wake) : wake_(std::move(wake)) {}

Result<std::unique_ptr<SlirpBackend>> SlirpBackend::Create(const NetOption& option,
                                                           std::function<void()> wake) {
  std::unique_ptr<SlirpBackend> backend(new SlirpBackend(std::move(wake)));
  SlirpConfig config{};
  config.version = 3;  // up to disable_dns; timers through timer_new
  config.restricted = 0;
  config.in_enabled = true;
  inet_pton(AF_INET, "10.0.2.0", &config.vnetwork);
  inet_pton(AF_INET, "255.255.255.0", &config.vnetmask);
  inet_pton(AF_INET, "10.0.2.2", &config.vhost);
  inet_pton(AF_INET, kGuestAddress, &config.vdhcp_start);
  inet_pton(AF_INET, "10.0.2.3", &config.vnameserver);
  config.in6_enabled = false;
  config.vhostname = "pvppc";
  config.if_mtu = 1500;
  config.if_mru = 1500;
  backend->slirp_ = slirp_new(&config, &kCallbacks, backend.get());
  if (backend->slirp_ == nullptr) return MakeError("libslirp could not start");
  in_addr guest{};
  inet_pton(AF_INET, kGuestAddress, &guest);
  for (const HostForward& forward : option.host_forwards) {
    in_addr host{};
    inet_pton(AF_INET, forward.host_address.c_str(), &host);
    if (slirp_add_hostfwd(backend->slirp_, 0, host, forward.host_port, guest,
                          forward.guest_port) < 0) {
      return MakeError("hostfwd: cannot listen on " + forward.host_address + ":" +
                       std::to_string(forward.host_port) + " (port already in use?)");
    }
  }
  backend->wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (backend->wake_fd_ < 0) return MakeError(std::string("eventfd: ") + std::strerror(errno));
  backend->poller_ = std::thread([raw = backend.get()] { raw->poll_loop(); });
  return backend;
}

SlirpBackend::~SlirpBackend() {
  stop_ = true;
  if (poller_.joinable()) {
    kick_poller();
    poller_.join();
  }
  if (slirp_ != nullptr) slirp_cleanup(slirp_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void SlirpBackend::kick_poller() {
  const uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

Status SlirpBackend::send(std::span<const std::byte> frame) {
  {
    std::lock_guard lock(slirp_mutex_);
    slirp_input(slirp_, reinterpret_cast<const uint8_t*>(frame.data()),
                static_cast<int>(frame.size()));
  }
  kick_poller();  // new connections or data to watch
  return {};
}

void SlirpBackend::queue_frame(std::span<const std::byte> frame) {
  {
    std::lock_guard lock(rx_mutex_);
    if (rx_.size() >= kMaxQueuedFrames) {
      rx_.pop_front();
      ++frames_dropped_;
    }
    rx_.emplace_back(frame.begin(), frame.end());
  }
  rx_pending_ = true;
  wake_();
}

void SlirpBackend::take_frames(const std::function<bool(std::span<const std::byte>)>& deliver) {
  if (!rx_pending_.load(std::memory_order_acquire)) return;
  std::lock_guard lock(rx_mutex_);
  while (!rx_.empty() && deliver(rx_.front())) rx_.pop_front();
  rx_pending_ = !rx_.empty();
}

SlirpBackend::Timer* SlirpBackend::new_timer(void (*callback)(void*), void* opaque) {
  timers_.push_back(std::make_unique<Timer>(Timer{callback, opaque}));
  return timers_.back().get();
}

void SlirpBackend::free_timer(Timer* timer) {
  std::erase_if(timers_, [timer](const auto& t) { return t.get() == timer; });
}

void SlirpBackend::modify_timer(Timer* timer, int64_t expire_ms) {
  timer->expire_ms = expire_ms;
  kick_poller();
}

void SlirpBackend::run_timers() {
  const int64_t now_ms = NowNs() / 1'000'000;
  for (size_t i = 0; i < timers_.size(); ++i) {
    Timer& timer = *timers_[i];
    if (timer.expire_ms >= 0 && timer.expire_ms <= now_ms) {
      timer.expire_ms = -1;
      timer.callback(timer.opaque);
    }
  }
}

int SlirpBackend::add_poll(int fd, int events) {
  pollfds_.push_back(pollfd{fd, ToPoll(events), 0});
  return static_cast<int>(pollfds_.size() - 1);
}

int SlirpBackend::revents(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= pollfds_.size()) return 0;
  return FromPoll(pollfds_[index].revents);
}

void SlirpBackend::poll_loop() {
  while (!stop_) {
    uint32_t timeout_ms = 100;
    {
      std::lock_guard lock(slirp_mutex_);
      pollfds_.clear();
      pollfds_.push_back(pollfd{wake_fd_, POLLIN, 0});
      slirp_pollfds_fill(
          slirp_, &timeout_ms,
          [](int fd, int events, void* opaque) { return Self(opaque).add_poll(fd, events); }, this);
      const int64_t now_ms = NowNs() / 1'000'000;
      for (const auto& timer : timers_) {
        if (timer->expire_ms >= 0) {
          timeout_ms = static_cast<uint32_t>(
              std::min<int64_t>(timeout_ms, std::max<int64_t>(0, timer->expire_ms - now_ms)));
        }
      }
    }
    // Only this thread changes pollfds_; slirp reads revents under the lock.
    const int ready = ::poll(pollfds_.data(), pollfds_.size(), static_cast<int>(timeout_ms));
    if (pollfds_[0].revents & POLLIN) {
      uint64_t count;
      (void)!::read(wake_fd_, &count, sizeof count);
    }
    std::lock_guard lock(slirp_mutex_);
    slirp_pollfds_poll(
        slirp_, ready < 0,
        [](int index, void* opaque) { return Self(opaque).revents(index); }, this);
    run_timers();
  }
}

}  // namespace pvppc::backends::net
