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

inline constexpr uint8_t kFpuOp = opflag::kFloatingPoint;

inline constexpr OpcodeEntry kFpuOpcodes[] = {
    // Loads and stores, D-form.
    {48, 0, Form::kPrimary, fpu::Lfs, "lfs", kFpuOp},
    {49, 0, Form::kPrimary, fpu::Lfsu, "lfsu", kFpuOp},
    {50, 0, Form::kPrimary, fpu::Lfd, "lfd", kFpuOp},
    {51, 0, Form::kPrimary, fpu::Lfdu, "lfdu", kFpuOp},
    {52, 0, Form::kPrimary, fpu::Stfs, "stfs", kFpuOp},
    {53, 0, Form::kPrimary, fpu::Stfsu, "stfsu", kFpuOp},
    {54, 0, Form::kPrimary, fpu::Stfd, "stfd", kFpuOp},
    {55, 0, Form::kPrimary, fpu::Stfdu, "stfdu", kFpuOp},

    // Loads and stores, X-form under opcode 31.
    {31, 535, Form::kX, fpu::Lfsx, "lfsx", kFpuOp},
    {31, 567, Form::kX, fpu::Lfsux, "lfsux", kFpuOp},
    {31, 599, Form::kX, fpu::Lfdx, "lfdx", kFpuOp},
    {31, 631, Form::kX, fpu::Lfdux, "lfdux", kFpuOp},
    {31, 663, Form::kX, fpu::Stfsx, "stfsx", kFpuOp},
    {31, 695, Form::kX, fpu::Stfsux, "stfsux", kFpuOp},
    {31, 727, Form::kX, fpu::Stfdx, "stfdx", kFpuOp},
    {31, 759, Form::kX, fpu::Stfdux, "stfdux", kFpuOp},
    {31, 983, Form::kX, fpu::Stfiwx, "stfiwx", kFpuOp},

    // Single-precision arithmetic, opcode 59, A-form.
    {59, 18, Form::kA, fpu::Fdivs, "fdivs", kFpuOp},
    {59, 20, Form::kA, fpu::Fsubs, "fsubs", kFpuOp},
    {59, 21, Form::kA, fpu::Fadds, "fadds", kFpuOp},
    {59, 22, Form::kA, fpu::Fsqrts, "fsqrts", kFpuOp},
    {59, 24, Form::kA, fpu::Fres, "fres", kFpuOp},
    {59, 25, Form::kA, fpu::Fmuls, "fmuls", kFpuOp},
    {59, 28, Form::kA, fpu::Fmsubs, "fmsubs", kFpuOp},
    {59, 29, Form::kA, fpu::Fmadds, "fmadds", kFpuOp},
    {59, 30, Form::kA, fpu::Fnmsubs, "fnmsubs", kFpuOp},
    {59, 31, Form::kA, fpu::Fnmadds, "fnmadds", kFpuOp},

    // Double-precision arithmetic and select, opcode 63, A-form.
    {63, 18, Form::kA, fpu::Fdiv, "fdiv", kFpuOp},
    {63, 20, Form::kA, fpu::Fsub, "fsub", kFpuOp},
    {63, 21, Form::kA, fpu::Fadd, "fadd", kFpuOp},
    {63, 22, Form::kA, fpu::Fsqrt, "fsqrt", kFpuOp},
    {63, 23, Form::kA, fpu::Fsel, "fsel", kFpuOp},
    {63, 25, Form::kA, fpu::Fmul, "fmul", kFpuOp},
    {63, 26, Form::kA, fpu::Frsqrte, "frsqrte", kFpuOp},
    {63, 28, Form::kA, fpu::Fmsub, "fmsub", kFpuOp},
    {63, 29, Form::kA, fpu::Fmadd, "fmadd", kFpuOp},
    {63, 30, Form::kA, fpu::Fnmsub, "fnmsub", kFpuOp},
    {63, 31, Form::kA, fpu::Fnmadd, "fnmadd", kFpuOp},

    // Compare, round, convert, move and FPSCR, opcode 63, X-form.
    {63, 0, Form::kX, fpu::Fcmpu, "fcmpu", kFpuOp},
    {63, 12, Form::kX, fpu::Frsp, "frsp", kFpuOp},
    {63, 14, Form::kX, fpu::Fctiw, "fctiw", kFpuOp},
    {63, 15, Form::kX, fpu::Fctiwz, "fctiwz", kFpuOp},
    {63, 32, Form::kX, fpu::Fcmpo, "fcmpo", kFpuOp},
    {63, 38, Form::kX, fpu::Mtfsb1, "mtfsb1", kFpuOp},
    {63, 40, Form::kX, fpu::Fneg, "fneg", kFpuOp},
    {63, 64, Form::kX, fpu::Mcrfs, "mcrfs", kFpuOp},
    {63, 70, Form::kX, fpu::Mtfsb0, "mtfsb0", kFpuOp},
    {63, 72, Form::kX, fpu::Fmr, "fmr", kFpuOp},
    {63, 134, Form::kX, fpu::Mtfsfi, "mtfsfi", kFpuOp},
    {63, 136, Form::kX, fpu::Fnabs, "fnabs", kFpuOp},
    {63, 264, Form::kX, fpu::Fabs, "fabs", kFpuOp},
    {63, 583, Form::kX, fpu::Mffs, "mffs", kFpuOp},
    {63, 711, Form::kX, fpu::Mtfsf, "mtfsf", kFpuOp},
};

}  // namespace pvppc::cpu
