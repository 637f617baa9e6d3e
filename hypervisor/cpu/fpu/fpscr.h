// The Floating-Point Status and Control Register: bit names, result classes,
// and the two summary bits the hardware computes itself.
//
// Bit numbers follow the manuals (bit 0 = most significant; Power ISA Book I
// "Floating-Point Status and Control Register", PowerPC Book E, PPC440x5 UM
// "Floating-Point Status and Control Register").
#pragma once

#include <cstdint>

namespace pvppc::cpu::fpu {

namespace fpscr {

constexpr uint32_t Bit(int n) { return 1u << (31 - n); }

inline constexpr uint32_t kFX = Bit(0);       // exception summary (sticky)
inline constexpr uint32_t kFEX = Bit(1);      // enabled exception summary (computed)
inline constexpr uint32_t kVX = Bit(2);       // invalid operation summary (computed)
inline constexpr uint32_t kOX = Bit(3);       // overflow
inline constexpr uint32_t kUX = Bit(4);       // underflow
inline constexpr uint32_t kZX = Bit(5);       // zero divide
inline constexpr uint32_t kXX = Bit(6);       // inexact
inline constexpr uint32_t kVXSNAN = Bit(7);   // invalid: signaling NaN
inline constexpr uint32_t kVXISI = Bit(8);    // invalid: inf - inf
inline constexpr uint32_t kVXIDI = Bit(9);    // invalid: inf / inf
inline constexpr uint32_t kVXZDZ = Bit(10);   // invalid: 0 / 0
inline constexpr uint32_t kVXIMZ = Bit(11);   // invalid: inf * 0
inline constexpr uint32_t kVXVC = Bit(12);    // invalid compare
inline constexpr uint32_t kFR = Bit(13);      // fraction rounded (magnitude incremented)
inline constexpr uint32_t kFI = Bit(14);      // fraction inexact
inline constexpr uint32_t kC = Bit(15);       // result class descriptor
inline constexpr uint32_t kFL = Bit(16);      // FPCC: less than / negative
inline constexpr uint32_t kFG = Bit(17);      // FPCC: greater than / positive
inline constexpr uint32_t kFE = Bit(18);      // FPCC: equal / zero
inline constexpr uint32_t kFU = Bit(19);      // FPCC: unordered / NaN
inline constexpr uint32_t kVXSOFT = Bit(21);  // invalid: software request
inline constexpr uint32_t kVXSQRT = Bit(22);  // invalid: square root of negative
inline constexpr uint32_t kVXCVI = Bit(23);   // invalid: integer convert
inline constexpr uint32_t kVE = Bit(24);      // enables ...
inline constexpr uint32_t kOE = Bit(25);
inline constexpr uint32_t kUE = Bit(26);
inline constexpr uint32_t kZE = Bit(27);
inline constexpr uint32_t kXE = Bit(28);
inline constexpr uint32_t kNI = Bit(29);      // non-IEEE mode
inline constexpr uint32_t kRN = 3;            // rounding mode, bits 30-31
inline constexpr uint32_t kReserved = Bit(20);  // reads as 0, writes ignored

inline constexpr uint32_t kFPCC = kFL | kFG | kFE | kFU;
inline constexpr uint32_t kFPRF = kC | kFPCC;
// FR, FI and FPRF: what an arithmetic instruction replaces wholesale.
inline constexpr uint32_t kResultStatus = kFR | kFI | kFPRF;

inline constexpr uint32_t kInvalidBits =
    kVXSNAN | kVXISI | kVXIDI | kVXZDZ | kVXIMZ | kVXVC | kVXSOFT | kVXSQRT | kVXCVI;
// The exception bits: an instruction that turns one of them from 0 to 1 also
// sets FX (mtfsf and mtfsfi excepted, they set FX explicitly).
inline constexpr uint32_t kExceptionBits = kOX | kUX | kZX | kXX | kInvalidBits;
inline constexpr uint32_t kEnableBits = kVE | kOE | kUE | kZE | kXE;
// Each of VX OX UX ZX XX sits 22 bits above its enable VE OE UE ZE XE.
inline constexpr int kEnableShift = 22;

}  // namespace fpscr

// FPRF values for each result class (Power ISA Book I, "Floating-Point Result
// Flags" table), already positioned as FPSCR bits.
namespace fprf {
inline constexpr uint32_t kQuietNaN = fpscr::kC | fpscr::kFU;
inline constexpr uint32_t kNegativeInfinity = fpscr::kFL | fpscr::kFU;
inline constexpr uint32_t kNegativeNormal = fpscr::kFL;
inline constexpr uint32_t kNegativeDenormal = fpscr::kC | fpscr::kFL;
inline constexpr uint32_t kNegativeZero = fpscr::kC | fpscr::kFE;
inline constexpr uint32_t kPositiveZero = fpscr::kFE;
inline constexpr uint32_t kPositiveDenormal = fpscr::kC | fpscr::kFG;
inline constexpr uint32_t kPositiveNormal = fpscr::kFG;
inline constexpr uint32_t kPositiveInfinity = fpscr::kFG | fpscr::kFU;

// The class of -x given the class of x (x not a NaN): FL and FG swap, zeros
// differ in C.
constexpr uint32_t Negated(uint32_t cls) {
  if (cls & fpscr::kFE) return cls ^ fpscr::kC;
  const uint32_t swapped = ((cls & fpscr::kFL) ? fpscr::kFG : 0) | ((cls & fpscr::kFG) ? fpscr::kFL : 0);
  return (cls & ~(fpscr::kFL | fpscr::kFG)) | swapped;
}
}  // namespace fprf

// FPSCR[RN] (Power ISA Book I, "Rounding").
enum class RoundingMode : uint8_t {
  kNearestEven = 0,
  kTowardZero = 1,
  kTowardPlusInfinity = 2,
  kTowardMinusInfinity = 3,
};

constexpr RoundingMode RoundingModeOf(uint32_t fpscr_value) {
  return static_cast<RoundingMode>(fpscr_value & fpscr::kRN);
}

// Recomputes the two summary bits software cannot set: VX is the OR of the
// invalid-operation bits, FEX the OR of each exception bit ANDed with its
// enable (Power ISA Book I, FPSCR bits 1 and 2). The reserved bit 20 stays 0
// (as on qemu-ppc).
constexpr uint32_t WithSummaries(uint32_t value) {
  uint32_t v = value & ~(fpscr::kVX | fpscr::kFEX | fpscr::kReserved);
  if (v & fpscr::kInvalidBits) v |= fpscr::kVX;
  if ((v >> fpscr::kEnableShift) & v & fpscr::kEnableBits) v |= fpscr::kFEX;
  return v;
}

// True when one of the exception conditions in `signaled` (bits among OX UX
// ZX XX and the VX* bits) has its enable bit set in `fpscr_value`.
constexpr bool AnyEnabled(uint32_t signaled, uint32_t fpscr_value) {
  uint32_t summary = signaled & (fpscr::kOX | fpscr::kUX | fpscr::kZX | fpscr::kXX);
  if (signaled & fpscr::kInvalidBits) summary |= fpscr::kVX;
  return ((summary >> fpscr::kEnableShift) & fpscr_value & fpscr::kEnableBits) != 0;
}

}  // namespace pvppc::cpu::fpu
