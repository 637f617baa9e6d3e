// A device on the 440's Device Control Register bus (mfdcr/mtdcr).
//
// DCR numbers are absolute (10 bits). Called on the vCPU thread only.
#pragma once

#include <cstdint>
#include <string_view>

namespace pvppc::devices {

class DcrDevice {
 public:
  virtual ~DcrDevice() = default;
  virtual std::string_view name() const = 0;
  // Return false when the DCR is not decoded: the hypervisor then follows the
  // 440's behaviour for an unanswered DCR access.
  [[nodiscard]] virtual bool read_dcr(uint32_t dcrn, uint32_t& value) = 0;
  [[nodiscard]] virtual bool write_dcr(uint32_t dcrn, uint32_t value) = 0;
};

}  // namespace pvppc::devices
