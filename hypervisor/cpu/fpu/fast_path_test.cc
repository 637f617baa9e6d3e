// The host fast paths against the reference semantics: whenever a fast path
// accepts an operation, its result and FPSCR must be exactly what the
// reference gives, in every rounding mode and for both precisions.
#include "hypervisor/cpu/fpu/fast_path.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "hypervisor/cpu/fpu/commit.h"
#include "hypervisor/cpu/fpu/operations.h"

namespace pvppc::cpu::fpu {
namespace {

// Operations take up to three operands; the two-operand ones ignore the last.
using FastFunction = std::function<bool(uint64_t, uint64_t, uint64_t, uint32_t&, uint64_t&)>;
using ReferenceFunction = std::function<FpOutcome(uint64_t, uint64_t, uint64_t, uint32_t)>;

// Operands biased toward the interesting places: exponents near the ends of
// the ranges, values with few significant bits (ties), single-representable
// values, and arbitrary doubles.
class OperandSource {
 public:
  explicit OperandSource(uint64_t seed) : rng_(seed) {}

  uint64_t Next() {
    const uint64_t sign = (rng_() & 1) << 63;
    uint64_t exponent;
    switch (rng_() % 6) {
      case 0: exponent = 1023 + rng_() % 8; break;
      case 1: exponent = 1 + rng_() % 64; break;
      case 2: exponent = 2046 - rng_() % 64; break;
      case 3: exponent = 896 + rng_() % 8; break;
      case 4: exponent = 1150 - rng_() % 8; break;
      default: exponent = 1 + rng_() % 2046; break;
    }
    uint64_t fraction = rng_() & kFractionMask;
    switch (rng_() % 4) {
      case 0: fraction &= ~kSingleDroppedMask; break;                  // single value
      case 1: fraction &= ~((1ull << (rng_() % 52)) - 1); break;      // short significand
      case 2: fraction |= kSingleDroppedMask >> (rng_() % 29); break;  // near single ties
      default: break;
    }
    return sign | (exponent << 52) | fraction;
  }

  uint32_t NextFpscr() {
    // Any rounding mode, and sticky bits either set or clear; no enables
    // except sometimes XE (the fast path must decline inexact results then).
    uint32_t value = static_cast<uint32_t>(rng_() % 4);
    if (rng_() & 1) value |= fpscr::kXX | fpscr::kFX;
    if (rng_() & 1) value |= fpscr::kFR | fpscr::kFI | fprf::kNegativeDenormal;
    if (rng_() % 8 == 0) value |= fpscr::kXE;
    return WithSummaries(value);  // a consistent FPSCR, as the machine keeps it
  }

