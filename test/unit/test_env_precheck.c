/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The checks spdk_env_init() runs before rte_eal_init()
 * (lib/env_dpdk/env_precheck.c), fed with text and sets instead of the
 * machine's /proc and /sys: each refuses exactly the case it names, with
 * a line that names the cause and the command that fixes it.  Also the
 * setup command messages name (lib/log/ealnvme_setup_cmd.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "env_precheck.h"
#include "ealnvme_setup_cmd.h"

static char g_msg[512];

static void
test_cpulist(void)
{
	uint64_t set[ENV_CPUSET_WORDS];

	CU_ASSERT(env_cpulist_parse("0-1\n", set) == 0);
	CU_ASSERT(set[0] == 0x3 && set[1] == 0);
	CU_ASSERT(env_cpulist_parse("0,2-3,64", set) == 0);
	CU_ASSERT(set[0] == 0xd && set[1] == 1);
	CU_ASSERT(env_cpulist_parse("", set) == 0 && set[0] == 0);
	CU_ASSERT(env_cpulist_parse("3-1", set) == -EINVAL);
	CU_ASSERT(env_cpulist_parse("0-", set) == -EINVAL);
	CU_ASSERT(env_cpulist_parse("a", set) == -EINVAL);
	CU_ASSERT(env_cpulist_parse("0;1", set) == -EINVAL);
	CU_ASSERT(env_cpulist_parse("1024", set) == -EINVAL);
}

static void
test_cores(void)
{
	uint64_t online[ENV_CPUSET_WORDS], big[ENV_CPUSET_WORDS];

	env_cpulist_parse("0-1", online);
	CU_ASSERT(env_precheck_cores(NULL, -1, online, g_msg, sizeof(g_msg)) == 0);
	CU_ASSERT(env_precheck_cores("0x1", -1, online, g_msg, sizeof(g_msg)) == 0);
	CU_ASSERT(env_precheck_cores("3", 1, online, g_msg, sizeof(g_msg)) == 0);
	CU_ASSERT(env_precheck_cores("[0-1]", 0, online, g_msg, sizeof(g_msg)) == 0);
	/* perf -c 0x4 on a 2-CPU machine: CPU 2 named, the CPUs listed. */
	CU_ASSERT(env_precheck_cores("0x4", -1, online, g_msg, sizeof(g_msg)) == -EINVAL);
	CU_ASSERT(strstr(g_msg, "CPU 2") != NULL);
	CU_ASSERT(strstr(g_msg, "CPUs 0-1") != NULL);
	CU_ASSERT(env_precheck_cores("[1-2]", -1, online, g_msg, sizeof(g_msg)) == -EINVAL);
	CU_ASSERT(strstr(g_msg, "CPU 2") != NULL);
	CU_ASSERT(env_precheck_cores("0x0", -1, online, g_msg, sizeof(g_msg)) == -EINVAL);
	CU_ASSERT(strstr(g_msg, "selects no CPU") != NULL);
	CU_ASSERT(env_precheck_cores("0xg", -1, online, g_msg, sizeof(g_msg)) == -EINVAL);
	CU_ASSERT(strstr(g_msg, "not a hex mask") != NULL);
	CU_ASSERT(env_precheck_cores("[0-1", -1, online, g_msg, sizeof(g_msg)) == -EINVAL);
	CU_ASSERT(env_precheck_cores("0x", -1, online, g_msg, sizeof(g_msg)) == -EINVAL);
	/* The main core must be one of the mask's. */
	CU_ASSERT(env_precheck_cores("0x2", 0, online, g_msg, sizeof(g_msg)) == -EINVAL);
	CU_ASSERT(strstr(g_msg, "main core 0") != NULL && strstr(g_msg, "e.g. 1") != NULL);
	/* A 200-CPU machine: CPU 150 is there, but beyond DPDK's 128. */
	env_cpulist_parse("0-199", big);
	CU_ASSERT(env_precheck_cores("[150]", -1, big, g_msg, sizeof(g_msg)) == -EINVAL);
	CU_ASSERT(strstr(g_msg, "CPUs 0-127 only") != NULL);
	CU_ASSERT(env_precheck_cores("0x1" "0000000000000000" "0000000000000000", -1, big,
				     g_msg, sizeof(g_msg)) == -EINVAL);	/* bit 128 */
}

#define MEMINFO(total, nfree) \
	"MemTotal:        8000000 kB\n" \
	"HugePages_Total:    " #total "\n" \
	"HugePages_Free:     " #nfree "\n" \
	"HugePages_Rsvd:        0\n" \
	"Hugepagesize:       2048 kB\n"
#define MOUNTS_HUGE "sysfs /sys sysfs rw 0 0\nnodev /dev/hugepages hugetlbfs rw,pagesize=2M 0 0\n"
#define MOUNTS_NONE "sysfs /sys sysfs rw 0 0\nproc /proc proc rw 0 0\n"

static void
test_hugepages(void)
{
	CU_ASSERT(env_precheck_hugepages(MEMINFO(256, 200), MOUNTS_HUGE, 0, 0, -1, NULL,
					 g_msg, sizeof(g_msg)) == 0);
	/* None reserved: the fix is HUGEMEM + the setup command. */
	CU_ASSERT(env_precheck_hugepages(MEMINFO(0, 0), MOUNTS_HUGE, 0, 0, -1, NULL,
					 g_msg, sizeof(g_msg)) == -ENOMEM);
	CU_ASSERT(strstr(g_msg, "no hugepages are reserved") != NULL);
	CU_ASSERT(strstr(g_msg, "HUGEMEM=2048") != NULL);
	CU_ASSERT(strstr(g_msg, ealnvme_setup_cmd()) != NULL);
	/* ... unless pages of another size (1 GiB) are there. */
	CU_ASSERT(env_precheck_hugepages(MEMINFO(0, 0), MOUNTS_HUGE, 4, 4, -1, NULL,
					 g_msg, sizeof(g_msg)) == 0);
	/* Reserved but all used: cleanup is offered. */
	CU_ASSERT(env_precheck_hugepages(MEMINFO(256, 0), MOUNTS_HUGE, 0, 0, -1, NULL,
					 g_msg, sizeof(g_msg)) == -ENOMEM);
	CU_ASSERT(strstr(g_msg, "all 256 hugepages are in use") != NULL);
	CU_ASSERT(strstr(g_msg, "cleanup") != NULL);
	/* -s / mem_size beyond what is free: 10 pages = 20 MiB. */
	CU_ASSERT(env_precheck_hugepages(MEMINFO(256, 10), MOUNTS_HUGE, 0, 0, 64, NULL,
					 g_msg, sizeof(g_msg)) == -ENOMEM);
	CU_ASSERT(strstr(g_msg, "64 MiB") != NULL && strstr(g_msg, "only 20 MiB") != NULL);
	CU_ASSERT(env_precheck_hugepages(MEMINFO(256, 10), MOUNTS_HUGE, 0, 0, 20, NULL,
					 g_msg, sizeof(g_msg)) == 0);
	/* Not mounted, unless a hugedir was given. */
	CU_ASSERT(env_precheck_hugepages(MEMINFO(256, 200), MOUNTS_NONE, 0, 0, -1, NULL,
					 g_msg, sizeof(g_msg)) == -ENOENT);
	CU_ASSERT(strstr(g_msg, "no hugetlbfs is mounted") != NULL);
	CU_ASSERT(strstr(g_msg, "mount -t hugetlbfs") != NULL);
	CU_ASSERT(env_precheck_hugepages(MEMINFO(256, 200), MOUNTS_NONE, 0, 0, -1, "/mnt/huge",
					 g_msg, sizeof(g_msg)) == 0);
	/* A kernel without hugetlb. */
	CU_ASSERT(env_precheck_hugepages("MemTotal: 1 kB\n", MOUNTS_HUGE, 0, 0, -1, NULL,
					 g_msg, sizeof(g_msg)) == -ENOTSUP);
	CU_ASSERT(strstr(g_msg, "CONFIG_HUGETLBFS") != NULL);
}

static void
test_memlock(void)
{
	const char *status = "Name:\tperf\nCapInh:\t0000000000000000\n"
			     "CapEff:\t0000000000004000\nCapBnd:\t000001ffffffffff\n";

	CU_ASSERT(env_status_has_cap(status, 14));
	CU_ASSERT(!env_status_has_cap(status, 21));
	CU_ASSERT(!env_status_has_cap("Name:\tx\nCapEff:\t0000000000000000\n", 14));
	CU_ASSERT(!env_status_has_cap("Name:\tx\n", 14));
	/* Debian's 8 MiB default against 64 MiB: refused, naming both and the fix. */
	CU_ASSERT(env_precheck_memlock(8 << 20, false, 64 << 20, g_msg, sizeof(g_msg)) == -ENOMEM);
	CU_ASSERT(strstr(g_msg, "8192 KiB") != NULL && strstr(g_msg, "64 MiB") != NULL);
	CU_ASSERT(strstr(g_msg, "limits.conf") != NULL && strstr(g_msg, "TARGET_USER") != NULL);
	CU_ASSERT(env_precheck_memlock(8 << 20, true, 64 << 20, g_msg, sizeof(g_msg)) == 0);
	CU_ASSERT(env_precheck_memlock(UINT64_MAX, false, 64 << 20, g_msg, sizeof(g_msg)) == 0);
	CU_ASSERT(env_precheck_memlock(64 << 20, false, 64 << 20, g_msg, sizeof(g_msg)) == 0);
}

/* A fake sysfs: DIR/devices/<bdf>/{class,driver,iommu_group}, DIR/groups/N/devices/. */
static char g_sys[] = "/tmp/ealnvme-precheck.XXXXXX";

static void
fake_dev(const char *bdf, const char *cls, const char *drv, const char *group)
{
	char path[512], target[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/devices/%s", g_sys, bdf);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/devices/%s/class", g_sys, bdf);
	f = fopen(path, "w");
	fprintf(f, "%s\n", cls);
	fclose(f);
	if (drv != NULL) {
		snprintf(path, sizeof(path), "%s/devices/%s/driver", g_sys, bdf);
		snprintf(target, sizeof(target), "../../bus/pci/drivers/%s", drv);
		CU_ASSERT(symlink(target, path) == 0);
	}
	snprintf(path, sizeof(path), "%s/groups/%s", g_sys, group);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/groups/%s/devices", g_sys, group);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/groups/%s/devices/%s", g_sys, group, bdf);
	snprintf(target, sizeof(target), "../../../devices/%s", bdf);
	CU_ASSERT(symlink(target, path) == 0);
	snprintf(path, sizeof(path), "%s/devices/%s/iommu_group", g_sys, bdf);
	snprintf(target, sizeof(target), "../../groups/%s", group);
	CU_ASSERT(symlink(target, path) == 0);
}

