/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The I/O path through the public API, against the controller model:
 * write/read round trips checked against the model's RAM namespace and the
 * PRPs it resolved (contiguous and page-scattered IOVAs, 512 B and 4 KiB
 * blocks, split at MDTS), argument errors, controller status errors, a full
 * qpair, flush and raw commands, delayed doorbells and corrupted CQEs.
 */
#include "nvme_driver_test.h"

#define MDTS_SHIFT	6				/* model MDTS: 2^6 pages */
#define MDTS_BYTES	(DT_PAGE << MDTS_SHIFT)		/* 256 KiB */
#define NS1_BLOCKS	8192u				/* 512 B blocks: 4 MiB */
#define NS2_BLOCKS	1024u				/* 4 KiB blocks: 4 MiB */

/* The largest transfer the driver builds whatever MDTS says (one PRP list page). */
#define DRIVER_MAX_XFER	(2u * 1024 * 1024)

struct io_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
	uint16_t		qid;
	uint32_t		page;		/* the device's memory page size (CC.MPS) */
	uint32_t		max_xfer;	/* bytes per command */
};

/* Two namespaces (512 B and 4 KiB blocks), MDTS 256 KiB. */
static void
io_model_opts(struct nvme_model_opts *o)
{
	nvme_model_opts_default(o);
	o->mdts = MDTS_SHIFT;
	o->nn = 2;
	o->ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS1_BLOCKS,
		.block_size = 512 };
	o->ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS2_BLOCKS,
		.block_size = 4096 };
}

/* A model with options o, attached, one qpair. */
static void
io_env_setup_model(struct io_env *e, const struct nvme_model_opts *o,
		   const struct spdk_nvme_io_qpair_opts *qopts)
{
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(o);
	e->ctrlr = dt_attach(e->m);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, qopts, qopts ? sizeof(*qopts) : 0);
	CU_ASSERT_FATAL(e->qpair != NULL);
	e->qid = 1;
	e->page = DT_PAGE << o->mpsmin;
	e->max_xfer = DRIVER_MAX_XFER;
	if (o->mdts != 0 && ((uint64_t)e->page << o->mdts) < DRIVER_MAX_XFER) {
		e->max_xfer = e->page << o->mdts;
	}
	CU_ASSERT(nvme_model_sq_exists(e->m, 1));
	CU_ASSERT(spdk_nvme_ns_get_max_io_xfer_size(spdk_nvme_ctrlr_get_ns(e->ctrlr, 1)) ==
		  e->max_xfer);
	CU_ASSERT(spdk_nvme_ctrlr_get_max_xfer_size(e->ctrlr) == e->max_xfer);
}

static void
io_env_setup(struct io_env *e, const struct spdk_nvme_io_qpair_opts *qopts)
{
	struct nvme_model_opts o;

	io_model_opts(&o);
	io_env_setup_model(e, &o, qopts);
}

static void
io_env_teardown(struct io_env *e)
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
io_ns(struct io_env *e, uint32_t nsid)
{
	return spdk_nvme_ctrlr_get_ns(e->ctrlr, nsid);
}

