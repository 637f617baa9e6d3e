#include "hypervisor/vm/kernel_image.h"

#include <gelf.h>
#include <libelf.h>

#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pv-abi/pvppc_abi.h"

namespace pvppc::vm {
namespace {

constexpr uint64_t kLowMemoryWindow = 256ull << 20;  // head_44x.S's first pinned entry
constexpr uint64_t kAlign = 1ull << 20;

uint64_t AlignUp(uint64_t value, uint64_t align) { return (value + align - 1) & ~(align - 1); }

struct ElfCloser {
  void operator()(Elf* elf) const { elf_end(elf); }
};

std::string Hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// Looks for the pvppc ABI note in a PT_NOTE segment: 4-byte-aligned records
// of namesz, descsz, type, name, descriptor (ELF gABI, "Note Section").
std::optional<uint32_t> FindPvAbiNote(const std::vector<uint8_t>& image, uint64_t offset,
                                      uint64_t size) {
  auto be32 = [&](uint64_t at) {
    return (uint32_t{image[at]} << 24) | (uint32_t{image[at + 1]} << 16) |
           (uint32_t{image[at + 2]} << 8) | uint32_t{image[at + 3]};
  };
  const std::string_view wanted(PVPPC_ELF_NOTE_NAME, sizeof(PVPPC_ELF_NOTE_NAME));  // with NUL
  uint64_t at = offset;
  const uint64_t end = offset + size;
  while (end - at >= 12) {
    const uint64_t name_size = be32(at), desc_size = be32(at + 4), type = be32(at + 8);
    const uint64_t name_at = at + 12;
    const uint64_t desc_at = name_at + ((name_size + 3) & ~uint64_t{3});
    const uint64_t next = desc_at + ((desc_size + 3) & ~uint64_t{3});
    if (next > end || next <= at) return std::nullopt;  // malformed: ignore the notes
    const std::string_view name(reinterpret_cast<const char*>(image.data() + name_at), name_size);
    if (name == wanted && type == PVPPC_ELF_NOTE_TYPE_ABI && desc_size >= 4) return be32(desc_at);
    at = next;
  }
  return std::nullopt;
}

}  // namespace

Result<LoadedKernel> LoadKernelElf(const std::vector<uint8_t>& image, memory::GuestMemory& memory) {
  if (elf_version(EV_CURRENT) == EV_NONE) return MakeError("libelf initialisation failed");
  std::unique_ptr<Elf, ElfCloser> elf(
      elf_memory(reinterpret_cast<char*>(const_cast<uint8_t*>(image.data())), image.size()));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF) return MakeError("not an ELF file");
  GElf_Ehdr ehdr;
  if (gelf_getehdr(elf.get(), &ehdr) == nullptr) return MakeError("unreadable ELF header");
  if (ehdr.e_ident[EI_CLASS] != ELFCLASS32 || ehdr.e_ident[EI_DATA] != ELFDATA2MSB ||
      ehdr.e_machine != EM_PPC) {
    return MakeError("not a 32-bit big-endian PowerPC ELF (is this a powerpc vmlinux?)");
  }
  size_t phnum = 0;
  if (elf_getphdrnum(elf.get(), &phnum) != 0 || phnum == 0) {
    return MakeError("ELF file has no program headers");
  }

  LoadedKernel loaded;
  bool entry_found = false;
  bool any_segment = false;
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf.get(), static_cast<int>(i), &ph) == nullptr) {
      return MakeError("unreadable program header " + std::to_string(i));
    }
    if (ph.p_type == PT_NOTE && ph.p_offset <= image.size() &&
        ph.p_filesz <= image.size() - ph.p_offset && !loaded.pv_abi_version) {
      loaded.pv_abi_version = FindPvAbiNote(image, ph.p_offset, ph.p_filesz);
    }
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz || ph.p_offset > image.size() ||
        ph.p_filesz > image.size() - ph.p_offset) {
      return MakeError("segment " + std::to_string(i) + " lies outside the file (truncated image?)");
    }
    if (!memory.contains(ph.p_paddr, ph.p_memsz)) {
      return MakeError("segment " + std::to_string(i) + " at physical " + Hex(ph.p_paddr) +
                       " (+" + Hex(ph.p_memsz) + ") does not fit guest RAM of " +
                       Hex(memory.size()) + " bytes");
    }
    const auto bytes = std::as_bytes(std::span(image).subspan(ph.p_offset, ph.p_filesz));
    if (!memory.write(ph.p_paddr, bytes) ||
        !memory.fill(ph.p_paddr + ph.p_filesz, std::byte{0}, ph.p_memsz - ph.p_filesz)) {
      return MakeError("cannot place segment " + std::to_string(i));
    }
    any_segment = true;
    loaded.end_paddr = std::max<uint64_t>(loaded.end_paddr, ph.p_paddr + ph.p_memsz);
    if (ehdr.e_entry >= ph.p_vaddr && ehdr.e_entry - ph.p_vaddr < ph.p_memsz) {
      loaded.entry_paddr = static_cast<uint32_t>(ph.p_paddr + (ehdr.e_entry - ph.p_vaddr));
      entry_found = true;
    }
  }
  if (!any_segment) return MakeError("ELF file has no loadable segment");
  if (!entry_found) return MakeError("entry point " + Hex(ehdr.e_entry) + " is in no segment");
  return loaded;
}

Result<BootLayout> PlanBootLayout(uint64_t kernel_end, uint64_t ram_bytes,
                                  std::optional<uint64_t> initrd_bytes,
                                  uint64_t device_tree_bytes) {
  const uint64_t limit = std::min(ram_bytes, kLowMemoryWindow);
  BootLayout layout;
  // Leave a megabyte above the kernel's bss: early boot allocates there.
  uint64_t next = AlignUp(kernel_end + kAlign, kAlign);
  if (initrd_bytes) {
    if (*initrd_bytes > limit || next + *initrd_bytes > limit) {
      return MakeError("the initrd (" + std::to_string(*initrd_bytes) +
                       " bytes) does not fit in guest RAM above the kernel (" +
                       std::to_string(limit) + " bytes usable); use a larger --mem");
    }
    layout.initrd = std::make_pair(next, next + *initrd_bytes);
    next = AlignUp(next + *initrd_bytes, 4096);
  }
  if (next + device_tree_bytes > limit) {
    return MakeError("no room for the device tree in guest RAM; use a larger --mem");
  }
  layout.device_tree_paddr = next;
  return layout;
}

Result<std::vector<uint8_t>> ReadFile(const std::filesystem::path& path, uint64_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return MakeError(path.string() + ": no such file");
  }
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) return MakeError(path.string() + ": " + ec.message());
  if (size > max_bytes) {
    return MakeError(path.string() + ": " + std::to_string(size) + " bytes, more than " +
                     std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> data(size);
  if (!in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(size))) {
    return MakeError(path.string() + ": read failed");
  }
  return data;
}

}  // namespace pvppc::vm
