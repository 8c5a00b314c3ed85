/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * readv/writev through the public API against the controller model: the
 * caller's reset_sgl/next_sge list sent as PRPs or SGLs (checked in the
 * model's command log), split at MDTS, refused when it cannot be
 * described; io_flags in CDW12 and a controller status reaching the
 * callback.  A transport with few elements per command (split_sges, as
 * NVMe/TCP): lists split at block boundaries inside elements, byte exact,
 * refused when the elements hold less than a block.
 */
#include "io_cmds_test.h"
#include "nvme_internal.h"	/* struct nvme_transport_ops: split_sges */

/* ---- An iovec behind reset_sgl/next_sge ------------------------------------------ */

#define MAX_ELEMS 600

/* Also the cb_arg of the I/O: readv/writev pass theirs to the SGL callbacks too. */
struct iov_list {
	struct dt_io	io;		/* first: dt_io_cb's argument */
	struct {
		uint8_t		*base;
		uint32_t	len;
	} e[MAX_ELEMS];
	unsigned int	n;
	unsigned int	cur;
	uint32_t	cur_off;
	unsigned int	resets;
	unsigned int	fail_at;	/* next_sge fails at this element (0: never) */
};

static void
iov_reset(void *arg, uint32_t offset)
{
	struct iov_list *l = arg;

	l->resets++;
	l->cur = 0;
	while (l->cur < l->n && offset >= l->e[l->cur].len) {
		offset -= l->e[l->cur].len;
		l->cur++;
	}
	l->cur_off = offset;
}

static int
iov_next(void *arg, void **addr, uint32_t *len)
{
	struct iov_list *l = arg;

	if (l->cur >= l->n || (l->fail_at != 0 && l->cur + 1 == l->fail_at)) {
		return -1;
	}
	*addr = l->e[l->cur].base + l->cur_off;
	*len = l->e[l->cur].len - l->cur_off;
	l->cur++;
	l->cur_off = 0;
	return 0;
}

static void
iov_add(struct iov_list *l, uint8_t *base, uint32_t len)
{
	CU_ASSERT_FATAL(l->n < MAX_ELEMS);
	l->e[l->n].base = base;
	l->e[l->n].len = len;
	l->n++;
}

/* The list's bytes in order, copied into out. */
static void
iov_gather(const struct iov_list *l, uint8_t *out)
{
	for (unsigned int i = 0; i < l->n; i++) {
		memcpy(out, l->e[i].base, l->e[i].len);
		out += l->e[i].len;
	}
}

/* The IOVA runs the list describes from byte offset off for len bytes, merged. */
static unsigned int
iov_runs(const struct iov_list *l, uint32_t off, uint32_t len, uint64_t *iova, uint32_t *rlen,
	 unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < l->n && len > 0; i++) {
		uint32_t elen = l->e[i].len;
		uint8_t *p = l->e[i].base;

		if (off >= elen) {
			off -= elen;
			continue;
		}
		p += off;
		elen -= off;
		off = 0;
		elen = nvme_test_min(elen, len);
		len -= elen;
		while (elen > 0) {
			uint64_t contig = elen;
			uint64_t a = spdk_vtophys(p, &contig);
			uint32_t run = (uint32_t)nvme_test_min(contig, (uint64_t)elen);

			if (n > 0 && iova[n - 1] + rlen[n - 1] == a) {
				rlen[n - 1] += run;
			} else if (n < max) {
				iova[n] = a;
				rlen[n++] = run;
			}
			p += run;
			elen -= run;
		}
	}
	return n;
}

