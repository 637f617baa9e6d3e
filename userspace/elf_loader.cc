#include "userspace/elf_loader.h"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "userspace/memory_layout.h"

namespace pvppc::user {
namespace {

using memory::kPageMask;

struct ElfDeleter {
  void operator()(Elf* elf) const { elf_end(elf); }
};

uint8_t SegmentPermissions(uint32_t flags) {
  uint8_t p = 0;
  if (flags & PF_R) p |= prot::kRead;
  if (flags & PF_W) p |= prot::kWrite;
  if (flags & PF_X) p |= prot::kExec;
  return p;
}

// The PT_INTERP string, for the message that rejects dynamic programs.
std::string InterpreterName(std::span<const std::byte> file, const GElf_Phdr& ph) {
  if (ph.p_offset >= file.size()) return "?";
  const size_t n = std::min<size_t>({ph.p_filesz, file.size() - ph.p_offset, 256});
  std::string s(reinterpret_cast<const char*>(file.data() + ph.p_offset), n);
  s.resize(std::strlen(s.c_str()));
  return s;
}

}  // namespace

Result<std::vector<std::byte>> ReadWholeFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(path + ": " + std::strerror(errno));
  std::vector<std::byte> data;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return MakeError(path + ": is a directory");
  }
  if (fstat(fd, &st) == 0 && st.st_size > 0) data.reserve(static_cast<size_t>(st.st_size));
  std::byte buffer[65536];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      close(fd);
      return MakeError(path + ": " + std::strerror(error));
    }
    if (n == 0) break;
    data.insert(data.end(), buffer, buffer + n);
  }
  close(fd);
  return data;
}

bool LooksLikeElf(std::span<const std::byte> file) {
  return file.size() >= SELFMAG && std::memcmp(file.data(), ELFMAG, SELFMAG) == 0;
}

Result<ElfImage> ParseElf(std::span<const std::byte> file, const std::string& name) {
  auto fail = [&](const std::string& why) { return MakeError(name + ": " + why); };
  if (!LooksLikeElf(file)) return fail("not an ELF file");
  // The identification bytes first, by hand, so that the common mistakes get
  // a precise message before libelf sees the file.
  const auto* ident = reinterpret_cast<const unsigned char*>(file.data());
  if (file.size() < EI_NIDENT) return fail("truncated ELF file (no complete identification)");
  if (ident[EI_CLASS] == ELFCLASS64) {
    return fail("a 64-bit ELF file; pvppc_user runs 32-bit PowerPC programs");
  }
  if (ident[EI_CLASS] != ELFCLASS32) return fail("an ELF file of unknown class");
  if (ident[EI_DATA] == ELFDATA2LSB) {
    return fail("a little-endian ELF file; pvppc_user runs big-endian PowerPC programs");
  }
  if (ident[EI_DATA] != ELFDATA2MSB) return fail("an ELF file of unknown byte order");
  if (file.size() < sizeof(Elf32_Ehdr)) {
    return fail("truncated ELF file (the header needs " + std::to_string(sizeof(Elf32_Ehdr)) +
                " bytes, the file has " + std::to_string(file.size()) + ")");
  }

  // libelf converts to host byte order; it wants a mutable buffer.
  std::vector<char> copy(reinterpret_cast<const char*>(file.data()),
                         reinterpret_cast<const char*>(file.data()) + file.size());
  elf_version(EV_CURRENT);
  std::unique_ptr<Elf, ElfDeleter> elf(elf_memory(copy.data(), copy.size()));
  GElf_Ehdr eh;
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF || gelf_getehdr(elf.get(), &eh) == nullptr) {
    return fail(std::string("unreadable ELF header: ") + elf_errmsg(-1));
  }
  if (eh.e_machine != EM_PPC) {
    return fail("not a PowerPC program (ELF machine " + std::to_string(eh.e_machine) + ")");
  }
  if (eh.e_type == ET_REL) return fail("an object file, not an executable");
  if (eh.e_type == ET_CORE) return fail("a core dump, not an executable");
  if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) return fail("not an executable");
  if (eh.e_phnum == 0) return fail("no program headers");
  if (eh.e_phentsize != sizeof(Elf32_Phdr)) return fail("unexpected program header size");
  if (uint64_t{eh.e_phoff} + uint64_t{eh.e_phnum} * eh.e_phentsize > file.size()) {
    return fail("truncated ELF file (the program headers lie past its end)");
  }

  ElfImage image;
  image.position_independent = eh.e_type == ET_DYN;
  image.entry = static_cast<uint32_t>(eh.e_entry);
  image.phent = eh.e_phentsize;
  image.phnum = eh.e_phnum;
  image.executable_stack = true;  // unless PT_GNU_STACK says otherwise
  uint32_t phdr_from_load = 0;
  const uint32_t table_bytes = static_cast<uint32_t>(eh.e_phnum) * eh.e_phentsize;
  const uint64_t bias = image.position_independent ? kStaticPieLoadBias : 0;
  for (int i = 0; i < eh.e_phnum; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf.get(), i, &ph) == nullptr) return fail("unreadable program header");
    switch (ph.p_type) {
      case PT_INTERP:
        return fail("dynamically linked (it asks for the program interpreter " +
                    InterpreterName(file, ph) + "); pvppc_user runs static programs only");
      case PT_PHDR:
        image.phdr_vaddr = static_cast<uint32_t>(ph.p_vaddr);
        break;
      case PT_GNU_STACK:
        image.executable_stack = (ph.p_flags & PF_X) != 0;
        break;
      case PT_LOAD: {
        const std::string which = "segment " + std::to_string(i);
        if (ph.p_filesz > ph.p_memsz) return fail(which + " is larger in the file than in memory");
        if (ph.p_offset + ph.p_filesz > file.size()) {
          return fail("truncated ELF file (" + which + " ends past the end of the file)");
        }
        if (bias + ph.p_vaddr + ph.p_memsz > layout::kMmapCeiling) {
          return fail(fmt::format("{} overlaps the stack area (it ends above 0x{:08x})", which,
                                  layout::kMmapCeiling));
        }
        if (ph.p_memsz == 0) break;
        image.segments.push_back(ElfSegment{
            static_cast<uint32_t>(ph.p_vaddr), static_cast<uint32_t>(ph.p_memsz),
            static_cast<uint32_t>(ph.p_offset), static_cast<uint32_t>(ph.p_filesz),
            SegmentPermissions(static_cast<uint32_t>(ph.p_flags))});
        if (phdr_from_load == 0 && ph.p_offset <= eh.e_phoff &&
            eh.e_phoff + table_bytes <= ph.p_offset + ph.p_filesz) {
          phdr_from_load = static_cast<uint32_t>(ph.p_vaddr + (eh.e_phoff - ph.p_offset));
        }
        break;
      }
      default:
        break;
    }
  }
  if (image.segments.empty()) return fail("no loadable segment");
  if (image.phdr_vaddr == 0) image.phdr_vaddr = phdr_from_load;
  return image;
}

