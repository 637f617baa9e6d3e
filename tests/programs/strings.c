/* Strings and memory: glibc's optimized mem and str routines on many sizes
 * and alignments (large clears and copies go through dcbz and cache-line
 * paths), qsort, snprintf with integer and floating-point formats, and
 * number parsing. Every result is compared against a simple byte-at-a-time
 * reference; the printed hashes cover the whole buffers including guard
 * bytes, so stray writes show up too. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define BUF 9000
#define GUARD 64

static unsigned char src_area[BUF + 2 * GUARD] __attribute__((aligned(64)));
static unsigned char dst_area[BUF + 2 * GUARD] __attribute__((aligned(64)));
static unsigned char ref_area[BUF + 2 * GUARD] __attribute__((aligned(64)));

static const size_t sizes[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  12,  15,  16,   17,   31,   32,  33,
                               63, 64, 65, 95, 96, 127, 128, 129, 255, 256, 257, 511, 1000, 1024, 4096, 8191};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
static const size_t aligns[] = {0, 1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 32};
#define NALIGNS (sizeof(aligns) / sizeof(aligns[0]))

/* Keep the compiler from replacing the library calls with inline code when
 * it knows sizes: sizes and pointers go through these. */
static void *volatile keep;
static size_t opaque_size(size_t n) {
  volatile size_t v = n;
  return v;
}

static void fill_pattern(unsigned char *p, size_t n, uint32_t seed) {
  uint32_t s = seed ? seed : 1;
  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(tu_xorshift32(&s) >> 24);
}

static void ref_copy(unsigned char *d, const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n; i++) d[i] = s[i];
}

static void ref_move(unsigned char *d, const unsigned char *s, size_t n) {
  if (d < s)
    for (size_t i = 0; i < n; i++) d[i] = s[i];
  else
    for (size_t i = n; i > 0; i--) d[i - 1] = s[i - 1];
}

static int sign(int v) { return (v > 0) - (v < 0); }

static void test_memcpy(void) {
  printf("== memcpy\n");
  uint32_t total = 0;
  unsigned bad = 0;
  fill_pattern(src_area, sizeof src_area, 7);
  for (size_t si = 0; si < NSIZES; si++) {
    uint32_t h = TU_FNV32_INIT;
    for (size_t a = 0; a < NALIGNS; a++)
      for (size_t b = 0; b < NALIGNS; b += 2) {
        size_t n = opaque_size(sizes[si]);
        fill_pattern(dst_area, sizeof dst_area, 99);
        memcpy(ref_area, dst_area, sizeof dst_area);
        keep = memcpy(dst_area + GUARD + aligns[a], src_area + GUARD + aligns[b], n);
        ref_copy(ref_area + GUARD + aligns[a], src_area + GUARD + aligns[b], n);
        if (memcmp(dst_area, ref_area, sizeof dst_area) != 0) bad++;
        h = tu_fnv1a32(h, dst_area, GUARD + 64 + n);
      }
    total = tu_crc32_u32(total, h);
    if (sizes[si] >= 64) printf("memcpy n=%zu hash %08" PRIx32 "\n", sizes[si], h);
  }
  printf("memcpy mismatches %u total %08" PRIx32 "\n", bad, total);
  CHECK(bad == 0);
}

