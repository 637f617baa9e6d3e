/* signals: sigaction handlers with siginfo, sigprocmask and pending
 * signals, SIGALRM from alarm() and setitimer(), EINTR from a blocking read,
 * SIGSEGV on a write to a PROT_READ page caught and left with siglongjmp,
 * FP registers preserved across handlers, signals between processes. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

static volatile sig_atomic_t handled_count;
static volatile sig_atomic_t handled_signo;
static volatile sig_atomic_t handled_code;
static volatile sig_atomic_t handled_pid;

static void info_handler(int sig, siginfo_t *info, void *context) {
  (void)context;
  handled_count++;
  handled_signo = sig;
  handled_code = info->si_code;
  handled_pid = info->si_pid;
}

static volatile sig_atomic_t rt_counts[2];

static void rt_handler(int sig, siginfo_t *info, void *context) {
  (void)info;
  (void)context;
  rt_counts[sig - SIGRTMIN]++;
}

static void install(int sig, void (*handler)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

static void test_sigaction(void) {
  handled_count = 0;
  install(SIGUSR1, info_handler, 0);
  struct sigaction now;
  EXPECT(sigaction(SIGUSR1, NULL, &now) == 0 && now.sa_sigaction == info_handler,
         "sigaction() reads back the installed handler");
  EXPECT_OK(kill(getpid(), SIGUSR1), "kill(getpid(), SIGUSR1)");
  EXPECT_EQ(handled_count, 1, "the handler ran once before kill() returned");
  EXPECT_EQ(handled_signo, SIGUSR1, "the handler got the signal number");
  EXPECT_EQ(handled_code, SI_USER, "si_code is SI_USER for kill()");
  EXPECT_EQ(handled_pid, getpid(), "si_pid is the sender");

  EXPECT_OK(raise(SIGUSR1), "raise(SIGUSR1)");
  EXPECT_EQ(handled_count, 2, "raise() runs the handler too");

  union sigval v = {.sival_int = 1234};
  EXPECT_OK(sigqueue(getpid(), SIGUSR1, v), "sigqueue()");
  EXPECT_EQ(handled_code, SI_QUEUE, "si_code is SI_QUEUE for sigqueue()");
  signal(SIGUSR1, SIG_IGN);
  EXPECT_OK(raise(SIGUSR1), "raise() of an ignored signal");
  EXPECT_EQ(handled_count, 3, "an ignored signal runs no handler");
  signal(SIGUSR1, SIG_DFL);
}

static void test_sigprocmask(void) {
  handled_count = 0;
  install(SIGUSR2, info_handler, 0);
  sigset_t block, old, pending;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  EXPECT_OK(sigprocmask(SIG_BLOCK, &block, &old), "sigprocmask(SIG_BLOCK, SIGUSR2)");
  kill(getpid(), SIGUSR2);
  kill(getpid(), SIGUSR2); /* standard signals do not queue */
  EXPECT_EQ(handled_count, 0, "a blocked signal is not delivered");
  EXPECT(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR2), "sigpending() shows the blocked signal");
  EXPECT_OK(sigprocmask(SIG_SETMASK, &old, NULL), "sigprocmask(SIG_SETMASK) unblocks");
  EXPECT_EQ(handled_count, 1, "unblocking delivers the pending signal once");
  EXPECT(sigpending(&pending) == 0 && !sigismember(&pending, SIGUSR2), "nothing pending afterwards");

  /* Real-time signals queue: each one sent is delivered. */
  rt_counts[0] = rt_counts[1] = 0;
  install(SIGRTMIN, rt_handler, 0);
  install(SIGRTMIN + 1, rt_handler, 0);
  sigemptyset(&block);
  sigaddset(&block, SIGRTMIN);
  sigaddset(&block, SIGRTMIN + 1);
  sigprocmask(SIG_BLOCK, &block, &old);
  union sigval v = {.sival_int = 0};
  sigqueue(getpid(), SIGRTMIN + 1, v);
  sigqueue(getpid(), SIGRTMIN, v);
  sigqueue(getpid(), SIGRTMIN, v);
  EXPECT(rt_counts[0] == 0 && rt_counts[1] == 0, "blocked real-time signals wait");
  sigprocmask(SIG_SETMASK, &old, NULL);
  EXPECT_EQ(rt_counts[0], 2, "two queued SIGRTMIN are delivered twice");
  EXPECT_EQ(rt_counts[1], 1, "one queued SIGRTMIN+1 is delivered once");
  signal(SIGRTMIN, SIG_DFL);
  signal(SIGRTMIN + 1, SIG_DFL);

  /* The handler's sa_mask blocks signals while it runs. */
  sigset_t inside;
  EXPECT_OK(sigprocmask(SIG_BLOCK, NULL, &inside), "sigprocmask() query");
  EXPECT(!sigismember(&inside, SIGUSR2), "the mask is restored after a handler returns");
  signal(SIGUSR2, SIG_DFL);
}

