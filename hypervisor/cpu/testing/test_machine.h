// A small machine for unit tests: flat RAM mapped 1:1 at address 0 with every
// permission, a fixed time base, and helpers to place instruction words and
// run them until the core exits.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <set>
#include <vector>

#include "hypervisor/cpu/core.h"
#include "hypervisor/memory/address_translator.h"
#include "hypervisor/memory/guest_memory.h"

namespace pvppc::cpu::testing {

class IdentityTranslator final : public memory::AddressTranslator {
 public:
  explicit IdentityTranslator(uint64_t ram_size) : ram_size_(ram_size) {}
  memory::Translation translate(uint32_t ea, memory::Access access, uint32_t) override {
    const uint32_t page = ea & ~memory::kPageMask;
    if (page >= ram_size_ || unmapped_.count(page)) return memory::Translation::Miss();
    memory::Translation t = memory::Translation::Ok(page, true, !read_only_.count(page), true);
    t.cacheable = !cache_inhibited_.count(page);
    t.little_endian = little_endian_.count(page) != 0;
    if (access == memory::Access::kWrite && read_only_.count(page)) {
      t.status = memory::Translation::Status::kStorage;
    }
    return t;
  }
  std::set<uint32_t> unmapped_;
  std::set<uint32_t> read_only_;
  std::set<uint32_t> cache_inhibited_;
  std::set<uint32_t> little_endian_;

 private:
  uint64_t ram_size_;
};

class FixedTimeBase final : public TimeBase {
 public:
  uint64_t read() override { return value; }
  uint64_t value = 0x0000000123456789ull;
};

class TestMachine {
 public:
  static constexpr uint32_t kCodeBase = 0x1000;

  explicit TestMachine(uint32_t ram_bytes = 1u << 20, CoreOptions options = {})
      : ram_(ram_bytes),
        memory_(std::span<std::byte>(ram_.data(), ram_.size())),
        translator_(ram_bytes),
        core_(state_, translator_, memory_, time_base_, options) {}

  // Writes `words` at `address` (through GuestMemory, so decoded code there
  // is dropped) and points the pc at them.
  void load_code(std::initializer_list<uint32_t> words, uint32_t address = kCodeBase) {
    uint32_t a = address;
    for (uint32_t w : words) {
      (void)memory_.write_be32(a, w);
      a += 4;
    }
    state_.pc = address;
  }

  // Runs until the core exits; code usually ends with sc.
  Exit run(uint64_t max_instructions = 1'000'000) { return core_.run(max_instructions); }

  uint32_t read32(uint32_t address) const {
    uint32_t v = 0;
    (void)memory_.read_be32(address, v);
    return v;
  }
  void write32(uint32_t address, uint32_t value) { (void)memory_.write_be32(address, value); }
  uint8_t read8(uint32_t address) const { return static_cast<uint8_t>(ram_[address]); }

  CpuState& state() { return state_; }
  Core& core() { return core_; }
  memory::GuestMemory& memory() { return memory_; }
  IdentityTranslator& translator() { return translator_; }
  FixedTimeBase& time_base() { return time_base_; }

 private:
  std::vector<std::byte> ram_;
  memory::GuestMemory memory_;
  IdentityTranslator translator_;
  FixedTimeBase time_base_;
  CpuState state_;
  Core core_;
};

}  // namespace pvppc::cpu::testing
