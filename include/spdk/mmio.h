/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Register accessors for device memory (PCI BARs).  Each is one volatile
 * access of the given width behind a compiler barrier, so the compiler
 * neither merges nor reorders it with other memory accesses; order against
 * DMA memory still needs spdk_wmb()/spdk_rmb() where the device must see it.
 */
#ifndef SPDK_MMIO_H
#define SPDK_MMIO_H

#include "spdk/stdinc.h"
#include "spdk/barrier.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 1 where a 64-bit register access reaches the device as one transaction. */
#if defined(__x86_64__)
#define SPDK_MMIO_64BIT	1
#else
#define SPDK_MMIO_64BIT	0
#endif

static inline uint8_t
spdk_mmio_read_1(const volatile uint8_t *addr)
{
	spdk_compiler_barrier();
	return *addr;
}

static inline void
spdk_mmio_write_1(volatile uint8_t *addr, uint8_t val)
{
	spdk_compiler_barrier();
	*addr = val;
}

static inline uint16_t
spdk_mmio_read_2(const volatile uint16_t *addr)
{
	spdk_compiler_barrier();
	return *addr;
}

static inline void
spdk_mmio_write_2(volatile uint16_t *addr, uint16_t val)
{
	spdk_compiler_barrier();
	*addr = val;
}

static inline uint32_t
spdk_mmio_read_4(const volatile uint32_t *addr)
{
	spdk_compiler_barrier();
	return *addr;
}

static inline void
spdk_mmio_write_4(volatile uint32_t *addr, uint32_t val)
{
	spdk_compiler_barrier();
	*addr = val;
}

/*
 * Without 64-bit transactions, two 32-bit accesses, low dword first (the
 * order some devices latch a 64-bit register in).  Use two
 * spdk_mmio_read_4() calls when a device wants the other order.
 */
static inline uint64_t
spdk_mmio_read_8(volatile uint64_t *addr)
{
	volatile uint32_t *dw = (volatile uint32_t *)addr;
	uint64_t lo;

	spdk_compiler_barrier();
	if (SPDK_MMIO_64BIT) {
		return *addr;
	}
	lo = dw[0];
	return lo | ((uint64_t)dw[1] << 32);
}

static inline void
spdk_mmio_write_8(volatile uint64_t *addr, uint64_t val)
{
	volatile uint32_t *dw = (volatile uint32_t *)addr;

	spdk_compiler_barrier();
	if (SPDK_MMIO_64BIT) {
		*addr = val;
		return;
	}
	dw[0] = (uint32_t)val;
	dw[1] = (uint32_t)(val >> 32);
}

#ifdef __cplusplus
}
#endif

#endif /* SPDK_MMIO_H */
