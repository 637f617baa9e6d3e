/* System-call level behaviour of a user program:
 *   syscalls FILE [ARGS...]
 * reads FILE with open/read/lseek/fstat and prints its size and checksums,
 * writes to stdout with write(2), prints its arguments and the environment
 * variables whose names start with PVPPC_, checks getpid, exercises brk
 * (small mallocs), mmap (large mallocs and direct anonymous mappings) and the
 * time calls (results checked, never printed).
 *
 * Only argv[0]'s last path component is printed, so the program can be run
 * from any directory. Exit codes: 0 all good, 2 usage or unreadable FILE,
 * 1 + number of failed checks otherwise. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static void write_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      tu_failures++;
      return;
    }
    s += w;
    n -= (size_t)w;
  }
}

static void say(const char *s) {
  fflush(stdout); /* keep printf output and raw writes in order */
  write_all(1, s, strlen(s));
}

static int checksum_file(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("cannot open the input file (errno %d)\n", errno);
    return -1;
  }
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  /* Odd-sized reads so that buffer boundaries fall everywhere. */
  static unsigned char buf[1021];
  uint32_t crc = 0, fnv = TU_FNV32_INIT;
  uint64_t total = 0, byte_sum = 0;
  unsigned reads = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      printf("read error (errno %d)\n", errno);
      close(fd);
      return -1;
    }
    if (n == 0) break;
    reads++;
    crc = tu_crc32_update(crc, buf, (size_t)n);
    fnv = tu_fnv1a32(fnv, buf, (size_t)n);
    for (ssize_t i = 0; i < n; i++) byte_sum += buf[i];
    total += (uint64_t)n;
  }
  printf("file: %" PRIu64 " bytes, crc32 %08" PRIx32 ", fnv1a %08" PRIx32 ", byte sum %" PRIu64 "\n", total, crc, fnv,
         byte_sum);
  CHECK((uint64_t)st.st_size == total);
  CHECK(reads == (total + sizeof buf - 1) / sizeof buf);

  /* Seek back and read the last few bytes again. */
  if (total > 0) {
    off_t back = (off_t)(total > 16 ? 16 : total);
    off_t pos = lseek(fd, -back, SEEK_END);
    CHECK(pos == (off_t)total - back);
    unsigned char tail[16];
    ssize_t n = read(fd, tail, sizeof tail);
    CHECK(n == back);
    printf("last %d byte(s) crc32 %08" PRIx32 "\n", (int)n, n > 0 ? tu_crc32(tail, (size_t)n) : 0);
  }
  CHECK(lseek(fd, 0, SEEK_CUR) == (off_t)total);
  CHECK(close(fd) == 0);

  /* The same file through stdio must give the same checksum. */
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL);
  if (f) {
    uint32_t crc2 = 0;
    int c;
    uint64_t n2 = 0;
    while ((c = getc(f)) != EOF) {
      unsigned char ch = (unsigned char)c;
      crc2 = tu_crc32_update(crc2, &ch, 1);
      n2++;
    }
    fclose(f);
    CHECK(crc2 == crc && n2 == total);
  }
  return 0;
}

static void test_errors(void) {
  errno = 0;
  int fd = open("/nonexistent-pvppc-dir/no-such-file", O_RDONLY);
  printf("open(missing) = %d errno %s\n", fd, errno == ENOENT ? "ENOENT" : "other");
  CHECK(fd == -1 && errno == ENOENT);
  errno = 0;
  ssize_t r = read(-1, NULL, 0);
  printf("read(-1) = %d errno %s\n", (int)r, errno == EBADF ? "EBADF" : "other");
  CHECK(r == -1 && errno == EBADF);
  errno = 0;
  CHECK(close(12345) == -1 && errno == EBADF);
}

static void test_process(void) {
  pid_t pid = getpid();
  printf("getpid: %s\n", pid > 0 ? "positive" : "NOT POSITIVE");
  CHECK(pid > 0);
  CHECK(getpid() == pid);
  CHECK(getppid() >= 0);
}

static void test_time(void) {
  /* Checked for sanity, never printed. */
  time_t t1 = time(NULL);
  struct timeval tv;
  CHECK(gettimeofday(&tv, NULL) == 0);
  struct timespec a, b;
  CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0);
  CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
  volatile uint32_t spin = 0;
  for (int i = 0; i < 100000; i++) spin += (uint32_t)i;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
  int monotonic = b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec);
  CHECK(monotonic);
  CHECK(t1 > 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  printf("time calls: %s\n", monotonic && t1 > 0 ? "ok" : "BAD");
}

/* Touches one byte per page plus the last byte; returns their checksum. */
static uint32_t sample_sum(const unsigned char *p, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i < n; i += 4096) sum = sum * 31 + p[i];
  return sum + (n ? p[n - 1] : 0);
}