static void *
dma_buf_aligned(size_t size, size_t align)
{
	void *p = spdk_zmalloc(size, align, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static void *
dma_buf(size_t size)
{
	return dma_buf_aligned(size, DT_PAGE);
}

/* ---- PRP checks ------------------------------------------------------------- */

/*
 * The model resolved cmd's PRPs into segments: they must describe exactly
 * [p, p + len) in device pages of `page` bytes: PRP1 = IOVA of p, then the
 * IOVA of each following page, a PRP list iff more than two pages.  (The
 * model keeps the first NVME_MODEL_REC_MAX_SEGS segments.)  Returns the
 * number of mismatches.
 */
static unsigned int
check_prps_page(const struct nvme_model_cmd_record *r, const uint8_t *p, uint32_t len,
		uint32_t page)
{
	uintptr_t va = (uintptr_t)p;
	uint32_t off = (uint32_t)(va & (page - 1));
	uint32_t npages = (off + len + page - 1) / page;
	uint32_t remaining = len;
	unsigned int bad = 0;

	bad += r->sqe.psdt != SPDK_NVME_PSDT_PRP;
	bad += r->sqe.dptr.prp.prp1 != spdk_vtophys(p, NULL);
	bad += r->sqe.dptr.prp.prp1 == (uint64_t)va;	/* a vaddr, not an IOVA */
	bad += r->nsegs != npages;
	if (r->nsegs != npages) {
		return bad;
	}
	for (uint32_t i = 0; i < npages; i++) {
		const uint8_t *seg_va = i == 0 ? p :
					(const uint8_t *)((va & ~(uintptr_t)(page - 1)) +
							  (uintptr_t)i * page);
		uint32_t seg_len = i == 0 ? nvme_test_min(len, page - off) :
				   nvme_test_min(remaining, page);

		if (i < NVME_MODEL_REC_MAX_SEGS) {
			bad += r->segs[i].iova != spdk_vtophys(seg_va, NULL);
			bad += r->segs[i].len != seg_len;
		}
		remaining -= seg_len;
	}
	bad += remaining != 0;
	if (npages <= 2) {
		bad += r->nlists != 0;
	}
	if (npages == 2) {
		bad += r->sqe.dptr.prp.prp2 != r->segs[1].iova;
	}
	if (npages > 2) {
		bad += r->nlists != 1;
		bad += r->sqe.dptr.prp.prp2 != r->list_iova[0];
	}
	return bad;
}

static unsigned int
check_prps(const struct nvme_model_cmd_record *r, const uint8_t *p, uint32_t len)
{
	return check_prps_page(r, p, len, DT_PAGE);
}

/*
 * Submit one read or write of nblocks at lba from p and wait for it.
 * Checks: the callback ran exactly once with success, the I/O reached the
 * model as ceil(len / MDTS) commands with the right SLBA/NLB/NSID in order,
 * each with PRPs describing its part of the buffer.
 */
static void
rw_checked(struct io_env *e, uint32_t nsid, bool write, uint8_t *p, uint64_t lba,
	   uint32_t nblocks, uint32_t io_flags)
{
	struct spdk_nvme_ns *ns = io_ns(e, nsid);
	uint32_t bs = spdk_nvme_ns_get_sector_size(ns);
	uint32_t per_cmd = e->max_xfer / bs;
	uint32_t ncmds = (nblocks + per_cmd - 1) / per_cmd;
	uint8_t opc = write ? SPDK_NVME_OPC_WRITE : SPDK_NVME_OPC_READ;
	uint64_t before = nvme_model_get_stats(e->m)->io_cmds[opc];
	struct dt_io io = { 0 };
	unsigned int bad = 0;
	int rc;

	if (write) {
		rc = spdk_nvme_ns_cmd_write(ns, e->qpair, p, lba, nblocks, dt_io_cb, &io, io_flags);
	} else {
		rc = spdk_nvme_ns_cmd_read(ns, e->qpair, p, lba, nblocks, dt_io_cb, &io, io_flags);
	}
	CU_ASSERT_FATAL(rc == 0);
	CU_ASSERT(dt_wait_io(e->qpair, &io));
	for (int i = 0; i < 5; i++) {
		spdk_nvme_qpair_process_completions(e->qpair, 0);
	}
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(nvme_model_get_stats(e->m)->io_cmds[opc] - before == ncmds);

	for (uint32_t i = 0; i < ncmds; i++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(e->m, ncmds - 1 - i);
		uint32_t n = nvme_test_min(per_cmd, nblocks - i * per_cmd);

		CU_ASSERT_FATAL(r != NULL);
		bad += r->qid != e->qid;
		bad += r->sqe.opc != opc;
		bad += r->sqe.nsid != nsid;
		bad += (((uint64_t)r->sqe.cdw11 << 32) | r->sqe.cdw10) != lba + (uint64_t)i * per_cmd;
		bad += (r->sqe.cdw12 & 0xffff) + 1 != n;
		bad += (r->sqe.cdw12 & SPDK_NVME_IO_FLAGS_CDW12_MASK) !=
		       (io_flags & SPDK_NVME_IO_FLAGS_CDW12_MASK);
		bad += !r->completed || r->sc != SPDK_NVME_SC_SUCCESS;
		bad += check_prps_page(r, p + (size_t)i * per_cmd * bs, n * bs, e->page);
	}
	CU_ASSERT(bad == 0);
}

/*
 * Round trips of each size at each buffer offset on namespace nsid: write
 * random data, check the namespace memory (and that nothing around it
 * changed), read it back into a poisoned buffer, compare, and check the
 * buffer was not written outside [p, p + len).
 */
static void
round_trips(struct io_env *e, uint32_t nsid, const uint32_t *sizes, size_t nsizes)
{
	const uint32_t offsets[] = { 0, 0x200, e->page - 4 };
	struct spdk_nvme_ns *ns = io_ns(e, nsid);
	uint32_t bs = spdk_nvme_ns_get_sector_size(ns);
	uint64_t nsze = spdk_nvme_ns_get_num_sectors(ns);
	uint64_t ns_size;
	uint8_t *ns_mem = nvme_model_ns_mem(e->m, nsid, &ns_size);
	uint8_t *shadow;
	unsigned int iter = 0;

	CU_ASSERT_FATAL(ns_mem != NULL && ns_size == nsze * bs);
	shadow = malloc(ns_size);
	CU_ASSERT_FATAL(shadow != NULL);
	memcpy(shadow, ns_mem, ns_size);

	for (size_t s = 0; s < nsizes; s++) {
		for (size_t o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++, iter++) {
			uint32_t len = sizes[s], off = offsets[o];
			uint32_t nblocks = len / bs;
			size_t alloc = (size_t)off + len + DT_PAGE;
			uint8_t *wbuf = dma_buf_aligned(alloc, e->page);
			uint8_t *rbuf = dma_buf_aligned(alloc, e->page);
			uint64_t lba = ((uint64_t)iter * 97) % (nsze - nblocks + 1);
			uint64_t lo = lba > 8 ? lba - 8 : 0;
			uint64_t hi = nvme_test_min(nsze, lba + nblocks + 8);
			size_t guard_bad = 0;
			unsigned int failures0 = CU_get_number_of_failures();

			dt_fill_random(wbuf + off, len);
			rw_checked(e, nsid, true, wbuf + off, lba, nblocks, 0);
			memcpy(shadow + lba * bs, wbuf + off, len);
			CU_ASSERT(memcmp(ns_mem + lo * bs, shadow + lo * bs, (hi - lo) * bs) == 0);

			memset(rbuf, 0xa5, alloc);
			rw_checked(e, nsid, false, rbuf + off, lba, nblocks, 0);
			CU_ASSERT(memcmp(rbuf + off, wbuf + off, len) == 0);
			for (size_t i = 0; i < alloc; i++) {
				if ((i < off || i >= off + len) && rbuf[i] != 0xa5) {
					guard_bad++;
				}
			}
			CU_ASSERT(guard_bad == 0);
			if (CU_get_number_of_failures() != failures0) {
				fprintf(stderr, "  (size %u at offset 0x%x, lba %llu)\n", len, off,
					(unsigned long long)lba);
			}
			spdk_free(wbuf);
			spdk_free(rbuf);
		}
	}
	/* Nothing anywhere else in the namespace changed. */
	CU_ASSERT(memcmp(ns_mem, shadow, ns_size) == 0);
	free(shadow);
}

static const uint32_t g_sizes_512[] = {
	512, 4096, 8192, 12288, 65536, 131072, MDTS_BYTES, 2 * MDTS_BYTES + 512,
};
static const uint32_t g_sizes_4k[] = {
	4096, 8192, 12288, 65536, 131072, MDTS_BYTES, 2 * MDTS_BYTES + 4096,
};

static void
test_round_trip(void)
{
	struct io_env e;

	io_env_setup(&e, NULL);
	round_trips(&e, 1, g_sizes_512, sizeof(g_sizes_512) / sizeof(g_sizes_512[0]));
	io_env_teardown(&e);
}

static void
test_round_trip_4k_blocks(void)
{
	struct io_env e;

	io_env_setup(&e, NULL);
	round_trips(&e, 2, g_sizes_4k, sizeof(g_sizes_4k) / sizeof(g_sizes_4k[0]));
	io_env_teardown(&e);
}

/* Every 4 KiB page of a buffer has its own IOVA: PRPs must translate per page. */
static void
test_round_trip_page_scatter(void)
{
	struct spdk_nvme_io_qpair_opts qo;
	struct io_env e;
	uint8_t *probe;
	size_t allocs;

	/* Queues built while memory was IOVA-contiguous. */
	io_env_setup(&e, NULL);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_PAGE_SCATTER);
	probe = dma_buf(2 * DT_PAGE);
	/* The mode is in effect: the second page is not where the first one ends. */
	CU_ASSERT(spdk_vtophys(probe + DT_PAGE, NULL) != spdk_vtophys(probe, NULL) + DT_PAGE);
	spdk_free(probe);
	round_trips(&e, 1, g_sizes_512, sizeof(g_sizes_512) / sizeof(g_sizes_512[0]));
	round_trips(&e, 2, g_sizes_4k, sizeof(g_sizes_4k) / sizeof(g_sizes_4k[0]));

	/* A queue needs IOVA-contiguous memory: 256 x 64 B SQ entries are not, here.
	 * The qpair is refused cleanly. */
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qpair) == 0);
	allocs = mock_env_outstanding_allocations();
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, NULL, 0) == NULL);
	CU_ASSERT(mock_env_outstanding_allocations() == allocs);
	CU_ASSERT(!nvme_model_sq_exists(e.m, 1) && !nvme_model_cq_exists(e.m, 1));
	/* 64 entries fit in a page: that qpair works, its PRP list pages scattered too. */
	spdk_nvme_ctrlr_get_default_io_qpair_opts(e.ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = 64;
	e.qpair = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(e.qpair != NULL);
	round_trips(&e, 1, g_sizes_512, sizeof(g_sizes_512) / sizeof(g_sizes_512[0]));
	mock_env_set_iova_mode(MOCK_ENV_IOVA_CONTIG);
	io_env_teardown(&e);
}

/* An 8 KiB memory page (CAP.MPSMIN = 1): PRPs in 8 KiB pages. */
static void
test_round_trip_8k_device_pages(void)
{
	static const uint32_t sizes[] = {
		512, 4096, 8192, 12288, 16384, 24576, 65536, 131072, 262144, 2 * 262144 + 512,
	};
	struct nvme_model_opts o;
	struct io_env e;

	io_model_opts(&o);
	o.mpsmin = 1;
	o.mdts = 5;	/* 32 x 8 KiB = 256 KiB */
	io_env_setup_model(&e, &o, NULL);
	CU_ASSERT(e.page == 8192 && e.max_xfer == 262144);
	CU_ASSERT(((union spdk_nvme_cc_register){ .raw = (uint32_t)nvme_model_reg(e.m, 0x14) })
		  .bits.mps == 1);
	round_trips(&e, 1, sizes, sizeof(sizes) / sizeof(sizes[0]));
	io_env_teardown(&e);
}

/* MDTS 0 (no limit): the driver's own 2 MiB limit, a PRP list page filled exactly. */
static void
test_round_trip_no_mdts(void)
{
	static const uint32_t sizes[] = { 1024 * 1024, DRIVER_MAX_XFER, DRIVER_MAX_XFER + 512 };
	struct nvme_model_opts o;
	struct io_env e;

	io_model_opts(&o);
	o.mdts = 0;
	io_env_setup_model(&e, &o, NULL);
	CU_ASSERT(e.max_xfer == DRIVER_MAX_XFER);
	round_trips(&e, 1, sizes, sizeof(sizes) / sizeof(sizes[0]));
	io_env_teardown(&e);
}

