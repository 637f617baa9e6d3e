// Where a virtio-net device's frames go: libslirp user networking, a
// shared-memory switch between VMs, or a TAP device (issue 6), each one
// implementation of this interface. Received frames come back through
// VirtioNet::deliver on the vCPU thread.
#pragma once

#include <cstddef>
#include <span>

#include "hypervisor/common/result.h"

namespace pvppc::backends::net {

class NetBackend {
 public:
  virtual ~NetBackend() = default;
  // One Ethernet frame from the guest (no virtio header). An error drops the
  // frame, as a full host queue would: networks lose frames.
  [[nodiscard]] virtual Status send(std::span<const std::byte> frame) = 0;
};

}  // namespace pvppc::backends::net
