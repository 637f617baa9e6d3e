// Book E interrupt delivery (Book E "Interrupts and Exceptions"; PPC440x5 UM,
// "Interrupt Processing"): each interrupt has an IVOR, a class that decides
// which save/restore pair it uses and which MSR bits survive.
#pragma once

#include <cstdint>
#include <string_view>

#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/vcpu/supervisor_state.h"

namespace pvppc::vcpu {

enum class Interrupt : uint8_t {
  kCriticalInput = 0,
  kMachineCheck = 1,
  kDataStorage = 2,
  kInstructionStorage = 3,
  kExternalInput = 4,
  kAlignment = 5,
  kProgram = 6,
  kFpUnavailable = 7,
  kSystemCall = 8,
  kApUnavailable = 9,
  kDecrementer = 10,
  kFixedIntervalTimer = 11,
  kWatchdog = 12,
  kDataTlbError = 13,
  kInstructionTlbError = 14,
  kDebug = 15,
};

std::string_view InterruptName(Interrupt interrupt);

enum class InterruptClass : uint8_t { kBase, kCritical, kMachineCheck };

constexpr InterruptClass ClassOf(Interrupt interrupt) {
  switch (interrupt) {
    case Interrupt::kCriticalInput:
    case Interrupt::kWatchdog:
    case Interrupt::kDebug:  // the 440's debug interrupt is critical class
      return InterruptClass::kCritical;
    case Interrupt::kMachineCheck:
      return InterruptClass::kMachineCheck;
    default:
      return InterruptClass::kBase;
  }
}

// The guest's vectors are set when IVPR and the IVOR are not both still at
// their reset value of zero; taking an interrupt through unset vectors is a
// guest error the hypervisor reports rather than a jump to address 0.
bool VectorsSet(const SupervisorState& sup, Interrupt interrupt);

// Saves (return_pc, MSR) into the class's save/restore pair, applies the
// class's MSR rule and returns the vector address IVPR[0:15] || IVORn[16:27].
// ESR/DEAR are the caller's (they differ per interrupt).
uint32_t Deliver(SupervisorState& sup, Interrupt interrupt, uint32_t return_pc);

}  // namespace pvppc::vcpu
