/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/util/dif.c and dif_copy.c (spdk/dif.h): the PI fields
 * against a bit-at-a-time CRC-16 T10-DIF (crc_ref.h), both metadata
 * layouts and locations, iovecs split anywhere (inside the PI too),
 * injected errors found by verify at the injected block, copies, remapping
 * and the refused inputs.
 */
#include "spdk/stdinc.h"
#include "spdk/crc32.h"
#include "spdk/dif.h"
#include "spdk/util.h"

#include <CUnit/Basic.h>

#include "crc_ref.h"
#include "cu_main.h"

#define FLAGS_ALL (SPDK_DIF_FLAGS_GUARD_CHECK | SPDK_DIF_FLAGS_APPTAG_CHECK | \
		   SPDK_DIF_FLAGS_REFTAG_CHECK)

static uint16_t
be16_at(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
ctx16(struct spdk_dif_ctx *ctx, uint32_t bs, uint32_t md, bool interleave, bool loc,
      enum spdk_dif_type type, uint32_t flags, uint32_t ref, uint16_t mask, uint16_t app)
{
	struct spdk_dif_ctx_init_ext_opts o = {
		.size = sizeof(o), .dif_pi_format = SPDK_DIF_PI_FORMAT_16
	};

	return spdk_dif_ctx_init(ctx, bs, md, interleave, loc, type, flags, ref, mask, app, 0, 0, &o);
}

/* Cut len bytes into iovecs of the given repeating sizes. */
static int
split(struct iovec *iov, int max, uint8_t *buf, size_t len, const size_t *sizes, int nsizes)
{
	int n = 0;

	for (size_t off = 0; off < len && n < max; n++) {
		size_t l = spdk_min(sizes[n % nsizes], len - off);

		iov[n].iov_base = buf + off;
		iov[n].iov_len = l;
		off += l;
	}
	return n;
}

static void
test_ctx_init(void)
{
	struct spdk_dif_ctx ctx;
	struct spdk_dif_ctx_init_ext_opts o = {
		.size = sizeof(o), .dif_pi_format = SPDK_DIF_PI_FORMAT_32
	};
	struct spdk_dif_ctx_init_ext_opts small = { .size = sizeof(size_t), .dif_pi_format = 99 };

	CU_ASSERT_EQUAL(spdk_dif_ctx_init(&ctx, 4096 + 64, 64, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0,
					  0, 0, &o), -ENOTSUP);
	o.dif_pi_format = SPDK_DIF_PI_FORMAT_64;
	CU_ASSERT_EQUAL(spdk_dif_ctx_init(&ctx, 4096 + 64, 64, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0,
					  0, 0, &o), -ENOTSUP);
	o.dif_pi_format = 7;
	CU_ASSERT_EQUAL(spdk_dif_ctx_init(&ctx, 520, 8, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0,
					  0, 0, &o), -EINVAL);
	/* A size that ends before dif_pi_format means the 16-bit format. */
	CU_ASSERT_EQUAL(spdk_dif_ctx_init(&ctx, 520, 8, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0,
					  0, 0, &small), 0);
	CU_ASSERT_EQUAL(ctx.dif_pi_format, SPDK_DIF_PI_FORMAT_16);
	CU_ASSERT_EQUAL(spdk_dif_ctx_init(&ctx, 520, 8, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0,
					  0, 0, NULL), 0);
	CU_ASSERT_EQUAL(ctx16(&ctx, 516, 4, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(ctx16(&ctx, 4, 8, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(ctx16(&ctx, 528, 8, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(ctx16(&ctx, 520, 8, true, false, (enum spdk_dif_type)4, 0, 0, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_dif_ctx_init(NULL, 520, 8, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0,
					  0, 0, NULL), -EINVAL);

	/* Where the guard stops, for both locations and layouts. */
	CU_ASSERT_EQUAL(ctx16(&ctx, 512 + 16, 16, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(ctx.guard_interval, 512 + 8);
	CU_ASSERT_EQUAL(ctx16(&ctx, 512 + 16, 16, true, true, SPDK_DIF_TYPE1, 0, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(ctx.guard_interval, 512);
	CU_ASSERT_EQUAL(ctx16(&ctx, 512, 16, false, false, SPDK_DIF_TYPE1, 0, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(ctx.guard_interval, 8);
	CU_ASSERT_EQUAL(ctx16(&ctx, 512, 16, false, true, SPDK_DIF_TYPE1, 0, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(ctx.guard_interval, 0);

	CU_ASSERT_EQUAL(spdk_dif_ctx_init(&ctx, 4096 + 8, 8, true, false, SPDK_DIF_TYPE1, 0, 0, 0, 0,
					  3 * 4096 + 100, 0, NULL), 0);
	CU_ASSERT_EQUAL(ctx.ref_tag_offset, 3);
	spdk_dif_ctx_set_data_offset(&ctx, 5 * 4096);
	CU_ASSERT_EQUAL(ctx.data_offset, 5 * 4096);
	CU_ASSERT_EQUAL(ctx.ref_tag_offset, 5);
	spdk_dif_ctx_set_remapped_init_ref_tag(&ctx, 77);
	CU_ASSERT_EQUAL(ctx.remapped_init_ref_tag, 77);
	CU_ASSERT_EQUAL(spdk_dif_pi_format_get_size(SPDK_DIF_PI_FORMAT_16), 8);
	CU_ASSERT_EQUAL(spdk_dif_pi_format_get_size(SPDK_DIF_PI_FORMAT_64), 16);
}

/* 4 blocks of 512 + 8, type 1, all checks: each field as the spec says. */
static void
test_generate_known(void)
{
	enum { BS = 520, N = 4 };
	uint8_t buf[BS * N];
	struct iovec iov = { buf, sizeof(buf) };
	struct spdk_dif_ctx ctx;

	fill_random(buf, sizeof(buf), 1);
	/* A zero block has a zero guard; a block of 0xFF does not. */
	memset(buf, 0, 512);
	memset(buf + BS, 0xFF, 512);
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE1, FLAGS_ALL, 0x1000, 0xFFFF,
			      0x1234), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N, &ctx), 0);
	for (int b = 0; b < N; b++) {
		const uint8_t *blk = buf + b * BS;

		CU_ASSERT_EQUAL(be16_at(blk + 512), ref_crc16_t10dif(0, blk, 512));
		CU_ASSERT_EQUAL(be16_at(blk + 514), 0x1234);
		CU_ASSERT_EQUAL(be32_at(blk + 516), 0x1000u + (uint32_t)b);
	}
	CU_ASSERT_EQUAL(be16_at(buf + 512), 0);
	CU_ASSERT_NOT_EQUAL(be16_at(buf + BS + 512), 0);
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), 0);
	/* Too short a buffer. */
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N + 1, &ctx), -EINVAL);
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N + 1, &ctx, NULL), -EINVAL);

	/* Only flagged fields are written. */
	memset(buf, 0xAB, sizeof(buf));
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE1, SPDK_DIF_FLAGS_REFTAG_CHECK,
			      9, 0, 0), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N, &ctx), 0);
	CU_ASSERT_EQUAL(be16_at(buf + 512), 0xABAB);
	CU_ASSERT_EQUAL(be16_at(buf + 514), 0xABAB);
	CU_ASSERT_EQUAL(be32_at(buf + BS + 516), 10);

	/* DIF disabled: nothing touched. */
	memset(buf, 0x11, sizeof(buf));
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_DISABLE, FLAGS_ALL, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N, &ctx), 0);
	CU_ASSERT_EQUAL(be16_at(buf + 512), 0x1111);
}

/* The same blocks cut into odd iovecs (through data and PI) give the same bytes. */
static void
test_split_iovecs(void)
{
	enum { BS = 512 + 16, N = 5 };
	static const size_t sizes[] = { 7, 513, 3, 1, 530, 2, 100 };
	uint8_t a[BS * N], b[BS * N];
	struct iovec one = { a, sizeof(a) }, many[64];
	struct spdk_dif_ctx ctx;
	struct spdk_dif_error err;
	int n;

	fill_random(a, sizeof(a), 7);
	memcpy(b, a, sizeof(b));
	n = split(many, 64, b, sizeof(b), sizes, (int)SPDK_COUNTOF(sizes));
	CU_ASSERT_FATAL(n > N);
	/* PI last of 16 bytes: the guard also covers metadata bytes 0..7. */
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 16, true, false, SPDK_DIF_TYPE2, FLAGS_ALL, 50, 0xFFFF, 3), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&one, 1, N, &ctx), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(many, n, N, &ctx), 0);
	CU_ASSERT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(be16_at(a + i * BS + 520), ref_crc16_t10dif(0, a + i * BS, 520));
	}
	CU_ASSERT_EQUAL(spdk_dif_verify(many, n, N, &ctx, NULL), 0);
	/* A flipped byte of the metadata the guard covers is caught. */
	b[3 * BS + 515] ^= 0x40;
	CU_ASSERT_EQUAL(spdk_dif_verify(many, n, N, &ctx, &err), -EIO);
	CU_ASSERT_EQUAL(err.err_type, SPDK_DIF_GUARD_ERROR);
	CU_ASSERT_EQUAL(err.err_offset, 3);
	CU_ASSERT_EQUAL(err.expected, be16_at(a + 3 * BS + 520));
	CU_ASSERT_EQUAL(err.actual, ref_crc16_t10dif(0, b + 3 * BS, 520));
	/* Zero-length elements are stepped over. */
	{
		struct iovec z[3] = { { a, 0 }, { a, sizeof(a) }, { a, 0 } };

		CU_ASSERT_EQUAL(spdk_dif_verify(z, 3, N, &ctx, NULL), 0);
	}
}

