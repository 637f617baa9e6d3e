/* pipes: transfers between processes larger than a pipe's 64 KiB buffer in
 * both directions with checksums, EOF, EPIPE, O_NONBLOCK, poll. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

#define TRANSFER_BYTES (300 * 1024 + 123)

static unsigned char pattern_byte(size_t i) { return (unsigned char)((i * 2654435761u) >> 13); }

/* Writes TRANSFER_BYTES in chunks of varying size; returns bytes written. */
static size_t send_pattern(int fd) {
  static unsigned char chunk[9000];
  size_t sent = 0, size = 1;
  while (sent < TRANSFER_BYTES) {
    size_t n = size;
    if (n > TRANSFER_BYTES - sent) n = TRANSFER_BYTES - sent;
    for (size_t i = 0; i < n; i++) chunk[i] = pattern_byte(sent + i);
    if (tg_write_all(fd, chunk, n) != n) break;
    sent += n;
    size = size * 3 % 8999 + 1; /* 1, 4, 13, 40, ... sizes wander */
  }
  return sent;
}

/* Reads until EOF; returns the byte count, the CRC in *crc. */
static size_t receive_all(int fd, uint32_t *crc) {
  static unsigned char buf[7777];
  size_t total = 0;
  *crc = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    *crc = tg_crc32(*crc, buf, (size_t)n);
    total += (size_t)n;
  }
  return total;
}

static uint32_t expected_crc(void) {
  static unsigned char all[TRANSFER_BYTES];
  for (size_t i = 0; i < TRANSFER_BYTES; i++) all[i] = pattern_byte(i);
  return tg_crc32(0, all, TRANSFER_BYTES);
}

static void test_parent_to_child(uint32_t want) {
  int data[2], result[2];
  EXPECT_OK(pipe(data), "pipe() for the data");
  EXPECT_OK(pipe(result), "pipe() for the result");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(data[1]);
    close(result[0]);
    uint32_t reply[2];
    reply[0] = (uint32_t)receive_all(data[0], &reply[1]);
    tg_write_all(result[1], reply, sizeof reply);
    _exit(0);
  }
  close(data[0]);
  close(result[1]);
  size_t sent = send_pattern(data[1]);
  close(data[1]);
  uint32_t reply[2] = {0, 0};
  EXPECT_EQ(tg_read_all(result[0], reply, sizeof reply), sizeof reply, "the child reports back");
  close(result[0]);
  int status = tg_wait(pid);
  EXPECT_EQ(sent, TRANSFER_BYTES, "the parent wrote %d bytes into a pipe", TRANSFER_BYTES);
  EXPECT_EQ(reply[0], TRANSFER_BYTES, "the child read them all up to EOF");
  EXPECT_EQ(reply[1], want, "the CRC-32 of what the child read matches");
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child exits 0");
}

static void test_child_to_parent(uint32_t want) {
  int data[2];
  EXPECT_OK(pipe(data), "pipe()");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(data[0]);
    size_t sent = send_pattern(data[1]);
    _exit(sent == TRANSFER_BYTES ? 0 : 1);
  }
  close(data[1]);
  uint32_t crc;
  size_t got = receive_all(data[0], &crc);
  close(data[0]);
  int status = tg_wait(pid);
  EXPECT_EQ(got, TRANSFER_BYTES, "the parent read %d bytes from a child up to EOF", TRANSFER_BYTES);
  EXPECT_EQ(crc, want, "the CRC-32 of what the parent read matches");
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the writing child exits 0");
}

static void test_pipe_semantics(void) {
  int p[2];
  EXPECT_OK(pipe(p), "pipe()");
  EXPECT_EQ(write(p[1], "hello", 5), 5, "write() into a pipe");
  char buf[16];
  EXPECT_EQ(read(p[0], buf, sizeof buf), 5, "read() returns what is there, not more");

  EXPECT_OK(fcntl(p[0], F_SETFL, O_NONBLOCK), "fcntl(O_NONBLOCK) on the read end");
  errno = 0;
  EXPECT(read(p[0], buf, 1) == -1 && errno == EAGAIN, "a non-blocking read of an empty pipe fails with EAGAIN");

  struct pollfd pfd = {p[0], POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 0), 0, "poll() on an empty pipe: nothing ready");
  write(p[1], "x", 1);
  EXPECT(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN), "poll() sees data in the pipe");
  read(p[0], buf, 1);

  /* Fill the pipe: a non-blocking writer stops with EAGAIN at capacity. */
  fcntl(p[1], F_SETFL, O_NONBLOCK);
  static char block[4096];
  size_t capacity = 0;
  for (;;) {
    ssize_t n = write(p[1], block, sizeof block);
    if (n <= 0) break;
    capacity += (size_t)n;
    if (capacity > (1u << 22)) break;
  }
  EXPECT(errno == EAGAIN, "a full pipe makes a non-blocking write fail with EAGAIN");
  EXPECT_EQ(capacity, 65536, "a pipe holds 64 KiB");

  close(p[1]);
  while (read(p[0], block, sizeof block) > 0) {
  }
  EXPECT_EQ(read(p[0], buf, 1), 0, "read() after the writer closed and the pipe drained is EOF");
  close(p[0]);

  /* A writer with no reader: EPIPE with SIGPIPE ignored, SIGPIPE otherwise. */
  EXPECT_OK(pipe(p), "pipe()");
  close(p[0]);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  EXPECT(write(p[1], "x", 1) == -1 && errno == EPIPE, "writing to a pipe without readers fails with EPIPE");
  signal(SIGPIPE, SIG_DFL);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    write(p[1], "x", 1);
    _exit(0);
  }
  int status = tg_wait(pid);
  EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, "and kills a writer with SIGPIPE by default (0x%x)",
         status);
  close(p[1]);
}

static void test_dup2_redirect(void) {
  int p[2];
  EXPECT_OK(pipe(p), "pipe()");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    static const char msg[] = "through stdout\n";
    write(1, msg, sizeof msg - 1);
    _exit(0);
  }
  close(p[1]);
  char buf[64] = {0};
  size_t n = tg_read_all(p[0], buf, sizeof buf - 1);
  close(p[0]);
  tg_wait(pid);
  EXPECT(n == 15 && strcmp(buf, "through stdout\n") == 0, "a child's stdout redirected with dup2() into a pipe");
}

void group_pipes(void) {
  uint32_t want = expected_crc();
  test_parent_to_child(want);
  test_child_to_parent(want);
  test_pipe_semantics();
  test_dup2_redirect();
}
