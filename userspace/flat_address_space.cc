#include "userspace/flat_address_space.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <span>
#include <string>

namespace pvppc::user {

using memory::kPageShift;
using memory::kPageSize;

Result<std::unique_ptr<FlatAddressSpace>> FlatAddressSpace::Create() {
  void* base = mmap(nullptr, kSize, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    return MakeError(std::string("cannot reserve 4 GiB of host address space for the guest: ") +
                     std::strerror(errno));
  }
  return std::unique_ptr<FlatAddressSpace>(new FlatAddressSpace(static_cast<std::byte*>(base)));
}

FlatAddressSpace::FlatAddressSpace(std::byte* base)
    : base_(base), memory_(std::span<std::byte>(base, kSize), 0), pages_(kPageCount, 0) {}

FlatAddressSpace::~FlatAddressSpace() { munmap(base_, kSize); }

memory::Translation FlatAddressSpace::translate(uint32_t ea, memory::Access, uint32_t) {
  const uint8_t page = pages_[page_of(ea)];
  if ((page & kMapped) == 0) return memory::Translation::Miss();
  // The core checks the permission against the access and raises the
  // storage exception itself; it caches this answer until the next flush.
  return memory::Translation::Ok(ea & ~memory::kPageMask, (page & prot::kRead) != 0,
                                 (page & prot::kWrite) != 0, (page & prot::kExec) != 0);
}

void FlatAddressSpace::page_span(uint32_t address, uint64_t length, uint32_t& first,
                                 uint64_t& count) {
  first = page_of(address);
  if (length == 0) {
    count = 0;
    return;
  }
  const uint64_t end = std::min<uint64_t>(uint64_t{address} + length, kSize);
  count = ((end + kPageSize - 1) >> kPageShift) - first;
}

void FlatAddressSpace::discard(uint32_t first_page, uint64_t count) {
  // Runs of mapped pages go back to the host in one madvise each; touched
  // pages read as zero afterwards, untouched ones never cost anything.
  uint64_t i = 0;
  while (i < count) {
    if ((pages_[first_page + i] & kMapped) == 0) {
      ++i;
      continue;
    }
    uint64_t j = i;
    while (j < count && (pages_[first_page + j] & kMapped) != 0) ++j;
    const uint64_t paddr = (uint64_t{first_page} + i) << kPageShift;
    const uint64_t bytes = (j - i) << kPageShift;
    madvise(base_ + paddr, bytes, MADV_DONTNEED);
    memory_.notify_host_write(paddr, bytes);
    i = j;
  }
}

void FlatAddressSpace::map(uint32_t address, uint64_t length, uint8_t permissions) {
  uint32_t first;
  uint64_t count;
  page_span(address, length, first, count);
  // Linux on Book E: write and execute permission imply read permission.
  if (permissions & (prot::kWrite | prot::kExec)) permissions |= prot::kRead;
  const bool replaced = !range_free(address, length);
  if (replaced) discard(first, count);
  std::fill_n(pages_.begin() + first, count, static_cast<uint8_t>(kMapped | permissions));
  // Fresh pages were unmapped, which the core never caches; replaced pages
  // may have cached permissions.
  if (replaced) flush();
}

void FlatAddressSpace::unmap(uint32_t address, uint64_t length) {
  uint32_t first;
  uint64_t count;
  page_span(address, length, first, count);
  if (range_free(address, length)) return;
  discard(first, count);
  std::fill_n(pages_.begin() + first, count, uint8_t{0});
  flush();
}

void FlatAddressSpace::zero(uint32_t address, uint64_t length) {
  uint32_t first;
  uint64_t count;
  page_span(address, length, first, count);
  discard(first, count);
}

bool FlatAddressSpace::protect(uint32_t address, uint64_t length, uint8_t permissions) {
  uint32_t first;
  uint64_t count;
  page_span(address, length, first, count);
  for (uint64_t i = 0; i < count; ++i) {
    if ((pages_[first + i] & kMapped) == 0) return false;
  }
  if (permissions & (prot::kWrite | prot::kExec)) permissions |= prot::kRead;
  std::fill_n(pages_.begin() + first, count, static_cast<uint8_t>(kMapped | permissions));
  flush();
  return true;
}

bool FlatAddressSpace::range_allows(uint32_t address, uint64_t length, uint8_t needed) const {
  if (uint64_t{address} + length > kSize) return false;
  uint32_t first;
  uint64_t count;
  page_span(address, length, first, count);
  const uint8_t want = kMapped | needed;
  for (uint64_t i = 0; i < count; ++i) {
    if ((pages_[first + i] & want) != want) return false;
  }
  return true;
}

uint64_t FlatAddressSpace::accessible_prefix(uint32_t address, uint64_t length,
                                             uint8_t needed) const {
  length = std::min<uint64_t>(length, kSize - address);
  const uint8_t want = kMapped | needed;
  uint64_t done = 0;
  while (done < length) {
    const uint64_t at = uint64_t{address} + done;
    if ((pages_[at >> kPageShift] & want) != want) break;
    done += kPageSize - (at & memory::kPageMask);
  }
  return std::min(done, length);
}

bool FlatAddressSpace::range_free(uint32_t address, uint64_t length) const {
  uint32_t first;
  uint64_t count;
  page_span(address, length, first, count);
  for (uint64_t i = 0; i < count; ++i) {
    if ((pages_[first + i] & kMapped) != 0) return false;
  }
  return true;
}

std::optional<uint32_t> FlatAddressSpace::find_free(uint64_t length, uint32_t floor,
                                                    uint32_t ceiling) const {
  if (length == 0) return std::nullopt;
  const uint64_t needed = (length + kPageSize - 1) >> kPageShift;
  const uint64_t low = (uint64_t{floor} + kPageSize - 1) >> kPageShift;
  const uint64_t high = uint64_t{ceiling} >> kPageShift;  // exclusive
  if (high < low || high - low < needed) return std::nullopt;
  // Top-down like Linux's default mmap layout: count free pages from the
  // ceiling down; the first run long enough wins.
  uint64_t run = 0;
  for (uint64_t page = high; page > low; --page) {
    if ((pages_[page - 1] & kMapped) != 0) {
      run = 0;
      continue;
    }
    if (++run == needed) return static_cast<uint32_t>((page - 1) << kPageShift);
  }
  return std::nullopt;
}

std::byte* FlatAddressSpace::host_range(uint32_t address, uint64_t length, uint8_t needed) {
  return range_allows(address, length, needed) ? base_ + address : nullptr;
}

const std::byte* FlatAddressSpace::host_range(uint32_t address, uint64_t length,
                                              uint8_t needed) const {
  return range_allows(address, length, needed) ? base_ + address : nullptr;
}

}  // namespace pvppc::user
