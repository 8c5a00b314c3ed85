/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * DMA-able memory from DPDK's hugepage heap, and virtual -> IOVA
 * translation.  Translation walks DPDK's memseg tables in memory: no
 * syscall, no lock, so the I/O path may call it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "spdk/env.h"
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

uint64_t
spdk_vtophys(const void *buf, uint64_t *size)
{
	const struct rte_memseg_list *msl;
	const struct rte_memseg *ms;
	uint64_t want = size ? *size : 0;
	uint64_t iova, contig;
	uintptr_t va = (uintptr_t)buf;

	msl = rte_mem_virt2memseg_list(buf);
	if (msl == NULL) {
		return SPDK_VTOPHYS_ERROR;
	}
	/*
	 * rte_mem_virt2memseg() also returns the slot of a page DPDK gave back
	 * to the system (freed memory): DPDK zeroes such a slot, so its addr is
	 * NULL and the sum below would be the virtual address itself.  DMA to
	 * it would hit memory this process does not own.
	 */
	ms = rte_mem_virt2memseg(buf, msl);
	if (ms == NULL || ms->addr == NULL || ms->iova == RTE_BAD_IOVA) {
		return SPDK_VTOPHYS_ERROR;
	}
	iova = ms->iova + (va - (uintptr_t)ms->addr);
	if (size == NULL) {
		return iova;
	}
	/* Extend over following segments while IOVA stays contiguous. */
	contig = (uintptr_t)ms->addr + ms->len - va;
	while (contig < want) {
		const struct rte_memseg *next = rte_mem_virt2memseg((const char *)buf + contig, msl);

		if (next == NULL || next->addr == NULL || next->iova != iova + contig) {
			break;
		}
		contig += next->len;
	}
	*size = (want == 0 || contig < want) ? contig : want;
	return iova;
}