static uint32_t fill_and_sum(unsigned char *p, size_t n, uint32_t seed) {
  uint32_t s = seed;
  for (size_t i = 0; i < n; i += 4096) p[i] = (unsigned char)tu_xorshift32(&s);
  if (n) p[n - 1] = 0x5A;
  return sample_sum(p, n);
}

static void test_memory(void) {
  /* brk: the program break moves up and back down. */
  void *brk0 = sbrk(0);
  CHECK(brk0 != (void *)-1);
  CHECK(sbrk(65536) == brk0);
  CHECK((char *)sbrk(0) == (char *)brk0 + 65536);
  memset(brk0, 0x77, 65536);
  CHECK(sbrk(-65536) != (void *)-1);
  CHECK(sbrk(0) == brk0);

  /* Many small allocations (heap via brk), freed in a scrambled order. */
  enum { NSMALL = 2000 };
  static unsigned char *small[NSMALL];
  uint32_t s = 77, sum = 0;
  for (int i = 0; i < NSMALL; i++) {
    size_t n = 1 + tu_xorshift32(&s) % 300;
    small[i] = malloc(n);
    CHECK(small[i] != NULL);
    if (!small[i]) return;
    memset(small[i], i & 0xFF, n);
    small[i][n - 1] = (unsigned char)n;
    sum += small[i][0] + small[i][n - 1];
  }
  for (int i = 0; i < NSMALL; i += 2) free(small[i]);
  for (int i = 1; i < NSMALL; i += 2) free(small[i]);
  printf("small allocations: %d, sum %" PRIu32 "\n", NSMALL, sum);

  /* Large allocations: served by mmap. */
  static const size_t big_sizes[] = {200 * 1024, 1024 * 1024, 5 * 1024 * 1024 + 123, 16 * 1024 * 1024};
  for (size_t i = 0; i < sizeof big_sizes / sizeof big_sizes[0]; i++) {
    size_t n = big_sizes[i];
    unsigned char *p = malloc(n);
    CHECK(p != NULL);
    if (!p) continue;
    uint32_t v = fill_and_sum(p, n, (uint32_t)i + 1);
    printf("malloc(%zu): checksum %08" PRIx32 "\n", n, v);
    unsigned char *q = realloc(p, n * 2);
    CHECK(q != NULL);
    if (!q) {
      free(p);
      continue;
    }
    CHECK(sample_sum(q, n) == v); /* realloc kept the contents */
    q[2 * n - 1] = 1;
    free(q);
  }
  unsigned char *z = calloc(3 * 1024 * 1024, 1);
  CHECK(z != NULL);
  if (z) {
    size_t nonzero = 0;
    for (size_t i = 0; i < 3 * 1024 * 1024; i += 512) nonzero += z[i] != 0;
    CHECK(nonzero == 0);
    free(z);
  }

  /* Direct anonymous mappings, including a partial unmap. */
  size_t len = 8 * 4096;
  unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  if (m != MAP_FAILED) {
    CHECK(m[0] == 0 && m[len - 1] == 0);
    uint32_t v = fill_and_sum(m, len, 9);
    printf("mmap 32 KiB: checksum %08" PRIx32 "\n", v);
    CHECK(munmap(m + 4096, 4096) == 0);
    CHECK(munmap(m, len) == 0);
  }
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

int main(int argc, char **argv, char **envp) {
  const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
  base = base ? base + 1 : (argv[0] ? argv[0] : "?");
  printf("program: %s, argc %d\n", base, argc);
  for (int i = 1; i < argc; i++) printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  /* Sorted: runners may pass the environment in any order. */
  enum { MAXENV = 64 };
  const char *env[MAXENV];
  int nenv = 0;
  for (char **e = envp; *e; e++)
    if (strncmp(*e, "PVPPC_", 6) == 0 && nenv < MAXENV) env[nenv++] = *e;
  qsort(env, (size_t)nenv, sizeof env[0], cmp_str);
  for (int i = 0; i < nenv; i++) printf("env: %s\n", env[i]);
  printf("PVPPC_ variables: %d\n", nenv);
  CHECK(argv[argc] == NULL);
  CHECK(getenv("PVPPC_NO_SUCH_VARIABLE_X") == NULL);

  say("write(2) to stdout works\n");
  test_process();
  test_errors();
  test_time();
  test_memory();

  if (argc < 2) {
    printf("usage: %s FILE [ARGS...]\n", base);
    return 2;
  }
  if (checksum_file(argv[1]) != 0) return 2;

  say("done\n");
  printf("syscalls: %d check(s) failed\n", tu_failures);
  fflush(stdout);
  return tu_exit_code();
}
