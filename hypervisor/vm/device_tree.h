// The device tree pvppc hands a fully virtualized Linux guest: a 440EP laid
// out as AMCC's Bamboo board (platform.h), so that stock Linux with
// CONFIG_BAMBOO boots through arch/powerpc/platforms/44x/ppc44x_simple.c.
//
// The layout follows Linux's arch/powerpc/boot/dts/bamboo.dts for what the
// kernel reads — root cells, the cpu's DCR access, the two UICs and their
// cascade, the PLB/OPB ranges, the UART — and carries only the devices pvppc
// models. Values the Bamboo bootwrapper fills in at boot (memory size, clock
// frequencies) are written here directly.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/vm/fdt_writer.h"
#include "hypervisor/vm/platform.h"

namespace pvppc::vm {

struct MachineDescription {
  uint64_t ram_bytes = platform::kDefaultRamBytes;
  std::string bootargs;
  // Guest physical [start, end) of an initrd already placed in RAM.
  std::optional<std::pair<uint64_t, uint64_t>> initrd;
  uint32_t timebase_hz = platform::kTimebaseHz;
  uint32_t cpu_hz = platform::kCpuClockHz;
  // The PV machine (docs/abi.md): the root is also "pvppc,440-pv", and
  // /hypervisor, the PV interrupt controller and the byte-channel console
  // are added (pv_device_tree.h); stdout is the byte channel.
  bool paravirtual = false;
};

// Phandles of the nodes other nodes refer to. Nodes added through
// DeviceTreeExtensions take theirs from kFirstFreePhandle up.
namespace phandle {
inline constexpr uint32_t kCpu = 1;
inline constexpr uint32_t kUic0 = 2;
inline constexpr uint32_t kUic1 = 3;
inline constexpr uint32_t kPvPic = 4;
inline constexpr uint32_t kFirstFree = 0x100;
}  // namespace phandle

// Paths of nodes other parts of the VM name (stdout-path, aliases).
inline constexpr char kUart0Path[] = "/plb/opb/serial@ef600300";

// Where later parts of the VM add their own nodes (a /hypervisor node,
// virtio-mmio transports) without this file knowing them. Each hook runs
// with its parent node open, after the standard children, and may add
// properties to that parent or whole child nodes.
struct DeviceTreeExtensions {
  std::function<void(FdtWriter&)> root;  // under /
  std::function<void(FdtWriter&)> plb;   // under /plb, next to /plb/opb
  std::function<void(FdtWriter&)> chosen;  // properties of /chosen
};

// Builds the blob. Fails for a description Linux could not boot with: RAM
// outside [kMinRamBytes, kMaxRamBytes] or not page-aligned, an initrd that
// is empty, reversed or not inside RAM, a zero clock, a NUL in bootargs.
[[nodiscard]] Result<std::vector<uint8_t>> BuildDeviceTree(
    const MachineDescription& machine, const DeviceTreeExtensions& extensions = {});

}  // namespace pvppc::vm
