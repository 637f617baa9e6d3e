/* SPDX-License-Identifier: MIT */
/*
 * pvppc ABI v1: the numbers, the shared page and the hypercall wrappers a
 * guest kernel needs to run paravirtualized on pvppc. docs/abi.md explains
 * every item; a test checks that document's tables against this header.
 *
 * C99, freestanding (only <stdint.h> and <stddef.h>), MIT-licensed so that
 * guests under any license can include it. Everything here is big-endian in
 * guest memory, as the guest is.
 *
 * Copyright (c) 2026 the pvppc developers.
 *
 * Permission is hereby granted, free of charge, to any person obtaining a
 * copy of this software and associated documentation files (the "Software"),
 * to deal in the Software without restriction, including without limitation
 * the rights to use, copy, modify, merge, publish, distribute, sublicense,
 * and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions: The
 * above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED
 * "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.
 */
#ifndef PVPPC_ABI_H
#define PVPPC_ABI_H

#include <stddef.h>
#include <stdint.h>

/* ---- Version and discovery (docs/abi.md §1.2, §2) ------------------------ */

#define PVPPC_ABI_VERSION 1u

/* Device tree: the /hypervisor node and the PV machine's root. */
#define PVPPC_DT_HYPERVISOR_COMPATIBLE "pvppc,hypervisor-1"
#define PVPPC_DT_ROOT_COMPATIBLE_PV "pvppc,440-pv"
#define PVPPC_DT_ROOT_COMPATIBLE_FULL "pvppc,440-full"
#define PVPPC_DT_PIC_COMPATIBLE "epapr,hv-pic"
#define PVPPC_DT_BYTE_CHANNEL_COMPATIBLE "epapr,hv-byte-channel"
/* The other compatible strings of /hypervisor: ePAPR's (Linux's
 * epapr_paravirt.c installs hcall-instructions) and KVM's (Linux's
 * CONFIG_KVM_GUEST maps the shared page only under "linux,kvm"); and the
 * one of virtio-mmio device nodes (§9). */
#define PVPPC_DT_EPAPR_HYPERVISOR_COMPATIBLE "epapr,hypervisor-1"
#define PVPPC_DT_KVM_COMPATIBLE "linux,kvm"
#define PVPPC_DT_VIRTIO_MMIO_COMPATIBLE "virtio,mmio"
/* Properties of /hypervisor and of the byte channel node. */
#define PVPPC_DT_PROP_HCALL_INSTRUCTIONS "hcall-instructions"
#define PVPPC_DT_PROP_ABI_VERSION "pvppc,abi-version"
#define PVPPC_DT_PROP_HV_HANDLE "hv-handle"

/* The ELF note a PV kernel carries so that the hypervisor builds the PV
 * machine for it: name "pvppc", type 1, descriptor = one 32-bit ABI version. */
#define PVPPC_ELF_NOTE_NAME "pvppc"
#define PVPPC_ELF_NOTE_TYPE_ABI 1u

/* ---- Hypercalls (§3, §4) --------------------------------------------------- */

/* The 440 has no `sc 1`: a hypercall is `sc` executed in guest supervisor
 * mode with r0 = "KVM!". These four words are the /hypervisor node's
 * hcall-instructions. */
#define PVPPC_HCALL_R0_MAGIC 0x4b564d21u
#define PVPPC_HCALL_INSN_0 0x3c004b56u /* lis r0,0x4b56 */
#define PVPPC_HCALL_INSN_1 0x60004d21u /* ori r0,r0,0x4d21 */
#define PVPPC_HCALL_INSN_2 0x44000002u /* sc */
#define PVPPC_HCALL_INSN_3 0x60000000u /* nop */

/* r11 = (vendor << 16) | number (ePAPR 1.1, "Hypercall ABI"). */
#define PVPPC_HCALL_TOKEN(vendor, number) ((((uint32_t)(vendor)) << 16) | (uint32_t)(number))
#define PVPPC_VENDOR_EPAPR 1u
#define PVPPC_VENDOR_KVM 42u
#define PVPPC_VENDOR_PVPPC 0x5056u /* "PV" */

