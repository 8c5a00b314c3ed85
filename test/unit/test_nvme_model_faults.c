/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The controller model on its own, without the driver (see
 * test_nvme_model.c): queue mechanics (CQ wrap and phase, a full CQ,
 * doorbell errors) and fault injection (ready timeouts, held and failed
 * commands, bad CQEs, CFS, surprise removal), async events, two models,
 * and a model started enabled, from the hand-written host in model_host.h.
 */
#include "model_host.h"

/* ------------------------------------------------------------------------ */
/* Queue mechanics                                                            */
/* ------------------------------------------------------------------------ */

static void
test_cq_wrap_phase(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	int i;

	host_bringup(&h, m, 4, 4);
	/* 3 wraps of a 4-entry CQ: phase 1,1,1,1 then 0,0,0,0 then 1... */
	for (i = 0; i < 12; i++) {
		uint8_t expected_phase = (uint8_t)(((i / 4) % 2) == 0 ? 1 : 0);

		c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
		cpl = exec(&h, &h.io, &c);
		CU_ASSERT(CPL_OK(cpl));
		CU_ASSERT(cpl.status.p == expected_phase);
		CU_ASSERT(cpl.sqhd == (uint16_t)((i + 1) % 4));
		CU_ASSERT(nvme_model_cq_tail(m, 1) == (uint32_t)((i + 1) % 4));
	}
	/* The admin queue wraps too (16 entries, a few commands already). */
	for (i = 0; i < 40; i++) {
		c = mkcmd(SPDK_NVME_OPC_GET_FEATURES, 0);
		c.cdw10_bits.get_features.fid = SPDK_NVME_FEAT_ARBITRATION;
		cpl = exec(&h, &h.admin, &c);
		CU_ASSERT(CPL_OK(cpl));
	}
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_cq_full(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint16_t cids[7];
	int i, got;

	/* SQ of 8 (7 usable), CQ of 4 (3 usable). */
	host_bringup(&h, m, 8, 4);
	for (i = 0; i < 7; i++) {
		c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
		cids[i] = enqueue(&h, &h.io, &c);
	}
	ring(&h, &h.io);
	/* Only 3 fit in the CQ; the model stopped fetching at SQ head 3. */
	CU_ASSERT(nvme_model_sq_head(m, 1) == 3);
	CU_ASSERT(nvme_model_cq_tail(m, 1) == 3);
	CU_ASSERT(h.io.cq[3].status.p == 0);	/* the 4th slot is untouched */
	CU_ASSERT(nvme_model_get_stats(m)->cq_full_stalls == 1);

	/* Consume 2 without ringing: still stalled. */
	CU_ASSERT(poll_one(&h, &h.io, &cpl, false) && cpl.cid == cids[0]);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, false) && cpl.cid == cids[1]);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 3);
	/* Ring the CQ head: the model resumes and fills the two free slots. */
	wr32(&h, db_off(&h, 1, true), h.io.cq_head);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 5);
	got = 2;
	while (poll_one(&h, &h.io, &cpl, true)) {
		CU_ASSERT(cpl.cid == cids[got]);
		CU_ASSERT(CPL_OK(cpl));
		got++;
	}
	CU_ASSERT(got == 7);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 7);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_doorbell_errors(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;

	/* Tail beyond the SQ size: CFS. */
	host_bringup(&h, m, 8, 8);
	wr32(&h, db_off(&h, 1, false), 8);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(strstr(nvme_model_last_error(m), "tail doorbell") != NULL);
	host_disable(&h);
	host_fini(&h);

	/* CQ head past what was posted: CFS. */
	host_bringup(&h, m, 8, 8);
	wr32(&h, db_off(&h, 1, true), 2);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);
	host_fini(&h);

	/* Doorbell of a queue that does not exist: CFS. */
	host_bringup(&h, m, 8, 8);
	wr32(&h, db_off(&h, 3, false), 1);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);
	host_fini(&h);

	/* Doorbell before the controller is ready: ignored, recorded. */
	host_init(&h, m);
	wr32(&h, db_off(&h, 0, false), 1);
	CU_ASSERT(strstr(nvme_model_last_error(m), "not ready") != NULL);
	CU_ASSERT(csts(&h).bits.cfs == 0);

	/*
	 * Tail moving backwards while the model is stalled on a full CQ (it
	 * looks like the host overran the SQ): CFS.
	 */
	host_bringup(&h, m, 8, 4);
	{
		struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
		int i;

		for (i = 0; i < 7; i++) {
			enqueue(&h, &h.io, &c);
		}
		ring(&h, &h.io);
		CU_ASSERT(nvme_model_sq_head(m, 1) == 3);
		CU_ASSERT(csts(&h).bits.cfs == 0);
		wr32(&h, db_off(&h, 1, false), 5);
		CU_ASSERT(csts(&h).bits.cfs == 1);
	}
	host_disable(&h);
	host_fini(&h);

	/* A reset drops held commands. */
	host_bringup(&h, m, 8, 8);
	{
		struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);

		nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1);
		submit(&h, &h.io, &c);
		CU_ASSERT(nvme_model_held_count(m) == 1);
		CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	}
	host_disable(&h);
	CU_ASSERT(nvme_model_held_count(m) == 0);
	host_fini(&h);
	destroy_model(m);
}

