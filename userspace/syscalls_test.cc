// The syscall layer and the run loop on small hand-assembled guest programs:
// the PowerPC syscall ABI (r0, r3-r8, CR0[SO]), checked guest pointers,
// memory calls, signal delivery through a frame and rt_sigreturn, and how
// faults and unknown calls end the process.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <initializer_list>
#include <vector>

#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"
#include "userspace/memory_layout.h"
#include "userspace/process.h"
#include "userspace/signal_frame.h"
#include "userspace/syscall_numbers.h"
#include "userspace/syscall_table.h"

namespace pvppc::user {
namespace {

using namespace cpu::testing;

constexpr uint32_t kCode = 0x10000000;
constexpr uint32_t kHandler = 0x10000800;
constexpr uint32_t kData = 0x10010000;
constexpr uint32_t kSoBit = 1u << 28;  // CR0[SO] in the CR word

// Loads a 32-bit constant (lis; ori).
std::vector<uint32_t> Load32(uint32_t r, uint32_t value) {
  return {Addis(r, 0, static_cast<int16_t>(value >> 16)), Ori(r, r, value & 0xffff)};
}
constexpr uint32_t Mfcr(uint32_t rt) { return 0x7C000026u | (rt << 21); }

class SyscallsTest : public ::testing::Test {
 protected:
  // Builds an image with `code` at kCode, the data page at kData (r30
  // points at it) and a stack, ready to run.
  void Load(std::vector<std::vector<uint32_t>> parts) {
    auto image = GuestImage::Create(time_base_, cpu::CoreOptions{});
    ASSERT_TRUE(image);
    image_ = image->get();
    FlatAddressSpace& space = image_->space();
    space.map(kCode, 0x1000, prot::kRead | prot::kExec);
    space.map(kData, 0x1000, prot::kRead | prot::kWrite);
    space.map(layout::kStackBottom, layout::kStackSize, prot::kRead | prot::kWrite);
    MapSignalTrampoline(space);
    std::vector<uint32_t> code = Load32(30, kData);
    for (const auto& part : parts) code.insert(code.end(), part.begin(), part.end());
    for (size_t i = 0; i < code.size(); ++i) {
      ASSERT_TRUE(space.memory().write_be32(kCode + 4 * static_cast<uint32_t>(i), code[i]));
    }
    image_->state().pc = kCode;
    image_->state().gpr[1] = layout::kStackTop - 256;
    image_->brk_start = image_->brk_end = 0x10020000;
    process_ = std::make_unique<Process>(std::move(*image), SyscallTable::Linux(), time_base_,
                                         ProcessOptions{});
  }
  void PutCode(uint32_t address, std::initializer_list<uint32_t> words) {
    for (uint32_t w : words) {
      ASSERT_TRUE(image_->space().memory().write_be32(address, w));
      address += 4;
    }
  }
  uint32_t DataWord(uint32_t offset) {
    uint32_t v = 0;
    EXPECT_TRUE(image_->space().memory().read_be32(kData + offset, v));
    return v;
  }
  // Stores r3 and CR at data offsets `at` and `at + 4`.
  static std::vector<uint32_t> SaveResult(int32_t at) {
    return {Stw(3, 30, at), Mfcr(4), Stw(4, 30, at + 4)};
  }
  static std::vector<uint32_t> Exit(int32_t status) {
    return {Li(3, status), Li(0, nr::kExitGroup), Sc()};
  }

