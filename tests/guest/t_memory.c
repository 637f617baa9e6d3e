/* mmap: anonymous and file-backed (tmpfs) mappings, MAP_PRIVATE and
 * MAP_SHARED, munmap, mprotect, PROT_NONE, code written into a page and run.
 * cow: copy-on-write after fork over more pages than the 440's 64 TLB
 * entries, in both directions. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

static size_t page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static void test_anonymous(void) {
  size_t ps = page_size();
  EXPECT_EQ(ps, 4096, "the page size is 4 KiB");
  size_t len = 16 * ps;
  unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT(p != MAP_FAILED, "mmap() of 16 anonymous pages");
  if (p == MAP_FAILED) return;
  EXPECT_EQ(((uintptr_t)p) % ps, 0, "the mapping is page-aligned");
  int zero = 1;
  for (size_t i = 0; i < len; i++) zero &= p[i] == 0;
  EXPECT(zero, "anonymous memory starts zeroed");
  for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i ^ (i >> 12));
  int same = 1;
  for (size_t i = 0; i < len; i++) same &= p[i] == (unsigned char)(i ^ (i >> 12));
  EXPECT(same, "anonymous memory keeps what was written");

  /* Unmap the middle: both neighbours stay, the hole faults. */
  EXPECT_OK(munmap(p + 4 * ps, 4 * ps), "munmap() of 4 pages in the middle");
  int code = 0;
  void *addr = NULL;
  EXPECT_EQ(tg_probe(p + 5 * ps + 8, 0, &code, &addr), SIGSEGV, "reading unmapped memory raises SIGSEGV");
  EXPECT_EQ(code, SEGV_MAPERR, "si_code is SEGV_MAPERR for an unmapped page");
  EXPECT(addr == p + 5 * ps + 8, "si_addr is the faulting address");
  EXPECT_EQ(tg_probe(p + 3 * ps, 0, NULL, NULL), 0, "the page before the hole is still mapped");
  EXPECT_EQ(p[8 * ps + 1], (unsigned char)((8 * ps + 1) ^ 8), "the page after the hole still holds its data");

  /* MAP_FIXED over the hole gives fresh zero pages. */
  unsigned char *q = mmap(p + 4 * ps, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  EXPECT(q == p + 4 * ps, "mmap(MAP_FIXED) refills the hole");
  EXPECT_EQ(q[5], 0, "the refilled page is zero");
  EXPECT_OK(munmap(p, len), "munmap() of the whole range");
  EXPECT_EQ(tg_probe(p, 1, &code, NULL), SIGSEGV, "writing after munmap() raises SIGSEGV");
}

static void test_mprotect(void) {
  size_t ps = page_size();
  unsigned char *p = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT(p != MAP_FAILED, "mmap() of 2 pages");
  if (p == MAP_FAILED) return;
  p[0] = 11;
  p[ps] = 22;
  int code = 0;
  EXPECT_OK(mprotect(p, ps, PROT_READ), "mprotect(PROT_READ) of the first page");
  EXPECT_EQ(tg_probe(p + 1, 1, &code, NULL), SIGSEGV, "writing a PROT_READ page raises SIGSEGV");
  EXPECT_EQ(code, SEGV_ACCERR, "si_code is SEGV_ACCERR");
  EXPECT_EQ(p[0], 11, "the read-only page still reads its data");
  EXPECT_EQ(tg_probe(p + ps + 1, 1, NULL, NULL), 0, "the second page is still writable");
  EXPECT_OK(mprotect(p, ps, PROT_NONE), "mprotect(PROT_NONE)");
  EXPECT_EQ(tg_probe(p, 0, &code, NULL), SIGSEGV, "reading a PROT_NONE page raises SIGSEGV");
  EXPECT_OK(mprotect(p, 2 * ps, PROT_READ | PROT_WRITE), "mprotect(PROT_READ|PROT_WRITE) of both pages");
  EXPECT_EQ(tg_probe(p + 1, 1, NULL, NULL), 0, "the first page is writable again");
  EXPECT(p[0] == 11 && p[ps] == 22, "the data survived the protection changes");
  munmap(p, 2 * ps);
}

