/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVM commands beyond plain read/write, through the public API against
 * the controller model: readv/writev as PRPs or SGLs (checked in the model's
 * command log), metadata separate (MPTR) and interleaved (extended LBA),
 * compare, write zeroes, write uncorrectable, dataset management, fused
 * compare-and-write, io_flags in CDW12/CDW15, ONCS/FUSES/SGLS checks, and
 * the namespace getters.
 */
#include "spdk/uuid.h"
#include "nvme_driver_test.h"

#define NS_BLOCKS	4096u			/* per namespace */
#define MDTS_SHIFT	5			/* 128 KiB per command */
#define MAX_XFER	(DT_PAGE << MDTS_SHIFT)

struct cmds_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
};

/*
 * nsid 1: 512 B blocks, no metadata; 2: 4 KiB + 8 B separate metadata;
 * 3: 512 B + 16 B interleaved (extended LBA); 4: 512 B, 200000 blocks (for
 * commands longer than 65536 blocks).
 */
static void
cmds_opts(struct nvme_model_opts *o)
{
	nvme_model_opts_default(o);
	o->mdts = MDTS_SHIFT;
	o->nn = 4;
	o->ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 512 };
	o->ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 4096, .ms = 8 };
	o->ns[2] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 512, .ms = 16, .extended = true };
	o->ns[3] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 200000,
		.block_size = 512 };
}

static void
env_setup_opts(struct cmds_env *e, const struct nvme_model_opts *o)
{
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(o);
	e->ctrlr = dt_attach(e->m);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e->qpair != NULL);
}

static void
env_setup(struct cmds_env *e, uint8_t sgls)
{
	struct nvme_model_opts o;

	cmds_opts(&o);
	o.sgls = sgls;
	env_setup_opts(e, &o);
}

