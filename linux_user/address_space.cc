#include "linux_user/address_space.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>

namespace pvppc::user {

using memory::kPageMask;
using memory::kPageShift;
using memory::kPageSize;

Result<std::unique_ptr<AddressSpace>> AddressSpace::Create() {
  // NORESERVE: only pages the guest touches cost host memory. A private
  // mapping becomes copy-on-write across fork(), which is how guest fork works.
  void* base = mmap(nullptr, kSize, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    return MakeError(std::string("cannot reserve 4 GiB for the guest address space: ") +
                     std::strerror(errno));
  }
  return std::unique_ptr<AddressSpace>(new AddressSpace(static_cast<std::byte*>(base)));
}

AddressSpace::AddressSpace(std::byte* base)
    : base_(base),
      memory_(std::make_unique<memory::GuestMemory>(std::span<std::byte>(base, kSize))) {}

AddressSpace::~AddressSpace() { munmap(base_, kSize); }

memory::Translation AddressSpace::translate(uint32_t ea, memory::Access, uint32_t) {
  const uint8_t p = pages_[ea >> kPageShift];
  if (!(p & prot::kMapped)) return memory::Translation::Miss();
  memory::Translation t = memory::Translation::Ok(ea & ~kPageMask, p & prot::kRead,
                                                  p & prot::kWrite, p & prot::kExec);
  return t;
}

void AddressSpace::map(uint32_t start, uint64_t length, uint8_t protection) {
  for (uint64_t page = start >> kPageShift; page < (start + length) >> kPageShift; ++page) {
    pages_[page] = protection | prot::kMapped;
  }
  changed();
}

void AddressSpace::unmap(uint32_t start, uint64_t length) {
  if (length == 0) return;
  for (uint64_t page = start >> kPageShift; page < (start + length) >> kPageShift; ++page) {
    pages_[page] = 0;
  }
  // Give the memory back and make a later mapping start zeroed, as a fresh
  // anonymous mapping does.
  madvise(base_ + start, length, MADV_DONTNEED);
  memory_->notify_host_write(start, length);
  changed();
}

bool AddressSpace::protect(uint32_t start, uint64_t length, uint8_t protection) {
  if (!is_mapped(start, length)) return false;
  for (uint64_t page = start >> kPageShift; page < (start + length) >> kPageShift; ++page) {
    pages_[page] = protection | prot::kMapped;
  }
  changed();
  return true;
}

void AddressSpace::unmap_all() {
  uint64_t page = 0;
  while (page < kPages) {
    if (!pages_[page]) {
      ++page;
      continue;
    }
    const uint64_t first = page;
    while (page < kPages && pages_[page]) ++page;
    unmap(static_cast<uint32_t>(first << kPageShift), (page - first) << kPageShift);
  }
}

bool AddressSpace::is_mapped(uint32_t start, uint64_t length) const {
  for (uint64_t page = start >> kPageShift; page < (start + length + kPageMask) >> kPageShift;
       ++page) {
    if (page >= kPages || !(pages_[page] & prot::kMapped)) return false;
  }
  return true;
}

std::optional<uint32_t> AddressSpace::find_free(uint64_t length, uint32_t below) const {
  const uint64_t pages_needed = (length + kPageMask) >> kPageShift;
  uint64_t run = 0;
  // Search downwards from `below`, leaving page 0 unmapped forever.
  for (uint64_t page = below >> kPageShift; page > 16; --page) {
    const uint64_t index = page - 1;
    run = pages_[index] ? 0 : run + 1;
    if (run == pages_needed) return static_cast<uint32_t>(index << kPageShift);
  }
  return std::nullopt;
}

bool AddressSpace::pages_allow(uint32_t start, uint64_t length, uint8_t need) const {
  if (length == 0) return true;
  const uint64_t end = uint64_t{start} + length;
  if (end > kSize) return false;
  for (uint64_t page = start >> kPageShift; page <= (end - 1) >> kPageShift; ++page) {
    const uint8_t p = pages_[page];
    if (!(p & prot::kMapped) || (p & need) != need) return false;
  }
  return true;
}

std::byte* AddressSpace::host_range(uint32_t guest, uint64_t length, uint8_t need) {
  return pages_allow(guest, length, need) ? base_ + guest : nullptr;
}

bool AddressSpace::copy_in(uint32_t guest, std::span<std::byte> out) const {
  if (!pages_allow(guest, out.size(), prot::kRead)) return false;
  std::memcpy(out.data(), base_ + guest, out.size());
  return true;
}

bool AddressSpace::copy_out(uint32_t guest, std::span<const std::byte> in) {
  if (!pages_allow(guest, in.size(), prot::kWrite)) return false;
  return memory_->write(guest, in);
}

bool AddressSpace::read_u32(uint32_t guest, uint32_t& value) const {
  std::byte raw[4];
  if (!copy_in(guest, raw)) return false;
  std::memcpy(&value, raw, 4);
  value = __builtin_bswap32(value);
  return true;
}

bool AddressSpace::write_u32(uint32_t guest, uint32_t value) {
  const uint32_t be = __builtin_bswap32(value);
  return copy_out(guest, std::as_bytes(std::span(&be, 1)));
}

bool AddressSpace::read_string(uint32_t guest, std::string& out, size_t max) const {
  out.clear();
  for (size_t i = 0; i < max; ++i) {
    const uint64_t address = uint64_t{guest} + i;
    if (address >= kSize || !pages_allow(static_cast<uint32_t>(address), 1, prot::kRead)) {
      return false;
    }
    const char c = static_cast<char>(base_[address]);
    if (c == '\0') return true;
    out.push_back(c);
  }
  return false;  // unterminated within `max`
}

}  // namespace pvppc::user
