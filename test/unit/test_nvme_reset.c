/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_nvme_ctrlr_reset() and spdk_nvme_ctrlr_fail() against the controller
 * model: outstanding requests complete (aborted) exactly once, queued ones
 * are sent after the reset, the qpairs keep working with their data, and a
 * failed controller refuses work until reset.
 */
#include "nvme_driver_test.h"

static void *
dma(size_t len)
{
	void *p = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static int
sync_io(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ns *ns, void *buf, uint64_t lba,
	uint32_t n, bool write)
{
	struct dt_io io = { 0 };
	int rc = write ? spdk_nvme_ns_cmd_write(ns, qpair, buf, lba, n, dt_io_cb, &io, 0) :
		 spdk_nvme_ns_cmd_read(ns, qpair, buf, lba, n, dt_io_cb, &io, 0);

	if (rc != 0) {
		return rc;
	}
	if (!dt_wait_io(qpair, &io)) {
		return -ETIMEDOUT;
	}
	return dt_cpl_ok(&io.cpl) ? 0 : -EIO;
}

static void
test_reset_with_outstanding_io(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_io_qpair_opts qo;
	struct spdk_nvme_qpair *q1, *q2;
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	uint8_t *pattern = dma(32768), *back = dma(32768), *rbuf = dma(4096 * 6);
	struct dt_io io[6], admin = { 0 };
	uint64_t resets = nvme_model_get_stats(m)->resets;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = 4;		/* 3 slots: more than that waits in software */
	q1 = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, &qo, sizeof(qo));
	q2 = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(q1 != NULL && q2 != NULL);
	dt_fill_random(pattern, 32768);
	CU_ASSERT(sync_io(q2, ns, pattern, 0, 64, true) == 0);

	/* Three reads the controller sits on, two more queued behind them, an admin one. */
	memset(io, 0, sizeof(io));
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 3) == 0);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	for (int i = 0; i < 5; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, q1, rbuf + 4096 * i, 8 * i, 8, dt_io_cb,
						&io[i], 0) == 0);
	}
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0, NULL, 0,
			dt_io_cb, &admin) == 0);
	CU_ASSERT(nvme_model_held_count(m) == 4);

	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->resets == resets + 1);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	/* Outstanding ones: completed, once, ABORTED - SQ DELETION. */
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(io[i].calls == 1);
		CU_ASSERT(io[i].cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
			  io[i].cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
		/* Retryable: DNR clear (the header tells callers to retry). */
		CU_ASSERT(io[i].cpl.status.dnr == 0);
	}
	CU_ASSERT(admin.calls == 1 && admin.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(admin.cpl.status.dnr == 0);
	/* Queued ones were never sent: they go now, and succeed. */
	CU_ASSERT(io[3].calls == 0 && io[4].calls == 0);
	CU_ASSERT(dt_wait_io(q1, &io[3]) && dt_wait_io(q1, &io[4]));
	CU_ASSERT(dt_cpl_ok(&io[3].cpl) && dt_cpl_ok(&io[4].cpl));
	CU_ASSERT(memcmp(rbuf + 3 * 4096, pattern + 3 * 4096, 8192) == 0);

	/* Same qids, queues exist again, data intact, both qpairs work. */
	CU_ASSERT(nvme_model_sq_exists(m, 1) && nvme_model_sq_exists(m, 2));
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);
	CU_ASSERT(sync_io(q1, ns, back, 0, 64, false) == 0);
	CU_ASSERT(memcmp(back, pattern, 32768) == 0);
	memset(back, 0, 32768);
	CU_ASSERT(sync_io(q2, ns, back, 0, 64, false) == 0);
	CU_ASSERT(memcmp(back, pattern, 32768) == 0);
	for (int i = 0; i < 6; i++) {
		CU_ASSERT(io[i].calls <= 1);
	}
	spdk_free(pattern);
	spdk_free(back);
	spdk_free(rbuf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* Retrying from the abort callback: the retry waits for the reset, then runs. */
struct retry_ctx {
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qpair;
	void			*buf;
	unsigned int		calls;
	struct spdk_nvme_cpl	last;
};

static void
retry_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct retry_ctx *c = arg;

	c->calls++;
	c->last = *cpl;
	if (cpl->status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(c->ns, c->qpair, c->buf, 0, 8, retry_cb, c, 0) == 0);
	}
}

