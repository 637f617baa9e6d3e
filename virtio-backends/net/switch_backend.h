// A virtio-net backend on a shared-memory switch between the VMs of one
// host (`--net switch=NAME`, switch_layout.h): the guest's frames go to the
// other ports' rings; frames for this port come from theirs. No switch
// process: the sending VM forwards, with MAC learning and flooding.
//
// Threads: send() and take_frames() run on the vCPU thread (the only
// producer of this port's outgoing rings and the only consumer of its
// incoming ones). A watcher thread waits on the port's doorbell and wakes
// the VM's run loop, which calls take_frames().
//
// Another VM that dies leaves a port that nobody drains: frames for it fill
// its ring and are dropped, and the next VM to join takes the port over.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <thread>

#include "virtio-backends/net/net_backend.h"
#include "virtio-backends/net/switch_segment.h"
#include "virtio-backends/net/virtio_net.h"

namespace pvppc::backends::net {

class SwitchBackend final : public NetBackend {
 public:
  // Joins (or creates) the switch `name`; `wake` is called from the watcher
  // thread when frames arrive.
  [[nodiscard]] static Result<std::unique_ptr<SwitchBackend>> Create(const std::string& name,
                                                                     std::function<void()> wake);
  ~SwitchBackend() override;

  // A locally administered address unique on the switch: 52:54:00:53:57:PORT.
  MacAddress mac() const;
  uint32_t port() const { return segment_->port(); }

  // Forwards one frame; a frame too long for the switch is an error (the
  // device counts it as dropped). A full ring drops silently, as a switch
  // does, and counts in frames_dropped().
  [[nodiscard]] Status send(std::span<const std::byte> frame) override;
  // Offers frames from the other ports, oldest first, to `deliver` until it
  // refuses one (no receive buffer: the frame stays in its ring).
  void take_frames(const std::function<bool(std::span<const std::byte>)>& deliver);

  uint64_t frames_dropped() const { return frames_dropped_; }

 private:
  SwitchBackend(std::unique_ptr<SwitchSegment> segment, std::function<void()> wake);
  void forward(uint32_t to, std::span<const std::byte> frame);
  void watch();

  std::unique_ptr<SwitchSegment> segment_;
  std::function<void()> wake_;
  uint32_t next_source_ = 0;  // take_frames starts here: no port starves the others
  uint64_t frames_dropped_ = 0;
  std::atomic<bool> stop_{false};
  std::thread watcher_;
};

}  // namespace pvppc::backends::net
