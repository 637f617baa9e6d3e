/* Control flow: setjmp/longjmp (also out of deep recursion), recursion of
 * several shapes, calls through function pointers and tables, computed
 * gotos, dense and sparse switch statements, variadic functions and
 * structures passed and returned by value. Exit code 0 when every self-check
 * held. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* ---------------------------------------------------------------- setjmp */

static jmp_buf env_main;
static int depth_reached;

static int dive(int depth, int target) {
  volatile unsigned char pad[64]; /* give every frame some stack */
  pad[depth & 63] = (unsigned char)(depth & 0x7F);
  depth_reached = depth;
  if (depth == target) longjmp(env_main, depth * 2 + pad[depth & 63] - (depth & 0x7F));
  if (depth > target) return 0;
  return dive(depth + 1, target) + pad[depth & 63]; /* never returns */
}

static jmp_buf env_inner;

static void thrower(int v) { longjmp(env_inner, v); }

static int nested_jumps(void) {
  volatile int stage = 0;
  jmp_buf saved;
  int r = setjmp(env_inner);
  if (r == 0) {
    stage = 1;
    memcpy(saved, env_inner, sizeof saved);
    int r2 = setjmp(env_inner);
    if (r2 == 0) {
      stage = 2;
      thrower(0); /* longjmp with 0 must return 1 */
    }
    stage = stage * 10 + r2;
    memcpy(env_inner, saved, sizeof saved);
    thrower(7);
  }
  return stage * 100 + r;
}

static void test_setjmp(void) {
  printf("== setjmp/longjmp\n");
  volatile int counter = 0;
  volatile double fp_live = 1.25;
  int r = setjmp(env_main);
  counter++;
  if (r == 0) {
    fp_live = 2.5;
    counter += dive(0, 1000);
  }
  printf("longjmp from depth %d returned %d after %d setjmp returns, fp %g\n", depth_reached, r, counter,
         fp_live);
  CHECK(r == 2000 && counter == 2 && depth_reached == 1000 && fp_live == 2.5);

  int n = nested_jumps();
  printf("nested jumps -> %d\n", n);
  CHECK(n == 2107); /* stage 2*10 + 1 (longjmp 0 -> 1), then r = 7 */

  /* A loop implemented with longjmp. */
  jmp_buf loop;
  volatile int i = 0, sum = 0;
  if (setjmp(loop) <= 100) {
    sum += i;
    i++;
    if (i <= 100) longjmp(loop, i);
  }
  printf("longjmp loop sum %d\n", sum);
  CHECK(sum == 5050);

  /* sigsetjmp without saving the signal mask. */
  sigjmp_buf sj;
  volatile int hits = 0;
  if (sigsetjmp(sj, 0) == 0) {
    hits++;
    siglongjmp(sj, 5);
  }
  hits += 10;
  printf("sigsetjmp hits %d\n", hits);
  CHECK(hits == 11);
}

/* ------------------------------------------------------------- recursion */

