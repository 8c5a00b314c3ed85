/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/dif.h: bounce-buffer copies with generate/verify, error injection,
 * Reference Tag remapping, and the stream calls ealnvme does not have.
 */
#include "spdk/dif.h"
#include "spdk/endian.h"
#include "spdk/log.h"
#include "spdk/util.h"

#include "dif_internal.h"

/* Bytes per block on the caller's side of a copy: the data part, or whole
 * extended blocks when PRACT keeps metadata larger than the PI. */
static uint32_t
copy_unit(const struct spdk_dif_ctx *ctx)
{
	if ((ctx->dif_flags & SPDK_DIF_FLAGS_NVME_PRACT) && ctx->md_size > DIF_PI_SIZE) {
		return ctx->block_size;
	}
	return ealnvme_dif_data_block_size(ctx);
}

static int
copy_check(const char *fn, struct iovec *iovs, int iovcnt, struct iovec *bounce_iovs,
	   int bounce_iovcnt, uint32_t num_blocks, const struct spdk_dif_ctx *ctx)
{
	if (ctx == NULL || !ctx->md_interleave) {
		SPDK_ERRLOG("%s: needs a context for interleaved metadata "
			    "(spdk_dif_ctx_init with md_interleave true)\n", fn);
		return -EINVAL;
	}
	if (!ealnvme_dif_iovs_hold(iovs, iovcnt, (uint64_t)copy_unit(ctx) * num_blocks) ||
	    !ealnvme_dif_iovs_hold(bounce_iovs, bounce_iovcnt, (uint64_t)ctx->block_size * num_blocks)) {
		SPDK_ERRLOG("%s: the buffers hold fewer than %u blocks (%u bytes each in iovs, "
			    "%u in the bounce buffer)\n", fn, num_blocks, copy_unit(ctx),
			    ctx->block_size);
		return -EINVAL;
	}
	return 0;
}

int
spdk_dif_generate_copy(struct iovec *iovs, int iovcnt, struct iovec *bounce_iovs,
		       int bounce_iovcnt, uint32_t num_blocks,
		       const struct spdk_dif_ctx *ctx)
{
	struct dif_cursor src, dst;
	int rc = copy_check(__func__, iovs, iovcnt, bounce_iovs, bounce_iovcnt, num_blocks, ctx);

	if (rc != 0 || ctx->dif_type == SPDK_DIF_DISABLE) {
		return rc;
	}
	ealnvme_dif_cursor_init(&src, iovs, iovcnt);
	ealnvme_dif_cursor_init(&dst, bounce_iovs, bounce_iovcnt);
	for (uint32_t blk = 0; blk < num_blocks; blk++) {
		struct dif_cursor block = dst;
		uint32_t unit = copy_unit(ctx);

		ealnvme_dif_cursor_copy(&dst, &src, unit);
		ealnvme_dif_cursor_skip(&dst, ctx->block_size - unit);
		/* The PI is made from what landed in the bounce buffer. */
		ealnvme_dif_generate_block(ctx, &block, NULL, blk);
	}
	return 0;
}

int
spdk_dif_verify_copy(struct iovec *iovs, int iovcnt, struct iovec *bounce_iovs,
		     int bounce_iovcnt, uint32_t num_blocks,
		     const struct spdk_dif_ctx *ctx,
		     struct spdk_dif_error *err_blk)
{
	struct dif_cursor src, dst;
	int rc = copy_check(__func__, iovs, iovcnt, bounce_iovs, bounce_iovcnt, num_blocks, ctx);

	if (rc != 0 || ctx->dif_type == SPDK_DIF_DISABLE) {
		return rc;
	}
	ealnvme_dif_cursor_init(&src, bounce_iovs, bounce_iovcnt);
	ealnvme_dif_cursor_init(&dst, iovs, iovcnt);
	for (uint32_t blk = 0; blk < num_blocks; blk++) {
		struct dif_cursor block = src;
		uint32_t unit = copy_unit(ctx);

		rc = ealnvme_dif_verify_block(ctx, &block, NULL, blk, err_blk);
		if (rc != 0) {
			return rc;
		}
		ealnvme_dif_cursor_copy(&dst, &src, unit);
		ealnvme_dif_cursor_skip(&src, ctx->block_size - unit);
	}
	return 0;
}

/* ---- error injection ---------------------------------------------------- */

static void
flip_bit(struct dif_cursor *c, uint32_t bit)
{
	struct dif_cursor at;
	uint8_t byte;

	ealnvme_dif_cursor_skip(c, bit / 8);
	at = *c;
	ealnvme_dif_cursor_read(c, &byte, 1);
	byte ^= (uint8_t)(1u << (bit % 8));
	ealnvme_dif_cursor_write(&at, &byte, 1);
}

/* Flip a random bit of one field (or the data) of block blk. */
static void
inject_one(const struct spdk_dif_ctx *ctx, struct iovec *iovs, int iovcnt,
	   struct iovec *md_iov, uint32_t blk, uint32_t what)
{
	struct dif_cursor data, md, *c;
	uint32_t field_off, field_len;
	size_t rest;