/* Several I/Os with PRP lists outstanding at once: each keeps its own list. */
static void
test_prp_lists_while_outstanding(void)
{
	enum { N = 5, LEN = 65536 + 4096 };
	struct io_env e;
	struct dt_io io[N];
	uint8_t *wbuf[N], *rbuf[N], *ns_mem;
	unsigned int bad = 0;

	io_env_setup(&e, NULL);
	ns_mem = nvme_model_ns_mem(e.m, 1, NULL);
	memset(io, 0, sizeof(io));
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_WRITE, N) == 0);
	for (int i = 0; i < N; i++) {
		wbuf[i] = dma_buf(LEN + DT_PAGE);
		rbuf[i] = dma_buf(LEN + DT_PAGE);
		dt_fill_random(wbuf[i] + 0x100 * i, LEN);
		CU_ASSERT(spdk_nvme_ns_cmd_write(io_ns(&e, 1), e.qpair, wbuf[i] + 0x100 * i,
						 (uint64_t)i * 512, LEN / 512, dt_io_cb, &io[i],
						 0) == 0);
	}
	/* All N are in the device, none executed: their PRP lists are read now. */
	CU_ASSERT(nvme_model_held_count(e.m) == N);
	CU_ASSERT(nvme_model_release_held(e.m) == N);
	CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) == N);
	for (int i = 0; i < N; i++) {
		CU_ASSERT(io[i].calls == 1 && dt_cpl_ok(&io[i].cpl));
		bad += memcmp(ns_mem + (size_t)i * 512 * 512, wbuf[i] + 0x100 * i, LEN) != 0;
	}
	CU_ASSERT(bad == 0);

	memset(io, 0, sizeof(io));
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, N) == 0);
	for (int i = 0; i < N; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(io_ns(&e, 1), e.qpair, rbuf[i] + 0x200 * i,
						(uint64_t)i * 512, LEN / 512, dt_io_cb, &io[i],
						0) == 0);
	}
	CU_ASSERT(nvme_model_release_held(e.m) == N);
	CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) == N);
	for (int i = 0; i < N; i++) {
		CU_ASSERT(io[i].calls == 1 && dt_cpl_ok(&io[i].cpl));
		CU_ASSERT(memcmp(rbuf[i] + 0x200 * i, wbuf[i] + 0x100 * i, LEN) == 0);
		spdk_free(wbuf[i]);
		spdk_free(rbuf[i]);
	}
	io_env_teardown(&e);
}

/* Two controllers at once, one with a doorbell stride of 16 bytes. */
struct two_ctx {
	struct nvme_model	*m[2];
	struct spdk_nvme_ctrlr	*ctrlr[2];
	unsigned int		attach_calls;
};

static void
two_attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	      struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct two_ctx *t = cb_ctx;

	(void)opts;
	t->attach_calls++;
	for (int i = 0; i < 2; i++) {
		if (strcmp(trid->traddr, nvme_model_bdf(t->m[i])) == 0) {
			t->ctrlr[i] = ctrlr;
		}
	}
}

static void
test_two_controllers(void)
{
	struct nvme_model_opts o;
	struct two_ctx t = { 0 };
	struct spdk_nvme_qpair *qpair[2];
	struct dt_io io[2];
	uint8_t *buf[2];

	nvme_model_opts_default(&o);
	t.m[0] = dt_model_new(&o);
	o.dstrd = 2;
	t.m[1] = dt_model_new(&o);
	CU_ASSERT(spdk_nvme_probe(NULL, &t, NULL, two_attach_cb, NULL) == 0);
	CU_ASSERT(t.attach_calls == 2);
	CU_ASSERT_FATAL(t.ctrlr[0] != NULL && t.ctrlr[1] != NULL);
	CU_ASSERT(t.ctrlr[0] != t.ctrlr[1]);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cap(t.ctrlr[1]).bits.dstrd == 2);
	for (int i = 0; i < 2; i++) {
		qpair[i] = spdk_nvme_ctrlr_alloc_io_qpair(t.ctrlr[i], NULL, 0);
		CU_ASSERT_FATAL(qpair[i] != NULL);
		buf[i] = dma_buf(DT_PAGE);
		dt_fill_random(buf[i], DT_PAGE);
	}
	/* Interleaved I/O on both. */
	memset(io, 0, sizeof(io));
	for (int i = 0; i < 2; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_write(spdk_nvme_ctrlr_get_ns(t.ctrlr[i], 1), qpair[i], buf[i],
						 0, 8, dt_io_cb, &io[i], 0) == 0);
	}
	for (int i = 0; i < 2; i++) {
		CU_ASSERT(dt_wait_io(qpair[i], &io[i]) && dt_cpl_ok(&io[i].cpl));
		CU_ASSERT(memcmp(nvme_model_ns_mem(t.m[i], 1, NULL), buf[i], DT_PAGE) == 0);
		CU_ASSERT(nvme_model_get_stats(t.m[i])->io_cmds[SPDK_NVME_OPC_WRITE] == 1);
	}
	for (int i = 0; i < 2; i++) {
		CU_ASSERT(nvme_model_get_stats(t.m[i])->errors == 0);
		spdk_free(buf[i]);
		CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair[i]) == 0);
	}
	/* Detach one: the other keeps working. */
	dt_detach_and_check_other(t.ctrlr[0], t.m[0]);
	buf[1] = dma_buf(DT_PAGE);
	memset(&io[1], 0, sizeof(io[1]));
	qpair[1] = spdk_nvme_ctrlr_alloc_io_qpair(t.ctrlr[1], NULL, 0);
	CU_ASSERT_FATAL(qpair[1] != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(t.ctrlr[1], 1), qpair[1], buf[1], 0, 8,
					dt_io_cb, &io[1], 0) == 0);
	CU_ASSERT(dt_wait_io(qpair[1], &io[1]) && dt_cpl_ok(&io[1].cpl));
	CU_ASSERT(memcmp(nvme_model_ns_mem(t.m[1], 1, NULL), buf[1], DT_PAGE) == 0);
	spdk_free(buf[1]);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair[1]) == 0);
	dt_detach_and_check(t.ctrlr[1], t.m[1]);
	dt_model_destroy(t.m[0]);
	dt_model_destroy(t.m[1]);
}

/* io_queue_size beyond CAP.MQES + 1 is capped; below 2 refused; requests >= entries. */
static void
test_qpair_opts(void)
{
	struct nvme_model_opts o;
	struct spdk_nvme_io_qpair_opts qo;
	const struct nvme_model_cmd_record *r;
	struct io_env e;
	struct spdk_nvme_qpair *q;
	struct dt_io io[9];
	uint8_t *buf;
	int n, rc = 0;

	io_model_opts(&o);
	o.mqes = 63;
	io_env_setup_model(&e, &o, NULL);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(e.ctrlr, &qo, sizeof(qo));
	CU_ASSERT(qo.io_queue_size >= 2 && qo.io_queue_requests >= qo.io_queue_size);
	CU_ASSERT(qo.opts_size == sizeof(qo));

	qo.io_queue_size = 4096;
	q = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(q != NULL);
	r = dt_find_cmd(e.m, 0, SPDK_NVME_OPC_CREATE_IO_SQ, -1);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT((r->sqe.cdw10 >> 16) == 63);	/* MQES entries, 0's based */
	r = dt_find_cmd(e.m, 0, SPDK_NVME_OPC_CREATE_IO_CQ, -1);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT((r->sqe.cdw10 >> 16) == 63);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(q) == 0);

	qo.io_queue_size = 1;
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, &qo, sizeof(qo)) == NULL);
	qo.io_queue_size = 0;
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, &qo, sizeof(qo)) == NULL);

	/* Fewer requests than entries: raised to the entries. */
	qo.io_queue_size = 8;
	qo.io_queue_requests = 2;
	q = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(q != NULL);
	buf = dma_buf(DT_PAGE);
	memset(io, 0, sizeof(io));
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 7) == 0);
	for (n = 0; n < 9; n++) {
		rc = spdk_nvme_ns_cmd_read(io_ns(&e, 1), q, buf, 0, 1, dt_io_cb, &io[n], 0);
		if (rc != 0) {
			break;
		}
	}
	CU_ASSERT(n == 8 && rc == -ENOMEM);
	CU_ASSERT(nvme_model_held_count(e.m) == 7);
	nvme_model_release_held(e.m);
	for (int i = 0; i < 10; i++) {
		spdk_nvme_qpair_process_completions(q, 0);
	}
	for (n = 0; n < 8; n++) {
		CU_ASSERT(io[n].calls == 1 && dt_cpl_ok(&io[n].cpl));
	}
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(q) == 0);
	io_env_teardown(&e);
}

