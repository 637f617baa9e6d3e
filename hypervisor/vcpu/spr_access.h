// mfspr/mtspr of the privileged SPRs, against the guest's virtual state
// (PPC440x5 UM, "Special Purpose Registers Sorted by SPR Number").
#pragma once

#include <cstdint>
#include <optional>

#include "hypervisor/vcpu/vcpu.h"

namespace pvppc::vcpu {

// The value mfspr reads, or nothing for an SPR this 440 does not have (the
// guest then takes an illegal-instruction Program interrupt).
std::optional<uint32_t> ReadSpr(Vcpu& vcpu, uint32_t spr);

enum class SprWrite : uint8_t { kDone, kUnknown, kResetRequested };
SprWrite WriteSpr(Vcpu& vcpu, uint32_t spr, uint32_t value);

}  // namespace pvppc::vcpu
