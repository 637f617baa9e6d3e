// Memory system calls: brk, mmap/mmap2, munmap, mprotect and the advisory
// ones. Mappings live in the AddressSpace's page table; file mappings are
// copies (MAP_SHARED writes do not reach the file).
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

#include "linux_user/syscall_util.h"

namespace pvppc::user {
namespace {

using memory::kPageMask;
using memory::kPageSize;

uint32_t PageAlignUp(uint64_t v) { return static_cast<uint32_t>((v + kPageMask) & ~uint64_t{kPageMask}); }

uint8_t Protection(uint32_t guest_prot) {
  uint8_t p = 0;
  if (guest_prot & PROT_READ) p |= prot::kRead;
  if (guest_prot & PROT_WRITE) p |= prot::kWrite | prot::kRead;
  if (guest_prot & PROT_EXEC) p |= prot::kExec | prot::kRead;
  return p;
}

// brk: grows or shrinks the heap after the program's last segment. Returns
// the (possibly unchanged) break, as the kernel does.
int64_t Brk(Process& p, const SyscallArgs& a) {
  const uint32_t requested = a[0];
  if (requested < p.brk_start) return p.brk_current;
  const uint32_t old_end = PageAlignUp(p.brk_current);
  const uint32_t new_end = PageAlignUp(requested);
  if (new_end > old_end) {
    // The heap may not run into another mapping (the kernel refuses too).
    for (uint32_t page = old_end; page < new_end; page += kPageSize) {
      if (p.space().is_mapped(page, kPageSize)) return p.brk_current;
    }
    p.space().map(old_end, new_end - old_end, prot::kRead | prot::kWrite);
  } else if (new_end < old_end) {
    p.space().unmap(new_end, old_end - new_end);
  }
  p.brk_current = requested;
  return requested;
}

int64_t MapCommon(Process& p, uint32_t address, uint32_t length, uint32_t guest_prot,
                  uint32_t flags, int32_t fd, uint64_t offset) {
  constexpr uint32_t kMapFixed = 0x10;
  constexpr uint32_t kMapAnonymous = 0x20;
  if (length == 0) return -EINVAL;
  const uint64_t size = PageAlignUp(length);
  if (size == 0 || size > 0xf0000000u) return -ENOMEM;
  uint32_t start;
  if (flags & kMapFixed) {
    if (address & kPageMask) return -EINVAL;
    if (uint64_t{address} + size > p.mmap_top + uint64_t{0x08000000} || address < 0x10000) {
      return -ENOMEM;
    }
    start = address;
    p.space().unmap(start, size);
  } else {
    std::optional<uint32_t> found;
    if (address != 0 && (address & kPageMask) == 0 && address >= 0x10000 &&
        uint64_t{address} + size <= p.mmap_top && !p.space().is_mapped(address, size)) {
      bool free = true;
      for (uint64_t a = address; a < address + size; a += kPageSize) {
        if (p.space().is_mapped(static_cast<uint32_t>(a), kPageSize)) free = false;
      }
      if (free) found = address;
    }
    if (!found) found = p.space().find_free(size, p.mmap_top);
    if (!found) return -ENOMEM;
    start = *found;
  }
  p.space().map(start, size, prot::kRead | prot::kWrite);
  if (!(flags & kMapAnonymous)) {
    std::byte* host = p.space().host_range(start, size, prot::kWrite);
    uint64_t done = 0;
    while (done < length) {
      const long n = pread(fd, host + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        const int64_t error = -errno;
        p.space().unmap(start, size);
        return error;
      }
      if (n == 0) break;
      done += static_cast<uint64_t>(n);
    }
    p.space().memory().notify_host_write(start, size);
  }
  (void)p.space().protect(start, size, Protection(guest_prot));
  if (guest_prot == PROT_NONE) (void)p.space().protect(start, size, 0);
  return start;
}

int64_t Mmap(Process& p, const SyscallArgs& a) {
  if (a[5] & kPageMask) return -EINVAL;
  return MapCommon(p, a[0], a[1], a[2], a[3], static_cast<int32_t>(a[4]), a[5]);
}

int64_t Mmap2(Process& p, const SyscallArgs& a) {
  // mmap2's offset counts 4096-byte units.
  return MapCommon(p, a[0], a[1], a[2], a[3], static_cast<int32_t>(a[4]), uint64_t{a[5]} * 4096);
}

int64_t Munmap(Process& p, const SyscallArgs& a) {
  if ((a[0] & kPageMask) || a[1] == 0) return -EINVAL;
  const uint64_t size = PageAlignUp(a[1]);
  if (uint64_t{a[0]} + size > AddressSpace::kSize) return -EINVAL;
  p.space().unmap(a[0], size);
  return 0;
}

int64_t Mprotect(Process& p, const SyscallArgs& a) {
  if (a[0] & kPageMask) return -EINVAL;
  const uint64_t size = PageAlignUp(a[1]);
  if (!p.space().protect(a[0], size, a[2] == PROT_NONE ? 0 : Protection(a[2]))) return -ENOMEM;
  return 0;
}

int64_t Mremap(Process&, const SyscallArgs&) { return -ENOMEM; }  // glibc then maps anew
int64_t Advisory(Process&, const SyscallArgs&) { return 0; }

constexpr SyscallRow kRows[] = {
    {45, "brk", Brk},
    {90, "mmap", Mmap},
    {91, "munmap", Munmap},
    {125, "mprotect", Mprotect},
    {144, "msync", Advisory},
    {150, "mlock", Advisory},
    {151, "munlock", Advisory},
    {163, "mremap", Mremap},
    {192, "mmap2", Mmap2},
    {205, "madvise", Advisory},
};

}  // namespace

std::span<const SyscallRow> MemorySyscalls() { return kRows; }

}  // namespace pvppc::user