/* The last LBA, FUA passed through, exactly the max transfer and one block more. */
static void
test_rw_edges_and_flags(void)
{
	struct io_env e;
	uint8_t *buf, *ns_mem;
	uint64_t ns_size;

	io_env_setup(&e, NULL);
	buf = dma_buf(2 * DT_PAGE);
	ns_mem = nvme_model_ns_mem(e.m, 1, &ns_size);
	dt_fill_random(buf, 1024);
	rw_checked(&e, 1, true, buf, NS1_BLOCKS - 2, 2, SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS);
	CU_ASSERT((nvme_model_cmd_log(e.m, 0)->sqe.cdw12 & (1u << 30)) != 0);
	CU_ASSERT(memcmp(ns_mem + ns_size - 1024, buf, 1024) == 0);
	rw_checked(&e, 1, false, buf + DT_PAGE, NS1_BLOCKS - 1, 1,
		   SPDK_NVME_IO_FLAGS_LIMITED_RETRY);
	CU_ASSERT(memcmp(buf + DT_PAGE, buf + 512, 512) == 0);
	spdk_free(buf);
	buf = dma_buf(MDTS_BYTES + DT_PAGE);
	rw_checked(&e, 1, false, buf, 0, MDTS_BYTES / 512, 0);		/* one command */
	rw_checked(&e, 1, false, buf, 0, MDTS_BYTES / 512 + 1, 0);	/* two */
	rw_checked(&e, 2, true, buf, NS2_BLOCKS - 1, 1, 0);		/* 4 KiB blocks */
	spdk_free(buf);
	io_env_teardown(&e);
}

/* Two qpairs of one controller, used alternately. */
static void
test_two_qpairs(void)
{
	struct io_env e;
	struct spdk_nvme_qpair *q2;
	struct dt_io io[8];
	uint8_t *buf;
	unsigned int bad = 0;

	io_env_setup(&e, NULL);
	q2 = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, NULL, 0);
	CU_ASSERT_FATAL(q2 != NULL);
	CU_ASSERT(nvme_model_sq_exists(e.m, 2));
	buf = dma_buf(8 * DT_PAGE);
	dt_fill_random(buf, 8 * DT_PAGE);
	memset(io, 0, sizeof(io));
	for (int i = 0; i < 8; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_write(io_ns(&e, 1), i % 2 ? q2 : e.qpair,
						 buf + (size_t)i * DT_PAGE, (uint64_t)i * 8, 8,
						 dt_io_cb, &io[i], 0) == 0);
	}
	/* Each qpair reaps only its own completions. */
	CU_ASSERT(spdk_nvme_qpair_process_completions(q2, 0) == 4);
	for (int i = 0; i < 8; i++) {
		bad += io[i].calls != (unsigned int)(i % 2);
	}
	CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) == 4);
	for (int i = 0; i < 8; i++) {
		bad += io[i].calls != 1 || !dt_cpl_ok(&io[i].cpl);
		bad += nvme_model_find_cmd(e.m, (uint16_t)(i % 2 ? 2 : 1), io[i].cpl.cid) == NULL;
	}
	CU_ASSERT(bad == 0);
	CU_ASSERT(memcmp(nvme_model_ns_mem(e.m, 1, NULL), buf, 8 * DT_PAGE) == 0);
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(q2) == 0);
	CU_ASSERT(!nvme_model_sq_exists(e.m, 2) && nvme_model_sq_exists(e.m, 1));
	io_env_teardown(&e);
}

/* A callback frees its own qpair: the free happens after the poll, all callbacks once. */
struct free_in_cb {
	struct spdk_nvme_qpair	*qpair;
	unsigned int		calls;
	int			rc;
};

static void
free_in_cb_fn(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct free_in_cb *f = arg;

	(void)cpl;
	f->calls++;
	f->rc = spdk_nvme_ctrlr_free_io_qpair(f->qpair);
}

static void
test_free_qpair_in_callback(void)
{
	struct io_env e;
	struct free_in_cb f = { 0 };
	struct dt_io other = { 0 }, held = { 0 };
	uint8_t *buf;

	io_env_setup(&e, NULL);
	buf = dma_buf(3 * DT_PAGE);
	f.qpair = e.qpair;
	CU_ASSERT(spdk_nvme_ns_cmd_write(io_ns(&e, 1), e.qpair, buf, 0, 8, free_in_cb_fn, &f, 0) ==
		  0);
	CU_ASSERT(spdk_nvme_ns_cmd_write(io_ns(&e, 1), e.qpair, buf + DT_PAGE, 8, 8, dt_io_cb,
					 &other, 0) == 0);
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(io_ns(&e, 1), e.qpair, buf + 2 * DT_PAGE, 0, 8, dt_io_cb,
					&held, 0) == 0);
	CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) >= 1);
	CU_ASSERT(f.calls == 1 && f.rc == 0);
	CU_ASSERT(other.calls == 1 && dt_cpl_ok(&other.cpl));
	CU_ASSERT(held.calls == 1 && held.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(!nvme_model_sq_exists(e.m, 1) && !nvme_model_cq_exists(e.m, 1));
	spdk_free(buf);
	dt_detach_and_check(e.ctrlr, e.m);
	dt_model_destroy(e.m);
}

/* ---- Argument errors ----------------------------------------------------------- */

