// The device tree nodes of the PV machine (docs/abi.md, "Discovery" and
// "Console"): /hypervisor with the hypercall instructions, the ePAPR virtual
// PIC, and the byte channel that carries the console.
#pragma once

#include <cstdint>

#include "hypervisor/vm/fdt_writer.h"
#include "pv-abi/pvppc_abi.h"

namespace pvppc::vm {

inline constexpr char kByteChannelPath[] = "/hypervisor/byte-channel@0";

// Interrupt numbers on the PV interrupt controller.
namespace pv_irq {
inline constexpr uint32_t kConsoleReceive = 0;
inline constexpr uint32_t kConsoleTransmit = 1;
inline constexpr uint32_t kFirstFree = 2;  // virtio-mmio devices from here
}  // namespace pv_irq

// The second cell of an "epapr,hv-pic" interrupt specifier: 0 edge falling,
// 1 edge rising, 2 level low, 3 level high (Linux's ehv_pic.c host_xlate).
inline constexpr uint32_t kPvSenseLevelHigh = 3;

void AddParavirtualNodes(FdtWriter& fdt);

}  // namespace pvppc::vm
