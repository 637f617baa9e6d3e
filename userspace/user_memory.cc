#include "userspace/user_memory.h"

#include <cerrno>
#include <cstring>

namespace pvppc::user {

bool UserMemory::read(uint32_t address, std::span<std::byte> out) const {
  const std::byte* src = readable(address, out.size());
  if (src == nullptr) return false;
  std::memcpy(out.data(), src, out.size());
  return true;
}

// The permission check is ours; the copy and the decoded-code notification
// are GuestMemory's.
bool UserMemory::write(uint32_t address, std::span<const std::byte> in) {
  if (writable(address, in.size()) == nullptr) return false;
  return space_.memory().write(address, in);
}

bool UserMemory::read_u32(uint32_t address, uint32_t& value) const {
  std::byte raw[4];
  if (!read(address, raw)) return false;
  std::memcpy(&value, raw, 4);
  value = __builtin_bswap32(value);
  return true;
}

bool UserMemory::write_u32(uint32_t address, uint32_t value) {
  value = __builtin_bswap32(value);
  std::byte raw[4];
  std::memcpy(raw, &value, 4);
  return write(address, raw);
}

bool UserMemory::read_u64(uint32_t address, uint64_t& value) const {
  std::byte raw[8];
  if (!read(address, raw)) return false;
  std::memcpy(&value, raw, 8);
  value = __builtin_bswap64(value);
  return true;
}

bool UserMemory::write_u64(uint32_t address, uint64_t value) {
  value = __builtin_bswap64(value);
  std::byte raw[8];
  std::memcpy(raw, &value, 8);
  return write(address, raw);
}

UserMemory::StringResult UserMemory::read_string(uint32_t address, size_t max_length) const {
  StringResult result;
  // Page by page: a string may end just before an unmapped page.
  uint64_t at = address;
  for (;;) {
    if (at >= FlatAddressSpace::kSize) {
      result.error = EFAULT;
      return result;
    }
    const uint32_t a = static_cast<uint32_t>(at);
    const uint32_t chunk = memory::kPageSize - (a & memory::kPageMask);
    const std::byte* p = readable(a, chunk);
    if (p == nullptr) {
      result.error = EFAULT;
      return result;
    }
    const void* nul = std::memchr(p, 0, chunk);
    const size_t take = nul ? static_cast<size_t>(static_cast<const std::byte*>(nul) - p) : chunk;
    if (result.value.size() + take > max_length) {
      result.error = ENAMETOOLONG;
      return result;
    }
    result.value.append(reinterpret_cast<const char*>(p), take);
    if (nul != nullptr) return result;
    at += chunk;
  }
}

UserMemory::StringArrayResult UserMemory::read_string_array(uint32_t address, size_t max_count,
                                                            size_t max_total_bytes) const {
  StringArrayResult result;
  if (address == 0) return result;
  size_t total = 0;
  for (size_t i = 0;; ++i) {
    if (i >= max_count) {
      result.error = E2BIG;
      return result;
    }
    uint32_t pointer;
    if (!read_u32(address + 4 * static_cast<uint32_t>(i), pointer)) {
      result.error = EFAULT;
      return result;
    }
    if (pointer == 0) return result;
    StringResult s = read_string(pointer, max_total_bytes - total);
    if (s.error != 0) {
      result.error = s.error == ENAMETOOLONG ? E2BIG : s.error;
      return result;
    }
    total += s.value.size() + 1;
    result.values.push_back(std::move(s.value));
  }
}

}  // namespace pvppc::user
