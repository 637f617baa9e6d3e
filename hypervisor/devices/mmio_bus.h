// Guest physical address windows that belong to devices.
#pragma once

#include <cstdint>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/devices/mmio_device.h"

namespace pvppc::devices {

class MmioBus {
 public:
  [[nodiscard]] Status attach(uint64_t base, uint64_t size, MmioDevice& device) {
    for (const Window& w : windows_) {
      if (base < w.base + w.size && w.base < base + size) {
        return MakeError("MMIO window of " + std::string(device.name()) + " overlaps " +
                         std::string(w.device->name()));
      }
    }
    windows_.push_back(Window{base, size, &device});
    return {};
  }

  struct Target {
    MmioDevice* device = nullptr;
    uint64_t offset = 0;
  };
  // The device whose window holds all of [paddr, paddr + size), if any.
  // Whether [base, base + size) overlaps any device window.
  bool overlaps(uint64_t base, uint64_t size) const {
    for (const Window& w : windows_) {
      if (base < w.base + w.size && w.base < base + size) return true;
    }
    return false;
  }

  Target find(uint64_t paddr, uint32_t size) const {
    for (const Window& w : windows_) {
      if (paddr >= w.base && paddr - w.base < w.size && size <= w.size - (paddr - w.base)) {
        return Target{w.device, paddr - w.base};
      }
    }
    return {};
  }

 private:
  struct Window {
    uint64_t base;
    uint64_t size;
    MmioDevice* device;
  };
  std::vector<Window> windows_;
};

}  // namespace pvppc::devices
