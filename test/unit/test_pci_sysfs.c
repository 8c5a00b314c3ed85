/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The real DPDK env against a mocked PCI bus: a fake sysfs tree (pointed to
 * by SYSFS_PCI_DEVICES, which DPDK's bus scan honours) with two NVMe-class
 * devices bound to a driver, one with no driver (which DPDK 22.11's scan
 * skips, so it is invisible by design) and two other classes.  DPDK's own
 * scan runs; the shim must see exactly the two bound NVMe devices, refuse
 * the one bound to the kernel with a clear error, fail cleanly to map the
 * "vfio-pci" one (there is no real VFIO device behind it), and the probe
 * path above must report no controller.  A second "vfio-pci" device sits
 * in PCI domain 0x10000 (as behind VMD).  spdk_env_opts.pci_blocked and
 * pci_allowed are checked twice: given to a fresh EAL (one child process
 * each), and adopted by a running one, where only the shim enforces them.
 * Runs without hugepages (EAL --no-huge) and without root-only devices.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <rte_memory.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "env_internal.h"

struct fake_dev {
	const char	*bdf;
	uint16_t	vendor, device, subvendor, subdevice;
	uint32_t	class_code;
	const char	*driver;	/* NULL: no driver link */
};

static const struct fake_dev g_fake_devs[] = {
	{ "0000:00:04.0", 0x1b36, 0x0010, 0x1af4, 0x1100, 0x010802, "vfio-pci" },
	/* a 32-bit PCI domain, as devices behind Intel VMD have */
	{ "10000:00:04.0", 0x8086, 0x0a54, 0x8086, 0x4712, 0x010802, "vfio-pci" },
	{ "0000:05:00.0", 0x144d, 0xa808, 0x144d, 0xa801, 0x010802, "nvme" },
	{ "0000:06:00.0", 0x8086, 0x0953, 0x8086, 0x3702, 0x010802, NULL },	/* unbound */
	{ "0000:00:03.0", 0x8086, 0x100e, 0x1af4, 0x1100, 0x020000, "e1000" },	/* NIC */
	{ "0000:00:1f.2", 0x8086, 0x2922, 0x1af4, 0x1100, 0x010601, "ahci" },	/* AHCI */
};
#define NUM_FAKE_DEVS (sizeof(g_fake_devs) / sizeof(g_fake_devs[0]))

static char g_root[256];

static void
write_file(const char *dir, const char *name, const char *fmt, unsigned long long v)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(f, fmt, v);
	fclose(f);
}

static int
make_fake_tree(void)
{
	char devices[300], drivers[300];

	snprintf(g_root, sizeof(g_root), "/tmp/ealnvme_sysfs_XXXXXX");
	if (mkdtemp(g_root) == NULL) {
		return -1;
	}
	snprintf(devices, sizeof(devices), "%s/devices", g_root);
	snprintf(drivers, sizeof(drivers), "%s/drivers", g_root);
	mkdir(devices, 0755);
	mkdir(drivers, 0755);
	for (size_t i = 0; i < NUM_FAKE_DEVS; i++) {
		const struct fake_dev *d = &g_fake_devs[i];
		char dir[600], path[700], target[700];
		FILE *f;

		snprintf(dir, sizeof(dir), "%s/%s", devices, d->bdf);
		mkdir(dir, 0755);
		write_file(dir, "vendor", "0x%04llx\n", d->vendor);
		write_file(dir, "device", "0x%04llx\n", d->device);
		write_file(dir, "subsystem_vendor", "0x%04llx\n", d->subvendor);
		write_file(dir, "subsystem_device", "0x%04llx\n", d->subdevice);
		write_file(dir, "class", "0x%06llx\n", d->class_code);
		write_file(dir, "numa_node", "%lld\n", 0);
		/* BAR0: 16 KiB of memory space; the other BARs unused. */
		snprintf(path, sizeof(path), "%s/resource", dir);
		f = fopen(path, "w");
		if (f == NULL) {
			return -1;
		}
		fprintf(f, "0x00000000fe%06zx 0x00000000fe%06zx 0x0000000000140204\n",
			i << 16, (i << 16) + 0x3fff);
		for (int bar = 1; bar < 13; bar++) {
			fprintf(f, "0x0000000000000000 0x0000000000000000 0x0000000000000000\n");
		}
		fclose(f);
		if (d->driver != NULL) {
			snprintf(target, sizeof(target), "%s/%s", drivers, d->driver);
			mkdir(target, 0755);
			snprintf(path, sizeof(path), "%s/driver", dir);
			if (symlink(target, path) != 0) {
				return -1;
			}
		}
	}
	setenv("SYSFS_PCI_DEVICES", devices, 1);
	return 0;
}

