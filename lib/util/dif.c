/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/dif.h: context, generate and verify for the extended-LBA (DIF) and
 * separate-metadata (DIX) layouts, CRC-32C of the data, range helpers.
 * Protection information (NVM Command Set 1.0 §5.2.1), 16-bit guard format:
 *   bytes 0-1 Guard (CRC-16 T10-DIF), 2-3 Application Tag, 4-7 Reference
 *   Tag, big-endian.  The guard covers the block's data and, when the PI
 *   is the last 8 bytes of larger metadata, the metadata before it.
 */
#include "spdk/dif.h"
#include "spdk/crc16.h"
#include "spdk/crc32.h"
#include "spdk/endian.h"
#include "spdk/log.h"
#include "spdk/util.h"

#include "dif_internal.h"

/* ---- iovec cursor ------------------------------------------------------- */

void
ealnvme_dif_cursor_init(struct dif_cursor *c, struct iovec *iovs, int iovcnt)
{
	c->iov = iovs;
	c->iovcnt = iovcnt;
	c->off = 0;
}

size_t
ealnvme_dif_cursor_chunk(struct dif_cursor *c, uint8_t **p)
{
	/* Step over finished and empty elements. */
	while (c->iovcnt > 0 && c->off >= c->iov->iov_len) {
		c->iov++;
		c->iovcnt--;
		c->off = 0;
	}
	if (c->iovcnt <= 0) {
		*p = NULL;
		return 0;
	}
	*p = (uint8_t *)c->iov->iov_base + c->off;
	return c->iov->iov_len - c->off;
}

/* What cursor_walk does with each contiguous piece it passes. */
enum walk_op {
	WALK_SKIP,
	WALK_READ,	/* into buf */
	WALK_WRITE,	/* from buf */
	WALK_CRC16,	/* crc16 over it */
	WALK_CRC32C,	/* crc32c over it */
	WALK_COPY,	/* write it at dst */
};

struct walk {
	enum walk_op		op;
	uint8_t			*buf;
	uint16_t		crc16;
	uint32_t		crc32c;
	struct dif_cursor	*dst;
};

/* Pass n bytes (fewer if the iovecs end: callers checked the length). */
static void
cursor_walk(struct dif_cursor *c, size_t n, struct walk *w)
{
	while (n > 0) {
		uint8_t *p;
		size_t len = spdk_min(ealnvme_dif_cursor_chunk(c, &p), n);

		if (len == 0) {
			return;
		}
		switch (w->op) {
		case WALK_READ:
			memcpy(w->buf, p, len);
			w->buf += len;
			break;
		case WALK_WRITE:
			memcpy(p, w->buf, len);
			w->buf += len;
			break;
		case WALK_CRC16:
			w->crc16 = spdk_crc16_t10dif(w->crc16, p, len);
			break;
		case WALK_CRC32C:
			w->crc32c = spdk_crc32c_update(p, len, w->crc32c);
			break;
		case WALK_COPY:
			ealnvme_dif_cursor_write(w->dst, p, len);
			break;
		default:
			break;
		}
		c->off += len;
		n -= len;
	}
}

void
ealnvme_dif_cursor_skip(struct dif_cursor *c, size_t n)
{
	struct walk w = { .op = WALK_SKIP };

	cursor_walk(c, n, &w);
}

void
ealnvme_dif_cursor_read(struct dif_cursor *c, void *dst, size_t n)
{
	struct walk w = { .op = WALK_READ, .buf = dst };

	cursor_walk(c, n, &w);
}

void
ealnvme_dif_cursor_write(struct dif_cursor *c, const void *src, size_t n)
{
	struct walk w = { .op = WALK_WRITE, .buf = (uint8_t *)(uintptr_t)src };

	cursor_walk(c, n, &w);
}

void
ealnvme_dif_cursor_copy(struct dif_cursor *dst, struct dif_cursor *src, size_t n)
{
	struct walk w = { .op = WALK_COPY, .dst = dst };

	cursor_walk(src, n, &w);
}

