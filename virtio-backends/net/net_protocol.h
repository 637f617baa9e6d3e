// virtio-net's numbers (virtio 1.x §5.1) that the skeleton device uses.
#pragma once

#include <cstdint>

namespace pvppc::backends::net {

// Feature bits (§5.1.3).
inline constexpr uint64_t kFeatureMac = uint64_t{1} << 5;
inline constexpr uint64_t kFeatureStatus = uint64_t{1} << 16;

// struct virtio_net_config (§5.1.4): u8 mac[6], le16 status.
inline constexpr uint32_t kConfigMac = 0;
inline constexpr uint32_t kConfigStatus = 6;
inline constexpr uint32_t kConfigBytes = 8;
inline constexpr uint16_t kStatusLinkUp = 1;

// Queues (§5.1.2): receiveq1, transmitq1 (no multiqueue, no control queue).
inline constexpr uint32_t kReceiveQueue = 0;
inline constexpr uint32_t kTransmitQueue = 1;

// struct virtio_net_hdr (§5.1.6): with VIRTIO_F_VERSION_1 it is always 12
// bytes (num_buffers included) and precedes every frame on both queues.
inline constexpr uint32_t kHeaderBytes = 12;
inline constexpr uint32_t kHeaderNumBuffers = 10;  // le16

// The largest frame taken from the guest: a 64 KiB payload plus an Ethernet
// header with a VLAN tag (no offloads are offered, so frames are MTU-sized in
// practice).
inline constexpr uint32_t kMaxFrameBytes = 65536 + 18;

}  // namespace pvppc::backends::net