/* The SGL data blocks the model resolved equal the list's runs at [off, off + len). */
static unsigned int
check_sgl(const struct nvme_model_cmd_record *r, const struct iov_list *l, uint32_t off,
	  uint32_t len)
{
	uint64_t iova[MAX_ELEMS];
	uint32_t rlen[MAX_ELEMS];
	unsigned int n = iov_runs(l, off, len, iova, rlen, MAX_ELEMS), bad = 0;

	bad += r->sqe.psdt != SPDK_NVME_PSDT_SGL_MPTR_CONTIG;
	bad += r->nsegs != n;
	for (unsigned int i = 0; i < n && i < r->nsegs && i < NVME_MODEL_REC_MAX_SEGS; i++) {
		bad += r->segs[i].iova != iova[i] || r->segs[i].len != rlen[i];
	}
	if (n == 1) {
		bad += r->sqe.dptr.sgl1.unkeyed.type != SPDK_NVME_SGL_TYPE_DATA_BLOCK;
		bad += r->nlists != 0;
	} else {
		bad += r->sqe.dptr.sgl1.unkeyed.type != SPDK_NVME_SGL_TYPE_LAST_SEGMENT;
		bad += r->sqe.dptr.sgl1.unkeyed.length != n * 16;
		bad += r->nlists != 1;
	}
	return bad;
}

/* PRPs: segments follow the list's bytes page by page. */
static unsigned int
check_prp_segs(const struct nvme_model_cmd_record *r, const struct iov_list *l, uint32_t off,
	       uint32_t len)
{
	uint64_t iova[MAX_ELEMS];
	uint32_t rlen[MAX_ELEMS];
	unsigned int n = iov_runs(l, off, len, iova, rlen, MAX_ELEMS), bad = 0, s = 0;

	bad += r->sqe.psdt != SPDK_NVME_PSDT_PRP;
	bad += r->sqe.dptr.prp.prp1 != iova[0];
	/* Walk the runs in page-sized pieces and match them to the PRP segments. */
	for (unsigned int i = 0; i < n; i++) {
		uint64_t a = iova[i];
		uint32_t left = rlen[i];

		while (left > 0) {
			uint32_t piece = nvme_test_min(left, DT_PAGE - (uint32_t)(a & (DT_PAGE - 1)));

			if (s < r->nsegs && s < NVME_MODEL_REC_MAX_SEGS) {
				bad += r->segs[s].iova != a || r->segs[s].len != piece;
			}
			s++;
			a += piece;
			left -= piece;
		}
	}
	bad += s != r->nsegs;
	return bad;
}

/* Submit readv/writev and wait; the completion. */
static struct spdk_nvme_cpl
rwv(struct cmds_env *e, uint32_t nsid, bool write, uint64_t lba, uint32_t n,
    struct iov_list *l, uint32_t io_flags)
{
	int rc;

	memset(&l->io, 0, sizeof(l->io));
	l->cur = l->n;	/* the driver must reset first */
	if (write) {
		rc = spdk_nvme_ns_cmd_writev(ns_of(e, nsid), e->qpair, lba, n, dt_io_cb, l,
					     io_flags, iov_reset, iov_next);
	} else {
		rc = spdk_nvme_ns_cmd_readv(ns_of(e, nsid), e->qpair, lba, n, dt_io_cb, l,
					    io_flags, iov_reset, iov_next);
	}
	CU_ASSERT(rc == 0);
	if (rc != 0) {
		return (struct spdk_nvme_cpl){ .status = { .sct = 7, .sc = 0xff } };
	}
	return wait_one(e, &l->io);
}

/* rwv on namespace 1 that must succeed: the command the model fetched for it. */
static const struct nvme_model_cmd_record *
rwv_ok(struct cmds_env *e, bool write, uint64_t lba, uint32_t n, struct iov_list *l)
{
	struct spdk_nvme_cpl cpl = rwv(e, 1, write, lba, n, l, 0);
	const struct nvme_model_cmd_record *rec;

	CU_ASSERT(dt_cpl_ok(&cpl));
	rec = dt_find_cmd(e->m, 1, write ? SPDK_NVME_OPC_WRITE : SPDK_NVME_OPC_READ, -1);
	CU_ASSERT_FATAL(rec != NULL);
	return rec;
}

/* ---- readv / writev ------------------------------------------------------------- */

/*
 * PRP-compatible elements (first starts mid-page, the middle ones are whole
 * pages, the last ends mid-page): PRPs, with or without SGL support.
 */
