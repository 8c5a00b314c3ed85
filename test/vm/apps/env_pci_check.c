/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The env's PCI device calls and DMA objects on a real (QEMU) controller,
 * for test/vm/test_env.sh: the getters against the address, config space
 * reads against the kernel's sysfs copy, a config write read back, the
 * serial number, claim/unclaim on the attach's lock, spdk_pci_for_each_device,
 * spdk_iommu_is_enabled, mempool elements, a memzone and memory-map
 * notifications on hugepages.  Prints "ok - ..." / "FAIL - ..." per check
 * and the serial number line; exits 0 when every check held.
 *
 *   env_pci_check BDF vfio|uio
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spdk/env.h"

static struct spdk_pci_device *g_dev;
static int g_fails;

#define CHECK(cond, ...) do { \
	if (cond) { \
		printf("ok - "); \
	} else { \
		printf("FAIL - "); \
		g_fails++; \
	} \
	printf(__VA_ARGS__); \
	printf("\n"); \
} while (0)

static int
keep_first(void *ctx, struct spdk_pci_device *dev)
{
	(void)ctx;
	if (g_dev != NULL) {
		return 1;
	}
	g_dev = dev;
	return 0;
}

static void
count_dev(void *ctx, struct spdk_pci_device *dev)
{
	(void)dev;
	++*(int *)ctx;
}

/* Bytes of the kernel's config space copy, or -1. */
static int
sysfs_cfg32(const char *bdf, uint32_t off, uint32_t *v)
{
	char path[128];
	int fd, rc;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		return -1;
	}
	rc = pread(fd, v, 4, off) == 4 ? 0 : -1;
	close(fd);
	return rc;
}

static bool
lock_holds(const char *bdf, int pid)
{
	char path[128];
	int fd, recorded = 0;

	snprintf(path, sizeof(path), "/var/tmp/spdk_pci_lock_%s", bdf);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		return false;
	}
	if (read(fd, &recorded, sizeof(recorded)) != (ssize_t)sizeof(recorded)) {
		recorded = 0;
	}
	close(fd);
	return recorded == pid;
}

static void
check_config(const char *bdf)
{
	uint8_t v8 = 0, cls = 0, back = 0;
	uint16_t v16 = 0, d16 = 0;
	uint32_t v32 = 0, s32 = 0, x32 = 0, gen = 0;

	CHECK(spdk_pci_device_cfg_read16(g_dev, &v16, 0) == 0 &&
	      v16 == spdk_pci_device_get_vendor_id(g_dev), "cfg_read16(0) is the vendor id %04x", v16);
	CHECK(spdk_pci_device_cfg_read16(g_dev, &d16, 2) == 0 &&
	      d16 == spdk_pci_device_get_device_id(g_dev), "cfg_read16(2) is the device id %04x", d16);
	CHECK(spdk_pci_device_cfg_read8(g_dev, &v8, 1) == 0 && v8 == (v16 >> 8),
	      "cfg_read8(1) is the vendor id's high byte");
	CHECK(spdk_pci_device_cfg_read32(g_dev, &v32, 0) == 0 &&
	      v32 == ((uint32_t)d16 << 16 | v16), "cfg_read32(0)");
	CHECK(spdk_pci_device_cfg_read(g_dev, &gen, 4, 0) == 0 && gen == v32,
	      "cfg_read(4 bytes) as cfg_read32");
	/* Extended config space (the DSN walk reads it) as the kernel sees it. */
	CHECK(spdk_pci_device_cfg_read32(g_dev, &x32, 0x100) == 0 &&
	      sysfs_cfg32(bdf, 0x100, &s32) == 0 && x32 == s32,
	      "cfg_read32(0x100) %08x matches sysfs %08x", x32, s32);
	/* Cache Line Size (0x0c) is read/write and harmless: write, read back, restore. */
	CHECK(spdk_pci_device_cfg_read8(g_dev, &cls, 0x0c) == 0 &&
	      spdk_pci_device_cfg_write8(g_dev, 0x10, 0x0c) == 0 &&
	      spdk_pci_device_cfg_read8(g_dev, &back, 0x0c) == 0 && back == 0x10 &&
	      spdk_pci_device_cfg_write8(g_dev, cls, 0x0c) == 0,
	      "cfg_write8 of the cache line size reads back (0x%02x, was 0x%02x)", back, cls);
	CHECK(spdk_pci_device_cfg_read32(g_dev, &v32, 4096) != 0, "a read past config space fails");
}

static void
check_serial(void)
{
	char sn[17] = "", small[16];
	int rc = spdk_pci_device_get_serial_number(g_dev, sn, sizeof(sn));

	printf("serial %d %s\n", rc, rc == 0 ? sn : "-");
	CHECK(rc == -1 || (rc == 0 && strlen(sn) == 16 && strspn(sn, "0123456789abcdef") == 16),
	      "get_serial_number: 16 hex digits or -1 (no DSN capability)");
	CHECK(spdk_pci_device_get_serial_number(g_dev, small, sizeof(small)) == -1,
	      "get_serial_number with 16 bytes of room fails");
}

struct notify_count {
	unsigned	regs;
	unsigned	unregs;
	bool		aligned;
};

static int
count_notify(void *ctx, struct spdk_mem_map *map, enum spdk_mem_map_notify_action action,
	     void *vaddr, size_t size)
{
	struct notify_count *n = ctx;

	(void)map;
	n->aligned = n->aligned && ((uintptr_t)vaddr & ((2u << 20) - 1)) == 0 &&
		     (size & ((2u << 20) - 1)) == 0;
	if (action == SPDK_MEM_MAP_NOTIFY_REGISTER) {
		n->regs++;
	} else {
		n->unregs++;
	}
	return 0;
}

