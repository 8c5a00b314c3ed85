/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Pre-checks before rte_eal_init(): cores, hugepages, the locked-memory
 * limit VFIO needs, IOMMU group viability.  No DPDK here: the checks take
 * their inputs as parameters (unit tested in test/unit/test_env_precheck.c)
 * and env_precheck_run() feeds them from /proc and /sys.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "env_precheck.h"
#include "ealnvme_log.h"
#include "ealnvme_setup_cmd.h"

#define ENV_CPUSET_BITS		(ENV_CPUSET_WORDS * 64)
/* What a tool needs pinned at least (EAL's heap, admin and I/O queues,
 * buffers) when spdk_env_opts.mem_size does not say more. */
#define ENV_MEMLOCK_MIN_MB	64
#define CAP_IPC_LOCK_BIT	14	/* linux/capability.h */

static bool
set_has(const uint64_t *set, unsigned int cpu)
{
	return cpu < ENV_CPUSET_BITS && (set[cpu / 64] >> (cpu % 64)) & 1;
}

int
env_cpulist_parse(const char *list, uint64_t *set)
{
	const char *p = list;

	memset(set, 0, ENV_CPUSET_WORDS * sizeof(*set));
	if (list == NULL) {
		return -EINVAL;
	}
	while (*p != '\0' && !isspace((unsigned char)*p)) {
		char *end;
		unsigned long lo, hi;

		if (!isdigit((unsigned char)*p)) {
			return -EINVAL;
		}
		lo = strtoul(p, &end, 10);
		hi = lo;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1])) {
				return -EINVAL;
			}
			hi = strtoul(end + 1, &end, 10);
		}
		if (hi < lo || hi >= ENV_CPUSET_BITS) {
			return -EINVAL;
		}
		for (unsigned long c = lo; c <= hi; c++) {
			set[c / 64] |= 1ULL << (c % 64);
		}
		p = end;
		if (*p == ',') {
			p++;
		} else if (*p != '\0' && !isspace((unsigned char)*p)) {
			return -EINVAL;
		}
	}
	return 0;
}

/* "0-1,4" for set; "none" when empty. */
static void
cpulist_fmt(const uint64_t *set, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned int c = 0; c < ENV_CPUSET_BITS && off < len; c++) {
		unsigned int e = c;

		if (!set_has(set, c)) {
			continue;
		}
		while (set_has(set, e + 1)) {
			e++;
		}
		off += (size_t)snprintf(buf + off, len - off, e > c ? "%s%u-%u" : "%s%u",
					off ? "," : "", c, e);
		c = e;
	}
	if (buf[0] == '\0') {
		snprintf(buf, len, "none");
	}
}

/* "0x3"/"3" (EAL -c) or "[0-3]" (SPDK's list form) -> set. */
static int
coremask_parse(const char *mask, uint64_t *set)
{
	size_t n;
	unsigned int bit = 0;

	if (mask[0] == '[') {
		char list[256];

		n = strcspn(mask + 1, "]");
		if (mask[1 + n] != ']' || mask[2 + n] != '\0' || n == 0 || n >= sizeof(list)) {
			return -EINVAL;
		}
		memcpy(list, mask + 1, n);
		list[n] = '\0';
		return env_cpulist_parse(list, set);
	}
	memset(set, 0, ENV_CPUSET_WORDS * sizeof(*set));
	if (mask[0] == '0' && (mask[1] == 'x' || mask[1] == 'X')) {
		mask += 2;
	}
	n = strlen(mask);
	if (n == 0) {
		return -EINVAL;
	}
	/* Least significant digit last. */
	for (size_t i = n; i-- > 0; bit += 4) {
		int d = isdigit((unsigned char)mask[i]) ? mask[i] - '0' :
			isxdigit((unsigned char)mask[i]) ? tolower((unsigned char)mask[i]) - 'a' + 10 : -1;

		if (d < 0) {
			return -EINVAL;
		}
		for (unsigned int b = 0; b < 4; b++) {
			if (d & (1 << b)) {
				if (bit + b >= ENV_CPUSET_BITS) {
					return -ERANGE;
				}
				set[(bit + b) / 64] |= 1ULL << ((bit + b) % 64);
			}
		}
	}
	return 0;
}

