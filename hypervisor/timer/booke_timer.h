// The PPC440's timer facilities -- decrementer, fixed-interval timer and
// watchdog -- as a state machine over time-base values.
//
// Nothing in here reads a clock: every call takes the current 64-bit TB value
// (the hypervisor derives it from host time) and first brings the timers up to
// it, applying every event in between, however many periods that spans. So
// reading DEC, TCR or TSR at TB t gives what the guest would read at t, and a
// write at t takes effect at t, after anything due at or before t.
//
// PPC440x5 CPU Core User's Manual, "Timer Facilities": 7.2 DEC/DECAR, 7.3 FIT,
// 7.4 watchdog (Figure 7-6, Table 7-3), 7.5 TCR, 7.6 TSR; "Register Summary"
// for TSR's read/clear access. Book E defines the same facilities.
//
// The TB must only move forward between calls. A guest write of TBL/TBU is a
// jump: report it with write_time_base(). A TB value before the last one seen
// is treated as no time having passed.
#pragma once

#include <cstdint>
#include <optional>

#include "hypervisor/timer/timer_registers.h"

namespace pvppc::timer {

// What TCR[WRC] asked for when the watchdog expired a third time (also what
// TSR[WRS] then reports).
enum class WatchdogReset : uint8_t { kCore = 1, kChip = 2, kSystem = 3 };

// Interrupt conditions: status AND enable. The hypervisor delivers the
// decrementer and FIT interrupts when the guest's MSR[EE] is set and the
// watchdog interrupt (critical class) when MSR[CE] is set.
struct TimerInterrupts {
  bool decrementer = false;     // TSR[DIS] & TCR[DIE]
  bool fixed_interval = false;  // TSR[FIS] & TCR[FIE]
  bool watchdog = false;        // TSR[WIS] & TCR[WIE]

  bool any() const { return decrementer || fixed_interval || watchdog; }
  bool operator==(const TimerInterrupts&) const = default;
};

class BookeTimer {
 public:
  // Every register 0 at TB `tb`: DEC stopped, nothing enabled, nothing pending.
  explicit BookeTimer(uint64_t tb) : last_tb_(tb) {}

  // Applies every timer event in (last TB seen, tb].
  void advance_to(uint64_t tb);

  // mfspr/mtspr DEC. DEC counts down once per TB tick, starting with the tick
  // after the write; writing 0 stops it without a decrementer exception.
  uint32_t dec(uint64_t tb);
  void set_dec(uint64_t tb, uint32_t value);

  // mtspr DECAR. The 440 makes DECAR write-only; the getter is for the
  // hypervisor (state save, tracing), which decides what mfspr DECAR returns.
  uint32_t decar() const { return decar_; }
  void set_decar(uint64_t tb, uint32_t value);

  // mfspr/mtspr TCR. WRC bits are sticky: software can set them but only a
  // watchdog reset clears them (7.5).
  uint32_t tcr(uint64_t tb);
  void set_tcr(uint64_t tb, uint32_t value);

  // mfspr TSR, and mtspr TSR, which clears the bits set in `mask` and leaves
  // the rest (TSR is "read/clear"; this applies to WRS too).
  uint32_t tsr(uint64_t tb);
  void clear_tsr(uint64_t tb, uint32_t mask);

  // The guest wrote TBL or TBU: the TB jumps from `tb` to `new_tb`. A selected
  // FIT or watchdog bit that goes 0 -> 1 through the write is an exception
  // (7.3, 7.4); DEC keeps counting from where it was.
  void write_time_base(uint64_t tb, uint64_t new_tb);

  TimerInterrupts pending(uint64_t tb);

  // The earliest TB after `tb` at which, with no further register writes,
  // pending() gains a condition or reset_requested() becomes set. Nothing if no
  // such moment comes (everything disabled, or already pending). Events that
  // only set a status bit nobody enabled are not reported: reads catch up on
  // them anyway.
  std::optional<uint64_t> next_event_tb(uint64_t tb);

  // Set by the watchdog's third expiry with TCR[WRC] != 0 (which also copies
  // WRC into TSR[WRS] and clears it). Stays set until processor_reset().
  std::optional<WatchdogReset> reset_requested() const { return reset_request_; }

  // The timer side of a processor reset the hypervisor performed: TCR cleared
  // (WRC and ARE must be, the rest is undefined on the 440), TSR cleared except
  // WRS, the reset request dropped. DEC and DECAR are undefined after reset and
  // are left as they are.
  void processor_reset(uint64_t tb);

 private:
  void advance_decrementer(uint64_t ticks);
  void watchdog_expired();
  std::optional<uint64_t> next_watchdog_event() const;

  uint64_t last_tb_;
  uint32_t dec_ = 0;  // DEC at last_tb_
  uint32_t decar_ = 0;
  uint32_t tcr_ = 0;
  uint32_t tsr_ = 0;
  std::optional<WatchdogReset> reset_request_;
};

}  // namespace pvppc::timer
