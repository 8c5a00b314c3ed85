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

#endif /* EALNVME_ENV_INTERNAL_H */