static void
test_inject_detected(void)
{
	enum { BS = 4096 + 8, N = 8 };
	static const uint32_t kinds[] = { SPDK_DIF_GUARD_ERROR, SPDK_DIF_APPTAG_ERROR,
					  SPDK_DIF_REFTAG_ERROR, SPDK_DIF_DATA_ERROR };
	uint8_t *buf = malloc(BS * N);
	struct iovec iov[3];
	struct spdk_dif_ctx ctx;
	struct spdk_dif_error err;
	uint32_t at = UINT32_MAX;

	CU_ASSERT_FATAL(buf != NULL);
	/* Three iovecs, the middle one starting inside a PI. */
	iov[0] = (struct iovec) { buf, 3 * BS + 4096 + 3 };
	iov[1] = (struct iovec) { buf + iov[0].iov_len, 2 * BS };
	iov[2] = (struct iovec) { buf + iov[0].iov_len + iov[1].iov_len,
				  BS * N - iov[0].iov_len - iov[1].iov_len };
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, true, SPDK_DIF_TYPE1, FLAGS_ALL, 0, 0xFFFF, 0x42), 0);
	srand(5);
	for (size_t k = 0; k < SPDK_COUNTOF(kinds); k++) {
		for (int round = 0; round < 4; round++) {
			fill_random(buf, BS * N, (uint32_t)(k * 10 + round));
			CU_ASSERT_EQUAL(spdk_dif_generate(iov, 3, N, &ctx), 0);
			CU_ASSERT_EQUAL(spdk_dif_inject_error(iov, 3, N, &ctx, kinds[k], &at), 0);
			CU_ASSERT(at < N);
			memset(&err, 0, sizeof(err));
			CU_ASSERT_EQUAL(spdk_dif_verify(iov, 3, N, &ctx, &err), -EIO);
			/* A data bit flip shows up as a guard mismatch. */
			CU_ASSERT_EQUAL(err.err_type, kinds[k] == SPDK_DIF_DATA_ERROR ?
					SPDK_DIF_GUARD_ERROR : kinds[k]);
			CU_ASSERT_EQUAL(err.err_offset, at);
			CU_ASSERT_NOT_EQUAL(err.expected, err.actual);
		}
	}
	CU_ASSERT_EQUAL(spdk_dif_inject_error(iov, 3, N, &ctx, 0, &at), -EINVAL);
	CU_ASSERT_EQUAL(spdk_dif_inject_error(iov, 3, N, &ctx, 0x10, &at), -EINVAL);
	free(buf);
}

