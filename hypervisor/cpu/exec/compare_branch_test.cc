#include <gtest/gtest.h>

#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"

namespace pvppc::cpu {
namespace {

using namespace testing;

class CompareBranchTest : public ::testing::Test {
 protected:
  CpuState& s() { return m_.state(); }
  TestMachine m_;
};

TEST_F(CompareBranchTest, SignedAndUnsignedCompareIntoAnyField) {
  s().gpr[4] = 0xffffffff;
  s().xer_so = 1;
  m_.load_code({Cmpi(0, 4, 0), Cmpli(7, 4, 0), XForm(31, 3 << 2, 4, 4, 0), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().cr_field(0), crbit::kLT | crbit::kSO);
  EXPECT_EQ(s().cr_field(7), crbit::kGT | crbit::kSO);
  EXPECT_EQ(s().cr_field(3), crbit::kEQ | crbit::kSO);
}

TEST_F(CompareBranchTest, CrLogicalAndMoves) {
  s().cr = 0x80000000;  // CR0[LT]
  m_.load_code({XForm(19, 5, 0, 2, 449),   // cror 5, 0, 2  -> bit 5 = 1
                XForm(19, 6, 0, 0, 193),   // crxor 6,0,0   -> bit 6 = 0 (crclr)
                XForm(19, 7, 0, 0, 289),   // creqv 7,0,0   -> bit 7 = 1 (crset)
                XForm(19, 2 << 2, 1 << 2, 0, 0),  // mcrf cr2, cr1
                Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().cr_field(1), 0x5u);
  EXPECT_EQ(s().cr_field(2), 0x5u);
}

TEST_F(CompareBranchTest, MtcrfMfcrMcrxr) {
  s().gpr[4] = 0x12345678;
  s().set_xer(0xe0000000);
  m_.load_code({(31u << 26) | (4u << 21) | (0x81u << 12) | (144u << 1),  // mtcrf 0x81, r4
                XForm(31, 3 << 2, 0, 0, 512),                            // mcrxr cr3
                XForm(31, 5, 0, 0, 19),                                  // mfcr r5
                Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[5], 0x100e0008u);
  EXPECT_EQ(s().xer(), 0u);
}

TEST_F(CompareBranchTest, CountedLoopWithBdnz) {
  // li r3,0; li r4,10; mtctr r4; loop: addi r3,r3,2; bdnz loop; sc
  m_.load_code({Li(3, 0), Li(4, 10), Mtctr(4), Addi(3, 3, 2), Bc(16, 0, -4), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 20u);
  EXPECT_EQ(s().ctr, 0u);
  EXPECT_EQ(m_.core().instructions_executed(), 3u + 2 * 10 + 1);
}

TEST_F(CompareBranchTest, ConditionalBranchOnCrBitAndCtr) {
  // beq taken when CR0[EQ]; bdz with CTR=1 taken after decrement.
  m_.load_code({Cmpi(0, 0, 0),        // r0 == 0 -> EQ
                Bc(12, 2, 8),         // beq +8
                Li(3, 1),             // skipped
                Li(4, 1), Mtctr(4),
                Bc(18, 0, 8),         // bdz +8: CTR 1 -> 0, taken
                Li(5, 1),             // skipped
                Sc()});
  s().gpr[3] = s().gpr[5] = 77;
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 77u);
  EXPECT_EQ(s().gpr[5], 77u);
}

TEST_F(CompareBranchTest, CallAndReturnThroughLinkRegister) {
  const uint32_t base = TestMachine::kCodeBase;
  // bl +12; li r3,5; sc; func: li r4,9; blr
  m_.load_code({B(12, true), Li(3, 5), Sc(), Li(4, 9), Blr()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 5u);
  EXPECT_EQ(s().gpr[4], 9u);
  EXPECT_EQ(s().lr, base + 4);
}

TEST_F(CompareBranchTest, BranchToCtrAndAbsolute) {
  const uint32_t base = TestMachine::kCodeBase;
  s().gpr[4] = base + 13;  // low bits ignored
  m_.load_code({Mtctr(4), Bcctr(20, 0, true), Sc(), Sc()});
  const Exit exit = m_.run();
  EXPECT_EQ(exit.pc, base + 12);
  EXPECT_EQ(s().lr, base + 8);
  // ba to an absolute address.
  m_.load_code({(18u << 26) | (base + 0x100) | 2});
  m_.write32(base + 0x100, Sc());
  EXPECT_EQ(m_.run().pc, base + 0x100);
}

TEST_F(CompareBranchTest, BclrWithLinkReadsOldLr) {
  const uint32_t base = TestMachine::kCodeBase;
  s().lr = base + 8;
  m_.load_code({Bclr(20, 0, true), Sc(), Sc()});
  EXPECT_EQ(m_.run().pc, base + 8);
  EXPECT_EQ(s().lr, base + 4);
}

}  // namespace
}  // namespace pvppc::cpu
