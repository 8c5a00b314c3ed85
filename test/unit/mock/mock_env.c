/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/env.h for unit tests, without DPDK: tracked DMA memory with IOVAs that
 * differ from virtual addresses, a clock that can be virtual, one core, and a
 * mocked PCI bus that the NVMe controller model registers its devices on.
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

static struct mock_env_stats g_stats;

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
	*stats = g_stats;
}

void
mock_env_reset_stats(void)
{
	memset(&g_stats, 0, sizeof(g_stats));
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
	g_stats.allocs++;
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
		g_stats.bad_frees++;
		return;
	}
	registry_remove(r);
	free(r->base);
	free(r);
	g_stats.frees++;
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
		g_stats.bad_frees++;
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
			g_stats.vtophys_errors++;
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

static void *mock_pci_bar_at(uint64_t iova, uint64_t *len);

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

/* ======================================================================== */
/* PCI bus                                                                    */
/* ======================================================================== */

#define NVME_CLASS_CODE	0x010802

struct spdk_pci_driver {
	const char	*name;
	uint32_t	class_id;
};

static struct spdk_pci_driver g_nvme_driver = {
	.name = "ealnvme_mock_nvme",
	.class_id = NVME_CLASS_CODE,
};

struct spdk_pci_device {
	struct spdk_pci_device	*next;		/* bus list, sorted by address */
	struct spdk_pci_addr	addr;
	struct spdk_pci_id	id;
	struct {
		void		*va;
		uint64_t	size;
		uint64_t	phys;
	} bar[6];			/* [0] from the desc, others mock_pci_set_bar() */
	int			socket_id;
	bool			attached;
	bool			removed;
	bool			bound;
	unsigned int		bar_maps;	/* map_bar minus unmap_bar */
	uint8_t			cfg[MOCK_PCI_CFG_SIZE];
};

static struct spdk_pci_device *g_devices;
static int g_enumerate_error;

struct spdk_pci_driver *
spdk_pci_nvme_get_driver(void)
{
	return &g_nvme_driver;
}

static void
cfg_put16(uint8_t *cfg, uint32_t off, uint16_t v)
{
	cfg[off] = (uint8_t)v;
	cfg[off + 1] = (uint8_t)(v >> 8);
}

static void
cfg_put32(uint8_t *cfg, uint32_t off, uint32_t v)
{
	cfg_put16(cfg, off, (uint16_t)v);
	cfg_put16(cfg, off + 2, (uint16_t)(v >> 16));
}

struct spdk_pci_device *
mock_pci_add_device(const struct mock_pci_device_desc *desc)
{
	struct spdk_pci_device *dev, **pp;

	for (dev = g_devices; dev != NULL; dev = dev->next) {
		if (spdk_pci_addr_compare(&dev->addr, &desc->addr) == 0) {
			fprintf(stderr, "mock_env: two devices at one PCI address\n");
			return NULL;
		}
	}
	dev = calloc(1, sizeof(*dev));
	if (dev == NULL) {
		return NULL;
	}
	dev->addr = desc->addr;
	dev->id = desc->id;
	dev->bar[0].va = desc->bar0;
	dev->bar[0].size = desc->bar0_size;
	dev->bar[0].phys = desc->bar0_phys;
	dev->socket_id = desc->socket_id;
	dev->bound = true;

	/* Type 0 header (PCI Local Bus spec): what a controller shows before probe. */
	cfg_put16(dev->cfg, 0x00, desc->id.vendor_id);
	cfg_put16(dev->cfg, 0x02, desc->id.device_id);
	cfg_put16(dev->cfg, 0x04, 0x0000);		/* command: memory/bus master off */
	cfg_put16(dev->cfg, 0x06, 0x0000);		/* status: no capability list */
	dev->cfg[0x08] = 0x02;				/* revision */
	dev->cfg[0x09] = (uint8_t)desc->id.class_id;	/* programming interface */
	dev->cfg[0x0a] = (uint8_t)(desc->id.class_id >> 8);
	dev->cfg[0x0b] = (uint8_t)(desc->id.class_id >> 16);
	dev->cfg[0x0e] = 0x00;				/* header type 0 */
	/* BAR0/1: 64-bit non-prefetchable memory BAR. */
	cfg_put32(dev->cfg, 0x10, ((uint32_t)desc->bar0_phys & ~0xfu) | 0x4);
	cfg_put32(dev->cfg, 0x14, (uint32_t)(desc->bar0_phys >> 32));
	cfg_put16(dev->cfg, 0x2c, desc->id.subvendor_id);
	cfg_put16(dev->cfg, 0x2e, desc->id.subdevice_id);
	dev->cfg[0x3d] = 0x01;				/* interrupt pin INTA# */

	for (pp = &g_devices; *pp != NULL && spdk_pci_addr_compare(&(*pp)->addr, &dev->addr) < 0;
	     pp = &(*pp)->next) {
	}
	dev->next = *pp;
	*pp = dev;
	return dev;
}

