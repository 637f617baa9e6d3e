// Helpers for the FPU tests: instruction encoders that read like assembly,
// double bit patterns, and a fixture that runs instruction words on the test
// machine.
#pragma once

#include <bit>
#include <cstdint>
#include <initializer_list>

#include <gtest/gtest.h>

#include "hypervisor/cpu/fpu/fpscr.h"
#include "hypervisor/cpu/testing/encode.h"
#include "hypervisor/cpu/testing/test_machine.h"

namespace pvppc::cpu::fpu::testing {

using cpu::testing::AForm;
using cpu::testing::DForm;
using cpu::testing::XForm;

constexpr uint64_t Bits(double value) { return std::bit_cast<uint64_t>(value); }

// A-form arithmetic: op 63 double, op 59 single.
constexpr uint32_t Fadd(uint32_t t, uint32_t a, uint32_t b, bool rc = false) { return AForm(63, t, a, b, 0, 21, rc); }
constexpr uint32_t Fadds(uint32_t t, uint32_t a, uint32_t b) { return AForm(59, t, a, b, 0, 21); }
constexpr uint32_t Fsub(uint32_t t, uint32_t a, uint32_t b) { return AForm(63, t, a, b, 0, 20); }
constexpr uint32_t Fmul(uint32_t t, uint32_t a, uint32_t c) { return AForm(63, t, a, 0, c, 25); }
constexpr uint32_t Fmuls(uint32_t t, uint32_t a, uint32_t c) { return AForm(59, t, a, 0, c, 25); }
constexpr uint32_t Fdiv(uint32_t t, uint32_t a, uint32_t b, bool rc = false) { return AForm(63, t, a, b, 0, 18, rc); }
constexpr uint32_t Fsqrt(uint32_t t, uint32_t b) { return AForm(63, t, 0, b, 0, 22); }
constexpr uint32_t Fmadd(uint32_t t, uint32_t a, uint32_t c, uint32_t b) { return AForm(63, t, a, b, c, 29); }
constexpr uint32_t Fmadds(uint32_t t, uint32_t a, uint32_t c, uint32_t b) { return AForm(59, t, a, b, c, 29); }
constexpr uint32_t Fnmsub(uint32_t t, uint32_t a, uint32_t c, uint32_t b) { return AForm(63, t, a, b, c, 30); }
constexpr uint32_t Fsel(uint32_t t, uint32_t a, uint32_t c, uint32_t b) { return AForm(63, t, a, b, c, 23); }
constexpr uint32_t Fres(uint32_t t, uint32_t b) { return AForm(59, t, 0, b, 0, 24); }

// X-form under opcode 63.
constexpr uint32_t Fcmpu(uint32_t bf, uint32_t a, uint32_t b) { return XForm(63, bf << 2, a, b, 0); }
constexpr uint32_t Fcmpo(uint32_t bf, uint32_t a, uint32_t b) { return XForm(63, bf << 2, a, b, 32); }
constexpr uint32_t Frsp(uint32_t t, uint32_t b) { return XForm(63, t, 0, b, 12); }
constexpr uint32_t Fctiwz(uint32_t t, uint32_t b) { return XForm(63, t, 0, b, 15); }
constexpr uint32_t Fmr(uint32_t t, uint32_t b, bool rc = false) { return XForm(63, t, 0, b, 72, rc); }
constexpr uint32_t Fneg(uint32_t t, uint32_t b) { return XForm(63, t, 0, b, 40); }
constexpr uint32_t Mffs(uint32_t t, bool rc = false) { return XForm(63, t, 0, 0, 583, rc); }
constexpr uint32_t Mtfsf(uint32_t fields, uint32_t b, bool rc = false) {
  return XForm(63, 0, 0, b, 711, rc) | (fields << 17);
}
constexpr uint32_t Mtfsfi(uint32_t bf, uint32_t u) { return XForm(63, bf << 2, 0, u << 1, 134); }
constexpr uint32_t Mtfsb0(uint32_t bt) { return XForm(63, bt, 0, 0, 70); }
constexpr uint32_t Mtfsb1(uint32_t bt) { return XForm(63, bt, 0, 0, 38); }
constexpr uint32_t Mcrfs(uint32_t bf, uint32_t bfa) { return XForm(63, bf << 2, bfa << 2, 0, 64); }

// Loads and stores.
constexpr uint32_t Lfs(uint32_t t, uint32_t a, int32_t d) { return DForm(48, t, a, d); }
constexpr uint32_t Lfsu(uint32_t t, uint32_t a, int32_t d) { return DForm(49, t, a, d); }
constexpr uint32_t Lfd(uint32_t t, uint32_t a, int32_t d) { return DForm(50, t, a, d); }
constexpr uint32_t Lfdu(uint32_t t, uint32_t a, int32_t d) { return DForm(51, t, a, d); }
constexpr uint32_t Stfs(uint32_t s, uint32_t a, int32_t d) { return DForm(52, s, a, d); }
constexpr uint32_t Stfd(uint32_t s, uint32_t a, int32_t d) { return DForm(54, s, a, d); }
constexpr uint32_t Stfdu(uint32_t s, uint32_t a, int32_t d) { return DForm(55, s, a, d); }
constexpr uint32_t Lfdx(uint32_t t, uint32_t a, uint32_t b) { return XForm(31, t, a, b, 599); }
constexpr uint32_t Lfsux(uint32_t t, uint32_t a, uint32_t b) { return XForm(31, t, a, b, 567); }
constexpr uint32_t Stfsx(uint32_t s, uint32_t a, uint32_t b) { return XForm(31, s, a, b, 663); }
constexpr uint32_t Stfiwx(uint32_t s, uint32_t a, uint32_t b) { return XForm(31, s, a, b, 983); }

// Runs instruction words on a fresh test machine.
class FpuMachineTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kData = 0x8000;  // a scratch data area

  explicit FpuMachineTest(CoreOptions options = {}) : machine_(1u << 20, options) {}

  CpuState& state() { return machine_.state(); }
  cpu::testing::TestMachine& machine() { return machine_; }

  // Places `code` followed by sc at the code base and runs to the first exit.
  Exit Run(std::initializer_list<uint32_t> code) {
    uint32_t address = cpu::testing::TestMachine::kCodeBase;
    for (uint32_t word : code) {
      machine_.write32(address, word);
      address += 4;
    }
    machine_.write32(address, cpu::testing::Sc());
    state().pc = cpu::testing::TestMachine::kCodeBase;
    return machine_.run();
  }

  // Runs `code` and expects it to reach the final sc.
  void Execute(std::initializer_list<uint32_t> code) {
    const Exit exit = Run(code);
    ASSERT_EQ(exit.reason, ExitReason::kSystemCall) << ExitReasonName(exit.reason);
  }

  void WriteDouble(uint32_t address, uint64_t bits) {
    machine_.write32(address, static_cast<uint32_t>(bits >> 32));
    machine_.write32(address + 4, static_cast<uint32_t>(bits));
  }
  uint64_t ReadDouble(uint32_t address) const {
    return (uint64_t{machine_.read32(address)} << 32) | machine_.read32(address + 4);
  }

 private:
  cpu::testing::TestMachine machine_;
};

}  // namespace pvppc::cpu::fpu::testing
