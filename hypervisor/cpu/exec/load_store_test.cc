#include <gtest/gtest.h>

#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"

namespace pvppc::cpu {
namespace {

using namespace testing;

constexpr uint32_t kData = 0x8000;

class LoadStoreTest : public ::testing::Test {
 protected:
  Exit Run(std::initializer_list<uint32_t> words) {
    m_.load_code(words);
    return m_.run();
  }
  CpuState& s() { return m_.state(); }
  TestMachine m_;
};

TEST_F(LoadStoreTest, BigEndianWidthsAndExtension) {
  m_.write32(kData, 0x8081f2f3);
  s().gpr[4] = kData;
  ASSERT_EQ(Run({Lwz(3, 4, 0), Lbz(5, 4, 1), Lhz(6, 4, 2), Lha(7, 4, 0), Sc()}).reason,
            ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 0x8081f2f3u);
  EXPECT_EQ(s().gpr[5], 0x81u);
  EXPECT_EQ(s().gpr[6], 0xf2f3u);
  EXPECT_EQ(s().gpr[7], 0xffff8081u);
}

TEST_F(LoadStoreTest, StoresAndUpdateForms) {
  s().gpr[1] = kData + 16;
  s().gpr[3] = 0xdeadbeef;
  ASSERT_EQ(Run({Stwu(3, 1, -16), Stb(3, 1, 4), Sth(3, 1, 6), Sc()}).reason,
            ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[1], kData);
  EXPECT_EQ(m_.read32(kData), 0xdeadbeefu);
  EXPECT_EQ(m_.read32(kData + 4), 0xef00beefu);
}

TEST_F(LoadStoreTest, UnalignedAccessesWorkAcrossPages) {
  // A word straddling a page boundary.
  const uint32_t address = 0x9ffe;
  s().gpr[4] = address;
  s().gpr[3] = 0x11223344;
  ASSERT_EQ(Run({Stw(3, 4, 0), Lwz(5, 4, 0), Lhz(6, 4, 1), Sc()}).reason,
            ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[5], 0x11223344u);
  EXPECT_EQ(s().gpr[6], 0x2233u);
  EXPECT_EQ(m_.read8(0x9fff), 0x22);
  EXPECT_EQ(m_.read8(0xa000), 0x33);
}

TEST_F(LoadStoreTest, FaultOnSecondPageChangesNothing) {
  m_.translator().unmapped_.insert(0xa000);
  s().gpr[4] = 0x9ffe;
  s().gpr[3] = 0x11223344;
  m_.write32(0x9ffc, 0);
  const Exit exit = Run({Stw(3, 4, 0), Sc()});
  EXPECT_EQ(exit.reason, ExitReason::kDataTlbMiss);
  EXPECT_EQ(exit.dear, 0xa000u);
  EXPECT_EQ(exit.esr & esr::kST, esr::kST);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase);
  EXPECT_EQ(s().pc, TestMachine::kCodeBase);
  EXPECT_EQ(m_.read32(0x9ffc), 0u);
}

TEST_F(LoadStoreTest, StorageFaultOnReadOnlyPage) {
  m_.translator().read_only_.insert(0x8000);
  s().gpr[4] = kData;
  s().gpr[3] = 7;
  const Exit exit = Run({Lwz(5, 4, 0), Stw(3, 4, 0), Sc()});
  EXPECT_EQ(exit.reason, ExitReason::kDataStorage);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase + 4);
  EXPECT_EQ(exit.instruction, Stw(3, 4, 0));
  EXPECT_EQ(m_.core().instructions_executed(), 1u);  // the store did not complete
}

TEST_F(LoadStoreTest, ByteReversed) {
  m_.write32(kData, 0x11223344);
  s().gpr[4] = kData;
  s().gpr[6] = 0xaabbccdd;
  ASSERT_EQ(Run({XForm(31, 3, 0, 4, 534), XForm(31, 5, 0, 4, 790), XForm(31, 6, 0, 4, 662), Sc()})
                .reason,
            ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 0x44332211u);
  EXPECT_EQ(s().gpr[5], 0x2211u);
  EXPECT_EQ(m_.read32(kData), 0xddccbbaau);
}

TEST_F(LoadStoreTest, LittleEndianPageReversesAccesses) {
  m_.translator().little_endian_.insert(0x8000);
  m_.write32(kData, 0x11223344);
  s().gpr[4] = kData;
  ASSERT_EQ(Run({Lwz(3, 4, 0), XForm(31, 5, 0, 4, 534), Sc()}).reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[3], 0x44332211u);
  EXPECT_EQ(s().gpr[5], 0x11223344u);
}

TEST_F(LoadStoreTest, ReservationPair) {
  m_.write32(kData, 41);
  s().gpr[4] = kData;
  // lwarx; addi; stwcx. succeeds with the reservation.
  ASSERT_EQ(Run({Lwarx(3, 0, 4), Addi(3, 3, 1), Stwcx(3, 0, 4), Sc()}).reason,
            ExitReason::kSystemCall);
  EXPECT_EQ(m_.read32(kData), 42u);
  EXPECT_EQ(s().cr_field(0), crbit::kEQ);
  // A second stwcx. has no reservation: no store, CR0[EQ] clear.
  s().gpr[3] = 100;
  ASSERT_EQ(Run({Stwcx(3, 0, 4), Sc()}).reason, ExitReason::kSystemCall);
  EXPECT_EQ(m_.read32(kData), 42u);
  EXPECT_EQ(s().cr_field(0), 0u);
}

