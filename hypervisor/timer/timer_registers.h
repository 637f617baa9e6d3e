// The PPC440's Timer Control and Timer Status Registers, and the time-base bits
// its fixed-interval and watchdog timers watch.
//
// PPC440x5 CPU Core User's Manual, "Timer Facilities": Figure 7-1 (the TB bits
// each timer can select), 7.3 FIT, 7.4 watchdog, 7.5 TCR, 7.6 TSR (Figure
// 7-8). Bit numbers in comments are the manual's (0 = most significant); the
// TB bit indices returned below count from the least significant bit of the
// 64-bit time base.
#pragma once

#include <cstdint>

namespace pvppc::timer {

namespace tcr {
inline constexpr uint32_t kWpShift = 31 - 1;  // WP, bits 0:1: watchdog period
inline constexpr uint32_t kWpMask = 3u << kWpShift;
inline constexpr uint32_t kWrcShift = 31 - 3;  // WRC, bits 2:3: watchdog reset control
inline constexpr uint32_t kWrcMask = 3u << kWrcShift;
inline constexpr uint32_t kWie = 1u << (31 - 4);  // watchdog interrupt enable
inline constexpr uint32_t kDie = 1u << (31 - 5);  // decrementer interrupt enable
inline constexpr uint32_t kFpShift = 31 - 7;      // FP, bits 6:7: FIT period
inline constexpr uint32_t kFpMask = 3u << kFpShift;
inline constexpr uint32_t kFie = 1u << (31 - 8);  // FIT interrupt enable
inline constexpr uint32_t kAre = 1u << (31 - 9);  // DEC auto-reload enable
// Bits 10:31 are reserved and read as 0.
inline constexpr uint32_t kImplemented =
    kWpMask | kWrcMask | kWie | kDie | kFpMask | kFie | kAre;
}  // namespace tcr

namespace tsr {
inline constexpr uint32_t kEnw = 1u << (31 - 0);  // enable next watchdog
inline constexpr uint32_t kWis = 1u << (31 - 1);  // watchdog interrupt status
inline constexpr uint32_t kWrsShift = 31 - 3;     // WRS, bits 2:3: last watchdog reset
inline constexpr uint32_t kWrsMask = 3u << kWrsShift;
inline constexpr uint32_t kDis = 1u << (31 - 4);  // decrementer interrupt status
inline constexpr uint32_t kFis = 1u << (31 - 5);  // FIT interrupt status
// Bits 6:31 are reserved and read as 0.
inline constexpr uint32_t kImplemented = kEnw | kWis | kWrsMask | kDis | kFis;
}  // namespace tsr

// TCR[FP] 0..3 selects TBL bit 19, 15, 11 or 7: a FIT exception every 2^13,
// 2^17, 2^21 or 2^25 TB ticks (Figure 7-1, Table 7-1).
constexpr uint32_t fit_tb_bit(uint32_t tcr_value) {
  return 12 + 4 * ((tcr_value & tcr::kFpMask) >> tcr::kFpShift);
}

// TCR[WP] 0..3 selects TBL bit 11, TBL bit 7, TBL bit 3 or TBU bit 31: a
// watchdog exception every 2^21, 2^25, 2^29 or 2^33 TB ticks (Figure 7-1,
// Table 7-2).
constexpr uint32_t watchdog_tb_bit(uint32_t tcr_value) {
  return 20 + 4 * ((tcr_value & tcr::kWpMask) >> tcr::kWpShift);
}

}  // namespace pvppc::timer
