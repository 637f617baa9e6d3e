#include "hypervisor/vm/pv_device_tree.h"

#include "hypervisor/vm/device_tree.h"

namespace pvppc::vm {

void AddParavirtualNodes(FdtWriter& fdt) {
  fdt.begin_node("pic");
  fdt.property_string("compatible", PVPPC_DT_PIC_COMPATIBLE);
  fdt.property_empty("interrupt-controller");
  fdt.property_u32("#interrupt-cells", 2);
  fdt.property_u32("#address-cells", 0);
  fdt.property_u32("phandle", phandle::kPvPic);
  fdt.end_node();

  fdt.begin_node("hypervisor");
  // "linux,kvm" lets stock CONFIG_KVM_GUEST map the shared page and patch
  // itself; "epapr,hypervisor-1" makes epapr_paravirt.c install the
  // hypercall instructions below.
  fdt.property_strings("compatible", {PVPPC_DT_HYPERVISOR_COMPATIBLE, "epapr,hypervisor-1",
                                      "linux,kvm"});
  fdt.property_cells("hcall-instructions", {PVPPC_HCALL_INSN_0, PVPPC_HCALL_INSN_1,
                                            PVPPC_HCALL_INSN_2, PVPPC_HCALL_INSN_3});
  fdt.property_u32("pvppc,abi-version", PVPPC_ABI_VERSION);
  fdt.property_u32("#address-cells", 1);
  fdt.property_u32("#size-cells", 0);

  fdt.begin_node("byte-channel@0");
  fdt.property_string("compatible", PVPPC_DT_BYTE_CHANNEL_COMPATIBLE);
  fdt.property_u32("reg", 0);
  fdt.property_u32("hv-handle", 0);
  fdt.property_u32("interrupt-parent", phandle::kPvPic);
  // ehv_bytechan takes the receive interrupt first, then transmit.
  fdt.property_cells("interrupts", {pv_irq::kConsoleReceive, kPvSenseLevelHigh,
                                    pv_irq::kConsoleTransmit, kPvSenseLevelHigh});
  fdt.end_node();

  fdt.end_node();
}

}  // namespace pvppc::vm
