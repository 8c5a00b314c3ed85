/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The admin commands of SPDK's nvme.h added for issue 8 (lib/nvme/
 * nvme_ctrlr_cmd_ext.c) against the controller model: GET LOG PAGE ext,
 * per-namespace features, security send/receive, directives, ABORT by
 * callback argument and raw I/O with a caller-built data pointer.  Each test
 * checks the command the model received (opcode and dwords) and how it
 * completed, and that bad arguments send nothing.
 */
#include "nvme_driver_test.h"

static void *
dma(size_t len)
{
	void *p = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

/* The newest logged command with this opcode on qid (any CNS). */
static const struct nvme_model_cmd_record *
last_cmd(const struct nvme_model *m, uint16_t qid, uint8_t opc)
{
	return dt_find_cmd(m, qid, opc, -1);
}

static bool
no_lpa_edlp(void *ctx, const struct spdk_nvme_cmd *cmd, void *data, size_t len)
{
	(void)ctx;
	(void)len;
	if (cmd->opc == SPDK_NVME_OPC_IDENTIFY && (cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR) {
		((struct spdk_nvme_ctrlr_data *)data)->lpa.lpeds = 0;
	}
	return true;
}

static void
test_get_log_page_ext(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_health_information_page *h = dma(4096);
	const struct nvme_model_cmd_record *r;
	struct dt_io io = { 0 };
	uint64_t before;

	/* The caller's RAE and LSP stay, NUMDL/LID and NUMDU replace what was there. */
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page_ext(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, h, 512, 0, 0xffff8500u, 0xabcd1234u, 0x55,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl) && io.calls == 1);
	CU_ASSERT(h->temperature == 311);
	r = last_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.nsid == SPDK_NVME_GLOBAL_NS_TAG);
	CU_ASSERT(r->sqe.cdw10 == ((127u << 16) | 0x8500u | SPDK_NVME_LOG_HEALTH_INFORMATION));
	CU_ASSERT(r->sqe.cdw11 == 0xabcd0000u);
	CU_ASSERT(r->sqe.cdw12 == 0 && r->sqe.cdw13 == 0 && r->sqe.cdw14 == 0x55);

	/* An offset goes to LPOL/LPOU (the model has LPA extended data). */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page_ext(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, h, 8, 0x200000008ull, 0, 0, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	r = last_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE);
	CU_ASSERT(r != NULL && r->sqe.cdw12 == 8 && r->sqe.cdw13 == 2);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_INVALID_FIELD);	/* past the page */

	before = dt_cmds_fetched(m);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page_ext(ctrlr, 2, 0, h, 0, 0, 0, 0, 0,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page_ext(ctrlr, 2, 0, h, 6, 0, 0, 0, 0,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page_ext(ctrlr, 2, 0, h, 8, 2, 0, 0, 0,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page_ext(ctrlr, 2, 0, NULL, 8, 0, 0, 0, 0,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page_ext(NULL, 2, 0, h, 8, 0, 0, 0, 0,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(dt_cmds_fetched(m) == before);
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);	/* h is still in use */

	/* Without LPA extended data an offset is refused (the plain call too). */
	nvme_model_set_data_hook(m, no_lpa_edlp, NULL);
	ctrlr = dt_attach(m);
	before = dt_cmds_fetched(m);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, 2, 0, h, 8, 8, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(dt_cmds_fetched(m) == before);
	spdk_free(h);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_feature_ns(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	const struct nvme_model_cmd_record *r;
	struct dt_io io = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_cmd_set_feature_ns(ctrlr, SPDK_NVME_FEAT_ERROR_RECOVERY,
			0x10, 0x77, NULL, 0, dt_io_cb, &io, 1) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && io.calls == 1);
	r = last_cmd(m, 0, SPDK_NVME_OPC_SET_FEATURES);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.nsid == 1 && r->sqe.cdw10 == SPDK_NVME_FEAT_ERROR_RECOVERY);
	CU_ASSERT(r->sqe.cdw11 == 0x10 && r->sqe.cdw12 == 0x77);
	CU_ASSERT(r->completed && r->sct == io.cpl.status.sct && r->sc == io.cpl.status.sc);

	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature_ns(ctrlr, SPDK_NVME_FEAT_ERROR_RECOVERY, 0,
			NULL, 0, dt_io_cb, &io, 1) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && io.calls == 1);
	r = last_cmd(m, 0, SPDK_NVME_OPC_GET_FEATURES);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.nsid == 1 && r->sqe.cdw10 == SPDK_NVME_FEAT_ERROR_RECOVERY);
	CU_ASSERT(r->completed && io.cpl.cdw0 == r->cdw0);

	/* The plain forms address no namespace. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0, NULL, 0,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	r = last_cmd(m, 0, SPDK_NVME_OPC_GET_FEATURES);
	CU_ASSERT(r != NULL && r->sqe.nsid == 0);

	CU_ASSERT(spdk_nvme_ctrlr_cmd_set_feature_ns(ctrlr, 1, 0, 0, NULL, 8, dt_io_cb, &io, 1) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature_ns(NULL, 1, 0, NULL, 0, dt_io_cb, &io, 1) ==
		  -EINVAL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_security(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	const struct nvme_model_cmd_record *r;
	uint8_t *out = malloc(512), *in = malloc(512), *dbuf = dma(512);
	struct dt_io io = { 0 };
	uint64_t before;

	CU_ASSERT_FATAL(out != NULL && in != NULL);
	nvme_model_opts_default(&o);
	o.security = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(ctrlr) & SPDK_NVME_CTRLR_SECURITY_SEND_RECV_SUPPORTED);

	/* Synchronous, from ordinary heap memory. */
	dt_fill_random(out, 512);
	CU_ASSERT(spdk_nvme_ctrlr_security_send(ctrlr, 0xea, 0x1234, 7, out, 512) == 0);
	r = last_cmd(m, 0, SPDK_NVME_OPC_SECURITY_SEND);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.cdw10 == (0xeau << 24 | 0x1234u << 8 | 7u) && r->sqe.cdw11 == 512);
	memset(in, 0, 512);
	CU_ASSERT(spdk_nvme_ctrlr_security_receive(ctrlr, 0xea, 0x1234, 7, in, 512) == 0);
	CU_ASSERT(memcmp(in, out, 512) == 0);
	r = last_cmd(m, 0, SPDK_NVME_OPC_SECURITY_RECEIVE);
	CU_ASSERT(r != NULL && r->sqe.cdw10 == (0xeau << 24 | 0x1234u << 8 | 7u) &&
		  r->sqe.cdw11 == 512);
	/* Another SPSP has nothing: the command fails, in is left alone. */
	memset(in, 0x5a, 512);
	CU_ASSERT(spdk_nvme_ctrlr_security_receive(ctrlr, 0xea, 0x9999, 7, in, 512) == -ENXIO);
	CU_ASSERT(in[0] == 0x5a && in[511] == 0x5a);

	/* Asynchronous: protocol 00h lists the supported protocols. */
	CU_ASSERT(spdk_nvme_ctrlr_cmd_security_receive(ctrlr, 0, 0, 0, dbuf, 512,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl) && io.calls == 1);
	CU_ASSERT(dbuf[7] == 2 && dbuf[8] == 0x00 && dbuf[9] == 0xea);
	memset(&io, 0, sizeof(io));
	memcpy(dbuf, out, 512);
	dbuf[0] = 0x42;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_security_send(ctrlr, 0xea, 1, 0, dbuf, 512,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(spdk_nvme_ctrlr_security_receive(ctrlr, 0xea, 1, 0, in, 512) == 0);
	CU_ASSERT(in[0] == 0x42 && memcmp(in + 1, out + 1, 511) == 0);

	before = dt_cmds_fetched(m);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_security_send(ctrlr, 0xea, 1, 0, NULL, 512,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_security_receive(NULL, 0xea, 1, 0, in, 512) == -EINVAL);
	CU_ASSERT(dt_cmds_fetched(m) == before);
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);	/* dbuf is still in use */
	dt_model_destroy(m);

	/* OACS bit 0 clear: the controller refuses the opcode. */
	m = dt_model_new(NULL);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_security_send(ctrlr, 0xea, 0, 0, out, 512) == -ENXIO);
	r = last_cmd(m, 0, SPDK_NVME_OPC_SECURITY_SEND);
	CU_ASSERT(r != NULL && r->sc == SPDK_NVME_SC_INVALID_OPCODE);
	free(out);
	free(in);
	spdk_free(dbuf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_directives(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	const struct nvme_model_cmd_record *r;
	uint8_t *buf = dma(4096);
	struct dt_io io = { 0 };

	nvme_model_opts_default(&o);
	o.directives = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(ctrlr) & SPDK_NVME_CTRLR_DIRECTIVES_SUPPORTED);

	/* Identify directive, Return Parameters (§9.1.1): NUMD 0's based, DOPER/DTYPE/DSPEC. */
	CU_ASSERT(spdk_nvme_ctrlr_cmd_directive_receive(ctrlr, 1, 1, 0, 0, buf, 4096, 0, 0,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	r = last_cmd(m, 0, SPDK_NVME_OPC_DIRECTIVE_RECEIVE);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.nsid == 1 && r->sqe.cdw10 == 1023 && r->sqe.cdw11 == 1);
	CU_ASSERT(buf[0] == 0x3 && buf[32] == 0x1);

	/* Enable streams (DTYPE 1 in CDW12 15:8, ENDIR bit 0), then it shows as enabled. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_directive_send(ctrlr, 1, 1, 0, 0x1234, NULL, 0,
			(1u << 8) | 1u, 0xcafe, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	r = last_cmd(m, 0, SPDK_NVME_OPC_DIRECTIVE_SEND);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.cdw10 == 0 && r->sqe.cdw11 == (0x1234u << 16 | 1u));
	CU_ASSERT(r->sqe.cdw12 == 0x101 && r->sqe.cdw13 == 0xcafe);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_directive_receive(ctrlr, 1, 1, 0, 0, buf, 64, 0, 0,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(buf[32] == 0x3);
	r = last_cmd(m, 0, SPDK_NVME_OPC_DIRECTIVE_RECEIVE);
	CU_ASSERT(r != NULL && r->sqe.cdw10 == 15);

	/* An operation the model lacks: the status reaches the callback. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_directive_receive(ctrlr, 1, 2, 1, 0, buf, 64, 0, 0,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && io.cpl.status.sc == SPDK_NVME_SC_INVALID_FIELD);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_directive_send(ctrlr, 1, 1, 0, 0, NULL, 64, 0, 0,
			dt_io_cb, &io) == -EINVAL);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- ABORT by callback argument --------------------------------------------- */

static void
test_abort_ext(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct dt_io x = { 0 }, y = { 0 }, ab = { 0 }, w = { 0 };
	uint8_t *buf = dma(3 * 4096);
	const struct nvme_model_cmd_record *r;
	uint16_t cids[2];
	unsigned int n = 0;

	CU_ASSERT_FATAL(qpair != NULL && ns != NULL);
	/* Two reads with argument &x, one with &y, all held by the controller. */
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 3) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &x, 0) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf + 4096, 8, 8, dt_io_cb, &y, 0) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf + 8192, 16, 8, dt_io_cb, &x, 0) == 0);
	for (unsigned int back = 0; back < 3; back++) {
		r = nvme_model_cmd_log(m, back);
		if (r != NULL && r->qid == 1 && (r->sqe.cdw10 == 0 || r->sqe.cdw10 == 16)) {
			cids[n++] = r->sqe.cid;
		}
	}
	CU_ASSERT_FATAL(n == 2);

	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort_ext(ctrlr, qpair, &x, dt_io_cb, &ab) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &ab) && ab.calls == 1);
	CU_ASSERT(dt_cpl_ok(&ab.cpl) && (ab.cpl.cdw0 & 1) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_ABORT] == 2);
	/* One ABORT per command: CID << 16 | SQID. */
	n = 0;
	for (unsigned int back = 0; back < 8; back++) {
		r = nvme_model_cmd_log(m, back);
		if (r != NULL && r->sqe.opc == SPDK_NVME_OPC_ABORT && r->qid == 0) {
			CU_ASSERT((r->sqe.cdw10 & 0xffff) == 1);
			CU_ASSERT((r->sqe.cdw10 >> 16) == cids[0] || (r->sqe.cdw10 >> 16) == cids[1]);
			n++;
		}
	}
	CU_ASSERT(n == 2);
	for (unsigned int i = 0; i < 10; i++) {
		spdk_nvme_qpair_process_completions(qpair, 0);
	}
	CU_ASSERT(x.calls == 2 && x.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(y.calls == 0);	/* still held */

	/* Nothing left with &x; NULL is no argument. */
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort_ext(ctrlr, qpair, &x, dt_io_cb, &ab) == -ENOENT);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort_ext(ctrlr, qpair, NULL, dt_io_cb, &ab) == -EINVAL);
	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(dt_wait_io(qpair, &y) && dt_cpl_ok(&y.cpl));

	/* Completed by the controller but not reaped yet: the ABORT finds nothing (CDW0 bit 0). */
	memset(&ab, 0, sizeof(ab));
	memset(&y, 0, sizeof(y));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &y, 0) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort_ext(ctrlr, qpair, &y, dt_io_cb, &ab) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &ab) && dt_cpl_ok(&ab.cpl) && (ab.cpl.cdw0 & 1) == 1);
	CU_ASSERT(dt_wait_io(qpair, &y) && dt_cpl_ok(&y.cpl));

	/* The admin queue (qpair NULL). */
	memset(&ab, 0, sizeof(ab));
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0, NULL, 0,
			dt_io_cb, &w) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort_ext(ctrlr, NULL, &w, dt_io_cb, &ab) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &ab) && (ab.cpl.cdw0 & 1) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &w) && w.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	r = last_cmd(m, 0, SPDK_NVME_OPC_ABORT);
	CU_ASSERT(r != NULL && (r->sqe.cdw10 & 0xffff) == 0);

	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* A command still waiting in the driver for a slot is ended without an ABORT. */
