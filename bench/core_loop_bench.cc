// Micro-benchmark of the interpreter alone (no syscalls, no ELF): a counted
// integer loop and a byte-load loop on the test machine, in guest MIPS.
//   bazel run -c opt //bench:core_loop_bench
#include <chrono>
#include <cstdio>

#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"

using namespace pvppc::cpu;
using namespace pvppc::cpu::testing;

namespace {

void Measure(const char* name, std::initializer_list<uint32_t> code) {
  TestMachine m(4u << 20);
  m.state().gpr[9] = 0x100000;  // buffer for the memory loop
  m.load_code(code);
  const auto start = std::chrono::steady_clock::now();
  const Exit exit = m.run(2'000'000'000);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mips = m.core().instructions_executed() / seconds / 1e6;
  std::printf("%-12s %s %12llu instructions %8.3f s %8.1f MIPS\n", name,
              exit.reason == ExitReason::kSystemCall ? "ok " : "ERR",
              static_cast<unsigned long long>(m.core().instructions_executed()), seconds, mips);
}

}  // namespace

int main() {
  // r3..r6 independent adds, xor/rotate, 10M iterations.
  Measure("integer", {Addis(7, 0, 0x98), Ori(7, 7, 0x9680), Mtctr(7),  // ctr = 10,000,000
                      Addi(3, 3, 1), Add(4, 4, 3), XForm(31, 4, 5, 3, 316), Rlwinm(6, 5, 3, 0, 31),
                      Add(3, 3, 6), Bc(16, 0, -20), Sc()});
  // byte loads over a 64 KiB buffer, 10M iterations.
  Measure("byte-load", {Addis(7, 0, 0x98), Ori(7, 7, 0x9680), Mtctr(7), Li(10, 0),
                        XForm(31, 11, 9, 10, 87) /* lbzx r11,r9,r10 */, Add(3, 3, 11),
                        Addi(10, 10, 1), Rlwinm(10, 10, 0, 16, 31), Bc(16, 0, -16), Sc()});
  // fmadd/fmul/fadd chain on doubles, 10M iterations.
  Measure("fp", {Addis(7, 0, 0x98), Ori(7, 7, 0x9680), Mtctr(7),
                 AForm(63, 1, 2, 3, 4, 29) /* fmadd f1,f2,f4,f3 */,
                 AForm(63, 5, 1, 0, 6, 25) /* fmul f5,f1,f6 */,
                 AForm(63, 2, 5, 3, 0, 21) /* fadd f2,f5,f3 */,
                 AForm(59, 8, 2, 3, 0, 21) /* fadds f8,f2,f3 */, Bc(16, 0, -16), Sc()});
  return 0;
}
