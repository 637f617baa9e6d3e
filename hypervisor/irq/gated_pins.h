// Connects an interrupt controller's outputs to the core only while the
// machine uses that controller: an unmodified guest takes its interrupts
// through the UIC, a PV guest through the virtual PIC, and the VM decides
// which at boot.
#pragma once

#include "hypervisor/irq/interrupt_sink.h"

namespace pvppc::irq {

class GatedPins final : public CoreInterruptPins {
 public:
  explicit GatedPins(CoreInterruptPins& core) : core_(core) {}

  void set_connected(bool connected) { connected_ = connected; }

  void set_external(bool asserted) override {
    if (connected_) core_.set_external(asserted);
  }
  void set_critical(bool asserted) override {
    if (connected_) core_.set_critical(asserted);
  }

 private:
  CoreInterruptPins& core_;
  bool connected_ = false;
};

}  // namespace pvppc::irq
