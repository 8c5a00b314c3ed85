/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller failures through the public API, against the controller model:
 * init that never gets ready, fatal status, a disable that never finishes,
 * a swallowed admin command, surprise removal and fatal status at run time.
 * Each must end bounded (virtual time makes the CAP.TO and admin timeouts
 * instant), leave the device released and free everything.
 */
#include "nvme_driver_test.h"

/* Virtual clock for timeout tests; every spdk_get_ticks() call moves it 1 us. */
static void
vtime_on(void)
{
	mock_env_set_virtual_time(true, 1000);
}

static void
vtime_off(void)
{
	mock_env_set_virtual_time(false, 0);
}

/* The device went back to the bus, nothing is left allocated, the model is free. */
static void
check_released(struct nvme_model *m)
{
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(!mock_pci_device_is_bar_mapped(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	CU_ASSERT(mock_env_outstanding_bytes() == 0);
}

/* Probe m (capturing the log), expecting init to fail: no attach_cb. */
static void
probe_expect_failure(struct nvme_model *m, struct dt_probe *p, struct dt_capture *cap,
		     uint64_t *elapsed_ms)
{
	uint64_t t0;

	dt_capture_begin(cap);
	t0 = spdk_get_ticks();
	dt_probe_model(m, p);
	*elapsed_ms = dt_ms(spdk_get_ticks() - t0);
	dt_capture_end(cap, true);
	CU_ASSERT(p->probe_calls == 1);
	CU_ASSERT(p->attach_calls == 0);
	CU_ASSERT(p->ctrlr == NULL);
}

/* ---- Init failures ---------------------------------------------------------- */

static void
test_rdy_never_set(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct dt_probe p = { 0 };
	struct dt_capture cap;
	uint64_t ms;

	nvme_model_opts_default(&o);
	o.to = 1;	/* CAP.TO: 500 ms */
	m = dt_model_new(&o);
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_NEVER, 0);
	vtime_on();
	probe_expect_failure(m, &p, &cap, &ms);
	vtime_off();
	CU_ASSERT(ms >= 500);		/* waited CAP.TO ... */
	CU_ASSERT(ms < 5000);		/* ... and not much more */
	CU_ASSERT(strstr(cap.text, "enable (CC.EN=1, wait CSTS.RDY=1)") != NULL);
	CU_ASSERT(strstr(cap.text, "CSTS.RDY did not become 1") != NULL);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 1);
	CU_ASSERT(nvme_model_get_stats(m)->cmds_fetched == 0);
	check_released(m);

	/* The same through spdk_nvme_connect: NULL. */
	{
		struct spdk_nvme_transport_id trid;

		dt_trid(&trid, nvme_model_bdf(m));
		vtime_on();
		CU_ASSERT(spdk_nvme_connect(&trid, NULL, 0) == NULL);
		vtime_off();
		check_released(m);
	}
	dt_model_destroy(m);
}

/* RDY late, but within CAP.TO: init succeeds (the timeout is not too eager). */
static void
test_rdy_late_within_cap_to(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct dt_probe p = { 0 };
	uint64_t t0, ms;

	nvme_model_opts_default(&o);
	o.to = 1;
	m = dt_model_new(&o);
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_AFTER_MS, 400);
	vtime_on();
	t0 = spdk_get_ticks();
	CU_ASSERT(dt_probe_model(m, &p) != NULL);
	ms = dt_ms(spdk_get_ticks() - t0);
	vtime_off();
	CU_ASSERT(p.attach_calls == 1);
	CU_ASSERT(ms >= 400 && ms < 500);
	if (p.ctrlr != NULL) {
		dt_detach_and_check(p.ctrlr, m);
	}
	dt_model_destroy(m);
}

