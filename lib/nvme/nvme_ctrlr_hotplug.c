/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Surprise removal (hot unplug) of a controller.
 *
 * The bus tells the transport that a device went away (PCIe: the env's
 * spdk_pci_device_is_removed(), set from DPDK's device event callback when
 * the kernel removes the device or asks for it back through VFIO).  This
 * file turns that into SPDK's behaviour, checked from the admin poll and
 * from spdk_nvme_probe, never from the I/O path:
 *   - the controller is failed as removed: no register is touched again
 *     (a removed BAR may be gone; detach skips shutdown and queue deletion);
 *   - each qpair completes its outstanding and queued requests once, with
 *     ABORTED - BY REQUEST, at its next poll on its own thread, which then
 *     returns -ENXIO, as do new submissions;
 *   - the controller's remove_cb (the probe's, or spdk_nvme_ctrlr_set_remove_cb's)
 *     runs once, from spdk_nvme_probe, as SPDK's hotplug example expects;
 *     the application then calls spdk_nvme_detach, which hands the device
 *     back so the kernel can finish the removal.
 */
#include "nvme_internal.h"

void
nvme_ctrlr_hot_remove(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;

	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (!ctrlr->is_removed || !ctrlr->is_failed) {
		ctrlr->is_removed = true;
		nvme_ctrlr_fail(ctrlr, "the device was removed (hot unplug); detach it "
				"(spdk_nvme_detach) so the kernel can finish the removal");
		ctrlr->adminq->abort_on_next_poll = true;
		TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
			qpair->abort_on_next_poll = true;
		}
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}

bool
nvme_ctrlr_is_gone(const struct spdk_nvme_ctrlr *ctrlr)
{
	return (ctrlr->is_removed && ctrlr->is_failed) ||
	       (ctrlr->transport->ctrlr_is_removed != NULL &&
		ctrlr->transport->ctrlr_is_removed((struct spdk_nvme_ctrlr *)ctrlr));
}

bool
nvme_ctrlr_check_removed(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr->is_removed && ctrlr->is_failed) {
		return true;
	}
	if (!nvme_ctrlr_is_gone(ctrlr)) {
		return false;
	}
	nvme_ctrlr_hot_remove(ctrlr);
	return true;
}

void
spdk_nvme_ctrlr_set_remove_cb(struct spdk_nvme_ctrlr *ctrlr, spdk_nvme_remove_cb remove_cb,
			      void *remove_ctx)
{
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_set_remove_cb: NULL controller");
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	ctrlr->remove_cb = remove_cb;
	ctrlr->remove_ctx = remove_ctx;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}
