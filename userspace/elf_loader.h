// Loads a static 32-bit big-endian PowerPC Linux executable into a user
// address space, as the kernel's ELF loader does for a program without an
// interpreter: ET_EXEC at its link addresses, ET_DYN (static-pie) at a fixed
// load bias, PT_LOAD segments with their own permissions, brk right after the
// highest segment.
//
// Parsing and placing are separate so that execve can reject a bad file
// before it tears anything down, and so that tests can check the parser on
// hand-made headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hypervisor/common/result.h"
#include "userspace/flat_address_space.h"

namespace pvppc::user {

// Where static-pie programs go. Linux picks 4 MiB (ELF_ET_DYN_BASE for
// 32-bit tasks) for ET_DYN files; anything page-aligned and out of the way
// of the stack and the mmap area would do.
inline constexpr uint32_t kStaticPieLoadBias = 0x00400000;

struct ElfSegment {
  uint32_t vaddr = 0;   // before the load bias
  uint32_t memsz = 0;
  uint32_t offset = 0;  // in the file
  uint32_t filesz = 0;
  uint8_t permissions = 0;  // prot::*
};

struct ElfImage {
  bool position_independent = false;  // ET_DYN
  uint32_t entry = 0;                 // before the load bias
  uint32_t phent = 0;
  uint32_t phnum = 0;
  uint32_t phdr_vaddr = 0;  // PT_PHDR, or where a segment maps the table; 0 if nowhere
  bool executable_stack = false;  // PT_GNU_STACK with PF_X, or no PT_GNU_STACK
  std::vector<ElfSegment> segments;
};

struct LoadedProgram {
  uint32_t load_bias = 0;
  uint32_t entry = 0;
  uint32_t phdr_address = 0;  // AT_PHDR
  uint32_t phent = 0;         // AT_PHENT
  uint32_t phnum = 0;         // AT_PHNUM
  uint32_t brk = 0;           // page-aligned end of the highest segment
  bool executable_stack = false;
};

// Reads a whole file into memory; the message names `path` and the reason.
[[nodiscard]] Result<std::vector<std::byte>> ReadWholeFile(const std::string& path);

// True when `file` starts with the ELF magic (anything else is no program
// for pvppc_user, but may be a script).
bool LooksLikeElf(std::span<const std::byte> file);

// Checks that `file` is a program pvppc_user can run and describes it. Every
// rejection says why in terms of the file (`name`): not ELF, 64-bit,
// little-endian, not PowerPC, not an executable, dynamically linked,
// truncated.
[[nodiscard]] Result<ElfImage> ParseElf(std::span<const std::byte> file, const std::string& name);

// Maps the segments of a parsed image into `space` and copies their file
// contents in; the rest of each segment (bss) reads as zero.
[[nodiscard]] Result<LoadedProgram> PlaceElf(const ElfImage& image,
                                             std::span<const std::byte> file,
                                             FlatAddressSpace& space);

}  // namespace pvppc::user
