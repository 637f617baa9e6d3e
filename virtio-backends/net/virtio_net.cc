#include "virtio-backends/net/virtio_net.h"

#include <vector>

#include "hypervisor/virtio/chain_io.h"
#include "hypervisor/virtio/guest_le.h"
#include "hypervisor/virtio/virtio_constants.h"
#include "virtio-backends/net/net_protocol.h"

namespace pvppc::backends::net {

using virtio::DescriptorChain;

VirtioNet::VirtioNet(std::string name, MacAddress mac, NetBackend& backend)
    : name_(std::move(name)), mac_(mac), backend_(backend) {}

uint32_t VirtioNet::device_id() const { return virtio::device_id::kNet; }

uint64_t VirtioNet::device_features() const { return kFeatureMac | kFeatureStatus; }

uint32_t VirtioNet::config_size() const { return kConfigBytes; }

void VirtioNet::read_config(uint32_t offset, std::span<std::byte> out) const {
  std::array<std::byte, kConfigBytes> image{};
  for (size_t i = 0; i < mac_.size(); ++i) image[kConfigMac + i] = std::byte{mac_[i]};
  virtio::StoreLe<uint16_t>(std::span(image).subspan(kConfigStatus), kStatusLinkUp);
  for (size_t i = 0; i < out.size() && offset + i < image.size(); ++i) out[i] = image[offset + i];
}

Status VirtioNet::activate(const virtio::ActiveDevice& active) {
  active_.emplace(active);
  return {};
}

void VirtioNet::stop(std::string reason) {
  virtio::DeviceEvents& events = active_->events;
  active_.reset();
  events.needs_reset(name_ + ": " + reason);
}

void VirtioNet::queue_notified(uint32_t index) {
  if (!active_) return;
  // New receive buffers need nothing now: deliver() takes them when frames
  // arrive.
  if (index == kTransmitQueue) transmit();
}

void VirtioNet::transmit() {
  virtio::Virtqueue& queue = active_->queues[kTransmitQueue];
  bool completed_any = false;
  std::vector<std::byte> frame;
  while (true) {
    Result<std::optional<DescriptorChain>> popped = queue.pop();
    if (!popped) return stop(popped.error().message);
    if (!*popped) break;
    const DescriptorChain& chain = **popped;
    virtio::ChainReader reader(active_->memory, chain.readable);
    if (!reader.skip(kHeaderBytes) || reader.remaining() > kMaxFrameBytes ||
        reader.remaining() == 0) {
      ++frames_dropped_;
    } else {
      frame.resize(reader.remaining());
      if (reader.read(frame) && backend_.send(frame)) {
        ++frames_sent_;
      } else {
        ++frames_dropped_;
      }
    }
    if (!queue.push_used(chain.head, 0)) return stop("cannot complete a transmit buffer");
    completed_any = true;
  }
  if (completed_any) active_->events.used_buffers(queue);
}

bool VirtioNet::deliver(std::span<const std::byte> frame) {
  if (!active_) return false;
  virtio::Virtqueue& queue = active_->queues[kReceiveQueue];
  Result<std::optional<DescriptorChain>> popped = queue.pop();
  if (!popped) {
    stop(popped.error().message);
    return false;
  }
  if (!*popped) return false;
  const DescriptorChain& chain = **popped;
  uint32_t written = 0;
  if (frame.size() <= kMaxFrameBytes && chain.writable_bytes >= kHeaderBytes + frame.size()) {
    std::array<std::byte, kHeaderBytes> header{};
    virtio::StoreLe<uint16_t>(std::span(header).subspan(kHeaderNumBuffers), 1);
    virtio::ChainWriter writer(active_->memory, chain.writable);
    if (writer.write(header) && writer.write(frame)) {
      written = static_cast<uint32_t>(writer.consumed());
      ++frames_received_;
    }
  }
  if (written == 0) ++frames_dropped_;
  if (!queue.push_used(chain.head, written)) {
    stop("cannot complete a receive buffer");
    return false;
  }
  active_->events.used_buffers(queue);
  return true;
}

}  // namespace pvppc::backends::net