static bool
device_on_bus(const struct spdk_pci_device *dev)
{
	const struct spdk_pci_device *d;

	for (d = g_devices; d != NULL; d = d->next) {
		if (d == dev) {
			return true;
		}
	}
	return false;
}

int
mock_pci_remove_device(struct spdk_pci_device *dev)
{
	struct spdk_pci_device **pp;

	if (dev == NULL) {
		return 0;
	}
	if (dev->attached) {
		return -EBUSY;
	}
	for (pp = &g_devices; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == dev) {
			*pp = dev->next;
			free(dev);
			return 0;
		}
	}
	return -ENOENT;
}

void
mock_pci_set_removed(struct spdk_pci_device *dev, bool removed)
{
	dev->removed = removed;
}

/* As the env: true once the bus reported the device gone. */
bool
spdk_pci_device_is_removed(struct spdk_pci_device *dev)
{
	return dev != NULL && dev->removed;
}

void
mock_pci_set_bound(struct spdk_pci_device *dev, bool bound)
{
	dev->bound = bound;
}

uint8_t *
mock_pci_cfg_space(struct spdk_pci_device *dev)
{
	return dev->cfg;
}

bool
mock_pci_device_is_attached(const struct spdk_pci_device *dev)
{
	return dev->attached;
}

bool
mock_pci_device_is_bar_mapped(const struct spdk_pci_device *dev)
{
	return dev->bar_maps != 0;
}

void
mock_pci_inject_enumerate_error(int rc)
{
	g_enumerate_error = rc;
}

static bool
device_matches(const struct spdk_pci_driver *driver, const struct spdk_pci_device *dev)
{
	return dev->id.class_id == driver->class_id && dev->bound && !dev->removed;
}

/*
 * Attach dev (as the DPDK probe would: enable memory space and bus mastering,
 * BARs mapped) and hand it to the callback.  Returns the callback's value.
 */
static int
attach_one(struct spdk_pci_device *dev, spdk_pci_enum_cb enum_cb, void *enum_ctx)
{
	int rc;

	dev->attached = true;
	cfg_put16(dev->cfg, 0x04, 0x0006);
	g_stats.callbacks++;
	rc = enum_cb(enum_ctx, dev);
	if (rc == 0) {
		g_stats.claims++;
	} else {
		dev->attached = false;
		dev->bar_maps = 0;
	}
	return rc;
}

int
spdk_pci_enumerate(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb, void *enum_ctx)
{
	struct spdk_pci_device *dev, *next;
	int rc;

	g_stats.enumerate_calls++;
	if (driver != &g_nvme_driver || enum_cb == NULL) {
		return -EINVAL;
	}
	if (g_enumerate_error != 0) {
		rc = g_enumerate_error;
		g_enumerate_error = 0;
		return rc;
	}
	for (dev = g_devices; dev != NULL; dev = next) {
		next = dev->next;
		if (dev->attached || !device_matches(driver, dev)) {
			continue;
		}
		rc = attach_one(dev, enum_cb, enum_ctx);
		/* As lib/env_dpdk: a callback's negative value stops the scan
		 * (-ENODEV is what a device that fails to map gives: skipped). */
		if (rc < 0 && rc != -ENODEV) {
			return rc;
		}
	}
	return 0;
}

