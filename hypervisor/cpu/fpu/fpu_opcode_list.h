// The FPU's instructions as {opcode, handler} rows for the decoder (see
// opcode_entry.h). Numbers are from the PPC440x5 User's Manual instruction
// set and Book E's opcode maps.
//
// Only what a 32-bit PPC440 with its FPU implements: the 64-bit-only
// conversions (fcfid, fctid, fctidz) and the later optional ones (fre,
// frsqrtes, fri*, fcpsgn, ...) are absent and decode as illegal.
//
// Under opcode 63 the A-form rows (extended opcode in bits 26-30, bit 26 = 1)
// and the X-form rows (bits 21-30, bit 26 = 0) never collide. Reserved fields
// do not take part in decoding (the 440 executes invalid forms), so for
// example the Power ISA 3.0 mffs variants with nonzero bits 11-15 (mffsl,
// mffsce, ...) run as mffs; see fpscr_handlers.cc.
#pragma once

#include "hypervisor/cpu/fpu/fpu_handlers.h"
#include "hypervisor/cpu/opcode_entry.h"

namespace pvppc::cpu {

inline constexpr uint8_t kFp = opflag::kFloatingPoint;

inline constexpr OpcodeEntry kFpuOpcodes[] = {
    // Loads and stores, D-form.
    {48, 0, Form::kPrimary, fpu::Lfs, "lfs", kFp},
    {49, 0, Form::kPrimary, fpu::Lfsu, "lfsu", kFp},
    {50, 0, Form::kPrimary, fpu::Lfd, "lfd", kFp},
    {51, 0, Form::kPrimary, fpu::Lfdu, "lfdu", kFp},
    {52, 0, Form::kPrimary, fpu::Stfs, "stfs", kFp},
    {53, 0, Form::kPrimary, fpu::Stfsu, "stfsu", kFp},
    {54, 0, Form::kPrimary, fpu::Stfd, "stfd", kFp},
    {55, 0, Form::kPrimary, fpu::Stfdu, "stfdu", kFp},

    // Loads and stores, X-form under opcode 31.
    {31, 535, Form::kX, fpu::Lfsx, "lfsx", kFp},
    {31, 567, Form::kX, fpu::Lfsux, "lfsux", kFp},
    {31, 599, Form::kX, fpu::Lfdx, "lfdx", kFp},
    {31, 631, Form::kX, fpu::Lfdux, "lfdux", kFp},
    {31, 663, Form::kX, fpu::Stfsx, "stfsx", kFp},
    {31, 695, Form::kX, fpu::Stfsux, "stfsux", kFp},
    {31, 727, Form::kX, fpu::Stfdx, "stfdx", kFp},
    {31, 759, Form::kX, fpu::Stfdux, "stfdux", kFp},
    {31, 983, Form::kX, fpu::Stfiwx, "stfiwx", kFp},

    // Single-precision arithmetic, opcode 59, A-form.
    {59, 18, Form::kA, fpu::Fdivs, "fdivs", kFp},
    {59, 20, Form::kA, fpu::Fsubs, "fsubs", kFp},
    {59, 21, Form::kA, fpu::Fadds, "fadds", kFp},
    {59, 22, Form::kA, fpu::Fsqrts, "fsqrts", kFp},
    {59, 24, Form::kA, fpu::Fres, "fres", kFp},
    {59, 25, Form::kA, fpu::Fmuls, "fmuls", kFp},
    {59, 28, Form::kA, fpu::Fmsubs, "fmsubs", kFp},
    {59, 29, Form::kA, fpu::Fmadds, "fmadds", kFp},
    {59, 30, Form::kA, fpu::Fnmsubs, "fnmsubs", kFp},
    {59, 31, Form::kA, fpu::Fnmadds, "fnmadds", kFp},

    // Double-precision arithmetic and select, opcode 63, A-form.
    {63, 18, Form::kA, fpu::Fdiv, "fdiv", kFp},
    {63, 20, Form::kA, fpu::Fsub, "fsub", kFp},
    {63, 21, Form::kA, fpu::Fadd, "fadd", kFp},
    {63, 22, Form::kA, fpu::Fsqrt, "fsqrt", kFp},
    {63, 23, Form::kA, fpu::Fsel, "fsel", kFp},
    {63, 25, Form::kA, fpu::Fmul, "fmul", kFp},
    {63, 26, Form::kA, fpu::Frsqrte, "frsqrte", kFp},
    {63, 28, Form::kA, fpu::Fmsub, "fmsub", kFp},
    {63, 29, Form::kA, fpu::Fmadd, "fmadd", kFp},
    {63, 30, Form::kA, fpu::Fnmsub, "fnmsub", kFp},
    {63, 31, Form::kA, fpu::Fnmadd, "fnmadd", kFp},

    // Compare, round, convert, move and FPSCR, opcode 63, X-form.
    {63, 0, Form::kX, fpu::Fcmpu, "fcmpu", kFp},
    {63, 12, Form::kX, fpu::Frsp, "frsp", kFp},
    {63, 14, Form::kX, fpu::Fctiw, "fctiw", kFp},
    {63, 15, Form::kX, fpu::Fctiwz, "fctiwz", kFp},
    {63, 32, Form::kX, fpu::Fcmpo, "fcmpo", kFp},
    {63, 38, Form::kX, fpu::Mtfsb1, "mtfsb1", kFp},
    {63, 40, Form::kX, fpu::Fneg, "fneg", kFp},
    {63, 64, Form::kX, fpu::Mcrfs, "mcrfs", kFp},
    {63, 70, Form::kX, fpu::Mtfsb0, "mtfsb0", kFp},
    {63, 72, Form::kX, fpu::Fmr, "fmr", kFp},
    {63, 134, Form::kX, fpu::Mtfsfi, "mtfsfi", kFp},
    {63, 136, Form::kX, fpu::Fnabs, "fnabs", kFp},
    {63, 264, Form::kX, fpu::Fabs, "fabs", kFp},
    {63, 583, Form::kX, fpu::Mffs, "mffs", kFp},
    {63, 711, Form::kX, fpu::Mtfsf, "mtfsf", kFp},
};

}  // namespace pvppc::cpu
