#include "hypervisor/devices/uart16550.h"

#include <algorithm>
#include <utility>

#include "hypervisor/devices/uart16550_registers.h"

namespace pvppc::devices {

namespace reg = uart16550_registers;

Uart16550::Uart16550(std::string name, CharSink& output, irq::InterruptSink& interrupt,
                     uint32_t interrupt_line)
    : name_(std::move(name)),
      output_(output),
      interrupt_(interrupt),
      interrupt_line_(interrupt_line) {}

void Uart16550::reset() {
  receive_fifo_.clear();
  interrupt_enable_ = 0;
  fifo_control_ = 0;
  line_control_ = 0;
  modem_control_ = 0;
  overrun_ = false;
  transmit_empty_pending_ = false;
  modem_status_deltas_ = 0;
  update_interrupt();
}

bool Uart16550::read(uint64_t offset, uint32_t size, uint32_t& value) {
  if (size != 1 || offset >= kRegisterCount) return false;
  value = read_register(offset);
  update_interrupt();
  return true;
}

bool Uart16550::write(uint64_t offset, uint32_t size, uint32_t value) {
  if (size != 1 || offset >= kRegisterCount) return false;
  write_register(offset, static_cast<uint8_t>(value));
  update_interrupt();
  return true;
}

size_t Uart16550::receive(std::span<const uint8_t> bytes) {
  const size_t taken = std::min(bytes.size(), receive_space());
  receive_fifo_.insert(receive_fifo_.end(), bytes.begin(), bytes.begin() + taken);
  update_interrupt();
  return taken;
}

uint8_t Uart16550::read_register(uint64_t offset) {
  const bool divisor_latch = (line_control_ & reg::kLcrDivisorLatchAccess) != 0;
  switch (offset) {
    case reg::kData:
      return divisor_latch ? static_cast<uint8_t>(divisor_) : read_receive_buffer();
    case reg::kInterruptEnable:
      return divisor_latch ? static_cast<uint8_t>(divisor_ >> 8) : interrupt_enable_;
    case reg::kInterruptId:
      return read_interrupt_identification();
    case reg::kLineControl:
      return line_control_;
    case reg::kModemControl:
      return modem_control_;
    case reg::kLineStatus:
      return read_line_status();
    case reg::kModemStatus:
      return read_modem_status();
    default:
      return scratch_;
  }
}

void Uart16550::write_register(uint64_t offset, uint8_t value) {
  const bool divisor_latch = (line_control_ & reg::kLcrDivisorLatchAccess) != 0;
  switch (offset) {
    case reg::kData:
      if (divisor_latch) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0xFF00) | value);
      } else {
        write_transmit_holding(value);
      }
      break;
    case reg::kInterruptEnable:
      if (divisor_latch) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0x00FF) | (value << 8));
      } else {
        write_interrupt_enable(value);
      }
      break;
    case reg::kInterruptId:
      write_fifo_control(value);
      break;
    case reg::kLineControl:
      line_control_ = value;
      break;
    case reg::kModemControl:
      write_modem_control(value);
      break;
    case reg::kLineStatus:
    case reg::kModemStatus:
      break;  // Status registers: writes are for factory test only; ignored.
    default:
      scratch_ = value;
      break;
  }
}

uint8_t Uart16550::read_receive_buffer() {
  // Nothing received: the model returns 0 rather than a stale character.
  if (receive_fifo_.empty()) return 0;
  const uint8_t byte = receive_fifo_.front();
  receive_fifo_.pop_front();
  return byte;
}

uint8_t Uart16550::read_interrupt_identification() {
  const uint8_t pending = pending_interrupt();
  // Reading IIR clears the THRE interrupt only when it is the one reported.
  if (pending == reg::kIirTransmitEmpty) transmit_empty_pending_ = false;
  return pending | (fifos_enabled() ? reg::kIirFifosEnabled : 0);
}

uint8_t Uart16550::read_line_status() {
  uint8_t status = reg::kLsrTransmitHoldingEmpty | reg::kLsrTransmitterEmpty;
  if (!receive_fifo_.empty()) status |= reg::kLsrDataReady;
  if (overrun_) status |= reg::kLsrOverrun;
  // Reading LSR clears the error bits and with them the line status interrupt.
  overrun_ = false;
  return status;
}

uint8_t Uart16550::read_modem_status() {
  const uint8_t status = modem_inputs() | modem_status_deltas_;
  modem_status_deltas_ = 0;  // The change bits clear on read.
  return status;
}

void Uart16550::write_transmit_holding(uint8_t byte) {
  if (loopback()) {
    // The transmitter feeds the receiver. A full receiver loses the new
    // character and reports an overrun, as the shift register's contents are
    // overwritten rather than moved into the FIFO.
    if (receive_fifo_.size() < receive_capacity()) {
      receive_fifo_.push_back(byte);
    } else {
      overrun_ = true;
    }
  } else {
    output_.write(byte);
    ++bytes_transmitted_;
  }
  // Writing THR clears the THRE interrupt; the byte moves on at once, so THR
  // is empty again and the interrupt is due again.
  transmit_empty_pending_ = true;
}