	ealnvme_dif_cursor_init(&data, iovs, iovcnt);
	ealnvme_dif_cursor_init(&md, md_iov, md_iov == NULL ? 0 : 1);
	ealnvme_dif_cursor_skip(&data, (size_t)blk * ctx->block_size);
	ealnvme_dif_cursor_skip(&md, (size_t)blk * ctx->md_size);
	if (what == SPDK_DIF_DATA_ERROR) {
		flip_bit(&data, (uint32_t)rand() % (ealnvme_dif_data_block_size(ctx) * 8));
		return;
	}
	ealnvme_dif_seek_pi(ctx, &data, &md, &c, &rest);
	switch (what) {
	case SPDK_DIF_GUARD_ERROR:
		field_off = 0;
		field_len = 2;
		break;
	case SPDK_DIF_APPTAG_ERROR:
		field_off = 2;
		field_len = 2;
		break;
	default:
		field_off = 4;
		field_len = 4;
		break;
	}
	ealnvme_dif_cursor_skip(c, field_off);
	flip_bit(c, (uint32_t)rand() % (field_len * 8));
}

static int
inject(const char *fn, struct iovec *iovs, int iovcnt, struct iovec *md_iov, uint32_t num_blocks,
       const struct spdk_dif_ctx *ctx, uint32_t inject_flags, uint32_t *inject_offset)
{
	static const uint32_t kinds[] = {
		SPDK_DIF_REFTAG_ERROR, SPDK_DIF_APPTAG_ERROR, SPDK_DIF_GUARD_ERROR, SPDK_DIF_DATA_ERROR,
	};
	uint32_t all = SPDK_DIF_REFTAG_ERROR | SPDK_DIF_APPTAG_ERROR | SPDK_DIF_GUARD_ERROR |
		       SPDK_DIF_DATA_ERROR;

	if (ctx == NULL || num_blocks == 0 || inject_flags == 0 || (inject_flags & ~all) != 0) {
		SPDK_ERRLOG("%s: needs a context, at least one block and inject_flags made of "
			    "SPDK_DIF_{REFTAG,APPTAG,GUARD,DATA}_ERROR\n", fn);
		return -EINVAL;
	}
	if (!ealnvme_dif_iovs_hold(iovs, iovcnt, (uint64_t)ctx->block_size * num_blocks) ||
	    (!ctx->md_interleave &&
	     !ealnvme_dif_md_holds(md_iov, (uint64_t)ctx->md_size * num_blocks))) {
		SPDK_ERRLOG("%s: the buffers hold fewer than %u blocks\n", fn, num_blocks);
		return -EINVAL;
	}
	for (size_t i = 0; i < SPDK_COUNTOF(kinds); i++) {
		if (inject_flags & kinds[i]) {
			uint32_t blk = (uint32_t)rand() % num_blocks;

			inject_one(ctx, iovs, iovcnt, ctx->md_interleave ? NULL : md_iov, blk, kinds[i]);
			if (inject_offset != NULL) {
				*inject_offset = blk;
			}
		}
	}
	return 0;
}

int
spdk_dif_inject_error(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
		      const struct spdk_dif_ctx *ctx, uint32_t inject_flags,
		      uint32_t *inject_offset)
{
	if (ctx != NULL && !ctx->md_interleave) {
		SPDK_ERRLOG("spdk_dif_inject_error: separate metadata; use spdk_dix_inject_error\n");
		return -EINVAL;
	}
	return inject(__func__, iovs, iovcnt, NULL, num_blocks, ctx, inject_flags, inject_offset);
}

int
spdk_dix_inject_error(struct iovec *iovs, int iovcnt, struct iovec *md_iov,
		      uint32_t num_blocks, const struct spdk_dif_ctx *ctx,
		      uint32_t inject_flags, uint32_t *inject_offset)
{
	if (ctx != NULL && ctx->md_interleave) {
		SPDK_ERRLOG("spdk_dix_inject_error: interleaved metadata; use spdk_dif_inject_error\n");
		return -EINVAL;
	}
	return inject(__func__, iovs, iovcnt, md_iov, num_blocks, ctx, inject_flags, inject_offset);
}

/* ---- Reference Tag remapping -------------------------------------------- */

