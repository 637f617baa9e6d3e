// The decrementer and the TCR/TSR register behaviour of BookeTimer. The FIT,
// the watchdog and next_event_tb() are in booke_timer_periodic_test.cc.
#include "hypervisor/timer/booke_timer.h"

#include <gtest/gtest.h>

namespace pvppc::timer {
namespace {

// The decrementer one tick at a time, as 7.2 describes it: the reference the
// closed-form jumps in BookeTimer must agree with.
struct TickByTickDec {
  uint32_t dec = 0;
  bool dis = false;
  void tick(bool auto_reload, uint32_t decar) {
    if (dec == 0) return;
    if (dec == 1) {
      dis = true;
      dec = auto_reload ? decar : 0;
    } else {
      --dec;
    }
  }
};

TEST(BookeTimer, StartsStoppedWithNothingPending) {
  BookeTimer t(1000);  // the first FIT edge (TB bit 12 rising) is at 4096
  EXPECT_EQ(t.dec(4000), 0u);
  EXPECT_EQ(t.tcr(4000), 0u);
  EXPECT_EQ(t.tsr(4000), 0u);
  EXPECT_FALSE(t.pending(4000).any());
  EXPECT_FALSE(t.reset_requested().has_value());
}

TEST(BookeTimer, DecrementerOneShotCountsDownFromTheNextTickAndStops) {
  BookeTimer t(0);
  t.set_tcr(100, tcr::kDie);
  t.set_dec(100, 5);
  for (uint32_t i = 0; i < 5; ++i) {
    EXPECT_EQ(t.dec(100 + i), 5 - i);
    EXPECT_EQ(t.tsr(100 + i) & tsr::kDis, 0u) << i;
    EXPECT_FALSE(t.pending(100 + i).decrementer);
  }
  EXPECT_EQ(t.dec(105), 0u);
  EXPECT_NE(t.tsr(105) & tsr::kDis, 0u);
  EXPECT_TRUE(t.pending(105).decrementer);
  EXPECT_EQ(t.dec(1'000'000), 0u);
}

TEST(BookeTimer, DecrementerStatusIsSetEvenWhenTheInterruptIsDisabled) {
  BookeTimer t(0);
  t.set_dec(0, 3);
  EXPECT_NE(t.tsr(3) & tsr::kDis, 0u);
  EXPECT_FALSE(t.pending(3).decrementer);
  t.set_tcr(4, tcr::kDie);
  EXPECT_TRUE(t.pending(4).decrementer) << "enabling later makes the condition pending";
}

TEST(BookeTimer, WritingZeroStopsWithoutAnException) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kDie | tcr::kAre);
  t.set_decar(0, 50);
  t.set_dec(0, 10);
  t.set_dec(4, 0);
  EXPECT_EQ(t.dec(4), 0u);
  EXPECT_EQ(t.dec(1000), 0u);
  EXPECT_EQ(t.tsr(1000) & tsr::kDis, 0u);
}

TEST(BookeTimer, WriteOnTheExpiryTickStillRecordsTheException) {
  BookeTimer t(0);
  t.set_dec(0, 3);
  t.set_dec(3, 100);  // the decrement from 1 and the mtspr on the same tick
  EXPECT_NE(t.tsr(3) & tsr::kDis, 0u);
  EXPECT_EQ(t.dec(3), 100u);
  EXPECT_EQ(t.dec(10), 93u);
}

TEST(BookeTimer, TsrWritesClearOnlyTheBitsWrittenAsOne) {
  BookeTimer t(0);
  t.set_tcr(0, 0);  // FP = 0: FIT every 2^13 ticks
  t.set_dec(0, 1);
  const uint64_t tb = 1 << 13;
  EXPECT_EQ(t.tsr(tb), tsr::kDis | tsr::kFis);
  t.clear_tsr(tb, 0);
  EXPECT_EQ(t.tsr(tb), tsr::kDis | tsr::kFis);
  t.clear_tsr(tb, tsr::kDis);
  EXPECT_EQ(t.tsr(tb), tsr::kFis);
  t.clear_tsr(tb, ~0u);
  EXPECT_EQ(t.tsr(tb), 0u);
}

TEST(BookeTimer, AutoReloadRunsPeriodicallyFromDecar) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kAre);
  t.set_decar(0, 10);
  t.set_dec(0, 3);
  EXPECT_EQ(t.dec(2), 1u);
  EXPECT_EQ(t.dec(3), 10u) << "reloaded instead of reaching 0";
  EXPECT_NE(t.tsr(3) & tsr::kDis, 0u);
  t.clear_tsr(3, tsr::kDis);
  EXPECT_EQ(t.dec(12), 1u);
  EXPECT_EQ(t.tsr(12) & tsr::kDis, 0u);
  EXPECT_EQ(t.dec(13), 10u);
  EXPECT_NE(t.tsr(13) & tsr::kDis, 0u);
}