static void test_alarm(void) {
  handled_count = 0;
  install(SIGALRM, info_handler, 0);
  EXPECT_EQ(alarm(5), 0, "alarm(5) with no alarm pending returns 0");
  unsigned left = alarm(0);
  EXPECT(left >= 4 && left <= 5, "alarm(0) cancels and returns the seconds left (%u)", left);

  struct itimerval it = {{0, 0}, {0, 10000}}; /* one shot, 10 ms */
  int64_t start = tg_now_ns();
  EXPECT_OK(setitimer(ITIMER_REAL, &it, NULL), "setitimer(ITIMER_REAL, 10 ms)");
  sigset_t none;
  sigemptyset(&none);
  while (handled_count == 0 && tg_now_ns() - start < 5000000000LL) {
    /* sigsuspend with SIGALRM unblocked returns after the handler. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    if (handled_count == 0) sigsuspend(&none);
    sigprocmask(SIG_SETMASK, &old, NULL);
  }
  int64_t elapsed = tg_now_ns() - start;
  EXPECT_EQ(handled_count, 1, "SIGALRM from setitimer() arrives");
  EXPECT_EQ(handled_code, SI_KERNEL, "si_code of a timer's SIGALRM is SI_KERNEL");
  EXPECT(elapsed >= 10000000, "the timer did not fire early (%lld us)", (long long)(elapsed / 1000));

  /* A periodic timer keeps firing. */
  handled_count = 0;
  struct itimerval periodic = {{0, 2000}, {0, 2000}};
  setitimer(ITIMER_REAL, &periodic, NULL);
  start = tg_now_ns();
  while (handled_count < 5 && tg_now_ns() - start < 5000000000LL) pause();
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  EXPECT(handled_count >= 5, "a periodic 2 ms itimer fires repeatedly (%d times)", (int)handled_count);
  signal(SIGALRM, SIG_DFL);
}

static void test_eintr(void) {
  handled_count = 0;
  install(SIGALRM, info_handler, 0); /* no SA_RESTART */
  int p[2];
  EXPECT_OK(pipe(p), "pipe()");
  struct itimerval it = {{0, 0}, {0, 20000}};
  setitimer(ITIMER_REAL, &it, NULL);
  char c;
  errno = 0;
  ssize_t n = read(p[0], &c, 1);
  EXPECT(n == -1 && errno == EINTR, "a blocking read() is interrupted with EINTR (n=%d)", (int)n);
  EXPECT_EQ(handled_count, 1, "the handler ran during the read()");

  install(SIGALRM, info_handler, SA_RESTART);
  setitimer(ITIMER_REAL, &it, NULL);
  fflush(stdout);
  pid_t writer = fork();
  if (writer == 0) {
    struct timespec t = {0, 60000000};
    nanosleep(&t, NULL);
    write(p[1], "r", 1);
    _exit(0);
  }
  n = read(p[0], &c, 1);
  EXPECT(n == 1 && c == 'r', "with SA_RESTART the read() restarts and gets the data (n=%d)", (int)n);
  EXPECT_EQ(handled_count, 2, "the handler ran during the restarted read()");
  tg_wait(writer);
  close(p[0]);
  close(p[1]);
  signal(SIGALRM, SIG_DFL);
}

/* SIGSEGV on a write to a read-only page, recovered with siglongjmp. */
static sigjmp_buf segv_jump;
static void *volatile segv_addr;
static volatile sig_atomic_t segv_code;

static void segv_handler(int sig, siginfo_t *info, void *context) {
  (void)context;
  segv_addr = info->si_addr;
  segv_code = info->si_code;
  siglongjmp(segv_jump, sig);
}

static void test_sigsegv(void) {
  long page = sysconf(_SC_PAGESIZE);
  char *p = mmap(NULL, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  EXPECT(p != MAP_FAILED, "mmap() of a PROT_READ page");
  EXPECT_EQ(p[100], 0, "the read-only page reads as zero");
  install(SIGSEGV, segv_handler, 0);
  volatile int recovered = 0;
  int sig = sigsetjmp(segv_jump, 1);
  if (sig == 0) {
    p[123] = 1;
  } else {
    recovered = 1;
  }
  EXPECT(recovered, "a write to a PROT_READ page raises a signal that siglongjmp leaves");
  EXPECT_EQ(sig, SIGSEGV, "the signal is SIGSEGV");
  EXPECT(segv_addr == p + 123, "si_addr is the faulting address (%p, expected %p)", segv_addr, (void *)(p + 123));
  EXPECT_EQ(segv_code, SEGV_ACCERR, "si_code is SEGV_ACCERR");

  sigset_t mask;
  sigprocmask(SIG_BLOCK, NULL, &mask);
  EXPECT(!sigismember(&mask, SIGSEGV), "siglongjmp() restored the signal mask (SIGSEGV not blocked)");

  /* The same again works (the handler is still installed). */
  recovered = 0;
  if (sigsetjmp(segv_jump, 1) == 0) {
    p[0] = 1;
  } else {
    recovered = 1;
  }
  EXPECT(recovered && segv_addr == p, "a second fault is caught the same way");

  EXPECT_OK(mprotect(p, (size_t)page, PROT_READ | PROT_WRITE), "mprotect() makes the page writable");
  p[123] = 7;
  EXPECT_EQ(p[123], 7, "the write succeeds after mprotect()");
  signal(SIGSEGV, SIG_DFL);
  munmap(p, (size_t)page);
}

/* FP registers of the interrupted code survive a handler that uses FP. */
static volatile double handler_sink;
static void fp_clobber_handler(int sig) {
  (void)sig;
  volatile double a = 1.5e300, b = -7.25;
  double x = 0;
  for (int i = 0; i < 50; i++) x = x * b + a;
  handler_sink = x;
  handled_count++;
}

static volatile double fp_one = 1.0;

/* Sums one/k^2 in a fixed order: the result is exactly reproducible. The
 * volatile read keeps the compiler from computing it only once. */
static double fp_series(void) {
  double one = fp_one, sum = 0;
  for (int k = 1; k <= 20000; k++) sum += one / ((double)k * (double)k);
  return sum;
}

static void test_fp_across_signals(void) {
  double reference = fp_series();
  handled_count = 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fp_clobber_handler;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval periodic = {{0, 1000}, {0, 1000}};
  setitimer(ITIMER_REAL, &periodic, NULL);
  int mismatches = 0, rounds = 0;
  int64_t start = tg_now_ns();
  while ((handled_count < 20 || rounds < 3) && tg_now_ns() - start < 3000000000LL) {
    if (fp_series() != reference) mismatches++;
    rounds++;
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  signal(SIGALRM, SIG_DFL);
  EXPECT(handled_count >= 20, "FP-using signal handlers ran during FP work (%d times)", (int)handled_count);
  EXPECT_EQ(mismatches, 0, "FP results are unchanged by handlers interrupting them (%d rounds)", rounds);
}

static void child_usr1(int sig) {
  (void)sig;
  _exit(3);
}

static void test_between_processes(void) {
  int ready[2];
  pipe(ready);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGUSR1, child_usr1);
    write(ready[1], "x", 1);
    for (;;) pause();
  }
  char c;
  read(ready[0], &c, 1);
  close(ready[0]);
  close(ready[1]);
  EXPECT_OK(kill(pid, SIGUSR1), "kill(child, SIGUSR1)");
  int status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 3, "the child's SIGUSR1 handler ran and exited 3 (status 0x%x)",
         status);

  /* SIGCHLD reaches the parent when a child exits. */
  handled_count = 0;
  install(SIGCHLD, info_handler, SA_RESTART);
  pid = fork();
  if (pid == 0) _exit(9);
  status = tg_wait(pid);
  EXPECT(handled_count >= 1 && handled_signo == SIGCHLD, "SIGCHLD is delivered when a child exits");
  EXPECT_EQ(handled_code, CLD_EXITED, "SIGCHLD's si_code is CLD_EXITED");
  signal(SIGCHLD, SIG_DFL);
}

void group_signals(void) {
  test_sigaction();
  test_sigprocmask();
  test_alarm();
  test_eintr();
  test_sigsegv();
  test_fp_across_signals();
  test_between_processes();
}
