// The fixed-interval timer, the watchdog, guest TB writes and next_event_tb()
// of BookeTimer.
#include "hypervisor/timer/booke_timer.h"

#include <gtest/gtest.h>

namespace pvppc::timer {
namespace {

constexpr uint32_t kEnwWis = tsr::kEnw | tsr::kWis;

constexpr uint32_t wrc(uint32_t kind) { return kind << tcr::kWrcShift; }

TEST(FixedIntervalTimer, EachFpSelectsItsTimeBaseBit) {
  for (uint32_t fp = 0; fp < 4; ++fp) {
    const uint32_t bit = 12 + 4 * fp;  // TBL bits 19, 15, 11, 7
    const uint64_t first = uint64_t{1} << bit;
    const uint64_t period = uint64_t{2} << bit;  // 2^13, 2^17, 2^21, 2^25
    BookeTimer t(0);
    t.set_tcr(0, (fp << tcr::kFpShift) | tcr::kFie);
    EXPECT_EQ(fit_tb_bit(t.tcr(0)), bit);
    EXPECT_FALSE(t.pending(first - 1).fixed_interval) << fp;
    EXPECT_TRUE(t.pending(first).fixed_interval) << fp;
    t.clear_tsr(first, tsr::kFis);
    EXPECT_FALSE(t.pending(first + period - 1).fixed_interval) << fp;
    EXPECT_TRUE(t.pending(first + period).fixed_interval) << fp;
  }
}

TEST(FixedIntervalTimer, OnlyTheRisingEdgeCounts) {
  const uint64_t half = uint64_t{1} << 12;
  BookeTimer t(half);  // bit 12 already 1
  t.set_tcr(half, tcr::kFie);
  EXPECT_FALSE(t.pending(2 * half).fixed_interval) << "bit 12 falling is no event";
  EXPECT_FALSE(t.pending(3 * half - 1).fixed_interval);
  EXPECT_TRUE(t.pending(3 * half).fixed_interval);
}

TEST(FixedIntervalTimer, ManyMissedPeriodsSetTheStatusOnce) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kFie);
  EXPECT_TRUE(t.pending(1'000'000'000).fixed_interval);
  t.clear_tsr(1'000'000'000, tsr::kFis);
  EXPECT_FALSE(t.pending(1'000'000'000).fixed_interval);
}

TEST(FixedIntervalTimer, CountsAcrossTheTbWrap) {
  BookeTimer t(~uint64_t{0} - 100);
  t.set_tcr(~uint64_t{0} - 100, tcr::kFie);
  EXPECT_FALSE(t.pending(4095).fixed_interval);
  EXPECT_TRUE(t.pending(4096).fixed_interval);
}

TEST(Watchdog, EachWpSelectsItsTimeBaseBit) {
  for (uint32_t wp = 0; wp < 4; ++wp) {
    const uint32_t bit = 20 + 4 * wp;  // TBL bits 11, 7, 3 and TBU bit 31
    const uint64_t first = uint64_t{1} << bit;
    BookeTimer t(0);
    t.set_tcr(0, wp << tcr::kWpShift);
    EXPECT_EQ(watchdog_tb_bit(t.tcr(0)), bit);
    EXPECT_EQ(t.tsr(first - 1) & kEnwWis, 0u) << wp;
    EXPECT_EQ(t.tsr(first) & kEnwWis, tsr::kEnw) << wp;
  }
}

TEST(Watchdog, FirstSetsEnwSecondSetsWisThirdResets) {
  const uint64_t first = uint64_t{1} << 20;
  const uint64_t period = uint64_t{1} << 21;
  BookeTimer t(0);
  t.set_tcr(0, wrc(2) | tcr::kWie);  // WP = 0
  EXPECT_EQ(t.tsr(first) & kEnwWis, tsr::kEnw);
  EXPECT_FALSE(t.pending(first).watchdog);
  EXPECT_EQ(t.tsr(first + period - 1) & kEnwWis, tsr::kEnw);
  EXPECT_EQ(t.tsr(first + period) & kEnwWis, kEnwWis);
  EXPECT_TRUE(t.pending(first + period).watchdog);
  t.advance_to(first + 2 * period - 1);
  EXPECT_FALSE(t.reset_requested().has_value());
  t.advance_to(first + 2 * period);
  EXPECT_EQ(t.reset_requested(), WatchdogReset::kChip);
  EXPECT_EQ(t.tsr(first + 2 * period) & tsr::kWrsMask, 2u << tsr::kWrsShift);
  EXPECT_EQ(t.tcr(first + 2 * period) & tcr::kWrcMask, 0u) << "the reset clears WRC";
}

TEST(Watchdog, OneLongJumpReplaysAllThreeStages) {
  for (uint32_t kind = 1; kind <= 3; ++kind) {
    BookeTimer t(0);
    t.set_tcr(0, wrc(kind));
    t.advance_to(uint64_t{1} << 40);
    EXPECT_EQ(t.reset_requested(), static_cast<WatchdogReset>(kind));
    EXPECT_EQ((t.tsr(uint64_t{1} << 40) & tsr::kWrsMask) >> tsr::kWrsShift, kind);
  }
}

TEST(Watchdog, WithoutWrcItNeverResets) {
  BookeTimer t(0);
  t.advance_to(uint64_t{1} << 40);
  EXPECT_FALSE(t.reset_requested().has_value());
  EXPECT_EQ(t.tsr(uint64_t{1} << 40), kEnwWis | tsr::kFis);
}

TEST(Watchdog, ClearingEnwEveryPeriodKeepsItQuiet) {
  const uint64_t first = uint64_t{1} << 20;
  const uint64_t period = uint64_t{1} << 21;
  BookeTimer t(0);
  t.set_tcr(0, wrc(1) | tcr::kWie);
  for (uint64_t i = 0; i < 10; ++i) {
    const uint64_t tb = first + i * period;
    EXPECT_EQ(t.tsr(tb) & kEnwWis, tsr::kEnw);
    t.clear_tsr(tb, tsr::kEnw);
  }
  EXPECT_FALSE(t.reset_requested().has_value());
}

TEST(Watchdog, EnwClearWithWisSetOnlySetsEnwAgain) {
  const uint64_t first = uint64_t{1} << 20;
  const uint64_t period = uint64_t{1} << 21;
  BookeTimer t(0);
  t.set_tcr(0, wrc(3));
  t.advance_to(first + period);  // ENW, WIS
  t.clear_tsr(first + period, tsr::kEnw);
  EXPECT_EQ(t.tsr(first + 2 * period) & kEnwWis, kEnwWis);
  EXPECT_FALSE(t.reset_requested().has_value());
  t.advance_to(first + 3 * period);
  EXPECT_EQ(t.reset_requested(), WatchdogReset::kSystem);
}

TEST(Watchdog, ProcessorResetKeepsOnlyWrs) {
  BookeTimer t(0);
  t.set_tcr(0, wrc(1) | tcr::kWie | tcr::kAre | tcr::kDie);
  t.advance_to(uint64_t{1} << 30);
  ASSERT_EQ(t.reset_requested(), WatchdogReset::kCore);
  t.processor_reset(uint64_t{1} << 30);
  EXPECT_FALSE(t.reset_requested().has_value());
  EXPECT_EQ(t.tcr(uint64_t{1} << 30), 0u);
  EXPECT_EQ(t.tsr(uint64_t{1} << 30), 1u << tsr::kWrsShift);
}

TEST(TimeBaseWrite, ASelectedBitRisingThroughTheWriteIsAnEvent) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kFie);
  t.write_time_base(100, 0x1005);  // bit 12 (FIT) 0 -> 1
  EXPECT_TRUE(t.pending(0x1005).fixed_interval);
  t.clear_tsr(0x1005, tsr::kFis);
  t.write_time_base(0x1006, 0x5);  // bit 12 1 -> 0
  EXPECT_FALSE(t.pending(0x5).fixed_interval);
  t.write_time_base(0x5, uint64_t{1} << 40);  // bits 12 and 20 stay 0
  EXPECT_EQ(t.tsr(uint64_t{1} << 40), 0u);
  t.write_time_base(uint64_t{1} << 40, (uint64_t{1} << 40) | (uint64_t{1} << 20));
  EXPECT_EQ(t.tsr((uint64_t{1} << 40) | (uint64_t{1} << 20)), tsr::kEnw);
}

TEST(TimeBaseWrite, DecKeepsCountingThroughTheJump) {
  BookeTimer t(0);
  t.set_dec(100, 50);
  t.write_time_base(110, 1'000'000);
  EXPECT_EQ(t.dec(1'000'000), 40u);
  EXPECT_EQ(t.dec(1'000'039), 1u);
  EXPECT_EQ(t.dec(1'000'040), 0u);
  EXPECT_NE(t.tsr(1'000'040) & tsr::kDis, 0u);
}

// next_event_tb() must name the first TB at which pending() gains a condition
// or a reset is requested, and nothing must happen before it.
void expect_next_event_is_exact(const BookeTimer& timer, uint64_t now) {
  BookeTimer probe = timer;
  const std::optional<uint64_t> next = probe.next_event_tb(now);
  ASSERT_TRUE(next.has_value());
  const TimerInterrupts before = probe.pending(now);
  BookeTimer just_before = probe;
  EXPECT_EQ(just_before.pending(*next - 1), before);
  EXPECT_FALSE(just_before.reset_requested().has_value());
  BookeTimer at = probe;
  const TimerInterrupts after = at.pending(*next);
  EXPECT_TRUE(!(after == before) || at.reset_requested().has_value());
}

TEST(NextEventTb, NothingWhenNothingCanBecomePending) {
  BookeTimer t(0);
  t.set_dec(0, 10);
  EXPECT_FALSE(t.next_event_tb(0).has_value()) << "status bits alone are not events";
}

TEST(NextEventTb, DecrementerExpiry) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kDie);
  t.set_dec(100, 50);
  EXPECT_EQ(t.next_event_tb(120), 150u);
  expect_next_event_is_exact(t, 120);
  EXPECT_FALSE(t.next_event_tb(150).has_value()) << "already pending";
}

TEST(NextEventTb, FixedIntervalEdge) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kFie);
  EXPECT_EQ(t.next_event_tb(0), 4096u);
  expect_next_event_is_exact(t, 0);
  EXPECT_FALSE(t.next_event_tb(5000).has_value());
  t.clear_tsr(5000, tsr::kFis);
  EXPECT_EQ(t.next_event_tb(5000), 4096u + 8192u);
}

