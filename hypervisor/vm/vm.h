// One fully virtualized 440 guest: its RAM, its virtual core, its devices, and
// the run loop that ties them together (lguest's run_guest, readable top to
// bottom, is the model).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hypervisor/common/result.h"
#include "hypervisor/cpu/core.h"
#include "hypervisor/devices/dcr_bus.h"
#include "hypervisor/devices/mmio_bus.h"
#include "hypervisor/devices/uart16550.h"
#include "hypervisor/devices/byte_channel.h"
#include "hypervisor/hypercall/hypercalls.h"
#include "hypervisor/irq/gated_pins.h"
#include "hypervisor/irq/uic.h"
#include "hypervisor/irq/vmpic.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/mmu/guest_tlb.h"
#include "hypervisor/mmu/shadow_tlb.h"
#include "hypervisor/stats/exit_stats.h"
#include "hypervisor/timer/booke_timer.h"
#include "hypervisor/vcpu/host_time_base.h"
#include "hypervisor/vcpu/privileged_emulator.h"
#include "hypervisor/vcpu/vcpu.h"
#include "hypervisor/vm/exit_handler.h"
#include "hypervisor/vm/guest_ram.h"
#include "hypervisor/vm/host_console.h"
#include "hypervisor/vm/virtio_devices.h"
#include "virtio-backends/blk/disk_option.h"

namespace pvppc::vm {

enum class MachineKind : uint8_t {
  kAuto,          // PV when the kernel carries the pvppc ELF note, else full
  kFull,          // the Bamboo-like 440EP for unmodified guests
  kParavirtual,   // plus the pvppc ABI: hypercalls, shared page, PV PIC, byte channel
};

struct VmConfig {
  std::filesystem::path kernel;
  std::optional<std::filesystem::path> initrd;
  std::optional<std::filesystem::path> device_tree;  // replaces the generated one
  uint64_t ram_bytes = 0;
  std::string bootargs;
  std::optional<std::chrono::milliseconds> timeout;
  MachineKind machine = MachineKind::kAuto;
  std::vector<backends::blk::DiskOption> disks;  // virtio-blk, one each (--disk)
  std::vector<std::string> disk_backends;  // virtio-blk served by pvppc-blk (--disk-backend)
  std::chrono::milliseconds backend_attach_wait{30'000};
  std::vector<backends::net::NetOption> nets;  // virtio-net (--net user,... or switch=NAME)
};

enum class VmStop : uint8_t {
  kReset,       // the guest rebooted (DBCR0 reset, watchdog, SYSTEM_OFF reboot)
  kPowerOff,    // the guest switched itself off (SYSTEM_OFF)
  kHalted,      // the guest entered the wait state with every interrupt disabled
  kPanic,       // the guest kernel panicked
  kGuestError,  // the hypervisor stopped a misbehaving guest
  kTimeout,
  kQuit,        // escape key or a signal
};

struct VmResult {
  VmStop stop;
  std::string detail;
};

class Vm {
 public:
  [[nodiscard]] static Result<std::unique_ptr<Vm>> Create(const VmConfig& config,
                                                          HostConsole& console);
  ~Vm();

  VmResult run();

  // Thread-safe: makes run() return kQuit soon (signal handlers use a flag
  // and call this from a normal thread).
  void wake();

  const stats::ExitStats& stats() const { return stats_; }
  uint64_t guest_instructions() const { return core_.instructions_executed(); }
  double run_seconds() const;
  bool paravirtual() const { return paravirtual_; }

 private:
  Vm(const VmConfig& config, HostConsole& console, std::unique_ptr<GuestRam> ram);
  [[nodiscard]] Status boot(const VmConfig& config);
  [[nodiscard]] Status add_virtio_devices(const VmConfig& config);
  void feed_console_input();
  void idle_until(std::chrono::steady_clock::time_point deadline);

  HostConsole& console_;
  std::unique_ptr<GuestRam> ram_storage_;
  memory::GuestMemory ram_;
  cpu::CpuState state_;
  mmu::GuestTlb tlb_;
  mmu::ShadowTlb shadow_;
  vcpu::HostTimeBase time_base_;
  timer::BookeTimer timers_;
  vcpu::Vcpu vcpu_;
  cpu::Core core_;
  devices::DcrBus dcrs_;
  devices::MmioBus mmio_;
  irq::GatedPins uic_pins_;
  irq::GatedPins pic_pins_;
  irq::Uic uic0_;
  irq::UicCascade uic1_output_;
  irq::Uic uic1_;
  devices::Uart16550 uart0_;
  irq::Vmpic pic_;
  devices::ByteChannel console_channel_;
  uint64_t shared_page_paddr_;
  mmu::PvMmu pv_mmu_;
  hypercall::Hypercalls hypercalls_;
  bool paravirtual_ = false;
  vcpu::PrivilegedEmulator emulator_;
  stats::ExitStats stats_;
  ExitHandler exits_;
  std::optional<std::chrono::milliseconds> timeout_;
  std::deque<uint8_t> pending_input_;

  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  bool wake_pending_ = false;
  std::chrono::steady_clock::time_point started_;
  // Last: backend watcher threads call wake() until it is destroyed.
  VirtioDevices virtio_;
};

}  // namespace pvppc::vm
