// Differential test of the core against qemu-ppc (qemu-user) as an independent
// reference: seeded random instruction sequences run from random register
// states inside one guest program (regdump), once under qemu-ppc and once
// under pvppc_user; the printed states must match. A mismatch prints the
// instructions with their disassembly and both states.
//
// Usage (from Bazel): differential_test REGDUMP PVPPC_USER
#include <capstone/capstone.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/diff/case_format.h"
#include "tests/diff/instruction_generator.h"

namespace pvppc::tests {
namespace {

std::string g_regdump;
std::string g_pvppc_user;

uint32_t Be32(uint32_t v) { return __builtin_bswap32(v); }
uint64_t Be64(uint64_t v) { return __builtin_bswap64(v); }

struct GeneratedCase {
  std::vector<uint32_t> words;
  diff_case raw;  // big-endian, as written
};

GeneratedCase MakeCase(InstructionGenerator& gen, size_t length) {
  GeneratedCase c{};
  c.words = gen.sequence(length);
  c.raw.instruction_count = Be32(static_cast<uint32_t>(c.words.size()));
  for (size_t i = 0; i < c.words.size(); ++i) c.raw.instructions[i] = Be32(c.words[i]);
  for (uint32_t& r : c.raw.state.gpr) r = Be32(gen.gpr_value());
  c.raw.state.cr = Be32(gen.cr_value());
  c.raw.state.xer = Be32(gen.xer_value());
  c.raw.state.fpscr = Be32(gen.fpscr_value());
  for (uint64_t& f : c.raw.state.fpr) f = Be64(gen.fpr_value());
  for (size_t i = 0; i < DIFF_SCRATCH_BYTES; i += 4) {
    const uint32_t v = Be32(gen.gpr_value());
    std::memcpy(c.raw.state.scratch + i, &v, 4);
  }
  return c;
}

std::string Disassemble(const std::vector<uint32_t>& words) {
  csh handle;
  std::ostringstream out;
  if (cs_open(CS_ARCH_PPC, static_cast<cs_mode>(CS_MODE_32 | CS_MODE_BIG_ENDIAN), &handle) !=
      CS_ERR_OK) {
    return "(no disassembler)\n";
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const uint32_t be = Be32(words[i]);
    cs_insn* insn = nullptr;
    const size_t n = cs_disasm(handle, reinterpret_cast<const uint8_t*>(&be), 4, 4 * i, 1, &insn);
    char word[16];
    std::snprintf(word, sizeof word, "%08x", words[i]);
    out << "  " << word << "  ";
    if (n == 1) {
      out << insn->mnemonic << " " << insn->op_str;
      cs_free(insn, n);
    } else {
      out << "(capstone does not know it)";
    }
    out << "\n";
  }
  cs_close(&handle);
  return out.str();
}

std::string RunCapture(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  if (status != 0) output += "\n[exit status " + std::to_string(status) + "]\n";
  return output;
}

// The lines that differ, each as a qemu/pvppc pair.
std::string LineDiff(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la, out;
  while (std::getline(e, le)) {
    if (!std::getline(a, la)) la = "(missing)";
    if (le != la) out += "  q: " + le + "\n  p: " + la + "\n";
  }
  return out;
}

std::string DescribeInput(const diff_state& s) {
  char line[160];
  std::snprintf(line, sizeof line, "  cr=%08x xer=%08x fpscr=%08x\n", Be32(s.cr), Be32(s.xer),
                Be32(s.fpscr));
  return line;
}

// Masks FPSCR bits where qemu 7.2 departs from the architecture for the
// instructions in this case (the unit tests in hypervisor/cpu/fpu check them):
// fcmpu clears FI on qemu (the architecture leaves it), and qemu's FPRF says
// "normal" for single-precision denormal results.
std::string NormalizeForQemu(const std::vector<uint32_t>& words, std::string text) {
  uint32_t mask = 0;
  for (uint32_t w : words) {
    const uint32_t primary = w >> 26;
    const uint32_t xo10 = (w >> 1) & 0x3ff;
    if (primary == 63 && xo10 == 0) mask |= 0x00020000;                  // fcmpu: FI
    if (primary == 59 || (primary == 63 && xo10 == 12)) mask |= 0x00010000;  // single: FPRF[C]
  }
  if (mask == 0) return text;
  const std::string key = "fpscr=";
  const size_t pos = text.find(key);
  if (pos == std::string::npos) return text;
  uint32_t fpscr = static_cast<uint32_t>(std::stoul(text.substr(pos + key.size(), 8), nullptr, 16));
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", fpscr & ~mask);
  text.replace(pos + key.size(), 8, hex);
  return text;
}

// Splits regdump output into one block per case.
std::vector<std::string> SplitCases(const std::string& output) {
  std::vector<std::string> cases;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("case ", 0) == 0) {
      cases.emplace_back();
      continue;
    }
    if (!cases.empty()) cases.back() += line + "\n";
  }
  return cases;
}

