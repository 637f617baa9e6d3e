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

static void test_nanosleep(void) {
  /* 20 ms, three times: each at least 20 ms, and under 200 ms. */
  int64_t shortest = INT64_MAX, longest = 0;
  for (int i = 0; i < 3; i++) {
    struct timespec t = {0, 20000000};
    int64_t start = tg_now_ns();
    int r;
    do {
      r = nanosleep(&t, &t);
    } while (r == -1 && errno == EINTR);
    int64_t elapsed = tg_now_ns() - start;
    if (elapsed < shortest) shortest = elapsed;
    if (elapsed > longest) longest = elapsed;
  }
  EXPECT(shortest >= 20000000, "nanosleep(20 ms) sleeps at least 20 ms (shortest %lld us)",
         (long long)(shortest / 1000));
  EXPECT(longest < 200000000, "nanosleep(20 ms) wakes within 200 ms (longest %lld us)", (long long)(longest / 1000));

  struct timespec abs_time;
  clock_gettime(CLOCK_MONOTONIC, &abs_time);
  int64_t target = ts_ns(&abs_time) + 30000000;
  abs_time.tv_sec = (time_t)(target / 1000000000);
  abs_time.tv_nsec = (long)(target % 1000000000);
  EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs_time, NULL), 0,
            "clock_nanosleep(TIMER_ABSTIME, now + 30 ms)");
  int64_t late = tg_now_ns() - target;
  EXPECT(late >= 0 && late < 200000000, "an absolute sleep ends after its deadline and within 200 ms (%lld us late)",
         (long long)(late / 1000));

  struct timespec zero = {0, 0};
  EXPECT_OK(nanosleep(&zero, NULL), "nanosleep(0) returns at once");
  struct timespec bad = {0, 1000000000};
  errno = 0;
  EXPECT(nanosleep(&bad, NULL) == -1 && errno == EINVAL, "nanosleep() with tv_nsec = 1e9 fails with EINVAL");

  int64_t start = tg_now_ns();
  usleep(10000);
  int64_t elapsed = tg_now_ns() - start;
  EXPECT(elapsed >= 10000000 && elapsed < 200000000, "usleep(10000) sleeps 10 ms to 200 ms (%lld us)",
         (long long)(elapsed / 1000));
}

void group_time(void) {
  test_clocks();
  test_nanosleep();
}