static void
test_iommu_group(void)
{
	char devs[600], cmd[700];

	CU_ASSERT_FATAL(mkdtemp(g_sys) != NULL);
	snprintf(devs, sizeof(devs), "%s/devices", g_sys);
	mkdir(devs, 0755);
	snprintf(cmd, sizeof(cmd), "%s/groups", g_sys);
	mkdir(cmd, 0755);
	/* Group 3: the controller alone. Group 7: with a NIC on e1000e and a
	 * bridge on pcieport. Group 9: with a function on no driver and one
	 * on vfio-pci. */
	fake_dev("0000:01:00.0", "0x010802", "vfio-pci", "3");
	fake_dev("0000:02:00.0", "0x010802", "vfio-pci", "7");
	fake_dev("0000:02:00.1", "0x020000", "e1000e", "7");
	fake_dev("0000:00:1c.0", "0x060400", "pcieport", "7");
	fake_dev("0000:03:00.0", "0x010802", "vfio-pci", "9");
	fake_dev("0000:03:00.1", "0x020000", NULL, "9");
	fake_dev("0000:03:00.2", "0x010802", "vfio-pci", "9");

	CU_ASSERT(env_precheck_iommu_group(devs, "0000:01:00.0", g_msg, sizeof(g_msg)) == 0);
	CU_ASSERT(env_precheck_iommu_group(devs, "0000:03:00.0", g_msg, sizeof(g_msg)) == 0);
	CU_ASSERT(env_precheck_iommu_group(devs, "0000:02:00.0", g_msg, sizeof(g_msg)) == -EPERM);
	CU_ASSERT(strstr(g_msg, "IOMMU group 7") != NULL);
	CU_ASSERT(strstr(g_msg, "0000:02:00.1, bound to e1000e") != NULL);
	CU_ASSERT(strstr(g_msg, "0000:00:1c.0") == NULL);	/* bridges are fine */
	CU_ASSERT(strstr(g_msg, "driver/unbind") != NULL);
	/* No IOMMU group at all (uio): nothing to say. */
	snprintf(cmd, sizeof(cmd), "%s/devices/0000:04:00.0", g_sys);
	mkdir(cmd, 0755);
	CU_ASSERT(env_precheck_iommu_group(devs, "0000:04:00.0", g_msg, sizeof(g_msg)) == 0);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_sys);
	CU_ASSERT(system(cmd) == 0);
}

