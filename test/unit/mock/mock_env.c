/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/env.h for unit tests, without DPDK: tracked DMA memory with IOVAs that
 * differ from virtual addresses, a clock that can be virtual, and one core.
 * The mocked PCI bus that the NVMe controller model registers its devices on
 * is in mock_env_pci.c.
 *
 * PCI address parsing (spdk_pci_addr_*) is not here: the tests link the real
 * lib/env_dpdk/env_pci_addr.c, which has no DPDK dependency.
 *
 * Not thread-safe: the driver under test polls from one thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mock_env.h"
#include "env_internal.h"
#include "mock_env_internal.h"

/* ======================================================================== */
/* Init                                                                       */
/* ======================================================================== */

/* spdk_env_opts_init() is the real one (lib/env_dpdk/env_opts.c, no DPDK). */

int
spdk_env_init(const struct spdk_env_opts *opts)
{
	(void)opts;
	return 0;
}

void
spdk_env_fini(void)
{
}

/* ======================================================================== */
/* DMA memory registry                                                        */
/* ======================================================================== */

#define MOCK_PAGE_SHIFT		12
#define MOCK_PAGE_SIZE		(1ULL << MOCK_PAGE_SHIFT)
#define MOCK_PAGE_MASK		(MOCK_PAGE_SIZE - 1)
/* Page-scatter IOVAs are handed out from here up; far from vaddr + offset. */
#define MOCK_SCATTER_IOVA_BASE	0xA00000000000ULL

struct dma_region {
	void		*base;		/* what posix_memalign() returned, for free() */
	uintptr_t	va;		/* == base */
	size_t		size;
	uint64_t	iova_start;	/* IOVA of the first byte */
	uint64_t	iova_end;	/* exclusive end of the IOVA range the region owns */
	uint64_t	scatter_base;	/* page-scatter: IOVA of va's 4 KiB page; else 0 */
};

/* Two views of the same regions, one sorted by va, one by iova_start. */
static struct dma_region **g_by_va;
static struct dma_region **g_by_iova;
static size_t g_nregions;
static size_t g_cap_regions;
static size_t g_live_bytes;
static struct dma_region *g_last_va_hit;
static struct dma_region *g_last_iova_hit;

static enum mock_env_iova_mode g_iova_mode = MOCK_ENV_IOVA_CONTIG;
static uint64_t g_next_scatter_iova = MOCK_SCATTER_IOVA_BASE;
static unsigned int g_fail_alloc_countdown;

struct mock_env_stats g_mock_env_stats;

void
mock_env_set_iova_mode(enum mock_env_iova_mode mode)
{
	g_iova_mode = mode;
}

size_t
mock_env_outstanding_allocations(void)
{
	return g_nregions;
}

size_t
mock_env_outstanding_bytes(void)
{
	return g_live_bytes;
}

void
mock_env_fail_alloc_at(unsigned int n)
{
	g_fail_alloc_countdown = n;
}

void
mock_env_get_stats(struct mock_env_stats *stats)
{
	*stats = g_mock_env_stats;
}

void
mock_env_reset_stats(void)
{
	memset(&g_mock_env_stats, 0, sizeof(g_mock_env_stats));
}

/* Index of the first entry whose key is > key (upper bound). */
static size_t
upper_bound_va(uintptr_t key)
{
	size_t lo = 0, hi = g_nregions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g_by_va[mid]->va <= key) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

static size_t
upper_bound_iova(uint64_t key)
{
	size_t lo = 0, hi = g_nregions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g_by_iova[mid]->iova_start <= key) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

static struct dma_region *
find_by_va(uintptr_t va)
{
	struct dma_region *r = g_last_va_hit;
	size_t i;

	if (r != NULL && va - r->va < r->size) {
		return r;
	}
	i = upper_bound_va(va);
	if (i == 0) {
		return NULL;
	}
	r = g_by_va[i - 1];
	if (va - r->va >= r->size) {
		return NULL;
	}
	g_last_va_hit = r;
	return r;
}

