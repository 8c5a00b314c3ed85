/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_vtophys: virtual address -> IOVA for DPDK memory, in O(1).
 *
 * A two-level page map, filled from DPDK's memory segments when the env
 * starts and kept current by DPDK's memory event callbacks (pages allocated
 * to or freed from the heap).  One map page is the smallest page size of
 * DPDK's memory (2 MiB with hugepages, 4 KiB with --no-huge); the first
 * level covers 1 GiB per entry over 48-bit addresses.  A lookup is two
 * loads and a test: no syscall, no lock, no walk, so the I/O path may call
 * it once per payload.
 *
 * The map only accelerates: a miss falls back to DPDK's memseg lookup
 * (memory the map cannot describe, e.g. external memory with smaller pages),
 * which also refuses pages DPDK gave back to the system after a free (DPDK
 * zeroes their slot: the sum below would be the virtual address itself,
 * and DMA there would hit memory this process does not own).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

#define MAP_VA_BITS	48
#define MAP_L1_SHIFT	30			/* one first-level entry: 1 GiB */
#define MAP_L1_ENTRIES	(1ul << (MAP_VA_BITS - MAP_L1_SHIFT))
#define MAP_VALID	1ull			/* IOVAs are page aligned: bit 0 is free */

static uint64_t *g_l1[MAP_L1_ENTRIES];
static unsigned int g_shift;			/* log2 of the map's page size; 0: no map */
static uint64_t g_page_mask;			/* map page size - 1 */
static uint64_t g_l2_mask;			/* second-level entries - 1 */
static pthread_mutex_t g_map_lock = PTHREAD_MUTEX_INITIALIZER;

static inline const uint64_t *
map_l2(uintptr_t va)
{
	return va >> MAP_VA_BITS ? NULL : __atomic_load_n(&g_l1[va >> MAP_L1_SHIFT],
							   __ATOMIC_ACQUIRE);
}

/* Map lock held.  One page: iova, or 0 to forget it. */
static void
map_set(uintptr_t va, uint64_t entry)
{
	uint64_t *l2;

	if (va >> MAP_VA_BITS) {
		return;
	}
	l2 = g_l1[va >> MAP_L1_SHIFT];
	if (l2 == NULL) {
		if (entry == 0) {
			return;
		}
		l2 = calloc(1ul << (MAP_L1_SHIFT - g_shift), sizeof(*l2));
		if (l2 == NULL) {
			return;		/* the fallback lookup still works */
		}
		__atomic_store_n(&g_l1[va >> MAP_L1_SHIFT], l2, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&l2[(va >> g_shift) & g_l2_mask], entry, __ATOMIC_RELEASE);
}

/* Map lock held: every map page of [va, va + len) from its memseg. */
static void
map_range(uintptr_t va, size_t len, bool present)
{
	const uintptr_t page = 1ul << g_shift;

	for (uintptr_t p = va & ~(page - 1); p < va + len; p += page) {
		const struct rte_memseg *ms = present ? rte_mem_virt2memseg((void *)p, NULL) : NULL;

		if (ms != NULL && ms->addr != NULL && ms->iova != RTE_BAD_IOVA) {
			map_set(p, (ms->iova + (p - (uintptr_t)ms->addr)) | MAP_VALID);
		} else {
			map_set(p, 0);
		}
	}
}

static int
map_min_page(const struct rte_memseg_list *msl, void *arg)
{
	uint64_t *min = arg;

	if (msl->page_sz != 0 && (*min == 0 || msl->page_sz < *min)) {
		*min = msl->page_sz;
	}
	return 0;
}

static int
map_add_seg(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	(void)arg;
	/* Pages smaller than the map's (external memory) use the fallback. */
	if (msl->page_sz >= (1ull << g_shift) && ms->iova != RTE_BAD_IOVA) {
		pthread_mutex_lock(&g_map_lock);
		map_range((uintptr_t)ms->addr, ms->len, true);
		pthread_mutex_unlock(&g_map_lock);
	}
	return 0;
}

static void
map_mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g_map_lock);
	/* FREE comes before DPDK unmaps the pages: forget them now. */
	map_range((uintptr_t)addr, len, type == RTE_MEM_EVENT_ALLOC);
	pthread_mutex_unlock(&g_map_lock);
}

/*
 * Once, after the EAL is up (ours or the application's).  The event callback
 * is registered before the walk, so no page allocated or freed meanwhile is
 * missed; g_map_lock is never held while waiting for DPDK's memory lock
 * (events run under it), so the two cannot deadlock.
 */