static void
check_iova(struct spdk_mempool *mp, void *opaque, void *addr, uint64_t iova, size_t len,
	   unsigned idx)
{
	(void)mp;
	(void)idx;
	/* Chunks need not be IOVA-contiguous (as in SPDK): DPDK then reports
	 * no IOVA (all ones); otherwise it must be the chunk's translation. */
	if (len == 0 || spdk_vtophys(addr, NULL) == SPDK_VTOPHYS_ERROR ||
	    (iova != SPDK_VTOPHYS_ERROR && spdk_vtophys(addr, NULL) != iova)) {
		++*(int *)opaque;
	}
}

static void
check_dma_objects(void)
{
	struct spdk_mem_map_ops ops = { .notify_cb = count_notify };
	struct notify_count n = { .aligned = true };
	struct spdk_mempool *mp;
	struct spdk_mem_map *map;
	unsigned before;
	void *e, *mz, *big;
	int bad = 0;

	mp = spdk_mempool_create("env_pci_check", 4096, 512, SPDK_MEMPOOL_DEFAULT_CACHE_SIZE,
				 SPDK_ENV_NUMA_ID_ANY);
	e = mp != NULL ? spdk_mempool_get(mp) : NULL;
	CHECK(e != NULL && spdk_vtophys(e, NULL) != SPDK_VTOPHYS_ERROR,
	      "a mempool element in hugepages is translated");
	CHECK(mp != NULL && spdk_mempool_mem_iter(mp, check_iova, &bad) >= 1 && bad == 0,
	      "mempool chunks are translated (and their IOVA, when given, matches)");
	if (e != NULL) {
		spdk_mempool_put(mp, e);
	}
	spdk_mempool_free(mp);
	mz = spdk_memzone_reserve("env_pci_check", 1u << 20, SPDK_ENV_NUMA_ID_ANY, 0);
	CHECK(mz != NULL && spdk_vtophys(mz, NULL) != SPDK_VTOPHYS_ERROR &&
	      spdk_memzone_free("env_pci_check") == 0, "a memzone is translated and freed");

	map = spdk_mem_map_alloc(0, &ops, &n);
	CHECK(map != NULL && n.regs >= 1 && n.aligned, "a memory map hears of the env's memory "
	      "(%u regions)", n.regs);
	before = n.regs;
	/* More than is mapped now: DPDK takes hugepages and says so. */
	big = spdk_zmalloc(64u << 20, 2u << 20, NULL, SPDK_ENV_NUMA_ID_ANY, SPDK_MALLOC_DMA);
	CHECK(big != NULL && n.regs > before && n.aligned,
	      "a 64 MiB allocation is announced (%u -> %u regions)", before, n.regs);
	spdk_free(big);
	spdk_mem_map_free(&map);
	CHECK(map == NULL && n.unregs >= 1, "freeing the map unregisters (%u)", n.unregs);
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts opts;
	struct spdk_pci_addr want, got;
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	int n = 0;

	if (argc != 3 || spdk_pci_addr_parse(&want, argv[1]) != 0) {
		fprintf(stderr, "usage: env_pci_check BDF vfio|uio\n");
		return 2;
	}
	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "env_pci_check";
	if (spdk_env_init(&opts) != 0) {
		fprintf(stderr, "env_pci_check: spdk_env_init failed\n");
		return 1;
	}
	CHECK(spdk_pci_get_driver("nvme") == spdk_pci_nvme_get_driver(), "spdk_pci_get_driver(nvme)");
	CHECK(spdk_pci_device_attach(spdk_pci_get_driver("nvme"), keep_first, NULL, &want) == 0 &&
	      g_dev != NULL, "attach %s", argv[1]);
	if (g_dev == NULL) {
		return 1;
	}
	got = spdk_pci_device_get_addr(g_dev);
	spdk_pci_addr_fmt(bdf, sizeof(bdf), &got);
	CHECK(spdk_pci_addr_compare(&got, &want) == 0 &&
	      spdk_pci_device_get_domain(g_dev) == want.domain &&
	      spdk_pci_device_get_bus(g_dev) == want.bus &&
	      spdk_pci_device_get_dev(g_dev) == want.dev &&
	      spdk_pci_device_get_func(g_dev) == want.func, "address getters give %s", bdf);
	CHECK(spdk_pci_device_get_numa_id(g_dev) >= -1 &&
	      spdk_pci_device_get_numa_id(g_dev) == spdk_pci_device_get_socket_id(g_dev),
	      "NUMA id %d", spdk_pci_device_get_numa_id(g_dev));
	CHECK(spdk_iommu_is_enabled() == (strcmp(argv[2], "vfio") == 0),
	      "spdk_iommu_is_enabled() under %s", argv[2]);
	check_config(bdf);
	check_serial();

	CHECK(spdk_pci_device_claim(g_dev) == 0 && lock_holds(bdf, getpid()),
	      "claim of the attached device; the lock file holds our pid");
	spdk_pci_device_unclaim(g_dev);
	CHECK(lock_holds(bdf, getpid()), "unclaim leaves the attach's lock");
	spdk_pci_for_each_device(&n, count_dev);
	CHECK(n == 1, "spdk_pci_for_each_device sees %d device(s)", n);

	check_dma_objects();

	spdk_pci_device_detach(g_dev);
	n = 0;
	spdk_pci_for_each_device(&n, count_dev);
	CHECK(n == 0 && !lock_holds(bdf, getpid()), "after detach: no device, no lock");
	spdk_env_fini();
	printf("env_pci_check: %s\n", g_fails == 0 ? "OK" : "FAILED");
	return g_fails == 0 ? 0 : 1;
}