static void
test_abort_ext_queued(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	struct spdk_nvme_io_qpair_opts qo;
	struct spdk_nvme_qpair *qpair;
	struct dt_io held = { 0 }, queued = { 0 }, ab = { 0 };
	struct spdk_nvme_dsm_range range = { .starting_lba = 64, .length = 8 };
	uint8_t *buf = dma(8192);
	uint64_t aborts;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = 2;		/* one command at a time */
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(qpair != NULL);
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &held, 0) == 0);
	/* A DSM waits with its own copy of the ranges: aborting it must free that. */
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			&range, 1, dt_io_cb, &queued) == 0);
	aborts = nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_ABORT];

	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort_ext(ctrlr, qpair, &queued, dt_io_cb, &ab) == 0);
	/* Both ended before the call returned; no ABORT reached the controller. */
	CU_ASSERT(queued.calls == 1 && queued.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(queued.cpl.status.dnr == 1);
	CU_ASSERT(nvme_model_get_stats(m)->io_cmds[SPDK_NVME_OPC_DATASET_MANAGEMENT] == 0);
	CU_ASSERT(ab.calls == 1 && dt_cpl_ok(&ab.cpl) && ab.cpl.cdw0 == 0);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_ABORT] == aborts);
	CU_ASSERT(held.calls == 0);
	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(dt_wait_io(qpair, &held) && dt_cpl_ok(&held.cpl));
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Raw I/O with the caller's data pointer ------------------------------- */

