// Instruction handlers of the integer core, by instruction class. Each runs
// one instruction against Core (see block_cache.h for the contract).
#pragma once

#include "hypervisor/cpu/block_cache.h"

namespace pvppc::cpu::exec {

#define PVPPC_HANDLER(name) bool name(Core& core, const DecodedOp& op)

// integer_arith.cc
PVPPC_HANDLER(Addi); PVPPC_HANDLER(Addis); PVPPC_HANDLER(Addic); PVPPC_HANDLER(AddicRecord);
PVPPC_HANDLER(Subfic); PVPPC_HANDLER(Mulli);
PVPPC_HANDLER(Add); PVPPC_HANDLER(Addc); PVPPC_HANDLER(Adde); PVPPC_HANDLER(Addme);
PVPPC_HANDLER(Addze); PVPPC_HANDLER(Subf); PVPPC_HANDLER(Subfc); PVPPC_HANDLER(Subfe);
PVPPC_HANDLER(Subfme); PVPPC_HANDLER(Subfze); PVPPC_HANDLER(Neg);
PVPPC_HANDLER(Mullw); PVPPC_HANDLER(Mulhw); PVPPC_HANDLER(Mulhwu);
PVPPC_HANDLER(Divw); PVPPC_HANDLER(Divwu);

// logical.cc: logical, rotate, shift, extend, count
PVPPC_HANDLER(Ori); PVPPC_HANDLER(Oris); PVPPC_HANDLER(Xori); PVPPC_HANDLER(Xoris);
PVPPC_HANDLER(AndiRecord); PVPPC_HANDLER(AndisRecord);
PVPPC_HANDLER(And); PVPPC_HANDLER(Andc); PVPPC_HANDLER(Or); PVPPC_HANDLER(Orc);
PVPPC_HANDLER(Xor); PVPPC_HANDLER(Nand); PVPPC_HANDLER(Nor); PVPPC_HANDLER(Eqv);
PVPPC_HANDLER(Extsb); PVPPC_HANDLER(Extsh); PVPPC_HANDLER(Cntlzw);
PVPPC_HANDLER(Rlwimi); PVPPC_HANDLER(Rlwinm); PVPPC_HANDLER(Rlwnm);
PVPPC_HANDLER(Slw); PVPPC_HANDLER(Srw); PVPPC_HANDLER(Sraw); PVPPC_HANDLER(Srawi);
PVPPC_HANDLER(Dlmzb);

// compare_cr.cc: compares and CR logical
PVPPC_HANDLER(Cmp); PVPPC_HANDLER(Cmpl); PVPPC_HANDLER(Cmpi); PVPPC_HANDLER(Cmpli);
PVPPC_HANDLER(Crand); PVPPC_HANDLER(Crandc); PVPPC_HANDLER(Creqv); PVPPC_HANDLER(Crnand);
PVPPC_HANDLER(Crnor); PVPPC_HANDLER(Cror); PVPPC_HANDLER(Crorc); PVPPC_HANDLER(Crxor);
PVPPC_HANDLER(Mcrf); PVPPC_HANDLER(Mcrxr); PVPPC_HANDLER(Mfcr); PVPPC_HANDLER(Mtcrf);

// branch.cc
PVPPC_HANDLER(B); PVPPC_HANDLER(Bc); PVPPC_HANDLER(Bclr); PVPPC_HANDLER(Bcctr);

// load_store.cc
PVPPC_HANDLER(Lbz); PVPPC_HANDLER(Lbzu); PVPPC_HANDLER(Lbzx); PVPPC_HANDLER(Lbzux);
PVPPC_HANDLER(Lhz); PVPPC_HANDLER(Lhzu); PVPPC_HANDLER(Lhzx); PVPPC_HANDLER(Lhzux);
PVPPC_HANDLER(Lha); PVPPC_HANDLER(Lhau); PVPPC_HANDLER(Lhax); PVPPC_HANDLER(Lhaux);
PVPPC_HANDLER(Lwz); PVPPC_HANDLER(Lwzu); PVPPC_HANDLER(Lwzx); PVPPC_HANDLER(Lwzux);
PVPPC_HANDLER(Stb); PVPPC_HANDLER(Stbu); PVPPC_HANDLER(Stbx); PVPPC_HANDLER(Stbux);
PVPPC_HANDLER(Sth); PVPPC_HANDLER(Sthu); PVPPC_HANDLER(Sthx); PVPPC_HANDLER(Sthux);
PVPPC_HANDLER(Stw); PVPPC_HANDLER(Stwu); PVPPC_HANDLER(Stwx); PVPPC_HANDLER(Stwux);
PVPPC_HANDLER(Lhbrx); PVPPC_HANDLER(Lwbrx); PVPPC_HANDLER(Sthbrx); PVPPC_HANDLER(Stwbrx);
PVPPC_HANDLER(Lwarx); PVPPC_HANDLER(StwcxRecord);

// load_store_multiple.cc: multiple and string
PVPPC_HANDLER(Lmw); PVPPC_HANDLER(Stmw); PVPPC_HANDLER(Lswi); PVPPC_HANDLER(Lswx);
PVPPC_HANDLER(Stswi); PVPPC_HANDLER(Stswx);

// system.cc: sc, traps, SPRs, barriers, cache management, privileged, illegal
PVPPC_HANDLER(Sc); PVPPC_HANDLER(Tw); PVPPC_HANDLER(Twi);
PVPPC_HANDLER(Mfspr); PVPPC_HANDLER(Mtspr); PVPPC_HANDLER(Mftb);
PVPPC_HANDLER(Nop);  // sync/msync, mbar/eieio, dcbt, dcbtst, icbt, dcba
PVPPC_HANDLER(Isync); PVPPC_HANDLER(Dcbst); PVPPC_HANDLER(Dcbf); PVPPC_HANDLER(Dcbz);
PVPPC_HANDLER(Icbi);
PVPPC_HANDLER(Privileged);  // exits with ESR[PPR]; the hypervisor emulates it
PVPPC_HANDLER(Illegal);     // exits with ESR[PIL]

#undef PVPPC_HANDLER

}  // namespace pvppc::cpu::exec