static void
test_cfs_on_enable(void)
{
	struct nvme_model *m = dt_model_new(NULL);	/* CAP.TO 7.5 s */
	struct dt_probe p = { 0 };
	struct dt_capture cap;
	uint64_t ms;

	nvme_model_inject_cfs_on_enable(m, true);
	vtime_on();
	probe_expect_failure(m, &p, &cap, &ms);
	vtime_off();
	/* CFS ends the wait at once: no CAP.TO wait. */
	CU_ASSERT(ms < 100);
	CU_ASSERT(strstr(cap.text, "CFS") != NULL);
	CU_ASSERT(strstr(cap.text, "enable (CC.EN=1, wait CSTS.RDY=1)") != NULL);
	CU_ASSERT(nvme_model_get_stats(m)->cmds_fetched == 0);
	check_released(m);
	dt_model_destroy(m);
}

static void
test_disable_never_finishes(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct dt_probe p = { 0 };
	struct dt_capture cap;
	uint64_t ms;

	nvme_model_opts_default(&o);
	o.to = 1;
	o.start_enabled = true;
	m = dt_model_new(&o);
	nvme_model_inject_disable_delay(m, NVME_MODEL_READY_NEVER, 0);
	vtime_on();
	probe_expect_failure(m, &p, &cap, &ms);
	vtime_off();
	CU_ASSERT(ms >= 500 && ms < 5000);
	CU_ASSERT(strstr(cap.text, "disable (CC.EN=0, wait CSTS.RDY=0)") != NULL);
	CU_ASSERT(strstr(cap.text, "CSTS.RDY did not become 0") != NULL);
	CU_ASSERT(nvme_model_get_stats(m)->resets == 1);	/* it did clear CC.EN */
	CU_ASSERT(nvme_model_get_stats(m)->enables == 0);	/* and went no further */
	check_released(m);
	dt_model_destroy(m);
}

/* A controller left enabled (e.g. by a previous user) is reset and brought up. */
static void
test_start_enabled_ok(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;

	nvme_model_opts_default(&o);
	o.start_enabled = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(nvme_model_get_stats(m)->resets == 1);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 1);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_admin_command_swallowed(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_probe p = { .admin_timeout_ms = 50 };
	struct dt_capture cap;
	uint64_t ms;

	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_IDENTIFY, 1) == 0);
	vtime_on();
	probe_expect_failure(m, &p, &cap, &ms);
	vtime_off();
	CU_ASSERT(ms >= 50 && ms < 5000);
	CU_ASSERT(strstr(cap.text, "identify controller") != NULL);
	CU_ASSERT(strstr(cap.text, "within 50 ms") != NULL);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_IDENTIFY] == 1);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_SET_FEATURES] == 0);
	check_released(m);
	dt_model_destroy(m);
}

/*
 * FORMAT NVM may take minutes on a real drive: it is not failed at the
 * everyday admin timeout, only at the long bound (10 minutes).
 */
static void
test_format_gets_long_timeout(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct dt_probe p = { .admin_timeout_ms = 50 };
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_format fmt = { 0 };
	struct dt_capture cap;
	uint64_t t0, ms;

	nvme_model_opts_default(&o);
	o.format_nvm = true;
	m = dt_model_new(&o);
	ctrlr = dt_probe_model(m, &p);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_FORMAT_NVM, 1) == 0);
	mock_env_set_virtual_time(true, 10ull * 1000 * 1000);	/* 10 ms per clock read */
	t0 = spdk_get_ticks();
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_format(ctrlr, 1, &fmt) == -ETIMEDOUT);
	dt_capture_end(&cap, false);
	ms = (spdk_get_ticks() - t0) * 1000 / spdk_get_ticks_hz();
	vtime_off();
	CU_ASSERT(ms >= 600000 && ms < 700000);
	CU_ASSERT(strstr(cap.text, "FORMAT NVM (80h) got no completion within 600000 ms") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	nvme_model_release_held(m);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* The controller fails an init command: init stops at that step. */
static void
test_init_command_error(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_probe p = { 0 };
	struct dt_capture cap;
	uint64_t ms;

	CU_ASSERT(nvme_model_inject_status(m, 0, SPDK_NVME_OPC_SET_FEATURES, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, true, 1) == 0);
	probe_expect_failure(m, &p, &cap, &ms);
	CU_ASSERT(strstr(cap.text, "set features: number of queues") != NULL);
	CU_ASSERT(strstr(cap.text, "INTERNAL DEVICE ERROR") != NULL);
	/* Identify Controller and its NVM command set part (CNS 06h); no namespace yet. */
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_IDENTIFY] == 2);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 1);	/* it was enabled: shut down */
	check_released(m);
	dt_model_destroy(m);
}

