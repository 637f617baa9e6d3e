// The guest time base, driven by host time: the TB counts at a fixed rate
// (the VM: platform::kTimebaseHz; pvppc_user: 400 MHz) from when it was
// created, plus whatever offset the guest's writes to TBL/TBU (mtspr
// 284/285) introduced.
#pragma once

#include <chrono>
#include <cstdint>

#include "hypervisor/cpu/time_base.h"

namespace pvppc::vcpu {

class HostTimeBase final : public cpu::TimeBase {
 public:
  explicit HostTimeBase(uint64_t hz) : hz_(hz), start_(std::chrono::steady_clock::now()) {}

  uint64_t read() override { return at(std::chrono::steady_clock::now()); }
  // The TB at host time `t` (the run loop reads the clock once per pass).
  uint64_t at(std::chrono::steady_clock::time_point t) const { return ticks_at(t) + offset_; }

  // mtspr TBL / TBU: Book E writes one half and keeps the other.
  void write_lower(uint32_t value) {
    const uint64_t now = read();
    offset_ += ((now & ~uint64_t{0xffffffff}) | value) - now;
  }
  void write_upper(uint32_t value) {
    const uint64_t now = read();
    offset_ += ((uint64_t{value} << 32) | (now & 0xffffffff)) - now;
  }

  // Host time at which the TB reaches `tb` (for sleeping until a timer event).
  std::chrono::steady_clock::time_point host_time_of(uint64_t tb) const {
    const uint64_t ticks = tb - offset_;
    return start_ + std::chrono::nanoseconds(
                        static_cast<int64_t>(static_cast<__uint128_t>(ticks) * 1'000'000'000 / hz_));
  }
  uint64_t hz() const { return hz_; }

 private:
  uint64_t ticks_at(std::chrono::steady_clock::time_point t) const {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t - start_).count();
    return static_cast<uint64_t>(static_cast<__uint128_t>(ns) * hz_ / 1'000'000'000);
  }

  uint64_t hz_;
  std::chrono::steady_clock::time_point start_;
  uint64_t offset_ = 0;
};

}  // namespace pvppc::vcpu
