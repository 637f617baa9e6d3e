#include "hypervisor/isa/load_store_form.h"

#include <gtest/gtest.h>

namespace pvppc::isa {
namespace {

constexpr uint32_t DForm(uint32_t op, uint32_t rt, uint32_t ra, int16_t d) {
  return (op << 26) | (rt << 21) | (ra << 16) | static_cast<uint16_t>(d);
}
constexpr uint32_t XForm(uint32_t xo, uint32_t rt, uint32_t ra, uint32_t rb) {
  return (31u << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1);
}

TEST(LoadStoreForm, DecodesLbzWithNegativeDisplacement) {
  const auto f = DecodeLoadStore(Instruction(DForm(34, 3, 9, -4)));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->size, 1);
  EXPECT_FALSE(f->store);
  EXPECT_FALSE(f->update);
  EXPECT_EQ(f->rt, 3);
  EXPECT_EQ(f->ra, 9);
  uint32_t gpr[32] = {};
  gpr[9] = 0x1000;
  EXPECT_EQ(EffectiveAddress(*f, gpr), 0x0FFCu);
}

TEST(LoadStoreForm, RaZeroMeansNoBase) {
  const auto f = DecodeLoadStore(Instruction(DForm(36, 5, 0, 0x300)));
  ASSERT_TRUE(f.has_value());
  uint32_t gpr[32] = {};
  gpr[0] = 0xdead0000;
  EXPECT_TRUE(f->store);
  EXPECT_EQ(EffectiveAddress(*f, gpr), 0x300u);
}

TEST(LoadStoreForm, DecodesIndexedByteReversedAndUpdateForms) {
  const auto lwbrx = DecodeLoadStore(Instruction(XForm(534, 4, 5, 6)));
  ASSERT_TRUE(lwbrx.has_value());
  EXPECT_TRUE(lwbrx->byte_reversed);
  EXPECT_TRUE(lwbrx->indexed);
  uint32_t gpr[32] = {};
  gpr[5] = 0x100;
  gpr[6] = 0x20;
  EXPECT_EQ(EffectiveAddress(*lwbrx, gpr), 0x120u);

  const auto sthux = DecodeLoadStore(Instruction(XForm(439, 4, 5, 6)));
  ASSERT_TRUE(sthux.has_value());
  EXPECT_TRUE(sthux->store && sthux->update && sthux->size == 2);

  const auto lha = DecodeLoadStore(Instruction(DForm(42, 1, 2, 0)));
  ASSERT_TRUE(lha.has_value());
  EXPECT_TRUE(lha->sign_extend);
}

TEST(LoadStoreForm, RejectsNonLoadStoreAndMultipleForms) {
  EXPECT_FALSE(DecodeLoadStore(Instruction(DForm(46, 3, 1, 0))).has_value());  // lmw
  EXPECT_FALSE(DecodeLoadStore(Instruction(DForm(50, 3, 1, 0))).has_value());  // lfd
  EXPECT_FALSE(DecodeLoadStore(Instruction(XForm(1014, 0, 1, 2))).has_value()); // dcbz
  EXPECT_FALSE(DecodeLoadStore(Instruction(DForm(14, 3, 1, 0))).has_value());  // addi
}

}  // namespace
}  // namespace pvppc::isa
