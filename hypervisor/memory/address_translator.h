// The one interface every guest memory access is translated through.
//
// The core asks it for the 4 KiB page that holds an effective address; it
// answers with the guest physical page and the permissions that apply, or with
// the fault a 440 would take. `pvppc_user` plugs in a flat user address space,
// the hypervisor plugs in its shadow TLB. The core caches answers in its own
// software TLB until flush_translations() is called on it, so an implementation
// must make the core flush whenever an answer it gave could change.
#pragma once

#include <cstdint>

namespace pvppc::memory {

enum class Access : uint8_t { kRead, kWrite, kExecute };

inline constexpr uint32_t kPageShift = 12;
inline constexpr uint32_t kPageSize = 1u << kPageShift;
inline constexpr uint32_t kPageMask = kPageSize - 1;

struct Translation {
  enum class Status : uint8_t {
    kOk,
    kTlbMiss,       // no TLB entry matches: data/instruction TLB error interrupt
    kStorage,       // an entry matches but forbids the access: storage interrupt
  };
  Status status = Status::kTlbMiss;
  uint64_t page_paddr = 0;     // guest physical address of the 4 KiB page (36-bit on 440)
  bool readable = false;       // permissions for the current mode,
  bool writable = false;       //   cached by the core with the page
  bool executable = false;
  bool little_endian = false;  // TLB E bit: byte-reversed page (Book E)
  bool cacheable = true;       // false for I=1 (cache-inhibited) pages

  static Translation Ok(uint64_t page_paddr, bool r, bool w, bool x) {
    Translation t;
    t.status = Status::kOk;
    t.page_paddr = page_paddr;
    t.readable = r;
    t.writable = w;
    t.executable = x;
    return t;
  }
  static Translation Miss() { return Translation{}; }
};

class AddressTranslator {
 public:
  virtual ~AddressTranslator() = default;
  // `msr` is the machine MSR (for IS/DS and PR).
  virtual Translation translate(uint32_t effective_address, Access access, uint32_t msr) = 0;
};

}  // namespace pvppc::memory