/* ------------------------------------------------------------------------ */
/* Fault injection                                                            */
/* ------------------------------------------------------------------------ */

static void
test_fault_ready(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cc_register cc;
	uint64_t t0;
	int i;

	host_init(&h, m);

	/* Never ready. */
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_NEVER, 0);
	CU_ASSERT(host_enable(&h, 8, 1000) == -1);
	host_disable(&h);

	/* Ready on the 6th CSTS read. */
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_AFTER_READS, 5);
	CU_ASSERT(host_enable(&h, 8, 100) == 6);
	host_disable(&h);

	/* Ready after 250 ms of (virtual) time. */
	mock_env_set_virtual_time(true, 0);
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_AFTER_MS, 250);
	t0 = spdk_get_ticks();
	CU_ASSERT(host_enable(&h, 8, 1) == -1);
	for (i = 0; i < 100 && !csts(&h).bits.rdy; i++) {
		spdk_delay_us(10000);
	}
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(spdk_get_ticks() - t0 >= 250000000ULL);
	CU_ASSERT(spdk_get_ticks() - t0 < 270000000ULL);
	mock_env_set_virtual_time(false, 0);

	/* RDY goes to 0 only after 3 reads on disable. */
	nvme_model_inject_disable_delay(m, NVME_MODEL_READY_AFTER_READS, 3);
	cc.raw = rd32(&h, 0x14);
	cc.bits.en = 0;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(csts(&h).bits.rdy == 0);

	/* Shutdown that never completes. */
	nvme_model_clear_faults(m);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	nvme_model_inject_shutdown_delay(m, NVME_MODEL_READY_NEVER, 0);
	cc.raw = rd32(&h, 0x14);
	cc.bits.shn = SPDK_NVME_SHN_ABRUPT;
	wr32(&h, 0x14, cc.raw);
	for (i = 0; i < 100; i++) {
		CU_ASSERT(csts(&h).bits.shst == SPDK_NVME_SHST_OCCURRING);
	}
	nvme_model_clear_faults(m);
	host_disable(&h);

	/* CFS instead of RDY on enable. */
	nvme_model_inject_cfs_on_enable(m, true);
	CU_ASSERT(host_enable(&h, 8, 10) == -1);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);
	nvme_model_inject_cfs_on_enable(m, false);
	CU_ASSERT(host_enable(&h, 8, 10) == 1);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

static void
test_fault_status_hold_abort(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint16_t held_cid;

	host_bringup(&h, m, 16, 16);

	/* The next 2 flushes on any I/O queue fail with an injected status. */
	CU_ASSERT(nvme_model_inject_status(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_FLUSH,
					   SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, false, 2) == 0);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR) && cpl.status.dnr == 0);
	c = mkcmd(SPDK_NVME_OPC_WRITE_ZEROES, 1);	/* not a flush: unaffected */
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));

	/* Hold (swallow) the next I/O: no completion. */
	CU_ASSERT(nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1) == 0);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	held_cid = submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(nvme_model_held_count(m) == 1);

	/* Abort a command that is not there: not aborted (cdw0 bit 0). */
	c = mkcmd(SPDK_NVME_OPC_ABORT, 0);
	c.cdw10_bits.abort.sqid = 1;
	c.cdw10_bits.abort.cid = 0x7777;
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl) && (cpl.cdw0 & 1) == 1);

	/* Abort the held one: it completes ABORTED BY REQUEST, abort cdw0 bit 0 = 0. */
	c.cdw10_bits.abort.cid = held_cid;
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl) && (cpl.cdw0 & 1) == 0);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(cpl.cid == held_cid);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_ABORTED_BY_REQUEST));
	CU_ASSERT(nvme_model_held_count(m) == 0);

	/* Hold, then release: executes normally. */
	nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	held_cid = submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == held_cid && CPL_OK(cpl));

	/* Hold, then delete the SQ: ABORTED - SQ DELETION before the delete completes. */
	nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	held_cid = submit(&h, &h.io, &c);
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_SQ, 1);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == held_cid);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_ABORTED_SQ_DELETION));

	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_fault_bad_cqe(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl, cpl2;
	struct spdk_nvme_cmd c;
	uint16_t cid;

	host_bringup(&h, m, 16, 16);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_BAD_CID, 0xbeef, 1);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == 0xbeef);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_BAD_SQID, 9, 1);
	cid = submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.sqid == 9 && cpl.cid == cid);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_BAD_SQHD, 200, 1);
	submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.sqhd == 200);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_DUPLICATE, 0, 1);
	cid = submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == cid);
	CU_ASSERT(poll_one(&h, &h.io, &cpl2, true) && cpl2.cid == cid);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl2, true));

	/* Back to normal. */
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(CPL_OK(cpl));
	host_teardown(&h);
	destroy_model(m);
}

