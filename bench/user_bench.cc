// The core's benchmark: the same static programs under pvppc_user, qemu-ppc
// and natively (x86-64 build of the same C), timed in one run and printed as
// ratios, with guest instructions per second.
//
//   bazel run -c opt //bench:user_bench [-- --repeat N]
//
// Each program is run `repeat` times per runner; the best wall time counts
// (the least disturbed by the rest of the machine).
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <vector>

namespace {

struct Program {
  std::string name;
  std::string guest;   // static powerpc ELF
  std::string native;  // host build of the same source
};

struct Timing {
  double seconds = 0;
  std::string stdout_text;
  std::string stderr_text;
  int status = -1;
};

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

// Runs argv, capturing stdout and stderr, and times it.
Timing RunOnce(const std::vector<std::string>& argv) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    perror("pipe");
    std::exit(1);
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  Timing t;
  // Outputs are small; reading stdout to the end and then stderr cannot
  // deadlock for these programs.
  t.stdout_text = ReadAll(out_pipe[0]);
  t.stderr_text = ReadAll(err_pipe[0]);
  close(out_pipe[0]);
  close(err_pipe[0]);
  waitpid(pid, &t.status, 0);
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return t;
}

Timing Best(const std::vector<std::string>& argv, int repeat) {
  Timing best;
  best.seconds = 1e30;
  for (int i = 0; i < repeat; ++i) {
    Timing t = RunOnce(argv);
    if (t.status != 0) {
      std::fprintf(stderr, "%s failed (status %d):\n%s\n", argv[0].c_str(), t.status,
                   t.stderr_text.c_str());
      std::exit(1);
    }
    if (t.seconds < best.seconds) best = t;
  }
  return best;
}

uint64_t GuestInstructions(const std::string& stderr_text) {
  const char* marker = "pvppc_user: ";
  size_t pos = stderr_text.find(marker);
  while (pos != std::string::npos) {
    unsigned long long n = 0;
    char word[32] = {};
    if (std::sscanf(stderr_text.c_str() + pos + std::strlen(marker), "%llu %31s", &n, word) == 2 &&
        std::strcmp(word, "guest") == 0) {
      return n;
    }
    pos = stderr_text.find(marker, pos + 1);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Arguments from the BUILD rule: pvppc_user, then name guest native triples;
  // "--repeat N" may follow from the command line.
  if (argc < 5) {
    std::fprintf(stderr, "usage: user_bench PVPPC_USER (NAME GUEST NATIVE)... [--repeat N]\n");
    return 2;
  }
  const std::string pvppc_user = argv[1];
  int repeat = 3;
  std::vector<Program> programs;
  for (int i = 2; i < argc;) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[i + 1]));
      i += 2;
      continue;
    }
    if (i + 2 >= argc) {
      std::fprintf(stderr, "user_bench: incomplete program triple at %s\n", argv[i]);
      return 2;
    }
    programs.push_back(Program{argv[i], argv[i + 1], argv[i + 2]});
    i += 3;
  }

  std::printf("%-10s %10s %10s %10s %12s %12s %14s\n", "program", "native s", "qemu s",
              "pvppc s", "pvppc/qemu", "pvppc/native", "guest MIPS");
  for (const Program& p : programs) {
    const Timing native = Best({p.native}, repeat);
    // qemu's 440 model: gcc -mcpu=440fp code may use 440-only instructions.
    const Timing qemu = Best({"qemu-ppc", "-cpu", "440epx", p.guest}, repeat);
    const Timing ours = Best({pvppc_user, "--instructions", p.guest}, repeat);
    if (ours.stdout_text != qemu.stdout_text || native.stdout_text != qemu.stdout_text) {
      std::fprintf(stderr, "%s: outputs differ\n native: %s qemu: %s pvppc: %s\n", p.name.c_str(),
                   native.stdout_text.c_str(), qemu.stdout_text.c_str(), ours.stdout_text.c_str());
      return 1;
    }
    const uint64_t instructions = GuestInstructions(ours.stderr_text);
    // speed ratio: how fast pvppc is relative to qemu (1.0 = same speed).
    std::printf("%-10s %10.3f %10.3f %10.3f %12.3f %12.4f %14.1f\n", p.name.c_str(),
                native.seconds, qemu.seconds, ours.seconds, qemu.seconds / ours.seconds,
                native.seconds / ours.seconds, instructions / ours.seconds / 1e6);
  }
  std::printf("\npvppc/qemu and pvppc/native are speed ratios (time of the other / time of\n"
              "pvppc): 1.0 means as fast, 0.125 means 8x slower. Targets: integer work\n"
              ">= 0.125 of qemu-ppc, floating point > 1.0.\n");
  return 0;
}
