// Whether another process still runs: the VM and backend processes of
// remote/ and the VMs on a net switch watch each other's pids.
#pragma once

#include <cstdint>

namespace pvppc::backends::remote {

// True while `pid` runs (not gone, not a zombie that its parent has not
// reaped yet); false for pid <= 0.
bool ProcessAlive(int32_t pid);

}  // namespace pvppc::backends::remote