static void
test_setup_cmd(void)
{
	CU_ASSERT_STRING_EQUAL(ealnvme_setup_cmd_for("/src/build/examples/perf/ealnvme_perf",
						     "/src/build"), "scripts/setup.sh");
	CU_ASSERT_STRING_EQUAL(ealnvme_setup_cmd_for("/src/build/x", "/src/build/"),
			       "scripts/setup.sh");
	CU_ASSERT_STRING_EQUAL(ealnvme_setup_cmd_for("/usr/local/bin/ealnvme_perf", "/src/build"),
			       "ealnvme-setup");
	/* A sibling directory with the same prefix is not the build tree. */
	CU_ASSERT_STRING_EQUAL(ealnvme_setup_cmd_for("/src/build2/app", "/src/build"),
			       "ealnvme-setup");
	CU_ASSERT_STRING_EQUAL(ealnvme_setup_cmd_for(NULL, "/src/build"), "ealnvme-setup");
	CU_ASSERT_STRING_EQUAL(ealnvme_setup_cmd_for("/src/build/x", ""), "ealnvme-setup");
	/* This test runs from the build tree. */
	CU_ASSERT_STRING_EQUAL(ealnvme_setup_cmd(), "scripts/setup.sh");
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	suite = CU_add_suite("env_precheck", NULL, NULL);
	CU_add_test(suite, "cpu lists", test_cpulist);
	CU_add_test(suite, "core mask against the online CPUs", test_cores);
	CU_add_test(suite, "hugepages: none, all used, too few, not mounted", test_hugepages);
	CU_add_test(suite, "memlock limit for VFIO", test_memlock);
	CU_add_test(suite, "IOMMU group viability", test_iommu_group);
	CU_add_test(suite, "setup command named in messages", test_setup_cmd);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures == 0 ? 0 : 1;
}