Result<LoadedProgram> PlaceElf(const ElfImage& image, std::span<const std::byte> file,
                               FlatAddressSpace& space) {
  LoadedProgram program;
  program.load_bias = image.position_independent ? kStaticPieLoadBias : 0;
  const uint32_t bias = program.load_bias;
  uint64_t highest = 0;
  // Map first, then copy: two segments may share a page (the page gets
  // both permissions), and copying after mapping keeps the first segment's
  // bytes when the second one maps the page.
  for (const ElfSegment& s : image.segments) {
    const uint32_t start = (s.vaddr + bias) & ~kPageMask;
    const uint64_t end = (uint64_t{s.vaddr} + bias + s.memsz + kPageMask) & ~uint64_t{kPageMask};
    for (uint64_t page = start; page < end; page += memory::kPageSize) {
      const uint32_t p = static_cast<uint32_t>(page);
      if (space.is_mapped(p)) {
        (void)space.protect(p, memory::kPageSize, space.permissions(p) | s.permissions);
      } else {
        // Whole runs of fresh pages in one call.
        uint64_t run_end = page + memory::kPageSize;
        while (run_end < end && !space.is_mapped(static_cast<uint32_t>(run_end))) {
          run_end += memory::kPageSize;
        }
        space.map(p, run_end - page, s.permissions);
        page = run_end - memory::kPageSize;
      }
    }
    highest = std::max(highest, end);
  }
  for (const ElfSegment& s : image.segments) {
    if (s.filesz == 0) continue;
    if (!space.memory().write(s.vaddr + bias, file.subspan(s.offset, s.filesz))) {
      return MakeError("a segment lies outside guest memory");
    }
  }
  program.entry = image.entry + bias;
  program.phdr_address = image.phdr_vaddr == 0 ? 0 : image.phdr_vaddr + bias;
  program.phent = image.phent;
  program.phnum = image.phnum;
  program.brk = static_cast<uint32_t>(highest);
  program.executable_stack = image.executable_stack;
  return program;
}

}  // namespace pvppc::user