static void
test_rw_null_ns(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct dt_io io = { 0 };
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint64_t fetched;

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	fetched = dt_cmds_fetched(m);
	CU_ASSERT(spdk_nvme_ns_cmd_read(NULL, qpair, buf, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write(NULL, qpair, buf, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(dt_cmds_fetched(m) == fetched);
	CU_ASSERT(io.calls == 0);
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_io_queue_size_max(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_io_qpair_opts qo;
	struct spdk_nvme_qpair *qpair;
	struct dt_io io = { 0 };
	uint8_t *buf;

	nvme_model_opts_default(&o);
	o.mqes = 65535;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = 65536;
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(qpair != NULL);
	buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_arg_errors(void)
{
	struct spdk_nvme_io_qpair_opts qo;
	struct io_env e;
	struct spdk_nvme_ns *ns, *ns2;
	struct dt_io io = { 0 }, ios[9];
	struct dt_capture cap;
	uint8_t *buf, *big_heap, stack_buf[4096] __attribute__((aligned(4096)));
	uint64_t fetched;
	int rc, n;

	/* A small request pool, so that a leaked request would show. */
	spdk_nvme_ctrlr_get_default_io_qpair_opts(NULL, &qo, sizeof(qo));
	qo.io_queue_size = 4;
	qo.io_queue_requests = 8;
	io_env_setup(&e, &qo);
	ns = io_ns(&e, 1);
	ns2 = io_ns(&e, 2);
	buf = dma_buf(4 * DT_PAGE);
	big_heap = malloc(2 * MDTS_BYTES + 512);
	CU_ASSERT_FATAL(big_heap != NULL);
	fetched = dt_cmds_fetched(e.m);

	dt_capture_begin(&cap);
	for (int round = 0; round < 3; round++) {
		/* LBA range */
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, NS1_BLOCKS, 1, dt_io_cb, &io, 0) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, NS1_BLOCKS, 1, dt_io_cb, &io, 0) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, NS1_BLOCKS - 1, 2, dt_io_cb, &io,
						0) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, NS1_BLOCKS - 7, 8, dt_io_cb, &io,
						 0) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, UINT64_MAX, 1, dt_io_cb, &io, 0) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 1, UINT32_MAX, dt_io_cb, &io, 0) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 0, dt_io_cb, &io, 0) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 0, 0, dt_io_cb, &io, 0) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns2, e.qpair, buf, NS2_BLOCKS, 1, dt_io_cb, &io, 0) ==
			  -EINVAL);
		/* Not DMA memory */
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, stack_buf, 0, 8, dt_io_cb, &io, 0) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, stack_buf, 0, 1, dt_io_cb, &io, 0) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, big_heap, 0, 8, dt_io_cb, &io, 0) ==
			  -EINVAL);
		/* ... also when the I/O would be split */
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, big_heap, 0, 2 * MDTS_BYTES / 512 + 1,
						dt_io_cb, &io, 0) == -EINVAL);
		/* PRPs need a dword-aligned start */
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 2, 0, 1, dt_io_cb, &io, 0) ==
			  -EINVAL);
		/* NULLs */
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, NULL, buf, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, NULL, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, NULL, buf, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, NULL, 0, 1, dt_io_cb, &io, 0) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_flush(NULL, e.qpair, dt_io_cb, &io) == -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_flush(ns, NULL, dt_io_cb, &io) == -EINVAL);
		/* io_flags outside SPDK_NVME_IO_FLAGS_VALID_MASK (0xFFFF0003, as SPDK) */
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &io, 1u << 15) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 0, 1, dt_io_cb, &io, 0x4) ==
			  -EINVAL);
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &io, 1u << 8) ==
			  -EINVAL);
		/* Raw I/O: NULL or mismatched arguments, non-DMA buffer */
		{
			struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_READ, .nsid = 1 };

			CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, NULL, &cmd, buf, 512, dt_io_cb,
							     &io) == -EINVAL);
			CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(NULL, e.qpair, &cmd, buf, 512, dt_io_cb,
							     &io) == -EINVAL);
			CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, NULL, buf, 512, dt_io_cb,
							     &io) == -EINVAL);
			CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, stack_buf, 512,
							     dt_io_cb, &io) == -EINVAL);
		}
	}
	dt_capture_end(&cap, false);
	/* Each rejection says why. */
	CU_ASSERT(dt_count(cap.text, "ealnvme error") >= 3 * 27);
	CU_ASSERT(io.calls == 0);
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched);

	/* No request leaked: the whole pool (8) is still there, the 9th is -ENOMEM. */
	memset(ios, 0, sizeof(ios));
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 8) == 0);
	for (n = 0, rc = 0; n < 9; n++) {
		rc = spdk_nvme_ns_cmd_read(ns, e.qpair, buf, (uint64_t)n * 8, 8, dt_io_cb, &ios[n], 0);
		if (rc != 0) {
			break;
		}
	}
	CU_ASSERT(n == 8);
	CU_ASSERT(rc == -ENOMEM);
	for (int i = 0; i < 100 && nvme_model_held_count(e.m) + spdk_nvme_qpair_process_completions(
			e.qpair, 0) > 0; i++) {
		nvme_model_release_held(e.m);
	}
	for (int i = 0; i < 8; i++) {
		CU_ASSERT(ios[i].calls == 1 && dt_cpl_ok(&ios[i].cpl));
	}
	nvme_model_clear_faults(e.m);
	spdk_free(buf);
	free(big_heap);
	io_env_teardown(&e);
}

/* An inactive namespace takes no I/O. */
static void
test_inactive_ns(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_ns *ns2;
	struct dt_io io = { 0 };
	uint8_t *buf;
	uint64_t fetched;

	nvme_model_opts_default(&o);
	o.nn = 2;
	o.ns[1] = (struct nvme_model_ns_opts){ .active = false, .num_blocks = 64 };
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	buf = dma_buf(DT_PAGE);
	ns2 = spdk_nvme_ctrlr_get_ns(ctrlr, 2);
	CU_ASSERT_FATAL(ns2 != NULL);
	fetched = dt_cmds_fetched(m);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns2, qpair, buf, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns2, qpair, buf, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_flush(ns2, qpair, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(dt_cmds_fetched(m) == fetched);
	CU_ASSERT(io.calls == 0);
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Controller status errors ------------------------------------------------------ */

static void
test_status_errors(void)
{
	struct io_env e;
	struct spdk_nvme_ns *ns;
	struct dt_io io = { 0 };
	uint8_t *buf;
	uint32_t big = 2 * MDTS_BYTES / 512 + 1;

	io_env_setup(&e, NULL);
	ns = io_ns(&e, 1);
	buf = dma_buf(2 * MDTS_BYTES + DT_PAGE);

	CU_ASSERT(nvme_model_inject_status(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					   SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE,
					   false, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 8, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(spdk_nvme_cpl_is_error(&io.cpl));
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_GENERIC);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_LBA_OUT_OF_RANGE);
	CU_ASSERT(io.cpl.status.dnr == 0);
	CU_ASSERT(io.cpl.sqid == e.qid);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&io.cpl.status), "LBA OUT OF RANGE");
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&io.cpl.status), "GENERIC");
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(e.ctrlr));

	/* The next read is fine. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 8, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));

	/* A media error with DNR on a write. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(nvme_model_inject_status(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_WRITE,
					   SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_WRITE_FAULTS,
					   true, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 0, 1, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_MEDIA_ERROR);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_WRITE_FAULTS);
	CU_ASSERT(io.cpl.status.dnr == 1);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&io.cpl.status), "WRITE FAULTS");
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&io.cpl.status), "MEDIA ERROR");

	/* A split read whose first child fails: the callback runs once, with the error. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(nvme_model_inject_status(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					   SPDK_NVME_SCT_MEDIA_ERROR,
					   SPDK_NVME_SC_UNRECOVERED_READ_ERROR, false, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, big, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	for (int i = 0; i < 5; i++) {
		spdk_nvme_qpair_process_completions(e.qpair, 0);
	}
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_MEDIA_ERROR);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_UNRECOVERED_READ_ERROR);
	/* The other two children did run. */
	CU_ASSERT(nvme_model_cmd_log(e.m, 0)->sc == SPDK_NVME_SC_SUCCESS);
	CU_ASSERT(nvme_model_cmd_log(e.m, 1)->sc == SPDK_NVME_SC_SUCCESS);
	CU_ASSERT(nvme_model_cmd_log(e.m, 2)->sc == SPDK_NVME_SC_UNRECOVERED_READ_ERROR);

	spdk_free(buf);
	io_env_teardown(&e);
}

/* ---- A full qpair -------------------------------------------------------------------- */

struct chain {
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qpair;
	uint8_t			*buf;		/* total x 4 KiB */
	unsigned int		total;
	unsigned int		submitted;
	unsigned int		completed;
	unsigned int		errors;
	unsigned int		submit_failures;
	unsigned int		calls[128];
};

struct chain_slot {
	struct chain	*c;
	unsigned int	idx;
};

static struct chain_slot g_slots[128];

static void chain_submit(struct chain *c);

static void
chain_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct chain_slot *s = arg;
	struct chain *c = s->c;

	c->calls[s->idx]++;
	c->completed++;
	c->errors += spdk_nvme_cpl_is_error(cpl);
	/* Resubmit from the callback, before the driver rang the CQ head doorbell. */
	if (c->submitted < c->total) {
		chain_submit(c);
	}
}

static void
chain_submit(struct chain *c)
{
	unsigned int i = c->submitted;

	g_slots[i] = (struct chain_slot){ .c = c, .idx = i };
	memset(c->buf + (size_t)i * DT_PAGE, (int)(i + 1), DT_PAGE);
	if (spdk_nvme_ns_cmd_write(c->ns, c->qpair, c->buf + (size_t)i * DT_PAGE, (uint64_t)i * 8, 8,
				   chain_cb, &g_slots[i], 0) == 0) {
		c->submitted++;
	} else {
		c->submit_failures++;
	}
}

/* Run c->total writes, keeping `depth` in flight, polling max_completions at a time. */
static void
chain_run(struct chain *c, unsigned int depth, uint32_t max_completions, struct nvme_model *m)
{
	unsigned int polls = 0;

	for (unsigned int i = 0; i < depth; i++) {
		chain_submit(c);
	}
	CU_ASSERT(c->submitted == depth);
	while (c->completed < c->total && ++polls < DT_MAX_POLLS) {
		int32_t n = spdk_nvme_qpair_process_completions(c->qpair, max_completions);

		CU_ASSERT(n >= 0);
		if (max_completions != 0) {
			CU_ASSERT(n <= (int32_t)max_completions);
		}
		CU_ASSERT(nvme_model_held_count(m) == 0);
	}
	/* Any extra poll finds nothing. */
	CU_ASSERT(spdk_nvme_qpair_process_completions(c->qpair, 0) == 0);
}

