// Host memory backing guest RAM: a Boost.Interprocess shared memory object
// (POSIX shm, /dev/shm/<name>), so that a virtio backend in another process
// can map the same RAM, as vhost-user backends do (virtio-backends/remote).
// The object is sparse: pages the guest never touches cost nothing.
//
// The name is "pvppc-<pid>-ram-<n>", unique per process; the object is
// removed when the GuestRam goes (a backend that mapped it keeps its
// mapping). A process killed with SIGKILL leaves the name behind in
// /dev/shm, to be removed by hand.
#pragma once

#include <unistd.h>

#include <atomic>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "hypervisor/common/result.h"

namespace pvppc::vm {

class GuestRam {
 public:
  static Result<std::unique_ptr<GuestRam>> Allocate(uint64_t bytes) {
    namespace bip = boost::interprocess;
    static std::atomic<uint32_t> counter{0};
    std::string name = "pvppc-" + std::to_string(::getpid()) + "-ram-" +
                       std::to_string(counter.fetch_add(1));
    try {
      bip::shared_memory_object::remove(name.c_str());
      bip::shared_memory_object object(bip::create_only, name.c_str(), bip::read_write);
      object.truncate(static_cast<bip::offset_t>(bytes));
      bip::mapped_region region(object, bip::read_write, 0, bytes);
      return std::unique_ptr<GuestRam>(new GuestRam(std::move(name), std::move(region)));
    } catch (const bip::interprocess_exception& e) {
      bip::shared_memory_object::remove(name.c_str());
      return MakeError("cannot create " + std::to_string(bytes >> 20) +
                       " MiB of shared memory for guest RAM (/dev/shm/" + name + "): " + e.what());
    }
  }
  ~GuestRam() { boost::interprocess::shared_memory_object::remove(name_.c_str()); }
  GuestRam(const GuestRam&) = delete;
  GuestRam& operator=(const GuestRam&) = delete;

  std::span<std::byte> bytes() {
    return {static_cast<std::byte*>(region_.get_address()), region_.get_size()};
  }
  // The shared memory object's name, for a backend process to open.
  const std::string& shared_memory_name() const { return name_; }

 private:
  GuestRam(std::string name, boost::interprocess::mapped_region region)
      : name_(std::move(name)), region_(std::move(region)) {}
  std::string name_;
  boost::interprocess::mapped_region region_;
};

}  // namespace pvppc::vm
