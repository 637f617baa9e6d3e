// The address space of one emulated Linux user process: guest physical ==
// effective address over a 4 GiB host reservation, with a permission byte per
// 4 KiB page. It is the AddressTranslator pvppc_user plugs into the core:
// unmapped pages answer a TLB miss, forbidden accesses a storage fault, and
// the runner turns either into SIGSEGV.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/memory/address_translator.h"
#include "hypervisor/memory/guest_memory.h"

namespace pvppc::user {

namespace prot {
inline constexpr uint8_t kRead = 1;
inline constexpr uint8_t kWrite = 2;
inline constexpr uint8_t kExec = 4;
inline constexpr uint8_t kMapped = 8;  // mapped, possibly with no access (PROT_NONE)
}  // namespace prot

class AddressSpace final : public memory::AddressTranslator {
 public:
  static constexpr uint64_t kSize = uint64_t{1} << 32;
  static constexpr uint32_t kPages = static_cast<uint32_t>(kSize >> memory::kPageShift);

  [[nodiscard]] static Result<std::unique_ptr<AddressSpace>> Create();
  ~AddressSpace() override;

  memory::GuestMemory& memory() { return *memory_; }

  // Called whenever a mapping or permission changes, so the core can drop
  // cached translations.
  void set_change_listener(std::function<void()> listener) { on_change_ = std::move(listener); }

  memory::Translation translate(uint32_t ea, memory::Access access, uint32_t msr) override;

  // Page-granular operations; `start` and `length` are page aligned.
  void map(uint32_t start, uint64_t length, uint8_t protection);
  void unmap(uint32_t start, uint64_t length);  // also zeroes the pages
  [[nodiscard]] bool protect(uint32_t start, uint64_t length, uint8_t protection);
  void unmap_all();
  bool is_mapped(uint32_t start, uint64_t length) const;
  // Highest free range of `length` bytes below `below`, if any.
  std::optional<uint32_t> find_free(uint64_t length, uint32_t below) const;

  // Checked copies between guest and host for the syscall layer: they honour
  // the page permissions a user access would need (EFAULT otherwise).
  [[nodiscard]] bool copy_in(uint32_t guest, std::span<std::byte> out) const;
  [[nodiscard]] bool copy_out(uint32_t guest, std::span<const std::byte> in);
  [[nodiscard]] bool read_u32(uint32_t guest, uint32_t& value) const;
  [[nodiscard]] bool write_u32(uint32_t guest, uint32_t value);
  [[nodiscard]] bool read_string(uint32_t guest, std::string& out, size_t max = 4096) const;
  // Host pointer for `length` bytes at `guest` if all pages allow `need`.
  std::byte* host_range(uint32_t guest, uint64_t length, uint8_t need);

 private:
  AddressSpace(std::byte* base);
  bool pages_allow(uint32_t start, uint64_t length, uint8_t need) const;
  void changed() {
    if (on_change_) on_change_();
  }

  std::byte* base_;
  std::unique_ptr<memory::GuestMemory> memory_;
  std::vector<uint8_t> pages_ = std::vector<uint8_t>(kPages, 0);
  std::function<void()> on_change_;
};

}  // namespace pvppc::user
