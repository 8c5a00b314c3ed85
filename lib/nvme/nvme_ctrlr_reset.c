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
 *
 * SPDK's steps: spdk_nvme_ctrlr_disconnect() is 1-2 (the controller stays
 * resetting), spdk_nvme_ctrlr_reconnect_async() starts init, and
 * spdk_nvme_ctrlr_reconnect_poll_async() runs one init step per call, then
 * 3-4; spdk_nvme_ctrlr_reset() is all of them.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

static void
nvme_ctrlr_reset_failed(struct spdk_nvme_ctrlr *ctrlr, const char *why)
{
	struct spdk_nvme_qpair *qpair;

	nvme_ctrlr_fail(ctrlr, why);
	STAILQ_CONCAT(&ctrlr->adminq->queued_req, &ctrlr->reset_admin_saved);
	nvme_qpair_abort_queued(ctrlr->adminq, SPDK_NVME_SCT_GENERIC,
				SPDK_NVME_SC_ABORTED_SQ_DELETION);
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		nvme_qpair_abort_queued(qpair, SPDK_NVME_SCT_GENERIC,
					SPDK_NVME_SC_ABORTED_SQ_DELETION);
	}
	ctrlr->is_resetting = false;
	ctrlr->reset_disconnected = false;
	ctrlr->reset_reconnecting = false;
}

/*
 * Create the application's I/O queues again, same qid, same size.  A qpair
 * the application disconnected (or allocated create_only) stays so.
 */
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
		int rc;

		if (qpair->state == NVME_QPAIR_DISCONNECTED) {
			continue;
		}
		rc = ctrlr->transport->qpair_connect_io(ctrlr, qpair);
		if (rc != 0) {
			EALNVME_ERRLOG("%s: re-creating I/O queue %u after the reset failed",
				       nvme_ctrlr_name(ctrlr), qpair->id);
			return rc;
		}
	}
	return 0;
}

int
spdk_nvme_ctrlr_disconnect(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_disconnect: NULL controller");
		return -EINVAL;
	}
	if (ctrlr->is_removed) {
		EALNVME_ERRLOG("%s: cannot reset: the device is gone (removed or unbound); "
			       "detach it", nvme_ctrlr_name(ctrlr));
		return -ENXIO;
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
	STAILQ_INIT(&ctrlr->reset_admin_saved);
	__atomic_store_n(&ctrlr->next_keep_alive_tick, 0, __ATOMIC_RELAXED);
	ctrlr->adminq->state = NVME_QPAIR_RESETTING;
	ctrlr->adminq->abort_on_next_poll = false;
	ctrlr->adminq->failure_reason = SPDK_NVME_QPAIR_FAILURE_LOCAL;
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		if (qpair->state != NVME_QPAIR_DISCONNECTED) {
			qpair->state = NVME_QPAIR_RESETTING;
			qpair->failure_reason = SPDK_NVME_QPAIR_FAILURE_LOCAL;
		}
		qpair->abort_on_next_poll = false;
	}

	/* 1. No DMA from here on (fabrics: no data, the connections are closed). */
	rc = nvme_ctrlr_stop_device(ctrlr);
	if (rc != 0) {
		nvme_ctrlr_reset_failed(ctrlr, "reset: the controller did not disable (CC.EN=0)");
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		return rc;
	}

	/* 2. What the controller had is gone: complete it, nothing silently lost. */
	/* DNR clear: the command did nothing wrong, the caller may retry it. */
	ctrlr->transport->qpair_abort_outstanding(ctrlr->adminq, SPDK_NVME_SCT_GENERIC,
			SPDK_NVME_SC_ABORTED_SQ_DELETION, false);
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		ctrlr->transport->qpair_abort_outstanding(qpair, SPDK_NVME_SCT_GENERIC,
				SPDK_NVME_SC_ABORTED_SQ_DELETION, false);
	}
	/* qpairs freed while the controller would not stop (nvme_ctrlr_stop.c) */
	nvme_ctrlr_free_kept_qpairs(ctrlr);
	/* Queued admin requests go after init's own commands. */
	STAILQ_CONCAT(&ctrlr->reset_admin_saved, &ctrlr->adminq->queued_req);
	ctrlr->reset_disconnected = true;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return 0;
}