/* Out of DMA memory at each allocation of init in turn: clean failure, no leak. */
static void
test_init_alloc_failures(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_capture cap;
	unsigned int n, failed = 0;

	for (n = 1; n < 64; n++) {
		struct dt_probe p = { 0 };

		dt_capture_begin(&cap);
		mock_env_fail_alloc_at(n);
		dt_probe_model(m, &p);
		mock_env_fail_alloc_at(0);
		dt_capture_end(&cap, false);
		if (p.ctrlr != NULL) {
			/* n is past the allocations of init: all of them were covered. */
			dt_detach_and_check(p.ctrlr, m);
			break;
		}
		failed++;
		CU_ASSERT(p.attach_calls == 0);
		check_released(m);
	}
	CU_ASSERT(failed >= 3);	/* admin SQ, CQ, PRP lists, identify buffers, ... */
	CU_ASSERT(n < 64);
	dt_model_destroy(m);
}

/* ---- Run-time failures -------------------------------------------------------- */

/* Removal the bus never reports: noticed from the all-ones registers. */
static void
test_surprise_removal(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair, *q2;
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	struct dt_io io = { 0 }, io2 = { 0 }, admin = { 0 };
	struct spdk_nvme_cmd cmd;
	struct dt_capture cap;
	uint8_t *buf, *idbuf;
	uint64_t t0, fetched;

	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	idbuf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL && idbuf != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, qpair, buf, 0, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).bits.rdy == 1);

	nvme_model_surprise_remove_unreported(m);
	fetched = dt_cmds_fetched(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).raw == UINT32_MAX);

	/* Work submitted into the void: accepted, never completed by the device. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &io, 0) == 0);
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.cdw10 = SPDK_NVME_IDENTIFY_CTRLR;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, idbuf, 4096, dt_io_cb, &admin) == 0);
	for (int i = 0; i < 10; i++) {
		spdk_nvme_qpair_process_completions(qpair, 0);
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
	CU_ASSERT(io.calls == 0 && admin.calls == 0);

	/* A synchronous admin command (CREATE I/O CQ) notices and fails, bounded. */
	dt_capture_begin(&cap);
	t0 = spdk_get_ticks();
	q2 = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT(dt_ms(spdk_get_ticks() - t0) < 1000);
	dt_capture_end(&cap, true);
	CU_ASSERT(q2 == NULL);
	CU_ASSERT(strstr(cap.text, "all-ones") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	/* From now on everything fails at once instead of waiting. */
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) < 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, idbuf, 4096, dt_io_cb, &admin) != 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &io2, 0) != 0);
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).raw == UINT32_MAX);
	CU_ASSERT(dt_cmds_fetched(m) == fetched);

	/* Detach completes, every outstanding callback runs once (aborted), all freed. */
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(dt_ms(spdk_get_ticks() - t0) < 1000);
	CU_ASSERT(io.calls == 1 && admin.calls == 1 && io2.calls == 0);
	CU_ASSERT(spdk_nvme_cpl_is_error(&io.cpl));
	CU_ASSERT(spdk_nvme_cpl_is_error(&admin.cpl));
	spdk_free(buf);
	spdk_free(idbuf);
	check_released(m);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 0);
	dt_model_destroy(m);
}

/* Removal noticed only by detach itself (DELETE SQ gets no answer). */
static void
test_surprise_removal_then_detach(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	uint8_t *buf;
	uint64_t t0;

	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL);
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, &io, 0) == 0);
	CU_ASSERT(nvme_model_held_count(m) == 1);
	nvme_model_surprise_remove_unreported(m);

	dt_capture_begin(&cap);
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(dt_ms(spdk_get_ticks() - t0) < 1000);
	dt_capture_end(&cap, true);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	spdk_free(buf);
	check_released(m);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 0);
	dt_model_destroy(m);
}

