// The 16550's register map and bit assignments (National Semiconductor
// PC16550D datasheet, "Summary of Registers" and the register descriptions),
// shared by the model and its tests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace pvppc::devices::uart16550_registers {

// Register offsets. With LCR[DLAB] set, offsets 0 and 1 reach the divisor
// latch (DLL, DLM) instead of RBR/THR and IER; offset 2 reads IIR and writes
// FCR.
inline constexpr uint64_t kData = 0;  // RBR (read) / THR (write) / DLL
inline constexpr uint64_t kInterruptEnable = 1;  // IER / DLM
inline constexpr uint64_t kInterruptId = 2;  // IIR / FCR
inline constexpr uint64_t kLineControl = 3;
inline constexpr uint64_t kModemControl = 4;
inline constexpr uint64_t kLineStatus = 5;
inline constexpr uint64_t kModemStatus = 6;
inline constexpr uint64_t kScratch = 7;

// IER: the four interrupt enables; bits 4-7 read as 0.
inline constexpr uint8_t kIerReceivedData = 0x01;  // ERBFI
inline constexpr uint8_t kIerTransmitEmpty = 0x02;  // ETBEI
inline constexpr uint8_t kIerLineStatus = 0x04;  // ELSI
inline constexpr uint8_t kIerModemStatus = 0x08;  // EDSSI
inline constexpr uint8_t kIerWritable = 0x0F;

// IIR: bit 0 clear while an interrupt is pending, bits 1-3 say which
// ("Interrupt Control Functions" table), bits 6-7 mirror FCR[0].
inline constexpr uint8_t kIirNone = 0x01;
inline constexpr uint8_t kIirLineStatus = 0x06;
inline constexpr uint8_t kIirReceivedData = 0x04;
inline constexpr uint8_t kIirReceiveTimeout = 0x0C;
inline constexpr uint8_t kIirTransmitEmpty = 0x02;
inline constexpr uint8_t kIirModemStatus = 0x00;
inline constexpr uint8_t kIirFifosEnabled = 0xC0;

// FCR: FIFO enable, receive/transmit FIFO reset (self-clearing), DMA mode
// select, receive trigger level in bits 6-7.
inline constexpr uint8_t kFcrEnable = 0x01;
inline constexpr uint8_t kFcrClearReceive = 0x02;
inline constexpr uint8_t kFcrKept = 0xC9;  // enable, DMA mode, trigger level
inline constexpr std::array<size_t, 4> kReceiveTriggerLevels = {1, 4, 8, 14};

inline constexpr uint8_t kLcrDivisorLatchAccess = 0x80;  // DLAB

// MCR: DTR, RTS, OUT1, OUT2, LOOP; bits 5-7 are always 0.
inline constexpr uint8_t kMcrDtr = 0x01;
inline constexpr uint8_t kMcrRts = 0x02;
inline constexpr uint8_t kMcrOut1 = 0x04;
inline constexpr uint8_t kMcrOut2 = 0x08;
inline constexpr uint8_t kMcrLoopback = 0x10;
inline constexpr uint8_t kMcrWritable = 0x1F;

// LSR.
inline constexpr uint8_t kLsrDataReady = 0x01;
inline constexpr uint8_t kLsrOverrun = 0x02;
inline constexpr uint8_t kLsrTransmitHoldingEmpty = 0x20;  // THRE
inline constexpr uint8_t kLsrTransmitterEmpty = 0x40;  // TEMT

// MSR: change indications in bits 0-3, the inputs in bits 4-7.
inline constexpr uint8_t kMsrDeltaCts = 0x01;
inline constexpr uint8_t kMsrDeltaDsr = 0x02;
inline constexpr uint8_t kMsrTrailingEdgeRi = 0x04;
inline constexpr uint8_t kMsrDeltaDcd = 0x08;
inline constexpr uint8_t kMsrCts = 0x10;
inline constexpr uint8_t kMsrDsr = 0x20;
inline constexpr uint8_t kMsrRi = 0x40;
inline constexpr uint8_t kMsrDcd = 0x80;

}  // namespace pvppc::devices::uart16550_registers
