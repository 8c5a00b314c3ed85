/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * DMA-able memory from DPDK's hugepage heap, the NUMA node of a buffer and
 * whether an IOMMU translates.  Translation to IOVAs (spdk_vtophys) is in
 * env_vtophys.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_vfio.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"
#include "ealnvme_setup_cmd.h"

/*
 * DPDK needs a power-of-two alignment; 0 means cache-line alignment.  Its
 * alignment argument is an unsigned int: anything above 2^31 would be cut
 * to 0 (cache-line alignment) without a word, so it is refused.
 */
#define ENV_MAX_ALIGN	(1ul << 31)

static size_t
env_align(size_t align)
{
	if (align == 0) {
		return RTE_CACHE_LINE_SIZE;
	}
	if ((align & (align - 1)) != 0) {
		EALNVME_ERRLOG("alignment %zu is not a power of two", align);
		return 0;
	}
	if (align > ENV_MAX_ALIGN) {
		EALNVME_ERRLOG("alignment %zu is above the %lu bytes DPDK's allocator can honour",
			       align, ENV_MAX_ALIGN);
		return 0;
	}
	return align;
}

/* spdk_env_opts.enforce_numa: no fallback to another node. */
static bool g_enforce_numa;

void
env_mem_set_enforce_numa(bool enforce)
{
	g_enforce_numa = enforce;
}

static int
env_socket(int socket_id)
{
	return socket_id == SPDK_ENV_SOCKET_ID_ANY ? SOCKET_ID_ANY : socket_id;
}

static void *
env_alloc(size_t size, size_t align, uint64_t *phys_addr, int socket_id, bool zero)
{
	size_t a = env_align(align);
	void *buf;

	if (a == 0) {
		return NULL;
	}
	if (size == 0) {
		return NULL;
	}
	if (size > SIZE_MAX / 2) {
		EALNVME_ERRLOG("refusing to allocate %zu bytes of DMA memory (a negative size?)",
			       size);
		return NULL;
	}
	buf = zero ? rte_zmalloc_socket(NULL, size, a, env_socket(socket_id))
		   : rte_malloc_socket(NULL, size, a, env_socket(socket_id));
	if (buf == NULL && socket_id != SPDK_ENV_NUMA_ID_ANY && !g_enforce_numa) {
		/* As SPDK: a node that is full (or has no memory) is a
		 * preference, unless spdk_env_opts.enforce_numa. */
		buf = zero ? rte_zmalloc_socket(NULL, size, a, SOCKET_ID_ANY)
			   : rte_malloc_socket(NULL, size, a, SOCKET_ID_ANY);
	}
	if (buf == NULL) {
		EALNVME_ERRLOG("out of DMA memory allocating %zu bytes; reserve more hugepages "
			       "(HUGEMEM=<MiB> %s) or raise spdk_env_opts.mem_size", size,
			       ealnvme_setup_cmd());
		return NULL;
	}
	if (phys_addr != NULL) {
		*phys_addr = spdk_vtophys(buf, NULL);
	}
	return buf;
}

void *
spdk_malloc(size_t size, size_t align, uint64_t *phys_addr, int socket_id, uint32_t flags)
{
	(void)flags;	/* all heap memory is DMA-able and shareable */
	return env_alloc(size, align, phys_addr, socket_id, false);
}

void *
spdk_zmalloc(size_t size, size_t align, uint64_t *phys_addr, int socket_id, uint32_t flags)
{
	(void)flags;
	return env_alloc(size, align, phys_addr, socket_id, true);
}

void *
spdk_realloc(void *buf, size_t size, size_t align)
{
	size_t a = env_align(align);

	return a ? rte_realloc(buf, size, a) : NULL;
}

void
spdk_free(void *buf)
{
	rte_free(buf);
}

void *
spdk_dma_malloc_socket(size_t size, size_t align, uint64_t *phys_addr, int socket_id)
{
	return env_alloc(size, align, phys_addr, socket_id, false);
}

void *
spdk_dma_zmalloc_socket(size_t size, size_t align, uint64_t *phys_addr, int socket_id)
{
	return env_alloc(size, align, phys_addr, socket_id, true);
}

void *
spdk_dma_malloc(size_t size, size_t align, uint64_t *phys_addr)
{
	return env_alloc(size, align, phys_addr, SPDK_ENV_SOCKET_ID_ANY, false);
}

void *
spdk_dma_zmalloc(size_t size, size_t align, uint64_t *phys_addr)
{
	return env_alloc(size, align, phys_addr, SPDK_ENV_SOCKET_ID_ANY, true);
}

void *
spdk_dma_realloc(void *buf, size_t size, size_t align, uint64_t *phys_addr)
{
	void *nbuf = spdk_realloc(buf, size, align);

	if (nbuf != NULL && phys_addr != NULL) {
		*phys_addr = spdk_vtophys(nbuf, NULL);
	}
	return nbuf;
}

void
spdk_dma_free(void *buf)
{
	rte_free(buf);
}

int32_t
spdk_mem_get_numa_id(const void *buf, uint64_t *size)
{
	const struct rte_memseg_list *msl;
	const struct rte_memseg *ms;

	if (buf == NULL || !env_eal_is_initialized()) {
		return SPDK_ENV_NUMA_ID_ANY;
	}
	ms = rte_mem_virt2memseg(buf, NULL);
	msl = ms != NULL ? rte_mem_virt2memseg_list(buf) : NULL;
	if (msl == NULL) {
		return SPDK_ENV_NUMA_ID_ANY;
	}
	if (size != NULL) {
		/* Within one memseg the node cannot change. */
		uint64_t left = (uint64_t)((uintptr_t)ms->addr + ms->len - (uintptr_t)buf);

		*size = *size < left ? *size : left;
	}
	return msl->socket_id < 0 ? SPDK_ENV_NUMA_ID_ANY : msl->socket_id;
}

/* The kernel has IOMMU groups (an IOMMU translates device addresses). */
static bool
env_iommu_groups_exist(void)
{
	DIR *d = opendir("/sys/kernel/iommu_groups");
	struct dirent *de;
	bool found = false;

	if (d == NULL) {
		return false;
	}
	while (!found && (de = readdir(d)) != NULL) {
		found = de->d_name[0] != '.';
	}
	closedir(d);
	return found;
}

bool
spdk_iommu_is_enabled(void)
{
	/* DPDK opens VFIO whenever the module is loaded, even for devices on
	 * uio_pci_generic; VFIO's no-IOMMU mode gives no translation; without
	 * IOMMU groups there is nothing to translate with. */
	return env_eal_is_initialized() && rte_vfio_is_enabled("vfio") &&
	       !rte_vfio_noiommu_is_enabled() && env_iommu_groups_exist();
}
