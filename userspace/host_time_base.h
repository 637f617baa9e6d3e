// The guest's time base (mftb, mfspr TBL/TBU) from the host's monotonic
// clock, at a fixed 400 MHz: a common 440 core clock (the 440 counts its
// time base at the core clock unless wired to an external one).
//
// Linux tells programs the frequency in /proc/cpuinfo ("timebase"), which
// pvppc_user does not emulate; glibc's __ppc_get_timebase_freq therefore
// fails under it. Programs that time themselves with clock_gettime get the
// host clock directly.
#pragma once

#include <time.h>

#include <cstdint>

#include "hypervisor/cpu/time_base.h"

namespace pvppc::user {

class HostTimeBase final : public cpu::TimeBase {
 public:
  static constexpr uint64_t kFrequency = 400'000'000;

  uint64_t read() override {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    const uint64_t ns = static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u +
                        static_cast<uint64_t>(ts.tv_nsec);
    return ns / 1'000'000'000u * kFrequency + ns % 1'000'000'000u * kFrequency / 1'000'000'000u;
  }
};

}  // namespace pvppc::user