static uint16_t
cursor_crc16(struct dif_cursor *c, uint16_t crc, size_t n)
{
	struct walk w = { .op = WALK_CRC16, .crc16 = crc };

	cursor_walk(c, n, &w);
	return w.crc16;
}

bool
ealnvme_dif_iovs_hold(const struct iovec *iovs, int iovcnt, uint64_t need)
{
	uint64_t have = 0;

	if (iovs == NULL || iovcnt < 0) {
		return need == 0 && iovcnt >= 0;
	}
	for (int i = 0; i < iovcnt && have < need; i++) {
		have += iovs[i].iov_len;
	}
	return have >= need;
}

bool
ealnvme_dif_md_holds(const struct iovec *md_iov, uint64_t need)
{
	return ealnvme_dif_iovs_hold(md_iov, md_iov == NULL ? 0 : 1, need);
}

/* ---- context ------------------------------------------------------------ */

uint32_t
spdk_dif_pi_format_get_size(enum spdk_dif_pi_format dif_pi_format)
{
	return dif_pi_format == SPDK_DIF_PI_FORMAT_16 ? 8 : 16;
}

uint32_t
ealnvme_dif_data_block_size(const struct spdk_dif_ctx *ctx)
{
	return ctx->md_interleave ? ctx->block_size - ctx->md_size : ctx->block_size;
}

/* The PI format from opts, honouring opts->size; -1 when it is invalid. */
static int
ctx_pi_format(const struct spdk_dif_ctx_init_ext_opts *opts)
{
	size_t need = offsetof(struct spdk_dif_ctx_init_ext_opts, dif_pi_format) +
		      sizeof(opts->dif_pi_format);

	if (opts == NULL || opts->size < need) {
		return SPDK_DIF_PI_FORMAT_16;
	}
	if (opts->dif_pi_format > SPDK_DIF_PI_FORMAT_64) {
		return -1;
	}
	return (int)opts->dif_pi_format;
}

int
spdk_dif_ctx_init(struct spdk_dif_ctx *ctx, uint32_t block_size, uint32_t md_size,
		  bool md_interleave, bool dif_loc, enum spdk_dif_type dif_type, uint32_t dif_flags,
		  uint32_t init_ref_tag, uint16_t apptag_mask, uint16_t app_tag,
		  uint32_t data_offset, uint64_t guard_seed, struct spdk_dif_ctx_init_ext_opts *opts)
{
	int fmt = ctx_pi_format(opts);
	uint32_t data_block_size;

	if (ctx == NULL) {
		SPDK_ERRLOG("spdk_dif_ctx_init: ctx is NULL; pass a context to fill\n");
		return -EINVAL;
	}
	if (fmt < 0) {
		SPDK_ERRLOG("DIF: unknown PI format %u; use SPDK_DIF_PI_FORMAT_16\n",
			    opts->dif_pi_format);
		return -EINVAL;
	}
	if (fmt != SPDK_DIF_PI_FORMAT_16) {
		SPDK_ERRLOG("DIF: the %s-bit guard format is not supported by ealnvme; "
			    "use SPDK_DIF_PI_FORMAT_16 (8-byte protection information)\n",
			    fmt == SPDK_DIF_PI_FORMAT_32 ? "32" : "64");
		return -ENOTSUP;
	}
	if ((unsigned int)dif_type > SPDK_DIF_TYPE3) {
		SPDK_ERRLOG("DIF: type %d is not 0..3\n", (int)dif_type);
		return -EINVAL;
	}
	if (md_size < DIF_PI_SIZE) {
		SPDK_ERRLOG("DIF: metadata of %u bytes cannot hold the 8-byte protection "
			    "information; use a format with at least 8 bytes of metadata\n", md_size);
		return -EINVAL;
	}
	if (md_interleave && block_size < md_size) {
		SPDK_ERRLOG("DIF: block size %u is smaller than the metadata size %u; with "
			    "interleaved metadata pass data plus metadata bytes\n", block_size, md_size);
		return -EINVAL;
	}
	data_block_size = md_interleave ? block_size - md_size : block_size;
	if (data_block_size == 0 || data_block_size % 512 != 0) {
		SPDK_ERRLOG("DIF: %u data bytes per block is not a non-zero multiple of 512\n",
			    data_block_size);
		return -EINVAL;
	}

	memset(ctx, 0, sizeof(*ctx));
	ctx->block_size = block_size;
	ctx->md_size = md_size;
	ctx->md_interleave = md_interleave;
	ctx->dif_type = (uint8_t)dif_type;
	ctx->dif_pi_format = (uint8_t)fmt;
	ctx->dif_flags = dif_flags;
	ctx->init_ref_tag = init_ref_tag;
	ctx->apptag_mask = apptag_mask;
	ctx->app_tag = app_tag;
	ctx->data_offset = data_offset;
	ctx->ref_tag_offset = data_offset / data_block_size;
	ctx->guard_seed = guard_seed;
	ctx->last_guard = guard_seed;
	/* PI first in the metadata: the guard covers the data only; PI last:
	 * it also covers the metadata bytes in front of the PI. */
	if (dif_loc) {
		ctx->guard_interval = md_interleave ? block_size - md_size : 0;
	} else {
		ctx->guard_interval = (md_interleave ? block_size : md_size) - DIF_PI_SIZE;
	}
	return 0;
}