static void
env_teardown(struct cmds_env *e)
{
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	CU_ASSERT(nvme_model_get_stats(e->m)->errors == 0);
	if (nvme_model_get_stats(e->m)->errors != 0) {
		fprintf(stderr, "model error: %s\n", nvme_model_last_error(e->m));
	}
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

static struct spdk_nvme_ns *
ns_of(struct cmds_env *e, uint32_t nsid)
{
	return spdk_nvme_ctrlr_get_ns(e->ctrlr, nsid);
}

static uint8_t *
dma(size_t size)
{
	uint8_t *p = spdk_zmalloc(size, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static uint8_t *
ns_mem(struct cmds_env *e, uint32_t nsid)
{
	uint8_t *p = nvme_model_ns_mem(e->m, nsid, NULL);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

/* Run one submission to completion; the completion (calls must be 1). */
static struct spdk_nvme_cpl
wait_one(struct cmds_env *e, struct dt_io *io)
{
	CU_ASSERT(dt_wait_io(e->qpair, io));
	for (int i = 0; i < 3; i++) {
		spdk_nvme_qpair_process_completions(e->qpair, 0);
	}
	CU_ASSERT(io->calls == 1);
	return io->cpl;
}

static bool
cpl_is(const struct spdk_nvme_cpl *cpl, uint8_t sct, uint8_t sc)
{
	return cpl->status.sct == sct && cpl->status.sc == sc;
}

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

/* ---- Namespace getters ----------------------------------------------------------- */

static void
test_ns_getters(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns1, *ns2, *ns3;
	const uint8_t *u1, *u2;

	env_setup(&e, 0);
	ns1 = ns_of(&e, 1);
	ns2 = ns_of(&e, 2);
	ns3 = ns_of(&e, 3);

	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns1) == 512);
	CU_ASSERT(spdk_nvme_ns_get_extended_sector_size(ns1) == 512);
	CU_ASSERT(spdk_nvme_ns_get_md_size(ns1) == 0);
	CU_ASSERT(!spdk_nvme_ns_supports_extended_lba(ns1));

	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns2) == 4096);
	CU_ASSERT(spdk_nvme_ns_get_extended_sector_size(ns2) == 4096);
	CU_ASSERT(spdk_nvme_ns_get_md_size(ns2) == 8);
	CU_ASSERT(!spdk_nvme_ns_supports_extended_lba(ns2));

	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns3) == 512);
	CU_ASSERT(spdk_nvme_ns_get_extended_sector_size(ns3) == 528);
	CU_ASSERT(spdk_nvme_ns_get_md_size(ns3) == 16);
	CU_ASSERT(spdk_nvme_ns_supports_extended_lba(ns3));
	/* Interleaved metadata shrinks the blocks one command carries. */
	CU_ASSERT(spdk_nvme_ns_get_size(ns3) == (uint64_t)NS_BLOCKS * 512);

	CU_ASSERT(spdk_nvme_ns_get_pi_type(ns1) == SPDK_NVME_FMT_NVM_PROTECTION_DISABLE);
	CU_ASSERT(spdk_nvme_ns_get_optimal_io_boundary(ns1) == 0);
	CU_ASSERT(spdk_nvme_ns_get_csi(ns1) == SPDK_NVME_CSI_NVM);

	/* Default model: ONCS compare, DSM, write zeroes; VWC present. */
	CU_ASSERT(spdk_nvme_ns_get_flags(ns1) ==
		  (SPDK_NVME_NS_DEALLOCATE_SUPPORTED | SPDK_NVME_NS_FLUSH_SUPPORTED |
		   SPDK_NVME_NS_WRITE_ZEROES_SUPPORTED | SPDK_NVME_NS_COMPARE_SUPPORTED));
	CU_ASSERT(spdk_nvme_ns_get_flags(ns3) ==
		  (spdk_nvme_ns_get_flags(ns1) | SPDK_NVME_NS_EXTENDED_LBA_SUPPORTED));

	/* UUIDs from the NS ID descriptor list: per namespace, version 4 layout. */
	CU_ASSERT_FATAL(spdk_nvme_ns_get_uuid(ns1) != NULL && spdk_nvme_ns_get_uuid(ns2) != NULL);
	u1 = spdk_nvme_ns_get_uuid(ns1)->u.raw;
	u2 = spdk_nvme_ns_get_uuid(ns2)->u.raw;
	CU_ASSERT(u1[15] == 1 && u2[15] == 2);
	CU_ASSERT((u1[6] >> 4) == 4);
	CU_ASSERT(memcmp(u1, u2, 15) == 0);
	CU_ASSERT(dt_find_cmd(e.m, 0, SPDK_NVME_OPC_IDENTIFY,
			      SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST) != NULL);
	env_teardown(&e);
}

