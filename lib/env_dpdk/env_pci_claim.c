/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_pci_device_claim/unclaim on the one-owner lock of env_pci_lock.c
 * (/var/tmp/spdk_pci_lock_<bdf>, the file SPDK's claim uses).  Attaching
 * already takes that lock before DPDK maps the device, so claiming an
 * attached device only records the claim; a device without the lock takes
 * it here.  Another process's lock fails the claim with -EACCES, as SPDK's
 * does (env_pci_lock_take logs the owner's pid).
 */
#include <errno.h>

#include "env_internal.h"
#include "env_pci_internal.h"
#include "ealnvme_log.h"

int
spdk_pci_device_claim(struct spdk_pci_device *dev)
{
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	int fd;

	if (dev == NULL) {
		EALNVME_ERRLOG("spdk_pci_device_claim: NULL device");
		return -EINVAL;
	}
	if (dev->lock_fd >= 0) {
		dev->claimed = true;
		return 0;
	}
	spdk_pci_addr_fmt(bdf, sizeof(bdf), &dev->addr);
	fd = env_pci_lock_take(bdf, NULL);
	if (fd < 0) {
		/* SPDK normalises "someone else holds it" to -EACCES. */
		return fd == -EBUSY ? -EACCES : fd;
	}
	dev->lock_fd = fd;
	dev->claimed = true;
	dev->claim_took_lock = true;
	return 0;
}

void
spdk_pci_device_unclaim(struct spdk_pci_device *dev)
{
	char bdf[SPDK_PCI_ADDR_FMT_LEN];

	if (dev == NULL || !dev->claimed) {
		return;
	}
	dev->claimed = false;
	/* A lock the attach took stays until detach: the device is still mapped. */
	if (dev->claim_took_lock) {
		spdk_pci_addr_fmt(bdf, sizeof(bdf), &dev->addr);
		env_pci_lock_release(dev->lock_fd, bdf);
		dev->lock_fd = -1;
		dev->claim_took_lock = false;
	}
}

void
env_pci_claim_forget(struct spdk_pci_device *dev)
{
	/* Detach releases lock_fd itself, whoever took it. */
	dev->claimed = false;
	dev->claim_took_lock = false;
}