  FixedTimeBase time_base_;
  GuestImage* image_ = nullptr;
  std::unique_ptr<Process> process_;
};

TEST_F(SyscallsTest, ExitGroupEndsTheProcessWithItsStatus) {
  Load({Exit(5)});
  const Termination t = process_->run();
  EXPECT_EQ(t.signal, 0);
  EXPECT_EQ(t.exit_status, 5);
  EXPECT_GT(process_->instructions(), 0u);
}

TEST_F(SyscallsTest, WriteSucceedsWithSoClearAndFaultsWithErrnoAndSoSet) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Load({{Li(0, nr::kWrite), Li(3, fds[1])}, Load32(4, kData + 0x80), {Li(5, 3), Sc()},
        SaveResult(0x100),
        // read(2) into the code page, which is not writable: EFAULT.
        {Li(0, nr::kRead), Li(3, fds[0])}, Load32(4, kCode), {Li(5, 3), Sc()}, SaveResult(0x108),
        Exit(0)});
  ASSERT_TRUE(image_->space().memory().write(kData + 0x80, std::as_bytes(std::span("abc", 3))));
  EXPECT_EQ(process_->run().exit_status, 0);
  char got[4] = {};
  ASSERT_EQ(read(fds[0], got, 3), 3);
  EXPECT_STREQ(got, "abc");
  EXPECT_EQ(DataWord(0x100), 3u);
  EXPECT_EQ(DataWord(0x104) & kSoBit, 0u);
  EXPECT_EQ(DataWord(0x108), static_cast<uint32_t>(EFAULT));
  EXPECT_EQ(DataWord(0x10C) & kSoBit, kSoBit);
  close(fds[0]);
  close(fds[1]);
}

TEST_F(SyscallsTest, UnknownSyscallEndsTheProgramWithAMessage) {
  Load({{Li(0, 999), Sc()}, Exit(0)});
  ::testing::internal::CaptureStderr();
  const Termination t = process_->run();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(t.exit_status, 127);
  EXPECT_NE(err.find("unsupported syscall 999 at pc 0x1000000c"), std::string::npos) << err;

  Load({{Li(0, nr::kMount), Sc()}, Exit(0)});
  ::testing::internal::CaptureStderr();
  process_->run();
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("unsupported syscall 21 (mount)"),
            std::string::npos);
}

TEST_F(SyscallsTest, BrkGrowsAndShrinksTheHeap) {
  Load({{Li(0, nr::kBrk), Li(3, 0), Sc()}, SaveResult(0x100),
        {Li(0, nr::kBrk)}, Load32(3, 0x10023010), {Sc()}, SaveResult(0x108),
        // Below the start: the break stays.
        {Li(0, nr::kBrk)}, Load32(3, 0x10000000), {Sc()}, SaveResult(0x110), Exit(0)});
  EXPECT_EQ(process_->run().exit_status, 0);
  EXPECT_EQ(DataWord(0x100), 0x10020000u);
  EXPECT_EQ(DataWord(0x108), 0x10023010u);
  EXPECT_EQ(DataWord(0x110), 0x10023010u);
  EXPECT_TRUE(image_->space().is_mapped(0x10023000));
  EXPECT_FALSE(image_->space().is_mapped(0x10024000));
}

TEST_F(SyscallsTest, AnonymousMmapIsZeroedReadWriteAndMunmapRemovesIt) {
  Load({{Li(0, nr::kMmap2), Li(3, 0), Li(4, 0x2000), Li(5, 3), Li(6, 0x22), Li(7, -1), Li(8, 0),
         Sc()},
        SaveResult(0x100),
        // The new pages read as zero and take a store.
        {Lwz(5, 3, 0x1ffc), Stw(5, 30, 0x110), Stw(30, 3, 0x1000), Lwz(5, 3, 0x1000),
         Stw(5, 30, 0x114)},
        Exit(0)});
  EXPECT_EQ(process_->run().exit_status, 0);
  const uint32_t address = DataWord(0x100);
  EXPECT_EQ(DataWord(0x104) & kSoBit, 0u);
  EXPECT_LT(address, layout::kMmapCeiling);
  EXPECT_GE(address, layout::kMmapCeiling - 0x100000);
  EXPECT_EQ(DataWord(0x110), 0u);
  EXPECT_EQ(DataWord(0x114), kData);
  EXPECT_EQ(image_->space().permissions(address + 0x1000), prot::kRead | prot::kWrite);

  Load({{Li(0, nr::kMmap2), Li(3, 0), Li(4, 0x2000), Li(5, 3), Li(6, 0x22), Li(7, -1), Li(8, 0),
         Sc(), Stw(3, 30, 0x100), Li(0, nr::kMunmap), Li(4, 0x2000), Sc()},
        SaveResult(0x108),
        Exit(0)});
  EXPECT_EQ(process_->run().exit_status, 0);
  EXPECT_EQ(DataWord(0x108), 0u);
  EXPECT_FALSE(image_->space().is_mapped(DataWord(0x100)));
}

