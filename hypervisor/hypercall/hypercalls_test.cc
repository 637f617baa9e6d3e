#include "hypervisor/hypercall/hypercalls.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "hypervisor/devices/mmio_bus.h"
#include "hypervisor/stats/exit_stats.h"
#include "hypervisor/vcpu/testing_fixture.h"
#include "hypervisor/vm/exit_handler.h"

namespace pvppc::hypercall {
namespace {

using abi::Status;

struct StringSink final : devices::CharSink {
  void write(uint8_t byte) override { text.push_back(static_cast<char>(byte)); }
  std::string text;
};

struct Fixture {
  vcpu::testing::VcpuFixture v;
  irq::Vmpic pic{v.vcpu};
  StringSink sink;
  devices::ByteChannel console{sink, pic, 0, 1};
  std::unique_ptr<abi::SharedPage> page = std::make_unique<abi::SharedPage>();
  static constexpr uint64_t kPagePaddr = 0xF0000;  // inside the fixture's 1 MiB
  mmu::PvMmu mmu{v.ram, v.ram.size(), v.shadow, [](uint64_t, uint64_t) { return false; }};
  Hypercalls calls{v.vcpu, pic, console, mmu, *page, kPagePaddr};

  Hypercalls::Result call(uint32_t vendor, uint32_t number, std::initializer_list<uint32_t> args) {
    v.state.gpr[11] = abi::Token(vendor, number);
    uint32_t r = 3;
    for (uint32_t a : args) v.state.gpr[r++] = a;
    return calls.dispatch(v.state);
  }
  uint32_t r(int n) const { return v.state.gpr[n]; }
};

TEST(Hypercalls, UnknownTokenReturnsUnimplementedAndTouchesNothingElse) {
  Fixture f;
  f.v.state.gpr[4] = 0x1234;
  const auto result = f.call(PVPPC_VENDOR_EPAPR, 99, {7});
  EXPECT_EQ(result.row, nullptr);
  EXPECT_EQ(f.r(3), PVPPC_UNIMPLEMENTED);
  EXPECT_EQ(f.r(4), 0x1234u);
  f.call(0x7777, PVPPC_HC_IDLE, {});
  EXPECT_EQ(f.r(3), PVPPC_UNIMPLEMENTED);  // a known number under an unknown vendor
}

TEST(Hypercalls, ByteChannelSendWritesTheBytesInRegisterOrder) {
  Fixture f;
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_BYTE_CHANNEL_SEND,
         {0, 6, 0x68656c6c, 0x6f0a0000, 0xdeadbeef, 0xdeadbeef});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  EXPECT_EQ(f.r(4), 6u);
  EXPECT_EQ(f.sink.text, "hello\n");
}

TEST(Hypercalls, ByteChannelRejectsBadHandlesAndCounts) {
  Fixture f;
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_BYTE_CHANNEL_SEND, {1, 1, 0x41000000});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_BYTE_CHANNEL_SEND, {0, 17, 0, 0, 0, 0});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_BYTE_CHANNEL_RECEIVE, {0, 17});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_BYTE_CHANNEL_POLL, {5});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  EXPECT_TRUE(f.sink.text.empty());
}

TEST(Hypercalls, ByteChannelReceiveReturnsQueuedInputInR5ToR8) {
  Fixture f;
  const uint8_t input[] = {'l', 's', '\r'};
  ASSERT_EQ(f.console.push_input(input), 3u);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_BYTE_CHANNEL_POLL, {0});
  EXPECT_EQ(f.r(4), 3u);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_BYTE_CHANNEL_RECEIVE, {0, 16});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  EXPECT_EQ(f.r(4), 3u);
  EXPECT_EQ(f.r(5), 0x6c730d00u);
  EXPECT_EQ(f.r(8), 0u);
}

TEST(Hypercalls, InterruptControllerConfigMaskIackEoi) {
  Fixture f;
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_SET_CONFIG, {5, 3, 8, 1});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_GET_CONFIG, {5});
  EXPECT_EQ(f.r(4), 3u);
  EXPECT_EQ(f.r(5), 8u);
  EXPECT_EQ(f.r(6), 1u);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_SET_MASK, {5, 0});
  f.pic.set_line(5, true);
  EXPECT_TRUE(f.v.vcpu.external_pin());
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_IACK, {0});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  EXPECT_EQ(f.r(4), 5u);
  EXPECT_FALSE(f.v.vcpu.external_pin());
  f.pic.set_line(5, false);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_EOI, {5});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_IACK, {0});
  EXPECT_EQ(f.r(4), PVPPC_PIC_SPURIOUS);
}

