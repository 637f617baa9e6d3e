// The address space of one Linux user process, as pvppc_user gives it to the
// core: guest physical address == effective address, over a private 4 GiB
// host reservation, with a permission byte per 4 KiB page.
//
// The reservation is anonymous, private and MAP_NORESERVE, so pages nobody
// touched cost nothing, and a host fork() turns the whole guest memory into
// copy-on-write for free (that is how guest fork works). Unmapped pages
// answer kTlbMiss and forbidden accesses kStorage, so the core exits and the
// runner can turn the exit into SIGSEGV as Linux would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/memory/address_translator.h"
#include "hypervisor/memory/guest_memory.h"

namespace pvppc::user {

// Page permissions, as PROT_* in a guest mmap.
namespace prot {
inline constexpr uint8_t kRead = 1;
inline constexpr uint8_t kWrite = 2;
inline constexpr uint8_t kExec = 4;
inline constexpr uint8_t kAll = kRead | kWrite | kExec;
}  // namespace prot

class FlatAddressSpace final : public memory::AddressTranslator {
 public:
  static constexpr uint64_t kSize = uint64_t{1} << 32;
  static constexpr uint32_t kPageCount = static_cast<uint32_t>(kSize >> memory::kPageShift);

  // Reserves the 4 GiB of host address space.
  [[nodiscard]] static Result<std::unique_ptr<FlatAddressSpace>> Create();
  ~FlatAddressSpace() override;
  FlatAddressSpace(const FlatAddressSpace&) = delete;
  FlatAddressSpace& operator=(const FlatAddressSpace&) = delete;

  memory::GuestMemory& memory() { return memory_; }
  const memory::GuestMemory& memory() const { return memory_; }

  // Called whenever a translation this space gave may have become wrong
  // (unmap, mprotect, mapping over existing pages). The runner passes a
  // lambda calling Core::flush_translations(), which keeps this class free of
  // any dependency on the core.
  void set_translation_flush(std::function<void()> flush) { flush_ = std::move(flush); }

  memory::Translation translate(uint32_t effective_address, memory::Access access,
                                uint32_t msr) override;

  // The mapping calls take any byte range inside the 4 GiB and act on every
  // page it touches. Ranges are [address, address + length) with length up
  // to 2^32 (the whole space); an empty range does nothing.
  //
  // Maps the pages with `permissions` (prot::*); their contents become zero,
  // including pages that were mapped before (as mmap MAP_FIXED does).
  void map(uint32_t address, uint64_t length, uint8_t permissions);
  // Forgets the pages and gives their memory back to the host (zeroed).
  void unmap(uint32_t address, uint64_t length);
  // Gives the contents of the mapped pages of the range back to the host
  // (they read as zero again) and keeps them mapped: madvise(DONTNEED).
  void zero(uint32_t address, uint64_t length);
  // Changes the permissions of mapped pages; returns false (changing
  // nothing) when a page of the range is not mapped, as mprotect's ENOMEM.
  [[nodiscard]] bool protect(uint32_t address, uint64_t length, uint8_t permissions);

  bool is_mapped(uint32_t address) const { return (pages_[page_of(address)] & kMapped) != 0; }
  // Permissions of the page holding `address` (0 when unmapped).
  uint8_t permissions(uint32_t address) const { return pages_[page_of(address)] & prot::kAll; }
  // True when every page of the range is mapped and allows `needed` (prot::*).
  bool range_allows(uint32_t address, uint64_t length, uint8_t needed) const;
  // How many bytes from `address` on (at most `length`) lie on pages that
  // allow `needed`: a read(2) into a buffer that runs into an unmapped page
  // fills what it can, as on Linux.
  uint64_t accessible_prefix(uint32_t address, uint64_t length, uint8_t needed) const;
  // True when no page of the range is mapped.
  bool range_free(uint32_t address, uint64_t length) const;

  // The highest page-aligned free range of `length` bytes inside
  // [floor, ceiling), or nothing.
  std::optional<uint32_t> find_free(uint64_t length, uint32_t floor, uint32_t ceiling) const;

  // Host view of [address, address + length) when every page of it allows
  // `needed`; nullptr otherwise. Writers must call memory().notify_host_write()
  // afterwards so that decoded code there is dropped.
  std::byte* host_range(uint32_t address, uint64_t length, uint8_t needed);
  const std::byte* host_range(uint32_t address, uint64_t length, uint8_t needed) const;

 private:
  static constexpr uint8_t kMapped = 0x80;

  explicit FlatAddressSpace(std::byte* base);
  static uint32_t page_of(uint32_t address) { return address >> memory::kPageShift; }
  // First page and page count of a byte range (clipped to 4 GiB).
  static void page_span(uint32_t address, uint64_t length, uint32_t& first, uint64_t& count);
  // Zeroes the mapped pages of a span through the host (MADV_DONTNEED) and
  // drops decoded code on them.
  void discard(uint32_t first_page, uint64_t count);
  void flush() {
    if (flush_) flush_();
  }

  std::byte* base_;
  memory::GuestMemory memory_;
  std::vector<uint8_t> pages_;
  std::function<void()> flush_;
};

}  // namespace pvppc::user
