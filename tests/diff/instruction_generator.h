// Seeded random instruction sequences for differential testing against
// qemu-ppc. Every word keeps to the register discipline of regdump.c: it
// writes only r0, r3-r12, r14-r29; it reads no register the C runtime owns
// (r1, r2, r13); memory operands address r30's scratch area; nothing touches
// LR or CTR, and branches only skip forward inside the sequence.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace pvppc::tests {

enum class InstructionMix { kInteger, kFloatingPoint, kAll };

class InstructionGenerator {
 public:
  InstructionGenerator(uint32_t seed, InstructionMix mix) : rng_(seed), mix_(mix) {}

  std::vector<uint32_t> sequence(size_t length);
  uint32_t next_instruction(size_t remaining);

  // Interesting register values: edges of signed/unsigned ranges and noise.
  uint32_t gpr_value();
  uint64_t fpr_value();
  uint32_t cr_value() { return static_cast<uint32_t>(rng_()); }
  uint32_t xer_value();
  uint32_t fpscr_value();

 private:
  uint32_t pick(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }
  uint32_t dest();    // a writable GPR
  uint32_t source();  // a readable GPR
  uint32_t integer_instruction(size_t remaining);
  uint32_t fp_instruction();
  uint32_t memory_instruction();

  std::mt19937 rng_;
  InstructionMix mix_;
};

}  // namespace pvppc::tests
