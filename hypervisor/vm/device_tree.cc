#include "hypervisor/vm/device_tree.h"

#include <string_view>

#include "hypervisor/vm/pv_device_tree.h"

namespace pvppc::vm {
namespace {

// Linux's interrupt sense encoding, which the UIC binding's second cell
// uses (dt-bindings/interrupt-controller/irq.h: IRQ_TYPE_LEVEL_HIGH).
constexpr uint32_t kLevelHigh = 4;

// The 440EP's L1 caches: 32 KiB instruction and 32 KiB data (PPC440EP UM,
// overview), 32-byte lines (PPC440x5 CPU Core UM, "Instruction and Data
// Caches"); bamboo.dts has the same <20> and <8000> in hex.
constexpr uint32_t kCacheLineBytes = 32;
constexpr uint32_t kCacheBytes = 32 * 1024;

constexpr uint64_t kPageBytes = 4096;
// powerpc's COMMAND_LINE_SIZE: the kernel keeps at most this many bytes of
// bootargs, NUL included, and would cut a longer line silently.
constexpr size_t kCommandLineSize = 2048;

// The OPB sits at PLB addresses 0x0_0000_0000.. and 0x0_8000_0000..: Bamboo
// does not use the ERPN bits, so OPB address x is PLB address 0:x
// (bamboo.dts, "POB0: opb").
constexpr uint32_t kOpbWindowBytes = 0x8000'0000;

Status Validate(const MachineDescription& machine) {
  if (machine.ram_bytes < platform::kMinRamBytes || machine.ram_bytes > platform::kMaxRamBytes) {
    return MakeError("RAM size " + std::to_string(machine.ram_bytes) + " bytes is outside " +
                     std::to_string(platform::kMinRamBytes >> 20) + " MiB .. " +
                     std::to_string(platform::kMaxRamBytes >> 20) + " MiB");
  }
  if (machine.ram_bytes % kPageBytes != 0) {
    return MakeError("RAM size " + std::to_string(machine.ram_bytes) +
                     " bytes is not a multiple of 4 KiB");
  }
  if (machine.timebase_hz == 0 || machine.cpu_hz == 0) {
    return MakeError("the time base and CPU clock frequencies must not be 0");
  }
  if (machine.bootargs.find('\0') != std::string::npos) {
    return MakeError("the kernel command line contains a NUL byte");
  }
  if (machine.bootargs.size() >= kCommandLineSize) {
    return MakeError("the kernel command line is " + std::to_string(machine.bootargs.size()) +
                     " bytes; Linux keeps at most " + std::to_string(kCommandLineSize - 1));
  }
  if (machine.initrd) {
    const auto [start, end] = *machine.initrd;
    if (start >= end || start < platform::kRamBase ||
        end > platform::kRamBase + machine.ram_bytes) {
      return MakeError("the initrd [" + std::to_string(start) + ", " + std::to_string(end) +
                       ") is empty or not inside guest RAM");
    }
  }
  return {};
}

void AddCpus(FdtWriter& fdt, const MachineDescription& machine) {
  fdt.begin_node("cpus");
  fdt.property_u32("#address-cells", 1);
  fdt.property_u32("#size-cells", 0);
  fdt.begin_node("cpu@0");
  fdt.property_string("device_type", "cpu");
  fdt.property_string("model", "PowerPC,440EP");
  fdt.property_u32("reg", 0);
  fdt.property_u32("clock-frequency", machine.cpu_hz);
  fdt.property_u32("timebase-frequency", machine.timebase_hz);
  fdt.property_u32("i-cache-line-size", kCacheLineBytes);
  fdt.property_u32("d-cache-line-size", kCacheLineBytes);
  fdt.property_u32("i-cache-size", kCacheBytes);
  fdt.property_u32("d-cache-size", kCacheBytes);
  // The core is the DCR bus master and reaches DCRs with mtdcr/mfdcr
  // (Linux's arch/powerpc/sysdev/dcr.c reads these through dcr-parent).
  fdt.property_empty("dcr-controller");
  fdt.property_string("dcr-access-method", "native");
  fdt.property_u32("phandle", phandle::kCpu);
  fdt.end_node();
  fdt.end_node();
}

void AddMemory(FdtWriter& fdt, const MachineDescription& machine) {
  fdt.begin_node("memory");
  fdt.property_string("device_type", "memory");
  // Root cells: two of address, one of size.
  fdt.property_cells("reg", {static_cast<uint32_t>(platform::kRamBase >> 32),
                             static_cast<uint32_t>(platform::kRamBase),
                             static_cast<uint32_t>(machine.ram_bytes)});
  fdt.end_node();
}

// What Linux's uic.c needs of a UIC node: compatible "ibm,uic", cell-index,
// dcr-reg <base count> read directly as the DCR base, two interrupt cells.
// A UIC with an interrupts property is a cascade; the first one without is
// the primary.
void BeginUic(FdtWriter& fdt, std::string_view node_name, uint32_t index, uint32_t dcr_base,
              uint32_t own_phandle) {
  fdt.begin_node(node_name);
  fdt.property_strings("compatible", {"ibm,uic-440ep", "ibm,uic"});
  fdt.property_empty("interrupt-controller");
  fdt.property_u32("cell-index", index);
  fdt.property_cells("dcr-reg", {dcr_base, platform::kUicDcrCount});
  fdt.property_u32("#address-cells", 0);
  fdt.property_u32("#size-cells", 0);
  fdt.property_u32("#interrupt-cells", 2);
  fdt.property_u32("phandle", own_phandle);
}

void AddInterruptControllers(FdtWriter& fdt) {
  BeginUic(fdt, "interrupt-controller0", 0, platform::kUic0DcrBase, phandle::kUic0);
  fdt.end_node();

  BeginUic(fdt, "interrupt-controller1", 1, platform::kUic1DcrBase, phandle::kUic1);
  // Linux cascades through the first specifier only; the critical output
  // is described for completeness, as on Bamboo.
  fdt.property_cells("interrupts", {platform::kUic1CascadeInput, kLevelHigh,
                                    platform::kUic1CascadeCriticalInput, kLevelHigh});
  fdt.property_u32("interrupt-parent", phandle::kUic0);
  fdt.end_node();
}

void AddUart0(FdtWriter& fdt) {
  fdt.begin_node("serial@ef600300");
  // device_type "serial" is what powerpc's legacy_serial.c looks for
  // (for_each_compatible_node(np, "serial", "ns16550")) to give the boot
  // console to this port before the 8250 driver loads.
  fdt.property_string("device_type", "serial");
  fdt.property_string("compatible", "ns16550");
  fdt.property_cells("reg", {static_cast<uint32_t>(platform::kUart0Base),
                             static_cast<uint32_t>(platform::kUart0Size)});
  fdt.property_u32("virtual-reg", static_cast<uint32_t>(platform::kUart0Base));
  fdt.property_u32("clock-frequency", platform::kUartClockHz);
  fdt.property_u32("current-speed", platform::kUartBaud);
  fdt.property_u32("interrupt-parent", phandle::kUic0);
  fdt.property_cells("interrupts", {platform::kUart0Uic0Input, kLevelHigh});
  fdt.end_node();
}

// Linux's ppc44x_simple probes the children of "ibm,plb4" and "ibm,opb"
// buses (ppc44x_of_bus), which is how of_serial finds the UART.
void AddPlb(FdtWriter& fdt, const DeviceTreeExtensions& extensions) {
  fdt.begin_node("plb");
  fdt.property_strings("compatible", {"ibm,plb-440ep", "ibm,plb4"});
  fdt.property_u32("#address-cells", 2);
  fdt.property_u32("#size-cells", 1);
  fdt.property_empty("ranges");  // PLB addresses are physical addresses.

  fdt.begin_node("opb");
  fdt.property_strings("compatible", {"ibm,opb-440ep", "ibm,opb"});
  fdt.property_u32("#address-cells", 1);
  fdt.property_u32("#size-cells", 1);
  fdt.property_cells("ranges", {0, 0, 0, kOpbWindowBytes,  //
                                kOpbWindowBytes, 0, kOpbWindowBytes, kOpbWindowBytes});
  AddUart0(fdt);
  fdt.end_node();

  if (extensions.plb) extensions.plb(fdt);
  fdt.end_node();
}

void AddAliasesAndChosen(FdtWriter& fdt, const MachineDescription& machine,
                         const DeviceTreeExtensions& extensions) {
  fdt.begin_node("aliases");
  fdt.property_string("serial0", kUart0Path);  // of_serial: ttyS0 is this port
  fdt.end_node();

  fdt.begin_node("chosen");
  fdt.property_string("bootargs", machine.bootargs);
  fdt.property_string("stdout-path", machine.paravirtual ? kByteChannelPath : kUart0Path);
  if (machine.initrd) {
    // early_init_dt_check_for_initrd reads as many cells as the property
    // holds; two cells match the root's #address-cells.
    fdt.property_u64("linux,initrd-start", machine.initrd->first);
    fdt.property_u64("linux,initrd-end", machine.initrd->second);
  }
  if (extensions.chosen) extensions.chosen(fdt);
  fdt.end_node();
}

}  // namespace

Result<std::vector<uint8_t>> BuildDeviceTree(const MachineDescription& machine,
                                             const DeviceTreeExtensions& extensions) {
  if (Status valid = Validate(machine); !valid) return tl::unexpected(valid.error());

  FdtWriter fdt;
  fdt.begin_node("");
  fdt.property_u32("#address-cells", 2);
  fdt.property_u32("#size-cells", 1);
  fdt.property_string("model", machine.paravirtual ? PVPPC_DT_ROOT_COMPATIBLE_PV
                                                   : PVPPC_DT_ROOT_COMPATIBLE_FULL);
  // ppc44x_simple's probe accepts the machine when the root is compatible
  // with one of its boards; "amcc,bamboo" is on that list.
  // A PV kernel's board code matches "pvppc,440-pv" (and is built without
  // the Bamboo board); an unmodified one still finds "amcc,bamboo".
  if (machine.paravirtual) {
    fdt.property_strings("compatible",
                         {PVPPC_DT_ROOT_COMPATIBLE_PV, PVPPC_DT_ROOT_COMPATIBLE_FULL, "amcc,bamboo"});
  } else {
    fdt.property_strings("compatible", {PVPPC_DT_ROOT_COMPATIBLE_FULL, "amcc,bamboo"});
  }
  fdt.property_u32("dcr-parent", phandle::kCpu);

  AddCpus(fdt, machine);
  AddMemory(fdt, machine);
  AddInterruptControllers(fdt);
  AddPlb(fdt, extensions);
  if (machine.paravirtual) AddParavirtualNodes(fdt);
  AddAliasesAndChosen(fdt, machine, extensions);
  if (extensions.root) extensions.root(fdt);
  fdt.end_node();
  return fdt.finish();
}

}  // namespace pvppc::vm
