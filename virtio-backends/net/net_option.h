// The `--net user[,hostfwd=tcp:HOSTADDR:HOSTPORT-:GUESTPORT]...` option: a
// virtio-net device on libslirp user networking, with TCP ports of the host
// forwarded into the guest. HOSTADDR may be empty (127.0.0.1, loopback
// only); the guest side is the guest's DHCP address (slirp_backend.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hypervisor/common/result.h"

namespace pvppc::backends::net {

struct HostForward {
  std::string host_address = "127.0.0.1";
  uint16_t host_port = 0;
  uint16_t guest_port = 0;
};

struct NetOption {
  std::vector<HostForward> host_forwards;
};

// Anything else is an error that quotes the option.
[[nodiscard]] Result<NetOption> ParseNetOption(std::string_view text);

}  // namespace pvppc::backends::net