static void
test_io_cmd_raw_no_payload_build(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = dma(4096);
	uint64_t size, len = 4096;
	uint8_t *media = nvme_model_ns_mem(m, 1, &size);
	struct spdk_nvme_cmd cmd = { 0 };
	const struct nvme_model_cmd_record *r;
	struct dt_io io = { 0 };
	uint64_t iova;

	CU_ASSERT_FATAL(qpair != NULL && media != NULL);
	dt_fill_random(media + 512 * 4, 512);
	iova = spdk_vtophys(buf, &len);
	CU_ASSERT_FATAL(iova != SPDK_VTOPHYS_ERROR);
	/* READ of LBA 4, one block, into a PRP1 the caller computed. */
	cmd.opc = SPDK_NVME_OPC_READ;
	cmd.nsid = 1;
	cmd.cdw10 = 4;
	cmd.dptr.prp.prp1 = iova;
	CU_ASSERT(spdk_nvme_ctrlr_io_cmd_raw_no_payload_build(ctrlr, qpair, &cmd,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_io(qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(memcmp(buf, media + 512 * 4, 512) == 0);
	r = last_cmd(m, 1, SPDK_NVME_OPC_READ);
	CU_ASSERT(r != NULL && r->sqe.dptr.prp.prp1 == iova && r->sqe.cdw10 == 4);

	CU_ASSERT(spdk_nvme_ctrlr_io_cmd_raw_no_payload_build(ctrlr, NULL, &cmd,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_io_cmd_raw_no_payload_build(ctrlr, qpair, NULL,
			dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * As SPDK, the async admin calls take ordinary memory too (SPDK's programs
 * pass malloc'ed log pages): it travels through a DMA copy, filled before
 * the command for host-to-controller data, copied back before the callback
 * otherwise.  DMA memory is used in place.
 */
static void
test_admin_user_copy(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	const struct nvme_model_cmd_record *r;
	struct spdk_nvme_health_information_page *h = malloc(4096);
	uint8_t *out = malloc(512), *in = malloc(512), *dbuf = dma(512);
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(h != NULL && out != NULL && in != NULL);
	nvme_model_opts_default(&o);
	o.security = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);

	/* Controller to host: the heap page is filled when the callback runs. */
	memset(h, 0xa5, 4096);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, h, 512, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl) && io.calls == 1);
	CU_ASSERT(h->temperature == 311);
	CU_ASSERT(((uint8_t *)h)[512] == 0xa5);		/* nothing past the length */
	r = last_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE);
	CU_ASSERT(r != NULL && r->sqe.dptr.prp.prp1 != (uint64_t)(uintptr_t)h);

	/* Host to controller from the heap, read back into the heap. */
	dt_fill_random(out, 512);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_security_send(ctrlr, 0xea, 3, 0, out, 512,
			dt_io_cb, &io) == 0);
	memset(out, 0, 16);	/* copied at submission: later changes do not travel */
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	memset(&io, 0, sizeof(io));
	memset(in, 0, 512);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_security_receive(ctrlr, 0xea, 3, 0, in, 512,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(memcmp(in + 16, out + 16, 512 - 16) == 0);
	CU_ASSERT(in[0] != 0 || in[1] != 0 || in[2] != 0 || in[3] != 0);	/* the original bytes */

	/* DMA memory goes to the device as it is. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, dbuf, 512, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	r = last_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE);
	CU_ASSERT(r != NULL && r->sqe.dptr.prp.prp1 == spdk_vtophys(dbuf, NULL));

	free(h);
	free(out);
	free(in);
	spdk_free(dbuf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_get_log_page_ext);
	ADD(test_feature_ns);
	ADD(test_security);
	ADD(test_directives);
	ADD(test_abort_ext);
	ADD(test_abort_ext_queued);
	ADD(test_io_cmd_raw_no_payload_build);
	ADD(test_admin_user_copy);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_ctrlr_cmd_ext", add_tests);
}
