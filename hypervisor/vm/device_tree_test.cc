// The Bamboo-like device tree read back with libfdt: what Linux's 44x code,
// UIC driver, of_serial and legacy_serial look up must be there, with the
// values platform.h gives.
#include "hypervisor/vm/device_tree.h"
#include "hypervisor/vm/pv_device_tree.h"

#include <gtest/gtest.h>
#include <libfdt.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace pvppc::vm {
namespace {

class DeviceTreeTest : public ::testing::Test {
 protected:
  void Build(const MachineDescription& machine, const DeviceTreeExtensions& extensions = {}) {
    Result<std::vector<uint8_t>> blob = BuildDeviceTree(machine, extensions);
    ASSERT_TRUE(blob.has_value()) << blob.error().message;
    blob_ = std::move(*blob);
    ASSERT_EQ(fdt_check_header(blob_.data()), 0);
    // The whole structure block: tags, nesting, property names and lengths.
    ASSERT_EQ(fdt_check_full(blob_.data(), blob_.size()), 0);
    ASSERT_EQ(fdt_totalsize(blob_.data()), blob_.size());
  }

  int Node(const char* path) {
    const int node = fdt_path_offset(blob_.data(), path);
    EXPECT_GE(node, 0) << path;
    return node;
  }

  // The raw bytes, or "<none>" when the property is missing.
  std::string Bytes(const char* path, const char* name) {
    int length = 0;
    const void* value = fdt_getprop(blob_.data(), Node(path), name, &length);
    if (value == nullptr) return "<none>";
    return std::string(static_cast<const char*>(value), static_cast<size_t>(length));
  }

  std::vector<uint32_t> Cells(const char* path, const char* name) {
    const std::string bytes = Bytes(path, name);
    std::vector<uint32_t> cells;
    for (size_t i = 0; i + 4 <= bytes.size(); i += 4) {
      fdt32_t cell;
      std::memcpy(&cell, bytes.data() + i, 4);
      cells.push_back(fdt32_to_cpu(cell));
    }
    return cells;
  }

  std::string String(const char* path, const char* name) {
    std::string bytes = Bytes(path, name);
    if (!bytes.empty() && bytes.back() == '\0') bytes.pop_back();
    return bytes;
  }

  // The node a phandle-valued property points at.
  int Target(const char* path, const char* name) {
    const std::vector<uint32_t> cells = Cells(path, name);
    if (cells.size() != 1) return -1;
    return fdt_node_offset_by_phandle(blob_.data(), cells[0]);
  }