static void test_file_mappings(void) {
  size_t ps = page_size();
  const char *path = tg_path(0, "mapped");
  int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
  EXPECT_OK(fd, "create a file on tmpfs");
  static unsigned char buf[3 * 4096];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 13 + 1);
  EXPECT_EQ(write(fd, buf, sizeof buf), (long)sizeof buf, "write 3 pages into it");

  unsigned char *shared = mmap(NULL, 3 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  EXPECT(shared != MAP_FAILED, "mmap(MAP_SHARED) of the file");
  unsigned char *priv = mmap(NULL, 3 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  EXPECT(priv != MAP_FAILED, "mmap(MAP_PRIVATE) of the file");
  if (shared == MAP_FAILED || priv == MAP_FAILED) return;
  EXPECT(memcmp(shared, buf, sizeof buf) == 0, "the shared mapping shows the file");
  EXPECT(memcmp(priv, buf, sizeof buf) == 0, "the private mapping shows the file");

  shared[ps + 10] = 0xAB;
  EXPECT_OK(msync(shared, 3 * ps, MS_SYNC), "msync()");
  unsigned char c = 0;
  EXPECT(pread(fd, &c, 1, (off_t)ps + 10) == 1 && c == 0xAB, "a store through MAP_SHARED reaches the file");
  EXPECT_EQ(priv[ps + 10], 0xAB, "an untouched MAP_PRIVATE page sees the file's new contents");

  priv[2 * ps + 5] = 0xCD;
  EXPECT(pread(fd, &c, 1, 2 * (off_t)ps + 5) == 1 && c == buf[2 * ps + 5],
         "a store through MAP_PRIVATE does not reach the file");
  EXPECT_EQ(shared[2 * ps + 5], buf[2 * ps + 5], "nor the shared mapping");

  unsigned char v = 0x77;
  EXPECT_EQ(pwrite(fd, &v, 1, 20), 1, "pwrite() into the file");
  EXPECT_EQ(shared[20], 0x77, "the shared mapping sees a write() to the file");
  EXPECT_EQ(priv[2 * ps + 5], 0xCD, "the private copy keeps its own data");

  /* Beyond the end of the file (inside the last mapped page): SIGBUS. */
  EXPECT_OK(ftruncate(fd, (off_t)ps), "ftruncate() the file to one page");
  int sig = tg_probe(shared + 2 * ps, 0, NULL, NULL);
  EXPECT_EQ(sig, SIGBUS, "touching a mapped page past the end of the file raises SIGBUS");
  munmap(shared, 3 * ps);
  munmap(priv, 3 * ps);

  /* A shared file mapping between two processes. */
  EXPECT_OK(ftruncate(fd, (off_t)ps), "keep one page");
  unsigned char *m = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  EXPECT(m != MAP_FAILED, "map the page shared again");
  if (m == MAP_FAILED) return;
  m[0] = 0;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 100; i++) m[100 + i] = (unsigned char)i;
    m[0] = 1;
    _exit(0);
  }
  tg_wait(pid);
  int ok = m[0] == 1;
  for (int i = 0; i < 100; i++) ok &= m[100 + i] == (unsigned char)i;
  EXPECT(ok, "a child's stores through a MAP_SHARED file mapping are seen by the parent");
  munmap(m, ps);
  close(fd);
  unlink(path);
}

static void test_shared_anonymous(void) {
  size_t ps = page_size();
  volatile uint32_t *m = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  EXPECT(m != MAP_FAILED, "mmap(MAP_SHARED|MAP_ANONYMOUS)");
  if (m == MAP_FAILED) return;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    m[1] = 0xC0FFEE;
    __atomic_store_n(&m[0], 1, __ATOMIC_RELEASE);
    /* Wait for the parent's answer through the same page. */
    int64_t start = tg_now_ns();
    while (__atomic_load_n(&m[2], __ATOMIC_ACQUIRE) != 2 && tg_now_ns() - start < 5000000000LL) sched_yield();
    _exit(m[2] == 2 ? 0 : 1);
  }
  int64_t start = tg_now_ns();
  while (__atomic_load_n(&m[0], __ATOMIC_ACQUIRE) != 1 && tg_now_ns() - start < 5000000000LL) sched_yield();
  EXPECT(m[0] == 1 && m[1] == 0xC0FFEE, "the parent sees the child's stores in shared anonymous memory");
  __atomic_store_n(&m[2], 2, __ATOMIC_RELEASE);
  int status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child sees the parent's store (status 0x%x)", status);
  munmap((void *)m, ps);
}

/* Makes freshly stored instructions visible to instruction fetch, as the
 * 440's non-coherent caches require (PPC440x5 UM, "Instruction Cache
 * Coherency"): write the data cache line back, invalidate the instruction
 * cache line, then isync. GCC's __builtin___clear_cache emits nothing for
 * 32-bit PowerPC Linux, so it is spelled out here. */
static void sync_icache(void *p) {
  __asm__ volatile("dcbst 0,%0\n\tsync\n\ticbi 0,%0\n\tsync\n\tisync" : : "r"(p) : "memory");
}

/* Writes PowerPC code into a page, makes it executable and calls it, then
 * rewrites it: the instruction cache must see the new code. */
