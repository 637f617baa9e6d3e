// The hypercalls of pvppc ABI v1 (docs/abi.md, "Calls"), in one table keyed
// by the token's (vendor, number), as NOVA's syscall table is; a token no row
// claims returns PVPPC_UNIMPLEMENTED and changes nothing else.
//
// Register convention (ePAPR 1.1 hypercall ABI): token in r11, arguments in
// r3-r10, status in r3, outputs from r4 up. Everything arriving here is
// untrusted guest input: each handler validates and answers with a status.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "hypervisor/cpu/cpu_state.h"
#include "hypervisor/devices/byte_channel.h"
#include "hypervisor/irq/vmpic.h"
#include "hypervisor/mmu/pv_mmu.h"
#include "hypervisor/vcpu/vcpu.h"
#include "pv-abi/pvppc_abi.hpp"

namespace pvppc::hypercall {

// What the VM must do after the call returns to the guest.
enum class Effect : uint8_t { kNone, kIdle, kPowerOff, kReboot };

class Hypercalls {
 public:
  struct Frame {
    std::array<uint32_t, 8> in{};   // r3..r10
    std::array<uint32_t, 5> out{};  // r4..r8 (start as the guest's; handlers set outputs)
    Effect effect = Effect::kNone;
  };
  using Handler = abi::Status (Hypercalls::*)(Frame&);
  struct Row {
    uint16_t vendor;
    uint16_t number;
    Handler handler;
    std::string_view name;
  };

  // `shared_page` is the host memory of the page the hypervisor provides at
  // guest physical `shared_page_paddr`.
  Hypercalls(vcpu::Vcpu& vcpu, irq::Vmpic& pic, devices::ByteChannel& console, mmu::PvMmu& mmu,
             abi::SharedPage& shared_page, uint64_t shared_page_paddr);

  static std::span<const Row> Rows();
  static const Row* Find(uint32_t token);

  struct Result {
    const Row* row = nullptr;  // nullptr: unknown token (UNIMPLEMENTED returned)
    abi::Status status = abi::Status::kUnimplemented;
    Effect effect = Effect::kNone;
  };
  // Performs the call held in `regs` (from guest supervisor mode) and writes
  // the status and outputs back into them.
  Result dispatch(cpu::CpuState& regs);

  // Maps the shared page at PVPPC_SHARED_PAGE_EA for guest supervisor mode
  // and links it to the vCPU. The PV machine does this before the guest's
  // first instruction (docs/abi.md, "Boot protocol"); MAP_MAGIC_PAGE does
  // it again, harmlessly, for guests written for KVM's magic page.
  void map_shared_page();

  // The table's handlers (public so that the constexpr table can name them).
  abi::Status ByteChannelSend(Frame&);
  abi::Status ByteChannelReceive(Frame&);
  abi::Status ByteChannelPoll(Frame&);
  abi::Status IntSetConfig(Frame&);
  abi::Status IntGetConfig(Frame&);
  abi::Status IntSetMask(Frame&);
  abi::Status IntGetMask(Frame&);
  abi::Status IntIack(Frame&);
  abi::Status IntEoi(Frame&);
  abi::Status Idle(Frame&);
  abi::Status KvmFeatures(Frame&);
  abi::Status KvmMapMagicPage(Frame&);
  abi::Status GetInfo(Frame&);
  abi::Status SystemOff(Frame&);
  abi::Status MmuMapFixed(Frame&);
  abi::Status MmuUnmapFixed(Frame&);
  abi::Status MmuSetKernelTable(Frame&);
  abi::Status MmuSwitchContext(Frame&);
  abi::Status MmuInvalidate(Frame&);

  static constexpr uint32_t kFeatures = PVPPC_FEATURE_SHARED_PAGE | PVPPC_FEATURE_PIC |
                                        PVPPC_FEATURE_BYTE_CHANNEL | PVPPC_FEATURE_IDLE |
                                        PVPPC_FEATURE_MMU;
  static constexpr uint32_t kConsoleHandle = 0;

 private:
  vcpu::Vcpu& vcpu_;
  irq::Vmpic& pic_;
  devices::ByteChannel& console_;
  mmu::PvMmu& mmu_;
  abi::SharedPage& shared_page_;
  uint64_t shared_page_paddr_;
};

}  // namespace pvppc::hypercall
