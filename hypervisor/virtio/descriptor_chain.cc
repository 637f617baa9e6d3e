#include "hypervisor/virtio/descriptor_chain.h"

#include <cstddef>
#include <string>

#include "hypervisor/virtio/guest_le.h"
#include "hypervisor/virtio/virtio_constants.h"

namespace pvppc::virtio {
namespace {

constexpr uint64_t kMaxDirectionBytes = 0xFFFFFFFFull;

struct Descriptor {
  uint64_t address;
  uint32_t length;
  uint16_t flags;
  uint16_t next;
};

// One table being walked: the queue's own or an indirect one.
struct Table {
  uint64_t address;
  uint32_t entries;
  bool indirect;
};

std::string Where(const Table& table, uint32_t index) {
  return std::string(table.indirect ? "indirect descriptor " : "descriptor ") +
         std::to_string(index);
}

Result<Descriptor> ReadDescriptor(const memory::GuestMemory& memory, const Table& table,
                                  uint32_t index) {
  std::byte raw[ring::kDescriptorSize];
  // index < entries and the table was checked to be inside RAM, so the
  // multiplication and the sum cannot wrap; read() checks again anyway.
  if (!memory.read(table.address + uint64_t{index} * ring::kDescriptorSize, raw)) {
    return MakeError(Where(table, index) + " lies outside guest RAM");
  }
  const std::span<const std::byte> bytes(raw);
  return Descriptor{LoadLe<uint64_t>(bytes.subspan(0, 8)), LoadLe<uint32_t>(bytes.subspan(8, 4)),
                    LoadLe<uint16_t>(bytes.subspan(12, 2)), LoadLe<uint16_t>(bytes.subspan(14, 2))};
}

Result<Table> IndirectTable(const memory::GuestMemory& memory, const DescriptorTableInfo& info,
                            const Table& current, uint32_t index, const Descriptor& desc) {
  const std::string where = Where(current, index);
  if (!info.indirect_allowed) {
    return MakeError(where + " is indirect but VIRTIO_F_INDIRECT_DESC was not negotiated");
  }
  if (current.indirect) return MakeError(where + " nests an indirect table (§2.7.5.3.1)");
  if (desc.flags & ring::kDescFlagNext) {
    return MakeError(where + " sets both INDIRECT and NEXT (§2.7.5.3.1)");
  }
  if (desc.length == 0 || desc.length % ring::kDescriptorSize != 0) {
    return MakeError(where + " has an indirect table length of " + std::to_string(desc.length) +
                     ", not a nonzero multiple of 16");
  }
  const uint32_t entries = desc.length / ring::kDescriptorSize;
  if (entries > kMaxIndirectDescriptors) {
    return MakeError(where + " has an indirect table of " + std::to_string(entries) +
                     " entries, more than " + std::to_string(kMaxIndirectDescriptors));
  }
  if (!memory.contains(desc.address, desc.length)) {
    return MakeError(where + "'s indirect table lies outside guest RAM");
  }
  return Table{desc.address, entries, true};
}

}  // namespace

Result<DescriptorChain> ReadDescriptorChain(const memory::GuestMemory& memory,
                                            const DescriptorTableInfo& info, uint16_t head) {
  if (info.size == 0 || !memory.contains(info.address, uint64_t{info.size} *
                                                           ring::kDescriptorSize)) {
    return MakeError("descriptor table lies outside guest RAM");
  }
  if (head >= info.size) {
    return MakeError("chain head " + std::to_string(head) + " is outside the queue of " +
                     std::to_string(info.size));
  }
  DescriptorChain chain;
  chain.head = head;
  Table table{info.address, info.size, false};
  uint32_t index = head;
  // Every descriptor of a table may be visited at most once per chain, so a
  // walk that takes more steps than the table has entries has looped.
  uint32_t steps = 0;
  while (true) {
    if (++steps > table.entries) {
      return MakeError("chain from head " + std::to_string(head) + " visits more than " +
                       std::to_string(table.entries) + " descriptors (a loop or an overlong chain)");
    }
    const Result<Descriptor> desc = ReadDescriptor(memory, table, index);
    if (!desc) return tl::unexpected(desc.error());
    if (desc->flags & ring::kDescFlagIndirect) {
      const Result<Table> indirect = IndirectTable(memory, info, table, index, *desc);
      if (!indirect) return tl::unexpected(indirect.error());
      table = *indirect;
      index = 0;
      steps = 0;
      continue;
    }
    if (!memory.contains(desc->address, desc->length)) {
      return MakeError(Where(table, index) + " (" + std::to_string(desc->length) +
                       " bytes) lies outside guest RAM");
    }
    const GuestBuffer buffer{desc->address, desc->length};
    if (desc->flags & ring::kDescFlagWrite) {
      chain.writable.push_back(buffer);
      chain.writable_bytes += buffer.length;
    } else {
      if (!chain.writable.empty()) {
        return MakeError(Where(table, index) +
                         " is device-readable after a device-writable one (§2.7.4.2)");
      }
      chain.readable.push_back(buffer);
      chain.readable_bytes += buffer.length;
    }
    if (chain.readable_bytes > kMaxDirectionBytes || chain.writable_bytes > kMaxDirectionBytes) {
      return MakeError("chain from head " + std::to_string(head) + " holds more than 4 GiB");
    }
    if (!(desc->flags & ring::kDescFlagNext)) return chain;
    if (desc->next >= table.entries) {
      return MakeError(Where(table, index) + " links to " + std::to_string(desc->next) +
                       ", outside its table of " + std::to_string(table.entries));
    }
    index = desc->next;
  }
}

}  // namespace pvppc::virtio