int
env_precheck_cores(const char *core_mask, int main_core, const uint64_t *online,
		   char *msg, size_t len)
{
	uint64_t want[ENV_CPUSET_WORDS];
	char have[128];
	unsigned int c, first = ENV_CPUSET_BITS;
	int rc;

	if (core_mask == NULL) {
		return 0;	/* EAL takes every core */
	}
	cpulist_fmt(online, have, sizeof(have));
	rc = coremask_parse(core_mask, want);
	if (rc != 0) {
		snprintf(msg, len, "core mask '%s' is not a hex mask (0x3) or a core list ([0-1]); "
			 "this machine's CPUs are %s", core_mask, have);
		return -EINVAL;
	}
	for (c = 0; c < ENV_CPUSET_BITS; c++) {
		if (set_has(want, c)) {
			first = first < c ? first : c;
			if (!set_has(online, c)) {
				snprintf(msg, len, "core mask '%s' names CPU %u, which this machine does "
					 "not have online (CPUs %s): use a mask within those", core_mask,
					 c, have);
				return -EINVAL;
			}
			if (c >= ENV_MAX_CORE) {
				snprintf(msg, len, "core mask '%s' names CPU %u; DPDK handles CPUs 0-%d "
					 "only: use a mask within those", core_mask, c, ENV_MAX_CORE - 1);
				return -EINVAL;
			}
		}
	}
	if (first == ENV_CPUSET_BITS) {
		snprintf(msg, len, "core mask '%s' selects no CPU: name at least one (CPUs %s)",
			 core_mask, have);
		return -EINVAL;
	}
	if (main_core >= 0 && !set_has(want, (unsigned int)main_core)) {
		snprintf(msg, len, "main core %d is not in core mask '%s': add it to the mask or "
			 "choose one of the mask's cores (e.g. %u)", main_core, core_mask, first);
		return -EINVAL;
	}
	return 0;
}

/* Value of "key:   N" in /proc/meminfo text; false when absent. */
static bool
meminfo_value(const char *meminfo, const char *key, uint64_t *val)
{
	size_t klen = strlen(key);

	for (const char *p = meminfo; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
			*val = strtoull(p + klen + 1, NULL, 10);
			return true;
		}
	}
	return false;
}

static bool
hugetlbfs_mounted(const char *mounts)
{
	for (const char *p = mounts; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		char dev[64], dir[256], type[32];

		if (sscanf(p, "%63s %255s %31s", dev, dir, type) == 3 && strcmp(type, "hugetlbfs") == 0) {
			return true;
		}
	}
	return false;
}

int
env_precheck_hugepages(const char *meminfo, const char *mounts, uint64_t extra_total,
		       uint64_t extra_free, int mem_mb, const char *hugedir, char *msg, size_t len)
{
	uint64_t total = 0, nfree = 0, size_kb = 0;
	const char *setup = ealnvme_setup_cmd();

	if (meminfo == NULL || !meminfo_value(meminfo, "Hugepagesize", &size_kb)) {
		snprintf(msg, len, "this kernel has no hugepage support (no Hugepagesize in "
			 "/proc/meminfo): use a kernel built with CONFIG_HUGETLBFS");
		return -ENOTSUP;
	}
	meminfo_value(meminfo, "HugePages_Total", &total);
	meminfo_value(meminfo, "HugePages_Free", &nfree);
	if (total + extra_total == 0) {
		snprintf(msg, len, "no hugepages are reserved (HugePages_Total is 0): reserve them "
			 "as root with 'HUGEMEM=2048 %s' (MiB)", setup);
		return -ENOMEM;
	}
	if (nfree + extra_free == 0) {
		snprintf(msg, len, "all %" PRIu64 " hugepages are in use (HugePages_Free is 0): stop "
			 "the program holding them, remove what dead ones left with '%s cleanup', "
			 "or reserve more with 'HUGEMEM=<MiB> %s'", total + extra_total, setup, setup);
		return -ENOMEM;
	}
	if (mem_mb > 0 && extra_free == 0 && nfree * size_kb / 1024 < (uint64_t)mem_mb) {
		snprintf(msg, len, "%d MiB of hugepage memory asked for (mem_size / -s) but only "
			 "%" PRIu64 " MiB are free: ask for less, or reserve more with "
			 "'HUGEMEM=<MiB> %s'", mem_mb, nfree * size_kb / 1024, setup);
		return -ENOMEM;
	}
	if (hugedir == NULL && !hugetlbfs_mounted(mounts)) {
		snprintf(msg, len, "hugepages are reserved but no hugetlbfs is mounted: run '%s' as "
			 "root (it mounts /dev/hugepages), or 'mount -t hugetlbfs nodev /dev/hugepages'",
			 setup);
		return -ENOENT;
	}
	return 0;
}