/* Flags follow ONCS and VWC; an NVMe 1.2 controller is not asked for descriptors. */
static void
test_ns_flags_old_controller(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_ns *ns;

	cmds_opts(&o);
	o.vs = SPDK_NVME_VERSION(1, 2, 0);
	o.oncs = 0x0002;	/* write uncorrectable only */
	o.vwc = false;
	env_setup_opts(&e, &o);
	ns = ns_of(&e, 1);
	CU_ASSERT(spdk_nvme_ns_get_flags(ns) == SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED);
	CU_ASSERT(spdk_nvme_ns_get_uuid(ns) == NULL);
	CU_ASSERT(dt_find_cmd(e.m, 0, SPDK_NVME_OPC_IDENTIFY,
			      SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST) == NULL);
	env_teardown(&e);
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

/* ---- Metadata -------------------------------------------------------------------- */

static void
test_md_separate(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	const uint32_t nblocks = MAX_XFER / 4096 + 3;	/* two commands */
	uint8_t *data = dma(nblocks * 4096), *md = dma(nblocks * 8);
	uint8_t *rdata = dma(nblocks * 4096), *rmd = dma(nblocks * 8);
	uint8_t *model_md, stack_md[64];
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	const char *text;
	unsigned int bad = 0;

	env_setup(&e, 0);
	ns = ns_of(&e, 2);
	dt_fill_random(data, nblocks * 4096);
	dt_fill_random(md, nblocks * 8);
	CU_ASSERT(spdk_nvme_ns_cmd_write_with_md(ns, e.qpair, data, md, 10, nblocks, dt_io_cb,
						 &io, 0, 0xffff, 0x1234) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	model_md = nvme_model_ns_md(e.m, 2, NULL);
	CU_ASSERT_FATAL(model_md != NULL);
	CU_ASSERT(memcmp(ns_mem(&e, 2) + 10 * 4096, data, nblocks * 4096) == 0);
	CU_ASSERT(memcmp(model_md + 10 * 8, md, nblocks * 8) == 0);
	/* Each child's MPTR is its part of the metadata buffer; CDW15 mask/tag. */
	for (unsigned int k = 0; k < 2; k++) {
		const struct nvme_model_cmd_record *rec = nvme_model_cmd_log(e.m, 1 - k);
		uint32_t first = k * (MAX_XFER / 4096);

		CU_ASSERT_FATAL(rec != NULL);
		bad += rec->sqe.mptr != spdk_vtophys(md + first * 8, NULL);
		bad += rec->sqe.cdw15 != (0xffffu << 16 | 0x1234);
		bad += rec->sqe.cdw10 != 10 + first;
	}
	CU_ASSERT(bad == 0);

	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, rmd, 10, nblocks, dt_io_cb,
						&io, 0, 0, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(rdata, data, nblocks * 4096) == 0);
	CU_ASSERT(memcmp(rmd, md, nblocks * 8) == 0);

	/* Argument errors. */
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, NULL, 10, 1, dt_io_cb, &io,
						0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, stack_md, 10, 1, dt_io_cb,
						&io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, md + 1, 10, 1, dt_io_cb,
						&io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns_of(&e, 3), e.qpair, rdata, md, 10, 1,
						dt_io_cb, &io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns_of(&e, 1), e.qpair, rdata, md, 10, 1,
						dt_io_cb, &io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, NULL, md, 10, 1, dt_io_cb, &io, 0,
						0, 0) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "pass one of lba_count * 8 bytes") == 1);
	CU_ASSERT(dt_count(text, "must be dword-aligned, IOVA-contiguous DMA memory") == 2);
	CU_ASSERT(dt_count(text, "interleaved in the payload (extended LBA); pass metadata NULL") ==
		  1);
	CU_ASSERT(dt_count(text, "has no metadata; pass metadata NULL") == 1);
	CU_ASSERT(io.calls == 1);

	spdk_free(data);
	spdk_free(md);
	spdk_free(rdata);
	spdk_free(rmd);
	env_teardown(&e);
}