/*
 * A 4-entry I/O queue with 3 reads held in the device and 3 more waiting for
 * a slot (reads of 8 blocks from buf's first 6 pages): the next submission
 * on e->qpair has to wait too.
 */
static struct spdk_nvme_ns *
queue_busy_setup(struct io_env *e, struct dt_io io[6], uint8_t *buf)
{
	struct spdk_nvme_io_qpair_opts qo;
	struct spdk_nvme_ns *ns;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(NULL, &qo, sizeof(qo));
	qo.io_queue_size = 4;
	qo.io_queue_requests = 64;
	io_env_setup(e, &qo);
	ns = io_ns(e, 1);
	memset(io, 0, 6 * sizeof(*io));
	CU_ASSERT(nvme_model_inject_hold(e->m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 3) == 0);
	for (unsigned int n = 0; n < 6; n++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e->qpair, buf + (size_t)n * DT_PAGE,
						(uint64_t)n * 8, 8, dt_io_cb, &io[n], 0) == 0);
	}
	return ns;
}

/* Let the held reads go; all 6 complete successfully. */
static void
queue_busy_release(struct io_env *e, struct dt_io io[6])
{
	nvme_model_release_held(e->m);
	for (unsigned int n = 0; n < 6; n++) {
		CU_ASSERT(dt_wait_io(e->qpair, &io[n]) && dt_cpl_ok(&io[n].cpl));
	}
}

/*
 * A payload that is not DMA memory is refused at submission even when the
 * request would have to wait for a free slot (it never reaches the
 * transport's PRP builder then).
 */
static void
test_nondma_refused_while_queued(void)
{
	struct io_env e;
	struct spdk_nvme_ns *ns;
	struct dt_io io[6], bad = { 0 };
	uint8_t *buf = dma_buf(6 * DT_PAGE), *heap = malloc(2 * 1024 * 1024);
	uint32_t big;

	CU_ASSERT_FATAL(heap != NULL);
	ns = queue_busy_setup(&e, io, buf);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, heap, 0, 1, dt_io_cb, &bad, 0) == -EINVAL);
	/* split I/O whose first child would wait: refused as a whole */
	big = 2 * spdk_nvme_ns_get_max_io_xfer_size(ns) / spdk_nvme_ns_get_sector_size(ns);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, heap, 0, big, dt_io_cb, &bad, 0) == -EINVAL);
	queue_busy_release(&e, io);
	CU_ASSERT(bad.calls == 0);
	free(heap);
	spdk_free(buf);
	io_env_teardown(&e);
}

/* Two elements behind reset_sgl/next_sge; the second may be heap memory. */
struct two_elems {
	struct dt_io	io;		/* first: dt_io_cb's argument */
	void		*base[2];
	uint32_t	len;		/* of each element */
	unsigned int	cur;
};

static void
two_reset(void *arg, uint32_t offset)
{
	struct two_elems *t = arg;

	t->cur = offset / t->len;
}

static int
two_next(void *arg, void **addr, uint32_t *len)
{
	struct two_elems *t = arg;

	if (t->cur >= 2) {
		return -1;
	}
	*addr = t->base[t->cur++];
	*len = t->len;
	return 0;
}

/* The same for a scattered payload: its elements are checked before it waits. */
static void
test_nondma_sgl_refused_while_queued(void)
{
	struct io_env e;
	struct spdk_nvme_ns *ns;
	struct dt_io io[6];
	struct two_elems bad = { 0 }, good = { 0 };
	uint8_t *buf = dma_buf(8 * DT_PAGE), *heap = malloc(DT_PAGE);

	CU_ASSERT_FATAL(heap != NULL);
	ns = queue_busy_setup(&e, io, buf);
	bad.len = DT_PAGE;
	bad.base[0] = buf + 6 * DT_PAGE;
	bad.base[1] = heap;
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns, e.qpair, 0, 16, dt_io_cb, &bad, 0, two_reset,
					  two_next) == -EINVAL);
	/* A good one waits and goes. */
	good.len = DT_PAGE;
	good.base[0] = buf + 6 * DT_PAGE;
	good.base[1] = buf + 7 * DT_PAGE;
	CU_ASSERT(spdk_nvme_ns_cmd_writev(ns, e.qpair, 64, 16, dt_io_cb, &good, 0, two_reset,
					  two_next) == 0);
	queue_busy_release(&e, io);
	CU_ASSERT(dt_wait_io(e.qpair, &good.io) && dt_cpl_ok(&good.io.cpl));
	CU_ASSERT(bad.io.calls == 0);
	free(heap);
	spdk_free(buf);
	io_env_teardown(&e);
}

static void
test_qpair_full(void)
{
	struct spdk_nvme_io_qpair_opts qo;
	const struct nvme_model_cmd_record *r;
	const struct nvme_model_stats *st;
	struct io_env e;
	struct spdk_nvme_ns *ns;
	struct dt_io io[9];
	struct chain *c;
	uint64_t reads0, fetched0, posted0, stalls0, ns_size;
	uint8_t *buf, *ns_mem;
	unsigned int n, polls;
	bool all;
	int rc = 0;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(NULL, &qo, sizeof(qo));
	qo.io_queue_size = 4;
	qo.io_queue_requests = 8;
	io_env_setup(&e, &qo);
	st = nvme_model_get_stats(e.m);
	ns = io_ns(&e, 1);
	r = dt_find_cmd(e.m, 0, SPDK_NVME_OPC_CREATE_IO_SQ, -1);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT((r->sqe.cdw10 >> 16) == 3);	/* 4 entries, 0's based */
	buf = dma_buf(9 * DT_PAGE);

	/* The device holds every read: the queue fills up. */
	memset(io, 0, sizeof(io));
	reads0 = st->io_cmds[SPDK_NVME_OPC_READ];
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1000) == 0);
	for (n = 0; n < 9; n++) {
		rc = spdk_nvme_ns_cmd_read(ns, e.qpair, buf + (size_t)n * DT_PAGE, (uint64_t)n * 8, 8,
					   dt_io_cb, &io[n], 0);
		if (rc != 0) {
			break;
		}
	}
	CU_ASSERT(rc == -ENOMEM);
	CU_ASSERT(n == qo.io_queue_requests);
	/* Never more than entries - 1 commands in the device. */
	CU_ASSERT(nvme_model_held_count(e.m) == qo.io_queue_size - 1);
	CU_ASSERT(st->io_cmds[SPDK_NVME_OPC_READ] - reads0 == qo.io_queue_size - 1);
	CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 8, dt_io_cb, &io[8], 0) == -ENOMEM);

	/* Three complete: the waiting ones go out, and there is room to submit again. */
	CU_ASSERT(nvme_model_release_held(e.m) == 3);
	CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) == 3);
	CU_ASSERT(io[0].calls == 1 && io[1].calls == 1 && io[2].calls == 1);
	CU_ASSERT(nvme_model_held_count(e.m) == 3);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 8 * DT_PAGE, 64, 8, dt_io_cb, &io[8],
					0) == 0);
	polls = 0;
	do {
		nvme_model_release_held(e.m);
		CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) >= 0);
		CU_ASSERT(nvme_model_held_count(e.m) <= qo.io_queue_size - 1);
		all = true;
		for (n = 0; n < 9; n++) {
			all = all && io[n].calls != 0;
		}
	} while (!all && ++polls < 100);
	for (n = 0; n < 9; n++) {
		CU_ASSERT(io[n].calls == 1);
		CU_ASSERT(dt_cpl_ok(&io[n].cpl));
	}
	CU_ASSERT(st->io_cmds[SPDK_NVME_OPC_READ] - reads0 == 9);
	nvme_model_clear_faults(e.m);

	/* Callbacks that resubmit before the CQ head doorbell: the device finds its
	 * CQ full and stalls; no completion may be lost. */
	c = calloc(1, sizeof(*c));
	CU_ASSERT_FATAL(c != NULL);
	c->ns = ns;
	c->qpair = e.qpair;
	c->total = 100;
	c->buf = dma_buf((size_t)c->total * DT_PAGE);
	fetched0 = st->cmds_fetched;
	posted0 = st->cqes_posted;
	stalls0 = st->cq_full_stalls;
	chain_run(c, 3, 0, e.m);
	CU_ASSERT(c->completed == c->total);
	CU_ASSERT(c->submitted == c->total);
	CU_ASSERT(c->errors == 0 && c->submit_failures == 0);
	for (n = 0; n < c->total; n++) {
		CU_ASSERT(c->calls[n] == 1);
	}
	CU_ASSERT(st->cq_full_stalls > stalls0);
	CU_ASSERT(st->cmds_fetched - fetched0 == c->total);
	CU_ASSERT(st->cqes_posted - posted0 == c->total);
	ns_mem = nvme_model_ns_mem(e.m, 1, &ns_size);
	CU_ASSERT(memcmp(ns_mem, c->buf, (size_t)c->total * DT_PAGE) == 0);

	/* Again, reaping one completion per poll. */
	spdk_free(c->buf);
	memset(c, 0, sizeof(*c));
	c->ns = ns;
	c->qpair = e.qpair;
	c->total = 50;
	c->buf = dma_buf((size_t)c->total * DT_PAGE);
	fetched0 = st->cmds_fetched;
	chain_run(c, 3, 1, e.m);
	CU_ASSERT(c->completed == c->total && c->errors == 0 && c->submit_failures == 0);
	for (n = 0; n < c->total; n++) {
		CU_ASSERT(c->calls[n] == 1);
	}
	CU_ASSERT(st->cmds_fetched - fetched0 == c->total);
	CU_ASSERT(memcmp(ns_mem, c->buf, (size_t)c->total * DT_PAGE) == 0);

	spdk_free(c->buf);
	free(c);
	spdk_free(buf);
	io_env_teardown(&e);
}

