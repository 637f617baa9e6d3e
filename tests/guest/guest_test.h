/* pvppc-guest-tests: checks that run inside the guest Linux.
 *
 * The suite is a set of groups (basic, process, exec, signals, ...), each a
 * function full of EXPECT checks. Every check prints one line:
 *
 *   ok   group: what was checked
 *   FAIL group: what was checked [file:line: expression, details]
 *
 * and the runner ends with exactly one line "N passed, N failed". Each group
 * runs in a child process of its own with a time limit, so a group that
 * crashes or hangs is reported as a failure and the others still run.
 *
 * Everything is deterministic: no randomness, and the only timing checks
 * have wide margins. */
#ifndef PVPPC_TESTS_GUEST_GUEST_TEST_H
#define PVPPC_TESTS_GUEST_GUEST_TEST_H

#include <stddef.h>
#include <stdint.h>

/* Records one check. `what` is a printf format describing the check. */
void tg_report(int ok, const char *file, int line, const char *expr, const char *what, ...)
    __attribute__((format(printf, 5, 6)));
void tg_report_eq(int ok, const char *file, int line, const char *a_expr, const char *b_expr, long long a,
                  long long b, const char *what, ...) __attribute__((format(printf, 8, 9)));

#define EXPECT(cond, ...) tg_report(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)

/* Integer equality; prints both values when it fails. */
#define EXPECT_EQ(a, b, ...)                                                           \
  do {                                                                                 \
    long long tg_a_ = (long long)(a), tg_b_ = (long long)(b);                          \
    tg_report_eq(tg_a_ == tg_b_, __FILE__, __LINE__, #a, #b, tg_a_, tg_b_, __VA_ARGS__); \
  } while (0)

/* A syscall-style result that must not be -1; prints errno when it is. */
#define EXPECT_OK(expr, ...) EXPECT((expr) != -1, __VA_ARGS__)

/* A scratch directory for the current group (on tmpfs in the guest),
 * created on first use and removed with its contents when the group ends. */
const char *tg_tmpdir(void);
/* tg_tmpdir() + "/" + name, in a static buffer per call slot (0..3). */
const char *tg_path(int slot, const char *name);

/* Touches `addr` (reads one byte, or writes one when `write`) with SIGSEGV
 * and SIGBUS caught. Returns 0 when the access succeeded, else the signal
 * number; `fault_code` and `fault_addr` (may be NULL) receive the si_code and si_addr of the fault details. */
int tg_probe(volatile void *addr, int write, int *fault_code, void **fault_addr);

/* waitpid() for a specific child, retrying on EINTR. Returns the status or
 * -1. */
int tg_wait(int pid);

/* write()/read() the whole buffer, retrying short transfers and EINTR.
 * Return the number of bytes moved (less only at EOF or on error). */
size_t tg_write_all(int fd, const void *buf, size_t n);
size_t tg_read_all(int fd, void *buf, size_t n);

/* Nanoseconds on CLOCK_MONOTONIC. */
int64_t tg_now_ns(void);

/* CRC-32 (IEEE 802.3). */
uint32_t tg_crc32(uint32_t crc, const void *data, size_t n);

/* The program's own path (argv[0] resolved), for exec tests. */
extern const char *tg_self;

/* The groups. */
void group_basic(void);
void group_process(void);
void group_exec(void);
void group_signals(void);
void group_mmap(void);
void group_cow(void);
void group_mmstress(void);
void group_threads(void);
void group_fp(void);
void group_time(void);
void group_pipes(void);
void group_proc(void);

/* Entry point of the re-exec'd program in the exec group. */
int exec_child_main(int argc, char **argv);

#endif
