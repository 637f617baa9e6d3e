/* time: the clocks move forward consistently, nanosleep sleeps at least as
 * long as asked and not much longer. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

static int64_t ts_ns(const struct timespec *ts) { return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec; }

static void test_clocks(void) {
  struct timespec res;
  EXPECT_OK(clock_getres(CLOCK_MONOTONIC, &res), "clock_getres(CLOCK_MONOTONIC)");
  EXPECT(ts_ns(&res) > 0 && ts_ns(&res) <= 10000000, "CLOCK_MONOTONIC resolution is at most 10 ms (%ld ns)",
         (long)ts_ns(&res));

  struct timespec a, b;
  int monotonic = 1;
  EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &a), "clock_gettime(CLOCK_MONOTONIC)");
  for (int i = 0; i < 2000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (ts_ns(&b) < ts_ns(&a)) monotonic = 0;
    a = b;
  }
  EXPECT(monotonic, "CLOCK_MONOTONIC never goes backwards over 2000 reads");

  /* Busy-wait 5 ms of monotonic time: the clock advances. */
  int64_t start = tg_now_ns(), now;
  long spins = 0;
  do {
    now = tg_now_ns();
    spins++;
  } while (now - start < 5000000 && spins < 100000000L);
  EXPECT(now - start >= 5000000, "CLOCK_MONOTONIC advances while the CPU is busy");

  struct timespec rt;
  struct timeval tv;
  EXPECT_OK(clock_gettime(CLOCK_REALTIME, &rt), "clock_gettime(CLOCK_REALTIME)");
  EXPECT_OK(gettimeofday(&tv, NULL), "gettimeofday()");
  int64_t diff = (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000 - ts_ns(&rt);
  EXPECT(diff >= -1000000 && diff < 1000000000, "gettimeofday() agrees with CLOCK_REALTIME (%lld ns apart)",
         (long long)diff);
  EXPECT(time(NULL) >= rt.tv_sec, "time() agrees with CLOCK_REALTIME");

  struct timespec cpu1, cpu2;
  EXPECT_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1), "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
  start = tg_now_ns();
  volatile unsigned x = 1;
  while (tg_now_ns() - start < 20000000) x = x * 1103515245u + 12345u;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu2);
  EXPECT(ts_ns(&cpu2) > ts_ns(&cpu1), "process CPU time grows while computing");
}

/* Sleeps are measured three times. Every sleep must last at least as long
 * as asked; the fastest must end within 200 ms of that, and none may take a
 * second (a busy host can preempt an emulator now and then, which only ever
 * lengthens a sleep; a broken timer lengthens all of them). */
enum { kTries = 3 };

static int64_t sleep_20ms(void) {
  struct timespec t = {0, 20000000};
  int64_t start = tg_now_ns();
  int r;
  do {
    r = nanosleep(&t, &t);
  } while (r == -1 && errno == EINTR);
  return tg_now_ns() - start;
}

/* Returns how late an absolute 30 ms sleep ended (negative: early). */
static int64_t absolute_sleep_30ms(void) {
  struct timespec when;
  clock_gettime(CLOCK_MONOTONIC, &when);
  int64_t target = ts_ns(&when) + 30000000;
  when.tv_sec = (time_t)(target / 1000000000);
  when.tv_nsec = (long)(target % 1000000000);
  if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &when, NULL) != 0) return INT64_MIN;
  return tg_now_ns() - target;
}

static int64_t usleep_10ms(void) {
  int64_t start = tg_now_ns();
  usleep(10000);
  return tg_now_ns() - start;
}

static void test_nanosleep(void) {
  int64_t shortest = INT64_MAX, longest = 0;
  for (int i = 0; i < kTries; i++) {
    int64_t t = sleep_20ms();
    if (t < shortest) shortest = t;
    if (t > longest) longest = t;
  }
  EXPECT(shortest >= 20000000, "nanosleep(20 ms) sleeps at least 20 ms (shortest of %d: %lld us)", kTries,
         (long long)(shortest / 1000));
  EXPECT(shortest < 200000000, "nanosleep(20 ms) wakes within 200 ms (shortest of %d: %lld us)", kTries,
         (long long)(shortest / 1000));
  EXPECT(longest < 1000000000, "no nanosleep(20 ms) takes a second (longest %lld us)", (long long)(longest / 1000));

  int64_t least_late = INT64_MAX, most_late = INT64_MIN;
  for (int i = 0; i < kTries; i++) {
    int64_t late = absolute_sleep_30ms();
    if (late < least_late) least_late = late;
    if (late > most_late) most_late = late;
  }
  EXPECT(least_late >= 0, "clock_nanosleep(TIMER_ABSTIME, now + 30 ms) never ends early (%lld us)",
         (long long)(least_late / 1000));
  EXPECT(least_late < 200000000, "an absolute sleep ends within 200 ms of its deadline (best of %d: %lld us late)",
         kTries, (long long)(least_late / 1000));
  EXPECT(most_late < 1000000000, "no absolute sleep ends a second late (%lld us)", (long long)(most_late / 1000));

  struct timespec zero = {0, 0};
  EXPECT_OK(nanosleep(&zero, NULL), "nanosleep(0) returns at once");
  struct timespec bad = {0, 1000000000};
  errno = 0;
  EXPECT(nanosleep(&bad, NULL) == -1 && errno == EINVAL, "nanosleep() with tv_nsec = 1e9 fails with EINVAL");

  shortest = INT64_MAX;
  for (int i = 0; i < kTries; i++) {
    int64_t t = usleep_10ms();
    if (t < shortest) shortest = t;
  }
  EXPECT(shortest >= 10000000 && shortest < 200000000, "usleep(10000) sleeps 10 ms to 200 ms (shortest %lld us)",
         (long long)(shortest / 1000));
}

void group_time(void) {
  test_clocks();
  test_nanosleep();
}