static void
test_md_extended(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	const uint32_t xb = 528;
	const uint32_t per_cmd = MAX_XFER / xb;			/* 248 */
	const uint32_t nblocks = per_cmd + 5;
	uint8_t *buf = dma(nblocks * xb), *back = dma(nblocks * xb), *md;
	const struct nvme_model_cmd_record *rec;
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	unsigned int bad = 0;

	env_setup(&e, 0);
	ns = ns_of(&e, 3);
	CU_ASSERT(spdk_nvme_ns_get_max_io_xfer_size(ns) == MAX_XFER);
	dt_fill_random(buf, nblocks * xb);
	CU_ASSERT(spdk_nvme_ns_cmd_write_with_md(ns, e.qpair, buf, NULL, 3, nblocks, dt_io_cb,
						 &io, 0, 0, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	/* Split by the extended size: per_cmd blocks, then 5. */
	rec = nvme_model_cmd_log(e.m, 1);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT((rec->sqe.cdw12 & 0xffff) + 1 == per_cmd);
	CU_ASSERT(rec->sqe.mptr == 0);
	rec = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT((rec->sqe.cdw12 & 0xffff) + 1 == 5);
	CU_ASSERT(rec->sqe.dptr.prp.prp1 == spdk_vtophys(buf + per_cmd * xb, NULL));
	md = nvme_model_ns_md(e.m, 3, NULL);
	CU_ASSERT_FATAL(md != NULL);
	for (uint32_t i = 0; i < nblocks; i++) {
		bad += memcmp(ns_mem(&e, 3) + (3 + i) * 512, buf + i * xb, 512) != 0;
		bad += memcmp(md + (3 + i) * 16, buf + i * xb + 512, 16) != 0;
	}
	CU_ASSERT(bad == 0);

	/* Plain read on the same namespace moves data + metadata too. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, back, 3, nblocks, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(back, buf, nblocks * xb) == 0);
	spdk_free(buf);
	spdk_free(back);
	env_teardown(&e);
}

/* ---- Compare, write zeroes, write uncorrectable, DSM ------------------------------ */

static void
test_compare(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *buf = dma(8 * 512);
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };

	env_setup(&e, 0);
	ns = ns_of(&e, 1);
	dt_fill_random(ns_mem(&e, 1) + 64 * 512, 8 * 512);
	memcpy(buf, ns_mem(&e, 1) + 64 * 512, 8 * 512);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 64, 8, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(dt_find_cmd(e.m, 1, SPDK_NVME_OPC_COMPARE, -1) != NULL);

	buf[8 * 512 - 1] ^= 1;
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 64, 8, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE));
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status), "COMPARE FAILURE");
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&cpl.status), "MEDIA ERROR");

	/* Compare with metadata on the extended namespace compares it too. */
	{
		uint8_t *x = dma(2 * 528);

		dt_fill_random(x, 2 * 528);
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns_of(&e, 3), e.qpair, x, 9, 2, dt_io_cb, &io, 0) ==
			  0);
		cpl = wait_one(&e, &io);
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ns_cmd_compare(ns_of(&e, 3), e.qpair, x, 9, 2, dt_io_cb, &io,
						   0) == 0);
		cpl = wait_one(&e, &io);
		CU_ASSERT(dt_cpl_ok(&cpl));
		x[528 + 520] ^= 0x80;	/* metadata of block 2 */
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ns_cmd_compare(ns_of(&e, 3), e.qpair, x, 9, 2, dt_io_cb, &io,
						   0) == 0);
		cpl = wait_one(&e, &io);
		CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE));
		spdk_free(x);
	}
	spdk_free(buf);
	env_teardown(&e);
}

/* Every optional command reports -ENOTSUP (and why) when ONCS says no. */
static void
test_oncs_off(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	struct spdk_nvme_dsm_range range = { .starting_lba = 0, .length = 8 };
	uint8_t *buf = dma(DT_PAGE);
	struct dt_capture cap;
	struct dt_io io = { 0 };
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl;
	uint64_t fetched;
	const char *text;

	cmds_opts(&o);
	o.oncs = 0;
	env_setup_opts(&e, &o);
	ns = ns_of(&e, 1);
	CU_ASSERT(spdk_nvme_ns_get_flags(ns) == SPDK_NVME_NS_FLUSH_SUPPORTED);
	fetched = dt_cmds_fetched(e.m);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &io, 0) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 1, dt_io_cb, &io, 0) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_write_uncorrectable(ns, e.qpair, 0, 1, dt_io_cb, &io) ==
		  -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			&range, 1, dt_io_cb, &io) == -ENOTSUP);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "(Identify Controller ONCS)") == 4);
	CU_ASSERT(dt_count(text, "does not support write zeroes") == 1);
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched);

	/* The controller agrees: the opcode sent raw is an invalid opcode. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_WRITE_ZEROES;
	cmd.nsid = 1;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE));
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status), "INVALID OPCODE");
	spdk_free(buf);
	env_teardown(&e);
}

static void
test_write_zeroes(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *mem, *md, zero[512 * 16] = { 0 };
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	const char *text;
	uint64_t before;

	env_setup(&e, 0);
	ns = ns_of(&e, 1);
	mem = ns_mem(&e, 1);
	dt_fill_random(mem, 64 * 512);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 8, 16, dt_io_cb, &io,
						SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(mem + 8 * 512, zero, 16 * 512) == 0);
	CU_ASSERT(memcmp(mem + 7 * 512, zero, 512) != 0);
	CU_ASSERT(memcmp(mem + 24 * 512, zero, 512) != 0);
	CU_ASSERT(dt_find_cmd(e.m, 1, SPDK_NVME_OPC_WRITE_ZEROES, -1)->sqe.cdw12 ==
		  (15u | SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS));

	/* Metadata is zeroed with the data (separate-metadata namespace). */
	md = nvme_model_ns_md(e.m, 2, NULL);
	CU_ASSERT_FATAL(md != NULL);
	dt_fill_random(md, 64);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns_of(&e, 2), e.qpair, 0, 4, dt_io_cb, &io, 0) ==
		  0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(memcmp(md, zero, 32) == 0 && memcmp(md + 32, zero, 32) != 0);

	/* NLB is 16 bits: 140000 blocks are three commands of <= 65536. */
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE_ZEROES];
	dt_fill_random(ns_mem(&e, 4) + 199999ull * 512, 512);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns_of(&e, 4), e.qpair, 59999, 140001, dt_io_cb,
						&io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE_ZEROES] - before == 3);
	CU_ASSERT((nvme_model_cmd_log(e.m, 2)->sqe.cdw12 & 0xffff) == 0xffff);
	CU_ASSERT(nvme_model_cmd_log(e.m, 1)->sqe.cdw10 == 59999 + 65536);
	CU_ASSERT((nvme_model_cmd_log(e.m, 0)->sqe.cdw12 & 0xffff) + 1 == 140001 - 2 * 65536);
	CU_ASSERT(memcmp(ns_mem(&e, 4) + 199999ull * 512, zero, 512) == 0);

	/* Range errors, fused flags. */
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, NS_BLOCKS - 1, 2, dt_io_cb, &io, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 0, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 1, dt_io_cb, &io,
						SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "write zeroes") == 2);
	CU_ASSERT(dt_count(text, "FUSE_FIRST goes with compare") == 1);
	env_teardown(&e);
}

