// Drives the busybox shell of a fully virtualized guest through pvppc's
// console on a pseudo-terminal, as a user at a terminal would: commands go in,
// their output comes back, and leaving the shell reboots the guest.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

std::string g_pvppc, g_kernel, g_rootfs;

class GuestConsole {
 public:
  GuestConsole() {
    pid_ = forkpty(&master_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      execl(g_pvppc.c_str(), g_pvppc.c_str(), "run", "--kernel", g_kernel.c_str(), "--initrd",
            g_rootfs.c_str(), "--append", "console=ttyS0", "--timeout", "240", "--quiet",
            static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~GuestConsole() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) close(master_);
  }

  bool started() const { return pid_ > 0; }

  // Reads until `needle` appears after the current mark or the time is up.
  bool wait_for(const std::string& needle, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (transcript_.find(needle, mark_) != std::string::npos) {
        mark_ = transcript_.find(needle, mark_) + needle.size();
        return true;
      }
      pollfd p{master_, POLLIN, 0};
      if (poll(&p, 1, 200) > 0) {
        char buffer[4096];
        const ssize_t n = read(master_, buffer, sizeof buffer);
        if (n <= 0) return transcript_.find(needle, mark_) != std::string::npos;
        transcript_.append(buffer, static_cast<size_t>(n));
      }
    }
    return false;
  }

  void type(const std::string& text) {
    for (char c : text) {
      ASSERT_EQ(write(master_, &c, 1), 1);
      usleep(2000);  // a person types slower than the UART's FIFO drains
    }
  }

  int wait_exit(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      char buffer[4096];
      pollfd p{master_, POLLIN, 0};
      if (poll(&p, 1, 100) > 0 && read(master_, buffer, sizeof buffer) > 0) {
        transcript_.append(buffer);
      }
    }
    return -1;
  }

  const std::string& transcript() const { return transcript_; }

 private:
  int master_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string transcript_;
  size_t mark_ = 0;
};

TEST(Console, BusyboxShellRunsCommandsAndRebootEndsTheVm) {
  GuestConsole console;
  ASSERT_TRUE(console.started());
  ASSERT_TRUE(console.wait_for("# ", std::chrono::seconds(180))) << console.transcript();
  console.type("echo pvppc-$((6 * 7))\r");
  EXPECT_TRUE(console.wait_for("pvppc-42", std::chrono::seconds(30))) << console.transcript();
  console.type("uname -m; cat /proc/cpuinfo | grep -c 440\r");
  EXPECT_TRUE(console.wait_for("ppc", std::chrono::seconds(30))) << console.transcript();
  console.type("ls /proc/self/ > /tmp/x && wc -l < /tmp/x && echo listed-ok\r");
  EXPECT_TRUE(console.wait_for("listed-ok", std::chrono::seconds(30))) << console.transcript();
  console.type("exit\r");
  EXPECT_EQ(console.wait_exit(std::chrono::seconds(60)), 0) << console.transcript();
}

TEST(Console, EscapeKeyQuits) {
  GuestConsole console;
  ASSERT_TRUE(console.started());
  ASSERT_TRUE(console.wait_for("# ", std::chrono::seconds(180))) << console.transcript();
  console.type("\x01x");
  EXPECT_EQ(console.wait_exit(std::chrono::seconds(30)), 6) << console.transcript();
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (argc != 4) {
    fprintf(stderr, "usage: console_test PVPPC VMLINUX ROOTFS\n");
    return 2;
  }
  g_pvppc = argv[1];
  g_kernel = argv[2];
  g_rootfs = argv[3];
  return RUN_ALL_TESTS();
}
