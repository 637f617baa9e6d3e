// The page tables a PV guest keeps for the hypervisor to walk (docs/abi.md,
// "The PV MMU"): a level-1 table of 2048 32-bit entries indexed by EA >> 21,
// each 0 or the physical address of a level-2 table of 512 64-bit entries
// indexed by (EA >> 12) & 511. Both are big-endian guest memory, read only
// through GuestMemory's checked accessors.
#pragma once

#include <cstdint>

#include "hypervisor/memory/address_translator.h"
#include "hypervisor/memory/guest_memory.h"

namespace pvppc::mmu {

struct PageTableWalk {
  enum class Kind : uint8_t {
    kEntry,       // `pte` holds the level-2 entry (present or not)
    kNoTable,     // the level-1 entry is 0: nothing mapped in these 2 MiB
    kBadAddress,  // a table (or the level-1 entry's target) is not in guest RAM
  };
  Kind kind = Kind::kNoTable;
  uint64_t pte = 0;
};

// Reads the level-2 entry for `ea` from the tables rooted at `l1_table`;
// tables must lie in the first `ram_bytes` of `ram` (guest RAM).
PageTableWalk WalkPageTable(const memory::GuestMemory& ram, uint64_t ram_bytes, uint64_t l1_table,
                            uint32_t ea);

// What an entry (or a fixed mapping's flags) allows in guest user or
// supervisor mode: PRESENT and ACCESSED for anything; USER in user mode;
// WRITE and DIRTY to write; EXEC to execute, and in supervisor mode only
// pages without USER (Linux's 44x TLB-miss handler has the same rules).
struct PteRights {
  bool read = false;
  bool write = false;
  bool execute = false;

  bool allows(memory::Access access) const {
    switch (access) {
      case memory::Access::kRead: return read;
      case memory::Access::kWrite: return write;
      case memory::Access::kExecute: return execute;
    }
    return false;
  }
};
PteRights RightsOf(uint32_t flags, bool user_mode);

}  // namespace pvppc::mmu
