/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shared by dif.c and dif_copy.c: a cursor over an iovec array (a block,
 * even its 8-byte protection information, may straddle elements) and the
 * per-block generate/verify steps.
 */
#ifndef EALNVME_DIF_INTERNAL_H
#define EALNVME_DIF_INTERNAL_H

#include "spdk/stdinc.h"
#include "spdk/dif.h"

/* Bytes of 16-bit-guard protection information: guard, app tag, ref tag. */
#define DIF_PI_SIZE	8u

struct dif_cursor {
	struct iovec	*iov;
	int		iovcnt;		/* elements left, iov included */
	size_t		off;		/* offset in *iov */
};

void ealnvme_dif_cursor_init(struct dif_cursor *c, struct iovec *iovs, int iovcnt);
/* Contiguous bytes at the cursor (0 at the end), their address in *p. */
size_t ealnvme_dif_cursor_chunk(struct dif_cursor *c, uint8_t **p);
void ealnvme_dif_cursor_skip(struct dif_cursor *c, size_t n);
void ealnvme_dif_cursor_read(struct dif_cursor *c, void *dst, size_t n);
void ealnvme_dif_cursor_write(struct dif_cursor *c, const void *src, size_t n);
/* Copy n bytes from src to dst, both advancing. */
void ealnvme_dif_cursor_copy(struct dif_cursor *dst, struct dif_cursor *src, size_t n);

/* Whether the iovecs hold at least need bytes (false for NULL / negative counts). */
bool ealnvme_dif_iovs_hold(const struct iovec *iovs, int iovcnt, uint64_t need);
/* The same for a separate metadata buffer (one iovec, may be NULL). */
bool ealnvme_dif_md_holds(const struct iovec *md_iov, uint64_t need);

/* Data bytes of one block (without metadata in the extended layout). */
uint32_t ealnvme_dif_data_block_size(const struct spdk_dif_ctx *ctx);

/*
 * One block at data (and md for separate metadata): generate its PI, or
 * verify it (-EIO, err_blk and a log line on a mismatch).  Both cursors
 * end at the next block.  blk is the block's index in the payload.
 */
void ealnvme_dif_generate_block(const struct spdk_dif_ctx *ctx, struct dif_cursor *data,
				struct dif_cursor *md, uint32_t blk);
int ealnvme_dif_verify_block(const struct spdk_dif_ctx *ctx, struct dif_cursor *data,
			     struct dif_cursor *md, uint32_t blk, struct spdk_dif_error *err_blk);

/* Leave the cursor at the block's PI (after its guarded bytes); *pi_end
 * bytes of the block follow the PI. */
void ealnvme_dif_seek_pi(const struct spdk_dif_ctx *ctx, struct dif_cursor *data,
			 struct dif_cursor *md, struct dif_cursor **at, size_t *pi_end);

/* The Reference Tag block blk should carry from the initial tag init. */
uint32_t ealnvme_dif_expected_ref_tag(const struct spdk_dif_ctx *ctx, uint64_t init, uint32_t blk);

/* Whether the stored tags switch all checks off for this block. */
bool ealnvme_dif_pi_ignored(const struct spdk_dif_ctx *ctx, const uint8_t *pi);

#endif /* EALNVME_DIF_INTERNAL_H */
