// Guest physical memory: one object with checked accessors.
//
// Nothing outside this class forms a host pointer from a guest address without
// a bounds check. Host-side writers (loaders, syscall emulation, DMA by device
// models) go through write(), which tells the code observers so that decoded
// guest code never goes stale behind the CPU's back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace pvppc::memory {

// Told when the host writes guest memory outside the CPU's own stores.
class CodeWriteObserver {
 public:
  virtual ~CodeWriteObserver() = default;
  virtual void on_host_write(uint64_t paddr, uint64_t length) = 0;
};

class GuestMemory {
 public:
  // `ram` is host memory that outlives this object (an anonymous mapping or a
  // shared memory object); it holds guest physical [base, base + size).
  GuestMemory(std::span<std::byte> ram, uint64_t base_paddr = 0)
      : ram_(ram), base_(base_paddr) {}

  GuestMemory(const GuestMemory&) = delete;
  GuestMemory& operator=(const GuestMemory&) = delete;

  uint64_t base() const { return base_; }
  uint64_t size() const { return ram_.size(); }

  // True when [paddr, paddr + length) lies inside RAM; overflow-safe.
  bool contains(uint64_t paddr, uint64_t length) const {
    if (paddr < base_) return false;
    const uint64_t offset = paddr - base_;
    return offset <= ram_.size() && length <= ram_.size() - offset;
  }

  // Host pointer to [paddr, paddr + length) or nullptr when out of range.
  std::byte* host_pointer(uint64_t paddr, uint64_t length) {
    return contains(paddr, length) ? ram_.data() + (paddr - base_) : nullptr;
  }
  const std::byte* host_pointer(uint64_t paddr, uint64_t length) const {
    return contains(paddr, length) ? ram_.data() + (paddr - base_) : nullptr;
  }

  [[nodiscard]] bool read(uint64_t paddr, std::span<std::byte> out) const {
    const std::byte* src = host_pointer(paddr, out.size());
    if (src == nullptr) return false;
    std::memcpy(out.data(), src, out.size());
    return true;
  }

  // Writes from the host side (not guest stores): notifies code observers.
  [[nodiscard]] bool write(uint64_t paddr, std::span<const std::byte> in) {
    std::byte* dst = host_pointer(paddr, in.size());
    if (dst == nullptr) return false;
    std::memcpy(dst, in.data(), in.size());
    notify_host_write(paddr, in.size());
    return true;
  }

  [[nodiscard]] bool fill(uint64_t paddr, std::byte value, uint64_t length) {
    std::byte* dst = host_pointer(paddr, length);
    if (dst == nullptr) return false;
    std::memset(dst, static_cast<int>(value), length);
    notify_host_write(paddr, length);
    return true;
  }

  // Big-endian scalar accessors for host code (guest memory is big-endian).
  [[nodiscard]] bool read_be32(uint64_t paddr, uint32_t& value) const {
    std::byte raw[4];
    if (!read(paddr, raw)) return false;
    value = (uint32_t(raw[0]) << 24) | (uint32_t(raw[1]) << 16) | (uint32_t(raw[2]) << 8) |
            uint32_t(raw[3]);
    return true;
  }
  [[nodiscard]] bool write_be32(uint64_t paddr, uint32_t value) {
    const std::byte raw[4] = {std::byte(value >> 24), std::byte(value >> 16),
                              std::byte(value >> 8), std::byte(value)};
    return write(paddr, raw);
  }

  // Call after modifying RAM through a host pointer obtained above (for
  // example a read(2) straight into guest memory).
  void notify_host_write(uint64_t paddr, uint64_t length) {
    for (CodeWriteObserver* observer : observers_) observer->on_host_write(paddr, length);
  }

  void add_observer(CodeWriteObserver* observer) { observers_.push_back(observer); }
  void remove_observer(CodeWriteObserver* observer) {
    std::erase(observers_, observer);
  }

 private:
  std::span<std::byte> ram_;
  uint64_t base_;
  std::vector<CodeWriteObserver*> observers_;
};

}  // namespace pvppc::memory
