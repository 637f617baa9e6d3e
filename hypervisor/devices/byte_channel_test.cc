// The byte channel against ePAPR's SEND/RECEIVE/POLL and the way Linux's
// drivers/tty/ehv_bytechan.c uses them.
#include "hypervisor/devices/byte_channel.h"

#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <vector>

#include "hypervisor/irq/vmpic.h"

namespace pvppc::devices {
namespace {

using abi::Status;

constexpr uint32_t kRxIrq = 8;
constexpr uint32_t kTxIrq = 9;

class BufferSink final : public CharSink {
 public:
  void write(uint8_t byte) override { bytes.push_back(byte); }
  std::vector<uint8_t> bytes;
};

class RecordingLines final : public irq::InterruptSink {
 public:
  void set_line(uint32_t line, bool asserted) override {
    level[line] = asserted;
    ++changes[line];
  }
  std::map<uint32_t, bool> level;
  std::map<uint32_t, int> changes;
};

std::vector<uint8_t> Sequence(size_t n, uint8_t first = 0) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

class ByteChannelTest : public ::testing::Test {
 protected:
  BufferSink sink_;
  RecordingLines lines_;
  ByteChannel channel_{sink_, lines_, kRxIrq, kTxIrq};
};

TEST_F(ByteChannelTest, SendTakesUpToSixteenBytesAndRefusesMore) {
  uint32_t accepted = 99;
  EXPECT_EQ(channel_.send({}, accepted), Status::kSuccess);
  EXPECT_EQ(accepted, 0u);
  const std::vector<uint8_t> sixteen = Sequence(16, 'a');
  EXPECT_EQ(channel_.send(sixteen, accepted), Status::kSuccess);
  EXPECT_EQ(accepted, 16u);
  EXPECT_EQ(channel_.send(std::span(sixteen).first(3), accepted), Status::kSuccess);
  EXPECT_EQ(accepted, 3u);
  const std::vector<uint8_t> seventeen = Sequence(17);
  EXPECT_EQ(channel_.send(seventeen, accepted), Status::kInvalid);
  EXPECT_EQ(accepted, 0u);

  std::vector<uint8_t> expected = sixteen;
  expected.insert(expected.end(), sixteen.begin(), sixteen.begin() + 3);
  EXPECT_EQ(sink_.bytes, expected);
  EXPECT_EQ(channel_.bytes_transmitted(), 19u);
  EXPECT_TRUE(lines_.changes.empty());  // No tx interrupt, ever.
}

TEST_F(ByteChannelTest, PollReportsReceiveDataAndConstantTransmitSpace) {
  uint32_t rx = 99, tx = 99;
  channel_.poll(rx, tx);
  EXPECT_EQ(rx, 0u);
  EXPECT_EQ(tx, ByteChannel::kTransmitSpace);
  ASSERT_EQ(channel_.push_input(Sequence(40)), 40u);
  channel_.poll(rx, tx);
  EXPECT_EQ(rx, 40u);
  EXPECT_EQ(tx, 16u);
}

TEST_F(ByteChannelTest, ReceiveReturnsBytesInOrderWithinItsBound) {
  std::array<uint8_t, 16> out{};
  uint32_t count = 99;
  EXPECT_EQ(channel_.receive(16, out, count), Status::kSuccess);  // Empty.
  EXPECT_EQ(count, 0u);
  ASSERT_EQ(channel_.push_input(Sequence(20, 100)), 20u);
  EXPECT_EQ(channel_.receive(17, out, count), Status::kInvalid);
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(channel_.receive(0, out, count), Status::kSuccess);
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(channel_.receive(5, out, count), Status::kSuccess);
  ASSERT_EQ(count, 5u);
  for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(out[i], 100 + i);
  for (uint32_t i = 5; i < 16; ++i) EXPECT_EQ(out[i], 0u);  // Nothing stale.
  EXPECT_EQ(channel_.receive(16, out, count), Status::kSuccess);
  ASSERT_EQ(count, 15u);
  for (uint32_t i = 0; i < 15; ++i) EXPECT_EQ(out[i], 105 + i);
  EXPECT_EQ(out[15], 0u);
  EXPECT_EQ(channel_.receive(16, out, count), Status::kSuccess);
  EXPECT_EQ(count, 0u);
}

TEST_F(ByteChannelTest, RxLineIsAssertedExactlyWhileDataWaits) {
  EXPECT_FALSE(lines_.level[kRxIrq]);
  ASSERT_EQ(channel_.push_input(Sequence(18)), 18u);
  EXPECT_TRUE(lines_.level[kRxIrq]);
  ASSERT_EQ(channel_.push_input(Sequence(2)), 2u);
  std::array<uint8_t, 16> out{};
  uint32_t count = 0;
  ASSERT_EQ(channel_.receive(16, out, count), Status::kSuccess);
  EXPECT_TRUE(lines_.level[kRxIrq]);
  ASSERT_EQ(channel_.receive(16, out, count), Status::kSuccess);
  EXPECT_EQ(count, 4u);
  EXPECT_FALSE(lines_.level[kRxIrq]);
  EXPECT_EQ(lines_.changes[kRxIrq], 2);  // Driven on changes only.
  EXPECT_EQ(lines_.changes.count(kTxIrq), 0u);
}

TEST_F(ByteChannelTest, PushInputTakesOnlyWhatFitsAndKeepsOrderAcrossTheWrap) {
  EXPECT_TRUE(channel_.wants_input());
  const std::vector<uint8_t> big = Sequence(ByteChannel::kReceiveCapacity + 100);
  EXPECT_EQ(channel_.push_input(big), ByteChannel::kReceiveCapacity);
  EXPECT_FALSE(channel_.wants_input());
  EXPECT_EQ(channel_.push_input(Sequence(1)), 0u);

  std::array<uint8_t, 16> out{};
  uint32_t count = 0;
  ASSERT_EQ(channel_.receive(10, out, count), Status::kSuccess);
  EXPECT_TRUE(channel_.wants_input());
  // The host offers the rest again; 10 bytes fit, after the ring wrapped.
  EXPECT_EQ(channel_.push_input(std::span(big).subspan(ByteChannel::kReceiveCapacity)), 10u);

  std::vector<uint8_t> received(out.begin(), out.begin() + count);
  do {
    ASSERT_EQ(channel_.receive(16, out, count), Status::kSuccess);
    received.insert(received.end(), out.begin(), out.begin() + count);
  } while (count > 0);
  EXPECT_EQ(received, std::vector<uint8_t>(big.begin(), big.begin() + received.size()));
  EXPECT_EQ(received.size(), ByteChannel::kReceiveCapacity + 10);
}

TEST_F(ByteChannelTest, ResetDropsInputAndDeassertsRx) {
  ASSERT_EQ(channel_.push_input(Sequence(3)), 3u);
  channel_.reset();
  EXPECT_FALSE(lines_.level[kRxIrq]);
  uint32_t rx = 0, tx = 0;
  channel_.poll(rx, tx);
  EXPECT_EQ(rx, 0u);
}

TEST(ByteChannelWordsTest, PackPutsByteZeroInTheMostSignificantByteOfTheFirstWord) {
  const std::vector<uint8_t> bytes = Sequence(16, 1);
  EXPECT_EQ(ByteChannel::PackWords(bytes),
            (std::array<uint32_t, 4>{0x01020304, 0x05060708, 0x090A0B0C, 0x0D0E0F10}));
  const std::vector<uint8_t> five = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_EQ(ByteChannel::PackWords(five), (std::array<uint32_t, 4>{0x68656C6C, 0x6F000000, 0, 0}));
  EXPECT_EQ(ByteChannel::PackWords({}), (std::array<uint32_t, 4>{}));
  EXPECT_EQ(ByteChannel::PackWords(Sequence(20, 1)), ByteChannel::PackWords(bytes));
}

TEST(ByteChannelWordsTest, UnpackRoundTripsEveryCount) {
  const std::vector<uint8_t> bytes = Sequence(16, 0xF0);
  for (uint32_t count = 0; count <= 16; ++count) {
    const std::array<uint32_t, 4> words = ByteChannel::PackWords(std::span(bytes).first(count));
    std::array<uint8_t, 16> out;
    out.fill(0xEE);
    ASSERT_EQ(ByteChannel::UnpackWords(words, count, out), count);
    for (uint32_t i = 0; i < 16; ++i) EXPECT_EQ(out[i], i < count ? bytes[i] : 0xEE) << i;
  }
  const std::array<uint32_t, 4> words = ByteChannel::PackWords(bytes);
  std::array<uint8_t, 16> out{};
  EXPECT_EQ(ByteChannel::UnpackWords(words, 40, out), 16u);  // Clamped.
  EXPECT_EQ(ByteChannel::UnpackWords(words, 16, std::span(out).first(4)), 4u);
}

// The rx ISR of ehv_bytechan through the virtual PIC: the level line keeps
// the source pending until POLL/RECEIVE have drained the channel.
TEST(ByteChannelWithVmpicTest, RxInterruptLastsUntilTheGuestHasDrainedTheChannel) {
  class Pins final : public irq::CoreInterruptPins {
   public:
    void set_external(bool asserted) override { external = asserted; }
    void set_critical(bool) override {}
    bool external = false;
  } pins;
  irq::Vmpic pic(pins);
  BufferSink sink;
  ByteChannel channel(sink, pic, kRxIrq, kTxIrq);
  // Device tree specifier <8 3>: level high, priority 8, then request_irq.
  ASSERT_EQ(pic.set_config(kRxIrq, 3, 8, 1), Status::kSuccess);
  ASSERT_EQ(pic.set_mask(kRxIrq, 0), Status::kSuccess);
  ASSERT_EQ(pic.set_config(kTxIrq, 3, 8, 1), Status::kSuccess);
  ASSERT_EQ(pic.set_mask(kTxIrq, 0), Status::kSuccess);
  EXPECT_FALSE(pins.external);  // tx never interrupts.

  ASSERT_EQ(channel.push_input(Sequence(20)), 20u);
  EXPECT_TRUE(pins.external);
  ASSERT_EQ(pic.iack(), kRxIrq);
  std::array<uint8_t, 16> out{};
  uint32_t count = 0;
  ASSERT_EQ(channel.receive(16, out, count), Status::kSuccess);  // Part only.
  ASSERT_EQ(pic.eoi(kRxIrq), Status::kSuccess);
  EXPECT_TRUE(pins.external);
  ASSERT_EQ(pic.iack(), kRxIrq);
  uint32_t rx = 0, tx = 0;
  channel.poll(rx, tx);
  ASSERT_EQ(channel.receive(rx, out, count), Status::kSuccess);
  EXPECT_EQ(count, 4u);
  ASSERT_EQ(pic.eoi(kRxIrq), Status::kSuccess);
  EXPECT_FALSE(pins.external);
}

}  // namespace
}  // namespace pvppc::devices
