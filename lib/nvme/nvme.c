/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Entry points: spdk_nvme_probe, spdk_nvme_connect, spdk_nvme_detach, and
 * the process-wide list of attached controllers.
 *
 * Probe path: spdk_nvme_probe -> transport ctrlr_scan (PCIe: env PCI
 * enumerate -> DPDK bus scan + probe maps BARs) -> nvme_ctrlr_probe_found()
 * per device: probe_cb, construct, nvme_ctrlr_init() -> attach_cb for each
 * controller that came up, once the scan is over.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "nvme_internal.h"

static TAILQ_HEAD(, spdk_nvme_ctrlr) g_attached = TAILQ_HEAD_INITIALIZER(g_attached);
/* Guards g_attached; probe/detach are not hot paths. */
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
	pthread_mutex_unlock(&g_attached_lock);
	return found;
}

int
nvme_ctrlr_probe_found(struct nvme_probe_ctx *probe_ctx, const struct spdk_nvme_transport_id *trid,
		       void *devhandle,
		       struct spdk_nvme_ctrlr *(*construct)(const struct spdk_nvme_transport_id *,
				       const struct spdk_nvme_ctrlr_opts *, void *))
{
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_ctrlr *ctrlr;

	if (nvme_ctrlr_is_attached(trid)) {
		return 1;
	}
	nvme_ctrlr_opts_set_defaults(&opts);
	if (probe_ctx->probe_cb != NULL && !probe_ctx->probe_cb(probe_ctx->cb_ctx, trid, &opts)) {
		return 1;
	}
	ctrlr = construct(trid, &opts, devhandle);
	if (ctrlr == NULL) {
		/* construct logged why and released nothing of the device */
		return 1;
	}
	if (nvme_ctrlr_init(ctrlr) != 0) {
		EALNVME_ERRLOG("%s: controller initialisation failed at step '%s'; "
			       "the device is left detached", trid->traddr,
			       nvme_ctrlr_state_name(ctrlr->state));
		nvme_ctrlr_destruct(ctrlr);
		/* destruct handed the device back: it is no longer the env's */
		return 0;
	}
	/* Called on removal, from a later spdk_nvme_probe (SPDK's semantics). */
	ctrlr->remove_cb = probe_ctx->remove_cb;
	ctrlr->remove_ctx = probe_ctx->cb_ctx;
	pthread_mutex_lock(&g_attached_lock);
	TAILQ_INSERT_TAIL(&g_attached, ctrlr, link);
	pthread_mutex_unlock(&g_attached_lock);
	TAILQ_INSERT_TAIL(&probe_ctx->init_ctrlrs, ctrlr, link_init);
	return 0;
}

/*
 * SPDK's hotplug monitor: each attached controller of the probed transport
 * (and address, if given) that the bus reports gone is failed as removed and
 * its remove_cb runs, once.  The callback may detach any controller, so the
 * list is walked again from the start after each call.
 */
