/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The raw admin command path through the public API, against the controller
 * model: spdk_nvme_ctrlr_cmd_admin_raw (identify data, an unimplemented
 * opcode, argument errors that reach nothing), more commands than the admin
 * queue holds, and a synchronous driver command while raw ones are
 * outstanding.  The rest of the controller life cycle is in test_nvme_ctrlr.c.
 */
#include "nvme_driver_test.h"

/* ---- Raw admin commands -------------------------------------------------------- */

static void
test_admin_raw(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	const struct nvme_model_cmd_record *r;
	struct spdk_nvme_cmd cmd;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	uint64_t fetched;
	uint8_t *buf, stack_buf[4096];

	buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL);

	/* IDENTIFY CONTROLLER: the same data the driver read at init. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.cdw10 = SPDK_NVME_IDENTIFY_CTRLR;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, buf, 4096, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(memcmp(buf, spdk_nvme_ctrlr_get_data(ctrlr), 4096) == 0);
	r = nvme_model_cmd_log(m, 0);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->qid == 0 && r->sqe.opc == SPDK_NVME_OPC_IDENTIFY);
	CU_ASSERT(r->sqe.dptr.prp.prp1 == spdk_vtophys(buf, NULL));
	CU_ASSERT(io.cpl.cid == r->sqe.cid);

	/* IDENTIFY NAMESPACE 1 */
	memset(&io, 0, sizeof(io));
	memset(buf, 0xff, 4096);
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.nsid = 1;
	cmd.cdw10 = SPDK_NVME_IDENTIFY_NS;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, buf, 4096, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(((struct spdk_nvme_ns_data *)buf)->nsze == 8192);

	/* An opcode the controller does not implement. */
	memset(&io, 0, sizeof(io));
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = 0x7f;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(spdk_nvme_cpl_is_error(&io.cpl));
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_GENERIC);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_INVALID_OPCODE);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&io.cpl.status), "INVALID OPCODE");
	/* The controller stays usable after a failed admin command. */
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));

	/* Argument errors: nothing reaches the controller. */
	fetched = dt_cmds_fetched(m);
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.cdw10 = SPDK_NVME_IDENTIFY_CTRLR;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(NULL, &cmd, buf, 4096, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, NULL, buf, 4096, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 4096, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, stack_buf, 4096, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(dt_cmds_fetched(m) == fetched);
	/* The failed submissions did not eat admin request slots (64 of them);
	 * each one says why it failed. */
	dt_capture_begin(&cap);
	for (int i = 0; i < 100; i++) {
		CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, stack_buf, 4096, NULL, NULL) ==
			  -EINVAL);
	}
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "is not DMA memory") == 100);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, buf, 4096, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));

	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* More admin commands than admin queue slots: the extra ones wait, all complete once. */
static void
test_admin_raw_more_than_queue(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_probe p = { .admin_queue_size = 4 };
	struct spdk_nvme_ctrlr *ctrlr = dt_probe_model(m, &p);
	struct dt_io io[6];
	struct spdk_nvme_cmd cmd;
	unsigned int polls = 0;
	bool all;

	CU_ASSERT_FATAL(ctrlr != NULL);
	memset(io, 0, sizeof(io));
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 6) == 0);
	for (int i = 0; i < 6; i++) {
		memset(&cmd, 0, sizeof(cmd));
		cmd.opc = SPDK_NVME_OPC_GET_FEATURES;
		cmd.cdw10 = SPDK_NVME_FEAT_ARBITRATION;
		CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, dt_io_cb, &io[i]) == 0);
	}
	/* 4 entries: at most 3 in the device at once. */
	CU_ASSERT(nvme_model_held_count(m) == 3);
	do {
		nvme_model_release_held(m);
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
		CU_ASSERT(nvme_model_held_count(m) <= 3);
		all = true;
		for (int i = 0; i < 6; i++) {
			all = all && io[i].calls == 1;
		}
	} while (!all && ++polls < 100);
	for (int i = 0; i < 6; i++) {
		CU_ASSERT(io[i].calls == 1);
		CU_ASSERT(dt_cpl_ok(&io[i].cpl));
	}
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_GET_FEATURES] == 6);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* A synchronous admin command (qpair creation) while an application's raw admin
 * command is held by the device: both complete, each callback once. */
static void
test_admin_sync_while_raw_outstanding(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_GET_FEATURES,
				     .cdw10 = SPDK_NVME_FEAT_NUMBER_OF_QUEUES };
	struct spdk_nvme_qpair *qpair;
	struct dt_io io = { 0 };

	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT(qpair != NULL);
	CU_ASSERT(io.calls == 0);
	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	CU_ASSERT(io.cpl.cdw0 == nvme_model_feature(m, SPDK_NVME_FEAT_NUMBER_OF_QUEUES));
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_admin_raw);
	ADD(test_admin_raw_more_than_queue);
	ADD(test_admin_sync_while_raw_outstanding);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_ctrlr_raw", add_tests);
}
