// The 32-bit PowerPC instruction word as a typed value.
//
// Field positions use the manuals' numbering: bit 0 is the most significant
// bit of the word (PowerPC Book E, "Instruction Formats"; PPC440x5 User's
// Manual, chapter 9). Every accessor names the bits it reads, so a decoder
// reads like the format tables in the manual.
#pragma once

#include <cstdint>

namespace pvppc::isa {

// Extracts bits [first, last] (inclusive, bit 0 = MSB) of a 32-bit word.
template <int First, int Last>
constexpr uint32_t Bits(uint32_t word) {
  static_assert(0 <= First && First <= Last && Last <= 31);
  constexpr int kWidth = Last - First + 1;
  constexpr uint32_t kMask = kWidth == 32 ? ~0u : ((1u << kWidth) - 1);
  return (word >> (31 - Last)) & kMask;
}

template <int Width>
constexpr int32_t SignExtend(uint32_t value) {
  static_assert(Width > 0 && Width <= 32);
  const uint32_t shift = 32 - Width;
  return static_cast<int32_t>(value << shift) >> shift;
}

struct Instruction {
  uint32_t word = 0;

  constexpr Instruction() = default;
  constexpr explicit Instruction(uint32_t w) : word(w) {}

  // Primary opcode, bits 0-5.
  constexpr uint32_t opcd() const { return Bits<0, 5>(word); }

  // Register fields.
  constexpr uint32_t rt() const { return Bits<6, 10>(word); }   // also RS, FRT, FRS
  constexpr uint32_t rs() const { return Bits<6, 10>(word); }
  constexpr uint32_t ra() const { return Bits<11, 15>(word); }  // also FRA
  constexpr uint32_t rb() const { return Bits<16, 20>(word); }  // also FRB
  constexpr uint32_t frc() const { return Bits<21, 25>(word); }

  // Extended opcodes: X/XL/XFX-form bits 21-30, XO-form bits 22-30 (bit 21
  // is OE), A-form bits 26-30.
  constexpr uint32_t xo10() const { return Bits<21, 30>(word); }
  constexpr uint32_t xo9() const { return Bits<22, 30>(word); }
  constexpr uint32_t xo5() const { return Bits<26, 30>(word); }
  constexpr bool oe() const { return Bits<21, 21>(word) != 0; }
  constexpr bool rc() const { return Bits<31, 31>(word) != 0; }

  // D-form immediates, bits 16-31.
  constexpr int32_t simm() const { return SignExtend<16>(Bits<16, 31>(word)); }
  constexpr uint32_t uimm() const { return Bits<16, 31>(word); }

  // Branches: I-form LI bits 6-29, B-form BD bits 16-29, AA bit 30, LK bit 31.
  constexpr int32_t li() const { return SignExtend<26>(Bits<6, 29>(word) << 2); }
  constexpr int32_t bd() const { return SignExtend<16>(Bits<16, 29>(word) << 2); }
  constexpr bool aa() const { return Bits<30, 30>(word) != 0; }
  constexpr bool lk() const { return Bits<31, 31>(word) != 0; }
  constexpr uint32_t bo() const { return Bits<6, 10>(word); }
  constexpr uint32_t bi() const { return Bits<11, 15>(word); }

  // Condition register fields and bits.
  constexpr uint32_t crfd() const { return Bits<6, 8>(word); }
  constexpr uint32_t crfs() const { return Bits<11, 13>(word); }
  constexpr uint32_t crbd() const { return Bits<6, 10>(word); }
  constexpr uint32_t crba() const { return Bits<11, 15>(word); }
  constexpr uint32_t crbb() const { return Bits<16, 20>(word); }
  constexpr uint32_t crm() const { return Bits<12, 19>(word); }
  constexpr uint32_t l() const { return Bits<10, 10>(word); }  // cmp L bit

  // Rotates: SH bits 16-20, MB bits 21-25, ME bits 26-30.
  constexpr uint32_t sh() const { return Bits<16, 20>(word); }
  constexpr uint32_t mb() const { return Bits<21, 25>(word); }
  constexpr uint32_t me() const { return Bits<26, 30>(word); }

  // Traps: TO bits 6-10. String ops: NB bits 16-20.
  constexpr uint32_t to() const { return Bits<6, 10>(word); }
  constexpr uint32_t nb() const { return Bits<16, 20>(word); }

  // SPR/DCR/TBR numbers are stored with their two 5-bit halves swapped
  // (XFX-form, bits 11-20).
  constexpr uint32_t spr() const { return (Bits<16, 20>(word) << 5) | Bits<11, 15>(word); }

  // FPSCR moves: FM bits 7-14, U (mtfsfi immediate) bits 16-19, BF bits 6-8.
  constexpr uint32_t fm() const { return Bits<7, 14>(word); }
  constexpr uint32_t u_imm() const { return Bits<16, 19>(word); }

  // wrteei E bit (bit 16), mtmsr etc.
  constexpr uint32_t e_bit() const { return Bits<16, 16>(word); }

  friend constexpr bool operator==(Instruction a, Instruction b) { return a.word == b.word; }
};

// Primary opcodes that select a table of extended opcodes.
inline constexpr uint32_t kOpcodeMac = 4;        // 440 multiply-accumulate APU
inline constexpr uint32_t kOpcodeBranchCr = 19;  // XL-form: bclr, bcctr, CR logical, rfi, isync
inline constexpr uint32_t kOpcodeExtended = 31;  // X/XO/XFX-form integer, load/store, SPR
inline constexpr uint32_t kOpcodeFpSingle = 59;  // A-form single-precision FP
inline constexpr uint32_t kOpcodeFpDouble = 63;  // A/X-form double-precision FP, FPSCR

}  // namespace pvppc::isa
