/* SPDX-License-Identifier: MIT */
/*
 * Compiled as strict C99 (-std=c99 -ffreestanding -Wall -Wextra -Werror
 * -pedantic) twice: by powerpc-linux-gnu-gcc for the 440 and by the host
 * compiler. Both produce pvppc_abi_probe, the words abi_probe.h describes;
 * //pv-abi:abi_layout_test compares them.
 */
#include "pv-abi/abi_probe.h"

#include <stddef.h>
#include <stdint.h>

#include "pv-abi/pvppc_abi.h"

#define PVPPC_DOC_NUMBER(name) (uint32_t)(name),
#define PVPPC_DOC_STRING(name)
#define PVPPC_DOC_FUNCTION(name)
#define PVPPC_DOC_CALL(vendor, name)
#define PVPPC_DOC_FIELD(name)                                  \
  (uint32_t)offsetof(struct pvppc_shared_page, name),          \
      (uint32_t)sizeof(((struct pvppc_shared_page *)0)->name),

/* In a section of its own, so that the cross-compiled object's words can
 * be extracted with objcopy without linking. */
__attribute__((section(".pvppc_probe"))) const uint32_t pvppc_abi_probe[] = {
    PVPPC_ABI_PROBE_BEGIN,
    (uint32_t)sizeof(struct pvppc_shared_page),
#include "pv-abi/abi_names.inc"
    PVPPC_ABI_PROBE_END,
};

const uint32_t pvppc_abi_probe_words = sizeof(pvppc_abi_probe) / sizeof(pvppc_abi_probe[0]);

#if defined(__powerpc__) && !defined(__powerpc64__)
/* Expands every guest wrapper, so that their inline assembly and register
 * constraints are compiled too (an unused static inline function is not). */
uint32_t pvppc_abi_probe_calls(uint32_t irq);
uint32_t pvppc_abi_probe_calls(uint32_t irq) {
  struct pvppc_hcall_result info =
      pvppc_hcall4(PVPPC_HCALL_TOKEN(PVPPC_VENDOR_PVPPC, PVPPC_HC_GET_INFO), 0, 0, 0, 0);
  return info.status + info.out[0] + info.out[1] + info.out[2] + info.out[3] + pvppc_idle() +
         pvppc_int_iack() + pvppc_int_eoi(irq) + pvppc_int_set_mask(irq, 1);
}
#endif
