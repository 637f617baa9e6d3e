#include "hypervisor/mmu/guest_tlb_entry.h"

namespace pvppc::mmu {

namespace {

// Mask of the address bits above the page offset for a page of 2^shift bytes.
// shift is 10..28, so the shift never reaches 32.
constexpr uint32_t page_number_mask(uint32_t shift) { return ~((1u << shift) - 1); }

}  // namespace

bool PagePermissions::allows(memory::Access access, bool problem_state) const {
  switch (access) {
    case memory::Access::kRead:
      return problem_state ? user_read : supervisor_read;
    case memory::Access::kWrite:
      return problem_state ? user_write : supervisor_write;
    case memory::Access::kExecute:
      return problem_state ? user_execute : supervisor_execute;
  }
  return false;
}

std::optional<EffectiveRange> TlbEntry::effective_range() const {
  if (!valid()) return std::nullopt;
  const std::optional<uint32_t> shift = page_shift();
  if (!shift) return std::nullopt;
  return EffectiveRange{word0 & tlb0::kEpnMask & page_number_mask(*shift), 1u << *shift};
}

bool TlbEntry::matches(uint32_t ea, uint32_t pid, bool address_space) const {
  if (!valid() || ts() != address_space) return false;
  if (tid != 0 && tid != (pid & 0xff)) return false;
  const std::optional<uint32_t> shift = page_shift();
  if (!shift) return false;
  // EPN bits below the page size are ignored (Table 5-2): software is told to
  // clear them but nothing forces it to.
  const uint32_t mask = page_number_mask(*shift);
  return ((word0 ^ ea) & tlb0::kEpnMask & mask) == 0;
}

uint64_t TlbEntry::real_address(uint32_t ea) const {
  const uint32_t mask = page_number_mask(page_shift().value_or(10));
  const uint32_t low = (word1 & tlb1::kRpnMask & mask) | (ea & ~mask);
  return (uint64_t{erpn()} << 32) | low;
}

PagePermissions TlbEntry::permissions() const {
  PagePermissions p;
  p.user_read = (word2 & tlb2::kUR) != 0;
  p.user_write = (word2 & tlb2::kUW) != 0;
  p.user_execute = (word2 & tlb2::kUX) != 0;
  p.supervisor_read = (word2 & tlb2::kSR) != 0;
  p.supervisor_write = (word2 & tlb2::kSW) != 0;
  p.supervisor_execute = (word2 & tlb2::kSX) != 0;
  return p;
}

StorageAttributes TlbEntry::attributes() const {
  StorageAttributes a;
  a.write_through = (word2 & tlb2::kW) != 0;
  a.caching_inhibited = (word2 & tlb2::kI) != 0;
  a.memory_coherence = (word2 & tlb2::kM) != 0;
  a.guarded = (word2 & tlb2::kG) != 0;
  a.little_endian = (word2 & tlb2::kE) != 0;
  // U0..U3 are word 2 bits 16..19, i.e. the nibble above W.
  a.user_defined = static_cast<uint8_t>((word2 >> (31 - 19)) & 0xf);
  return a;
}

}  // namespace pvppc::mmu
