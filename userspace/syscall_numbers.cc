#include "userspace/syscall_numbers.h"

#include <algorithm>
#include <iterator>

namespace pvppc::user::nr {
namespace {

struct NamedSyscall {
  uint32_t number;
  std::string_view name;
};

// Sorted by number.
constexpr NamedSyscall kNames[] = {
    {0, "restart_syscall"}, {1, "exit"}, {2, "fork"}, {3, "read"}, {4, "write"}, {5, "open"},
    {6, "close"}, {7, "waitpid"}, {8, "creat"}, {9, "link"}, {10, "unlink"}, {11, "execve"},
    {12, "chdir"}, {13, "time"}, {14, "mknod"}, {15, "chmod"}, {16, "lchown"}, {19, "lseek"},
    {20, "getpid"}, {21, "mount"}, {23, "setuid"}, {24, "getuid"}, {27, "alarm"}, {29, "pause"},
    {30, "utime"}, {33, "access"}, {34, "nice"}, {36, "sync"}, {37, "kill"}, {38, "rename"},
    {39, "mkdir"}, {40, "rmdir"}, {41, "dup"}, {42, "pipe"}, {43, "times"}, {45, "brk"},
    {46, "setgid"}, {47, "getgid"}, {48, "signal"}, {49, "geteuid"}, {50, "getegid"},
    {54, "ioctl"}, {55, "fcntl"}, {57, "setpgid"}, {60, "umask"}, {61, "chroot"}, {63, "dup2"},
    {64, "getppid"}, {65, "getpgrp"}, {66, "setsid"}, {67, "sigaction"}, {70, "setreuid"},
    {71, "setregid"}, {72, "sigsuspend"}, {73, "sigpending"}, {74, "sethostname"},
    {75, "setrlimit"}, {76, "getrlimit"}, {77, "getrusage"}, {78, "gettimeofday"},
    {79, "settimeofday"}, {80, "getgroups"}, {81, "setgroups"}, {82, "select"}, {83, "symlink"},
    {85, "readlink"}, {90, "mmap"}, {91, "munmap"}, {92, "truncate"}, {93, "ftruncate"},
    {94, "fchmod"}, {95, "fchown"}, {96, "getpriority"}, {97, "setpriority"}, {99, "statfs"},
    {100, "fstatfs"}, {102, "socketcall"}, {104, "setitimer"}, {105, "getitimer"}, {106, "stat"},
    {107, "lstat"}, {108, "fstat"}, {114, "wait4"}, {116, "sysinfo"}, {117, "ipc"},
    {118, "fsync"}, {119, "sigreturn"}, {120, "clone"}, {122, "uname"}, {125, "mprotect"},
    {126, "sigprocmask"}, {132, "getpgid"}, {133, "fchdir"}, {136, "personality"},
    {140, "_llseek"}, {141, "getdents"}, {142, "_newselect"}, {143, "flock"}, {144, "msync"},
    {145, "readv"}, {146, "writev"}, {147, "getsid"}, {148, "fdatasync"}, {150, "mlock"},
    {151, "munlock"}, {158, "sched_yield"}, {162, "nanosleep"}, {163, "mremap"},
    {164, "setresuid"}, {165, "getresuid"}, {167, "poll"}, {169, "setresgid"}, {170, "getresgid"},
    {171, "prctl"}, {172, "rt_sigreturn"}, {173, "rt_sigaction"}, {174, "rt_sigprocmask"},
    {175, "rt_sigpending"}, {176, "rt_sigtimedwait"}, {177, "rt_sigqueueinfo"},
    {178, "rt_sigsuspend"}, {179, "pread64"}, {180, "pwrite64"}, {181, "chown"}, {182, "getcwd"},
    {183, "capget"}, {185, "sigaltstack"}, {186, "sendfile"}, {189, "vfork"}, {190, "ugetrlimit"},
    {192, "mmap2"}, {193, "truncate64"}, {194, "ftruncate64"}, {195, "stat64"}, {196, "lstat64"},
    {197, "fstat64"}, {202, "getdents64"}, {204, "fcntl64"}, {205, "madvise"}, {207, "gettid"},
    {208, "tkill"}, {221, "futex"}, {222, "sched_setaffinity"}, {223, "sched_getaffinity"},
    {226, "sendfile64"}, {232, "set_tid_address"}, {233, "fadvise64"}, {234, "exit_group"},
    {236, "epoll_create"}, {246, "clock_gettime"}, {247, "clock_getres"},
    {248, "clock_nanosleep"}, {250, "tgkill"}, {251, "utimes"}, {252, "statfs64"},
    {253, "fstatfs64"}, {254, "fadvise6464"}, {272, "waitid"}, {280, "pselect6"}, {281, "ppoll"},
    {286, "openat"}, {287, "mkdirat"}, {288, "mknodat"}, {289, "fchownat"}, {290, "futimesat"},
    {291, "fstatat64"}, {292, "unlinkat"}, {293, "renameat"}, {294, "linkat"}, {295, "symlinkat"},
    {296, "readlinkat"}, {297, "fchmodat"}, {298, "faccessat"}, {299, "get_robust_list"},
    {300, "set_robust_list"}, {302, "getcpu"}, {304, "utimensat"}, {307, "eventfd"},
    {309, "fallocate"}, {314, "eventfd2"}, {315, "epoll_create1"}, {316, "dup3"}, {317, "pipe2"},
    {320, "preadv"}, {321, "pwritev"}, {325, "prlimit64"}, {326, "socket"}, {327, "bind"},
    {328, "connect"}, {329, "listen"}, {330, "accept"}, {331, "getsockname"},
    {332, "getpeername"}, {333, "socketpair"}, {334, "send"}, {335, "sendto"}, {336, "recv"},
    {337, "recvfrom"}, {338, "shutdown"}, {339, "setsockopt"}, {340, "getsockopt"},
    {341, "sendmsg"}, {342, "recvmsg"}, {344, "accept4"}, {348, "syncfs"}, {357, "renameat2"},
    {359, "getrandom"}, {360, "memfd_create"}, {362, "execveat"}, {365, "membarrier"},
    {379, "copy_file_range"}, {383, "statx"}, {387, "rseq"}, {403, "clock_gettime64"},
    {404, "clock_settime64"}, {406, "clock_getres_time64"}, {407, "clock_nanosleep_time64"},
    {412, "utimensat_time64"}, {413, "pselect6_time64"}, {414, "ppoll_time64"},
    {421, "rt_sigtimedwait_time64"}, {422, "futex_time64"}, {434, "pidfd_open"}, {435, "clone3"},
    {436, "close_range"}, {437, "openat2"}, {439, "faccessat2"},
};

}  // namespace

std::string_view SyscallName(uint32_t number) {
  const auto* it = std::lower_bound(std::begin(kNames), std::end(kNames), number,
                                    [](const NamedSyscall& s, uint32_t n) { return s.number < n; });
  return (it != std::end(kNames) && it->number == number) ? it->name : std::string_view{};
}

}  // namespace pvppc::user::nr