static void test_memmove(void) {
  printf("== memmove\n");
  static const int dists[] = {-300, -65, -64, -33, -32, -17, -8, -5, -4, -3, -1, 0,
                              1,    3,   4,   5,   8,   16,  31, 32, 33, 64, 129};
  unsigned bad = 0;
  uint32_t h = TU_FNV32_INIT;
  for (size_t si = 0; si < NSIZES; si++) {
    if (sizes[si] > 4096) continue;
    for (size_t di = 0; di < sizeof dists / sizeof dists[0]; di++)
      for (size_t a = 0; a < NALIGNS; a += 3) {
        size_t n = opaque_size(sizes[si]);
        unsigned char *s = dst_area + GUARD + 400 + aligns[a];
        unsigned char *d = s + dists[di];
        fill_pattern(dst_area, sizeof dst_area, (uint32_t)(si * 131 + di));
        memcpy(ref_area, dst_area, sizeof dst_area);
        keep = memmove(d, s, n);
        ref_move(ref_area + (d - dst_area), ref_area + (s - dst_area), n);
        if (memcmp(dst_area, ref_area, sizeof dst_area) != 0) bad++;
        h = tu_fnv1a32(h, dst_area + GUARD, 400 + 300 + n);
      }
  }
  printf("memmove mismatches %u hash %08" PRIx32 "\n", bad, h);
  CHECK(bad == 0);
}

static void test_memset(void) {
  printf("== memset\n");
  static const int values[] = {0, 0xA5, 0xFF, 0x01};
  unsigned bad = 0;
  uint32_t h = TU_FNV32_INIT;
  for (size_t vi = 0; vi < 4; vi++)
    for (size_t si = 0; si < NSIZES; si++)
      for (size_t a = 0; a < NALIGNS; a++) {
        size_t n = opaque_size(sizes[si]);
        fill_pattern(dst_area, sizeof dst_area, (uint32_t)(vi + 3));
        memcpy(ref_area, dst_area, sizeof dst_area);
        unsigned char *d = dst_area + GUARD + aligns[a];
        keep = memset(d, values[vi], n);
        for (size_t i = 0; i < n; i++) ref_area[GUARD + aligns[a] + i] = (unsigned char)values[vi];
        if (memcmp(dst_area, ref_area, sizeof dst_area) != 0) bad++;
        h = tu_fnv1a32(h, dst_area, GUARD + 40 + n);
      }
  /* Large clears of whole cache lines, aligned and not. */
  for (size_t off = 0; off < 64; off += 9) {
    fill_pattern(dst_area, sizeof dst_area, 5);
    memset(dst_area + off, 0, opaque_size(BUF));
    size_t nz = 0;
    for (size_t i = 0; i < sizeof dst_area; i++) nz += dst_area[i] != 0;
    h = tu_fnv1a32(h, dst_area, sizeof dst_area);
    if (nz > sizeof dst_area - BUF) bad++;
  }
  printf("memset mismatches %u hash %08" PRIx32 "\n", bad, h);
  CHECK(bad == 0);
}

