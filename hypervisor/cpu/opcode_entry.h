// One row of the instruction tables: where an instruction sits in the opcode
// space and which handler runs it. The decoder turns lists of these into
// constexpr lookup tables (decoder.cc) and refuses, at compile time, any slot
// filled twice.
#pragma once

#include <cstdint>

#include "hypervisor/cpu/block_cache.h"

namespace pvppc::cpu {

enum class Form : uint8_t {
  kPrimary,  // the primary opcode alone (D, I, B, M-form, sc)
  kX,        // extended opcode in bits 21-30 (X, XL, XFX-form)
  kXO,       // extended opcode in bits 22-30, bit 21 is OE (XO-form)
  kA,        // extended opcode in bits 26-30, bits 21-25 are FRC (A-form)
};

namespace opflag {
inline constexpr uint8_t kEndsBlock = 1;   // control flow or context synchronizing
inline constexpr uint8_t kPrivileged = 2;  // always exits to the hypervisor (ESR[PPR])
inline constexpr uint8_t kFloatingPoint = 4;
}  // namespace opflag

struct OpcodeEntry {
  uint8_t primary;
  uint16_t extended;  // ignored for Form::kPrimary
  Form form;
  Handler handler;
  const char* mnemonic;
  uint8_t flags = 0;
};

}  // namespace pvppc::cpu