/* ePAPR calls (vendor PVPPC_VENDOR_EPAPR). */
#define PVPPC_HC_BYTE_CHANNEL_SEND 1u
#define PVPPC_HC_BYTE_CHANNEL_RECEIVE 2u
#define PVPPC_HC_BYTE_CHANNEL_POLL 3u
#define PVPPC_HC_INT_SET_CONFIG 4u
#define PVPPC_HC_INT_GET_CONFIG 5u
#define PVPPC_HC_INT_SET_MASK 6u
#define PVPPC_HC_INT_GET_MASK 7u
#define PVPPC_HC_INT_IACK 9u
#define PVPPC_HC_INT_EOI 10u
#define PVPPC_HC_IDLE 16u

/* KVM calls (vendor PVPPC_VENDOR_KVM), as Linux's CONFIG_KVM_GUEST uses them. */
#define PVPPC_HC_KVM_FEATURES 3u
#define PVPPC_HC_KVM_MAP_MAGIC_PAGE 4u
#define PVPPC_KVM_FEATURE_MAGIC_PAGE (1u << 1)
/* Returned in r4 by MAP_MAGIC_PAGE: the page also carries SPRG4-7 and ESR
 * (Linux's KVM_MAGIC_FEAT_MAS0_TO_SPRG7; it patches those accesses only then). */
#define PVPPC_KVM_MAGIC_FEAT_SPRG4_7_ESR (1u << 1)
/* The other MAP_MAGIC_PAGE bits: the flag a guest may pass in the low 12
 * bits of r4 (Linux's MAGIC_PAGE_FLAG_NOT_MAPPED_NX; ignored, the page is
 * never executable), and the Book3S segment-register feature
 * (KVM_MAGIC_FEAT_SR), which pvppc never returns. */
#define PVPPC_KVM_MAGIC_PAGE_FLAG_NOT_MAPPED_NX (1u << 0)
#define PVPPC_KVM_MAGIC_FEAT_SR (1u << 0)

/* pvppc calls (vendor PVPPC_VENDOR_PVPPC). */
#define PVPPC_HC_GET_INFO 1u   /* out: r4 = ABI version, r5 = feature bits */
#define PVPPC_HC_SYSTEM_OFF 2u /* r3 = PVPPC_SYSTEM_OFF_* */
#define PVPPC_SYSTEM_OFF_POWER 0u
#define PVPPC_SYSTEM_OFF_REBOOT 1u

/* The PV MMU (§11), pvppc calls too (vendor PVPPC_VENDOR_PVPPC). Physical
 * addresses are passed as page numbers (address >> PVPPC_MMU_PAGE_SHIFT). */
#define PVPPC_HC_MMU_MAP_FIXED 16u        /* r3 = EA, r4 = page number, r5 = size, r6 = PVPPC_PTE_* */
#define PVPPC_HC_MMU_UNMAP_FIXED 17u      /* r3 = EA, r4 = size */
#define PVPPC_HC_MMU_SET_KERNEL_TABLE 18u /* r3 = table page number (0: none), r4 = kernel base EA */
#define PVPPC_HC_MMU_SWITCH_CONTEXT 19u   /* r3 = context, r4 = table page number */
#define PVPPC_HC_MMU_INVALIDATE 20u       /* r3 = scope, r4 = context, r5 = EA, r6 = length */

/* Feature bits returned by PVPPC_HC_GET_INFO. */
#define PVPPC_FEATURE_SHARED_PAGE (1u << 0)
#define PVPPC_FEATURE_PIC (1u << 1)
#define PVPPC_FEATURE_BYTE_CHANNEL (1u << 2)
#define PVPPC_FEATURE_IDLE (1u << 3)
#define PVPPC_FEATURE_MMU (1u << 4)

/* ---- The PV MMU (§11) ----------------------------------------------------- */

