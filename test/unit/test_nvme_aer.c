/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Asynchronous events, keep-alive and command timeouts against the
 * controller model, through the public API.  Keep-alive and timeouts run in
 * virtual time (mock env): seconds pass in no time and exactly.
 */
#include "nvme_driver_test.h"

#define MS	1000000ull	/* ns */

struct aer_seen {
	unsigned int			calls;
	union spdk_nvme_async_event_completion last;
	bool				ns2_active_in_cb;
	uint64_t			log_reads_in_cb;	/* GET LOG PAGEs when called */
	struct spdk_nvme_ctrlr		*ctrlr;
	struct nvme_model		*m;
};

static void
aer_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct aer_seen *s = arg;

	s->calls++;
	s->last.raw = cpl->cdw0;
	s->ns2_active_in_cb = spdk_nvme_ctrlr_is_active_ns(s->ctrlr, 2);
	s->log_reads_in_cb = nvme_model_get_stats(s->m)->admin_cmds[SPDK_NVME_OPC_GET_LOG_PAGE];
}

static void
poll_admin(struct spdk_nvme_ctrlr *ctrlr, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
}

static void
test_aer_armed_at_init(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	union spdk_nvme_feat_async_event_configuration aec;

	/* AERL 3: four outstanding; AEC enables critical warnings and NS notices. */
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);
	aec.raw = nvme_model_feature(m, SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION);
	CU_ASSERT(aec.bits.crit_warn.raw == 0x1f && aec.bits.ns_attr_notice == 1);
	CU_ASSERT(aec.bits.fw_activation_notice == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_aer_ns_attribute_changed(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct aer_seen seen = { 0 };
	uint64_t logs_before;

	nvme_model_opts_default(&o);
	o.nn = 2;
	o.ns[1].active = false;
	o.ns[1].num_blocks = 256;
	o.ns[1].block_size = 4096;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	seen.ctrlr = ctrlr;
	seen.m = m;
	spdk_nvme_ctrlr_register_aer_callback(ctrlr, aer_cb, &seen);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));

	logs_before = nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_GET_LOG_PAGE];
	CU_ASSERT(nvme_model_set_ns_active(m, 2, true) == 0);
	CU_ASSERT(seen.calls == 0);	/* only from the admin poll */
	poll_admin(ctrlr, 3);
	CU_ASSERT(seen.calls == 1);
	CU_ASSERT(seen.last.bits.async_event_type == SPDK_NVME_ASYNC_EVENT_TYPE_NOTICE);
	CU_ASSERT(seen.last.bits.async_event_info == SPDK_NVME_ASYNC_EVENT_NS_ATTR_CHANGED);
	/* Before the callback: changed-NS log read (event cleared), namespace list re-read. */
	CU_ASSERT(seen.log_reads_in_cb == logs_before + 1);
	CU_ASSERT(dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_LOG_CHANGED_NS_LIST) != NULL);
	CU_ASSERT(seen.ns2_active_in_cb);
	CU_ASSERT(spdk_nvme_ns_get_sector_size(spdk_nvme_ctrlr_get_ns(ctrlr, 2)) == 4096);
	CU_ASSERT(nvme_model_masked_event_types(m) == 0);
	/* Re-armed. */
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);

	/* And it works again: detach the namespace. */
	CU_ASSERT(nvme_model_set_ns_active(m, 2, false) == 0);
	poll_admin(ctrlr, 3);
	CU_ASSERT(seen.calls == 2);
	CU_ASSERT(!seen.ns2_active_in_cb);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 1) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_aer_smart_temperature(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct aer_seen seen = { .ctrlr = ctrlr, .m = m };
	struct dt_io io = { 0 };
	const struct nvme_model_cmd_record *r;

	spdk_nvme_ctrlr_register_aer_callback(ctrlr, aer_cb, &seen);
	/* Over-temperature threshold below the current 311 K. */
	CU_ASSERT(spdk_nvme_ctrlr_cmd_set_feature(ctrlr, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD, 300,
			0, NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	poll_admin(ctrlr, 3);
	CU_ASSERT(seen.calls == 1);
	CU_ASSERT(seen.last.bits.async_event_type == SPDK_NVME_ASYNC_EVENT_TYPE_SMART);
	CU_ASSERT(seen.last.bits.async_event_info == SPDK_NVME_ASYNC_EVENT_TEMPERATURE_THRESHOLD);
	CU_ASSERT(seen.last.bits.log_page_identifier == SPDK_NVME_LOG_HEALTH_INFORMATION);
	/* The driver read the health log (RAE clear): the SMART type is unmasked. */
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_LOG_HEALTH_INFORMATION);
	CU_ASSERT(r != NULL && (r->sqe.cdw10 & (1u << 15)) == 0);
	CU_ASSERT(nvme_model_masked_event_types(m) == 0);
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);

	/* So the next crossing is reported too. */
	nvme_model_set_temperature(m, 320);
	poll_admin(ctrlr, 3);
	CU_ASSERT(seen.calls == 2);
	CU_ASSERT(seen.last.bits.async_event_type == SPDK_NVME_ASYNC_EVENT_TYPE_SMART);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_aer_error_event_clears(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct aer_seen seen = { .ctrlr = ctrlr, .m = m };

	spdk_nvme_ctrlr_register_aer_callback(ctrlr, aer_cb, &seen);
	nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_ERROR,
				    SPDK_NVME_ASYNC_EVENT_PERSISTENT_INTERNAL, SPDK_NVME_LOG_ERROR);
	poll_admin(ctrlr, 3);
	CU_ASSERT(seen.calls == 1);
	CU_ASSERT(dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_LOG_ERROR) != NULL);
	CU_ASSERT(nvme_model_masked_event_types(m) == 0);
	/* Two more of the same type: both come through, one after the other. */
	nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_ERROR,
				    SPDK_NVME_ASYNC_EVENT_TRANSIENT_INTERNAL, SPDK_NVME_LOG_ERROR);
	nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_ERROR,
				    SPDK_NVME_ASYNC_EVENT_TRANSIENT_INTERNAL, SPDK_NVME_LOG_ERROR);
	poll_admin(ctrlr, 5);
	CU_ASSERT(seen.calls == 3);
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* Detach and reset complete the outstanding AERs as aborted: not events. */
static void
test_aer_aborted_not_reported(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct aer_seen seen = { .ctrlr = ctrlr, .m = m };
	uint64_t aers_sent = nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_ASYNC_EVENT_REQUEST];

	spdk_nvme_ctrlr_register_aer_callback(ctrlr, aer_cb, &seen);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	poll_admin(ctrlr, 3);
	CU_ASSERT(seen.calls == 0);
	/* Exactly a fresh set after the reset, not the aborted ones sent again. */
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_ASYNC_EVENT_REQUEST] ==
		  aers_sent + 4);
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(seen.calls == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

/* ---- Keep-alive --------------------------------------------------------------- */

static struct spdk_nvme_ctrlr *
connect_kato(struct nvme_model *m, uint32_t kato_ms)
{
	struct spdk_nvme_transport_id trid;
	struct spdk_nvme_ctrlr_opts opts;

	dt_trid(&trid, nvme_model_bdf(m));
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	CU_ASSERT(opts.keep_alive_timeout_ms == 10000);
	opts.keep_alive_timeout_ms = kato_ms;
	return spdk_nvme_connect(&trid, &opts, sizeof(opts));
}

static uint64_t
keep_alives(const struct nvme_model *m)
{
	return nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_KEEP_ALIVE];
}

