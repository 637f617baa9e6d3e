#include "hypervisor/mmu/guest_tlb.h"

namespace pvppc::mmu {

TlbWriteResult GuestTlb::write(uint32_t ra, uint32_t ws, uint32_t rs, uint32_t mmucr) {
  TlbEntry& entry = entries_[ra & kIndexMask];
  TlbWriteResult result{false, entry};
  switch (ws) {
    case 0:
      // The TID travels through MMUCR[STID], not RS (5.2, 5.7.1).
      entry.word0 = rs & tlb0::kStored;
      entry.tid = static_cast<uint8_t>(mmucr & mmucr::kStidMask);
      break;
    case 1:
      entry.word1 = rs & tlb1::kStored;
      break;
    case 2:
      entry.word2 = rs & tlb2::kStored;
      break;
    default:
      return result;
  }
  // An entry that cannot match before or after (V = 0, or an unsupported SIZE)
  // has no shadow translations to lose; rewriting it field by field, as the
  // guest does before setting V, costs the shadow TLB nothing.
  const bool could_match = result.previous.can_match() || entry.can_match();
  result.changed = could_match && !(entry == result.previous);
  if (result.changed) ++generation_;
  return result;
}

uint32_t GuestTlb::read(uint32_t ra, uint32_t ws, uint32_t& mmucr) const {
  const TlbEntry& entry = entries_[ra & kIndexMask];
  switch (ws) {
    case 0:
      mmucr = (mmucr & ~mmucr::kStidMask) | entry.tid;
      return entry.word0;
    case 1:
      return entry.word1;
    case 2:
      return entry.word2;
    default:
      return 0;
  }
}

std::optional<uint32_t> GuestTlb::search(uint32_t ea, uint32_t mmucr) const {
  return find(ea, mmucr & mmucr::kStidMask, (mmucr & mmucr::kSts) != 0);
}

std::optional<TlbMatch> GuestTlb::translate(uint32_t ea, uint32_t pid, bool ts) const {
  const std::optional<uint32_t> index = find(ea, pid, ts);
  if (!index) return std::nullopt;
  const TlbEntry& entry = entries_[*index];
  TlbMatch match;
  match.index = *index;
  match.real_address = entry.real_address(ea);
  match.page_shift = *entry.page_shift();
  match.range = *entry.effective_range();
  match.permissions = entry.permissions();
  match.attributes = entry.attributes();
  return match;
}

std::optional<uint32_t> GuestTlb::find(uint32_t ea, uint32_t pid, bool ts) const {
  for (uint32_t i = 0; i < kEntries; ++i) {
    if (entries_[i].matches(ea, pid, ts)) return i;
  }
  return std::nullopt;
}

}  // namespace pvppc::mmu
