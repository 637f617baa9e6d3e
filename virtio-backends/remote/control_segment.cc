#include "virtio-backends/remote/control_segment.h"

#include <signal.h>
#include <unistd.h>

#include <boost/interprocess/shared_memory_object.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <new>
#include <thread>

namespace pvppc::backends::remote {

namespace bip = boost::interprocess;

Result<ControlSegment> ControlSegment::Create(const std::string& name, const std::string& ram_name,
                                              uint64_t ram_bytes, uint64_t ram_base) {
  if (name.empty() || name.find('/') != std::string::npos || name.size() >= kNameBytes) {
    return MakeError("'" + name + "' is not a shared memory name (no '/', under 64 bytes)");
  }
  if (ram_name.size() >= kNameBytes) return MakeError("guest RAM name too long");
  try {
    // A segment left by a VM that is gone is replaced; one whose VM runs is not.
    try {
      bip::shared_memory_object old(bip::open_only, name.c_str(), bip::read_only);
      bip::mapped_region region(old, bip::read_only, 0, sizeof(ControlBlock));
      const auto* block = static_cast<const ControlBlock*>(region.get_address());
      if (block->magic == kMagic && ProcessAlive(block->vm_pid) && block->vm_pid != ::getpid()) {
        return MakeError("backend channel " + name + " is in use by pvppc process " +
                         std::to_string(block->vm_pid));
      }
    } catch (const bip::interprocess_exception&) {
    }
    bip::shared_memory_object::remove(name.c_str());
    bip::shared_memory_object object(bip::create_only, name.c_str(), bip::read_write);
    object.truncate(sizeof(ControlBlock));
    bip::mapped_region region(object, bip::read_write, 0, sizeof(ControlBlock));
    auto* block = new (region.get_address()) ControlBlock();
    block->version = kVersion;
    block->vm_pid = ::getpid();
    std::strncpy(block->ram_name, ram_name.c_str(), kNameBytes - 1);
    block->ram_bytes = ram_bytes;
    block->ram_base = ram_base;
    std::atomic_thread_fence(std::memory_order_release);
    block->magic = kMagic;
    return ControlSegment(name, std::move(region), true);
  } catch (const bip::interprocess_exception& e) {
    return MakeError("cannot create backend channel /dev/shm/" + name + ": " + e.what());
  }
}

Result<ControlSegment> ControlSegment::Open(const std::string& name,
                                            std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::string last_error = "not found";
  do {
    try {
      bip::shared_memory_object object(bip::open_only, name.c_str(), bip::read_write);
      bip::offset_t size = 0;
      if (object.get_size(size) && size >= static_cast<bip::offset_t>(sizeof(ControlBlock))) {
        bip::mapped_region region(object, bip::read_write, 0, sizeof(ControlBlock));
        const auto* block = static_cast<const ControlBlock*>(region.get_address());
        if (block->magic == kMagic) {
          if (block->version != kVersion) {
            return MakeError("backend channel " + name + " has protocol version " +
                             std::to_string(block->version) + ", this backend speaks " +
                             std::to_string(kVersion));
          }
          return ControlSegment(name, std::move(region), false);
        }
        last_error = "not initialised";
      }
    } catch (const bip::interprocess_exception& e) {
      last_error = e.what();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  return MakeError("no VM on backend channel /dev/shm/" + name + " (" + last_error + ")");
}

ControlSegment::ControlSegment(ControlSegment&& other) noexcept
    : name_(std::move(other.name_)), region_(std::move(other.region_)), owner_(other.owner_) {
  other.owner_ = false;
}

ControlSegment::~ControlSegment() {
  if (owner_) bip::shared_memory_object::remove(name_.c_str());
}

}  // namespace pvppc::backends::remote
