/* pvppc-guest-bench: micro-benchmarks of a guest Linux system, run inside the
 * guest (installed as /usr/bin/pvppc-guest-bench in //:rootfs).
 *
 *   pvppc-guest-bench [--scale X] [--list] [NAME...]
 *
 * Runs every benchmark (or only the NAMEs given) and prints, for each,
 *
 *   bench: <name> <operations> <total_ns> <ns_per_op>
 *
 * then "bench: done". Times are CLOCK_MONOTONIC. The operation counts are
 * sized so that each benchmark takes roughly 0.2-2 s on a slow emulator (QEMU
 * TCG bamboo, pvppc's interpreter); --scale multiplies them (0.1 for a quick
 * run, 10 on real hardware). The results are self-checked (prime count, matrix
 * product, sums): a wrong answer is reported on stderr and the exit status is
 * 1. Exit status 2: bad command line.
 *
 * From the kernel command line: pvppc.run=/usr/bin/pvppc-guest-bench,--scale,0.5
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE_BYTES 4096u

static double g_scale = 1.0;
static int g_failed = 0;

/* Results go here so that the compiler keeps the work. */
static volatile uint32_t g_sink;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The operation count for a benchmark: base * --scale, at least 1. */
static unsigned long scaled(unsigned long base) {
  double n = (double)base * g_scale;
  return n < 1.0 ? 1ul : (unsigned long)n;
}

static void report(const char *name, unsigned long ops, uint64_t ns) {
  printf("bench: %s %lu %llu %.3f\n", name, ops, (unsigned long long)ns, (double)ns / (double)ops);
  fflush(stdout);
}

static void fail(const char *name, const char *fmt, unsigned long long got,
                 unsigned long long want) {
  fprintf(stderr, "pvppc-guest-bench: %s: ", name);
  fprintf(stderr, fmt, got, want);
  fputc('\n', stderr);
  g_failed = 1;
}

/* ---- null system call: getppid() in a loop ---- */
static void bench_syscall(void) {
  const unsigned long n = scaled(150000);
  const pid_t parent = getppid();
  unsigned long wrong = 0;
  const uint64_t t0 = now_ns();
  for (unsigned long i = 0; i < n; i++) {
    /* glibc does not cache getppid: every call enters the kernel. */
    if (getppid() != parent) wrong++;
  }
  const uint64_t t1 = now_ns();
  if (wrong) fail("syscall", "%llu of %llu getppid() calls returned another pid", wrong, n);
  report("syscall", n, t1 - t0);
}

/* ---- fork + _exit + waitpid ---- */
static void bench_fork(void) {
  const unsigned long n = scaled(300);
  const uint64_t t0 = now_ns();
  for (unsigned long i = 0; i < n; i++) {
    const pid_t pid = fork();
    if (pid == 0) _exit((int)(i & 0x7f));
    if (pid < 0) {
      fprintf(stderr, "pvppc-guest-bench: fork: fork failed: %s\n", strerror(errno));
      g_failed = 1;
      return;
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != (int)(i & 0x7f)) {
      fail("fork", "child %llu: wait status %#llx", i, (unsigned long long)status);
    }
  }
  const uint64_t t1 = now_ns();
  report("fork", n, t1 - t0);
}

/* ---- page touch: mmap anonymous memory, write one byte per page, munmap ---- */
static void bench_page_touch(void) {
  const unsigned long pages_per_map = 1024; /* 4 MiB per mapping */
  const unsigned long rounds = scaled(16);
  const size_t bytes = pages_per_map * PAGE_BYTES;
  uint32_t check = 0;
  const uint64_t t0 = now_ns();
  for (unsigned long r = 0; r < rounds; r++) {
    unsigned char *p =
        mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      fprintf(stderr, "pvppc-guest-bench: page_touch: mmap failed: %s\n", strerror(errno));
      g_failed = 1;
      return;
    }
    for (unsigned long i = 0; i < pages_per_map; i++) p[i * PAGE_BYTES] = (unsigned char)(i | 1);
    check += p[(pages_per_map - 1) * PAGE_BYTES] + p[PAGE_BYTES - 1];
    munmap(p, bytes);
  }
  const uint64_t t1 = now_ns();
  /* Last page written with (1023 | 1) & 0xff = 0xff, the tail of page 0 is
   * untouched, so zero. */
  if (check != rounds * 0xffu)
    fail("page_touch", "checksum %llu, want %llu", check, rounds * 0xffu);
  report("page_touch", rounds * pages_per_map, t1 - t0);
}