static void
test_write_uncorrectable(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *buf = dma(8 * 512);
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;

	cmds_opts(&o);
	o.oncs |= 0x2;
	env_setup_opts(&e, &o);
	ns = ns_of(&e, 1);
	CU_ASSERT(spdk_nvme_ns_get_flags(ns) & SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED);
	CU_ASSERT(spdk_nvme_ns_cmd_write_uncorrectable(ns, e.qpair, 20, 4, dt_io_cb, &io) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT((dt_find_cmd(e.m, 1, SPDK_NVME_OPC_WRITE_UNCORRECTABLE, -1)->sqe.cdw12) == 3);

	/* A read touching one of them fails; one next to them does not. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 16, 5, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_UNRECOVERED_READ_ERROR));
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status),
			       "UNRECOVERED READ ERROR");
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 16, 4, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));

	/* Rewriting block 21 heals it only. */
	dt_fill_random(buf, 512);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 21, 1, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 512, 21, 1, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(buf, buf + 512, 512) == 0);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 22, 1, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_UNRECOVERED_READ_ERROR));
	/* Write zeroes heals too. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 20, 4, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 20, 4, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_write_uncorrectable(ns, e.qpair, NS_BLOCKS, 1, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "write uncorrectable: ") == 1);
	spdk_free(buf);
	env_teardown(&e);
}

static void
test_dsm(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	struct spdk_nvme_dsm_range ranges[257];
	const struct nvme_model_cmd_record *rec;
	uint8_t *mem, zero[4096] = { 0 }, *got = dma(DT_PAGE);
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	const char *text;

	env_setup(&e, 0);
	ns = ns_of(&e, 1);
	mem = ns_mem(&e, 1);
	dt_fill_random(mem, 256 * 512);
	ranges[0] = (struct spdk_nvme_dsm_range){ .starting_lba = 8, .length = 8 };
	ranges[1] = (struct spdk_nvme_dsm_range){ .starting_lba = 100, .length = 3 };
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 2, dt_io_cb, &io) == 0);
	/* The ranges were copied: the caller may reuse its array at once. */
	memset(ranges, 0xff, sizeof(ranges[0]) * 2);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_DATASET_MANAGEMENT, -1);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT(rec->sqe.cdw10 == 1 && rec->sqe.cdw11 == SPDK_NVME_DSM_ATTR_DEALLOCATE);
	CU_ASSERT(rec->nsegs == 1 && rec->segs[0].len == 32);
	CU_ASSERT(memcmp(mem + 8 * 512, zero, 4096) == 0);
	CU_ASSERT(memcmp(mem + 100 * 512, zero, 3 * 512) == 0);
	CU_ASSERT(memcmp(mem + 7 * 512, zero, 512) != 0);
	CU_ASSERT(memcmp(mem + 103 * 512, zero, 512) != 0);
	/* Deallocated blocks read back as zeroes, as DLFEAT says. */
	CU_ASSERT(spdk_nvme_ns_get_data(ns)->dlfeat.bits.read_value == SPDK_NVME_DEALLOC_READ_00);
	memset(got, 0xaa, DT_PAGE);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, got, 8, 8, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl) && memcmp(got, zero, 4096) == 0);

	/* 256 ranges: the whole list page. */
	for (unsigned int i = 0; i < 257; i++) {
		ranges[i] = (struct spdk_nvme_dsm_range){ .starting_lba = 2 * i, .length = 1 };
	}
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE |
			SPDK_NVME_DSM_ATTR_INTEGRAL_READ, ranges, 256, dt_io_cb, &io) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_DATASET_MANAGEMENT, -1);
	CU_ASSERT(rec->sqe.cdw10 == 255 && rec->segs[0].len == 4096);
	CU_ASSERT(memcmp(mem + 510 * 512, zero, 512) == 0);

	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 257, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 0, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			NULL, 1, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, 0x8, ranges, 1, dt_io_cb,
			&io) == -EINVAL);
	ranges[3].starting_lba = NS_BLOCKS - 1;
	ranges[3].length = 2;
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 4, dt_io_cb, &io) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "give 1..256 ranges") == 4);
	CU_ASSERT(dt_count(text, "range 3 (LBAs 4095+2) beyond") == 1);
	spdk_free(got);
	env_teardown(&e);
}

