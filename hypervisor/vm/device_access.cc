#include "hypervisor/vm/device_access.h"

#include "hypervisor/isa/load_store_form.h"

namespace pvppc::vm {
namespace {

uint32_t Reverse(uint32_t value, uint32_t size) {
  return size == 4 ? __builtin_bswap32(value)
         : size == 2 ? static_cast<uint32_t>(__builtin_bswap16(static_cast<uint16_t>(value)))
                     : value;
}

}  // namespace

DeviceAccessResult PerformDeviceAccess(cpu::CpuState& state, devices::MmioBus& bus,
                                       isa::Instruction insn, uint32_t ea, uint64_t paddr,
                                       bool little_endian_page, DeviceAccessInfo& info) {
  const std::optional<isa::LoadStoreForm> form = isa::DecodeLoadStore(insn);
  if (!form) return DeviceAccessResult::kNotLoadStore;
  info.store = form->store;
  info.size = form->size;
  const devices::MmioBus::Target target = bus.find(paddr, form->size);
  if (target.device == nullptr) return DeviceAccessResult::kNoDevice;

  // Devices take values in big-endian register order; a byte-reversed
  // instruction or a little-endian page (TLB E bit) swaps them once each.
  const bool swap = form->byte_reversed != little_endian_page;
  if (form->store) {
    uint32_t value = state.gpr[form->rt];
    if (form->size < 4) value &= (1u << (8 * form->size)) - 1;
    if (swap) value = Reverse(value, form->size);
    if (!target.device->write(target.offset, form->size, value)) {
      return DeviceAccessResult::kNoDevice;
    }
  } else {
    uint32_t value = 0;
    if (!target.device->read(target.offset, form->size, value)) {
      return DeviceAccessResult::kNoDevice;
    }
    if (swap) value = Reverse(value, form->size);
    if (form->sign_extend && form->size == 2) {
      value = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(value)));
    }
    state.gpr[form->rt] = value;
  }
  if (form->update && form->ra != 0) state.gpr[form->ra] = ea;
  state.pc += 4;
  return DeviceAccessResult::kDone;
}

}  // namespace pvppc::vm
