// The guest's virtual supervisor state: the privileged registers a 440 kernel
// reads and writes, kept by the hypervisor because the guest never runs in
// hardware supervisor mode. (GPRs, CR, LR, CTR, XER, FPRs, USPRG0 and
// SPRG4-7 live in cpu::CpuState: the core uses them directly.)
#pragma once

#include <array>
#include <cstdint>

namespace pvppc::vcpu {

struct SupervisorState {
  // The MSR the guest believes it runs under (PR may be 0 here; the machine's
  // is always 1).
  uint32_t msr = 0;
  uint32_t srr0 = 0, srr1 = 0;      // base-class save/restore
  uint32_t csrr0 = 0, csrr1 = 0;    // critical class
  uint32_t mcsrr0 = 0, mcsrr1 = 0;  // machine check class
  uint32_t mcsr = 0;
  std::array<uint32_t, 4> sprg0_3{};
  uint32_t dear = 0;
  uint32_t esr = 0;
  uint32_t ivpr = 0;
  std::array<uint32_t, 16> ivor{};
  uint32_t pid = 0;
  uint32_t mmucr = 0;
  uint32_t ccr0 = 0, ccr1 = 0;
  uint32_t rstcfg = 0;
  // Debug facilities: stored so that the guest reads back what it wrote;
  // debug events themselves are not modelled (DBCR0[IDM] off in Linux).
  uint32_t dbcr0 = 0, dbcr1 = 0, dbcr2 = 0, dbsr = 0;
  std::array<uint32_t, 4> iac{};
  std::array<uint32_t, 2> dac{};
  std::array<uint32_t, 2> dvc{};
  // Cache victim/limit registers: no cache model, values kept for read-back.
  std::array<uint32_t, 8> icache_victim{};  // INV0-3, ITV0-3
  std::array<uint32_t, 8> dcache_victim{};  // DNV0-3, DTV0-3
  uint32_t dvlim = 0, ivlim = 0;
  uint32_t pir = 0;
  // Set by mtmsr with MSR[WE]=1: the core waits for an interrupt.
  bool waiting = false;
  // Set by the IDLE hypercall: the vCPU sleeps until an interrupt is pending
  // for the guest, whatever its MSR[EE] (docs/abi.md, "IDLE").
  bool idle_hypercall = false;
};

}  // namespace pvppc::vcpu
