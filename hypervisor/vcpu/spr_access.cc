#include "hypervisor/vcpu/spr_access.h"

#include "hypervisor/vcpu/spr.h"

namespace pvppc::vcpu {
namespace {

// DBCR0[RST], bits 2:3: a non-zero value requests a core, chip or system
// reset (PPC440x5 UM, "Debug Control Register 0"); Linux's 4xx restart uses it.
constexpr uint32_t kDbcr0ResetMask = 3u << (31 - 3);

// Bits of registers the 440 implements; the rest read as zero.
constexpr uint32_t kIvorMask = 0x0000FFF0;
constexpr uint32_t kIvprMask = 0xFFFF0000;
constexpr uint32_t kMmucrMask = 0x01F000FF | (1u << (31 - 15));  // SWOA..IULXE (7:11), STS, STID

template <typename Array>
uint32_t* Slot(Array& array, uint32_t spr, uint32_t first) {
  const uint32_t i = spr - first;
  return i < array.size() ? &array[i] : nullptr;
}

}  // namespace

std::optional<uint32_t> ReadSpr(Vcpu& vcpu, uint32_t spr) {
  SupervisorState& s = vcpu.sup();
  const uint64_t tb = vcpu.time_base().read();
  switch (spr) {
    case spr::kDec: return vcpu.timers().dec(tb);
    case spr::kDecar: return vcpu.timers().decar();  // write-only on the 440; reads back here
    case spr::kTcr: return vcpu.timers().tcr(tb);
    case spr::kTsr: return vcpu.timers().tsr(tb);
    case spr::kSrr0: return s.srr0;
    case spr::kSrr1: return s.srr1;
    case spr::kCsrr0: return s.csrr0;
    case spr::kCsrr1: return s.csrr1;
    case spr::kMcsrr0: return s.mcsrr0;
    case spr::kMcsrr1: return s.mcsrr1;
    case spr::kMcsr: return s.mcsr;
    case spr::kPid: return s.pid;
    case spr::kDear: return s.dear;
    case spr::kEsr: return s.esr;
    case spr::kIvpr: return s.ivpr;
    case spr::kSprg3Read: return s.sprg0_3[3];
    case spr::kPir: return s.pir;
    case spr::kPvr: return vcpu.pvr();
    case spr::kDbsr: return s.dbsr;
    case spr::kDbcr0: return s.dbcr0;
    case spr::kDbcr1: return s.dbcr1;
    case spr::kDbcr2: return s.dbcr2;
    case spr::kMmucr: return s.mmucr;
    case spr::kCcr0: return s.ccr0;
    case spr::kCcr1: return s.ccr1;
    case spr::kRstcfg: return s.rstcfg;
    case spr::kDvlim: return s.dvlim;
    case spr::kIvlim: return s.ivlim;
    case spr::kTblWrite: return static_cast<uint32_t>(tb);  // 284/285 are write ports;
    case spr::kTbuWrite: return static_cast<uint32_t>(tb >> 32);  // reads give the TB
    case spr::kDcdbtrl:
    case spr::kDcdbtrh:
    case spr::kIcdbtrl:
    case spr::kIcdbtrh:
    case spr::kIcdbdr:
    case spr::kDbdr: return 0u;  // cache debug data: no cache model
    default: break;
  }
  if (uint32_t* p = Slot(s.sprg0_3, spr, spr::kSprg0)) return *p;
  if (spr >= spr::kSprg4Write && spr < spr::kSprg4Write + 4) {
    return vcpu.machine().sprg4_7[spr - spr::kSprg4Write];
  }
  if (uint32_t* p = Slot(s.ivor, spr, spr::kIvor0)) return *p;
  if (uint32_t* p = Slot(s.iac, spr, spr::kIac1)) return *p;
  if (uint32_t* p = Slot(s.dac, spr, spr::kDac1)) return *p;
  if (uint32_t* p = Slot(s.dvc, spr, spr::kDvc1)) return *p;
  if (uint32_t* p = Slot(s.icache_victim, spr, spr::kInv0)) return *p;
  if (uint32_t* p = Slot(s.dcache_victim, spr, spr::kDnv0)) return *p;
  return std::nullopt;
}

SprWrite WriteSpr(Vcpu& vcpu, uint32_t spr, uint32_t value) {
  SupervisorState& s = vcpu.sup();
  const uint64_t tb = vcpu.time_base().read();
  switch (spr) {
    case spr::kDec: vcpu.timers().set_dec(tb, value); return SprWrite::kDone;
    case spr::kDecar: vcpu.timers().set_decar(tb, value); return SprWrite::kDone;
    case spr::kTcr: vcpu.timers().set_tcr(tb, value); return SprWrite::kDone;
    case spr::kTsr: vcpu.timers().clear_tsr(tb, value); return SprWrite::kDone;
    case spr::kTblWrite:
    case spr::kTbuWrite: {
      const uint64_t before = vcpu.time_base().read();
      if (spr == spr::kTblWrite) {
        vcpu.time_base().write_lower(value);
      } else {
        vcpu.time_base().write_upper(value);
      }
      vcpu.timers().write_time_base(before, vcpu.time_base().read());
      return SprWrite::kDone;
    }
    case spr::kSrr0: s.srr0 = value; return SprWrite::kDone;
    case spr::kSrr1: s.srr1 = value; return SprWrite::kDone;
    case spr::kCsrr0: s.csrr0 = value; return SprWrite::kDone;
    case spr::kCsrr1: s.csrr1 = value; return SprWrite::kDone;
    case spr::kMcsrr0: s.mcsrr0 = value; return SprWrite::kDone;
    case spr::kMcsrr1: s.mcsrr1 = value; return SprWrite::kDone;
    case spr::kMcsr: s.mcsr &= ~value; return SprWrite::kDone;  // write 1 to clear
    case spr::kPid: vcpu.set_pid(value); return SprWrite::kDone;
    case spr::kDear: s.dear = value; return SprWrite::kDone;
    case spr::kEsr: s.esr = value; return SprWrite::kDone;
    case spr::kIvpr: s.ivpr = value & kIvprMask; return SprWrite::kDone;
    case spr::kPir:
    case spr::kPvr: return SprWrite::kDone;  // read-only: writes are ignored
    case spr::kDbsr: s.dbsr &= ~value; return SprWrite::kDone;  // write 1 to clear
    case spr::kDbcr0:
      s.dbcr0 = value;
      return (value & kDbcr0ResetMask) ? SprWrite::kResetRequested : SprWrite::kDone;
    case spr::kDbcr1: s.dbcr1 = value; return SprWrite::kDone;
    case spr::kDbcr2: s.dbcr2 = value; return SprWrite::kDone;
    case spr::kMmucr: s.mmucr = value & kMmucrMask; return SprWrite::kDone;
    case spr::kCcr0: s.ccr0 = value; return SprWrite::kDone;
    case spr::kCcr1: s.ccr1 = value; return SprWrite::kDone;
    case spr::kRstcfg: s.rstcfg = value; return SprWrite::kDone;
    case spr::kDvlim: s.dvlim = value; return SprWrite::kDone;
    case spr::kIvlim: s.ivlim = value; return SprWrite::kDone;
    case spr::kDcdbtrl:
    case spr::kDcdbtrh:
    case spr::kIcdbtrl:
    case spr::kIcdbtrh:
    case spr::kIcdbdr:
    case spr::kDbdr: return SprWrite::kDone;
    default: break;
  }
  if (uint32_t* p = Slot(s.sprg0_3, spr, spr::kSprg0)) {
    *p = value;
    return SprWrite::kDone;
  }
  if (spr >= spr::kSprg4Write && spr < spr::kSprg4Write + 4) {
    vcpu.machine().sprg4_7[spr - spr::kSprg4Write] = value;  // user mode reads them
    return SprWrite::kDone;
  }
  if (uint32_t* p = Slot(s.ivor, spr, spr::kIvor0)) {
    *p = value & kIvorMask;
    return SprWrite::kDone;
  }
  if (uint32_t* p = Slot(s.iac, spr, spr::kIac1)) {
    *p = value;
    return SprWrite::kDone;
  }
  if (uint32_t* p = Slot(s.dac, spr, spr::kDac1)) {
    *p = value;
    return SprWrite::kDone;
  }
  if (uint32_t* p = Slot(s.dvc, spr, spr::kDvc1)) {
    *p = value;
    return SprWrite::kDone;
  }
  if (uint32_t* p = Slot(s.icache_victim, spr, spr::kInv0)) {
    *p = value;
    return SprWrite::kDone;
  }
  if (uint32_t* p = Slot(s.dcache_victim, spr, spr::kDnv0)) {
    *p = value;
    return SprWrite::kDone;
  }
  return SprWrite::kUnknown;
}

}  // namespace pvppc::vcpu
