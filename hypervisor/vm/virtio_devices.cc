#include "hypervisor/vm/virtio_devices.h"

#include "hypervisor/vm/platform.h"
#include "virtio-backends/blk/disk_image.h"
#include "virtio-backends/blk/virtio_blk.h"
#include "virtio-backends/net/slirp_backend.h"
#include "virtio-backends/net/switch_backend.h"
#include "virtio-backends/net/virtio_net.h"

namespace pvppc::vm {

VirtioDevices::VirtioDevices(memory::GuestMemory& memory, devices::MmioBus& bus)
    : memory_(memory), bus_(bus) {}

VirtioDevices::~VirtioDevices() = default;

Status VirtioDevices::add_disk(const backends::blk::DiskOption& option,
                               const VirtioInterrupts& interrupts) {
  auto image = backends::blk::DiskImage::Open(option);
  if (!image) return MakeError("--disk " + option.path + ": " + image.error().message);
  auto storage = std::make_shared<backends::blk::DiskImage>(std::move(*image));
  // Linux names disks vda, vdb, ... in probe order, which is slot order.
  std::string name = "vd";
  name += static_cast<char>('a' + slots_.size() % 26);
  auto device = std::make_unique<backends::blk::VirtioBlk>(name, *storage);
  return add(std::move(device), {storage}, interrupts);
}

Status VirtioDevices::add_remote_disk(const std::string& channel, const std::string& ram_name,
                                      uint64_t ram_bytes, std::chrono::milliseconds attach_wait,
                                      std::function<void()> wake,
                                      const VirtioInterrupts& interrupts) {
  auto device = backends::remote::RemoteBlk::Create(channel, ram_name, ram_bytes, attach_wait,
                                                    std::move(wake));
  if (!device) return MakeError("--disk-backend " + channel + ": " + device.error().message);
  backends::remote::RemoteBlk* remote = device->get();
  if (Status s = add(std::move(*device), {}, interrupts); !s) return s;
  virtio::MmioTransport* transport = slots_.back().transport.get();
  pollers_.push_back([remote, transport] { remote->poll(*transport); });
  return {};
}

Status VirtioDevices::add_net(const backends::net::NetOption& option, std::function<void()> wake,
                              const VirtioInterrupts& interrupts) {
  if (option.kind == backends::net::NetKind::kSwitch) {
    return add_switch_net(option, std::move(wake), interrupts);
  }
  return add_user_net(option, std::move(wake), interrupts);
}

Status VirtioDevices::add_switch_net(const backends::net::NetOption& option,
                                     std::function<void()> wake,
                                     const VirtioInterrupts& interrupts) {
  auto joined = backends::net::SwitchBackend::Create(option.switch_name, std::move(wake));
  if (!joined) {
    return MakeError("--net switch=" + option.switch_name + ": " + joined.error().message);
  }
  std::shared_ptr<backends::net::SwitchBackend> backend = std::move(*joined);
  // The port's address: unique on the switch.
  auto device = std::make_unique<backends::net::VirtioNet>("net" + std::to_string(slots_.size()),
                                                           backend->mac(), *backend);
  backends::net::VirtioNet* net = device.get();
  if (Status s = add(std::move(device), {backend}, interrupts); !s) return s;
  pollers_.push_back([net, raw = backend.get()] {
    raw->take_frames([net](std::span<const std::byte> frame) { return net->deliver(frame); });
  });
  return {};
}

Status VirtioDevices::add_user_net(const backends::net::NetOption& option,
                                   std::function<void()> wake,
                                   const VirtioInterrupts& interrupts) {
  auto slirp = backends::net::SlirpBackend::Create(option, std::move(wake));
  if (!slirp) return MakeError("--net user: " + slirp.error().message);
  std::shared_ptr<backends::net::SlirpBackend> backend = std::move(*slirp);
  // A locally administered MAC (QEMU's 52:54:00 prefix, which guests and
  // tools know), the slot in the last byte.
  const backends::net::MacAddress mac = {0x52, 0x54, 0x00, 0x12, 0x34,
                                         static_cast<uint8_t>(0x56 + slots_.size())};
  auto device = std::make_unique<backends::net::VirtioNet>(
      "net" + std::to_string(slots_.size()), mac, *backend);
  backends::net::VirtioNet* net = device.get();
  if (Status s = add(std::move(device), {backend}, interrupts); !s) return s;
  pollers_.push_back([net, raw = backend.get()] {
    raw->take_frames([net](std::span<const std::byte> frame) { return net->deliver(frame); });
  });
  return {};
}

Status VirtioDevices::add(std::unique_ptr<virtio::VirtioDevice> device,
                          std::vector<std::shared_ptr<void>> owned,
                          const VirtioInterrupts& interrupts) {
  const uint32_t index = static_cast<uint32_t>(slots_.size());
  if (index >= platform::kVirtioMmioSlots) {
    return MakeError("too many virtio devices (at most " +
                     std::to_string(platform::kVirtioMmioSlots) + ")");
  }
  if (interrupts.sink == nullptr) return MakeError("virtio device without an interrupt controller");
  const uint64_t base = platform::kVirtioMmioBase + index * platform::kVirtioMmioStride;
  const uint32_t line = interrupts.first_line + index;
  Slot slot;
  slot.owned = std::move(owned);
  slot.device = std::move(device);
  slot.transport = std::make_unique<virtio::MmioTransport>(
      "virtio-" + std::string(slot.device->name()), *slot.device, memory_, *interrupts.sink, line);
  slot.node = virtio::DescribeVirtioMmio(base, line, interrupts.sense);
  slot.parent_phandle = interrupts.parent_phandle;
  if (Status s = bus_.attach(base, virtio::mmio::kWindowSize, *slot.transport); !s) return s;
  slots_.push_back(std::move(slot));
  return {};
}

void VirtioDevices::write_nodes(FdtWriter& fdt) const {
  for (const Slot& slot : slots_) {
    const virtio::VirtioMmioNode& node = slot.node;
    fdt.begin_node(node.node_name);
    fdt.property_string("compatible", node.compatible);
    // /plb: two address cells (ERPN, then the low 32 bits), one size cell.
    fdt.property_cells("reg", {static_cast<uint32_t>(node.base >> 32),
                               static_cast<uint32_t>(node.base), static_cast<uint32_t>(node.size)});
    fdt.property_u32("interrupt-parent", slot.parent_phandle);
    fdt.property_cells("interrupts", {node.interrupt, node.interrupt_sense});
    fdt.end_node();
  }
}

}  // namespace pvppc::vm
