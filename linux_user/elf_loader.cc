#include "linux_user/elf_loader.h"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace pvppc::user {
namespace {

using memory::kPageMask;

// Auxiliary vector keys (linux/auxvec.h, asm/auxvec.h for powerpc).
enum : uint32_t {
  kAtNull = 0, kAtPhdr = 3, kAtPhent = 4, kAtPhnum = 5, kAtPagesz = 6, kAtBase = 7,
  kAtFlags = 8, kAtEntry = 9, kAtUid = 11, kAtEuid = 12, kAtGid = 13, kAtEgid = 14,
  kAtPlatform = 15, kAtHwcap = 16, kAtClktck = 17, kAtDcachebsize = 19, kAtIcachebsize = 20,
  kAtUcachebsize = 21, kAtIgnoreppc = 22, kAtSecure = 23, kAtRandom = 25, kAtHwcap2 = 26,
  kAtExecfn = 31,
};

// AT_HWCAP as Linux reports it for a 440 with its FPU (asm/cputable.h):
// PPC_FEATURE_32 | PPC_FEATURE_HAS_FPU | PPC_FEATURE_HAS_MMU | PPC_FEATURE_BOOKE.
constexpr uint32_t kHwcap440 = 0x80000000u | 0x08000000u | 0x04000000u | 0x00008000u;
constexpr uint32_t kCacheLine = 32;  // PPC440x5 L1 line size; glibc's memset uses it for dcbz

struct ElfHandle {
  Elf* elf = nullptr;
  ~ElfHandle() {
    if (elf) elf_end(elf);
  }
};

// Stack builder: pushes bytes downwards from the top.
class StackWriter {
 public:
  StackWriter(AddressSpace& space, uint32_t top) : space_(space), sp_(top) {}
  uint32_t push_bytes(const void* data, size_t length) {
    sp_ -= static_cast<uint32_t>(length);
    (void)space_.copy_out(sp_, std::span(static_cast<const std::byte*>(data), length));
    return sp_;
  }
  uint32_t push_string(const std::string& s) { return push_bytes(s.c_str(), s.size() + 1); }
  void align(uint32_t alignment) { sp_ &= ~(alignment - 1); }
  uint32_t sp() const { return sp_; }

 private:
  AddressSpace& space_;
  uint32_t sp_;
};

}  // namespace

Result<ProgramImage> ReadProgram(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(path + ": cannot open: " + std::strerror(errno));
  ProgramImage image;
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  image.file.resize(bytes.size());
  std::memcpy(image.file.data(), bytes.data(), bytes.size());
  if (Status s = ValidateProgram(image.file); !s) return MakeError(path + ": " + s.error().message);
  return image;
}

Status ValidateProgram(const std::vector<std::byte>& file) {
  if (file.size() < 4 || std::memcmp(file.data(), ELFMAG, SELFMAG) != 0) {
    return MakeError("not an ELF file");
  }
  if (file.size() < sizeof(Elf32_Ehdr)) return MakeError("truncated ELF header");
  const auto* ident = reinterpret_cast<const unsigned char*>(file.data());
  if (ident[EI_CLASS] != ELFCLASS32) return MakeError("not a 32-bit ELF (the 440 is 32-bit)");
  if (ident[EI_DATA] != ELFDATA2MSB) return MakeError("little-endian ELF; the guest is big-endian");

  elf_version(EV_CURRENT);
  ElfHandle h;
  h.elf = elf_memory(reinterpret_cast<char*>(const_cast<std::byte*>(file.data())), file.size());
  if (h.elf == nullptr || elf_kind(h.elf) != ELF_K_ELF) return MakeError("unreadable ELF");
  const Elf32_Ehdr* eh = elf32_getehdr(h.elf);
  if (eh == nullptr) return MakeError("unreadable ELF header");
  if (eh->e_machine != EM_PPC) return MakeError("not a PowerPC executable");
  size_t phnum = 0;
  if (elf_getphdrnum(h.elf, &phnum) != 0 || phnum == 0) return MakeError("no program headers");
  const Elf32_Phdr* ph = elf32_getphdr(h.elf);
  if (ph == nullptr) return MakeError("truncated program headers");
  for (size_t i = 0; i < phnum; ++i) {
    if (ph[i].p_type == PT_INTERP) {
      return MakeError("dynamically linked; pvppc_user runs static executables only");
    }
  }
  if (eh->e_type != ET_EXEC) return MakeError("not a static executable (ELF type is not EXEC)");
  bool has_load = false;
  for (size_t i = 0; i < phnum; ++i) {
    if (ph[i].p_type != PT_LOAD) continue;
    has_load = true;
    const uint64_t file_end = uint64_t{ph[i].p_offset} + ph[i].p_filesz;
    const uint64_t mem_end = uint64_t{ph[i].p_vaddr} + ph[i].p_memsz;
    if (file_end > file.size()) return MakeError("a segment lies past the end of the file");
    if (ph[i].p_filesz > ph[i].p_memsz) return MakeError("a segment's file size exceeds its size");
    if (mem_end > kStackTop - kStackSize) return MakeError("a segment overlaps the stack area");
    if (ph[i].p_vaddr < 0x10000) return MakeError("a segment lies in the first 64 KiB");
  }
  if (!has_load) return MakeError("no loadable segment");
  return {};
}