  std::vector<uint8_t> blob_;
};

// A default machine with one change applied: designated initializers would
// leave -Wmissing-field-initializers complaining about the rest.
template <typename Change>
MachineDescription Machine(Change change) {
  MachineDescription machine;
  change(machine);
  return machine;
}

constexpr char kUic0[] = "/interrupt-controller0";
constexpr char kUic1[] = "/interrupt-controller1";

TEST_F(DeviceTreeTest, RootIdentifiesABambooForPpc44xSimple) {
  Build({});
  EXPECT_EQ(Bytes("/", "compatible"), std::string("pvppc,440-full\0amcc,bamboo\0", 27));
  EXPECT_EQ(fdt_node_check_compatible(blob_.data(), 0, "amcc,bamboo"), 0);
  EXPECT_EQ(Cells("/", "#address-cells"), std::vector<uint32_t>{2});
  EXPECT_EQ(Cells("/", "#size-cells"), std::vector<uint32_t>{1});
  EXPECT_EQ(String("/", "model"), "pvppc,440-full");
  EXPECT_EQ(Target("/", "dcr-parent"), Node("/cpus/cpu@0"));
}

TEST_F(DeviceTreeTest, CpuNodeCarriesClocksCachesAndDcrAccess) {
  Build(Machine([](MachineDescription& m) {
    m.timebase_hz = 33'000'000;
    m.cpu_hz = 533'000'000;
  }));
  const char* cpu = "/cpus/cpu@0";
  EXPECT_EQ(Cells("/cpus", "#address-cells"), std::vector<uint32_t>{1});
  EXPECT_EQ(Cells("/cpus", "#size-cells"), std::vector<uint32_t>{0});
  EXPECT_EQ(String(cpu, "device_type"), "cpu");
  EXPECT_EQ(String(cpu, "model"), "PowerPC,440EP");
  EXPECT_EQ(Cells(cpu, "reg"), std::vector<uint32_t>{0});
  EXPECT_EQ(Cells(cpu, "clock-frequency"), std::vector<uint32_t>{533'000'000});
  EXPECT_EQ(Cells(cpu, "timebase-frequency"), std::vector<uint32_t>{33'000'000});
  EXPECT_EQ(Cells(cpu, "i-cache-line-size"), std::vector<uint32_t>{32});
  EXPECT_EQ(Cells(cpu, "d-cache-line-size"), std::vector<uint32_t>{32});
  EXPECT_EQ(Cells(cpu, "i-cache-size"), std::vector<uint32_t>{32768});
  EXPECT_EQ(Cells(cpu, "d-cache-size"), std::vector<uint32_t>{32768});
  EXPECT_EQ(Bytes(cpu, "dcr-controller"), "");
  EXPECT_EQ(String(cpu, "dcr-access-method"), "native");
  EXPECT_EQ(fdt_get_phandle(blob_.data(), Node(cpu)), phandle::kCpu);
}

TEST_F(DeviceTreeTest, MemoryUsesTheRootCells) {
  Build(Machine([](MachineDescription& m) { m.ram_bytes = 256ull << 20; }));
  EXPECT_EQ(String("/memory", "device_type"), "memory");
  EXPECT_EQ(Cells("/memory", "reg"), (std::vector<uint32_t>{0, 0, 256u << 20}));
}

TEST_F(DeviceTreeTest, InterruptControllersMatchTheUicDriver) {
  Build({});
  for (const char* uic : {kUic0, kUic1}) {
    EXPECT_EQ(Bytes(uic, "compatible"), std::string("ibm,uic-440ep\0ibm,uic\0", 22));
    EXPECT_EQ(Bytes(uic, "interrupt-controller"), "");
    EXPECT_EQ(Cells(uic, "#interrupt-cells"), std::vector<uint32_t>{2});
    EXPECT_EQ(Cells(uic, "#address-cells"), std::vector<uint32_t>{0});
    EXPECT_EQ(Cells(uic, "#size-cells"), std::vector<uint32_t>{0});
  }
  EXPECT_EQ(Cells(kUic0, "cell-index"), std::vector<uint32_t>{0});
  EXPECT_EQ(Cells(kUic0, "dcr-reg"), (std::vector<uint32_t>{0xC0, 9}));
  EXPECT_EQ(Bytes(kUic0, "interrupts"), "<none>");  // The primary UIC.
  EXPECT_EQ(fdt_get_phandle(blob_.data(), Node(kUic0)), phandle::kUic0);

  EXPECT_EQ(Cells(kUic1, "cell-index"), std::vector<uint32_t>{1});
  EXPECT_EQ(Cells(kUic1, "dcr-reg"), (std::vector<uint32_t>{0xD0, 9}));
  EXPECT_EQ(Cells(kUic1, "interrupts"), (std::vector<uint32_t>{30, 4, 31, 4}));
  EXPECT_EQ(Target(kUic1, "interrupt-parent"), Node(kUic0));
  EXPECT_EQ(fdt_get_phandle(blob_.data(), Node(kUic1)), phandle::kUic1);
}

TEST_F(DeviceTreeTest, BusesMapTheOpbLikeBamboo) {
  Build({});
  EXPECT_EQ(Bytes("/plb", "compatible"), std::string("ibm,plb-440ep\0ibm,plb4\0", 23));
  EXPECT_EQ(Cells("/plb", "#address-cells"), std::vector<uint32_t>{2});
  EXPECT_EQ(Cells("/plb", "#size-cells"), std::vector<uint32_t>{1});
  EXPECT_EQ(Bytes("/plb", "ranges"), "");
  EXPECT_EQ(Bytes("/plb/opb", "compatible"), std::string("ibm,opb-440ep\0ibm,opb\0", 22));
  EXPECT_EQ(Cells("/plb/opb", "ranges"),
            (std::vector<uint32_t>{0, 0, 0, 0x80000000, 0x80000000, 0, 0x80000000, 0x80000000}));
}

TEST_F(DeviceTreeTest, SerialNodeIsTheConsole) {
  Build({});
  EXPECT_EQ(String(kUart0Path, "device_type"), "serial");
  EXPECT_EQ(String(kUart0Path, "compatible"), "ns16550");
  EXPECT_EQ(Cells(kUart0Path, "reg"), (std::vector<uint32_t>{0xEF600300, 8}));
  EXPECT_EQ(Cells(kUart0Path, "virtual-reg"), std::vector<uint32_t>{0xEF600300});
  EXPECT_EQ(Cells(kUart0Path, "clock-frequency"), std::vector<uint32_t>{platform::kUartClockHz});
  EXPECT_EQ(Cells(kUart0Path, "current-speed"), std::vector<uint32_t>{115200});
  EXPECT_EQ(Cells(kUart0Path, "interrupts"), (std::vector<uint32_t>{0, 4}));
  EXPECT_EQ(Target(kUart0Path, "interrupt-parent"), Node(kUic0));

  EXPECT_STREQ(fdt_get_alias(blob_.data(), "serial0"), kUart0Path);
  EXPECT_EQ(fdt_path_offset(blob_.data(), String("/chosen", "stdout-path").c_str()),
            Node(kUart0Path));
}

TEST_F(DeviceTreeTest, ChosenCarriesBootargsAndTheInitrd) {
  Build(Machine([](MachineDescription& m) { m.bootargs = "console=ttyS0 root=/dev/ram0"; }));
  EXPECT_EQ(String("/chosen", "bootargs"), "console=ttyS0 root=/dev/ram0");
  EXPECT_EQ(Bytes("/chosen", "linux,initrd-start"), "<none>");
  EXPECT_EQ(Bytes("/chosen", "linux,initrd-end"), "<none>");

  Build(Machine([](MachineDescription& m) { m.initrd = {{0x0200'0000, 0x0234'5678}}; }));
  EXPECT_EQ(String("/chosen", "bootargs"), "");
  EXPECT_EQ(Cells("/chosen", "linux,initrd-start"), (std::vector<uint32_t>{0, 0x0200'0000}));
  EXPECT_EQ(Cells("/chosen", "linux,initrd-end"), (std::vector<uint32_t>{0, 0x0234'5678}));
}

TEST_F(DeviceTreeTest, ExtensionsAddNodesWhereAsked) {
  DeviceTreeExtensions extensions;
  extensions.root = [](FdtWriter& fdt) {
    fdt.begin_node("hypervisor");
    fdt.property_string("compatible", "pvppc,hypervisor");
    fdt.property_u32("phandle", phandle::kFirstFree);
    fdt.end_node();
  };
  extensions.plb = [](FdtWriter& fdt) {
    fdt.begin_node("virtio@f0000000");
    fdt.property_string("compatible", "virtio,mmio");
    fdt.end_node();
  };
  extensions.chosen = [](FdtWriter& fdt) { fdt.property_string("pvppc,note", "yes"); };
  Build({}, extensions);
  EXPECT_EQ(fdt_get_phandle(blob_.data(), Node("/hypervisor")), phandle::kFirstFree);
  EXPECT_EQ(String("/plb/virtio@f0000000", "compatible"), "virtio,mmio");
  EXPECT_EQ(String("/chosen", "pvppc,note"), "yes");
}

TEST(DeviceTreeValidationTest, RejectsMachinesLinuxCannotUse) {
  auto error_for = [](auto change) {
    Result<std::vector<uint8_t>> blob = BuildDeviceTree(Machine(change));
    return blob.has_value() ? std::string("<accepted>") : blob.error().message;
  };
  using M = MachineDescription;
  EXPECT_NE(error_for([](M& m) { m.ram_bytes = 1ull << 40; }).find("outside"), std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.ram_bytes = 4ull << 20; }).find("outside"), std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.ram_bytes = (64ull << 20) + 1; }).find("4 KiB"),
            std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.timebase_hz = 0; }).find("must not be 0"), std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.cpu_hz = 0; }).find("must not be 0"), std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.bootargs = std::string("a\0b", 3); }).find("NUL"),
            std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.bootargs = std::string(2048, 'x'); }).find("at most"),
            std::string::npos);
  static constexpr uint64_t kRam = platform::kDefaultRamBytes;
  EXPECT_NE(error_for([](M& m) { m.initrd = {{kRam - 4096, kRam + 4096}}; }).find("initrd"),
            std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.initrd = {{8192, 4096}}; }).find("initrd"), std::string::npos);
  EXPECT_NE(error_for([](M& m) { m.initrd = {{4096, 4096}}; }).find("initrd"), std::string::npos);
  EXPECT_EQ(error_for([](M& m) { m.initrd = {{kRam - 4096, kRam}}; }), "<accepted>");
}

