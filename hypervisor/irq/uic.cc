#include "hypervisor/irq/uic.h"

#include <bit>
#include <utility>

namespace pvppc::irq {
namespace {

// VCR: bits 0:29 vector base address, bit 30 reserved, bit 31 PRO (UIC
// Vector Configuration Register).
constexpr uint32_t kVectorBaseMask = 0xFFFF'FFFCu;
constexpr uint32_t kVcrReservedBit = 0x0000'0002u;
constexpr uint32_t kPriorityOrderBit = 0x0000'0001u;
// The vector offset grows by 512 bytes per bit position away from the
// highest-priority input (UIC Vector Register).
constexpr uint32_t kVectorStride = 512;

}  // namespace

Uic::Uic(std::string name, uint32_t dcr_base, CoreInterruptPins& outputs)
    : name_(std::move(name)), dcr_base_(dcr_base), outputs_(outputs) {
  reset();
}

void Uic::reset() {
  latched_ = 0;
  enable_ = 0;
  critical_ = 0;
  // The manual leaves the reset polarity to the chip integration. All-ones
  // makes every input active-high, so an unconnected (low) input reads as
  // idle; Linux programs PR per interrupt anyway (uic_set_irq_type).
  polarity_ = 0xFFFF'FFFFu;
  trigger_ = 0;
  vector_configuration_ = 0;
  update_outputs();
}

uint32_t Uic::status() const {
  // A level-triggered bit reports the input while it is active, whatever
  // software writes to SR: the UIC cannot clear a level-sensitive status bit
  // while the input stays at its asserted polarity (UIC Status Register).
  return latched_ | (active_inputs() & ~trigger_);
}

void Uic::set_line(uint32_t line, bool asserted) {
  if (line >= kInputCount) return;
  const uint32_t bit = InputBit(line);
  const bool was_active = (active_inputs() & bit) != 0;
  wire_levels_ = asserted ? (wire_levels_ | bit) : (wire_levels_ & ~bit);
  const bool is_active = (active_inputs() & bit) != 0;
  // An edge-triggered input latches its status on the transition into the
  // active level — rising edge when PR is 1, falling when 0 — and keeps it
  // until software writes 1 to SR.
  if ((trigger_ & bit) && !was_active && is_active) latched_ |= bit;
  update_outputs();
}

uint32_t Uic::critical_vector() const {
  const uint32_t pending_critical = status() & enable_ & critical_;
  // Vectors are generated for enabled, active, critical interrupts only; with
  // none pending the manual defines no value, and the UIC reads 0.
  if (pending_critical == 0) return 0;
  // PRO = 1 makes input 31 (least significant bit) the highest priority,
  // PRO = 0 input 0; the offset counts bit positions from that end.
  const uint32_t distance = (vector_configuration_ & kPriorityOrderBit)
                                ? static_cast<uint32_t>(std::countr_zero(pending_critical))
                                : static_cast<uint32_t>(std::countl_zero(pending_critical));
  return (vector_configuration_ & kVectorBaseMask) + distance * kVectorStride;
}

bool Uic::read_dcr(uint32_t dcrn, uint32_t& value) {
  if (dcrn < dcr_base_ || dcrn - dcr_base_ >= kRegisterCount) return false;
  switch (dcrn - dcr_base_) {
    case kStatus:
    case kStatusSet:  // SRS is a write port; a read shows the status it sets.
      value = status();
      break;
    case kEnable:
      value = enable_;
      break;
    case kCritical:
      value = critical_;
      break;
    case kPolarity:
      value = polarity_;
      break;
    case kTrigger:
      value = trigger_;
      break;
    case kMaskedStatus:
      value = status() & enable_;
      break;
    case kVector:
      value = critical_vector();
      break;
    case kVectorConfiguration:
      // Documented as write-only; reading back what was written is the most
      // useful of the undefined answers.
      value = vector_configuration_;
      break;
  }
  return true;
}

bool Uic::write_dcr(uint32_t dcrn, uint32_t value) {
  if (dcrn < dcr_base_ || dcrn - dcr_base_ >= kRegisterCount) return false;
  switch (dcrn - dcr_base_) {
    case kStatus:
      latched_ &= ~value;
      break;
    case kStatusSet:
      latched_ |= value;
      break;
    case kEnable:
      enable_ = value;
      break;
    case kCritical:
      critical_ = value;
      break;
    case kPolarity:
      // Only level-triggered status follows the new polarity at once; the
      // edge detectors watch wire transitions, so a polarity change does not
      // count as an edge.
      polarity_ = value;
      break;
    case kTrigger:
      trigger_ = value;
      break;
    case kMaskedStatus:
    case kVector:
      break;  // Read-only: the write is accepted and has no effect.
    case kVectorConfiguration:
      vector_configuration_ = value & ~kVcrReservedBit;
      break;
  }
  update_outputs();
  return true;
}

void Uic::update_outputs() {
  const uint32_t pending = status() & enable_;
  const bool noncritical = (pending & ~critical_) != 0;
  const bool critical = (pending & critical_) != 0;
  // Drive only changes: a cascaded UIC's parent sees one transition per
  // change of level, and the core's pins are not poked on every DCR access.
  if (noncritical != noncritical_output_) {
    noncritical_output_ = noncritical;
    outputs_.set_external(noncritical);
  }
  if (critical != critical_output_) {
    critical_output_ = critical;
    outputs_.set_critical(critical);
  }
}

}  // namespace pvppc::irq
