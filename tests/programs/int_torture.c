/* Integer torture test: 32- and 64-bit arithmetic (64-bit division goes
 * through libgcc), shifts, rotates, bit tricks, division edge cases, CRC32 and
 * hashes. Results are printed in hex; self-checks with known answers decide
 * the exit code (0 = all good).
 *
 * On PowerPC a further section uses inline assembly for behaviour the
 * architecture defines but C leaves undefined (shift counts 32..63, carry and
 * overflow bits in XER, condition register fields). */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* Inputs come through volatile objects so that the compiler cannot fold the
 * operations away at compile time. */
static volatile uint32_t v32[] = {
    0x00000000u, 0x00000001u, 0x00000002u, 0x00000003u, 0x00000005u, 0x00000007u,
    0x0000000Au, 0x0000007Fu, 0x00000080u, 0x000000FFu, 0x00000100u, 0x00007FFFu,
    0x00008000u, 0x0000FFFFu, 0x00010000u, 0x12345678u, 0x3B9ACA07u, 0x55555555u,
    0x7FFFFFFEu, 0x7FFFFFFFu, 0x80000000u, 0x80000001u, 0xAAAAAAAAu, 0xDEADBEEFu,
    0xFFFF0000u, 0xFFFFFFF9u, 0xFFFFFFFEu, 0xFFFFFFFFu,
};
#define N32 (sizeof(v32) / sizeof(v32[0]))

static volatile uint64_t v64[] = {
    0x0000000000000000ull, 0x0000000000000001ull, 0x0000000000000003ull,
    0x000000000000000Aull, 0x00000000FFFFFFFFull, 0x0000000100000000ull,
    0x0000000100000001ull, 0x00000000DEADBEEFull, 0x123456789ABCDEF0ull,
    0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull, 0x8000000000000001ull,
    0xFFFFFFFF00000000ull, 0xFFFFFFFFFFFFFFF9ull, 0xFFFFFFFFFFFFFFFEull,
    0xFFFFFFFFFFFFFFFFull, 0x0000000000010001ull, 0x00000001FFFFFFFFull,
    0xC0FFEE0000BADA55ull, 0x000000003B9ACA07ull,
};
#define N64 (sizeof(v64) / sizeof(v64[0]))

/* Folds values into a running 64-bit hash (FNV-1a over the big-endian bytes,
 * so the hash does not depend on the host's byte order). */
static uint64_t mix64(uint64_t h, uint64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (56 - 8 * i));
  return tu_fnv1a64(h, b, 8);
}

