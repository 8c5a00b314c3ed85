/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * An I/O qpair's life after allocation, as SPDK's API has it: connect (the
 * queues created: CREATE I/O CQ then SQ, §5.3/§5.4), disconnect (DELETE
 * I/O SQ then CQ, §5.6/§5.5, outstanding requests completed as aborted),
 * reconnect, and the state getters.  A disconnected qpair keeps its qid and
 * its memory; I/O on it returns -ENXIO.  None of this is on the I/O path.
 */
#include <errno.h>
#include <inttypes.h>

#include "nvme_internal.h"

static bool
nvme_qpair_check_io(struct spdk_nvme_qpair *qpair, const char *fn)
{
	if (qpair == NULL || qpair->id == 0) {
		EALNVME_ERRLOG("%s: %s; pass an I/O qpair from spdk_nvme_ctrlr_alloc_io_qpair()",
			       fn, qpair == NULL ? "NULL qpair" : "the admin qpair");
		return false;
	}
	return true;
}

/* ctrlr_lock held.  The queues go (if the controller can still take commands). */
void
nvme_qpair_disconnect_locked(struct spdk_nvme_qpair *qpair)
{
	struct spdk_nvme_ctrlr *ctrlr = qpair->ctrlr;
	bool was_enabled = qpair->state == NVME_QPAIR_ENABLED;

	if (qpair->state == NVME_QPAIR_DISCONNECTED) {
		return;
	}
	if (was_enabled && !ctrlr->is_failed && !ctrlr->is_removed &&
	    ctrlr->transport->qpair_disconnect_io(ctrlr, qpair) != 0) {
		EALNVME_WARNLOG("%s: deleting I/O queue %u failed; it is disconnected anyway",
				nvme_ctrlr_name(ctrlr), qpair->id);
	}
	/* A failed controller deleted no queue: stop it before the requests'
	 * buffers go back, or leave the qpair as it is (nvme_ctrlr_stop.c). */
	if (ctrlr->is_failed && nvme_ctrlr_quiesce(ctrlr, "disconnecting an I/O qpair") != 0) {
		return;
	}
	/* Before the callbacks: a resubmission from one gets -ENXIO. */
	qpair->state = NVME_QPAIR_DISCONNECTED;
	qpair->abort_on_next_poll = false;
	if (qpair->failure_reason == SPDK_NVME_QPAIR_FAILURE_NONE) {
		qpair->failure_reason = SPDK_NVME_QPAIR_FAILURE_LOCAL;
	}
	ctrlr->transport->qpair_abort_outstanding(qpair, SPDK_NVME_SCT_GENERIC,
			SPDK_NVME_SC_ABORTED_SQ_DELETION, qpair->abort_dnr);
	nvme_qpair_abort_queued_dnr(qpair, SPDK_NVME_SCT_GENERIC,
				    SPDK_NVME_SC_ABORTED_SQ_DELETION, qpair->abort_dnr);
}

void
spdk_nvme_ctrlr_disconnect_io_qpair(struct spdk_nvme_qpair *qpair)
{
	if (!nvme_qpair_check_io(qpair, "spdk_nvme_ctrlr_disconnect_io_qpair")) {
		return;
	}
	if (qpair->in_completion_context) {
		/* From one of its callbacks: the poll finishes first. */
		if (qpair->deferred == NVME_QPAIR_DEFER_NONE) {
			qpair->deferred = NVME_QPAIR_DEFER_DISCONNECT;
		}
		return;
	}
	pthread_mutex_lock(&qpair->ctrlr->ctrlr_lock);
	nvme_qpair_disconnect_locked(qpair);
	pthread_mutex_unlock(&qpair->ctrlr->ctrlr_lock);
}

void
nvme_qpair_run_deferred(struct spdk_nvme_qpair *qpair)
{
	uint8_t deferred = qpair->deferred;

	qpair->deferred = NVME_QPAIR_DEFER_NONE;
	if (deferred == NVME_QPAIR_DEFER_FREE) {
		spdk_nvme_ctrlr_free_io_qpair(qpair);
	} else if (deferred == NVME_QPAIR_DEFER_DISCONNECT) {
		spdk_nvme_ctrlr_disconnect_io_qpair(qpair);
	}
}

