/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Retries of retryable statuses (issue 10), SPDK's semantics: a command that
 * completes with NAMESPACE NOT READY or FORMAT IN PROGRESS (generic) or
 * INTERNAL PATH ERROR (path), DNR clear, is sent again, up to
 * spdk_nvme_ctrlr_opts.transport_retry_count times (default 4); its callback
 * runs once, with the last status.  Anything else, or DNR set, completes at
 * once.  Counted by what the model fetched.
 */
#include "nvme_driver_test.h"

struct retry_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qpair;
	uint8_t			*buf;
};

static int g_retry_count = -1;	/* -1: leave the default */

static bool
retry_probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	       struct spdk_nvme_ctrlr_opts *opts)
{
	if (g_retry_count >= 0) {
		opts->transport_retry_count = (uint8_t)g_retry_count;
	}
	return dt_probe_cb(cb_ctx, trid, opts);
}

static void
setup(struct retry_env *e, int retry_count)
{
	struct spdk_nvme_transport_id trid;
	struct dt_probe p = { 0 };
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.mdts = 1;	/* 8 KiB per command: 64 KiB reads are split in 8 */
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(&o);
	g_retry_count = retry_count;
	dt_trid(&trid, nvme_model_bdf(e->m));
	CU_ASSERT(spdk_nvme_probe(&trid, &p, retry_probe_cb, dt_attach_cb, NULL) == 0);
	g_retry_count = -1;
	e->ctrlr = p.ctrlr;
	CU_ASSERT_FATAL(e->ctrlr != NULL);
	CU_ASSERT(p.attach_opts.transport_retry_count == (retry_count >= 0 ? retry_count : 4));
	e->ns = spdk_nvme_ctrlr_get_ns(e->ctrlr, 1);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, NULL, 0);
	e->buf = spdk_zmalloc(65536, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(e->qpair != NULL && e->buf != NULL);
}

