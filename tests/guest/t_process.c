/* process: fork, _exit statuses, waitpid (blocking, WNOHANG, any child),
 * death by signal. exec: execve of other programs and of the suite itself. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

#define NUM_CHILDREN 8

static void test_fork_exit(void) {
  pid_t parent = getpid();
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    /* 42 when the child sees a new pid and its parent's. */
    _exit(getpid() != parent && getppid() == parent ? 42 : 1);
  }
  EXPECT(pid > 0, "fork() returns the child's pid to the parent");
  int status = tg_wait(pid);
  EXPECT(WIFEXITED(status), "the child exited normally");
  EXPECT_EQ(WEXITSTATUS(status), 42, "the child's exit status (it has its own pid, getppid() is the parent)");

  errno = 0;
  EXPECT(waitpid(pid, &status, 0) == -1 && errno == ECHILD, "waitpid() on a reaped child fails with ECHILD");
}

static void test_many_children(void) {
  pid_t pids[NUM_CHILDREN];
  fflush(stdout);
  for (int i = 0; i < NUM_CHILDREN; i++) {
    pids[i] = fork();
    if (pids[i] == 0) _exit(10 + i);
  }
  int seen = 0, sum = 0, all_found = 1;
  for (int i = 0; i < NUM_CHILDREN; i++) {
    int status;
    pid_t pid;
    do {
      pid = waitpid(-1, &status, 0);
    } while (pid == -1 && errno == EINTR);
    int index = -1;
    for (int k = 0; k < NUM_CHILDREN; k++) {
      if (pids[k] == pid) index = k;
    }
    if (index < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 10 + index) all_found = 0;
    if (index >= 0) {
      seen |= 1 << index;
      sum += WEXITSTATUS(status);
    }
  }
  EXPECT(all_found, "waitpid(-1) returns each of %d children with its own exit status", NUM_CHILDREN);
  EXPECT_EQ(seen, (1 << NUM_CHILDREN) - 1, "every child was reaped once");
  EXPECT_EQ(sum, 10 * NUM_CHILDREN + NUM_CHILDREN * (NUM_CHILDREN - 1) / 2, "sum of the exit statuses");
  errno = 0;
  EXPECT(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD, "no children left");
}

static void test_wnohang(void) {
  int p[2];
  EXPECT_OK(pipe(p), "pipe()");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[1]);
    char c;
    ssize_t n = read(p[0], &c, 1); /* blocks until the parent writes */
    _exit(n == 1 && c == 'g' ? 7 : 1);
  }
  close(p[0]);
  int status;
  EXPECT_EQ(waitpid(pid, &status, WNOHANG), 0, "waitpid(WNOHANG) returns 0 while the child is blocked");
  EXPECT_EQ(write(p[1], "g", 1), 1, "wake the child through a pipe");
  close(p[1]);
  status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 7, "the woken child exits with 7 (status 0x%x)", status);
}

static void test_killed_children(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  EXPECT_OK(kill(pid, SIGTERM), "kill(child, SIGTERM)");
  int status = tg_wait(pid);
  EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "the child died of SIGTERM (status 0x%x)", status);

  pid = fork();
  if (pid == 0) {
    raise(SIGKILL);
    _exit(1);
  }
  status = tg_wait(pid);
  EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "raise(SIGKILL) kills the child (status 0x%x)", status);

  pid = fork();
  if (pid == 0) {
    signal(SIGSEGV, SIG_DFL);
    volatile int *volatile null_page = (volatile int *)16; /* the page at 0 is never mapped */
    *null_page = 1;
    _exit(1);
  }
  status = tg_wait(pid);
  EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "a NULL-page write kills the child with SIGSEGV (status 0x%x)",
         status);
}

static void test_vfork(void) {
  int shared_value = 1;
  fflush(stdout);
  pid_t pid = vfork();
  if (pid == 0) {
    _exit(shared_value == 1 ? 5 : 1);
  }
  int status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 5, "vfork() child runs and exits (status 0x%x)", status);
}

void group_process(void) {
  test_fork_exit();
  test_many_children();
  test_wnohang();
  test_killed_children();
  test_vfork();
}

/* ---- exec ---------------------------------------------------------------- */

/* argv: --exec-child EXPECTED_ARG3 EXIT_CODE; exits EXIT_CODE when its
 * arguments and environment arrived intact, 99 otherwise. */
int exec_child_main(int argc, char **argv) {
  const char *env = getenv("PVPPC_GUEST_EXEC");
  if (argc != 4 || strcmp(argv[2], "arg with spaces") != 0) return 99;
  if (env == NULL || strcmp(env, "passed") != 0) return 99;
  return atoi(argv[3]);
}

static int spawn(const char *path, char *const argv[], char *const envp[]) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    execve(path, argv, envp);
    _exit(127);
  }
  return pid < 0 ? -1 : tg_wait(pid);
}

void group_exec(void) {
  char *no_env[] = {NULL};
  char *true_argv[] = {"true", NULL};
  int status = spawn("/bin/true", true_argv, no_env);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "execve(/bin/true) exits 0 (status 0x%x)", status);

  char *false_argv[] = {"false", NULL};
  status = spawn("/bin/false", false_argv, no_env);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 1, "execve(/bin/false) exits 1 (status 0x%x)", status);

  status = spawn("/nonexistent/program", true_argv, no_env);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 127, "execve() of a missing file fails (status 0x%x)", status);

  char *self_argv[] = {"pvppc-guest-tests", "--exec-child", "arg with spaces", "37", NULL};
  char *self_env[] = {"PVPPC_GUEST_EXEC=passed", NULL};
  status = spawn("/proc/self/exe", self_argv, self_env);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 37,
         "execve() of the suite itself passes arguments and environment (status 0x%x)", status);

  char *sh_argv[] = {"sh", "-c", "exit $((6 * 7))", NULL};
  status = spawn("/bin/sh", sh_argv, no_env);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 42, "/bin/sh -c 'exit $((6 * 7))' exits 42 (status 0x%x)",
         status);

  /* An exec replaces the whole image: a pipe with CLOEXEC closes. */
  int p[2];
  EXPECT_OK(pipe2(p, O_CLOEXEC), "pipe2(O_CLOEXEC)");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    char *sleep_argv[] = {"sh", "-c", "exit 0", NULL};
    execve("/bin/sh", sleep_argv, no_env);
    _exit(127);
  }
  close(p[1]);
  char c;
  EXPECT_EQ(read(p[0], &c, 1), 0, "an O_CLOEXEC pipe end closes on execve (reader sees EOF)");
  close(p[0]);
  status = tg_wait(pid);
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the exec'd shell exits 0 (status 0x%x)", status);
}