static void
prp_compatible(uint8_t sgls)
{
	struct cmds_env e;
	struct iov_list w = { 0 }, r = { 0 };
	uint8_t *a = dma(4 * DT_PAGE), *b = dma(4 * DT_PAGE), *c = dma(4 * DT_PAGE);
	uint8_t *back = dma(4 * DT_PAGE), *expect = malloc(7 * 2048);
	const struct nvme_model_cmd_record *rec;
	struct spdk_nvme_cpl cpl;
	const uint32_t len = 2048 + 2 * DT_PAGE + 1536;	/* 23 blocks of 512 */

	CU_ASSERT_FATAL(expect != NULL);
	env_setup(&e, sgls);
	dt_fill_random(a, 4 * DT_PAGE);
	dt_fill_random(b, 4 * DT_PAGE);
	dt_fill_random(c, 4 * DT_PAGE);
	iov_add(&w, a + 2048, 2048);
	iov_add(&w, b + DT_PAGE, 2 * DT_PAGE);
	iov_add(&w, c, 1536);
	cpl = rwv(&e, 1, true, 100, len / 512, &w, 0);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(w.resets == 1);
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_WRITE, -1);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT(check_prp_segs(rec, &w, 0, len) == 0);
	CU_ASSERT(rec->nsegs == 4 && rec->nlists == 1);
	iov_gather(&w, expect);
	CU_ASSERT(memcmp(ns_mem(&e, 1) + 100 * 512, expect, len) == 0);

	/* Read it back through a different PRP-compatible layout. */
	iov_add(&r, back + 512, DT_PAGE - 512);
	iov_add(&r, back + 2 * DT_PAGE, len - (DT_PAGE - 512));
	cpl = rwv(&e, 1, false, 100, len / 512, &r, 0);
	CU_ASSERT(dt_cpl_ok(&cpl));
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_READ, -1);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT(check_prp_segs(rec, &r, 0, len) == 0);
	CU_ASSERT(memcmp(back + 512, expect, DT_PAGE - 512) == 0);
	CU_ASSERT(memcmp(back + 2 * DT_PAGE, expect + DT_PAGE - 512, len - (DT_PAGE - 512)) == 0);

	spdk_free(a);
	spdk_free(b);
	spdk_free(c);
	spdk_free(back);
	free(expect);
	env_teardown(&e);
}

static void
test_rwv_prp_compatible(void)
{
	prp_compatible(0);
	prp_compatible(SPDK_NVME_SGLS_SUPPORTED);
}

/* Elements PRPs cannot describe: 1000 + 1072 + 1000 bytes (6 blocks). */
static void
odd_list(struct iov_list *l, uint8_t *buf)
{
	iov_add(l, buf + 8, 1000);
	iov_add(l, buf + DT_PAGE + 100, 1072);
	iov_add(l, buf + 3 * DT_PAGE + 2000, 1000);
}

static void
test_rwv_sgl_off_refused(void)
{
	struct cmds_env e;
	struct iov_list l = { 0 };
	uint8_t *buf = dma(4 * DT_PAGE);
	struct dt_capture cap;
	struct dt_io io = { 0 };
	uint64_t fetched;

	env_setup(&e, 0);
	odd_list(&l, buf);
	fetched = dt_cmds_fetched(e.m);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns_of(&e, 1), e.qpair, 0, 6, dt_io_cb, &l, 0,
					  iov_reset, iov_next) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_readv(ns_of(&e, 1), e.qpair, 0, 6, dt_io_cb, &l, 0,
					 iov_reset, iov_next) == -EINVAL);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "does not support SGLs") == 2);
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched);
	CU_ASSERT(io.calls == 0);
	/* Nothing leaked: a valid I/O still goes through. */
	l.n = 0;
	iov_add(&l, buf, 3072);
	{
		struct spdk_nvme_cpl cpl = rwv(&e, 1, true, 0, 6, &l, 0);

		CU_ASSERT(dt_cpl_ok(&cpl));
	}
	spdk_free(buf);
	env_teardown(&e);
}

