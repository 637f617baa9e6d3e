// Instruction encoders for tests: build words from fields so that a test
// reads like assembly ("Addi(3, 0, 5)") instead of magic numbers.
#pragma once

#include <cstdint>

namespace pvppc::cpu::testing {

constexpr uint32_t DForm(uint32_t op, uint32_t rt, uint32_t ra, uint32_t imm16) {
  return (op << 26) | (rt << 21) | (ra << 16) | (imm16 & 0xffff);
}
constexpr uint32_t XForm(uint32_t op, uint32_t rt, uint32_t ra, uint32_t rb, uint32_t xo,
                         bool rc = false) {
  return (op << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | (rc ? 1 : 0);
}
constexpr uint32_t XoForm(uint32_t rt, uint32_t ra, uint32_t rb, uint32_t xo, bool oe, bool rc) {
  return (31u << 26) | (rt << 21) | (ra << 16) | (rb << 11) | ((oe ? 1u : 0u) << 10) | (xo << 1) |
         (rc ? 1 : 0);
}
constexpr uint32_t MForm(uint32_t op, uint32_t rs, uint32_t ra, uint32_t sh, uint32_t mb,
                         uint32_t me, bool rc = false) {
  return (op << 26) | (rs << 21) | (ra << 16) | (sh << 11) | (mb << 6) | (me << 1) | (rc ? 1 : 0);
}
constexpr uint32_t AForm(uint32_t op, uint32_t frt, uint32_t fra, uint32_t frb, uint32_t frc,
                         uint32_t xo, bool rc = false) {
  return (op << 26) | (frt << 21) | (fra << 16) | (frb << 11) | (frc << 6) | (xo << 1) |
         (rc ? 1 : 0);
}

// Common instructions.
constexpr uint32_t Addi(uint32_t rt, uint32_t ra, int32_t si) { return DForm(14, rt, ra, si); }
constexpr uint32_t Addis(uint32_t rt, uint32_t ra, int32_t si) { return DForm(15, rt, ra, si); }
constexpr uint32_t Li(uint32_t rt, int32_t si) { return Addi(rt, 0, si); }
constexpr uint32_t Ori(uint32_t ra, uint32_t rs, uint32_t ui) { return DForm(24, rs, ra, ui); }
constexpr uint32_t Cmpi(uint32_t bf, uint32_t ra, int32_t si) { return DForm(11, bf << 2, ra, si); }
constexpr uint32_t Cmpli(uint32_t bf, uint32_t ra, uint32_t ui) { return DForm(10, bf << 2, ra, ui); }
constexpr uint32_t Lwz(uint32_t rt, uint32_t ra, int32_t d) { return DForm(32, rt, ra, d); }
constexpr uint32_t Lwzu(uint32_t rt, uint32_t ra, int32_t d) { return DForm(33, rt, ra, d); }
constexpr uint32_t Lbz(uint32_t rt, uint32_t ra, int32_t d) { return DForm(34, rt, ra, d); }
constexpr uint32_t Lhz(uint32_t rt, uint32_t ra, int32_t d) { return DForm(40, rt, ra, d); }
constexpr uint32_t Lha(uint32_t rt, uint32_t ra, int32_t d) { return DForm(42, rt, ra, d); }
constexpr uint32_t Stw(uint32_t rs, uint32_t ra, int32_t d) { return DForm(36, rs, ra, d); }
constexpr uint32_t Stwu(uint32_t rs, uint32_t ra, int32_t d) { return DForm(37, rs, ra, d); }
constexpr uint32_t Stb(uint32_t rs, uint32_t ra, int32_t d) { return DForm(38, rs, ra, d); }
constexpr uint32_t Sth(uint32_t rs, uint32_t ra, int32_t d) { return DForm(44, rs, ra, d); }
constexpr uint32_t Lmw(uint32_t rt, uint32_t ra, int32_t d) { return DForm(46, rt, ra, d); }
constexpr uint32_t Stmw(uint32_t rs, uint32_t ra, int32_t d) { return DForm(47, rs, ra, d); }
constexpr uint32_t Rlwinm(uint32_t ra, uint32_t rs, uint32_t sh, uint32_t mb, uint32_t me,
                          bool rc = false) {
  return MForm(21, rs, ra, sh, mb, me, rc);
}
constexpr uint32_t Rlwimi(uint32_t ra, uint32_t rs, uint32_t sh, uint32_t mb, uint32_t me) {
  return MForm(20, rs, ra, sh, mb, me);
}
constexpr uint32_t Add(uint32_t rt, uint32_t ra, uint32_t rb, bool oe = false, bool rc = false) {
  return XoForm(rt, ra, rb, 266, oe, rc);
}
constexpr uint32_t Subf(uint32_t rt, uint32_t ra, uint32_t rb, bool oe = false, bool rc = false) {
  return XoForm(rt, ra, rb, 40, oe, rc);
}
constexpr uint32_t Divw(uint32_t rt, uint32_t ra, uint32_t rb, bool oe = false, bool rc = false) {
  return XoForm(rt, ra, rb, 491, oe, rc);
}
constexpr uint32_t Divwu(uint32_t rt, uint32_t ra, uint32_t rb, bool oe = false, bool rc = false) {
  return XoForm(rt, ra, rb, 459, oe, rc);
}
constexpr uint32_t Mullw(uint32_t rt, uint32_t ra, uint32_t rb, bool oe = false, bool rc = false) {
  return XoForm(rt, ra, rb, 235, oe, rc);
}
constexpr uint32_t B(int32_t offset, bool lk = false) {
  return (18u << 26) | (static_cast<uint32_t>(offset) & 0x03fffffc) | (lk ? 1 : 0);
}
constexpr uint32_t Bc(uint32_t bo, uint32_t bi, int32_t offset, bool lk = false) {
  return (16u << 26) | (bo << 21) | (bi << 16) | (static_cast<uint32_t>(offset) & 0xfffc) |
         (lk ? 1 : 0);
}
constexpr uint32_t Bclr(uint32_t bo, uint32_t bi, bool lk = false) {
  return XForm(19, bo, bi, 0, 16, lk);
}
constexpr uint32_t Blr() { return Bclr(20, 0); }
constexpr uint32_t Bcctr(uint32_t bo, uint32_t bi, bool lk = false) {
  return XForm(19, bo, bi, 0, 528, lk);
}
constexpr uint32_t Mtspr(uint32_t spr, uint32_t rs) {
  return XForm(31, rs, spr & 31, spr >> 5, 467);
}
constexpr uint32_t Mfspr(uint32_t rt, uint32_t spr) {
  return XForm(31, rt, spr & 31, spr >> 5, 339);
}
constexpr uint32_t Mtctr(uint32_t rs) { return Mtspr(9, rs); }
constexpr uint32_t Mtlr(uint32_t rs) { return Mtspr(8, rs); }
constexpr uint32_t Mflr(uint32_t rt) { return Mfspr(rt, 8); }
constexpr uint32_t Lwarx(uint32_t rt, uint32_t ra, uint32_t rb) { return XForm(31, rt, ra, rb, 20); }
constexpr uint32_t Stwcx(uint32_t rs, uint32_t ra, uint32_t rb) {
  return XForm(31, rs, ra, rb, 150, true);
}
constexpr uint32_t Icbi(uint32_t ra, uint32_t rb) { return XForm(31, 0, ra, rb, 982); }
constexpr uint32_t Isync() { return XForm(19, 0, 0, 0, 150); }
constexpr uint32_t Sc() { return 0x44000002; }
constexpr uint32_t Trap() { return 0x7fe00008; }  // tw 31,0,0
constexpr uint32_t Nop() { return Ori(0, 0, 0); }

}  // namespace pvppc::cpu::testing
