/* SPDX-License-Identifier: MIT */
/*
 * The layout probe of //pv-abi:abi_layout_test: the same list of words (the
 * shared page's size, every field's offset and size, every numeric constant
 * of pvppc_abi.h) computed by each compiler that builds the header:
 *   - abi_probe.c as strict C99, cross-compiled for the 440 (the words are
 *     read back from the object's .pvppc_probe section) and compiled for
 *     the host (pvppc_abi_probe below);
 *   - abi_hpp_probe.cc as C++ with pvppc_abi.hpp, offsets taken from the
 *     host view pvppc::abi::SharedPage (pvppc_abi_hpp_probe below).
 * The order is that of abi_names.inc (generated from the header), framed
 * by PVPPC_ABI_PROBE_BEGIN and PVPPC_ABI_PROBE_END.
 */
#ifndef PVPPC_ABI_PROBE_H
#define PVPPC_ABI_PROBE_H

#include <stdint.h>

#define PVPPC_ABI_PROBE_BEGIN 0x50564142u /* "PVAB" */
#define PVPPC_ABI_PROBE_END 0x454e4421u   /* "END!" */

#ifdef __cplusplus
extern "C" {
#endif

extern const uint32_t pvppc_abi_probe[];
extern const uint32_t pvppc_abi_probe_words;

extern const uint32_t pvppc_abi_hpp_probe[];
extern const uint32_t pvppc_abi_hpp_probe_words;

#ifdef __cplusplus
}
#endif

#endif /* PVPPC_ABI_PROBE_H */
