// The guest-visible PPC440 TLB: 64 unified entries that the guest kernel
// manages with tlbwe, tlbre and tlbsx[.].
//
// Each operation takes and returns the register values the instruction works
// on, so that emulating a trapped TLB instruction is a thin layer: decode RT,
// RS, RA, RB and WS, pass the GPR values and MMUCR in, write the results back.
// The hypervisor's own lookups (building shadow TLB entries) use translate(),
// which applies the same Figure 5-1 match with the current PID and MSR[IS/DS].
//
// PPC440x5 CPU Core User's Manual, "Memory Management" (5.2 TLB, 5.3 page
// identification, 5.7.1 MMUCR) and the tlbre/tlbsx pages of "Instruction Set".
//
// Several matching entries: the manual names no winner for a TLB multi-hit, so
// this model takes the lowest-numbered matching entry, for tlbsx and for
// translate() alike. Linux never installs overlapping entries.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "hypervisor/mmu/guest_tlb_entry.h"

namespace pvppc::mmu {

// The MMUCR fields the TLB instructions use (Figure 5-3).
namespace mmucr {
inline constexpr uint32_t kSts = 1u << (31 - 15);  // search translation space
inline constexpr uint32_t kStidMask = 0xff;        // STID, bits 24:31
}  // namespace mmucr

// What translate() found for an address.
struct TlbMatch {
  uint32_t index = 0;          // entry number, 0..63
  uint64_t real_address = 0;   // 36-bit: ERPN || RPN || offset
  uint32_t page_shift = 0;     // log2 of the page size, 10..28
  EffectiveRange range;        // the effective addresses the entry covers
  PagePermissions permissions;
  StorageAttributes attributes;
};

// What a tlbwe did to the entry it addressed.
struct TlbWriteResult {
  // True when the write changed a stored field (word 0/1/2 or TID) of an entry
  // that could match before or can match now. Shadow translations made from
  // the previous contents, and any shadow translation inside the new entry's
  // range (a new lower-numbered entry wins over an overlapping higher one),
  // are stale then.
  bool changed = false;
  TlbEntry previous;  // the entry before the write, for its effective_range()
};

class GuestTlb {
 public:
  static constexpr uint32_t kEntries = 64;
  static constexpr uint32_t kIndexMask = kEntries - 1;

  // Every entry starts invalid (all fields 0). The 440 leaves the TLB undefined
  // at reset apart from the boot entry, which the hypervisor writes itself.
  GuestTlb() = default;

  // tlbwe RS,RA,WS. The entry is TLB[(RA)26:31], i.e. ra & 63. WS 0 writes
  // EPN, V, TS, SIZE from RS[0:27] and TID from MMUCR[STID]; WS 1 writes RPN and
  // ERPN; WS 2 writes U0-U3, WIMGE and the permissions. Parity and reserved
  // bits of RS are dropped. WS > 2 is an invalid form with an undefined result;
  // here it changes nothing (the caller may raise an illegal-instruction
  // program interrupt instead, which is also within "undefined").
  TlbWriteResult write(uint32_t ra, uint32_t ws, uint32_t rs, uint32_t mmucr);

  // tlbre RT,RA,WS: returns the value for RT. WS 0 also copies the entry's TID
  // into MMUCR[STID]. Parity fields read as 0 (CCR0[CRPE] = 0). WS > 2 is
  // undefined; here it returns 0 and leaves MMUCR alone.
  uint32_t read(uint32_t ra, uint32_t ws, uint32_t& mmucr) const;

  // tlbsx[.] with EA = (RA|0) + (RB): the index of the entry that matches EA
  // with PID = MMUCR[STID] and AS = MMUCR[STS], placed in RT[26:31] with the
  // rest of RT 0; nothing when no entry matches (RT is then undefined and
  // tlbsx. clears CR0[EQ]).
  std::optional<uint32_t> search(uint32_t ea, uint32_t mmucr) const;

  // The hypervisor's lookup: the entry matching EA for the given PID (only
  // bits 24:31 count) and address space (MSR[IS] for fetches, MSR[DS] for
  // data), with the real address and the entry's controls.
  std::optional<TlbMatch> translate(uint32_t ea, uint32_t pid, bool ts) const;

  const TlbEntry& entry(uint32_t index) const { return entries_[index & kIndexMask]; }

  // Counts writes that reported `changed`: a shadow TLB tagged with the
  // generation it was built at knows whether anything may have gone stale.
  uint64_t generation() const { return generation_; }

 private:
  std::optional<uint32_t> find(uint32_t ea, uint32_t pid, bool ts) const;

  std::array<TlbEntry, kEntries> entries_{};
  uint64_t generation_ = 0;
};

}  // namespace pvppc::mmu