static int
suite_init(void)
{
	struct spdk_env_opts opts;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "test_pci_sysfs";
	opts.no_huge = true;
	opts.mem_size = 64;
	return spdk_env_init(&opts);
}

static int
suite_fini(void)
{
	spdk_env_fini();
	return 0;
}

static int
remove_fake_tree(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_root);
	return system(cmd) == 0 ? 0 : -1;
}

struct seen {
	struct env_pci_scan_entry	entries[8];
	char				drivers[8][32];
	int				count;
};

static int
collect_cb(void *ctx, const struct env_pci_scan_entry *e)
{
	struct seen *s = ctx;

	CU_ASSERT_FATAL(s->count < 8);
	s->entries[s->count] = *e;
	snprintf(s->drivers[s->count], sizeof(s->drivers[0]), "%s", e->kernel_driver);
	s->count++;
	return 0;
}

static const struct env_pci_scan_entry *
find_seen(const struct seen *s, const char *bdf)
{
	struct spdk_pci_addr want;

	CU_ASSERT_FATAL(spdk_pci_addr_parse(&want, bdf) == 0);
	for (int i = 0; i < s->count; i++) {
		if (spdk_pci_addr_compare(&s->entries[i].addr, &want) == 0) {
			return &s->entries[i];
		}
	}
	return NULL;
}