static struct dma_region *
find_by_iova(uint64_t iova)
{
	struct dma_region *r = g_last_iova_hit;
	size_t i;

	if (r != NULL && iova >= r->iova_start && iova < r->iova_end) {
		return r;
	}
	i = upper_bound_iova(iova);
	if (i == 0) {
		return NULL;
	}
	r = g_by_iova[i - 1];
	if (iova >= r->iova_end) {
		return NULL;
	}
	g_last_iova_hit = r;
	return r;
}

static int
registry_insert(struct dma_region *r)
{
	size_t i;

	if (g_nregions == g_cap_regions) {
		size_t cap = g_cap_regions ? g_cap_regions * 2 : 64;
		struct dma_region **a = realloc(g_by_va, cap * sizeof(*a));

		if (a == NULL) {
			return -ENOMEM;
		}
		g_by_va = a;
		a = realloc(g_by_iova, cap * sizeof(*a));
		if (a == NULL) {
			return -ENOMEM;
		}
		g_by_iova = a;
		g_cap_regions = cap;
	}

	i = upper_bound_va(r->va);
	memmove(&g_by_va[i + 1], &g_by_va[i], (g_nregions - i) * sizeof(*g_by_va));
	g_by_va[i] = r;
	i = upper_bound_iova(r->iova_start);
	memmove(&g_by_iova[i + 1], &g_by_iova[i], (g_nregions - i) * sizeof(*g_by_iova));
	g_by_iova[i] = r;
	g_nregions++;
	g_live_bytes += r->size;
	return 0;
}

static void
registry_remove(struct dma_region *r)
{
	size_t i, j;

	for (i = 0; i < g_nregions && g_by_va[i] != r; i++) {
	}
	for (j = 0; j < g_nregions && g_by_iova[j] != r; j++) {
	}
	if (i == g_nregions || j == g_nregions) {
		return;	/* not registered: cannot happen */
	}
	memmove(&g_by_va[i], &g_by_va[i + 1], (g_nregions - i - 1) * sizeof(*g_by_va));
	memmove(&g_by_iova[j], &g_by_iova[j + 1], (g_nregions - j - 1) * sizeof(*g_by_iova));
	g_nregions--;
	g_live_bytes -= r->size;
	if (g_last_va_hit == r) {
		g_last_va_hit = NULL;
	}
	if (g_last_iova_hit == r) {
		g_last_iova_hit = NULL;
	}
	if (g_nregions == 0) {
		free(g_by_va);
		free(g_by_iova);
		g_by_va = NULL;
		g_by_iova = NULL;
		g_cap_regions = 0;
	}
}

/* IOVA of va inside region r. */
static uint64_t
region_va_to_iova(const struct dma_region *r, uintptr_t va)
{
	if (r->scatter_base == 0) {
		return r->iova_start + (va - r->va);
	}
	return r->scatter_base +
	       (((va >> MOCK_PAGE_SHIFT) - (r->va >> MOCK_PAGE_SHIFT)) << (MOCK_PAGE_SHIFT + 1)) +
	       (va & MOCK_PAGE_MASK);
}

static void *
dma_alloc(size_t size, size_t align, uint64_t *phys_addr, bool zero)
{
	struct dma_region *r;
	void *p;

	if (phys_addr != NULL) {
		*phys_addr = SPDK_VTOPHYS_ERROR;
	}
	if (size == 0) {
		return NULL;
	}
	if (align == 0) {
		align = 64;
	}
	if ((align & (align - 1)) != 0) {
		return NULL;
	}
	if (align < sizeof(void *)) {
		align = sizeof(void *);
	}
	if (g_fail_alloc_countdown != 0 && --g_fail_alloc_countdown == 0) {
		return NULL;
	}

	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		return NULL;
	}
	if (posix_memalign(&p, align, size) != 0) {
		free(r);
		return NULL;
	}
	/* Non-zeroed allocations are poisoned so that relying on zeroes shows. */
	memset(p, zero ? 0 : 0xa5, size);

	r->base = p;
	r->va = (uintptr_t)p;
	r->size = size;
	if (g_iova_mode == MOCK_ENV_IOVA_PAGE_SCATTER) {
		uint64_t npages = ((r->va + size - 1) >> MOCK_PAGE_SHIFT) - (r->va >> MOCK_PAGE_SHIFT) + 1;

		r->scatter_base = g_next_scatter_iova;
		r->iova_start = r->scatter_base + (r->va & MOCK_PAGE_MASK);
		r->iova_end = r->scatter_base + (npages << (MOCK_PAGE_SHIFT + 1));
		/* One more unused page pair between regions. */
		g_next_scatter_iova = r->iova_end + 2 * MOCK_PAGE_SIZE;
	} else {
		r->iova_start = (uint64_t)r->va + MOCK_ENV_IOVA_OFFSET;
		r->iova_end = r->iova_start + size;
	}
	if (registry_insert(r) != 0) {
		free(p);
		free(r);
		return NULL;
	}
	g_mock_env_stats.allocs++;
	if (phys_addr != NULL) {
		*phys_addr = r->iova_start;
	}
	return p;
}