void
spdk_nvme_ctrlr_reconnect_async(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_reconnect_async: NULL controller");
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (!ctrlr->reset_disconnected || ctrlr->reset_reconnecting) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: reconnect without a disconnect; call "
			       "spdk_nvme_ctrlr_disconnect() first", nvme_ctrlr_name(ctrlr));
		return;
	}
	/* Admin requests submitted since the disconnect wait too. */
	STAILQ_CONCAT(&ctrlr->reset_admin_saved, &ctrlr->adminq->queued_req);
	ctrlr->is_failed = false;
	ctrlr->adminq->state = NVME_QPAIR_ENABLED;
	ctrlr->reset_reconnecting = true;
	nvme_ctrlr_init_start(ctrlr);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}

int
spdk_nvme_ctrlr_reconnect_poll_async(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_reconnect_poll_async: NULL controller");
		return -EINVAL;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (!ctrlr->reset_reconnecting) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: no reconnect in progress; call spdk_nvme_ctrlr_disconnect() "
			       "and spdk_nvme_ctrlr_reconnect_async() first", nvme_ctrlr_name(ctrlr));
		return -EINVAL;
	}
	/* 3. Init again, one step per call, 4. the I/O queues again. */
	rc = nvme_ctrlr_init_poll(ctrlr);
	if (rc == -EAGAIN) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		return -EAGAIN;
	}
	if (rc == 0) {
		rc = nvme_ctrlr_reconnect_io_qpairs(ctrlr);
	}
	if (rc != 0) {
		nvme_ctrlr_reset_failed(ctrlr, "reset: re-initialisation failed");
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		return rc;
	}

	/* 5. Send what waited. */
	ctrlr->adminq->failure_reason = SPDK_NVME_QPAIR_FAILURE_NONE;
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		if (qpair->state == NVME_QPAIR_DISCONNECTED) {
			continue;
		}
		qpair->state = NVME_QPAIR_ENABLED;
		qpair->failure_reason = SPDK_NVME_QPAIR_FAILURE_NONE;
		nvme_qpair_resubmit_queued(qpair);
	}
	STAILQ_CONCAT(&ctrlr->adminq->queued_req, &ctrlr->reset_admin_saved);
	nvme_qpair_resubmit_queued(ctrlr->adminq);
	EALNVME_NOTICELOG("%s: reset complete", nvme_ctrlr_name(ctrlr));
	ctrlr->is_resetting = false;
	ctrlr->reset_disconnected = false;
	ctrlr->reset_reconnecting = false;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return 0;
}

int
spdk_nvme_ctrlr_reset(struct spdk_nvme_ctrlr *ctrlr)
{
	int rc;

	if (ctrlr != NULL && ctrlr->is_removed) {
		EALNVME_ERRLOG("%s: cannot reset: the device is gone (removed or unbound); "
			       "detach it", nvme_ctrlr_name(ctrlr));
		return -ENODEV;
	}
	rc = spdk_nvme_ctrlr_disconnect(ctrlr);
	if (rc != 0) {
		return rc;
	}
	spdk_nvme_ctrlr_reconnect_async(ctrlr);
	do {
		rc = spdk_nvme_ctrlr_reconnect_poll_async(ctrlr);
	} while (rc == -EAGAIN);
	return rc;
}

void
spdk_nvme_ctrlr_fail(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_fail: NULL controller");
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	/*
	 * Stop the controller before its commands are completed in software, so
	 * it cannot DMA into buffers the callbacks hand back to the application.
	 * spdk_nvme_ctrlr_reset() brings it back.  If it does not stop, the
	 * commands stay outstanding (their buffers with the driver) until a
	 * reset or the detach does stop it.
	 */
	ctrlr->stop_failed = false;
	rc = nvme_ctrlr_quiesce(ctrlr, "spdk_nvme_ctrlr_fail");
	nvme_ctrlr_fail(ctrlr, "failed by the application (spdk_nvme_ctrlr_fail)");
	if (rc != 0) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		return;
	}
	/* Each qpair completes its own requests at its next poll, on its own thread. */
	ctrlr->adminq->abort_on_next_poll = true;
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		qpair->abort_on_next_poll = true;
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}