static void
test_scan_sees_exactly_nvme(void)
{
	struct seen s = { 0 };
	const struct env_pci_scan_entry *e;

	CU_ASSERT_EQUAL(env_pci_scan_nvme(collect_cb, &s), 0);
	CU_ASSERT_EQUAL(s.count, 3);
	/* the domain above 0xffff comes through whole */
	e = find_seen(&s, "10000:00:04.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->addr.domain, 0x10000);
	CU_ASSERT_EQUAL(e->id.device_id, 0x0a54);
	CU_ASSERT_TRUE(e->mappable);
	e = find_seen(&s, "0000:00:04.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->id.vendor_id, 0x1b36);
	CU_ASSERT_EQUAL(e->id.device_id, 0x0010);
	CU_ASSERT_EQUAL(e->id.subvendor_id, 0x1af4);
	CU_ASSERT_EQUAL(e->id.class_id, 0x010802);
	CU_ASSERT_TRUE(e->mappable);
	CU_ASSERT_STRING_EQUAL(s.drivers[e - s.entries], "vfio-pci");
	e = find_seen(&s, "0000:05:00.0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->id.vendor_id, 0x144d);
	CU_ASSERT_EQUAL(e->id.device_id, 0xa808);
	CU_ASSERT_FALSE(e->mappable);
	/* bound to the kernel's nvme driver: DPDK cannot map it */
	CU_ASSERT_STRING_EQUAL(s.drivers[e - s.entries], "nvme");
	CU_ASSERT_PTR_NULL(find_seen(&s, "0000:06:00.0"));
	CU_ASSERT_PTR_NULL(find_seen(&s, "0000:00:03.0"));
	CU_ASSERT_PTR_NULL(find_seen(&s, "0000:00:1f.2"));
}

static int
stop_cb(void *ctx, const struct env_pci_scan_entry *e)
{
	(void)e;
	(*(int *)ctx)++;
	return 42;
}

static void
test_scan_stops_on_callback(void)
{
	int calls = 0;

	CU_ASSERT_EQUAL(env_pci_scan_nvme(stop_cb, &calls), 42);
	CU_ASSERT_EQUAL(calls, 1);
}

static int g_enum_calls;

static int
enum_cb(void *ctx, struct spdk_pci_device *dev)
{
	(void)ctx;
	(void)dev;
	g_enum_calls++;
	return 1;
}

static void
test_enumerate_skips_unbound(void)
{
	g_enum_calls = 0;
	CU_ASSERT_EQUAL(spdk_pci_enumerate(spdk_pci_nvme_get_driver(), enum_cb, NULL), 0);
	CU_ASSERT_EQUAL(g_enum_calls, 0);
	CU_ASSERT_EQUAL(spdk_pci_enumerate(NULL, enum_cb, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_pci_enumerate(spdk_pci_nvme_get_driver(), NULL, NULL), -EINVAL);
}

static void
test_attach_errors(void)
{
	struct spdk_pci_addr addr;

	g_enum_calls = 0;
	/* NVMe bound to the kernel's nvme driver */
	spdk_pci_addr_parse(&addr, "0000:05:00.0");
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-ENODEV);
	/* "bound to vfio-pci" but nothing real to map: an error, no callback */
	spdk_pci_addr_parse(&addr, "0000:00:04.0");
	CU_ASSERT(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr) < 0);
	/* unbound: DPDK does not list it */
	spdk_pci_addr_parse(&addr, "0000:06:00.0");
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-ENODEV);
	/* a NIC, not NVMe */
	spdk_pci_addr_parse(&addr, "0000:00:03.0");
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-ENODEV);
	/* nothing there */
	spdk_pci_addr_parse(&addr, "0000:09:00.0");
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-ENODEV);
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, NULL),
			-EINVAL);
	CU_ASSERT_EQUAL(g_enum_calls, 0);
}

static int g_attach_calls;

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)ctx;
	(void)trid;
	(void)ctrlr;
	(void)opts;
	g_attach_calls++;
}

