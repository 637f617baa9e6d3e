// pv_bench: what paravirtualization buys. One run boots, with the same rootfs,
//   full  the unmodified 44x Linux (//guest:linux_full) on pvppc --machine full,
//   PV    the paravirtualized Linux (//guest:linux_pv) on pvppc --machine pv,
//   qemu  the unmodified Linux on qemu-system-ppc -M bamboo (it cannot run PV),
// and prints one table: exits (full, PV) and wall time (full, PV, qemu) per
// boot and per operation of each in-guest benchmark (pvppc-guest-bench).
//
//   bazel run -c opt //bench/pv:pv_bench [-- --repeat N --scale S]
//
// Boot: pvppc.run=/bin/true (to init and back); --repeat boots of each, the
// median exit count and the best time. Per operation: each benchmark program
// alone at --scale S and 2S on each pvppc kernel; exits per operation are
// (exits at 2S - exits at S) / (ops at 2S - ops at S), which cancels the boot
// and the program's start; times per operation are the guest's own (the 2S
// run). Nothing about timing is asserted: the exit status is non-zero only
// when a run failed (no init, no "bench: done", a non-zero status).
#include <fmt/core.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/common/guest_run.h"

namespace {

using pvbench::BenchLine;
using pvbench::ExitStats;
using pvbench::GuestRun;

// The table's benchmark rows, the pvppc-guest-bench program that prints each
// and what one of its operations is. mem_sum and mem_copy come from one
// program ("mem"), so their exits are only known together.
struct BenchRow {
  std::string name, program, op;
};
const std::vector<BenchRow> kBenchRows = {
    {"syscall", "syscall", "getppid"},    {"fork", "fork", "fork+exit+wait"},
    {"page_touch", "page_touch", "page"}, {"sieve", "sieve", "2 MiB sieve"},
    {"mem_sum", "mem", "KiB read"},       {"mem_copy", "mem", "KiB copied"},
    {"fp_matmul", "fp", "mul-add"},
};

enum Machine { kFull, kPv, kQemu, kMachines };
const std::array<const char*, kMachines> kMachineNames = {"full", "PV", "qemu"};

struct Options {
  std::string pvppc, kernel_full, kernel_pv, rootfs, qemu = "qemu-system-ppc", scratch;
  double timeout = 600;
};

// One successful run: its console's bench lines and (pvppc) its exits.
struct Outcome {
  GuestRun run;
  std::map<std::string, BenchLine> bench;
  std::optional<ExitStats> stats;
};

class Bench {
 public:
  explicit Bench(Options o) : o_(std::move(o)) {}
  const std::vector<std::string>& errors() const { return errors_; }

  // Boots machine `m` with pvppc.run=RUN; nothing (a failure recorded) unless
  // the guest reached init, RUN exited 0, the emulator exited 0, and (for
  // pvppc-guest-bench) "bench: done" came.
  std::optional<Outcome> Run(Machine m, const std::string& run) {
    const std::string stats = o_.scratch + "/stats.json";
    std::filesystem::remove(stats);
    const std::string what = fmt::format("{} pvppc.run={}", kMachineNames[m], run);
    fmt::print(stderr, "pv_bench: {}\n", what);
    Outcome out;
    out.run = pvbench::RunGuest(Command(m, "pvppc.run=" + run, stats), o_.timeout + 10);
    const GuestRun& r = out.run;
    bool done = false;
    out.bench = pvbench::ParseBenchLines(r.console, done);
    std::string error;
    if (!r.error.empty())
      error = r.error;
    else if (!r.init_seconds)
      error = fmt::format("the guest never reached init (exit status {})", r.status);
    else if (r.console.find("pvppc-guest: exit status 0") == std::string::npos)
      error = "the guest program did not exit with status 0";
    else if (run.find("pvppc-guest-bench") != std::string::npos && !done)
      error = "no 'bench: done' line";
    else if (r.status != 0)
      error = fmt::format("emulator exit status {}", r.status);
    else if (m != kQemu)
      out.stats = pvbench::ReadExitStats(stats, error);
    if (!error.empty()) {
      errors_.push_back(what + ": " + error);
      fmt::print(stderr, "pv_bench: {}: {}\n--- console (last lines) ---{}\n---\n", what, error,
                 pvbench::Tail(r.console));
      return std::nullopt;
    }
    return out;
  }

