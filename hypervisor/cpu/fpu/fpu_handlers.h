// Handlers of the PPC440 floating-point instructions (the FPU APU as Linux
// userspace, glibc for generic 32-bit PowerPC and gcc -mcpu=440fp use it).
// Each one checks MSR[FP] first and takes the FP Unavailable exit when it is
// clear. The opcode table is fpu_opcode_list.h.
#pragma once

#include "hypervisor/cpu/block_cache.h"

namespace pvppc::cpu::fpu {

#define PVPPC_FPU_HANDLER(name) bool name(Core& core, const DecodedOp& op)

// Loads and stores (load_store_handlers.cc).
PVPPC_FPU_HANDLER(Lfs);
PVPPC_FPU_HANDLER(Lfsu);
PVPPC_FPU_HANDLER(Lfsx);
PVPPC_FPU_HANDLER(Lfsux);
PVPPC_FPU_HANDLER(Lfd);
PVPPC_FPU_HANDLER(Lfdu);
PVPPC_FPU_HANDLER(Lfdx);
PVPPC_FPU_HANDLER(Lfdux);
PVPPC_FPU_HANDLER(Stfs);
PVPPC_FPU_HANDLER(Stfsu);
PVPPC_FPU_HANDLER(Stfsx);
PVPPC_FPU_HANDLER(Stfsux);
PVPPC_FPU_HANDLER(Stfd);
PVPPC_FPU_HANDLER(Stfdu);
PVPPC_FPU_HANDLER(Stfdx);
PVPPC_FPU_HANDLER(Stfdux);
PVPPC_FPU_HANDLER(Stfiwx);

// Arithmetic (arithmetic_handlers.cc).
PVPPC_FPU_HANDLER(Fadd);
PVPPC_FPU_HANDLER(Fadds);
PVPPC_FPU_HANDLER(Fsub);
PVPPC_FPU_HANDLER(Fsubs);
PVPPC_FPU_HANDLER(Fmul);
PVPPC_FPU_HANDLER(Fmuls);
PVPPC_FPU_HANDLER(Fdiv);
PVPPC_FPU_HANDLER(Fdivs);
PVPPC_FPU_HANDLER(Fsqrt);
PVPPC_FPU_HANDLER(Fsqrts);
PVPPC_FPU_HANDLER(Fmadd);
PVPPC_FPU_HANDLER(Fmadds);
PVPPC_FPU_HANDLER(Fmsub);
PVPPC_FPU_HANDLER(Fmsubs);
PVPPC_FPU_HANDLER(Fnmadd);
PVPPC_FPU_HANDLER(Fnmadds);
PVPPC_FPU_HANDLER(Fnmsub);
PVPPC_FPU_HANDLER(Fnmsubs);
PVPPC_FPU_HANDLER(Fres);
PVPPC_FPU_HANDLER(Frsqrte);

// Rounding, conversion and comparison (convert_compare_handlers.cc).
PVPPC_FPU_HANDLER(Frsp);
PVPPC_FPU_HANDLER(Fctiw);
PVPPC_FPU_HANDLER(Fctiwz);
PVPPC_FPU_HANDLER(Fcmpu);
PVPPC_FPU_HANDLER(Fcmpo);

// Moves and select (move_handlers.cc).
PVPPC_FPU_HANDLER(Fmr);
PVPPC_FPU_HANDLER(Fneg);
PVPPC_FPU_HANDLER(Fabs);
PVPPC_FPU_HANDLER(Fnabs);
PVPPC_FPU_HANDLER(Fsel);

// FPSCR instructions (fpscr_handlers.cc).
PVPPC_FPU_HANDLER(Mffs);
PVPPC_FPU_HANDLER(Mtfsf);
PVPPC_FPU_HANDLER(Mtfsfi);
PVPPC_FPU_HANDLER(Mtfsb0);
PVPPC_FPU_HANDLER(Mtfsb1);
PVPPC_FPU_HANDLER(Mcrfs);

#undef PVPPC_FPU_HANDLER

}  // namespace pvppc::cpu::fpu
