#include "hypervisor/virtio/testing/ring_builder.h"

#include "hypervisor/virtio/virtio_constants.h"

namespace pvppc::virtio::testing {
namespace {

uint64_t AlignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

RingBuilder::RingBuilder(TestRam& ram, uint16_t size, uint64_t base) : ram_(ram) {
  config_.size = size;
  config_.descriptor_table = AlignUp(base, ring::kDescriptorTableAlign);
  config_.available_ring = config_.descriptor_table + ring::kDescriptorSize * size;
  config_.used_ring = AlignUp(config_.available_ring + 6 + 2ull * size, ring::kUsedRingAlign);
  end_ = config_.used_ring + 6 + ring::kUsedElementSize * size;
}

void RingBuilder::write_descriptor(uint64_t table, uint16_t index, const TestBuffer& buffer,
                                   uint16_t flags, uint16_t next) {
  const uint64_t at = table + ring::kDescriptorSize * index;
  ram_.poke<uint64_t>(at, buffer.address);
  ram_.poke<uint32_t>(at + 8, buffer.length);
  ram_.poke<uint16_t>(at + 12, flags);
  ram_.poke<uint16_t>(at + 14, next);
}

void RingBuilder::set_descriptor(uint16_t index, uint64_t address, uint32_t length,
                                 uint16_t flags, uint16_t next) {
  write_descriptor(config_.descriptor_table, index, TestBuffer{address, length, false}, flags,
                   next);
}

uint16_t RingBuilder::add_chain(std::span<const TestBuffer> buffers) {
  const uint16_t head = next_free_;
  for (size_t i = 0; i < buffers.size(); ++i) {
    const uint16_t index = next_free_;
    next_free_ = static_cast<uint16_t>((next_free_ + 1) % config_.size);
    const bool last = i + 1 == buffers.size();
    const uint16_t flags = static_cast<uint16_t>((last ? 0 : ring::kDescFlagNext) |
                                                 (buffers[i].writable ? ring::kDescFlagWrite : 0));
    write_descriptor(config_.descriptor_table, index, buffers[i], flags, last ? 0 : next_free_);
  }
  return head;
}

uint16_t RingBuilder::add_indirect_chain(uint64_t table_address,
                                         std::span<const TestBuffer> buffers) {
  for (size_t i = 0; i < buffers.size(); ++i) {
    const bool last = i + 1 == buffers.size();
    const uint16_t flags = static_cast<uint16_t>((last ? 0 : ring::kDescFlagNext) |
                                                 (buffers[i].writable ? ring::kDescFlagWrite : 0));
    write_descriptor(table_address, static_cast<uint16_t>(i), buffers[i], flags,
                     last ? 0 : static_cast<uint16_t>(i + 1));
  }
  const uint16_t index = next_free_;
  next_free_ = static_cast<uint16_t>((next_free_ + 1) % config_.size);
  set_descriptor(index, table_address,
                 static_cast<uint32_t>(buffers.size() * ring::kDescriptorSize),
                 ring::kDescFlagIndirect, 0);
  return index;
}

void RingBuilder::make_available(uint16_t head) {
  ram_.poke<uint16_t>(config_.available_ring + 4 + 2ull * (available_index_ % config_.size), head);
  set_available_index(static_cast<uint16_t>(available_index_ + 1));
}

void RingBuilder::set_available_index(uint16_t index) {
  available_index_ = index;
  ram_.poke<uint16_t>(config_.available_ring + 2, index);
}

void RingBuilder::set_available_flags(uint16_t flags) {
  ram_.poke<uint16_t>(config_.available_ring, flags);
}

void RingBuilder::set_used_event(uint16_t index) {
  ram_.poke<uint16_t>(config_.available_ring + 4 + 2ull * config_.size, index);
}

uint16_t RingBuilder::used_index() const { return ram_.peek<uint16_t>(config_.used_ring + 2); }

UsedElement RingBuilder::used(uint16_t slot) const {
  const uint64_t at = config_.used_ring + 4 + ring::kUsedElementSize * (slot % config_.size);
  return UsedElement{ram_.peek<uint32_t>(at), ram_.peek<uint32_t>(at + 4)};
}

uint16_t RingBuilder::avail_event() const {
  return ram_.peek<uint16_t>(config_.used_ring + 4 + ring::kUsedElementSize * config_.size);
}

}  // namespace pvppc::virtio::testing