static void
dma_free(void *buf)
{
	struct dma_region *r;

	if (buf == NULL) {
		return;
	}
	r = find_by_va((uintptr_t)buf);
	if (r == NULL || r->va != (uintptr_t)buf) {
		fprintf(stderr, "mock_env: spdk_free(%p): not the start of a DMA allocation\n", buf);
		g_mock_env_stats.bad_frees++;
		return;
	}
	registry_remove(r);
	free(r->base);
	free(r);
	g_mock_env_stats.frees++;
}

static void *
dma_realloc(void *buf, size_t size, size_t align, uint64_t *phys_addr)
{
	struct dma_region *r;
	void *n;

	if (buf == NULL) {
		return dma_alloc(size, align, phys_addr, false);
	}
	r = find_by_va((uintptr_t)buf);
	if (r == NULL || r->va != (uintptr_t)buf) {
		fprintf(stderr, "mock_env: realloc(%p): not the start of a DMA allocation\n", buf);
		g_mock_env_stats.bad_frees++;
		return NULL;
	}
	if (size == 0) {
		dma_free(buf);
		return NULL;
	}
	n = dma_alloc(size, align, phys_addr, false);
	if (n == NULL) {
		return NULL;
	}
	memcpy(n, buf, r->size < size ? r->size : size);
	dma_free(buf);
	return n;
}

void *
spdk_malloc(size_t size, size_t align, uint64_t *phys_addr, int socket_id, uint32_t flags)
{
	(void)socket_id;
	(void)flags;
	return dma_alloc(size, align, phys_addr, false);
}

void *
spdk_zmalloc(size_t size, size_t align, uint64_t *phys_addr, int socket_id, uint32_t flags)
{
	(void)socket_id;
	(void)flags;
	return dma_alloc(size, align, phys_addr, true);
}

void *
spdk_realloc(void *buf, size_t size, size_t align)
{
	return dma_realloc(buf, size, align, NULL);
}

void
spdk_free(void *buf)
{
	dma_free(buf);
}

void *
spdk_dma_malloc(size_t size, size_t align, uint64_t *phys_addr)
{
	return dma_alloc(size, align, phys_addr, false);
}

void *
spdk_dma_zmalloc(size_t size, size_t align, uint64_t *phys_addr)
{
	return dma_alloc(size, align, phys_addr, true);
}

void *
spdk_dma_malloc_socket(size_t size, size_t align, uint64_t *phys_addr, int socket_id)
{
	(void)socket_id;
	return dma_alloc(size, align, phys_addr, false);
}

void *
spdk_dma_zmalloc_socket(size_t size, size_t align, uint64_t *phys_addr, int socket_id)
{
	(void)socket_id;
	return dma_alloc(size, align, phys_addr, true);
}

void *
spdk_dma_realloc(void *buf, size_t size, size_t align, uint64_t *phys_addr)
{
	return dma_realloc(buf, size, align, phys_addr);
}

void
spdk_dma_free(void *buf)
{
	dma_free(buf);
}

