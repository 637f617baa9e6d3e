#include "hypervisor/vm/virtio_devices.h"

#include "hypervisor/vm/platform.h"
#include "virtio-backends/blk/disk_image.h"
#include "virtio-backends/blk/virtio_blk.h"

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
  remote_.emplace_back(remote, slots_.back().transport.get());
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