static void
test_keep_alive_from_io_polls(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	uint64_t sent;

	nvme_model_opts_default(&o);
	o.kas = 1;		/* 100 ms granularity */
	m = dt_model_new(&o);
	mock_env_set_virtual_time(true, 0);
	ctrlr = connect_kato(m, 1000);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(nvme_model_feature(m, SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) == 1000);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);

	/* 10 s polling only the I/O qpair, every 50 ms: one KEEP ALIVE per 500 ms. */
	sent = keep_alives(m);
	for (int i = 0; i < 200; i++) {
		mock_env_advance_time_ns(50 * MS);
		CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) >= 0);
	}
	CU_ASSERT(keep_alives(m) - sent >= 19 && keep_alives(m) - sent <= 21);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).bits.cfs == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));

	/* The model enforces KATO: nobody polls for 2 s -> CSTS.CFS. */
	mock_env_advance_time_ns(2000 * MS);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).bits.cfs == 1);
	mock_env_set_virtual_time(false, 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_keep_alive_rounding_and_off(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;

	/* KAS 5 (500 ms): 1200 ms rounds up to 1500. */
	nvme_model_opts_default(&o);
	o.kas = 5;
	m = dt_model_new(&o);
	ctrlr = connect_kato(m, 1200);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(nvme_model_feature(m, SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) == 1500);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* keep_alive_timeout_ms 0: not configured, never sent. */
	m = dt_model_new(&o);
	mock_env_set_virtual_time(true, 0);
	ctrlr = connect_kato(m, 0);
	CU_ASSERT_FATAL(ctrlr != NULL);
	mock_env_advance_time_ns(60000 * MS);
	poll_admin(ctrlr, 2);
	CU_ASSERT(keep_alives(m) == 0);
	CU_ASSERT(dt_find_cmd(m, 0, SPDK_NVME_OPC_SET_FEATURES, SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) == NULL);
	mock_env_set_virtual_time(false, 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* KAS 0 (like QEMU): default opts, nothing sent even after a minute. */
	m = dt_model_new(NULL);
	mock_env_set_virtual_time(true, 0);
	ctrlr = dt_attach(m);
	mock_env_advance_time_ns(60000 * MS);
	poll_admin(ctrlr, 2);
	CU_ASSERT(keep_alives(m) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	mock_env_set_virtual_time(false, 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Timeouts ---------------------------------------------------------------- */

struct timeout_seen {
	unsigned int		calls;
	unsigned int		admin_calls;
	struct spdk_nvme_qpair	*qpair;
	uint16_t		cid;
};

static void
timeout_cb(void *arg, struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair, uint16_t cid)
{
	struct timeout_seen *t = arg;

	(void)ctrlr;
	if (qpair == NULL) {
		t->admin_calls++;
	} else {
		t->calls++;
	}
	t->qpair = qpair;
	t->cid = cid;
}

static void
test_timeouts(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct timeout_seen t = { 0 };
	struct dt_io rd = { 0 }, rd2 = { 0 }, gf = { 0 };
	const struct nvme_model_cmd_record *r;
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(buf != NULL);
	mock_env_set_virtual_time(true, 0);
	ctrlr = dt_attach(m);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	spdk_nvme_ctrlr_register_timeout_callback(ctrlr, 1000, 3000, timeout_cb, &t);

	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, &rd, 0) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0, NULL, 0,
			dt_io_cb, &gf) == 0);
	r = dt_find_cmd(m, 1, SPDK_NVME_OPC_READ, -1);
	CU_ASSERT_FATAL(r != NULL);

	mock_env_advance_time_ns(900 * 1000);
	spdk_nvme_qpair_process_completions(qpair, 0);
	poll_admin(ctrlr, 1);
	CU_ASSERT(t.calls == 0 && t.admin_calls == 0);
	/* A second read completes normally and is never reported. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, &rd2, 0) == 0);
	CU_ASSERT(dt_wait_io(qpair, &rd2));
	mock_env_advance_time_ns(200 * 1000);		/* 1.1 ms */
	for (int i = 0; i < 5; i++) {
		spdk_nvme_qpair_process_completions(qpair, 0);
		poll_admin(ctrlr, 1);
	}
	CU_ASSERT(t.calls == 1);			/* once, however often polled */
	CU_ASSERT(t.qpair == qpair && t.cid == r->sqe.cid);
	CU_ASSERT(t.admin_calls == 0);			/* admin has 3 ms */
	mock_env_advance_time_ns(2000 * 1000);		/* 3.1 ms */
	for (int i = 0; i < 5; i++) {
		spdk_nvme_qpair_process_completions(qpair, 0);
		poll_admin(ctrlr, 1);
	}
	CU_ASSERT(t.admin_calls == 1 && t.qpair == NULL);
	CU_ASSERT(t.calls == 1);
	/* The outstanding AERs are never reported, however long. */
	mock_env_advance_time_ns(3600000ull * MS);
	poll_admin(ctrlr, 2);
	CU_ASSERT(t.admin_calls == 1);

	/* A typical reaction: abort them. */
	nvme_model_release_held(m);
	CU_ASSERT(dt_wait_io(qpair, &rd) && dt_wait_admin(ctrlr, &gf));
	spdk_nvme_ctrlr_register_timeout_callback(ctrlr, 0, 0, NULL, NULL);
	mock_env_set_virtual_time(false, 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_aer_armed_at_init);
	ADD(test_aer_ns_attribute_changed);
	ADD(test_aer_smart_temperature);
	ADD(test_aer_error_event_clears);
	ADD(test_aer_aborted_not_reported);
	ADD(test_keep_alive_from_io_polls);
	ADD(test_keep_alive_rounding_and_off);
	ADD(test_timeouts);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_aer", add_tests);
}
