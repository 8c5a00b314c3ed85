/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Checks run before rte_eal_init() (env_precheck.c), so that a machine that
 * cannot work gets one line naming the cause and the fix, instead of DPDK's
 * lines (or, for a bad core mask, its whole usage text on stdout).
 *
 * Each check takes what it inspects as parameters (file contents, a CPU
 * set, a limit) so the unit tests need neither root nor the machine's
 * state; env_precheck_run() reads the real inputs.  A check returns 0, or a
 * negative errno with the line in msg.
 */
#ifndef EALNVME_ENV_PRECHECK_H
#define EALNVME_ENV_PRECHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spdk/env.h"

/* CPU sets as bitmaps of ENV_CPUSET_WORDS 64-bit words. */
#define ENV_CPUSET_WORDS	16	/* 1024 CPUs */
#define ENV_MAX_CORE		128	/* RTE_MAX_LCORE of Debian's DPDK 22.11 */

/* "0-3,8,10-11" (sysfs cpu lists, EAL -l) -> set.  0 or -EINVAL. */
int env_cpulist_parse(const char *list, uint64_t *set);

/*
 * The cores spdk_env_opts asks for (core_mask "0x3" / "3", or "[0-3]") and
 * main_core (-1: none) against the online CPUs.  -EINVAL: a core the
 * machine does not have, a malformed mask, an empty one, or a main core
 * outside it.
 */
int env_precheck_cores(const char *core_mask, int main_core, const uint64_t *online,
		       char *msg, size_t len);

/*
 * Hugepages from /proc/meminfo and /proc/mounts text.  extra_total/free:
 * pages of sizes other than the default one (sysfs), which DPDK also uses.
 * mem_mb: spdk_env_opts.mem_size (-1: not set).  hugedir: opts.hugedir (a
 * given directory replaces the mount check).  -ENOMEM: none reserved, none
 * free, fewer free than mem_mb; -ENOENT: no hugetlbfs mounted.
 */
int env_precheck_hugepages(const char *meminfo, const char *mounts, uint64_t extra_total,
			   uint64_t extra_free, int mem_mb, const char *hugedir, char *msg, size_t len);

/*
 * VFIO pins DMA memory against RLIMIT_MEMLOCK unless the process has
 * CAP_IPC_LOCK.  limit: RLIMIT_MEMLOCK's soft limit in bytes (UINT64_MAX:
 * unlimited); need: bytes.  -ENOMEM when limit < need.
 */
int env_precheck_memlock(uint64_t limit, bool cap_ipc_lock, uint64_t need, char *msg, size_t len);

/* Whether CapEff in /proc/self/status text has capability bit cap. */
bool env_status_has_cap(const char *status, unsigned int cap);

/*
 * VFIO refuses a device whose IOMMU group holds another device bound to a
 * kernel driver (the group is "not viable").  pci_devices: sysfs PCI devices
 * directory (/sys/bus/pci/devices).  -EPERM with the line naming the other
 * device and its driver; 0 when viable or bdf has no group.
 */
int env_precheck_iommu_group(const char *pci_devices, const char *bdf, char *msg, size_t len);

/*
 * Every check above with this machine's inputs, for opts (before
 * rte_eal_init).  Logs each problem in one line; returns the first error.
 * IOMMU groups are only warned about: a device ealnvme is not asked to
 * use must not stop it.
 */
int env_precheck_run(const struct spdk_env_opts *opts);

#endif /* EALNVME_ENV_PRECHECK_H */