static void
test_nvme_probe_paths(void)
{
	struct spdk_nvme_transport_id trid = { 0 };
	int rc;

	g_attach_calls = 0;
	/* whole bus: nothing usable, no error */
	CU_ASSERT_EQUAL(spdk_nvme_probe(NULL, NULL, NULL, attach_cb, NULL), 0);
	/* one address, bound to the kernel */
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(&trid, "trtype:PCIe traddr:0000:05:00.0"), 0);
	CU_ASSERT_EQUAL(spdk_nvme_probe(&trid, NULL, NULL, attach_cb, NULL), -ENODEV);
	CU_ASSERT_PTR_NULL(spdk_nvme_connect(&trid, NULL, 0));
	/* TCP is built in: nothing listens here, so the connection's error */
	memset(&trid, 0, sizeof(trid));
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(&trid,
			"trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420"), 0);
	rc = spdk_nvme_probe(&trid, NULL, NULL, attach_cb, NULL);
	CU_ASSERT(rc < 0 && rc != -ENOTSUP);
	/* a transport not built in */
	memset(&trid, 0, sizeof(trid));
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(&trid,
			"trtype:RDMA adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420"), 0);
	CU_ASSERT_EQUAL(spdk_nvme_probe(&trid, NULL, NULL, attach_cb, NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(g_attach_calls, 0);
}

/* The O(1) map (env_vtophys.c) gives DPDK's own answer, without its walk. */
static void
test_vtophys_map(void)
{
	const size_t len = 3u << 20;
	char *big = spdk_dma_zmalloc(len, 4096, NULL);
	uint64_t before, size;
	char local;

	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	before = env_vtophys_fallbacks();
	for (size_t off = 0; off < len; off += 4096 * 7 + 123) {
		CU_ASSERT_EQUAL(spdk_vtophys(big + off, NULL), rte_mem_virt2iova(big + off));
	}
	/* The length asked for, never more; whole when IOVA-contiguous. */
	size = 8192;
	CU_ASSERT_EQUAL(spdk_vtophys(big + 4000, &size), rte_mem_virt2iova(big + 4000));
	CU_ASSERT(size == 8192 ||
		  rte_mem_virt2iova(big + 4000 + size) != rte_mem_virt2iova(big + 4000) + size);
	size = len;
	spdk_vtophys(big, &size);
	CU_ASSERT(size >= 4096 && size <= len);
	for (uint64_t off = 0; off < size; off += 4096) {
		CU_ASSERT_EQUAL(rte_mem_virt2iova(big + off), rte_mem_virt2iova(big) + off);
	}
	CU_ASSERT_EQUAL(env_vtophys_fallbacks(), before);
	/* Not DPDK memory: the fallback says so. */
	CU_ASSERT_EQUAL(spdk_vtophys(&local, NULL), SPDK_VTOPHYS_ERROR);
	CU_ASSERT_EQUAL(env_vtophys_fallbacks(), before + 1);
	spdk_dma_free(big);
}

static void
test_dma_memory(void)
{
	uint64_t phys = 0, size;
	char stack_buf[64];
	char *buf = spdk_zmalloc(8192, 4096, &phys, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL((uintptr_t)buf & 4095, 0);
	CU_ASSERT_NOT_EQUAL(phys, SPDK_VTOPHYS_ERROR);
	CU_ASSERT_EQUAL(buf[0], 0);
	CU_ASSERT_EQUAL(buf[8191], 0);
	size = 100;
	CU_ASSERT_EQUAL(spdk_vtophys(buf + 100, &size), phys + 100);
	CU_ASSERT_EQUAL(size, 100);
	CU_ASSERT_EQUAL(spdk_vtophys(stack_buf, NULL), SPDK_VTOPHYS_ERROR);
	spdk_free(buf);
	test_vtophys_map();
	/* alignment must be a power of two */
	CU_ASSERT_PTR_NULL(spdk_zmalloc(64, 3, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA));
	/* DPDK takes a 32-bit alignment: 4 GiB and more would silently become
	 * cache-line alignment, so they are refused (issue 10). */
	CU_ASSERT_PTR_NULL(spdk_dma_malloc(64, 1ull << 32, NULL));
	CU_ASSERT_PTR_NULL(spdk_dma_zmalloc(64, 1ull << 40, NULL));
	CU_ASSERT_PTR_NULL(spdk_malloc(64, 1ull << 33, NULL, SPDK_ENV_SOCKET_ID_ANY,
				       SPDK_MALLOC_DMA));
	/* absurd sizes (a negative length cast to size_t) */
	CU_ASSERT_PTR_NULL(spdk_dma_malloc((size_t)-4096, 4096, NULL));
	buf = spdk_dma_malloc(4096, 1u << 20, &phys);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL((uintptr_t)buf & ((1u << 20) - 1), 0);
	spdk_dma_free(buf);
	CU_ASSERT(spdk_get_ticks_hz() > 0);
	CU_ASSERT(spdk_env_get_core_count() == 1);
}

/* --- PCI lists: the EAL arguments (one child process per EAL) ------------- */

static void
list_opts(struct spdk_env_opts *opts, struct spdk_pci_addr *blocked,
	  struct spdk_pci_addr *allowed, size_t n)
{
	opts->opts_size = sizeof(*opts);
	spdk_env_opts_init(opts);
	opts->name = "test_pci_lists";
	opts->no_huge = true;
	opts->mem_size = 64;
	opts->pci_blocked = blocked;
	opts->pci_allowed = allowed;
	opts->num_pci_addr = n;
}

/*
 * In a child: spdk_env_init(opts) must succeed and DPDK's own scan must list
 * exactly the NVMe devices named in want (space separated, canonical form).
 * Exit status: 0 yes, 1 init failed, 2 the scan differs.
 */
static void
child_expect_scan(const struct spdk_env_opts *opts, const char *want)
{
	struct seen s = { 0 };
	char got[256] = "";
	int rc;

	if (spdk_env_init(opts) != 0) {
		_exit(1);
	}
	rc = env_pci_scan_nvme(collect_cb, &s);
	for (int i = 0; i < s.count; i++) {
		char bdf[SPDK_PCI_ADDR_FMT_LEN];

		spdk_pci_addr_fmt(bdf, sizeof(bdf), &s.entries[i].addr);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? " " : "", bdf);
	}
	spdk_env_fini();
	if (rc != 0 || strcmp(got, want) != 0) {
		fprintf(stderr, "scan: got '%s', want '%s'\n", got, want);
		_exit(2);
	}
	_exit(0);
}

static int
run_child(const struct spdk_env_opts *opts, const char *want)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		child_expect_scan(opts, want);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		return -1;
	}
	return WEXITSTATUS(status);
}