/* Separate metadata (DIX), 16 bytes with the PI last. */
static void
test_dix(void)
{
	enum { BS = 512, MD = 16, N = 6 };
	uint8_t data[BS * N], md[MD * N], tmp[BS + 8];
	struct iovec iov[2] = { { data, 700 }, { data + 700, sizeof(data) - 700 } };
	struct iovec md_iov = { md, sizeof(md) }, short_md = { md, MD * (N - 1) };
	struct spdk_dif_ctx ctx;
	struct spdk_dif_error err;
	uint32_t at;

	fill_random(data, sizeof(data), 3);
	fill_random(md, sizeof(md), 4);
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, MD, false, false, SPDK_DIF_TYPE1, FLAGS_ALL, 1000, 0xFFFF, 9), 0);
	CU_ASSERT_EQUAL(spdk_dix_generate(iov, 2, &md_iov, N, &ctx), 0);
	for (int b = 0; b < N; b++) {
		memcpy(tmp, data + b * BS, BS);
		memcpy(tmp + BS, md + b * MD, 8);
		CU_ASSERT_EQUAL(be16_at(md + b * MD + 8), ref_crc16_t10dif(0, tmp, sizeof(tmp)));
		CU_ASSERT_EQUAL(be16_at(md + b * MD + 10), 9);
		CU_ASSERT_EQUAL(be32_at(md + b * MD + 12), 1000u + (uint32_t)b);
	}
	CU_ASSERT_EQUAL(spdk_dix_verify(iov, 2, &md_iov, N, &ctx, &err), 0);
	CU_ASSERT_EQUAL(spdk_dix_verify(iov, 2, &short_md, N, &ctx, &err), -EINVAL);
	/* The wrong layout's calls refuse the context. */
	CU_ASSERT_EQUAL(spdk_dif_verify(iov, 2, N, &ctx, &err), -EINVAL);
	CU_ASSERT_EQUAL(spdk_dix_inject_error(iov, 2, &md_iov, N, &ctx, SPDK_DIF_REFTAG_ERROR, &at), 0);
	CU_ASSERT_EQUAL(spdk_dix_verify(iov, 2, &md_iov, N, &ctx, &err), -EIO);
	CU_ASSERT_EQUAL(err.err_type, SPDK_DIF_REFTAG_ERROR);
	CU_ASSERT_EQUAL(err.err_offset, at);
	CU_ASSERT_EQUAL(err.expected, 1000u + at);

	/* Remap the tags to start at 5000, then verify against that. */
	CU_ASSERT_EQUAL(spdk_dix_generate(iov, 2, &md_iov, N, &ctx), 0);
	spdk_dif_ctx_set_remapped_init_ref_tag(&ctx, 5000);
	CU_ASSERT_EQUAL(spdk_dix_remap_ref_tag(&md_iov, N, &ctx, &err, true), 0);
	CU_ASSERT_EQUAL(be32_at(md + 2 * MD + 12), 5002);
	CU_ASSERT_EQUAL(spdk_dix_verify(iov, 2, &md_iov, N, &ctx, &err), -EIO);
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, MD, false, false, SPDK_DIF_TYPE1, FLAGS_ALL, 5000, 0xFFFF, 9), 0);
	CU_ASSERT_EQUAL(spdk_dix_verify(iov, 2, &md_iov, N, &ctx, &err), 0);
	/* check_ref_tag: the old tags (5000...) are not the context's (7000...). */
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, MD, false, false, SPDK_DIF_TYPE1, FLAGS_ALL, 7000, 0xFFFF, 9), 0);
	CU_ASSERT_EQUAL(spdk_dix_remap_ref_tag(&md_iov, N, &ctx, &err, true), -EIO);
	CU_ASSERT_EQUAL(err.err_offset, 0);
	CU_ASSERT_EQUAL(err.actual, 5000);
}

