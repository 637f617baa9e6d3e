// What the device tree says about one virtio-mmio device, as plain data for
// the VM's device tree writer (docs/abi.md §9; Linux's binding
// Documentation/devicetree/bindings/virtio/mmio.yaml):
//
//   virtio@f0000000 {
//           compatible = "virtio,mmio";
//           reg = <0x0 0xf0000000 0x200>;      // address in the parent's cells
//           interrupt-parent = <&pic>;        // the VM's choice of controller
//           interrupts = <2 3>;               // <line sense>
//   };
#pragma once

#include <cstdint>
#include <string>

#include "hypervisor/virtio/mmio_registers.h"

namespace pvppc::virtio {

// The second interrupt cell, which depends on the controller the node's
// interrupt-parent names.
// epapr,hv-pic (MPIC encoding): 3 = level, active high (docs/abi.md §9).
inline constexpr uint32_t kPicSenseLevelHigh = 3;
// The UIC binding uses Linux's IRQ_TYPE_LEVEL_HIGH.
inline constexpr uint32_t kUicSenseLevelHigh = 4;

struct VirtioMmioNode {
  std::string node_name;    // "virtio@<base in lower-case hex>"
  std::string compatible;   // "virtio,mmio"
  uint64_t base = 0;        // reg address
  uint64_t size = 0;        // reg size: mmio::kWindowSize
  uint32_t interrupt = 0;   // first interrupts cell: the controller input
  uint32_t interrupt_sense = 0;  // second interrupts cell
};

VirtioMmioNode DescribeVirtioMmio(uint64_t base, uint32_t interrupt, uint32_t interrupt_sense);

}  // namespace pvppc::virtio
