/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The completion path against completions a broken device posts, forged
 * with nvme_model_forge_cqe() (the same tool test/fuzz/fuzz_completions
 * uses): an unknown CID is logged and skipped, an entry with the wrong
 * phase tag is never consumed, a completion for a command in flight ends
 * its request once (the real one that follows is an unknown CID), and the
 * model never overwrites an unconsumed entry.
 */
#include "nvme_driver_test.h"

struct fixture {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
	struct spdk_nvme_ns	*ns;
	void			*buf;
};

static void
setup(struct fixture *f, uint32_t queue_size)
{
	struct nvme_model_opts o;
	struct spdk_nvme_io_qpair_opts qo;

	nvme_model_opts_default(&o);
	f->m = dt_model_new(&o);
	f->ctrlr = dt_attach(f->m);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(f->ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = queue_size;
	f->qpair = spdk_nvme_ctrlr_alloc_io_qpair(f->ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(f->qpair != NULL);
	f->ns = spdk_nvme_ctrlr_get_ns(f->ctrlr, 1);
	f->buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(f->buf != NULL);
}

static void
teardown(struct fixture *f)
{
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(f->qpair) == 0);
	spdk_free(f->buf);
	dt_detach_and_check(f->ctrlr, f->m);
	dt_model_destroy(f->m);
}

static struct spdk_nvme_cpl
cqe(uint16_t cid, uint8_t sc)
{
	struct spdk_nvme_cpl cpl;

	memset(&cpl, 0, sizeof(cpl));
	cpl.cid = cid;
	cpl.sqid = 1;
	cpl.status.sc = sc;
	return cpl;
}

static void
test_unknown_cid_skipped(void)
{
	struct fixture f;
	struct spdk_nvme_cpl cpl = cqe(500, SPDK_NVME_SC_SUCCESS);
	struct dt_capture cap;
	struct dt_io io = { 0 };

	setup(&f, 8);
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, false) == 0);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_qpair_process_completions(f.qpair, 0) == 0);
	dt_capture_end(&cap, true);
	CU_ASSERT(dt_count(cap.text, "completion for unknown command id 500") == 1);
	/* The CQ head moved past it: the next real completion is seen. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(f.ns, f.qpair, f.buf, 0, 1, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(f.qpair, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	teardown(&f);
}

static void
test_wrong_phase_not_consumed(void)
{
	struct fixture f;
	struct spdk_nvme_cpl cpl = cqe(0, SPDK_NVME_SC_SUCCESS);
	struct dt_io io = { 0 };

	setup(&f, 8);
	/* Phase 0 on the first pass, where the host waits for 1 (§4.6). */
	cpl.status.p = 0;
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, true) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(f.ns, f.qpair, f.buf, 0, 1, dt_io_cb, &io, 0) == 0);
	for (unsigned int i = 0; i < 100; i++) {
		CU_ASSERT(spdk_nvme_qpair_process_completions(f.qpair, 0) == 0);
	}
	/* The real completion sits behind the entry the host may not consume. */
	CU_ASSERT(io.calls == 0);
	CU_ASSERT(nvme_model_cq_tail(f.m, 1) == 2);
	/* Freeing the qpair ends the request, once. */
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(f.qpair) == 0);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
		  io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	f.qpair = spdk_nvme_ctrlr_alloc_io_qpair(f.ctrlr, NULL, 0);
	CU_ASSERT_FATAL(f.qpair != NULL);
	teardown(&f);
}

static void
test_early_completion_ends_request_once(void)
{
	struct fixture f;
	const struct nvme_model_cmd_record *rec;
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };

	setup(&f, 8);
	CU_ASSERT(nvme_model_inject_hold(f.m, 1, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(f.ns, f.qpair, f.buf, 0, 1, dt_io_cb, &io, 0) == 0);
	rec = dt_find_cmd(f.m, 1, SPDK_NVME_OPC_READ, -1);
	CU_ASSERT_FATAL(rec != NULL);
	cpl = cqe(rec->sqe.cid, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, false) == 0);
	CU_ASSERT(dt_wait_io(f.qpair, &io));
	CU_ASSERT(io.calls == 1 && io.cpl.status.sc == SPDK_NVME_SC_DATA_TRANSFER_ERROR);
	/* The device's own completion comes later: its CID is free by then. */
	CU_ASSERT(nvme_model_release_held(f.m) == 1);
	CU_ASSERT(spdk_nvme_qpair_process_completions(f.qpair, 0) == 0);
	CU_ASSERT(io.calls == 1);
	teardown(&f);
}

static void
test_forge_limits(void)
{
	struct fixture f;
	struct spdk_nvme_cpl cpl = cqe(1000, SPDK_NVME_SC_SUCCESS);

	setup(&f, 4);
	/* A 4-entry CQ holds 3 unconsumed entries. */
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, false) == 0);
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, false) == 0);
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, false) == 0);
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, false) == -ENOSPC);
	CU_ASSERT(nvme_model_forge_cqe(f.m, 2, &cpl, false) == -EINVAL);
	CU_ASSERT(nvme_model_forge_cqe(f.m, 999, &cpl, false) == -EINVAL);
	CU_ASSERT(spdk_nvme_qpair_process_completions(f.qpair, 0) == 0);
	/* Consumed (and the head doorbell rung): room again. */
	CU_ASSERT(nvme_model_forge_cqe(f.m, 1, &cpl, false) == 0);
	teardown(&f);
}

static void
add_tests(CU_pSuite suite)
{
	CU_add_test(suite, "unknown CID is logged and skipped", test_unknown_cid_skipped);
	CU_add_test(suite, "wrong phase is not consumed", test_wrong_phase_not_consumed);
	CU_add_test(suite, "early completion ends a request once",
		    test_early_completion_ends_request_once);
	CU_add_test(suite, "forged CQEs never overwrite", test_forge_limits);
}

int
main(void)
{
	return dt_run("nvme_forged_cqe", add_tests);
}
