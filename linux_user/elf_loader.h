// Loads a static 32-bit big-endian PowerPC Linux executable into an
// AddressSpace and builds the initial stack the Linux ABI promises it
// (argc, argv, envp, auxiliary vector), as the kernel's ELF loader does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hypervisor/common/result.h"
#include "linux_user/address_space.h"

namespace pvppc::user {

struct LoadedProgram {
  uint32_t entry = 0;
  uint32_t stack_pointer = 0;  // points at argc
  uint32_t brk = 0;            // first byte after the highest segment, page aligned
};

struct ProgramImage {
  std::vector<std::byte> file;
};

// Reads and validates an executable: a clear message for anything that is not
// a static big-endian 32-bit PowerPC ELF executable.
[[nodiscard]] Result<ProgramImage> ReadProgram(const std::string& path);
[[nodiscard]] Status ValidateProgram(const std::vector<std::byte>& file);

[[nodiscard]] Result<LoadedProgram> LoadProgram(const ProgramImage& image, const std::string& path,
                                                const std::vector<std::string>& argv,
                                                const std::vector<std::string>& envp,
                                                AddressSpace& space);

// Where the stack lives (below 2 GiB, as on 32-bit PowerPC Linux).
inline constexpr uint32_t kStackTop = 0x80000000u;
inline constexpr uint32_t kStackSize = 8u << 20;

}  // namespace pvppc::user
