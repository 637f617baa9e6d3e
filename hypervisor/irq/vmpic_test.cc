// The ePAPR virtual PIC, driven the way Linux's ehv_pic.c drives it:
// get_config + set_config(sense, priority 8) on map, set_mask(0) on
// request_irq, IACK in the external interrupt, EOI from handle_fasteoi_irq.
#include "hypervisor/irq/vmpic.h"

#include <gtest/gtest.h>

namespace pvppc::irq {
namespace {

using abi::Status;

constexpr uint32_t kLevelHigh = Vmpic::kConfigSenseLevel | Vmpic::kConfigPolarityPositive;
constexpr uint32_t kLevelLow = Vmpic::kConfigSenseLevel;
constexpr uint32_t kEdgeRising = Vmpic::kConfigPolarityPositive;
constexpr uint32_t kEdgeFalling = 0;

class RecordingPins final : public CoreInterruptPins {
 public:
  void set_external(bool asserted) override {
    external = asserted;
    ++external_changes;
  }
  void set_critical(bool) override { ++critical_changes; }
  bool external = false;
  int external_changes = 0;
  int critical_changes = 0;
};

class VmpicTest : public ::testing::Test {
 protected:
  // ehv_pic_set_irq_type followed by ehv_pic_unmask_irq.
  void Enable(uint32_t irq, uint32_t config, uint32_t priority = 8) {
    uint32_t old_config = 0, old_priority = 0, destination = 0;
    ASSERT_EQ(pic_.get_config(irq, old_config, old_priority, destination), Status::kSuccess);
    ASSERT_EQ(pic_.set_config(irq, config, priority, destination), Status::kSuccess);
    ASSERT_EQ(pic_.set_mask(irq, 0), Status::kSuccess);
  }