// dtc, when installed, must decompile the blob without complaint. The
// device-tree-compiler package is optional, so the test skips without it.
TEST_F(DeviceTreeTest, DtcDecompilesTheBlob) {
  if (!std::filesystem::exists("/usr/bin/dtc")) GTEST_SKIP() << "dtc is not installed";
  Build(Machine([](MachineDescription& m) {
    m.bootargs = "console=ttyS0";
    m.initrd = {{0x0100'0000, 0x0110'0000}};
  }));
  const char* tmpdir = std::getenv("TEST_TMPDIR");
  const std::filesystem::path dtb =
      std::filesystem::path(tmpdir ? tmpdir : "/tmp") / "pvppc_device_tree_test.dtb";
  std::ofstream(dtb, std::ios::binary)
      .write(reinterpret_cast<const char*>(blob_.data()),
             static_cast<std::streamsize>(blob_.size()));
  const std::string command = "/usr/bin/dtc -q -I dtb -O dts " + dtb.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char chunk[4096];
  while (size_t n = fread(chunk, 1, sizeof chunk, pipe)) output.append(chunk, n);
  EXPECT_EQ(pclose(pipe), 0) << output;
  EXPECT_NE(output.find("compatible = \"pvppc,440-full\", \"amcc,bamboo\";"), std::string::npos)
      << output;
}