#define PVPPC_MMU_PAGE_SHIFT 12u
#define PVPPC_MMU_PAGE_SIZE 4096u
/* Contexts (address spaces below the kernel base) are 1..PVPPC_MMU_MAX_CONTEXT;
 * context 0 has none. */
#define PVPPC_MMU_MAX_CONTEXT 255u
#define PVPPC_MMU_MAX_FIXED 16u
/* Fixed mapping sizes: a power of two from PVPPC_MMU_PAGE_SIZE up to this. */
#define PVPPC_MMU_MAX_FIXED_SIZE 0x40000000u
/* MMU_INVALIDATE scopes. */
#define PVPPC_MMU_INVALIDATE_PAGE 0u
#define PVPPC_MMU_INVALIDATE_RANGE 1u
#define PVPPC_MMU_INVALIDATE_CONTEXT 2u
#define PVPPC_MMU_INVALIDATE_ALL 3u

/* Page tables: a level-1 table of 2048 big-endian 32-bit entries indexed by
 * EA >> 21 (0: nothing mapped; else the physical address of a level-2 table,
 * page-aligned, low 12 bits ignored), level-2 tables of 512 big-endian
 * 64-bit entries indexed by (EA >> 12) & 511. */
#define PVPPC_PT_L1_ENTRIES 2048u
#define PVPPC_PT_L1_SHIFT 21u
#define PVPPC_PT_L2_ENTRIES 512u
#define PVPPC_PT_L1_BYTES 8192u
#define PVPPC_PT_L2_BYTES 4096u
/* A level-2 entry: physical page address (bits 12-35) | flags (bits 0-11). */
#define PVPPC_PTE_ADDRESS_MASK 0x0000000ffffff000ull
#define PVPPC_PTE_PRESENT 0x001u
#define PVPPC_PTE_WRITE 0x002u
#define PVPPC_PTE_EXEC 0x004u
#define PVPPC_PTE_ACCESSED 0x008u
#define PVPPC_PTE_DIRTY 0x010u
#define PVPPC_PTE_USER 0x040u
#define PVPPC_PTE_LITTLE_ENDIAN 0x080u
#define PVPPC_PTE_GUARDED 0x100u
#define PVPPC_PTE_COHERENT 0x200u
#define PVPPC_PTE_NO_CACHE 0x400u
#define PVPPC_PTE_WRITE_THROUGH 0x800u

/* Status codes in r3 (ePAPR numbering). */
#define PVPPC_SUCCESS 0u
#define PVPPC_EPERM 1u
#define PVPPC_ENOENT 2u
#define PVPPC_EIO 3u
#define PVPPC_EAGAIN 4u
#define PVPPC_ENOMEM 5u
#define PVPPC_EFAULT 6u
#define PVPPC_ENODEV 7u
#define PVPPC_EINVAL 8u
#define PVPPC_INTERNAL 9u
#define PVPPC_CONFIG 10u
#define PVPPC_INVALID_STATE 11u
#define PVPPC_UNIMPLEMENTED 12u
#define PVPPC_BUFFER_OVERFLOW 13u

/* Byte channel: at most 16 bytes per SEND/RECEIVE, in r5..r8 (after the
 * handle in r3 and the count in r4) as four big-endian words. */
#define PVPPC_BYTE_CHANNEL_MAX_BYTES 16u
/* The console's byte channel handle (the node's hv-handle). */
#define PVPPC_BYTE_CHANNEL_CONSOLE 0u
/* Interrupt controller: INT_IACK's "nothing pending" vector. */
#define PVPPC_PIC_SPURIOUS 0xffffu
/* INT_IACK's r3: the handle of the one PIC. */
#define PVPPC_PIC_HANDLE 0u
/* INT_SET_CONFIG's r4 (Linux's EHV_PIC_VECPRI_*); the device tree's second
 * interrupt cell holds the same two bits. */
