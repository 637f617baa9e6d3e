#include "virtio-backends/net/switch_segment.h"

#include <sys/file.h>
#include <unistd.h>

#include <new>

#include "virtio-backends/remote/process_alive.h"

namespace pvppc::backends::net {

namespace bip = boost::interprocess;
using remote::ProcessAlive;

namespace {

// flock(2) on the object's descriptor for as long as it lives.
class ObjectLock {
 public:
  explicit ObjectLock(const bip::shared_memory_object& object)
      : fd_(object.get_mapping_handle().handle) {
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~ObjectLock() { ::flock(fd_, LOCK_UN); }
  ObjectLock(const ObjectLock&) = delete;
  ObjectLock& operator=(const ObjectLock&) = delete;

 private:
  int fd_;
};

// A port is free when no running process owns it.
bool PortFree(int32_t pid) { return pid == 0 || !ProcessAlive(pid); }

Result<SwitchLayout*> CheckOrInitialise(bip::shared_memory_object& object,
                                        bip::mapped_region& region, const std::string& name) {
  bip::offset_t size = 0;
  if (!object.get_size(size)) return MakeError("cannot read the size of /dev/shm/" + name);
  if (size == 0)
    object.truncate(sizeof(SwitchLayout));
  else if (size != static_cast<bip::offset_t>(sizeof(SwitchLayout))) {
    return MakeError("/dev/shm/" + name + " is not a pvppc switch of this version (" +
                     std::to_string(size) + " bytes, a switch has " +
                     std::to_string(sizeof(SwitchLayout)) + "); remove it if no VM uses it");
  }
  region = bip::mapped_region(object, bip::read_write, 0, sizeof(SwitchLayout));
  auto* layout = static_cast<SwitchLayout*>(region.get_address());
  // magic is stored last, under the lock: 0 means new, or a creator that
  // died half-way; either way nobody uses it.
  if (layout->magic == 0) {
    layout = new (region.get_address()) SwitchLayout();
    layout->version = kSwitchVersion;
    layout->magic = kSwitchMagic;
    return layout;
  }
  if (layout->magic != kSwitchMagic || layout->version != kSwitchVersion ||
      layout->ports != kSwitchPorts || layout->ring_slots != kRingSlots ||
      layout->frame_bytes != kSwitchFrameBytes) {
    return MakeError("/dev/shm/" + name + " is not a pvppc switch of this version (magic " +
                     std::to_string(layout->magic) + ", version " +
                     std::to_string(layout->version) + "); remove it if no VM uses it");
  }
  return layout;
}

}  // namespace

std::string SwitchSegment::ObjectName(const std::string& switch_name) {
  return "pvppc-switch-" + switch_name;
}

SwitchSegment::SwitchSegment(std::string object_name, bip::shared_memory_object object,
                             bip::mapped_region region, uint32_t port)
    : object_name_(std::move(object_name)),
      object_(std::move(object)),
      region_(std::move(region)),
      layout_(static_cast<SwitchLayout*>(region_.get_address())),
      port_(port) {}

Result<std::unique_ptr<SwitchSegment>> SwitchSegment::Join(const std::string& switch_name) {
  const std::string name = ObjectName(switch_name);
  const int32_t self = static_cast<int32_t>(::getpid());
  try {
    // A closed object is being removed by the last VM that left: open anew.
    for (int attempt = 0; attempt < 100; ++attempt) {
      bip::permissions owner_only(0600);
      bip::shared_memory_object object(bip::open_or_create, name.c_str(), bip::read_write,
                                       owner_only);
      bip::mapped_region region;
      std::unique_ptr<SwitchSegment> joined;
      {
        ObjectLock lock(object);
        Result<SwitchLayout*> layout = CheckOrInitialise(object, region, name);
        if (!layout) return tl::unexpected(layout.error());
        if ((*layout)->closed.load()) continue;
        for (uint32_t index = 0; index < kSwitchPorts; ++index) {
          SwitchPort& port = (*layout)->port[index];
          int32_t pid = port.owner_pid.load();
          if (!PortFree(pid) || !port.owner_pid.compare_exchange_strong(pid, self)) continue;
          // Frames queued for the port's previous VM are not ours.
          for (uint32_t from = 0; from < kSwitchPorts; ++from) {
            FrameRing& ring = (*layout)->ring[from][index];
            ring.tail.store(ring.head.load(std::memory_order_acquire), std::memory_order_release);
          }
          port.mac.store(0);
          port.bell.store(0);
          joined.reset(new SwitchSegment(name, std::move(object), std::move(region), index));
          break;
        }
      }
      if (!joined) {
        return MakeError("switch " + switch_name + ": all " + std::to_string(kSwitchPorts) +
                         " ports are taken by running VMs");
      }
      return joined;
    }
    return MakeError("switch " + switch_name + ": /dev/shm/" + name + " keeps being removed");
  } catch (const bip::interprocess_exception& e) {
    return MakeError("switch " + switch_name + ": /dev/shm/" + name + ": " + e.what());
  }
}

SwitchSegment::~SwitchSegment() {
  ObjectLock lock(object_);
  layout_->port[port_].owner_pid.store(0);
  bool anyone_left = false;
  for (const SwitchPort& port : layout_->port) {
    anyone_left = anyone_left || !PortFree(port.owner_pid.load());
  }
  if (!anyone_left) {
    layout_->closed.store(1);
    bip::shared_memory_object::remove(object_name_.c_str());
  }
}

}  // namespace pvppc::backends::net
