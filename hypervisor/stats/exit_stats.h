// Every exit the hypervisor handles, classified and counted with the host
// time spent handling it: the project's hardware-independent measure
// (design.md). Kinds are registered once (category + name, e.g. "emulate" +
// "mtspr"); recording is an array update, cheap enough to leave on.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pvppc::stats {

class ExitStats {
 public:
  using KindId = uint32_t;

  // Returns the id of (category, name), registering it on first use.
  KindId kind(std::string_view category, std::string_view name);

  void record(KindId id, uint64_t host_ns) {
    Counter& c = counters_[id];
    ++c.count;
    c.host_ns += host_ns;
  }

  struct Row {
    std::string category;
    std::string name;
    uint64_t count;
    uint64_t host_ns;
  };
  // Rows with a non-zero count, most frequent first.
  std::vector<Row> rows() const;
  uint64_t total_exits() const;
  uint64_t count(std::string_view category, std::string_view name) const;
  // Sum over one category.
  uint64_t category_total(std::string_view category) const;

  // Remembers the counts now; to_json() then also reports the exits since
  // (for the PV machine: since the guest mapped its shared page, which is
  // when paravirtualization is in effect).
  void mark(std::string label);

  // A human-readable table.
  std::string format_table() const;
  // {"total_exits": N, "exits": [{"category","name","count","host_ns"}...], ...extra}
  std::string to_json(const std::vector<std::pair<std::string, double>>& extra) const;

 private:
  struct Counter {
    std::string category;
    std::string name;
    uint64_t count = 0;
    uint64_t host_ns = 0;
    uint64_t count_at_mark = 0;
  };
  std::vector<Counter> counters_;
  std::string mark_label_;
};

// Measures the host time of one exit's handling and records it on destruction.
class ScopedExitTimer {
 public:
  ScopedExitTimer(ExitStats& stats, ExitStats::KindId id)
      : stats_(stats), id_(id), start_(std::chrono::steady_clock::now()) {}
  ~ScopedExitTimer() {
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    stats_.record(id_, static_cast<uint64_t>(
                           std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()));
  }
  // Reclassify before the timer ends (the handler found out what it was).
  void set_kind(ExitStats::KindId id) { id_ = id; }
  ScopedExitTimer(const ScopedExitTimer&) = delete;
  ScopedExitTimer& operator=(const ScopedExitTimer&) = delete;

 private:
  ExitStats& stats_;
  ExitStats::KindId id_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace pvppc::stats
