// 32-bit PowerPC Linux system call numbers (the kernel's
// arch/powerpc/kernel/syscalls/syscall.tbl, "32" and "common" rows): the ones
// pvppc_user implements plus some it is likely to meet, for its messages.
#pragma once

#include <cstdint>
#include <string_view>

namespace pvppc::user::nr {

enum : uint32_t {
  kRestartSyscall = 0, kExit = 1, kFork = 2, kRead = 3, kWrite = 4, kOpen = 5, kClose = 6,
  kWaitpid = 7, kCreat = 8, kLink = 9, kUnlink = 10, kExecve = 11, kChdir = 12, kTime = 13,
  kMknod = 14, kChmod = 15, kLchown = 16, kLseek = 19, kGetpid = 20, kMount = 21,
  kSetuid = 23, kGetuid = 24, kAlarm = 27, kPause = 29, kUtime = 30, kAccess = 33, kNice = 34,
  kSync = 36, kKill = 37, kRename = 38, kMkdir = 39, kRmdir = 40, kDup = 41, kPipe = 42,
  kTimes = 43, kBrk = 45, kSetgid = 46, kGetgid = 47, kSignal = 48, kGeteuid = 49,
  kGetegid = 50, kIoctl = 54, kFcntl = 55, kSetpgid = 57, kUmask = 60, kChroot = 61,
  kDup2 = 63, kGetppid = 64, kGetpgrp = 65, kSetsid = 66, kSigaction = 67, kSetreuid = 70,
  kSetregid = 71, kSigsuspend = 72, kSigpending = 73, kSethostname = 74, kSetrlimit = 75,
  kGetrlimit = 76, kGetrusage = 77, kGettimeofday = 78, kSettimeofday = 79, kGetgroups = 80,
  kSetgroups = 81, kSelect = 82, kSymlink = 83, kReadlink = 85, kMmap = 90, kMunmap = 91,
  kTruncate = 92, kFtruncate = 93, kFchmod = 94, kFchown = 95, kGetpriority = 96,
  kSetpriority = 97, kStatfs = 99, kFstatfs = 100, kSocketcall = 102, kSetitimer = 104,
  kGetitimer = 105, kStat = 106, kLstat = 107, kFstat = 108, kWait4 = 114, kSysinfo = 116,
  kIpc = 117, kFsync = 118, kSigreturn = 119, kClone = 120, kUname = 122, kMprotect = 125,
  kSigprocmask = 126, kGetpgid = 132, kFchdir = 133, kPersonality = 136, kLlseek = 140,
  kGetdents = 141, kNewselect = 142, kFlock = 143, kMsync = 144, kReadv = 145, kWritev = 146,
  kGetsid = 147, kFdatasync = 148, kMlock = 150, kMunlock = 151, kSchedYield = 158,
  kNanosleep = 162, kMremap = 163, kSetresuid = 164, kGetresuid = 165, kPoll = 167,
  kSetresgid = 169, kGetresgid = 170, kPrctl = 171, kRtSigreturn = 172, kRtSigaction = 173,
  kRtSigprocmask = 174, kRtSigpending = 175, kRtSigtimedwait = 176, kRtSigqueueinfo = 177,
  kRtSigsuspend = 178, kPread64 = 179, kPwrite64 = 180, kChown = 181, kGetcwd = 182,
  kCapget = 183, kSigaltstack = 185, kSendfile = 186, kVfork = 189, kUgetrlimit = 190,
  kMmap2 = 192, kTruncate64 = 193, kFtruncate64 = 194, kStat64 = 195, kLstat64 = 196,
  kFstat64 = 197, kGetdents64 = 202, kFcntl64 = 204, kMadvise = 205, kGettid = 207,
  kTkill = 208, kFutex = 221, kSchedSetaffinity = 222, kSchedGetaffinity = 223,
  kSendfile64 = 226, kSetTidAddress = 232, kFadvise64 = 233, kExitGroup = 234,
  kEpollCreate = 236, kClockGettime = 246, kClockGetres = 247, kClockNanosleep = 248,
  kTgkill = 250, kUtimes = 251, kStatfs64 = 252, kFstatfs64 = 253, kFadvise64_64 = 254,
  kWaitid = 272, kPselect6 = 280, kPpoll = 281, kOpenat = 286, kMkdirat = 287,
  kMknodat = 288, kFchownat = 289, kFutimesat = 290, kFstatat64 = 291, kUnlinkat = 292,
  kRenameat = 293, kLinkat = 294, kSymlinkat = 295, kReadlinkat = 296, kFchmodat = 297,
  kFaccessat = 298, kGetRobustList = 299, kSetRobustList = 300, kGetcpu = 302,
  kUtimensat = 304, kEventfd = 307, kFallocate = 309, kEventfd2 = 314, kEpollCreate1 = 315,
  kDup3 = 316, kPipe2 = 317, kPreadv = 320, kPwritev = 321, kPrlimit64 = 325, kSocket = 326,
  kBind = 327, kConnect = 328, kListen = 329, kAccept = 330, kGetsockname = 331,
  kGetpeername = 332, kSocketpair = 333, kSend = 334, kSendto = 335, kRecv = 336,
  kRecvfrom = 337, kShutdown = 338, kSetsockopt = 339, kGetsockopt = 340, kSendmsg = 341,
  kRecvmsg = 342, kAccept4 = 344, kSyncfs = 348, kRenameat2 = 357, kGetrandom = 359,
  kMemfdCreate = 360, kExecveat = 362, kMembarrier = 365, kCopyFileRange = 379, kStatx = 383,
  kRseq = 387, kClockGettime64 = 403, kClockSettime64 = 404, kClockGetresTime64 = 406,
  kClockNanosleepTime64 = 407, kUtimensatTime64 = 412, kPselect6Time64 = 413,
  kPpollTime64 = 414, kRtSigtimedwaitTime64 = 421, kFutexTime64 = 422, kPidfdOpen = 434,
  kClone3 = 435, kCloseRange = 436, kOpenat2 = 437, kFaccessat2 = 439,
};

// The kernel's name for `number`, or "" when this table does not know it.
std::string_view SyscallName(uint32_t number);

}  // namespace pvppc::user::nr
