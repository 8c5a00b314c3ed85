/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Probing and connecting, asynchronous as SPDK's API has it, with the
 * synchronous calls run to the end on top:
 *   spdk_nvme_probe_async(_ext) / spdk_nvme_connect_async: removal reports
 *     (remove_cb), the transport's scan, probe_cb and construct for each new
 *     device, all before returning;
 *   spdk_nvme_probe_poll_async: one init step of each controller per call
 *     (nvme_ctrlr_init_poll), attach_cb as each one becomes ready (or
 *     attach_fail_cb, the device handed back); 0 and the context freed when
 *     none is left, -EAGAIN before;
 *   spdk_nvme_probe(_ext) / spdk_nvme_connect: start, poll to the end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_internal.h"

/* The transport for trid, or NULL with a log line. */
static const struct nvme_transport_ops *
nvme_probe_transport(const struct spdk_nvme_transport_id *trid)
{
	const struct nvme_transport_ops *ops = nvme_transport_get_ops(trid->trtype);

	if (ops == NULL) {
		const char *name = spdk_nvme_transport_id_trtype_str(trid->trtype);

		EALNVME_ERRLOG("transport %s is not built into ealnvme (built: PCIe, TCP)",
			       name ? name : "(unknown)");
	}
	return ops;
}

/*
 * Start a probe of probe_ctx (heap, filled by the caller).  *rc: the
 * scan's result (or -ENOTSUP).  NULL, with probe_ctx freed, when there is
 * nothing to poll and the scan failed.
 */
static struct spdk_nvme_probe_ctx *
nvme_probe_start(struct spdk_nvme_probe_ctx *probe_ctx, int *rc)
{
	const struct nvme_transport_ops *ops = nvme_probe_transport(&probe_ctx->trid);

	if (ops == NULL) {
		*rc = -ENOTSUP;
		free(probe_ctx);
		return NULL;
	}
	TAILQ_INIT(&probe_ctx->init_ctrlrs);
	nvme_probe_report_removed(&probe_ctx->trid);
	probe_ctx->scan_rc = ops->ctrlr_scan(probe_ctx);
	*rc = probe_ctx->scan_rc;
	if (probe_ctx->scan_rc != 0 && TAILQ_EMPTY(&probe_ctx->init_ctrlrs)) {
		free(probe_ctx);
		return NULL;
	}
	return probe_ctx;
}

static struct spdk_nvme_probe_ctx *
nvme_probe_ctx_new(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
		   spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		   spdk_nvme_attach_fail_cb attach_fail_cb, spdk_nvme_remove_cb remove_cb)
{
	struct spdk_nvme_probe_ctx *probe_ctx = calloc(1, sizeof(*probe_ctx));

	if (probe_ctx == NULL) {
		EALNVME_ERRLOG("probe: out of memory for the probe context");
		return NULL;
	}
	if (trid != NULL) {
		probe_ctx->trid = *trid;
	} else {
		spdk_nvme_trid_populate_transport(&probe_ctx->trid, SPDK_NVME_TRANSPORT_PCIE);
	}
	probe_ctx->cb_ctx = cb_ctx;
	probe_ctx->probe_cb = probe_cb;
	probe_ctx->attach_cb = attach_cb;
	probe_ctx->attach_fail_cb = attach_fail_cb;
	probe_ctx->remove_cb = remove_cb;
	return probe_ctx;
}

struct spdk_nvme_probe_ctx *
spdk_nvme_probe_async_ext(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
			  spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
			  spdk_nvme_attach_fail_cb attach_fail_cb, spdk_nvme_remove_cb remove_cb)
{
	struct spdk_nvme_probe_ctx *probe_ctx;
	int rc;

	probe_ctx = nvme_probe_ctx_new(trid, cb_ctx, probe_cb, attach_cb, attach_fail_cb,
				       remove_cb);
	return probe_ctx == NULL ? NULL : nvme_probe_start(probe_ctx, &rc);
}

struct spdk_nvme_probe_ctx *
spdk_nvme_probe_async(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
		      spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		      spdk_nvme_remove_cb remove_cb)
{
	return spdk_nvme_probe_async_ext(trid, cb_ctx, probe_cb, attach_cb, NULL, remove_cb);
}

/* One controller's init finished with rc: attach it, or report and release it. */
static void
nvme_probe_ctrlr_done(struct spdk_nvme_probe_ctx *probe_ctx, struct spdk_nvme_ctrlr *ctrlr,
		      int rc)
{
	struct spdk_nvme_transport_id trid = ctrlr->trid;

	TAILQ_REMOVE(&probe_ctx->init_ctrlrs, ctrlr, link_init);
	nvme_ctrlr_list_attach(ctrlr, rc == 0);
	if (rc == 0) {
		if (probe_ctx->attach_cb != NULL) {
			probe_ctx->attach_cb(probe_ctx->cb_ctx, &ctrlr->trid, ctrlr, &ctrlr->opts);
		}
		return;
	}
	EALNVME_ERRLOG("%s: controller initialisation failed at step '%s'; "
		       "the device is left detached", trid.traddr,
		       nvme_ctrlr_state_name(ctrlr->state));
	/* destruct hands the device back to the bus */
	nvme_ctrlr_destruct(ctrlr);
	if (probe_ctx->attach_fail_cb != NULL) {
		probe_ctx->attach_fail_cb(probe_ctx->cb_ctx, &trid, rc);
	}
}