TEST(BookeTimer, AutoReloadAgreesWithTickByTickAcrossManyMissedPeriods) {
  for (uint32_t decar : {1u, 2u, 7u, 1000u}) {
    for (uint32_t start : {1u, 5u, 999u}) {
      for (uint64_t jump : {1ull, 3ull, 17ull, 12345ull}) {
        BookeTimer t(0);
        t.set_tcr(0, tcr::kAre);
        t.set_decar(0, decar);
        t.set_dec(0, start);
        TickByTickDec ref{start, false};
        uint64_t tb = 0;
        for (int step = 0; step < 20; ++step) {
          for (uint64_t i = 0; i < jump; ++i) ref.tick(true, decar);
          tb += jump;
          ASSERT_EQ(t.dec(tb), ref.dec) << decar << " " << start << " " << jump << " " << step;
          ASSERT_EQ((t.tsr(tb) & tsr::kDis) != 0, ref.dis);
        }
      }
    }
  }
}

TEST(BookeTimer, AutoReloadFromDecarZeroStops) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kAre);
  t.set_dec(0, 2);
  EXPECT_EQ(t.dec(2), 0u);
  EXPECT_NE(t.tsr(2) & tsr::kDis, 0u);
  EXPECT_EQ(t.dec(100), 0u);
}

TEST(BookeTimer, NewDecarTakesEffectAtTheNextReload) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kAre);
  t.set_decar(0, 100);
  t.set_dec(0, 100);
  t.set_decar(50, 10);
  EXPECT_EQ(t.dec(50), 50u) << "the running count is not disturbed";
  EXPECT_EQ(t.dec(100), 10u);
  EXPECT_EQ(t.dec(110), 10u);
  EXPECT_EQ(t.dec(115), 5u);
}

TEST(BookeTimer, ClearingAreLetsTheCountEndAtZero) {
  BookeTimer t(0);
  t.set_tcr(0, tcr::kAre);
  t.set_decar(0, 10);
  t.set_dec(0, 10);
  EXPECT_EQ(t.dec(25), 5u);
  t.set_tcr(25, 0);
  EXPECT_EQ(t.dec(29), 1u);
  EXPECT_EQ(t.dec(30), 0u);
  EXPECT_EQ(t.dec(1000), 0u);
}

TEST(BookeTimer, FullRangeDecAcrossTheTblAndTbWraps) {
  // DEC is 32 bits but the TB is 64: a count of 0xffffffff started just below
  // a TBL wrap ends 2^32 - 1 ticks later, in the next TBU value.
  BookeTimer t(0xffffff00);
  t.set_dec(0xffffff00, 0xffffffff);
  EXPECT_EQ(t.dec(0x100000010), 0xffffffffu - 0x110);
  EXPECT_EQ(t.tsr(0x1fffffefe) & tsr::kDis, 0u);
  EXPECT_EQ(t.dec(0x1fffffefe), 1u);
  EXPECT_EQ(t.dec(0x1fffffeff), 0u);
  EXPECT_NE(t.tsr(0x1fffffeff) & tsr::kDis, 0u);

  // And across the 64-bit TB wrap.
  const uint64_t near_end = ~uint64_t{0} - 9;  // 2^64 - 10
  BookeTimer w(near_end);
  w.set_tcr(near_end, tcr::kDie);
  w.set_dec(near_end, 20);
  EXPECT_EQ(w.dec(5), 5u);
  EXPECT_EQ(w.next_event_tb(5), 10u);
  EXPECT_FALSE(w.pending(9).decrementer);
  EXPECT_TRUE(w.pending(10).decrementer);
}

TEST(BookeTimer, AnEarlierTbIsNoTimePassing) {
  BookeTimer t(0);
  t.set_dec(1000, 100);
  EXPECT_EQ(t.dec(1050), 50u);
  EXPECT_EQ(t.dec(1040), 50u);
  EXPECT_EQ(t.dec(1060), 40u);
}

TEST(BookeTimer, TcrKeepsImplementedBitsAndWrcIsSticky) {
  BookeTimer t(0);
  t.set_tcr(0, 0xffffffff);
  EXPECT_EQ(t.tcr(0), tcr::kImplemented);
  t.set_tcr(0, 0);
  EXPECT_EQ(t.tcr(0), tcr::kWrcMask) << "software cannot clear WRC";
  BookeTimer u(0);
  u.set_tcr(0, 1u << tcr::kWrcShift);
  u.set_tcr(0, 2u << tcr::kWrcShift);
  EXPECT_EQ(u.tcr(0), 3u << tcr::kWrcShift) << "each WRC bit is set separately";
}

TEST(BookeTimer, RegisterLayoutMatchesTheManual) {
  // PPC440x5 UM Figures 7-7 and 7-8; the same values as Linux's reg_booke.h.
  EXPECT_EQ(tcr::kWpMask, 0xc0000000u);
  EXPECT_EQ(tcr::kWrcMask, 0x30000000u);
  EXPECT_EQ(tcr::kWie, 0x08000000u);
  EXPECT_EQ(tcr::kDie, 0x04000000u);
  EXPECT_EQ(tcr::kFpMask, 0x03000000u);
  EXPECT_EQ(tcr::kFie, 0x00800000u);
  EXPECT_EQ(tcr::kAre, 0x00400000u);
  EXPECT_EQ(tsr::kEnw, 0x80000000u);
  EXPECT_EQ(tsr::kWis, 0x40000000u);
  EXPECT_EQ(tsr::kWrsMask, 0x30000000u);
  EXPECT_EQ(tsr::kDis, 0x08000000u);
  EXPECT_EQ(tsr::kFis, 0x04000000u);
}

}  // namespace
}  // namespace pvppc::timer
