/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The Discovery log page (LID 70h; NVMe-oF 1.1 §5.3, NVMe Base 2.0
 * §5.16.1.23) read whole, for any transport: the 1 KiB header tells NUMREC,
 * then the page [0, 1 KiB * (NUMREC + 1)) is read in pieces of at most the
 * max transfer size (LPOL/LPOU past the first), then the header once more.
 * A GENCTR that moved, or a NUMREC that differs, means the log changed under
 * us: start over, a bounded number of times.  Each step is sent from the
 * previous one's completion, so a detach (which completes outstanding admin
 * commands as aborted) ends the read through the same error path.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/endian.h"

#include "nvme_internal.h"

#define DISC_HDR_SIZE		sizeof(struct spdk_nvmf_discovery_log_page)
#define DISC_ENTRY_SIZE		sizeof(struct spdk_nvmf_discovery_log_page_entry)
/* 64 Ki records are 64 MiB; a NUMREC above that is a broken or lying target. */
#define DISC_MAX_RECORDS	65536u
/* Restarts after a GENCTR change before giving up. */
#define DISC_MAX_RESTARTS	10u
/* The bounce buffer: one piece, at most this (a power of two >= 1 KiB). */
#define DISC_MAX_PIECE		(64u * 1024)

enum disc_step {
	DISC_HEADER,	/* learning NUMREC and GENCTR */
	DISC_PAGE,	/* reading header + entries into log */
	DISC_RECHECK,	/* header again: did GENCTR move? */
};

struct nvme_discovery_ctx {
	struct spdk_nvme_ctrlr			*ctrlr;
	spdk_nvme_discovery_cb			cb_fn;
	void					*cb_arg;
	enum disc_step				step;
	uint8_t					*dma;		/* one piece, DMA memory */
	uint32_t				piece;		/* its size */
	struct spdk_nvmf_discovery_log_page	*log;		/* malloc()ed for the caller */
	uint64_t				size;		/* bytes of the page */
	uint64_t				offset;		/* next byte to read */
	uint32_t				len;		/* bytes of the command in flight */
	uint64_t				genctr;		/* GENCTR of this pass */
	uint64_t				numrec;
	uint32_t				restarts;
};

static void disc_cb(void *arg, const struct spdk_nvme_cpl *cpl);

/* Hand the result over and free the rest; the controller is not touched. */
static void
disc_finish(struct nvme_discovery_ctx *ctx, int rc, const struct spdk_nvme_cpl *cpl)
{
	struct spdk_nvmf_discovery_log_page *log = NULL;

	if (rc == 0 && cpl != NULL && !spdk_nvme_cpl_is_error(cpl)) {
		log = ctx->log;
		ctx->log = NULL;
	}
	ctx->cb_fn(ctx->cb_arg, rc, rc == 0 ? cpl : NULL, log);
	free(ctx->log);
	spdk_free(ctx->dma);
	free(ctx);
}

/* Read [offset, offset + len) of the log into the bounce buffer. */
static int
disc_send(struct nvme_discovery_ctx *ctx, uint64_t offset, uint32_t len)
{
	int rc;

	ctx->offset = offset;
	ctx->len = len;
	rc = spdk_nvme_ctrlr_cmd_get_log_page_ext(ctx->ctrlr, SPDK_NVME_LOG_DISCOVERY, 0,
			ctx->dma, len, offset, 0, 0, 0, disc_cb, ctx);
	if (rc != 0) {
		EALNVME_ERRLOG("%s: cannot send GET LOG PAGE 70h at offset %" PRIu64 " (%d)",
			       nvme_ctrlr_name(ctx->ctrlr), offset, rc);
	}
	return rc;
}

static int
disc_send_header(struct nvme_discovery_ctx *ctx, enum disc_step step)
{
	ctx->step = step;
	return disc_send(ctx, 0, DISC_HDR_SIZE);
}

