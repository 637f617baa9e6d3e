// Privileged SPR numbers of the PPC440 that the hypervisor emulates
// (PPC440x5 UM, "Special Purpose Registers Sorted by SPR Number"; Book E).
// User-mode SPRs (XER, LR, CTR, USPRG0, SPRG4-7 read, TBL/TBU read) never
// reach the hypervisor: the core executes them.
#pragma once

#include <cstdint>

namespace pvppc::vcpu::spr {

inline constexpr uint32_t kDec = 22;
inline constexpr uint32_t kSrr0 = 26;
inline constexpr uint32_t kSrr1 = 27;
inline constexpr uint32_t kPid = 48;
inline constexpr uint32_t kDecar = 54;
inline constexpr uint32_t kCsrr0 = 58;
inline constexpr uint32_t kCsrr1 = 59;
inline constexpr uint32_t kDear = 61;
inline constexpr uint32_t kEsr = 62;
inline constexpr uint32_t kIvpr = 63;
inline constexpr uint32_t kSprg3Read = 259;  // user-readable alias; privileged write is 275
inline constexpr uint32_t kSprg0 = 272;      // SPRG0-3: 272-275 (read and write)
inline constexpr uint32_t kSprg4Write = 276; // SPRG4-7 writes: 276-279
inline constexpr uint32_t kTblWrite = 284;
inline constexpr uint32_t kTbuWrite = 285;
inline constexpr uint32_t kPir = 286;
inline constexpr uint32_t kPvr = 287;
inline constexpr uint32_t kDbsr = 304;
inline constexpr uint32_t kDbcr0 = 308;
inline constexpr uint32_t kDbcr1 = 309;
inline constexpr uint32_t kDbcr2 = 310;
inline constexpr uint32_t kIac1 = 312;  // IAC1-4: 312-315
inline constexpr uint32_t kDac1 = 316;  // DAC1-2: 316-317
inline constexpr uint32_t kDvc1 = 318;  // DVC1-2: 318-319
inline constexpr uint32_t kTsr = 336;
inline constexpr uint32_t kTcr = 340;
inline constexpr uint32_t kIvor0 = 400;  // IVOR0-15: 400-415
inline constexpr uint32_t kMcsrr0 = 570;
inline constexpr uint32_t kMcsrr1 = 571;
inline constexpr uint32_t kMcsr = 572;
inline constexpr uint32_t kInv0 = 880;   // INV0-3, ITV0-3: 880-887
inline constexpr uint32_t kCcr1 = 888;
inline constexpr uint32_t kDnv0 = 912;   // DNV0-3, DTV0-3: 912-919
inline constexpr uint32_t kDvlim = 920;
inline constexpr uint32_t kIvlim = 921;
inline constexpr uint32_t kRstcfg = 923;
inline constexpr uint32_t kDcdbtrl = 924;
inline constexpr uint32_t kDcdbtrh = 925;
inline constexpr uint32_t kIcdbtrl = 926;
inline constexpr uint32_t kIcdbtrh = 927;
inline constexpr uint32_t kMmucr = 946;
inline constexpr uint32_t kCcr0 = 947;
inline constexpr uint32_t kIcdbdr = 979;
inline constexpr uint32_t kDbdr = 1011;

}  // namespace pvppc::vcpu::spr
