#include "hypervisor/cpu/decoder.h"

#include <array>
#include <cstdint>
#include <span>
#include <utility>

#include "hypervisor/cpu/core.h"

#include "hypervisor/cpu/exec/handlers.h"
#include "hypervisor/cpu/fpu/fpu_opcode_list.h"
#include "hypervisor/cpu/opcode_list.h"

// The integer handlers are compiled in this translation unit so that each
// threaded handler below inlines its instruction's body.
#include "hypervisor/cpu/exec/branch.cc"
#include "hypervisor/cpu/exec/compare_cr.cc"
#include "hypervisor/cpu/exec/integer_arith.cc"
#include "hypervisor/cpu/exec/load_store.cc"
#include "hypervisor/cpu/exec/load_store_multiple.cc"
#include "hypervisor/cpu/exec/logical.cc"
#include "hypervisor/cpu/exec/system.cc"

namespace pvppc::cpu {
namespace {

constexpr uint16_t kNoEntry = 0xffff;

// Extended-opcode tables are indexed by instruction bits 21-30 (10 bits).
struct Tables {
  std::array<uint16_t, 64> primary{};
  std::array<uint16_t, 1024> op19{};
  std::array<uint16_t, 1024> op31{};
  std::array<uint16_t, 1024> op59{};
  std::array<uint16_t, 1024> op63{};
};

constexpr size_t kIntegerCount = std::size(kIntegerOpcodes);
constexpr size_t kFpuCount = std::size(kFpuOpcodes);

constexpr const OpcodeEntry& EntryAt(size_t index) {
  return index < kIntegerCount ? kIntegerOpcodes[index] : kFpuOpcodes[index - kIntegerCount];
}

// Fails constant evaluation (a compile error) when a slot is claimed twice.
constexpr void Claim(uint16_t& slot, uint16_t index) {
  if (slot != kNoEntry) throw "two instructions claim the same opcode slot";
  slot = index;
}

constexpr std::array<uint16_t, 1024>* ExtendedTable(Tables& t, uint8_t primary) {
  switch (primary) {
    case isa::kOpcodeBranchCr: return &t.op19;
    case isa::kOpcodeExtended: return &t.op31;
    case isa::kOpcodeFpSingle: return &t.op59;
    case isa::kOpcodeFpDouble: return &t.op63;
    default: return nullptr;
  }
}

consteval Tables BuildTables() {
  Tables t;
  t.primary.fill(kNoEntry);
  t.op19.fill(kNoEntry);
  t.op31.fill(kNoEntry);
  t.op59.fill(kNoEntry);
  t.op63.fill(kNoEntry);
  for (size_t i = 0; i < kIntegerCount + kFpuCount; ++i) {
    const OpcodeEntry& e = EntryAt(i);
    const auto index = static_cast<uint16_t>(i);
    if (e.form == Form::kPrimary) {
      if (ExtendedTable(t, e.primary) != nullptr) throw "primary opcode owns an extended table";
      Claim(t.primary[e.primary], index);
      continue;
    }
    std::array<uint16_t, 1024>* table = ExtendedTable(t, e.primary);
    if (table == nullptr) throw "extended form under a primary opcode without a table";
    switch (e.form) {
      case Form::kX:
        Claim((*table)[e.extended], index);
        break;
      case Form::kXO:  // both values of OE (bit 21 = 0x200 of the 10-bit field)
        Claim((*table)[e.extended], index);
        Claim((*table)[e.extended | 0x200], index);
        break;
      case Form::kA:  // every value of FRC (bits 21-25)
        for (uint16_t frc = 0; frc < 32; ++frc) Claim((*table)[(frc << 5) | e.extended], index);
        break;
      case Form::kPrimary:
        break;
    }
  }
  return t;
}

constexpr Tables kTables = BuildTables();

// Threaded dispatch: each op, once done, jumps straight to the next op's
// handler (a tail call), so every instruction site has its own indirect
// branch for the host's predictor. A block ends with an EndOfBlock op.
template <Handler H>
[[gnu::flatten]] bool Threaded(Core& core, const DecodedOp& op) {
  if (!H(core, op)) return false;
  const DecodedOp* next = &op + 1;
  return next->handler(core, *next);
}

template <size_t... I>
constexpr std::array<Handler, sizeof...(I)> MakeThreaded(std::index_sequence<I...>) {
  return {&Threaded<EntryAt(I).handler>...};
}

constexpr auto kThreaded = MakeThreaded(std::make_index_sequence<kIntegerCount + kFpuCount>());

// The op after a block's last instruction: continue at the fall-through pc,
// which it carries in its pc field.
bool EndOfBlock(Core& core, const DecodedOp& op) {
  core.state().pc = op.pc;
  return false;
}

}  // namespace

DecodedInstruction Decode(isa::Instruction insn) {
  const uint32_t primary = insn.opcd();
  uint16_t index;
  switch (primary) {
    case isa::kOpcodeBranchCr: index = kTables.op19[insn.xo10()]; break;
    case isa::kOpcodeExtended: index = kTables.op31[insn.xo10()]; break;
    case isa::kOpcodeFpSingle: index = kTables.op59[insn.xo10()]; break;
    case isa::kOpcodeFpDouble: index = kTables.op63[insn.xo10()]; break;
    default: index = kTables.primary[primary]; break;
  }
  // Illegal always stops the block, so it needs no threaded wrapper.
  if (index == kNoEntry) return DecodedInstruction{exec::Illegal, "illegal", 0};
  const OpcodeEntry& e = EntryAt(index);
  // rlwimi, rlwinm, rlwnm: the mask depends only on the instruction word.
  const uint32_t aux = (primary == 20 || primary == 21 || primary == 23)
                           ? exec::RotateMask(insn.mb(), insn.me())
                           : 0;
  return DecodedInstruction{kThreaded[index], e.mnemonic, e.flags, aux};
}

Handler EndOfBlockHandler() { return EndOfBlock; }

}  // namespace pvppc::cpu