/* ctrlr_lock held: CREATE I/O CQ/SQ for a disconnected qpair. */
static int
nvme_qpair_connect_locked(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair)
{
	int rc = ctrlr->transport->qpair_connect_io(ctrlr, qpair);

	if (rc != 0) {
		EALNVME_ERRLOG("%s: creating I/O queue %u failed (%d); the qpair stays "
			       "disconnected", nvme_ctrlr_name(ctrlr), qpair->id, rc);
		qpair->failure_reason = SPDK_NVME_QPAIR_FAILURE_LOCAL;
		return rc;
	}
	qpair->state = NVME_QPAIR_ENABLED;
	qpair->failure_reason = SPDK_NVME_QPAIR_FAILURE_NONE;
	return 0;
}

int
spdk_nvme_ctrlr_connect_io_qpair(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair)
{
	int rc;

	if (!nvme_qpair_check_io(qpair, "spdk_nvme_ctrlr_connect_io_qpair")) {
		return -EINVAL;
	}
	if (ctrlr == NULL || qpair->ctrlr != ctrlr) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_connect_io_qpair: the qpair belongs to another "
			       "controller; pass the controller it was allocated on");
		return -EINVAL;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (qpair->state != NVME_QPAIR_DISCONNECTED) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: I/O qpair %u is not disconnected; use "
			       "spdk_nvme_ctrlr_reconnect_io_qpair() for a failed one",
			       nvme_ctrlr_name(ctrlr), qpair->id);
		return -EISCONN;
	}
	if (ctrlr->is_failed || ctrlr->is_resetting) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: cannot connect I/O qpair %u: the controller is %s",
			       nvme_ctrlr_name(ctrlr), qpair->id,
			       ctrlr->is_failed ? "failed (reset it)" : "resetting (try again)");
		return ctrlr->is_failed ? -ENXIO : -EAGAIN;
	}
	rc = nvme_qpair_connect_locked(ctrlr, qpair);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return rc;
}

/*
 * Applications retry a reconnect in their I/O loop (SPDK's reconnect example
 * does, from every worker): one line per call made the workers hold stderr's
 * lock so often that the thread that would reset the controller could not
 * print "resetting" (seen over NVMe/TCP in the guest).  At most one line a
 * second per process; the next one says how many were left out.
 */
static bool
nvme_reconnect_log_allowed(uint64_t *left_out)
{
	static uint64_t last, dropped;
	uint64_t now = spdk_get_ticks();
	uint64_t prev = __atomic_load_n(&last, __ATOMIC_RELAXED);

	if ((prev != 0 && now - prev < spdk_get_ticks_hz()) ||
	    !__atomic_compare_exchange_n(&last, &prev, now, false, __ATOMIC_RELAXED,
					 __ATOMIC_RELAXED)) {
		__atomic_fetch_add(&dropped, 1, __ATOMIC_RELAXED);
		return false;
	}
	*left_out = __atomic_exchange_n(&dropped, 0, __ATOMIC_RELAXED);
	return true;
}

