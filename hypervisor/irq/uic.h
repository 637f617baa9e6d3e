// The Universal Interrupt Controller (UIC) of the PPC440EP: 32 interrupt
// inputs, each with a programmable polarity, trigger (level or edge), enable
// and critical/non-critical routing, gathered into two outputs — the core's
// External Input and Critical Input, or, for a cascaded UIC, two inputs of
// the UIC above it (PPC440EP UM, "Universal Interrupt Controller"; the
// register descriptions match the PPC405GP UM chapter 10 the 440EP inherits).
//
// Inputs use IBM numbering: input 0 is the most significant bit of every
// register, input 31 the least significant.
//
// Registers, at DCR base + offset (the numbering Linux's
// arch/powerpc/sysdev/uic.c uses; platform::kUicDcrCount of them):
//   +0 SR   status: reads the status; writing 1 clears a latched bit
//   +1 SRS  status set: writing 1 sets a status bit (software interrupts)
//   +2 ER   enable          +3 CR  critical (1) / non-critical (0)
//   +4 PR   polarity: 1 = active high or rising edge, 0 = low / falling
//   +5 TR   trigger: 1 = edge, 0 = level
//   +6 MSR  masked status = SR & ER (read-only)
//   +7 VR   critical interrupt vector (read-only)
//   +8 VCR  vector base address and priority order
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hypervisor/devices/dcr_device.h"
#include "hypervisor/irq/interrupt_sink.h"

namespace pvppc::irq {

// A UIC's outputs are a non-critical and a critical request line, which is
// exactly what CoreInterruptPins describes; UIC0 drives the core's pins
// directly. A cascaded UIC (UIC1 on the 440EP) drives two inputs of its
// parent instead, through this adaptor, so one Uic class serves both.
class UicCascade final : public CoreInterruptPins {
 public:
  UicCascade(InterruptSink& parent, uint32_t noncritical_input, uint32_t critical_input)
      : parent_(parent), noncritical_input_(noncritical_input), critical_input_(critical_input) {}

  void set_external(bool asserted) override { parent_.set_line(noncritical_input_, asserted); }
  void set_critical(bool asserted) override { parent_.set_line(critical_input_, asserted); }

 private:
  InterruptSink& parent_;
  uint32_t noncritical_input_;
  uint32_t critical_input_;
};

class Uic final : public devices::DcrDevice, public InterruptSink {
 public:
  static constexpr uint32_t kInputCount = 32;

  // Register offsets from the DCR base.
  static constexpr uint32_t kStatus = 0;
  static constexpr uint32_t kStatusSet = 1;
  static constexpr uint32_t kEnable = 2;
  static constexpr uint32_t kCritical = 3;
  static constexpr uint32_t kPolarity = 4;
  static constexpr uint32_t kTrigger = 5;
  static constexpr uint32_t kMaskedStatus = 6;
  static constexpr uint32_t kVector = 7;
  static constexpr uint32_t kVectorConfiguration = 8;
  static constexpr uint32_t kRegisterCount = 9;

  // `outputs` must outlive the UIC. The UIC starts in its reset state with
  // both outputs deasserted.
  Uic(std::string name, uint32_t dcr_base, CoreInterruptPins& outputs);

  std::string_view name() const override { return name_; }
  [[nodiscard]] bool read_dcr(uint32_t dcrn, uint32_t& value) override;
  [[nodiscard]] bool write_dcr(uint32_t dcrn, uint32_t value) override;

  // An input's wire level: `asserted` is the electrically high state. Every
  // source pvppc wires up is active-high, as the 440EP's on-chip sources are
  // (the device tree gives them type 4, level high); PR decides whether high
  // counts as active. Lines >= kInputCount are not wired and are ignored.
  void set_line(uint32_t line, bool asserted) override;

  // Back to the power-on state. Input wire levels are kept: they belong to
  // the devices, not to the controller.
  void reset();

  // SR as the guest reads it; the outputs as last driven.
  uint32_t status() const;
  bool noncritical_output() const { return noncritical_output_; }
  bool critical_output() const { return critical_output_; }

 private:
  static constexpr uint32_t InputBit(uint32_t input) { return 0x8000'0000u >> input; }

  // Inputs whose wire is at the level PR calls active.
  uint32_t active_inputs() const { return ~(wire_levels_ ^ polarity_); }
  uint32_t critical_vector() const;
  void update_outputs();

  std::string name_;
  uint32_t dcr_base_;
  CoreInterruptPins& outputs_;

  uint32_t wire_levels_ = 0;
  // Status bits held until written 1 to SR: latched edges and bits set
  // through SRS. Level-triggered inputs add their active level on top.
  uint32_t latched_ = 0;
  uint32_t enable_ = 0;
  uint32_t critical_ = 0;
  uint32_t polarity_ = 0;
  uint32_t trigger_ = 0;
  uint32_t vector_configuration_ = 0;

  bool noncritical_output_ = false;
  bool critical_output_ = false;
};

}  // namespace pvppc::irq