  RecordingPins pins_;
  Vmpic pic_{pins_};
};

TEST_F(VmpicTest, ResetStateIsMaskedLevelHighPriorityZeroOnCpu0) {
  for (uint32_t irq = 0; irq < Vmpic::kSources; ++irq) {
    uint32_t config = 99, priority = 99, destination = 99, masked = 99;
    ASSERT_EQ(pic_.get_config(irq, config, priority, destination), Status::kSuccess);
    EXPECT_EQ(config, kLevelHigh);
    EXPECT_EQ(priority, 0u);
    EXPECT_EQ(destination, Vmpic::kDestinationCpu0);
    ASSERT_EQ(pic_.get_mask(irq, masked), Status::kSuccess);
    EXPECT_EQ(masked, 1u);
  }
  EXPECT_EQ(pic_.iack(), PVPPC_PIC_SPURIOUS);
  EXPECT_FALSE(pic_.pending());
  EXPECT_EQ(pic_.in_service(), PVPPC_PIC_SPURIOUS);
  EXPECT_EQ(pins_.external_changes, 0);
}

TEST_F(VmpicTest, SetConfigValidatesEveryArgument) {
  EXPECT_EQ(pic_.set_config(Vmpic::kSources, kLevelHigh, 8, 1), Status::kInvalid);
  EXPECT_EQ(pic_.set_config(0, 0x4, 8, 1), Status::kInvalid);
  EXPECT_EQ(pic_.set_config(0, 0x8000'0003, 8, 1), Status::kInvalid);
  EXPECT_EQ(pic_.set_config(0, kLevelHigh, 16, 1), Status::kInvalid);
  EXPECT_EQ(pic_.set_config(0, kLevelHigh, 8, 0), Status::kInvalid);
  EXPECT_EQ(pic_.set_config(0, kLevelHigh, 8, 2), Status::kInvalid);
  EXPECT_EQ(pic_.set_config(0, kLevelHigh, 8, 3), Status::kInvalid);
  EXPECT_EQ(pic_.set_config(0, kLevelHigh, 8, 0x8000'0000), Status::kInvalid);
  // A refused call changes nothing.
  uint32_t config = 0, priority = 0, destination = 0;
  ASSERT_EQ(pic_.get_config(0, config, priority, destination), Status::kSuccess);
  EXPECT_EQ(priority, 0u);

  for (uint32_t c : {kLevelHigh, kLevelLow, kEdgeRising, kEdgeFalling}) {
    ASSERT_EQ(pic_.set_config(63, c, 15, 1), Status::kSuccess);
    ASSERT_EQ(pic_.get_config(63, config, priority, destination), Status::kSuccess);
    EXPECT_EQ(config, c);
    EXPECT_EQ(priority, 15u);
    EXPECT_EQ(destination, 1u);
  }
  EXPECT_EQ(pic_.get_config(64, config, priority, destination), Status::kInvalid);
}

TEST_F(VmpicTest, MaskValidatesAndGatesDelivery) {
  uint32_t masked = 0;
  EXPECT_EQ(pic_.set_mask(Vmpic::kSources, 0), Status::kInvalid);
  EXPECT_EQ(pic_.set_mask(3, 2), Status::kInvalid);
  EXPECT_EQ(pic_.get_mask(Vmpic::kSources, masked), Status::kInvalid);

  ASSERT_EQ(pic_.set_config(3, kLevelHigh, 5, 1), Status::kSuccess);
  pic_.set_line(3, true);
  EXPECT_FALSE(pins_.external);  // Still masked.
  ASSERT_EQ(pic_.set_mask(3, 0), Status::kSuccess);
  ASSERT_EQ(pic_.get_mask(3, masked), Status::kSuccess);
  EXPECT_EQ(masked, 0u);
  EXPECT_TRUE(pins_.external);
  ASSERT_EQ(pic_.set_mask(3, 1), Status::kSuccess);
  EXPECT_FALSE(pins_.external);
  EXPECT_EQ(pic_.iack(), PVPPC_PIC_SPURIOUS);
  ASSERT_EQ(pic_.set_mask(3, 0), Status::kSuccess);
  EXPECT_EQ(pic_.iack(), 3u);
}

TEST_F(VmpicTest, PriorityZeroIsNeverDelivered) {
  ASSERT_EQ(pic_.set_config(4, kLevelHigh, 0, 1), Status::kSuccess);
  ASSERT_EQ(pic_.set_mask(4, 0), Status::kSuccess);
  pic_.set_line(4, true);
  EXPECT_FALSE(pic_.pending());
  EXPECT_EQ(pic_.iack(), PVPPC_PIC_SPURIOUS);
}

TEST_F(VmpicTest, LevelSourceIsPendingAgainAfterEoiWhileAsserted) {
  Enable(7, kLevelHigh);
  pic_.set_line(7, true);
  EXPECT_TRUE(pins_.external);
  EXPECT_EQ(pic_.iack(), 7u);
  EXPECT_FALSE(pins_.external);  // In service: held off until EOI.
  EXPECT_EQ(pic_.in_service(), 7u);
  EXPECT_EQ(pic_.iack(), PVPPC_PIC_SPURIOUS);
  EXPECT_EQ(pic_.eoi(7), Status::kSuccess);
  EXPECT_TRUE(pins_.external);  // The device still asserts its line.
  EXPECT_EQ(pic_.iack(), 7u);
  pic_.set_line(7, false);  // The handler quietened the device.
  EXPECT_EQ(pic_.eoi(7), Status::kSuccess);
  EXPECT_FALSE(pins_.external);
  EXPECT_EQ(pic_.in_service(), PVPPC_PIC_SPURIOUS);
}

TEST_F(VmpicTest, LevelLowSourceIsActiveWhileTheLineIsLow) {
  pic_.set_line(9, true);
  Enable(9, kLevelLow);
  EXPECT_FALSE(pins_.external);
  pic_.set_line(9, false);
  EXPECT_TRUE(pins_.external);
  pic_.set_line(9, true);
  EXPECT_FALSE(pins_.external);
}

TEST_F(VmpicTest, EdgeSourceLatchesTheActiveEdgeAndIackConsumesIt) {
  Enable(10, kEdgeRising);
  pic_.set_line(10, true);
  EXPECT_TRUE(pins_.external);
  pic_.set_line(10, false);
  EXPECT_TRUE(pins_.external);  // Latched: the pulse is remembered.
  EXPECT_EQ(pic_.iack(), 10u);
  EXPECT_EQ(pic_.eoi(10), Status::kSuccess);
  EXPECT_FALSE(pins_.external);
  // A line held high is one edge, not a level.
  pic_.set_line(10, true);
  EXPECT_EQ(pic_.iack(), 10u);
  EXPECT_EQ(pic_.eoi(10), Status::kSuccess);
  EXPECT_EQ(pic_.iack(), PVPPC_PIC_SPURIOUS);
  // An edge while in service waits for the EOI.
  pic_.set_line(10, false);
  pic_.set_line(10, true);
  EXPECT_EQ(pic_.iack(), 10u);
  pic_.set_line(10, false);
  pic_.set_line(10, true);
  EXPECT_FALSE(pins_.external);
  EXPECT_EQ(pic_.eoi(10), Status::kSuccess);
  EXPECT_TRUE(pins_.external);
  EXPECT_EQ(pic_.iack(), 10u);
}

TEST_F(VmpicTest, FallingEdgeSourceLatchesOnHighToLow) {
  pic_.set_line(11, true);
  Enable(11, kEdgeFalling);
  EXPECT_FALSE(pins_.external);  // Configuring is not an edge.
  pic_.set_line(11, false);
  EXPECT_TRUE(pins_.external);
  EXPECT_EQ(pic_.iack(), 11u);
}

TEST_F(VmpicTest, MaskedEdgeIsKeptUntilUnmasked) {
  ASSERT_EQ(pic_.set_config(12, kEdgeRising, 8, 1), Status::kSuccess);
  pic_.set_line(12, true);
  pic_.set_line(12, false);
  EXPECT_FALSE(pins_.external);
  ASSERT_EQ(pic_.set_mask(12, 0), Status::kSuccess);
  EXPECT_EQ(pic_.iack(), 12u);
}

TEST_F(VmpicTest, HighestPriorityFirstAndLowestNumberAmongEquals) {
  Enable(20, kLevelHigh, 3);
  Enable(30, kLevelHigh, 9);
  Enable(25, kLevelHigh, 9);
  Enable(5, kLevelHigh, 1);
  for (uint32_t irq : {20u, 30u, 25u, 5u}) pic_.set_line(irq, true);
  EXPECT_EQ(pic_.iack(), 25u);
  EXPECT_EQ(pic_.eoi(25), Status::kSuccess);
  pic_.set_line(25, false);
  EXPECT_EQ(pic_.iack(), 30u);
  EXPECT_EQ(pic_.eoi(30), Status::kSuccess);
  pic_.set_line(30, false);
  EXPECT_EQ(pic_.iack(), 20u);
  EXPECT_EQ(pic_.eoi(20), Status::kSuccess);
  pic_.set_line(20, false);
  EXPECT_EQ(pic_.iack(), 5u);
}

TEST_F(VmpicTest, OnlyHigherPrioritiesNestInsideAnInServiceSource) {
  Enable(1, kLevelHigh, 4);
  Enable(2, kLevelHigh, 4);
  Enable(3, kLevelHigh, 10);
  Enable(4, kLevelHigh, 2);
  pic_.set_line(1, true);
  EXPECT_EQ(pic_.iack(), 1u);
  EXPECT_EQ(pic_.current_priority(), 4u);
  pic_.set_line(2, true);  // Equal priority: waits.
  pic_.set_line(4, true);  // Lower: waits.
  EXPECT_FALSE(pins_.external);
  pic_.set_line(3, true);  // Higher: nests.
  EXPECT_TRUE(pins_.external);
  EXPECT_EQ(pic_.iack(), 3u);
  EXPECT_EQ(pic_.in_service(), 3u);
  EXPECT_EQ(pic_.current_priority(), 10u);
  pic_.set_line(3, false);
  EXPECT_EQ(pic_.eoi(3), Status::kSuccess);
  EXPECT_EQ(pic_.in_service(), 1u);
  EXPECT_FALSE(pins_.external);  // 2 and 4 still wait for source 1.
  pic_.set_line(1, false);
  EXPECT_EQ(pic_.eoi(1), Status::kSuccess);
  EXPECT_EQ(pic_.current_priority(), 0u);
  EXPECT_EQ(pic_.iack(), 2u);
}

TEST_F(VmpicTest, NestingIsBoundedByTheFifteenPriorities) {
  // Acknowledge upward: each new source outranks every one in service.
  for (uint32_t priority = 1; priority <= Vmpic::kMaxPriority; ++priority) {
    Enable(priority, kLevelHigh, priority);
    pic_.set_line(priority, true);
    EXPECT_EQ(pic_.iack(), priority);
  }
  EXPECT_EQ(pic_.current_priority(), Vmpic::kMaxPriority);
  Enable(50, kLevelHigh, Vmpic::kMaxPriority);
  pic_.set_line(50, true);
  EXPECT_EQ(pic_.iack(), PVPPC_PIC_SPURIOUS);  // Nothing outranks 15.
  for (uint32_t priority = Vmpic::kMaxPriority; priority >= 1; --priority) {
    EXPECT_EQ(pic_.in_service(), priority);
    pic_.set_line(priority, false);
    EXPECT_EQ(pic_.eoi(priority), Status::kSuccess);
  }
  EXPECT_EQ(pic_.in_service(), PVPPC_PIC_SPURIOUS);
  EXPECT_EQ(pic_.iack(), 50u);
}

TEST_F(VmpicTest, EoiOfASourceNotInServiceIsRefusedAndChangesNothing) {
  EXPECT_EQ(pic_.eoi(Vmpic::kSources), Status::kInvalid);
  EXPECT_EQ(pic_.eoi(6), Status::kInvalidState);
  Enable(6, kLevelHigh, 3);
  pic_.set_line(6, true);
  EXPECT_EQ(pic_.iack(), 6u);
  EXPECT_EQ(pic_.eoi(8), Status::kInvalidState);
  EXPECT_EQ(pic_.in_service(), 6u);
  EXPECT_EQ(pic_.eoi(6), Status::kSuccess);
  EXPECT_EQ(pic_.eoi(6), Status::kInvalidState);
}

TEST_F(VmpicTest, OutOfOrderEoiEndsTheNamedSourceOnly) {
  Enable(1, kEdgeRising, 2);
  Enable(2, kEdgeRising, 6);
  pic_.set_line(1, true);
  EXPECT_EQ(pic_.iack(), 1u);
  pic_.set_line(2, true);
  EXPECT_EQ(pic_.iack(), 2u);
  EXPECT_EQ(pic_.eoi(1), Status::kSuccess);
  EXPECT_EQ(pic_.in_service(), 2u);
  EXPECT_EQ(pic_.current_priority(), 6u);
  EXPECT_EQ(pic_.eoi(2), Status::kSuccess);
  EXPECT_EQ(pic_.current_priority(), 0u);
}

TEST_F(VmpicTest, PinFollowsEveryChangeAndIsDrivenOnlyOnChanges) {
  Enable(40, kLevelHigh);
  EXPECT_EQ(pins_.external_changes, 0);
  pic_.set_line(40, true);
  pic_.set_line(40, true);
  EXPECT_TRUE(pins_.external);
  EXPECT_TRUE(pic_.pending());
  EXPECT_EQ(pins_.external_changes, 1);
  ASSERT_EQ(pic_.set_config(40, kLevelHigh, 0, 1), Status::kSuccess);  // Priority 0.
  EXPECT_FALSE(pins_.external);
  ASSERT_EQ(pic_.set_config(40, kLevelHigh, 8, 1), Status::kSuccess);
  EXPECT_TRUE(pins_.external);
  ASSERT_EQ(pic_.set_config(40, kLevelLow, 8, 1), Status::kSuccess);  // Now inactive.
  EXPECT_FALSE(pins_.external);
  EXPECT_FALSE(pic_.pending());
  EXPECT_EQ(pins_.external_changes, 4);
  EXPECT_EQ(pins_.critical_changes, 0);
}

TEST_F(VmpicTest, OnlySixtyFourSourcesAreWired) {
  Enable(63, kLevelHigh);
  pic_.set_line(63, true);
  pic_.set_line(64, true);
  pic_.set_line(0xFFFF'FFFF, true);
  EXPECT_EQ(pic_.iack(), 63u);
  EXPECT_EQ(pic_.iack(), PVPPC_PIC_SPURIOUS);
}

TEST_F(VmpicTest, ResetForgetsProgrammingButNotLineLevels) {
  Enable(14, kLevelHigh);
  pic_.set_line(14, true);
  EXPECT_EQ(pic_.iack(), 14u);
  pic_.reset();
  EXPECT_EQ(pic_.in_service(), PVPPC_PIC_SPURIOUS);
  EXPECT_FALSE(pins_.external);
  Enable(14, kLevelHigh);
  EXPECT_TRUE(pins_.external);
}

}  // namespace
}  // namespace pvppc::irq