static int
disc_send_page_piece(struct nvme_discovery_ctx *ctx, uint64_t offset)
{
	uint64_t left = ctx->size - offset;

	return disc_send(ctx, offset, left < ctx->piece ? (uint32_t)left : ctx->piece);
}

/* The first header: size the page and allocate it (0), or why not. */
static int
disc_got_header(struct nvme_discovery_ctx *ctx)
{
	const struct spdk_nvmf_discovery_log_page *hdr = (const void *)ctx->dma;
	struct spdk_nvme_ctrlr *ctrlr = ctx->ctrlr;
	uint16_t recfmt = from_le16(&hdr->recfmt);
	uint64_t numrec = from_le64(&hdr->numrec);

	/* Record format 0 is the only one defined (NVMe-oF 1.1 Figure 38). */
	if (recfmt != 0) {
		EALNVME_ERRLOG("%s: discovery log record format %u is unknown (only 0 is "
			       "defined); this target cannot be discovered by this driver",
			       nvme_ctrlr_name(ctrlr), recfmt);
		return -EINVAL;
	}
	if (numrec > DISC_MAX_RECORDS) {
		EALNVME_ERRLOG("%s: the discovery log claims %" PRIu64 " records (more than "
			       "%u); refusing to allocate for it, check the target",
			       nvme_ctrlr_name(ctrlr), numrec, DISC_MAX_RECORDS);
		return -EINVAL;
	}
	ctx->genctr = from_le64(&hdr->genctr);
	ctx->numrec = numrec;
	ctx->size = DISC_HDR_SIZE + ctx->numrec * DISC_ENTRY_SIZE;
	if (ctx->size > ctx->piece && !ctrlr->cdata->lpa.lpeds) {
		EALNVME_ERRLOG("%s: the discovery log (%" PRIu64 " bytes) needs more than one "
			       "command but the controller takes no log page offset (LPA bit 2)",
			       nvme_ctrlr_name(ctrlr), ctx->size);
		return -ENOTSUP;
	}
	free(ctx->log);
	ctx->log = malloc(ctx->size);
	if (ctx->log == NULL) {
		EALNVME_ERRLOG("%s: out of memory for a %" PRIu64 "-byte discovery log",
			       nvme_ctrlr_name(ctrlr), ctx->size);
		return -ENOMEM;
	}
	return 0;
}

/* The header read again: true when the page read in between is consistent. */
static bool
disc_consistent(const struct nvme_discovery_ctx *ctx)
{
	const struct spdk_nvmf_discovery_log_page *hdr = (const void *)ctx->dma;

	return from_le64(&hdr->genctr) == ctx->genctr && from_le64(&hdr->numrec) == ctx->numrec &&
	       from_le64(&ctx->log->genctr) == ctx->genctr &&
	       from_le64(&ctx->log->numrec) == ctx->numrec;
}

/* After a good completion: the next command (0), done (1), or an errno. */
static int
disc_advance(struct nvme_discovery_ctx *ctx)
{
	int rc;

	switch (ctx->step) {
	case DISC_HEADER:
		rc = disc_got_header(ctx);
		if (rc != 0) {
			return rc;
		}
		if (ctx->numrec == 0) {
			/* One command read the whole log: nothing to tear. */
			memcpy(ctx->log, ctx->dma, DISC_HDR_SIZE);
			return 1;
		}
		ctx->step = DISC_PAGE;
		return disc_send_page_piece(ctx, 0);
	case DISC_PAGE:
		memcpy((uint8_t *)ctx->log + ctx->offset, ctx->dma, ctx->len);
		if (ctx->offset + ctx->len < ctx->size) {
			return disc_send_page_piece(ctx, ctx->offset + ctx->len);
		}
		return disc_send_header(ctx, DISC_RECHECK);
	case DISC_RECHECK:
	default:
		if (disc_consistent(ctx)) {
			return 1;
		}
		if (++ctx->restarts > DISC_MAX_RESTARTS) {
			EALNVME_ERRLOG("%s: the discovery log changed %u times while it was read "
				       "(GENCTR now %" PRIu64 "); try again later",
				       nvme_ctrlr_name(ctx->ctrlr), DISC_MAX_RESTARTS,
				       from_le64(ctx->dma));
			return -EAGAIN;
		}
		EALNVME_INFOLOG("%s: the discovery log changed while it was read; reading it "
				"again", nvme_ctrlr_name(ctx->ctrlr));
		return disc_send_header(ctx, DISC_HEADER);
	}
}