int
spdk_nvme_probe_poll_async(struct spdk_nvme_probe_ctx *probe_ctx)
{
	struct spdk_nvme_ctrlr *ctrlr, *tmp;

	if (probe_ctx == NULL) {
		EALNVME_ERRLOG("spdk_nvme_probe_poll_async(NULL): pass the context "
			       "spdk_nvme_probe_async() returned");
		return -EINVAL;
	}
	/* Round robin: controllers come up side by side, in discovery order. */
	TAILQ_FOREACH_SAFE(ctrlr, &probe_ctx->init_ctrlrs, link_init, tmp) {
		int rc = nvme_ctrlr_init_poll(ctrlr);

		if (rc != -EAGAIN) {
			nvme_probe_ctrlr_done(probe_ctx, ctrlr, rc);
		}
	}
	if (!TAILQ_EMPTY(&probe_ctx->init_ctrlrs)) {
		return -EAGAIN;
	}
	free(probe_ctx);
	return 0;
}

/* Start, then poll to the end: the synchronous calls. */
static int
nvme_probe_run(struct spdk_nvme_probe_ctx *probe_ctx)
{
	int rc;

	if (probe_ctx == NULL) {
		return -ENOMEM;
	}
	probe_ctx = nvme_probe_start(probe_ctx, &rc);
	if (probe_ctx != NULL) {
		while (spdk_nvme_probe_poll_async(probe_ctx) == -EAGAIN) {
		}
	}
	return rc;
}

int
spdk_nvme_probe_ext(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
		    spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		    spdk_nvme_attach_fail_cb attach_fail_cb, spdk_nvme_remove_cb remove_cb)
{
	return nvme_probe_run(nvme_probe_ctx_new(trid, cb_ctx, probe_cb, attach_cb,
				 attach_fail_cb, remove_cb));
}

int
spdk_nvme_probe(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
		spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		spdk_nvme_remove_cb remove_cb)
{
	return spdk_nvme_probe_ext(trid, cb_ctx, probe_cb, attach_cb, NULL, remove_cb);
}

/* A probe of exactly trid's controller with opts (opts_size bytes of them). */
static struct spdk_nvme_probe_ctx *
nvme_connect_ctx_new(const struct spdk_nvme_transport_id *trid,
		     const struct spdk_nvme_ctrlr_opts *opts, size_t opts_size,
		     spdk_nvme_attach_cb attach_cb, void *cb_ctx)
{
	struct spdk_nvme_probe_ctx *probe_ctx;

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
	probe_ctx = nvme_probe_ctx_new(trid, cb_ctx, NULL, attach_cb, NULL, NULL);
	if (probe_ctx == NULL) {
		return NULL;
	}
	nvme_ctrlr_opts_set_defaults(&probe_ctx->opts);
	if (opts != NULL) {
		/* Copy only what the caller's (possibly older) struct holds. */
		memcpy(&probe_ctx->opts, opts, nvme_min(opts_size, sizeof(*opts)));
		probe_ctx->opts.opts_size = sizeof(*opts);
	}
	probe_ctx->has_opts = true;
	/* The controller trid names, even a discovery controller (as SPDK). */
	probe_ctx->direct_connect = true;
	return probe_ctx;
}

struct spdk_nvme_probe_ctx *
spdk_nvme_connect_async(const struct spdk_nvme_transport_id *trid,
			const struct spdk_nvme_ctrlr_opts *opts, spdk_nvme_attach_cb attach_cb)
{
	struct spdk_nvme_probe_ctx *probe_ctx;
	int rc;

	/* SPDK's call has no size: the struct's own opts_size says how much is valid. */
	probe_ctx = nvme_connect_ctx_new(trid, opts, opts != NULL && opts->opts_size != 0 ?
					 opts->opts_size : sizeof(*opts), attach_cb, NULL);
	return probe_ctx == NULL ? NULL : nvme_probe_start(probe_ctx, &rc);
}

static void
nvme_connect_attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
		       struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct spdk_nvme_ctrlr **out = cb_ctx;

	(void)trid;
	(void)opts;
	*out = ctrlr;
}

struct spdk_nvme_ctrlr *
spdk_nvme_connect(const struct spdk_nvme_transport_id *trid,
		  const struct spdk_nvme_ctrlr_opts *opts, size_t opts_size)
{
	struct spdk_nvme_ctrlr *ctrlr = NULL;
	struct spdk_nvme_probe_ctx *probe_ctx;

	probe_ctx = nvme_connect_ctx_new(trid, opts, opts_size, nvme_connect_attach_cb, &ctrlr);
	if (probe_ctx == NULL || nvme_probe_run(probe_ctx) != 0) {
		return NULL;
	}
	return ctrlr;
}

int
spdk_nvme_scan_attached(const struct spdk_nvme_transport_id *trid)
{
	if (trid == NULL) {
		EALNVME_ERRLOG("spdk_nvme_scan_attached(NULL): pass a transport ID "
			       "(e.g. trtype PCIe, empty traddr for all)");
		return -EINVAL;
	}
	if (nvme_probe_transport(trid) == NULL) {
		return -ENOTSUP;
	}
	nvme_probe_report_removed(trid);
	return 0;
}
