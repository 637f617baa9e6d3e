// Where things live in a pvppc_user guest's 4 GiB, chosen to look like a
// 32-bit PowerPC Linux process (TASK_SIZE 0xC0000000, stack at the top,
// mmap areas handed out top-down below it, brk after the program).
#pragma once

#include <cstdint>

namespace pvppc::user::layout {

// End of user space on ppc32 Linux; the initial stack ends here.
inline constexpr uint32_t kStackTop = 0xC0000000u;
// The stack is mapped up front (pages cost nothing until touched); Linux's
// default RLIMIT_STACK is the same 8 MiB.
inline constexpr uint32_t kStackSize = 8u << 20;
inline constexpr uint32_t kStackBottom = kStackTop - kStackSize;

// One read-only executable page holding the signal return trampoline (what
// the vDSO's sigtramp is on Linux); handlers return to it.
inline constexpr uint32_t kSignalTrampoline = kStackBottom - 0x10000;

// mmap(NULL, ...) searches downwards from here; program segments must end
// below it.
inline constexpr uint32_t kMmapCeiling = kSignalTrampoline & ~0xFFFFFu;
// ... and never below the first 64 KiB (Linux's mmap_min_addr on most
// distributions), so a null pointer dereference always faults.
inline constexpr uint32_t kMmapFloor = 0x00010000u;

}  // namespace pvppc::user::layout