static void
test_eal_list_malformed(void)
{
	struct spdk_pci_addr bad = { .domain = 0, .bus = 0, .dev = 0x20, .func = 0 };
	struct spdk_env_opts opts;

	/* device 0x20 has no BDF spelling EAL accepts: refused before rte_eal_init */
	list_opts(&opts, &bad, NULL, 1);
	CU_ASSERT_EQUAL(spdk_env_init(&opts), -EINVAL);
	bad.dev = 4;
	bad.func = 8;
	list_opts(&opts, NULL, &bad, 1);
	CU_ASSERT_EQUAL(spdk_env_init(&opts), -EINVAL);
}

static void
test_eal_blocked(void)
{
	struct spdk_pci_addr blocked[1];
	struct spdk_env_opts opts;

	CU_ASSERT_FATAL(spdk_pci_addr_parse(&blocked[0], "0000:00:04.0") == 0);
	list_opts(&opts, blocked, NULL, 1);
	/* DPDK (given -b) never scans it; the rest is listed as without a list */
	CU_ASSERT_EQUAL(run_child(&opts, "0000:05:00.0 10000:00:04.0"), 0);
	/* a 32-bit domain is passed to the EAL whole */
	CU_ASSERT_FATAL(spdk_pci_addr_parse(&blocked[0], "10000:00:04.0") == 0);
	CU_ASSERT_EQUAL(run_child(&opts, "0000:00:04.0 0000:05:00.0"), 0);
}

static void
test_eal_allowed(void)
{
	struct spdk_pci_addr allowed[2];
	struct spdk_env_opts opts;

	CU_ASSERT_FATAL(spdk_pci_addr_parse(&allowed[0], "10000:00:04.0") == 0);
	CU_ASSERT_FATAL(spdk_pci_addr_parse(&allowed[1], "0000:05:00.0") == 0);
	list_opts(&opts, NULL, allowed, 2);
	CU_ASSERT_EQUAL(run_child(&opts, "0000:05:00.0 10000:00:04.0"), 0);
	list_opts(&opts, NULL, allowed, 1);
	CU_ASSERT_EQUAL(run_child(&opts, "10000:00:04.0"), 0);
}

static void
test_eal_both(void)
{
	struct spdk_pci_addr blocked[1], allowed[1];
	struct spdk_env_opts opts;

	/* EAL gets the blocked list (it refuses -a with -b) and starts */
	CU_ASSERT_FATAL(spdk_pci_addr_parse(&blocked[0], "0000:00:04.0") == 0);
	CU_ASSERT_FATAL(spdk_pci_addr_parse(&allowed[0], "0000:00:04.0") == 0);
	list_opts(&opts, blocked, allowed, 1);
	CU_ASSERT_EQUAL(run_child(&opts, "0000:05:00.0 10000:00:04.0"), 0);
}

