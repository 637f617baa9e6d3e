// Host memory backing guest RAM: an anonymous private mapping, so that pages
// the guest never touches cost nothing. (A later issue moves it into a shared
// memory object that device backends in other processes can map.)
#pragma once

#include <sys/mman.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string>

#include "hypervisor/common/result.h"

namespace pvppc::vm {

class GuestRam {
 public:
  static Result<std::unique_ptr<GuestRam>> Allocate(uint64_t bytes) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                     -1, 0);
    if (p == MAP_FAILED) {
      return MakeError("cannot reserve " + std::to_string(bytes >> 20) +
                       " MiB of host memory for guest RAM: " + std::strerror(errno));
    }
    return std::unique_ptr<GuestRam>(new GuestRam(static_cast<std::byte*>(p), bytes));
  }
  ~GuestRam() { ::munmap(data_, size_); }
  GuestRam(const GuestRam&) = delete;
  GuestRam& operator=(const GuestRam&) = delete;

  std::span<std::byte> bytes() { return {data_, size_}; }

 private:
  GuestRam(std::byte* data, uint64_t size) : data_(data), size_(size) {}
  std::byte* data_;
  uint64_t size_;
};

}  // namespace pvppc::vm