static void
disc_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_discovery_ctx *ctx = arg;
	int rc;

	if (spdk_nvme_cpl_is_error(cpl)) {
		/* Also how a detach or a failed controller ends the read (aborted).
		 * A refused header is what a non-discovery controller answers. */
		if (ctx->step == DISC_HEADER && ctx->restarts == 0) {
			EALNVME_INFOLOG("%s: GET LOG PAGE 70h refused (%s): not a discovery "
					"controller?", nvme_ctrlr_name(ctx->ctrlr),
					spdk_nvme_cpl_get_status_string(&cpl->status));
		} else {
			EALNVME_ERRLOG("%s: discovery log read at offset %" PRIu64 " failed: %s",
				       nvme_ctrlr_name(ctx->ctrlr), ctx->offset,
				       spdk_nvme_cpl_get_status_string(&cpl->status));
		}
		disc_finish(ctx, 0, cpl);
		return;
	}
	rc = disc_advance(ctx);
	if (rc == 1) {
		disc_finish(ctx, 0, cpl);
	} else if (rc != 0) {
		disc_finish(ctx, rc, NULL);
	}
}

int
spdk_nvme_ctrlr_get_discovery_log_page(struct spdk_nvme_ctrlr *ctrlr,
				       spdk_nvme_discovery_cb cb_fn, void *cb_arg)
{
	struct nvme_discovery_ctx *ctx;
	uint32_t piece;
	int rc;

	if (ctrlr == NULL || cb_fn == NULL) {
		EALNVME_ERRLOG("get_discovery_log_page: need a controller and a callback "
			       "(got %s)", ctrlr == NULL ? "a NULL controller" : "a NULL callback");
		return -EINVAL;
	}
	if (ctrlr->is_failed || ctrlr->is_removed) {
		EALNVME_ERRLOG("%s: get_discovery_log_page: the controller is %s; reset or "
			       "reattach it first", nvme_ctrlr_name(ctrlr),
			       ctrlr->is_removed ? "removed" : "failed");
		return -ENXIO;
	}
	/* Pieces of whole entries keep every command dword aligned. */
	piece = nvme_min(ctrlr->max_xfer_size, DISC_MAX_PIECE) & ~(uint32_t)(DISC_ENTRY_SIZE - 1);
	if (piece == 0) {
		EALNVME_ERRLOG("%s: get_discovery_log_page: max transfer size %u is below one "
			       "1 KiB log entry", nvme_ctrlr_name(ctrlr), ctrlr->max_xfer_size);
		return -ENOTSUP;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (ctx != NULL) {
		ctx->dma = spdk_zmalloc(piece, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	}
	if (ctx == NULL || ctx->dma == NULL) {
		EALNVME_ERRLOG("%s: get_discovery_log_page: out of memory (%u bytes of DMA "
			       "memory and the context)", nvme_ctrlr_name(ctrlr), piece);
		free(ctx);
		return -ENOMEM;
	}
	ctx->ctrlr = ctrlr;
	ctx->cb_fn = cb_fn;
	ctx->cb_arg = cb_arg;
	ctx->piece = piece;
	rc = disc_send_header(ctx, DISC_HEADER);
	if (rc != 0) {
		spdk_free(ctx->dma);
		free(ctx);
	}
	return rc;
}
