// virtio-blk's numbers (virtio 1.x §5.2): feature bits, the configuration
// layout, request types and status values. All little-endian on the wire.
#pragma once

#include <cstdint>

namespace pvppc::backends::blk {

// Feature bits (§5.2.3).
inline constexpr uint64_t kFeatureSegMax = uint64_t{1} << 2;
inline constexpr uint64_t kFeatureReadOnly = uint64_t{1} << 5;
inline constexpr uint64_t kFeatureFlush = uint64_t{1} << 9;

// struct virtio_blk_config (§5.2.4), up to blk_size.
inline constexpr uint32_t kConfigCapacity = 0;  // le64, in 512-byte sectors
inline constexpr uint32_t kConfigSizeMax = 8;   // le32
inline constexpr uint32_t kConfigSegMax = 12;   // le32
inline constexpr uint32_t kConfigGeometry = 16; // le16 cylinders, u8 heads, u8 sectors
inline constexpr uint32_t kConfigBlkSize = 20;  // le32
inline constexpr uint32_t kConfigBytes = 24;

inline constexpr uint64_t kSectorSize = 512;

// struct virtio_blk_req header (§5.2.6): le32 type, le32 reserved, le64 sector.
inline constexpr uint64_t kRequestHeaderBytes = 16;
inline constexpr uint32_t kRequestIn = 0;
inline constexpr uint32_t kRequestOut = 1;
inline constexpr uint32_t kRequestFlush = 4;
inline constexpr uint32_t kRequestGetId = 8;
inline constexpr uint32_t kIdBytes = 20;  // VIRTIO_BLK_ID_BYTES

// The status byte that ends every request.
inline constexpr uint8_t kStatusOk = 0;
inline constexpr uint8_t kStatusIoError = 1;
inline constexpr uint8_t kStatusUnsupported = 2;

}  // namespace pvppc::backends::blk
