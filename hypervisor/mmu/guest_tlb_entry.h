// One entry of the PPC440's unified TLB, kept as the core keeps it.
//
// PPC440x5 CPU Core User's Manual, "Memory Management": Table 5-1 (TLB entry
// fields), Table 5-2 (page sizes and the EA-to-EPN comparison), 5.4 (address
// translation) and 5.5 (access control); the tlbre pseudo-code in "Instruction
// Set" gives each word bit by bit. Bit numbers below are the manual's
// (0 = most significant).
//
// An entry stores every field bit software wrote, including EPN/RPN bits below
// the page size, because tlbre hands them back; only matching and translation
// ignore them (Table 5-2). Parity (TPAR, PAR1, PAR2) is not stored: the core
// computes it and tlbwe ignores it, and tlbre returns zeros there while
// CCR0[CRPE] = 0, the only setting this emulation models.
#pragma once

#include <cstdint>
#include <optional>

#include "hypervisor/memory/address_translator.h"

namespace pvppc::mmu {

// Word 0: page identification.
namespace tlb0 {
inline constexpr uint32_t kEpnMask = 0xfffffc00;       // EPN, bits 0:21
inline constexpr uint32_t kV = 1u << (31 - 22);         // valid
inline constexpr uint32_t kTs = 1u << (31 - 23);        // translation space
inline constexpr uint32_t kSizeShift = 31 - 27;         // SIZE, bits 24:27
inline constexpr uint32_t kSizeMask = 0xfu << kSizeShift;
inline constexpr uint32_t kTparMask = 0xf;              // TPAR, bits 28:31
inline constexpr uint32_t kStored = kEpnMask | kV | kTs | kSizeMask;
}  // namespace tlb0

// Word 1: address translation.
namespace tlb1 {
inline constexpr uint32_t kRpnMask = 0xfffffc00;        // RPN, bits 0:21
inline constexpr uint32_t kPar1Mask = 3u << (31 - 23);  // PAR1, bits 22:23
inline constexpr uint32_t kErpnMask = 0xf;              // ERPN, bits 28:31
inline constexpr uint32_t kStored = kRpnMask | kErpnMask;
}  // namespace tlb1

// Word 2: storage attributes (16:24) and access control (26:31).
namespace tlb2 {
inline constexpr uint32_t kPar2Mask = 3u << (31 - 1);   // PAR2, bits 0:1
inline constexpr uint32_t kU0 = 1u << (31 - 16);
inline constexpr uint32_t kU1 = 1u << (31 - 17);
inline constexpr uint32_t kU2 = 1u << (31 - 18);
inline constexpr uint32_t kU3 = 1u << (31 - 19);
inline constexpr uint32_t kW = 1u << (31 - 20);         // write-through
inline constexpr uint32_t kI = 1u << (31 - 21);         // caching inhibited
inline constexpr uint32_t kM = 1u << (31 - 22);         // memory coherence
inline constexpr uint32_t kG = 1u << (31 - 23);         // guarded
inline constexpr uint32_t kE = 1u << (31 - 24);         // little endian
inline constexpr uint32_t kUX = 1u << (31 - 26);
inline constexpr uint32_t kUW = 1u << (31 - 27);
inline constexpr uint32_t kUR = 1u << (31 - 28);
inline constexpr uint32_t kSX = 1u << (31 - 29);
inline constexpr uint32_t kSW = 1u << (31 - 30);
inline constexpr uint32_t kSR = 1u << (31 - 31);
inline constexpr uint32_t kStored =
    kU0 | kU1 | kU2 | kU3 | kW | kI | kM | kG | kE | kUX | kUW | kUR | kSX | kSW | kSR;
}  // namespace tlb2

// SIZE encodings the 440 supports (Table 5-2). 0b0110, 0b1000 and 0b1010-0b1111
// are "not supported" there; see TlbEntry::page_shift().
namespace tlb_size {
inline constexpr uint32_t k1K = 0;
inline constexpr uint32_t k4K = 1;
inline constexpr uint32_t k16K = 2;
inline constexpr uint32_t k64K = 3;
inline constexpr uint32_t k256K = 4;
inline constexpr uint32_t k1M = 5;
inline constexpr uint32_t k16M = 7;
inline constexpr uint32_t k256M = 9;
}  // namespace tlb_size

// log2 of the page size for a SIZE value, or nothing for an unsupported one.
// The supported encodings follow Book E's 1 KiB * 4^SIZE.
constexpr std::optional<uint32_t> page_shift_for_size(uint32_t size) {
  switch (size) {
    case tlb_size::k1K:
    case tlb_size::k4K:
    case tlb_size::k16K:
    case tlb_size::k64K:
    case tlb_size::k256K:
    case tlb_size::k1M:
    case tlb_size::k16M:
    case tlb_size::k256M:
      return 10 + 2 * size;
    default:
      return std::nullopt;
  }
}

// UX/UW/UR apply in user mode (MSR[PR] = 1), SX/SW/SR in supervisor mode (5.5).
struct PagePermissions {
  bool user_read = false;
  bool user_write = false;
  bool user_execute = false;
  bool supervisor_read = false;
  bool supervisor_write = false;
  bool supervisor_execute = false;

