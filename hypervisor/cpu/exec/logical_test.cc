#include <gtest/gtest.h>

#include "hypervisor/cpu/exec/exec_util.h"
#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"

namespace pvppc::cpu {
namespace {

using namespace testing;

class LogicalTest : public ::testing::Test {
 protected:
  void Run(uint32_t word) {
    m_.load_code({word, Sc()});
    ASSERT_EQ(m_.run().reason, ExitReason::kSystemCall);
  }
  CpuState& s() { return m_.state(); }
  TestMachine m_;
};

TEST(RotateMaskTest, NormalAndWrapping) {
  EXPECT_EQ(exec::RotateMask(0, 31), 0xffffffffu);
  EXPECT_EQ(exec::RotateMask(24, 31), 0x000000ffu);
  EXPECT_EQ(exec::RotateMask(0, 0), 0x80000000u);
  EXPECT_EQ(exec::RotateMask(31, 31), 0x00000001u);
  // mb > me wraps: ones from mb to 31 and from 0 to me.
  EXPECT_EQ(exec::RotateMask(31, 0), 0x80000001u);
  EXPECT_EQ(exec::RotateMask(28, 3), 0xf000000fu);
}

TEST_F(LogicalTest, RlwinmExtractsAndShifts) {
  s().gpr[4] = 0x12345678;
  Run(Rlwinm(3, 4, 8, 24, 31));  // rotlwi 8 then keep low byte: 0x12
  EXPECT_EQ(s().gpr[3], 0x12u);
  Run(Rlwinm(3, 4, 4, 0, 27));  // slwi 4
  EXPECT_EQ(s().gpr[3], 0x23456780u);
  Run(Rlwinm(3, 4, 0, 28, 3));  // wrapping mask keeps top and bottom nibble
  EXPECT_EQ(s().gpr[3], 0x10000008u);
  s().gpr[4] = 0x80000000;
  Run(Rlwinm(3, 4, 1, 31, 31, /*rc=*/true));
  EXPECT_EQ(s().gpr[3], 1u);
  EXPECT_EQ(s().cr_field(0), crbit::kGT);
}

TEST_F(LogicalTest, RlwimiInsertsUnderMask) {
  s().gpr[3] = 0xaaaaaaaa;
  s().gpr[4] = 0x000000ff;
  Run(Rlwimi(3, 4, 8, 16, 23));
  EXPECT_EQ(s().gpr[3], 0xaaaaffaau);
}

TEST_F(LogicalTest, RlwnmUsesLowFiveBitsOfRb) {
  s().gpr[4] = 0x80000001;
  s().gpr[5] = 33;  // rotate by 1
  Run(MForm(23, 4, 3, 5, 0, 31));
  EXPECT_EQ(s().gpr[3], 0x00000003u);
}

TEST_F(LogicalTest, ShiftsUseSixBits) {
  s().gpr[4] = 0xf0000001;
  s().gpr[5] = 4;
  Run(XForm(31, 4, 3, 5, 24));  // slw
  EXPECT_EQ(s().gpr[3], 0x00000010u);
  s().gpr[5] = 32;
  Run(XForm(31, 4, 3, 5, 24));
  EXPECT_EQ(s().gpr[3], 0u);
  s().gpr[5] = 36;
  Run(XForm(31, 4, 3, 5, 536));  // srw by 36: zero
  EXPECT_EQ(s().gpr[3], 0u);
  s().gpr[5] = 64 + 4;  // only 6 bits count: shift by 4
  Run(XForm(31, 4, 3, 5, 536));
  EXPECT_EQ(s().gpr[3], 0x0f000000u);
}

TEST_F(LogicalTest, AlgebraicShiftCarry) {
  s().gpr[4] = static_cast<uint32_t>(-5);  // 0xfffffffb
  Run(XForm(31, 4, 3, 1, 824));  // srawi r3,r4,1
  EXPECT_EQ(s().gpr[3], static_cast<uint32_t>(-3));
  EXPECT_EQ(s().xer_ca, 1);  // negative and a 1 shifted out
  s().gpr[4] = static_cast<uint32_t>(-4);
  Run(XForm(31, 4, 3, 2, 824));
  EXPECT_EQ(s().gpr[3], static_cast<uint32_t>(-1));
  EXPECT_EQ(s().xer_ca, 0);  // only zeros shifted out
  s().gpr[4] = 0x7fffffff;
  s().gpr[5] = 40;
  Run(XForm(31, 4, 3, 5, 792));  // sraw by >31 of a positive value
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().xer_ca, 0);
  s().gpr[4] = 0x80000000;
  Run(XForm(31, 4, 3, 5, 792));
  EXPECT_EQ(s().gpr[3], 0xffffffffu);
  EXPECT_EQ(s().xer_ca, 1);
  s().gpr[5] = 0;
  Run(XForm(31, 4, 3, 5, 792));  // shift by 0 never carries
  EXPECT_EQ(s().xer_ca, 0);
}

TEST_F(LogicalTest, LogicalOpsAndRecordForms) {
  s().gpr[4] = 0xff00ff00;
  s().gpr[5] = 0x0ff00ff0;
  Run(XForm(31, 4, 3, 5, 28));  // and
  EXPECT_EQ(s().gpr[3], 0x0f000f00u);
  Run(XForm(31, 4, 3, 5, 60));  // andc
  EXPECT_EQ(s().gpr[3], 0xf000f000u);
  Run(XForm(31, 4, 3, 5, 412));  // orc
  EXPECT_EQ(s().gpr[3], 0xff0fff0fu);
  Run(XForm(31, 4, 3, 5, 476, true));  // nand.
  EXPECT_EQ(s().gpr[3], 0xf0fff0ffu);
  EXPECT_EQ(s().cr_field(0), crbit::kLT);
  Run(XForm(31, 4, 3, 5, 284));  // eqv
  EXPECT_EQ(s().gpr[3], 0x0f0f0f0fu);
  Run(DForm(28, 4, 3, 0x00ff));  // andi. r3,r4,0xff -> 0, records EQ
  EXPECT_EQ(s().gpr[3], 0u);
  EXPECT_EQ(s().cr_field(0), crbit::kEQ);
  Run(DForm(29, 4, 3, 0xff00));  // andis.
  EXPECT_EQ(s().gpr[3], 0xff000000u);
  Run(DForm(27, 4, 3, 0xffff));  // xoris
  EXPECT_EQ(s().gpr[3], 0x00ffff00u);
}

TEST_F(LogicalTest, ExtendAndCount) {
  s().gpr[4] = 0x00000080;
  Run(XForm(31, 4, 3, 0, 954));  // extsb
  EXPECT_EQ(s().gpr[3], 0xffffff80u);
  s().gpr[4] = 0x00018000;
  Run(XForm(31, 4, 3, 0, 922));  // extsh
  EXPECT_EQ(s().gpr[3], 0xffff8000u);
  s().gpr[4] = 0;
  Run(XForm(31, 4, 3, 0, 26, true));  // cntlzw. of 0 = 32
  EXPECT_EQ(s().gpr[3], 32u);
  EXPECT_EQ(s().cr_field(0), crbit::kGT);
  s().gpr[4] = 0x00010000;
  Run(XForm(31, 4, 3, 0, 26));
  EXPECT_EQ(s().gpr[3], 15u);
}

TEST_F(LogicalTest, DlmzbFindsLeftmostZeroByte) {
  s().gpr[4] = 0x41420043;  // zero in byte 3 of rS
  s().gpr[5] = 0x00000000;
  Run(XForm(31, 4, 3, 5, 78, true));
  EXPECT_EQ(s().gpr[3], 3u);
  EXPECT_EQ(s().xer_byte_count, 3);
  EXPECT_EQ(s().cr_field(0), crbit::kGT);
  s().gpr[4] = 0x41424344;
  s().gpr[5] = 0x45460000;  // first zero is byte 7, in rB
  Run(XForm(31, 4, 3, 5, 78, true));
  EXPECT_EQ(s().gpr[3], 7u);
  EXPECT_EQ(s().cr_field(0), crbit::kLT);
  s().gpr[5] = 0x45464748;
  Run(XForm(31, 4, 3, 5, 78, true));
  EXPECT_EQ(s().gpr[3], 8u);
  EXPECT_EQ(s().cr_field(0), crbit::kEQ);
}

}  // namespace
}  // namespace pvppc::cpu
