// Decoded-block cache: guest code is decoded once into runs of handlers.
//
// Blocks are keyed by guest physical address and effective address (the
// handlers know their own pc). A block never crosses a 4 KiB page, so one
// instruction-side translation covers it. Decoded code is dropped the way the
// architecture makes code changes visible: icbi (one page's blocks, a
// superset of the line) and host-side writes (loaders, DMA) reported through
// GuestMemory. Guest stores alone do not drop decoded code, as a 440's
// instruction cache is not coherent with its data cache either (Book E,
// "Instruction Cache Management"): software runs dcbst; sync; icbi; isync.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "hypervisor/isa/instruction.h"

namespace pvppc::cpu {

class Core;
struct DecodedOp;

// Runs one instruction. Returns true to go on with the next instruction of the
// block; false when it changed the pc (state().pc holds the target) or raised
// an exit.
using Handler = bool (*)(Core& core, const DecodedOp& op);

struct DecodedOp {
  Handler handler = nullptr;
  isa::Instruction insn;
  uint32_t pc = 0;
  uint32_t aux = 0;  // operand decoded ahead of time (the rotate mask of rlw*)
};

struct Block {
  uint32_t start_pc = 0;
  uint64_t start_paddr = 0;
  uint64_t epoch = 0;           // translation key (epoch, context) its jump-cache slot is valid for
  std::vector<DecodedOp> ops;   // the instructions, then one end-of-block op
  // The block that ran after this one last time, valid while chain_key and
  // chain_generation match the core's (same translation context, no flush
  // and no block dropped since).
  Block* chain = nullptr;
  uint32_t chain_pc = 0;
  uint64_t chain_key = 0;         // the core's translation key then
  uint64_t chain_generation = 0;  // and the block cache's generation
};

class BlockCache {
 public:
  static constexpr uint32_t kMaxBlockOps = 64;

  // Jump cache: pc -> block, valid while the translation epoch is unchanged.
  Block* lookup_fast(uint32_t pc, uint64_t epoch) const {
    Block* b = jump_cache_[jump_index(pc)];
    return (b != nullptr && b->start_pc == pc && b->epoch == epoch) ? b : nullptr;
  }

  Block* find(uint64_t paddr, uint32_t pc) const;
  Block* insert(std::unique_ptr<Block> block);
  // Makes `block` the jump-cache answer for its pc in `epoch`.
  void remember(Block* block, uint64_t epoch) {
    block->epoch = epoch;
    jump_cache_[jump_index(block->start_pc)] = block;
  }

  // Drops every block on the pages overlapping [paddr, paddr + length).
  void invalidate_range(uint64_t paddr, uint64_t length);
  void invalidate_all();
  // Frees blocks dropped while they might still have been running.
  // Returns whether any block was freed.
  bool release_retired() {
    if (retired_.empty()) return false;
    retired_.clear();
    return true;
  }
  // Changes whenever a block is dropped (so links to it are stale).
  uint64_t generation() const { return blocks_invalidated_; }

  size_t size() const { return blocks_.size(); }
  uint64_t blocks_decoded() const { return blocks_decoded_; }
  uint64_t blocks_invalidated() const { return blocks_invalidated_; }

 private:
  static constexpr uint32_t kJumpCacheEntries = 1u << 14;
  static uint32_t jump_index(uint32_t pc) { return (pc >> 2) & (kJumpCacheEntries - 1); }

  struct Key {
    uint64_t paddr;
    uint32_t pc;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<uint64_t>()(k.paddr * 0x9E3779B97F4A7C15ull ^ k.pc);
    }
  };

  void retire(Block* block);

  std::unordered_map<Key, std::unique_ptr<Block>, KeyHash> blocks_;
  std::unordered_map<uint64_t, std::vector<Block*>> blocks_by_page_;
  std::vector<Block*> jump_cache_ = std::vector<Block*>(kJumpCacheEntries, nullptr);
  std::vector<std::unique_ptr<Block>> retired_;
  uint64_t blocks_decoded_ = 0;
  uint64_t blocks_invalidated_ = 0;
};

}  // namespace pvppc::cpu
