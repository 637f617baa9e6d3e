#include "hypervisor/cpu/core.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include "hypervisor/cpu/decoder.h"
#include "hypervisor/cpu/opcode_entry.h"

namespace pvppc::cpu {

using memory::Access;
using memory::kPageMask;
using memory::kPageSize;
using memory::Translation;

Core::Core(CpuState& state, memory::AddressTranslator& translator, memory::GuestMemory& memory,
           TimeBase& time_base, CoreOptions options)
    : state_(state),
      translator_(translator),
      memory_(memory),
      time_base_(time_base),
      options_(options) {
  memory_.add_observer(this);
}

Core::~Core() { memory_.remove_observer(this); }

Exit Core::run(uint64_t max_instructions) {
  exit_ = Exit{};
  const uint64_t limit = instructions_executed_ + max_instructions;
  Block* previous = nullptr;
  for (;;) {
    if (blocks_.release_retired()) previous = nullptr;
    if (stop_requested_.load(std::memory_order_relaxed)) {
      stop_requested_.store(false, std::memory_order_relaxed);
      return Exit{ExitReason::kStopRequested, state_.pc};
    }
    if (instructions_executed_ >= limit) return Exit{ExitReason::kInstructionBudget, state_.pc};

    // Follow the link from the previous block when it still holds; it spares
    // the translation and the jump-cache lookup on loops and straight paths.
    const uint32_t pc = state_.pc;
    const uint64_t key = translation_key_;
    const uint64_t generation = blocks_.generation();
    Block* block;
    if (previous != nullptr && previous->chain_pc == pc && previous->chain_key == key &&
        previous->chain_generation == generation) {
      block = previous->chain;
    } else {
      block = find_block(pc);
      if (block == nullptr) return exit_;  // the fetch faulted
      if (previous != nullptr) {
        previous->chain = block;
        previous->chain_pc = pc;
        previous->chain_key = key;
        previous->chain_generation = generation;
      }
    }

    // The ops run each other (threaded dispatch) until one stops: a branch
    // (the last instruction), the end-of-block op, or an exit.
    const DecodedOp* const begin = block->ops.data();
    begin->handler(*this, *begin);
    if (exit_.reason == ExitReason::kNone) [[likely]] {
      instructions_executed_ += block->ops.size() - 1;  // less the end-of-block op
    } else {
      // sc completed; a faulting instruction did not.
      const uint64_t index = (exit_.pc - block->start_pc) / 4;
      instructions_executed_ += index + (exit_.reason == ExitReason::kSystemCall ? 1 : 0);
    }
    previous = block;
    if (pending_icbi_) {
      pending_icbi_ = false;
      blocks_.invalidate_range(pending_icbi_paddr_, 32);
      previous = nullptr;  // it may be among the dropped blocks
    }
    if (exit_.reason != ExitReason::kNone) return exit_;
  }
}

void Core::flush_translations() {
  for (SoftTlb* tlb : {&read_tlb_, &write_tlb_, &fetch_tlb_}) {
    for (SoftTlbEntry& e : *tlb) e.tag = kInvalidTag;
  }
  forget_code_links();
}

void Core::forget_code_links() {
  ++epoch_;  // jump-cache entries of the old mappings are stale now
  translation_key_ = (epoch_ << 12) | context_;
}

void Core::invalidate_translations(uint32_t base, uint64_t size, bool code) {
  if (size >= uint64_t{kSoftTlbEntries} << memory::kPageShift) {
    flush_translations();
    return;
  }
  const uint64_t end = uint64_t{base} + size;
  for (uint64_t page = base & ~uint64_t{memory::kPageSize - 1}; page < end;
       page += memory::kPageSize) {
    const uint32_t slot = static_cast<uint32_t>(page >> memory::kPageShift) & (kSoftTlbEntries - 1);
    for (SoftTlb* tlb : {&read_tlb_, &write_tlb_, &fetch_tlb_}) {
      SoftTlbEntry& e = (*tlb)[slot];
      if ((e.tag & ~kInvalidTag) == page) e.tag = kInvalidTag;
    }
  }
  if (code) forget_code_links();
}

bool Core::raise(ExitReason reason, const DecodedOp& op, uint32_t esr, uint32_t dear) {
  exit_ = Exit{reason, op.pc, op.insn.word, dear, esr};
  state_.pc = op.pc;
  return false;
}

bool Core::system_call(const DecodedOp& op) {
  exit_ = Exit{ExitReason::kSystemCall, op.pc, op.insn.word, 0, 0};
  state_.pc = op.pc + 4;
  return false;
}

bool Core::translate_page(uint32_t ea, Access access, const DecodedOp* op, PageAccess& page) {
  const bool fetch = access == Access::kExecute;
  const uint32_t store_bit = access == Access::kWrite ? esr::kST : 0;
  auto fault = [&](ExitReason reason, uint32_t esr_bits) {
    if (fetch) {
      exit_ = Exit{reason, ea, 0, 0, esr_bits};
      state_.pc = ea;
      return false;
    }
    return raise(reason, *op, esr_bits, ea);
  };

  const Translation t = translator_.translate(ea, access, state_.msr);
  if (t.status == Translation::Status::kTlbMiss) {
    return fault(fetch ? ExitReason::kInstructionTlbMiss : ExitReason::kDataTlbMiss, store_bit);
  }
  const bool permitted = t.status == Translation::Status::kOk &&
                         (access == Access::kRead    ? t.readable
                          : access == Access::kWrite ? t.writable
                                                     : t.executable);
  if (!permitted) {
    return fault(fetch ? ExitReason::kInstructionStorage : ExitReason::kDataStorage, store_bit);
  }
  std::byte* host = memory_.host_pointer(t.page_paddr, kPageSize);
  if (host == nullptr) return fault(ExitReason::kMachineCheck, 0);

  page.entry = SoftTlbEntry{tag_of(ea), host, t.page_paddr};
  page.little_endian = t.little_endian;
  page.cache_inhibited = !t.cacheable;
  // Fast paths assume big-endian, cacheable RAM; other pages take the slow
  // path on every access.
  if (!t.little_endian && t.cacheable) tlb_for(access)[tlb_index(ea)] = page.entry;
  return true;
}

bool Core::access_slow(uint32_t ea, void* data, uint32_t size, Access access, bool reversed,
                       const DecodedOp& op) {
  if (options_.integer_alignment_check && (ea & (size - 1)) != 0) {
    return raise(ExitReason::kAlignment, op, access == Access::kWrite ? esr::kST : 0, ea);
  }
  // Translate every page the access touches before moving any byte, so that
  // a fault on the second page leaves memory unchanged.
  const uint32_t first_part = std::min<uint32_t>(size, kPageSize - (ea & kPageMask));
  PageAccess pages[2];
  if (!translate_page(ea, access, &op, pages[0])) return false;
  if (first_part < size && !translate_page(ea + first_part, access, &op, pages[1])) return false;

  std::byte* bytes[8];
  for (uint32_t i = 0; i < size; ++i) {
    const uint32_t address = ea + i;
    const PageAccess& page = pages[i < first_part ? 0 : 1];
    bytes[i] = page.entry.host_page + (address & kPageMask);
  }
  // A little-endian page reverses the byte order of the access (Book E,
  // "Byte Ordering"); a byte-reversed instruction reverses it once more.
  const bool little = reversed != pages[0].little_endian;
  if (access == Access::kRead) {
    uint64_t value = 0;
    for (uint32_t i = 0; i < size; ++i) {
      const uint32_t k = little ? size - 1 - i : i;
      value = (value << 8) | static_cast<uint8_t>(*bytes[k]);
    }
    switch (size) {
      case 1: *static_cast<uint8_t*>(data) = static_cast<uint8_t>(value); break;
      case 2: *static_cast<uint16_t*>(data) = static_cast<uint16_t>(value); break;
      case 4: *static_cast<uint32_t*>(data) = static_cast<uint32_t>(value); break;
      default: *static_cast<uint64_t*>(data) = value; break;
    }
  } else {
    uint64_t value;
    switch (size) {
      case 1: value = *static_cast<const uint8_t*>(data); break;
      case 2: value = *static_cast<const uint16_t*>(data); break;
      case 4: value = *static_cast<const uint32_t*>(data); break;
      default: value = *static_cast<const uint64_t*>(data); break;
    }
    for (uint32_t i = 0; i < size; ++i) {
      const uint32_t k = little ? i : size - 1 - i;
      *bytes[k] = static_cast<std::byte>(value >> (8 * i));
    }
  }
  return true;
}

bool Core::probe(uint32_t ea, Access access, const DecodedOp& op, uint64_t& paddr) {
  const SoftTlbEntry& e = tlb_for(access)[tlb_index(ea)];
  if (tag_of(ea) == e.tag) {
    paddr = e.page_paddr + (ea & kPageMask);
    return true;
  }
  PageAccess page;
  if (!translate_page(ea, access, &op, page)) return false;
  paddr = page.entry.page_paddr + (ea & kPageMask);
  return true;
}

bool Core::zero_cache_line(uint32_t ea, const DecodedOp& op) {
  constexpr uint32_t kLineSize = 32;  // PPC440x5 data cache line
  const uint32_t line = ea & ~(kLineSize - 1);
  const SoftTlbEntry* e = &write_tlb_[tlb_index(line)];
  PageAccess page;
  if (tag_of(line) != e->tag) {
    if (!translate_page(line, Access::kWrite, &op, page)) return false;
    // dcbz to caching-inhibited storage takes an Alignment exception
    // (PPC440x5 UM, "Alignment Interrupt").
    if (page.cache_inhibited) return raise(ExitReason::kAlignment, op, esr::kST, ea);
    e = &page.entry;
  }
  std::memset(e->host_page + (line & kPageMask), 0, kLineSize);
  return true;
}

bool Core::invalidate_instruction_line(uint32_t ea, const DecodedOp& op) {
  uint64_t paddr;
  if (!probe(ea, Access::kRead, op, paddr)) return false;
  pending_icbi_ = true;
  pending_icbi_paddr_ = paddr & ~uint64_t{31};
  return true;
}

Block* Core::find_block(uint32_t pc) {
  if (Block* fast = blocks_.lookup_fast(pc, translation_key_)) return fast;

  const SoftTlbEntry* e = &fetch_tlb_[tlb_index(pc)];
  PageAccess page;
  if (tag_of(pc) != e->tag) {
    if (!translate_page(pc, Access::kExecute, nullptr, page)) return nullptr;
    e = &page.entry;
  }
  const uint64_t paddr = e->page_paddr + (pc & kPageMask);
  Block* block = blocks_.find(paddr, pc);
  if (block == nullptr) block = decode_block(pc, paddr, e->host_page, page.little_endian);
  blocks_.remember(block, translation_key_);
  return block;
}

Block* Core::decode_block(uint32_t pc, uint64_t paddr, const std::byte* host_page,
                          bool little_endian) {
  auto block = std::make_unique<Block>();
  block->start_pc = pc;
  block->start_paddr = paddr;
  uint32_t address = pc;
  do {
    uint32_t word;
    std::memcpy(&word, host_page + (address & kPageMask), 4);
    if (!little_endian) word = __builtin_bswap32(word);
    const isa::Instruction insn(word);
    const DecodedInstruction decoded = Decode(insn);
    block->ops.push_back(DecodedOp{decoded.handler, insn, address, decoded.aux});
    address += 4;
    if (decoded.flags & opflag::kEndsBlock) break;
  } while ((address & kPageMask) != 0 && block->ops.size() < BlockCache::kMaxBlockOps);
  block->ops.push_back(DecodedOp{EndOfBlockHandler(), isa::Instruction(0), address});
  return blocks_.insert(std::move(block));
}

void Core::on_host_write(uint64_t paddr, uint64_t length) { blocks_.invalidate_range(paddr, length); }

}  // namespace pvppc::cpu