/* A split I/O larger than the whole request pool waits for requests, not -ENOMEM forever. */
static void
test_split_needs_more_requests_than_slots(void)
{
	struct spdk_nvme_io_qpair_opts qo;
	struct io_env e;
	struct dt_io io = { 0 };
	uint8_t *buf;
	uint32_t nblocks = 5 * (MDTS_BYTES / 512);	/* 5 children + parent = 6 requests */

	spdk_nvme_ctrlr_get_default_io_qpair_opts(NULL, &qo, sizeof(qo));
	qo.io_queue_size = 4;		/* 3 slots */
	qo.io_queue_requests = 8;
	io_env_setup(&e, &qo);
	buf = dma_buf((size_t)nblocks * 512);
	dt_fill_random(buf, (size_t)nblocks * 512);
	CU_ASSERT(spdk_nvme_ns_cmd_write(io_ns(&e, 1), e.qpair, buf, 0, nblocks, dt_io_cb, &io, 0) ==
		  0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE] == 5);
	CU_ASSERT(memcmp(nvme_model_ns_mem(e.m, 1, NULL), buf, (size_t)nblocks * 512) == 0);
	spdk_free(buf);
	io_env_teardown(&e);
}

/* ---- Flush, raw I/O, delayed doorbell ---------------------------------------------------- */

static void
test_flush_and_raw_io(void)
{
	struct io_env e;
	const struct nvme_model_cmd_record *r;
	struct spdk_nvme_cmd cmd;
	struct dt_io io = { 0 };
	uint8_t *buf, *ns_mem;
	uint64_t ns_size, flushes;

	io_env_setup(&e, NULL);
	buf = dma_buf(2 * DT_PAGE);
	ns_mem = nvme_model_ns_mem(e.m, 1, &ns_size);

	/* FLUSH */
	flushes = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_FLUSH];
	CU_ASSERT(spdk_nvme_ns_cmd_flush(io_ns(&e, 1), e.qpair, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_FLUSH] == flushes + 1);
	r = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->qid == e.qid && r->sqe.opc == SPDK_NVME_OPC_FLUSH && r->sqe.nsid == 1);
	CU_ASSERT(r->nsegs == 0);

	/* Raw READ of data the namespace already holds. */
	dt_fill_random(ns_mem + 100 * 512, 8 * 512);
	memset(&io, 0, sizeof(io));
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_READ;
	cmd.nsid = 1;
	cmd.cdw10 = 100;
	cmd.cdw12 = 8 - 1;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, buf, 4096, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(memcmp(buf, ns_mem + 100 * 512, 4096) == 0);
	r = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.opc == SPDK_NVME_OPC_READ && r->sqe.cdw10 == 100);
	CU_ASSERT(r->sqe.dptr.prp.prp1 == spdk_vtophys(buf, NULL));
	CU_ASSERT(check_prps(r, buf, 4096) == 0);

	/* Raw WRITE spanning two pages at an offset, read back with the normal path. */
	memset(&io, 0, sizeof(io));
	dt_fill_random(buf + 0x600, 4096);
	cmd.opc = SPDK_NVME_OPC_WRITE;
	cmd.cdw10 = 200;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, buf + 0x600, 4096, dt_io_cb,
					     &io) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(check_prps(nvme_model_cmd_log(e.m, 0), buf + 0x600, 4096) == 0);
	CU_ASSERT(memcmp(ns_mem + 200 * 512, buf + 0x600, 4096) == 0);

	/* The device checks what raw commands carry: LBA beyond the namespace. */
	memset(&io, 0, sizeof(io));
	cmd.opc = SPDK_NVME_OPC_READ;
	cmd.cdw10 = NS1_BLOCKS;
	cmd.cdw12 = 0;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, buf, 512, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_LBA_OUT_OF_RANGE);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&io.cpl.status), "LBA OUT OF RANGE");

	/* An I/O opcode the controller does not know. */
	memset(&io, 0, sizeof(io));
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = 0x7e;
	cmd.nsid = 1;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_INVALID_OPCODE);

	spdk_free(buf);
	io_env_teardown(&e);
}

static struct io_env *delay_env;
static uint8_t *delay_buf;
static bool delay_cb_ran;
static bool delay_fail;
static struct dt_io delay_io;

/* Completion of the first read: submits a second one (into delay_io), then
 * fails the controller if delay_fail. */
static void
delay_resubmit_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	(void)arg;
	CU_ASSERT(dt_cpl_ok(cpl));
	CU_ASSERT(spdk_nvme_ns_cmd_read(io_ns(delay_env, 1), delay_env->qpair, delay_buf, 8, 8,
					dt_io_cb, &delay_io, 0) == 0);
	if (delay_fail) {
		spdk_nvme_ctrlr_fail(delay_env->ctrlr);
	}
	delay_cb_ran = true;
}

/* Submit a read whose callback submits another; poll until that callback ran. */
static void
delay_submit_from_callback(struct io_env *e, uint8_t *buf, bool fail)
{
	delay_env = e;
	delay_buf = buf;
	delay_fail = fail;
	delay_cb_ran = false;
	memset(&delay_io, 0, sizeof(delay_io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(io_ns(e, 1), e->qpair, buf, 0, 8, delay_resubmit_cb, NULL,
					0) == 0);
	while (!delay_cb_ran) {
		spdk_nvme_qpair_process_completions(e->qpair, 0);
	}
}

static void
test_delay_cmd_submit(void)
{
	struct spdk_nvme_io_qpair_opts qo;
	struct io_env e;
	struct dt_io io[2];
	uint8_t *buf;
	uint64_t reads, sq_dbs;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(NULL, &qo, sizeof(qo));
	qo.delay_cmd_submit = true;
	io_env_setup(&e, &qo);
	buf = dma_buf(2 * DT_PAGE);
	memset(io, 0, sizeof(io));
	reads = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ];
	sq_dbs = nvme_model_get_stats(e.m)->sq_doorbells;
	CU_ASSERT(spdk_nvme_ns_cmd_read(io_ns(&e, 1), e.qpair, buf, 0, 8, dt_io_cb, &io[0], 0) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(io_ns(&e, 1), e.qpair, buf + DT_PAGE, 8, 8, dt_io_cb, &io[1],
					0) == 0);
	/* Not sent until the next poll, then both with one doorbell. */
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ] == reads);
	CU_ASSERT(nvme_model_get_stats(e.m)->sq_doorbells == sq_dbs);
	CU_ASSERT(dt_wait_io(e.qpair, &io[1]));
	CU_ASSERT(io[0].calls == 1 && io[1].calls == 1);
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ] == reads + 2);
	CU_ASSERT(nvme_model_get_stats(e.m)->sq_doorbells == sq_dbs + 1);

	/* A callback's submission is rung at the end of the same poll (SPDK):
	 * the device has it before the application polls again. */
	reads = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ];
	delay_submit_from_callback(&e, buf, false);
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ] == reads + 2);
	CU_ASSERT(dt_wait_io(e.qpair, &delay_io));

	/* A callback that submits and then fails the controller: no doorbell
	 * (SQ tail or CQ head) reaches the disabled device; the command
	 * completes once, aborted. */
	reads = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ];
	sq_dbs = nvme_model_get_stats(e.m)->sq_doorbells;
	delay_submit_from_callback(&e, buf, true);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(e.ctrlr));
	CU_ASSERT(nvme_model_get_stats(e.m)->sq_doorbells == sq_dbs + 1);	/* the first read */
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ] == reads + 1);
	CU_ASSERT(nvme_model_get_stats(e.m)->errors == 0);
	spdk_nvme_qpair_process_completions(e.qpair, 0);
	CU_ASSERT(delay_io.calls == 1);
	CU_ASSERT(delay_io.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	spdk_free(buf);
	io_env_teardown(&e);
}

