// Runs the descriptor-parsing fuzz target over a fixed-seed random corpus
// with the project's own compiler, so every `bazel test` (and the ASan
// configuration) exercises it; fuzz/run_libfuzzer.sh runs the same target
// under clang's coverage-guided libFuzzer.
//
// Random bytes almost never form a chain, so the generator writes
// plausible descriptors: addresses mostly inside RAM, lengths small, huge or
// at the edge, `next` indices inside and outside the table, and every flag
// combination, which reaches loops, indirect tables and nesting.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr size_t kRamBytes = 8192;

std::vector<uint8_t> PlausibleInput(std::mt19937_64& random) {
  std::vector<uint8_t> input(8 + kRamBytes);
  for (size_t i = 0; i < 8; ++i) input[i] = static_cast<uint8_t>(random());
  input[2] = static_cast<uint8_t>(random() % 300);  // heads mostly inside the table
  input[3] = random() % 8 == 0 ? 0xFF : 0;
  for (size_t at = 8; at + 16 <= input.size(); at += 16) {
    uint64_t address = random() % (kRamBytes + 64);
    if (random() % 16 == 0) address = random();  // anywhere, near 2^64 too
    uint32_t length = static_cast<uint32_t>(random() % 256);
    switch (random() % 8) {
      case 0: length = 0xFFFFFFFF; break;
      case 1: length = static_cast<uint32_t>(kRamBytes - address % kRamBytes); break;
      case 2: length = static_cast<uint32_t>(16 * (random() % 20)); break;  // indirect tables
      default: break;
    }
    const uint16_t flags = static_cast<uint16_t>(random() % 8);
    const uint16_t next = static_cast<uint16_t>(random() % 16 == 0 ? random() : random() % 64);
    for (int i = 0; i < 8; ++i) input[at + i] = static_cast<uint8_t>(address >> (8 * i));
    for (int i = 0; i < 4; ++i) input[at + 8 + i] = static_cast<uint8_t>(length >> (8 * i));
    input[at + 12] = static_cast<uint8_t>(flags);
    input[at + 13] = 0;
    input[at + 14] = static_cast<uint8_t>(next);
    input[at + 15] = static_cast<uint8_t>(next >> 8);
  }
  return input;
}

TEST(DescriptorChainFuzzTest, RandomInputsNeverCrashOrEscapeRam) {
  std::mt19937_64 random(0x70767070);  // fixed: the run is reproducible
  for (int i = 0; i < 20000; ++i) {
    const std::vector<uint8_t> input = PlausibleInput(random);
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  // Short and raw inputs as libFuzzer would start with them.
  for (size_t size = 0; size < 64; ++size) {
    std::vector<uint8_t> input(size);
    for (uint8_t& byte : input) byte = static_cast<uint8_t>(random());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
}

}  // namespace
