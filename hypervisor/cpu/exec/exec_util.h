// Small pieces shared by the instruction handlers.
#pragma once

#include <cstdint>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/cpu_state.h"

namespace pvppc::cpu::exec {

// CR0 from a result: LT/GT/EQ by signed comparison with zero, SO from XER
// (Book E, "Condition Register CR0 Field").
inline void SetCr0(CpuState& s, uint32_t result) {
  const int32_t r = static_cast<int32_t>(result);
  const uint32_t field = (r < 0 ? crbit::kLT : r > 0 ? crbit::kGT : crbit::kEQ) | s.xer_so;
  s.cr = (s.cr & 0x0fffffffu) | (field << 28);
}

inline void SetOverflow(CpuState& s, bool overflow) {
  s.xer_ov = overflow;
  s.xer_so |= static_cast<uint8_t>(overflow);
}

// (rA|0): register operand where rA = 0 means the value 0.
inline uint32_t RegOrZero(const CpuState& s, uint32_t reg) { return reg == 0 ? 0 : s.gpr[reg]; }

// MASK(mb, me) of the rotate instructions: ones from bit mb to bit me
// (bit 0 = MSB), wrapping around when mb > me.
constexpr uint32_t RotateMask(uint32_t mb, uint32_t me) {
  const uint32_t from_mb = 0xffffffffu >> mb;
  const uint32_t to_me = 0xffffffffu << (31 - me);
  return mb <= me ? (from_mb & to_me) : (from_mb | to_me);
}

constexpr uint32_t RotateLeft(uint32_t value, uint32_t amount) {
  amount &= 31;
  return amount == 0 ? value : (value << amount) | (value >> (32 - amount));
}

}  // namespace pvppc::cpu::exec