static uint32_t rotl32(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
static uint32_t rotr32(uint32_t x, unsigned n) { return (x >> (n & 31)) | (x << ((32 - n) & 31)); }
static uint64_t rotl64(uint64_t x, unsigned n) { return (x << (n & 63)) | (x >> ((64 - n) & 63)); }

/* Arithmetic shift right written without relying on implementation-defined
 * behaviour of >> on negative values. */
static uint32_t sar32(uint32_t x, unsigned n) {
  uint32_t r = x >> n;
  if ((x & 0x80000000u) && n) r |= ~(0xFFFFFFFFu >> n);
  return r;
}
static uint64_t sar64(uint64_t x, unsigned n) {
  uint64_t r = x >> n;
  if ((x >> 63) && n) r |= ~(~0ull >> n);
  return r;
}

static void test_arith32(void) {
  printf("== 32-bit arithmetic\n");
  uint64_t total = TU_FNV64_INIT;
  for (size_t i = 0; i < N32; i++) {
    uint64_t h = TU_FNV64_INIT;
    for (size_t j = 0; j < N32; j++) {
      uint32_t a = v32[i], b = v32[j];
      int32_t sa = (int32_t)a, sb = (int32_t)b;
      h = mix64(h, a + b);
      h = mix64(h, a - b);
      h = mix64(h, a * b);
      h = mix64(h, (uint32_t)(((uint64_t)a * b) >> 32));                  /* mulhwu */
      h = mix64(h, (uint32_t)((uint64_t)((int64_t)sa * sb) >> 32));       /* mulhw */
      h = mix64(h, a & b);
      h = mix64(h, a | b);
      h = mix64(h, a ^ b);
      h = mix64(h, a & ~b);
      h = mix64(h, ~(a | b));
      h = mix64(h, ~(a ^ b));
      h = mix64(h, (uint32_t)(a < b) | (uint32_t)(sa < sb) << 1 | (uint32_t)(a == b) << 2);
      h = mix64(h, (uint32_t)(a + b < a)); /* carry out */
      if (b != 0) {
        h = mix64(h, a / b);
        h = mix64(h, a % b);
        if (!(sa == INT32_MIN && sb == -1)) {
          h = mix64(h, (uint32_t)(sa / sb));
          h = mix64(h, (uint32_t)(sa % sb));
          CHECK((int32_t)((uint32_t)(sa / sb) * (uint32_t)sb + (uint32_t)(sa % sb)) == sa);
        }
        CHECK((a / b) * b + a % b == a);
      }
    }
    printf("a=%08" PRIx32 " ops=%016" PRIx64 "\n", v32[i], h);
    total = mix64(total, h);
  }
  printf("arith32 total %016" PRIx64 "\n", total);
}

static void test_shifts32(void) {
  printf("== 32-bit shifts and rotates\n");
  uint64_t total = TU_FNV64_INIT;
  for (size_t i = 0; i < N32; i++) {
    uint64_t h = TU_FNV64_INIT;
    for (volatile unsigned n = 0; n < 32; n++) {
      uint32_t a = v32[i];
      h = mix64(h, a << n);
      h = mix64(h, a >> n);
      h = mix64(h, sar32(a, n));
      h = mix64(h, (uint32_t)((int32_t)a >> n)); /* gcc: arithmetic */
      h = mix64(h, rotl32(a, n));
      h = mix64(h, rotr32(a, n));
      CHECK(rotr32(rotl32(a, n), n) == a);
    }
    total = mix64(total, h);
  }
  /* A few results spelled out. */
  volatile uint32_t x = 0x80000001u;
  volatile unsigned s = 4;
  printf("shl %08" PRIx32 " shr %08" PRIx32 " sar %08" PRIx32 " rotl %08" PRIx32 " rotr %08" PRIx32 "\n",
         x << s, x >> s, (uint32_t)((int32_t)x >> s), rotl32(x, s), rotr32(x, s));
  printf("shifts32 total %016" PRIx64 "\n", total);
}

static void test_arith64(void) {
  printf("== 64-bit arithmetic (libgcc division)\n");
  uint64_t total = TU_FNV64_INIT;
  for (size_t i = 0; i < N64; i++) {
    uint64_t h = TU_FNV64_INIT;
    for (size_t j = 0; j < N64; j++) {
      uint64_t a = v64[i], b = v64[j];
      int64_t sa = (int64_t)a, sb = (int64_t)b;
      h = mix64(h, a + b);
      h = mix64(h, a - b);
      h = mix64(h, a * b);
      h = mix64(h, (uint64_t)(a < b) | (uint64_t)(sa < sb) << 1 | (uint64_t)(a == b) << 2);
      if (b != 0) {
        uint64_t q = a / b, r = a % b;
        h = mix64(h, q);
        h = mix64(h, r);
        CHECK(q * b + r == a && r < b);
        if (!(sa == INT64_MIN && sb == -1)) {
          int64_t sq = sa / sb, sr = sa % sb;
          h = mix64(h, (uint64_t)sq);
          h = mix64(h, (uint64_t)sr);
          CHECK((uint64_t)sq * (uint64_t)sb + (uint64_t)sr == a);
        }
      }
    }
    for (volatile unsigned n = 0; n < 64; n++) {
      uint64_t a = v64[i];
      h = mix64(h, a << n);
      h = mix64(h, a >> n);
      h = mix64(h, sar64(a, n));
      h = mix64(h, (uint64_t)((int64_t)a >> n));
      h = mix64(h, rotl64(a, n));
    }
    printf("a=%016" PRIx64 " ops=%016" PRIx64 "\n", v64[i], h);
    total = mix64(total, h);
  }
  printf("arith64 total %016" PRIx64 "\n", total);
}

static void test_division_edges(void) {
  printf("== division edge cases\n");
  volatile int32_t m = INT32_MIN, p = INT32_MAX, n7 = -7, p7 = 7, two = 2, m2 = -2, one = 1, m1 = -1;
  printf("INT32_MIN/1   = %08" PRIx32 "\n", (uint32_t)(m / one));
  printf("INT32_MIN/-2  = %08" PRIx32 "\n", (uint32_t)(m / m2));
  printf("INT32_MIN%%-1 via 2 = %08" PRIx32 "\n", (uint32_t)(m % two));
  printf("INT32_MAX/-1  = %08" PRIx32 "\n", (uint32_t)(p / m1));
  printf("-7/2 = %08" PRIx32 "  -7%%2 = %08" PRIx32 "\n", (uint32_t)(n7 / two), (uint32_t)(n7 % two));
  printf(" 7/-2 = %08" PRIx32 "   7%%-2 = %08" PRIx32 "\n", (uint32_t)(p7 / m2), (uint32_t)(p7 % m2));
  printf("-7/-2 = %08" PRIx32 "  -7%%-2 = %08" PRIx32 "\n", (uint32_t)(n7 / m2), (uint32_t)(n7 % m2));
  volatile uint32_t umax = UINT32_MAX, u3 = 3;
  printf("UINT32_MAX/3 = %08" PRIx32 " rem %08" PRIx32 "\n", umax / u3, umax % u3);

  volatile int64_t lm = INT64_MIN, lp = INT64_MAX, ln7 = -7, l2 = 2, lm2 = -2, lm1 = -1;
  volatile uint64_t lumax = UINT64_MAX, lbig = 0xFFFFFFFFull, l10 = 10;
  printf("INT64_MIN/-2  = %016" PRIx64 "\n", (uint64_t)(lm / lm2));
  printf("INT64_MIN%%2   = %016" PRIx64 "\n", (uint64_t)(lm % l2));
  printf("INT64_MAX/-1  = %016" PRIx64 "\n", (uint64_t)(lp / lm1));
  printf("-7/2 = %016" PRIx64 " -7%%2 = %016" PRIx64 "\n", (uint64_t)(ln7 / l2), (uint64_t)(ln7 % l2));
  printf("UINT64_MAX/0xFFFFFFFF = %016" PRIx64 " rem %016" PRIx64 "\n", lumax / lbig, lumax % lbig);
  printf("UINT64_MAX/10 = %016" PRIx64 " rem %" PRIu64 "\n", lumax / l10, lumax % l10);
  CHECK(lumax / l10 == 1844674407370955161ull && lumax % l10 == 5);
  CHECK((uint32_t)(n7 / two) == 0xFFFFFFFDu && (uint32_t)(n7 % two) == 0xFFFFFFFFu);

  /* Division by constants (compiled to multiply-high sequences) must agree
   * with real division by the same value held in a variable. */
  volatile uint32_t d10 = 10, d7 = 7, d1000 = 1000;
  volatile int32_t sd7 = 7, sdm3 = -3;
  uint32_t st = 1;
  unsigned bad = 0;
  for (int k = 0; k < 20000; k++) {
    uint32_t x = tu_xorshift32(&st);
    int32_t sx = (int32_t)x;
    if (x / 10 != x / d10 || x % 10 != x % d10) bad++;
    if (x / 7 != x / d7 || x / 1000 != x / d1000) bad++;
    if (sx / 7 != sx / sd7 || sx % 7 != sx % sd7) bad++;
    if (sx / -3 != sx / sdm3 || sx % -3 != sx % sdm3) bad++;
  }
  printf("constant division mismatches: %u\n", bad);
  CHECK(bad == 0);
}

static unsigned popcount_slow(uint64_t x) {
  unsigned n = 0;
  for (; x; x >>= 1) n += (unsigned)(x & 1);
  return n;
}

static uint32_t bitreverse32(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
  return (x >> 16) | (x << 16);
}

static uint32_t next_pow2(uint32_t x) {
  x--;
  x |= x >> 1;
  x |= x >> 2;
  x |= x >> 4;
  x |= x >> 8;
  x |= x >> 16;
  return x + 1;
}

static void test_bit_tricks(void) {
  printf("== bit tricks\n");
  uint64_t h = TU_FNV64_INIT;
  for (size_t i = 0; i < N32; i++) {
    uint32_t a = v32[i];
    unsigned pc = (unsigned)__builtin_popcount(a);
    CHECK(pc == popcount_slow(a));
    int clz = a ? __builtin_clz(a) : 32;
    int ctz = a ? __builtin_ctz(a) : 32;
    int parity = __builtin_parity(a);
    CHECK((unsigned)parity == (pc & 1));
    uint32_t lowest = a & (0u - a);
    uint32_t cleared = a & (a - 1);
    uint32_t gray = a ^ (a >> 1);
    uint32_t sgn = sar32(a, 31);
    uint32_t absval = (a ^ sgn) - sgn;
    int32_t sext8 = (int8_t)(uint8_t)a;
    int32_t sext16 = (int16_t)(uint16_t)a;
    printf("%08" PRIx32 ": pop %2u clz %2d ctz %2d par %d low %08" PRIx32 " clr %08" PRIx32
           " gray %08" PRIx32 " abs %08" PRIx32 " sx8 %08" PRIx32 " sx16 %08" PRIx32 " bswap %08" PRIx32
           " rev %08" PRIx32 " np2 %08" PRIx32 "\n",
           a, pc, clz, ctz, parity, lowest, cleared, gray, absval, (uint32_t)sext8, (uint32_t)sext16,
           __builtin_bswap32(a), bitreverse32(a), next_pow2(a));
    h = mix64(h, __builtin_bswap16((uint16_t)a));
  }
  for (size_t i = 0; i < N64; i++) {
    uint64_t a = v64[i];
    unsigned pc = (unsigned)__builtin_popcountll(a);
    CHECK(pc == popcount_slow(a));
    h = mix64(h, pc);
    h = mix64(h, a ? (uint64_t)__builtin_clzll(a) : 64);
    h = mix64(h, a ? (uint64_t)__builtin_ctzll(a) : 64);
    h = mix64(h, __builtin_bswap64(a));
  }
  CHECK(__builtin_bswap32(v32[15]) == 0x78563412u);
  CHECK(bitreverse32(1) == 0x80000000u);
  printf("bit tricks 64 %016" PRIx64 "\n", h);
}

static void test_overflow(void) {
  printf("== overflow builtins\n");
  uint64_t h = TU_FNV64_INIT;
  unsigned count = 0;
  for (size_t i = 0; i < N32; i++) {
    for (size_t j = 0; j < N32; j++) {
      int32_t a = (int32_t)v32[i], b = (int32_t)v32[j], r;
      uint32_t ur;
      count += __builtin_add_overflow(a, b, &r);
      h = mix64(h, (uint32_t)r);
      count += __builtin_sub_overflow(a, b, &r);
      h = mix64(h, (uint32_t)r);
      count += __builtin_mul_overflow(a, b, &r);
      h = mix64(h, (uint32_t)r);
      count += __builtin_mul_overflow(v32[i], v32[j], &ur);
      h = mix64(h, ur);
    }
  }
  for (size_t i = 0; i < N64; i++) {
    for (size_t j = 0; j < N64; j++) {
      int64_t a = (int64_t)v64[i], b = (int64_t)v64[j], r;
      count += __builtin_mul_overflow(a, b, &r);
      h = mix64(h, (uint64_t)r);
      count += __builtin_add_overflow(a, b, &r);
      h = mix64(h, (uint64_t)r);
    }
  }
  printf("overflows %u hash %016" PRIx64 "\n", count, h);
}

static uint32_t crc_table[256];

static void test_crc_and_hashes(void) {
  printf("== CRC32 and hashes\n");
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    crc_table[i] = c;
  }
  static unsigned char buf[65536];
  uint64_t s = 42;
  for (size_t i = 0; i < sizeof buf; i += 8) {
    uint64_t r = tu_splitmix64(&s);
    for (int k = 0; k < 8; k++) buf[i + k] = (unsigned char)(r >> (8 * k));
  }
  uint32_t crc_bitwise = tu_crc32(buf, sizeof buf);
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < sizeof buf; i++) crc = crc_table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
  crc = ~crc;
  printf("crc32(check string) = %08" PRIx32 "\n", tu_crc32("123456789", 9));
  printf("crc32(64 KiB) = %08" PRIx32 " (table %08" PRIx32 ")\n", crc_bitwise, crc);
  CHECK(tu_crc32("123456789", 9) == 0xCBF43926u);
  CHECK(crc == crc_bitwise);

  printf("fnv1a32(\"\") = %08" PRIx32 " fnv1a32(\"foobar\") = %08" PRIx32 "\n",
         tu_fnv1a32(TU_FNV32_INIT, "", 0), tu_fnv1a32(TU_FNV32_INIT, "foobar", 6));
  printf("fnv1a64(\"foobar\") = %016" PRIx64 " fnv1a64(64 KiB) = %016" PRIx64 "\n",
         tu_fnv1a64(TU_FNV64_INIT, "foobar", 6), tu_fnv1a64(TU_FNV64_INIT, buf, sizeof buf));
  CHECK(tu_fnv1a32(TU_FNV32_INIT, "", 0) == 0x811C9DC5u);
  CHECK(tu_fnv1a32(TU_FNV32_INIT, "foobar", 6) == 0xBF9CF968u);
  CHECK(tu_fnv1a64(TU_FNV64_INIT, "foobar", 6) == 0x85944171F73967E8ull);

  uint64_t sm = 0;
  uint64_t first = tu_splitmix64(&sm);
  printf("splitmix64(0) = %016" PRIx64 "\n", first);
  CHECK(first == 0xE220A8397B1DCDAFull);

  /* A multiply-rotate hash over 32-bit words (murmur-style mixing). */
  uint32_t mh = 0x9747B28Cu;
  for (size_t i = 0; i + 4 <= sizeof buf; i += 4) {
    uint32_t k = (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 | (uint32_t)buf[i + 2] << 16 |
                 (uint32_t)buf[i + 3] << 24;
    k *= 0xCC9E2D51u;
    k = rotl32(k, 15);
    k *= 0x1B873593u;
    mh ^= k;
    mh = rotl32(mh, 13) * 5 + 0xE6546B64u;
  }
  mh ^= mh >> 16;
  mh *= 0x85EBCA6Bu;
  mh ^= mh >> 13;
  printf("mixhash(64 KiB) = %08" PRIx32 "\n", mh);
}

