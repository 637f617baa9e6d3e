// The ePAPR virtual interrupt controller ("VMPIC") of the paravirtualized
// machine: interrupt sources programmed and acknowledged through hypercalls
// (INT_SET_CONFIG, INT_GET_CONFIG, INT_SET_MASK, INT_GET_MASK, INT_IACK,
// INT_EOI) instead of controller registers (ePAPR 1.1, "Virtual Interrupt
// Controller"). Its one output is the core's External Input.
//
// The model is an MPIC reduced to what the hypercalls expose, because the
// guest driver, Linux's arch/powerpc/sysdev/ehv_pic.c, is written for an
// MPIC underneath (its config word is the MPIC sense/polarity pair, and it
// relies on the MPIC's in-service/priority rules through handle_fasteoi_irq):
//   - config: bit 1 sense (1 = level, 0 = edge), bit 0 polarity (1 = active
//     high / rising edge, 0 = active low / falling edge); ehv_pic.h's
//     EHV_PIC_VECPRI_SENSE_LEVEL = 2 and EHV_PIC_VECPRI_POLARITY_POSITIVE = 1.
//     The same two bits are the second cell of ehv_pic's interrupt
//     specifier (ehv_pic_host_xlate: 0 edge falling, 1 edge rising, 2 level
//     low, 3 level high).
//   - priority 0..15; a source is delivered only while its priority is above
//     the current priority, which is 0 with nothing in service, so a
//     priority-0 source is never delivered (MPIC's task-priority rule).
//   - destination: a mask of the partition's logical CPUs, as the Freescale
//     reference hypervisor defines it; pvppc has CPU 0 only, so the one
//     valid value is 1.
//
// Reset state: every source masked, level/active-high, priority 0,
// destination 1. This is what lets ehv_pic work: on mapping a source it
// calls ev_int_get_config and hands the returned destination back to
// ev_int_set_config together with the sense and priority 8
// (ehv_pic_set_irq_type), ignoring the status; a reset destination that
// set_config refuses would leave the source at priority 0 for good. Masked
// at reset keeps a source quiet in the window where ehv_pic_host_map has
// made it level-low (IRQ_TYPE_NONE) and the device tree's type is not yet
// applied; the source is unmasked only by request_irq (ev_int_set_mask 0).
//
// Acknowledge and end of interrupt: IACK returns the highest-priority
// deliverable source (ties: the lowest number), marks it in service and
// raises the current priority to its priority; EOI ends it. In-service
// sources form a stack of strictly increasing priority (at most 15 deep), so
// a higher-priority source can nest inside a lower one and nothing else
// can. A source in service is not delivered again before its EOI; a level
// source whose line is still active is pending again after it.
//
// Everything runs on the vCPU thread.
#pragma once

#include <array>
#include <cstdint>

#include "hypervisor/irq/interrupt_sink.h"
#include "pv-abi/pvppc_abi.hpp"

namespace pvppc::irq {

class Vmpic final : public InterruptSink {
 public:
  static constexpr uint32_t kSources = 64;
  static constexpr uint32_t kMaxPriority = 15;

  // INT_SET_CONFIG's config word.
  static constexpr uint32_t kConfigPolarityPositive = 0x1;
  static constexpr uint32_t kConfigSenseLevel = 0x2;
  static constexpr uint32_t kConfigValidBits = kConfigPolarityPositive | kConfigSenseLevel;
  // INT_SET_CONFIG's destination: bit n = logical CPU n.
  static constexpr uint32_t kDestinationCpu0 = 0x1;

  // `cpu` must outlive the controller; its External Input starts (and is
  // assumed) deasserted. The Critical Input is never driven: ePAPR's
  // virtual interrupts are all External Input interrupts.
  explicit Vmpic(CoreInterruptPins& cpu);

  // A device's line: `asserted` is the electrically high state (every pvppc
  // device drives an active-high line). The source's polarity decides
  // whether high is active; an edge source latches on the transition into
  // its active level. Lines >= kSources are not wired and are ignored.
  void set_line(uint32_t irq, bool asserted) override;

  // The hypercalls, one function each; the hypercall layer moves registers.
  abi::Status set_config(uint32_t irq, uint32_t config, uint32_t priority, uint32_t destination);
  abi::Status get_config(uint32_t irq, uint32_t& config, uint32_t& priority,
                         uint32_t& destination) const;
  // masked: 1 = masked, 0 = unmasked (ev_int_set_mask); other values EINVAL.
  abi::Status set_mask(uint32_t irq, uint32_t masked);
  abi::Status get_mask(uint32_t irq, uint32_t& masked) const;
  // The acknowledged source, or PVPPC_PIC_SPURIOUS with nothing deliverable
  // (the hypercall still returns SUCCESS: ehv_pic_get_irq ignores IACK's
  // status and tests the vector for 0xFFFF).
  uint32_t iack();
  // EINVAL for a number >= kSources, INVALID_STATE for a source not in
  // service (nothing changes then).
  abi::Status eoi(uint32_t irq);

  // Back to the reset state. Line levels are kept: they belong to the
  // devices, not to the controller.
  void reset();

  // Whether a source is deliverable now, which is also the level of the
  // External Input: the idle hypercall returns when this is true.
  bool pending() const { return output_; }
  // The most recently acknowledged source still in service, or
  // PVPPC_PIC_SPURIOUS.
  uint32_t in_service() const;
  // The priority a source must exceed to be delivered.
  uint32_t current_priority() const;

 private:
  struct InService {
    uint8_t irq;
    uint8_t priority;  // At IACK time: later set_config calls do not move it.
  };

  static constexpr uint64_t Bit(uint32_t irq) { return uint64_t{1} << irq; }

  // Sources whose line is at the level the polarity calls active.
  uint64_t active() const { return ~(line_levels_ ^ polarity_positive_); }
  // Level sources while active, edge sources while latched.
  uint64_t requesting() const { return (active() & level_) | (latched_ & ~level_); }
  // The source IACK would return, or kSources.
  uint32_t best_deliverable() const;
  void update_output();

  CoreInterruptPins& cpu_;

  uint64_t line_levels_ = 0;
  uint64_t latched_ = 0;
  uint64_t level_ = 0;
  uint64_t polarity_positive_ = 0;
  uint64_t masked_ = 0;
  uint64_t in_service_mask_ = 0;
  std::array<uint8_t, kSources> priority_{};
  // Priorities strictly increase from the bottom, so 15 entries suffice.
  std::array<InService, kMaxPriority> in_service_stack_{};
  uint32_t in_service_depth_ = 0;
  bool output_ = false;
};

}  // namespace pvppc::irq