static uint32_t ackermann(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int is_odd(uint32_t n);
static int is_even(uint32_t n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(uint32_t n) { return n == 0 ? 0 : is_even(n - 1); }

static uint32_t hanoi_moves, hanoi_hash;
static void hanoi(int n, int from, int to, int via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  hanoi_moves++;
  hanoi_hash = hanoi_hash * 31 + (uint32_t)(from * 3 + to);
  hanoi(n - 1, via, to, from);
}

static uint32_t perm_count, perm_hash;
static void permute(char *s, int k, int n) {
  if (k == n) {
    perm_count++;
    perm_hash = tu_fnv1a32(perm_hash, s, (size_t)n);
    return;
  }
  for (int i = k; i < n; i++) {
    char t = s[k];
    s[k] = s[i];
    s[i] = t;
    permute(s, k + 1, n);
    t = s[k];
    s[k] = s[i];
    s[i] = t;
  }
}

/* N-queens by backtracking. */
static int queens(int row, int n, uint32_t cols, uint32_t d1, uint32_t d2) {
  if (row == n) return 1;
  int count = 0;
  uint32_t avail = ~(cols | d1 | d2) & ((1u << n) - 1);
  while (avail) {
    uint32_t bit = avail & (0u - avail);
    avail &= avail - 1;
    count += queens(row + 1, n, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
  }
  return count;
}

/* Recursion that passes and returns doubles and 64-bit values. */
static double harmonic(int n) { return n == 0 ? 0.0 : 1.0 / n + harmonic(n - 1); }
static uint64_t sum64(uint64_t n) { return n == 0 ? 0 : n * 0x100000001ull + sum64(n - 1); }

static void test_recursion(void) {
  printf("== recursion\n");
  uint32_t a = ackermann(2, 3), b = ackermann(3, 5);
  uint32_t f = fib(25);
  printf("ackermann(2,3)=%" PRIu32 " ackermann(3,5)=%" PRIu32 " fib(25)=%" PRIu32 "\n", a, b, f);
  CHECK(a == 9 && b == 253 && f == 75025);
  printf("is_even(10001)=%d is_odd(7777)=%d\n", is_even(10001), is_odd(7777));
  CHECK(!is_even(10001) && is_odd(7777));
  hanoi_hash = 0;
  hanoi(16, 0, 2, 1);
  printf("hanoi(16): %" PRIu32 " moves hash %08" PRIx32 "\n", hanoi_moves, hanoi_hash);
  CHECK(hanoi_moves == 65535);
  char letters[] = "abcdefg";
  perm_hash = TU_FNV32_INIT;
  permute(letters, 0, 7);
  printf("permutations of 7: %" PRIu32 " hash %08" PRIx32 "\n", perm_count, perm_hash);
  CHECK(perm_count == 5040);
  int q8 = queens(0, 8, 0, 0, 0), q10 = queens(0, 10, 0, 0, 0);
  printf("queens 8: %d, 10: %d\n", q8, q10);
  CHECK(q8 == 92 && q10 == 724);
  double hsum = harmonic(1000);
  uint64_t s64 = sum64(2000);
  uint64_t hb;
  memcpy(&hb, &hsum, sizeof hb);
  printf("harmonic(1000) bits %016" PRIx64 " sum64(2000) %016" PRIx64 "\n", hb, s64);
  CHECK(s64 == 2001000ull * 0x100000001ull);
}

/* ------------------------------------------------------ function pointers */

typedef uint32_t (*binop)(uint32_t, uint32_t);
static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * b; }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static uint32_t op_rot(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
static uint32_t op_div(uint32_t a, uint32_t b) { return b ? a / b : 0xFFFFFFFFu; }

static binop const ops[] = {op_add, op_sub, op_mul, op_xor, op_rot, op_div};

struct shape_vtbl {
  const char *name;
  int64_t (*area2)(const void *self); /* twice the area, exact */
  int64_t (*perimeter)(const void *self);
};
struct shape {
  const struct shape_vtbl *vt;
  int32_t a, b;
};
static int64_t rect_area2(const void *s) {
  const struct shape *r = s;
  return 2 * (int64_t)r->a * r->b;
}
static int64_t rect_perim(const void *s) {
  const struct shape *r = s;
  return 2 * ((int64_t)r->a + r->b);
}
static int64_t tri_area2(const void *s) {
  const struct shape *t = s;
  return (int64_t)t->a * t->b;
}
static int64_t tri_perim(const void *s) {
  const struct shape *t = s;
  return t->a + t->b; /* not a real perimeter: only the two legs */
}
static const struct shape_vtbl rect_vt = {"rect", rect_area2, rect_perim};
static const struct shape_vtbl tri_vt = {"tri", tri_area2, tri_perim};

static uint32_t apply_n(binop f, uint32_t x, uint32_t y, int n) {
  for (int i = 0; i < n; i++) x = f(x, y + (uint32_t)i);
  return x;
}

static void test_function_pointers(void) {
  printf("== function pointers\n");
  uint32_t acc = 0x12345678u, s = 99;
  for (int i = 0; i < 10000; i++) {
    uint32_t r = tu_xorshift32(&s);
    acc = ops[r % 6](acc, r >> 8);
  }
  printf("op table chain %08" PRIx32 "\n", acc);
  for (int k = 0; k < 6; k++) printf("apply_n op%d -> %08" PRIx32 "\n", k, apply_n(ops[k], 1000003u, 17u, 50));

  struct shape shapes[6];
  for (int i = 0; i < 6; i++) {
    shapes[i].vt = (i % 2) ? &tri_vt : &rect_vt;
    shapes[i].a = 3 + 7 * i;
    shapes[i].b = 100000 - 9 * i;
  }
  int64_t total_area2 = 0, total_perim = 0;
  for (int i = 0; i < 6; i++) {
    total_area2 += shapes[i].vt->area2(&shapes[i]);
    total_perim += shapes[i].vt->perimeter(&shapes[i]);
  }
  printf("shapes: area*2 %" PRId64 " perimeter %" PRId64 " first %s\n", total_area2, total_perim, shapes[0].vt->name);
  CHECK(ops[2](6, 7) == 42 && ops[5](7, 0) == 0xFFFFFFFFu);
}

/* ------------------------------------------------------- switch and goto */

static uint32_t dense_switch(uint32_t x) {
  switch (x) {
    case 0: return 0x1111;
    case 1: return x * 3 + 7;
    case 2: return 0xBEEF;
    case 3: return x << 9;
    case 4: return ~x;
    case 5: return x ^ 0x5555;
    case 6: return 66;
    case 7: return x * x * x;
    case 8: return 0x80000000u >> x;
    case 9: return 9999;
    case 10: return x + 0x10000;
    case 11: return 0xB;
    case 12: return x - 100;
    case 13: return 0x13131313;
    case 14: return x * 14;
    case 15: return 0xF0F0;
    case 16: return 16 << 16;
    case 17: return 0x17;
    case 18: return x | 0x1800;
    case 19: return 1919;
    default: return 0xDEFA;
  }
}

static int sparse_switch(int32_t x) {
  switch (x) {
    case -1000000: return 1;
    case -77: return 2;
    case -1: return 3;
    case 0: return 4;
    case 13: return 5;
    case 255: return 6;
    case 4096: return 7;
    case 65537: return 8;
    case 1000000: return 9;
    case 0x7FFFFFFF: return 10;
    default: return 0;
  }
}

/* A tiny stack machine dispatched with computed goto (indirect branches
 * through ctr). Jump offsets are relative to the byte after the operand. */
enum { OP_HALT, OP_PUSH, OP_ADD, OP_MUL, OP_DUP, OP_SWAP, OP_OVER, OP_DROP, OP_DEC, OP_ARG, OP_JNZ };

static int64_t run_bytecode(const int8_t *code, int64_t arg) {
  static void *const dispatch[] = {&&op_halt, &&op_push, &&op_add,  &&op_mul, &&op_dup, &&op_swap,
                                   &&op_over, &&op_drop, &&op_dec,  &&op_arg, &&op_jnz};
  int64_t stack[16];
  int sp = 0;
  const int8_t *pc = code;
#define NEXT goto *dispatch[*pc++]
  NEXT;
op_push:
  stack[sp++] = *pc++;
  NEXT;
op_add:
  sp--;
  stack[sp - 1] += stack[sp];
  NEXT;
op_mul:
  sp--;
  stack[sp - 1] *= stack[sp];
  NEXT;
op_dup:
  stack[sp] = stack[sp - 1];
  sp++;
  NEXT;
op_swap: {
  int64_t t = stack[sp - 1];
  stack[sp - 1] = stack[sp - 2];
  stack[sp - 2] = t;
}
  NEXT;
op_over:
  stack[sp] = stack[sp - 2];
  sp++;
  NEXT;
op_drop:
  sp--;
  NEXT;
op_dec:
  stack[sp - 1]--;
  NEXT;
op_arg:
  stack[sp++] = arg;
  NEXT;
op_jnz: { /* pops the condition */
  int8_t off = *pc++;
  if (stack[--sp] != 0) pc += off;
}
  NEXT;
op_halt:
#undef NEXT
  return stack[sp - 1];
}

static void test_switch(void) {
  printf("== switch tables and computed goto\n");
  uint32_t h = TU_FNV32_INIT;
  for (volatile uint32_t x = 0; x < 300; x++) h = tu_crc32_u32(h, dense_switch(x % 23));
  printf("dense switch hash %08" PRIx32 "\n", h);
  static const int32_t probes[] = {-1000000, -77, -76, -1, 0, 1, 13, 255, 256, 4096, 65537, 1000000, 0x7FFFFFFF, -2};
  printf("sparse:");
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
    volatile int32_t p = probes[i];
    printf(" %d", sparse_switch(p));
  }
  printf("\n");

  /* arg! for arg >= 1; the stack holds [n acc] at the loop head. */
  static const int8_t factorial[] = {
      OP_ARG,          /*  0:             [n]           */
      OP_PUSH, 1,      /*  1:             [n 1]         */
      OP_OVER,         /*  3: loop:       [n acc n]     */
      OP_MUL,          /*  4:             [n acc*n]     */
      OP_SWAP,         /*  5:             [acc n]       */
      OP_DEC,          /*  6:             [acc n-1]     */
      OP_DUP,          /*  7:             [acc n-1 n-1] */
      OP_JNZ, 3,       /*  8: to 13       [acc n-1]     */
      OP_DROP,         /* 10:             [acc]         */
      OP_HALT,         /* 11                            */
      OP_HALT,         /* 12 (never reached)            */
      OP_SWAP,         /* 13:             [n-1 acc]     */
      OP_PUSH, 1,      /* 14                            */
      OP_JNZ, -15,     /* 16: to 3                      */
  };
  uint64_t expect = 1, hh = TU_FNV64_INIT;
  for (int n = 1; n <= 20; n++) {
    expect *= (uint64_t)n;
    int64_t r = run_bytecode(factorial, n);
    CHECK((uint64_t)r == expect);
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)((uint64_t)r >> (56 - 8 * i));
    hh = tu_fnv1a64(hh, b, 8);
  }
  printf("bytecode factorial(20) = %" PRId64 ", hash of 1..20: %016" PRIx64 "\n", run_bytecode(factorial, 20), hh);
}

/* ------------------------------------------------------ varargs, structs */

static int64_t vsum(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int64_t total = 0;
  for (const char *p = fmt; *p; p++) {
    switch (*p) {
      case 'i': total += va_arg(ap, int); break;
      case 'l': total += va_arg(ap, long long); break;
      case 'd': total += (int64_t)(va_arg(ap, double) * 1000.0); break;
      case 's': total += (int64_t)strlen(va_arg(ap, const char *)); break;
    }
  }
  va_end(ap);
  return total;
}

struct big {
  int32_t v[9];
  double d;
  char tag[5];
};

static struct big make_big(int seed) {
  struct big b;
  memset(&b, 0, sizeof b);
  for (int i = 0; i < 9; i++) b.v[i] = seed * (i + 1) - 40;
  b.d = seed / 8.0;
  memcpy(b.tag, "bigX", 5);
  b.tag[3] = (char)('A' + seed % 26);
  return b;
}

static int64_t big_sum(struct big b) {
  int64_t s = 0;
  for (int i = 0; i < 9; i++) s += b.v[i];
  b.v[0] = 0; /* modifies the copy only */
  return s + (int64_t)(b.d * 8.0) + b.tag[3];
}

struct pair {
  uint16_t a;
  uint8_t b;
};
static struct pair make_pair(uint16_t a, uint8_t b) {
  struct pair p = {a, b};
  return p;
}

static void test_varargs_structs(void) {
  printf("== varargs and structures by value\n");
  int64_t v = vsum("ilidsil", 1, 10000000000ll, -5, 0.125, "hello", 7, -3ll);
  printf("vsum = %" PRId64 "\n", v);
  CHECK(v == 1 + 10000000000ll - 5 + 125 + 5 + 7 - 3);
  /* Many arguments: some are passed on the stack. */
  int64_t w = vsum("iiiiiiiiiiliddddddddddd", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1ll << 40, 11, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0,
                   7.0, 8.0, 9.0, 10.0, 0.5);
  printf("vsum(many) = %" PRId64 "\n", w);
  CHECK(w == 55 + (1ll << 40) + 11 + 55500);
  struct big b = make_big(13);
  int64_t bs = big_sum(b);
  printf("big: v0 %d v8 %d tag %s sum %" PRId64 "\n", b.v[0], b.v[8], b.tag, bs);
  CHECK(b.v[0] == -27 && bs == (13 * 45 - 360) + 13 + 'N');
  struct pair p = make_pair(0xBEEF, 0x42);
  printf("pair %04x %02x\n", p.a, p.b);
  CHECK(p.a == 0xBEEF && p.b == 0x42);
}

int main(void) {
  test_setjmp();
  test_recursion();
  test_function_pointers();
  test_switch();
  test_varargs_structs();
  printf("control: %d check(s) failed\n", tu_failures);
  return tu_exit_code();
}
