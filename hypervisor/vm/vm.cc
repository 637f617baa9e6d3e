#include "hypervisor/vm/vm.h"

#include <libfdt.h>

#include <algorithm>

#include "hypervisor/mmu/guest_tlb_entry.h"
#include "hypervisor/vm/device_tree.h"
#include "hypervisor/vm/kernel_image.h"
#include "hypervisor/vm/platform.h"
#include "hypervisor/vm/pv_device_tree.h"

namespace pvppc::vm {

using Clock = std::chrono::steady_clock;

namespace {

// Instructions per run of the core between checks of time, input and timers:
// about 50-100 us of guest time at the interpreter's speed.
constexpr uint64_t kSliceInstructions = 30'000;
constexpr uint64_t kMaxKernelBytes = 256ull << 20;
constexpr uint64_t kMaxDeviceTreeBytes = 64 << 10;
// How long a panicking guest may go on printing before the VM stops.
constexpr auto kPanicGrace = std::chrono::milliseconds(500);

}  // namespace

Vm::Vm(const VmConfig& config, HostConsole& console, std::unique_ptr<GuestRam> ram)
    : console_(console),
      ram_storage_(std::move(ram)),
      ram_(ram_storage_->bytes(), platform::kRamBase),
      time_base_(platform::kTimebaseHz),
      timers_(time_base_.read()),
      vcpu_(state_, tlb_, shadow_, timers_, time_base_, platform::kPvr),
      core_(state_, shadow_, ram_, time_base_),
      uic_pins_(vcpu_),
      pic_pins_(vcpu_),
      uic0_("uic0", platform::kUic0DcrBase, uic_pins_),
      uic1_output_(uic0_, platform::kUic1CascadeInput, platform::kUic1CascadeCriticalInput),
      uic1_("uic1", platform::kUic1DcrBase, uic1_output_),
      uart0_("uart0", console, uic0_, platform::kUart0Uic0Input),
      pic_(pic_pins_),
      console_channel_(console, pic_, pv_irq::kConsoleReceive, pv_irq::kConsoleTransmit),
      // The shared page sits in the host page right after guest RAM.
      shared_page_paddr_(platform::kRamBase + config.ram_bytes),
      pv_mmu_(ram_, config.ram_bytes, shadow_,
              [this](uint64_t base, uint64_t size) { return mmio_.overlaps(base, size); }),
      hypercalls_(vcpu_, pic_, console_channel_, pv_mmu_,
                  *reinterpret_cast<abi::SharedPage*>(
                      ram_.host_pointer(shared_page_paddr_, PVPPC_SHARED_PAGE_SIZE)),
                  shared_page_paddr_),
      emulator_(vcpu_, core_, dcrs_),
      exits_(vcpu_, emulator_, ram_, mmio_, stats_),
      timeout_(config.timeout),
      virtio_(ram_, mmio_) {}

Vm::~Vm() { console_.flush(); }

Result<std::unique_ptr<Vm>> Vm::Create(const VmConfig& config, HostConsole& console) {
  if (config.ram_bytes < platform::kMinRamBytes || config.ram_bytes > platform::kMaxRamBytes ||
      config.ram_bytes % memory::kPageSize != 0) {
    return MakeError("guest RAM must be between " + std::to_string(platform::kMinRamBytes >> 20) +
                     " MiB and " + std::to_string(platform::kMaxRamBytes >> 20) +
                     " MiB, in whole pages");
  }
  // One more page than the guest's RAM: the PV shared page.
  auto ram = GuestRam::Allocate(config.ram_bytes + PVPPC_SHARED_PAGE_SIZE);
  if (!ram) return tl::unexpected(ram.error());
  std::unique_ptr<Vm> vm(new Vm(config, console, std::move(*ram)));
  if (Status s = vm->dcrs_.attach(platform::kUic0DcrBase, platform::kUicDcrCount, vm->uic0_); !s) {
    return tl::unexpected(s.error());
  }
  if (Status s = vm->dcrs_.attach(platform::kUic1DcrBase, platform::kUicDcrCount, vm->uic1_); !s) {
    return tl::unexpected(s.error());
  }
  if (Status s = vm->mmio_.attach(platform::kUart0Base, platform::kUart0Size, vm->uart0_); !s) {
    return tl::unexpected(s.error());
  }
  if (Status s = vm->boot(config); !s) return tl::unexpected(s.error());
  return vm;
}

// Boot as head_44x.S expects (Documentation/powerpc/booting.rst): kernel at
// physical 0, r3 = the device tree, supervisor mode with translation through a
// TLB entry that covers the running code (TID 0 = PID 0, TS 0 = MSR[IS]).
Status Vm::boot(const VmConfig& config) {
  auto kernel_image = ReadFile(config.kernel, kMaxKernelBytes);
  if (!kernel_image) return MakeError("kernel: " + kernel_image.error().message);
  auto kernel = LoadKernelElf(*kernel_image, ram_);
  if (!kernel) return MakeError(config.kernel.string() + ": " + kernel.error().message);
  if (kernel->end_paddr > config.ram_bytes) {
    return MakeError(config.kernel.string() + ": does not fit guest RAM");
  }
  switch (config.machine) {
    case MachineKind::kAuto: paravirtual_ = kernel->pv_abi_version.has_value(); break;
    case MachineKind::kFull: paravirtual_ = false; break;
    case MachineKind::kParavirtual: paravirtual_ = true; break;
  }
  if (paravirtual_ && kernel->pv_abi_version && *kernel->pv_abi_version != PVPPC_ABI_VERSION) {
    return MakeError(config.kernel.string() + ": built for pvppc ABI version " +
                     std::to_string(*kernel->pv_abi_version) + "; this pvppc implements " +
                     std::to_string(PVPPC_ABI_VERSION));
  }
  // Interrupts reach the core through the UIC or the PV interrupt controller.
  uic_pins_.set_connected(!paravirtual_);
  pic_pins_.set_connected(paravirtual_);
  if (paravirtual_) {
    exits_.enable_hypercalls(&hypercalls_);
    // The PV machine has the PV MMU instead of a guest TLB (docs/abi.md,
    // "The PV MMU"); it boots with EA 0 mapped to physical 0 as TLB entry
    // 0 does on the full machine.
    vcpu_.remove_guest_tlb();
    exits_.enable_pv_mmu(&pv_mmu_);
  }
  if (Status s = add_virtio_devices(config); !s) return s;

  std::optional<std::vector<uint8_t>> initrd;
  if (config.initrd) {
    auto bytes = ReadFile(*config.initrd, config.ram_bytes);
    if (!bytes) {
      return MakeError("initrd: " + bytes.error().message + " (larger than guest RAM?)");
    }
    initrd = std::move(*bytes);
  }
  auto layout = PlanBootLayout(kernel->end_paddr, config.ram_bytes,
                               initrd ? std::optional<uint64_t>(initrd->size()) : std::nullopt,
                               kMaxDeviceTreeBytes);
  if (!layout) return tl::unexpected(layout.error());
  if (initrd && !ram_.write(layout->initrd->first, std::as_bytes(std::span(*initrd)))) {
    return MakeError("cannot place the initrd");
  }

  std::vector<uint8_t> device_tree;
  if (config.device_tree) {
    auto bytes = ReadFile(*config.device_tree, kMaxDeviceTreeBytes / 2);
    if (!bytes) return MakeError("device tree: " + bytes.error().message);
    device_tree = std::move(*bytes);
    device_tree.resize(kMaxDeviceTreeBytes);
    if (fdt_check_header(device_tree.data()) != 0 ||
        fdt_open_into(device_tree.data(), device_tree.data(), kMaxDeviceTreeBytes) != 0) {
      return MakeError(config.device_tree->string() + ": not a valid flattened device tree");
    }
    // Keep the user's tree but tell it where this run put the initrd and
    // what the command line is, as a boot loader would.
    int chosen = fdt_path_offset(device_tree.data(), "/chosen");
    if (chosen < 0) chosen = fdt_add_subnode(device_tree.data(), 0, "chosen");
    if (chosen < 0) return MakeError("device tree: cannot add /chosen");
    if (!config.bootargs.empty()) {
      fdt_setprop_string(device_tree.data(), chosen, "bootargs", config.bootargs.c_str());
    }
    if (layout->initrd) {
      fdt_setprop_u32(device_tree.data(), chosen, "linux,initrd-start",
                      static_cast<uint32_t>(layout->initrd->first));
      fdt_setprop_u32(device_tree.data(), chosen, "linux,initrd-end",
                      static_cast<uint32_t>(layout->initrd->second));
    }
    fdt_pack(device_tree.data());
    device_tree.resize(fdt_totalsize(device_tree.data()));
  } else {
    MachineDescription machine;
    machine.ram_bytes = config.ram_bytes;
    machine.bootargs = config.bootargs;
    machine.initrd = layout->initrd;
    machine.paravirtual = paravirtual_;
    DeviceTreeExtensions extensions;
    extensions.plb = [this](FdtWriter& fdt) { virtio_.write_nodes(fdt); };
    auto blob = BuildDeviceTree(machine, extensions);
    if (!blob) return MakeError("device tree: " + blob.error().message);
    device_tree = std::move(*blob);
  }
  if (device_tree.size() > kMaxDeviceTreeBytes ||
      !ram_.write(layout->device_tree_paddr, std::as_bytes(std::span(device_tree)))) {
    return MakeError("cannot place the device tree");
  }

  // The PV machine's boot mapping is the PV MMU's initial state.
  if (!paravirtual_) {
    // Entry 0: effective 0 -> physical 0, 256 MiB, supervisor RWX.
    constexpr uint32_t kBootEntry = 0;
    (void)tlb_.write(kBootEntry, 0,
                     mmu::tlb0::kV | (mmu::tlb_size::k256M << mmu::tlb0::kSizeShift), 0);
    (void)tlb_.write(kBootEntry, 1, 0, 0);
    (void)tlb_.write(kBootEntry, 2, mmu::tlb2::kSX | mmu::tlb2::kSW | mmu::tlb2::kSR, 0);
  }

  state_.gpr[3] = static_cast<uint32_t>(layout->device_tree_paddr);
  state_.gpr[4] = 0;
  state_.gpr[5] = 0;
  state_.gpr[6] = 0x45504150;  // ePAPR magic: r3 is a flattened device tree
  state_.gpr[7] = 256u << 20;  // size of the initial mapped area
  state_.pc = kernel->entry_paddr;
  vcpu_.set_msr(0);
  // A PV guest finds its shared page mapped from its first instruction
  // (docs/abi.md, "Boot protocol").
  if (paravirtual_) hypercalls_.map_shared_page();
  return {};
}

// virtio-mmio devices interrupt through the machine's controller: the PV
// interrupt controller (level high, docs/abi.md §9) or UIC0.
Status Vm::add_virtio_devices(const VmConfig& config) {
  VirtioInterrupts interrupts;
  if (paravirtual_) {
    interrupts = {&pic_, pv_irq::kFirstFree, kPvSenseLevelHigh, phandle::kPvPic};
  } else {
    interrupts = {&uic0_, platform::kVirtioUic0FirstInput, virtio::kUicSenseLevelHigh,
                  phandle::kUic0};
  }
  for (const backends::blk::DiskOption& disk : config.disks) {
    if (Status s = virtio_.add_disk(disk, interrupts); !s) return s;
  }
  for (const std::string& channel : config.disk_backends) {
    if (Status s = virtio_.add_remote_disk(channel, ram_storage_->shared_memory_name(),
                                           ram_storage_->bytes().size(),
                                           config.backend_attach_wait, [this] { wake(); },
                                           interrupts);
        !s) {
      return s;
    }
  }
  for (const backends::net::NetOption& net : config.nets) {
    if (Status s = virtio_.add_net(net, [this] { wake(); }, interrupts); !s) return s;
  }
  return {};
}

void Vm::wake() {
  {
    std::lock_guard lock(wake_mutex_);
    wake_pending_ = true;
  }
  wake_cv_.notify_one();
  core_.request_stop();
}

void Vm::feed_console_input() {
  uint8_t buffer[64];
  if (pending_input_.size() < 4096) {
    const size_t n = console_.take_input(buffer);
    pending_input_.insert(pending_input_.end(), buffer, buffer + n);
  }
  // The console input goes to the byte channel on the PV machine, to the
  // UART otherwise.
  while (!pending_input_.empty()) {
    const uint8_t byte = pending_input_.front();
    const size_t taken = paravirtual_ ? console_channel_.push_input(std::span(&byte, 1))
                                      : uart0_.receive(std::span(&byte, 1));
    if (taken == 0) break;
    pending_input_.pop_front();
  }
}

void Vm::idle_until(Clock::time_point deadline) {
  std::unique_lock lock(wake_mutex_);
  wake_cv_.wait_until(lock, deadline, [this] { return wake_pending_; });
  wake_pending_ = false;
}

double Vm::run_seconds() const {
  return std::chrono::duration<double>(Clock::now() - started_).count();
}

VmResult Vm::run() {
  started_ = Clock::now();
  // Without --timeout the run has no deadline (the far future).
  const Clock::time_point deadline = timeout_ ? started_ + *timeout_ : Clock::time_point::max();
  std::optional<Clock::time_point> panic_deadline;
  const auto idle_kind = stats_.kind("idle", "wait-state");
  console_.start([this] { wake(); });

  for (;;) {
    // One clock read per pass: the time base and every deadline derive from it.
    const Clock::time_point now = Clock::now();
    const uint64_t tb = time_base_.at(now);
    if (console_.quit_requested()) return {VmStop::kQuit, "quit from the console"};
    if (now >= deadline) return {VmStop::kTimeout, "the guest ran out of time"};
    if (console_.saw_panic()) {
      if (!panic_deadline) panic_deadline = now + kPanicGrace;
      if (now >= *panic_deadline) return {VmStop::kPanic, "the guest kernel panicked"};
    }
    feed_console_input();
    virtio_.poll();
    if (timers_.reset_requested()) return {VmStop::kReset, "watchdog reset"};

    // Interrupts the guest can take now (timers, the UIC's outputs).
    if (const std::optional<vcpu::Interrupt> interrupt = vcpu_.deliverable_interrupt(tb)) {
      const ExitVerdict verdict = exits_.deliver_async(*interrupt);
      if (verdict.kind == ExitVerdict::Kind::kGuestError) {
        return {VmStop::kGuestError, verdict.diagnostic};
      }
    }

    // The IDLE hypercall returns once an interrupt is pending, whatever
    // MSR[EE] says (docs/abi.md, "IDLE").
    if (vcpu_.sup().idle_hypercall && vcpu_.interrupt_pending(tb)) {
      vcpu_.sup().idle_hypercall = false;
    }

    // The wait state: sleep the host thread until the next timer event or
    // input.
    if (vcpu_.sup().waiting || vcpu_.sup().idle_hypercall) {
      if (vcpu_.sup().waiting && !(vcpu_.sup().msr & (cpu::msr::kEE | cpu::msr::kCE))) {
        return {VmStop::kHalted, "the guest waits with every interrupt disabled"};
      }
      // Decide and find the next timer event at one fresh TB: a timer that
      // fired since the check above has no next event to sleep until.
      const uint64_t sleep_tb = time_base_.read();
      if (vcpu_.deliverable_interrupt(sleep_tb)) continue;
      if (vcpu_.sup().idle_hypercall && vcpu_.interrupt_pending(sleep_tb)) continue;
      console_.flush();
      stats::ScopedExitTimer timer(stats_, idle_kind);
      Clock::time_point until = now + std::chrono::seconds(1);
      if (const auto next = timers_.next_event_tb(sleep_tb)) {
        until = std::min(until, time_base_.host_time_of(*next));
      }
      until = std::min(until, deadline);
      if (panic_deadline) until = std::min(until, *panic_deadline);
      idle_until(until);
      continue;
    }

    vcpu_.push_shared(tb);
    if (shadow_.flush_pending()) {
      const mmu::ShadowTlb::PendingFlush flush = shadow_.take_pending_flush();
      if (flush.all) {
        core_.flush_translations();
      } else {
        for (uint32_t i = 0; i < flush.count; ++i) {
          const auto& r = flush.ranges[i];
          core_.invalidate_translations(r.base, r.size, r.executable);
        }
      }
    }
    core_.set_translation_context(shadow_.context_id());
    const cpu::Exit exit = core_.run(kSliceInstructions);
    // The PV guest's stores to its shared page while it ran; from here until
    // the next push the virtual state is authoritative.
    vcpu_.pull_shared();
    if (exit.reason == cpu::ExitReason::kInstructionBudget ||
        exit.reason == cpu::ExitReason::kStopRequested) {
      continue;  // the hypervisor's own time slice, not a guest exit
    }
    const ExitVerdict verdict = exits_.handle(exit);
    switch (verdict.kind) {
      case ExitVerdict::Kind::kContinue: break;
      case ExitVerdict::Kind::kResetRequested:
        if (console_.saw_panic()) return {VmStop::kPanic, "the guest kernel panicked"};
        return {VmStop::kReset, "the guest requested a reset"};
      case ExitVerdict::Kind::kPowerOff: return {VmStop::kPowerOff, "the guest switched itself off"};
      case ExitVerdict::Kind::kGuestError: return {VmStop::kGuestError, verdict.diagnostic};
    }
  }
}

}  // namespace pvppc::vm