#define PVPPC_PIC_CONFIG_POLARITY_POSITIVE (1u << 0) /* active high / rising edge */
#define PVPPC_PIC_CONFIG_SENSE_LEVEL (1u << 1)       /* level (0: edge) */
/* Priorities 0..15; a priority-0 source is never delivered (reset value). */
#define PVPPC_PIC_PRIORITY_MAX 15u
/* INT_SET_CONFIG's r6: a CPU mask; CPU 0 is the only CPU. */
#define PVPPC_PIC_DESTINATION_CPU0 (1u << 0)
/* The PIC's fixed sources; virtio-mmio devices follow (device tree). */
#define PVPPC_IRQ_CONSOLE_RECEIVE 0u
#define PVPPC_IRQ_CONSOLE_TRANSMIT 1u

/* ---- Boot (§8) ------------------------------------------------------------ */

#define PVPPC_BOOT_EPAPR_MAGIC 0x45504150u /* r6 at entry ("EPAP") */
#define PVPPC_BOOT_MAPPED_AREA 0x10000000u /* r7 at entry: 256 MiB mapped at EA 0 */

/* ---- The shared page (§5) --------------------------------------------- */

#define PVPPC_SHARED_PAGE_SIZE 4096u
/* Where Linux's KVM guest code maps it (KVM_HC_PPC_MAP_MAGIC_PAGE with
 * r3 = r4 = -4096); reachable with one D-form access from rA = 0. */
#define PVPPC_SHARED_PAGE_EA 0xfffff000u
#define PVPPC_SHARED_PAGE_MAGIC 0x50565047u /* "PVPG" at offset 256 */

/* The first 240 bytes are Linux's struct kvm_vcpu_arch_shared, so that
 * stock CONFIG_KVM_GUEST patching works; 64-bit fields hold 32-bit values
 * in their low (second) word. */
struct pvppc_shared_page {
  uint64_t scratch1;  /*   0: guest-only scratch for patched templates */
  uint64_t scratch2;  /*   8 */
  uint64_t scratch3;  /*  16 */
  uint64_t critical;  /*  24: = r1 while in a patched critical section */
  uint64_t sprg0;     /*  32 */
  uint64_t sprg1;     /*  40 */
  uint64_t sprg2;     /*  48 */
  uint64_t sprg3;     /*  56 */
  uint64_t srr0;      /*  64 */
  uint64_t srr1;      /*  72 */
  uint64_t dar;       /*  80: DEAR on Book E */
  uint64_t msr;       /*  88 */
  uint32_t dsisr;     /*  96: unused on Book E */
  uint32_t int_pending; /* 100: non-zero while an interrupt waits for EE */
  uint32_t sr[16];    /* 104: Book3S only */
  uint32_t mas0;      /* 168: e500 only */
  uint32_t mas1;      /* 172 */
  uint64_t mas7_3;    /* 176 */
  uint64_t mas2;      /* 184 */
  uint32_t mas4;      /* 192 */
  uint32_t mas6;      /* 196 */
  uint32_t esr;       /* 200 */
  uint32_t pir;       /* 204 */
  uint64_t sprg4;     /* 208 */
  uint64_t sprg5;     /* 216 */
  uint64_t sprg6;     /* 224 */
  uint64_t sprg7;     /* 232 */
  uint8_t reserved0[16];  /* 240 */
  uint32_t magic;         /* 256: PVPPC_SHARED_PAGE_MAGIC (hypervisor writes) */
  uint32_t abi_version;   /* 260: PVPPC_ABI_VERSION (hypervisor writes) */
  uint32_t features;      /* 264: PVPPC_FEATURE_* (hypervisor writes) */
  uint32_t reserved1;     /* 268 */
  uint8_t reserved2[PVPPC_SHARED_PAGE_SIZE - 272];
};

