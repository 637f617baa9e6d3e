// Writes a flattened device tree blob (Devicetree Specification v0.4,
// chapter 5 "Flattened Devicetree (DTB) Format") node by node, with libfdt's
// sequential-write functions. The buffer grows as needed.
//
// Errors are sticky: the first failing call is remembered, later calls do
// nothing, and finish() reports it. That keeps the code describing a tree a
// plain list of nodes and properties, checked once at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hypervisor/common/result.h"

namespace pvppc::vm {

class FdtWriter {
 public:
  // The blob may not grow beyond `max_bytes` (a guard against a runaway
  // caller, far above any tree pvppc builds).
  static constexpr size_t kDefaultMaxBytes = 1 << 20;

  explicit FdtWriter(size_t max_bytes = kDefaultMaxBytes);

  // Opens the root node; every node opened afterwards is a child of the
  // innermost open node ("" is the root's name in the blob).
  void begin_node(std::string_view name);
  void end_node();

  // Property value encodings of Devicetree Specification 2.2.4: u32 and u64
  // big-endian, <prop-encoded-array> as a list of u32 cells, strings
  // NUL-terminated, a string list as consecutive strings.
  void property_empty(std::string_view name);
  void property_u32(std::string_view name, uint32_t value);
  void property_u64(std::string_view name, uint64_t value);
  void property_cells(std::string_view name, std::initializer_list<uint32_t> cells);
  void property_cells(std::string_view name, std::span<const uint32_t> cells);
  void property_string(std::string_view name, std::string_view value);
  void property_strings(std::string_view name, std::initializer_list<std::string_view> values);

  // Closes the tree (all nodes must be closed), packs it and returns the
  // blob, or the first error met.
  [[nodiscard]] Result<std::vector<uint8_t>> finish();

  bool failed() const { return error_.has_value(); }

 private:
  void property_bytes(std::string_view name, std::span<const uint8_t> bytes);
  // Runs a libfdt call, growing the buffer and retrying while it reports
  // that the buffer is full.
  template <typename Call>
  void run(std::string_view what, std::string_view name, Call call);
  void fail(std::string message);

  size_t max_bytes_;
  std::vector<uint8_t> buffer_;
  int open_nodes_ = 0;
  bool finished_ = false;
  std::optional<Error> error_;
};

}  // namespace pvppc::vm
