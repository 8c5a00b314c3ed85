/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Deadlines checked from a qpair's poll: per-command timeouts
 * (spdk_nvme_ctrlr_register_timeout_callback) and the controller's
 * keep-alive.  Both cost one branch per poll when off; when on, one
 * spdk_get_ticks() (rdtsc, no syscall) and a compare.
 */
#include <errno.h>

#include "nvme_internal.h"

static uint64_t
nvme_us_to_ticks(uint64_t us)
{
	uint64_t hz = spdk_get_ticks_hz();

	/* At least one tick, so that a non-zero timeout stays "on". */
	return nvme_max(us * (hz / 1000000) + us * (hz % 1000000) / 1000000, (uint64_t)1);
}

void
spdk_nvme_ctrlr_register_timeout_callback(struct spdk_nvme_ctrlr *ctrlr,
		uint64_t timeout_io_us, uint64_t timeout_admin_us,
		spdk_nvme_timeout_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_qpair *qpair;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("register_timeout_callback: NULL controller");
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (cb_fn == NULL) {
		/* No callback: nothing to watch. */
		timeout_io_us = 0;
		timeout_admin_us = 0;
	}
	ctrlr->timeout_cb_fn = cb_fn;
	ctrlr->timeout_cb_arg = cb_arg;
	ctrlr->timeout_io_ticks = timeout_io_us ? nvme_us_to_ticks(timeout_io_us) : 0;
	ctrlr->timeout_admin_ticks = timeout_admin_us ? nvme_us_to_ticks(timeout_admin_us) : 0;
	/*
	 * Each qpair reads its own copy on its poll.  Commands submitted before
	 * this call carry no submit time and are not watched; I/O qpairs used
	 * by other threads see the change at their next submission/poll.
	 */
	ctrlr->adminq->timeout_ticks = ctrlr->timeout_admin_ticks;
	nvme_qpair_update_deadline_work(ctrlr->adminq);
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		qpair->timeout_ticks = ctrlr->timeout_io_ticks;
		nvme_qpair_update_deadline_work(qpair);
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}

void
nvme_qpair_check_deadlines(struct spdk_nvme_qpair *qpair)
{
	struct spdk_nvme_ctrlr *ctrlr = qpair->ctrlr;
	uint64_t now = spdk_get_ticks();
	uint64_t ka = __atomic_load_n(&ctrlr->next_keep_alive_tick, __ATOMIC_RELAXED);

	if (qpair->timeout_ticks != 0) {
		qpair->transport->qpair_check_timeouts(qpair, now);
	}
	if (nvme_unlikely(!STAILQ_EMPTY(&qpair->err_held))) {
		nvme_qpair_err_complete_held(qpair, false);
	}
	if (ka != 0 && now >= ka) {
		nvme_ctrlr_keep_alive_due(ctrlr, false);
	}
}
