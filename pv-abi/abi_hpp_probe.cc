// SPDX-License-Identifier: MIT
// The C++ side of //pv-abi:abi_layout_test's probe (abi_probe.h): the same
// words as abi_probe.c, with the offsets and sizes of the host view
// pvppc::abi::SharedPage (pvppc_abi.hpp). Compiled with -Wall -Wextra
// -Werror -pedantic.
#include <cstddef>
#include <cstdint>

#include "pv-abi/abi_probe.h"
#include "pv-abi/pvppc_abi.hpp"

#define PVPPC_DOC_NUMBER(name) static_cast<uint32_t>(name),
#define PVPPC_DOC_STRING(name)
#define PVPPC_DOC_FUNCTION(name)
#define PVPPC_DOC_CALL(vendor, name)
#define PVPPC_DOC_FIELD(name)                                       \
  static_cast<uint32_t>(offsetof(pvppc::abi::SharedPage, name)),   \
      static_cast<uint32_t>(sizeof(pvppc::abi::SharedPage::name)),

extern "C" {

const uint32_t pvppc_abi_hpp_probe[] = {
    PVPPC_ABI_PROBE_BEGIN,
    static_cast<uint32_t>(sizeof(pvppc::abi::SharedPage)),
#include "pv-abi/abi_names.inc"
    PVPPC_ABI_PROBE_END,
};

const uint32_t pvppc_abi_hpp_probe_words = sizeof(pvppc_abi_hpp_probe) / sizeof(pvppc_abi_hpp_probe[0]);

}  // extern "C"
