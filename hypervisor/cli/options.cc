#include "hypervisor/cli/options.h"

#include <CLI/CLI.hpp>

#include <cctype>
#include <limits>

#include "hypervisor/vm/platform.h"
#include "virtio-backends/blk/disk_option.h"
#include "virtio-backends/net/net_option.h"

namespace pvppc::cli {

Result<uint64_t> ParseMemorySize(const std::string& text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
    return MakeError("'" + text + "' is not a size (examples: 128M, 1G)");
  }
  size_t end = 0;
  uint64_t value = 0;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) {
    const uint64_t digit = static_cast<uint64_t>(text[end] - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return MakeError("'" + text + "' is too large");
    }
    value = value * 10 + digit;
    ++end;
  }
  const std::string suffix = text.substr(end);
  uint64_t shift = 0;
  if (suffix == "" ) {
    shift = 0;
  } else if (suffix == "K" || suffix == "k" || suffix == "KiB") {
    shift = 10;
  } else if (suffix == "M" || suffix == "m" || suffix == "MiB") {
    shift = 20;
  } else if (suffix == "G" || suffix == "g" || suffix == "GiB") {
    shift = 30;
  } else {
    return MakeError("'" + text + "': unknown size suffix '" + suffix + "' (use K, M or G)");
  }
  if (value > (std::numeric_limits<uint64_t>::max() >> shift)) {
    return MakeError("'" + text + "' is too large");
  }
  return value << shift;
}

namespace {

constexpr char kFooter[] = R"(Console: the guest's UART is on stdin/stdout. On a terminal it is raw; press
Ctrl-A x to quit (Ctrl-A Ctrl-A sends Ctrl-A).

Exit status:
  0  the guest rebooted, powered off or halted
  1  setup error (kernel, initrd, device tree, memory size, a missing or locked disk image)
  2  bad command line
  3  the guest kernel panicked
  4  the hypervisor stopped a misbehaving guest (diagnostic on stderr)
  5  --timeout expired
  6  quit from the console or by SIGINT/SIGTERM)";

}  // namespace

ParsedCommandLine ParseCommandLine(const std::vector<std::string>& args) {
  CLI::App app{"pvppc: a hypervisor for PowerPC 440 guests", "pvppc"};
  app.require_subcommand(1);
  app.footer(kFooter);
  CLI::App* run = app.add_subcommand("run", "Boot a 440 Linux kernel (or another guest)");
  run->footer(kFooter);

  RunOptions options;
  std::string kernel, initrd, dtb, mem = "128M", stats_json;
  double timeout_seconds = 0;
  run->add_option("--kernel", kernel, "Guest kernel: a 32-bit big-endian PowerPC ELF (vmlinux)")
      ->required();
  run->add_option("--initrd", initrd, "Initial ramdisk (cpio archive) placed in guest RAM");
  run->add_option("--mem", mem, "Guest RAM size, e.g. 128M or 1G (16M to 2G)")
      ->default_str("128M");
  run->add_option("--append", options.vm.bootargs,
                  "Kernel command line (the console follows the device tree's stdout-path: the "
                  "UART, or the byte channel on the PV machine)");
  run->add_option("--dtb", dtb,
                  "Device tree blob to pass instead of the generated one (its /chosen gets the "
                  "initrd and --append)");
  run->add_option("--stats-json", stats_json, "Write exit statistics as JSON to this file");
  run->add_option("--timeout", timeout_seconds, "Stop the guest after this many seconds")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            try {
              if (std::stod(text) > 0) return {};
            } catch (const std::exception&) {
            }
            return "must be a positive number of seconds";
          },
          "SECONDS"));
  run->add_flag("--quiet", options.quiet, "Do not print the exit statistics table at exit");
  std::vector<std::string> disks;
  run->add_option("--disk", disks,
                  "FILE[,ro]: a raw disk image as a virtio-blk device (repeatable: vda, vdb, ...); "
                  "ro makes it read-only. The image is locked while pvppc runs")
      ->allow_extra_args(false);
  run->add_option("--disk-backend", options.vm.disk_backends,
                  "NAME: a virtio-blk device served by a separate pvppc-blk process on the backend "
                  "channel NAME (/dev/shm/NAME; start pvppc-blk --channel NAME --disk FILE; pvppc "
                  "waits up to 30 s for it)")
      ->allow_extra_args(false);
  std::vector<std::string> nets;
  run->add_option("--net", nets,
                  "user[,hostfwd=tcp:[HOSTADDR]:HOSTPORT-:GUESTPORT]...: a virtio-net device on "
                  "libslirp user networking (guest 10.0.2.15/24, gateway and host loopback "
                  "10.0.2.2, DNS 10.0.2.3); hostfwd forwards a host TCP port (127.0.0.1 by "
                  "default) into the guest. switch=NAME: a port on the shared-memory switch NAME "
                  "(/dev/shm/pvppc-switch-NAME, up to 8 VMs on this host; no DHCP: give the guests "
                  "static addresses). Repeatable")
      ->allow_extra_args(false);
  std::string machine = "auto";
  run->add_option("--machine", machine,
                  "auto: the PV machine for a kernel with the pvppc ELF note, else full; "
                  "full: the Bamboo-like 440EP only; pv: with the pvppc ABI (docs/abi.md)")
      ->check(CLI::IsMember({"auto", "full", "pv"}))
      ->default_str("auto");

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!args.empty()) reversed.pop_back();  // argv[0]
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return PrintAndExit{run->parsed() ? run->help() : app.help(), exit_status::kGuestStopped};
  } catch (const CLI::CallForAllHelp&) {
    return PrintAndExit{app.help("", CLI::AppFormatMode::All), exit_status::kGuestStopped};
  } catch (const CLI::ParseError& e) {
    return PrintAndExit{std::string("pvppc: ") + e.what() + "\nRun 'pvppc run --help' for usage.\n",
                        exit_status::kUsage};
  }

  options.vm.machine = machine == "full" ? vm::MachineKind::kFull
                       : machine == "pv"   ? vm::MachineKind::kParavirtual
                                           : vm::MachineKind::kAuto;
  auto bytes = ParseMemorySize(mem);
  if (!bytes) return PrintAndExit{"pvppc: --mem: " + bytes.error().message + "\n", exit_status::kUsage};
  options.vm.ram_bytes = *bytes;
  options.vm.kernel = kernel;
  for (const std::string& text : disks) {
    auto disk = backends::blk::ParseDiskOption(text);
    if (!disk) return PrintAndExit{"pvppc: --disk: " + disk.error().message + "\n", exit_status::kUsage};
    options.vm.disks.push_back(*disk);
  }
  for (const std::string& text : nets) {
    auto net = backends::net::ParseNetOption(text);
    if (!net) return PrintAndExit{"pvppc: --net: " + net.error().message + "\n", exit_status::kUsage};
    options.vm.nets.push_back(*net);
  }
  if (!initrd.empty()) options.vm.initrd = initrd;
  if (!dtb.empty()) options.vm.device_tree = dtb;
  if (!stats_json.empty()) options.stats_json = stats_json;
  if (timeout_seconds > 0) {
    options.vm.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1000));
  }
  return options;
}

}  // namespace pvppc::cli