/* C99 has no _Static_assert: a negative array size fails the build. */
#define PVPPC_ABI_ASSERT(name, cond) typedef char pvppc_abi_assert_##name[(cond) ? 1 : -1]
PVPPC_ABI_ASSERT(size, sizeof(struct pvppc_shared_page) == PVPPC_SHARED_PAGE_SIZE);
PVPPC_ABI_ASSERT(critical, offsetof(struct pvppc_shared_page, critical) == 24);
PVPPC_ABI_ASSERT(sprg0, offsetof(struct pvppc_shared_page, sprg0) == 32);
PVPPC_ABI_ASSERT(srr0, offsetof(struct pvppc_shared_page, srr0) == 64);
PVPPC_ABI_ASSERT(srr1, offsetof(struct pvppc_shared_page, srr1) == 72);
PVPPC_ABI_ASSERT(dar, offsetof(struct pvppc_shared_page, dar) == 80);
PVPPC_ABI_ASSERT(msr, offsetof(struct pvppc_shared_page, msr) == 88);
PVPPC_ABI_ASSERT(int_pending, offsetof(struct pvppc_shared_page, int_pending) == 100);
PVPPC_ABI_ASSERT(esr, offsetof(struct pvppc_shared_page, esr) == 200);
PVPPC_ABI_ASSERT(pir, offsetof(struct pvppc_shared_page, pir) == 204);
PVPPC_ABI_ASSERT(sprg4, offsetof(struct pvppc_shared_page, sprg4) == 208);
PVPPC_ABI_ASSERT(sprg7, offsetof(struct pvppc_shared_page, sprg7) == 232);
PVPPC_ABI_ASSERT(magic, offsetof(struct pvppc_shared_page, magic) == 256);
PVPPC_ABI_ASSERT(features, offsetof(struct pvppc_shared_page, features) == 264);

/* ---- Guest-side wrappers (PowerPC guests only) --------------------------- */

#if defined(__powerpc__) && !defined(__powerpc64__)

struct pvppc_hcall_result {
  uint32_t status; /* r3 */
  uint32_t out[4]; /* r4..r7 */
};

/* Makes hypercall `token` with up to four arguments in r3..r6 and returns
 * r3..r7. Must run in guest supervisor mode (from user mode `sc` is an
 * ordinary system call). */
static inline struct pvppc_hcall_result pvppc_hcall4(uint32_t token, uint32_t a0, uint32_t a1,
                                                     uint32_t a2, uint32_t a3) {
  register uint32_t r3 __asm__("r3") = a0;
  register uint32_t r4 __asm__("r4") = a1;
  register uint32_t r5 __asm__("r5") = a2;
  register uint32_t r6 __asm__("r6") = a3;
  register uint32_t r7 __asm__("r7");
  register uint32_t r11 __asm__("r11") = token;
  struct pvppc_hcall_result result;
  __asm__ volatile("lis 0,0x4b56\n\tori 0,0,0x4d21\n\tsc"
                   : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "=r"(r7), "+r"(r11)
                   :
                   : "r0", "r8", "r9", "r10", "r12", "ctr", "lr", "xer", "cr0", "cr1", "cr5",
                     "cr6", "cr7", "memory");
  result.status = r3;
  result.out[0] = r4;
  result.out[1] = r5;
  result.out[2] = r6;
  result.out[3] = r7;
  return result;
}

static inline uint32_t pvppc_idle(void) {
  return pvppc_hcall4(PVPPC_HCALL_TOKEN(PVPPC_VENDOR_EPAPR, PVPPC_HC_IDLE), 0, 0, 0, 0).status;
}

static inline uint32_t pvppc_int_iack(void) {
  struct pvppc_hcall_result r =
      pvppc_hcall4(PVPPC_HCALL_TOKEN(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_IACK), 0, 0, 0, 0);
  return r.status == PVPPC_SUCCESS ? r.out[0] : PVPPC_PIC_SPURIOUS;
}

static inline uint32_t pvppc_int_eoi(uint32_t irq) {
  return pvppc_hcall4(PVPPC_HCALL_TOKEN(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_EOI), irq, 0, 0, 0)
      .status;
}

static inline uint32_t pvppc_int_set_mask(uint32_t irq, uint32_t masked) {
  return pvppc_hcall4(PVPPC_HCALL_TOKEN(PVPPC_VENDOR_EPAPR, PVPPC_HC_INT_SET_MASK), irq, masked,
                      0, 0)
      .status;
}

#endif /* __powerpc__ */

#endif /* PVPPC_ABI_H */
