// One PPC440 core running guest code in hardware user mode.
//
// run() executes decoded blocks until something a real 440 would trap on
// happens, and returns that exit. Guest memory is reached only through the
// AddressTranslator (cached per page in a software TLB) and GuestMemory.
// Architected exceptions are CPU state (Exit + CpuState), never C++ exceptions.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>

#include "hypervisor/cpu/block_cache.h"
#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/cpu/exit.h"
#include "hypervisor/cpu/time_base.h"
#include "hypervisor/memory/address_translator.h"
#include "hypervisor/memory/guest_memory.h"

namespace pvppc::cpu {

struct CoreOptions {
  // CCR0[FLSTA]: force integer loads/stores to be operand-aligned.
  bool integer_alignment_check = false;
  // FP loads/stores that cross a 16-byte boundary take an Alignment exception
  // on the 440 (PPC440x5 UM, "Alignment Interrupt"). Linux fixes such accesses
  // up in its handler; pvppc_user turns the check off to the same effect.
  bool fp_quadword_alignment_check = true;
};

class Core final : private memory::CodeWriteObserver {
 public:
  Core(CpuState& state, memory::AddressTranslator& translator, memory::GuestMemory& memory,
       TimeBase& time_base, CoreOptions options = {});
  ~Core() override;
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // Runs guest code from state().pc until an exit or until about
  // `max_instructions` have run (block granularity).
  Exit run(uint64_t max_instructions);

  // Thread-safe: makes run() return kStopRequested at the next block boundary.
  void request_stop() { stop_requested_.store(true, std::memory_order_relaxed); }

  // Forget every cached translation, in every context (after a TLB entry
  // the core may have cached translations from changed).
  void flush_translations();
  // Forgets the cached translations of [base, base + size) in every context;
  // with `code`, also the links from addresses to decoded code (the range
  // was executable).
  void invalidate_translations(uint32_t base, uint64_t size, bool code);

  // Which translation context the following accesses are made in (for the
  // hypervisor: the shadow TLB's context — guest PR, IS, DS, PID). Cached
  // translations are tagged with it, so switching contexts (every guest
  // system call and interrupt) keeps them instead of flushing.
  static constexpr uint32_t kMaxContexts = 4095;  // 0xFFF tags invalid entries
  void set_translation_context(uint32_t context) {
    context_ = context & 0xFFF;
    translation_key_ = (epoch_ << 12) | context_;
  }

  // Drops decoded code overlapping guest physical [paddr, paddr + length).
  void invalidate_code(uint64_t paddr, uint64_t length) { blocks_.invalidate_range(paddr, length); }

  CpuState& state() { return state_; }
  const CpuState& state() const { return state_; }
  uint64_t instructions_executed() const { return instructions_executed_; }
  const CoreOptions& options() const { return options_; }
  BlockCache& block_cache() { return blocks_; }

  // ---- Interface for instruction handlers --------------------------------
  // Loads and stores of big-endian guest data. On a fault they record the
  // exit, point state().pc at the instruction, and return false; the handler
  // then returns false too.
  template <typename T>
  [[nodiscard]] bool load(uint32_t ea, T& value, const DecodedOp& op);
  template <typename T>
  [[nodiscard]] bool store(uint32_t ea, T value, const DecodedOp& op);
  // FP loads and stores: as above, plus the 440's Alignment exception for an
  // operand that crosses a 16-byte boundary.
  template <typename T>
  [[nodiscard]] bool load_fp(uint32_t ea, T& value, const DecodedOp& op) {
    if (crosses_quadword(ea, sizeof(T))) return raise(ExitReason::kAlignment, op, 0, ea);
    return load(ea, value, op);
  }
  template <typename T>
  [[nodiscard]] bool store_fp(uint32_t ea, T value, const DecodedOp& op) {
    if (crosses_quadword(ea, sizeof(T))) return raise(ExitReason::kAlignment, op, esr::kST, ea);
    return store(ea, value, op);
  }
  // Byte-reversed (lhbrx, lwbrx, sthbrx, stwbrx).
  template <typename T>
  [[nodiscard]] bool load_reversed(uint32_t ea, T& value, const DecodedOp& op);
  template <typename T>
  [[nodiscard]] bool store_reversed(uint32_t ea, T value, const DecodedOp& op);

  // Translates `ea` for a cache-management instruction (dcbst, dcbf, icbi)
  // and returns its physical address; false when it faulted.
  [[nodiscard]] bool probe(uint32_t ea, memory::Access access, const DecodedOp& op,
                           uint64_t& paddr);
  // dcbz: zero the 32-byte line holding ea.
  [[nodiscard]] bool zero_cache_line(uint32_t ea, const DecodedOp& op);
  // icbi: the line's decoded code is dropped when the block ends.
  [[nodiscard]] bool invalidate_instruction_line(uint32_t ea, const DecodedOp& op);

  // Records an exit caused by `op` (state().pc = op.pc) and returns false.
  bool raise(ExitReason reason, const DecodedOp& op, uint32_t esr = 0, uint32_t dear = 0);
  bool raise_program(const DecodedOp& op, uint32_t esr) {
    return raise(ExitReason::kProgram, op, esr);
  }
  // sc: completes, SRR0 = next instruction.
  bool system_call(const DecodedOp& op);