static void
teardown(struct retry_env *e)
{
	spdk_free(e->buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

static uint64_t
reads(struct retry_env *e)
{
	return nvme_model_get_stats(e->m)->io_cmds[SPDK_NVME_OPC_READ];
}

/* One 4 KiB read with `failures` injected (sct, sc, dnr); its one completion. */
static struct dt_io
read_with(struct retry_env *e, uint8_t sct, uint8_t sc, bool dnr, uint32_t failures,
	  uint64_t *fetched)
{
	struct dt_io io = { 0 };
	uint64_t before = reads(e);

	CU_ASSERT(nvme_model_inject_status(e->m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					   sct, sc, dnr, failures) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(e->ns, e->qpair, e->buf, 0, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(e->qpair, &io));
	for (int i = 0; i < 100; i++) {
		spdk_nvme_qpair_process_completions(e->qpair, 0);	/* nothing more may come */
	}
	*fetched = reads(e) - before;
	nvme_model_clear_faults(e->m);
	return io;
}

static void
test_retried_until_success(void)
{
	struct retry_env e;
	uint64_t n;
	struct dt_io io;

	setup(&e, -1);
	io = read_with(&e, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_NAMESPACE_NOT_READY, false, 2, &n);
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(n == 3);
	io = read_with(&e, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_FORMAT_IN_PROGRESS, false, 4, &n);
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(n == 5);
	io = read_with(&e, SPDK_NVME_SCT_PATH, SPDK_NVME_SC_INTERNAL_PATH_ERROR, false, 1, &n);
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(n == 2);
	teardown(&e);
}

static void
test_retries_exhausted(void)
{
	struct retry_env e;
	uint64_t n;
	struct dt_io io;

	setup(&e, -1);
	/* 1 + 4 retries, then the status reaches the callback, once. */
	io = read_with(&e, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_NAMESPACE_NOT_READY, false, 10, &n);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
		  io.cpl.status.sc == SPDK_NVME_SC_NAMESPACE_NOT_READY);
	CU_ASSERT(n == 5);
	/* The request is reused with a fresh count: 2 failures then success. */
	io = read_with(&e, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_NAMESPACE_NOT_READY, false, 2, &n);
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(n == 3);
	teardown(&e);
}

static void
test_not_retried(void)
{
	struct retry_env e;
	uint64_t n;
	struct dt_io io;

	setup(&e, -1);
	/* DNR set */
	io = read_with(&e, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_NAMESPACE_NOT_READY, true, 1, &n);
	CU_ASSERT(io.calls == 1 && io.cpl.status.sc == SPDK_NVME_SC_NAMESPACE_NOT_READY);
	CU_ASSERT(io.cpl.status.dnr == 1);
	CU_ASSERT(n == 1);
	/* Not a retryable status */
	io = read_with(&e, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, false, 1, &n);
	CU_ASSERT(io.calls == 1 && io.cpl.status.sc == SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
	CU_ASSERT(n == 1);
	io = read_with(&e, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_UNRECOVERED_READ_ERROR, false, 1,
		       &n);
	CU_ASSERT(io.calls == 1 && io.cpl.status.sct == SPDK_NVME_SCT_MEDIA_ERROR);
	CU_ASSERT(n == 1);
	teardown(&e);

	/* transport_retry_count 0: never. */
	setup(&e, 0);
	io = read_with(&e, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_NAMESPACE_NOT_READY, false, 1, &n);
	CU_ASSERT(io.calls == 1 && io.cpl.status.sc == SPDK_NVME_SC_NAMESPACE_NOT_READY);
	CU_ASSERT(n == 1);
	teardown(&e);
}

/* A retried write lands: the data reads back; a split read with one child
 * retried completes once, whole. */
static void
test_retried_data_is_right(void)
{
	struct retry_env e;
	struct dt_io io = { 0 };
	uint8_t *pattern;
	uint64_t before;

	setup(&e, -1);
	pattern = spdk_zmalloc(65536, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(pattern != NULL);
	dt_fill_random(pattern, 65536);
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE];
	CU_ASSERT(nvme_model_inject_status(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_WRITE,
					   SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_NAMESPACE_NOT_READY,
					   false, 1) == 0);
	/* 16 blocks of 512 B: one 8 KiB command, the fast path. */
	CU_ASSERT(spdk_nvme_ns_cmd_write(e.ns, e.qpair, pattern, 100, 16, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE] - before == 2);
	nvme_model_clear_faults(e.m);

	/* 128 blocks = 64 KiB: 8 children; the 1st, 2nd fail once each. */
	memset(&io, 0, sizeof(io));
	memset(e.buf, 0, 65536);
	before = reads(&e);
	CU_ASSERT(nvme_model_inject_status(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ,
					   SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_NAMESPACE_NOT_READY,
					   false, 2) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, e.qpair, e.buf, 84, 128, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(reads(&e) - before == 8 + 2);
	/* Blocks 100..115 hold the pattern: offset 16 blocks into the read. */
	CU_ASSERT(memcmp(e.buf + 16 * 512, pattern, 16 * 512) == 0);
	spdk_free(pattern);
	teardown(&e);
}

static void
test_admin_retried(void)
{
	struct retry_env e;
	struct dt_io io = { 0 };
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_GET_FEATURES,
		       .cdw10 = SPDK_NVME_FEAT_NUMBER_OF_QUEUES };
	uint64_t before;

	setup(&e, -1);
	before = nvme_model_get_stats(e.m)->admin_cmds[SPDK_NVME_OPC_GET_FEATURES];
	CU_ASSERT(nvme_model_inject_status(e.m, 0, SPDK_NVME_OPC_GET_FEATURES,
					   SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_FORMAT_IN_PROGRESS,
					   false, 1) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(e.ctrlr, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(e.ctrlr, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(io.cpl.cdw0 == nvme_model_feature(e.m, SPDK_NVME_FEAT_NUMBER_OF_QUEUES));
	CU_ASSERT(nvme_model_get_stats(e.m)->admin_cmds[SPDK_NVME_OPC_GET_FEATURES] - before == 2);
	teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_retried_until_success);
	ADD(test_retries_exhausted);
	ADD(test_not_retried);
	ADD(test_retried_data_is_right);
	ADD(test_admin_retried);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_retry", add_tests);
}
