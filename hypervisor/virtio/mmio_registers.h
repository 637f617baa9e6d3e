// The virtio-mmio version 2 register layout (virtio 1.x §4.2.2, table
// "MMIO Device Register Layout"): byte offsets into the device's window.
// Every register is 32 bits wide and little-endian.
#pragma once

#include <cstdint>

namespace pvppc::virtio::mmio {

inline constexpr uint64_t kMagicValue = 0x000;         // R: "virt"
inline constexpr uint64_t kVersion = 0x004;            // R: 2
inline constexpr uint64_t kDeviceId = 0x008;           // R
inline constexpr uint64_t kVendorId = 0x00C;           // R
inline constexpr uint64_t kDeviceFeatures = 0x010;     // R, 32 bits chosen by ...Sel
inline constexpr uint64_t kDeviceFeaturesSel = 0x014;  // W
inline constexpr uint64_t kDriverFeatures = 0x020;     // W, 32 bits chosen by ...Sel
inline constexpr uint64_t kDriverFeaturesSel = 0x024;  // W
inline constexpr uint64_t kQueueSel = 0x030;           // W
inline constexpr uint64_t kQueueNumMax = 0x034;        // R
inline constexpr uint64_t kQueueNum = 0x038;           // W
inline constexpr uint64_t kQueueReady = 0x044;         // RW
inline constexpr uint64_t kQueueNotify = 0x050;        // W
inline constexpr uint64_t kInterruptStatus = 0x060;    // R
inline constexpr uint64_t kInterruptAck = 0x064;       // W
inline constexpr uint64_t kStatus = 0x070;             // RW
inline constexpr uint64_t kQueueDescLow = 0x080;       // W
inline constexpr uint64_t kQueueDescHigh = 0x084;      // W
inline constexpr uint64_t kQueueDriverLow = 0x090;     // W
inline constexpr uint64_t kQueueDriverHigh = 0x094;    // W
inline constexpr uint64_t kQueueDeviceLow = 0x0A0;     // W
inline constexpr uint64_t kQueueDeviceHigh = 0x0A4;    // W
inline constexpr uint64_t kShmSel = 0x0AC;             // W
inline constexpr uint64_t kShmLenLow = 0x0B0;          // R
inline constexpr uint64_t kShmLenHigh = 0x0B4;         // R
inline constexpr uint64_t kShmBaseLow = 0x0B8;         // R
inline constexpr uint64_t kShmBaseHigh = 0x0BC;        // R
inline constexpr uint64_t kQueueReset = 0x0C0;         // RW (only with VIRTIO_F_RING_RESET)
inline constexpr uint64_t kConfigGeneration = 0x0FC;   // R
inline constexpr uint64_t kConfig = 0x100;             // device-specific configuration

inline constexpr uint32_t kMagic = 0x74726976;  // "virt" in little-endian ASCII
inline constexpr uint32_t kVersion2 = 2;        // modern (virtio 1.x) only
// "PVPC" in little-endian ASCII; the spec leaves vendor IDs to the device.
inline constexpr uint32_t kPvppcVendorId = 0x43505650;

// The window each device occupies: registers, then up to 256 bytes of
// device configuration (docs/abi.md §9: reg is at least 0x200 bytes).
inline constexpr uint64_t kWindowSize = 0x200;
inline constexpr uint32_t kMaxConfigSize = kWindowSize - kConfig;

}  // namespace pvppc::virtio::mmio
