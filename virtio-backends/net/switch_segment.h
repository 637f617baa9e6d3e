// One VM's place on a shared-memory switch (switch_layout.h): the mapped
// object /dev/shm/pvppc-switch-NAME and the port it claimed. Join creates
// the object if no VM has it yet; the last VM to leave removes it.
//
// Creating, checking, claiming and leaving happen under an flock(2) of the
// object, so two VMs never initialise it twice and a VM never joins an
// object that is being removed. Nothing else takes that lock: frames move
// without it.
#pragma once

#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <memory>
#include <string>

#include "hypervisor/common/result.h"
#include "virtio-backends/net/switch_layout.h"

namespace pvppc::backends::net {

class SwitchSegment {
 public:
  // /dev/shm/<ObjectName(name)>.
  static std::string ObjectName(const std::string& switch_name);

  // Claims a free port: one never used, given back, or whose VM is gone (its
  // rings are emptied first). Errors: an object of that name that is not a
  // switch of this version, every port taken by a running VM.
  [[nodiscard]] static Result<std::unique_ptr<SwitchSegment>> Join(const std::string& switch_name);
  ~SwitchSegment();  // gives the port back
  SwitchSegment(const SwitchSegment&) = delete;
  SwitchSegment& operator=(const SwitchSegment&) = delete;

  SwitchLayout& layout() { return *layout_; }
  uint32_t port() const { return port_; }
  const std::string& object_name() const { return object_name_; }

 private:
  SwitchSegment(std::string object_name, boost::interprocess::shared_memory_object object,
                boost::interprocess::mapped_region region, uint32_t port);

  std::string object_name_;
  boost::interprocess::shared_memory_object object_;  // its descriptor carries the flock
  boost::interprocess::mapped_region region_;
  SwitchLayout* layout_;
  uint32_t port_;
};

}  // namespace pvppc::backends::net
