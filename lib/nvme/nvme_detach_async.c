/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Detaching, asynchronous as SPDK's API has it: spdk_nvme_detach_async()
 * deletes the controller's I/O qpairs and writes CC.SHN (§7.6.2) without
 * waiting; several controllers may share one context, so their shutdowns
 * run side by side; spdk_nvme_detach_poll_async() finishes each controller
 * whose CSTS.SHST says done (or whose RTD3E bound passed, or whose device is
 * gone) and releases its device; without a completed shutdown it disables
 * the controller first, and keeps one that does not stop (nvme_ctrlr_stop.c).
 * spdk_nvme_detach() is one of each, polled to the end.
 */
#include <errno.h>
#include <stdlib.h>

#include "nvme_internal.h"

struct spdk_nvme_detach_ctx {
	TAILQ_HEAD(, spdk_nvme_ctrlr)	ctrlrs;		/* linked by ctrlr->link */
};

static int
nvme_detach_start(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_detach_ctx **detach_ctx,
		  const char *fn)
{
	struct spdk_nvme_detach_ctx *ctx;
	int rc;

	if (ctrlr == NULL || detach_ctx == NULL) {
		EALNVME_ERRLOG("%s: NULL %s; pass the controller from attach_cb and the "
			       "address of a context pointer (NULL for a new one)", fn,
			       ctrlr == NULL ? "controller" : "detach_ctx");
		return -EINVAL;
	}
	ctx = *detach_ctx;
	if (ctx == NULL) {
		ctx = calloc(1, sizeof(*ctx));
		if (ctx == NULL) {
			EALNVME_ERRLOG("%s: out of memory for the detach context", fn);
			return -ENOMEM;
		}
		TAILQ_INIT(&ctx->ctrlrs);
	}
	rc = nvme_ctrlr_list_take_for_detach(ctrlr, fn);
	if (rc != 0) {
		if (*detach_ctx == NULL) {
			free(ctx);
		}
		return rc;
	}
	/* A device the bus reports gone gets no more MMIO (no queue deletion,
	 * no shutdown): the kernel waits for us to let it go. */
	nvme_ctrlr_check_removed(ctrlr);
	nvme_ctrlr_destruct_start(ctrlr);
	TAILQ_INSERT_TAIL(&ctx->ctrlrs, ctrlr, link);
	*detach_ctx = ctx;
	return 0;
}

int
spdk_nvme_detach_async(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_detach_ctx **detach_ctx)
{
	return nvme_detach_start(ctrlr, detach_ctx, "spdk_nvme_detach_async");
}

int
spdk_nvme_detach_poll_async(struct spdk_nvme_detach_ctx *detach_ctx)
{
	TAILQ_HEAD(, spdk_nvme_ctrlr) waiting = TAILQ_HEAD_INITIALIZER(waiting);
	struct spdk_nvme_ctrlr *ctrlr, *tmp;

	if (detach_ctx == NULL) {
		EALNVME_ERRLOG("spdk_nvme_detach_poll_async(NULL): pass the context "
			       "spdk_nvme_detach_async() filled in");
		return -EINVAL;
	}
	/* A finished controller is freed by destruct_poll: off the list first. */
	TAILQ_FOREACH_SAFE(ctrlr, &detach_ctx->ctrlrs, link, tmp) {
		TAILQ_REMOVE(&detach_ctx->ctrlrs, ctrlr, link);
		if (nvme_ctrlr_destruct_poll(ctrlr) == -EAGAIN) {
			TAILQ_INSERT_TAIL(&waiting, ctrlr, link);
		}
	}
	TAILQ_CONCAT(&detach_ctx->ctrlrs, &waiting, link);
	if (!TAILQ_EMPTY(&detach_ctx->ctrlrs)) {
		return -EAGAIN;
	}
	free(detach_ctx);
	return 0;
}

void
spdk_nvme_detach_poll(struct spdk_nvme_detach_ctx *detach_ctx)
{
	if (detach_ctx == NULL) {
		return;		/* nothing was started: nothing to wait for */
	}
	/* CSTS.SHST takes milliseconds: read it every millisecond, not in a spin. */
	while (spdk_nvme_detach_poll_async(detach_ctx) == -EAGAIN) {
		spdk_delay_us(1000);
	}
}

int
spdk_nvme_detach(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_detach_ctx *ctx = NULL;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_detach(NULL): pass the controller from attach_cb");
		return -EINVAL;
	}
	rc = nvme_detach_start(ctrlr, &ctx, "spdk_nvme_detach");
	if (rc != 0) {
		return rc;
	}
	spdk_nvme_detach_poll(ctx);
	return 0;
}
