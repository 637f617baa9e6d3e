// The DCR bus: which device answers which DCR numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/devices/dcr_device.h"

namespace pvppc::devices {

class DcrBus {
 public:
  // Routes DCRs [first, first + count) to `device`; overlapping ranges are a
  // configuration error.
  [[nodiscard]] Status attach(uint32_t first, uint32_t count, DcrDevice& device) {
    for (const Range& r : ranges_) {
      if (first < r.first + r.count && r.first < first + count) {
        return MakeError("DCR range overlaps the one of " + std::string(r.device->name()));
      }
    }
    ranges_.push_back(Range{first, count, &device});
    return {};
  }

  // False when no device decodes `dcrn` (or the device refused it).
  [[nodiscard]] bool read(uint32_t dcrn, uint32_t& value) {
    DcrDevice* device = find(dcrn);
    return device != nullptr && device->read_dcr(dcrn, value);
  }
  [[nodiscard]] bool write(uint32_t dcrn, uint32_t value) {
    DcrDevice* device = find(dcrn);
    return device != nullptr && device->write_dcr(dcrn, value);
  }

 private:
  struct Range {
    uint32_t first;
    uint32_t count;
    DcrDevice* device;
  };
  DcrDevice* find(uint32_t dcrn) {
    for (const Range& r : ranges_) {
      if (dcrn - r.first < r.count) return r.device;
    }
    return nullptr;
  }
  std::vector<Range> ranges_;
};

}  // namespace pvppc::devices