static void test_loops(void) {
  printf("== loops\n");
  /* Collatz step counts: data-dependent branches and 64-bit values. */
  uint64_t steps_total = 0;
  uint32_t best = 0, best_steps = 0;
  for (uint32_t n = 1; n <= 30000; n++) {
    uint64_t x = n;
    uint32_t steps = 0;
    while (x != 1) {
      x = (x & 1) ? 3 * x + 1 : x >> 1;
      steps++;
    }
    steps_total += steps;
    if (steps > best_steps) best_steps = steps, best = n;
  }
  printf("collatz total %" PRIu64 " longest %" PRIu32 " (%" PRIu32 " steps)\n", steps_total, best, best_steps);
  CHECK(best == 26623 && best_steps == 307);

  /* Sum of squares with 64-bit accumulation and a GCD table. */
  uint64_t sq = 0;
  for (uint32_t i = 0; i < 100000; i++) sq += (uint64_t)i * i;
  printf("sum of squares %" PRIu64 "\n", sq);
  CHECK(sq == 333328333350000ull);
  uint32_t gsum = 0;
  for (uint32_t a = 1; a < 200; a++)
    for (uint32_t b = 1; b < 200; b++) {
      uint32_t x = a, y = b;
      while (y) {
        uint32_t t = x % y;
        x = y;
        y = t;
      }
      gsum += x;
    }
  printf("gcd sum %" PRIu32 "\n", gsum);
}