/* A qpair whose 3 slots hold reads the model keeps until released. */
static void
dsm_fill_qpair(struct cmds_env *e, uint8_t *buf, struct dt_io held[3])
{
	struct spdk_nvme_io_qpair_opts qopts;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(e->ctrlr, &qopts, sizeof(qopts));
	qopts.io_queue_size = 4;	/* 3 slots */
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, &qopts, sizeof(qopts));
	CU_ASSERT_FATAL(e->qpair != NULL);
	CU_ASSERT(nvme_model_inject_hold(e->m, 1, SPDK_NVME_OPC_READ, 3) == 0);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns_of(e, 1), e->qpair, buf, 100 + i, 1, dt_io_cb,
						&held[i], 0) == 0);
	}
}

/*
 * With every slot busy a DSM waits like any command (SPDK semantics): its
 * ranges, which the caller may reuse as soon as the call returns, are the
 * ones the device gets, and a DSM still waiting when its qpair goes away
 * completes once, aborted.
 */
static void
test_dsm_qpair_full(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_dsm_range ranges[2] = {
		{ .starting_lba = 0, .length = 1 }, { .starting_lba = 4, .length = 2 },
	};
	struct dt_io held[3] = { 0 }, io = { 0 }, io2 = { 0 };
	uint8_t *buf = dma(DT_PAGE);
	uint8_t *mem;
	struct spdk_nvme_cpl cpl;

	cmds_opts(&o);
	memset(&e, 0, sizeof(e));
	e.m = dt_model_new(&o);
	e.ctrlr = dt_attach(e.m);
	mem = ns_mem(&e, 1);
	memset(mem, 0xab, 8 * 512);
	dsm_fill_qpair(&e, buf, held);

	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns_of(&e, 1), e.qpair,
			SPDK_NVME_DSM_ATTR_DEALLOCATE, ranges, 2, dt_io_cb, &io) == 0);
	/* The caller reuses its ranges at once: the waiting command kept its own. */
	ranges[0] = (struct spdk_nvme_dsm_range) { .starting_lba = 7, .length = 1 };
	ranges[1] = (struct spdk_nvme_dsm_range) { .starting_lba = NS_BLOCKS, .length = 9 };
	for (int i = 0; i < 50; i++) {
		spdk_nvme_qpair_process_completions(e.qpair, 0);
	}
	CU_ASSERT(io.calls == 0);
	CU_ASSERT(nvme_model_release_held(e.m) == 3);
	for (int i = 0; i < 3; i++) {
		cpl = wait_one(&e, &held[i]);
		CU_ASSERT(dt_cpl_ok(&cpl));
	}
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	for (int b = 0; b < 8; b++) {
		uint8_t want = (b == 0 || b == 4 || b == 5) ? 0 : 0xab;
		int same = 0;

		for (int i = 0; i < 512; i++) {
			same += mem[b * 512 + i] == want;
		}
		CU_ASSERT(same == 512);
	}

	/* Waiting when the qpair is freed: one callback, ABORTED - SQ DELETION. */
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qpair) == 0);
	memset(held, 0, sizeof(held));
	dsm_fill_qpair(&e, buf, held);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns_of(&e, 1), e.qpair,
			SPDK_NVME_DSM_ATTR_DEALLOCATE, ranges, 1, dt_io_cb, &io2) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qpair) == 0);
	CU_ASSERT(io2.calls == 1);
	CU_ASSERT(cpl_is(&io2.cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_SQ_DELETION));
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(held[i].calls == 1);
	}
	CU_ASSERT(mem[7 * 512] == 0xab);	/* block 7 was never deallocated */
	e.qpair = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e.qpair != NULL);
	spdk_free(buf);
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

