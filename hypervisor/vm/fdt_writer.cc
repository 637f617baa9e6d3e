#include "hypervisor/vm/fdt_writer.h"

#include <libfdt.h>

#include <algorithm>
#include <utility>

namespace pvppc::vm {
namespace {

// A small first buffer: the Bamboo-like tree is about 2 KiB, and growing
// by doubling costs a copy or two.
constexpr size_t kInitialBytes = 4096;

}  // namespace

FdtWriter::FdtWriter(size_t max_bytes)
    : max_bytes_(std::min<size_t>(max_bytes, INT32_MAX)),
      buffer_(std::min(kInitialBytes, max_bytes_)) {
  run("create", "the blob",
      [](std::vector<uint8_t>& buffer) {
        return fdt_create(buffer.data(), static_cast<int>(buffer.size()));
      });
  // No memory reservations: the guest reserves its kernel, the blob and the
  // initrd itself (Linux's early_reserve_mem on powerpc).
  run("finish the reservation map of", "the blob",
      [](std::vector<uint8_t>& buffer) { return fdt_finish_reservemap(buffer.data()); });
}

template <typename Call>
void FdtWriter::run(std::string_view what, std::string_view name, Call call) {
  if (error_) return;
  if (finished_) {
    fail("device tree: " + std::string(what) + " " + std::string(name) + " after finish()");
    return;
  }
  int result = call(buffer_);
  while (result == -FDT_ERR_NOSPACE && buffer_.size() < max_bytes_) {
    std::vector<uint8_t> larger(std::min(buffer_.size() * 2, max_bytes_));
    const int moved = fdt_resize(buffer_.data(), larger.data(), static_cast<int>(larger.size()));
    if (moved != 0) {
      result = moved;
      break;
    }
    buffer_ = std::move(larger);
    result = call(buffer_);
  }
  if (result == -FDT_ERR_NOSPACE) {
    fail("device tree: larger than " + std::to_string(max_bytes_) + " bytes at " +
         std::string(what) + " " + std::string(name));
  } else if (result != 0) {
    fail("device tree: cannot " + std::string(what) + " " + std::string(name) + ": " +
         fdt_strerror(result));
  }
}

void FdtWriter::fail(std::string message) {
  if (!error_) error_ = Error{std::move(message)};
}

void FdtWriter::begin_node(std::string_view name) {
  const std::string terminated(name);
  run("begin node", terminated.empty() ? "/" : terminated, [&](std::vector<uint8_t>& buffer) {
    return fdt_begin_node(buffer.data(), terminated.c_str());
  });
  if (!error_) ++open_nodes_;
}

void FdtWriter::end_node() {
  if (open_nodes_ == 0) {
    fail("device tree: end_node() with no node open");
    return;
  }
  run("end node", "", [](std::vector<uint8_t>& buffer) { return fdt_end_node(buffer.data()); });
  if (!error_) --open_nodes_;
}

void FdtWriter::property_bytes(std::string_view name, std::span<const uint8_t> bytes) {
  if (open_nodes_ == 0) {
    fail("device tree: property " + std::string(name) + " outside any node");
    return;
  }
  if (bytes.size() > max_bytes_) {  // Also keeps the length within libfdt's int.
    fail("device tree: larger than " + std::to_string(max_bytes_) + " bytes at property " +
         std::string(name));
    return;
  }
  const std::string terminated(name);
  run("add property", terminated, [&](std::vector<uint8_t>& buffer) {
    return fdt_property(buffer.data(), terminated.c_str(), bytes.data(),
                        static_cast<int>(bytes.size()));
  });
}

void FdtWriter::property_empty(std::string_view name) { property_bytes(name, {}); }

void FdtWriter::property_u32(std::string_view name, uint32_t value) {
  property_cells(name, {value});
}

void FdtWriter::property_u64(std::string_view name, uint64_t value) {
  property_cells(name, {static_cast<uint32_t>(value >> 32), static_cast<uint32_t>(value)});
}

void FdtWriter::property_cells(std::string_view name, std::initializer_list<uint32_t> cells) {
  property_cells(name, std::span<const uint32_t>(cells.begin(), cells.size()));
}

void FdtWriter::property_cells(std::string_view name, std::span<const uint32_t> cells) {
  // Cells are stored big-endian whatever the host's byte order.
  std::vector<uint8_t> bytes;
  bytes.reserve(cells.size() * 4);
  for (uint32_t cell : cells) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes.push_back(static_cast<uint8_t>(cell >> shift));
    }
  }
  property_bytes(name, bytes);
}

void FdtWriter::property_string(std::string_view name, std::string_view value) {
  property_strings(name, {value});
}

void FdtWriter::property_strings(std::string_view name,
                                 std::initializer_list<std::string_view> values) {
  std::vector<uint8_t> bytes;
  for (std::string_view value : values) {
    // A NUL inside a string would silently cut it short for every reader.
    if (value.find('\0') != std::string_view::npos) {
      fail("device tree: property " + std::string(name) + " has a NUL inside a string");
      return;
    }
    bytes.insert(bytes.end(), value.begin(), value.end());
    bytes.push_back(0);
  }
  property_bytes(name, bytes);
}

Result<std::vector<uint8_t>> FdtWriter::finish() {
  if (!error_ && open_nodes_ != 0) {
    fail("device tree: " + std::to_string(open_nodes_) + " node(s) still open at finish()");
  }
  run("finish", "the blob", [](std::vector<uint8_t>& buffer) { return fdt_finish(buffer.data()); });
  // fdt_finish leaves the blob compact already; fdt_pack makes sure of it
  // whatever the libfdt version.
  run("pack", "the blob", [](std::vector<uint8_t>& buffer) { return fdt_pack(buffer.data()); });
  if (error_) return tl::unexpected(*error_);
  finished_ = true;
  buffer_.resize(fdt_totalsize(buffer_.data()));
  return std::move(buffer_);
}

}  // namespace pvppc::vm
