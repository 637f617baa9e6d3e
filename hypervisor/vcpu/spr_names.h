// Names of the 440's privileged SPRs, for exit statistics (which SPR a
// trapping mfspr/mtspr touched is what paravirtualization removes).
#pragma once

#include <cstdint>
#include <string>

#include "hypervisor/vcpu/spr.h"

namespace pvppc::vcpu {

inline std::string SprName(uint32_t n) {
  switch (n) {
    case spr::kDec: return "DEC";
    case spr::kSrr0: return "SRR0";
    case spr::kSrr1: return "SRR1";
    case spr::kPid: return "PID";
    case spr::kDecar: return "DECAR";
    case spr::kCsrr0: return "CSRR0";
    case spr::kCsrr1: return "CSRR1";
    case spr::kDear: return "DEAR";
    case spr::kEsr: return "ESR";
    case spr::kIvpr: return "IVPR";
    case spr::kSprg3Read: return "SPRG3";
    case spr::kTblWrite: return "TBL";
    case spr::kTbuWrite: return "TBU";
    case spr::kPir: return "PIR";
    case spr::kPvr: return "PVR";
    case spr::kDbsr: return "DBSR";
    case spr::kDbcr0: return "DBCR0";
    case spr::kDbcr1: return "DBCR1";
    case spr::kDbcr2: return "DBCR2";
    case spr::kTsr: return "TSR";
    case spr::kTcr: return "TCR";
    case spr::kMcsrr0: return "MCSRR0";
    case spr::kMcsrr1: return "MCSRR1";
    case spr::kMcsr: return "MCSR";
    case spr::kCcr0: return "CCR0";
    case spr::kCcr1: return "CCR1";
    case spr::kMmucr: return "MMUCR";
    default: break;
  }
  if (n >= spr::kSprg0 && n < spr::kSprg0 + 4) return "SPRG" + std::to_string(n - spr::kSprg0);
  if (n >= spr::kSprg4Write && n < spr::kSprg4Write + 4) {
    return "SPRG" + std::to_string(4 + n - spr::kSprg4Write);
  }
  if (n >= spr::kIvor0 && n < spr::kIvor0 + 16) return "IVOR" + std::to_string(n - spr::kIvor0);
  return "SPR" + std::to_string(n);
}

}  // namespace pvppc::vcpu
