/* basic: process identity, uname, files on tmpfs, lseek, stat, /dev/null. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

#define FILE_SIZE 10000

static void fill_pattern(unsigned char *buf, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)(i * 7 + seed + (i >> 8));
}

static void test_identity(void) {
  pid_t pid = getpid();
  EXPECT(pid > 0, "getpid() is positive");
  EXPECT_EQ(getpid(), pid, "getpid() is stable");
  EXPECT(getppid() > 0, "getppid() is positive");
  EXPECT_EQ(getuid(), geteuid(), "getuid() == geteuid()");

  struct utsname u;
  EXPECT_OK(uname(&u), "uname() succeeds");
  EXPECT(strcmp(u.sysname, "Linux") == 0, "uname sysname is Linux (got %s)", u.sysname);
  EXPECT(strcmp(u.machine, "ppc") == 0, "uname machine is ppc (got %s)", u.machine);
  EXPECT(u.release[0] >= '0' && u.release[0] <= '9', "uname release starts with a digit (got %s)", u.release);
}

static void test_files(void) {
  static unsigned char data[FILE_SIZE], back[FILE_SIZE];
  fill_pattern(data, sizeof data, 3);
  const char *path = tg_path(0, "file");

  int fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0640);
  EXPECT_OK(fd, "open(O_CREAT|O_EXCL) creates a file on tmpfs");
  EXPECT_EQ(write(fd, data, 1000), 1000, "write() of 1000 bytes");
  EXPECT_EQ(write(fd, data + 1000, FILE_SIZE - 1000), FILE_SIZE - 1000, "write() of the remaining 9000 bytes");
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), FILE_SIZE, "lseek(SEEK_CUR) is at the end after writing");
  EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0, "lseek(SEEK_SET, 0)");
  memset(back, 0, sizeof back);
  EXPECT_EQ(read(fd, back, sizeof back), FILE_SIZE, "read() returns the whole file");
  EXPECT(memcmp(back, data, sizeof data) == 0, "read() returns what write() wrote");
  EXPECT_EQ(read(fd, back, 16), 0, "read() at the end returns 0");
  EXPECT_EQ(lseek(fd, -100, SEEK_END), FILE_SIZE - 100, "lseek(SEEK_END, -100)");
  EXPECT_EQ(read(fd, back, 200), 100, "read() near the end is short");
  EXPECT(memcmp(back, data + FILE_SIZE - 100, 100) == 0, "the short read has the last 100 bytes");
  EXPECT_EQ(lseek(fd, 5000, SEEK_SET), 5000, "lseek(SEEK_SET, 5000)");
  EXPECT_EQ(lseek(fd, -1000, SEEK_CUR), 4000, "lseek(SEEK_CUR, -1000)");
  EXPECT_EQ(read(fd, back, 10), 10, "read() after seeking");
  EXPECT(memcmp(back, data + 4000, 10) == 0, "read() after seeking returns the right bytes");
  EXPECT_EQ(pwrite(fd, "XYZ", 3, 20), 3, "pwrite() at offset 20");
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 4010, "pwrite() leaves the offset alone");
  char xyz[4] = {0};
  EXPECT_EQ(pread(fd, xyz, 3, 20), 3, "pread() at offset 20");
  EXPECT(memcmp(xyz, "XYZ", 3) == 0, "pread() sees the pwrite()");
  errno = 0;
  EXPECT(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL, "lseek() to a negative offset fails with EINVAL");

  struct stat st, fst;
  EXPECT_OK(stat(path, &st), "stat() of the file");
  EXPECT(S_ISREG(st.st_mode), "stat() says regular file");
  EXPECT_EQ(st.st_mode & 07777, 0640, "stat() has the mode given to open (umask 022 keeps 0640)");
  EXPECT_EQ(st.st_size, FILE_SIZE, "stat() size");
  EXPECT_EQ(st.st_nlink, 1, "stat() link count");
  EXPECT_OK(fstat(fd, &fst), "fstat() of the open file");
  EXPECT(st.st_ino == fst.st_ino && st.st_dev == fst.st_dev, "stat() and fstat() name the same inode");
  EXPECT_OK(ftruncate(fd, 4096), "ftruncate() to 4096");
  EXPECT_OK(fstat(fd, &fst), "fstat() after ftruncate");
  EXPECT_EQ(fst.st_size, 4096, "ftruncate() changed the size");

  int fd2 = dup(fd);
  EXPECT(fd2 > fd, "dup() returns a new descriptor");
  EXPECT_EQ(lseek(fd2, 0, SEEK_CUR), lseek(fd, 0, SEEK_CUR), "dup()ed descriptors share the offset");
  EXPECT_OK(close(fd2), "close() of the dup");
  EXPECT_OK(close(fd), "close()");
  errno = 0;
  EXPECT(close(fd) == -1 && errno == EBADF, "close() of a closed descriptor fails with EBADF");

  const char *renamed = tg_path(1, "renamed");
  EXPECT_OK(rename(path, renamed), "rename()");
  errno = 0;
  EXPECT(stat(path, &st) == -1 && errno == ENOENT, "the old name is gone after rename()");
  EXPECT_OK(stat(renamed, &st), "the new name exists after rename()");
  EXPECT_OK(unlink(renamed), "unlink()");
  errno = 0;
  EXPECT(open(renamed, O_RDONLY) == -1 && errno == ENOENT, "open() of an unlinked file fails with ENOENT");

  const char *dir = tg_path(2, "dir");
  EXPECT_OK(mkdir(dir, 0755), "mkdir()");
  EXPECT_OK(stat(dir, &st), "stat() of the directory");
  EXPECT(S_ISDIR(st.st_mode), "stat() says directory");
  errno = 0;
  EXPECT(mkdir(dir, 0755) == -1 && errno == EEXIST, "mkdir() of an existing directory fails with EEXIST");
  char cwd[512];
  EXPECT_OK(chdir(dir), "chdir()");
  EXPECT(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, dir) == 0, "getcwd() after chdir()");
  int rel = open("relative", O_CREAT | O_WRONLY, 0600);
  EXPECT_OK(rel, "open() of a relative path in the new cwd");
  close(rel);
  EXPECT_OK(unlink("relative"), "unlink() of a relative path");
  EXPECT_OK(chdir("/"), "chdir(\"/\")");
  EXPECT_OK(rmdir(dir), "rmdir()");
}

static void test_dev_null(void) {
  int fd = open("/dev/null", O_RDWR);
  EXPECT_OK(fd, "open(/dev/null)");
  EXPECT_EQ(write(fd, "discard", 7), 7, "write() to /dev/null");
  char c;
  EXPECT_EQ(read(fd, &c, 1), 0, "read() from /dev/null is EOF");
  struct stat st;
  EXPECT(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode), "/dev/null is a character device");
  close(fd);
}

void group_basic(void) {
  umask(022);
  test_identity();
  test_files();
  test_dev_null();
}