/* --- PCI lists: the shim, on an EAL that never saw them ------------------- */

static char g_log[16384];
static int g_saved_stderr = -1;
static FILE *g_log_file;

/* Send stderr (where ealnvme logs) to a file until capture_end(). */
static void
capture_begin(void)
{
	fflush(stderr);
	g_log_file = tmpfile();
	CU_ASSERT_FATAL(g_log_file != NULL);
	g_saved_stderr = dup(STDERR_FILENO);
	dup2(fileno(g_log_file), STDERR_FILENO);
}

static const char *
capture_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(g_saved_stderr, STDERR_FILENO);
	close(g_saved_stderr);
	rewind(g_log_file);
	n = fread(g_log, 1, sizeof(g_log) - 1, g_log_file);
	g_log[n] = '\0';
	fclose(g_log_file);
	/* echo it, so the test log still shows what the library said */
	fputs(g_log, stderr);
	return g_log;
}

/* Adopt the running EAL with these lists, as an application that called
 * rte_eal_init() itself and then spdk_env_init(&opts) does. */
static void
set_lists(struct spdk_pci_addr *blocked, struct spdk_pci_addr *allowed, size_t n)
{
	struct spdk_env_opts opts;

	list_opts(&opts, blocked, allowed, n);
	CU_ASSERT_EQUAL(spdk_env_init(&opts), 0);
}

