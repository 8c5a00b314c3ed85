/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The process-wide lists of controllers: being initialised by a probe
 * (g_initializing) and attached (g_attached); what a transport's scan calls
 * for each device found; removal reports.  The probe and detach calls
 * themselves are in nvme_probe_async.c and nvme_detach_async.c.
 *
 * Probe path: spdk_nvme_probe_async -> transport ctrlr_scan (PCIe: env PCI
 * enumerate -> DPDK bus scan + probe maps BARs) -> nvme_ctrlr_probe_found()
 * per device: probe_cb, construct -> spdk_nvme_probe_poll_async runs the
 * init steps -> attach_cb for each controller that came up.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "nvme_internal.h"

static TAILQ_HEAD(, spdk_nvme_ctrlr) g_attached = TAILQ_HEAD_INITIALIZER(g_attached);
/* Constructed by a probe, init not finished: not attached, but taken. */
static TAILQ_HEAD(, spdk_nvme_ctrlr) g_initializing = TAILQ_HEAD_INITIALIZER(g_initializing);
/* Guards both lists; probe/detach are not hot paths. */
static pthread_mutex_t g_attached_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

bool
nvme_ctrlr_is_attached(const struct spdk_nvme_transport_id *trid)
{
	struct spdk_nvme_ctrlr *ctrlr;
	bool found = false;

	pthread_mutex_lock(&g_attached_lock);
	TAILQ_FOREACH(ctrlr, &g_attached, link) {
		if (spdk_nvme_transport_id_compare(&ctrlr->trid, trid) == 0) {
			found = true;
			break;
		}
	}
	TAILQ_FOREACH(ctrlr, &g_initializing, link) {
		if (!found && spdk_nvme_transport_id_compare(&ctrlr->trid, trid) == 0) {
			found = true;
		}
	}
	pthread_mutex_unlock(&g_attached_lock);
	return found;
}

void
nvme_ctrlr_list_add_initializing(struct spdk_nvme_ctrlr *ctrlr)
{
	pthread_mutex_lock(&g_attached_lock);
	TAILQ_INSERT_TAIL(&g_initializing, ctrlr, link);
	pthread_mutex_unlock(&g_attached_lock);
}

/* Init finished: attached (ok) or just off the initialising list. */
void
nvme_ctrlr_list_attach(struct spdk_nvme_ctrlr *ctrlr, bool ok)
{
	pthread_mutex_lock(&g_attached_lock);
	TAILQ_REMOVE(&g_initializing, ctrlr, link);
	if (ok) {
		TAILQ_INSERT_TAIL(&g_attached, ctrlr, link);
	}
	pthread_mutex_unlock(&g_attached_lock);
}

int
nvme_ctrlr_probe_found(struct spdk_nvme_probe_ctx *probe_ctx,
		       const struct spdk_nvme_transport_id *trid, void *devhandle,
		       struct spdk_nvme_ctrlr *(*construct)(const struct spdk_nvme_transport_id *,
				       const struct spdk_nvme_ctrlr_opts *, void *))
{
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_ctrlr *ctrlr;

	if (nvme_ctrlr_is_attached(trid)) {
		return 1;
	}
	if (probe_ctx->has_opts) {
		opts = probe_ctx->opts;
	} else {
		nvme_ctrlr_opts_set_defaults(&opts);
	}
	if (probe_ctx->probe_cb != NULL && !probe_ctx->probe_cb(probe_ctx->cb_ctx, trid, &opts)) {
		return 1;
	}
	ctrlr = construct(trid, &opts, devhandle);
	if (ctrlr == NULL) {
		/* construct logged why and released nothing of the device */
		if (probe_ctx->attach_fail_cb != NULL) {
			probe_ctx->attach_fail_cb(probe_ctx->cb_ctx, trid, -ENODEV);
		}
		return 1;
	}
	/* Called on removal, from a later spdk_nvme_probe (SPDK's semantics). */
	ctrlr->remove_cb = probe_ctx->remove_cb;
	ctrlr->remove_ctx = probe_ctx->cb_ctx;
	nvme_ctrlr_init_start(ctrlr);
	nvme_ctrlr_list_add_initializing(ctrlr);
	TAILQ_INSERT_TAIL(&probe_ctx->init_ctrlrs, ctrlr, link_init);
	return 0;
}

/*
 * SPDK's hotplug monitor: each attached controller of trid's transport
 * (and address, if given) that the bus reports gone is failed as removed and
 * its remove_cb runs, once.  The callback may detach any controller, so the
 * list is walked again from the start after each call.
 */
void
nvme_probe_report_removed(const struct spdk_nvme_transport_id *trid)
{
	struct spdk_nvme_ctrlr *ctrlr;
	bool again = true;

	pthread_mutex_lock(&g_attached_lock);
	while (again) {
		again = false;
		TAILQ_FOREACH(ctrlr, &g_attached, link) {
			if (ctrlr->trid.trtype != trid->trtype ||
			    (trid->traddr[0] != '\0' &&
			     strcmp(ctrlr->trid.traddr, trid->traddr) != 0) ||
			    ctrlr->remove_reported || !nvme_ctrlr_is_gone(ctrlr)) {
				continue;
			}
			ctrlr->remove_reported = true;
			/* Failing it takes the controller's lock, and the callback
			 * may detach (or hand that to another thread): neither runs
			 * under the list lock, which admin paths may want. */
			pthread_mutex_unlock(&g_attached_lock);
			nvme_ctrlr_hot_remove(ctrlr);
			EALNVME_NOTICELOG("%s: removed; reporting it to the application",
					  nvme_ctrlr_name(ctrlr));
			if (ctrlr->remove_cb != NULL) {
				ctrlr->remove_cb(ctrlr->remove_ctx, ctrlr);
			}
			pthread_mutex_lock(&g_attached_lock);
			again = true;
			break;
		}
	}
	pthread_mutex_unlock(&g_attached_lock);
}

/*
 * Take ctrlr off the attached list for a detach: 0, or -EINVAL (not
 * attached) / -EBUSY (called from one of its completion callbacks), logged.
 */
int
nvme_ctrlr_list_take_for_detach(struct spdk_nvme_ctrlr *ctrlr, const char *fn)
{
	struct spdk_nvme_ctrlr *c;
	struct spdk_nvme_qpair *qpair;

	pthread_mutex_lock(&g_attached_lock);
	/* Compare pointers before touching *ctrlr: a second detach must not
	 * read freed memory. */
	TAILQ_FOREACH(c, &g_attached, link) {
		if (c == ctrlr) {
			break;
		}
	}
	if (c == NULL) {
		pthread_mutex_unlock(&g_attached_lock);
		EALNVME_ERRLOG("%s(%p): not an attached controller (detached "
			       "twice?); nothing done", fn, (void *)ctrlr);
		return -EINVAL;
	}
	/* From a completion callback the qpair being polled cannot be freed:
	 * the poll would return into freed memory. */
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		if (qpair->in_completion_context) {
			break;
		}
	}
	if (qpair != NULL || (ctrlr->adminq != NULL && ctrlr->adminq->in_completion_context)) {
		pthread_mutex_unlock(&g_attached_lock);
		EALNVME_ERRLOG("%s: %s() called from a completion callback of this "
			       "controller; call it after the poll that ran the callback returns",
			       nvme_ctrlr_name(ctrlr), fn);
		return -EBUSY;
	}
	TAILQ_REMOVE(&g_attached, ctrlr, link);
	pthread_mutex_unlock(&g_attached_lock);
	return 0;
}
