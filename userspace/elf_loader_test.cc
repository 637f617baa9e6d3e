#include "userspace/elf_loader.h"

#include <elf.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "userspace/memory_layout.h"
#include "userspace/user_memory.h"

namespace pvppc::user {
namespace {

using ::testing::HasSubstr;

// Builds a 32-bit big-endian ELF file by hand, one field at a time, so that
// each test can break exactly one thing.
class ElfBuilder {
 public:
  struct Segment {
    uint32_t type = PT_LOAD;
    uint32_t offset = 0, vaddr = 0, filesz = 0, memsz = 0, flags = PF_R;
  };

  uint8_t elf_class = ELFCLASS32;
  uint8_t data = ELFDATA2MSB;
  uint16_t type = ET_EXEC;
  uint16_t machine = EM_PPC;
  uint32_t entry = 0x10000100;
  uint16_t phentsize = sizeof(Elf32_Phdr);
  std::vector<Segment> segments;
  std::vector<std::byte> payload;  // appended after the headers, at kPayloadOffset

  static constexpr uint32_t kPhoff = sizeof(Elf32_Ehdr);
  static constexpr uint32_t kPayloadOffset = 0x1000;

  std::vector<std::byte> build() const {
    std::vector<std::byte> f(kPayloadOffset + payload.size());
    auto* b = reinterpret_cast<unsigned char*>(f.data());
    std::memcpy(b, ELFMAG, SELFMAG);
    b[EI_CLASS] = elf_class;
    b[EI_DATA] = data;
    b[EI_VERSION] = EV_CURRENT;
    put16(b + 16, type);
    put16(b + 18, machine);
    put32(b + 20, EV_CURRENT);
    put32(b + 24, entry);
    put32(b + 28, kPhoff);
    put16(b + 40, sizeof(Elf32_Ehdr));
    put16(b + 42, phentsize);
    put16(b + 44, static_cast<uint16_t>(segments.size()));
    for (size_t i = 0; i < segments.size(); ++i) {
      unsigned char* p = b + kPhoff + i * sizeof(Elf32_Phdr);
      const Segment& s = segments[i];
      put32(p + 0, s.type);
      put32(p + 4, s.offset);
      put32(p + 8, s.vaddr);
      put32(p + 12, s.vaddr);
      put32(p + 16, s.filesz);
      put32(p + 20, s.memsz);
      put32(p + 24, s.flags);
      put32(p + 28, 0x1000);
    }
    std::memcpy(f.data() + kPayloadOffset, payload.data(), payload.size());
    return f;
  }

  // A typical small program: headers and text in one read-execute segment
  // at 0x10000000, data + bss in a read-write one.
  static ElfBuilder Typical() {
    ElfBuilder e;
    e.payload.resize(0x2000);
    for (size_t i = 0; i < e.payload.size(); ++i) e.payload[i] = std::byte(i * 7 + 1);
    e.segments.push_back({PT_LOAD, 0, 0x10000000, kPayloadOffset + 0x1000, kPayloadOffset + 0x1000,
                          PF_R | PF_X});
    e.segments.push_back({PT_LOAD, kPayloadOffset + 0x1000, 0x10011000, 0x800, 0x3000, PF_R | PF_W});
    e.segments.push_back({PT_GNU_STACK, 0, 0, 0, 0, PF_R | PF_W});
    return e;
  }