void RunDifferential(uint32_t seed, InstructionMix mix, size_t case_count, size_t length) {
  InstructionGenerator gen(seed, mix);
  std::vector<GeneratedCase> cases;
  for (size_t i = 0; i < case_count; ++i) cases.push_back(MakeCase(gen, length));

  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(tmp ? tmp : "/tmp") + "/cases-" + std::to_string(seed);
  {
    std::ofstream file(path, std::ios::binary);
    const diff_file_header header{Be32(DIFF_MAGIC), Be32(static_cast<uint32_t>(case_count))};
    file.write(reinterpret_cast<const char*>(&header), sizeof header);
    for (const GeneratedCase& c : cases) file.write(reinterpret_cast<const char*>(&c.raw), sizeof c.raw);
  }
  // The 440 model in qemu: the instruction set the 440 has (e.g. fsqrt yes,
  // 64-bit no).
  const std::string reference = RunCapture("qemu-ppc -cpu 440epx " + g_regdump + " " + path);
  const std::string ours = RunCapture(g_pvppc_user + " " + g_regdump + " " + path);
  const std::vector<std::string> expected = SplitCases(reference);
  const std::vector<std::string> actual = SplitCases(ours);
  ASSERT_EQ(expected.size(), case_count) << "qemu-ppc output:\n" << reference.substr(0, 2000);
  ASSERT_EQ(actual.size(), case_count) << "pvppc_user output:\n" << ours.substr(0, 2000);

  int reported = 0;
  for (size_t i = 0; i < case_count && reported < 5; ++i) {
    if (NormalizeForQemu(cases[i].words, expected[i]) ==
        NormalizeForQemu(cases[i].words, actual[i])) {
      continue;
    }
    ++reported;
    ADD_FAILURE() << "seed " << seed << " case " << i << " differs\ninstructions:\n"
                  << Disassemble(cases[i].words) << "input state:\n"
                  << DescribeInput(cases[i].raw.state) << "differences (qemu-ppc, then pvppc):\n"
                  << LineDiff(expected[i], actual[i]) << "qemu-ppc:\n"
                  << expected[i] << "pvppc:\n"
                  << actual[i];
  }
}

TEST(DifferentialTest, SingleIntegerInstructions) {
  RunDifferential(1, InstructionMix::kInteger, 3000, 1);
}

TEST(DifferentialTest, IntegerSequences) { RunDifferential(2, InstructionMix::kInteger, 1000, 12); }

TEST(DifferentialTest, SingleFloatingPointInstructions) {
  RunDifferential(3, InstructionMix::kFloatingPoint, 3000, 1);
}

TEST(DifferentialTest, MixedSequences) { RunDifferential(4, InstructionMix::kAll, 1000, 16); }

}  // namespace
}  // namespace pvppc::tests

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: differential_test REGDUMP PVPPC_USER\n");
    return 2;
  }
  pvppc::tests::g_regdump = argv[1];
  pvppc::tests::g_pvppc_user = argv[2];
  return RUN_ALL_TESTS();
}