void
spdk_dif_ctx_set_data_offset(struct spdk_dif_ctx *ctx, uint32_t data_offset)
{
	if (ctx == NULL) {
		SPDK_ERRLOG("spdk_dif_ctx_set_data_offset: ctx is NULL; nothing set\n");
		return;
	}
	ctx->data_offset = data_offset;
	ctx->ref_tag_offset = data_offset / ealnvme_dif_data_block_size(ctx);
}

void
spdk_dif_ctx_set_remapped_init_ref_tag(struct spdk_dif_ctx *ctx, uint32_t remapped_init_ref_tag)
{
	if (ctx == NULL) {
		SPDK_ERRLOG("spdk_dif_ctx_set_remapped_init_ref_tag: ctx is NULL; nothing set\n");
		return;
	}
	ctx->remapped_init_ref_tag = remapped_init_ref_tag;
}

/* ---- one block ---------------------------------------------------------- */

uint32_t
ealnvme_dif_expected_ref_tag(const struct spdk_dif_ctx *ctx, uint64_t init, uint32_t blk)
{
	/* Type 1 and 2 tags count up per block; type 3 keeps the first one. */
	uint64_t tag = init + ctx->ref_tag_offset;

	if (ctx->dif_type != SPDK_DIF_TYPE3) {
		tag += blk;
	}
	return (uint32_t)tag;
}

bool
ealnvme_dif_pi_ignored(const struct spdk_dif_ctx *ctx, const uint8_t *pi)
{
	bool app_escape = from_be16(pi + 2) == SPDK_DIF_APPTAG_IGNORE;

	switch (ctx->dif_type) {
	case SPDK_DIF_TYPE1:
	case SPDK_DIF_TYPE2:
		return app_escape;
	case SPDK_DIF_TYPE3:
		return app_escape && from_be32(pi + 4) == SPDK_DIF_REFTAG_IGNORE;
	default:
		return false;
	}
}

/* Guard the block's covered bytes (when guard is non-NULL) and stop at its
 * PI; *at is the cursor now at the PI, *pi_end the bytes after it. */
static void
block_to_pi(const struct spdk_dif_ctx *ctx, struct dif_cursor *data, struct dif_cursor *md,
	    uint16_t *guard, struct dif_cursor **at, size_t *pi_end)
{
	uint16_t crc = (uint16_t)ctx->guard_seed;
	struct dif_cursor *c = data;
	uint32_t unit = ctx->block_size;

	if (!ctx->md_interleave) {
		/* DIX: all of the data block, then the metadata in front of the PI. */
		if (guard != NULL) {
			crc = cursor_crc16(data, crc, ctx->block_size);
		} else {
			ealnvme_dif_cursor_skip(data, ctx->block_size);
		}
		c = md;
		unit = ctx->md_size;
	}
	if (guard != NULL) {
		*guard = cursor_crc16(c, crc, ctx->guard_interval);
	} else {
		ealnvme_dif_cursor_skip(c, ctx->guard_interval);
	}
	*at = c;
	*pi_end = unit - ctx->guard_interval - DIF_PI_SIZE;
}