 private:
  static void put16(unsigned char* p, uint16_t v) {
    p[0] = v >> 8;
    p[1] = v & 0xff;
  }
  static void put32(unsigned char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = (v >> (24 - 8 * i)) & 0xff;
  }
};

std::string ParseError(const std::vector<std::byte>& file) {
  auto r = ParseElf(file, "prog");
  return r ? "(accepted)" : r.error().message;
}

TEST(ParseElfTest, RejectsWhatIsNotARunnableProgramWithAClearMessage) {
  EXPECT_THAT(ParseError({}), HasSubstr("prog: not an ELF file"));
  const std::string text = "#!/bin/sh\necho hi\n";
  EXPECT_THAT(ParseError(std::vector<std::byte>(reinterpret_cast<const std::byte*>(text.data()),
                                                reinterpret_cast<const std::byte*>(text.data()) + text.size())),
              HasSubstr("not an ELF file"));

  ElfBuilder e = ElfBuilder::Typical();
  e.elf_class = ELFCLASS64;
  EXPECT_THAT(ParseError(e.build()), HasSubstr("64-bit"));

  e = ElfBuilder::Typical();
  e.data = ELFDATA2LSB;
  EXPECT_THAT(ParseError(e.build()), HasSubstr("little-endian"));

  e = ElfBuilder::Typical();
  e.machine = EM_X86_64;
  EXPECT_THAT(ParseError(e.build()), HasSubstr("not a PowerPC program (ELF machine 62)"));

  e = ElfBuilder::Typical();
  e.type = ET_REL;
  EXPECT_THAT(ParseError(e.build()), HasSubstr("object file"));

  e = ElfBuilder::Typical();
  e.type = ET_CORE;
  EXPECT_THAT(ParseError(e.build()), HasSubstr("core dump"));

  e = ElfBuilder::Typical();
  const std::string interp = "/lib/ld.so.1";
  std::memcpy(e.payload.data() + 0x100, interp.c_str(), interp.size() + 1);
  e.segments.insert(e.segments.begin(),
                    {PT_INTERP, ElfBuilder::kPayloadOffset + 0x100, 0, 13, 13, PF_R});
  EXPECT_THAT(ParseError(e.build()), HasSubstr("dynamically linked"));
  EXPECT_THAT(ParseError(e.build()), HasSubstr("/lib/ld.so.1"));

  e = ElfBuilder::Typical();
  e.segments.clear();
  e.segments.push_back({PT_GNU_STACK, 0, 0, 0, 0, PF_R | PF_W});
  EXPECT_THAT(ParseError(e.build()), HasSubstr("no loadable segment"));

  e = ElfBuilder::Typical();
  e.segments[1].filesz = 0x4000;  // more file than memory
  EXPECT_THAT(ParseError(e.build()), HasSubstr("larger in the file than in memory"));

  e = ElfBuilder::Typical();
  e.segments[1].vaddr = layout::kStackBottom;
  EXPECT_THAT(ParseError(e.build()), HasSubstr("overlaps the stack area"));

  e = ElfBuilder::Typical();
  e.phentsize = 40;
  EXPECT_THAT(ParseError(e.build()), HasSubstr("program header size"));
}

TEST(ParseElfTest, RejectsTruncatedFiles) {
  const std::vector<std::byte> whole = ElfBuilder::Typical().build();
  auto prefix = [&](size_t n) { return std::vector<std::byte>(whole.begin(), whole.begin() + n); };
  EXPECT_THAT(ParseError(prefix(10)), HasSubstr("truncated ELF file (no complete identification)"));
  EXPECT_THAT(ParseError(prefix(40)), HasSubstr("the header needs 52 bytes, the file has 40"));
  EXPECT_THAT(ParseError(prefix(60)), HasSubstr("program headers lie past its end"));
  EXPECT_THAT(ParseError(prefix(0x1800)), HasSubstr("segment 0 ends past the end of the file"));
  EXPECT_THAT(ParseError(prefix(0x2400)), HasSubstr("segment 1 ends past the end of the file"));
}

TEST(ParseElfTest, DescribesAGoodProgram) {
  auto image = ParseElf(ElfBuilder::Typical().build(), "prog");
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_FALSE(image->position_independent);
  EXPECT_EQ(image->entry, 0x10000100u);
  EXPECT_EQ(image->phnum, 3u);
  EXPECT_EQ(image->phent, sizeof(Elf32_Phdr));
  // The table lies inside the first segment (offset 52 of a segment at
  // file offset 0).
  EXPECT_EQ(image->phdr_vaddr, 0x10000000u + ElfBuilder::kPhoff);
  EXPECT_FALSE(image->executable_stack);
  ASSERT_EQ(image->segments.size(), 2u);
  EXPECT_EQ(image->segments[0].permissions, prot::kRead | prot::kExec);
  EXPECT_EQ(image->segments[1].permissions, prot::kRead | prot::kWrite);
}

class PlaceElfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = FlatAddressSpace::Create();
    ASSERT_TRUE(created);
    space_ = std::move(*created);
  }
  std::unique_ptr<FlatAddressSpace> space_;
};