/* ---- sieve of Eratosthenes over a 2 MB byte array ---- */
#define SIEVE_LIMIT (2u * 1024u * 1024u)
#define SIEVE_PRIMES 155611u /* primes below 2^21 */

static unsigned long sieve_once(unsigned char *composite) {
  memset(composite, 0, SIEVE_LIMIT);
  for (unsigned long i = 2; i * i < SIEVE_LIMIT; i++)
    if (!composite[i])
      for (unsigned long j = i * i; j < SIEVE_LIMIT; j += i) composite[j] = 1;
  unsigned long count = 0;
  for (unsigned long i = 2; i < SIEVE_LIMIT; i++) count += !composite[i];
  return count;
}

static void bench_sieve(void) {
  const unsigned long n = scaled(1);
  unsigned char *composite = malloc(SIEVE_LIMIT);
  if (!composite) {
    fprintf(stderr, "pvppc-guest-bench: sieve: out of memory\n");
    g_failed = 1;
    return;
  }
  memset(composite, 0, SIEVE_LIMIT); /* fault the array in: this measures the sieve */
  const uint64_t t0 = now_ns();
  for (unsigned long r = 0; r < n; r++) {
    const unsigned long count = sieve_once(composite);
    if (count != SIEVE_PRIMES)
      fail("sieve", "%llu primes below 2^21, want %llu", count, SIEVE_PRIMES);
  }
  const uint64_t t1 = now_ns();
  free(composite);
  report("sieve", n, t1 - t0);
}

/* ---- memory: sum and copy over an 8 MiB buffer (operation = 1 KiB) ---- */
#define MEM_BYTES (8u * 1024u * 1024u)

static uint32_t sum_words(const uint32_t *w, size_t count) {
  /* Four accumulators: a loop limited by loads, not by one add chain. */
  uint32_t a = 0, b = 0, c = 0, d = 0;
  for (size_t i = 0; i < count; i += 4) {
    a += w[i];
    b += w[i + 1];
    c += w[i + 2];
    d += w[i + 3];
  }
  return a + b + c + d;
}

static void bench_memory(void) {
  uint32_t *buf = malloc(MEM_BYTES);
  if (!buf) {
    fprintf(stderr, "pvppc-guest-bench: mem: out of memory\n");
    g_failed = 1;
    return;
  }
  const size_t words = MEM_BYTES / 4;
  for (size_t i = 0; i < words; i++) buf[i] = (uint32_t)i;
  /* Sum of 0..words-1, modulo 2^32. */
  const uint32_t want = (uint32_t)((uint64_t)words * (words - 1) / 2);

  const unsigned long sum_passes = scaled(16);
  uint64_t t0 = now_ns();
  for (unsigned long r = 0; r < sum_passes; r++) {
    const uint32_t s = sum_words(buf, words);
    if (s != want) fail("mem_sum", "sum %#llx, want %#llx", s, want);
    g_sink = s;
  }
  uint64_t t1 = now_ns();
  report("mem_sum", sum_passes * (MEM_BYTES / 1024), t1 - t0);

  /* Copy one half of the buffer onto the other and back: 8 MiB per pass. */
  const size_t half = MEM_BYTES / 2;
  unsigned char *bytes = (unsigned char *)buf;
  const unsigned long copy_passes = scaled(4);
  t0 = now_ns();
  for (unsigned long r = 0; r < copy_passes; r++) {
    memcpy(bytes + half, bytes, half);
    memcpy(bytes, bytes + half, half);
  }
  t1 = now_ns();
  const uint32_t s = sum_words(buf, words / 2);
  const uint32_t want_half = (uint32_t)((uint64_t)(words / 2) * (words / 2 - 1) / 2);
  if (s != want_half || buf[words / 2 + 7] != 7)
    fail("mem_copy", "checksum %#llx, want %#llx", s, want_half);
  report("mem_copy", copy_passes * (MEM_BYTES / 1024), t1 - t0);
  free(buf);
}

