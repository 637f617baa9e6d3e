/* Integer benchmark with instruction-level parallelism: four independent
 * dependency chains of multiply, add, xor-shift and rotate per iteration, so
 * a superscalar (or a good interpreter/JIT) can overlap them.
 *   int_ilp [ITERATIONS]   (default 40000000) */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static inline uint32_t rotl(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

int main(int argc, char **argv) {
  unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 40000000ul;
  uint32_t a = 0x12345678u, b = 0x9ABCDEF0u, c = 0x0F1E2D3Cu, d = 0xC3A5E187u;
  for (unsigned long i = 0; i < n; i++) {
    uint32_t k = (uint32_t)i;
    a = a * 0x9E3779B1u + k;   /* chain 1: multiply-add */
    b ^= b << 7;               /* chain 2: xorshift */
    b ^= b >> 9;
    c = rotl(c, 5) + 0x7F4A7C15u; /* chain 3: rotate-add */
    c ^= k;
    d = (d >> 3) - (d << 11) + 0x1234567u; /* chain 4: shifts and add */
  }
  uint32_t sum = a ^ rotl(b, 8) ^ rotl(c, 16) ^ rotl(d, 24);
  printf("int_ilp n=%lu checksum %08" PRIx32 "\n", n, sum);
  return 0;
}
