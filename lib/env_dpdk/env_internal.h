/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Internal interfaces of the DPDK env, shared between its files and the
 * unit tests that exercise the real DPDK scan against a fake sysfs tree.
 */
#ifndef EALNVME_ENV_INTERNAL_H
#define EALNVME_ENV_INTERNAL_H

#include <stdbool.h>

#include "spdk/env.h"

/*
 * spdk_env_opts across layouts (env_opts.c).  min_size: the bytes up to and
 * including opts_size.  copy: dst gets the full v26 layout from the first
 * user->opts_size bytes of user (a smaller opts_size, 0 included, is logged
 * and taken as min_size, as SPDK does), defaults for the rest.
 */
size_t env_opts_min_size(void);
void env_opts_copy(struct spdk_env_opts *dst, const struct spdk_env_opts *user);

/* True once rte_eal_init() has run in this process (ours or the app's). */
bool env_eal_is_initialized(void);

/* Detach every device still attached and unregister the PCI driver. */
void env_pci_fini(void);

/* One NVMe-class device as DPDK's bus scan found it, before any mapping. */
struct env_pci_scan_entry {
	struct spdk_pci_addr	addr;
	struct spdk_pci_id	id;
	int			numa_node;
	/* "vfio-pci", "uio_pci_generic", "nvme", ...; valid during the callback only */
	const char		*kernel_driver;
	/* Bound to a driver through which DPDK can map the BARs. */
	bool			mappable;
};

/* Return 0 to go on, non-zero to stop the scan (returned by env_pci_scan_nvme). */
typedef int (*env_pci_scan_cb)(void *ctx, const struct env_pci_scan_entry *entry);

/*
 * Rescan the PCI bus through DPDK and call cb for every device of class
 * 0x010802 (NVMe), whatever it is bound to.  Returns 0, the callback's
 * non-zero value, or a negative errno (-ENODEV: EAL not initialised).
 */
int env_pci_scan_nvme(env_pci_scan_cb cb, void *ctx);

/* Whether the PCI shim may touch a device (env_pci_policy.c). */
enum env_pci_verdict {
	ENV_PCI_PERMITTED = 0,
	ENV_PCI_BLOCKED,	/* in spdk_env_opts.pci_blocked */
	ENV_PCI_NOT_ALLOWED,	/* pci_allowed was given and does not list it */
	ENV_PCI_EAL_BLOCKED,	/* the EAL was started with -b/--block for it */
};

/*
 * Remember opts->pci_blocked / pci_allowed (num_pci_addr entries each; a
 * device in both is blocked).  Replaces any earlier policy.  0 or -ENOMEM.
 */
int env_pci_policy_set(const struct spdk_env_opts *opts);
/* Forget the policy (spdk_env_fini): every device is permitted again. */
void env_pci_policy_clear(void);
enum env_pci_verdict env_pci_policy_check(const struct spdk_pci_addr *addr);
/* Why a device is refused, for log lines ("listed in spdk_env_opts.pci_blocked"). */
const char *env_pci_verdict_str(enum env_pci_verdict v);

/*
 * One owner per PCI device across processes (env_pci_lock.c): a write lock on
 * <dir>/spdk_pci_lock_<bdf> holding the owner's pid.  take: the lock's fd, or
 * -EBUSY (logged with the owner's pid) or another -errno; *taken_from (may
 * be NULL): the dead owner's pid when its stale lock was taken over, else 0.  release: unlink
 * and unlock (fd < 0: nothing).  set_dir: for tests (NULL: /var/tmp).
 */
#include <sys/types.h>
int env_pci_lock_take(const char *bdf, pid_t *taken_from);
/* A lock file still records pid (a dead owner's device not yet taken over). */
bool env_pci_lock_names_pid(pid_t pid);
void env_pci_lock_release(int fd, const char *bdf);
void env_pci_lock_set_dir(const char *dir);

/*
 * DPDK file prefixes (env_prefix.c).  owner: pid of the primary holding
 * <runtime_base>/<prefix>/config, or 0.  check_shared: -EBUSY (logged) when
 * another process runs with shm_id's prefix.  reclaim_*: remove hugepage
 * files / runtime dirs of dead "ealnvme_pid<PID>" processes; counts removed.
 */
#include <sys/types.h>
pid_t env_prefix_owner(const char *runtime_base, const char *prefix);
int env_prefix_check_shared(int shm_id);
unsigned int env_prefix_reclaim_hugedir(const char *dir);
unsigned int env_prefix_reclaim_runtime(const char *base);
void env_prefix_reclaim_dead(void);

/* Device memory (env_pci.c, env_mem_register.c): the IOVA of [va, va + len)
 * when it lies in a mapped BAR of an attached device (the VA with IOVA as
 * VA, else the bus address), else -ENOENT; the translation of a range
 * spdk_mem_register() accepted, else SPDK_VTOPHYS_ERROR (size as
 * spdk_vtophys()). */
#include <stddef.h>
#include <stdint.h>
int env_pci_bar_lookup(const void *va, size_t len, uint64_t *iova);
uint64_t env_mem_register_vtophys(const void *buf, uint64_t *size);
/* Map (or unmap) a registered BAR in the IOMMU for other devices' DMA. */
void env_pci_bar_dma_map(const void *va, size_t len, uint64_t iova, bool map);
/* spdk_env_opts.enforce_numa for spdk_malloc & co. (env_memory.c). */
void env_mem_set_enforce_numa(bool enforce);

/* Build the O(1) translation map once the EAL is up (env_vtophys.c). */
void env_vtophys_init(void);
/* Lookups that missed the map (tests: the map is really used). */
uint64_t env_vtophys_fallbacks(void);

#endif /* EALNVME_ENV_INTERNAL_H */
