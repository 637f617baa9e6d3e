#include "hypervisor/vcpu/privileged_emulator.h"

#include <gtest/gtest.h>

#include "hypervisor/mmu/guest_tlb_entry.h"
#include "hypervisor/vcpu/spr.h"
#include "hypervisor/vcpu/testing_fixture.h"

namespace pvppc::vcpu {
namespace {

using namespace testing;
using cpu::msr::kEE;
using cpu::msr::kFP;
using cpu::msr::kPR;

TEST(PrivilegedEmulator, MtmsrAndMfmsrMoveTheVirtualMsrNotTheMachines) {
  VcpuFixture f;
  f.state.gpr[5] = kEE | kFP;
  EXPECT_EQ(f.emulate(Mtmsr(5)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.vcpu.sup().msr, kEE | kFP);
  EXPECT_EQ(f.state.pc, 0x1004u);
  // The machine keeps running guest code in user mode; FP follows the guest.
  EXPECT_TRUE(f.state.msr & kPR);
  EXPECT_TRUE(f.state.msr & kFP);
  EXPECT_EQ(f.emulate(Mfmsr(6)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.gpr[6], kEE | kFP);
}

TEST(PrivilegedEmulator, WrteeiTouchesOnlyEe) {
  VcpuFixture f;
  f.vcpu.set_msr(kFP);
  ASSERT_EQ(f.emulate(Wrteei(true)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.vcpu.sup().msr, kFP | kEE);
  ASSERT_EQ(f.emulate(Wrteei(false)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.vcpu.sup().msr, kFP);
}

TEST(PrivilegedEmulator, RfiReturnsThroughSrr0AndSrr1) {
  VcpuFixture f;
  f.vcpu.sup().srr0 = 0x10000003;  // low bits ignored
  f.vcpu.sup().srr1 = kPR | kEE;
  EXPECT_EQ(f.emulate(Rfi()), EmulationOutcome::kBranched);
  EXPECT_EQ(f.state.pc, 0x10000000u);
  EXPECT_EQ(f.vcpu.sup().msr, kPR | kEE);
  EXPECT_TRUE(f.vcpu.guest_user_mode());
  EXPECT_TRUE(f.shadow.context().user);
}

TEST(PrivilegedEmulator, RfciUsesTheCriticalPair) {
  VcpuFixture f;
  f.vcpu.sup().csrr0 = 0x2000;
  f.vcpu.sup().csrr1 = kEE;
  EXPECT_EQ(f.emulate(Rfci()), EmulationOutcome::kBranched);
  EXPECT_EQ(f.state.pc, 0x2000u);
  EXPECT_EQ(f.vcpu.sup().msr, kEE);
}

TEST(PrivilegedEmulator, SprsReadBackAndPvrIsThe440s) {
  VcpuFixture f;
  f.state.gpr[3] = 0xC0001234;
  for (uint32_t spr : {spr::kSrr0, spr::kSrr1, spr::kCsrr0, spr::kDear, spr::kEsr, spr::kSprg0,
                       spr::kSprg0 + 3, spr::kIac1, spr::kDbcr1}) {
    ASSERT_EQ(f.emulate(Mtspr(spr, 3)), EmulationOutcome::kCompleted) << spr;
    f.state.gpr[4] = 0;
    ASSERT_EQ(f.emulate(Mfspr(4, spr)), EmulationOutcome::kCompleted) << spr;
    EXPECT_EQ(f.state.gpr[4], 0xC0001234u) << spr;
  }
  ASSERT_EQ(f.emulate(Mfspr(4, spr::kPvr)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.gpr[4], kTestPvr);
}

TEST(PrivilegedEmulator, IvorsKeepOnlyTheirOffsetBitsAndIvprItsHighHalf) {
  VcpuFixture f;
  f.state.gpr[3] = 0xFFFFFFFF;
  ASSERT_EQ(f.emulate(Mtspr(spr::kIvor0 + 8, 3)), EmulationOutcome::kCompleted);
  ASSERT_EQ(f.emulate(Mtspr(spr::kIvpr, 3)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.vcpu.sup().ivor[8], 0x0000FFF0u);
  EXPECT_EQ(f.vcpu.sup().ivpr, 0xFFFF0000u);
}

TEST(PrivilegedEmulator, Sprg4To7WritesReachTheUserReadableCopies) {
  VcpuFixture f;
  f.state.gpr[3] = 77;
  ASSERT_EQ(f.emulate(Mtspr(spr::kSprg4Write + 2, 3)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.sprg4_7[2], 77u);
}

TEST(PrivilegedEmulator, UnknownSprIsAnIllegalInstructionForTheGuest) {
  VcpuFixture f;
  f.vcpu.sup().ivpr = 0xC0000000;
  f.vcpu.sup().ivor[6] = 0x700;
  f.vcpu.set_msr(kEE);
  EXPECT_EQ(f.emulate(Mfspr(3, 1000), 0xC0001000), EmulationOutcome::kGuestFault);
  EXPECT_EQ(f.state.pc, 0xC0000700u);
  EXPECT_EQ(f.vcpu.sup().srr0, 0xC0001000u);
  EXPECT_EQ(f.vcpu.sup().srr1, kEE);
  EXPECT_EQ(f.vcpu.sup().esr, cpu::esr::kPIL);
  EXPECT_EQ(f.vcpu.sup().msr, 0u);
}

TEST(PrivilegedEmulator, PidWriteSwitchesTheShadowContext) {
  VcpuFixture f;
  f.state.gpr[3] = 0x1234;  // only 8 bits exist
  ASSERT_EQ(f.emulate(Mtspr(spr::kPid, 3)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.vcpu.sup().pid, 0x34u);
  EXPECT_EQ(f.shadow.context().pid, 0x34);
  EXPECT_EQ(f.shadow.context_id() & 0xff, 0x34u);
}

TEST(PrivilegedEmulator, Dbcr0ResetFieldRequestsAReset) {
  VcpuFixture f;
  f.state.gpr[3] = 0x30000000;  // DBCR0[RST] = system reset
  EXPECT_EQ(f.emulate(Mtspr(spr::kDbcr0, 3)), EmulationOutcome::kResetRequest);
  f.state.gpr[3] = 0x80000000;  // EDM only
  EXPECT_EQ(f.emulate(Mtspr(spr::kDbcr0, 3)), EmulationOutcome::kCompleted);
}

TEST(PrivilegedEmulator, TlbweTlbreRoundTripWithMmucrStid) {
  VcpuFixture f;
  f.vcpu.sup().mmucr = 0x42;  // STID
  f.state.gpr[10] = 5;        // index
  f.state.gpr[3] = 0x10000000 | mmu::tlb0::kV | (mmu::tlb_size::k4K << mmu::tlb0::kSizeShift);
  f.state.gpr[4] = 0x00200000 | 0x1;  // RPN, ERPN 1
  f.state.gpr[5] = mmu::tlb2::kUR | mmu::tlb2::kSR | mmu::tlb2::kSW;
  ASSERT_EQ(f.emulate(Tlbwe(3, 10, 0)), EmulationOutcome::kCompleted);
  ASSERT_EQ(f.emulate(Tlbwe(4, 10, 1)), EmulationOutcome::kCompleted);
  ASSERT_EQ(f.emulate(Tlbwe(5, 10, 2)), EmulationOutcome::kCompleted);
  const auto match = f.tlb.translate(0x10000123, 0x42, false);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->real_address, 0x100200123ull);

  f.vcpu.sup().mmucr = 0;
  ASSERT_EQ(f.emulate(Tlbre(6, 10, 0)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.gpr[6], f.state.gpr[3]);
  EXPECT_EQ(f.vcpu.sup().mmucr & 0xff, 0x42u);  // tlbre word 0 loads STID
  ASSERT_EQ(f.emulate(Tlbre(7, 10, 1)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.gpr[7], f.state.gpr[4]);
}

TEST(PrivilegedEmulator, TlbweWithWsAbove2IsIllegal) {
  VcpuFixture f;
  f.vcpu.sup().ivor[6] = 0x700;
  EXPECT_EQ(f.emulate(Tlbwe(3, 10, 3)), EmulationOutcome::kGuestFault);
  EXPECT_EQ(f.vcpu.sup().esr, cpu::esr::kPIL);
}

TEST(PrivilegedEmulator, TlbsxDotSetsCr0EqOnHitAndClearsItOnMiss) {
  VcpuFixture f;
  f.state.gpr[10] = 9;
  f.state.gpr[3] = 0x20000000 | mmu::tlb0::kV | (mmu::tlb_size::k16M << mmu::tlb0::kSizeShift);
  ASSERT_EQ(f.emulate(Tlbwe(3, 10, 0)), EmulationOutcome::kCompleted);
  f.state.gpr[4] = 0x20FF0000;
  ASSERT_EQ(f.emulate(Tlbsx(5, 0, 4, true)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.gpr[5], 9u);
  EXPECT_EQ(f.state.cr_field(0), cpu::crbit::kEQ);
  f.state.gpr[4] = 0x30000000;
  ASSERT_EQ(f.emulate(Tlbsx(5, 0, 4, true)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.cr_field(0), 0u);
}

TEST(PrivilegedEmulator, RewritingAGuestEntryDropsTheShadowEntriesMadeFromIt) {
  VcpuFixture f;
  mmu::ShadowEntry e;
  e.effective_base = 0x10000000;
  e.size = 4096;
  e.guest_index = 5;
  e.readable = true;
  f.shadow.insert(e);
  (void)f.shadow.take_flush_request();
  f.state.gpr[10] = 5;
  f.state.gpr[3] = 0;  // invalidate
  // Entry 5 was invalid before: make it valid first so the write changes it.
  f.state.gpr[4] = 0x10000000 | mmu::tlb0::kV | (mmu::tlb_size::k4K << mmu::tlb0::kSizeShift);
  ASSERT_EQ(f.emulate(Tlbwe(4, 10, 0)), EmulationOutcome::kCompleted);
  ASSERT_EQ(f.emulate(Tlbwe(3, 10, 0)), EmulationOutcome::kCompleted);
  EXPECT_FALSE(f.shadow.entries()[0].valid);
  EXPECT_TRUE(f.shadow.take_flush_request());
}

TEST(PrivilegedEmulator, UnansweredDcrReadsZeroAndIsCounted) {
  VcpuFixture f;
  f.state.gpr[3] = 0xffffffff;
  ASSERT_EQ(f.emulate(Mfdcr(3, 0x0C)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.state.gpr[3], 0u);
  ASSERT_EQ(f.emulate(Mtdcr(0x0C, 3)), EmulationOutcome::kCompleted);
  EXPECT_EQ(f.emulator.unhandled_dcr_accesses(), 2u);
}

TEST(PrivilegedEmulator, TableHasNoUserModeInstructions) {
  for (const auto& row : PrivilegedEmulator::Rows()) {
    EXPECT_NE(row.mnemonic, "mtcrf");
    EXPECT_FALSE(row.mnemonic.empty());
  }
  EXPECT_EQ(PrivilegedEmulator::Find(isa::Instruction(0x7C632214)), nullptr);  // add r3,r3,r4
}

}  // namespace
}  // namespace pvppc::vcpu