int
env_precheck_memlock(uint64_t limit, bool cap_ipc_lock, uint64_t need, char *msg, size_t len)
{
	if (cap_ipc_lock || limit == UINT64_MAX || limit >= need) {
		return 0;
	}
	snprintf(msg, len, "the locked-memory limit (ulimit -l) is %" PRIu64 " KiB but VFIO pins "
		 "the DMA memory, %" PRIu64 " MiB here, against it: raise it (a 'memlock' line in "
		 "/etc/security/limits.conf, or 'ulimit -l unlimited' as root; "
		 "'TARGET_USER=<user> %s' prints the line) or run as root",
		 limit / 1024, need >> 20, ealnvme_setup_cmd());
	return -ENOMEM;
}

bool
env_status_has_cap(const char *status, unsigned int cap)
{
	const char *p = status != NULL ? strstr(status, "\nCapEff:") : NULL;

	if (p == NULL || cap >= 64) {
		return false;
	}
	return (strtoull(p + strlen("\nCapEff:"), NULL, 16) >> cap) & 1;
}

/* Last path component of the link at path, in buf ("" when none). */
static void
link_name(const char *path, char *buf, size_t len)
{
	char target[PATH_MAX];
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	const char *slash;

	buf[0] = '\0';
	if (n <= 0) {
		return;
	}
	target[n] = '\0';
	slash = strrchr(target, '/');
	slash = slash != NULL ? slash + 1 : target;
	n = (ssize_t)strlen(slash);
	if ((size_t)n >= len) {
		return;	/* not a driver or group name */
	}
	memcpy(buf, slash, (size_t)n + 1);
}

/* First line of a small file in buf ("" when unreadable). */
static void
read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f != NULL) {
		if (fgets(buf, (int)len, f) != NULL) {
			buf[strcspn(buf, "\n")] = '\0';
		}
		fclose(f);
	}
}

int
env_precheck_iommu_group(const char *pci_devices, const char *bdf, char *msg, size_t len)
{
	char path[PATH_MAX], group[32], drv[64], cls[32];
	struct dirent *de;
	DIR *dir;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s/iommu_group", pci_devices, bdf);
	link_name(path, group, sizeof(group));
	if (group[0] == '\0') {
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s/iommu_group/devices", pci_devices, bdf);
	dir = opendir(path);
	if (dir == NULL) {
		return 0;
	}
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, bdf) == 0) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s/driver", pci_devices, de->d_name);
		link_name(path, drv, sizeof(drv));
		snprintf(path, sizeof(path), "%s/%s/class", pci_devices, de->d_name);
		read_line(path, cls, sizeof(cls));
		/* The kernel lets a group be used when its other devices are on
		 * vfio-pci, pci-stub, no driver, or are bridges (class 0x0604). */
		if (drv[0] == '\0' || strcmp(drv, "vfio-pci") == 0 || strcmp(drv, "pci-stub") == 0 ||
		    strncmp(cls, "0x0604", 6) == 0) {
			continue;
		}
		snprintf(msg, len, "%s: VFIO cannot use it: IOMMU group %s also holds %s, bound to "
			 "%s; unbind that device too (echo %s > %s/%s/driver/unbind) or move the "
			 "controller to a slot with its own group", bdf, group, de->d_name, drv,
			 de->d_name, pci_devices, de->d_name);
		rc = -EPERM;
	}
	closedir(dir);
	return rc;
}

/* Whole small file into buf (NUL-terminated); false when unreadable. */
static bool
read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t off = 0;
	ssize_t n = 1;

	if (fd < 0) {
		return false;
	}
	while (off < len - 1 && (n = read(fd, buf + off, len - 1 - off)) > 0) {
		off += (size_t)n;
	}
	close(fd);
	buf[off] = '\0';
	return n >= 0;
}

