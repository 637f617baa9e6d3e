// The UIC model against the register semantics of the PPC440EP UM's UIC
// chapter, driven the way Linux's arch/powerpc/sysdev/uic.c drives it.
#include "hypervisor/irq/uic.h"

#include <gtest/gtest.h>

#include <map>

#include "hypervisor/vm/platform.h"

namespace pvppc::irq {
namespace {

namespace platform = vm::platform;

constexpr uint32_t kBase = platform::kUic0DcrBase;

constexpr uint32_t Bit(uint32_t input) { return 0x8000'0000u >> input; }

class RecordingPins final : public CoreInterruptPins {
 public:
  void set_external(bool asserted) override {
    external = asserted;
    ++changes;
  }
  void set_critical(bool asserted) override {
    critical = asserted;
    ++changes;
  }
  bool external = false;
  bool critical = false;
  int changes = 0;
};

uint32_t Read(Uic& uic, uint32_t offset, uint32_t base = kBase) {
  uint32_t value = 0xDEADBEEF;
  EXPECT_TRUE(uic.read_dcr(base + offset, value));
  return value;
}

void Write(Uic& uic, uint32_t offset, uint32_t value, uint32_t base = kBase) {
  EXPECT_TRUE(uic.write_dcr(base + offset, value));
}

// Linux's uic_init_one followed by uic_set_irq_type(level high) and unmask.
void EnableLevelHigh(Uic& uic, uint32_t input) {
  Write(uic, Uic::kPolarity, Read(uic, Uic::kPolarity) | Bit(input));
  Write(uic, Uic::kTrigger, Read(uic, Uic::kTrigger) & ~Bit(input));
  Write(uic, Uic::kEnable, Read(uic, Uic::kEnable) | Bit(input));
}

class UicTest : public ::testing::Test {
 protected:
  RecordingPins pins_;
  Uic uic_{"UIC0", kBase, pins_};
};

TEST_F(UicTest, ResetStateReadsBackAndDrivesNothing) {
  EXPECT_EQ(uic_.name(), "UIC0");
  EXPECT_EQ(Read(uic_, Uic::kStatus), 0u);
  EXPECT_EQ(Read(uic_, Uic::kEnable), 0u);
  EXPECT_EQ(Read(uic_, Uic::kCritical), 0u);
  EXPECT_EQ(Read(uic_, Uic::kPolarity), 0xFFFF'FFFFu);
  EXPECT_EQ(Read(uic_, Uic::kTrigger), 0u);
  EXPECT_EQ(Read(uic_, Uic::kMaskedStatus), 0u);
  EXPECT_EQ(Read(uic_, Uic::kVector), 0u);
  EXPECT_EQ(Read(uic_, Uic::kVectorConfiguration), 0u);
  EXPECT_EQ(pins_.changes, 0);
}

TEST_F(UicTest, ProgrammableRegistersReadBackWhatWasWritten) {
  Write(uic_, Uic::kEnable, 0x1234'5678);
  Write(uic_, Uic::kCritical, 0x0F0F'0000);
  Write(uic_, Uic::kPolarity, 0xA5A5'A5A5);
  Write(uic_, Uic::kTrigger, 0x0000'FFFF);
  Write(uic_, Uic::kVectorConfiguration, 0x0001'0003);
  EXPECT_EQ(Read(uic_, Uic::kEnable), 0x1234'5678u);
  EXPECT_EQ(Read(uic_, Uic::kCritical), 0x0F0F'0000u);
  EXPECT_EQ(Read(uic_, Uic::kPolarity), 0xA5A5'A5A5u);
  EXPECT_EQ(Read(uic_, Uic::kTrigger), 0x0000'FFFFu);
  // Bit 30 of VCR is reserved.
  EXPECT_EQ(Read(uic_, Uic::kVectorConfiguration), 0x0001'0001u);
}

TEST_F(UicTest, DcrsOutsideTheBlockAreNotDecoded) {
  uint32_t value = 0;
  EXPECT_FALSE(uic_.read_dcr(kBase - 1, value));
  EXPECT_FALSE(uic_.read_dcr(kBase + Uic::kRegisterCount, value));
  EXPECT_FALSE(uic_.write_dcr(kBase + Uic::kRegisterCount, 0));
  EXPECT_FALSE(uic_.read_dcr(platform::kUic1DcrBase, value));
  EXPECT_FALSE(uic_.write_dcr(0, 0));
}

TEST_F(UicTest, LevelInputFollowsTheWireAndCannotBeClearedWhileActive) {
  EnableLevelHigh(uic_, 0);
  uic_.set_line(0, true);
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(0));
  EXPECT_EQ(Read(uic_, Uic::kMaskedStatus), Bit(0));
  EXPECT_TRUE(pins_.external);
  EXPECT_FALSE(pins_.critical);

  Write(uic_, Uic::kStatus, Bit(0));  // Linux's ack while the device still asserts.
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(0));
  EXPECT_TRUE(pins_.external);

  uic_.set_line(0, false);
  EXPECT_EQ(Read(uic_, Uic::kStatus), 0u);
  EXPECT_FALSE(pins_.external);
}

TEST_F(UicTest, EdgeInputLatchesUntilWrittenOne) {
  Write(uic_, Uic::kTrigger, Bit(5));
  Write(uic_, Uic::kEnable, Bit(5));
  uic_.set_line(5, true);
  uic_.set_line(5, false);
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(5));
  EXPECT_TRUE(pins_.external);

  Write(uic_, Uic::kStatus, 0);  // Writing 0 leaves status alone.
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(5));
  Write(uic_, Uic::kStatus, Bit(5));
  EXPECT_EQ(Read(uic_, Uic::kStatus), 0u);
  EXPECT_FALSE(pins_.external);

  // Holding the input high is not a new edge.
  uic_.set_line(5, true);
  Write(uic_, Uic::kStatus, Bit(5));
  uic_.set_line(5, true);
  EXPECT_EQ(Read(uic_, Uic::kStatus), 0u);
}

TEST_F(UicTest, PolarityZeroMakesLowActiveAndFallingEdgesCount) {
  // Input 3: level, active low. Input 4: edge, falling.
  Write(uic_, Uic::kPolarity, ~(Bit(3) | Bit(4)));
  Write(uic_, Uic::kTrigger, Bit(4));
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(3));  // Its wire idles low.
  Write(uic_, Uic::kStatus, Bit(3));
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(3));

  uic_.set_line(3, true);
  uic_.set_line(4, true);  // Rising: not the active edge.
  EXPECT_EQ(Read(uic_, Uic::kStatus), 0u);
  uic_.set_line(4, false);
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(4));
}

TEST_F(UicTest, DisabledInputsShowInStatusButNotInMaskedStatusOrOutputs) {
  uic_.set_line(7, true);
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(7));
  EXPECT_EQ(Read(uic_, Uic::kMaskedStatus), 0u);
  EXPECT_FALSE(pins_.external);

  Write(uic_, Uic::kEnable, Bit(7));
  EXPECT_TRUE(pins_.external);
  Write(uic_, Uic::kEnable, 0);  // Linux's uic_mask_irq.
  EXPECT_FALSE(pins_.external);
}

TEST_F(UicTest, CriticalRoutingDrivesTheCriticalOutputOnly) {
  Write(uic_, Uic::kCritical, Bit(9));
  Write(uic_, Uic::kEnable, Bit(9) | Bit(10));
  uic_.set_line(9, true);
  EXPECT_TRUE(pins_.critical);
  EXPECT_FALSE(pins_.external);
  uic_.set_line(10, true);
  EXPECT_TRUE(pins_.external);

  Write(uic_, Uic::kCritical, 0);  // Rerouting moves input 9 over.
  EXPECT_FALSE(pins_.critical);
  EXPECT_TRUE(pins_.external);
}

TEST_F(UicTest, OutputsAreDrivenOnlyWhenTheyChange) {
  EnableLevelHigh(uic_, 1);
  EnableLevelHigh(uic_, 2);
  uic_.set_line(1, true);
  uic_.set_line(2, true);
  uic_.set_line(1, false);
  EXPECT_EQ(pins_.changes, 1);
  uic_.set_line(2, false);
  EXPECT_EQ(pins_.changes, 2);
}

TEST_F(UicTest, StatusSetRaisesSoftwareInterruptsUntilCleared) {
  Write(uic_, Uic::kEnable, Bit(12));
  Write(uic_, Uic::kStatusSet, Bit(12));
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(12));
  EXPECT_EQ(Read(uic_, Uic::kStatusSet), Bit(12));
  EXPECT_TRUE(pins_.external);
  Write(uic_, Uic::kStatus, Bit(12));
  EXPECT_FALSE(pins_.external);
}

TEST_F(UicTest, ReadOnlyRegistersIgnoreWrites) {
  uic_.set_line(0, true);
  Write(uic_, Uic::kEnable, Bit(0));
  Write(uic_, Uic::kMaskedStatus, 0);
  Write(uic_, Uic::kVector, 0x1234);
  EXPECT_EQ(Read(uic_, Uic::kMaskedStatus), Bit(0));
  EXPECT_EQ(Read(uic_, Uic::kVector), 0u);
}

TEST_F(UicTest, VectorPointsAtTheHighestPriorityCriticalInterrupt) {
  Write(uic_, Uic::kCritical, Bit(20) | Bit(27) | Bit(2));
  Write(uic_, Uic::kEnable, Bit(20) | Bit(27) | Bit(2) | Bit(1));
  uic_.set_line(1, true);  // Non-critical: no vector for it.
  EXPECT_EQ(Read(uic_, Uic::kVector), 0u);

  // PRO = 1: input 31 highest; the example of the manual, input 27 pending,
  // gives VBA + (31 - 27) * 512.
  Write(uic_, Uic::kVectorConfiguration, 0x0010'0000 | 1);
  uic_.set_line(27, true);
  uic_.set_line(20, true);
  EXPECT_EQ(Read(uic_, Uic::kVector), 0x0010'0000u + 4 * 512);

  // PRO = 0: input 0 highest, so input 20 wins.
  Write(uic_, Uic::kVectorConfiguration, 0x0010'0000);
  EXPECT_EQ(Read(uic_, Uic::kVector), 0x0010'0000u + 20 * 512);
  uic_.set_line(2, true);
  EXPECT_EQ(Read(uic_, Uic::kVector), 0x0010'0000u + 2 * 512);
}

TEST_F(UicTest, ResetClearsProgrammingButKeepsTheWires) {
  Write(uic_, Uic::kEnable, Bit(0));
  uic_.set_line(0, true);
  EXPECT_TRUE(pins_.external);
  uic_.reset();
  EXPECT_FALSE(pins_.external);
  EXPECT_EQ(Read(uic_, Uic::kEnable), 0u);
  EXPECT_EQ(Read(uic_, Uic::kStatus), Bit(0));  // Still a high, level input.
}

TEST_F(UicTest, UnwiredLinesAreIgnored) {
  uic_.set_line(32, true);
  uic_.set_line(1000, true);
  EXPECT_EQ(Read(uic_, Uic::kStatus), 0u);
}

class RecordingSink final : public InterruptSink {
 public:
  void set_line(uint32_t line, bool asserted) override { lines[line] = asserted; }
  std::map<uint32_t, bool> lines;
};

TEST(UicCascadeTest, MapsOutputsOntoTheParentInputs) {
  RecordingSink parent;
  UicCascade cascade(parent, 30, 31);
  cascade.set_external(true);
  cascade.set_critical(true);
  cascade.set_external(false);
  EXPECT_EQ(parent.lines, (std::map<uint32_t, bool>{{30, false}, {31, true}}));
}

TEST(UicCascadeTest, Uic1ReachesTheCoreThroughUic0) {
  RecordingPins core;
  Uic uic0("UIC0", platform::kUic0DcrBase, core);
  UicCascade uic1_outputs(uic0, platform::kUic1CascadeInput,
                          platform::kUic1CascadeCriticalInput);
  Uic uic1("UIC1", platform::kUic1DcrBase, uic1_outputs);

  // Linux: UIC1's cascade is UIC0 input 30, level high ("interrupts = <30 4>").
  EnableLevelHigh(uic0, platform::kUic1CascadeInput);
  Write(uic1, Uic::kEnable, Bit(7), platform::kUic1DcrBase);

  uic1.set_line(7, true);
  EXPECT_EQ(Read(uic0, Uic::kMaskedStatus), Bit(platform::kUic1CascadeInput));
  EXPECT_EQ(Read(uic1, Uic::kMaskedStatus, platform::kUic1DcrBase), Bit(7));
  EXPECT_TRUE(core.external);
  EXPECT_FALSE(core.critical);

  // uic_irq_cascade: the child device deasserts, UIC1 drops its output and
  // UIC0's level status follows.
  uic1.set_line(7, false);
  EXPECT_EQ(Read(uic0, Uic::kStatus), 0u);
  EXPECT_FALSE(core.external);

  // A critical UIC1 input lands on UIC0 input 31.
  Write(uic1, Uic::kCritical, Bit(8), platform::kUic1DcrBase);
  Write(uic1, Uic::kEnable, Bit(8), platform::kUic1DcrBase);
  Write(uic0, Uic::kEnable, Bit(platform::kUic1CascadeCriticalInput));
  Write(uic0, Uic::kCritical, Bit(platform::kUic1CascadeCriticalInput));
  uic1.set_line(8, true);
  EXPECT_EQ(Read(uic0, Uic::kStatus), Bit(platform::kUic1CascadeCriticalInput));
  EXPECT_TRUE(core.critical);
  EXPECT_FALSE(core.external);
}

}  // namespace
}  // namespace pvppc::irq
