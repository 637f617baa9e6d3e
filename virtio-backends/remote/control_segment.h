// A ControlBlock in a named Boost.Interprocess shared memory object: the VM
// creates it (Create), a backend process opens it (Open). Names are
// shared-memory names without a slash ("pvppc-disk0": /dev/shm/pvppc-disk0).
#pragma once

#include <boost/interprocess/mapped_region.hpp>
#include <chrono>
#include <string>

#include "hypervisor/common/result.h"
#include "virtio-backends/remote/control_block.h"

namespace pvppc::backends::remote {

class ControlSegment {
 public:
  // A name in use by a live VM is an error; a stale one (its VM is gone) is
  // replaced. The segment is removed when the VM's object goes.
  [[nodiscard]] static Result<ControlSegment> Create(const std::string& name,
                                                     const std::string& ram_name,
                                                     uint64_t ram_bytes, uint64_t ram_base);
  // Waits up to `wait` for the VM to have created it.
  [[nodiscard]] static Result<ControlSegment> Open(const std::string& name,
                                                   std::chrono::milliseconds wait);

  ControlSegment(ControlSegment&& other) noexcept;
  ControlSegment& operator=(ControlSegment&&) = delete;
  ~ControlSegment();

  ControlBlock& block() { return *static_cast<ControlBlock*>(region_.get_address()); }
  const std::string& name() const { return name_; }

 private:
  ControlSegment(std::string name, boost::interprocess::mapped_region region, bool owner)
      : name_(std::move(name)), region_(std::move(region)), owner_(owner) {}
  std::string name_;
  boost::interprocess::mapped_region region_;
  bool owner_ = false;
};

}  // namespace pvppc::backends::remote
