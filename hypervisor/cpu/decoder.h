// Instruction word -> handler, through constexpr tables built from the
// {opcode, handler} lists.
#pragma once

#include <cstdint>

#include "hypervisor/cpu/block_cache.h"
#include "hypervisor/isa/instruction.h"

namespace pvppc::cpu {

struct DecodedInstruction {
  // Runs the instruction, then dispatches the next op (threaded code);
  // exec::Illegal for words no list claims.
  Handler handler;
  const char* mnemonic;  // "illegal" for those
  uint8_t flags;         // opflag bits
  uint32_t aux = 0;      // DecodedOp::aux
};

DecodedInstruction Decode(isa::Instruction insn);

// The handler of the op that ends every decoded block.
Handler EndOfBlockHandler();

}  // namespace pvppc::cpu
