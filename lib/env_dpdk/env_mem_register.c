/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_mem_register() for device memory: a controller's CMB or PMR mapped
 * from its BAR becomes a payload spdk_vtophys() translates, to an IOVA no
 * host buffer can have (env_pci_bar_lookup(): the VA with IOVA as VA, the
 * bus address with IOVA as PA).  The driver programs CMBMSC/PMRMSC with that
 * address (NVMe 1.4 §3.1.16, §3.1.23), so the controller recognises a
 * command whose data is in its CMB and moves it internally.  With IOVA as
 * VA the BAR is also mapped in the IOMMU at that IOVA (env_pci_bar_dma_map())
 * so that other devices can DMA to and from it (peer-to-peer).  Ordinary
 * memory is refused: DMA memory comes from spdk_dma_malloc().
 *
 * No DPDK here: the BAR lookup is env_pci_bar_lookup() (env_pci.c, or the
 * unit tests' mocked bus).  Lookups take no lock: they run from
 * spdk_vtophys() on the I/O path, after the hugepage map missed.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

/* A handful of controllers with a CMB and a PMR each. */
#define MEM_REG_MAX	16

struct mem_reg {
	uintptr_t	va;
	uint64_t	len;
	uint64_t	iova;
	int		valid;		/* written last on register, first on unregister */
};

static struct mem_reg g_regs[MEM_REG_MAX];
static pthread_mutex_t g_reg_lock = PTHREAD_MUTEX_INITIALIZER;

int
spdk_mem_register(void *vaddr, size_t len)
{
	const uintptr_t va = (uintptr_t)vaddr;
	struct mem_reg *free_slot = NULL;
	uint64_t iova;
	int rc = 0;

	if (vaddr == NULL || len == 0) {
		EALNVME_ERRLOG("spdk_mem_register: NULL address or length 0");
		return -EINVAL;
	}
	if (env_pci_bar_lookup(vaddr, len, &iova) != 0) {
		EALNVME_ERRLOG("spdk_mem_register(%p, %zu): only memory in a mapped PCI BAR "
			       "(a CMB or PMR) can be registered; use spdk_dma_malloc() for "
			       "DMA buffers", vaddr, len);
		return -ENOTSUP;
	}
	pthread_mutex_lock(&g_reg_lock);
	for (unsigned int i = 0; i < MEM_REG_MAX; i++) {
		struct mem_reg *r = &g_regs[i];

		if (!__atomic_load_n(&r->valid, __ATOMIC_RELAXED)) {
			free_slot = free_slot ? free_slot : r;
		} else if (va < r->va + r->len && r->va < va + len) {
			EALNVME_ERRLOG("spdk_mem_register(%p, %zu) overlaps a registered range; "
				       "unregister that first", vaddr, len);
			rc = -EBUSY;
			break;
		}
	}
	if (rc == 0 && free_slot == NULL) {
		EALNVME_ERRLOG("spdk_mem_register: all %d device memory ranges in use; "
			       "unregister one first", MEM_REG_MAX);
		rc = -ENOMEM;
	}
	if (rc == 0) {
		free_slot->va = va;
		free_slot->len = len;
		free_slot->iova = iova;
		env_pci_bar_dma_map(vaddr, len, iova, true);
		__atomic_store_n(&free_slot->valid, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&g_reg_lock);
	return rc;
}

int
spdk_mem_unregister(void *vaddr, size_t len)
{
	int rc = -EINVAL;

	pthread_mutex_lock(&g_reg_lock);
	for (unsigned int i = 0; i < MEM_REG_MAX; i++) {
		struct mem_reg *r = &g_regs[i];

		if (__atomic_load_n(&r->valid, __ATOMIC_RELAXED) && r->va == (uintptr_t)vaddr &&
		    r->len == len) {
			__atomic_store_n(&r->valid, 0, __ATOMIC_RELEASE);
			env_pci_bar_dma_map(vaddr, len, r->iova, false);
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&g_reg_lock);
	if (rc != 0) {
		EALNVME_ERRLOG("spdk_mem_unregister(%p, %zu): not a registered range "
			       "(pass what spdk_mem_register() got)", vaddr, len);
	}
	return rc;
}

uint64_t
env_mem_register_vtophys(const void *buf, uint64_t *size)
{
	const uintptr_t va = (uintptr_t)buf;

	for (unsigned int i = 0; i < MEM_REG_MAX; i++) {
		const struct mem_reg *r = &g_regs[i];

		if (__atomic_load_n(&r->valid, __ATOMIC_ACQUIRE) && va >= r->va &&
		    va - r->va < r->len) {
			const uint64_t avail = r->len - (va - r->va);

			if (size != NULL && (*size == 0 || *size > avail)) {
				*size = avail;
			}
			return r->iova + (va - r->va);
		}
	}
	return SPDK_VTOPHYS_ERROR;
}
