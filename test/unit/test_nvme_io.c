/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The I/O path through the public API, against the controller model:
 * write/read round trips checked against the model's RAM namespace and the
 * PRPs it resolved (contiguous and page-scattered IOVAs, 512 B and 4 KiB
 * blocks, split at MDTS), two controllers, qpair options and several
 * qpairs.  Errors are in test_nvme_io_errors.c, a full qpair, flush, raw
 * commands and delayed doorbells in test_nvme_io_queue.c.
 */
#include "io_test.h"

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
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io", add_tests);
}