Result<LoadedProgram> LoadProgram(const ProgramImage& image, const std::string& path,
                                  const std::vector<std::string>& argv,
                                  const std::vector<std::string>& envp, AddressSpace& space) {
  if (Status s = ValidateProgram(image.file); !s) return MakeError(s.error().message);
  elf_version(EV_CURRENT);
  ElfHandle h;
  h.elf = elf_memory(reinterpret_cast<char*>(const_cast<std::byte*>(image.file.data())),
                     image.file.size());
  const Elf32_Ehdr* eh = elf32_getehdr(h.elf);
  size_t phnum = 0;
  (void)elf_getphdrnum(h.elf, &phnum);
  const Elf32_Phdr* ph = elf32_getphdr(h.elf);

  LoadedProgram loaded;
  loaded.entry = eh->e_entry;
  uint32_t phdr_address = 0;
  uint32_t highest = 0;
  for (size_t i = 0; i < phnum; ++i) {
    if (ph[i].p_type == PT_PHDR) phdr_address = ph[i].p_vaddr;
    if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0) continue;
    const uint32_t start = ph[i].p_vaddr & ~kPageMask;
    const uint32_t end = (ph[i].p_vaddr + ph[i].p_memsz + kPageMask) & ~kPageMask;
    uint8_t protection = 0;
    if (ph[i].p_flags & PF_R) protection |= prot::kRead;
    if (ph[i].p_flags & PF_W) protection |= prot::kWrite;
    if (ph[i].p_flags & PF_X) protection |= prot::kExec | prot::kRead;
    // Write through full permissions first, then set the segment's own.
    space.map(start, end - start, prot::kRead | prot::kWrite);
    (void)space.memory().write(ph[i].p_vaddr,
                               std::span(image.file.data() + ph[i].p_offset, ph[i].p_filesz));
    (void)space.protect(start, end - start, protection);
    if (phdr_address == 0 && ph[i].p_offset <= eh->e_phoff &&
        eh->e_phoff + phnum * sizeof(Elf32_Phdr) <= ph[i].p_offset + ph[i].p_filesz) {
      phdr_address = ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
    }
    highest = std::max(highest, end);
  }
  loaded.brk = highest;

  // The stack: strings and random bytes at the top, then the vectors.
  space.map(kStackTop - kStackSize, kStackSize, prot::kRead | prot::kWrite);
  StackWriter stack(space, kStackTop);
  const uint32_t execfn = stack.push_string(path);
  std::vector<uint32_t> argv_addresses, envp_addresses;
  for (auto it = envp.rbegin(); it != envp.rend(); ++it) envp_addresses.push_back(stack.push_string(*it));
  for (auto it = argv.rbegin(); it != argv.rend(); ++it) argv_addresses.push_back(stack.push_string(*it));
  std::reverse(envp_addresses.begin(), envp_addresses.end());
  std::reverse(argv_addresses.begin(), argv_addresses.end());
  const uint32_t platform = stack.push_string("ppc440");
  // AT_RANDOM: 16 bytes for the stack protector; fixed so that runs repeat.
  const uint8_t random_bytes[16] = {0x70, 0x76, 0x70, 0x70, 0x63, 0x2d, 0x72, 0x61,
                                    0x6e, 0x64, 0x6f, 0x6d, 0x2d, 0x34, 0x34, 0x30};
  const uint32_t random = stack.push_bytes(random_bytes, sizeof random_bytes);
  stack.align(16);

  const uint32_t auxv[][2] = {
      {kAtIgnoreppc, kAtIgnoreppc}, {kAtIgnoreppc, kAtIgnoreppc},
      {kAtDcachebsize, kCacheLine}, {kAtIcachebsize, kCacheLine}, {kAtUcachebsize, 0},
      {kAtHwcap, kHwcap440}, {kAtPagesz, memory::kPageSize}, {kAtClktck, 100},
      {kAtPhdr, phdr_address}, {kAtPhent, sizeof(Elf32_Phdr)},
      {kAtPhnum, static_cast<uint32_t>(phnum)}, {kAtBase, 0}, {kAtFlags, 0},
      {kAtEntry, loaded.entry}, {kAtUid, 0}, {kAtEuid, 0}, {kAtGid, 0}, {kAtEgid, 0},
      {kAtSecure, 0}, {kAtRandom, random}, {kAtHwcap2, 0}, {kAtExecfn, execfn},
      {kAtPlatform, platform}, {kAtNull, 0},
  };
  std::vector<uint32_t> words;
  words.push_back(static_cast<uint32_t>(argv.size()));
  words.insert(words.end(), argv_addresses.begin(), argv_addresses.end());
  words.push_back(0);
  words.insert(words.end(), envp_addresses.begin(), envp_addresses.end());
  words.push_back(0);
  for (const auto& pair : auxv) {
    words.push_back(pair[0]);
    words.push_back(pair[1]);
  }
  const uint32_t table_bytes = static_cast<uint32_t>(words.size() * 4);
  const uint32_t table = (stack.sp() - table_bytes) & ~15u;
  for (size_t i = 0; i < words.size(); ++i) (void)space.write_u32(table + 4 * i, words[i]);
  loaded.stack_pointer = table;
  return loaded;
}

}  // namespace pvppc::user