static void
test_fault_cfs_at_cmd(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;

	host_bringup(&h, m, 16, 16);
	nvme_model_inject_cfs_at_cmd(m, 2);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(CPL_OK(cpl));
	submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 1);	/* the 2nd was never fetched */
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.cfs == 0);
	host_fini(&h);
	destroy_model(m);
}

static void
test_surprise_removal(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;

	host_bringup(&h, m, 16, 16);
	nvme_model_surprise_remove(m);
	CU_ASSERT(rd32(&h, 0x1c) == 0xffffffffu);
	CU_ASSERT(rd64(&h, 0) == UINT64_MAX);
	CU_ASSERT(rd32(&h, 0x08) == 0xffffffffu);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	host_fini(&h);
	destroy_model(m);
}

static void
test_async_events(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint32_t *log;
	int i;

	nvme_model_opts_default(&o);
	o.nn = 2;
	o.ns[1] = (struct nvme_model_ns_opts) { .active = false, .num_blocks = 128, .block_size = 512 };
	m = model_new(&o);
	host_init(&h, m);
	CU_ASSERT_FATAL(host_enable(&h, 16, 1) == 1);

	/* AERL = 3: four may be outstanding, the fifth is refused. */
	for (i = 0; i < 4; i++) {
		c = mkcmd(SPDK_NVME_OPC_ASYNC_EVENT_REQUEST, 0);
		submit(&h, &h.admin, &c);
		CU_ASSERT(!poll_one(&h, &h.admin, &cpl, true));
	}
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);
	c = mkcmd(SPDK_NVME_OPC_ASYNC_EVENT_REQUEST, 0);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED));

	/* Attach namespace 2: a notice completes one AER. */
	CU_ASSERT(nvme_model_set_ns_active(m, 2, true) == 0);
	CU_ASSERT(poll_one(&h, &h.admin, &cpl, true));
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT((cpl.cdw0 & 7) == SPDK_NVME_ASYNC_EVENT_TYPE_NOTICE);
	CU_ASSERT(((cpl.cdw0 >> 8) & 0xff) == SPDK_NVME_ASYNC_EVENT_NS_ATTR_CHANGED);
	CU_ASSERT(((cpl.cdw0 >> 16) & 0xff) == SPDK_NVME_LOG_CHANGED_NS_LIST);
	CU_ASSERT(nvme_model_outstanding_aers(m) == 3);

	log = spdk_zmalloc(PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(log != NULL);
	c = mkcmd(SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_GLOBAL_NS_TAG);
	c.cdw10_bits.get_log_page.lid = SPDK_NVME_LOG_CHANGED_NS_LIST;
	c.cdw10_bits.get_log_page.numdl = spdk_nvme_bytes_to_numd(4096) & 0xffff;
	c.dptr.prp.prp1 = spdk_vtophys(log, NULL);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(log[0] == 2 && log[1] == 0);

	/* Events with no AER outstanding wait for the next one. */
	nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_SMART,
				    SPDK_NVME_ASYNC_EVENT_TEMPERATURE_THRESHOLD,
				    SPDK_NVME_LOG_HEALTH_INFORMATION);
	CU_ASSERT(poll_one(&h, &h.admin, &cpl, true));	/* one of the 3 still outstanding */
	CU_ASSERT((cpl.cdw0 & 7) == SPDK_NVME_ASYNC_EVENT_TYPE_SMART);

	/* A reset drops outstanding AERs without completing them. */
	host_disable(&h);
	CU_ASSERT(nvme_model_outstanding_aers(m) == 0);
	spdk_free(log);
	host_fini(&h);
	destroy_model(m);
}

