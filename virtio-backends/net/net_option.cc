#include "virtio-backends/net/net_option.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace pvppc::backends::net {
namespace {

Result<uint16_t> ParsePort(std::string_view text, std::string_view option) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
    return MakeError("'" + std::string(option) + "': '" + std::string(text) +
                     "' is not a port number (1-65535)");
  }
  return static_cast<uint16_t>(value);
}

// tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT (the guest address, if
// given, must be empty: the guest's DHCP address is used).
Result<HostForward> ParseHostForward(std::string_view rule, std::string_view option) {
  if (rule.substr(0, 4) != "tcp:") {
    return MakeError("'" + std::string(option) + "': hostfwd takes tcp:HOSTADDR:HOSTPORT-:GUESTPORT");
  }
  rule.remove_prefix(4);
  const size_t dash = rule.find('-');
  if (dash == std::string_view::npos) {
    return MakeError("'" + std::string(option) + "': hostfwd needs HOSTPORT-:GUESTPORT");
  }
  const std::string_view host = rule.substr(0, dash), guest = rule.substr(dash + 1);
  const size_t host_colon = host.rfind(':'), guest_colon = guest.rfind(':');
  if (host_colon == std::string_view::npos || guest_colon != 0) {
    return MakeError("'" + std::string(option) + "': hostfwd takes tcp:HOSTADDR:HOSTPORT-:GUESTPORT");
  }
  HostForward forward;
  if (host_colon > 0) forward.host_address = std::string(host.substr(0, host_colon));
  in_addr address{};
  if (inet_pton(AF_INET, forward.host_address.c_str(), &address) != 1) {
    return MakeError("'" + std::string(option) + "': '" + forward.host_address +
                     "' is not an IPv4 address");
  }
  auto host_port = ParsePort(host.substr(host_colon + 1), option);
  if (!host_port) return tl::unexpected(host_port.error());
  auto guest_port = ParsePort(guest.substr(1), option);
  if (!guest_port) return tl::unexpected(guest_port.error());
  forward.host_port = *host_port;
  forward.guest_port = *guest_port;
  return forward;
}

// switch=NAME: the name becomes part of a shared memory object's name.
Result<NetOption> ParseSwitch(std::string_view text) {
  NetOption option;
  option.kind = NetKind::kSwitch;
  option.switch_name = std::string(text.substr(7));
  const bool valid_chars =
      std::all_of(option.switch_name.begin(), option.switch_name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (option.switch_name.empty() || option.switch_name.size() > kMaxSwitchNameBytes ||
      !valid_chars || option.switch_name[0] == '.') {
    return MakeError("'" + std::string(text) + "': a switch name is 1-" +
                     std::to_string(kMaxSwitchNameBytes) +
                     " letters, digits, '.', '_' or '-' (not starting with '.')");
  }
  return option;
}

}  // namespace

Result<NetOption> ParseNetOption(std::string_view text) {
  if (text.substr(0, 7) == "switch=") return ParseSwitch(text);
  NetOption option;
  std::string_view rest = text;
  const size_t comma = rest.find(',');
  if (rest.substr(0, comma) != "user") {
    return MakeError("'" + std::string(text) +
                     "': the network kind must be 'user' or 'switch=NAME'");
  }
  rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  while (!rest.empty()) {
    const size_t next = rest.find(',');
    const std::string_view item = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    if (item.substr(0, 8) != "hostfwd=") {
      return MakeError("'" + std::string(text) + "': unknown setting '" + std::string(item) + "'");
    }
    auto forward = ParseHostForward(item.substr(8), text);
    if (!forward) return tl::unexpected(forward.error());
    option.host_forwards.push_back(*forward);
  }
  return option;
}

}  // namespace pvppc::backends::net
