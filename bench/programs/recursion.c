/* Call-heavy benchmark: naive recursive Fibonacci, one real call per node
 * (mostly compare, branch, add and the prologue/epilogue of a small frame).
 *   recursion [N]   (default 35): computes fib(N) */
#include <stdio.h>
#include <stdlib.h>

static unsigned long leaves;

/* Counting leaves after the calls keeps both calls out of tail position, so
 * the compiler cannot turn one of them into a loop; noinline/noclone keep
 * fib a real function. */
__attribute__((noinline, noclone)) static unsigned long fib(unsigned n) {
  if (n < 2) {
    leaves++;
    return n;
  }
  unsigned long r = fib(n - 1);
  r += fib(n - 2);
  leaves += r & 1;
  return r;
}

int main(int argc, char **argv) {
  unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 35u;
  unsigned long r = fib(n);
  printf("recursion fib(%u) = %lu, leaves+odd %lu\n", n, r, leaves);
  return 0;
}
