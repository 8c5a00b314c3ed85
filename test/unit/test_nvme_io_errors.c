/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * I/O path errors through the public API, against the controller model:
 * argument errors (refused before anything reaches the device), inactive
 * namespaces, controller status errors reaching the callback, and
 * corrupted completion entries.
 */
#include "io_test.h"

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
	ADD(test_arg_errors);
	ADD(test_rw_null_ns);
	ADD(test_io_queue_size_max);
	ADD(test_inactive_ns);
	ADD(test_status_errors);
	ADD(test_bad_cqe);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io_errors", add_tests);
}
