#include "hypervisor/cpu/block_cache.h"

#include <algorithm>

#include "hypervisor/memory/address_translator.h"

namespace pvppc::cpu {

Block* BlockCache::find(uint64_t paddr, uint32_t pc) const {
  auto it = blocks_.find(Key{paddr, pc});
  return it == blocks_.end() ? nullptr : it->second.get();
}

Block* BlockCache::insert(std::unique_ptr<Block> block) {
  Block* raw = block.get();
  blocks_by_page_[raw->start_paddr >> memory::kPageShift].push_back(raw);
  blocks_[Key{raw->start_paddr, raw->start_pc}] = std::move(block);
  ++blocks_decoded_;
  return raw;
}

void BlockCache::retire(Block* block) {
  Block*& slot = jump_cache_[jump_index(block->start_pc)];
  if (slot == block) slot = nullptr;
  auto it = blocks_.find(Key{block->start_paddr, block->start_pc});
  if (it != blocks_.end()) {
    retired_.push_back(std::move(it->second));
    blocks_.erase(it);
  }
  ++blocks_invalidated_;
}

void BlockCache::invalidate_range(uint64_t paddr, uint64_t length) {
  if (blocks_by_page_.empty() || length == 0) return;
  const uint64_t first = paddr >> memory::kPageShift;
  const uint64_t last = (paddr + length - 1) >> memory::kPageShift;
  if (last - first >= blocks_by_page_.size()) {
    // A large write: walk the pages that hold code instead of the range.
    for (auto it = blocks_by_page_.begin(); it != blocks_by_page_.end();) {
      if (it->first >= first && it->first <= last) {
        for (Block* b : it->second) retire(b);
        it = blocks_by_page_.erase(it);
      } else {
        ++it;
      }
    }
    return;
  }
  for (uint64_t page = first; page <= last; ++page) {
    auto it = blocks_by_page_.find(page);
    if (it == blocks_by_page_.end()) continue;
    for (Block* b : it->second) retire(b);
    blocks_by_page_.erase(it);
  }
}

void BlockCache::invalidate_all() {
  for (auto& [key, block] : blocks_) {
    retired_.push_back(std::move(block));
    ++blocks_invalidated_;
  }
  blocks_.clear();
  blocks_by_page_.clear();
  std::fill(jump_cache_.begin(), jump_cache_.end(), nullptr);
}

}  // namespace pvppc::cpu