/*
 * Elements adjacent in IOVA share one SGL Data Block; with the qpair option
 * disable_pcie_sgl_merge each element keeps its own, as in SPDK.  The
 * third element starts inside a page, so PRPs cannot describe the list.
 */
static void
test_rwv_sgl_merge_option(void)
{
	for (int no_merge = 0; no_merge <= 1; no_merge++) {
		struct cmds_env e;
		struct nvme_model_opts o;
		struct spdk_nvme_io_qpair_opts qo;
		struct iov_list l = { 0 };
		uint8_t *buf = dma(4 * DT_PAGE), expect[2048];
		const struct nvme_model_cmd_record *rec;
		const uint32_t blocks = no_merge ? 3 : 2;

		cmds_opts(&o);
		o.sgls = 1;
		memset(&e, 0, sizeof(e));
		e.m = dt_model_new(&o);
		e.ctrlr = dt_attach(e.m);
		spdk_nvme_ctrlr_get_default_io_qpair_opts(e.ctrlr, &qo, sizeof(qo));
		CU_ASSERT(!qo.disable_pcie_sgl_merge);
		qo.disable_pcie_sgl_merge = no_merge;
		e.qpair = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, &qo, sizeof(qo));
		CU_ASSERT_FATAL(e.qpair != NULL);
		dt_fill_random(buf, 4 * DT_PAGE);
		iov_add(&l, buf, 512);
		iov_add(&l, buf + 512, 512);
		iov_add(&l, buf + 2 * DT_PAGE + 4, 1024);
		rec = rwv_ok(&e, true, 8, 4, &l);
		CU_ASSERT(rec->sqe.psdt == SPDK_NVME_PSDT_SGL_MPTR_CONTIG);
		CU_ASSERT(rec->sqe.dptr.sgl1.unkeyed.type == SPDK_NVME_SGL_TYPE_LAST_SEGMENT);
		CU_ASSERT(rec->sqe.dptr.sgl1.unkeyed.length == blocks * 16);
		CU_ASSERT(rec->nsegs == blocks);
		CU_ASSERT(rec->segs[0].len == (no_merge ? 512u : 1024u));
		iov_gather(&l, expect);
		CU_ASSERT(memcmp(ns_mem(&e, 1) + 8 * 512, expect, sizeof(expect)) == 0);
		spdk_free(buf);
		env_teardown(&e);
	}
}

static void
sgl_round_trip(uint8_t sgls)
{
	struct cmds_env e;
	struct iov_list w = { 0 }, r = { 0 };
	uint8_t *buf = dma(4 * DT_PAGE), *back = dma(4 * DT_PAGE), expect[3072], got[3072];
	const struct nvme_model_cmd_record *rec;

	env_setup(&e, sgls);
	dt_fill_random(buf, 4 * DT_PAGE);
	odd_list(&w, buf);
	rec = rwv_ok(&e, true, 40, 6, &w);
	CU_ASSERT(check_sgl(rec, &w, 0, 3072) == 0);
	iov_gather(&w, expect);
	CU_ASSERT(memcmp(ns_mem(&e, 1) + 40 * 512, expect, 3072) == 0);

	/* Back through another odd layout, then one single unaligned element. */
	iov_add(&r, back + 4, 2000);
	iov_add(&r, back + 2 * DT_PAGE + 12, 1072);
	rec = rwv_ok(&e, false, 40, 6, &r);
	CU_ASSERT(check_sgl(rec, &r, 0, 3072) == 0);
	iov_gather(&r, got);
	CU_ASSERT(memcmp(got, expect, 3072) == 0);

	r.n = 0;
	iov_add(&r, back + DT_PAGE - 100, 3072);	/* crosses pages, starts mid-page */
	memset(back, 0, 4 * DT_PAGE);
	rec = rwv_ok(&e, false, 40, 6, &r);
	/* Dword aligned: PRPs still do it. */
	CU_ASSERT(rec->sqe.psdt == SPDK_NVME_PSDT_PRP);
	CU_ASSERT(memcmp(back + DT_PAGE - 100, expect, 3072) == 0);

	spdk_free(buf);
	spdk_free(back);
	env_teardown(&e);
}