static void test_code_in_mapped_pages(void) {
  size_t ps = page_size();
  uint32_t *code = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT(code != MAP_FAILED, "mmap() a page for code");
  if (code == MAP_FAILED) return;
  code[0] = 0x38600000u | 42; /* li r3, 42 */
  code[1] = 0x4E800020u;      /* blr */
  sync_icache(code);
  EXPECT_OK(mprotect(code, ps, PROT_READ | PROT_EXEC), "mprotect(PROT_READ|PROT_EXEC)");
  int (*fn)(void) = (int (*)(void))(void *)code;
  EXPECT_EQ(fn(), 42, "calling code written into a mapped page");

  EXPECT_OK(mprotect(code, ps, PROT_READ | PROT_WRITE), "make the code page writable again");
  code[0] = 0x38600000u | 43; /* li r3, 43 */
  sync_icache(code);
  EXPECT_OK(mprotect(code, ps, PROT_READ | PROT_EXEC), "and executable");
  EXPECT_EQ(fn(), 43, "the rewritten code runs (dcbst/icbi honoured)");

  EXPECT_OK(mprotect(code, ps, PROT_READ), "mprotect(PROT_READ) removes execute permission");
  int sig = 0;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGSEGV, SIG_DFL);
    fn();
    _exit(0);
  }
  int status = tg_wait(pid);
  sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  EXPECT_EQ(sig, SIGSEGV, "calling into a non-executable page raises SIGSEGV");
  munmap(code, ps);
}

void group_mmap(void) {
  test_anonymous();
  test_mprotect();
  test_file_mappings();
  test_shared_anonymous();
  test_code_in_mapped_pages();
}

/* ---- cow ------------------------------------------------------------------- */

#define COW_PAGES 256

static uint32_t cow_word(size_t page, size_t word, uint32_t generation) {
  return (uint32_t)(page * 0x9E3779B1u) ^ (uint32_t)(word * 0x85EBCA77u) ^ generation;
}

static void cow_fill(uint32_t *p, uint32_t generation) {
  size_t words = page_size() / 4;
  for (size_t pg = 0; pg < COW_PAGES; pg++) {
    for (size_t w = 0; w < words; w += 64) p[pg * words + w] = cow_word(pg, w, generation);
  }
}

/* Returns how many sampled words differ from `generation`. */
static int cow_check(const uint32_t *p, uint32_t generation) {
  size_t words = page_size() / 4;
  int bad = 0;
  for (size_t pg = 0; pg < COW_PAGES; pg++) {
    for (size_t w = 0; w < words; w += 64) bad += p[pg * words + w] != cow_word(pg, w, generation);
  }
  return bad;
}

void group_cow(void) {
  size_t len = COW_PAGES * page_size();
  uint32_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT(p != MAP_FAILED, "mmap() of %d pages (1 MiB)", COW_PAGES);
  if (p == MAP_FAILED) return;
  cow_fill(p, 1);

  /* The child writes every page; the parent must keep generation 1. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int before = cow_check(p, 1);
    cow_fill(p, 2);
    int after = cow_check(p, 2);
    _exit(before == 0 && after == 0 ? 0 : 1);
  }
  int status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
         "the child sees the parent's data and then its own writes in all %d pages (status 0x%x)", COW_PAGES,
         status);
  EXPECT_EQ(cow_check(p, 1), 0, "the parent still sees its own data in all %d pages after the child wrote them",
            COW_PAGES);

  /* Now the parent writes while a child holds the old copy. */
  int go[2], done[2];
  pipe(go);
  pipe(done);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    char c;
    read(go[0], &c, 1); /* the parent has written generation 3 */
    int bad = cow_check(p, 1);
    cow_fill(p, 4); /* and the child's own writes */
    bad += cow_check(p, 4);
    write(done[1], "d", 1);
    _exit(bad == 0 ? 0 : 1);
  }
  cow_fill(p, 3);
  write(go[1], "g", 1);
  char c;
  read(done[0], &c, 1);
  status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
         "a child keeps the pre-fork data while the parent rewrites all pages (status 0x%x)", status);
  EXPECT_EQ(cow_check(p, 3), 0, "the parent sees only its own writes afterwards");

  /* Several generations of children, each forking from the last. */
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    int bad = 0;
    for (uint32_t gen = 10; gen < 14; gen++) {
      pid_t grandchild = fork();
      if (grandchild == 0) {
        bad = cow_check(p, gen == 10 ? 3 : gen - 1);
        cow_fill(p, gen);
        continue; /* the grandchild goes on to fork the next generation */
      }
      int st = tg_wait(grandchild);
      _exit(bad == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && cow_check(p, gen == 10 ? 3 : gen - 1) == 0 ? 0
                                                                                                          : 1);
    }
    _exit(bad == 0 && cow_check(p, 13) == 0 ? 0 : 1);
  }
  status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
         "a chain of 4 forked generations each sees its parent's data and keeps its own (status 0x%x)", status);
  EXPECT_EQ(cow_check(p, 3), 0, "the original parent's pages are untouched by the chain");
  munmap(p, len);
}
