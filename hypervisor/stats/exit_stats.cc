#include "hypervisor/stats/exit_stats.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace pvppc::stats {

ExitStats::KindId ExitStats::kind(std::string_view category, std::string_view name) {
  for (KindId i = 0; i < counters_.size(); ++i) {
    if (counters_[i].category == category && counters_[i].name == name) return i;
  }
  counters_.push_back(Counter{std::string(category), std::string(name)});
  return static_cast<KindId>(counters_.size() - 1);
}

std::vector<ExitStats::Row> ExitStats::rows() const {
  std::vector<Row> out;
  for (const Counter& c : counters_) {
    if (c.count != 0) out.push_back(Row{c.category, c.name, c.count, c.host_ns});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Row& a, const Row& b) { return a.count > b.count; });
  return out;
}

uint64_t ExitStats::total_exits() const {
  uint64_t total = 0;
  for (const Counter& c : counters_) total += c.count;
  return total;
}

uint64_t ExitStats::count(std::string_view category, std::string_view name) const {
  for (const Counter& c : counters_) {
    if (c.category == category && c.name == name) return c.count;
  }
  return 0;
}

uint64_t ExitStats::category_total(std::string_view category) const {
  uint64_t total = 0;
  for (const Counter& c : counters_) {
    if (c.category == category) total += c.count;
  }
  return total;
}

void ExitStats::mark(std::string label) {
  for (Counter& c : counters_) c.count_at_mark = c.count;
  mark_label_ = std::move(label);
}

std::string ExitStats::format_table() const {
  std::string out;
  char line[160];
  const uint64_t total = total_exits();
  std::snprintf(line, sizeof line, "%-12s %-26s %12s %7s %10s\n", "category", "kind", "exits",
                "share", "host ns/exit");
  out += line;
  for (const Row& r : rows()) {
    std::snprintf(line, sizeof line, "%-12s %-26s %12llu %6.2f%% %10.0f\n", r.category.c_str(),
                  r.name.c_str(), static_cast<unsigned long long>(r.count),
                  total ? 100.0 * static_cast<double>(r.count) / static_cast<double>(total) : 0.0,
                  static_cast<double>(r.host_ns) / static_cast<double>(r.count));
    out += line;
  }
  std::snprintf(line, sizeof line, "%-39s %12llu\n", "total", static_cast<unsigned long long>(total));
  out += line;
  return out;
}

std::string ExitStats::to_json(const std::vector<std::pair<std::string, double>>& extra) const {
  nlohmann::json j;
  j["total_exits"] = total_exits();
  nlohmann::json rows_json = nlohmann::json::array();
  for (const Row& r : rows()) {
    rows_json.push_back(
        {{"category", r.category}, {"name", r.name}, {"count", r.count}, {"host_ns", r.host_ns}});
  }
  j["exits"] = std::move(rows_json);
  if (!mark_label_.empty()) {
    // Counters registered after the mark start from zero there too.
    nlohmann::json since = nlohmann::json::array();
    uint64_t total = 0;
    for (const Counter& c : counters_) {
      const uint64_t n = c.count - c.count_at_mark;
      if (n == 0) continue;
      total += n;
      since.push_back({{"category", c.category}, {"name", c.name}, {"count", n}});
    }
    j["mark"] = mark_label_;
    j["total_exits_since_mark"] = total;
    j["exits_since_mark"] = std::move(since);
  }
  for (const auto& [key, value] : extra) j[key] = value;
  return j.dump(2);
}

}  // namespace pvppc::stats