static void
test_rwv_sgl(void)
{
	sgl_round_trip(SPDK_NVME_SGLS_SUPPORTED);
	sgl_round_trip(SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED);
}

/* Byte-aligned elements: an SGL with SGLS 01b; refused with SGLS 10b. */
static void
test_rwv_sgl_alignment(void)
{
	struct cmds_env e;
	struct iov_list l = { 0 };
	uint8_t *buf = dma(2 * DT_PAGE);
	const struct nvme_model_cmd_record *rec;
	struct dt_capture cap;

	env_setup(&e, SPDK_NVME_SGLS_SUPPORTED);
	dt_fill_random(buf, 2 * DT_PAGE);
	iov_add(&l, buf + 1, 512);
	rec = rwv_ok(&e, true, 7, 1, &l);
	CU_ASSERT(check_sgl(rec, &l, 0, 512) == 0);
	CU_ASSERT(rec->sqe.dptr.sgl1.address == spdk_vtophys(buf + 1, NULL));
	CU_ASSERT(memcmp(ns_mem(&e, 1) + 7 * 512, buf + 1, 512) == 0);
	spdk_free(buf);
	env_teardown(&e);

	env_setup(&e, SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED);
	buf = dma(2 * DT_PAGE);
	l.n = 0;
	iov_add(&l, buf + 1, 512);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns_of(&e, 1), e.qpair, 7, 1, dt_io_cb, &l, 0,
					  iov_reset, iov_next) == -EINVAL);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "dword-aligned SGL data blocks") == 1);
	spdk_free(buf);
	env_teardown(&e);
}

/* Larger than MDTS: children, each positioned with reset_sgl at its offset. */
static void
test_rwv_split(void)
{
	struct cmds_env e;
	struct iov_list w = { 0 }, r = { 0 };
	const uint32_t nblocks = 3 * (MAX_XFER / 512) + 10;	/* 4 commands */
	const uint32_t len = nblocks * 512;
	uint8_t *buf = dma(len + 64 * DT_PAGE), *back = dma(len + 64 * DT_PAGE);
	uint8_t *expect = malloc(len), *got = malloc(len);
	uint32_t off = 0, i = 0;
	uint64_t before;
	unsigned int bad = 0;
	struct spdk_nvme_cpl cpl;

	CU_ASSERT_FATAL(expect != NULL && got != NULL);
	env_setup(&e, SPDK_NVME_SGLS_SUPPORTED);
	dt_fill_random(buf, len + 64 * DT_PAGE);
	/* Elements of 3000..3999 bytes, 100 bytes apart: SGL only. */
	while (off < len) {
		uint32_t n = nvme_test_min(3000u + (i * 37) % 1000, len - off);

		iov_add(&w, buf + off + i * 100, n);
		off += n;
		i++;
	}
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE];
	cpl = rwv(&e, 1, true, 500, nblocks, &w, 0);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE] - before == 4);
	/* Per child: the PRP attempt, then the SGL. */
	CU_ASSERT(w.resets == 8);
	for (unsigned int k = 0; k < 4; k++) {
		const struct nvme_model_cmd_record *rec = nvme_model_cmd_log(e.m, 3 - k);
		uint32_t per = MAX_XFER / 512, n = nvme_test_min(per, nblocks - k * per);

		CU_ASSERT_FATAL(rec != NULL);
		bad += rec->sqe.cdw10 != 500 + k * per;
		bad += (rec->sqe.cdw12 & 0xffff) + 1 != n;
		bad += check_sgl(rec, &w, k * MAX_XFER, n * 512);
	}
	CU_ASSERT(bad == 0);
	iov_gather(&w, expect);
	CU_ASSERT(memcmp(ns_mem(&e, 1) + 500 * 512, expect, len) == 0);

	/* Read back with PRP-compatible whole pages: PRPs per child. */
	for (off = 0; off < len; off += DT_PAGE) {
		iov_add(&r, back + off, nvme_test_min(DT_PAGE, len - off));
	}
	cpl = rwv(&e, 1, false, 500, nblocks, &r, 0);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(dt_find_cmd(e.m, 1, SPDK_NVME_OPC_READ, -1)->sqe.psdt == SPDK_NVME_PSDT_PRP);
	iov_gather(&r, got);
	CU_ASSERT(memcmp(got, expect, len) == 0);

	spdk_free(buf);
	spdk_free(back);
	free(expect);
	free(got);
	env_teardown(&e);
}

