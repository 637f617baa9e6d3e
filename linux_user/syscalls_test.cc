#include "linux_user/syscalls.h"

#include <gtest/gtest.h>

#include <set>

namespace pvppc::user {
namespace {

TEST(SyscallTableTest, NoNumberIsClaimedTwice) {
  std::set<uint32_t> seen;
  for (auto rows : {FileSyscalls(), MemorySyscalls(), ProcessSyscalls(), TimeAndInfoSyscalls()}) {
    for (const SyscallRow& row : rows) {
      EXPECT_TRUE(seen.insert(row.number).second) << row.name << " (" << row.number << ")";
      EXPECT_LT(row.number, kSyscallTableSize) << row.name;
      EXPECT_NE(row.handler, nullptr) << row.name;
    }
  }
}

TEST(SyscallTableTest, KnownNumbersOfThePowerPcTable) {
  // arch/powerpc/kernel/syscalls/syscall.tbl
  const auto& table = SyscallTable();
  EXPECT_EQ(table[3].name, "read");
  EXPECT_EQ(table[4].name, "write");
  EXPECT_EQ(table[11].name, "execve");
  EXPECT_EQ(table[45].name, "brk");
  EXPECT_EQ(table[120].name, "clone");
  EXPECT_EQ(table[192].name, "mmap2");
  EXPECT_EQ(table[195].name, "stat64");
  EXPECT_EQ(table[234].name, "exit_group");
  EXPECT_EQ(table[286].name, "openat");
  EXPECT_EQ(table[291].name, "fstatat64");
  EXPECT_EQ(table[403].name, "clock_gettime64");
  EXPECT_EQ(table[400].handler, nullptr);  // msgsnd: reported as unsupported
}

}  // namespace
}  // namespace pvppc::user
