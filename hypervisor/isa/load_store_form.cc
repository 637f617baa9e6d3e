#include "hypervisor/isa/load_store_form.h"

namespace pvppc::isa {
namespace {

struct Row {
  uint16_t key;  // primary opcode for D-form, extended opcode for X-form (primary 31)
  uint8_t size;
  bool store, update, sign_extend, byte_reversed;
};

// D-form (Book E, "Load/Store Instructions" opcode map).
constexpr Row kDForm[] = {
    {32, 4, false, false, false, false},  // lwz
    {33, 4, false, true, false, false},   // lwzu
    {34, 1, false, false, false, false},  // lbz
    {35, 1, false, true, false, false},   // lbzu
    {36, 4, true, false, false, false},   // stw
    {37, 4, true, true, false, false},    // stwu
    {38, 1, true, false, false, false},   // stb
    {39, 1, true, true, false, false},    // stbu
    {40, 2, false, false, false, false},  // lhz
    {41, 2, false, true, false, false},   // lhzu
    {42, 2, false, false, true, false},   // lha
    {43, 2, false, true, true, false},    // lhau
    {44, 2, true, false, false, false},   // sth
    {45, 2, true, true, false, false},    // sthu
};

// X-form under primary opcode 31.
constexpr Row kXForm[] = {
    {23, 4, false, false, false, false},   // lwzx
    {55, 4, false, true, false, false},    // lwzux
    {87, 1, false, false, false, false},   // lbzx
    {119, 1, false, true, false, false},   // lbzux
    {151, 4, true, false, false, false},   // stwx
    {183, 4, true, true, false, false},    // stwux
    {215, 1, true, false, false, false},   // stbx
    {247, 1, true, true, false, false},    // stbux
    {279, 2, false, false, false, false},  // lhzx
    {311, 2, false, true, false, false},   // lhzux
    {343, 2, false, false, true, false},   // lhax
    {375, 2, false, true, true, false},    // lhaux
    {407, 2, true, false, false, false},   // sthx
    {439, 2, true, true, false, false},    // sthux
    {534, 4, false, false, false, true},   // lwbrx
    {662, 4, true, false, false, true},    // stwbrx
    {790, 2, false, false, false, true},   // lhbrx
    {918, 2, true, false, false, true},    // sthbrx
};

LoadStoreForm FromRow(const Row& row, Instruction insn, bool indexed) {
  LoadStoreForm f;
  f.size = row.size;
  f.store = row.store;
  f.update = row.update;
  f.sign_extend = row.sign_extend;
  f.byte_reversed = row.byte_reversed;
  f.indexed = indexed;
  f.rt = static_cast<uint8_t>(insn.rt());
  f.ra = static_cast<uint8_t>(insn.ra());
  f.rb = static_cast<uint8_t>(insn.rb());
  f.displacement = indexed ? 0 : insn.simm();
  return f;
}

}  // namespace

std::optional<LoadStoreForm> DecodeLoadStore(Instruction insn) {
  if (insn.opcd() == kOpcodeExtended) {
    for (const Row& row : kXForm) {
      if (row.key == insn.xo10()) return FromRow(row, insn, true);
    }
    return std::nullopt;
  }
  for (const Row& row : kDForm) {
    if (row.key == insn.opcd()) return FromRow(row, insn, false);
  }
  return std::nullopt;
}

}  // namespace pvppc::isa