/* ---- Fused compare and write ------------------------------------------------------- */

static void
fused_env(struct cmds_env *e, bool supported)
{
	struct nvme_model_opts o;

	cmds_opts(&o);
	o.fused_compare_write = supported;
	env_setup_opts(e, &o);
}

static void
test_fused_compare_write(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *cmp = dma(DT_PAGE), *wr = dma(DT_PAGE), *mem, prev[4 * 512];
	const struct nvme_model_cmd_record *r1, *r2;
	struct dt_io io1 = { 0 }, io2 = { 0 };

	fused_env(&e, true);
	ns = ns_of(&e, 1);
	mem = ns_mem(&e, 1);
	dt_fill_random(mem + 30 * 512, 4 * 512);
	memcpy(cmp, mem + 30 * 512, 4 * 512);
	dt_fill_random(wr, 4 * 512);

	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, cmp, 30, 4, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == 0);
	/* Nothing is sent until the SECOND is in the SQ too: one doorbell for both. */
	CU_ASSERT(dt_find_cmd(e.m, 1, SPDK_NVME_OPC_COMPARE, -1) == NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, wr, 30, 4, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &io2);
	CU_ASSERT(dt_cpl_ok(&io1.cpl) && dt_cpl_ok(&io2.cpl));
	CU_ASSERT(memcmp(mem + 30 * 512, wr, 4 * 512) == 0);
	r1 = nvme_model_cmd_log(e.m, 1);
	r2 = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT_FATAL(r1 != NULL && r2 != NULL);
	CU_ASSERT(r1->sqe.opc == SPDK_NVME_OPC_COMPARE && r1->sqe.fuse == SPDK_NVME_CMD_FUSE_FIRST);
	CU_ASSERT(r2->sqe.opc == SPDK_NVME_OPC_WRITE && r2->sqe.fuse == SPDK_NVME_CMD_FUSE_SECOND);
	CU_ASSERT(r2->seq == r1->seq + 1);

	/* Miscompare: the write is aborted and the blocks keep their data. */
	memset(&io1, 0, sizeof(io1));
	memset(&io2, 0, sizeof(io2));
	memcpy(prev, wr, sizeof(prev));
	dt_fill_random(wr, 4 * 512);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, cmp, 30, 4, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, wr, 30, 4, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &io2);
	CU_ASSERT(cpl_is(&io1.cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE));
	CU_ASSERT(cpl_is(&io2.cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_FAILED_FUSED));
	CU_ASSERT(memcmp(mem + 30 * 512, prev, sizeof(prev)) == 0);
	spdk_free(cmp);
	spdk_free(wr);
	env_teardown(&e);
}

