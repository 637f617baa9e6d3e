#include "bench/common/guest_run.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench/common/guest_process.h"

namespace pvbench {

GuestRun RunGuest(const std::vector<std::string>& argv, double timeout_seconds) {
  GuestRun run;
  GuestProcess process(argv, /*stdin_pipe=*/false);
  if (!process.started()) {
    run.error = process.error();
    return run;
  }
  const auto deadline =
      GuestProcess::Clock::now() + std::chrono::duration_cast<GuestProcess::Clock::duration>(
                                       std::chrono::duration<double>(timeout_seconds));
  run.init_seconds = process.wait_for(kInitReached, deadline);
  run.status = process.wait_exit(deadline);
  run.total_seconds = process.exit_seconds();
  run.console = process.console();
  return run;
}

std::optional<ExitStats> ReadExitStats(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "no statistics file " + path;
    return std::nullopt;
  }
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    ExitStats s;
    s.total_exits = j.at("total_exits").get<uint64_t>();
    s.wall_seconds = j.value("wall_seconds", 0.0);
    s.guest_instructions = j.value("guest_instructions", uint64_t{0});
    for (const auto& e : j.at("exits")) {
      s.exits.push_back(ExitKind{e.at("category").get<std::string>(),
                                 e.at("name").get<std::string>(), e.at("count").get<uint64_t>(),
                                 e.value("host_ns", uint64_t{0})});
    }
    std::stable_sort(s.exits.begin(), s.exits.end(),
                     [](const ExitKind& a, const ExitKind& b) { return a.count > b.count; });
    return s;
  } catch (const std::exception& e) {
    error = path + ": " + e.what();
    return std::nullopt;
  }
}

std::map<std::string, BenchLine> ParseBenchLines(const std::string& console, bool& done,
                                                 std::vector<std::string>* order) {
  std::map<std::string, BenchLine> lines;
  done = false;
  std::istringstream in(console);
  std::string line;
  while (std::getline(in, line)) {
    const size_t at = line.find("bench: ");
    if (at == std::string::npos) continue;
    std::istringstream words(line.substr(at + 7));
    std::string name;
    BenchLine b;
    if (words >> name >> b.ops >> b.total_ns >> b.ns_per_op) {
      if (order != nullptr && !lines.count(name)) order->push_back(name);
      lines[name] = b;
    } else if (name == "done") {
      done = true;
    }
  }
  return lines;
}

std::string Tail(const std::string& text, int lines) {
  size_t pos = text.size();
  for (int i = 0; i < lines && pos > 0; ++i) {
    pos = text.rfind('\n', pos - 1);
    if (pos == std::string::npos) return text;
  }
  return text.substr(pos);
}

}  // namespace pvbench
