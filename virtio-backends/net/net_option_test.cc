#include "virtio-backends/net/net_option.h"

#include <gtest/gtest.h>

namespace pvppc::backends::net {
namespace {

TEST(NetOption, UserWithoutForwards) {
  auto option = ParseNetOption("user");
  ASSERT_TRUE(option);
  EXPECT_TRUE(option->host_forwards.empty());
}

TEST(NetOption, HostForwards) {
  auto option = ParseNetOption("user,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=tcp::2222-:22");
  ASSERT_TRUE(option) << option.error().message;
  ASSERT_EQ(option->host_forwards.size(), 2u);
  EXPECT_EQ(option->host_forwards[0].host_address, "127.0.0.1");
  EXPECT_EQ(option->host_forwards[0].host_port, 8080);
  EXPECT_EQ(option->host_forwards[0].guest_port, 80);
  EXPECT_EQ(option->host_forwards[1].host_address, "127.0.0.1");  // loopback by default
  EXPECT_EQ(option->host_forwards[1].host_port, 2222);
}

TEST(NetOption, BadOptionsAreErrorsQuotingThem) {
  for (const char* text : {"tap", "user,foo=1", "user,hostfwd=udp::1-:2", "user,hostfwd=tcp::0-:80",
                           "user,hostfwd=tcp::70000-:80", "user,hostfwd=tcp:nothost:1-:2",
                           "user,hostfwd=tcp::1-10.0.2.15:2", "user,hostfwd=tcp::1:2"}) {
    auto option = ParseNetOption(text);
    ASSERT_FALSE(option) << text;
    EXPECT_NE(option.error().message.find(text), std::string::npos) << option.error().message;
  }
}

TEST(NetOption, Switch) {
  auto option = ParseNetOption("switch=lan-0_a.b");
  ASSERT_TRUE(option) << option.error().message;
  EXPECT_EQ(option->kind, NetKind::kSwitch);
  EXPECT_EQ(option->switch_name, "lan-0_a.b");
  EXPECT_EQ(ParseNetOption("user")->kind, NetKind::kUser);
}

TEST(NetOption, BadSwitchNamesAreErrorsQuotingThem) {
  for (const char* text : {"switch=", "switch=a/b", "switch=..", "switch=a,b", "switch=a b",
                           "switch=0123456789012345678901234567890123456789x"}) {
    auto option = ParseNetOption(text);
    ASSERT_FALSE(option) << text;
    EXPECT_NE(option.error().message.find(text), std::string::npos) << option.error().message;
  }
}

}  // namespace
}  // namespace pvppc::backends::net
