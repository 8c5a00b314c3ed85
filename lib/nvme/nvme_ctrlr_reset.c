/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller reset (NVMe 1.4 §7.3.2) and failing a controller on request.
 *
 * Reset: CC.EN 1 -> 0 first, so the controller stops all DMA before any
 * request is completed in software; then every command that was outstanding
 * (admin and I/O) completes with ABORTED - SQ DELETION; then init runs
 * again (admin queue, Number of Queues, namespaces, AER, keep-alive) and
 * every I/O qpair the application holds is created again with its qid and
 * size, in place (the qpair pointers stay valid).
 *
 * Requests that were only queued in software (waiting for a free slot) never
 * reached the controller: they are kept, in order, and sent once their queue
 * is back.  So are requests submitted during the reset (e.g. retries from the
 * abort callbacks): the qpairs are in NVME_QPAIR_RESETTING, where submissions
 * queue.  If the reset fails, the controller is failed and the queued
 * requests complete with ABORTED - SQ DELETION.
 *
 * The application must not use the controller's I/O qpairs from other
 * threads while a reset runs (as for spdk_nvme_ctrlr_free_io_qpair()).
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

static void
nvme_ctrlr_reset_failed(struct spdk_nvme_ctrlr *ctrlr, struct nvme_request_list *admin_saved,
			const char *why)
{
	struct spdk_nvme_qpair *qpair;

	nvme_ctrlr_fail(ctrlr, why);
	STAILQ_CONCAT(&ctrlr->adminq->queued_req, admin_saved);
	nvme_qpair_abort_queued(ctrlr->adminq, SPDK_NVME_SCT_GENERIC,
				SPDK_NVME_SC_ABORTED_SQ_DELETION);
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		nvme_qpair_abort_queued(qpair, SPDK_NVME_SCT_GENERIC,
					SPDK_NVME_SC_ABORTED_SQ_DELETION);
	}
}

/* Create the application's I/O queues again, same qid, same size. */
static int
nvme_ctrlr_reconnect_io_qpairs(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;

	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		if (qpair->id > ctrlr->max_io_queues) {
			EALNVME_ERRLOG("%s: after the reset the controller grants %u I/O queues; "
				       "qpair %u cannot be re-created", nvme_ctrlr_name(ctrlr),
				       ctrlr->max_io_queues, qpair->id);
			return -ENOSPC;
		}
		ctrlr->free_io_qids[qpair->id] = 0;
	}
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		int rc = ctrlr->transport->qpair_connect_io(ctrlr, qpair);

		if (rc != 0) {
			EALNVME_ERRLOG("%s: re-creating I/O queue %u after the reset failed",
				       nvme_ctrlr_name(ctrlr), qpair->id);
			return rc;
		}
	}
	return 0;
}

int
spdk_nvme_ctrlr_reset(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_request_list admin_saved = STAILQ_HEAD_INITIALIZER(admin_saved);
	struct spdk_nvme_qpair *qpair;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_reset: NULL controller");
		return -EINVAL;
	}
	if (ctrlr->is_removed) {
		EALNVME_ERRLOG("%s: cannot reset: the device is gone (removed or unbound); "
			       "detach it", nvme_ctrlr_name(ctrlr));
		return -ENODEV;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (ctrlr->is_resetting || ctrlr->adminq->in_completion_context) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: reset called while a reset runs or from an admin completion "
			       "or admin timeout callback; call it after "
			       "spdk_nvme_ctrlr_process_admin_completions() returns",
			       nvme_ctrlr_name(ctrlr));
		return -EBUSY;
	}
	EALNVME_NOTICELOG("%s: resetting the controller", nvme_ctrlr_name(ctrlr));
	ctrlr->is_resetting = true;
	__atomic_store_n(&ctrlr->next_keep_alive_tick, 0, __ATOMIC_RELAXED);
	ctrlr->adminq->state = NVME_QPAIR_RESETTING;
	ctrlr->adminq->abort_on_next_poll = false;
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		qpair->state = NVME_QPAIR_RESETTING;
		qpair->abort_on_next_poll = false;
	}

	/* 1. No DMA from here on. */
	rc = nvme_ctrlr_disable(ctrlr);
	if (rc != 0) {
		nvme_ctrlr_reset_failed(ctrlr, &admin_saved, "reset: the controller did not "
					"disable (CC.EN=0)");
		goto out;
	}

	/* 2. What the controller had is gone: complete it, nothing silently lost. */
	/* DNR clear: the command did nothing wrong, the caller may retry it. */
	ctrlr->transport->qpair_abort_outstanding(ctrlr->adminq, SPDK_NVME_SCT_GENERIC,
			SPDK_NVME_SC_ABORTED_SQ_DELETION, false);
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		ctrlr->transport->qpair_abort_outstanding(qpair, SPDK_NVME_SCT_GENERIC,
				SPDK_NVME_SC_ABORTED_SQ_DELETION, false);
	}
	/* Queued admin requests go after init's own commands. */
	STAILQ_CONCAT(&admin_saved, &ctrlr->adminq->queued_req);

	/* 3. Init again, 4. the I/O queues again. */
	ctrlr->is_failed = false;
	ctrlr->adminq->state = NVME_QPAIR_ENABLED;
	rc = nvme_ctrlr_init(ctrlr);
	if (rc == 0) {
		rc = nvme_ctrlr_reconnect_io_qpairs(ctrlr);
	}
	if (rc != 0) {
		nvme_ctrlr_reset_failed(ctrlr, &admin_saved, "reset: re-initialisation failed");
		goto out;
	}

	/* 5. Send what waited. */
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		qpair->state = NVME_QPAIR_ENABLED;
		nvme_qpair_resubmit_queued(qpair);
	}
	STAILQ_CONCAT(&ctrlr->adminq->queued_req, &admin_saved);
	nvme_qpair_resubmit_queued(ctrlr->adminq);
	EALNVME_NOTICELOG("%s: reset complete", nvme_ctrlr_name(ctrlr));
out:
	ctrlr->is_resetting = false;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return rc;
}

void
spdk_nvme_ctrlr_fail(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_fail: NULL controller");
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	/*
	 * Stop the controller before its commands are completed in software, so
	 * it cannot DMA into buffers the callbacks hand back to the application.
	 * spdk_nvme_ctrlr_reset() brings it back.
	 */
	if (!ctrlr->is_removed && nvme_ctrlr_disable(ctrlr) != 0) {
		EALNVME_WARNLOG("%s: the controller did not disable; outstanding commands are "
				"completed as aborted anyway", nvme_ctrlr_name(ctrlr));
	}
	nvme_ctrlr_fail(ctrlr, "failed by the application (spdk_nvme_ctrlr_fail)");
	/* Each qpair completes its own requests at its next poll, on its own thread. */
	ctrlr->adminq->abort_on_next_poll = true;
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		qpair->abort_on_next_poll = true;
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}
