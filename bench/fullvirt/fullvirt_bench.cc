// The full-virtualization benchmark: the same unmodified 44x Linux (//:guest_full)
// and rootfs (//:rootfs) on pvppc and on qemu-system-ppc -M bamboo, in one run.
//
//   bazel run -c opt //bench/fullvirt:fullvirt_bench [-- --repeat N] [--scale X]
//
// Measures, on each of the two:
//   - boot-to-init: wall time from process start until the console shows
//     "pvppc-guest: init reached" (pvppc.run=/bin/true, so the guest reboots at
//     once and the process exits); best of --repeat boots;
//   - the in-guest micro-benchmarks (pvppc-guest-bench, bench/guest/), once;
//   - host CPU use while the guest idles at the busybox shell prompt.
// For pvppc also the exits of one boot (--stats-json): the total and the kinds
// that dominate. Everything is printed as one table with pvppc/qemu ratios;
// no timing is asserted. The exit status is non-zero only when something did
// not run: a boot that never reached init, a guest program that failed, a
// missing "bench: done".
#include <fmt/core.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bench/common/guest_process.h"
#include "bench/common/guest_run.h"

namespace {

using Clock = std::chrono::steady_clock;

using pvbench::GuestProcess;
using pvbench::kInitReached;
constexpr char kShellBanner[] = "interactive shell";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}


// The two machines, as command lines.
struct Machine {
  std::string name;
  // The command line that boots the guest with `append` as kernel command
  // line; `stats_json` (pvppc only) may be empty.
  std::function<std::vector<std::string>(const std::string& append, const std::string& stats_json)>
      command;
  bool has_stats = false;
};

using pvbench::ExitKind;
using pvbench::Tail;
using Stats = pvbench::ExitStats;

struct Results {
  std::vector<double> boot_to_init;         // seconds, one per boot
  std::vector<double> boot_total;           // process start to exit
  std::optional<Stats> boot_stats;          // pvppc: one boot
  std::optional<Stats> bench_stats;         // pvppc: the benchmark run
  std::map<std::string, double> ns_per_op;  // from the "bench:" lines
  std::vector<std::string> bench_order;
  std::optional<double> idle_cpu_percent;          // utime + stime (clock ticks)
  std::optional<double> idle_cpu_percent_precise;  // schedstat (nanoseconds)
};

class Bench {
 public:
  Bench(double boot_timeout, double bench_timeout, std::string scratch)
      : boot_timeout_(boot_timeout), bench_timeout_(bench_timeout), scratch_(std::move(scratch)) {}

  bool failed() const { return !errors_.empty(); }
  const std::vector<std::string>& errors() const { return errors_; }

  void Fail(const Machine& m, const std::string& what, const std::string& console = "") {
    errors_.push_back(fmt::format("{}: {}", m.name, what));
    fmt::print(stderr, "fullvirt_bench: {}: {}\n", m.name, what);
    if (!console.empty())
      fmt::print(stderr, "--- console (last lines) ---{}\n---\n", Tail(console));
  }

  // One boot with pvppc.run=/bin/true: init reached, then the guest reboots.
  void Boot(const Machine& m, Results& r, bool with_stats) {
    const std::string stats = with_stats && m.has_stats ? scratch_ + "/boot_stats.json" : "";
    if (!stats.empty()) std::filesystem::remove(stats);
    GuestProcess p(m.command("console=ttyS0 pvppc.run=/bin/true", stats), false);
    if (!p.started()) return Fail(m, "cannot start: " + p.error());
    const auto deadline = Clock::now() + Seconds(boot_timeout_);
    const auto init = p.wait_for(kInitReached, deadline);
    const int status = p.wait_exit(deadline);
    if (!init)
      return Fail(m, fmt::format("the guest never reached init (exit status {})", status),
                  p.console());
    if (status != 0) return Fail(m, fmt::format("boot: exit status {}", status), p.console());
    r.boot_to_init.push_back(*init);
    r.boot_total.push_back(p.exit_seconds());
    if (!stats.empty()) {
      std::string error;
      r.boot_stats = pvbench::ReadExitStats(stats, error);
      if (!r.boot_stats) Fail(m, error);
    }
  }