static void
test_reset_retry_from_callback(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct retry_ctx c = { .ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1), .qpair = qpair };

	CU_ASSERT_FATAL(qpair != NULL);
	c.buf = dma(4096);
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(c.ns, qpair, c.buf, 0, 8, retry_cb, &c, 0) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(c.calls == 1);
	for (int i = 0; i < 100 && c.calls < 2; i++) {
		spdk_nvme_qpair_process_completions(qpair, 0);
	}
	CU_ASSERT(c.calls == 2 && dt_cpl_ok(&c.last));
	spdk_free(c.buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_reset_errors(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct dt_capture cap;
	struct dt_io io = { 0 };
	uint8_t *buf = dma(4096);

	CU_ASSERT_FATAL(qpair != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_reset(NULL) == -EINVAL);

	/* The controller does not come back: reset fails, the controller is failed,
	 * queued work completes instead of hanging. */
	nvme_model_inject_cfs_on_enable(m, true);
	dt_capture_begin(&cap);
	mock_env_set_virtual_time(true, 1000);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) != 0);
	mock_env_set_virtual_time(false, 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "reset") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) == -ENXIO);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qpair) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) == -ENXIO);
	/* Retried in a loop (as SPDK's reconnect example does): one line a second. */
	mock_env_set_virtual_time(true, 0);
	mock_env_advance_time_ns(2000000000ull);
	dt_capture_begin(&cap);
	for (unsigned int i = 0; i < 100; i++) {
		CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qpair) == -ENXIO);
	}
	mock_env_advance_time_ns(1100000000ull);
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qpair) == -ENXIO);
	dt_capture_end(&cap, false);
	mock_env_set_virtual_time(false, 0);
	CU_ASSERT(dt_count(cap.text, "cannot reconnect I/O qpair") == 2);
	CU_ASSERT(strstr(cap.text, "(99 more such refusals") != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, &io, 0) == -ENXIO);
	/* It comes back later: a reset recovers a failed controller. */
	nvme_model_inject_cfs_on_enable(m, false);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(sync_io(qpair, spdk_nvme_ctrlr_get_ns(ctrlr, 1), buf, 0, 8, false) == 0);

	/* Gone: -ENODEV. */
	nvme_model_surprise_remove(m);
	dt_capture_begin(&cap);
	spdk_nvme_ctrlr_get_regs_csts(ctrlr);
	spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	mock_env_set_virtual_time(true, 1000);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) != 0);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == -ENODEV);
	mock_env_set_virtual_time(false, 0);
	dt_capture_end(&cap, false);
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

static void
test_fail(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	struct dt_io rd = { 0 }, gf = { 0 }, late = { 0 };
	struct dt_capture cap;
	uint8_t *buf = dma(4096);

	CU_ASSERT_FATAL(qpair != NULL);
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &rd, 0) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0, NULL, 0,
			dt_io_cb, &gf) == 0);

	dt_capture_begin(&cap);
	spdk_nvme_ctrlr_fail(ctrlr);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "spdk_nvme_ctrlr_fail") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	/* Stopped before anything completes in software: no more DMA. */
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).bits.rdy == 0);
	CU_ASSERT(rd.calls == 0 && gf.calls == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &late, 0) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, 1, 0, NULL, 0, dt_io_cb, &late) == -ENXIO);
	/* Each qpair's next poll completes its requests, aborted, once. */
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) == -ENXIO);
	CU_ASSERT(rd.calls == 1 && rd.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) == -ENXIO);
	CU_ASSERT(gf.calls == 1 && gf.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) == -ENXIO);
	CU_ASSERT(rd.calls == 1 && gf.calls == 1 && late.calls == 0);
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);

	/* Reset brings it back. */
	nvme_model_clear_faults(m);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(sync_io(qpair, ns, buf, 0, 8, false) == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* Fail, then detach without polling: everything still completes once, all freed. */
	m = dt_model_new(NULL);
	ctrlr = dt_attach(m);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	buf = dma(4096);
	memset(&rd, 0, sizeof(rd));
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, &rd, 0) == 0);
	dt_capture_begin(&cap);
	spdk_nvme_ctrlr_fail(ctrlr);
	dt_capture_end(&cap, false);
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(rd.calls == 1 && spdk_nvme_cpl_is_error(&rd.cpl));
	spdk_free(buf);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_reset_with_outstanding_io);
	ADD(test_reset_retry_from_callback);
	ADD(test_reset_errors);
	ADD(test_fail);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_reset", add_tests);
}