/* Type 3 tags stay constant; the escape values switch checks off. */
static void
test_type3_and_escapes(void)
{
	enum { BS = 520, N = 3 };
	uint8_t buf[BS * N];
	struct iovec iov = { buf, sizeof(buf) };
	struct spdk_dif_ctx ctx;

	fill_random(buf, sizeof(buf), 11);
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE3, FLAGS_ALL, 0xAB, 0xFFFF, 1), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N, &ctx), 0);
	CU_ASSERT_EQUAL(be32_at(buf + 2 * BS + 516), 0xAB);
	/* Type 3 compares no reference tag ... */
	buf[BS + 519] ^= 1;
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), 0);
	/* ... and skips a block only when both tags are all ones. */
	buf[0] ^= 1;
	memset(buf + 514, 0xFF, 2);
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), -EIO);
	memset(buf + 516, 0xFF, 4);
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), 0);

	/* Type 1: an application tag of 0xFFFF alone is enough. */
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE1, FLAGS_ALL, 0, 0xFFFF, 1), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N, &ctx), 0);
	buf[BS] ^= 1;
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), -EIO);
	memset(buf + BS + 514, 0xFF, 2);
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), 0);

	/* The application tag mask: only masked bits are compared. */
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE1, FLAGS_ALL, 0, 0x00FF, 0x1234), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N, &ctx), 0);
	buf[514] = 0x99;
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), 0);
	buf[515] = 0x35;
	CU_ASSERT_EQUAL(spdk_dif_verify(&iov, 1, N, &ctx, NULL), -EIO);
}