int
spdk_pci_device_attach(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb,
		       void *enum_ctx, struct spdk_pci_addr *pci_address)
{
	struct spdk_pci_device *dev;
	int rc;

	g_stats.attach_calls++;
	if (driver != &g_nvme_driver || enum_cb == NULL || pci_address == NULL) {
		return -EINVAL;
	}
	for (dev = g_devices; dev != NULL; dev = dev->next) {
		if (spdk_pci_addr_compare(&dev->addr, pci_address) == 0) {
			break;
		}
	}
	if (dev == NULL || !device_matches(driver, dev)) {
		return -ENODEV;
	}
	if (dev->attached) {
		return 0;	/* as lib/env_dpdk: already ours, no callback */
	}
	rc = attach_one(dev, enum_cb, enum_ctx);
	/* Released by the callback (> 0) is not an attach failure. */
	return rc > 0 ? 0 : rc;
}

void
spdk_pci_device_detach(struct spdk_pci_device *device)
{
	if (device == NULL || !device_on_bus(device) || !device->attached) {
		fprintf(stderr, "mock_env: spdk_pci_device_detach(%p): not an attached device\n",
			(void *)device);
		g_stats.bad_detaches++;
		return;
	}
	device->attached = false;
	device->bar_maps = 0;
	cfg_put16(device->cfg, 0x04, 0x0000);
	g_stats.detaches++;
}

int
spdk_pci_device_map_bar(struct spdk_pci_device *dev, uint32_t bar,
			void **mapped_addr, uint64_t *phys_addr, uint64_t *size)
{
	if (dev == NULL || !dev->attached || bar >= 6 || dev->bar[bar].va == NULL) {
		g_stats.map_bar_errors++;
		return -EINVAL;
	}
	dev->bar_maps++;
	g_stats.map_bar++;
	if (mapped_addr != NULL) {
		*mapped_addr = dev->bar[bar].va;
	}
	if (phys_addr != NULL) {
		*phys_addr = dev->bar[bar].phys;
	}
	if (size != NULL) {
		*size = dev->bar[bar].size;
	}
	return 0;
}

int
spdk_pci_device_unmap_bar(struct spdk_pci_device *dev, uint32_t bar, void *addr)
{
	if (dev == NULL || bar >= 6 || dev->bar_maps == 0 || addr != dev->bar[bar].va) {
		g_stats.map_bar_errors++;
		return -EINVAL;
	}
	dev->bar_maps--;
	g_stats.unmap_bar++;
	return 0;
}

int
mock_pci_set_bar(struct spdk_pci_device *dev, uint32_t bar, void *va, uint64_t size,
		 uint64_t phys)
{
	if (dev == NULL || bar == 0 || bar >= 6 || dev->attached) {
		return -EINVAL;
	}
	dev->bar[bar].va = va;
	dev->bar[bar].size = size;
	dev->bar[bar].phys = phys;
	return 0;
}

/* The env's BAR lookup for spdk_mem_register() (lib/env_dpdk/env_mem_register.c):
 * the bus address, as with IOVA as PA (no DMA memory has an IOVA there). */
