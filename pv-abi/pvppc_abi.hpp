// SPDX-License-Identifier: MIT
// The pvppc ABI for host code (C++20): the same numbers as pvppc_abi.h, and
// the shared page as big-endian field types, so that host code cannot read a
// guest-written field in host byte order by accident: every field is a
// BigEndian<T> that only converts through get()/set().
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "pv-abi/pvppc_abi.h"

namespace pvppc::abi {

template <typename T>
class BigEndian {
 public:
  T get() const {
    T value = 0;
    for (std::byte b : bytes_) value = static_cast<T>((value << 8) | static_cast<T>(b));
    return value;
  }
  void set(T value) {
    for (size_t i = 0; i < sizeof(T); ++i) {
      bytes_[sizeof(T) - 1 - i] = static_cast<std::byte>(value >> (8 * i));
    }
  }

 private:
  std::array<std::byte, sizeof(T)> bytes_{};
};
static_assert(sizeof(BigEndian<uint64_t>) == 8 && alignof(BigEndian<uint64_t>) == 1);

using Be32 = BigEndian<uint32_t>;
using Be64 = BigEndian<uint64_t>;

// Host view of struct pvppc_shared_page: same offsets, big-endian fields.
struct SharedPage {
  Be64 scratch1, scratch2, scratch3;
  Be64 critical;
  Be64 sprg0, sprg1, sprg2, sprg3;
  Be64 srr0, srr1, dar, msr;
  Be32 dsisr;
  Be32 int_pending;
  std::array<Be32, 16> sr;
  Be32 mas0, mas1;
  Be64 mas7_3, mas2;
  Be32 mas4, mas6;
  Be32 esr, pir;
  Be64 sprg4, sprg5, sprg6, sprg7;
  std::array<std::byte, 16> reserved0;
  Be32 magic, abi_version, features, reserved1;
  std::array<std::byte, PVPPC_SHARED_PAGE_SIZE - 272> reserved2;
};

// One layout, written once (in the C header): the host view must agree.
#define PVPPC_SAME_OFFSET(field) \
  static_assert(offsetof(SharedPage, field) == offsetof(struct pvppc_shared_page, field), #field)
static_assert(sizeof(SharedPage) == sizeof(struct pvppc_shared_page));
PVPPC_SAME_OFFSET(scratch1);
PVPPC_SAME_OFFSET(critical);
PVPPC_SAME_OFFSET(sprg0);
PVPPC_SAME_OFFSET(sprg3);
PVPPC_SAME_OFFSET(srr0);
PVPPC_SAME_OFFSET(srr1);
PVPPC_SAME_OFFSET(dar);
PVPPC_SAME_OFFSET(msr);
PVPPC_SAME_OFFSET(dsisr);
PVPPC_SAME_OFFSET(int_pending);
PVPPC_SAME_OFFSET(sr);
PVPPC_SAME_OFFSET(mas0);
PVPPC_SAME_OFFSET(mas7_3);
PVPPC_SAME_OFFSET(mas6);
PVPPC_SAME_OFFSET(esr);
PVPPC_SAME_OFFSET(pir);
PVPPC_SAME_OFFSET(sprg4);
PVPPC_SAME_OFFSET(sprg7);
PVPPC_SAME_OFFSET(magic);
PVPPC_SAME_OFFSET(abi_version);
PVPPC_SAME_OFFSET(features);
PVPPC_SAME_OFFSET(reserved2);
#undef PVPPC_SAME_OFFSET

// 32-bit guests keep 32-bit values in the low word of 64-bit fields.
inline uint32_t Low32(const Be64& field) { return static_cast<uint32_t>(field.get()); }
inline void SetLow32(Be64& field, uint32_t value) { field.set(value); }

enum class Status : uint32_t {
  kSuccess = PVPPC_SUCCESS,
  kPermission = PVPPC_EPERM,
  kNoEntry = PVPPC_ENOENT,
  kIo = PVPPC_EIO,
  kAgain = PVPPC_EAGAIN,
  kNoMemory = PVPPC_ENOMEM,
  kFault = PVPPC_EFAULT,
  kNoDevice = PVPPC_ENODEV,
  kInvalid = PVPPC_EINVAL,
  kInternal = PVPPC_INTERNAL,
  kConfig = PVPPC_CONFIG,
  kInvalidState = PVPPC_INVALID_STATE,
  kUnimplemented = PVPPC_UNIMPLEMENTED,
  kBufferOverflow = PVPPC_BUFFER_OVERFLOW,
};

constexpr uint32_t Token(uint32_t vendor, uint32_t number) {
  return PVPPC_HCALL_TOKEN(vendor, number);
}

}  // namespace pvppc::abi