static void
test_copy(void)
{
	enum { BS = 512 + 8, N = 4 };
	static const size_t sizes[] = { 300, 77, 1024 };
	uint8_t src[512 * N], back[512 * N], bounce[BS * N];
	struct iovec sv[16], bv = { bounce, sizeof(bounce) }, backv = { back, sizeof(back) };
	struct spdk_dif_ctx ctx;
	struct spdk_dif_error err;
	int n;

	fill_random(src, sizeof(src), 21);
	n = split(sv, 16, src, sizeof(src), sizes, 3);
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE1, FLAGS_ALL, 40, 0xFFFF, 2), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate_copy(sv, n, &bv, 1, N, &ctx), 0);
	for (int b = 0; b < N; b++) {
		CU_ASSERT_EQUAL(memcmp(bounce + b * BS, src + b * 512, 512), 0);
		CU_ASSERT_EQUAL(be16_at(bounce + b * BS + 512), ref_crc16_t10dif(0, src + b * 512, 512));
		CU_ASSERT_EQUAL(be32_at(bounce + b * BS + 516), 40u + (uint32_t)b);
	}
	memset(back, 0, sizeof(back));
	CU_ASSERT_EQUAL(spdk_dif_verify_copy(&backv, 1, &bv, 1, N, &ctx, &err), 0);
	CU_ASSERT_EQUAL(memcmp(back, src, sizeof(src)), 0);
	bounce[2 * BS + 100] ^= 2;
	CU_ASSERT_EQUAL(spdk_dif_verify_copy(&backv, 1, &bv, 1, N, &ctx, &err), -EIO);
	CU_ASSERT_EQUAL(err.err_offset, 2);
	CU_ASSERT_EQUAL(spdk_dif_generate_copy(sv, n, &bv, 1, N + 1, &ctx), -EINVAL);
}