int
env_pci_bar_lookup(const void *va, size_t len, uint64_t *iova)
{
	const uintptr_t start = (uintptr_t)va;

	for (struct spdk_pci_device *dev = g_devices; dev != NULL; dev = dev->next) {
		for (unsigned int i = 0; i < 6 && dev->attached; i++) {
			const uintptr_t base = (uintptr_t)dev->bar[i].va;

			if (base != 0 && start >= base && len <= dev->bar[i].size &&
			    start - base <= dev->bar[i].size - len) {
				*iova = dev->bar[i].phys + (start - base);
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* A memory BAR other than BAR 0 (registers) of an attached device holding iova. */
static void *
mock_pci_bar_at(uint64_t iova, uint64_t *len)
{
	for (struct spdk_pci_device *dev = g_devices; dev != NULL; dev = dev->next) {
		for (unsigned int i = 1; i < 6 && dev->attached; i++) {
			uint64_t off = iova - dev->bar[i].phys;

			if (dev->bar[i].va != NULL && iova >= dev->bar[i].phys &&
			    off < dev->bar[i].size) {
				if (*len > dev->bar[i].size - off) {
					*len = dev->bar[i].size - off;
				}
				return (uint8_t *)dev->bar[i].va + off;
			}
		}
	}
	*len = 0;
	return NULL;
}

/* Bus addresses are the mock's IOVAs for BARs: nothing to map for peers. */
void
env_pci_bar_dma_map(const void *va, size_t len, uint64_t iova, bool map)
{
	(void)va;
	(void)len;
	(void)iova;
	(void)map;
}

struct spdk_pci_addr
spdk_pci_device_get_addr(struct spdk_pci_device *dev)
{
	return dev->addr;
}

struct spdk_pci_id
spdk_pci_device_get_id(struct spdk_pci_device *dev)
{
	return dev->id;
}

uint16_t
spdk_pci_device_get_vendor_id(struct spdk_pci_device *dev)
{
	return dev->id.vendor_id;
}

uint16_t
spdk_pci_device_get_device_id(struct spdk_pci_device *dev)
{
	return dev->id.device_id;
}

uint16_t
spdk_pci_device_get_subvendor_id(struct spdk_pci_device *dev)
{
	return dev->id.subvendor_id;
}

uint16_t
spdk_pci_device_get_subdevice_id(struct spdk_pci_device *dev)
{
	return dev->id.subdevice_id;
}

int
spdk_pci_device_get_socket_id(struct spdk_pci_device *dev)
{
	return dev->socket_id;
}

const char *
spdk_pci_device_get_type(const struct spdk_pci_device *dev)
{
	(void)dev;
	return "pci";
}

/* Bytes of the type 0 header that software cannot change. */
static bool
cfg_byte_read_only(uint32_t off)
{
	return off <= 0x03 ||			/* vendor, device */
	       (off >= 0x06 && off <= 0x0b) ||	/* status, revision, class */
	       off == 0x0e ||			/* header type */
	       (off >= 0x2c && off <= 0x2f);	/* subsystem ids */
}

static int
cfg_read(struct spdk_pci_device *dev, void *value, uint32_t len, uint32_t offset)
{
	if (dev == NULL || offset >= MOCK_PCI_CFG_SIZE || len > MOCK_PCI_CFG_SIZE - offset) {
		return -EINVAL;
	}
	if (dev->removed) {
		memset(value, 0xff, len);	/* master abort on a gone device */
	} else {
		memcpy(value, &dev->cfg[offset], len);	/* little-endian host */
	}
	return 0;
}

static int
cfg_write(struct spdk_pci_device *dev, const void *value, uint32_t len, uint32_t offset)
{
	const uint8_t *v = value;
	uint32_t i;

	if (dev == NULL || offset >= MOCK_PCI_CFG_SIZE || len > MOCK_PCI_CFG_SIZE - offset) {
		return -EINVAL;
	}
	if (dev->removed) {
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (!cfg_byte_read_only(offset + i)) {
			dev->cfg[offset + i] = v[i];
		}
	}
	return 0;
}

int
spdk_pci_device_cfg_read32(struct spdk_pci_device *dev, uint32_t *value, uint32_t offset)
{
	return cfg_read(dev, value, sizeof(*value), offset);
}

int
spdk_pci_device_cfg_write32(struct spdk_pci_device *dev, uint32_t value, uint32_t offset)
{
	return cfg_write(dev, &value, sizeof(value), offset);
}

int
spdk_pci_device_cfg_read16(struct spdk_pci_device *dev, uint16_t *value, uint32_t offset)
{
	return cfg_read(dev, value, sizeof(*value), offset);
}

int
spdk_pci_device_cfg_write16(struct spdk_pci_device *dev, uint16_t value, uint32_t offset)
{
	return cfg_write(dev, &value, sizeof(value), offset);
}
