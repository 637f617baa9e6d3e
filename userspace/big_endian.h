// Guest structures are built and read as byte arrays with explicit offsets:
// the guest is big-endian with 32-bit longs, the host little-endian with
// 64-bit longs, so no host struct can stand for a guest one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

namespace pvppc::user {

template <size_t N>
class BeStruct {
 public:
  BeStruct() { bytes_.fill(std::byte{0}); }

  void put8(size_t offset, uint8_t v) { bytes_[offset] = std::byte{v}; }
  void put16(size_t offset, uint16_t v) { put(offset, __builtin_bswap16(v)); }
  void put32(size_t offset, uint32_t v) { put(offset, __builtin_bswap32(v)); }
  void put64(size_t offset, uint64_t v) { put(offset, __builtin_bswap64(v)); }

  uint8_t get8(size_t offset) const { return static_cast<uint8_t>(bytes_[offset]); }
  uint16_t get16(size_t offset) const { return __builtin_bswap16(get<uint16_t>(offset)); }
  uint32_t get32(size_t offset) const { return __builtin_bswap32(get<uint32_t>(offset)); }
  uint64_t get64(size_t offset) const { return __builtin_bswap64(get<uint64_t>(offset)); }

  std::span<std::byte> bytes() { return bytes_; }
  std::span<const std::byte> bytes() const { return bytes_; }
  static constexpr size_t size() { return N; }

 private:
  template <typename T>
  void put(size_t offset, T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::memcpy(bytes_.data() + offset, &v, sizeof v);
  }
  template <typename T>
  T get(size_t offset) const {
    T v;
    std::memcpy(&v, bytes_.data() + offset, sizeof v);
    return v;
  }

  std::array<std::byte, N> bytes_;
};

inline uint32_t LoadBe32(const std::byte* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
inline void StoreBe32(std::byte* p, uint32_t v) {
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
}

}  // namespace pvppc::user
