#include "hypervisor/irq/vmpic.h"

namespace pvppc::irq {

Vmpic::Vmpic(CoreInterruptPins& cpu) : cpu_(cpu) { reset(); }

void Vmpic::reset() {
  latched_ = 0;
  // Level, active high: the sense every pvppc device line has, so that a
  // guest that only unmasks and sets a priority still sees correct levels.
  level_ = ~uint64_t{0};
  polarity_positive_ = ~uint64_t{0};
  masked_ = ~uint64_t{0};
  in_service_mask_ = 0;
  priority_.fill(0);
  in_service_depth_ = 0;
  update_output();
}

void Vmpic::set_line(uint32_t irq, bool asserted) {
  if (irq >= kSources) return;
  const uint64_t bit = Bit(irq);
  const bool was_active = (active() & bit) != 0;
  line_levels_ = asserted ? (line_levels_ | bit) : (line_levels_ & ~bit);
  const bool is_active = (active() & bit) != 0;
  // The latch is kept while the source is masked or in service, as an
  // MPIC's pending bit is: an edge is an event, and dropping it would lose
  // it for good, whereas a level source simply asks again.
  if (!(level_ & bit) && !was_active && is_active) latched_ |= bit;
  update_output();
}

abi::Status Vmpic::set_config(uint32_t irq, uint32_t config, uint32_t priority,
                              uint32_t destination) {
  if (irq >= kSources || (config & ~kConfigValidBits) != 0 || priority > kMaxPriority ||
      destination != kDestinationCpu0) {
    return abi::Status::kInvalid;
  }
  const uint64_t bit = Bit(irq);
  const bool level = (config & kConfigSenseLevel) != 0;
  // The edge detector watches line transitions: neither a change of sense
  // nor one of polarity counts as an edge. A latch means nothing to a level
  // source (so level sources never hold one); an edge source keeps an event
  // it has latched but not yet had acknowledged.
  if (level) latched_ &= ~bit;
  level_ = level ? (level_ | bit) : (level_ & ~bit);
  polarity_positive_ =
      (config & kConfigPolarityPositive) ? (polarity_positive_ | bit) : (polarity_positive_ & ~bit);
  priority_[irq] = static_cast<uint8_t>(priority);
  update_output();
  return abi::Status::kSuccess;
}

abi::Status Vmpic::get_config(uint32_t irq, uint32_t& config, uint32_t& priority,
                              uint32_t& destination) const {
  if (irq >= kSources) return abi::Status::kInvalid;
  const uint64_t bit = Bit(irq);
  config = ((level_ & bit) ? kConfigSenseLevel : 0) |
           ((polarity_positive_ & bit) ? kConfigPolarityPositive : 0);
  priority = priority_[irq];
  destination = kDestinationCpu0;
  return abi::Status::kSuccess;
}

abi::Status Vmpic::set_mask(uint32_t irq, uint32_t masked) {
  if (irq >= kSources || masked > 1) return abi::Status::kInvalid;
  masked_ = masked ? (masked_ | Bit(irq)) : (masked_ & ~Bit(irq));
  update_output();
  return abi::Status::kSuccess;
}

abi::Status Vmpic::get_mask(uint32_t irq, uint32_t& masked) const {
  if (irq >= kSources) return abi::Status::kInvalid;
  masked = (masked_ & Bit(irq)) ? 1 : 0;
  return abi::Status::kSuccess;
}

uint32_t Vmpic::current_priority() const {
  return in_service_depth_ == 0 ? 0 : in_service_stack_[in_service_depth_ - 1].priority;
}

uint32_t Vmpic::in_service() const {
  return in_service_depth_ == 0 ? PVPPC_PIC_SPURIOUS : in_service_stack_[in_service_depth_ - 1].irq;
}

uint32_t Vmpic::best_deliverable() const {
  const uint64_t candidates = requesting() & ~masked_ & ~in_service_mask_;
  uint32_t best = kSources;
  uint32_t best_priority = current_priority();
  // Strictly greater keeps the lowest-numbered source among equals.
  for (uint32_t irq = 0; irq < kSources; ++irq) {
    if ((candidates & Bit(irq)) && priority_[irq] > best_priority) {
      best = irq;
      best_priority = priority_[irq];
    }
  }
  return best;
}

uint32_t Vmpic::iack() {
  const uint32_t irq = best_deliverable();
  if (irq == kSources) return PVPPC_PIC_SPURIOUS;
  // Acknowledging consumes an edge; a level source keeps requesting until
  // the device drops its line, and is held off by being in service.
  latched_ &= ~Bit(irq);
  in_service_mask_ |= Bit(irq);
  // best_deliverable() only returns priorities above the top of the stack,
  // which bounds the depth by the number of priorities above 0.
  in_service_stack_[in_service_depth_++] = {static_cast<uint8_t>(irq), priority_[irq]};
  update_output();
  return irq;
}

abi::Status Vmpic::eoi(uint32_t irq) {
  if (irq >= kSources) return abi::Status::kInvalid;
  // ePAPR and ev_int_eoi's comment say the EOI names the source in service,
  // the top of the stack. A guest that ends a nested source out of order
  // still gets it removed rather than ending a different one (as an MPIC
  // EOI, which ends the highest in service, would); one not in service is
  // the "invalid state" ePAPR's status table has a code for. Linux ignores
  // EOI's status, and with powerpc's irq code never EOIs without an IACK.
  if (!(in_service_mask_ & Bit(irq))) return abi::Status::kInvalidState;
  uint32_t index = 0;
  while (in_service_stack_[index].irq != irq) ++index;
  for (; index + 1 < in_service_depth_; ++index) {
    in_service_stack_[index] = in_service_stack_[index + 1];
  }
  --in_service_depth_;
  in_service_mask_ &= ~Bit(irq);
  update_output();
  return abi::Status::kSuccess;
}

void Vmpic::update_output() {
  const bool asserted = best_deliverable() != kSources;
  // Drive changes only, as the UIC does: the core sees one call per level
  // change, not one per hypercall.
  if (asserted == output_) return;
  output_ = asserted;
  cpu_.set_external(asserted);
}

}  // namespace pvppc::irq