void
ealnvme_dif_seek_pi(const struct spdk_dif_ctx *ctx, struct dif_cursor *data,
		    struct dif_cursor *md, struct dif_cursor **at, size_t *pi_end)
{
	block_to_pi(ctx, data, md, NULL, at, pi_end);
}

void
ealnvme_dif_generate_block(const struct spdk_dif_ctx *ctx, struct dif_cursor *data,
			   struct dif_cursor *md, uint32_t blk)
{
	bool want_guard = (ctx->dif_flags & SPDK_DIF_FLAGS_GUARD_CHECK) != 0;
	uint16_t guard = 0;
	struct dif_cursor *c, pi_at;
	uint8_t pi[DIF_PI_SIZE];
	size_t rest;

	block_to_pi(ctx, data, md, want_guard ? &guard : NULL, &c, &rest);
	pi_at = *c;
	ealnvme_dif_cursor_read(c, pi, sizeof(pi));
	/* Fields whose check is off keep what the buffer had (as SPDK). */
	if (want_guard) {
		to_be16(pi, guard);
	}
	if (ctx->dif_flags & SPDK_DIF_FLAGS_APPTAG_CHECK) {
		to_be16(pi + 2, ctx->app_tag);
	}
	if (ctx->dif_flags & SPDK_DIF_FLAGS_REFTAG_CHECK) {
		uint32_t tag = ealnvme_dif_expected_ref_tag(ctx, ctx->init_ref_tag, blk);

		if (ctx->init_ref_tag == SPDK_DIF_REFTAG_IGNORE) {
			tag = SPDK_DIF_REFTAG_IGNORE;
		}
		to_be32(pi + 4, tag);
	}
	ealnvme_dif_cursor_write(&pi_at, pi, sizeof(pi));
	ealnvme_dif_cursor_skip(c, rest);
}

static int
dif_fail(struct spdk_dif_error *err_blk, uint8_t type, uint64_t expected, uint64_t actual,
	 uint32_t blk, const char *what)
{
	if (err_blk != NULL) {
		memset(err_blk, 0, sizeof(*err_blk));
		err_blk->err_type = type;
		err_blk->expected = expected;
		err_blk->actual = actual;
		err_blk->err_offset = blk;
	}
	SPDK_ERRLOG("DIF %s check failed in block %u: stored 0x%" PRIx64 ", computed 0x%" PRIx64
		    "; the data or its protection information is corrupt\n", what, blk,
		    type == SPDK_DIF_GUARD_ERROR ? expected : actual,
		    type == SPDK_DIF_GUARD_ERROR ? actual : expected);
	return -EIO;
}

int
ealnvme_dif_verify_block(const struct spdk_dif_ctx *ctx, struct dif_cursor *data,
			 struct dif_cursor *md, uint32_t blk, struct spdk_dif_error *err_blk)
{
	bool want_guard = (ctx->dif_flags & SPDK_DIF_FLAGS_GUARD_CHECK) != 0;
	uint16_t guard = 0;
	struct dif_cursor *c;
	uint8_t pi[DIF_PI_SIZE];
	size_t rest;

