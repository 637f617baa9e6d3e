/* pvppc-guest-tests: the runner and the helpers of guest_test.h.
 *
 *   pvppc-guest-tests            run every group
 *   pvppc-guest-tests GROUP...   run only these groups
 *   pvppc-guest-tests --list     list the groups
 *
 * Exit status 0 when every check passed, 1 otherwise, 2 for bad usage. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

/* Longest a group may take before it counts as hung. Generous: the whole
 * suite takes a few seconds even on an emulator. */
#define GROUP_TIMEOUT_SECONDS 60

static const struct {
  const char *name;
  void (*run)(void);
  const char *about;
} kGroups[] = {
    {"basic", group_basic, "getpid, uname, files on tmpfs, lseek, stat, /dev/null"},
    {"process", group_process, "fork, exit status, waitpid, signals as exit reasons"},
    {"exec", group_exec, "execve of /bin/true, /bin/false and of the suite itself"},
    {"signals", group_signals, "sigaction, sigprocmask, timers, EINTR, SIGSEGV + siglongjmp"},
    {"mmap", group_mmap, "anonymous and file mappings, munmap, mprotect, code in mapped pages"},
    {"cow", group_cow, "copy-on-write after fork over 256 pages"},
    {"mmstress", group_mmstress, "8 processes x 1024 pages: COW, mprotect, munmap; 300 address spaces"},
    {"threads", group_threads, "pthreads, atomics, mutex, condition variable, TLS"},
    {"fp", group_fp, "double/float arithmetic, sqrt, conversions, rounding, FP across switches"},
    {"time", group_time, "clocks, nanosleep accuracy"},
    {"pipes", group_pipes, "pipes between processes, > 64 KiB transfers, EOF, EPIPE, poll"},
    {"proc", group_proc, "/proc/self/status, /proc/meminfo, /proc/cpuinfo, /proc/self/maps"},
};
#define NUM_GROUPS (sizeof kGroups / sizeof kGroups[0])

/* Counters shared between the runner and the group processes. */
static struct {
  int passed;
  int failed;
} *counts;

static const char *current_group = "?";
const char *tg_self = "/proc/self/exe";

static void vreport(int ok, const char *what, va_list ap, const char *detail_fmt, ...) {
  char text[512];
  vsnprintf(text, sizeof text, what, ap);
  char detail[512] = "";
  if (!ok) {
    va_list dp;
    va_start(dp, detail_fmt);
    vsnprintf(detail, sizeof detail, detail_fmt, dp);
    va_end(dp);
  }
  __atomic_fetch_add(ok ? &counts->passed : &counts->failed, 1, __ATOMIC_SEQ_CST);
  if (ok) {
    printf("ok   %s: %s\n", current_group, text);
  } else {
    printf("FAIL %s: %s [%s]\n", current_group, text, detail);
  }
  fflush(stdout);
}

static const char *basename_of(const char *file) {
  const char *slash = strrchr(file, '/');
  return slash ? slash + 1 : file;
}

void tg_report(int ok, const char *file, int line, const char *expr, const char *what, ...) {
  int saved_errno = errno;
  va_list ap;
  va_start(ap, what);
  vreport(ok, what, ap, "%s:%d: %s; errno %d (%s)", basename_of(file), line, expr, saved_errno,
          strerror(saved_errno));
  va_end(ap);
  errno = saved_errno;
}

void tg_report_eq(int ok, const char *file, int line, const char *a_expr, const char *b_expr, long long a,
                  long long b, const char *what, ...) {
  int saved_errno = errno;
  va_list ap;
  va_start(ap, what);
  vreport(ok, what, ap, "%s:%d: %s == %s; got %lld (0x%llx), expected %lld (0x%llx); errno %d", basename_of(file),
          line, a_expr, b_expr, a, (unsigned long long)a, b, (unsigned long long)b, saved_errno);
  va_end(ap);
  errno = saved_errno;
}

/* ---- Scratch directory ------------------------------------------------- */

static char tmpdir[256];

const char *tg_tmpdir(void) {
  if (tmpdir[0] == '\0') {
    const char *base = getenv("TMPDIR");
    if (base == NULL || base[0] == '\0') base = "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/pvppc-guest-tests.XXXXXX", base);
    if (mkdtemp(tmpdir) == NULL) {
      printf("FAIL %s: cannot create a scratch directory under %s: %s\n", current_group, base, strerror(errno));
      counts->failed++;
      snprintf(tmpdir, sizeof tmpdir, "%s", base);
    }
  }
  return tmpdir;
}

const char *tg_path(int slot, const char *name) {
  static char paths[4][320];
  snprintf(paths[slot & 3], sizeof paths[0], "%s/%s", tg_tmpdir(), name);
  return paths[slot & 3];
}

static void remove_tmpdir(void) {
  if (tmpdir[0] == '\0') return;
  DIR *d = opendir(tmpdir);
  if (d != NULL) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char path[600];
      snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
      if (unlink(path) != 0) rmdir(path);
    }
    closedir(d);
  }
  rmdir(tmpdir);
  tmpdir[0] = '\0';
}