  uint64_t read_time_base() { return time_base_.read(); }

 private:
  static constexpr uint32_t kSoftTlbEntries = 1024;
  // Tags are page address | context; context 0xFFF is never set.
  static constexpr uint32_t kInvalidTag = 0xFFF;

  struct SoftTlbEntry {
    uint32_t tag = kInvalidTag;   // page effective address
    std::byte* host_page = nullptr;
    uint64_t page_paddr = 0;
  };
  using SoftTlb = std::array<SoftTlbEntry, kSoftTlbEntries>;

  bool crosses_quadword(uint32_t ea, uint32_t size) const {
    return options_.fp_quadword_alignment_check && ((ea & 15) + size) > 16;
  }
  uint32_t tag_of(uint32_t ea) const { return (ea & ~memory::kPageMask) | context_; }
  static uint32_t tlb_index(uint32_t ea) {
    return (ea >> memory::kPageShift) & (kSoftTlbEntries - 1);
  }

  // Translates ea's page for `access` into `entry`, or records the fault and
  // returns false. `op` is null for instruction fetches. Pages the fast paths
  // must not see (little-endian, cache-inhibited) are not installed in the
  // software TLB; `page` says which they are.
  struct PageAccess {
    SoftTlbEntry entry;
    bool little_endian = false;
    bool cache_inhibited = false;
  };
  // Jump-cache entries and block links made under older translations stop
  // matching (a new epoch in translation_key_).
  void forget_code_links();
  bool translate_page(uint32_t ea, memory::Access access, const DecodedOp* op, PageAccess& page);
  SoftTlb& tlb_for(memory::Access access) {
    return access == memory::Access::kRead ? read_tlb_
           : access == memory::Access::kWrite ? write_tlb_
                                              : fetch_tlb_;
  }
  Block* decode_block(uint32_t pc, uint64_t paddr, const std::byte* host_page, bool little_endian);
  bool access_slow(uint32_t ea, void* data, uint32_t size, memory::Access access, bool reversed,
                   const DecodedOp& op);
  Block* find_block(uint32_t pc);
  void on_host_write(uint64_t paddr, uint64_t length) override;

  CpuState& state_;
  memory::AddressTranslator& translator_;
  memory::GuestMemory& memory_;
  TimeBase& time_base_;
  CoreOptions options_;
  BlockCache blocks_;
  SoftTlb read_tlb_;
  SoftTlb write_tlb_;
  SoftTlb fetch_tlb_;
  Exit exit_;
  std::atomic<bool> stop_requested_{false};
  uint64_t instructions_executed_ = 0;
  uint64_t epoch_ = 1;
  uint32_t context_ = 0;
  uint64_t translation_key_ = uint64_t{1} << 12;  // epoch_ and context_: what jump-cache entries are valid for
  bool pending_icbi_ = false;
  uint64_t pending_icbi_paddr_ = 0;
};

// ---- Inline fast paths ------------------------------------------------------

namespace detail {
template <typename T>
inline T FromBigEndian(T raw) {
  if constexpr (sizeof(T) == 1) {
    return raw;
  } else if constexpr (sizeof(T) == 2) {
    return static_cast<T>(__builtin_bswap16(raw));
  } else if constexpr (sizeof(T) == 4) {
    return static_cast<T>(__builtin_bswap32(raw));
  } else {
    return static_cast<T>(__builtin_bswap64(raw));
  }
}
}  // namespace detail

template <typename T>
inline bool Core::load(uint32_t ea, T& value, const DecodedOp& op) {
  const SoftTlbEntry& e = read_tlb_[tlb_index(ea)];
  if (tag_of(ea) == e.tag && (ea & memory::kPageMask) <= memory::kPageSize - sizeof(T) &&
      (!options_.integer_alignment_check || (ea & (sizeof(T) - 1)) == 0)) {
    T raw;
    std::memcpy(&raw, e.host_page + (ea & memory::kPageMask), sizeof(T));
    value = detail::FromBigEndian(raw);
    return true;
  }
  return access_slow(ea, &value, sizeof(T), memory::Access::kRead, false, op);
}

template <typename T>
inline bool Core::store(uint32_t ea, T value, const DecodedOp& op) {
  const SoftTlbEntry& e = write_tlb_[tlb_index(ea)];
  if (tag_of(ea) == e.tag && (ea & memory::kPageMask) <= memory::kPageSize - sizeof(T) &&
      (!options_.integer_alignment_check || (ea & (sizeof(T) - 1)) == 0)) {
    const T raw = detail::FromBigEndian(value);
    std::memcpy(e.host_page + (ea & memory::kPageMask), &raw, sizeof(T));
    return true;
  }
  return access_slow(ea, &value, sizeof(T), memory::Access::kWrite, false, op);
}

template <typename T>
inline bool Core::load_reversed(uint32_t ea, T& value, const DecodedOp& op) {
  return access_slow(ea, &value, sizeof(T), memory::Access::kRead, true, op);
}

template <typename T>
inline bool Core::store_reversed(uint32_t ea, T value, const DecodedOp& op) {
  return access_slow(ea, &value, sizeof(T), memory::Access::kWrite, true, op);
}

}  // namespace pvppc::cpu
