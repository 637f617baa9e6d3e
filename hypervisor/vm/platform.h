// The machine pvppc presents to a fully virtualized guest: a 440EP laid out as
// AMCC's Bamboo board, so that Linux's stock 44x board code (ppc44x_simple,
// the UIC driver, of_serial) runs unmodified. One table of addresses and
// interrupt numbers, used by the device models, the device tree and the VM.
#pragma once

#include <cstdint>

namespace pvppc::vm::platform {

// PPC440EP Rev B (Linux cputable "440EP Rev. B"; QEMU's bamboo uses it too).
inline constexpr uint32_t kPvr = 0x422218D3;

// Time base and core clock advertised in the device tree. The time base runs
// from host time at this rate.
inline constexpr uint32_t kTimebaseHz = 400'000'000;
inline constexpr uint32_t kCpuClockHz = 400'000'000;

// Guest RAM starts at physical 0 (head_44x.S is not relocatable).
inline constexpr uint64_t kRamBase = 0;
inline constexpr uint64_t kDefaultRamBytes = 128ull << 20;
inline constexpr uint64_t kMinRamBytes = 16ull << 20;
// 44x lowmem ends at 768 MiB with the default 3G/1G split; we allow up to the
// start of the device window.
inline constexpr uint64_t kMaxRamBytes = 2048ull << 20;

// Universal Interrupt Controllers on the DCR bus (PPC440EP UM, "UIC").
inline constexpr uint32_t kUic0DcrBase = 0xC0;
inline constexpr uint32_t kUic1DcrBase = 0xD0;
inline constexpr uint32_t kUicDcrCount = 9;  // SR ER CR PR TR MSR VR VCR (+1 reserved)
// UIC1's outputs feed UIC0 inputs 30 (non-critical) and 31 (critical), as on
// the 440EP.
inline constexpr uint32_t kUic1CascadeInput = 30;
inline constexpr uint32_t kUic1CascadeCriticalInput = 31;

// On-chip peripheral bus window (OPB) and the UART (16550-compatible).
inline constexpr uint64_t kUart0Base = 0xEF600300;
inline constexpr uint64_t kUart0Size = 8;
inline constexpr uint32_t kUart0Uic0Input = 0;
inline constexpr uint32_t kUartClockHz = 11'059'200;
inline constexpr uint32_t kUartBaud = 115200;

// virtio-mmio windows (docs/abi.md §9), one 4 KiB page each so that every
// device is mapped on its own, on the PLB in a range the 440EP leaves
// unused. Slot n is at kVirtioMmioBase + n * kVirtioMmioStride; its
// interrupt is UIC0 input kVirtioUic0FirstInput + n on the full machine
// (inputs Bamboo's on-chip peripherals would use but pvppc does not model)
// and PV interrupt controller source 2 + n on the PV machine.
inline constexpr uint64_t kVirtioMmioBase = 0xE000'0000;
inline constexpr uint64_t kVirtioMmioStride = 0x1000;
inline constexpr uint32_t kVirtioMmioSlots = 8;
inline constexpr uint32_t kVirtioUic0FirstInput = 20;
static_assert(kVirtioUic0FirstInput + kVirtioMmioSlots <= kUic1CascadeInput);

}  // namespace pvppc::vm::platform
