// A minimal VirtioDevice for transport tests, and an interrupt line that
// remembers its level.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "hypervisor/irq/interrupt_sink.h"
#include "hypervisor/virtio/virtio_device.h"

namespace pvppc::virtio::testing {

// Two queues of 8; returns every chain it is given, reporting its writable
// size as written. Configuration: six bytes 0x11..0x66, writable.
class EchoDevice final : public VirtioDevice {
 public:
  static constexpr uint64_t kFeature = uint64_t{1} << 3;

  std::string_view name() const override { return "echo"; }
  uint32_t device_id() const override { return 0x1F; }
  uint64_t device_features() const override { return kFeature; }
  uint32_t queue_count() const override { return 2; }
  uint16_t max_queue_size() const override { return 8; }
  uint32_t config_size() const override { return config.size(); }
  void read_config(uint32_t offset, std::span<std::byte> out) const override {
    for (size_t i = 0; i < out.size(); ++i) out[i] = config[offset + i];
  }
  void write_config(uint32_t offset, std::span<const std::byte> in) override {
    for (size_t i = 0; i < in.size(); ++i) config[offset + i] = in[i];
  }
  Status activate(const ActiveDevice& device) override {
    if (fail_activation) return MakeError("backend unavailable");
    active.emplace(device);
    return {};
  }
  void queue_notified(uint32_t index) override {
    ++notifications;
    Virtqueue& queue = active->queues[index];
    while (true) {
      Result<std::optional<DescriptorChain>> chain = queue.pop();
      if (!chain) return active->events.needs_reset(chain.error().message);
      if (!*chain) break;
      if (!queue.push_used((*chain)->head, static_cast<uint32_t>((*chain)->writable_bytes))) {
        return active->events.needs_reset("used ring");
      }
    }
    active->events.used_buffers(queue);
  }
  void reset() override {
    active.reset();
    ++resets;
  }

  std::array<std::byte, 6> config = {std::byte{0x11}, std::byte{0x22}, std::byte{0x33},
                                     std::byte{0x44}, std::byte{0x55}, std::byte{0x66}};
  std::optional<ActiveDevice> active;
  bool fail_activation = false;
  int notifications = 0;
  int resets = 0;
};

// One interrupt line; any other line number is a test bug.
class LevelRecorder final : public irq::InterruptSink {
 public:
  explicit LevelRecorder(uint32_t line) : line_(line) {}
  void set_line(uint32_t line, bool asserted) override {
    if (line != line_) std::abort();
    level = asserted;
  }
  bool level = false;

 private:
  uint32_t line_;
};

}  // namespace pvppc::virtio::testing
