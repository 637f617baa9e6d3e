// The core's software TLB and jump cache are tagged with the translation
// context: switching contexts must neither reuse another context's
// translations nor throw its own away.
#include <gtest/gtest.h>

#include <vector>

#include "hypervisor/cpu/core.h"
#include "hypervisor/cpu/testing/encode.h"

namespace pvppc::cpu {
namespace {

// Context 0 maps EA page 0x10000 to physical 0x2000, context 1 to 0x3000;
// code pages 0 and 0x5000 map to themselves in both. Counts the calls.
class TwoContextTranslator final : public memory::AddressTranslator {
 public:
  memory::Translation translate(uint32_t ea, memory::Access, uint32_t) override {
    ++calls;
    const uint32_t page = ea & ~memory::kPageMask;
    if (page == 0 || page == 0x5000) return memory::Translation::Ok(page, true, true, true);
    if (page == 0x10000) return memory::Translation::Ok(context == 0 ? 0x2000 : 0x3000, true, true, false);
    return memory::Translation::Miss();
  }
  uint32_t context = 0;
  int calls = 0;
};

struct FixedTimeBase final : TimeBase {
  uint64_t read() override { return 0; }
};

// A core over 64 KiB of RAM holding 111 at 0x2000 and 222 at 0x3000, and
// "lwz r3,0(r4); sc" at 0 and at 0x5000, with r4 = 0x10000.
struct LoadFixture {
  LoadFixture() {
    (void)memory.write_be32(0x2000, 111);
    (void)memory.write_be32(0x3000, 222);
    for (uint32_t code : {0u, 0x5000u}) {
      (void)memory.write_be32(code, testing::Lwz(3, 4, 0));
      (void)memory.write_be32(code + 4, testing::Sc());
    }
    state.gpr[4] = 0x10000;
  }
  std::vector<std::byte> ram = std::vector<std::byte>(1 << 16);
  memory::GuestMemory memory{ram};
  CpuState state;
  TwoContextTranslator translator;
  FixedTimeBase tb;
  Core core{state, translator, memory, tb};
};

TEST(TranslationContext, CachedTranslationsAreKeptPerContext) {
  LoadFixture f;
  CpuState& state = f.state;
  TwoContextTranslator& translator = f.translator;
  Core& core = f.core;

  // Context 0 runs the code at 0, context 1 the copy at 0x5000; both load
  // from EA 0x10000, which shares one direct-mapped software TLB slot.
  auto run_in = [&](uint32_t context) {
    translator.context = context;
    core.set_translation_context(context);
    state.pc = context == 0 ? 0 : 0x5000;
    EXPECT_EQ(core.run(100).reason, ExitReason::kSystemCall);
    return state.gpr[3];
  };
  EXPECT_EQ(run_in(0), 111u);
  const int after_first = translator.calls;
  EXPECT_EQ(run_in(1), 222u);  // not context 0's cached page
  const int after_second = translator.calls;
  EXPECT_GT(after_second, after_first);
  EXPECT_EQ(run_in(0), 111u);
  // Context 0's code page and decoded block survived the switch; only the
  // data slot context 1 took over is translated again.
  EXPECT_EQ(translator.calls, after_second + 1);
  core.flush_translations();
  EXPECT_EQ(run_in(0), 111u);
  EXPECT_GT(translator.calls, after_second);  // a flush drops every context
}

// Forgetting one page's translation (a machine TLB entry replaced) keeps the
// others cached, and the next access to that page is translated afresh.
TEST(TranslationContext, InvalidatingARangeForgetsOnlyItsPages) {
  LoadFixture f;
  CpuState& state = f.state;
  TwoContextTranslator& translator = f.translator;
  Core& core = f.core;
  auto run = [&] {
    state.pc = 0;
    EXPECT_EQ(core.run(100).reason, ExitReason::kSystemCall);
    return state.gpr[3];
  };
  EXPECT_EQ(run(), 111u);
  const int warm = translator.calls;
  EXPECT_EQ(run(), 111u);
  EXPECT_EQ(translator.calls, warm);  // all cached

  // The data page now maps elsewhere; only it is forgotten (not code).
  translator.context = 1;
  core.invalidate_translations(0x10000, 4096, false);
  EXPECT_EQ(run(), 222u);
  EXPECT_EQ(translator.calls, warm + 1);  // the code page stayed cached
}

}  // namespace
}  // namespace pvppc::cpu
