// Placeholder until the FPU lands: no FP instructions decode.
#pragma once

#include "hypervisor/cpu/opcode_entry.h"

namespace pvppc::cpu {
inline constexpr OpcodeEntry kFpuOpcodes[] = {
    {0, 0, Form::kPrimary, nullptr, "placeholder"},
};
}  // namespace pvppc::cpu