/* Pages of hugepage sizes other than default_kb (sysfs), total and free. */
static void
hugepages_other_sizes(uint64_t default_kb, uint64_t *total, uint64_t *nfree)
{
	const char *base = "/sys/kernel/mm/hugepages";
	char path[PATH_MAX], line[32];
	struct dirent *de;
	DIR *dir = opendir(base);

	*total = *nfree = 0;
	while (dir != NULL && (de = readdir(dir)) != NULL) {
		unsigned long long kb;

		if (sscanf(de->d_name, "hugepages-%llukB", &kb) != 1 || kb == default_kb) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s/nr_hugepages", base, de->d_name);
		read_line(path, line, sizeof(line));
		*total += strtoull(line, NULL, 10);
		snprintf(path, sizeof(path), "%s/%s/free_hugepages", base, de->d_name);
		read_line(path, line, sizeof(line));
		*nfree += strtoull(line, NULL, 10);
	}
	if (dir != NULL) {
		closedir(dir);
	}
}

/* Devices bound to vfio-pci (entries like 0000:01:00.0 in its sysfs dir). */
static void
vfio_check_groups(bool *any)
{
	const char *devs = "/sys/bus/pci/devices";
	char msg[512], path[PATH_MAX], cls[32];
	struct dirent *de;
	DIR *dir = opendir("/sys/bus/pci/drivers/vfio-pci");

	*any = false;
	while (dir != NULL && (de = readdir(dir)) != NULL) {
		if (strchr(de->d_name, ':') == NULL) {
			continue;
		}
		*any = true;
		snprintf(path, sizeof(path), "%s/%s/class", devs, de->d_name);
		read_line(path, cls, sizeof(cls));
		if (strcmp(cls, "0x010802") == 0 &&
		    env_precheck_iommu_group(devs, de->d_name, msg, sizeof(msg)) != 0) {
			EALNVME_WARNLOG("%s", msg);
		}
	}
	if (dir != NULL) {
		closedir(dir);
	}
}

int
env_precheck_run(const struct spdk_env_opts *opts)
{
	static char text[64 * 1024];	/* /proc/mounts can be long */
	char meminfo[8192], msg[512];
	uint64_t online[ENV_CPUSET_WORDS];
	int rc = 0;

	if (opts->lcore_map == NULL && read_text("/sys/devices/system/cpu/online", msg, sizeof(msg)) &&
	    env_cpulist_parse(msg, online) == 0) {
		rc = env_precheck_cores(opts->core_mask, opts->main_core, online, msg, sizeof(msg));
		if (rc != 0) {
			EALNVME_ERRLOG("%s", msg);
			return rc;
		}
	}
	if (!opts->no_huge && read_text("/proc/meminfo", meminfo, sizeof(meminfo)) &&
	    read_text("/proc/mounts", text, sizeof(text))) {
		uint64_t size_kb = 0, xtotal, xfree;

		meminfo_value(meminfo, "Hugepagesize", &size_kb);
		hugepages_other_sizes(size_kb, &xtotal, &xfree);
		rc = env_precheck_hugepages(meminfo, text, xtotal, xfree, opts->mem_size,
					    opts->hugedir, msg, sizeof(msg));
		if (rc != 0) {
			EALNVME_ERRLOG("%s", msg);
			return rc;
		}
	}
	if (!opts->no_pci && !opts->no_huge) {
		struct rlimit rl;
		bool vfio;
		uint64_t need = (uint64_t)(opts->mem_size > 0 ? opts->mem_size : ENV_MEMLOCK_MIN_MB) << 20;

		vfio_check_groups(&vfio);
		if (vfio && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
		    read_text("/proc/self/status", text, sizeof(text))) {
			uint64_t limit = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur;

			rc = env_precheck_memlock(limit, env_status_has_cap(text, CAP_IPC_LOCK_BIT), need,
						  msg, sizeof(msg));
			if (rc != 0) {
				EALNVME_ERRLOG("%s", msg);
				return rc;
			}
		}
	}
	return 0;
}
