// Why the core stopped running guest code.
//
// Every reason but the first three is an exception a real 440 would take into
// supervisor mode while running guest code in user mode: an exit. The core
// never handles them itself; the hypervisor (or pvppc_user) does.
#pragma once

#include <cstdint>
#include <string_view>

namespace pvppc::cpu {

enum class ExitReason : uint8_t {
  kNone = 0,
  kInstructionBudget,   // ran the number of instructions it was asked to
  kStopRequested,       // request_stop() was called (e.g. an interrupt is pending)
  kSystemCall,          // sc
  kProgram,             // ESR says which: PIL illegal, PPR privileged, PTR trap, FP enabled, PUO
  kFpUnavailable,       // FP instruction with MSR[FP]=0
  kAlignment,
  kDataStorage,         // TLB entry forbids the access (ESR[ST] for stores)
  kInstructionStorage,  // TLB entry forbids execution
  kDataTlbMiss,
  kInstructionTlbMiss,
  kMachineCheck,        // translated to a physical address with no RAM behind it
  kCount
};

constexpr std::string_view ExitReasonName(ExitReason reason) {
  switch (reason) {
    case ExitReason::kNone: return "none";
    case ExitReason::kInstructionBudget: return "instruction-budget";
    case ExitReason::kStopRequested: return "stop-requested";
    case ExitReason::kSystemCall: return "system-call";
    case ExitReason::kProgram: return "program";
    case ExitReason::kFpUnavailable: return "fp-unavailable";
    case ExitReason::kAlignment: return "alignment";
    case ExitReason::kDataStorage: return "data-storage";
    case ExitReason::kInstructionStorage: return "instruction-storage";
    case ExitReason::kDataTlbMiss: return "data-tlb-miss";
    case ExitReason::kInstructionTlbMiss: return "instruction-tlb-miss";
    case ExitReason::kMachineCheck: return "machine-check";
    case ExitReason::kCount: break;
  }
  return "invalid";
}

struct Exit {
  ExitReason reason = ExitReason::kNone;
  // Address of the instruction that caused the exit. CpuState::pc holds where
  // the interrupt's SRR0 would point: the next instruction for sc, this one
  // for everything else.
  uint32_t pc = 0;
  uint32_t instruction = 0;  // its word (0 when the fetch itself faulted)
  uint32_t dear = 0;         // data effective address (storage, TLB miss, alignment)
  uint32_t esr = 0;          // Book E ESR bits as the 440 would set them
};

}  // namespace pvppc::cpu
