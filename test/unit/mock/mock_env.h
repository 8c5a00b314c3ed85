/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The mocked environment for unit tests: spdk/env.h implemented without DPDK
 * (mock_env.c, the PCI bus in mock_env_pci.c), plus the test-only controls
 * declared here.
 *
 * Memory: spdk_*malloc() memory is tracked in a registry so that
 * spdk_vtophys() can translate it.  The IOVA of a buffer is never its virtual
 * address (a driver that puts a virtual address into a PRP is caught), and
 * memory that did not come from spdk_*malloc() (stack, malloc()) has no IOVA.
 *
 * PCI: a mocked bus.  Devices are added by the controller model
 * (nvme_model.c) or by tests; spdk_pci_enumerate()/spdk_pci_device_attach()
 * hand them to the callback with the return values of lib/env_dpdk:
 * enumerate stops at a callback's negative value (other than -ENODEV) and
 * returns it; attach returns 0 if the callback kept the device, released it
 * (> 0) or the device was already attached (no callback then), the
 * callback's negative value, or -ENODEV (no such device, unbound, removed).
 *
 * Time: real (CLOCK_MONOTONIC, 1 tick = 1 ns) by default; a virtual clock can
 * be switched on so that timeout paths run in no time.
 */
#ifndef EALNVME_MOCK_ENV_H
#define EALNVME_MOCK_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spdk/env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- DMA memory ---------------------------------------------------------- */

/* IOVA = vaddr + MOCK_ENV_IOVA_OFFSET in the default (contiguous) mode. */
#define MOCK_ENV_IOVA_OFFSET	0x100000000000ULL

enum mock_env_iova_mode {
	/* Each allocation is one IOVA-contiguous block at vaddr + MOCK_ENV_IOVA_OFFSET. */
	MOCK_ENV_IOVA_CONTIG,
	/*
	 * Each 4 KiB page of an allocation gets its own IOVA, with a 4 KiB hole
	 * after every page: spdk_vtophys() reports contiguity only up to the end
	 * of the 4 KiB page, so a driver that translates once per buffer instead
	 * of once per page is caught.  Applies to allocations made while set.
	 */
	MOCK_ENV_IOVA_PAGE_SCATTER,
};
void mock_env_set_iova_mode(enum mock_env_iova_mode mode);

/* Live spdk_*malloc()/spdk_dma_*() allocations (tests assert 0 after detach). */
size_t mock_env_outstanding_allocations(void);
/* Bytes in those allocations. */
size_t mock_env_outstanding_bytes(void);

/*
 * Make the n-th allocation from now (1 = the next one) fail with NULL; 0
 * disables.  Only that one fails.
 */
void mock_env_fail_alloc_at(unsigned int n);

/*
 * Translate an IOVA back to a virtual address, as the device model does for
 * DMA.  *len: in, the bytes wanted; out, the bytes available contiguously
 * from the returned address (never more than the input).  Returns NULL (and
 * *len = 0) if iova is not inside DMA memory.
 */
void *mock_env_iova_to_vaddr(uint64_t iova, uint64_t *len);

/* ---- Time ---------------------------------------------------------------- */

/*
 * Virtual time: spdk_get_ticks() returns a counter that only moves when
 * spdk_delay_us() is called (by the delay, without sleeping), when a test
 * calls mock_env_advance_time_ns(), and by auto_step_ns on every
 * spdk_get_ticks() call (so that a busy-polling loop without delays still
 * reaches its deadline).  Switching it on starts from the current real time.
 */
void mock_env_set_virtual_time(bool on, uint64_t auto_step_ns);
void mock_env_advance_time_ns(uint64_t ns);

/* ---- PCI bus --------------------------------------------------------------- */

#define MOCK_PCI_CFG_SIZE	4096

struct mock_pci_device_desc {
	struct spdk_pci_addr	addr;
	struct spdk_pci_id	id;
	void			*bar0;		/* what spdk_pci_device_map_bar(dev, 0) hands out */
	uint64_t		bar0_size;
	uint64_t		bar0_phys;	/* bus address reported by map_bar */
	int			socket_id;
};

/* Add a device to the bus (bound to a userspace driver, not removed). */
struct spdk_pci_device *mock_pci_add_device(const struct mock_pci_device_desc *desc);
/*
 * Give a device a BAR 1..5 (va, size bytes, bus address phys) before it is
 * attached: a CMB or PMR the driver maps with spdk_pci_device_map_bar() and
 * registers with spdk_mem_register().  -EINVAL for BAR 0 or an attached device.
 */
int mock_pci_set_bar(struct spdk_pci_device *dev, uint32_t bar, void *va, uint64_t size,
		     uint64_t phys);
/* Take it off the bus and free it.  It must not be attached (returns -EBUSY). */
int mock_pci_remove_device(struct spdk_pci_device *dev);

/* Removed devices are skipped by enumerate/attach and read all-ones in config space. */
void mock_pci_set_removed(struct spdk_pci_device *dev, bool removed);
/* Unbound devices (e.g. still on the kernel nvme driver) are skipped by enumerate/attach. */
void mock_pci_set_bound(struct spdk_pci_device *dev, bool bound);
/* Raw config space, MOCK_PCI_CFG_SIZE bytes, for tests to look at or modify. */
uint8_t *mock_pci_cfg_space(struct spdk_pci_device *dev);

bool mock_pci_device_is_attached(const struct spdk_pci_device *dev);
bool mock_pci_device_is_bar_mapped(const struct spdk_pci_device *dev);

/* Make the next spdk_pci_enumerate() call fail with rc (negative errno) before any callback. */
void mock_pci_inject_enumerate_error(int rc);

struct mock_env_stats {
	uint64_t enumerate_calls;
	uint64_t attach_calls;
	uint64_t callbacks;		/* enum_cb invocations */
	uint64_t claims;		/* callbacks that returned 0 */
	uint64_t detaches;		/* spdk_pci_device_detach() on an attached device */
	uint64_t bad_detaches;		/* detach of an unknown or not attached device */
	uint64_t map_bar;
	uint64_t unmap_bar;
	uint64_t map_bar_errors;	/* map/unmap of a BAR that is not there or not mapped */
	uint64_t allocs;		/* successful spdk_*malloc()/spdk_dma_*() */
	uint64_t frees;
	uint64_t bad_frees;		/* spdk_free() of memory the registry does not know */
	uint64_t vtophys_errors;	/* spdk_vtophys() that returned SPDK_VTOPHYS_ERROR */
};
void mock_env_get_stats(struct mock_env_stats *stats);
void mock_env_reset_stats(void);

#ifdef __cplusplus
}
#endif

#endif /* EALNVME_MOCK_ENV_H */
