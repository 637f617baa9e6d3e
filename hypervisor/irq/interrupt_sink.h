// Where interrupt lines end: an interrupt controller input, or the core's
// external/critical input pins.
#pragma once

#include <cstdint>

namespace pvppc::irq {

// Numbered level-sensitive inputs (a device asserts or deasserts its line;
// edge detection, if any, belongs to the controller).
class InterruptSink {
 public:
  virtual ~InterruptSink() = default;
  virtual void set_line(uint32_t line, bool asserted) = 0;
};

// The core's two asynchronous interrupt inputs that a UIC drives (Book E
// External Input and Critical Input).
class CoreInterruptPins {
 public:
  virtual ~CoreInterruptPins() = default;
  virtual void set_external(bool asserted) = 0;
  virtual void set_critical(bool asserted) = 0;
};

}  // namespace pvppc::irq