TEST(NextEventTb, WatchdogInterruptIsTheSecondExpiry) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kWie);
  EXPECT_EQ(t.next_event_tb(0), (uint64_t{1} << 20) + (uint64_t{1} << 21));
  expect_next_event_is_exact(t, 0);
}

TEST(NextEventTb, WatchdogResetIsTheThirdExpiry) {
  BookeTimer t(0);
  t.set_tcr(0, wrc(1));
  EXPECT_EQ(t.next_event_tb(0), (uint64_t{1} << 20) + 2 * (uint64_t{1} << 21));
  expect_next_event_is_exact(t, 0);
  BookeTimer settled(0);
  settled.advance_to(uint64_t{1} << 30);  // ENW = WIS = 1, WRC = 0
  EXPECT_FALSE(settled.next_event_tb(uint64_t{1} << 30).has_value());
}

TEST(NextEventTb, EarliestOfSeveral) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kDie | tcr::kFie | tcr::kWie | (3u << tcr::kFpShift));
  t.set_dec(0, 5000);
  EXPECT_EQ(t.next_event_tb(0), 5000u);
  t.set_dec(0, 3'000'000);
  EXPECT_EQ(t.next_event_tb(0), 3'000'000u) << "before the watchdog (3 << 20) and FIT (2^24)";
  t.set_dec(0, 0);
  EXPECT_EQ(t.next_event_tb(0), 3u << 20);
  expect_next_event_is_exact(t, 0);
}

}  // namespace
}  // namespace pvppc::timer
