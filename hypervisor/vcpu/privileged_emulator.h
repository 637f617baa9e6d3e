// Emulation of the privileged instructions a guest kernel executes in its
// virtual supervisor mode (trap-and-emulate). The core exits on each of them
// with ESR[PPR] and the instruction word; this class performs it against the
// guest's virtual state.
//
// One table, keyed by (primary, extended) opcode, names every instruction it
// handles (as the core's own decode tables do); a word that matches no row is
// an illegal instruction for the guest.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "hypervisor/cpu/core.h"
#include "hypervisor/devices/dcr_bus.h"
#include "hypervisor/isa/instruction.h"
#include "hypervisor/vcpu/vcpu.h"

namespace pvppc::vcpu {

enum class EmulationOutcome : uint8_t {
  kCompleted,     // done; execution continues after the instruction
  kBranched,      // done; the instruction set the PC (rfi and friends)
  kGuestFault,    // the guest took an interrupt instead (illegal form, ...)
  kResetRequest,  // DBCR0[RST] written: the guest asked for a reset
};

class PrivilegedEmulator {
 public:
  using Handler = EmulationOutcome (PrivilegedEmulator::*)(isa::Instruction);
  struct Row {
    uint8_t primary;
    uint16_t extended;  // XO (bits 21:30)
    Handler handler;
    std::string_view mnemonic;
  };

  PrivilegedEmulator(Vcpu& vcpu, cpu::Core& core, devices::DcrBus& dcrs);

  // The row that handles `insn`, or nullptr when it is no privileged
  // instruction this 440 has.
  static const Row* Find(isa::Instruction insn);
  static std::span<const Row> Rows();

  // Performs `insn` (at the guest PC `pc`) from virtual supervisor mode and
  // leaves the machine PC where execution continues.
  EmulationOutcome emulate(const Row& row, isa::Instruction insn, uint32_t pc);

  // Reflects a Program interrupt (ESR as given) at `pc` into the guest.
  void program_interrupt(uint32_t pc, uint32_t esr);

  // Counters the exit statistics read.
  uint64_t unhandled_dcr_accesses() const { return unhandled_dcr_accesses_; }

  // The table's handlers (public so that the constexpr table can name them).
  EmulationOutcome Mfmsr(isa::Instruction);
  EmulationOutcome Mtmsr(isa::Instruction);
  EmulationOutcome Wrtee(isa::Instruction);
  EmulationOutcome Wrteei(isa::Instruction);
  EmulationOutcome Rfi(isa::Instruction);
  EmulationOutcome Rfci(isa::Instruction);
  EmulationOutcome Rfmci(isa::Instruction);
  EmulationOutcome Mfspr(isa::Instruction);
  EmulationOutcome Mtspr(isa::Instruction);
  EmulationOutcome Mfdcr(isa::Instruction);
  EmulationOutcome Mtdcr(isa::Instruction);
  EmulationOutcome Tlbwe(isa::Instruction);
  EmulationOutcome Tlbre(isa::Instruction);
  EmulationOutcome Tlbsx(isa::Instruction);
  EmulationOutcome CacheNop(isa::Instruction);
  EmulationOutcome CacheRead(isa::Instruction);
  EmulationOutcome Iccci(isa::Instruction);


 private:
  EmulationOutcome illegal();

  Vcpu& vcpu_;
  cpu::Core& core_;
  devices::DcrBus& dcrs_;
  uint32_t pc_ = 0;  // of the instruction being emulated
  uint64_t unhandled_dcr_accesses_ = 0;

};

}  // namespace pvppc::vcpu
