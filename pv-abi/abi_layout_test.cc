// pvppc_abi.h must mean the same thing to every compiler that builds it: the
// 440 cross compiler (strict C99, freestanding), the host's C compiler
// (strict C99) and the host's C++ compiler through pvppc_abi.hpp. Each of
// them computed the probe words of abi_probe.h (the shared page's size,
// every field's offset and size, every numeric constant); this test compares
// the three lists word by word. The 440's words come from the .pvppc_probe
// section of the cross-compiled object (see BUILD), big-endian.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pv-abi/abi_probe.h"
#include "pv-abi/pvppc_abi.h"
#include "pv-abi/pvppc_abi.hpp"

namespace {

constexpr char kPpcProbe[] = "pv-abi/abi_probe_ppc.bin";

// What each probe word is, in the probe's order (abi_names.inc).
std::vector<std::string> WordNames() {
  std::vector<std::string> names = {"PVPPC_ABI_PROBE_BEGIN", "sizeof(struct pvppc_shared_page)"};
#define PVPPC_DOC_NUMBER(name) names.push_back(#name);
#define PVPPC_DOC_STRING(name)
#define PVPPC_DOC_FUNCTION(name)
#define PVPPC_DOC_CALL(vendor, name)
#define PVPPC_DOC_FIELD(name)                   \
  names.push_back("offsetof(" #name ")"); \
  names.push_back("sizeof(" #name ")");
#include "pv-abi/abi_names.inc"
#undef PVPPC_DOC_NUMBER
#undef PVPPC_DOC_STRING
#undef PVPPC_DOC_FUNCTION
#undef PVPPC_DOC_CALL
#undef PVPPC_DOC_FIELD
  names.push_back("PVPPC_ABI_PROBE_END");
  return names;
}

std::vector<uint32_t> ReadBigEndianWords(const char* path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in),
                                         std::istreambuf_iterator<char>()};
  EXPECT_EQ(bytes.size() % 4, 0u) << path << " is not a whole number of words";
  std::vector<uint32_t> words;
  for (size_t i = 0; i + 4 <= bytes.size(); i += 4) {
    words.push_back((uint32_t{bytes[i]} << 24) | (uint32_t{bytes[i + 1]} << 16) |
                    (uint32_t{bytes[i + 2]} << 8) | uint32_t{bytes[i + 3]});
  }
  return words;
}

void ExpectSameWords(const std::vector<uint32_t>& expected, const std::vector<uint32_t>& actual,
                     const char* expected_from, const char* actual_from) {
  const std::vector<std::string> names = WordNames();
  ASSERT_EQ(expected.size(), names.size()) << expected_from;
  ASSERT_EQ(actual.size(), names.size()) << actual_from;
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(expected[i], actual[i]) << names[i] << ": " << expected_from << " says " << expected[i]
                                      << ", " << actual_from << " says " << actual[i];
  }
}

std::vector<uint32_t> HostC() {
  return {pvppc_abi_probe, pvppc_abi_probe + pvppc_abi_probe_words};
}

std::vector<uint32_t> HostCxx() {
  return {pvppc_abi_hpp_probe, pvppc_abi_hpp_probe + pvppc_abi_hpp_probe_words};
}

TEST(AbiLayoutTest, ThePpcProbeIsFramedAndBigEndian) {
  const std::vector<uint32_t> ppc = ReadBigEndianWords(kPpcProbe);
  ASSERT_EQ(ppc.size(), WordNames().size()) << "the section holds a different number of words";
  EXPECT_EQ(ppc.front(), PVPPC_ABI_PROBE_BEGIN) << "not the probe, or not big-endian";
  EXPECT_EQ(ppc.back(), PVPPC_ABI_PROBE_END);
  EXPECT_EQ(ppc[1], PVPPC_SHARED_PAGE_SIZE);
}

TEST(AbiLayoutTest, HostC99AgreesWithThe440) {
  ExpectSameWords(ReadBigEndianWords(kPpcProbe), HostC(), "powerpc-linux-gnu-gcc -std=c99",
                  "host C99");
}

TEST(AbiLayoutTest, HostCxxHostViewAgreesWithThe440) {
  ExpectSameWords(ReadBigEndianWords(kPpcProbe), HostCxx(), "powerpc-linux-gnu-gcc -std=c99",
                  "host C++ (pvppc_abi.hpp)");
}

// The C++ header's own view of the C struct (this translation unit is C++
// too, without -pedantic): same size, and fields that tile the page.
TEST(AbiLayoutTest, FieldsTileThePage) {
  size_t next = 0;
#define PVPPC_DOC_NUMBER(name)
#define PVPPC_DOC_STRING(name)
#define PVPPC_DOC_FUNCTION(name)
#define PVPPC_DOC_CALL(vendor, name)
#define PVPPC_DOC_FIELD(name)                                                                   \
  EXPECT_EQ(offsetof(struct pvppc_shared_page, name), next) << #name " leaves a gap or overlaps"; \
  EXPECT_EQ(offsetof(pvppc::abi::SharedPage, name), next) << #name " (host view)";              \
  next = offsetof(struct pvppc_shared_page, name) + sizeof(pvppc_shared_page::name);
#include "pv-abi/abi_names.inc"
#undef PVPPC_DOC_NUMBER
#undef PVPPC_DOC_STRING
#undef PVPPC_DOC_FUNCTION
#undef PVPPC_DOC_CALL
#undef PVPPC_DOC_FIELD
  EXPECT_EQ(next, size_t{PVPPC_SHARED_PAGE_SIZE});
  EXPECT_EQ(sizeof(struct pvppc_shared_page), size_t{PVPPC_SHARED_PAGE_SIZE});
  EXPECT_EQ(sizeof(pvppc::abi::SharedPage), size_t{PVPPC_SHARED_PAGE_SIZE});
}

}  // namespace