#if defined(__powerpc__) && !defined(__powerpc64__)
/* Architecture-defined behaviour, checked through inline assembly. */
static void test_ppc_asm(void) {
  printf("== powerpc instructions\n");
  uint64_t h = TU_FNV64_INIT;
  for (size_t i = 0; i < N32; i++) {
    uint32_t a = v32[i];
    for (uint32_t n = 0; n < 64; n++) {
      uint32_t sl, sr, sa, ca;
      __asm__("slw %0,%1,%2" : "=r"(sl) : "r"(a), "r"(n));
      __asm__("srw %0,%1,%2" : "=r"(sr) : "r"(a), "r"(n));
      /* sraw, then capture XER[CA] with addze on zero. */
      __asm__("sraw %0,%2,%3\n\tli %1,0\n\taddze %1,%1" : "=&r"(sa), "=&r"(ca) : "r"(a), "r"(n) : "xer");
      h = mix64(h, sl);
      h = mix64(h, sr);
      h = mix64(h, sa);
      h = mix64(h, ca);
    }
    uint32_t cnt, srawi_res, srawi_ca;
    __asm__("cntlzw %0,%1" : "=r"(cnt) : "r"(a));
    __asm__("srawi %0,%2,5\n\tli %1,0\n\taddze %1,%1" : "=&r"(srawi_res), "=&r"(srawi_ca) : "r"(a) : "xer");
    h = mix64(h, cnt);
    h = mix64(h, srawi_res);
    h = mix64(h, srawi_ca);
    for (size_t j = 0; j < N32; j++) {
      uint32_t b = v32[j], sum, carry, diff, borrow, cr, xer, ext;
      /* addc/adde: 64-bit add built from two 32-bit halves. */
      __asm__("addc %0,%2,%3\n\tli %1,0\n\taddze %1,%1" : "=&r"(sum), "=&r"(carry) : "r"(a), "r"(b) : "xer");
      __asm__("subfc %0,%3,%2\n\tli %1,0\n\taddze %1,%1" : "=&r"(diff), "=&r"(borrow) : "r"(a), "r"(b) : "xer");
      /* Extended subtract with carry in = 1 (from subfc of equal values). */
      __asm__("subfc %0,%1,%1\n\tsubfe %0,%2,%1" : "=&r"(ext) : "r"(a), "r"(b) : "xer");
      /* Signed and unsigned compares into CR fields 0 and 7. */
      __asm__("cmpw cr0,%1,%2\n\tcmplw cr7,%1,%2\n\tmfcr %0" : "=r"(cr) : "r"(a), "r"(b) : "cr0", "cr7");
      cr &= 0xE000000Eu;
      /* addo./mullwo.: overflow into XER[OV,SO]; clear XER first. */
      uint32_t r1, r2, zero = 0;
      __asm__("mtxer %3\n\taddo %0,%4,%5\n\tmfxer %1\n\tmtxer %3\n\tmullwo %0,%4,%5\n\tmfxer %2\n\tmtxer %3"
              : "=&r"(r1), "=&r"(xer), "=&r"(r2)
              : "r"(zero), "r"(a), "r"(b)
              : "xer");
      h = mix64(h, sum);
      h = mix64(h, carry);
      h = mix64(h, diff);
      h = mix64(h, borrow);
      h = mix64(h, ext);
      h = mix64(h, cr);
      h = mix64(h, xer & 0xC0000000u);
      h = mix64(h, r2 & 0xC0000000u);
      /* rlwnm with a register rotate count and two masks. */
      uint32_t rot;
      __asm__("rlwnm %0,%1,%2,4,27" : "=r"(rot) : "r"(a), "r"(b));
      h = mix64(h, rot);
      uint32_t ins = b;
      __asm__("rlwimi %0,%1,8,12,19" : "+r"(ins) : "r"(a));
      h = mix64(h, ins);
      uint32_t mh, mhu;
      __asm__("mulhw %0,%1,%2" : "=r"(mh) : "r"(a), "r"(b));
      __asm__("mulhwu %0,%1,%2" : "=r"(mhu) : "r"(a), "r"(b));
      CHECK(mh == (uint32_t)((uint64_t)((int64_t)(int32_t)a * (int32_t)b) >> 32));
      CHECK(mhu == (uint32_t)(((uint64_t)a * b) >> 32));
      /* divwo/divwuo overflow flags (the quotient is undefined then, so
       * only defined quotients are hashed). */
      uint32_t q, dxer;
      __asm__("mtxer %3\n\tdivwo %0,%2,%4\n\tmfxer %1\n\tmtxer %3" : "=&r"(q), "=&r"(dxer) : "r"(a), "r"(zero), "r"(b) : "xer");
      h = mix64(h, dxer & 0xC0000000u);
      if (b != 0 && !(a == 0x80000000u && b == 0xFFFFFFFFu)) h = mix64(h, q);
      __asm__("mtxer %3\n\tdivwuo %0,%2,%4\n\tmfxer %1\n\tmtxer %3" : "=&r"(q), "=&r"(dxer) : "r"(a), "r"(zero), "r"(b) : "xer");
      h = mix64(h, dxer & 0xC0000000u);
      if (b != 0) h = mix64(h, q);
    }
  }
  uint32_t ov_sum, ov_xer, zero = 0, big = 0x7FFFFFFFu, one = 1;
  __asm__("mtxer %2\n\taddo %0,%3,%4\n\tmfxer %1\n\tmtxer %2" : "=&r"(ov_sum), "=&r"(ov_xer) : "r"(zero), "r"(big), "r"(one) : "xer");
  printf("addo 7fffffff+1 = %08" PRIx32 " xer %08" PRIx32 "\n", ov_sum, ov_xer & 0xE0000000u);
  CHECK(ov_sum == 0x80000000u && (ov_xer & 0xC0000000u) == 0xC0000000u);
  printf("ppc asm hash %016" PRIx64 "\n", h);
}
#endif

int main(void) {
  test_arith32();
  test_shifts32();
  test_arith64();
  test_division_edges();
  test_bit_tricks();
  test_overflow();
  test_crc_and_hashes();
  test_loops();
#if defined(__powerpc__) && !defined(__powerpc64__)
  test_ppc_asm();
#else
  printf("== powerpc instructions: skipped on this host\n");
#endif
  printf("int_torture: %d check(s) failed\n", tu_failures);
  return tu_exit_code();
}