static void test_str_functions(void) {
  printf("== strlen/strcmp/strchr/memchr/memcmp\n");
  unsigned bad = 0;
  uint32_t h = TU_FNV32_INIT;
  char *s1 = (char *)src_area;
  char *s2 = (char *)dst_area;
  for (size_t a = 0; a < NALIGNS; a++)
    for (size_t len = 0; len < 300; len += (len < 40 ? 1 : 37)) {
      char *p = s1 + GUARD + aligns[a];
      memset(src_area, 'x', sizeof src_area);
      for (size_t i = 0; i < len; i++) p[i] = (char)('a' + (i * 7 + a) % 26);
      p[len] = 0;
      size_t l = strlen(p);
      if (l != len) bad++;
      /* strchr/strrchr/memchr for a present and an absent byte. */
      char want = (char)('a' + (len * 3) % 26);
      char *c1 = strchr(p, want), *c2 = strrchr(p, want);
      void *c3 = memchr(p, want, len);
      long i1 = c1 ? (long)(c1 - p) : -1, i2 = c2 ? (long)(c2 - p) : -1, i3 = c3 ? (long)((char *)c3 - p) : -1;
      long r1 = -1, r2 = -1;
      for (size_t i = 0; i < len; i++)
        if (p[i] == want) {
          if (r1 < 0) r1 = (long)i;
          r2 = (long)i;
        }
      if (i1 != r1 || i2 != r2 || i3 != r1) bad++;
      if (strchr(p, '#') != NULL || strchr(p, 0) != p + len) bad++;
      h = tu_crc32_u32(h, (uint32_t)i1);
      h = tu_crc32_u32(h, (uint32_t)i2);
      h = tu_crc32_u32(h, (uint32_t)len);
      /* strcmp/strncmp/memcmp with a difference at every position class. */
      for (size_t a2 = 0; a2 < NALIGNS; a2 += 5) {
        char *q = s2 + GUARD + aligns[a2];
        memcpy(q, p, len + 1);
        int same = strcmp(p, q) == 0 && strncmp(p, q, len + 5) == 0 && memcmp(p, q, len) == 0;
        if (!same) bad++;
        for (size_t pos = 0; pos < len; pos += 1 + len / 7) {
          char saved = q[pos];
          q[pos] = (char)(saved + 1);
          int r[4] = {sign(strcmp(p, q)), sign(strcmp(q, p)), sign(strncmp(p, q, pos + 1)), sign(memcmp(q, p, len))};
          if (r[0] != -1 || r[1] != 1 || r[2] != -1 || r[3] != 1) bad++;
          if (strncmp(p, q, pos) != 0) bad++;
          /* High-bit bytes compare as unsigned char. */
          q[pos] = (char)0xE9;
          if (sign(strcmp(p, q)) != -1 || sign(memcmp(p, q, len)) != -1) bad++;
          q[pos] = saved;
        }
      }
    }
  /* strcpy/strcat/strstr/strspn. */
  char buf[256];
  strcpy(buf, "pvppc");
  strcat(buf, " guest ");
  strncat(buf, "programs-and-more" + opaque_size(0), opaque_size(8));
  printf("built \"%s\" len %zu\n", buf, strlen(buf));
  const char *hay = "the quick brown fox jumps over the lazy dog";
  printf("strstr fox@%ld lazy@%ld cat=%s strspn %zu strcspn %zu\n", (long)(strstr(hay, "fox") - hay),
         (long)(strstr(hay, "lazy") - hay), strstr(hay, "cat") ? "found" : "none", strspn(hay, "the "),
         strcspn(hay, "xyz"));
  CHECK(strcmp(buf, "pvppc guest programs") == 0);
  printf("str mismatches %u hash %08" PRIx32 "\n", bad, h);
  CHECK(bad == 0);
}

struct rec {
  uint32_t key;
  uint32_t tie;
  char name[12];
};

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
  if (x->tie != y->tie) return (x->tie > y->tie) - (x->tie < y->tie);
  return strcmp(x->name, y->name);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void test_qsort(void) {
  printf("== qsort\n");
  static uint32_t v[5000];
  uint32_t s = 12345;
  for (size_t i = 0; i < 5000; i++) v[i] = tu_xorshift32(&s) % 100000;
  qsort(v, 5000, sizeof v[0], cmp_u32);
  unsigned bad = 0;
  for (size_t i = 1; i < 5000; i++) bad += v[i - 1] > v[i];
  uint32_t crc = 0;
  for (size_t i = 0; i < 5000; i++) crc = tu_crc32_u32(crc, v[i]);
  printf("ints: min %" PRIu32 " median %" PRIu32 " max %" PRIu32 " crc %08" PRIx32 "\n", v[0], v[2500], v[4999], crc);

  static struct rec r[700];
  for (size_t i = 0; i < 700; i++) {
    memset(&r[i], 0, sizeof r[i]);
    r[i].key = tu_xorshift32(&s) % 13;
    r[i].tie = tu_xorshift32(&s) % 5;
    snprintf(r[i].name, sizeof r[i].name, "n%zu", (i * 37) % 701);
  }
  qsort(r, 700, sizeof r[0], cmp_rec);
  for (size_t i = 1; i < 700; i++) bad += cmp_rec(&r[i - 1], &r[i]) > 0;
  crc = 0;
  for (size_t i = 0; i < 700; i++) {
    crc = tu_crc32_u32(crc, r[i].key);
    crc = tu_crc32_u32(crc, r[i].tie);
    crc = tu_crc32_update(crc, r[i].name, sizeof r[i].name);
  }
  printf("records: first %" PRIu32 "/%" PRIu32 "/%s last %" PRIu32 "/%" PRIu32 "/%s crc %08" PRIx32 "\n", r[0].key,
         r[0].tie, r[0].name, r[699].key, r[699].tie, r[699].name, crc);

  static const char *words[] = {"powerpc", "guest",  "hypervisor", "tlb",  "interrupt", "decrementer",
                                "magic",   "page",   "epapr",      "byte", "channel",   "virtio",
                                "mmio",    "440",    "Book-E",     "",     "zz",        "Zz"};
  const size_t nw = sizeof words / sizeof words[0];
  const char *sorted[sizeof words / sizeof words[0]];
  memcpy(sorted, words, sizeof words);
  qsort(sorted, nw, sizeof sorted[0], cmp_str);
  printf("words:");
  for (size_t i = 0; i < nw; i++) printf(" [%s]", sorted[i]);
  printf("\n");
  printf("qsort order errors %u\n", bad);
  CHECK(bad == 0);
}