static int
remap(struct dif_cursor *data, struct dif_cursor *md, uint32_t num_blocks,
      const struct spdk_dif_ctx *ctx, struct spdk_dif_error *err_blk, bool check_ref_tag)
{
	/* Only types 1 and 2 carry a per-block tag worth rewriting. */
	if (ctx->dif_type != SPDK_DIF_TYPE1 && ctx->dif_type != SPDK_DIF_TYPE2) {
		return 0;
	}
	for (uint32_t blk = 0; blk < num_blocks; blk++) {
		struct dif_cursor *c, at;
		uint8_t pi[DIF_PI_SIZE];
		size_t rest;

		ealnvme_dif_seek_pi(ctx, data, md, &c, &rest);
		at = *c;
		ealnvme_dif_cursor_read(c, pi, sizeof(pi));
		ealnvme_dif_cursor_skip(c, rest);
		if (ealnvme_dif_pi_ignored(ctx, pi)) {
			continue;
		}
		if (check_ref_tag && (ctx->dif_flags & SPDK_DIF_FLAGS_REFTAG_CHECK)) {
			uint32_t want = ealnvme_dif_expected_ref_tag(ctx, ctx->init_ref_tag, blk);

			if (from_be32(pi + 4) != want) {
				if (err_blk != NULL) {
					memset(err_blk, 0, sizeof(*err_blk));
					err_blk->err_type = SPDK_DIF_REFTAG_ERROR;
					err_blk->expected = want;
					err_blk->actual = from_be32(pi + 4);
					err_blk->err_offset = blk;
				}
				SPDK_ERRLOG("DIF remap: block %u has reference tag 0x%x, expected 0x%x; "
					    "not remapped\n", blk, from_be32(pi + 4), want);
				return -EIO;
			}
		}
		to_be32(pi + 4, ealnvme_dif_expected_ref_tag(ctx, ctx->remapped_init_ref_tag, blk));
		ealnvme_dif_cursor_write(&at, pi, sizeof(pi));
	}
	return 0;
}

int
spdk_dif_remap_ref_tag(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
		       const struct spdk_dif_ctx *dif_ctx,
		       struct spdk_dif_error *err_blk,
		       bool check_ref_tag)
{
	struct dif_cursor data, md;

	if (dif_ctx == NULL || !dif_ctx->md_interleave ||
	    !ealnvme_dif_iovs_hold(iovs, iovcnt, (uint64_t)dif_ctx->block_size * num_blocks)) {
		SPDK_ERRLOG("spdk_dif_remap_ref_tag: needs an interleaved-metadata context and "
			    "iovecs holding %u blocks\n", num_blocks);
		return -EINVAL;
	}
	ealnvme_dif_cursor_init(&data, iovs, iovcnt);
	ealnvme_dif_cursor_init(&md, NULL, 0);
	return remap(&data, &md, num_blocks, dif_ctx, err_blk, check_ref_tag);
}

int
spdk_dix_remap_ref_tag(struct iovec *md_iov, uint32_t num_blocks,
		       const struct spdk_dif_ctx *dif_ctx,
		       struct spdk_dif_error *err_blk,
		       bool check_ref_tag)
{
	struct dif_cursor data, md;

	if (dif_ctx == NULL || dif_ctx->md_interleave ||
	    !ealnvme_dif_md_holds(md_iov, (uint64_t)dif_ctx->md_size * num_blocks)) {
		SPDK_ERRLOG("spdk_dix_remap_ref_tag: needs a separate-metadata context and a "
			    "metadata buffer holding %u entries\n", num_blocks);
		return -EINVAL;
	}
	/* No data cursor: seeking to the PI skips data bytes that are not there. */
	ealnvme_dif_cursor_init(&data, NULL, 0);
	ealnvme_dif_cursor_init(&md, md_iov, 1);
	return remap(&data, &md, num_blocks, dif_ctx, err_blk, check_ref_tag);
}

/* ---- not implemented ---------------------------------------------------- */

static int
no_stream(const char *fn)
{
	SPDK_ERRLOG("%s: the DIF stream calls are not implemented in ealnvme; generate or verify "
		    "whole blocks with spdk_dif_generate/spdk_dif_verify\n", fn);
	return -ENOTSUP;
}

int
spdk_dif_set_md_interleave_iovs(struct iovec *iovs, int iovcnt,
				struct iovec *buf_iovs, int buf_iovcnt,
				uint32_t data_offset, uint32_t data_len,
				uint32_t *mapped_len,
				const struct spdk_dif_ctx *ctx)
{
	(void)iovs, (void)iovcnt, (void)buf_iovs, (void)buf_iovcnt;
	(void)data_offset, (void)data_len, (void)mapped_len, (void)ctx;
	return no_stream(__func__);
}

int
spdk_dif_generate_stream(struct iovec *iovs, int iovcnt,
			 uint32_t data_offset, uint32_t data_len,
			 struct spdk_dif_ctx *ctx)
{
	(void)iovs, (void)iovcnt, (void)data_offset, (void)data_len, (void)ctx;
	return no_stream(__func__);
}

int
spdk_dif_verify_stream(struct iovec *iovs, int iovcnt,
		       uint32_t data_offset, uint32_t data_len,
		       struct spdk_dif_ctx *ctx,
		       struct spdk_dif_error *err_blk)
{
	(void)iovs, (void)iovcnt, (void)data_offset, (void)data_len, (void)ctx, (void)err_blk;
	return no_stream(__func__);
}

int
spdk_dif_update_crc32c_stream(struct iovec *iovs, int iovcnt,
			      uint32_t data_offset, uint32_t data_len,
			      uint32_t *crc32c, const struct spdk_dif_ctx *ctx)
{
	(void)iovs, (void)iovcnt, (void)data_offset, (void)data_len, (void)crc32c, (void)ctx;
	return no_stream(__func__);
}
