/* mmstress: the memory-management paths a TLB (or pvppc's PV MMU) must keep
 * coherent, at a scale no 64-entry TLB covers: 8 processes at once, each
 * with 1024 pages that it fills, forks over (copy-on-write both ways),
 * write-protects, partly unmaps and maps again, switching between them all
 * the while; then 300 short-lived processes one after another, so that
 * address-space (context) numbers are reused for new page tables. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

#define WORKERS 8
#define WORKER_PAGES 1024
#define CHUNK_PAGES 64
#define SHORT_LIVED 300

static size_t page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static uint32_t pattern(uint32_t who, size_t page, uint32_t generation) {
  return (who << 24) ^ (uint32_t)(page * 2654435761u) ^ (generation << 16);
}

/* One word per 256 bytes: every page and the whole of each page's lines. */
static void fill(uint32_t *p, size_t pages, uint32_t who, uint32_t generation) {
  const size_t words = page_size() / sizeof(uint32_t);
  for (size_t pg = 0; pg < pages; pg++) {
    for (size_t w = 0; w < words; w += 64) p[pg * words + w] = pattern(who, pg, generation) + (uint32_t)w;
  }
}

static size_t count_bad(const uint32_t *p, size_t first, size_t pages, uint32_t who, uint32_t generation) {
  const size_t words = page_size() / sizeof(uint32_t);
  size_t bad = 0;
  for (size_t pg = first; pg < first + pages; pg++) {
    for (size_t w = 0; w < words; w += 64) {
      bad += p[pg * words + w] != pattern(who, pg, generation) + (uint32_t)w;
    }
  }
  return bad;
}

/* Returns the number of failed checks; runs in its own process. */
static int worker(uint32_t who) {
  const size_t len = WORKER_PAGES * page_size();
  const size_t chunk = CHUNK_PAGES * page_size();
  int failures = 0;
  uint32_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  char *bytes = (char *)p;

  for (uint32_t round = 1; round <= 3; round++) {
    fill(p, WORKER_PAGES, who, round);
    sched_yield();
    failures += count_bad(p, 0, WORKER_PAGES, who, round) != 0;

    /* Copy-on-write: the child rewrites everything, the parent keeps its
     * data; then the parent rewrites while the child still checks. */
    pid_t child = fork();
    if (child == 0) {
      size_t bad = count_bad(p, 0, WORKER_PAGES, who, round);
      fill(p, WORKER_PAGES, who, round + 100);
      bad += count_bad(p, 0, WORKER_PAGES, who, round + 100);
      _exit(bad == 0 ? 0 : 1);
    }
    fill(p, WORKER_PAGES / 2, who, round + 200);
    int status = tg_wait(child);
    failures += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    failures += count_bad(p, 0, WORKER_PAGES / 2, who, round + 200) != 0;
    failures += count_bad(p, WORKER_PAGES / 2, WORKER_PAGES / 2, who, round) != 0;

    /* Write-protect every other chunk: reads still work, writes fault. */
    for (size_t c = 0; c < WORKER_PAGES / CHUNK_PAGES; c += 2) {
      failures += mprotect(bytes + c * chunk, chunk, PROT_READ) != 0;
    }
    sched_yield();
    for (size_t c = 0; c < WORKER_PAGES / CHUNK_PAGES; c++) {
      failures += tg_probe(bytes + c * chunk + 8, 1, NULL, NULL) != (c % 2 == 0 ? SIGSEGV : 0);
      failures += tg_probe(bytes + c * chunk + 8, 0, NULL, NULL) != 0;
    }

    /* Unmap the protected chunks: every access there faults; map them
     * again (zero-filled) and make everything writable. */
    for (size_t c = 0; c < WORKER_PAGES / CHUNK_PAGES; c += 2) {
      failures += munmap(bytes + c * chunk, chunk) != 0;
    }
    for (size_t c = 0; c < WORKER_PAGES / CHUNK_PAGES; c += 2) {
      failures += tg_probe(bytes + c * chunk + 4 * page_size(), 0, NULL, NULL) != SIGSEGV;
    }
    for (size_t c = 0; c < WORKER_PAGES / CHUNK_PAGES; c += 2) {
      void *again = mmap(bytes + c * chunk, chunk, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
      failures += again != bytes + c * chunk;
      failures += ((uint32_t *)again)[17] != 0;
    }
    failures += mprotect(p, len, PROT_READ | PROT_WRITE) != 0;
  }
  munmap(p, len);
  return failures;
}

void group_mmstress(void) {
  pid_t pids[WORKERS];
  fflush(stdout);
  for (uint32_t i = 0; i < WORKERS; i++) {
    pids[i] = fork();
    if (pids[i] == 0) _exit(worker(i + 1) == 0 ? 0 : 1);
  }
  int ok = 0;
  for (int i = 0; i < WORKERS; i++) {
    int status = tg_wait(pids[i]);
    ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  EXPECT_EQ(ok, WORKERS,
            "%d processes at once, %d pages each: fill, copy-on-write both ways, mprotect, munmap and "
            "map again, all data as written and every forbidden access faulting",
            WORKERS, WORKER_PAGES);

  /* More processes than there are context numbers: each new address space
   * must see only its own pages. */
  static uint32_t shared_word; /* in the data segment: copied on write */
  int good = 0;
  for (uint32_t i = 0; i < SHORT_LIVED; i++) {
    shared_word = i;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      uint32_t *q = mmap(NULL, 16 * page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (q == MAP_FAILED) _exit(1);
      fill(q, 16, i & 0xff, 7);
      size_t bad = count_bad(q, 0, 16, i & 0xff, 7) + (shared_word != i);
      shared_word = ~i;
      _exit(bad == 0 ? 0 : 1);
    }
    int status = tg_wait(pid);
    good += WIFEXITED(status) && WEXITSTATUS(status) == 0 && shared_word == i;
  }
  EXPECT_EQ(good, SHORT_LIVED, "%d processes one after another each see only their own memory", SHORT_LIVED);
}
