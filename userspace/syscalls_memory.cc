// Memory system calls: the program break and mmap and its relatives, acting
// on the guest's page table (FlatAddressSpace). File mappings are private
// copies read from the file at mmap time.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "userspace/memory_layout.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_util.h"

namespace pvppc::user {
namespace {

using memory::kPageMask;
using memory::kPageSize;

// mmap flags of PowerPC Linux (asm/mman.h, asm-generic/mman-common.h).
constexpr uint32_t kMapShared = 0x01;
constexpr uint32_t kMapPrivate = 0x02;
constexpr uint32_t kMapTypeMask = 0x0f;
constexpr uint32_t kMapFixed = 0x10;
constexpr uint32_t kMapAnonymous = 0x20;
constexpr uint32_t kMapFixedNoReplace = 0x100000;
constexpr uint32_t kMremapMayMove = 1;
constexpr uint32_t kMremapFixed = 2;
constexpr int kMadvDontneed = 4;

uint64_t PageAlignUp(uint64_t v) { return (v + kPageMask) & ~uint64_t{kPageMask}; }
uint8_t Permissions(uint32_t prot) { return static_cast<uint8_t>(prot & prot::kAll); }

SyscallResult SysBrk(Process& p, const SyscallArgs& a) {
  GuestImage& image = p.image();
  const uint32_t requested = a.a[0];
  if (requested < image.brk_start) return image.brk_end;
  const uint64_t old_top = PageAlignUp(image.brk_end);
  const uint64_t new_top = PageAlignUp(requested);
  FlatAddressSpace& space = image.space();
  if (new_top > old_top) {
    if (new_top > layout::kMmapCeiling || !space.range_free(static_cast<uint32_t>(old_top), new_top - old_top)) {
      return image.brk_end;  // Linux answers a failed brk with the old break
    }
    space.map(static_cast<uint32_t>(old_top), new_top - old_top, prot::kRead | prot::kWrite);
  } else if (new_top < old_top) {
    space.unmap(static_cast<uint32_t>(new_top), old_top - new_top);
  }
  image.brk_end = requested;
  return requested;
}

SyscallResult Mmap(Process& p, uint32_t address, uint32_t length, uint32_t prot, uint32_t flags,
                   int fd, uint64_t offset) {
  if (length == 0 || (offset & kPageMask) != 0) return Errno(EINVAL);
  const uint32_t type = flags & kMapTypeMask;
  if (type != kMapShared && type != kMapPrivate && type != 3) return Errno(EINVAL);
  const uint64_t size = PageAlignUp(length);
  FlatAddressSpace& space = p.image().space();

  uint32_t where;
  if (flags & (kMapFixed | kMapFixedNoReplace)) {
    if ((address & kPageMask) != 0 || uint64_t{address} + size > FlatAddressSpace::kSize) {
      return Errno(EINVAL);
    }
    if ((flags & kMapFixedNoReplace) && !space.range_free(address, size)) return Errno(EEXIST);
    where = address;
  } else {
    // A hint is honoured when the range is free, as on Linux.
    const uint32_t hint = address & ~kPageMask;
    if (hint >= layout::kMmapFloor && uint64_t{hint} + size <= layout::kMmapCeiling &&
        space.range_free(hint, size)) {
      where = hint;
    } else {
      auto found = space.find_free(size, layout::kMmapFloor, layout::kMmapCeiling);
      if (!found) return Errno(ENOMEM);
      where = *found;
    }
  }

  std::vector<std::byte> contents;
  if (!(flags & kMapAnonymous)) {
    // Read before mapping, so that a bad descriptor leaves memory alone.
    contents.resize(length);
    size_t got = 0;
    while (got < length) {
      const ssize_t n = pread(fd, contents.data() + got, length - got, static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Errno(errno == EISDIR ? ENODEV : errno);
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    contents.resize(got);
  }
  space.map(where, size, Permissions(prot));
  if (!contents.empty()) (void)space.memory().write(where, contents);
  return where;
}

SyscallResult SysMmap(Process& p, const SyscallArgs& a) {
  return Mmap(p, a.a[0], a.a[1], a.a[2], a.a[3], a.fd(4), a.a[5]);
}
SyscallResult SysMmap2(Process& p, const SyscallArgs& a) {
  return Mmap(p, a.a[0], a.a[1], a.a[2], a.a[3], a.fd(4), uint64_t{a.a[5]} * kPageSize);
}

SyscallResult SysMunmap(Process& p, const SyscallArgs& a) {
  if ((a.a[0] & kPageMask) != 0 || a.a[1] == 0) return Errno(EINVAL);
  p.image().space().unmap(a.a[0], PageAlignUp(a.a[1]));
  return 0;
}

SyscallResult SysMprotect(Process& p, const SyscallArgs& a) {
  if ((a.a[0] & kPageMask) != 0) return Errno(EINVAL);
  if (a.a[1] == 0) return 0;
  return p.image().space().protect(a.a[0], PageAlignUp(a.a[1]), Permissions(a.a[2])) ? 0
                                                                                   : Errno(ENOMEM);
}

SyscallResult SysMremap(Process& p, const SyscallArgs& a) {
  const uint32_t old_address = a.a[0];
  const uint64_t old_size = PageAlignUp(a.a[1]);
  const uint64_t new_size = PageAlignUp(a.a[2]);
  const uint32_t flags = a.a[3];
  FlatAddressSpace& space = p.image().space();
  if ((old_address & kPageMask) != 0 || new_size == 0 || (flags & kMremapFixed)) return Errno(EINVAL);
  if (!space.range_allows(old_address, old_size, 0)) return Errno(EFAULT);
  if (new_size <= old_size) {
    space.unmap(static_cast<uint32_t>(old_address + new_size), old_size - new_size);
    return old_address;
  }
  const uint8_t permissions = space.permissions(old_address);
  const uint64_t grow_at = old_address + old_size;
  if (grow_at + (new_size - old_size) <= layout::kMmapCeiling &&
      space.range_free(static_cast<uint32_t>(grow_at), new_size - old_size)) {
    space.map(static_cast<uint32_t>(grow_at), new_size - old_size, permissions);
    return old_address;
  }
  if (!(flags & kMremapMayMove)) return Errno(ENOMEM);
  auto found = space.find_free(new_size, layout::kMmapFloor, layout::kMmapCeiling);
  if (!found) return Errno(ENOMEM);
  space.map(*found, new_size, permissions);
  memory::GuestMemory& m = space.memory();
  std::memcpy(m.host_pointer(*found, old_size), m.host_pointer(old_address, old_size), old_size);
  m.notify_host_write(*found, old_size);
  space.unmap(old_address, old_size);
  return *found;
}

SyscallResult SysMadvise(Process& p, const SyscallArgs& a) {
  if ((a.a[0] & kPageMask) != 0) return Errno(EINVAL);
  // Only DONTNEED changes what a private mapping holds; the rest is advice.
  if (a.s32(2) == kMadvDontneed) p.image().space().zero(a.a[0], PageAlignUp(a.a[1]));
  return 0;
}

SyscallResult SysNoop(Process&, const SyscallArgs&) { return 0; }  // msync, mlock, munlock

}  // namespace

void RegisterMemorySyscalls(SyscallTable& t) {
  t.add(nr::kBrk, SysBrk);
  t.add(nr::kMmap, SysMmap);
  t.add(nr::kMmap2, SysMmap2);
  t.add(nr::kMunmap, SysMunmap);
  t.add(nr::kMprotect, SysMprotect);
  t.add(nr::kMremap, SysMremap);
  t.add(nr::kMadvise, SysMadvise);
  t.add(nr::kMsync, SysNoop);
  t.add(nr::kMlock, SysNoop);
  t.add(nr::kMunlock, SysNoop);
}

}  // namespace pvppc::user