static void
test_fused_adjacency(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *buf = dma(DT_PAGE);
	struct dt_io io1 = { 0 }, io2 = { 0 }, other = { 0 };
	struct dt_capture cap;
	const char *text;
	struct spdk_nvme_cmd cmd;

	fused_env(&e, true);
	ns = ns_of(&e, 1);
	memcpy(buf, ns_mem(&e, 1), 512);
	dt_capture_begin(&cap);
	/* A SECOND on its own. */
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 0, 1, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == -EINVAL);
	/* FIRST on something other than compare, SECOND on something other than write. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &io1,
					SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	/* Reserved fuse value. */
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_MASK) == -EINVAL);
	/* Too long to go as one command: fused commands are never split. */
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, MAX_XFER / 512 + 1, dt_io_cb,
					   &io1, SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	/* A FIRST, then anything but its SECOND is refused. */
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 512, 0, 1, dt_io_cb, &other, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_flush(ns, e.qpair, dt_io_cb, &other) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 1, dt_io_cb, &other, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &other,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &other,
					SPDK_NVME_IO_FLAGS_FUSE_SECOND) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "FUSE_SECOND without a FUSE_FIRST") == 1);
	CU_ASSERT(dt_count(text, "waits for its WRITE") == 4);
	CU_ASSERT(dt_count(text, "FUSE_FIRST goes with compare") == 2);
	CU_ASSERT(dt_count(text, "fused commands are never split") == 1);
	CU_ASSERT(other.calls == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 0, 1, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &io2);
	CU_ASSERT(dt_cpl_ok(&io1.cpl) && dt_cpl_ok(&io2.cpl));
	/* Back to normal. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &other, 0) == 0);
	wait_one(&e, &other);

	/* The controller's side: a FIRST followed by another command (raw, so the
	 * driver does not stop it) is aborted as Missing Fused Command. */
	memset(&io1, 0, sizeof(io1));
	memset(&other, 0, sizeof(other));
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_COMPARE;
	cmd.fuse = SPDK_NVME_CMD_FUSE_FIRST;
	cmd.nsid = 1;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, buf, 512, dt_io_cb, &io1) ==
		  0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 512, 0, 1, dt_io_cb, &other, 0) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &other);
	CU_ASSERT(cpl_is(&io1.cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_MISSING_FUSED));
	CU_ASSERT(dt_cpl_ok(&other.cpl));
	spdk_free(buf);
	env_teardown(&e);
}

/* No FUSES support: -ENOTSUP, and nothing is left pending. */
static void
test_fused_unsupported(void)
{
	struct cmds_env e;
	uint8_t *buf = dma(DT_PAGE);
	struct dt_io io = { 0 };
	struct dt_capture cap;

	fused_env(&e, false);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns_of(&e, 1), e.qpair, buf, 0, 1, dt_io_cb, &io,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -ENOTSUP);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "Identify Controller FUSES") == 1);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns_of(&e, 1), e.qpair, buf, 0, 1, dt_io_cb, &io, 0) == 0);
	wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	spdk_free(buf);
	env_teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_ns_getters);
	ADD(test_ns_flags_old_controller);
	ADD(test_rwv_prp_compatible);
	ADD(test_rwv_sgl_off_refused);
	ADD(test_rwv_sgl);
	ADD(test_rwv_sgl_alignment);
	ADD(test_rwv_sgl_merge_option);
	ADD(test_rwv_split);
	ADD(test_rwv_errors);
	ADD(test_rwv_too_many_descriptors);
	ADD(test_md_separate);
	ADD(test_md_extended);
	ADD(test_compare);
	ADD(test_oncs_off);
	ADD(test_write_zeroes);
	ADD(test_write_uncorrectable);
	ADD(test_dsm);
	ADD(test_dsm_qpair_full);
	ADD(test_io_flags_and_status);
	ADD(test_fused_compare_write);
	ADD(test_fused_adjacency);
	ADD(test_fused_unsupported);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io_cmds", add_tests);
}