static void
test_rwv_errors(void)
{
	struct cmds_env e;
	struct iov_list l = { 0 };
	uint8_t *buf = dma(4 * DT_PAGE), stack_buf[1024];
	struct dt_capture cap;
	struct dt_io io = { 0 };
	struct spdk_nvme_ns *ns;
	uint64_t fetched;
	const char *text;

	env_setup(&e, SPDK_NVME_SGLS_SUPPORTED);
	ns = ns_of(&e, 1);
	fetched = dt_cmds_fetched(e.m);
	dt_capture_begin(&cap);
	/* Missing callbacks, bad range, bad flags. */
	CU_ASSERT(spdk_nvme_ns_cmd_readv(ns, e.qpair, 0, 1, dt_io_cb, &io, 0, NULL, iov_next) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns, e.qpair, 0, 1, dt_io_cb, &io, 0, iov_reset, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_readv(ns, e.qpair, NS_BLOCKS, 1, dt_io_cb, &l, 0, iov_reset,
					 iov_next) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_readv(ns, e.qpair, 0, 0, dt_io_cb, &l, 0, iov_reset,
					 iov_next) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_readv(ns, e.qpair, 0, 1, dt_io_cb, &l, 0x100, iov_reset,
					 iov_next) == -EINVAL);
	/* Too few bytes in the list. */
	iov_add(&l, buf, 1024);
	CU_ASSERT(spdk_nvme_ns_cmd_readv(ns, e.qpair, 0, 4, dt_io_cb, &l, 0, iov_reset,
					 iov_next) == -EINVAL);
	/* next_sge fails. */
	l.n = 0;
	iov_add(&l, buf, 1024);
	iov_add(&l, buf + DT_PAGE, 1024);
	l.fail_at = 2;
	CU_ASSERT(spdk_nvme_ns_cmd_readv(ns, e.qpair, 0, 4, dt_io_cb, &l, 0, iov_reset,
					 iov_next) == -EINVAL);
	/* An element that is not DMA memory. */
	l.n = 0;
	l.fail_at = 0;
	iov_add(&l, buf, 1024);
	iov_add(&l, stack_buf, 1024);
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns, e.qpair, 0, 4, dt_io_cb, &l, 0, iov_reset,
					  iov_next) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "reset_sgl_fn and next_sge_fn are required") == 2);
	CU_ASSERT(dt_count(text, "next_sge_fn failed") == 2);
	CU_ASSERT(dt_count(text, "is not DMA memory") == 1);
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched);
	CU_ASSERT(io.calls == 0);
	spdk_free(buf);
	env_teardown(&e);
}

/* More IOVA runs than one SGL segment page holds: refused with a reason. */
static void
test_rwv_too_many_descriptors(void)
{
	struct cmds_env e;
	struct iov_list l = { 0 };
	uint8_t *buf = dma(513 * 512);
	struct dt_capture cap;

	env_setup(&e, SPDK_NVME_SGLS_SUPPORTED);
	/* 512 elements of 256 bytes with gaps (no merging): 256 blocks, one command. */
	for (unsigned int i = 0; i < 512; i++) {
		iov_add(&l, buf + i * 512 + 4, 256);
	}
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns_of(&e, 1), e.qpair, 0, 256, dt_io_cb, &l, 0,
					  iov_reset, iov_next) == -EINVAL);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "needs more than 256 SGL descriptors") ==
		  1);
	/* 256 of them fit. */
	l.n = 256;
	{
		struct spdk_nvme_cpl cpl = rwv(&e, 1, true, 0, 128, &l, 0);
		const struct nvme_model_cmd_record *rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_WRITE,
				-1);

		CU_ASSERT(dt_cpl_ok(&cpl));
		CU_ASSERT_FATAL(rec != NULL);
		CU_ASSERT(check_sgl(rec, &l, 0, 128 * 512) == 0);
	}
	spdk_free(buf);
	env_teardown(&e);
}

