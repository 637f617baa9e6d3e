#include "tests/diff/instruction_generator.h"

#include "hypervisor/cpu/testing/encode.h"

#include <array>
#include <cstring>

namespace pvppc::tests {
namespace {

// Encoders shared with the core's unit tests.
using cpu::testing::AForm;
using cpu::testing::DForm;
using cpu::testing::XForm;

constexpr uint32_t kScratchBase = 30;
constexpr uint32_t kScratchBytes = 256;

// XO-form arithmetic: {xo, takes rB}.
constexpr std::array<std::pair<uint32_t, bool>, 16> kXoArith = {{
    {8, true}, {10, true}, {11, true}, {40, true}, {75, true}, {104, false}, {136, true},
    {138, true}, {200, false}, {202, false}, {232, false}, {234, false}, {235, true},
    {266, true}, {459, true}, {491, true},
}};
// X-form logical/shift with rS, rA, rB: and andc or orc xor nand nor eqv slw srw sraw.
constexpr std::array<uint32_t, 11> kLogicalX = {28, 60, 444, 412, 316, 476, 124, 284, 24, 536, 792};
// X-form with rS, rA only: cntlzw extsb extsh.
constexpr std::array<uint32_t, 3> kUnaryX = {26, 954, 922};
// CR logical XL-form: crand crandc creqv crnand crnor cror crorc crxor.
constexpr std::array<uint32_t, 8> kCrLogical = {257, 129, 289, 225, 33, 449, 417, 193};

}  // namespace

uint32_t InstructionGenerator::dest() {
  static constexpr std::array<uint32_t, 27> kDest = {0,  3,  4,  5,  6,  7,  8,  9,  10,
                                                     11, 12, 14, 15, 16, 17, 18, 19, 20,
                                                     21, 22, 23, 24, 25, 26, 27, 28, 29};
  return kDest[pick(kDest.size())];
}

uint32_t InstructionGenerator::source() {
  // r30 (scratch address) reads would print runner-specific addresses into
  // results; leave it to the memory operands.
  return dest();
}

uint32_t InstructionGenerator::gpr_value() {
  static constexpr std::array<uint32_t, 12> kEdges = {
      0, 1, 2, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 0x80000001, 31, 32, 0x10000, 0xffff};
  switch (pick(3)) {
    case 0: return kEdges[pick(kEdges.size())];
    case 1: return pick(64);
    default: return static_cast<uint32_t>(rng_());
  }
}

uint64_t InstructionGenerator::fpr_value() {
  static constexpr std::array<uint64_t, 16> kEdges = {
      0x0000000000000000ull, 0x8000000000000000ull,  // +-0
      0x3ff0000000000000ull, 0xbff0000000000000ull,  // +-1
      0x7ff0000000000000ull, 0xfff0000000000000ull,  // +-inf
      0x7ff8000000000000ull, 0x7ff4000000000001ull,  // QNaN, SNaN with payload
      0xfff8000000000123ull, 0x0000000000000001ull,  // negative QNaN, min denormal
      0x000fffffffffffffull, 0x7fefffffffffffffull,  // max denormal, max normal
      0x41e0000000000000ull, 0xc1e0000000200000ull,  // 2^31, just below -2^31
      0x3810000000000000ull, 0x47efffffe0000000ull,  // single min normal, single max
  };
  switch (pick(4)) {
    case 0: return kEdges[pick(kEdges.size())];
    case 1: {  // a small integer-valued double
      const double d = static_cast<double>(static_cast<int32_t>(pick(2001)) - 1000) / 4;
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return bits;
    }
    case 2: {  // a single-precision-representable value
      const float f = static_cast<float>(static_cast<int32_t>(rng_())) / 65536.0f;
      const double d = f;
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      return bits;
    }
    default: {  // a random finite double of moderate exponent
      const uint64_t mantissa = (uint64_t{rng_()} << 32 | rng_()) & 0x000fffffffffffffull;
      const uint64_t exponent = 1023 - 40 + pick(80);
      return (uint64_t{pick(2)} << 63) | (exponent << 52) | mantissa;
    }
  }
}

uint32_t InstructionGenerator::xer_value() {
  return (pick(8) << 29) | pick(128);
}

uint32_t InstructionGenerator::fpscr_value() {
  // Rounding mode and non-IEEE mode 0; exception enables off (MSR[FE] = 0
  // in user mode anyway), sticky bits random.
  return (static_cast<uint32_t>(rng_()) & 0x1ff80000u & ~0x60000000u) | pick(4);
}

std::vector<uint32_t> InstructionGenerator::sequence(size_t length) {
  std::vector<uint32_t> words;
  for (size_t i = 0; i < length; ++i) words.push_back(next_instruction(length - i));
  return words;
}

uint32_t InstructionGenerator::next_instruction(size_t remaining) {
  switch (mix_) {
    case InstructionMix::kInteger:
      return pick(5) == 0 ? memory_instruction() : integer_instruction(remaining);
    case InstructionMix::kFloatingPoint: return fp_instruction();
    case InstructionMix::kAll:
      switch (pick(4)) {
        case 0: return memory_instruction();
        case 1: return fp_instruction();
        default: return integer_instruction(remaining);
      }
  }
  return 0x60000000;
}

uint32_t InstructionGenerator::integer_instruction(size_t remaining) {
  const uint32_t rc = pick(2);
  switch (pick(16)) {
    case 0: {
      const auto [xo, uses_rb] = kXoArith[pick(kXoArith.size())];
      const uint32_t oe = (xo == 11 || xo == 75) ? 0 : pick(2);
      return XForm(31, dest(), source(), uses_rb ? source() : 0, (oe << 9) | xo, rc);
    }
    case 1: {  // addi addis addic addic. subfic mulli
      static constexpr std::array<uint32_t, 6> kOps = {14, 15, 12, 13, 8, 7};
      return DForm(kOps[pick(kOps.size())], dest(), source(), static_cast<uint32_t>(rng_()));
    }
    case 2: {  // ori oris xori xoris andi. andis.
      static constexpr std::array<uint32_t, 6> kOps = {24, 25, 26, 27, 28, 29};
      return DForm(kOps[pick(kOps.size())], source(), dest(), static_cast<uint32_t>(rng_()));
    }
    case 3: return XForm(31, source(), dest(), source(), kLogicalX[pick(kLogicalX.size())], rc);
    case 4: return XForm(31, source(), dest(), 0, kUnaryX[pick(kUnaryX.size())], rc);
    case 5: return XForm(31, source(), dest(), pick(32), 824, rc);  // srawi
    case 6: {  // rlwinm rlwimi rlwnm
      static constexpr std::array<uint32_t, 3> kOps = {21, 20, 23};
      const uint32_t op = kOps[pick(kOps.size())];
      const uint32_t sh = op == 23 ? source() : pick(32);
      return (op << 26) | (source() << 21) | (dest() << 16) | (sh << 11) | (pick(32) << 6) |
             (pick(32) << 1) | rc;
    }
    case 7: {  // cmp cmpl cmpi cmpli into a random field
      const uint32_t bf = pick(8) << 2;
      switch (pick(4)) {
        case 0: return XForm(31, bf, source(), source(), 0, 0);
        case 1: return XForm(31, bf, source(), source(), 32, 0);
        case 2: return DForm(11, bf, source(), static_cast<uint32_t>(rng_()));
        default: return DForm(10, bf, source(), static_cast<uint32_t>(rng_()));
      }
    }
    case 8: return XForm(19, pick(32), pick(32), pick(32), kCrLogical[pick(kCrLogical.size())], 0);
    case 9: return XForm(19, pick(8) << 2, pick(8) << 2, 0, 0, 0);  // mcrf
    case 10: {  // mfcr, mtcrf, mcrxr
      switch (pick(3)) {
        case 0: return XForm(31, dest(), 0, 0, 19, 0);
        case 1: return (31u << 26) | (source() << 21) | (pick(256) << 12) | (144u << 1);
        default: return XForm(31, pick(8) << 2, 0, 0, 512, 0);
      }
    }
    case 11:  // mtxer (no mfxer: qemu returns XER's reserved bits, a 440 zeros)
      return XForm(31, source(), 1, 0, 467, 0);
    case 12: {  // a forward conditional branch over the next instruction
      if (remaining < 2) return 0x60000000;
      static constexpr std::array<uint32_t, 3> kBo = {4, 12, 20};
      return (16u << 26) | (kBo[pick(3)] << 21) | (pick(32) << 16) | 8;
    }
    case 13: return XForm(31, source(), dest(), source(), 78, rc);  // dlmzb
    case 14: return DForm(14, dest(), 0, static_cast<uint32_t>(rng_()));  // li
    default: {
      const auto [xo, uses_rb] = kXoArith[pick(kXoArith.size())];
      return XForm(31, dest(), source(), uses_rb ? source() : 0, xo, rc);
    }
  }
}

uint32_t InstructionGenerator::memory_instruction() {
  // D-form loads/stores off r30 with a displacement that keeps the widest
  // (8-byte) access inside the scratch area; byte-reversed indexed forms.
  const uint32_t displacement = pick(kScratchBytes - 8);
  switch (pick(12)) {
    case 0: return DForm(32, dest(), kScratchBase, displacement);  // lwz
    case 1: return DForm(34, dest(), kScratchBase, displacement);  // lbz
    case 2: return DForm(40, dest(), kScratchBase, displacement);  // lhz
    case 3: return DForm(42, dest(), kScratchBase, displacement);  // lha
    case 4: return DForm(36, source(), kScratchBase, displacement);  // stw
    case 5: return DForm(38, source(), kScratchBase, displacement);  // stb
    case 6: return DForm(44, source(), kScratchBase, displacement);  // sth
    case 7: return XForm(31, dest(), 0, kScratchBase, pick(2) ? 534 : 790, 0);  // lwbrx lhbrx
    case 8: return XForm(31, source(), 0, kScratchBase, pick(2) ? 662 : 918, 0);  // stwbrx sthbrx
    case 9: {  // lfs lfd stfs stfd (no update forms: r30 stays put)
      static constexpr std::array<uint32_t, 4> kOps = {48, 50, 52, 54};
      return DForm(kOps[pick(4)], pick(32), kScratchBase, displacement & ~7u);
    }
    case 10: return XForm(31, pick(32), 0, kScratchBase, 983, 0);  // stfiwx
    default: return DForm(32, dest(), kScratchBase, displacement);
  }
}

uint32_t InstructionGenerator::fp_instruction() {
  // Left to the unit tests (hypervisor/cpu/fpu), where qemu 7.2 departs from
  // the architecture: record forms (CR1 gets FPSCR[FX], which qemu sets
  // wrongly), fnmadd/fnmsub (qemu negates before rounding, visible in the
  // directed rounding modes) and fcmpo (qemu sets FPRF[C] for NaNs).
  const uint32_t rc = 0;
  const uint32_t t = pick(32), a = pick(32), b = pick(32), c = pick(32);
  switch (pick(10)) {
    case 0: {  // fdivs fsubs fadds fmuls fmsubs fmadds (opcode 59)
      static constexpr std::array<uint32_t, 6> kXo = {18, 20, 21, 25, 28, 29};
      const uint32_t xo = kXo[pick(kXo.size())];
      return AForm(59, t, a, xo == 25 ? 0 : b, (xo == 25 || xo >= 28) ? c : 0, xo, rc);
    }
    case 1:
    case 2: {  // fdiv fsub fadd fmul fmsub fmadd fsel (opcode 63)
      static constexpr std::array<uint32_t, 7> kXo = {18, 20, 21, 25, 28, 29, 23};
      const uint32_t xo = kXo[pick(kXo.size())];
      return AForm(63, t, a, xo == 25 ? 0 : b, (xo == 25 || xo >= 28 || xo == 23) ? c : 0, xo, rc);
    }
    case 3: {  // frsp fctiw fctiwz fneg fmr fnabs fabs
      static constexpr std::array<uint32_t, 7> kXo = {12, 14, 15, 40, 72, 136, 264};
      return XForm(63, t, 0, b, kXo[pick(kXo.size())], rc);
    }
    case 4: return XForm(63, pick(8) << 2, a, b, 0, 0);  // fcmpu
    case 5: return XForm(63, t, 0, b, 72, rc);  // fmr (mffs would copy FX/FR into an FPR)
    // The exception enables (FPSCR fields 6 and 7 but RN) stay clear: qemu-user
    // runs with MSR[FE0,FE1] set and would deliver SIGFPE, where Linux leaves
    // FP exceptions disabled by default.
    case 6: return (63u << 26) | ((pick(256) & 0xfc) << 17) | (b << 11) | (711u << 1) | rc;  // mtfsf
    case 7: {  // mtfsb0/1 (not FEX/VX: bits 1 and 2), mtfsfi, mcrfs
      switch (pick(3)) {
        case 0: {
          uint32_t bit = pick(32);
          if (bit == 1 || bit == 2 || (bit >= 24 && bit <= 29)) bit = 0;
          return XForm(63, bit, 0, 0, pick(2) ? 38 : 70, rc);
        }
        case 1: {  // mtfsfi: fields 0-5 freely, field 7 only RN
          const uint32_t field = pick(7);
          const uint32_t value = field == 6 ? pick(4) : pick(16);
          return XForm(63, (field == 6 ? 7 : field) << 2, 0, value << 1, 134, rc);
        }
        default: {  // mcrfs, not from the fields holding FX (0) and FR (3)
          static constexpr std::array<uint32_t, 6> kFields = {1, 2, 4, 5, 6, 7};
          return XForm(63, pick(8) << 2, kFields[pick(6)] << 2, 0, 64, 0);
        }
      }
    }
    case 8: return AForm(63, t, 0, b, 0, 22, rc);  // fsqrt
    default: return AForm(59, t, 0, b, 0, 22, rc);  // fsqrts
  }
}

}  // namespace pvppc::tests
