#include "userspace/initial_stack.h"

#include <elf.h>

#include <cstring>
#include <span>

#include "userspace/memory_layout.h"

namespace pvppc::user {
namespace {

// At most a quarter of the stack for strings, as Linux limits them to a
// quarter of RLIMIT_STACK.
constexpr uint32_t kMaxStringBytes = layout::kStackSize / 4;

class StackWriter {
 public:
  StackWriter(memory::GuestMemory& memory, uint32_t top) : memory_(memory), sp_(top) {}
  uint32_t push(std::span<const std::byte> bytes) {
    sp_ -= static_cast<uint32_t>(bytes.size());
    (void)memory_.write(sp_, bytes);
    return sp_;
  }
  uint32_t push_string(const std::string& s) {
    return push(std::as_bytes(std::span(s.c_str(), s.size() + 1)));
  }
  void align_down(uint32_t alignment) { sp_ &= ~(alignment - 1); }
  uint32_t sp() const { return sp_; }

 private:
  memory::GuestMemory& memory_;
  uint32_t sp_;
};

}  // namespace

Result<uint32_t> BuildInitialStack(FlatAddressSpace& space, const LoadedProgram& program,
                                   const InitialStackSpec& spec) {
  // Linux (since 5.18) gives a program run with an empty argv one empty
  // argument, so argv[0] always exists; glibc's static start code also
  // relies on argc != 0 to find the vectors on the stack.
  std::vector<std::string> argv = spec.argv;
  if (argv.empty()) argv.emplace_back();
  uint64_t string_bytes = spec.execfn.size() + 1 + 64;
  for (const std::string& s : argv) string_bytes += s.size() + 1;
  for (const std::string& s : spec.envp) string_bytes += s.size() + 1;
  if (string_bytes > kMaxStringBytes) return MakeError("argument list too long");

  uint8_t stack_permissions = prot::kRead | prot::kWrite;
  if (program.executable_stack) stack_permissions |= prot::kExec;
  space.map(layout::kStackBottom, layout::kStackSize, stack_permissions);

  memory::GuestMemory& memory = space.memory();
  // From the top down: an end marker word, AT_EXECFN, the environment and
  // argument strings (argv[0] lowest), the platform string, the random bytes.
  StackWriter stack(memory, layout::kStackTop - 4);
  const uint32_t execfn = stack.push_string(spec.execfn);
  std::vector<uint32_t> envp_addresses(spec.envp.size());
  for (size_t i = spec.envp.size(); i-- > 0;) envp_addresses[i] = stack.push_string(spec.envp[i]);
  std::vector<uint32_t> argv_addresses(argv.size());
  for (size_t i = argv.size(); i-- > 0;) argv_addresses[i] = stack.push_string(argv[i]);
  const uint32_t platform = stack.push_string(cpu_info::kPlatform);
  stack.align_down(16);
  const uint32_t random = stack.push(std::as_bytes(std::span(spec.random)));

  // The two AT_IGNOREPPC entries come first, as on Linux: old glibc looked
  // for the auxiliary vector by skipping to the first 16-byte aligned word
  // above 16, which these guarantee.
  const uint32_t auxv[][2] = {
      {AT_IGNOREPPC, AT_IGNOREPPC},
      {AT_IGNOREPPC, AT_IGNOREPPC},
      {AT_DCACHEBSIZE, cpu_info::kDcacheLine},
      {AT_ICACHEBSIZE, cpu_info::kIcacheLine},
      {AT_UCACHEBSIZE, cpu_info::kUcacheLine},
      {AT_HWCAP, cpu_info::kHwcap},
      {AT_PAGESZ, memory::kPageSize},
      {AT_CLKTCK, cpu_info::kClockTicks},
      {AT_PHDR, program.phdr_address},
      {AT_PHENT, program.phent},
      {AT_PHNUM, program.phnum},
      {AT_BASE, 0},  // no interpreter
      {AT_FLAGS, 0},
      {AT_ENTRY, program.entry},
      {AT_UID, spec.uid},
      {AT_EUID, spec.euid},
      {AT_GID, spec.gid},
      {AT_EGID, spec.egid},
      {AT_SECURE, 0},
      {AT_RANDOM, random},
      {AT_HWCAP2, cpu_info::kHwcap2},
      {AT_EXECFN, execfn},
      {AT_PLATFORM, platform},
      {AT_NULL, 0},
  };
  std::vector<uint32_t> words;
  words.reserve(3 + argv.size() + spec.envp.size() + 2 * std::size(auxv));
  words.push_back(static_cast<uint32_t>(argv.size()));
  words.insert(words.end(), argv_addresses.begin(), argv_addresses.end());
  words.push_back(0);
  words.insert(words.end(), envp_addresses.begin(), envp_addresses.end());
  words.push_back(0);
  for (const auto& entry : auxv) {
    words.push_back(entry[0]);
    words.push_back(entry[1]);
  }
  const uint32_t sp = (stack.sp() - static_cast<uint32_t>(4 * words.size())) & ~15u;
  std::vector<uint32_t> big_endian(words.size());
  for (size_t i = 0; i < words.size(); ++i) big_endian[i] = __builtin_bswap32(words[i]);
  (void)memory.write(sp, std::as_bytes(std::span(big_endian)));
  return sp;
}

}  // namespace pvppc::user
