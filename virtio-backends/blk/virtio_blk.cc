#include "virtio-backends/blk/virtio_blk.h"

#include <array>

#include "hypervisor/virtio/chain_io.h"
#include "hypervisor/virtio/guest_le.h"
#include "hypervisor/virtio/virtio_constants.h"
#include "virtio-backends/blk/blk_protocol.h"

namespace pvppc::backends::blk {

using virtio::ChainReader;
using virtio::ChainWriter;
using virtio::DescriptorChain;

VirtioBlk::VirtioBlk(std::string name, BlockStorage& storage)
    : name_(std::move(name)), storage_(storage) {}

uint32_t VirtioBlk::device_id() const { return virtio::device_id::kBlock; }

uint64_t VirtioBlk::device_features() const {
  return kFeatureSegMax | kFeatureFlush | (storage_.read_only() ? kFeatureReadOnly : 0);
}

uint32_t VirtioBlk::config_size() const { return kConfigBytes; }

void VirtioBlk::read_config(uint32_t offset, std::span<std::byte> out) const {
  std::array<std::byte, kConfigBytes> image{};
  virtio::StoreLe<uint64_t>(std::span(image).subspan(kConfigCapacity), capacity_sectors());
  // Header and status take two descriptors of a chain (§5.2.4: seg_max).
  virtio::StoreLe<uint32_t>(std::span(image).subspan(kConfigSegMax), kQueueSize - 2);
  virtio::StoreLe<uint32_t>(std::span(image).subspan(kConfigBlkSize), kSectorSize);
  for (size_t i = 0; i < out.size() && offset + i < image.size(); ++i) out[i] = image[offset + i];
}

// Nothing in the offered configuration is writable (no CONFIG_WCE).
void VirtioBlk::write_config(uint32_t, std::span<const std::byte>) {}

Status VirtioBlk::activate(const virtio::ActiveDevice& active) {
  active_.emplace(active);
  return {};
}

void VirtioBlk::stop(std::string reason) {
  virtio::DeviceEvents& events = active_->events;
  active_.reset();
  events.needs_reset(name_ + ": " + reason);
}

void VirtioBlk::queue_notified(uint32_t index) {
  if (!active_ || index != 0) return;
  virtio::Virtqueue& queue = active_->queues[0];
  bool completed_any = false;
  while (true) {
    Result<std::optional<DescriptorChain>> popped = queue.pop();
    if (!popped) return stop(popped.error().message);
    if (!*popped) break;
    const DescriptorChain& chain = **popped;
    const std::optional<uint64_t> status_address = virtio::LastWritableByte(chain.writable);
    if (!status_address) return stop("request " + std::to_string(chain.head) + " has no status byte");
    const Completion done = execute(chain, chain.writable_bytes - 1);
    const std::byte status[1] = {std::byte{done.status}};
    if (!active_->memory.write(*status_address, status) ||
        !queue.push_used(chain.head, done.data_written + 1)) {
      return stop("cannot complete request " + std::to_string(chain.head));
    }
    ++requests_completed_;
    completed_any = true;
  }
  if (completed_any) active_->events.used_buffers(queue);
}

VirtioBlk::Completion VirtioBlk::execute(const DescriptorChain& chain, uint64_t data_out_bytes) {
  std::array<std::byte, kRequestHeaderBytes> header;
  ChainReader reader(active_->memory, chain.readable);
  if (!reader.read(header)) return {kStatusIoError, 0};
  const uint32_t type = virtio::LoadLe<uint32_t>(std::span(header).subspan(0, 4));
  const uint64_t sector = virtio::LoadLe<uint64_t>(std::span(header).subspan(8, 8));
  switch (type) {
    case kRequestIn: return transfer(chain, true, sector, data_out_bytes);
    case kRequestOut: return transfer(chain, false, sector, reader.remaining());
    case kRequestFlush:
      // The status goes back only after the data is on stable storage.
      return {storage_.flush() ? kStatusOk : kStatusIoError, 0};
    case kRequestGetId: return get_id(chain, data_out_bytes);
    default: return {kStatusUnsupported, 0};
  }
}

VirtioBlk::Completion VirtioBlk::transfer(const DescriptorChain& chain, bool in, uint64_t sector,
                                          uint64_t data_bytes) {
  if (!in && storage_.read_only()) return {kStatusIoError, 0};
  if (data_bytes == 0 || data_bytes % kSectorSize != 0) return {kStatusIoError, 0};
  const uint64_t capacity = capacity_sectors();
  // Overflow-safe form of sector + data_bytes / 512 <= capacity.
  if (sector > capacity || data_bytes / kSectorSize > capacity - sector) {
    return {kStatusIoError, 0};
  }
  memory::GuestMemory& memory = active_->memory;
  const virtio::HostSegments segments =
      in ? virtio::MapHostSegments(memory, chain.writable, 0, data_bytes)
         : virtio::MapHostSegments(memory, chain.readable, kRequestHeaderBytes, data_bytes);
  if (!segments.ok) return {kStatusIoError, 0};
  const uint64_t offset = sector * kSectorSize;
  if (!in) return {storage_.write(segments.iovecs, offset) ? kStatusOk : kStatusIoError, 0};
  const Status read = storage_.read(segments.iovecs, offset);
  // Decoded guest code in the buffers must not go stale (GuestMemory).
  uint64_t left = data_bytes;
  for (const virtio::GuestBuffer& buffer : chain.writable) {
    if (left == 0) break;
    const uint64_t length = std::min<uint64_t>(left, buffer.length);
    memory.notify_host_write(buffer.address, length);
    left -= length;
  }
  if (!read) return {kStatusIoError, 0};
  return {kStatusOk, static_cast<uint32_t>(data_bytes)};
}

VirtioBlk::Completion VirtioBlk::get_id(const DescriptorChain& chain, uint64_t data_out_bytes) {
  std::array<std::byte, kIdBytes> id{};  // NUL-padded when shorter
  const std::string text = storage_.id();
  for (size_t i = 0; i < text.size() && i < id.size(); ++i) id[i] = std::byte(text[i]);
  const size_t length = static_cast<size_t>(std::min<uint64_t>(data_out_bytes, kIdBytes));
  ChainWriter writer(active_->memory, chain.writable);
  if (!writer.write(std::span(id).first(length))) return {kStatusIoError, 0};
  return {kStatusOk, static_cast<uint32_t>(length)};
}

}  // namespace pvppc::backends::blk