uint64_t
spdk_vtophys(const void *buf, uint64_t *size)
{
	uintptr_t va = (uintptr_t)buf;
	struct dma_region *r = find_by_va(va);
	uint64_t avail;

	if (r == NULL) {
		/* A BAR registered with spdk_mem_register() (a CMB or PMR)? */
		uint64_t iova = env_mem_register_vtophys(buf, size);

		if (iova == SPDK_VTOPHYS_ERROR) {
			g_mock_env_stats.vtophys_errors++;
		}
		return iova;
	}
	if (size != NULL) {
		avail = r->va + r->size - va;
		if (r->scatter_base != 0 && MOCK_PAGE_SIZE - (va & MOCK_PAGE_MASK) < avail) {
			avail = MOCK_PAGE_SIZE - (va & MOCK_PAGE_MASK);
		}
		if (*size > avail) {
			*size = avail;
		}
	}
	return region_va_to_iova(r, va);
}

void *
mock_env_iova_to_vaddr(uint64_t iova, uint64_t *len)
{
	struct dma_region *r = find_by_iova(iova);
	uintptr_t va;
	uint64_t avail;

	if (r == NULL || iova < r->iova_start) {
		/* Peer-to-peer: another device's memory BAR (a CMB) at its bus address. */
		return mock_pci_bar_at(iova, len);
	}
	if (r->scatter_base == 0) {
		va = r->va + (uintptr_t)(iova - r->iova_start);
		avail = r->va + r->size - va;
	} else {
		uint64_t d = iova - r->scatter_base;
		uint64_t off = d & ((MOCK_PAGE_SIZE << 1) - 1);

		if (off >= MOCK_PAGE_SIZE) {
			goto fail;	/* the hole after a page */
		}
		va = (r->va & ~(uintptr_t)MOCK_PAGE_MASK) +
		     (uintptr_t)((d >> (MOCK_PAGE_SHIFT + 1)) << MOCK_PAGE_SHIFT) + (uintptr_t)off;
		if (va < r->va || va >= r->va + r->size) {
			goto fail;
		}
		avail = r->va + r->size - va;
		if (MOCK_PAGE_SIZE - off < avail) {
			avail = MOCK_PAGE_SIZE - off;
		}
	}
	if (*len > avail) {
		*len = avail;
	}
	return (void *)va;
fail:
	*len = 0;
	return NULL;
}

/* ======================================================================== */
/* Time                                                                       */
/* ======================================================================== */

static bool g_virtual_time;
static uint64_t g_vtime_ns;
static uint64_t g_vtime_step_ns;

static uint64_t
real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void
mock_env_set_virtual_time(bool on, uint64_t auto_step_ns)
{
	if (on && !g_virtual_time) {
		g_vtime_ns = real_ns();
	}
	g_virtual_time = on;
	g_vtime_step_ns = auto_step_ns;
}

void
mock_env_advance_time_ns(uint64_t ns)
{
	g_vtime_ns += ns;
}

uint64_t
spdk_get_ticks(void)
{
	uint64_t t;

	if (!g_virtual_time) {
		return real_ns();
	}
	t = g_vtime_ns;
	g_vtime_ns += g_vtime_step_ns;
	return t;
}

uint64_t
spdk_get_ticks_hz(void)
{
	return 1000000000ULL;
}

void
spdk_delay_us(unsigned int us)
{
	struct timespec ts;

	if (g_virtual_time) {
		g_vtime_ns += (uint64_t)us * 1000;
		return;
	}
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (long)(us % 1000000) * 1000;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

/* ======================================================================== */
/* Cores: one, core 0 on socket 0                                             */
/* ======================================================================== */

uint32_t
spdk_env_get_core_count(void)
{
	return 1;
}

uint32_t
spdk_env_get_current_core(void)
{
	return 0;
}

uint32_t
spdk_env_get_first_core(void)
{
	return 0;
}

uint32_t
spdk_env_get_next_core(uint32_t prev_core)
{
	(void)prev_core;
	return UINT32_MAX;
}

uint32_t
spdk_env_get_socket_id(uint32_t core)
{
	return core == 0 ? 0 : UINT32_MAX;
}
