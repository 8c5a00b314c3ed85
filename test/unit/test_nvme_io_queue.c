/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The I/O queue through the public API, against the controller model: a
 * full qpair (requests queued and submitted as slots free, non-DMA buffers
 * refused while queued, splits needing more requests than slots), flush
 * and raw I/O, and delayed doorbells (delay_cmd_submit).
 */
#include "io_test.h"

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

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_qpair_full);
	ADD(test_nondma_refused_while_queued);
	ADD(test_nondma_sgl_refused_while_queued);
	ADD(test_split_needs_more_requests_than_slots);
	ADD(test_flush_and_raw_io);
	ADD(test_delay_cmd_submit);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io_queue", add_tests);
}
