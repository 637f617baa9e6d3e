#include "hypervisor/devices/byte_channel.h"

#include <algorithm>

namespace pvppc::devices {

ByteChannel::ByteChannel(CharSink& output, irq::InterruptSink& pic, uint32_t rx_irq,
                         uint32_t tx_irq)
    : output_(output), pic_(pic), rx_irq_(rx_irq), tx_irq_(tx_irq) {}

abi::Status ByteChannel::send(std::span<const uint8_t> bytes, uint32_t& accepted) {
  accepted = 0;
  if (bytes.size() > kMaxBytes) return abi::Status::kInvalid;
  for (uint8_t byte : bytes) output_.write(byte);
  accepted = static_cast<uint32_t>(bytes.size());
  bytes_transmitted_ += bytes.size();
  return abi::Status::kSuccess;
}

abi::Status ByteChannel::receive(uint32_t max_count, std::array<uint8_t, kMaxBytes>& out,
                                 uint32_t& count) {
  out.fill(0);
  count = 0;
  if (max_count > kMaxBytes) return abi::Status::kInvalid;
  const size_t taken = std::min<size_t>(max_count, receive_size_);
  for (size_t i = 0; i < taken; ++i) {
    out[i] = receive_buffer_[(receive_head_ + i) % kReceiveCapacity];
  }
  receive_head_ = (receive_head_ + taken) % kReceiveCapacity;
  receive_size_ -= taken;
  count = static_cast<uint32_t>(taken);
  update_rx_line();
  return abi::Status::kSuccess;
}

void ByteChannel::poll(uint32_t& rx_available, uint32_t& tx_space) const {
  rx_available = static_cast<uint32_t>(receive_size_);
  tx_space = kTransmitSpace;
}

size_t ByteChannel::push_input(std::span<const uint8_t> bytes) {
  const size_t taken = std::min(bytes.size(), kReceiveCapacity - receive_size_);
  for (size_t i = 0; i < taken; ++i) {
    receive_buffer_[(receive_head_ + receive_size_ + i) % kReceiveCapacity] = bytes[i];
  }
  receive_size_ += taken;
  update_rx_line();
  return taken;
}

void ByteChannel::reset() {
  receive_head_ = 0;
  receive_size_ = 0;
  update_rx_line();
}

void ByteChannel::update_rx_line() {
  const bool asserted = receive_size_ > 0;
  // Drive changes only: the PIC sees one call per level change, not one per
  // RECEIVE.
  if (asserted == rx_asserted_) return;
  rx_asserted_ = asserted;
  pic_.set_line(rx_irq_, asserted);
}

std::array<uint32_t, 4> ByteChannel::PackWords(std::span<const uint8_t> bytes) {
  std::array<uint32_t, 4> words{};
  const size_t n = std::min<size_t>(bytes.size(), kMaxBytes);
  for (size_t i = 0; i < n; ++i) {
    words[i / 4] |= uint32_t{bytes[i]} << (24 - 8 * (i % 4));
  }
  return words;
}

size_t ByteChannel::UnpackWords(std::span<const uint32_t, 4> words, uint32_t count,
                                std::span<uint8_t> out) {
  const size_t n = std::min({size_t{count}, size_t{kMaxBytes}, out.size()});
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<uint8_t>(words[i / 4] >> (24 - 8 * (i % 4)));
  }
  return n;
}

}  // namespace pvppc::devices
