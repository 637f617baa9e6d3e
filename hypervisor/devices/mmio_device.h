// A device reached through guest physical addresses.
//
// The hypervisor decodes the guest's load or store (design.md: devices see a
// decoded access, never instructions) and hands the device an offset into its
// window, a width and, for writes, the value in the guest's view (big-endian
// register semantics already applied). Called on the vCPU thread only.
#pragma once

#include <cstdint>
#include <string_view>

namespace pvppc::devices {

class MmioDevice {
 public:
  virtual ~MmioDevice() = default;
  virtual std::string_view name() const = 0;
  // `size` is 1, 2 or 4. Return false for an access the device does not
  // decode: the hypervisor turns it into a guest machine check.
  [[nodiscard]] virtual bool read(uint64_t offset, uint32_t size, uint32_t& value) = 0;
  [[nodiscard]] virtual bool write(uint64_t offset, uint32_t size, uint32_t value) = 0;
};

}  // namespace pvppc::devices
