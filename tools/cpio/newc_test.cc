#include "tools/cpio/newc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

namespace pvppc::cpio {
namespace {

using ::testing::HasSubstr;

std::vector<Entry> Parse(std::string_view manifest) {
  std::vector<Entry> entries;
  std::string error;
  EXPECT_TRUE(ParseManifest(manifest, &entries, &error)) << error;
  return entries;
}

std::string ParseError(std::string_view manifest) {
  std::vector<Entry> entries;
  std::string error;
  EXPECT_FALSE(ParseManifest(manifest, &entries, &error)) << manifest;
  return error;
}

std::vector<Member> Read(std::string_view archive) {
  std::vector<Member> members;
  std::string error;
  EXPECT_TRUE(ReadNewc(archive, &members, &error)) << error;
  return members;
}

TEST(ParseManifest, EveryKindOfEntry) {
  auto entries = Parse(
      "# a comment\n"
      "\n"
      "dir /dev 0755\n"
      "  nod  /dev/console\t0600 c 5 1  \n"
      "nod /dev/vda 0660 b 254 0\n"
      "dir /bin 0755\n"
      "file /bin/busybox 04755 some/where/busybox\n"
      "slink /bin/sh busybox\n");
  ASSERT_EQ(entries.size(), 6u);
  EXPECT_EQ(entries[0].type, EntryType::kDirectory);
  EXPECT_EQ(entries[0].path, "/dev");
  EXPECT_EQ(entries[0].permissions, 0755u);
  EXPECT_EQ(entries[0].line, 3);
  EXPECT_EQ(entries[1].type, EntryType::kCharDevice);
  EXPECT_EQ(entries[1].path, "/dev/console");
  EXPECT_EQ(entries[1].permissions, 0600u);
  EXPECT_EQ(entries[1].major, 5u);
  EXPECT_EQ(entries[1].minor, 1u);
  EXPECT_EQ(entries[2].type, EntryType::kBlockDevice);
  EXPECT_EQ(entries[2].major, 254u);
  EXPECT_EQ(entries[4].type, EntryType::kFile);
  EXPECT_EQ(entries[4].permissions, 04755u);
  EXPECT_EQ(entries[4].source, "some/where/busybox");
  EXPECT_EQ(entries[5].type, EntryType::kSymlink);
  EXPECT_EQ(entries[5].target, "busybox");
  EXPECT_EQ(entries[5].permissions, 0777u);

  EXPECT_EQ(ModeOf(entries[0]), S_IFDIR | 0755u);
  EXPECT_EQ(ModeOf(entries[1]), S_IFCHR | 0600u);
  EXPECT_EQ(ModeOf(entries[2]), S_IFBLK | 0660u);
  EXPECT_EQ(ModeOf(entries[4]), S_IFREG | 04755u);
  EXPECT_EQ(ModeOf(entries[5]), S_IFLNK | 0777u);
}

TEST(ParseManifest, NoTrailingNewlineAndEmpty) {
  EXPECT_EQ(Parse("dir /a 0700").size(), 1u);
  EXPECT_TRUE(Parse("").empty());
  EXPECT_TRUE(Parse("# only\n\n   \n").empty());
}

TEST(ParseManifest, ErrorsNameTheLine) {
  EXPECT_EQ(ParseError("dir /a 0755\nfifo /a/p 0644\n"), "line 2: unknown entry type `fifo` (dir, file, slink, nod)");
  EXPECT_THAT(ParseError("dir /a\n"), HasSubstr("line 1: expected `dir PATH MODE`"));
  EXPECT_THAT(ParseError("file /a 0644\n"), HasSubstr("expected `file PATH MODE SOURCE`"));
  EXPECT_THAT(ParseError("slink /a b c\n"), HasSubstr("expected `slink PATH TARGET`"));
  EXPECT_THAT(ParseError("nod /a 0600 c 5\n"), HasSubstr("expected `nod PATH MODE c|b MAJOR MINOR`"));
}

TEST(ParseManifest, RejectsBadModes) {
  for (const char* mode : {"0800", "755x", "010000", "", "-1", "0x1ed"}) {
    std::string manifest = std::string("dir /a ") + mode + "\n";
    if (*mode == '\0') {
      EXPECT_THAT(ParseError(manifest), HasSubstr("expected"));
    } else {
      EXPECT_THAT(ParseError(manifest), HasSubstr("bad mode")) << mode;
    }
  }
}

TEST(ParseManifest, RejectsBadPaths) {
  for (const char* path : {"a", "/", "/a/", "//a", "/a//b", "/./a", "/a/..", "/a/../b"}) {
    EXPECT_THAT(ParseError(std::string("dir /a 0755\ndir ") + path + " 0755\n"), HasSubstr("bad path")) << path;
  }
}

TEST(ParseManifest, RejectsBadDevices) {
  EXPECT_THAT(ParseError("nod /x 0600 p 1 2\n"), HasSubstr("device type must be c or b"));
  EXPECT_THAT(ParseError("nod /x 0600 c 4096 0\n"), HasSubstr("bad device number 4096,0"));
  EXPECT_THAT(ParseError("nod /x 0600 c 1 1048576\n"), HasSubstr("bad device number"));
  EXPECT_EQ(Parse("nod /x 0600 c 4095 1048575\n").size(), 1u);
}

TEST(ParseManifest, ParentsMustBeDeclaredDirectoriesFirst) {
  EXPECT_THAT(ParseError("file /bin/sh 0755 x\n"),
              HasSubstr("line 1: the parent of /bin/sh is not a directory declared on an earlier line"));
  EXPECT_THAT(ParseError("file /bin/sh 0755 x\ndir /bin 0755\n"), HasSubstr("the parent of /bin/sh"));
  // A symlink or file is no parent.
  EXPECT_THAT(ParseError("slink /bin usr/bin\nfile /bin/sh 0755 x\n"), HasSubstr("line 2: the parent"));
  EXPECT_EQ(Parse("dir /usr 0755\ndir /usr/bin 0755\nfile /usr/bin/t 0755 x\n").size(), 3u);
}

TEST(ParseManifest, RejectsDuplicates) {
  EXPECT_EQ(ParseError("dir /a 0755\nslink /a b\n"), "line 2: /a appears twice");
}

TEST(NewcWriter, ExactBytesOfASmallArchive) {
  auto entries = Parse("dir /d 0755\nfile /d/f 0644 unused\n");
  NewcWriter writer(0x5f5e1000);
  std::string error;
  ASSERT_TRUE(writer.Add(entries[0], "", &error));
  ASSERT_TRUE(writer.Add(entries[1], "hello", &error));
  std::string archive = writer.Finish();

  std::string expected;
  // dir "d": ino 1, mode 040755, nlink 2, namesize 2. 110 + 2 = 112 bytes.
  expected += "070701" "00000001" "000041ED" "00000000" "00000000" "00000002" "5F5E1000" "00000000"
              "00000000" "00000000" "00000000" "00000000" "00000002" "00000000";
  expected += std::string("d\0", 2);
  // file "d/f": ino 2, mode 0100644, size 5, namesize 4. 110 + 4 = 114 -> pad 2.
  expected += "070701" "00000002" "000081A4" "00000000" "00000000" "00000001" "5F5E1000" "00000005"
              "00000000" "00000000" "00000000" "00000000" "00000004" "00000000";
  expected += std::string("d/f\0\0\0", 6);
  expected += std::string("hello\0\0\0", 8);
  // Trailer: everything zero but nlink 1 and namesize 11. 110 + 11 = 121 -> pad 3.
  expected += "070701" "00000000" "00000000" "00000000" "00000000" "00000001" "00000000" "00000000"
              "00000000" "00000000" "00000000" "00000000" "0000000B" "00000000";
  expected += std::string("TRAILER!!!\0\0\0\0", 14);
  EXPECT_EQ(archive, expected);
  EXPECT_EQ(archive.size() % 4, 0u);
}

TEST(NewcWriter, RoundTripsEveryKind) {
  auto entries = Parse(
      "dir /dev 0755\n"
      "nod /dev/console 0600 c 5 1\n"
      "nod /dev/vda 0660 b 254 3\n"
      "dir /bin 0755\n"
      "file /bin/busybox 0755 x\n"
      "slink /bin/sh busybox\n");
  NewcWriter writer(1234);
  std::string error;
  for (const auto& e : entries) {
    std::string data = e.type == EntryType::kFile ? std::string("\x7f" "ELF\0\1", 6) : e.target;
    ASSERT_TRUE(writer.Add(e, data, &error)) << error;
  }
  auto members = Read(writer.Finish());
  ASSERT_EQ(members.size(), entries.size());
  for (size_t i = 0; i < members.size(); i++) {
    SCOPED_TRACE(members[i].name);
    EXPECT_EQ("/" + members[i].name, entries[i].path);
    EXPECT_EQ(members[i].ino, i + 1);
    EXPECT_EQ(members[i].mode, ModeOf(entries[i]));
    EXPECT_EQ(members[i].uid, 0u);
    EXPECT_EQ(members[i].gid, 0u);
    EXPECT_EQ(members[i].mtime, 1234u);
    EXPECT_EQ(members[i].nlink, entries[i].type == EntryType::kDirectory ? 2u : 1u);
    EXPECT_EQ(members[i].dev_major, 0u);
  }
  EXPECT_EQ(members[1].rdev_major, 5u);
  EXPECT_EQ(members[1].rdev_minor, 1u);
  EXPECT_EQ(members[2].rdev_major, 254u);
  EXPECT_EQ(members[2].rdev_minor, 3u);
  EXPECT_EQ(members[0].rdev_major, 0u);
  EXPECT_EQ(members[4].data, std::string("\x7f" "ELF\0\1", 6));
  EXPECT_EQ(members[5].data, "busybox");

  EXPECT_EQ(Describe(members[0]), "d 0755 0/0 0 /dev");
  EXPECT_EQ(Describe(members[1]), "c 0600 0/0 5,1 /dev/console");
  EXPECT_EQ(Describe(members[2]), "b 0660 0/0 254,3 /dev/vda");
  EXPECT_EQ(Describe(members[4]), "- 0755 0/0 6 /bin/busybox");
  EXPECT_EQ(Describe(members[5]), "l 0777 0/0 7 /bin/sh -> busybox");
}

TEST(NewcWriter, EveryNameAndDataLengthStaysAligned) {
  std::string manifest = "dir /d 0755\n";
  for (int n = 1; n <= 9; n++) manifest += "file /d/" + std::string(n, 'a' + n) + " 0644 x\n";
  auto entries = Parse(manifest);
  NewcWriter writer(0);
  std::string error;
  for (size_t i = 0; i < entries.size(); i++) {
    ASSERT_TRUE(writer.Add(entries[i], std::string(i % 6, 'z'), &error));
  }
  std::string archive = writer.Finish();
  EXPECT_EQ(archive.size() % 4, 0u);
  auto members = Read(archive);
  ASSERT_EQ(members.size(), entries.size());
  for (size_t i = 0; i < members.size(); i++) EXPECT_EQ(members[i].data, std::string(i % 6, 'z'));
}

TEST(NewcWriter, SameInputSameBytes) {
  auto entries = Parse("dir /a 0755\nslink /a/b c\n");
  auto build = [&] {
    NewcWriter writer(7);
    std::string error;
    for (const auto& e : entries) EXPECT_TRUE(writer.Add(e, e.target, &error));
    return writer.Finish();
  };
  EXPECT_EQ(build(), build());
}

TEST(ReadNewc, RejectsDamagedArchives) {
  auto entries = Parse("dir /a 0755\n");
  NewcWriter writer(0);
  std::string error;
  ASSERT_TRUE(writer.Add(entries[0], "", &error));
  const std::string good = writer.Finish();
  std::vector<Member> members;

  EXPECT_FALSE(ReadNewc(good.substr(0, good.size() - 128), &members, &error));
  EXPECT_THAT(error, HasSubstr("no trailer"));

  std::string bad_magic = good;
  bad_magic[5] = '2';
  EXPECT_FALSE(ReadNewc(bad_magic, &members, &error));
  EXPECT_THAT(error, HasSubstr("offset 0: bad magic"));

  std::string bad_hex = good;
  bad_hex[6] = 'g';
  EXPECT_FALSE(ReadNewc(bad_hex, &members, &error));
  EXPECT_THAT(error, HasSubstr("bad hex field"));

  std::string unterminated = good;
  unterminated[110 + 1] = 'x';  // the NUL after "a"
  EXPECT_FALSE(ReadNewc(unterminated, &members, &error));
  EXPECT_THAT(error, HasSubstr("not NUL-terminated"));

  EXPECT_FALSE(ReadNewc("", &members, &error));
}

}  // namespace
}  // namespace pvppc::cpio
