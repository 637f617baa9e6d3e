// An NS16550A-compatible UART, as the 440EP's on-chip UART0 at
// platform::kUart0Base: eight byte-wide registers, register shift 0
// (National Semiconductor PC16550D datasheet; PPC440EP UM, "Serial Port").
//
// The model has no character clock. A byte written to THR leaves at once, so
// THR, the transmit FIFO and the shift register are always empty (LSR THRE
// and TEMT stay set), and the receive timeout that a real UART signals after
// four idle character times is due as soon as the receive FIFO holds fewer
// bytes than the trigger level.
//
// Host input never overruns: receive() takes only what fits the receive
// FIFO (16 bytes, or the 1-byte holding register with FIFOs off) and the
// host keeps the rest until wants_input() says there is room again. Only
// loopback mode, where the guest feeds its own receiver, can overrun.
//
// Accesses other than 1 byte wide are not decoded (read/write return false,
// a machine check for the guest): the UART sits on an 8-bit slice of the OPB
// and Linux's of_serial driver, without reg-io-width, uses byte accesses only.
//
// Everything runs on the vCPU thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>

#include "hypervisor/devices/mmio_device.h"
#include "hypervisor/irq/interrupt_sink.h"

namespace pvppc::devices {

// Where transmitted bytes go (a host terminal, a log file, a test buffer).
class CharSink {
 public:
  virtual ~CharSink() = default;
  virtual void write(uint8_t byte) = 0;
};

class Uart16550 final : public MmioDevice {
 public:
  static constexpr size_t kFifoDepth = 16;
  static constexpr uint64_t kRegisterCount = 8;

  // `output` and `interrupt` must outlive the UART. The interrupt line is
  // level-sensitive and active-high: asserted while IIR reports an interrupt.
  Uart16550(std::string name, CharSink& output, irq::InterruptSink& interrupt,
            uint32_t interrupt_line);

  std::string_view name() const override { return name_; }
  [[nodiscard]] bool read(uint64_t offset, uint32_t size, uint32_t& value) override;
  [[nodiscard]] bool write(uint64_t offset, uint32_t size, uint32_t value) override;

  // Host side. Queues as many leading bytes as the receive FIFO has room for
  // and returns how many it took.
  [[nodiscard]] size_t receive(std::span<const uint8_t> bytes);
  // Whether receive() would take at least one byte now.
  bool wants_input() const { return receive_space() > 0; }

  // Bytes handed to the CharSink since construction (loopback excluded).
  uint64_t bytes_transmitted() const { return bytes_transmitted_; }
  // The baud-rate divisor the guest programmed (DLM:DLL).
  uint16_t divisor() const { return divisor_; }

  // The registers' reset values (PC16550D, "UART Reset Configuration"); the
  // divisor latch is not affected by reset.
  void reset();

 private:
  uint8_t read_register(uint64_t offset);
  void write_register(uint64_t offset, uint8_t value);

  uint8_t read_receive_buffer();
  uint8_t read_interrupt_identification();
  uint8_t read_line_status();
  uint8_t read_modem_status();
  void write_transmit_holding(uint8_t byte);
  void write_interrupt_enable(uint8_t value);
  void write_fifo_control(uint8_t value);
  void write_modem_control(uint8_t value);

  bool fifos_enabled() const;
  bool loopback() const;
  size_t receive_capacity() const;
  size_t receive_space() const;
  size_t receive_trigger_level() const;
  // IIR bits 3:0 for the highest-priority pending interrupt.
  uint8_t pending_interrupt() const;
  // CTS, DSR, RI, DCD in MSR bits 4-7: looped back from MCR in loopback
  // mode, otherwise a connected line (CTS, DSR, DCD asserted, no ring).
  uint8_t modem_inputs() const;
  void update_modem_inputs(uint8_t previous);
  void update_interrupt();

  std::string name_;
  CharSink& output_;
  irq::InterruptSink& interrupt_;
  uint32_t interrupt_line_;

  std::deque<uint8_t> receive_fifo_;
  uint16_t divisor_ = 0;
  uint8_t interrupt_enable_ = 0;
  uint8_t fifo_control_ = 0;
  uint8_t line_control_ = 0;
  uint8_t modem_control_ = 0;
  uint8_t scratch_ = 0;
  bool overrun_ = false;
  // The THRE interrupt: set when THR becomes empty or when ETBEI is turned
  // on with THR empty, cleared by reading IIR while it is the source or by
  // writing THR.
  bool transmit_empty_pending_ = false;
  uint8_t modem_status_deltas_ = 0;
  bool interrupt_asserted_ = false;
  uint64_t bytes_transmitted_ = 0;
};

}  // namespace pvppc::devices
