/* The case file exchanged between the host-side differential test and the
 * guest harness (regdump.c). All fields are big-endian, as the guest reads
 * them natively. Shared by host C++ and guest C. */
#ifndef PVPPC_TESTS_DIFF_CASE_FORMAT_H_
#define PVPPC_TESTS_DIFF_CASE_FORMAT_H_

#include <stdint.h>

#define DIFF_MAGIC 0x70766466u /* "pvdf" */
#define DIFF_MAX_INSNS 32
#define DIFF_SCRATCH_BYTES 256

/* Register state before and after a case. The offsets are used by the
 * assembly trampoline (regdump_trampoline.S): keep them in sync. */
struct diff_state {
  uint32_t gpr[32];  /* 0 */
  uint32_t cr;       /* 128 */
  uint32_t xer;      /* 132 */
  uint32_t fpscr_pad;  /* 136: high word of the mffs image */
  uint32_t fpscr;      /* 140 */
  uint64_t fpr[32];    /* 144 */
  uint8_t scratch[DIFF_SCRATCH_BYTES]; /* 400: memory that r30 points at */
};                                     /* 656 */

struct diff_case {
  uint32_t instruction_count;
  uint32_t instructions[DIFF_MAX_INSNS];
  struct diff_state state;
};

struct diff_file_header {
  uint32_t magic;
  uint32_t case_count;
};

#endif
