/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Register (MMIO) access for the PCIe transport.  In the library these are
 * plain volatile loads and stores.  The unit tests compile the transport with
 * EALNVME_MMIO_HOOKS so that every access goes to the in-process controller
 * model instead (test/unit/mock/nvme_model.c), which is how a doorbell write
 * makes the model process its queues.
 */
#ifndef NVME_PCIE_MMIO_H
#define NVME_PCIE_MMIO_H

#include <stdint.h>

#ifdef EALNVME_MMIO_HOOKS

uint32_t nvme_mmio_hook_read32(const volatile uint32_t *addr);
uint64_t nvme_mmio_hook_read64(const volatile uint64_t *addr);
void nvme_mmio_hook_write32(volatile uint32_t *addr, uint32_t val);
void nvme_mmio_hook_write64(volatile uint64_t *addr, uint64_t val);

#define nvme_mmio_read32	nvme_mmio_hook_read32
#define nvme_mmio_read64	nvme_mmio_hook_read64
#define nvme_mmio_write32	nvme_mmio_hook_write32
#define nvme_mmio_write64	nvme_mmio_hook_write64

#else

static inline uint32_t
nvme_mmio_read32(const volatile uint32_t *addr)
{
	return *addr;
}

/* 64-bit registers (CAP, ASQ, ACQ) are accessed as two dwords, low first:
 * some controllers do not support 8-byte MMIO (NVMe 1.4 §3.1). */
static inline uint64_t
nvme_mmio_read64(const volatile uint64_t *addr)
{
	const volatile uint32_t *dw = (const volatile uint32_t *)addr;
	uint32_t lo = dw[0];
	uint32_t hi = dw[1];

	return ((uint64_t)hi << 32) | lo;
}

static inline void
nvme_mmio_write32(volatile uint32_t *addr, uint32_t val)
{
	*addr = val;
}

static inline void
nvme_mmio_write64(volatile uint64_t *addr, uint64_t val)
{
	volatile uint32_t *dw = (volatile uint32_t *)addr;

	dw[0] = (uint32_t)val;
	dw[1] = (uint32_t)(val >> 32);
}

#endif /* EALNVME_MMIO_HOOKS */

#endif /* NVME_PCIE_MMIO_H */
