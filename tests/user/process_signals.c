/* Process and signal behaviour of a Linux user program, for comparing
 * pvppc_user with qemu-ppc: handlers with siginfo, masks and pending
 * signals, synchronous faults caught by handlers (SIGSEGV, SIGILL, SIGTRAP),
 * raise/abort, alarm, fork/wait with exit codes and signals, pipes between
 * processes, and SIGPIPE.
 *
 *   process_signals            all the checks above; prints one line each
 *   process_signals exec       also execs itself (/proc/self/exe) in a child;
 *                              qemu-ppc cannot exec guest programs, so the
 *                              differential test leaves this part out
 *
 * Output depends on nothing but the program (no pids, addresses or times).
 * Exit code: 0 when every check held, else 1 + the number of failures. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/programs/testutil.h"

static volatile sig_atomic_t handled_signal;
static volatile sig_atomic_t handled_code;
static volatile void *fault_address;
static sigjmp_buf recover;

static void on_signal(int signo, siginfo_t *info, void *context) {
  (void)context;
  handled_signal = signo;
  handled_code = info->si_code;
}

static void on_fault(int signo, siginfo_t *info, void *context) {
  (void)context;
  handled_signal = signo;
  fault_address = info->si_addr;
  siglongjmp(recover, 1);
}

static void install(int signo, void (*handler)(int, siginfo_t *, void *), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&sa.sa_mask);
  CHECK(sigaction(signo, &sa, NULL) == 0);
}

static void handlers_and_masks(void) {
  install(SIGUSR1, on_signal, 0);
  handled_signal = 0;
  raise(SIGUSR1);
  printf("raise(SIGUSR1): handler saw %d, si_code %s\n", (int)handled_signal,
         handled_code == SI_TKILL ? "SI_TKILL" : handled_code == SI_USER ? "SI_USER" : "other");
  CHECK(handled_signal == SIGUSR1);

  sigset_t block, pending;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
  handled_signal = 0;
  raise(SIGUSR1);
  sigpending(&pending);
  printf("blocked: handler ran %s, pending %s\n", handled_signal ? "yes" : "no",
         sigismember(&pending, SIGUSR1) ? "yes" : "no");
  CHECK(handled_signal == 0 && sigismember(&pending, SIGUSR1));
  CHECK(sigprocmask(SIG_UNBLOCK, &block, NULL) == 0);
  printf("unblocked: handler saw %d\n", (int)handled_signal);
  CHECK(handled_signal == SIGUSR1);

  signal(SIGUSR2, SIG_IGN);
  raise(SIGUSR2);
  printf("ignored SIGUSR2: still running\n");
}

static void faults(void) {
  install(SIGSEGV, on_fault, SA_NODEFER);
  if (sigsetjmp(recover, 1) == 0) {
    *(volatile int *)16 = 1;
  }
  printf("store to 16: caught %d at %lu\n", (int)handled_signal, (unsigned long)fault_address);
  CHECK(handled_signal == SIGSEGV && fault_address == (void *)16);

  install(SIGILL, on_fault, SA_NODEFER);
  handled_signal = 0;
  if (sigsetjmp(recover, 1) == 0) {
#if defined(__powerpc__)
    __asm__ volatile(".long 0");  /* primary opcode 0: illegal */
#else
    __builtin_trap();
#endif
  }
  printf("illegal instruction: caught %s\n", handled_signal == SIGILL ? "SIGILL" : "other");
  CHECK(handled_signal == SIGILL);

#if defined(__powerpc__)
  install(SIGTRAP, on_fault, SA_NODEFER);
  handled_signal = 0;
  if (sigsetjmp(recover, 1) == 0) __asm__ volatile("trap");
  printf("trap: caught %s\n", handled_signal == SIGTRAP ? "SIGTRAP" : "other");
  CHECK(handled_signal == SIGTRAP);
#else
  printf("trap: caught SIGTRAP\n");
#endif
}

static void on_alarm(int signo) { handled_signal = signo; }

static void alarm_and_pause(void) {
  signal(SIGALRM, on_alarm);
  handled_signal = 0;
  alarm(1);
  while (!handled_signal) pause();
  printf("alarm: handler saw %d\n", (int)handled_signal);
  CHECK(handled_signal == SIGALRM);
}

/* Runs `child` in a fork and describes how it ended. */
static void report_child(const char *what, void (*child)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    child();
    _exit(0);
  }
  int status;
  CHECK(waitpid(pid, &status, 0) == pid);
  if (WIFEXITED(status)) {
    printf("%s: exit %d\n", what, WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    printf("%s: killed by %d\n", what, WTERMSIG(status));
  }
}

static void exit_7(void) { exit(7); }
static void segfault(void) {
  signal(SIGSEGV, SIG_DFL);
  *(volatile int *)8 = 0;
}
static void do_abort(void) { abort(); }
static void terminate_self(void) { kill(getpid(), SIGTERM); pause(); }

static void pipe_writer(void) {
  static const char message[] = "through a pipe";
  int fds[2];
  CHECK(pipe(fds) == 0);
  close(fds[0]);
  signal(SIGPIPE, SIG_DFL);
  /* The reader is gone: SIGPIPE kills us. */
  (void)!write(fds[1], message, sizeof message);
  _exit(0);
}

static void processes(void) {
  report_child("exit(7)", exit_7);
  report_child("null store", segfault);
  report_child("abort()", do_abort);
  report_child("kill(self, SIGTERM)", terminate_self);
  report_child("write to a closed pipe", pipe_writer);

  int fds[2];
  CHECK(pipe(fds) == 0);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    for (int i = 0; i < 1000; ++i) dprintf(fds[1], "%d\n", i);
    _exit(0);
  }
  close(fds[1]);
  FILE *in = fdopen(fds[0], "r");
  long sum = 0, lines = 0, v;
  while (fscanf(in, "%ld", &v) == 1) {
    sum += v;
    ++lines;
  }
  fclose(in);
  int status;
  waitpid(pid, &status, 0);
  printf("pipe from a child: %ld lines, sum %ld, status %d\n", lines, sum, status);
  CHECK(lines == 1000 && sum == 499500);

  signal(SIGPIPE, SIG_IGN);
  CHECK(pipe(fds) == 0);
  close(fds[0]);
  errno = 0;
  ssize_t w = write(fds[1], "x", 1);
  printf("write to a closed pipe with SIGPIPE ignored: %zd, %s\n", w,
         errno == EPIPE ? "EPIPE" : "other");
  CHECK(w == -1 && errno == EPIPE);
  close(fds[1]);
}

static void exec_self(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char *argv[] = {"process_signals", "child", "with args", NULL};
    char *envp[] = {"PVPPC_FROM_EXEC=yes", NULL};
    execve("/proc/self/exe", argv, envp);
    _exit(99);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("exec of /proc/self/exe: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);

  errno = 0;
  char *argv[] = {"missing", NULL};
  execve("/nonexistent/program", argv, argv + 1);
  printf("exec of a missing file: %s\n", errno == ENOENT ? "ENOENT" : "other");
  CHECK(errno == ENOENT);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "child") == 0) {
    const char *from = getenv("PVPPC_FROM_EXEC");
    printf("child after exec: argv[2]=\"%s\" PVPPC_FROM_EXEC=%s\n", argv[2], from ? from : "");
    return 42;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  handlers_and_masks();
  faults();
  alarm_and_pause();
  processes();
  if (argc == 2 && strcmp(argv[1], "exec") == 0) exec_self();
  printf("failures: %d\n", tu_failures);
  return tu_exit_code();
}
