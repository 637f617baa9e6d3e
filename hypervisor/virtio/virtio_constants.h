// Numbers fixed by the virtio 1.x specification (OASIS "Virtual I/O Device
// (VIRTIO) Version 1.2"), shared by the queue, the transport and devices.
#pragma once

#include <cstdint>

namespace pvppc::virtio {

// Device status field (§2.1). The driver sets bits 0-3 and 7; the device
// sets DEVICE_NEEDS_RESET (§2.1.2).
namespace status {
inline constexpr uint32_t kAcknowledge = 1;
inline constexpr uint32_t kDriver = 2;
inline constexpr uint32_t kDriverOk = 4;
inline constexpr uint32_t kFeaturesOk = 8;
inline constexpr uint32_t kDeviceNeedsReset = 64;
inline constexpr uint32_t kFailed = 128;
}  // namespace status

// Reserved (device-independent) feature bits (§6).
namespace feature {
inline constexpr uint64_t kRingIndirectDesc = uint64_t{1} << 28;  // §2.7.5.3
inline constexpr uint64_t kRingEventIdx = uint64_t{1} << 29;      // §2.7.7, §2.7.10
inline constexpr uint64_t kVersion1 = uint64_t{1} << 32;          // §6.1
}  // namespace feature

// Device IDs (§5).
namespace device_id {
inline constexpr uint32_t kNet = 1;
inline constexpr uint32_t kBlock = 2;
inline constexpr uint32_t kConsole = 3;
}  // namespace device_id

// Split virtqueue layout (§2.7).
namespace ring {
// struct virtq_desc: le64 addr, le32 len, le16 flags, le16 next (§2.7.5).
inline constexpr uint64_t kDescriptorSize = 16;
inline constexpr uint16_t kDescFlagNext = 1;
inline constexpr uint16_t kDescFlagWrite = 2;
inline constexpr uint16_t kDescFlagIndirect = 4;
// struct virtq_avail: le16 flags, le16 idx, le16 ring[size], le16 used_event
// (§2.7.6).
inline constexpr uint16_t kAvailFlagNoInterrupt = 1;
// struct virtq_used: le16 flags, le16 idx, virtq_used_elem ring[size],
// le16 avail_event; virtq_used_elem is le32 id, le32 len (§2.7.8).
inline constexpr uint16_t kUsedFlagNoNotify = 1;
inline constexpr uint64_t kUsedElementSize = 8;
// Queue Size is a power of 2 no larger than 32768 (§2.7).
inline constexpr uint32_t kMaxQueueSize = 32768;
// Alignment of the three areas (§2.7.2, table "Virtqueue Part Alignment").
inline constexpr uint64_t kDescriptorTableAlign = 16;
inline constexpr uint64_t kAvailableRingAlign = 2;
inline constexpr uint64_t kUsedRingAlign = 4;
}  // namespace ring

// Interrupt status bits of virtio-mmio's InterruptStatus (§4.2.2).
namespace interrupt {
inline constexpr uint32_t kUsedBuffer = 1;
inline constexpr uint32_t kConfigChange = 2;
}  // namespace interrupt

}  // namespace pvppc::virtio
