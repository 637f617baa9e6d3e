#include "hypervisor/virtio/device_tree_node.h"

#include <cstdio>

namespace pvppc::virtio {

VirtioMmioNode DescribeVirtioMmio(uint64_t base, uint32_t interrupt, uint32_t interrupt_sense) {
  // The unit address is the first reg address, in hex without leading
  // zeros (Devicetree Specification §2.2.1).
  char unit_address[17];
  std::snprintf(unit_address, sizeof unit_address, "%llx", static_cast<unsigned long long>(base));
  return VirtioMmioNode{std::string("virtio@") + unit_address, "virtio,mmio", base,
                        mmio::kWindowSize, interrupt, interrupt_sense};
}

}  // namespace pvppc::virtio