/* ---- A transport that takes few elements per command (NVMe/TCP's split_sges) ---- */

#define SPLIT_SGES	4u

static struct nvme_transport_ops g_split_ops;

static void
split_sges_on(struct cmds_env *e)
{
	g_split_ops = *e->qpair->transport;
	g_split_ops.split_sges = SPLIT_SGES;
	e->qpair->transport = &g_split_ops;
}

/* Expected cuts, worked out here the plain way: whole blocks of <= 4 elements from pos. */
static unsigned int
split_cuts(const struct iov_list *l, uint32_t len, uint32_t *cut, unsigned int max)
{
	unsigned int n = 0;

	for (uint32_t pos = 0; pos < len && n < max;) {
		uint32_t off = pos, got = 0, used = 0;

		for (unsigned int i = 0; i < l->n && used < SPLIT_SGES; i++) {
			if (off >= l->e[i].len) {
				off -= l->e[i].len;
				continue;
			}
			got += l->e[i].len - off;
			off = 0;
			used++;
		}
		got = nvme_test_min(nvme_test_min(got, len - pos), (uint32_t)MAX_XFER);
		cut[n++] = got - got % 512;
		CU_ASSERT_FATAL(cut[n - 1] > 0);
		pos += cut[n - 1];
	}
	return n;
}

static void
test_rwv_split_by_elements(void)
{
	struct cmds_env e;
	static struct iov_list w, r, bad;
	const uint32_t nblocks = 40, len = nblocks * 512;
	uint8_t *buf = dma(len + 64 * DT_PAGE), *back = dma(len + 64 * DT_PAGE);
	uint8_t *expect = malloc(len), *got = malloc(len);
	uint32_t cut[64], off = 0, i = 0, mismatch = 0;
	unsigned int n;
	uint64_t before;
	struct spdk_nvme_cpl cpl;
	struct dt_capture cap;

	CU_ASSERT_FATAL(expect != NULL && got != NULL);
	memset(&w, 0, sizeof(w));
	memset(&r, 0, sizeof(r));
	memset(&bad, 0, sizeof(bad));
	env_setup(&e, SPDK_NVME_SGLS_SUPPORTED);
	split_sges_on(&e);
	dt_fill_random(buf, len + 64 * DT_PAGE);
	/* 1, 511, 4097, 3 bytes, then odd sizes: no element ends on a block boundary */
	while (off < len) {
		static const uint32_t first[] = { 1, 511, 4097, 3 };
		uint32_t sz = i < 4 ? first[i] : 1 + (i * 797) % 3000;

		sz = nvme_test_min(sz, len - off);
		iov_add(&w, buf + off + i * 100, sz);
		off += sz;
		i++;
	}
	n = split_cuts(&w, len, cut, 64);
	CU_ASSERT(n > 1);
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE];
	cpl = rwv(&e, 1, true, 600, nblocks, &w, 0);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE] - before == n);
	off = 0;
	for (unsigned int k = 0; k < n; k++) {
		const struct nvme_model_cmd_record *rec = nvme_model_cmd_log(e.m, n - 1 - k);

		CU_ASSERT_FATAL(rec != NULL);
		mismatch += rec->sqe.cdw10 != 600 + off / 512;
		mismatch += (rec->sqe.cdw12 & 0xffff) + 1 != cut[k] / 512;
		off += cut[k];
	}
	CU_ASSERT(mismatch == 0);
	iov_gather(&w, expect);
	CU_ASSERT(memcmp(ns_mem(&e, 1) + 600 * 512, expect, len) == 0);

	/* Read back through 7-byte-apart elements of 700..1699 bytes: split again. */
	for (off = 0, i = 0; off < len; i++) {
		uint32_t sz = nvme_test_min(700u + (i * 389) % 1000, len - off);

		iov_add(&r, back + off + i * 7, sz);
		off += sz;
	}
	n = split_cuts(&r, len, cut, 64);
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ];
	cpl = rwv(&e, 1, false, 600, nblocks, &r, 0);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ] - before == n);
	iov_gather(&r, got);
	CU_ASSERT(memcmp(got, expect, len) == 0);

	/* 4 elements of 100 bytes hold less than a block: refused, nothing sent. */
	for (i = 0; i < 8; i++) {
		iov_add(&bad, buf + i * 200, i < 4 ? 100 : 412);
	}
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE];
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns_of(&e, 1), e.qpair, 0, 4, dt_io_cb, &bad, 0,
					  iov_reset, iov_next) == -EINVAL);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "hold less than one 512-byte block") == 1);
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE] == before);
	CU_ASSERT(bad.io.calls == 0);

	spdk_free(buf);
	spdk_free(back);
	free(expect);
	free(got);
	env_teardown(&e);
}