  // pvppc-guest-bench once; its "bench: NAME OPS TOTAL_NS NS_PER_OP" lines.
  void GuestBench(const Machine& m, Results& r, const std::string& scale) {
    const std::string stats = m.has_stats ? scratch_ + "/bench_stats.json" : "";
    if (!stats.empty()) std::filesystem::remove(stats);
    std::string run = "pvppc.run=/usr/bin/pvppc-guest-bench";
    if (!scale.empty()) run += ",--scale," + scale;
    GuestProcess p(m.command("console=ttyS0 " + run, stats), false);
    if (!p.started()) return Fail(m, "cannot start: " + p.error());
    const auto deadline = Clock::now() + Seconds(bench_timeout_);
    const bool init = p.wait_for(kInitReached, deadline).has_value();
    const int status = p.wait_exit(deadline);
    const std::string& console = p.console();
    if (!init) return Fail(m, "guest bench: the guest never reached init", console);
    bool done = false;
    for (const auto& [name, line] : pvbench::ParseBenchLines(console, done, &r.bench_order)) {
      r.ns_per_op[name] = line.ns_per_op;
    }
    if (!done) return Fail(m, "guest bench: no 'bench: done' line", console);
    if (console.find("pvppc-guest: exit status 0") == std::string::npos) {
      return Fail(m, "guest bench: pvppc-guest-bench did not exit with status 0", console);
    }
    if (status != 0) return Fail(m, fmt::format("guest bench: exit status {}", status), console);
    if (!stats.empty()) {
      std::string error;
      r.bench_stats = pvbench::ReadExitStats(stats, error);
      if (!r.bench_stats) Fail(m, error);
    }
  }

  // Host CPU (utime + stime) of the emulator while the guest sits at the
  // shell prompt, as % of one core over `seconds`.
  void Idle(const Machine& m, Results& r, double seconds) {
    GuestProcess p(m.command("console=ttyS0", ""), true);
    if (!p.started()) return Fail(m, "cannot start: " + p.error());
    const auto deadline = Clock::now() + Seconds(boot_timeout_);
    if (!p.wait_for(kShellBanner, deadline) || !p.wait_for("# ", deadline)) {
      p.wait_exit(Clock::now());
      return Fail(m, "idle: no shell prompt", p.console());
    }
    // Let the shell finish starting before sampling.
    p.drain_until(Clock::now() + std::chrono::milliseconds(500));
    const auto cpu0 = CpuSeconds(p.pid());
    const auto run0 = RunSeconds(p.pid());
    const auto t0 = Clock::now();
    p.drain_until(t0 + Seconds(seconds));
    const auto cpu1 = CpuSeconds(p.pid());
    const auto run1 = RunSeconds(p.pid());
    const double wall = SecondsSince(t0);
    p.send("exit\n");
    const int status = p.wait_exit(Clock::now() + Seconds(60));
    if (!cpu0 || !cpu1) return Fail(m, "idle: cannot read /proc/PID/stat");
    r.idle_cpu_percent = 100.0 * (*cpu1 - *cpu0) / wall;
    if (run0 && run1) r.idle_cpu_percent_precise = 100.0 * (*run1 - *run0) / wall;
    if (status != 0)
      Fail(m, fmt::format("idle: 'exit' did not end the guest (status {})", status), p.console());
  }

 private:
  static Clock::duration Seconds(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  }

  // utime + stime of a process (all its threads) in seconds.
  // Time on a CPU of all the threads of a process, in seconds, from
  // /proc/PID/task/*/schedstat (nanoseconds; threads that ended are missed).
  static std::optional<double> RunSeconds(pid_t pid) {
    std::error_code ec;
    double total = 0;
    bool any = false;
    for (const auto& task :
         std::filesystem::directory_iterator(fmt::format("/proc/{}/task", pid), ec)) {
      std::ifstream in(task.path() / "schedstat");
      unsigned long long ns = 0;
      if (in >> ns) {
        total += static_cast<double>(ns) / 1e9;
        any = true;
      }
    }
    if (!any) return std::nullopt;
    return total;
  }

