/* Byte-load memory loop: Adler-32 and a byte histogram over a 64 KiB buffer
 * (fits in the 440's caches' neighbourhood; one lbz per byte), repeated.
 *   byte_loop [PASSES]   (default 1700) */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SIZE 65536

static unsigned char buf[SIZE];
static uint32_t hist[256];

int main(int argc, char **argv) {
  unsigned long passes = argc > 1 ? strtoul(argv[1], NULL, 0) : 1700ul;
  uint32_t s = 2463534242u;
  for (int i = 0; i < SIZE; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    buf[i] = (unsigned char)(s >> 11);
  }
  uint32_t combined = 0;
  for (unsigned long p = 0; p < passes; p++) {
    uint32_t s1 = 1 + (uint32_t)p, s2 = 0;
    const unsigned char *q = buf;
    for (int left = SIZE; left > 0;) {
      int chunk = left < 5552 ? left : 5552; /* no overflow before the modulo */
      for (int i = 0; i < chunk; i++) {
        s1 += q[i];
        s2 += s1;
        hist[q[i]]++;
      }
      s1 %= 65521u;
      s2 %= 65521u;
      q += chunk;
      left -= chunk;
    }
    combined = (combined * 31) ^ ((s2 << 16) | s1);
  }
  uint32_t h = 0;
  for (int i = 0; i < 256; i++) h = h * 33 + hist[i];
  printf("byte_loop passes=%lu bytes=%" PRIu64 " checksum %08" PRIx32 " histogram %08" PRIx32 "\n", passes,
         (uint64_t)passes * SIZE, combined, h);
  return 0;
}