static void
test_two_models_dstrd(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m0, *m1;
	struct host h0, h1;
	struct spdk_nvme_ctrlr_data *cd;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;

	nvme_model_opts_default(&o);
	m0 = model_new(&o);
	o.dstrd = 2;		/* 16-byte doorbell stride */
	o.mqes = 63;
	o.mdts = 0;
	snprintf(o.serial, sizeof(o.serial), "SECOND");
	o.bdf = "0000:3a:00.0";
	m1 = model_new(&o);
	CU_ASSERT(strcmp(nvme_model_bdf(m1), "0000:3a:00.0") == 0);

	host_bringup(&h0, m0, 8, 8);
	host_bringup(&h1, m1, 8, 8);
	CU_ASSERT(h1.stride == 16);

	cd = spdk_zmalloc(sizeof(*cd), PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(cd != NULL);
	cpl = identify(&h1, SPDK_NVME_IDENTIFY_CTRLR, 0, cd);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(memcmp(cd->sn, "SECOND ", 7) == 0 && cd->mdts == 0);
	cpl = identify(&h0, SPDK_NVME_IDENTIFY_CTRLR, 0, cd);
	CU_ASSERT(memcmp(cd->sn, "EALNVME0000", 11) == 0);

	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	CU_ASSERT(CPL_OK(exec(&h1, &h1.io, &c)));
	CU_ASSERT(CPL_OK(exec(&h0, &h0.io, &c)));
	CU_ASSERT(nvme_model_get_stats(m0)->io_cmds[SPDK_NVME_OPC_FLUSH] == 1);
	CU_ASSERT(nvme_model_get_stats(m1)->io_cmds[SPDK_NVME_OPC_FLUSH] == 1);
	CU_ASSERT(nvme_model_get_stats(m1)->sq_doorbells == 1 + 4);	/* 4 admin commands */
	CU_ASSERT(nvme_model_get_stats(m0)->errors == 0);
	CU_ASSERT(nvme_model_get_stats(m1)->errors == 0);

	/* MQES 63: a 65-entry queue is refused. */
	cpl = create_cq(&h1, 2, 65, h1.io.cq_iova, true);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_SIZE));

	spdk_free(cd);
	host_teardown(&h0);
	host_teardown(&h1);
	destroy_model(m0);
	destroy_model(m1);
}

static void
test_null_data_and_4k_ns(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint8_t *buf;

	nvme_model_opts_default(&o);
	o.ns[0].block_size = 4096;
	o.ns[0].num_blocks = 1 << 20;	/* 4 GiB, nothing stored */
	o.null_data = true;
	o.record_commands = false;
	m = model_new(&o);
	host_bringup(&h, m, 16, 16);
	CU_ASSERT(nvme_model_ns_mem(m, 1, NULL) == NULL);
	buf = spdk_zmalloc(2 * PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, 0x33, 2 * PAGE);

	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, (1 << 20) - 2, 2, spdk_vtophys(buf, NULL),
		   spdk_vtophys(buf + PAGE, NULL));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, (1 << 20) - 2, 2, spdk_vtophys(buf, NULL),
		   spdk_vtophys(buf + PAGE, NULL));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	CU_ASSERT(buf[0] == 0x33);	/* left alone */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 1 << 20, 1, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_LBA_OUT_OF_RANGE));
	/* 33 blocks of 4 KiB = 132 KiB > MDTS. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 33, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));
	CU_ASSERT(nvme_model_cmd_log(m, 0) == NULL);

	spdk_free(buf);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_start_enabled(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct host h;

	nvme_model_opts_default(&o);
	o.start_enabled = true;
	m = model_new(&o);
	host_init(&h, m);
	/* Left enabled by a previous owner: the host must disable first. */
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT((rd32(&h, 0x14) & 1) == 1);
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.rdy == 0);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("nvme_model_faults", NULL, NULL);
	if (suite == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_cq_wrap_phase);
	ADD(test_cq_full);
	ADD(test_doorbell_errors);
	ADD(test_fault_ready);
	ADD(test_fault_status_hold_abort);
	ADD(test_fault_bad_cqe);
	ADD(test_fault_cfs_at_cmd);
	ADD(test_surprise_removal);
	ADD(test_async_events);
	ADD(test_two_models_dstrd);
	ADD(test_null_data_and_4k_ns);
	ADD(test_start_enabled);
#undef ADD

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
