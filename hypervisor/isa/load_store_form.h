// What a load or store instruction does to memory, decoded from its word, for
// the hypervisor's device emulation: a guest access to device memory exits
// (no TLB entry maps a device page into guest RAM), and the hypervisor
// performs it as the instruction would (PowerPC Book E, "Fixed-Point Load and
// Store Instructions") so that devices only ever see (address, size, value).
#pragma once

#include <cstdint>
#include <optional>

#include "hypervisor/isa/instruction.h"

namespace pvppc::isa {

struct LoadStoreForm {
  uint8_t size = 0;           // 1, 2 or 4 bytes
  bool store = false;
  bool update = false;        // rA <- EA afterwards (lwzu, stbux, ...)
  bool sign_extend = false;   // lha, lhax, lhau, lhaux
  bool byte_reversed = false; // lhbrx, lwbrx, sthbrx, stwbrx
  bool indexed = false;       // X-form: EA = (rA|0) + rB; D-form: (rA|0) + d
  uint8_t rt = 0;             // target (loads) or source (stores)
  uint8_t ra = 0;
  uint8_t rb = 0;
  int32_t displacement = 0;
};

// Single-register integer loads and stores only: the multiple/string, FP and
// cache-block forms are not expected on device memory (they would take an
// alignment or machine check on a real 440 bus) and return nullopt.
std::optional<LoadStoreForm> DecodeLoadStore(Instruction insn);

// The effective address the instruction accesses, given the GPRs.
inline uint32_t EffectiveAddress(const LoadStoreForm& form, const uint32_t* gpr) {
  const uint32_t base = form.ra == 0 ? 0 : gpr[form.ra];
  return base + (form.indexed ? gpr[form.rb] : static_cast<uint32_t>(form.displacement));
}

}  // namespace pvppc::isa
