#include "userspace/initial_stack.h"

#include <elf.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "userspace/memory_layout.h"
#include "userspace/user_memory.h"

namespace pvppc::user {
namespace {

class InitialStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = FlatAddressSpace::Create();
    ASSERT_TRUE(created);
    space_ = std::move(*created);
  }
  std::unique_ptr<FlatAddressSpace> space_;
};

// The initial stack as the ppc32 ABI lays it out: argc at r1, then argv,
// envp and the auxiliary vector.
TEST_F(InitialStackTest, InitialStackHasArgcArgvEnvpAndAuxv) {
  LoadedProgram program;
  program.entry = 0x10000100;
  program.phdr_address = 0x10000034;
  program.phent = 32;
  program.phnum = 7;
  InitialStackSpec spec;
  spec.argv = {"prog", "one", "two words"};
  spec.envp = {"A=1", "PATH=/bin"};
  spec.execfn = "/path/to/prog";
  for (int i = 0; i < 16; ++i) spec.random[i] = static_cast<uint8_t>(i + 1);
  spec.uid = 1000;
  auto sp = BuildInitialStack(*space_, program, spec);
  ASSERT_TRUE(sp) << sp.error().message;
  EXPECT_EQ(*sp % 16, 0u);
  EXPECT_LT(*sp, layout::kStackTop);
  EXPECT_GE(*sp, layout::kStackBottom);
  EXPECT_EQ(space_->permissions(layout::kStackBottom), prot::kRead | prot::kWrite);

  UserMemory m(*space_);
  auto word = [&](uint32_t address) {
    uint32_t v = 0;
    EXPECT_TRUE(m.read_u32(address, v));
    return v;
  };
  auto string_at = [&](uint32_t address) { return m.read_string(address, 4096).value; };
  EXPECT_EQ(word(*sp), 3u);
  EXPECT_EQ(string_at(word(*sp + 4)), "prog");
  EXPECT_EQ(string_at(word(*sp + 8)), "one");
  EXPECT_EQ(string_at(word(*sp + 12)), "two words");
  EXPECT_EQ(word(*sp + 16), 0u);
  EXPECT_EQ(string_at(word(*sp + 20)), "A=1");
  EXPECT_EQ(string_at(word(*sp + 24)), "PATH=/bin");
  EXPECT_EQ(word(*sp + 28), 0u);

  std::map<uint32_t, uint32_t> auxv;
  uint32_t at = *sp + 32;
  EXPECT_EQ(word(at), static_cast<uint32_t>(AT_IGNOREPPC));  // first, as Linux puts it
  for (;; at += 8) {
    if (word(at) == AT_NULL) break;
    auxv[word(at)] = word(at + 4);
  }
  EXPECT_EQ(auxv[AT_PAGESZ], 4096u);
  EXPECT_EQ(auxv[AT_PHDR], 0x10000034u);
  EXPECT_EQ(auxv[AT_PHENT], 32u);
  EXPECT_EQ(auxv[AT_PHNUM], 7u);
  EXPECT_EQ(auxv[AT_ENTRY], 0x10000100u);
  EXPECT_EQ(auxv[AT_UID], 1000u);
  EXPECT_EQ(auxv[AT_SECURE], 0u);
  EXPECT_EQ(auxv[AT_HWCAP], 0x8C008000u);  // 32-bit, FPU, MMU, Book E
  EXPECT_EQ(auxv[AT_DCACHEBSIZE], 32u);
  EXPECT_EQ(auxv[AT_ICACHEBSIZE], 32u);
  EXPECT_EQ(string_at(auxv[AT_PLATFORM]), "ppc440");
  EXPECT_EQ(string_at(auxv[AT_EXECFN]), "/path/to/prog");
  std::byte random[16];
  ASSERT_TRUE(m.read(auxv[AT_RANDOM], random));
  EXPECT_EQ(random[0], std::byte{1});
  EXPECT_EQ(random[15], std::byte{16});
}

TEST_F(InitialStackTest, AnEmptyArgvBecomesOneEmptyArgument) {
  LoadedProgram program;
  auto sp = BuildInitialStack(*space_, program, InitialStackSpec{});
  ASSERT_TRUE(sp);
  UserMemory m(*space_);
  uint32_t argc = 0, argv0 = 0;
  ASSERT_TRUE(m.read_u32(*sp, argc));
  ASSERT_TRUE(m.read_u32(*sp + 4, argv0));
  EXPECT_EQ(argc, 1u);
  EXPECT_EQ(m.read_string(argv0, 10).value, "");
}

TEST_F(InitialStackTest, TooManyArgumentBytesFail) {
  InitialStackSpec spec;
  spec.argv.assign(1, std::string(3 << 20, 'x'));
  EXPECT_FALSE(BuildInitialStack(*space_, LoadedProgram{}, spec));
}

}  // namespace
}  // namespace pvppc::user