  bool allows(memory::Access access, bool problem_state) const;
  bool operator==(const PagePermissions&) const = default;
};

// WIMGE and U0-U3 (5.6). `user_defined` holds U0..U3 as bits 3..0.
struct StorageAttributes {
  bool write_through = false;
  bool caching_inhibited = false;
  bool memory_coherence = false;
  bool guarded = false;
  bool little_endian = false;
  uint8_t user_defined = 0;

  bool operator==(const StorageAttributes&) const = default;
};

// The effective addresses an entry can translate: [base, base + size).
struct EffectiveRange {
  uint32_t base = 0;
  uint32_t size = 0;  // at most 256 MiB, so it fits

  bool contains(uint32_t ea) const { return ea - base < size; }
  bool operator==(const EffectiveRange&) const = default;
};

struct TlbEntry {
  uint32_t word0 = 0;  // EPN, V, TS, SIZE (tlb0::kStored bits only)
  uint32_t word1 = 0;  // RPN, ERPN (tlb1::kStored bits only)
  uint32_t word2 = 0;  // U0-U3, WIMGE, UX..SR (tlb2::kStored bits only)
  uint8_t tid = 0;     // 0 = shared by every PID

  bool valid() const { return (word0 & tlb0::kV) != 0; }
  bool ts() const { return (word0 & tlb0::kTs) != 0; }
  uint32_t size() const { return (word0 & tlb0::kSizeMask) >> tlb0::kSizeShift; }
  uint32_t erpn() const { return word1 & tlb1::kErpnMask; }

  // An entry with an unsupported SIZE never matches: the manual does not say
  // what the 440 does with one, and matching nothing is the choice that cannot
  // map memory the guest did not ask for. tlbre still returns what was written.
  std::optional<uint32_t> page_shift() const { return page_shift_for_size(size()); }
  bool can_match() const { return valid() && page_shift().has_value(); }

  // The range the entry translates; nothing when it cannot match.
  std::optional<EffectiveRange> effective_range() const;

  // The Figure 5-1 match: V, TS = AS, TID = 0 or TID = PID, and
  // EPN[0:n-1] = EA[0:n-1]. Only PID bits 24:31 exist on the 440.
  bool matches(uint32_t ea, uint32_t pid, bool ts) const;

  // RA = ERPN || RPN[0:n-1] || EA[n:31] (5.4). Only for an entry that can match.
  uint64_t real_address(uint32_t ea) const;

  PagePermissions permissions() const;
  StorageAttributes attributes() const;

  bool operator==(const TlbEntry&) const = default;
};

}  // namespace pvppc::mmu