TEST_F(LoadStoreTest, ReservationInstructionsNeedWordAlignment) {
  s().gpr[4] = kData + 2;
  Exit exit = Run({Lwarx(3, 0, 4), Sc()});
  EXPECT_EQ(exit.reason, ExitReason::kAlignment);
  EXPECT_EQ(exit.dear, kData + 2);
  // Alignment is checked even without a reservation.
  exit = Run({Stwcx(3, 0, 4), Sc()});
  EXPECT_EQ(exit.reason, ExitReason::kAlignment);
}

TEST_F(LoadStoreTest, IntegerAlignmentCheckWhenFlstaIsSet) {
  TestMachine strict(1u << 20, CoreOptions{.integer_alignment_check = true});
  strict.state().gpr[4] = kData + 2;
  strict.load_code({Lhz(3, 4, 0), Lwz(3, 4, 0), Sc()});
  const Exit exit = strict.run();
  EXPECT_EQ(exit.reason, ExitReason::kAlignment);
  EXPECT_EQ(exit.pc, TestMachine::kCodeBase + 4);
}

TEST_F(LoadStoreTest, MultipleWords) {
  for (uint32_t r = 28; r < 32; ++r) s().gpr[r] = r * 0x01010101;
  s().gpr[4] = kData;
  ASSERT_EQ(Run({Stmw(28, 4, 0), Sc()}).reason, ExitReason::kSystemCall);
  EXPECT_EQ(m_.read32(kData + 12), 31u * 0x01010101);
  for (uint32_t r = 28; r < 32; ++r) s().gpr[r] = 0;
  ASSERT_EQ(Run({Lmw(28, 4, 0), Sc()}).reason, ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[29], 29u * 0x01010101);
  // lmw whose base register would be overwritten is an invalid form.
  s().gpr[30] = kData;
  EXPECT_EQ(Run({Lmw(28, 30, 0), Sc()}).esr, esr::kPIL);
}

TEST_F(LoadStoreTest, StringInstructions) {
  const char text[] = "ABCDEFG";
  for (uint32_t i = 0; i < 7; ++i) m_.memory().host_pointer(kData + i, 1)[0] = std::byte(text[i]);
  s().gpr[4] = kData;
  s().set_xer(6);
  // lswi r5,r4,7 ; lswx r8,0,r9 (count 6 from XER) ; stswi r5,r10,5
  s().gpr[9] = kData;
  s().gpr[10] = kData + 0x100;
  ASSERT_EQ(Run({XForm(31, 5, 4, 7, 597), XForm(31, 11, 0, 9, 533), XForm(31, 5, 10, 5, 725), Sc()})
                .reason,
            ExitReason::kSystemCall);
  EXPECT_EQ(s().gpr[5], 0x41424344u);
  EXPECT_EQ(s().gpr[6], 0x45464700u);  // partial register padded with zeros
  EXPECT_EQ(s().gpr[11], 0x41424344u);
  EXPECT_EQ(s().gpr[12], 0x45460000u);
  EXPECT_EQ(m_.read32(kData + 0x100), 0x41424344u);
  EXPECT_EQ(m_.read8(kData + 0x104), 0x45);
  EXPECT_EQ(m_.read8(kData + 0x105), 0x00);
}

TEST_F(LoadStoreTest, DcbzZeroesTheWholeLine) {
  for (uint32_t i = 0; i < 64; i += 4) m_.write32(kData + i, 0xffffffff);
  s().gpr[4] = kData + 37;  // inside the second line
  ASSERT_EQ(Run({XForm(31, 0, 0, 4, 1014), Sc()}).reason, ExitReason::kSystemCall);
  EXPECT_EQ(m_.read32(kData + 28), 0xffffffffu);
  EXPECT_EQ(m_.read32(kData + 32), 0u);
  EXPECT_EQ(m_.read32(kData + 60), 0u);
}

TEST_F(LoadStoreTest, DcbzOnCacheInhibitedPageIsAnAlignmentException) {
  m_.translator().cache_inhibited_.insert(0x8000);
  s().gpr[4] = kData;
  EXPECT_EQ(Run({XForm(31, 0, 0, 4, 1014), Sc()}).reason, ExitReason::kAlignment);
}

TEST_F(LoadStoreTest, InvalidUpdateFormsAreIllegal) {
  s().gpr[4] = kData;
  EXPECT_EQ(Run({Lwzu(4, 4, 0), Sc()}).esr, esr::kPIL);
  EXPECT_EQ(Run({Lwzu(3, 0, 0), Sc()}).esr, esr::kPIL);
}

}  // namespace
}  // namespace pvppc::cpu
