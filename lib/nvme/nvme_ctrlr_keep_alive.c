/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Keep-alive (NVMe 1.4 §7.12, §5.21.1.15).  When the controller supports it
 * (Identify KAS > 0) and opts.keep_alive_timeout_ms > 0, init sets the Keep
 * Alive Timer feature and from then on a KEEP ALIVE goes out every KATO / 2.
 *
 * Unlike SPDK, which sends it only from the admin poll, the deadline is also
 * checked from every I/O qpair poll (nvme_timeout.c), so an application that
 * only polls its I/O qpairs does not see its controller fail with an expired
 * keep-alive.
 *
 * Thread safety:
 *  - next_keep_alive_tick is read on every poll of every qpair without a
 *    lock (a relaxed atomic load; 0 means off).  A stale value costs at most
 *    one try-lock too many or one poll of delay.
 *  - Sending KEEP ALIVE, moving the deadline and reaping admin completions
 *    happen only under ctrlr_lock, which guards the admin queue.  An I/O
 *    thread only try-locks it (a userspace atomic, no syscall) and never
 *    waits: if another thread holds it, that thread is using the admin
 *    queue, and its own admin poll runs this same check; otherwise the next
 *    I/O poll tries again.
 *  - When an I/O thread sends the keep-alive it also polls the admin queue,
 *    so its CQ never fills with keep-alive completions.  Completions of other
 *    admin commands reaped there run their callbacks on that thread (still
 *    under ctrlr_lock, so never concurrently with another admin poll).  This
 *    only happens when nobody polled the admin queue for KATO / 2.
 *  - Inside the admin queue's own completion walk (the lock is recursive) the
 *    command is only submitted; the walk's caller reaps it.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

static void
nvme_ctrlr_keep_alive_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct spdk_nvme_ctrlr *ctrlr = arg;

	ctrlr->keep_alive_in_flight = false;
	if (spdk_nvme_cpl_is_error(cpl) && cpl->status.sc != SPDK_NVME_SC_ABORTED_SQ_DELETION &&
	    cpl->status.sc != SPDK_NVME_SC_ABORTED_BY_REQUEST) {
		EALNVME_ERRLOG("%s: KEEP ALIVE failed: %s (sct 0x%x, sc 0x%02x); the controller "
			       "may fail if its keep-alive timer expires",
			       nvme_ctrlr_name(ctrlr), spdk_nvme_cpl_get_status_string(&cpl->status),
			       cpl->status.sct, cpl->status.sc);
	}
}

/* ctrlr_lock held. */
void
nvme_ctrlr_keep_alive_send(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_request *req;
	int rc;

	if (ctrlr->keep_alive_in_flight) {
		return;		/* the last one is still on its way: one is enough */
	}
	req = nvme_allocate_request(ctrlr->adminq, NULL, 0, nvme_ctrlr_keep_alive_cb, ctrlr);
	if (req == NULL) {
		EALNVME_WARNLOG("%s: no free admin request for KEEP ALIVE; retrying at the next "
				"poll", nvme_ctrlr_name(ctrlr));
		return;
	}
	req->cmd.opc = SPDK_NVME_OPC_KEEP_ALIVE;
	rc = nvme_qpair_submit_request(ctrlr->adminq, req);
	if (rc != 0) {
		nvme_free_request(req);
		return;
	}
	ctrlr->keep_alive_in_flight = true;
}

void
nvme_ctrlr_keep_alive_due(struct spdk_nvme_ctrlr *ctrlr, bool locked)
{
	uint64_t now, next;

	if (!locked && pthread_mutex_trylock(&ctrlr->ctrlr_lock) != 0) {
		return;
	}
	now = spdk_get_ticks();
	next = __atomic_load_n(&ctrlr->next_keep_alive_tick, __ATOMIC_RELAXED);
	/* Re-checked under the lock: another thread may have just sent it. */
	if (next != 0 && now >= next) {
		__atomic_store_n(&ctrlr->next_keep_alive_tick, now + ctrlr->keep_alive_interval_ticks,
				 __ATOMIC_RELAXED);
		nvme_ctrlr_keep_alive_send(ctrlr);
		if (!ctrlr->adminq->in_completion_context) {
			nvme_ctrlr_process_admin_locked(ctrlr);
		}
	}
	if (!locked) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	}
}

/* Init step (also after a reset). */
int
nvme_ctrlr_configure_keep_alive(struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t granularity_ms = (uint32_t)ctrlr->cdata->kas * 100;
	uint32_t kato = ctrlr->opts.keep_alive_timeout_ms;
	struct spdk_nvme_cmd cmd = { 0 };
	struct spdk_nvme_cpl cpl = { 0 };

	__atomic_store_n(&ctrlr->next_keep_alive_tick, 0, __ATOMIC_RELAXED);
	ctrlr->keep_alive_in_flight = false;
	if (kato == 0) {
		return 0;
	}
	if (granularity_ms == 0 && spdk_nvme_ctrlr_is_discovery(ctrlr)) {
		/* A discovery controller reports no KAS yet runs the KATO its
		 * Connect gave (NVMe-oF 1.1 §5): keep it alive, in 1 ms units. */
		granularity_ms = 1;
	}
	if (granularity_ms == 0) {
		EALNVME_DEBUGLOG("%s: no keep-alive: the controller does not support it (KAS 0)",
				 nvme_ctrlr_name(ctrlr));
		return 0;
	}
	/* KATO is in ms; the controller counts in KAS units (§5.21.1.15): round up. */
	kato = (kato + granularity_ms - 1) / granularity_ms * granularity_ms;
	cmd.opc = SPDK_NVME_OPC_SET_FEATURES;
	cmd.cdw10 = SPDK_NVME_FEAT_KEEP_ALIVE_TIMER;
	cmd.cdw11 = kato;
	if (nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, NULL) != 0) {
		if (ctrlr->is_failed) {
			return -EIO;
		}
		EALNVME_WARNLOG("%s: SET FEATURES Keep Alive Timer (%u ms) failed; running "
				"without keep-alive", nvme_ctrlr_name(ctrlr), kato);
		return 0;
	}
	/* The controller may have rounded it further: use what it reports. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_GET_FEATURES;
	cmd.cdw10 = SPDK_NVME_FEAT_KEEP_ALIVE_TIMER;
	if (nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, &cpl) == 0 && cpl.cdw0 != 0) {
		kato = cpl.cdw0;
	} else if (ctrlr->is_failed) {
		return -EIO;
	}
	ctrlr->keep_alive_interval_ticks = spdk_get_ticks_hz() * kato / 2000;
	EALNVME_INFOLOG("%s: keep-alive timeout %u ms, KEEP ALIVE every %u ms",
			nvme_ctrlr_name(ctrlr), kato, kato / 2);
	__atomic_store_n(&ctrlr->next_keep_alive_tick,
			 spdk_get_ticks() + ctrlr->keep_alive_interval_ticks, __ATOMIC_RELAXED);
	return 0;
}
