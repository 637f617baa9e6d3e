// Host structures in the 32-bit big-endian PowerPC Linux layouts the guest
// expects (asm/stat.h, linux/stat.h, asm/termbits.h, linux/resource.h ...),
// and the few flag sets whose values differ between PowerPC and x86-64.
// Offsets were checked against the cross compiler's headers.
#pragma once

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <termios.h>

#include <cstdint>

#include "userspace/big_endian.h"

namespace pvppc::user {

// struct stat64 (fstat64, stat64, lstat64, fstatat64): 104 bytes.
using GuestStat64 = BeStruct<104>;
GuestStat64 EncodeStat64(const struct stat& st);

// struct statx: the same 256-byte layout everywhere, only big-endian.
using GuestStatx = BeStruct<256>;
GuestStatx EncodeStatx(const struct statx& sx);

// struct rusage with 32-bit timevals and longs: 72 bytes.
using GuestRusage = BeStruct<72>;
GuestRusage EncodeRusage(const struct rusage& ru);

// struct sysinfo with 32-bit longs: 64 bytes.
using GuestSysinfo = BeStruct<64>;
GuestSysinfo EncodeSysinfo(const struct sysinfo& si);

// struct termios of PowerPC (NCCS 19, its own flag values and c_cc order):
// 44 bytes. Decoding starts from the host's current settings so that flags
// PowerPC cannot express stay as they were.
using GuestTermios = BeStruct<44>;
GuestTermios EncodeTermios(const struct termios& host);
struct termios DecodeTermios(const GuestTermios& guest, const struct termios& current);

// open(2)/fcntl(F_GETFL) flags: O_DIRECTORY, O_NOFOLLOW, O_LARGEFILE and
// O_DIRECT have PowerPC values of their own.
int HostOpenFlags(uint32_t guest);
uint32_t GuestOpenFlags(int host);

// Timespecs: 32-bit (old syscalls) and 64-bit (the *_time64 syscalls glibc
// 2.34+ prefers on 32-bit targets).
using GuestTimespec32 = BeStruct<8>;
using GuestTimespec64 = BeStruct<16>;
GuestTimespec32 EncodeTimespec32(const struct timespec& ts);
GuestTimespec64 EncodeTimespec64(const struct timespec& ts);
struct timespec DecodeTimespec32(const GuestTimespec32& g);
struct timespec DecodeTimespec64(const GuestTimespec64& g);

}  // namespace pvppc::user
