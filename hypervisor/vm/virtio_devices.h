// The VM's virtio-mmio devices (docs/abi.md §9): each one a device model
// behind a virtio::MmioTransport in its own slot of the platform's virtio
// window (platform.h: address and interrupt line per slot), and a device
// tree node under /plb that names it.
//
// The VM decides the interrupt controller (the UIC on the full machine, the
// PV interrupt controller on the PV machine) and hands it in with each
// device; this class only numbers slots, owns the objects and describes
// them.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/devices/mmio_bus.h"
#include "hypervisor/irq/interrupt_sink.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/device_tree_node.h"
#include "hypervisor/virtio/mmio_transport.h"
#include "hypervisor/virtio/virtio_device.h"
#include "hypervisor/vm/fdt_writer.h"
#include "virtio-backends/blk/block_storage.h"
#include "virtio-backends/blk/disk_option.h"
#include "virtio-backends/net/net_option.h"
#include "virtio-backends/remote/remote_blk.h"

namespace pvppc::vm {

// Where a device's interrupt goes: a controller, its first free input for
// virtio slot 0, and the second interrupt cell its binding wants.
struct VirtioInterrupts {
  irq::InterruptSink* sink = nullptr;
  uint32_t first_line = 0;
  uint32_t sense = 0;
  uint32_t parent_phandle = 0;
};

class VirtioDevices {
 public:
  // `memory` and `bus` must outlive this object.
  VirtioDevices(memory::GuestMemory& memory, devices::MmioBus& bus);
  ~VirtioDevices();
  VirtioDevices(const VirtioDevices&) = delete;
  VirtioDevices& operator=(const VirtioDevices&) = delete;

  // Opens the image (a missing or locked image is an error naming it) and
  // adds a virtio-blk device for it in the next free slot.
  [[nodiscard]] Status add_disk(const backends::blk::DiskOption& option,
                                const VirtioInterrupts& interrupts);
  // Adds a virtio-blk device served by a backend process (pvppc-blk) on the
  // channel `channel`; waits up to `attach_wait` for it to attach. `wake`
  // wakes the VM's run loop so that it calls poll().
  [[nodiscard]] Status add_remote_disk(const std::string& channel, const std::string& ram_name,
                                       uint64_t ram_bytes, std::chrono::milliseconds attach_wait,
                                       std::function<void()> wake,
                                       const VirtioInterrupts& interrupts);
  // Adds a virtio-net device on libslirp user networking or on a
  // shared-memory switch (option.kind); `wake` as above.
  [[nodiscard]] Status add_net(const backends::net::NetOption& option, std::function<void()> wake,
                               const VirtioInterrupts& interrupts);
  // Adds any device model; `owned` keeps what it works on alive as long as
  // the device.
  [[nodiscard]] Status add(std::unique_ptr<virtio::VirtioDevice> device,
                           std::vector<std::shared_ptr<void>> owned,
                           const VirtioInterrupts& interrupts);

  // The nodes, written as children of the open /plb node (two address
  // cells, one size cell).
  void write_nodes(FdtWriter& fdt) const;

  // On the vCPU thread, once per pass of the run loop: what backend
  // processes reported (interrupts, errors, death, a new backend).
  void poll() {
    for (const std::function<void()>& poller : pollers_) poller();
  }

  size_t size() const { return slots_.size(); }
  virtio::MmioTransport& transport(size_t slot) { return *slots_.at(slot).transport; }

 private:
  // Members go in reverse order: the transport before the device before
  // what the device works on.
  struct Slot {
    std::vector<std::shared_ptr<void>> owned;
    std::unique_ptr<virtio::VirtioDevice> device;
    std::unique_ptr<virtio::MmioTransport> transport;
    virtio::VirtioMmioNode node;
    uint32_t parent_phandle = 0;
  };

  [[nodiscard]] Status add_user_net(const backends::net::NetOption& option,
                                    std::function<void()> wake, const VirtioInterrupts& interrupts);
  [[nodiscard]] Status add_switch_net(const backends::net::NetOption& option,
                                      std::function<void()> wake,
                                      const VirtioInterrupts& interrupts);

  memory::GuestMemory& memory_;
  devices::MmioBus& bus_;
  std::vector<Slot> slots_;
  std::vector<std::function<void()>> pollers_;
};

}  // namespace pvppc::vm