TEST_F(DeviceTreeTest, PvMachineAddsHypervisorPicAndByteChannel) {
  Build(Machine([](MachineDescription& m) { m.paravirtual = true; }));
  EXPECT_EQ(Bytes("/", "compatible"),
            std::string("pvppc,440-pv\0pvppc,440-full\0amcc,bamboo\0", 40));
  EXPECT_EQ(Cells("/hypervisor", "hcall-instructions"),
            (std::vector<uint32_t>{PVPPC_HCALL_INSN_0, PVPPC_HCALL_INSN_1, PVPPC_HCALL_INSN_2,
                                   PVPPC_HCALL_INSN_3}));
  EXPECT_NE(Bytes("/hypervisor", "compatible").find("linux,kvm"), std::string::npos);
  EXPECT_EQ(Cells("/hypervisor", "pvppc,abi-version"), std::vector<uint32_t>{PVPPC_ABI_VERSION});
  EXPECT_EQ(String("/pic", "compatible"), "epapr,hv-pic");
  EXPECT_EQ(Cells("/pic", "#interrupt-cells"), std::vector<uint32_t>{2});
  EXPECT_EQ(Target(kByteChannelPath, "interrupt-parent"), Node("/pic"));
  EXPECT_EQ(Cells(kByteChannelPath, "interrupts"),
            (std::vector<uint32_t>{pv_irq::kConsoleReceive, kPvSenseLevelHigh,
                                   pv_irq::kConsoleTransmit, kPvSenseLevelHigh}));
  EXPECT_EQ(String("/chosen", "stdout-path"), kByteChannelPath);
}

TEST_F(DeviceTreeTest, FullMachineHasNoHypervisorNode) {
  Build({});
  EXPECT_LT(fdt_path_offset(blob_.data(), "/hypervisor"), 0);
  EXPECT_EQ(String("/chosen", "stdout-path"), kUart0Path);
}

}  // namespace
}  // namespace pvppc::vm