TEST_F(PlaceElfTest, MapsSegmentsWithTheirPermissionsAndZeroesBss) {
  const ElfBuilder builder = ElfBuilder::Typical();
  const std::vector<std::byte> file = builder.build();
  auto image = ParseElf(file, "prog");
  ASSERT_TRUE(image);
  auto program = PlaceElf(*image, file, *space_);
  ASSERT_TRUE(program) << program.error().message;
  EXPECT_EQ(program->entry, 0x10000100u);
  EXPECT_EQ(program->phdr_address, 0x10000034u);
  EXPECT_EQ(program->brk, 0x10014000u);
  EXPECT_EQ(space_->permissions(0x10000000), prot::kRead | prot::kExec);
  EXPECT_EQ(space_->permissions(0x10011000), prot::kRead | prot::kWrite);
  EXPECT_EQ(space_->permissions(0x10013000), prot::kRead | prot::kWrite);
  EXPECT_FALSE(space_->is_mapped(0x10014000));
  EXPECT_FALSE(space_->is_mapped(0x10002000));

  UserMemory m(*space_);
  std::byte b[1];
  ASSERT_TRUE(m.read(0x10000000 + ElfBuilder::kPayloadOffset + 5, b));
  EXPECT_EQ(b[0], builder.payload[5]);
  ASSERT_TRUE(m.read(0x10011000 + 0x7ff, b));  // last file byte of the data segment
  EXPECT_EQ(b[0], builder.payload[0x1000 + 0x7ff]);
  ASSERT_TRUE(m.read(0x10011000 + 0x800, b));  // first bss byte
  EXPECT_EQ(b[0], std::byte{0});
  uint32_t magic;
  ASSERT_TRUE(m.read_u32(0x10000000, magic));
  EXPECT_EQ(magic, 0x7F454C46u);  // the headers are mapped too, as Linux maps them
}

TEST_F(PlaceElfTest, SegmentsSharingAPageKeepBothContentsAndPermissions) {
  ElfBuilder e;
  e.payload.resize(0x1000);
  for (size_t i = 0; i < e.payload.size(); ++i) e.payload[i] = std::byte(0xA0 | (i & 0xf));
  e.entry = 0x10001000;
  e.segments.push_back({PT_LOAD, ElfBuilder::kPayloadOffset, 0x10001000, 0x800, 0x800, PF_R | PF_X});
  e.segments.push_back({PT_LOAD, ElfBuilder::kPayloadOffset + 0x800, 0x10001800, 0x800, 0x1000,
                        PF_R | PF_W});
  const std::vector<std::byte> file = e.build();
  auto image = ParseElf(file, "prog");
  ASSERT_TRUE(image);
  EXPECT_TRUE(image->executable_stack);  // no PT_GNU_STACK
  auto program = PlaceElf(*image, file, *space_);
  ASSERT_TRUE(program);
  EXPECT_EQ(space_->permissions(0x10001000), prot::kAll);
  EXPECT_EQ(space_->permissions(0x10002000), prot::kRead | prot::kWrite);
  UserMemory m(*space_);
  std::byte b[1];
  ASSERT_TRUE(m.read(0x10001003, b));
  EXPECT_EQ(b[0], std::byte{0xA3});
  ASSERT_TRUE(m.read(0x10001805, b));
  EXPECT_EQ(b[0], std::byte{0xA5});
  EXPECT_EQ(program->phdr_address, 0u);  // the table is in no segment
}

TEST_F(PlaceElfTest, StaticPieGetsTheLoadBias) {
  ElfBuilder e = ElfBuilder::Typical();
  e.type = ET_DYN;
  for (auto& s : e.segments) {
    if (s.type == PT_LOAD) s.vaddr -= 0x10000000;
  }
  e.entry = 0x100;
  const std::vector<std::byte> file = e.build();
  auto image = ParseElf(file, "prog");
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_TRUE(image->position_independent);
  auto program = PlaceElf(*image, file, *space_);
  ASSERT_TRUE(program);
  EXPECT_EQ(program->load_bias, kStaticPieLoadBias);
  EXPECT_EQ(program->entry, kStaticPieLoadBias + 0x100);
  EXPECT_EQ(program->phdr_address, kStaticPieLoadBias + ElfBuilder::kPhoff);
  EXPECT_TRUE(space_->is_mapped(kStaticPieLoadBias));
}

}  // namespace
}  // namespace pvppc::user