TEST(Hypercalls, InterruptControllerRejectsOutOfRangeHandles) {
  Fixture f;
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_SET_CONFIG, {64, 3, 8, 1});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_SET_MASK, {0xffffffff, 0});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_IACK, {3});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_EOI, {4000});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
}

TEST(Hypercalls, IdleAsksTheVmToSleep) {
  Fixture f;
  const auto result = f.call(PVPPC_VENDOR_EPAPR, PVPPC_HC_IDLE, {});
  EXPECT_EQ(result.status, Status::kSuccess);
  EXPECT_EQ(result.effect, Effect::kIdle);
}

TEST(Hypercalls, FeaturesAndInfo) {
  Fixture f;
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_FEATURES, {});
  EXPECT_EQ(f.r(4), PVPPC_KVM_FEATURE_MAGIC_PAGE);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_GET_INFO, {});
  EXPECT_EQ(f.r(4), PVPPC_ABI_VERSION);
  EXPECT_EQ(f.r(5), Hypercalls::kFeatures);
}

TEST(Hypercalls, SystemOffPowersOffOrRebootsAndRejectsOtherModes) {
  Fixture f;
  EXPECT_EQ(f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_SYSTEM_OFF, {0}).effect, Effect::kPowerOff);
  EXPECT_EQ(f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_SYSTEM_OFF, {1}).effect, Effect::kReboot);
  const auto bad = f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_SYSTEM_OFF, {2});
  EXPECT_EQ(bad.effect, Effect::kNone);
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
}

TEST(Hypercalls, MagicPageOnlyAtTheAbiAddress) {
  Fixture f;
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_MAP_MAGIC_PAGE, {0xffffe000, 0xffffe000});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  EXPECT_FALSE(f.v.vcpu.shared_page_mapped());
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_MAP_MAGIC_PAGE, {0xfffff000, 0xfffff000});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  ASSERT_TRUE(f.v.vcpu.shared_page_mapped());
  EXPECT_EQ(f.page->magic.get(), PVPPC_SHARED_PAGE_MAGIC);
  EXPECT_EQ(f.page->abi_version.get(), PVPPC_ABI_VERSION);
  EXPECT_EQ(f.r(4), PVPPC_KVM_MAGIC_FEAT_SPRG4_7_ESR);
  // Mapping it again at the same address is allowed.
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_MAP_MAGIC_PAGE, {0xfffff000, 0xfffff001});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
}

// The PV machine maps the page at entry; a KVM-style guest's call afterwards
// must not refill it over what the guest has stored since.
TEST(Hypercalls, MagicPageCallKeepsThePageMappedAtEntry) {
  Fixture f;
  f.calls.map_shared_page();
  ASSERT_TRUE(f.v.vcpu.shared_page_mapped());
  EXPECT_EQ(f.page->magic.get(), PVPPC_SHARED_PAGE_MAGIC);
  f.page->sprg0.set(0x12345678);
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_MAP_MAGIC_PAGE, {0xfffff000, 0xfffff001});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  EXPECT_EQ(f.r(4), PVPPC_KVM_MAGIC_FEAT_SPRG4_7_ESR);
  EXPECT_EQ(f.page->sprg0.get(), 0x12345678u);
}

TEST(Hypercalls, MagicPageIsMappedForTheGuestKernelOnly) {
  Fixture f;
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_MAP_MAGIC_PAGE, {0xfffff000, 0xfffff000});
  const auto kernel = f.v.shadow.translate(0xfffff058, memory::Access::kWrite, 0);
  EXPECT_EQ(kernel.status, memory::Translation::Status::kOk);
  EXPECT_EQ(kernel.page_paddr, Fixture::kPagePaddr);
  f.v.vcpu.set_msr(cpu::msr::kPR);
  EXPECT_EQ(f.v.shadow.translate(0xfffff058, memory::Access::kRead, 0).status,
            memory::Translation::Status::kTlbMiss);
}

TEST(SharedPage, GuestStoresReachTheVirtualStateAndBack) {
  Fixture f;
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_MAP_MAGIC_PAGE, {0xfffff000, 0xfffff000});
  f.v.vcpu.set_msr(cpu::msr::kME);
  f.v.vcpu.push_shared();
  EXPECT_EQ(abi::Low32(f.page->msr), cpu::msr::kME);
  // The guest enables EE and writes SPRG1 and SRR0 with stores (patched code).
  abi::SetLow32(f.page->msr, cpu::msr::kME | cpu::msr::kEE | cpu::msr::kPR);
  abi::SetLow32(f.page->sprg1, 0xC0FFEE);
  abi::SetLow32(f.page->srr0, 0xC0001000);
  abi::SetLow32(f.page->sprg5, 55);
  f.v.vcpu.pull_shared();
  // Only EE of the MSR may change by a store.
  EXPECT_EQ(f.v.vcpu.sup().msr, cpu::msr::kME | cpu::msr::kEE);
  EXPECT_EQ(f.v.vcpu.sup().sprg0_3[1], 0xC0FFEEu);
  EXPECT_EQ(f.v.vcpu.sup().srr0, 0xC0001000u);
  EXPECT_EQ(f.v.state.sprg4_7[1], 55u);
}

