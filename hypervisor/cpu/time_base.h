// The time base the core reads for mftb / mfspr TBL,TBU. The hypervisor
// derives it from host time; tests use a fixed value.
#pragma once

#include <cstdint>

namespace pvppc::cpu {

class TimeBase {
 public:
  virtual ~TimeBase() = default;
  virtual uint64_t read() = 0;
};

}  // namespace pvppc::cpu
