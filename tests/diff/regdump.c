/* Guest side of the differential test: runs each case's instruction words
 * from a given register state and prints the resulting state. The same
 * binary runs under qemu-ppc and under pvppc_user; the host compares output.
 *
 * Registers the cases may use: r0, r3-r12, r14-r29 freely; r30 points at the
 * case's scratch memory and r31 at its state (both read-only for the case);
 * r1, r2 and r13 belong to the C runtime and differ between runners. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tests/diff/case_format.h"

void diff_run_case(struct diff_state *state, void *code);

static void flush_code(void *code, size_t bytes) {
  /* Make the new instructions visible to instruction fetch (Book E:
   * dcbst; sync; icbi; isync). */
  for (size_t i = 0; i < bytes; i += 32) {
    char *line = (char *)code + i;
    __asm__ volatile("dcbst 0,%0\n\tsync\n\ticbi 0,%0" : : "r"(line) : "memory");
  }
  __asm__ volatile("sync\n\tisync" : : : "memory");
}

static void print_state(const struct diff_state *s) {
  for (int i = 0; i < 32; ++i) {
    if (i == 1 || i == 2 || i == 13 || i == 30 || i == 31) continue;
    printf("r%d=%08x%c", i, (unsigned)s->gpr[i], (i % 8 == 7) ? '\n' : ' ');
  }
  /* XER bits 3-24 are reserved: the 440 reads them as zero, qemu keeps what
   * mtxer wrote. Only the defined bits (SO, OV, CA, byte count) compare. */
  /* qemu 7.2 never updates FPSCR[FR] and sets FPSCR[FX] even when the
   * exception bit was already set (the architecture sets FX only on a 0->1
   * change). Neither FR nor FX is compared (nor generated into other
   * registers); the unit tests in hypervisor/cpu/fpu check them. */
  printf("\ncr=%08x xer=%08x fpscr=%08x\n", (unsigned)s->cr,
         (unsigned)s->xer & 0xe000007fu, (unsigned)s->fpscr & ~0x80040000u);
  for (int i = 0; i < 32; ++i) {
    printf("f%d=%016llx%c", i, (unsigned long long)s->fpr[i], (i % 4 == 3) ? '\n' : ' ');
  }
  printf("mem=");
  for (int i = 0; i < DIFF_SCRATCH_BYTES; ++i) printf("%02x", s->scratch[i]);
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: regdump CASEFILE\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  struct diff_file_header header;
  if (fread(&header, sizeof header, 1, f) != 1 || header.magic != DIFF_MAGIC) {
    fprintf(stderr, "regdump: %s is not a case file\n", argv[1]);
    return 2;
  }
  /* Room for the instructions and the final return. */
  size_t code_bytes = 4 * (DIFF_MAX_INSNS + 1);
  uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) {
    perror("mmap");
    return 2;
  }
  static struct diff_case c;
  for (uint32_t n = 0; n < header.case_count; ++n) {
    if (fread(&c, sizeof c, 1, f) != 1 || c.instruction_count > DIFF_MAX_INSNS) {
      fprintf(stderr, "regdump: truncated case %u\n", (unsigned)n);
      return 2;
    }
    memcpy(code, c.instructions, 4 * c.instruction_count);
    code[c.instruction_count] = 0x4e800020; /* blr: back to the trampoline */
    flush_code(code, code_bytes);
    diff_run_case(&c.state, code);
    printf("case %u\n", (unsigned)n);
    print_state(&c.state);
    fflush(stdout);
  }
  return 0;
}
