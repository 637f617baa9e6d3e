// The backend process's side of the protocol (control_block.h): maps guest
// RAM, announces a VirtioDevice (for pvppc-blk, a blk::VirtioBlk over the
// image), and serves its queues in guest RAM with its own Virtqueue objects
// whenever the VM rings. The device model is the same one the VM runs
// in-process; only the DeviceEvents differ: interrupts and errors become
// doorbells to the VM.
#pragma once

#include <atomic>
#include <boost/interprocess/mapped_region.hpp>
#include <memory>
#include <vector>

#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/virtio_device.h"
#include "virtio-backends/remote/control_segment.h"

namespace pvppc::backends::remote {

class GuestRamMapping {
 public:
  // Maps the VM's guest RAM named in the control block.
  [[nodiscard]] static Result<std::unique_ptr<GuestRamMapping>> Open(const ControlBlock& block);
  memory::GuestMemory& memory() { return memory_; }

 private:
  GuestRamMapping(boost::interprocess::mapped_region region, uint64_t base);
  boost::interprocess::mapped_region region_;
  memory::GuestMemory memory_;
};

class BackendServer final : public virtio::DeviceEvents {
 public:
  // All three must outlive the server.
  BackendServer(ControlBlock& block, memory::GuestMemory& memory, virtio::VirtioDevice& device);

  // Describes the device in the block and announces this process.
  [[nodiscard]] Status attach();
  // Serves until `stop` or the VM is gone; the reason it ended.
  std::string run(const std::atomic<bool>& stop);

  // virtio::DeviceEvents
  void used_buffers(virtio::Virtqueue& queue) override;
  void config_changed() override {}
  void needs_reset(std::string_view reason) override;

 private:
  void apply_state();

  ControlBlock& block_;
  memory::GuestMemory& memory_;
  virtio::VirtioDevice& device_;
  std::vector<virtio::Virtqueue> queues_;
  uint32_t seen_generation_ = 0;
  bool active_ = false;
  bool failed_ = false;  // needs_reset() since the last state change
};

}  // namespace pvppc::backends::remote
