// The virtio-mmio version 2 transport (virtio 1.x §4.2): one device's
// register window on the MMIO bus, in front of a VirtioDevice and its
// Virtqueues.
//
// Byte order. virtio-mmio registers and the configuration space are
// little-endian (§4.2.2, §2.5); the guest is big-endian and reaches them
// with byte-reversed loads and stores (Linux's readl/writel are
// lwbrx/stwbrx on powerpc). MmioDevice hands this class values "in
// big-endian register order" (a plain lwz of the window's bytes), so the
// transport keeps the window as a little-endian byte image and converts at
// the edge: a 32-bit register value V is exchanged as bswap32(V), and a
// configuration access of n bytes as the big-endian composition of the n
// bytes of the device's configuration image. A guest's lwbrx then sees V,
// and any access width sees the same bytes real hardware would show.
//
// Access rules, all guest mistakes costing the guest, never the host:
// - registers (0x000-0x0FF): 32-bit aligned accesses only (§4.2.2.2, the
//   driver MUST); other widths are not decoded (a machine check, as for the
//   UART's non-byte accesses);
// - configuration (0x100-0x1FF): 1, 2 or 4 bytes, naturally aligned;
//   bytes past the device's configuration read 0 and ignore writes;
// - writes to read-only registers, reads of write-only ones, unknown
//   offsets, queue setup on an enabled queue or a bad QueueSel, feature
//   writes outside the negotiation window and status writes that clear bits
//   are ignored (reads give 0) and counted in ignored_accesses().
//
// Status (§2.1, §3.1.1): FEATURES_OK sticks only when the driver's features
// are a subset of the offer and include VIRTIO_F_VERSION_1 (a legacy driver
// fails here); DRIVER_OK needs FEATURES_OK and activates the device.
// Writing 0 resets device, queues, features and interrupts (§4.2.3.1).
// needs_reset() sets DEVICE_NEEDS_RESET, sends a configuration change
// interrupt if DRIVER_OK was set (§2.1.2) and stops forwarding
// notifications until the driver resets the device.
//
// The interrupt line is level-sensitive, active high, asserted while
// InterruptStatus is not 0. Everything runs on the vCPU thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hypervisor/devices/mmio_device.h"
#include "hypervisor/irq/interrupt_sink.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/virtio_device.h"
#include "hypervisor/virtio/virtqueue.h"

namespace pvppc::virtio {

class MmioTransport final : public devices::MmioDevice, public DeviceEvents {
 public:
  // The reserved features every device gets from this transport.
  static constexpr uint64_t kTransportFeatures =
      feature::kVersion1 | feature::kRingIndirectDesc | feature::kRingEventIdx;

  // `device`, `memory` and `interrupt` must outlive the transport.
  MmioTransport(std::string name, VirtioDevice& device, memory::GuestMemory& memory,
                irq::InterruptSink& interrupt, uint32_t interrupt_line);

  // devices::MmioDevice; the window is mmio::kWindowSize bytes.
  std::string_view name() const override { return name_; }
  [[nodiscard]] bool read(uint64_t offset, uint32_t size, uint32_t& value) override;
  [[nodiscard]] bool write(uint64_t offset, uint32_t size, uint32_t value) override;

  // DeviceEvents: for the device, and for the VM when a backend dies.
  void used_buffers(Virtqueue& queue) override;
  void config_changed() override;
  void needs_reset(std::string_view reason) override;

  // For a device whose queues are served elsewhere (a backend process that
  // applies the queue's suppression rules itself): interrupt the driver for
  // used buffers now.
  void signal_used_buffers();
  // The backend behind the device failed (its process died): as
  // needs_reset(), but notifications keep reaching the device so that it can
  // complete the driver's requests with errors, or serve them again once a
  // new backend attached. DEVICE_NEEDS_RESET stays set until the driver
  // resets the device.
  void backend_failed(std::string_view reason);

  uint64_t offered_features() const { return device_.device_features() | kTransportFeatures; }
  uint64_t driver_features() const { return driver_features_; }
  uint32_t status() const { return status_; }
  uint32_t interrupt_status() const { return interrupt_status_; }
  bool active() const;
  // Why DEVICE_NEEDS_RESET was set; empty when it is not.
  const std::string& needs_reset_reason() const { return needs_reset_reason_; }
  uint64_t ignored_accesses() const { return ignored_accesses_; }
  const Virtqueue& queue(uint32_t index) const { return queues_.at(index); }

 private:
  uint32_t read_register(uint64_t offset);
  void write_register(uint64_t offset, uint32_t value);
  void write_status(uint32_t value);
  void write_driver_features(uint32_t value);
  void write_queue_config(uint64_t offset, uint32_t value);
  void write_queue_ready(uint32_t value);
  void notify_queue(uint32_t index);
  void reset_device();
  Virtqueue* selected_queue();
  void raise_interrupt(uint32_t bits);
  void update_line();
  void ignore() { ++ignored_accesses_; }

  std::string name_;
  VirtioDevice& device_;
  memory::GuestMemory& memory_;
  irq::InterruptSink& interrupt_;
  uint32_t interrupt_line_;
  std::vector<Virtqueue> queues_;

  uint32_t status_ = 0;
  uint32_t device_features_select_ = 0;
  uint32_t driver_features_select_ = 0;
  uint64_t driver_features_ = 0;
  uint32_t queue_select_ = 0;
  uint32_t interrupt_status_ = 0;
  uint32_t config_generation_ = 0;
  bool line_asserted_ = false;
  std::string needs_reset_reason_;
  bool serve_despite_reset_ = false;  // backend_failed(): notifications still go through
  uint64_t ignored_accesses_ = 0;
};

}  // namespace pvppc::virtio