/* CSTS.CFS while running: the next admin command fails fast, detach is clean. */
static void
test_cfs_at_runtime(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair;
	struct dt_capture cap;
	uint64_t t0;

	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	nvme_model_set_cfs(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).bits.cfs == 1);
	dt_capture_begin(&cap);
	vtime_on();
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	CU_ASSERT(dt_ms(spdk_get_ticks() - t0) < 1000);	/* not the 30 s admin timeout */
	vtime_off();
	dt_capture_end(&cap, true);
	CU_ASSERT(strstr(cap.text, "CFS") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) < 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* An admin command swallowed after init (CREATE I/O SQ): qpair creation fails after
 * the admin timeout, the controller is failed, detach still frees everything. */
static void
test_admin_timeout_at_runtime(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_probe p = { .admin_timeout_ms = 200 };
	struct spdk_nvme_ctrlr *ctrlr = dt_probe_model(m, &p);
	struct dt_capture cap;
	uint64_t t0, ms;

	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_CREATE_IO_SQ, 1) == 0);
	dt_capture_begin(&cap);
	vtime_on();
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	ms = dt_ms(spdk_get_ticks() - t0);
	vtime_off();
	dt_capture_end(&cap, true);
	CU_ASSERT(ms >= 200 && ms < 5000);
	CU_ASSERT(strstr(cap.text, "within 200 ms") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Shutdown --------------------------------------------------------------------- */

/* SHST never reaches "complete": after the bound the detach disables the controller
 * (CC.EN=0, CSTS.RDY=0: no more DMA), then frees all. */
static void
test_shutdown_never_completes(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct dt_capture cap;
	uint64_t t0, ms;

	nvme_model_inject_shutdown_delay(m, NVME_MODEL_READY_NEVER, 0);
	dt_capture_begin(&cap);
	vtime_on();
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	ms = dt_ms(spdk_get_ticks() - t0);
	vtime_off();
	dt_capture_end(&cap, true);
	/* The controller reports no RTD3E: the driver's 10 s default bound. */
	CU_ASSERT(ms >= 10000 && ms < 20000);
	CU_ASSERT(strstr(cap.text, "shutdown not complete") != NULL);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 1);
	CU_ASSERT(nvme_model_get_stats(m)->resets == 1);
	CU_ASSERT((nvme_model_reg(m, 0x14) & 1) == 0);	/* CC.EN */
	CU_ASSERT((nvme_model_reg(m, 0x1c) & 1) == 0);	/* CSTS.RDY */
	check_released(m);
	dt_model_destroy(m);
}

/* A slow shutdown is waited for. */
static void
test_shutdown_slow(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint64_t t0, ms;

	nvme_model_inject_shutdown_delay(m, NVME_MODEL_READY_AFTER_MS, 300);
	vtime_on();
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	ms = dt_ms(spdk_get_ticks() - t0);
	vtime_off();
	CU_ASSERT(ms >= 300 && ms < 1000);
	CU_ASSERT(((union spdk_nvme_csts_register){ .raw = (uint32_t)nvme_model_reg(m, 0x1c) })
		  .bits.shst == SPDK_NVME_SHST_COMPLETE);
	check_released(m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_rdy_never_set);
	ADD(test_rdy_late_within_cap_to);
	ADD(test_cfs_on_enable);
	ADD(test_disable_never_finishes);
	ADD(test_start_enabled_ok);
	ADD(test_admin_command_swallowed);
	ADD(test_format_gets_long_timeout);
	ADD(test_init_command_error);
	ADD(test_init_alloc_failures);
	ADD(test_surprise_removal);
	ADD(test_surprise_removal_then_detach);
	ADD(test_cfs_at_runtime);
	ADD(test_admin_timeout_at_runtime);
	ADD(test_shutdown_never_completes);
	ADD(test_shutdown_slow);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_ctrlr_fail", add_tests);
}
