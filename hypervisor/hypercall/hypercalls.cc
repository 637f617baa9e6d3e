#include "hypervisor/hypercall/hypercalls.h"

#include <array>

#include "hypervisor/mmu/shadow_tlb.h"

namespace pvppc::hypercall {

using abi::Status;
using H = Hypercalls;

namespace {

constexpr uint16_t kEpapr = PVPPC_VENDOR_EPAPR;
constexpr uint16_t kKvm = PVPPC_VENDOR_KVM;
constexpr uint16_t kPvppc = PVPPC_VENDOR_PVPPC;

constexpr std::array kRows = {
    H::Row{kEpapr, PVPPC_HC_BYTE_CHANNEL_SEND, &H::ByteChannelSend, "byte-channel-send"},
    H::Row{kEpapr, PVPPC_HC_BYTE_CHANNEL_RECEIVE, &H::ByteChannelReceive, "byte-channel-receive"},
    H::Row{kEpapr, PVPPC_HC_BYTE_CHANNEL_POLL, &H::ByteChannelPoll, "byte-channel-poll"},
    H::Row{kEpapr, PVPPC_HC_INT_SET_CONFIG, &H::IntSetConfig, "int-set-config"},
    H::Row{kEpapr, PVPPC_HC_INT_GET_CONFIG, &H::IntGetConfig, "int-get-config"},
    H::Row{kEpapr, PVPPC_HC_INT_SET_MASK, &H::IntSetMask, "int-set-mask"},
    H::Row{kEpapr, PVPPC_HC_INT_GET_MASK, &H::IntGetMask, "int-get-mask"},
    H::Row{kEpapr, PVPPC_HC_INT_IACK, &H::IntIack, "int-iack"},
    H::Row{kEpapr, PVPPC_HC_INT_EOI, &H::IntEoi, "int-eoi"},
    H::Row{kEpapr, PVPPC_HC_IDLE, &H::Idle, "idle"},
    H::Row{kKvm, PVPPC_HC_KVM_FEATURES, &H::KvmFeatures, "kvm-features"},
    H::Row{kKvm, PVPPC_HC_KVM_MAP_MAGIC_PAGE, &H::KvmMapMagicPage, "kvm-map-magic-page"},
    H::Row{kPvppc, PVPPC_HC_GET_INFO, &H::GetInfo, "get-info"},
    H::Row{kPvppc, PVPPC_HC_SYSTEM_OFF, &H::SystemOff, "system-off"},
    H::Row{kPvppc, PVPPC_HC_MMU_MAP_FIXED, &H::MmuMapFixed, "mmu-map-fixed"},
    H::Row{kPvppc, PVPPC_HC_MMU_UNMAP_FIXED, &H::MmuUnmapFixed, "mmu-unmap-fixed"},
    H::Row{kPvppc, PVPPC_HC_MMU_SET_KERNEL_TABLE, &H::MmuSetKernelTable, "mmu-set-kernel-table"},
    H::Row{kPvppc, PVPPC_HC_MMU_SWITCH_CONTEXT, &H::MmuSwitchContext, "mmu-switch-context"},
    H::Row{kPvppc, PVPPC_HC_MMU_INVALIDATE, &H::MmuInvalidate, "mmu-invalidate"},
};

consteval bool NoTokenClaimedTwice() {
  for (size_t i = 0; i < kRows.size(); ++i) {
    for (size_t j = i + 1; j < kRows.size(); ++j) {
      if (kRows[i].vendor == kRows[j].vendor && kRows[i].number == kRows[j].number) return false;
    }
  }
  return true;
}
static_assert(NoTokenClaimedTwice(), "two rows claim the same hypercall token");

}  // namespace

Hypercalls::Hypercalls(vcpu::Vcpu& vcpu, irq::Vmpic& pic, devices::ByteChannel& console,
                       mmu::PvMmu& mmu, abi::SharedPage& shared_page, uint64_t shared_page_paddr)
    : vcpu_(vcpu),
      pic_(pic),
      console_(console),
      mmu_(mmu),
      shared_page_(shared_page),
      shared_page_paddr_(shared_page_paddr) {}

std::span<const H::Row> Hypercalls::Rows() { return kRows; }

const H::Row* Hypercalls::Find(uint32_t token) {
  for (const Row& row : kRows) {
    if (abi::Token(row.vendor, row.number) == token) return &row;
  }
  return nullptr;
}

Hypercalls::Result Hypercalls::dispatch(cpu::CpuState& regs) {
  Result result;
  result.row = Find(regs.gpr[11]);
  if (result.row == nullptr) {
    regs.gpr[3] = static_cast<uint32_t>(Status::kUnimplemented);
    return result;
  }
  Frame frame;
  for (size_t i = 0; i < frame.in.size(); ++i) frame.in[i] = regs.gpr[3 + i];
  for (size_t i = 0; i < frame.out.size(); ++i) frame.out[i] = regs.gpr[4 + i];
  result.status = (this->*result.row->handler)(frame);
  result.effect = frame.effect;
  regs.gpr[3] = static_cast<uint32_t>(result.status);
  for (size_t i = 0; i < frame.out.size(); ++i) regs.gpr[4 + i] = frame.out[i];
  return result;
}

// ---- Byte channel (ePAPR "Byte Channel Services") ---------------------------

Status Hypercalls::ByteChannelSend(Frame& f) {
  if (f.in[0] != kConsoleHandle) return Status::kInvalid;
  const uint32_t count = f.in[1];
  if (count > PVPPC_BYTE_CHANNEL_MAX_BYTES) return Status::kInvalid;
  std::array<uint8_t, PVPPC_BYTE_CHANNEL_MAX_BYTES> bytes{};
  const std::array<uint32_t, 4> words = {f.in[2], f.in[3], f.in[4], f.in[5]};
  devices::ByteChannel::UnpackWords(std::span<const uint32_t, 4>(words), count, bytes);
  uint32_t accepted = 0;
  const Status s = console_.send(std::span(bytes.data(), count), accepted);
  f.out[0] = accepted;
  return s;
}

Status Hypercalls::ByteChannelReceive(Frame& f) {
  if (f.in[0] != kConsoleHandle) return Status::kInvalid;
  std::array<uint8_t, PVPPC_BYTE_CHANNEL_MAX_BYTES> bytes{};
  uint32_t count = 0;
  const Status s = console_.receive(f.in[1], bytes, count);
  if (s != Status::kSuccess) return s;
  const auto words = devices::ByteChannel::PackWords(std::span(bytes.data(), count));
  f.out = {count, words[0], words[1], words[2], words[3]};
  return Status::kSuccess;
}

Status Hypercalls::ByteChannelPoll(Frame& f) {
  if (f.in[0] != kConsoleHandle) return Status::kInvalid;
  console_.poll(f.out[0], f.out[1]);
  return Status::kSuccess;
}

// ---- Interrupt controller (ePAPR "Interrupt Controller Services") ----------

Status Hypercalls::IntSetConfig(Frame& f) { return pic_.set_config(f.in[0], f.in[1], f.in[2], f.in[3]); }

Status Hypercalls::IntGetConfig(Frame& f) {
  return pic_.get_config(f.in[0], f.out[0], f.out[1], f.out[2]);
}

Status Hypercalls::IntSetMask(Frame& f) { return pic_.set_mask(f.in[0], f.in[1]); }

Status Hypercalls::IntGetMask(Frame& f) { return pic_.get_mask(f.in[0], f.out[0]); }

// r3 names the controller; the PV machine has one, handle 0.
Status Hypercalls::IntIack(Frame& f) {
  if (f.in[0] != 0) return Status::kInvalid;
  f.out[0] = pic_.iack();
  return Status::kSuccess;
}

Status Hypercalls::IntEoi(Frame& f) { return pic_.eoi(f.in[0]); }

// ---- Idle, identification, power ------------------------------------------

Status Hypercalls::Idle(Frame& f) {
  f.effect = Effect::kIdle;
  return Status::kSuccess;
}

Status Hypercalls::KvmFeatures(Frame& f) {
  f.out[0] = PVPPC_KVM_FEATURE_MAGIC_PAGE;
  return Status::kSuccess;
}

// r3: the guest physical address KVM would back the page with (ignored: the
// page is the hypervisor's); r4: the effective address, flags in bits 20:31.
Status Hypercalls::KvmMapMagicPage(Frame& f) {
  const uint32_t ea = f.in[1] & ~0xfffu;
  if (ea != PVPPC_SHARED_PAGE_EA) return Status::kInvalid;
  map_shared_page();
  f.out[0] = PVPPC_KVM_MAGIC_FEAT_SPRG4_7_ESR;
  return Status::kSuccess;
}

void Hypercalls::map_shared_page() {
  // Linking a second time would re-initialize the page over the guest's
  // stores since the first.
  if (!vcpu_.shared_page_mapped()) vcpu_.map_shared_page(shared_page_, kFeatures);
  mmu::ShadowEntry entry;
  entry.effective_base = PVPPC_SHARED_PAGE_EA;
  entry.size = PVPPC_SHARED_PAGE_SIZE;
  entry.physical_base = shared_page_paddr_;
  entry.readable = true;
  entry.writable = true;
  entry.executable = false;
  vcpu_.shadow().pin(entry);
}

Status Hypercalls::GetInfo(Frame& f) {
  f.out[0] = PVPPC_ABI_VERSION;
  f.out[1] = kFeatures;
  return Status::kSuccess;
}

Status Hypercalls::SystemOff(Frame& f) {
  switch (f.in[0]) {
    case PVPPC_SYSTEM_OFF_POWER: f.effect = Effect::kPowerOff; return Status::kSuccess;
    case PVPPC_SYSTEM_OFF_REBOOT: f.effect = Effect::kReboot; return Status::kSuccess;
    default: return Status::kInvalid;
  }
}

// ---- The PV MMU (docs/abi.md, "The PV MMU") ----------------------------------

Status Hypercalls::MmuMapFixed(Frame& f) {
  return mmu_.map_fixed(f.in[0], f.in[1], f.in[2], f.in[3]);
}

Status Hypercalls::MmuUnmapFixed(Frame& f) { return mmu_.unmap_fixed(f.in[0], f.in[1]); }

Status Hypercalls::MmuSetKernelTable(Frame& f) { return mmu_.set_kernel_table(f.in[0], f.in[1]); }

Status Hypercalls::MmuSwitchContext(Frame& f) {
  const Status status = mmu_.switch_context(f.in[0], f.in[1]);
  // The context number is the machine TLB's TID for the context's entries,
  // as the PID is under full virtualization.
  if (status == Status::kSuccess) vcpu_.set_pid(f.in[0]);
  return status;
}

Status Hypercalls::MmuInvalidate(Frame& f) {
  return mmu_.invalidate(f.in[0], f.in[1], f.in[2], f.in[3]);
}

}  // namespace pvppc::hypercall
