/* Sieve of Eratosthenes over a byte array.
 *   sieve [LIMIT]   (default 12000000): counts the primes below LIMIT */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  unsigned long limit = argc > 1 ? strtoul(argv[1], NULL, 0) : 12000000ul;
  if (limit < 2) limit = 2;
  unsigned char *composite = malloc(limit);
  if (!composite) {
    printf("sieve: out of memory\n");
    return 1;
  }
  memset(composite, 0, limit);
  for (unsigned long i = 2; i * i < limit; i++)
    if (!composite[i])
      for (unsigned long j = i * i; j < limit; j += i) composite[j] = 1;
  unsigned long count = 0;
  uint32_t sum = 0;
  for (unsigned long i = 2; i < limit; i++)
    if (!composite[i]) {
      count++;
      sum = sum * 31 + (uint32_t)i;
    }
  printf("sieve limit=%lu primes %lu checksum %08" PRIx32 "\n", limit, count, sum);
  free(composite);
  return 0;
}