/* ---- Corrupted completions ------------------------------------------------------------------ */

static void
test_bad_cqe(void)
{
	struct io_env e;
	struct spdk_nvme_ns *ns;
	struct dt_io lost1 = { 0 }, lost2 = { 0 }, lost3 = { 0 }, ok1 = { 0 }, ok2 = { 0 }, dup = { 0 },
		     sqhd = { 0 }, after = { 0 };
	struct dt_capture cap;
	uint8_t *buf, *ns_mem;

	io_env_setup(&e, NULL);	/* 256 entries: CIDs 0..254 */
	ns = io_ns(&e, 1);
	buf = dma_buf(8 * DT_PAGE);
	ns_mem = nvme_model_ns_mem(e.m, 1, NULL);
	dt_fill_random(ns_mem, 64 * 512);

	/* A CQE with a CID the driver never issued: ignored (and logged); the
	 * completions behind it still arrive. */
	CU_ASSERT(nvme_model_inject_bad_cqe(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					    NVME_MODEL_CQE_BAD_CID, 0xffff, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 8, dt_io_cb, &lost1, 0) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + DT_PAGE, 8, 8, dt_io_cb, &ok1, 0) == 0);
	dt_capture_begin(&cap);
	CU_ASSERT(dt_wait_io(e.qpair, &ok1));
	for (int i = 0; i < 5; i++) {
		spdk_nvme_qpair_process_completions(e.qpair, 0);
	}
	dt_capture_end(&cap, true);
	CU_ASSERT(ok1.calls == 1 && dt_cpl_ok(&ok1.cpl));
	CU_ASSERT(memcmp(buf + DT_PAGE, ns_mem + 8 * 512, 4096) == 0);
	CU_ASSERT(lost1.calls == 0);
	CU_ASSERT(strstr(cap.text, "unknown command id 65535") != NULL);

	/* The first CID past the last tracker (off by one). */
	CU_ASSERT(nvme_model_inject_bad_cqe(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					    NVME_MODEL_CQE_BAD_CID, 255, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 2 * DT_PAGE, 16, 8, dt_io_cb, &lost2,
					0) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 3 * DT_PAGE, 24, 8, dt_io_cb, &ok2,
					0) == 0);
	dt_capture_begin(&cap);
	CU_ASSERT(dt_wait_io(e.qpair, &ok2));
	dt_capture_end(&cap, true);
	CU_ASSERT(ok2.calls == 1 && dt_cpl_ok(&ok2.cpl));
	CU_ASSERT(lost2.calls == 0);
	CU_ASSERT(strstr(cap.text, "unknown command id 255") != NULL);

	/* A CID in range whose tracker is idle. */
	memset(&ok2, 0, sizeof(ok2));
	CU_ASSERT(nvme_model_inject_bad_cqe(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					    NVME_MODEL_CQE_BAD_CID, 100, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 7 * DT_PAGE, 56, 8, dt_io_cb, &lost3,
					0) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 3 * DT_PAGE, 24, 8, dt_io_cb, &ok2,
					0) == 0);
	dt_capture_begin(&cap);
	CU_ASSERT(dt_wait_io(e.qpair, &ok2));
	dt_capture_end(&cap, true);
	CU_ASSERT(ok2.calls == 1 && dt_cpl_ok(&ok2.cpl));
	CU_ASSERT(lost3.calls == 0);
	CU_ASSERT(strstr(cap.text, "unknown command id 100") != NULL);

	/* The same CQE twice: the callback still runs once. */
	CU_ASSERT(nvme_model_inject_bad_cqe(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					    NVME_MODEL_CQE_DUPLICATE, 0, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 4 * DT_PAGE, 32, 8, dt_io_cb, &dup, 0) ==
		  0);
	dt_capture_begin(&cap);
	CU_ASSERT(dt_wait_io(e.qpair, &dup));
	for (int i = 0; i < 5; i++) {
		spdk_nvme_qpair_process_completions(e.qpair, 0);
	}
	dt_capture_end(&cap, true);
	CU_ASSERT(dup.calls == 1 && dt_cpl_ok(&dup.cpl));
	CU_ASSERT(strstr(cap.text, "unknown command id") != NULL);

	/* A wrong SQ head pointer does not matter to the driver. */
	CU_ASSERT(nvme_model_inject_bad_cqe(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					    NVME_MODEL_CQE_BAD_SQHD, 0x7777, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 5 * DT_PAGE, 40, 8, dt_io_cb, &sqhd, 0) ==
		  0);
	CU_ASSERT(dt_wait_io(e.qpair, &sqhd));
	CU_ASSERT(sqhd.calls == 1 && dt_cpl_ok(&sqhd.cpl));

	/* The qpair keeps working. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 6 * DT_PAGE, 48, 8, dt_io_cb, &after, 0) ==
		  0);
	CU_ASSERT(dt_wait_io(e.qpair, &after) && dt_cpl_ok(&after.cpl));
	CU_ASSERT(memcmp(buf + 6 * DT_PAGE, ns_mem + 48 * 512, 4096) == 0);
	CU_ASSERT(lost1.calls == 0 && lost2.calls == 0 && lost3.calls == 0);

	/* The two whose completions were corrupted are still outstanding for the
	 * driver: freeing the qpair completes them, once, as aborted. */
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qpair) == 0);
	CU_ASSERT(lost1.calls == 1 && lost2.calls == 1 && lost3.calls == 1);
	CU_ASSERT(lost1.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(lost2.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(lost3.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(ok1.calls == 1 && ok2.calls == 1 && dup.calls == 1 && after.calls == 1);
	dt_detach_and_check(e.ctrlr, e.m);
	dt_model_destroy(e.m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_round_trip);
	ADD(test_round_trip_4k_blocks);
	ADD(test_round_trip_page_scatter);
	ADD(test_round_trip_8k_device_pages);
	ADD(test_round_trip_no_mdts);
	ADD(test_prp_lists_while_outstanding);
	ADD(test_two_controllers);
	ADD(test_qpair_opts);
	ADD(test_two_qpairs);
	ADD(test_free_qpair_in_callback);
	ADD(test_rw_edges_and_flags);
	ADD(test_arg_errors);
	ADD(test_rw_null_ns);
	ADD(test_io_queue_size_max);
	ADD(test_inactive_ns);
	ADD(test_status_errors);
	ADD(test_qpair_full);
	ADD(test_nondma_refused_while_queued);
	ADD(test_nondma_sgl_refused_while_queued);
	ADD(test_split_needs_more_requests_than_slots);
	ADD(test_flush_and_raw_io);
	ADD(test_delay_cmd_submit);
	ADD(test_bad_cqe);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io", add_tests);
}