static void
test_crc32c_and_ranges(void)
{
	enum { BS = 512 + 8, N = 3 };
	uint8_t buf[BS * N];
	struct iovec iov[2] = { { buf, 600 }, { buf + 600, sizeof(buf) - 600 } };
	struct spdk_dif_ctx ctx;
	uint32_t crc = ~0u, want = ~0u, off, len;

	fill_random(buf, sizeof(buf), 8);
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE1, FLAGS_ALL, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(spdk_dif_update_crc32c(iov, 2, N, &crc, &ctx), 0);
	for (int b = 0; b < N; b++) {
		want = ref_crc32_reflected(0x82F63B78u, want, buf + b * BS, 512);
	}
	CU_ASSERT_EQUAL(crc, want);
	CU_ASSERT_EQUAL(spdk_dif_update_crc32c(iov, 2, N + 1, &crc, &ctx), -EINVAL);

	CU_ASSERT_EQUAL(spdk_dif_get_length_with_md(1024 + 10, &ctx), 2 * BS + 10);
	spdk_dif_get_range_with_md(512 + 5, 1024, &off, &len, &ctx);
	CU_ASSERT_EQUAL(off, BS + 5);
	CU_ASSERT_EQUAL(len, 1024 + 16);
	CU_ASSERT_EQUAL(ctx16(&ctx, 512, 8, false, false, SPDK_DIF_TYPE1, 0, 0, 0, 0), 0);
	spdk_dif_get_range_with_md(700, 900, &off, &len, &ctx);
	CU_ASSERT_EQUAL(off, 700);
	CU_ASSERT_EQUAL(len, 900);
	CU_ASSERT_EQUAL(spdk_dif_get_length_with_md(900, &ctx), 900);
	/* NULL arguments are refused without a crash. */
	off = len = 7;
	spdk_dif_get_range_with_md(1, 2, &off, NULL, &ctx);
	CU_ASSERT_EQUAL(off, 7);
	CU_ASSERT_EQUAL(spdk_dif_get_length_with_md(900, NULL), 900);
	spdk_dif_ctx_set_data_offset(NULL, 5);
	spdk_dif_ctx_set_remapped_init_ref_tag(NULL, 5);
	CU_ASSERT_EQUAL(spdk_dif_update_crc32c(iov, 2, N, NULL, &ctx), -EINVAL);
	CU_ASSERT_EQUAL(spdk_dif_verify(iov, 2, N, NULL, NULL), -EINVAL);
}

/* Interleaved remap and the calls ealnvme does not have. */
static void
test_remap_and_stream(void)
{
	enum { BS = 520, N = 4 };
	uint8_t buf[BS * N];
	struct iovec iov = { buf, sizeof(buf) };
	struct spdk_dif_ctx ctx;
	uint32_t mapped, crc = 0;

	fill_random(buf, sizeof(buf), 2);
	CU_ASSERT_EQUAL(ctx16(&ctx, BS, 8, true, false, SPDK_DIF_TYPE1, FLAGS_ALL, 10, 0xFFFF, 0), 0);
	CU_ASSERT_EQUAL(spdk_dif_generate(&iov, 1, N, &ctx), 0);
	spdk_dif_ctx_set_remapped_init_ref_tag(&ctx, 90);
	CU_ASSERT_EQUAL(spdk_dif_remap_ref_tag(&iov, 1, N, &ctx, NULL, true), 0);
	CU_ASSERT_EQUAL(be32_at(buf + 3 * BS + 516), 93);
	CU_ASSERT_EQUAL(spdk_dif_remap_ref_tag(&iov, 1, N + 1, &ctx, NULL, true), -EINVAL);

	CU_ASSERT_EQUAL(spdk_dif_generate_stream(&iov, 1, 0, 512, &ctx), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_dif_verify_stream(&iov, 1, 0, 512, &ctx, NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_dif_update_crc32c_stream(&iov, 1, 0, 512, &crc, &ctx), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_dif_set_md_interleave_iovs(&iov, 1, &iov, 1, 0, 512, &mapped, &ctx),
			-ENOTSUP);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "ctx_init", test_ctx_init },
		{ "generate_known", test_generate_known },
		{ "split_iovecs", test_split_iovecs },
		{ "inject_detected", test_inject_detected },
		{ "dix", test_dix },
		{ "type3_and_escapes", test_type3_and_escapes },
		{ "copy", test_copy },
		{ "crc32c_and_ranges", test_crc32c_and_ranges },
		{ "remap_and_stream", test_remap_and_stream },
	};

	return cu_main("util_dif", tests, SPDK_COUNTOF(tests));
}
