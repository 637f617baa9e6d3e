// Guest RAM for tests: a std::vector-backed GuestMemory with little-endian
// pokes and peeks for building rings and requests the way a driver would.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "hypervisor/memory/guest_memory.h"
#include "hypervisor/virtio/guest_le.h"

namespace pvppc::virtio::testing {

class TestRam {
 public:
  explicit TestRam(size_t bytes, uint64_t base = 0) : ram_(bytes), memory_(ram_, base) {}

  memory::GuestMemory& memory() { return memory_; }

  // Test setup writes that must land (the test chose the addresses).
  template <typename T>
  void poke(uint64_t paddr, T value) {
    if (!WriteGuestLe<T>(memory_, paddr, value)) std::abort();
  }
  template <typename T>
  T peek(uint64_t paddr) const {
    T value{};
    if (!ReadGuestLe<T>(memory_, paddr, value)) std::abort();
    return value;
  }
  void poke_bytes(uint64_t paddr, std::span<const std::byte> bytes) {
    if (!memory_.write(paddr, bytes)) std::abort();
  }
  std::vector<std::byte> peek_bytes(uint64_t paddr, size_t length) const {
    std::vector<std::byte> bytes(length);
    if (!memory_.read(paddr, bytes)) std::abort();
    return bytes;
  }

 private:
  std::vector<std::byte> ram_;
  memory::GuestMemory memory_;
};

}  // namespace pvppc::virtio::testing
