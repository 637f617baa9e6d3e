// The machine's own TLB: what the hypervisor has loaded into a real 440's
// 64 hardware entries on behalf of the guest (design.md, "the machine").
//
// Guest code always runs in hardware user mode, so one shadow entry carries the
// permissions of the guest mode it was filled for: the guest's (PR, TS, TID)
// fold into the entry's context, as KVM for Book E did with shadow PIDs, and
// the guest kernel and guest user never share an entry. TID 0 stays global
// within its (PR, TS). A lookup that finds nothing is a hardware TLB miss: the
// core exits and the hypervisor fills an entry from the guest's TLB (or
// reflects the miss to the guest). The core's per-page software TLB sits in
// front of this one; take_pending_flush() tells the owner what the core must
// forget.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "hypervisor/memory/address_translator.h"

namespace pvppc::mmu {

// Which guest context a lookup is made in (from the guest's virtual MSR and PID).
struct ShadowContext {
  bool user = false;        // guest MSR[PR]
  bool instruction_ts = false;  // guest MSR[IS]
  bool data_ts = false;     // guest MSR[DS]
  uint8_t pid = 0;          // guest PID

  friend bool operator==(const ShadowContext&, const ShadowContext&) = default;
};

struct ShadowEntry {
  bool valid = false;
  uint32_t effective_base = 0;  // aligned to size
  uint64_t size = 0;            // bytes, a power of two >= 4 KiB
  bool user = false;            // filled for guest user mode
  bool ts = false;
  uint8_t tid = 0;              // 0 = any PID
  uint64_t physical_base = 0;   // guest physical, aligned to size
  bool readable = false;
  bool writable = false;
  bool executable = false;
  bool little_endian = false;
  bool cacheable = true;
  uint8_t guest_index = 0;      // the guest TLB entry it was derived from
};

class ShadowTlb final : public memory::AddressTranslator {
 public:
  static constexpr uint32_t kEntries = 64;  // as many as a real 440 has
  // Entries this large are replaced only when every entry is.
  static constexpr uint64_t kBoltedSize = uint64_t{16} << 20;

  // Switching contexts flushes nothing: the core tags what it caches with
  // context_id() (cpu::Core::set_translation_context).
  void set_context(const ShadowContext& context) { context_ = context; }
  const ShadowContext& context() const { return context_; }
  // 11 bits: PR, IS, DS, PID.
  uint32_t context_id() const {
    return (uint32_t{context_.user} << 10) | (uint32_t{context_.instruction_ts} << 9) |
           (uint32_t{context_.data_ts} << 8) | context_.pid;
  }

  // AddressTranslator: a hardware lookup in the current context.
  memory::Translation translate(uint32_t effective_address, memory::Access access,
                                uint32_t machine_msr) override;

  // Loads an entry (round-robin victim, as Linux's own 44x miss handler does).
  // `entry.user`/`ts`/`tid` must describe the context it is valid in.
  void insert(const ShadowEntry& entry);

  // An entry that is never replaced and matches in every guest supervisor
  // context (any PID, either TS): the PV shared page. It takes one of the
  // 64 hardware entries.
  void pin(const ShadowEntry& entry);

  // Drops every entry derived from guest TLB entry `guest_index`.
  void invalidate_guest_entry(uint32_t guest_index);
  // Drops every entry whose effective range overlaps [base, base + size).
  void invalidate_range(uint32_t base, uint64_t size);
  // Drops the entries loaded with `tid` (0: the global ones).
  void invalidate_context(uint8_t tid);
  void invalidate_all();

  // What the core must forget since the last take: the ranges of the entries
  // dropped or replaced, or everything. A replacement is the common case (a
  // miss in a full TLB), and forgetting only its pages keeps the core's
  // cached translations and decoded-code links for everything else.
  struct DroppedRange {
    uint32_t base = 0;
    uint64_t size = 0;
    bool executable = false;  // code may have been fetched through it
  };
  struct PendingFlush {
    bool all = false;
    uint32_t count = 0;
    std::array<DroppedRange, 8> ranges{};
  };
  bool flush_pending() const { return pending_.all || pending_.count != 0; }
  [[nodiscard]] PendingFlush take_pending_flush() {
    const PendingFlush taken = pending_;
    pending_ = {};
    return taken;
  }
  // True once after anything that could make a translation the core cached
  // wrong (an entry dropped or replaced).
  [[nodiscard]] bool take_flush_request() {
    const bool requested = flush_pending();
    pending_ = {};
    return requested;
  }

  const std::array<ShadowEntry, kEntries>& entries() const { return entries_; }
  uint64_t replacements() const { return replacements_; }

 private:
  const ShadowEntry* find(uint32_t effective_address, bool ts) const;

  std::array<ShadowEntry, kEntries> entries_{};
  ShadowEntry pinned_{};
  ShadowContext context_{};
  uint32_t next_victim_ = 0;
  uint64_t replacements_ = 0;
  void note_dropped(const ShadowEntry& entry);
  void note_all_dropped() { pending_.all = true; }

  PendingFlush pending_;
};

}  // namespace pvppc::mmu
