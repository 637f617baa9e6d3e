// FdtWriter: blobs libfdt reads back, the value encodings of the Devicetree
// Specification, growth, and the sticky errors.
#include "hypervisor/vm/fdt_writer.h"

#include <gtest/gtest.h>
#include <libfdt.h>

#include <string>

namespace pvppc::vm {
namespace {

std::string PropertyBytes(const std::vector<uint8_t>& blob, const char* path, const char* name) {
  const int node = fdt_path_offset(blob.data(), path);
  if (node < 0) return "<no node>";
  int length = 0;
  const auto* value = static_cast<const char*>(fdt_getprop(blob.data(), node, name, &length));
  if (value == nullptr) return "<no property>";
  return std::string(value, static_cast<size_t>(length));
}

TEST(FdtWriterTest, EncodesPropertiesBigEndian) {
  FdtWriter fdt;
  fdt.begin_node("");
  fdt.property_empty("flag");
  fdt.property_u32("one", 0x01020304);
  fdt.property_u64("two", 0x0102030405060708ull);
  fdt.property_cells("cells", {1, 2});
  fdt.property_string("text", "abc");
  fdt.property_strings("list", {"a", "bc"});
  fdt.begin_node("child@1");
  fdt.property_u32("reg", 1);
  fdt.end_node();
  fdt.end_node();
  Result<std::vector<uint8_t>> blob = fdt.finish();
  ASSERT_TRUE(blob.has_value()) << blob.error().message;

  EXPECT_EQ(fdt_check_header(blob->data()), 0);
  EXPECT_EQ(fdt_totalsize(blob->data()), blob->size());
  EXPECT_EQ(PropertyBytes(*blob, "/", "flag"), "");
  EXPECT_EQ(PropertyBytes(*blob, "/", "one"), std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(PropertyBytes(*blob, "/", "two"), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(PropertyBytes(*blob, "/", "cells"), std::string("\0\0\0\1\0\0\0\2", 8));
  EXPECT_EQ(PropertyBytes(*blob, "/", "text"), std::string("abc\0", 4));
  EXPECT_EQ(PropertyBytes(*blob, "/", "list"), std::string("a\0bc\0", 5));
  EXPECT_EQ(PropertyBytes(*blob, "/child@1", "reg"), std::string("\0\0\0\1", 4));
}

TEST(FdtWriterTest, GrowsPastItsFirstBuffer) {
  FdtWriter fdt;
  fdt.begin_node("");
  const std::string big(10000, 'x');
  for (int i = 0; i < 20; ++i) fdt.property_string("p" + std::to_string(i), big);
  fdt.end_node();
  Result<std::vector<uint8_t>> blob = fdt.finish();
  ASSERT_TRUE(blob.has_value()) << blob.error().message;
  EXPECT_EQ(fdt_check_header(blob->data()), 0);
  EXPECT_EQ(PropertyBytes(*blob, "/", "p19"), big + '\0');
}

TEST(FdtWriterTest, RefusesToGrowBeyondItsLimit) {
  FdtWriter fdt(8192);
  fdt.begin_node("");
  fdt.property_string("first", std::string(5000, 'x'));  // Grows to the limit.
  fdt.property_string("second", std::string(5000, 'x'));  // Does not fit.
  fdt.end_node();
  Result<std::vector<uint8_t>> blob = fdt.finish();
  ASSERT_FALSE(blob.has_value());
  EXPECT_NE(blob.error().message.find("larger than 8192 bytes at add property second"),
            std::string::npos)
      << blob.error().message;

  FdtWriter tiny(8192);
  tiny.begin_node("");
  tiny.property_string("huge", std::string(10000, 'x'));
  ASSERT_FALSE(tiny.finish().has_value());
}

TEST(FdtWriterTest, UnbalancedNodesAreReported) {
  FdtWriter open_node;
  open_node.begin_node("");
  open_node.begin_node("child");
  open_node.end_node();
  EXPECT_FALSE(open_node.finish().has_value());

  FdtWriter extra_end;
  extra_end.begin_node("");
  extra_end.end_node();
  extra_end.end_node();
  EXPECT_TRUE(extra_end.failed());
  EXPECT_FALSE(extra_end.finish().has_value());
}

TEST(FdtWriterTest, FirstErrorSticks) {
  FdtWriter fdt;
  fdt.property_u32("orphan", 1);  // No node open.
  fdt.begin_node("");
  fdt.property_string("bad", std::string("a\0b", 3));
  fdt.end_node();
  Result<std::vector<uint8_t>> blob = fdt.finish();
  ASSERT_FALSE(blob.has_value());
  EXPECT_NE(blob.error().message.find("orphan"), std::string::npos) << blob.error().message;
}

TEST(FdtWriterTest, CallsAfterFinishFail) {
  FdtWriter fdt;
  fdt.begin_node("");
  fdt.end_node();
  ASSERT_TRUE(fdt.finish().has_value());
  fdt.begin_node("late");
  EXPECT_TRUE(fdt.failed());
}

}  // namespace
}  // namespace pvppc::vm