/* ---- io_flags, controller status --------------------------------------------------- */

static void
test_io_flags_and_status(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *buf = dma(DT_PAGE);
	const uint32_t flags = SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS |
			       SPDK_NVME_IO_FLAGS_LIMITED_RETRY | SPDK_NVME_IO_FLAGS_PRCHK_GUARD |
			       SPDK_NVME_IO_FLAGS_PRCHK_REFTAG | SPDK_NVME_IO_FLAGS_PRCHK_APPTAG;
	const struct nvme_model_cmd_record *rec;
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct iov_list l = { 0 };

	env_setup(&e, 0);
	ns = ns_of(&e, 1);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 5, 2, dt_io_cb, &io, flags) == 0);
	cpl = wait_one(&e, &io);
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_WRITE, -1);
	CU_ASSERT(rec->sqe.cdw12 == (1u | flags));
	CU_ASSERT(rec->sqe.cdw14 == 0);		/* no PI: no reference tag */
	CU_ASSERT(rec->sqe.fuse == 0);

	iov_add(&l, buf, 1024);
	cpl = rwv(&e, 1, false, 5, 2, &l, SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS);
	CU_ASSERT(dt_cpl_ok(&cpl));
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_READ, -1);
	CU_ASSERT(rec->sqe.cdw12 == (1u | SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS));

	/* A status from the controller reaches the callback with its name. */
	CU_ASSERT(nvme_model_inject_status(e.m, 1, SPDK_NVME_OPC_COMPARE, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INVALID_FIELD, true, 1) == 0);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 5, 2, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD));
	CU_ASSERT(cpl.status.dnr == 1);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status),
			       "INVALID FIELD");
	/* A controller-side range check (raw command past the end). */
	{
		struct spdk_nvme_cmd cmd = { 0 };

		cmd.opc = SPDK_NVME_OPC_WRITE_ZEROES;
		cmd.nsid = 1;
		cmd.cdw10 = NS_BLOCKS;
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, NULL, 0, dt_io_cb,
						     &io) == 0);
		cpl = wait_one(&e, &io);
		CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE));
		CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status),
				       "LBA OUT OF RANGE");
	}
	spdk_free(buf);
	env_teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_rwv_prp_compatible);
	ADD(test_rwv_sgl_off_refused);
	ADD(test_rwv_sgl);
	ADD(test_rwv_sgl_alignment);
	ADD(test_rwv_sgl_merge_option);
	ADD(test_rwv_split);
	ADD(test_rwv_errors);
	ADD(test_rwv_too_many_descriptors);
	ADD(test_rwv_split_by_elements);
	ADD(test_io_flags_and_status);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io_cmds_rwv", add_tests);
}