 private:
  std::mt19937_64 rng_;
};

void CheckAgainstReference(const char* name, const FastFunction& fast_path,
                           const ReferenceFunction& reference, uint64_t seed) {
  OperandSource source(seed);
  int accepted = 0;
  constexpr int kTrials = 200000;
  for (int i = 0; i < kTrials; ++i) {
    const uint64_t a = source.Next();
    const uint64_t b = source.Next();
    const uint64_t c = source.Next();
    const uint32_t before = source.NextFpscr();
    uint32_t fast_fpscr = before;
    uint64_t fast_result = 0x5a5a5a5a5a5a5a5a;
    if (!fast_path(a, b, c, fast_fpscr, fast_result)) {
      ASSERT_EQ(fast_fpscr, before) << name << ": declining must not change the FPSCR";
      ASSERT_EQ(fast_result, 0x5a5a5a5a5a5a5a5au) << name << ": declining must not write";
      continue;
    }
    ++accepted;
    const FpOutcome ref = reference(a, b, c, before);
    ASSERT_TRUE(ref.write_target);
    ASSERT_EQ(fast_result, ref.value)
        << name << std::hex << " a=" << a << " b=" << b << " c=" << c << " fpscr=" << before;
    ASSERT_EQ(fast_fpscr, UpdatedFpscr(before, ref.exceptions, ref.status, ref.status_mask))
        << name << std::hex << " a=" << a << " b=" << b << " c=" << c << " fpscr=" << before;
  }
  // The fast path must really be exercised (many operand pairs here are
  // deliberately outside its range).
  EXPECT_GT(accepted, kTrials / 5) << name;
}

template <Precision P>
void CheckAllOperations(uint64_t seed) {
  const char* suffix = P == Precision::kDouble ? "" : "s";
  CheckAgainstReference(
      (std::string("fadd") + suffix).c_str(),
      [](uint64_t a, uint64_t b, uint64_t, uint32_t& f, uint64_t& t) { return fast::TryAdd<P>(a, b, f, t); },
      [](uint64_t a, uint64_t b, uint64_t, uint32_t f) { return Add(a, b, P, f); }, seed);
  CheckAgainstReference(
      (std::string("fmul") + suffix).c_str(),
      [](uint64_t a, uint64_t b, uint64_t, uint32_t& f, uint64_t& t) {
        return fast::TryMultiply<P>(a, b, f, t);
      },
      [](uint64_t a, uint64_t b, uint64_t, uint32_t f) { return Multiply(a, b, P, f); }, seed + 1);
  CheckAgainstReference(
      (std::string("fdiv") + suffix).c_str(),
      [](uint64_t a, uint64_t b, uint64_t, uint32_t& f, uint64_t& t) { return fast::TryDivide<P>(a, b, f, t); },
      [](uint64_t a, uint64_t b, uint64_t, uint32_t f) { return Divide(a, b, P, f); }, seed + 2);
  CheckAgainstReference(
      (std::string("fsqrt") + suffix).c_str(),
      [](uint64_t, uint64_t b, uint64_t, uint32_t& f, uint64_t& t) {
        return fast::TrySquareRoot<P>(b & ~kSignBit, f, t);
      },
      [](uint64_t, uint64_t b, uint64_t, uint32_t f) { return SquareRoot(b & ~kSignBit, P, f); }, seed + 3);
  CheckAgainstReference(
      (std::string("fmadd") + suffix).c_str(),
      [](uint64_t a, uint64_t b, uint64_t c, uint32_t& f, uint64_t& t) {
        return fast::TryMultiplyAdd<P>(a, c, b, false, f, t);
      },
      [](uint64_t a, uint64_t b, uint64_t c, uint32_t f) {
        return MultiplyAdd(a, c, b, MultiplyAddKind::kAdd, P, f);
      },
      seed + 4);
  // A zero factor now and then.
  const auto maybe_zero = [](uint64_t a, uint64_t b) { return (b & 3) == 0 ? (a & kSignBit) : a; };
  CheckAgainstReference(
      (std::string("fnmadd-zero") + suffix).c_str(),
      [=](uint64_t a, uint64_t b, uint64_t c, uint32_t& f, uint64_t& t) {
        return fast::TryMultiplyAdd<P>(maybe_zero(a, b), c, b, true, f, t);
      },
      [=](uint64_t a, uint64_t b, uint64_t c, uint32_t f) {
        return MultiplyAdd(maybe_zero(a, b), c, b, MultiplyAddKind::kNegativeAdd, P, f);
      },
      seed + 7);
  // fnmsub: -(a*c - b), with a zero FRB now and then.
  CheckAgainstReference(
      (std::string("fnmsub") + suffix).c_str(),
      [](uint64_t a, uint64_t b, uint64_t c, uint32_t& f, uint64_t& t) {
        const uint64_t addend = (c & 7) == 0 ? (b & kSignBit) : b;
        return fast::TryMultiplyAdd<P>(a, c, addend ^ kSignBit, true, f, t);
      },
      [](uint64_t a, uint64_t b, uint64_t c, uint32_t f) {
        const uint64_t addend = (c & 7) == 0 ? (b & kSignBit) : b;
        return MultiplyAdd(a, c, addend, MultiplyAddKind::kNegativeSubtract, P, f);
      },
      seed + 5);
  // Massive cancellation: FRB within a few units of -(a*c).
  const auto near_negated_product = [](uint64_t a, uint64_t b, uint64_t c) {
    const uint64_t product = AsBits(-(AsDouble(a) * AsDouble(c)));
    return IsNormal(product) ? product + (b & 7) - 3 : b;
  };
  CheckAgainstReference(
      (std::string("fmadd-cancel") + suffix).c_str(),
      [=](uint64_t a, uint64_t b, uint64_t c, uint32_t& f, uint64_t& t) {
        return fast::TryMultiplyAdd<P>(a, c, near_negated_product(a, b, c), false, f, t);
      },
      [=](uint64_t a, uint64_t b, uint64_t c, uint32_t f) {
        return MultiplyAdd(a, c, near_negated_product(a, b, c), MultiplyAddKind::kAdd, P, f);
      },
      seed + 6);
}

TEST(FastPathTest, DoublePrecisionMatchesReference) { CheckAllOperations<Precision::kDouble>(1); }

TEST(FastPathTest, SinglePrecisionMatchesReference) { CheckAllOperations<Precision::kSingle>(11); }

TEST(FastPathTest, RoundToSingleMatchesReference) {
  CheckAgainstReference(
      "frsp",
      [](uint64_t, uint64_t b, uint64_t, uint32_t& f, uint64_t& t) {
        return fast::FinishSingle(b, [] { return 0; }, f, t);
      },
      [](uint64_t, uint64_t b, uint64_t, uint32_t f) { return RoundToSingle(b, f); }, 21);
}

TEST(FastPathTest, DeclinesSpecialOperands) {
  uint32_t fpscr_value = 0;
  uint64_t target = 0;
  EXPECT_FALSE(fast::TryAdd<Precision::kDouble>(0x7ff8000000000000, 0, fpscr_value, target));
  EXPECT_FALSE(fast::TryMultiply<Precision::kDouble>(0x0000000000000001, 0x3ff0000000000000,
                                                     fpscr_value, target));
  EXPECT_FALSE(fast::TryDivide<Precision::kDouble>(0x3ff0000000000000, 0, fpscr_value, target));
  EXPECT_FALSE(fast::TrySquareRoot<Precision::kDouble>(0xbff0000000000000, fpscr_value, target));
  // 1 - 1 is an exact zero: its sign depends on RN, the reference decides.
  EXPECT_FALSE(fast::TryAdd<Precision::kDouble>(0x3ff0000000000000, 0xbff0000000000000,
                                                fpscr_value, target));
  // Inexact with XE=1 must reach the reference path, which raises.
  fpscr_value = fpscr::kXE;
  EXPECT_FALSE(fast::TryDivide<Precision::kDouble>(0x3ff0000000000000, 0x4008000000000000,
                                                   fpscr_value, target));
}

}  // namespace
}  // namespace pvppc::cpu::fpu