  static std::optional<double> CpuSeconds(pid_t pid) {
    std::ifstream in(fmt::format("/proc/{}/stat", pid));
    std::string text;
    if (!std::getline(in, text)) return std::nullopt;
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const size_t paren = text.rfind(')');
    if (paren == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(paren + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14) utime = std::stoull(field);
      if (i == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }

  double boot_timeout_, bench_timeout_;
  std::string scratch_;
  std::vector<std::string> errors_;
};

// --- the table ---

std::string Num(std::optional<double> v, const char* format = "{:.3f}") {
  return v ? fmt::format(fmt::runtime(format), *v) : "-";
}

std::optional<double> Best(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  return *std::min_element(v.begin(), v.end());
}

std::optional<double> Lookup(const std::map<std::string, double>& m, const std::string& k) {
  auto it = m.find(k);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

void Row(const std::string& metric, const std::string& a, const std::string& b,
         const std::string& ratio) {
  fmt::print("{:<38} {:>14} {:>14} {:>9}\n", metric, a, b, ratio);
}

void TimeRow(const std::string& metric, std::optional<double> a, std::optional<double> b,
             const char* format = "{:.3f}") {
  std::string ratio = "-";
  if (a && b && *b > 0) ratio = fmt::format("{:.2f}", *a / *b);
  Row(metric, Num(a, format), Num(b, format), ratio);
}

std::string Join(const std::vector<double>& v) {
  std::string s;
  for (double x : v) s += fmt::format("{}{:.2f}", s.empty() ? "" : " ", x);
  return s.empty() ? "-" : s;
}

// What each benchmark's operation is, for the metric column.
std::string BenchUnit(const std::string& name) {
  static const std::map<std::string, std::string> units = {
      {"syscall", "ns/getppid"},   {"fork", "us/fork+exit+wait"}, {"page_touch", "ns/page"},
      {"sieve", "ms/2MB sieve"},   {"mem_sum", "ns/KiB read"},    {"mem_copy", "ns/KiB copied"},
      {"fp_matmul", "ns/mul-add"},
  };
  auto it = units.find(name);
  return it == units.end() ? "ns/op" : it->second;
}

double BenchScale(const std::string& name) {
  if (name == "fork") return 1e-3;   // ns -> us
  if (name == "sieve") return 1e-6;  // ns -> ms
  return 1.0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fullvirt_bench: pvppc vs qemu-system-ppc -M bamboo on the same 44x Linux guest"};
  std::string pvppc, kernel, rootfs, qemu = "qemu-system-ppc", scale;
  int repeat = 3;
  double idle_seconds = 3, boot_timeout = 300, bench_timeout = 1200;
  int top = 8;
  app.add_option("--pvppc", pvppc, "pvppc binary (-c opt)")->required();
  app.add_option("--kernel", kernel, "Guest vmlinux (//:guest_full)")->required();
  app.add_option("--rootfs", rootfs, "Guest initramfs (//:rootfs)")->required();
  app.add_option("--qemu", qemu, "qemu-system-ppc binary")->default_str(qemu);
  app.add_option("--repeat", repeat, "Boots per machine (best counts)")
      ->default_val(3)
      ->check(CLI::PositiveNumber);
  app.add_option("--scale", scale, "Passed to pvppc-guest-bench --scale (default: its own sizes)");
  app.add_option("--idle-seconds", idle_seconds, "CPU sampling time at the idle shell")
      ->default_val(3);
  app.add_option("--boot-timeout", boot_timeout, "Seconds before a boot counts as hung")
      ->default_val(300);
  app.add_option("--bench-timeout", bench_timeout, "Seconds for the guest benchmark run")
      ->default_val(1200);
  app.add_option("--top", top, "Exit kinds to list")->default_val(8);
  CLI11_PARSE(app, argc, argv);

  std::error_code ec;
  const std::string resolved = std::filesystem::canonical(pvppc, ec).string();
  if (resolved.find("-opt/") == std::string::npos) {
    fmt::print(stderr,
               "fullvirt_bench: warning: {} does not look like a -c opt build; "
               "run with `bazel run -c opt`\n",
               resolved.empty() ? pvppc : resolved);
  }

  char scratch_template[] = "/tmp/fullvirt_bench.XXXXXX";
  if (!mkdtemp(scratch_template)) {
    fmt::print(stderr, "fullvirt_bench: mkdtemp: {}\n", std::strerror(errno));
    return 1;
  }
  const std::string scratch = scratch_template;

  const int timeout_arg = static_cast<int>(std::max(boot_timeout, bench_timeout)) + 10;
  Machine pv{"pvppc",
             [&](const std::string& append, const std::string& stats) {
               std::vector<std::string> cmd = {
                   pvppc,    "run",      "--kernel", kernel,      "--initrd",
                   rootfs,   "--append", append,     "--timeout", std::to_string(timeout_arg),
                   "--quiet"};
               if (!stats.empty()) {
                 cmd.push_back("--stats-json");
                 cmd.push_back(stats);
               }
               return cmd;
             },
             true};
  // As tests/guest/boot_qemu.sh: 128 MiB (the Bamboo's default), no NIC.
  Machine qm{"qemu bamboo",
             [&](const std::string& append, const std::string&) {
               return std::vector<std::string>{qemu,   "-M",         "bamboo",     "-m",
                                               "128",  "-nographic", "-no-reboot", "-net",
                                               "none", "-kernel",    kernel,       "-initrd",
                                               rootfs, "-append",    append};
             },
             false};

  Bench bench(boot_timeout, bench_timeout, scratch);
  Results rp, rq;
  for (int i = 0; i < repeat; ++i) {
    for (auto [m, r] : {std::pair{&pv, &rp}, std::pair{&qm, &rq}}) {
      fmt::print(stderr, "fullvirt_bench: boot {}/{} on {}\n", i + 1, repeat, m->name);
      bench.Boot(*m, *r, i == 0);
    }
  }
  for (auto [m, r] : {std::pair{&pv, &rp}, std::pair{&qm, &rq}}) {
    fmt::print(stderr, "fullvirt_bench: pvppc-guest-bench on {}\n", m->name);
    bench.GuestBench(*m, *r, scale);
  }
  for (auto [m, r] : {std::pair{&pv, &rp}, std::pair{&qm, &rq}}) {
    fmt::print(stderr, "fullvirt_bench: idle shell on {}\n", m->name);
    bench.Idle(*m, *r, idle_seconds);
  }

  fmt::print(
      "\nfullvirt_bench: {} boots each, best counts; kernel command line "
      "\"console=ttyS0 pvppc.run=...\"\n\n",
      repeat);
  Row("metric", "pvppc", "qemu bamboo", "ratio");
  Row(std::string(38, '-'), std::string(14, '-'), std::string(14, '-'), std::string(9, '-'));
  TimeRow("boot-to-init, s (best)", Best(rp.boot_to_init), Best(rq.boot_to_init));
  TimeRow("boot + reboot (process exit), s (best)", Best(rp.boot_total), Best(rq.boot_total));
  std::vector<std::string> names = rp.bench_order;
  for (const std::string& n : rq.bench_order)
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  for (const std::string& n : names) {
    auto scale_of = [&](std::optional<double> v) -> std::optional<double> {
      if (v) return *v * BenchScale(n);
      return v;
    };
    TimeRow(fmt::format("bench {}, {}", n, BenchUnit(n)), scale_of(Lookup(rp.ns_per_op, n)),
            scale_of(Lookup(rq.ns_per_op, n)), "{:.1f}");
  }
  TimeRow("idle shell, host CPU % of one core", rp.idle_cpu_percent, rq.idle_cpu_percent, "{:.1f}");
  TimeRow("  the same from schedstat (ns)", rp.idle_cpu_percent_precise,
          rq.idle_cpu_percent_precise, "{:.3f}");
  if (rp.boot_stats) {
    const Stats& s = *rp.boot_stats;
    Row("exits per boot (total)", fmt::format("{}", s.total_exits), "-", "-");
    if (s.guest_instructions && s.wall_seconds > 0) {
      Row("guest instructions per boot", fmt::format("{:.0f}M", s.guest_instructions / 1e6), "-",
          "-");
      Row("exits per million guest instructions",
          fmt::format("{:.0f}", s.total_exits / (s.guest_instructions / 1e6)), "-", "-");
    }
    uint64_t handling_ns = 0;
    for (const ExitKind& e : s.exits) handling_ns += e.host_ns;
    if (s.wall_seconds > 0) {
      Row("guest MIPS during the boot",
          fmt::format("{:.0f}", s.guest_instructions / 1e6 / s.wall_seconds), "-", "-");
      Row("time in exit handlers, % of wall",
          fmt::format("{:.1f}", handling_ns / 1e7 / s.wall_seconds), "-", "-");
    }
    for (int i = 0; i < top && i < static_cast<int>(s.exits.size()); ++i) {
      const ExitKind& e = s.exits[static_cast<size_t>(i)];
      Row(fmt::format("  exits/boot {}:{}", e.category, e.name),
          fmt::format("{} {:.0f}%", e.count,
                      100.0 * e.count / std::max<uint64_t>(1, s.total_exits)),
          "-", "-");
    }
  }
  if (rp.bench_stats) {
    const Stats& s = *rp.bench_stats;
    Row("exits, boot + guest bench run (total)", fmt::format("{}", s.total_exits), "-", "-");
    for (int i = 0; i < std::min(top, 5) && i < static_cast<int>(s.exits.size()); ++i) {
      const ExitKind& e = s.exits[static_cast<size_t>(i)];
      Row(fmt::format("  exits/bench {}:{}", e.category, e.name),
          fmt::format("{} {:.0f}%", e.count,
                      100.0 * e.count / std::max<uint64_t>(1, s.total_exits)),
          "-", "-");
    }
  }
  fmt::print(
      "\nratio = pvppc / qemu bamboo (times, CPU): below 1 pvppc is better (faster, less CPU).\n");
  fmt::print("boot-to-init, s: pvppc {} | qemu {}\n", Join(rp.boot_to_init), Join(rq.boot_to_init));
  fmt::print("idle CPU: utime+stime from /proc/PID/stat over {:.1f} s; one clock tick = {:.2f}%\n",
             idle_seconds, 100.0 / static_cast<double>(sysconf(_SC_CLK_TCK)) / idle_seconds);
  fmt::print("pvppc: {}\n", resolved.empty() ? pvppc : resolved);

  std::filesystem::remove_all(scratch, ec);
  if (bench.failed()) {
    fmt::print(stderr, "\nfullvirt_bench: {} failure(s):\n", bench.errors().size());
    for (const std::string& e : bench.errors()) fmt::print(stderr, "  {}\n", e);
    return 1;
  }
  return 0;
}
