#include "hypervisor/vcpu/interrupt.h"

#include <gtest/gtest.h>

#include "hypervisor/vcpu/spr.h"
#include "hypervisor/vcpu/testing_fixture.h"

namespace pvppc::vcpu {
namespace {

using namespace cpu::msr;

SupervisorState WithVectors() {
  SupervisorState s;
  s.ivpr = 0xC0000000;
  for (uint32_t i = 0; i < 16; ++i) s.ivor[i] = 0x100 * (i + 1);
  return s;
}

TEST(InterruptDelivery, BaseClassSavesSrrsAndKeepsCeMeDe) {
  SupervisorState s = WithVectors();
  s.msr = kPR | kEE | kCE | kME | kDE | kFP | kIS | kDS | kWE;
  const uint32_t vector = Deliver(s, Interrupt::kSystemCall, 0x10000104);
  EXPECT_EQ(vector, 0xC0000900u);
  EXPECT_EQ(s.srr0, 0x10000104u);
  EXPECT_EQ(s.srr1, kPR | kEE | kCE | kME | kDE | kFP | kIS | kDS | kWE);
  EXPECT_EQ(s.msr, kCE | kME | kDE);
}

TEST(InterruptDelivery, CriticalClassUsesCsrrsAndKeepsOnlyMe) {
  SupervisorState s = WithVectors();
  s.msr = kEE | kCE | kME | kDE;
  s.srr0 = 0x1111;
  EXPECT_EQ(Deliver(s, Interrupt::kWatchdog, 0x2000), 0xC0000D00u);
  EXPECT_EQ(s.csrr0, 0x2000u);
  EXPECT_EQ(s.csrr1, kEE | kCE | kME | kDE);
  EXPECT_EQ(s.srr0, 0x1111u);  // untouched
  EXPECT_EQ(s.msr, kME);
  EXPECT_EQ(ClassOf(Interrupt::kCriticalInput), InterruptClass::kCritical);
  EXPECT_EQ(ClassOf(Interrupt::kDebug), InterruptClass::kCritical);
}

TEST(InterruptDelivery, MachineCheckUsesMcsrrsAndClearsEverything) {
  SupervisorState s = WithVectors();
  s.msr = kEE | kCE | kME;
  EXPECT_EQ(Deliver(s, Interrupt::kMachineCheck, 0x3000), 0xC0000200u);
  EXPECT_EQ(s.mcsrr0, 0x3000u);
  EXPECT_EQ(s.mcsrr1, kEE | kCE | kME);
  EXPECT_EQ(s.msr, 0u);
}

TEST(InterruptDelivery, VectorIsIvprHighHalfOrIvorOffset) {
  SupervisorState s;
  s.ivpr = 0x12340000;
  s.ivor[static_cast<int>(Interrupt::kDataTlbError)] = 0x0000ABC0;
  EXPECT_EQ(Deliver(s, Interrupt::kDataTlbError, 0), 0x1234ABC0u);
}

TEST(InterruptDelivery, UnsetVectorsAreReported) {
  SupervisorState s;
  EXPECT_FALSE(VectorsSet(s, Interrupt::kProgram));
  s.ivor[6] = 0x700;
  EXPECT_TRUE(VectorsSet(s, Interrupt::kProgram));
}

TEST(InterruptDelivery, DeliveryEndsTheWaitState) {
  SupervisorState s = WithVectors();
  s.waiting = true;
  Deliver(s, Interrupt::kDecrementer, 0);
  EXPECT_FALSE(s.waiting);
}

TEST(Vcpu, ExternalPinNeedsEeAndCriticalPinNeedsCe) {
  testing::VcpuFixture f;
  f.vcpu.set_external(true);
  EXPECT_FALSE(f.vcpu.deliverable_interrupt().has_value());
  f.vcpu.set_msr(kEE);
  EXPECT_EQ(f.vcpu.deliverable_interrupt(), Interrupt::kExternalInput);
  f.vcpu.set_critical(true);
  EXPECT_EQ(f.vcpu.deliverable_interrupt(), Interrupt::kExternalInput);  // CE still off
  f.vcpu.set_msr(kEE | kCE);
  EXPECT_EQ(f.vcpu.deliverable_interrupt(), Interrupt::kCriticalInput);  // critical first
}

TEST(Vcpu, DecrementerInterruptFollowsTsrAndTcr) {
  testing::VcpuFixture f;
  const uint64_t tb = f.time_base.read();
  f.timers.set_tcr(tb, 1u << (31 - 5));  // DIE
  f.timers.set_dec(tb, 1);
  f.vcpu.set_msr(kEE);
  // One tick later the decrementer has expired.
  while (f.time_base.read() < tb + 3) {
  }
  EXPECT_EQ(f.vcpu.deliverable_interrupt(), Interrupt::kDecrementer);
  f.timers.clear_tsr(f.time_base.read(), 1u << (31 - 4));  // DIS
  EXPECT_FALSE(f.vcpu.deliverable_interrupt().has_value());
}

TEST(Vcpu, TakingAnInterruptMovesThePcAndEntersSupervisorMode) {
  testing::VcpuFixture f;
  f.vcpu.sup().ivpr = 0xC0000000;
  f.vcpu.sup().ivor[8] = 0x0C00;
  f.vcpu.set_msr(kPR | kEE | kFP);
  EXPECT_TRUE(f.shadow.context().user);
  f.vcpu.take_interrupt(Interrupt::kSystemCall, 0x10000010);
  EXPECT_EQ(f.state.pc, 0xC0000C00u);
  EXPECT_FALSE(f.vcpu.guest_user_mode());
  EXPECT_FALSE(f.shadow.context().user);
  EXPECT_FALSE(f.state.msr & kFP);  // the guest kernel runs with FP off
  EXPECT_TRUE(f.state.msr & kPR);   // the machine never leaves user mode
}

TEST(Vcpu, MtmsrWithWeEntersTheWaitState) {
  testing::VcpuFixture f;
  f.vcpu.set_msr(kWE | kEE);
  EXPECT_TRUE(f.vcpu.sup().waiting);
}

}  // namespace
}  // namespace pvppc::vcpu
