// Performing a guest load or store that targets a device: the instruction is
// decoded (isa::DecodeLoadStore) and the device sees only the physical
// address, width and value (design.md).
#pragma once

#include <cstdint>

#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/devices/mmio_bus.h"
#include "hypervisor/isa/instruction.h"

namespace pvppc::vm {

enum class DeviceAccessResult : uint8_t {
  kDone,              // performed; the PC moved past the instruction
  kNotLoadStore,      // not a single-register integer load/store
  kNoDevice,          // nothing decodes that address/width: a bus error
};

struct DeviceAccessInfo {
  bool store = false;
  uint32_t size = 0;
};

DeviceAccessResult PerformDeviceAccess(cpu::CpuState& state, devices::MmioBus& bus,
                                       isa::Instruction insn, uint32_t ea, uint64_t paddr,
                                       bool little_endian_page, DeviceAccessInfo& info);

}  // namespace pvppc::vm