static void
nvme_probe_report_removed(const struct nvme_probe_ctx *probe_ctx)
{
	struct spdk_nvme_ctrlr *ctrlr;
	bool again = true;

	pthread_mutex_lock(&g_attached_lock);
	while (again) {
		again = false;
		TAILQ_FOREACH(ctrlr, &g_attached, link) {
			if (ctrlr->trid.trtype != probe_ctx->trid.trtype ||
			    (probe_ctx->trid.traddr[0] != '\0' &&
			     strcmp(ctrlr->trid.traddr, probe_ctx->trid.traddr) != 0) ||
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

static int
nvme_probe_internal(struct nvme_probe_ctx *probe_ctx)
{
	const struct nvme_transport_ops *ops;
	struct spdk_nvme_ctrlr *ctrlr;
	int rc;

	ops = nvme_transport_get_ops(probe_ctx->trid.trtype);
	if (ops == NULL) {
		const char *name = spdk_nvme_transport_id_trtype_str(probe_ctx->trid.trtype);

		EALNVME_ERRLOG("transport %s is not built into ealnvme (built: PCIe)",
			       name ? name : "(unknown)");
		return -ENOTSUP;
	}
	TAILQ_INIT(&probe_ctx->init_ctrlrs);
	nvme_probe_report_removed(probe_ctx);
	rc = ops->ctrlr_scan(probe_ctx);
	/* attach_cb after the whole scan, in discovery order (as SPDK does). */
	while ((ctrlr = TAILQ_FIRST(&probe_ctx->init_ctrlrs)) != NULL) {
		TAILQ_REMOVE(&probe_ctx->init_ctrlrs, ctrlr, link_init);
		if (probe_ctx->attach_cb != NULL) {
			probe_ctx->attach_cb(probe_ctx->cb_ctx, &ctrlr->trid, ctrlr, &ctrlr->opts);
		}
	}
	return rc;
}

int
spdk_nvme_probe(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
		spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		spdk_nvme_remove_cb remove_cb)
{
	struct nvme_probe_ctx probe_ctx = {
		.cb_ctx = cb_ctx,
		.probe_cb = probe_cb,
		.attach_cb = attach_cb,
		.remove_cb = remove_cb,
	};

	if (trid != NULL) {
		probe_ctx.trid = *trid;
	} else {
		spdk_nvme_trid_populate_transport(&probe_ctx.trid, SPDK_NVME_TRANSPORT_PCIE);
	}
	return nvme_probe_internal(&probe_ctx);
}

struct nvme_connect_ctx {
	const struct spdk_nvme_ctrlr_opts	*opts;
	size_t					opts_size;
	struct spdk_nvme_ctrlr			*ctrlr;
};

static bool
nvme_connect_probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
		      struct spdk_nvme_ctrlr_opts *opts)
{
	struct nvme_connect_ctx *ctx = cb_ctx;

	(void)trid;
	if (ctx->opts != NULL) {
		/* Copy only what the caller's (possibly older) struct holds. */
		memcpy(opts, ctx->opts, nvme_min(ctx->opts_size, sizeof(*opts)));
		opts->opts_size = sizeof(*opts);
	}
	return ctx->ctrlr == NULL;
}

static void
nvme_connect_attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
		       struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct nvme_connect_ctx *ctx = cb_ctx;

	(void)trid;
	(void)opts;
	ctx->ctrlr = ctrlr;
}

struct spdk_nvme_ctrlr *
spdk_nvme_connect(const struct spdk_nvme_transport_id *trid,
		  const struct spdk_nvme_ctrlr_opts *opts, size_t opts_size)
{
	struct nvme_connect_ctx ctx = { .opts = opts, .opts_size = opts_size };
	struct nvme_probe_ctx probe_ctx = {
		.cb_ctx = &ctx,
		.probe_cb = nvme_connect_probe_cb,
		.attach_cb = nvme_connect_attach_cb,
	};

	if (trid == NULL) {
		EALNVME_ERRLOG("spdk_nvme_connect: NULL transport ID");
		return NULL;
	}
	if (trid->trtype == SPDK_NVME_TRANSPORT_PCIE && trid->traddr[0] == '\0') {
		EALNVME_ERRLOG("spdk_nvme_connect: a PCIe transport ID needs traddr "
			       "(e.g. \"trtype:PCIe traddr:0000:01:00.0\")");
		return NULL;
	}
	if (nvme_ctrlr_is_attached(trid)) {
		EALNVME_ERRLOG("%s: already attached in this process", trid->traddr);
		return NULL;
	}
	probe_ctx.trid = *trid;
	if (nvme_probe_internal(&probe_ctx) != 0) {
		return NULL;
	}
	return ctx.ctrlr;
}

int
spdk_nvme_detach(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_ctrlr *c;
	struct spdk_nvme_qpair *qpair;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_detach(NULL): pass the controller from attach_cb");
		return -EINVAL;
	}
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
		EALNVME_ERRLOG("spdk_nvme_detach(%p): not an attached controller (detached "
			       "twice?); nothing done", (void *)ctrlr);
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
		EALNVME_ERRLOG("%s: spdk_nvme_detach() called from a completion callback of this "
			       "controller; call it after the poll that ran the callback returns",
			       nvme_ctrlr_name(ctrlr));
		return -EBUSY;
	}
	TAILQ_REMOVE(&g_attached, ctrlr, link);
	pthread_mutex_unlock(&g_attached_lock);
	/* A device the bus reports gone gets no more MMIO (no queue deletion,
	 * no shutdown): the kernel waits for us to let it go. */
	nvme_ctrlr_check_removed(ctrlr);
	nvme_ctrlr_destruct(ctrlr);
	return 0;
}
