#include <gtest/gtest.h>

#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"

namespace pvppc::cpu {
namespace {

using namespace testing;

class IntegerArithTest : public ::testing::Test {
 protected:
  // Runs one instruction followed by sc; expects the sc exit.
  void Run(uint32_t word) {
    m_.load_code({word, Sc()});
    const Exit exit = m_.run();
    ASSERT_EQ(exit.reason, ExitReason::kSystemCall);
  }
  CpuState& s() { return m_.state(); }
  TestMachine m_;
};

TEST_F(IntegerArithTest, AddiTreatsRaZeroAsZero) {
  s().gpr[0] = 100;
  Run(Addi(3, 0, -5));
  EXPECT_EQ(s().gpr[3], 0xfffffffbu);
  s().gpr[4] = 100;
  Run(Addi(3, 4, -5));
  EXPECT_EQ(s().gpr[3], 95u);
  Run(Addis(3, 0, 0x8000));
  EXPECT_EQ(s().gpr[3], 0x80000000u);
}

TEST_F(IntegerArithTest, AddoSetsOverflowAndSummary) {
  s().gpr[4] = 0x7fffffff;
  s().gpr[5] = 1;
  Run(Add(3, 4, 5, /*oe=*/true, /*rc=*/true));
  EXPECT_EQ(s().gpr[3], 0x80000000u);
  EXPECT_EQ(s().xer_ov, 1);
  EXPECT_EQ(s().xer_so, 1);
  EXPECT_EQ(s().cr_field(0), crbit::kLT | crbit::kSO);
  // OV is cleared by the next OE=1 instruction without overflow; SO sticks.
  s().gpr[5] = 0;
  Run(Add(3, 4, 5, true, false));
  EXPECT_EQ(s().xer_ov, 0);
  EXPECT_EQ(s().xer_so, 1);
}

TEST_F(IntegerArithTest, AddWithoutOeLeavesXerAlone) {
  s().gpr[4] = 0x7fffffff;
  s().gpr[5] = 1;
  Run(Add(3, 4, 5));
  EXPECT_EQ(s().xer(), 0u);
}

TEST_F(IntegerArithTest, CarryChainAddcAdde) {
  // 64-bit add 0x00000001_ffffffff + 0x00000000_00000001 = 0x00000002_00000000
  s().gpr[4] = 0xffffffff;
  s().gpr[5] = 1;
  s().gpr[6] = 1;
  s().gpr[7] = 0;
  m_.load_code({XoForm(3, 4, 5, 10, false, false), XoForm(8, 6, 7, 138, false, false), Sc()});
  ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().gpr[8], 2u);
  EXPECT_EQ(s().xer_ca, 0);
}

TEST_F(IntegerArithTest, SubfcCarryMeansNoBorrow) {
  s().gpr[4] = 5;  // rA
  s().gpr[5] = 7;  // rB: 7 - 5
  Run(XoForm(3, 4, 5, 8, false, false));
  EXPECT_EQ(s().gpr[3], 2u);
  EXPECT_EQ(s().xer_ca, 1);
  s().gpr[5] = 3;  // 3 - 5 borrows
  Run(XoForm(3, 4, 5, 8, false, false));
  EXPECT_EQ(s().gpr[3], 0xfffffffeu);
  EXPECT_EQ(s().xer_ca, 0);
}

TEST_F(IntegerArithTest, SubficAndAddicCarry) {
  s().gpr[4] = 0;
  Run(DForm(8, 3, 4, 0));  // subfic r3,r4,0 : 0 - 0, carry = 1
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().xer_ca, 1);
  s().gpr[4] = 0xffffffff;
  Run(DForm(13, 3, 4, 1));  // addic. r3,r4,1
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().xer_ca, 1);
  EXPECT_EQ(s().cr_field(0), crbit::kEQ);
}

TEST_F(IntegerArithTest, AddmeAddzeSubfmeSubfze) {
  s().xer_ca = 1;
  s().gpr[4] = 0;
  Run(XoForm(3, 4, 0, 234, false, false));  // addme: 0 + CA - 1 = 0, carry out
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().xer_ca, 1);
  s().xer_ca = 0;
  Run(XoForm(3, 4, 0, 202, false, false));  // addze: 0 + 0
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().xer_ca, 0);
  s().xer_ca = 1;
  Run(XoForm(3, 4, 0, 200, false, false));  // subfze: ~0 + 1 = 0, carry
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().xer_ca, 1);
  s().xer_ca = 0;
  Run(XoForm(3, 4, 0, 232, false, false));  // subfme: ~0 + 0 - 1 = 0xfffffffe, carry
  EXPECT_EQ(s().gpr[3], 0xfffffffeu);
  EXPECT_EQ(s().xer_ca, 1);
}

TEST_F(IntegerArithTest, NegOfMostNegativeOverflows) {
  s().gpr[4] = 0x80000000;
  Run(XoForm(3, 4, 0, 104, true, false));
  EXPECT_EQ(s().gpr[3], 0x80000000u);
  EXPECT_EQ(s().xer_ov, 1);
  s().gpr[4] = 5;
  Run(XoForm(3, 4, 0, 104, true, false));
  EXPECT_EQ(s().gpr[3], static_cast<uint32_t>(-5));
  EXPECT_EQ(s().xer_ov, 0);
}

TEST_F(IntegerArithTest, MultiplyLowHighAndOverflow) {
  s().gpr[4] = 0x10000;
  s().gpr[5] = 0x10000;
  Run(Mullw(3, 4, 5, true, false));
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().xer_ov, 1);
  s().gpr[4] = static_cast<uint32_t>(-2);
  s().gpr[5] = 3;
  Run(XoForm(3, 4, 5, 75, false, false));  // mulhw
  EXPECT_EQ(s().gpr[3], 0xffffffffu);
  Run(XoForm(3, 4, 5, 11, false, false));  // mulhwu: 0xfffffffe * 3 >> 32 = 2
  EXPECT_EQ(s().gpr[3], 2u);
  Run(DForm(7, 3, 4, static_cast<uint32_t>(-3)));  // mulli -2 * -3
  EXPECT_EQ(s().gpr[3], 6u);
}

TEST_F(IntegerArithTest, DivideSignedUnsigned) {
  s().gpr[4] = static_cast<uint32_t>(-7);
  s().gpr[5] = 2;
  Run(Divw(3, 4, 5));
  EXPECT_EQ(s().gpr[3], static_cast<uint32_t>(-3));  // truncates toward zero
  Run(Divwu(3, 4, 5));
  EXPECT_EQ(s().gpr[3], 0x7ffffffcu);
}

TEST_F(IntegerArithTest, DivideByZeroAndOverflowSetOv) {
  s().gpr[4] = 1234;
  s().gpr[5] = 0;
  Run(Divw(3, 4, 5, true, true));
  EXPECT_EQ(s().xer_ov, 1);
  EXPECT_EQ(s().xer_so, 1);
  EXPECT_EQ(s().cr_field(0) & crbit::kSO, crbit::kSO);
  s().set_xer(0);
  s().gpr[4] = 0x80000000;
  s().gpr[5] = 0xffffffff;
  Run(Divw(3, 4, 5, true, false));
  EXPECT_EQ(s().xer_ov, 1);
  s().set_xer(0);
  s().gpr[5] = 0;
  Run(Divwu(3, 4, 5, true, false));
  EXPECT_EQ(s().xer_ov, 1);
  // Without OE nothing in XER changes, and the host does not trap.
  s().set_xer(0);
  Run(Divw(3, 4, 5));
  EXPECT_EQ(s().xer(), 0u);
}

}  // namespace
}  // namespace pvppc::cpu