/* ---- floating point: double matrix multiply (operation = multiply-add) ---- */
#define MAT_N 64

static double ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];

__attribute__((noinline)) static void matmul(void) {
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) mc[i][j] = 0.0;
  for (int i = 0; i < MAT_N; i++)
    for (int k = 0; k < MAT_N; k++) {
      const double a = ma[i][k];
      for (int j = 0; j < MAT_N; j++) mc[i][j] += a * mb[k][j];
    }
}

static void bench_fp(void) {
  /* Small integers scaled by 0.5 and 0.25: every product and sum is exact in
   * double, fused or not, so the result can be checked exactly. */
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      ma[i][j] = (double)((i * 3 + j) % 7) * 0.5;
      mb[i][j] = (double)((i + j * 5) % 11) * 0.25;
    }
  double want_trace = 0.0;
  for (int i = 0; i < MAT_N; i++)
    for (int k = 0; k < MAT_N; k++) want_trace += ma[i][k] * mb[k][i];

  const unsigned long rounds = scaled(40);
  const uint64_t t0 = now_ns();
  for (unsigned long r = 0; r < rounds; r++) {
    matmul();
    double trace = 0.0;
    for (int i = 0; i < MAT_N; i++) trace += mc[i][i];
    if (trace != want_trace)
      fail("fp_matmul", "trace %llu, want %llu", (unsigned long long)trace,
           (unsigned long long)want_trace);
  }
  const uint64_t t1 = now_ns();
  report("fp_matmul", rounds * MAT_N * MAT_N * MAT_N, t1 - t0);
}

static const struct {
  const char *name;
  void (*run)(void);
  const char *about;
} kBenchmarks[] = {
    {"syscall", bench_syscall, "getppid() loop; per call"},
    {"fork", bench_fork, "fork + _exit + waitpid; per child"},
    {"page_touch", bench_page_touch,
     "mmap 4 MiB anonymous, write a byte per page, munmap; per page"},
    {"sieve", bench_sieve, "sieve of Eratosthenes over 2 MiB of bytes; per pass"},
    {"mem", bench_memory, "mem_sum / mem_copy over an 8 MiB buffer; per KiB"},
    {"fp", bench_fp, "fp_matmul: 64x64 double matrix multiply; per multiply-add"},
};
#define NUM_BENCHMARKS (sizeof kBenchmarks / sizeof kBenchmarks[0])

static int usage(void) {
  fprintf(stderr, "usage: pvppc-guest-bench [--scale X] [--list] [NAME...]\n");
  return 2;
}

int main(int argc, char **argv) {
  int selected[NUM_BENCHMARKS] = {0};
  int any_selected = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
      char *end = NULL;
      g_scale = strtod(argv[++i], &end);
      if (*end != '\0' || !(g_scale > 0.0)) return usage();
    } else if (strcmp(argv[i], "--list") == 0) {
      for (size_t b = 0; b < NUM_BENCHMARKS; b++)
        printf("%-11s %s\n", kBenchmarks[b].name, kBenchmarks[b].about);
      return 0;
    } else {
      size_t b = 0;
      while (b < NUM_BENCHMARKS && strcmp(argv[i], kBenchmarks[b].name) != 0) b++;
      if (b == NUM_BENCHMARKS) {
        fprintf(stderr, "pvppc-guest-bench: unknown benchmark %s (--list)\n", argv[i]);
        return usage();
      }
      selected[b] = 1;
      any_selected = 1;
    }
  }
  for (size_t b = 0; b < NUM_BENCHMARKS; b++)
    if (!any_selected || selected[b]) kBenchmarks[b].run();
  printf("bench: done\n");
  return g_failed ? 1 : 0;
}