void
env_vtophys_init(void)
{
	static pthread_mutex_t once = PTHREAD_MUTEX_INITIALIZER;
	uint64_t min_page = 0;

	pthread_mutex_lock(&once);
	if (g_shift != 0) {
		pthread_mutex_unlock(&once);
		return;
	}
	rte_memseg_list_walk(map_min_page, &min_page);
	if (min_page == 0 || (min_page & (min_page - 1)) != 0 || min_page > (1ull << 30)) {
		pthread_mutex_unlock(&once);
		return;		/* no map: every lookup takes DPDK's */
	}
	pthread_mutex_lock(&g_map_lock);
	g_shift = (unsigned int)__builtin_ctzll(min_page);
	g_page_mask = min_page - 1;
	g_l2_mask = (1ull << (MAP_L1_SHIFT - g_shift)) - 1;
	pthread_mutex_unlock(&g_map_lock);
	/* ENOTSUP: legacy memory (--legacy-mem, --no-huge), fixed at start:
	 * no page ever comes or goes, so no events are needed. */
	if (rte_mem_event_callback_register("ealnvme_vtophys", map_mem_event, NULL) != 0 &&
	    rte_errno != EEXIST && rte_errno != ENOTSUP) {
		/* Without events a freed page could stay in the map: no map. */
		EALNVME_WARNLOG("no DPDK memory events; translations take the slower lookup");
		g_shift = 0;
		g_l2_mask = 0;
		pthread_mutex_unlock(&once);
		return;
	}
	rte_memseg_walk(map_add_seg, NULL);
	pthread_mutex_unlock(&once);
}

static uint64_t g_fallbacks;

uint64_t
env_vtophys_fallbacks(void)
{
	return __atomic_load_n(&g_fallbacks, __ATOMIC_RELAXED);
}

/* DPDK's own lookup: memory the map does not hold (or before it exists). */
static __attribute__((noinline)) uint64_t
vtophys_memseg(const void *buf, uint64_t *size)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(buf);
	const struct rte_memseg *ms;
	uint64_t want = size ? *size : 0;
	uint64_t iova, contig;
	uintptr_t va = (uintptr_t)buf;

	__atomic_fetch_add(&g_fallbacks, 1, __ATOMIC_RELAXED);
	if (msl == NULL) {
		/* Not DPDK memory: a registered CMB or PMR, or nothing. */
		return env_mem_register_vtophys(buf, size);
	}
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

/* The buffer goes past its map page: follow the map while IOVA is contiguous. */
static __attribute__((noinline)) uint64_t
vtophys_extend(uintptr_t va, uint64_t iova, uint64_t contig, uint64_t want)
{
	const unsigned int shift = g_shift;
	const uint64_t page = 1ull << shift;

	while (contig < want) {
		const uintptr_t next_va = va + contig;
		const uint64_t *nl2 = map_l2(next_va);
		uint64_t next;

		if (nl2 == NULL) {
			break;
		}
		next = __atomic_load_n(&nl2[(next_va >> shift) & g_l2_mask], __ATOMIC_ACQUIRE);
		if (!(next & MAP_VALID) || (next & ~MAP_VALID) != iova + contig) {
			break;
		}
		contig += page;
	}
	return contig < want ? contig : want;
}

uint64_t
spdk_vtophys(const void *buf, uint64_t *size)
{
	const uintptr_t va = (uintptr_t)buf;
	const uint64_t *l2 = map_l2(va);
	uint64_t entry, iova, off;

	if (__builtin_expect(l2 == NULL, 0)) {
		return vtophys_memseg(buf, size);
	}
	entry = __atomic_load_n(&l2[(va >> g_shift) & g_l2_mask], __ATOMIC_ACQUIRE);
	if (__builtin_expect(!(entry & MAP_VALID), 0)) {
		return vtophys_memseg(buf, size);
	}
	off = va & g_page_mask;
	iova = (entry & ~MAP_VALID) + off;
	if (size != NULL) {
		const uint64_t contig = g_page_mask + 1 - off;

		/* Usually the buffer ends within its page; 0 asks for the rest of
		 * the page, as DPDK's segment lookup answers. */
		if (*size == 0) {
			*size = contig;
		} else if (__builtin_expect(contig < *size, 0)) {
			*size = vtophys_extend(va, iova, contig, *size);
		}
	}
	return iova;
}
