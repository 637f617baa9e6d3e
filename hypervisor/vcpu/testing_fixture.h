// A virtual 440 with everything it needs, for unit tests of the vCPU and the
// exit handling around it.
#pragma once

#include <vector>

#include "hypervisor/cpu/core.h"
#include "hypervisor/devices/dcr_bus.h"
#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/mmu/guest_tlb.h"
#include "hypervisor/mmu/shadow_tlb.h"
#include "hypervisor/timer/booke_timer.h"
#include "hypervisor/vcpu/host_time_base.h"
#include "hypervisor/vcpu/privileged_emulator.h"
#include "hypervisor/vcpu/vcpu.h"

namespace pvppc::vcpu::testing {

inline constexpr uint32_t kTestPvr = 0x422218D3;

struct VcpuFixture {
  std::vector<std::byte> ram_bytes = std::vector<std::byte>(1 << 20);
  memory::GuestMemory ram{ram_bytes};
  cpu::CpuState state;
  mmu::GuestTlb tlb;
  mmu::ShadowTlb shadow;
  HostTimeBase time_base{400'000'000};
  timer::BookeTimer timers{time_base.read()};
  Vcpu vcpu{state, tlb, shadow, timers, time_base, kTestPvr};
  cpu::Core core{state, shadow, ram, time_base};
  devices::DcrBus dcrs;
  PrivilegedEmulator emulator{vcpu, core, dcrs};

  // Emulates `word` at `pc` from virtual supervisor mode.
  EmulationOutcome emulate(uint32_t word, uint32_t pc = 0x1000) {
    const isa::Instruction insn(word);
    const PrivilegedEmulator::Row* row = PrivilegedEmulator::Find(insn);
    if (row == nullptr) return EmulationOutcome::kGuestFault;
    state.pc = pc;
    return emulator.emulate(*row, insn, pc);
  }
};

// Encoders for the privileged forms (Book E / PPC440x5 UM instruction set).
constexpr uint32_t X(uint32_t xo, uint32_t rt, uint32_t ra, uint32_t rb, bool rc = false) {
  return (31u << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | (rc ? 1 : 0);
}
constexpr uint32_t SprForm(uint32_t xo, uint32_t rt, uint32_t spr) {
  return (31u << 26) | (rt << 21) | ((spr & 0x1f) << 16) | ((spr >> 5) << 11) | (xo << 1);
}
constexpr uint32_t Mfspr(uint32_t rt, uint32_t spr) { return SprForm(339, rt, spr); }
constexpr uint32_t Mtspr(uint32_t spr, uint32_t rs) { return SprForm(467, rs, spr); }
constexpr uint32_t Mfdcr(uint32_t rt, uint32_t dcr) { return SprForm(323, rt, dcr); }
constexpr uint32_t Mtdcr(uint32_t dcr, uint32_t rs) { return SprForm(451, rs, dcr); }
constexpr uint32_t Mfmsr(uint32_t rt) { return X(83, rt, 0, 0); }
constexpr uint32_t Mtmsr(uint32_t rs) { return X(146, rs, 0, 0); }
constexpr uint32_t Wrteei(bool e) { return (31u << 26) | ((e ? 1u : 0u) << 15) | (163u << 1); }
constexpr uint32_t Rfi() { return (19u << 26) | (50u << 1); }
constexpr uint32_t Rfci() { return (19u << 26) | (51u << 1); }
constexpr uint32_t Tlbwe(uint32_t rs, uint32_t ra, uint32_t ws) { return X(978, rs, ra, ws); }
constexpr uint32_t Tlbre(uint32_t rt, uint32_t ra, uint32_t ws) { return X(946, rt, ra, ws); }
constexpr uint32_t Tlbsx(uint32_t rt, uint32_t ra, uint32_t rb, bool rc) {
  return X(914, rt, ra, rb, rc);
}

}  // namespace pvppc::vcpu::testing
