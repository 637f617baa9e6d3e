// Data layouts of the 32-bit PowerPC Linux ABI that the syscall layer writes
// into guest memory (big-endian), built field by field from host structures.
// Offsets follow arch/powerpc/include/uapi/asm/stat.h and the generic uapi
// headers for 32-bit targets.
#pragma once

#include <sys/stat.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pvppc::user::abi {

// A byte image of a guest structure with big-endian field writers.
template <size_t N>
struct Image {
  std::array<std::byte, N> bytes{};
  void u16(size_t offset, uint16_t v) {
    bytes[offset] = std::byte(v >> 8);
    bytes[offset + 1] = std::byte(v);
  }
  void u32(size_t offset, uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[offset + i] = std::byte(v >> (24 - 8 * i));
  }
  void u64(size_t offset, uint64_t v) {
    u32(offset, static_cast<uint32_t>(v >> 32));
    u32(offset + 4, static_cast<uint32_t>(v));
  }
};

inline uint32_t BigEndian32(const std::byte* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
inline uint64_t BigEndian64(const std::byte* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}

// struct stat64 (104 bytes).
inline Image<104> Stat64(const struct stat& st) {
  Image<104> s;
  s.u64(0, st.st_dev);
  s.u64(8, st.st_ino);
  s.u32(16, st.st_mode);
  s.u32(20, static_cast<uint32_t>(st.st_nlink));
  s.u32(24, st.st_uid);
  s.u32(28, st.st_gid);
  s.u64(32, st.st_rdev);
  s.u64(48, static_cast<uint64_t>(st.st_size));
  s.u32(56, static_cast<uint32_t>(st.st_blksize));
  s.u64(64, static_cast<uint64_t>(st.st_blocks));
  s.u32(72, static_cast<uint32_t>(st.st_atim.tv_sec));
  s.u32(76, static_cast<uint32_t>(st.st_atim.tv_nsec));
  s.u32(80, static_cast<uint32_t>(st.st_mtim.tv_sec));
  s.u32(84, static_cast<uint32_t>(st.st_mtim.tv_nsec));
  s.u32(88, static_cast<uint32_t>(st.st_ctim.tv_sec));
  s.u32(92, static_cast<uint32_t>(st.st_ctim.tv_nsec));
  return s;
}

// struct stat (the "new" stat of stat/lstat/fstat 106-108, 72 bytes on ppc32).
inline Image<72> StatNew(const struct stat& st) {
  Image<72> s;
  s.u32(0, static_cast<uint32_t>(st.st_dev));
  s.u32(4, static_cast<uint32_t>(st.st_ino));
  s.u32(8, st.st_mode);
  s.u16(12, static_cast<uint16_t>(st.st_nlink));
  s.u32(16, st.st_uid);
  s.u32(20, st.st_gid);
  s.u32(24, static_cast<uint32_t>(st.st_rdev));
  s.u32(28, static_cast<uint32_t>(st.st_size));
  s.u32(32, static_cast<uint32_t>(st.st_blksize));
  s.u32(36, static_cast<uint32_t>(st.st_blocks));
  s.u32(40, static_cast<uint32_t>(st.st_atim.tv_sec));
  s.u32(44, static_cast<uint32_t>(st.st_atim.tv_nsec));
  s.u32(48, static_cast<uint32_t>(st.st_mtim.tv_sec));
  s.u32(52, static_cast<uint32_t>(st.st_mtim.tv_nsec));
  s.u32(56, static_cast<uint32_t>(st.st_ctim.tv_sec));
  s.u32(60, static_cast<uint32_t>(st.st_ctim.tv_nsec));
  return s;
}

}  // namespace pvppc::user::abi