static void u64bits(const char *label, double d) {
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  printf("%s %016" PRIx64 "\n", label, b);
}

static void test_snprintf(void) {
  printf("== snprintf\n");
  char out[512];
  int n;
  volatile int iv = -12345, zero = 0;
  volatile unsigned uv = 3000000000u;
  volatile long long llv = -1234567890123456789ll;
  volatile unsigned long long ullv = 18446744073709551615ull;
  volatile short sv = -32768;
  volatile signed char cv = -128;
  volatile size_t zv = 4000000000u;

  n = snprintf(out, sizeof out, "%d|%i|%u|%x|%X|%o|%c|%s|%%", iv, iv, uv, uv, uv, uv, 'Q', "str");
  printf("[%s] %d\n", out, n);
  n = snprintf(out, sizeof out, "%5d|%-5d|%05d|%+d|% d|%+d|%#x|%#o|%#X|%.3d|%8.3d|%-8.3d|", 42, 42, 42, 42, 42,
               zero, 255u, 8u, 0xABCu, 7, -7, 7);
  printf("[%s] %d\n", out, n);
  n = snprintf(out, sizeof out, "%lld|%llu|%llx|%hd|%hhd|%zu|%ld|%lu", llv, ullv, ullv, sv, cv, zv, -1L, 4294967295ul);
  printf("[%s] %d\n", out, n);
  n = snprintf(out, sizeof out, "%*d|%-*d|%.*s|%.0s|%10.4s|%-10s|", 7, 99, 6, -99, 3, "abcdef", "gone", "truncate",
               "left");
  printf("[%s] %d\n", out, n);
  /* Truncation: return value is the untruncated length. */
  char small[8];
  n = snprintf(small, opaque_size(sizeof small), "%s-%d", "overflowing", 123456);
  printf("[%s] %d\n", small, n);
  n = snprintf(NULL, 0, "%d %s", 1000000, "x");
  printf("null buffer length %d\n", n);
  CHECK(n == 9);

  static const double dv[] = {0.0,
                              -0.0,
                              1.0,
                              -1.5,
                              0.1,
                              1.0 / 3.0,
                              2.0 / 3.0,
                              123456789.125,
                              -0.000123456789,
                              1e10,
                              1e-10,
                              6.02214076e23,
                              1.602176634e-19,
                              1e300,
                              1e-300,
                              4.9406564584124654e-324,
                              2.2250738585072014e-308,
                              1.7976931348623157e308,
                              9.5,
                              10.5,
                              0.5,
                              1.5,
                              2.5,
                              999999.5,
                              0.000095,
                              1e21,
                              123.456};
  uint32_t h = TU_FNV32_INIT;
  for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++) {
    volatile double d = dv[i];
    n = snprintf(out, sizeof out, "%f|%.0f|%.3f|%e|%.2e|%E|%g|%.3g|%G|%#g|%12.4f|%-12.2e|%+.1f|%a", d, d, d, d, d, d, d,
                 d, d, d, d, d, d, d);
    printf("%s\n", out);
    /* n is the untruncated length: hash what is in the buffer. */
    h = tu_fnv1a32(h, out, strlen(out));
  }
  volatile double inf = __builtin_inf(), qnan = __builtin_nan("");
  n = snprintf(out, sizeof out, "%f %e %g %F %f %e %g %F %5.1f|%-6f|", inf, -inf, inf, inf, qnan, qnan, qnan, qnan, qnan,
               -inf);
  printf("%s\n", out);
  /* %.60f of a power of two prints exactly; many digits of 1/3. */
  volatile double tiny = 0x1p-60, third = 1.0 / 3.0;
  printf("%.60f\n%.40f\n%.17g %.17g\n", tiny, third, third, 0.1);
  printf("float promoted: %f %g %a\n", (double)1.1f, (double)3.4028235e38f, (double)1e-45f);
  printf("snprintf float hash %08" PRIx32 "\n", h);
  CHECK(strcmp((snprintf(out, sizeof out, "%.2f", 2.675), out), "2.67") == 0); /* binary value below 2.675 */
  CHECK(strcmp((snprintf(out, sizeof out, "%.0f %.0f", 0.5, 1.5), out), "0 2") == 0);
  CHECK(strcmp((snprintf(out, sizeof out, "%g", 1e-5), out), "1e-05") == 0);
  CHECK(strcmp((snprintf(out, sizeof out, "%a", 1.0), out), "0x1p+0") == 0);

  /* Parsing back: strtod round-trips %.17g, strtol/strtoul edge cases. */
  unsigned rt_bad = 0;
  for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++) {
    snprintf(out, sizeof out, "%.17g", dv[i]);
    double back = strtod(out, NULL);
    if (memcmp(&back, &dv[i], sizeof back) != 0) rt_bad++;
  }
  printf("strtod round trip failures %u\n", rt_bad);
  CHECK(rt_bad == 0);
  u64bits("strtod(\"0.1\")", strtod("0.1", NULL));
  u64bits("strtod(\"-2.5e-310\")", strtod("-2.5e-310", NULL));
  u64bits("strtod(\"0x1.8p3\")", strtod("0x1.8p3", NULL));
  u64bits("strtod(\"1e400\")", strtod("1e400", NULL));
  char *end;
  static const char hexnum[] = "  -0x7fffffff tail";
  long l1 = strtol(hexnum, &end, 16);
  printf("strtol %ld, parsing stopped at offset %d\n", l1, (int)(end - hexnum));
  printf("strtol(\"2147483647\") %ld strtol(\"-2147483648\") %ld strtol(\"0777\",0) %ld strtol(\"z\",36) %ld\n",
         strtol("2147483647", NULL, 10), strtol("-2147483648", NULL, 10), strtol("0777", NULL, 0), strtol("z", NULL, 36));
  printf("strtoul(\"4294967295\") %lu strtoull(\"18446744073709551615\") %llu atoi(\"  +42x\") %d\n",
         strtoul("4294967295", NULL, 10), strtoull("18446744073709551615", NULL, 10), atoi("  +42x"));
  long long big = strtoll("-9223372036854775808", &end, 10);
  printf("strtoll min %lld rest \"%s\"\n", big, end);
}

int main(void) {
  test_memcpy();
  test_memmove();
  test_memset();
  test_str_functions();
  test_qsort();
  test_snprintf();
  printf("strings: %d check(s) failed\n", tu_failures);
  return tu_exit_code();
}