void Uart16550::write_interrupt_enable(uint8_t value) {
  const uint8_t previous = interrupt_enable_;
  interrupt_enable_ = value & reg::kIerWritable;
  // Turning ETBEI on while THR is empty raises the THRE interrupt. Linux's
  // 8250 driver relies on it (serial8250_do_startup tests that a second
  // enable re-asserts THRE, and start_tx waits for it).
  if ((interrupt_enable_ & reg::kIerTransmitEmpty) && !(previous & reg::kIerTransmitEmpty)) {
    transmit_empty_pending_ = true;
  }
}

void Uart16550::write_fifo_control(uint8_t value) {
  const bool enable = (value & reg::kFcrEnable) != 0;
  // Switching between FIFO and 16450 mode empties the FIFOs.
  if (enable != fifos_enabled()) receive_fifo_.clear();
  if (!enable) {
    // The other FCR bits are programmed only together with FCR[0] = 1.
    fifo_control_ = 0;
    return;
  }
  if (value & reg::kFcrClearReceive) receive_fifo_.clear();
  // Clearing the transmit FIFO has nothing to do: it never holds a byte.
  fifo_control_ = value & reg::kFcrKept;
}

void Uart16550::write_modem_control(uint8_t value) {
  const uint8_t previous_inputs = modem_inputs();
  modem_control_ = value & reg::kMcrWritable;
  update_modem_inputs(previous_inputs);
}

bool Uart16550::fifos_enabled() const { return (fifo_control_ & reg::kFcrEnable) != 0; }

bool Uart16550::loopback() const { return (modem_control_ & reg::kMcrLoopback) != 0; }

size_t Uart16550::receive_capacity() const { return fifos_enabled() ? kFifoDepth : 1; }

size_t Uart16550::receive_space() const {
  // In loopback the serial input is disconnected from the receiver.
  if (loopback() || receive_fifo_.size() >= receive_capacity()) return 0;
  return receive_capacity() - receive_fifo_.size();
}

size_t Uart16550::receive_trigger_level() const {
  return reg::kReceiveTriggerLevels[fifo_control_ >> 6];
}

uint8_t Uart16550::pending_interrupt() const {
  // Priority order: line status, received data (or timeout), THR empty,
  // modem status ("Interrupt Control Functions").
  if ((interrupt_enable_ & reg::kIerLineStatus) && overrun_) return reg::kIirLineStatus;
  if ((interrupt_enable_ & reg::kIerReceivedData) && !receive_fifo_.empty()) {
    // Below the trigger level a real FIFO reports a timeout after four idle
    // character times; without a character clock that time has passed.
    if (fifos_enabled() && receive_fifo_.size() < receive_trigger_level()) {
      return reg::kIirReceiveTimeout;
    }
    return reg::kIirReceivedData;
  }
  if ((interrupt_enable_ & reg::kIerTransmitEmpty) && transmit_empty_pending_) {
    return reg::kIirTransmitEmpty;
  }
  if ((interrupt_enable_ & reg::kIerModemStatus) && modem_status_deltas_ != 0) {
    return reg::kIirModemStatus;
  }
  return reg::kIirNone;
}

uint8_t Uart16550::modem_inputs() const {
  if (!loopback()) return reg::kMsrCts | reg::kMsrDsr | reg::kMsrDcd;
  // Loopback wires RTS to CTS, DTR to DSR, OUT1 to RI and OUT2 to DCD.
  uint8_t inputs = 0;
  if (modem_control_ & reg::kMcrRts) inputs |= reg::kMsrCts;
  if (modem_control_ & reg::kMcrDtr) inputs |= reg::kMsrDsr;
  if (modem_control_ & reg::kMcrOut1) inputs |= reg::kMsrRi;
  if (modem_control_ & reg::kMcrOut2) inputs |= reg::kMsrDcd;
  return inputs;
}

void Uart16550::update_modem_inputs(uint8_t previous) {
  const uint8_t current = modem_inputs();
  const uint8_t changed = previous ^ current;
  if (changed & reg::kMsrCts) modem_status_deltas_ |= reg::kMsrDeltaCts;
  if (changed & reg::kMsrDsr) modem_status_deltas_ |= reg::kMsrDeltaDsr;
  if (changed & reg::kMsrDcd) modem_status_deltas_ |= reg::kMsrDeltaDcd;
  // RI reports its trailing edge only (ring indicator going inactive).
  if ((previous & reg::kMsrRi) && !(current & reg::kMsrRi)) {
    modem_status_deltas_ |= reg::kMsrTrailingEdgeRi;
  }
}

void Uart16550::update_interrupt() {
  // The 16550's INTR output does not depend on MCR OUT2 (PC boards gate it
  // with OUT2 through external logic); here it goes to the UIC as it is.
  const bool asserted = pending_interrupt() != reg::kIirNone;
  if (asserted == interrupt_asserted_) return;
  interrupt_asserted_ = asserted;
  interrupt_.set_line(interrupt_line_, asserted);
}

}  // namespace pvppc::devices
