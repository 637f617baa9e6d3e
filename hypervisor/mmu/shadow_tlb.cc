#include "hypervisor/mmu/shadow_tlb.h"

namespace pvppc::mmu {

using memory::Access;
using memory::Translation;

const ShadowEntry* ShadowTlb::find(uint32_t ea, bool ts) const {
  if (pinned_.valid && !context_.user && ea - pinned_.effective_base < pinned_.size &&
      ea >= pinned_.effective_base) {
    return &pinned_;
  }
  for (const ShadowEntry& e : entries_) {
    if (!e.valid || e.user != context_.user || e.ts != ts) continue;
    if (e.tid != 0 && e.tid != context_.pid) continue;
    if (uint64_t{ea} - e.effective_base < e.size && ea >= e.effective_base) return &e;
  }
  return nullptr;
}

Translation ShadowTlb::translate(uint32_t ea, Access access, uint32_t /*machine_msr*/) {
  const bool ts = access == Access::kExecute ? context_.instruction_ts : context_.data_ts;
  const ShadowEntry* e = find(ea, ts);
  if (e == nullptr) return Translation::Miss();
  const uint64_t page_offset = (ea - e->effective_base) & ~uint64_t{memory::kPageMask};
  Translation t = Translation::Ok(e->physical_base + page_offset, e->readable, e->writable,
                                  e->executable);
  if (!(access == Access::kRead ? e->readable
        : access == Access::kWrite ? e->writable
                                   : e->executable)) {
    t.status = Translation::Status::kStorage;
  }
  t.little_endian = e->little_endian;
  t.cacheable = e->cacheable;
  return t;
}

void ShadowTlb::insert(const ShadowEntry& entry) {
  // An entry for the same context and range would be a multiple hit on a
  // real 440: replace it in place instead of adding a second one.
  uint32_t slot = kEntries;
  for (uint32_t i = 0; i < kEntries; ++i) {
    const ShadowEntry& e = entries_[i];
    if (e.valid && e.user == entry.user && e.ts == entry.ts && e.tid == entry.tid &&
        e.effective_base < entry.effective_base + entry.size &&
        entry.effective_base < e.effective_base + e.size) {
      slot = i;
      break;
    }
  }
  if (slot == kEntries) {
    for (uint32_t i = 0; i < kEntries; ++i) {
      if (!entries_[i].valid) {
        slot = i;
        break;
      }
    }
  }
  if (slot == kEntries) {
    // Round robin, passing over large entries (16 MiB and up: a kernel's
    // linear map) as Linux's own 44x miss handler passes over its bolted
    // entries: they map everything the kernel touches, and dropping one
    // makes the core forget all it has cached.
    const uint32_t replaceable = pinned_.valid ? kEntries - 1 : kEntries;
    slot = next_victim_ % replaceable;
    for (uint32_t tries = 0; tries < replaceable && entries_[slot].size >= kBoltedSize; ++tries) {
      slot = (slot + 1) % replaceable;
    }
    next_victim_ = (slot + 1) % replaceable;
  }
  if (entries_[slot].valid) {
    ++replacements_;
    note_dropped(entries_[slot]);
  }
  entries_[slot] = entry;
  entries_[slot].valid = true;
}

void ShadowTlb::pin(const ShadowEntry& entry) {
  pinned_ = entry;
  pinned_.valid = true;
  // The hardware entry it takes is the last one.
  if (entries_[kEntries - 1].valid) {
    entries_[kEntries - 1].valid = false;
  }
  note_all_dropped();
}

void ShadowTlb::invalidate_guest_entry(uint32_t guest_index) {
  for (ShadowEntry& e : entries_) {
    if (e.valid && e.guest_index == guest_index) {
      note_dropped(e);
      e.valid = false;
    }
  }
}

void ShadowTlb::invalidate_range(uint32_t base, uint64_t size) {
  for (ShadowEntry& e : entries_) {
    if (e.valid && e.effective_base < uint64_t{base} + size && base < e.effective_base + e.size) {
      note_dropped(e);
      e.valid = false;
    }
  }
}

void ShadowTlb::invalidate_context(uint8_t tid) {
  for (ShadowEntry& e : entries_) {
    if (e.valid && e.tid == tid) {
      note_dropped(e);
      e.valid = false;
    }
  }
}

void ShadowTlb::invalidate_all() {
  for (ShadowEntry& e : entries_) e.valid = false;
  note_all_dropped();
}

void ShadowTlb::note_dropped(const ShadowEntry& entry) {
  // Large entries (the kernel's linear map) cover too many pages to forget
  // one by one; they are rarely dropped.
  constexpr uint64_t kLargestRange = uint64_t{256} << 10;
  if (pending_.all || pending_.count == pending_.ranges.size() || entry.size > kLargestRange) {
    pending_.all = true;
    return;
  }
  pending_.ranges[pending_.count++] = {entry.effective_base, entry.size, entry.executable};
}

}  // namespace pvppc::mmu
