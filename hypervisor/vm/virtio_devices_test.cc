#include "hypervisor/vm/virtio_devices.h"

#include <gtest/gtest.h>
#include <libfdt.h>

#include <map>

#include "hypervisor/virtio/mmio_registers.h"
#include "hypervisor/virtio/testing/test_ram.h"
#include "hypervisor/vm/device_tree.h"
#include "virtio-backends/blk/testing/temp_file.h"

namespace pvppc::vm {
namespace {

using backends::blk::DiskOption;
using backends::blk::testing::TempFile;

struct RecordingSink final : irq::InterruptSink {
  void set_line(uint32_t line, bool asserted) override { lines[line] = asserted; }
  std::map<uint32_t, bool> lines;
};

class VirtioDevicesTest : public ::testing::Test {
 protected:
  virtio::testing::TestRam ram{1 << 20};
  devices::MmioBus bus;
  RecordingSink sink;
  VirtioDevices devices{ram.memory(), bus};
  VirtioInterrupts uic{&sink, 20, 4, 2};
};

uint32_t Cell(const void* fdt, int node, const char* name, int index) {
  int length = 0;
  const auto* cells = static_cast<const fdt32_t*>(fdt_getprop(fdt, node, name, &length));
  if (cells == nullptr || (index + 1) * 4 > length) return 0xDEADBEEF;
  return fdt32_to_cpu(cells[index]);
}

TEST_F(VirtioDevicesTest, DisksTakeConsecutiveSlotsWindowsAndLines) {
  TempFile a(std::vector<char>(4096)), b(std::vector<char>(8192));
  ASSERT_TRUE(devices.add_disk(DiskOption{a.path(), false}, uic));
  ASSERT_TRUE(devices.add_disk(DiskOption{b.path(), true}, uic));
  EXPECT_EQ(devices.size(), 2u);

  // Each transport answers on its own window: MagicValue "virt" (§4.2.2),
  // in big-endian register order.
  for (uint64_t base : {platform::kVirtioMmioBase,
                        platform::kVirtioMmioBase + platform::kVirtioMmioStride}) {
    const devices::MmioBus::Target target = bus.find(base, 4);
    ASSERT_NE(target.device, nullptr);
    uint32_t magic = 0;
    ASSERT_TRUE(target.device->read(0, 4, magic));
    EXPECT_EQ(magic, 0x76697274u) << std::hex << magic;  // bytes 'v' 'i' 'r' 't'
  }
  EXPECT_EQ(bus.find(platform::kVirtioMmioBase + virtio::mmio::kWindowSize, 4).device, nullptr);
}

TEST_F(VirtioDevicesTest, NodesUnderPlbNameWindowAndInterrupt) {
  TempFile a(std::vector<char>(4096)), b(std::vector<char>(4096));
  ASSERT_TRUE(devices.add_disk(DiskOption{a.path(), false}, uic));
  ASSERT_TRUE(devices.add_disk(DiskOption{b.path(), false}, uic));
  DeviceTreeExtensions extensions;
  extensions.plb = [this](FdtWriter& fdt) { devices.write_nodes(fdt); };
  auto blob = BuildDeviceTree(MachineDescription{}, extensions);
  ASSERT_TRUE(blob) << blob.error().message;
  const void* fdt = blob->data();

  const int first = fdt_path_offset(fdt, "/plb/virtio@e0000000");
  ASSERT_GE(first, 0);
  EXPECT_STREQ(static_cast<const char*>(fdt_getprop(fdt, first, "compatible", nullptr)),
               "virtio,mmio");
  EXPECT_EQ(Cell(fdt, first, "reg", 0), 0u);
  EXPECT_EQ(Cell(fdt, first, "reg", 1), 0xE0000000u);
  EXPECT_EQ(Cell(fdt, first, "reg", 2), virtio::mmio::kWindowSize);
  EXPECT_EQ(Cell(fdt, first, "interrupt-parent", 0), 2u);
  EXPECT_EQ(Cell(fdt, first, "interrupts", 0), 20u);
  EXPECT_EQ(Cell(fdt, first, "interrupts", 1), 4u);

  const int second = fdt_path_offset(fdt, "/plb/virtio@e0001000");
  ASSERT_GE(second, 0);
  EXPECT_EQ(Cell(fdt, second, "interrupts", 0), 21u);
}

TEST_F(VirtioDevicesTest, MissingImageIsAnErrorNamingIt) {
  const Status added = devices.add_disk(DiskOption{"/nonexistent/disk.img", false}, uic);
  ASSERT_FALSE(added);
  EXPECT_NE(added.error().message.find("/nonexistent/disk.img"), std::string::npos);
  EXPECT_EQ(devices.size(), 0u);
}

TEST_F(VirtioDevicesTest, OneImageTwiceForWritingIsLocked) {
  TempFile a(std::vector<char>(4096));
  ASSERT_TRUE(devices.add_disk(DiskOption{a.path(), false}, uic));
  const Status again = devices.add_disk(DiskOption{a.path(), true}, uic);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("locked"), std::string::npos) << again.error().message;
}

TEST_F(VirtioDevicesTest, SlotsRunOut) {
  std::vector<std::unique_ptr<TempFile>> files;
  for (uint32_t i = 0; i < platform::kVirtioMmioSlots; ++i) {
    files.push_back(std::make_unique<TempFile>(std::vector<char>(512)));
    ASSERT_TRUE(devices.add_disk(DiskOption{files.back()->path(), false}, uic));
  }
  TempFile extra(std::vector<char>(512));
  const Status added = devices.add_disk(DiskOption{extra.path(), false}, uic);
  ASSERT_FALSE(added);
  EXPECT_NE(added.error().message.find("too many"), std::string::npos);
}

}  // namespace
}  // namespace pvppc::vm