	block_to_pi(ctx, data, md, want_guard ? &guard : NULL, &c, &rest);
	ealnvme_dif_cursor_read(c, pi, sizeof(pi));
	ealnvme_dif_cursor_skip(c, rest);
	if (ealnvme_dif_pi_ignored(ctx, pi)) {
		return 0;
	}
	if (want_guard && from_be16(pi) != guard) {
		return dif_fail(err_blk, SPDK_DIF_GUARD_ERROR, from_be16(pi), guard, blk, "guard");
	}
	if (ctx->dif_flags & SPDK_DIF_FLAGS_APPTAG_CHECK) {
		uint16_t got = from_be16(pi + 2) & ctx->apptag_mask;

		if (got != (ctx->app_tag & ctx->apptag_mask)) {
			return dif_fail(err_blk, SPDK_DIF_APPTAG_ERROR, ctx->app_tag, got, blk,
					"application tag");
		}
	}
	/* Type 3 has no per-block Reference Tag to compare. */
	if ((ctx->dif_flags & SPDK_DIF_FLAGS_REFTAG_CHECK) && ctx->dif_type != SPDK_DIF_TYPE3) {
		uint32_t want = ealnvme_dif_expected_ref_tag(ctx, ctx->init_ref_tag, blk);

		if (from_be32(pi + 4) != want) {
			return dif_fail(err_blk, SPDK_DIF_REFTAG_ERROR, want, from_be32(pi + 4), blk,
					"reference tag");
		}
	}
	return 0;
}

/* ---- whole payloads ----------------------------------------------------- */

/* The checks every call starts with; 1 means "DIF disabled, nothing to do". */
static int
payload_check(const char *fn, struct iovec *iovs, int iovcnt, struct iovec *md_iov,
	      uint32_t num_blocks, const struct spdk_dif_ctx *ctx, bool interleaved)
{
	if (ctx == NULL) {
		SPDK_ERRLOG("%s: ctx is NULL; set it up with spdk_dif_ctx_init()\n", fn);
		return -EINVAL;
	}
	if (ctx->md_interleave != interleaved) {
		SPDK_ERRLOG("%s: the context is for %s metadata; use spdk_%s_*\n", fn,
			    ctx->md_interleave ? "interleaved" : "separate",
			    ctx->md_interleave ? "dif" : "dix");
		return -EINVAL;
	}
	if (!ealnvme_dif_iovs_hold(iovs, iovcnt, (uint64_t)ctx->block_size * num_blocks)) {
		SPDK_ERRLOG("%s: the iovecs hold fewer than %u blocks of %u bytes\n", fn,
			    num_blocks, ctx->block_size);
		return -EINVAL;
	}
	if (!interleaved && !ealnvme_dif_md_holds(md_iov, (uint64_t)ctx->md_size * num_blocks)) {
		SPDK_ERRLOG("%s: the metadata buffer holds fewer than %u entries of %u bytes\n",
			    fn, num_blocks, ctx->md_size);
		return -EINVAL;
	}
	return ctx->dif_type == SPDK_DIF_DISABLE ? 1 : 0;
}

static int
payload_run(struct iovec *iovs, int iovcnt, struct iovec *md_iov, uint32_t num_blocks,
	    const struct spdk_dif_ctx *ctx, struct spdk_dif_error *err_blk, bool verify)
{
	struct dif_cursor data, md;

	ealnvme_dif_cursor_init(&data, iovs, iovcnt);
	ealnvme_dif_cursor_init(&md, md_iov, md_iov == NULL ? 0 : 1);
	for (uint32_t blk = 0; blk < num_blocks; blk++) {
		if (!verify) {
			ealnvme_dif_generate_block(ctx, &data, &md, blk);
		} else if (ealnvme_dif_verify_block(ctx, &data, &md, blk, err_blk) != 0) {
			return -EIO;
		}
	}
	return 0;
}

int
spdk_dif_generate(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
		  const struct spdk_dif_ctx *ctx)
{
	int rc = payload_check(__func__, iovs, iovcnt, NULL, num_blocks, ctx, true);

	return rc != 0 ? (rc > 0 ? 0 : rc) :
	       payload_run(iovs, iovcnt, NULL, num_blocks, ctx, NULL, false);
}

int
spdk_dif_verify(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
		const struct spdk_dif_ctx *ctx, struct spdk_dif_error *err_blk)
{
	int rc = payload_check(__func__, iovs, iovcnt, NULL, num_blocks, ctx, true);

	return rc != 0 ? (rc > 0 ? 0 : rc) :
	       payload_run(iovs, iovcnt, NULL, num_blocks, ctx, err_blk, true);
}

