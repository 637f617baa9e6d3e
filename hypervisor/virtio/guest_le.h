// Little-endian scalars in guest memory. Virtio 1.x rings, descriptors and
// device request headers are little-endian whatever the guest's byte order
// (§2.4, "Structure sizes and endianness"), so these are the only accessors
// the virtio code uses for them. Each returns false, touching nothing, when
// the field is not wholly inside guest RAM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "hypervisor/memory/guest_memory.h"

namespace pvppc::virtio {

template <typename T>
T LoadLe(std::span<const std::byte> bytes) {
  static_assert(sizeof(T) <= 8);
  uint64_t value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) value |= uint64_t(bytes[i]) << (8 * i);
  return static_cast<T>(value);
}

template <typename T>
void StoreLe(std::span<std::byte> bytes, T value) {
  static_assert(sizeof(T) <= 8);
  for (size_t i = 0; i < sizeof(T); ++i) {
    bytes[i] = std::byte(static_cast<uint64_t>(value) >> (8 * i));
  }
}

template <typename T>
[[nodiscard]] bool ReadGuestLe(const memory::GuestMemory& memory, uint64_t paddr, T& value) {
  std::byte raw[sizeof(T)];
  if (!memory.read(paddr, raw)) return false;
  value = LoadLe<T>(raw);
  return true;
}

template <typename T>
[[nodiscard]] bool WriteGuestLe(memory::GuestMemory& memory, uint64_t paddr, T value) {
  std::byte raw[sizeof(T)];
  StoreLe<T>(raw, value);
  return memory.write(paddr, raw);
}

}  // namespace pvppc::virtio