TEST_F(SyscallsTest, FstatOfAPipeAndUnameUseThePowerPCLayouts) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Load({{Li(0, nr::kFstat64), Li(3, fds[0]), Addi(4, 30, 0x100), Sc()},
        {Li(0, nr::kUname), Addi(3, 30, 0x200), Sc()}, Exit(0)});
  EXPECT_EQ(process_->run().exit_status, 0);
  EXPECT_TRUE(S_ISFIFO(DataWord(0x100 + 16)));
  UserMemory& m = image_->memory();
  EXPECT_EQ(m.read_string(kData + 0x200, 64).value, "Linux");
  EXPECT_EQ(m.read_string(kData + 0x200 + 4 * 65, 64).value, "ppc");
  close(fds[0]);
  close(fds[1]);
}

// A handler runs on a signal frame and rt_sigreturn puts every register
// back: r28 survives the handler that clobbers it.
TEST_F(SyscallsTest, SignalHandlerRunsAndSigreturnRestoresRegisters) {
  Load({// rt_sigaction(SIGUSR1, {kHandler, 0, 0, {0, 0}}, NULL, 8)
        Load32(5, kHandler), {Stw(5, 30, 0x300), Li(5, 0), Stw(5, 30, 0x304), Stw(5, 30, 0x308),
                              Stw(5, 30, 0x30C), Stw(5, 30, 0x310)},
        {Li(0, nr::kRtSigaction), Li(3, SIGUSR1), Addi(4, 30, 0x300), Li(5, 0), Li(6, 8), Sc()},
        // kill(getpid(), SIGUSR1) with r28 = 55
        {Li(28, 55), Li(0, nr::kGetpid), Sc(), Li(4, SIGUSR1), Li(0, nr::kKill), Sc()},
        SaveResult(0x100),
        // exit(handler's mark + r28)
        {Lwz(3, 30, 0x200), Add(3, 3, 28), Li(0, nr::kExitGroup), Sc()}});
  PutCode(kHandler, {Li(28, 1), Stw(3, 30, 0x204), Li(29, 77), Stw(29, 30, 0x200), Blr()});
  const Termination t = process_->run();
  EXPECT_EQ(t.signal, 0);
  EXPECT_EQ(t.exit_status, 77 + 55);
  EXPECT_EQ(DataWord(0x204), static_cast<uint32_t>(SIGUSR1));  // r3 = signal number
  EXPECT_EQ(DataWord(0x100), 0u);  // kill's own result, after the handler
}

TEST_F(SyscallsTest, FaultsWithoutAHandlerKillTheProcess) {
  Load({{0x00000000}});  // primary opcode 0: illegal
  Termination t = process_->run();
  EXPECT_EQ(t.signal, SIGILL);
  EXPECT_EQ(t.pc, kCode + 8);

  Load({{Lwz(3, 0, 16)}});  // a load from page 0
  t = process_->run();
  EXPECT_EQ(t.signal, SIGSEGV);

  Load({{Trap()}});
  EXPECT_EQ(process_->run().signal, SIGTRAP);
}

TEST_F(SyscallsTest, MaxInstructionsStopsTheProgram) {
  auto image = GuestImage::Create(time_base_, cpu::CoreOptions{});
  ASSERT_TRUE(image);
  FlatAddressSpace& space = (*image)->space();
  space.map(kCode, 0x1000, prot::kRead | prot::kExec);
  ASSERT_TRUE(space.memory().write_be32(kCode, B(0)));  // an endless loop
  (*image)->state().pc = kCode;
  Process p(std::move(*image), SyscallTable::Linux(), time_base_,
            ProcessOptions{.max_instructions = 10000, .core_options = {}});
  const Termination t = p.run();
  EXPECT_TRUE(t.limit_reached);
  EXPECT_GE(p.instructions(), 10000u);
}

}  // namespace
}  // namespace pvppc::user
