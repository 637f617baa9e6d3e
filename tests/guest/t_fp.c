/* fp: double and float arithmetic with exactly known results (bit
 * patterns), sqrt, division, conversions, rounding modes, exception flags,
 * and FP state kept apart between processes that switch often. */
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

/* Volatile inputs keep the compiler from folding the arithmetic. */
static volatile double d_one = 1.0, d_two = 2.0, d_three = 3.0, d_ten = 10.0, d_four = 4.0, d_zero = 0.0;
static volatile double d_tenth = 0.1, d_neg27 = -2.7, d_25 = 2.5, d_big = 3e9, d_1e300 = 1e300;
static volatile float f_one = 1.0f, f_two = 2.0f, f_three = 3.0f;

static uint64_t dbits(double d) {
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

static uint32_t fbits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

static void test_arithmetic(void) {
  EXPECT_EQ(dbits(d_one / d_three), 0x3FD5555555555555ull, "1.0 / 3.0 in double");
  EXPECT_EQ(dbits(d_ten / d_four), dbits(2.5), "10.0 / 4.0 == 2.5");
  EXPECT_EQ(dbits(d_tenth + d_two), 0x4000CCCCCCCCCCCDull, "0.1 + 2.0 in double");
  EXPECT_EQ(dbits(d_tenth * d_three), 0x3FD3333333333334ull, "0.1 * 3.0 in double (not 0.3)");
  EXPECT_EQ(dbits(d_one - d_tenth), 0x3FECCCCCCCCCCCCDull, "1.0 - 0.1 in double");
  EXPECT_EQ(dbits(sqrt(d_two)), 0x3FF6A09E667F3BCDull, "sqrt(2.0) in double");
  EXPECT_EQ(dbits(sqrt(d_four)), dbits(2.0), "sqrt(4.0) == 2.0");
  EXPECT_EQ(dbits(d_1e300 * d_1e300), dbits(INFINITY), "1e300 * 1e300 overflows to +inf");

  EXPECT_EQ(fbits(f_one / f_three), 0x3EAAAAABu, "1.0f / 3.0f in float");
  EXPECT_EQ(fbits(sqrtf(f_two)), 0x3FB504F3u, "sqrtf(2.0f)");
  EXPECT_EQ(fbits((float)d_tenth), 0x3DCCCCCDu, "(float)0.1");
  EXPECT_EQ(dbits((double)(f_one / f_three)), 0x3FD5555560000000ull, "float 1/3 widened to double");

  /* Harmonic sum H(100) added in order: 100 divisions and additions, each
   * rounded (the reference value is the same computation in IEEE double
   * elsewhere; fused multiply-add would change nothing here, as there are no
   * products). */
  double acc = 0;
  for (int i = 1; i <= 100; i++) acc += d_one / (double)i;
  EXPECT_EQ(dbits(acc), 0x4014BFDFE4591243ull, "the harmonic sum H(100) in double");
}

static void test_conversions(void) {
  EXPECT_EQ((int)d_neg27, -2, "(int)-2.7 truncates to -2");
  EXPECT_EQ((int)d_25, 2, "(int)2.5 truncates to 2");
  EXPECT_EQ(lrint(d_25), 2, "lrint(2.5) rounds to even: 2");
  EXPECT_EQ(lrint(d_25 + d_one), 4, "lrint(3.5) rounds to even: 4");
  EXPECT_EQ(lround(d_25), 3, "lround(2.5) rounds away from zero: 3");
  EXPECT_EQ((unsigned)d_big, 3000000000u, "(unsigned)3e9");
  EXPECT_EQ((long long)(d_big * d_big), 9000000000000000000LL, "(long long)9e18");
  volatile int imax = INT_MAX, imin = INT_MIN;
  EXPECT_EQ(dbits((double)imax), dbits(2147483647.0), "(double)INT_MAX is exact");
  EXPECT_EQ(dbits((double)imin), dbits(-2147483648.0), "(double)INT_MIN is exact");
  volatile long long big = (1LL << 53) + 1;
  EXPECT_EQ(dbits((double)big), dbits(9007199254740992.0), "(double)(2^53 + 1) rounds to even");
  volatile unsigned u = 4000000000u;
  EXPECT_EQ(dbits((double)u), dbits(4000000000.0), "(double)4000000000u");
  EXPECT_EQ(floor(d_neg27), -3, "floor(-2.7) == -3");
  EXPECT_EQ(ceil(d_neg27), -2, "ceil(-2.7) == -2");
}

static void test_rounding_and_flags(void) {
  EXPECT_EQ(fegetround(), FE_TONEAREST, "the default rounding mode is to-nearest");
  EXPECT_EQ(fesetround(FE_UPWARD), 0, "fesetround(FE_UPWARD)");
  double up = d_one / d_three;
  EXPECT_EQ(fesetround(FE_DOWNWARD), 0, "fesetround(FE_DOWNWARD)");
  double down = d_one / d_three;
  EXPECT_EQ(fesetround(FE_TOWARDZERO), 0, "fesetround(FE_TOWARDZERO)");
  double zero = -d_one / d_three;
  fesetround(FE_TONEAREST);
  EXPECT_EQ(dbits(up), 0x3FD5555555555556ull, "1/3 rounded upward");
  EXPECT_EQ(dbits(down), 0x3FD5555555555555ull, "1/3 rounded downward");
  EXPECT_EQ(dbits(zero), 0xBFD5555555555555ull, "-1/3 rounded toward zero");

  feclearexcept(FE_ALL_EXCEPT);
  volatile double r = d_one / d_zero;
  EXPECT(isinf(r) && r > 0, "1/0 is +inf");
  EXPECT(fetestexcept(FE_DIVBYZERO), "1/0 raises the divide-by-zero flag");
  feclearexcept(FE_ALL_EXCEPT);
  r = d_zero / d_zero;
  EXPECT(isnan(r), "0/0 is NaN");
  EXPECT(fetestexcept(FE_INVALID), "0/0 raises the invalid flag");
  feclearexcept(FE_ALL_EXCEPT);
  r = d_one / d_three;
  EXPECT(fetestexcept(FE_INEXACT) && !fetestexcept(FE_INVALID | FE_DIVBYZERO), "1/3 raises only inexact");
  feclearexcept(FE_ALL_EXCEPT);
  EXPECT(!fetestexcept(FE_ALL_EXCEPT), "feclearexcept() clears every flag");
}

static volatile double series_scale = 1.0;

/* A long dependent chain of FP operations; the result depends on every
 * step, so a register corrupted by a context switch shows. */
static uint64_t fp_chain(double seed, int steps) {
  double x = seed * series_scale, y = 1.0 / (seed + 3.0);
  for (int i = 0; i < steps; i++) {
    x = x * 1.0000001 + y;
    y = sqrt(x) / (y + 1.5);
    if ((i & 255) == 0) sched_yield();
  }
  return dbits(x) ^ dbits(y);
}

static void test_fp_across_processes(void) {
  const int steps = 20000;
  uint64_t expect_a = fp_chain(1.25, steps), expect_b = fp_chain(7.5, steps);
  EXPECT(expect_a != expect_b, "two FP chains with different seeds differ");
  /* A child and the parent run their chains at the same time, yielding
   * often: each must get its own result. */
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int bad = 0;
    for (int round = 0; round < 3; round++) bad += fp_chain(7.5, steps) != expect_b;
    _exit(bad == 0 ? 0 : 1);
  }
  int bad = 0;
  for (int round = 0; round < 3; round++) bad += fp_chain(1.25, steps) != expect_a;
  int status = tg_wait(pid);
  EXPECT_EQ(bad, 0, "the parent's FP results are right while a child computes too");
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child's FP results are right too (status 0x%x)",
         status);

  /* The rounding mode is per process. */
  pid = fork();
  if (pid == 0) {
    fesetround(FE_UPWARD);
    for (int i = 0; i < 50; i++) sched_yield();
    _exit(fegetround() == FE_UPWARD && dbits(d_one / d_three) == 0x3FD5555555555556ull ? 0 : 1);
  }
  for (int i = 0; i < 50; i++) sched_yield();
  int mode_ok = fegetround() == FE_TONEAREST && dbits(d_one / d_three) == 0x3FD5555555555555ull;
  status = tg_wait(pid);
  EXPECT(mode_ok, "the parent keeps round-to-nearest while a child rounds upward");
  EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child keeps its upward rounding (status 0x%x)",
         status);
}

void group_fp(void) {
  test_arithmetic();
  test_conversions();
  test_rounding_and_flags();
  test_fp_across_processes();
}
