#include "userspace/guest_structs.h"

#include <fcntl.h>
#include <gtest/gtest.h>

namespace pvppc::user {
namespace {

// Offsets of 32-bit PowerPC's struct stat64 (asm/stat.h), as the cross
// compiler lays it out.
TEST(GuestStructsTest, Stat64Layout) {
  struct stat st {};
  st.st_dev = 0x0801;
  st.st_ino = 0x1122334455667788ull;
  st.st_mode = S_IFREG | 0644;
  st.st_nlink = 2;
  st.st_uid = 1000;
  st.st_gid = 100;
  st.st_rdev = 0x0103;
  st.st_size = 0x123456789ll;
  st.st_blksize = 4096;
  st.st_blocks = 8;
  st.st_atim = {1700000000, 5};
  st.st_mtim = {1700000001, 6};
  st.st_ctim = {1700000002, 7};
  const GuestStat64 g = EncodeStat64(st);
  EXPECT_EQ(g.size(), 104u);
  EXPECT_EQ(g.get64(0), 0x0801u);
  EXPECT_EQ(g.get64(8), 0x1122334455667788ull);
  EXPECT_EQ(g.get32(16), static_cast<uint32_t>(S_IFREG | 0644));
  EXPECT_EQ(g.get32(20), 2u);
  EXPECT_EQ(g.get32(24), 1000u);
  EXPECT_EQ(g.get32(28), 100u);
  EXPECT_EQ(g.get64(32), 0x0103u);
  EXPECT_EQ(g.get64(48), 0x123456789ull);
  EXPECT_EQ(g.get32(56), 4096u);
  EXPECT_EQ(g.get64(64), 8u);
  EXPECT_EQ(g.get32(72), 1700000000u);
  EXPECT_EQ(g.get32(76), 5u);
  EXPECT_EQ(g.get32(80), 1700000001u);
  EXPECT_EQ(g.get32(88), 1700000002u);
  EXPECT_EQ(g.get32(92), 7u);
  // Big-endian in memory: the mode's high byte comes first.
  EXPECT_EQ(g.bytes()[16 + 2], std::byte{0x81});
}

TEST(GuestStructsTest, StatxIsTheSameLayoutInBigEndian) {
  struct statx sx {};
  sx.stx_mask = 0x7ff;
  sx.stx_blksize = 512;
  sx.stx_nlink = 3;
  sx.stx_uid = 7;
  sx.stx_gid = 8;
  sx.stx_mode = S_IFDIR | 0755;
  sx.stx_ino = 99;
  sx.stx_size = 1 << 20;
  sx.stx_mtime = {1234, 56, 0};
  sx.stx_dev_major = 8;
  sx.stx_dev_minor = 1;
  const GuestStatx g = EncodeStatx(sx);
  EXPECT_EQ(g.get32(0), 0x7ffu);
  EXPECT_EQ(g.get32(4), 512u);
  EXPECT_EQ(g.get32(16), 3u);
  EXPECT_EQ(g.get32(20), 7u);
  EXPECT_EQ(g.get32(24), 8u);
  EXPECT_EQ(g.get16(28), S_IFDIR | 0755);
  EXPECT_EQ(g.get64(32), 99u);
  EXPECT_EQ(g.get64(40), 1u << 20);
  EXPECT_EQ(g.get64(112), 1234u);
  EXPECT_EQ(g.get32(120), 56u);
  EXPECT_EQ(g.get32(136), 8u);
  EXPECT_EQ(g.get32(140), 1u);
}

TEST(GuestStructsTest, OpenFlagsThatDifferAreTranslated) {
  // PowerPC: O_DIRECTORY 040000, O_NOFOLLOW 0100000, O_LARGEFILE 0200000.
  EXPECT_EQ(HostOpenFlags(040000 | 0100000), O_DIRECTORY | O_NOFOLLOW);
  EXPECT_EQ(HostOpenFlags(O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NONBLOCK | O_CLOEXEC),
            O_CREAT | O_EXCL | O_TRUNC | O_APPEND | O_NONBLOCK | O_CLOEXEC);
  // The host kernel reports O_LARGEFILE (0100000 on x86-64) from F_GETFL;
  // the guest must not read it as O_NOFOLLOW.
  EXPECT_EQ(GuestOpenFlags(O_RDWR | 0100000), static_cast<uint32_t>(O_RDWR | 0200000));
  EXPECT_EQ(GuestOpenFlags(O_DIRECTORY), 040000u);
  for (uint32_t guest : {0u, 1u, 2u, 0100u, 02000u, 040000u, 0100000u, 0400000u, 02000000u}) {
    EXPECT_EQ(GuestOpenFlags(HostOpenFlags(guest)), guest) << std::oct << guest;
  }
}

TEST(GuestStructsTest, TermiosUsesPowerPCFlagsAndControlCharacterOrder) {
  struct termios host {};
  host.c_iflag = ICRNL | IXON;
  host.c_oflag = OPOST | ONLCR;
  host.c_cflag = CS8 | CREAD | B38400;
  host.c_lflag = ISIG | ICANON | ECHO | IEXTEN;
  host.c_cc[VINTR] = 3;
  host.c_cc[VMIN] = 1;
  host.c_cc[VTIME] = 0;
  host.c_cc[VEOF] = 4;
  cfsetispeed(&host, B38400);
  cfsetospeed(&host, B38400);
  const GuestTermios g = EncodeTermios(host);
  EXPECT_EQ(g.get32(0), 0x100u | 0x200u);           // ICRNL, IXON
  EXPECT_EQ(g.get32(4), 0x1u | 0x2u);               // OPOST, ONLCR
  EXPECT_EQ(g.get32(8), 0x300u | 0x800u | 0xfu);    // CS8, CREAD, B38400
  EXPECT_EQ(g.get32(12), 0x80u | 0x100u | 0x8u | 0x400u);  // ISIG ICANON ECHO IEXTEN
  EXPECT_EQ(g.get8(16 + 0), 3u);  // VINTR
  EXPECT_EQ(g.get8(16 + 4), 4u);  // VEOF
  EXPECT_EQ(g.get8(16 + 5), 1u);  // VMIN is 5 on PowerPC
  EXPECT_EQ(g.get32(36), 0xfu);

  const struct termios back = DecodeTermios(g, host);
  EXPECT_EQ(back.c_iflag, host.c_iflag);
  EXPECT_EQ(back.c_oflag, host.c_oflag);
  EXPECT_EQ(back.c_lflag, host.c_lflag);
  EXPECT_EQ(back.c_cflag & (CSIZE | CREAD | CBAUD), host.c_cflag & (CSIZE | CREAD | CBAUD));
  EXPECT_EQ(back.c_cc[VMIN], 1);
  EXPECT_EQ(back.c_cc[VEOF], 4);
}

TEST(GuestStructsTest, RusageSysinfoAndTimespecs) {
  struct rusage ru {};
  ru.ru_utime = {3, 4};
  ru.ru_maxrss = 1234;
  ru.ru_nivcsw = 9;
  const GuestRusage r = EncodeRusage(ru);
  EXPECT_EQ(r.get32(0), 3u);
  EXPECT_EQ(r.get32(4), 4u);
  EXPECT_EQ(r.get32(16), 1234u);
  EXPECT_EQ(r.get32(68), 9u);

  struct sysinfo si {};
  si.uptime = 100;
  si.totalram = 64ull << 30;  // 64 GiB in bytes does not fit 32 bits
  si.freeram = 1ull << 30;
  si.procs = 300;
  si.mem_unit = 1;
  const GuestSysinfo s = EncodeSysinfo(si);
  EXPECT_EQ(s.get32(0), 100u);
  EXPECT_EQ(s.get16(40), 300u);
  const uint64_t unit = s.get32(52);
  EXPECT_GT(unit, 1u);
  EXPECT_EQ(uint64_t{s.get32(16)} * unit, 64ull << 30);
  EXPECT_EQ(uint64_t{s.get32(20)} * unit, 1ull << 30);

  const timespec t{0x123456789, 999};
  EXPECT_EQ(DecodeTimespec64(EncodeTimespec64(t)).tv_sec, 0x123456789);
  EXPECT_EQ(DecodeTimespec64(EncodeTimespec64(t)).tv_nsec, 999);
  EXPECT_EQ(EncodeTimespec32(t).get32(0), 0x23456789u);
  EXPECT_EQ(DecodeTimespec32(EncodeTimespec32({-1, 5})).tv_sec, -1);
}

}  // namespace
}  // namespace pvppc::user
