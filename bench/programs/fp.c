/* Floating-point benchmark, double and single precision, built around fused
 * multiply-add (the 440's fmadd/fmadds): Horner polynomial evaluation, a
 * damped oscillator and a dot product.
 *   fp [ITERATIONS]   (default 14000000)
 * The fused operations are written out with __builtin_fma/__builtin_fmaf and
 * the program is compiled with -ffp-contract=off, so every machine computes
 * exactly the same values and prints the same checksum. On PowerPC each
 * builtin is one instruction. x86-64 has no FMA in its baseline, so the host
 * build carries two versions of the kernel, picked at load time: one with
 * FMA instructions and one that calls libm's fma (much slower). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 64

#if defined(__x86_64__)
#define FMA_KERNEL __attribute__((noinline, target_clones("fma", "default")))
#else
#define FMA_KERNEL __attribute__((noinline))
#endif

static double xs[N], ys[N];
static float fx[N], fy[N];

FMA_KERNEL double kernel(unsigned long iters) {
  double pos = 1.0, vel = 0.0, acc_d = 0.0;
  float fpos = 1.0f, fvel = 0.0f, acc_f = 0.0f;
  const double k = 0.001, damp = 0.99999, dt = 0.01;
  const float kf = 0.001f, dampf = 0.99999f, dtf = 0.01f;
  for (unsigned long it = 0; it < iters; it++) {
    int i = (int)(it & (N - 1));
    /* Horner: degree-5 polynomial in double, one fma per degree. */
    double x = xs[i];
    double p = __builtin_fma(0.0083, x, 0.0416);
    p = __builtin_fma(p, x, 0.1666);
    p = __builtin_fma(p, x, 0.5);
    p = __builtin_fma(p, x, 1.0);
    p = __builtin_fma(p, x, 1.0);
    acc_d = __builtin_fma(acc_d, 0.999, p * ys[i]);
    /* Damped oscillator, double. */
    vel = __builtin_fma(vel, damp, -k * pos);
    pos = __builtin_fma(dt, vel, pos);
    /* The same in single precision plus a float polynomial. */
    float xf = fx[i];
    float pf = __builtin_fmaf(0.1666f, xf, 0.5f);
    pf = __builtin_fmaf(pf, xf, 1.0f);
    pf = __builtin_fmaf(pf, xf, 1.0f);
    acc_f = __builtin_fmaf(acc_f, 0.999f, pf * fy[i]);
    fvel = __builtin_fmaf(fvel, dampf, -kf * fpos);
    fpos = __builtin_fmaf(dtf, fvel, fpos);
  }
  double dot = 0.0;
  for (int i = 0; i < N; i++) dot = __builtin_fma(xs[i], ys[i], dot);
  return acc_d + pos + dot + (double)acc_f + (double)fpos;
}

int main(int argc, char **argv) {
  unsigned long iters = argc > 1 ? strtoul(argv[1], NULL, 0) : 14000000ul;
  for (int i = 0; i < N; i++) {
    xs[i] = (i - 32) / 40.0;
    ys[i] = 1.0 / (i + 1);
    fx[i] = (float)xs[i];
    fy[i] = (float)ys[i];
  }
  double total = kernel(iters);
  uint64_t bits;
  memcpy(&bits, &total, sizeof bits);
  printf("fp iterations=%lu checksum %.17g (%016" PRIx64 ")\n", iters, total, bits);
  return 0;
}
