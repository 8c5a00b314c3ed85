/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The PCI shim's device record, shared by its files (env_pci.c: attach and
 * detach; env_pci_device.c: getters and config space; env_pci_claim.c:
 * claims) and the unit tests.  No DPDK header: the rte device is only
 * pointed to.
 */
#ifndef EALNVME_ENV_PCI_INTERNAL_H
#define EALNVME_ENV_PCI_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "spdk/env.h"

struct rte_pci_device;

struct spdk_pci_device {
	struct rte_pci_device		*rte_dev;
	struct spdk_pci_addr		addr;
	struct spdk_pci_id		id;
	int				socket_id;
	int				lock_fd;	/* env_pci_lock.c; -1: none */
	/* spdk_pci_device_claim() was called (and not undone). */
	bool				claimed;
	/* The claim took lock_fd itself (it was not held by the attach). */
	bool				claim_took_lock;
	/* Set by DPDK's device event callback (EAL interrupt thread) when
	 * the kernel removes or asks back the device; read with atomics. */
	int				removed;
	TAILQ_ENTRY(spdk_pci_device)	link;
};

/*
 * The PCIe Device Serial Number extended capability (PCIe base spec 7.9.3):
 * walk the extended capability list from 0x100 with read32(ctx, offset,
 * &value) and return 0 with *dsn, -ENOENT when there is none, or read32's
 * negative errno.  A looping or out-of-range list ends the walk (-ENOENT).
 */
typedef int (*env_pci_cfg_read32_fn)(void *ctx, uint32_t offset, uint32_t *value);
int env_pci_find_dsn(env_pci_cfg_read32_fn read32, void *ctx, uint64_t *dsn);

/* Drop a claim as the device is detached (the lock goes with the device). */
void env_pci_claim_forget(struct spdk_pci_device *dev);

#endif /* EALNVME_ENV_PCI_INTERNAL_H */