TEST(SharedPage, IntPendingAndTheCriticalSection) {
  Fixture f;
  f.call(PVPPC_VENDOR_KVM, PVPPC_HC_KVM_MAP_MAGIC_PAGE, {0xfffff000, 0xfffff000});
  f.v.vcpu.set_external(true);
  f.v.vcpu.push_shared();
  EXPECT_EQ(f.page->int_pending.get(), 1u);
  f.v.vcpu.set_msr(cpu::msr::kEE);
  EXPECT_EQ(f.v.vcpu.deliverable_interrupt(), vcpu::Interrupt::kExternalInput);
  f.v.state.gpr[1] = 0xC07FFE00;
  abi::SetLow32(f.page->critical, 0xC07FFE00);
  EXPECT_FALSE(f.v.vcpu.deliverable_interrupt().has_value());
  abi::SetLow32(f.page->critical, 0);
  EXPECT_TRUE(f.v.vcpu.deliverable_interrupt().has_value());
}

TEST(ExitHandler, ScFromGuestUserModeIsASystemCallEvenWithTheMagic) {
  Fixture f;
  devices::MmioBus mmio;
  stats::ExitStats stats;
  vm::ExitHandler exits(f.v.vcpu, f.v.emulator, f.v.ram, mmio, stats);
  exits.enable_hypercalls(&f.calls);
  f.v.vcpu.sup().ivor[8] = 0x800;
  f.v.vcpu.set_msr(cpu::msr::kPR);
  f.v.state.gpr[0] = PVPPC_HCALL_R0_MAGIC;
  f.v.state.gpr[11] = abi::Token(PVPPC_VENDOR_PVPPC, PVPPC_HC_SYSTEM_OFF);
  f.v.state.pc = 0x1004;
  const auto verdict = exits.handle(cpu::Exit{cpu::ExitReason::kSystemCall, 0x1000});
  EXPECT_EQ(verdict.kind, vm::ExitVerdict::Kind::kContinue);
  EXPECT_EQ(f.v.state.pc, 0x800u);
  EXPECT_EQ(stats.count("syscall", "reflected"), 1u);

  // From supervisor mode the same sc is the hypercall.
  f.v.vcpu.set_msr(0);
  f.v.state.gpr[0] = PVPPC_HCALL_R0_MAGIC;
  f.v.state.gpr[3] = PVPPC_SYSTEM_OFF_POWER;
  f.v.state.gpr[11] = abi::Token(PVPPC_VENDOR_PVPPC, PVPPC_HC_SYSTEM_OFF);
  EXPECT_EQ(exits.handle(cpu::Exit{cpu::ExitReason::kSystemCall, 0x2000}).kind,
            vm::ExitVerdict::Kind::kPowerOff);
  EXPECT_EQ(stats.count("hypercall", "system-off"), 1u);
}

// The PV MMU calls reach the MMU with the guest's arguments, and a context
// switch makes the context the machine TLB's PID.
TEST(Hypercalls, MmuCallsCheckTheirArgumentsAndSwitchThePid) {
  Fixture f;
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_SWITCH_CONTEXT, {9, 0x20});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  EXPECT_EQ(f.v.vcpu.sup().pid, 9u);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_SWITCH_CONTEXT, {300, 0x20});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  EXPECT_EQ(f.v.vcpu.sup().pid, 9u);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_SWITCH_CONTEXT, {10, 0xFFFFF});  // table outside RAM
  EXPECT_EQ(f.r(3), PVPPC_EFAULT);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_MAP_FIXED, {0xC0000000, 0, 1 << 20, PVPPC_PTE_WRITE});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_MAP_FIXED, {0xD0000000, 0x10000, 1 << 20, 0});  // no RAM
  EXPECT_EQ(f.r(3), PVPPC_EFAULT);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_UNMAP_FIXED, {0xC0000000, 1 << 20});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_SET_KERNEL_TABLE, {0x20, 0xC0001000});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_INVALIDATE, {PVPPC_MMU_INVALIDATE_ALL, 0, 0, 0});
  EXPECT_EQ(f.r(3), PVPPC_SUCCESS);
  f.call(PVPPC_VENDOR_PVPPC, PVPPC_HC_MMU_INVALIDATE, {7, 0, 0, 0});
  EXPECT_EQ(f.r(3), PVPPC_EINVAL);
}

}  // namespace
}  // namespace pvppc::hypercall