/* ---- Fault probe --------------------------------------------------------- */

static sigjmp_buf probe_jump;
static volatile sig_atomic_t probe_code;
static void *volatile probe_addr;

static void probe_handler(int sig, siginfo_t *info, void *context) {
  (void)context;
  probe_code = info->si_code;
  probe_addr = info->si_addr;
  siglongjmp(probe_jump, sig);
}

int tg_probe(volatile void *addr, int write, int *fault_code, void **fault_addr) {
  struct sigaction sa, old_segv, old_bus;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = probe_handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &old_segv);
  sigaction(SIGBUS, &sa, &old_bus);
  probe_code = 0;
  probe_addr = NULL;
  int sig = sigsetjmp(probe_jump, 1);
  if (sig == 0) {
    if (write) {
      *(volatile unsigned char *)addr = 0x5a;
    } else {
      (void)*(volatile unsigned char *)addr;
    }
  }
  sigaction(SIGSEGV, &old_segv, NULL);
  sigaction(SIGBUS, &old_bus, NULL);
  if (fault_code != NULL) *fault_code = probe_code;
  if (fault_addr != NULL) *fault_addr = probe_addr;
  return sig;
}

/* ---- Small helpers ---------------------------------------------------------- */

int tg_wait(int pid) {
  int status;
  for (;;) {
    int r = waitpid(pid, &status, 0);
    if (r == pid) return status;
    if (r == -1 && errno == EINTR) continue;
    return -1;
  }
}

size_t tg_write_all(int fd, const void *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = write(fd, (const char *)buf + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    done += (size_t)r;
  }
  return done;
}

size_t tg_read_all(int fd, void *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = read(fd, (char *)buf + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    done += (size_t)r;
  }
  return done;
}

int64_t tg_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint32_t tg_crc32(uint32_t crc, const void *data, size_t n) {
  const unsigned char *p = data;
  crc = ~crc;
  for (size_t i = 0; i < n; i++) {
    crc ^= p[i];
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/* ---- Runner ------------------------------------------------------------- */

/* Runs one group in a child process; returns after it ended or timed out. */
static void run_group(size_t index) {
  current_group = kGroups[index].name;
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    printf("FAIL %s: fork for the group failed: %s\n", current_group, strerror(errno));
    counts->failed++;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return;
  }
  if (pid == 0) {
    sigprocmask(SIG_SETMASK, &old, NULL);
    kGroups[index].run();
    remove_tmpdir();
    fflush(stdout);
    _exit(0);
  }

  int64_t deadline = tg_now_ns() + (int64_t)GROUP_TIMEOUT_SECONDS * 1000000000;
  int status = 0, done = 0;
  while (!done) {
    int r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      done = 1;
      break;
    }
    int64_t left = deadline - tg_now_ns();
    if (left <= 0) break;
    struct timespec timeout = {(time_t)(left / 1000000000), (long)(left % 1000000000)};
    sigtimedwait(&chld, NULL, &timeout);
  }
  if (!done) {
    kill(pid, SIGKILL);
    tg_wait(pid);
    printf("FAIL %s: the group did not finish within %d s\n", current_group, GROUP_TIMEOUT_SECONDS);
    counts->failed++;
  } else if (WIFSIGNALED(status)) {
    printf("FAIL %s: the group was killed by signal %d (%s)\n", current_group, WTERMSIG(status),
           strsignal(WTERMSIG(status)));
    counts->failed++;
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    printf("FAIL %s: the group exited with status %d\n", current_group, WEXITSTATUS(status));
    counts->failed++;
  }
  fflush(stdout);
  /* Drop a SIGCHLD that is still pending before unblocking. */
  struct timespec zero = {0, 0};
  while (sigtimedwait(&chld, NULL, &zero) > 0) {
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  current_group = "?";
}

static int usage(void) {
  fprintf(stderr, "usage: pvppc-guest-tests [--list] [GROUP...]\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "--exec-child") == 0) return exec_child_main(argc, argv);

  setvbuf(stdout, NULL, _IOLBF, 0);
  int selected[NUM_GROUPS] = {0};
  int any = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--list") == 0) {
      for (size_t g = 0; g < NUM_GROUPS; g++) printf("%-8s %s\n", kGroups[g].name, kGroups[g].about);
      return 0;
    }
    size_t g = 0;
    while (g < NUM_GROUPS && strcmp(kGroups[g].name, argv[i]) != 0) g++;
    if (g == NUM_GROUPS) {
      fprintf(stderr, "pvppc-guest-tests: no group %s (see --list)\n", argv[i]);
      return usage();
    }
    selected[g] = 1;
    any = 1;
  }

  counts = mmap(NULL, sizeof *counts, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (counts == MAP_FAILED) {
    printf("FAIL runner: mmap of the shared counters: %s\n0 passed, 1 failed\n", strerror(errno));
    return 1;
  }
  for (size_t g = 0; g < NUM_GROUPS; g++) {
    if (!any || selected[g]) run_group(g);
  }
  printf("%d passed, %d failed\n", counts->passed, counts->failed);
  return counts->failed == 0 ? 0 : 1;
}
