// The `--net` option, one virtio-net device each:
//   user[,hostfwd=tcp:HOSTADDR:HOSTPORT-:GUESTPORT]...  libslirp user
//     networking, with TCP ports of the host forwarded into the guest.
//     HOSTADDR may be empty (127.0.0.1, loopback only); the guest side is the
//     guest's DHCP address (slirp_backend.h).
//   switch=NAME  a port on the shared-memory switch NAME that connects the
//     VMs on this host which name it (switch_backend.h).
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

enum class NetKind { kUser, kSwitch };

struct NetOption {
  NetKind kind = NetKind::kUser;
  std::vector<HostForward> host_forwards;  // kUser
  std::string switch_name;                 // kSwitch: letters, digits, '.', '_', '-'
};

inline constexpr size_t kMaxSwitchNameBytes = 40;

// Anything else is an error that quotes the option.
[[nodiscard]] Result<NetOption> ParseNetOption(std::string_view text);

}  // namespace pvppc::backends::net