int
spdk_dix_generate(struct iovec *iovs, int iovcnt, struct iovec *md_iov,
		  uint32_t num_blocks, const struct spdk_dif_ctx *ctx)
{
	int rc = payload_check(__func__, iovs, iovcnt, md_iov, num_blocks, ctx, false);

	return rc != 0 ? (rc > 0 ? 0 : rc) :
	       payload_run(iovs, iovcnt, md_iov, num_blocks, ctx, NULL, false);
}

int
spdk_dix_verify(struct iovec *iovs, int iovcnt, struct iovec *md_iov,
		uint32_t num_blocks, const struct spdk_dif_ctx *ctx,
		struct spdk_dif_error *err_blk)
{
	int rc = payload_check(__func__, iovs, iovcnt, md_iov, num_blocks, ctx, false);

	return rc != 0 ? (rc > 0 ? 0 : rc) :
	       payload_run(iovs, iovcnt, md_iov, num_blocks, ctx, err_blk, true);
}

int
spdk_dif_update_crc32c(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
		       uint32_t *crc32c, const struct spdk_dif_ctx *ctx)
{
	struct dif_cursor c;
	struct walk w = { .op = WALK_CRC32C };
	uint32_t dbs;

	if (crc32c == NULL || ctx == NULL) {
		SPDK_ERRLOG("spdk_dif_update_crc32c: crc32c and ctx must not be NULL\n");
		return -EINVAL;
	}
	if (!ealnvme_dif_iovs_hold(iovs, iovcnt, (uint64_t)ctx->block_size * num_blocks)) {
		SPDK_ERRLOG("spdk_dif_update_crc32c: the iovecs hold fewer than %u blocks of %u "
			    "bytes\n", num_blocks, ctx->block_size);
		return -EINVAL;
	}
	dbs = ealnvme_dif_data_block_size(ctx);
	w.crc32c = *crc32c;
	ealnvme_dif_cursor_init(&c, iovs, iovcnt);
	for (uint32_t blk = 0; blk < num_blocks; blk++) {
		cursor_walk(&c, dbs, &w);
		ealnvme_dif_cursor_skip(&c, ctx->block_size - dbs);
	}
	*crc32c = w.crc32c;
	return 0;
}

/* Data bytes to extended-LBA bytes: whole blocks grow by their metadata. */
static uint32_t
with_md(uint32_t len, const struct spdk_dif_ctx *ctx)
{
	uint32_t dbs = ealnvme_dif_data_block_size(ctx);

	return (len / dbs) * ctx->block_size + len % dbs;
}

void
spdk_dif_get_range_with_md(uint32_t data_offset, uint32_t data_len,
			   uint32_t *buf_offset, uint32_t *buf_len,
			   const struct spdk_dif_ctx *ctx)
{
	uint32_t head, start, end;

	if (ctx == NULL || buf_offset == NULL || buf_len == NULL) {
		SPDK_ERRLOG("spdk_dif_get_range_with_md: ctx, buf_offset and buf_len must not be "
			    "NULL\n");
		return;
	}
	if (!ctx->md_interleave) {
		*buf_offset = data_offset;
		*buf_len = data_len;
		return;
	}
	/* Offsets count from ctx->data_offset, which need not start a block. */
	head = ctx->data_offset % ealnvme_dif_data_block_size(ctx);
	start = with_md(head + data_offset, ctx) - head;
	end = with_md(head + data_offset + data_len, ctx) - head;
	*buf_offset = start;
	*buf_len = end - start;
}

uint32_t
spdk_dif_get_length_with_md(uint32_t data_len, const struct spdk_dif_ctx *ctx)
{
	if (ctx == NULL) {
		SPDK_ERRLOG("spdk_dif_get_length_with_md: ctx is NULL; returning the length as is\n");
		return data_len;
	}
	return ctx->md_interleave ? with_md(data_len, ctx) : data_len;
}