 private:
  std::vector<std::string> Command(Machine m, const std::string& run,
                                   const std::string& stats) const {
    // As tests/guest/boot_qemu.sh: 128 MiB (the Bamboo's default), no NIC.
    if (m == kQemu) {
      return {o_.qemu,        "-M",         "bamboo",  "-m",      "128",
              "-nographic",   "-no-reboot", "-net",    "none",    "-kernel",
              o_.kernel_full, "-initrd",    o_.rootfs, "-append", "console=ttyS0 " + run};
    }
    // The full machine's console is the UART, as under QEMU; the PV kernel's
    // follows the device tree's stdout-path (the byte channel).
    const bool pv = m == kPv;
    return {o_.pvppc,    "run",
            "--machine", pv ? "pv" : "full",
            "--kernel",  pv ? o_.kernel_pv : o_.kernel_full,
            "--initrd",  o_.rootfs,
            "--append",  pv ? run : "console=ttyS0 " + run,
            "--timeout", fmt::format("{}", o_.timeout),
            "--quiet",   "--stats-json",
            stats};
  }

  Options o_;
  std::vector<std::string> errors_;
};

// What the table shows for one row and one machine.
struct Cell {
  std::optional<double> exits;  // per boot / per operation (pvppc only)
  std::optional<double> ns;     // wall time per boot / per operation
};
using Row = std::array<Cell, kMachines>;

std::optional<double> Ratio(std::optional<double> a, std::optional<double> b) {
  if (a && b && *b > 0) return *a / *b;
  return std::nullopt;
}

std::string Exits(std::optional<double> v) {
  if (!v) return "-";
  if (std::abs(*v) >= 100) return fmt::format("{:.0f}", *v);
  if (std::abs(*v) >= 1) return fmt::format("{:.2f}", *v);
  return fmt::format("{:.2g}", *v);
}

std::string Time(std::optional<double> ns) {
  if (!ns) return "-";
  if (*ns >= 1e9) return fmt::format("{:.3f} s", *ns / 1e9);
  if (*ns >= 1e6) return fmt::format("{:.1f} ms", *ns / 1e6);
  if (*ns >= 1e3) return fmt::format("{:.2f} us", *ns / 1e3);
  return fmt::format("{:.1f} ns", *ns);
}

std::string Times(std::optional<double> v, const char* suffix = "") {
  return v ? fmt::format("{:.2f}{}", *v, suffix) : "-";
}

// label | exits: full, PV, full/PV | wall time: full, PV, qemu, PV/qemu, full/qemu
constexpr char kLine[] = "{:<32} {:>9} {:>9} {:>8} | {:>9} {:>9} {:>9} {:>8} {:>9}\n";

void PrintLine(const std::string& label, const Row& r) {
  fmt::print(kLine, label, Exits(r[kFull].exits), Exits(r[kPv].exits),
             Times(Ratio(r[kFull].exits, r[kPv].exits), "x"), Time(r[kFull].ns), Time(r[kPv].ns),
             Time(r[kQemu].ns), Times(Ratio(r[kPv].ns, r[kQemu].ns)),
             Times(Ratio(r[kFull].ns, r[kQemu].ns)));
}

std::optional<double> Best(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  return *std::min_element(v.begin(), v.end());
}

uint64_t CountOf(const ExitStats& s, const pvbench::ExitKind& kind) {
  for (const auto& e : s.exits)
    if (e.category == kind.category && e.name == kind.name) return e.count;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pv_bench: exits and time, full virtualization vs PV on pvppc vs qemu bamboo"};
  Options o;
  int repeat = 3, top = 8;
  double scale = 1;
  app.add_option("--pvppc", o.pvppc, "pvppc binary (-c opt)")->required();
  app.add_option("--kernel-full", o.kernel_full, "Unmodified vmlinux (//guest:linux_full)")
      ->required();
  app.add_option("--kernel-pv", o.kernel_pv, "PV vmlinux (//guest:linux_pv)")->required();
  app.add_option("--rootfs", o.rootfs, "Guest initramfs (//guest:rootfs)")->required();
  app.add_option("--qemu", o.qemu, "qemu-system-ppc binary")->default_str(o.qemu);
  app.add_option("--repeat", repeat, "Boots per machine")
      ->default_val(3)
      ->check(CLI::PositiveNumber);
  app.add_option("--scale", scale, "Benchmarks run at --scale S and 2S (each at least one op)")
      ->default_val(1)
      ->check(CLI::PositiveNumber);
  app.add_option("--timeout", o.timeout, "Seconds before a run counts as hung")->default_val(600);
  app.add_option("--top", top, "Exit kinds of the PV boot to list")->default_val(8);
  CLI11_PARSE(app, argc, argv);

  std::error_code ec;
  const std::string pvppc_path = std::filesystem::canonical(o.pvppc, ec).string();
  if (pvppc_path.find("-opt/") == std::string::npos)
    fmt::print(stderr, "pv_bench: warning: {} does not look like a -c opt build\n", o.pvppc);
  char scratch[] = "/tmp/pv_bench.XXXXXX";
  if (!mkdtemp(scratch)) {
    fmt::print(stderr, "pv_bench: mkdtemp failed\n");
    return 1;
  }
  o.scratch = scratch;
  Bench bench(o);

  // Boots, interleaved so that a slow spell of the host hits all three alike.
  std::array<std::vector<double>, kMachines> boot_seconds, init_seconds;
  std::array<std::vector<ExitStats>, kMachines> boot_stats;
  for (int i = 0; i < repeat; ++i) {
    for (Machine m : {kFull, kPv, kQemu}) {
      if (auto out = bench.Run(m, "/bin/true")) {
        boot_seconds[m].push_back(out->run.total_seconds);
        init_seconds[m].push_back(*out->run.init_seconds);
        if (out->stats) boot_stats[m].push_back(*out->stats);
      }
    }
  }
  std::map<std::string, Row> rows;
  Row& boot = rows["boot"];
  std::array<std::optional<ExitStats>, kMachines> median_boot;
  for (Machine m : {kFull, kPv, kQemu}) {
    if (auto best = Best(boot_seconds[m])) boot[m].ns = 1e9 * *best;
    if (!boot_stats[m].empty()) {
      std::vector<ExitStats>& s = boot_stats[m];
      std::sort(s.begin(), s.end(), [](const ExitStats& a, const ExitStats& b) {
        return a.total_exits < b.total_exits;
      });
      median_boot[m] = s[s.size() / 2];
      boot[m].exits = static_cast<double>(median_boot[m]->total_exits);
    }
  }

  // Each benchmark program alone, at S and 2S (qemu only at 2S: no exits there).
  const std::string small = fmt::format("{}", scale), large = fmt::format("{}", 2 * scale);
  std::vector<std::string> programs;
  for (const BenchRow& b : kBenchRows)
    if (std::find(programs.begin(), programs.end(), b.program) == programs.end())
      programs.push_back(b.program);
  for (const std::string& program : programs) {
    const std::string run = "/usr/bin/pvppc-guest-bench,--scale,";
    std::array<std::optional<Outcome>, kMachines> at_small, at_large;
    for (Machine m : {kFull, kPv}) at_small[m] = bench.Run(m, run + small + "," + program);
    for (Machine m : {kFull, kPv, kQemu}) at_large[m] = bench.Run(m, run + large + "," + program);
    for (Machine m : {kFull, kPv, kQemu}) {
      if (!at_large[m]) continue;
      // The exits of the program's extra operations, over all its rows.
      std::optional<double> exits_per_op;
      if (m != kQemu && at_small[m]) {
        double extra_ops = 0;
        for (const BenchRow& b : kBenchRows) {
          if (b.program != program) continue;
          extra_ops += static_cast<double>(at_large[m]->bench[b.name].ops) -
                       static_cast<double>(at_small[m]->bench[b.name].ops);
        }
        const double extra_exits = static_cast<double>(at_large[m]->stats->total_exits) -
                                   static_cast<double>(at_small[m]->stats->total_exits);
        if (extra_ops > 0)
          exits_per_op = extra_exits / extra_ops;
        else
          fmt::print(stderr, "pv_bench: {}: as many ops at both scales, raise --scale\n", program);
      }
      for (const BenchRow& b : kBenchRows) {
        if (b.program != program) continue;
        auto it = at_large[m]->bench.find(b.name);
        if (it != at_large[m]->bench.end()) rows[b.name][m].ns = it->second.ns_per_op;
        rows[b.name][m].exits = exits_per_op;
      }
    }
  }

  // --- the table ---
  fmt::print(
      "\npv_bench: full = unmodified Linux on pvppc, PV = paravirtualized Linux on pvppc,\n"
      "qemu = unmodified Linux on qemu-system-ppc -M bamboo; same rootfs.\n\n");
  fmt::print(kLine, "", "exits:", "", "", "wall time:", "", "", "", "");
  fmt::print(kLine, "row, per", "full", "PV", "full/PV", "full", "PV", "qemu", "PV/qemu",
             "full/qemu");
  fmt::print("{}\n", std::string(113, '-'));
  PrintLine("boot, per boot (init and back)", boot);
  for (const BenchRow& b : kBenchRows)
    PrintLine(fmt::format("{}{}, per {}", b.name, b.program == "mem" ? "*" : "", b.op),
              rows[b.name]);

  fmt::print("\nboot: exits = median of {} boots, time = best of {} (process start to exit).\n",
             repeat, repeat);
  fmt::print("boot-to-init, best, s: full {} | PV {} | qemu {}\n", Times(Best(init_seconds[kFull])),
             Times(Best(init_seconds[kPv])), Times(Best(init_seconds[kQemu])));
  fmt::print(
      "per op: exits = (exits at --scale {} - at {}) / (ops at {} - at {}); time = the guest's\n"
      "own ns_per_op at --scale {}. * mem_sum and mem_copy run in one program: their\n"
      "exits per op are per KiB of both together.\n",
      large, small, large, small, large);

  if (median_boot[kFull] && median_boot[kPv]) {
    const ExitStats& s = *median_boot[kPv];
    const double full = median_boot[kFull]->total_exits, pv = s.total_exits;
    fmt::print(
        "\n==> PV boot: {:.0f} exits vs {:.0f} full: {:.2f}x fewer (targets: PV ABI >= 3x: {}; "
        "PV MMU >= 10x: {})\n",
        pv, full, full / std::max(pv, 1.0), full >= 3 * pv ? "met" : "NOT met",
        full >= 10 * pv ? "met" : "NOT met");
    // The PV MMU's speed targets: at least 5x faster than full
    // virtualization and faster than QEMU bamboo.
    for (const char* name : {"page_touch", "sieve"}) {
      const auto& r = rows[name];
      if (!r[kFull].ns || !r[kPv].ns) continue;
      const double speedup = *r[kFull].ns / *r[kPv].ns;
      fmt::print("==> {}: PV {:.2f}x faster than full (target >= 5x: {})", name, speedup,
                 speedup >= 5 ? "met" : "NOT met");
      if (r[kQemu].ns) {
        fmt::print(", PV/qemu {:.2f} (target < 1: {})", *r[kPv].ns / *r[kQemu].ns,
                   *r[kPv].ns < *r[kQemu].ns ? "met" : "NOT met");
      }
      fmt::print("\n");
    }
    fmt::print("\nTop {} exit kinds of the PV boot (median boot); full = the same kind in the full boot:\n",
               top);
    fmt::print("  {:<36} {:>9} {:>6} {:>9}\n", "category/name", "PV", "% PV", "full");
    for (int i = 0; i < top && i < static_cast<int>(s.exits.size()); ++i) {
      const pvbench::ExitKind& e = s.exits[static_cast<size_t>(i)];
      fmt::print("  {:<36} {:>9} {:>5.1f}% {:>9}\n", e.category + "/" + e.name, e.count,
                 100.0 * e.count / std::max<uint64_t>(1, s.total_exits),
                 CountOf(*median_boot[kFull], e));
    }
  }
  fmt::print("\npvppc: {}\n", pvppc_path.empty() ? o.pvppc : pvppc_path);

  std::filesystem::remove_all(o.scratch, ec);
  if (!bench.errors().empty()) {
    fmt::print(stderr, "\npv_bench: {} failed run(s):\n", bench.errors().size());
    for (const std::string& e : bench.errors()) fmt::print(stderr, "  {}\n", e);
    return 1;
  }
  return 0;
}
