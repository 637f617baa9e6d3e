// The 16550 model against the PC16550D register descriptions and the
// sequences Linux's 8250 driver performs.
#include "hypervisor/devices/uart16550.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pvppc::devices {
namespace {

constexpr uint64_t RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3,
                   MCR = 4, LSR = 5, MSR = 6, SCR = 7;
constexpr uint32_t kLine = 3;

class StringSink final : public CharSink {
 public:
  void write(uint8_t byte) override { text.push_back(static_cast<char>(byte)); }
  std::string text;
};

class LineRecorder final : public irq::InterruptSink {
 public:
  void set_line(uint32_t line, bool asserted) override {
    EXPECT_EQ(line, kLine);
    level = asserted;
    ++changes;
  }
  bool level = false;
  int changes = 0;
};

class UartTest : public ::testing::Test {
 protected:
  uint8_t Read(uint64_t offset) {
    uint32_t value = 0xFFFF;
    EXPECT_TRUE(uart_.read(offset, 1, value));
    EXPECT_LE(value, 0xFFu);
    return static_cast<uint8_t>(value);
  }
  void Write(uint64_t offset, uint8_t value) { EXPECT_TRUE(uart_.write(offset, 1, value)); }
  size_t Receive(std::string_view text) {
    return uart_.receive(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }

  StringSink sink_;
  LineRecorder line_;
  Uart16550 uart_{"uart0", sink_, line_, kLine};
};

TEST_F(UartTest, ResetStateMatchesTheDatasheet) {
  EXPECT_EQ(uart_.name(), "uart0");
  EXPECT_EQ(Read(IER), 0x00);
  EXPECT_EQ(Read(IIR), 0x01);
  EXPECT_EQ(Read(LCR), 0x00);
  EXPECT_EQ(Read(MCR), 0x00);
  EXPECT_EQ(Read(LSR), 0x60);  // THRE | TEMT
  EXPECT_EQ(Read(MSR), 0xB0);  // DCD | DSR | CTS: a connected line
  EXPECT_FALSE(line_.level);
  EXPECT_EQ(line_.changes, 0);
}

TEST_F(UartTest, TransmitsBytesAndCountsThem) {
  for (char c : std::string("hi\n")) Write(THR, static_cast<uint8_t>(c));
  EXPECT_EQ(sink_.text, "hi\n");
  EXPECT_EQ(uart_.bytes_transmitted(), 3u);
  EXPECT_EQ(Read(LSR) & 0x60, 0x60);
}

TEST_F(UartTest, DivisorLatchSharesOffsetsZeroAndOne) {
  Write(IER, 0x05);
  Write(LCR, 0x83);  // DLAB, 8 bits
  Write(DLL, 0x06);
  Write(DLM, 0x01);
  EXPECT_EQ(Read(DLL), 0x06);
  EXPECT_EQ(Read(DLM), 0x01);
  EXPECT_EQ(uart_.divisor(), 0x0106);
  EXPECT_TRUE(sink_.text.empty());  // The DLL write did not transmit.
  Write(LCR, 0x03);
  EXPECT_EQ(Read(IER), 0x05);
  EXPECT_EQ(Read(LCR), 0x03);
}

TEST_F(UartTest, ScratchRegisterHoldsAnyByte) {
  Write(SCR, 0xA5);
  EXPECT_EQ(Read(SCR), 0xA5);
  Write(SCR, 0x5A);
  EXPECT_EQ(Read(SCR), 0x5A);
}

TEST_F(UartTest, InterruptEnableKeepsItsLowNibble) {
  // 8250 autoconfig's existence test: IER 0 reads 0, 0x0F reads 0x0F.
  Write(IER, 0xFF);
  EXPECT_EQ(Read(IER), 0x0F);
}

TEST_F(UartTest, OnlyByteAccessesInsideTheWindowAreDecoded) {
  uint32_t value = 0;
  EXPECT_FALSE(uart_.read(0, 2, value));
  EXPECT_FALSE(uart_.read(0, 4, value));
  EXPECT_FALSE(uart_.write(4, 4, 0));
  EXPECT_FALSE(uart_.read(8, 1, value));
  EXPECT_FALSE(uart_.write(8, 1, 0));
  EXPECT_TRUE(sink_.text.empty());
}

TEST_F(UartTest, ReceivedBytesSetDataReadyInOrder) {
  EXPECT_EQ(Receive("ab"), 1u);  // FIFOs off: one holding register.
  EXPECT_EQ(Read(LSR) & 0x01, 0x01);
  EXPECT_EQ(Read(RBR), 'a');
  EXPECT_EQ(Read(LSR) & 0x01, 0x00);
  EXPECT_EQ(Read(RBR), 0x00);  // Nothing left.
  EXPECT_EQ(Receive("b"), 1u);
  EXPECT_EQ(Read(RBR), 'b');
}

TEST_F(UartTest, FifoHoldsSixteenAndTheRestStaysWithTheHost) {
  Write(FCR, 0x01);
  const std::string input = "0123456789abcdefXYZ";
  EXPECT_EQ(Receive(input), 16u);
  EXPECT_FALSE(uart_.wants_input());
  EXPECT_EQ(Receive("XYZ"), 0u);
  EXPECT_EQ(Read(LSR) & 0x02, 0x00);  // No overrun: nothing was lost.

  EXPECT_EQ(Read(RBR), '0');
  EXPECT_TRUE(uart_.wants_input());
  EXPECT_EQ(Receive("XYZ"), 1u);
  std::string drained;
  while (Read(LSR) & 0x01) drained.push_back(static_cast<char>(Read(RBR)));
  EXPECT_EQ(drained, "123456789abcdefX");
}

TEST_F(UartTest, FifoControlClearsAndModeChangesEmptyTheFifo) {
  Write(FCR, 0x01);
  EXPECT_EQ(Receive("abc"), 3u);
  Write(FCR, 0x03);  // Clear receive FIFO.
  EXPECT_EQ(Read(LSR) & 0x01, 0x00);
  EXPECT_EQ(Receive("abc"), 3u);
  Write(FCR, 0x00);  // Back to 16450 mode.
  EXPECT_EQ(Read(LSR) & 0x01, 0x00);
  EXPECT_EQ(Read(IIR) & 0xC0, 0x00);
  Write(FCR, 0xC1);
  EXPECT_EQ(Read(IIR) & 0xC0, 0xC0);
}

TEST_F(UartTest, ReceiveInterruptReportsTimeoutBelowTheTriggerLevel) {
  Write(FCR, 0x81);  // FIFO, trigger level 8
  Write(IER, 0x01);
  EXPECT_FALSE(line_.level);
  EXPECT_EQ(Receive("1234"), 4u);
  EXPECT_TRUE(line_.level);
  EXPECT_EQ(Read(IIR), 0xCC);  // Character timeout
  EXPECT_EQ(Receive("5678"), 4u);
  EXPECT_EQ(Read(IIR), 0xC4);  // Received data available
  while (Read(LSR) & 0x01) (void)Read(RBR);
  EXPECT_EQ(Read(IIR), 0xC1);
  EXPECT_FALSE(line_.level);
}

TEST_F(UartTest, TransmitEmptyInterruptFollowsTheLinuxStartupTest) {
  // serial8250_do_startup: enable THRI, read IIR, disable, enable, read IIR.
  Write(IER, 0x02);
  EXPECT_TRUE(line_.level);
  EXPECT_EQ(Read(IIR), 0x02);
  EXPECT_FALSE(line_.level);  // Reading IIR cleared it...
  EXPECT_EQ(Read(IIR), 0x01);
  Write(IER, 0x00);
  Write(IER, 0x02);  // ...and re-enabling re-arms it.
  EXPECT_EQ(Read(IIR), 0x02);
  // Rewriting the same enable is not a new 0 -> 1 transition.
  Write(IER, 0x02);
  EXPECT_EQ(Read(IIR), 0x01);
}

TEST_F(UartTest, WritingThrReArmsTransmitEmpty) {
  Write(IER, 0x02);
  EXPECT_EQ(Read(IIR), 0x02);
  Write(THR, 'x');  // Sent at once: THR is empty again.
  EXPECT_TRUE(line_.level);
  EXPECT_EQ(Read(IIR), 0x02);
  Write(IER, 0x00);  // Linux's __stop_tx
  Write(THR, 'y');
  EXPECT_FALSE(line_.level);
  EXPECT_EQ(sink_.text, "xy");
}

TEST_F(UartTest, InterruptPrioritiesAndLineLevel) {
  Write(MCR, 0x10);  // Loopback, for an overrun and modem status changes.
  Write(FCR, 0x01);
  (void)Read(MSR);  // Drop the changes entering loopback made.
  for (int i = 0; i < 17; ++i) Write(THR, static_cast<uint8_t>('a' + i));
  Write(MCR, 0x12);  // RTS -> CTS: a modem status change.
  Write(IER, 0x0F);

  EXPECT_EQ(Read(IIR), 0xC6);  // Line status first
  EXPECT_EQ(Read(LSR) & 0x03, 0x03);  // OE and DR; reading clears OE
  EXPECT_EQ(Read(IIR), 0xC4);  // then received data (trigger level 1)
  while (Read(LSR) & 0x01) (void)Read(RBR);
  EXPECT_EQ(Read(IIR), 0xC2);  // then THR empty, cleared by this read
  EXPECT_EQ(Read(IIR), 0xC0);  // then modem status
  EXPECT_TRUE(line_.level);
  EXPECT_EQ(Read(MSR), 0x11);  // CTS and its change bit
  EXPECT_EQ(Read(IIR), 0xC1);
  EXPECT_FALSE(line_.level);
}

TEST_F(UartTest, LoopbackFeedsTheReceiverAndModemInputs) {
  // 8250 autoconfig: MCR = LOOP | OUT2 | RTS must read MSR status 0x90.
  Write(MCR, 0x1A);
  EXPECT_EQ(Read(MSR) & 0xF0, 0x90);
  EXPECT_FALSE(uart_.wants_input());  // The serial input is disconnected.
  EXPECT_EQ(Receive("z"), 0u);
  Write(THR, 'q');
  EXPECT_EQ(Read(RBR), 'q');
  EXPECT_EQ(uart_.bytes_transmitted(), 0u);
  EXPECT_TRUE(sink_.text.empty());

  Write(MCR, 0x14);  // OUT1 -> RI
  (void)Read(MSR);
  Write(MCR, 0x10);  // RI trailing edge
  EXPECT_EQ(Read(MSR) & 0x0F, 0x04);
  Write(MCR, 0x00);
  EXPECT_TRUE(uart_.wants_input());
}

TEST_F(UartTest, ResetDropsStateButKeepsTheDivisor) {
  Write(LCR, 0x80);
  Write(DLL, 12);
  Write(LCR, 0x03);
  Write(IER, 0x02);
  EXPECT_TRUE(line_.level);
  uart_.reset();
  EXPECT_FALSE(line_.level);
  EXPECT_EQ(Read(IER), 0x00);
  EXPECT_EQ(Read(LCR), 0x00);
  EXPECT_EQ(uart_.divisor(), 12);
}

}  // namespace
}  // namespace pvppc::devices
