// The ePAPR byte channel behind handle 0: the paravirtualized machine's
// console (ePAPR 1.1, "Byte Channel": BYTE_CHANNEL_SEND, _RECEIVE, _POLL).
// The guest driver is Linux's drivers/tty/ehv_bytechan.c (console, tty and
// the udbg early console); the hypercall layer checks the handle and moves
// registers, this class holds the channel.
//
// Transmit never pushes back: SEND hands every byte to the CharSink at once
// and never returns EAGAIN, so there is no transmit queue to report or drain.
// That decides the transmit interrupt. ehv_bytechan enables its tx interrupt
// only while its own 2 KiB buffer holds bytes a SEND refused (EAGAIN), and
// its tx ISR just retries the SEND; it disables the interrupt again as soon
// as the buffer is empty, which with this channel is after every write. The
// tx line is therefore never asserted: a level "space available" line would
// cost the guest an interrupt (and a lazy-disable mask) after request_irq
// for nothing, and a pulse has nobody waiting for it.
//
// Receive is a bounded buffer that the host fills with push_input() and the
// guest drains 16 bytes per RECEIVE. The rx line is level-sensitive and
// active-high, asserted exactly while the buffer holds data: ehv_bytechan's
// rx ISR reads what POLL reports and returns, and its throttle/unthrottle
// rely on an interrupt arriving at once when rx is re-enabled with data
// waiting ("If there is any data in the queue when the RX interrupt is
// enabled, we'll immediately get an RX interrupt"), which a level line gives.
// The device tree therefore describes rx (and tx) as level high.
//
// Registers: SEND takes the count in r4 and the bytes in r5..r8; RECEIVE
// returns the count in r4 and the bytes in r5..r8 — byte 0 is the most
// significant byte of r5 (ev_byte_channel_send/_receive in Linux's
// asm/epapr_hcalls.h load and store the 16-byte buffer as four big-endian
// words). PackWords/UnpackWords convert.
//
// Everything runs on the vCPU thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "hypervisor/devices/uart16550.h"
#include "hypervisor/irq/interrupt_sink.h"
#include "pv-abi/pvppc_abi.hpp"

namespace pvppc::devices {

class ByteChannel {
 public:
  static constexpr uint32_t kMaxBytes = PVPPC_BYTE_CHANNEL_MAX_BYTES;
  static constexpr size_t kReceiveCapacity = 4096;
  // POLL's free transmit space. Nothing in Linux reads it (the rx ISR
  // ignores it, udbg_init_ehv_bc only tests POLL's status); one full SEND
  // is what a guest may rely on fitting, and it fits on every call.
  static constexpr uint32_t kTransmitSpace = kMaxBytes;

  // `output` and `pic` must outlive the channel. Both lines start, and the
  // tx line stays, deasserted.
  ByteChannel(CharSink& output, irq::InterruptSink& pic, uint32_t rx_irq, uint32_t tx_irq);

  // BYTE_CHANNEL_SEND: more than kMaxBytes is EINVAL (accepted = 0);
  // otherwise every byte is taken.
  abi::Status send(std::span<const uint8_t> bytes, uint32_t& accepted);
  // BYTE_CHANNEL_RECEIVE: up to max_count bytes, oldest first; max_count
  // above kMaxBytes is EINVAL. An empty channel is success with count 0.
  // Bytes of `out` past `count` are zero, so nothing stale reaches the
  // guest's registers.
  abi::Status receive(uint32_t max_count, std::array<uint8_t, kMaxBytes>& out, uint32_t& count);
  // BYTE_CHANNEL_POLL (always succeeds).
  void poll(uint32_t& rx_available, uint32_t& tx_space) const;

  // Host side. Queues as many leading bytes as the receive buffer has room
  // for and returns how many it took; the host keeps the rest until
  // wants_input() says there is room again.
  [[nodiscard]] size_t push_input(std::span<const uint8_t> bytes);
  bool wants_input() const { return receive_size_ < kReceiveCapacity; }

  // Drops buffered input (a guest reboot); the byte count is kept.
  void reset();

  // Bytes handed to the CharSink since construction.
  uint64_t bytes_transmitted() const { return bytes_transmitted_; }
  uint32_t rx_irq() const { return rx_irq_; }
  uint32_t tx_irq() const { return tx_irq_; }

  // The SEND/RECEIVE register words for up to kMaxBytes bytes (more are
  // ignored); bytes past the end are zero.
  static std::array<uint32_t, 4> PackWords(std::span<const uint8_t> bytes);
  // The first min(count, kMaxBytes, out.size()) bytes the words carry, into
  // `out`; returns how many. The hypercall layer checks count against
  // kMaxBytes first (send() refuses longer spans, and this clamps).
  static size_t UnpackWords(std::span<const uint32_t, 4> words, uint32_t count,
                            std::span<uint8_t> out);

 private:
  void update_rx_line();

  CharSink& output_;
  irq::InterruptSink& pic_;
  uint32_t rx_irq_;
  uint32_t tx_irq_;

  // A ring: receive_size_ bytes from receive_head_, wrapping.
  std::array<uint8_t, kReceiveCapacity> receive_buffer_{};
  size_t receive_head_ = 0;
  size_t receive_size_ = 0;
  bool rx_asserted_ = false;
  uint64_t bytes_transmitted_ = 0;
};

}  // namespace pvppc::devices