static void
test_enumerate_blocked(void)
{
	struct spdk_pci_addr blocked[1];
	const char *log;

	/* Without a list both "vfio-pci" devices are tried (and fail to map). */
	capture_begin();
	CU_ASSERT_EQUAL(spdk_pci_enumerate(spdk_pci_nvme_get_driver(), enum_cb, NULL), 0);
	log = capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 0000:00:04.0: DPDK could not map"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 10000:00:04.0: DPDK could not map"));

	CU_ASSERT_FATAL(spdk_pci_addr_parse(&blocked[0], "0000:00:04.0") == 0);
	set_lists(blocked, NULL, 1);
	g_enum_calls = 0;
	capture_begin();
	CU_ASSERT_EQUAL(spdk_pci_enumerate(spdk_pci_nvme_get_driver(), enum_cb, NULL), 0);
	log = capture_end();
	/* never handed to DPDK, and said so; the other one still is */
	CU_ASSERT_PTR_NULL(strstr(log, " 0000:00:04.0: DPDK could not map"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 0000:00:04.0: listed in spdk_env_opts.pci_blocked, "
				      "skipping it"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 10000:00:04.0: DPDK could not map"));
	CU_ASSERT_EQUAL(g_enum_calls, 0);
	set_lists(NULL, NULL, 0);
}

static void
test_enumerate_allowed(void)
{
	struct spdk_pci_addr allowed[1], blocked[1];
	const char *log;

	CU_ASSERT_FATAL(spdk_pci_addr_parse(&allowed[0], "10000:00:04.0") == 0);
	set_lists(NULL, allowed, 1);
	capture_begin();
	CU_ASSERT_EQUAL(spdk_pci_enumerate(spdk_pci_nvme_get_driver(), enum_cb, NULL), 0);
	log = capture_end();
	CU_ASSERT_PTR_NULL(strstr(log, " 0000:00:04.0: DPDK could not map"));
	/* not even the kernel-bound one is talked about: it is not ours to use */
	CU_ASSERT_PTR_NULL(strstr(log, "0000:05:00.0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 10000:00:04.0: DPDK could not map"));

	/* allowed and blocked: blocked wins, nothing is tried */
	blocked[0] = allowed[0];
	set_lists(blocked, allowed, 1);
	capture_begin();
	CU_ASSERT_EQUAL(spdk_pci_enumerate(spdk_pci_nvme_get_driver(), enum_cb, NULL), 0);
	log = capture_end();
	CU_ASSERT_PTR_NULL(strstr(log, "DPDK could not map"));
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 10000:00:04.0: listed in spdk_env_opts.pci_blocked"));
	set_lists(NULL, NULL, 0);
}

static void
test_attach_refused(void)
{
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_pci_addr blocked[1], allowed[1], addr;
	const char *log;

	CU_ASSERT_FATAL(spdk_pci_addr_parse(&blocked[0], "0000:00:04.0") == 0);
	set_lists(blocked, NULL, 1);
	g_enum_calls = 0;
	addr = blocked[0];
	capture_begin();
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-EPERM);
	log = capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 0000:00:04.0: not attaching, the device is listed "
				      "in spdk_env_opts.pci_blocked"));
	CU_ASSERT_PTR_NULL(strstr(log, "DPDK could not map"));
	/* the same through the NVMe API, with the address in the trid */
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(&trid, "trtype:PCIe traddr:0000:00:04.0"), 0);
	capture_begin();
	CU_ASSERT_EQUAL(spdk_nvme_probe(&trid, NULL, NULL, attach_cb, NULL), -EPERM);
	log = capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 0000:00:04.0: not attaching"));
	CU_ASSERT_PTR_NULL(strstr(log, "DPDK could not map"));

	/* an allowed list refuses every other address */
	CU_ASSERT_FATAL(spdk_pci_addr_parse(&allowed[0], "0000:00:04.0") == 0);
	set_lists(NULL, allowed, 1);
	CU_ASSERT_FATAL(spdk_pci_addr_parse(&addr, "10000:00:04.0") == 0);
	capture_begin();
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-EPERM);
	log = capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(log, " 10000:00:04.0: not attaching, the device is not "
				      "listed in spdk_env_opts.pci_allowed"));
	/* the allowed one is tried (and fails to map: there is no real VFIO device) */
	addr = allowed[0];
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-ENODEV);
	CU_ASSERT_EQUAL(g_enum_calls, 0);

	/* lists cleared: the blocked device is tried again */
	set_lists(NULL, NULL, 0);
	addr = blocked[0];
	CU_ASSERT_EQUAL(spdk_pci_device_attach(spdk_pci_nvme_get_driver(), enum_cb, NULL, &addr),
			-ENODEV);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned failures;

	if (make_fake_tree() != 0 || CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	/* First, while this process has no EAL: each test starts one in a child. */
	suite = CU_add_suite("eal_pci_lists", NULL, NULL);
	CU_add_test(suite, "malformed list entry: -EINVAL before EAL starts",
		    test_eal_list_malformed);
	CU_add_test(suite, "pci_blocked reaches the EAL", test_eal_blocked);
	CU_add_test(suite, "pci_allowed reaches the EAL", test_eal_allowed);
	CU_add_test(suite, "both lists: blocked wins", test_eal_both);
	suite = CU_add_suite("pci_sysfs", suite_init, suite_fini);
	CU_add_test(suite, "scan sees exactly the NVMe devices", test_scan_sees_exactly_nvme);
	CU_add_test(suite, "scan stops when the callback says so", test_scan_stops_on_callback);
	CU_add_test(suite, "enumerate skips devices not bound to vfio/uio",
		    test_enumerate_skips_unbound);
	CU_add_test(suite, "attach errors", test_attach_errors);
	CU_add_test(suite, "spdk_nvme_probe paths", test_nvme_probe_paths);
	CU_add_test(suite, "DMA memory and translation", test_dma_memory);
	CU_add_test(suite, "enumerate skips a blocked device", test_enumerate_blocked);
	CU_add_test(suite, "an allowed list limits enumeration", test_enumerate_allowed);
	CU_add_test(suite, "attach by address of a refused device", test_attach_refused);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	if (remove_fake_tree() != 0) {
		failures++;
	}
	return failures ? 1 : 0;
}