int
spdk_nvme_ctrlr_reconnect_io_qpair(struct spdk_nvme_qpair *qpair)
{
	struct spdk_nvme_ctrlr *ctrlr;
	uint64_t left_out = 0;
	int rc = 0;

	if (!nvme_qpair_check_io(qpair, "spdk_nvme_ctrlr_reconnect_io_qpair")) {
		return -EINVAL;
	}
	ctrlr = qpair->ctrlr;
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (ctrlr->is_removed) {
		rc = -ENODEV;
	} else if (ctrlr->is_resetting) {
		rc = -EAGAIN;
	} else if (ctrlr->is_failed) {
		rc = -ENXIO;
	} else if (qpair->state != NVME_QPAIR_ENABLED) {
		nvme_qpair_disconnect_locked(qpair);
		rc = nvme_qpair_connect_locked(ctrlr, qpair) == 0 ? 0 : -EAGAIN;
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	if ((rc == -ENODEV || rc == -ENXIO) && nvme_reconnect_log_allowed(&left_out)) {
		EALNVME_ERRLOG("%s: cannot reconnect I/O qpair %u: the controller %s (%" PRIu64
			       " more such refusals in the last second not logged)",
			       nvme_ctrlr_name(ctrlr), qpair->id, rc == -ENODEV ?
			       "was removed; free the qpair and detach the controller" :
			       "failed; reset it (spdk_nvme_ctrlr_reset) first", left_out);
	}
	return rc;
}

uint16_t
spdk_nvme_qpair_get_id(struct spdk_nvme_qpair *qpair)
{
	return qpair == NULL ? 0 : qpair->id;
}

bool
spdk_nvme_qpair_is_admin_queue(struct spdk_nvme_qpair *qpair)
{
	return qpair != NULL && qpair->id == 0;
}

bool
spdk_nvme_qpair_is_connected(struct spdk_nvme_qpair *qpair)
{
	return qpair != NULL && qpair->state == NVME_QPAIR_ENABLED;
}

spdk_nvme_qp_failure_reason
spdk_nvme_qpair_get_failure_reason(struct spdk_nvme_qpair *qpair)
{
	if (qpair == NULL) {
		EALNVME_ERRLOG("spdk_nvme_qpair_get_failure_reason: NULL qpair");
		return SPDK_NVME_QPAIR_FAILURE_UNKNOWN;
	}
	return (spdk_nvme_qp_failure_reason)qpair->failure_reason;
}

spdk_nvme_qp_failure_reason
spdk_nvme_ctrlr_get_admin_qp_failure_reason(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_get_admin_qp_failure_reason: NULL controller");
		return SPDK_NVME_QPAIR_FAILURE_UNKNOWN;
	}
	return spdk_nvme_qpair_get_failure_reason(ctrlr->adminq);
}

void
spdk_nvme_qpair_set_abort_dnr(struct spdk_nvme_qpair *qpair, bool dnr)
{
	if (qpair == NULL) {
		EALNVME_ERRLOG("spdk_nvme_qpair_set_abort_dnr: NULL qpair");
		return;
	}
	qpair->abort_dnr = dnr;
}

uint32_t
spdk_nvme_qpair_get_num_outstanding_reqs(struct spdk_nvme_qpair *qpair)
{
	const struct nvme_request *req;
	uint32_t free_reqs = 0;

	if (qpair == NULL) {
		return 0;
	}
	SLIST_FOREACH(req, &qpair->free_req, free_link) {
		free_reqs++;
	}
	return qpair->num_requests - free_reqs;
}

uint16_t
spdk_nvme_qpair_get_queue_depth(struct spdk_nvme_qpair *qpair)
{
	if (qpair == NULL || qpair->transport->qpair_get_queue_depth == NULL) {
		return 0;
	}
	return qpair->transport->qpair_get_queue_depth(qpair);
}

int
spdk_nvme_qpair_get_fd(struct spdk_nvme_qpair *qpair, struct spdk_event_handler_opts *opts)
{
	(void)qpair;
	(void)opts;
	EALNVME_ERRLOG("spdk_nvme_qpair_get_fd: ealnvme polls completions and has no "
		       "interrupts; poll with spdk_nvme_qpair_process_completions()");
	return -ENOTSUP;
}

int
spdk_nvme_ctrlr_get_admin_qp_fd(struct spdk_nvme_ctrlr *ctrlr, struct spdk_event_handler_opts *opts)
{
	(void)ctrlr;
	(void)opts;
	EALNVME_ERRLOG("spdk_nvme_ctrlr_get_admin_qp_fd: ealnvme polls completions and has no "
		       "interrupts; poll with spdk_nvme_ctrlr_process_admin_completions()");
	return -ENOTSUP;
}
