#include "hypervisor/timer/booke_timer.h"

#include <algorithm>

namespace pvppc::timer {

namespace {

using u128 = unsigned __int128;

// How many times TB bit `bit` goes 0 -> 1 while the TB counts from `from`
// (exclusive) to from + ticks (inclusive). The bit rises at every value that
// is 2^bit modulo 2^(bit+1), and there are floor((x + 2^bit) / 2^(bit+1)) of
// those in [0, x]. Counting in 128 bits lets the TB wrap past 2^64: the period
// divides 2^64, so the phase carries over the wrap unchanged.
uint64_t rising_edges(uint64_t from, uint64_t ticks, uint32_t bit) {
  const u128 half = u128{1} << bit;
  const auto rises_up_to = [&](u128 x) { return (x + half) >> (bit + 1); };
  const u128 start = from;
  return static_cast<uint64_t>(rises_up_to(start + ticks) - rises_up_to(start));
}

// The first TB value after `tb` at which bit `bit` goes 0 -> 1.
uint64_t next_rising_edge(uint64_t tb, uint32_t bit) {
  const uint64_t half = uint64_t{1} << bit;
  const uint64_t period = half << 1;
  const uint64_t phase = tb & (period - 1);
  return tb - phase + (phase < half ? half : period + half);
}

bool bit_set(uint64_t tb, uint32_t bit) { return ((tb >> bit) & 1) != 0; }

// A step "forward" of more than 2^63 ticks is a step back (thousands of years
// at any TB rate the 440 runs at).
constexpr uint64_t kLongestStep = uint64_t{1} << 63;

}  // namespace

void BookeTimer::advance_to(uint64_t tb) {
  const uint64_t ticks = tb - last_tb_;
  if (ticks == 0 || ticks > kLongestStep) return;
  advance_decrementer(ticks);
  if (rising_edges(last_tb_, ticks, fit_tb_bit(tcr_)) != 0) tsr_ |= tsr::kFis;
  // Three expiries bring the watchdog from any state to one that further
  // expiries do not change (ENW = WIS = 1 with WRC = 0, a reset having cleared
  // WRC if it was set), so there is no need to replay more.
  const uint64_t expiries = rising_edges(last_tb_, ticks, watchdog_tb_bit(tcr_));
  for (uint64_t i = 0; i < std::min<uint64_t>(expiries, 3); ++i) watchdog_expired();
  last_tb_ = tb;
}

void BookeTimer::advance_decrementer(uint64_t ticks) {
  if (dec_ == 0) return;  // stopped: only a write starts it again
  if (ticks < dec_) {
    dec_ -= static_cast<uint32_t>(ticks);
    return;
  }
  // The decrement from 1 happened: a decrementer exception (7.2). Without
  // auto-reload DEC stays at 0. With it, DEC takes DECAR instead of 0 on that
  // tick and every DECAR ticks after, so only the phase within the current
  // period matters however many periods passed. DECAR = 0 reloads 0, which
  // stops the count like normal mode.
  tsr_ |= tsr::kDis;
  const uint64_t since_expiry = ticks - dec_;
  if ((tcr_ & tcr::kAre) != 0 && decar_ != 0) {
    dec_ = decar_ - static_cast<uint32_t>(since_expiry % decar_);
  } else {
    dec_ = 0;
  }
}

// Table 7-3: the action on a watchdog exception depends on TSR[ENW,WIS].
void BookeTimer::watchdog_expired() {
  if ((tsr_ & tsr::kEnw) == 0) {
    tsr_ |= tsr::kEnw;
    return;
  }
  if ((tsr_ & tsr::kWis) == 0) {
    tsr_ |= tsr::kWis;  // an interrupt if TCR[WIE] and MSR[CE]
    return;
  }
  // The previous expiry was never handled: reset if TCR[WRC] asks for one,
  // recording the kind in TSR[WRS] and clearing WRC (7.4).
  const uint32_t wrc = (tcr_ & tcr::kWrcMask) >> tcr::kWrcShift;
  if (wrc == 0) return;
  tsr_ = (tsr_ & ~tsr::kWrsMask) | (wrc << tsr::kWrsShift);
  tcr_ &= ~tcr::kWrcMask;
  reset_request_ = static_cast<WatchdogReset>(wrc);
}

uint32_t BookeTimer::dec(uint64_t tb) {
  advance_to(tb);
  return dec_;
}

void BookeTimer::set_dec(uint64_t tb, uint32_t value) {
  // Advancing first means a decrement from 1 due on this very tick still sets
  // TSR[DIS] before the write replaces DEC, as 7.2 describes.
  advance_to(tb);
  dec_ = value;
}

void BookeTimer::set_decar(uint64_t tb, uint32_t value) {
  advance_to(tb);
  decar_ = value;
}

uint32_t BookeTimer::tcr(uint64_t tb) {
  advance_to(tb);
  return tcr_;
}

void BookeTimer::set_tcr(uint64_t tb, uint32_t value) {
  advance_to(tb);
  // Each WRC bit, once written 1, stays 1 until a watchdog reset (7.5). A new
  // FP or WP takes effect from here on; switching the selected TB bit is not
  // counted as a transition of it.
  tcr_ = (value & tcr::kImplemented) | (tcr_ & tcr::kWrcMask);
}

uint32_t BookeTimer::tsr(uint64_t tb) {
  advance_to(tb);
  return tsr_;
}

void BookeTimer::clear_tsr(uint64_t tb, uint32_t mask) {
  advance_to(tb);
  tsr_ &= ~mask;
}

void BookeTimer::write_time_base(uint64_t tb, uint64_t new_tb) {
  advance_to(tb);
  const auto rises = [&](uint32_t bit) { return !bit_set(last_tb_, bit) && bit_set(new_tb, bit); };
  if (rises(fit_tb_bit(tcr_))) tsr_ |= tsr::kFis;
  if (rises(watchdog_tb_bit(tcr_))) watchdog_expired();
  last_tb_ = new_tb;
}

TimerInterrupts BookeTimer::pending(uint64_t tb) {
  advance_to(tb);
  TimerInterrupts p;
  p.decrementer = (tsr_ & tsr::kDis) != 0 && (tcr_ & tcr::kDie) != 0;
  p.fixed_interval = (tsr_ & tsr::kFis) != 0 && (tcr_ & tcr::kFie) != 0;
  p.watchdog = (tsr_ & tsr::kWis) != 0 && (tcr_ & tcr::kWie) != 0;
  return p;
}

std::optional<uint64_t> BookeTimer::next_event_tb(uint64_t tb) {
  advance_to(tb);
  std::optional<uint64_t> earliest;
  // Compare by distance from now so that an event past a TB wrap still sorts
  // after one before it.
  const auto consider = [&](uint64_t when) {
    if (!earliest || when - last_tb_ < *earliest - last_tb_) earliest = when;
  };
  if ((tcr_ & tcr::kDie) != 0 && (tsr_ & tsr::kDis) == 0 && dec_ != 0) {
    consider(last_tb_ + dec_);
  }
  if ((tcr_ & tcr::kFie) != 0 && (tsr_ & tsr::kFis) == 0) {
    consider(next_rising_edge(last_tb_, fit_tb_bit(tcr_)));
  }
  if (const std::optional<uint64_t> watchdog = next_watchdog_event()) consider(*watchdog);
  return earliest;
}

// Replays the next expiries of Table 7-3 on a copy of ENW/WIS and returns the
// first that raises a watchdog interrupt condition or a reset.
std::optional<uint64_t> BookeTimer::next_watchdog_event() const {
  const uint32_t bit = watchdog_tb_bit(tcr_);
  const uint64_t period = uint64_t{2} << bit;
  bool enw = (tsr_ & tsr::kEnw) != 0;
  bool wis = (tsr_ & tsr::kWis) != 0;
  uint64_t when = next_rising_edge(last_tb_, bit);
  for (int expiry = 0; expiry < 3; ++expiry, when += period) {
    if (!enw) {
      enw = true;
    } else if (!wis) {
      wis = true;
      if ((tcr_ & tcr::kWie) != 0) return when;
    } else {
      if ((tcr_ & tcr::kWrcMask) != 0) return when;
      break;
    }
  }
  return std::nullopt;
}

void BookeTimer::processor_reset(uint64_t tb) {
  advance_to(tb);
  tcr_ = 0;
  tsr_ &= tsr::kWrsMask;
  reset_request_.reset();
}

}  // namespace pvppc::timer
