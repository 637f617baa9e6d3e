// The architected state of one PPC440 core as the machine runs guest code.
//
// This is the whole state the interpreter reads and writes: a future JIT can
// address it directly, and the hypervisor saves and restores it on exits. The
// core always runs guest code in hardware user mode (MSR[PR]=1); supervisor
// state (SRRs, IVORs, TLB, ...) belongs to the hypervisor, not here.
#pragma once

#include <array>
#include <cstdint>

namespace pvppc::cpu {

// MSR bits (PPC440x5 User's Manual, "Machine State Register"; Book E).
namespace msr {
inline constexpr uint32_t kWE = 1u << (31 - 13);   // wait state enable
inline constexpr uint32_t kCE = 1u << (31 - 14);   // critical interrupt enable
inline constexpr uint32_t kEE = 1u << (31 - 16);   // external interrupt enable
inline constexpr uint32_t kPR = 1u << (31 - 17);   // problem (user) state
inline constexpr uint32_t kFP = 1u << (31 - 18);   // floating point available
inline constexpr uint32_t kME = 1u << (31 - 19);   // machine check enable
inline constexpr uint32_t kFE0 = 1u << (31 - 20);  // FP exception mode 0
inline constexpr uint32_t kDWE = 1u << (31 - 21);  // debug wait enable
inline constexpr uint32_t kDE = 1u << (31 - 22);   // debug interrupt enable
inline constexpr uint32_t kFE1 = 1u << (31 - 23);  // FP exception mode 1
inline constexpr uint32_t kIS = 1u << (31 - 26);   // instruction address space
inline constexpr uint32_t kDS = 1u << (31 - 27);   // data address space
}  // namespace msr

// Exception Syndrome Register bits the core reports with an exit (Book E ESR).
namespace esr {
inline constexpr uint32_t kPIL = 1u << (31 - 4);   // illegal instruction
inline constexpr uint32_t kPPR = 1u << (31 - 5);   // privileged instruction
inline constexpr uint32_t kPTR = 1u << (31 - 6);   // trap
inline constexpr uint32_t kFP = 1u << (31 - 7);    // floating point operation
inline constexpr uint32_t kST = 1u << (31 - 8);    // store operation
inline constexpr uint32_t kDLK = 3u << (31 - 11);  // data cache locking
inline constexpr uint32_t kAP = 1u << (31 - 12);   // auxiliary processor operation
inline constexpr uint32_t kPUO = 1u << (31 - 13);  // unimplemented operation
inline constexpr uint32_t kBO = 1u << (31 - 14);   // byte ordering
}  // namespace esr

// XER bits (Book E "Integer Exception Register").
namespace xer {
inline constexpr uint32_t kSO = 1u << 31;
inline constexpr uint32_t kOV = 1u << 30;
inline constexpr uint32_t kCA = 1u << 29;
inline constexpr uint32_t kByteCountMask = 0x7f;  // lswx/stswx byte count
}  // namespace xer

// CR field bits within a 4-bit field.
namespace crbit {
inline constexpr uint32_t kLT = 8;
inline constexpr uint32_t kGT = 4;
inline constexpr uint32_t kEQ = 2;
inline constexpr uint32_t kSO = 1;
}  // namespace crbit

struct CpuState {
  std::array<uint32_t, 32> gpr{};
  std::array<uint64_t, 32> fpr{};  // IEEE-754 double bit patterns
  uint32_t pc = 0;                 // address of the next instruction to run
  uint32_t cr = 0;
  uint32_t lr = 0;
  uint32_t ctr = 0;
  // XER is kept split so that carrying arithmetic does not shift bits in and
  // out of one word; xer() and set_xer() give the architected view.
  uint8_t xer_so = 0;
  uint8_t xer_ov = 0;
  uint8_t xer_ca = 0;
  uint8_t xer_byte_count = 0;
  uint32_t fpscr = 0;
  // The machine MSR guest code runs under: PR is always 1. FP, FE0/FE1,
  // IS/DS and the enables are whatever the hypervisor sets.
  uint32_t msr = msr::kPR | msr::kFP | msr::kEE | msr::kCE | msr::kME;
  // SPRs user mode may read (SPRG4-7, read-only there) or read and write
  // (USPRG0). The hypervisor fills SPRG4-7 with the guest's values.
  uint32_t usprg0 = 0;
  std::array<uint32_t, 4> sprg4_7{};
  // lwarx/stwcx. reservation (Book E "Atomic Update Primitives").
  bool reservation_valid = false;
  uint32_t reservation_address = 0;

  uint32_t xer() const {
    return (uint32_t{xer_so} << 31) | (uint32_t{xer_ov} << 30) | (uint32_t{xer_ca} << 29) |
           xer_byte_count;
  }
  void set_xer(uint32_t value) {
    xer_so = (value >> 31) & 1;
    xer_ov = (value >> 30) & 1;
    xer_ca = (value >> 29) & 1;
    xer_byte_count = value & xer::kByteCountMask;
  }

  // CR field n (0 = most significant) as a 4-bit value.
  uint32_t cr_field(uint32_t n) const { return (cr >> (28 - 4 * n)) & 0xf; }
  void set_cr_field(uint32_t n, uint32_t value) {
    const uint32_t shift = 28 - 4 * n;
    cr = (cr & ~(0xfu << shift)) | ((value & 0xf) << shift);
  }
  // CR bit n in the manuals' numbering (bit 0 = CR0[LT]).
  bool cr_bit(uint32_t n) const { return (cr >> (31 - n)) & 1; }
  void set_cr_bit(uint32_t n, bool value) {
    const uint32_t mask = 1u << (31 - n);
    cr = value ? (cr | mask) : (cr & ~mask);
  }
};

}  // namespace pvppc::cpu
