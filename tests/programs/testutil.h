/* Small helpers shared by the differential test programs.
 *
 * Everything the programs print must be a pure function of their inputs:
 * no addresses, times or process ids. Checks that fail are counted and
 * reported; main() turns the count into the exit code. */
#ifndef PVPPC_TESTS_PROGRAMS_TESTUTIL_H
#define PVPPC_TESTS_PROGRAMS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

static int tu_failures;

/* Records a failed self-check; the message goes to stdout so that it is part
 * of the compared output. */
#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      tu_failures++;                                                  \
      printf("CHECK FAILED line %d: %s\n", __LINE__, #cond);          \
    }                                                                 \
  } while (0)

/* Exit code for main: 0 when all checks held, else 1 + (failures capped). */
static inline int tu_exit_code(void) {
  if (tu_failures == 0) return 0;
  return tu_failures > 100 ? 101 : 1 + tu_failures;
}

/* Deterministic pseudo-random numbers (xorshift32 / splitmix64). */
static inline uint32_t tu_xorshift32(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

static inline uint64_t tu_splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), bitwise so that it
 * needs no table and exercises shifts and conditional xors. */
static inline uint32_t tu_crc32_update(uint32_t crc, const void *data, size_t n) {
  const unsigned char *p = (const unsigned char *)data;
  crc = ~crc;
  for (size_t i = 0; i < n; i++) {
    crc ^= p[i];
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static inline uint32_t tu_crc32(const void *data, size_t n) { return tu_crc32_update(0, data, n); }

/* Feeds a 32-bit value to the CRC as four big-endian bytes, so that results
 * do not depend on the byte order of the machine running the program. */
static inline uint32_t tu_crc32_u32(uint32_t crc, uint32_t v) {
  unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                        (unsigned char)v};
  return tu_crc32_update(crc, b, 4);
}

/* FNV-1a, 32 and 64 bit. */
static inline uint32_t tu_fnv1a32(uint32_t h, const void *data, size_t n) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}
#define TU_FNV32_INIT 2166136261u

static inline uint64_t tu_fnv1a64(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}
#define TU_FNV64_INIT 14695981039346656037ull

#endif
