#include "hypervisor/virtio/device_tree_node.h"

#include <gtest/gtest.h>

namespace pvppc::virtio {
namespace {

TEST(DeviceTreeNodeTest, DescribesAVirtioMmioWindow) {
  const VirtioMmioNode node = DescribeVirtioMmio(0xF0000200, 3, kPicSenseLevelHigh);
  EXPECT_EQ(node.node_name, "virtio@f0000200");
  EXPECT_EQ(node.compatible, "virtio,mmio");
  EXPECT_EQ(node.base, 0xF0000200u);
  EXPECT_EQ(node.size, 0x200u);
  EXPECT_EQ(node.interrupt, 3u);
  EXPECT_EQ(node.interrupt_sense, 3u);
  EXPECT_EQ(DescribeVirtioMmio(0x1F0000000, 2, kUicSenseLevelHigh).node_name, "virtio@1f0000000");
}

}  // namespace
}  // namespace pvppc::virtio
