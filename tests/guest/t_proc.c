/* proc: /proc reflects the running system (guest Linux only; a user-mode
 * emulator shows the host's). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

/* Reads a whole (small) file into a static buffer; NULL on failure. */
static const char *slurp(const char *path) {
  static char buf[65536];
  int fd = open(path, O_RDONLY);
  if (fd < 0) return NULL;
  size_t n = tg_read_all(fd, buf, sizeof buf - 1);
  close(fd);
  buf[n] = '\0';
  return buf;
}

/* The value after "key" at the start of a line, or -1. */
static long field(const char *text, const char *key) {
  size_t len = strlen(key);
  for (const char *line = text; line != NULL && *line != '\0';) {
    if (strncmp(line, key, len) == 0) return strtol(line + len, NULL, 10);
    line = strchr(line, '\n');
    if (line != NULL) line++;
  }
  return -1;
}

void group_proc(void) {
  const char *status = slurp("/proc/self/status");
  EXPECT(status != NULL, "/proc/self/status is readable");
  if (status != NULL) {
    EXPECT_EQ(field(status, "Pid:"), getpid(), "/proc/self/status Pid is getpid()");
    EXPECT_EQ(field(status, "PPid:"), getppid(), "/proc/self/status PPid is getppid()");
    EXPECT(strstr(status, "Name:\tpvppc-guest-t") != NULL, "/proc/self/status names this program");
  }

  const char *meminfo = slurp("/proc/meminfo");
  EXPECT(meminfo != NULL, "/proc/meminfo is readable");
  if (meminfo != NULL) {
    long total = field(meminfo, "MemTotal:");
    long free_kb = field(meminfo, "MemFree:");
    EXPECT(total > 16 * 1024 && total < 4 * 1024 * 1024, "/proc/meminfo MemTotal is plausible (%ld kB)", total);
    EXPECT(free_kb > 0 && free_kb < total, "/proc/meminfo MemFree is below MemTotal (%ld kB)", free_kb);
  }

  const char *cpuinfo = slurp("/proc/cpuinfo");
  EXPECT(cpuinfo != NULL, "/proc/cpuinfo is readable");
  if (cpuinfo != NULL) {
    EXPECT(strstr(cpuinfo, "440") != NULL, "/proc/cpuinfo mentions the 440");
    EXPECT(strstr(cpuinfo, "processor\t: 0") != NULL, "/proc/cpuinfo lists processor 0");
    EXPECT(strstr(cpuinfo, "processor\t: 1") == NULL, "/proc/cpuinfo lists one processor");
  }

  const char *maps = slurp("/proc/self/maps");
  EXPECT(maps != NULL && strstr(maps, "[stack]") != NULL, "/proc/self/maps shows the stack");

  const char *uptime = slurp("/proc/uptime");
  EXPECT(uptime != NULL && strtod(uptime, NULL) > 0, "/proc/uptime is positive");

  char link[256] = {0};
  ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
  EXPECT(n > 0 && strstr(link, "pvppc-guest-tests") != NULL, "/proc/self/exe points at this program (%s)", link);

  const char *mounts = slurp("/proc/mounts");
  EXPECT(mounts != NULL && strstr(mounts, " /proc proc ") != NULL, "/proc/mounts lists /proc");
  EXPECT(mounts != NULL && strstr(mounts, " /dev devtmpfs ") != NULL, "/proc/mounts lists devtmpfs on /dev");
  EXPECT(mounts != NULL && strstr(mounts, " /tmp tmpfs ") != NULL, "/proc/mounts lists tmpfs on /tmp");
  EXPECT(mounts != NULL && strstr(mounts, " /sys sysfs ") != NULL, "/proc/mounts lists sysfs on /sys");
}
