/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The asynchronous probe, connect, detach and reset calls
 * (lib/nvme/nvme_probe_async.c, nvme_detach_async.c, nvme_ctrlr_reset.c)
 * against the controller model:
 *   - probe_cb runs inside spdk_nvme_probe_async, attach_cb only from the
 *     poll that finishes a controller, -EAGAIN until then, two controllers
 *     attached in discovery order;
 *   - attach_fail_cb for a controller that does not come up, the device
 *     handed back;
 *   - spdk_nvme_connect_async with options, attach_cb with a NULL context;
 *   - several controllers detached with one context, -EAGAIN while one
 *     shuts down, no leak; bad arguments;
 *   - spdk_nvme_scan_attached reports a removal once;
 *   - disconnect / reconnect_async / reconnect_poll_async with I/O outstanding.
 */
#include "nvme_driver_test.h"

/* Two models on the bus; probe every controller on it. */
static void
two_models(struct nvme_model **m0, struct nvme_model **m1)
{
	*m0 = dt_model_new(NULL);
	*m1 = dt_model_new(NULL);
}

struct order {
	unsigned int		seq;
	unsigned int		probe_seq[2];
	unsigned int		attach_seq[2];
	unsigned int		fail_calls;
	int			fail_rc;
	char			fail_traddr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	struct spdk_nvme_ctrlr	*ctrlr[2];
	const char		*bdf[2];
};

static int
order_index(const struct order *o, const char *traddr)
{
	for (int i = 0; i < 2; i++) {
		if (o->bdf[i] != NULL && strcmp(o->bdf[i], traddr) == 0) {
			return i;
		}
	}
	return -1;
}

static bool
order_probe_cb(void *ctx, const struct spdk_nvme_transport_id *trid,
	       struct spdk_nvme_ctrlr_opts *opts)
{
	struct order *o = ctx;
	int i = order_index(o, trid->traddr);

	(void)opts;
	if (i < 0) {
		return false;	/* not one of this test's models */
	}
	o->probe_seq[i] = ++o->seq;
	return true;
}

static void
order_attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid,
		struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct order *o = ctx;
	int i = order_index(o, trid->traddr);

	(void)opts;
	CU_ASSERT_FATAL(i >= 0);
	o->attach_seq[i] = ++o->seq;
	o->ctrlr[i] = ctrlr;
}

static void
order_fail_cb(void *ctx, const struct spdk_nvme_transport_id *trid, int rc)
{
	struct order *o = ctx;

	o->fail_calls++;
	o->fail_rc = rc;
	snprintf(o->fail_traddr, sizeof(o->fail_traddr), "%s", trid->traddr);
}

static void
test_probe_async_order(void)
{
	struct nvme_model *m0, *m1;
	struct order o = { 0 };
	struct spdk_nvme_transport_id trid;
	struct spdk_nvme_probe_ctx *ctx;
	unsigned int polls = 0;
	int rc;

	two_models(&m0, &m1);
	o.bdf[0] = nvme_model_bdf(m0);
	o.bdf[1] = nvme_model_bdf(m1);
	dt_trid(&trid, "");	/* the whole bus */
	ctx = spdk_nvme_probe_async(&trid, &o, order_probe_cb, order_attach_cb, NULL);
	CU_ASSERT_FATAL(ctx != NULL);
	/* Both devices were offered during the call; none is attached yet. */
	CU_ASSERT(o.probe_seq[0] == 1 && o.probe_seq[1] == 2);
	CU_ASSERT(o.attach_seq[0] == 0 && o.attach_seq[1] == 0);
	CU_ASSERT(nvme_model_get_stats(m0)->enables == 0);
	while ((rc = spdk_nvme_probe_poll_async(ctx)) == -EAGAIN) {
		polls++;
		if (polls == 1) {
			/* One step each: both were disabled, neither attached. */
			CU_ASSERT(o.attach_seq[0] == 0 && o.attach_seq[1] == 0);
		}
		CU_ASSERT_FATAL(polls < 100);
	}
	CU_ASSERT(rc == 0);
	/* Several init steps: several polls said "not yet". */
	CU_ASSERT(polls >= 3);
	/* Side by side, in discovery order. */
	CU_ASSERT(o.attach_seq[0] == 3 && o.attach_seq[1] == 4);
	CU_ASSERT_FATAL(o.ctrlr[0] != NULL && o.ctrlr[1] != NULL);
	CU_ASSERT(nvme_model_get_stats(m0)->enables == 1);
	CU_ASSERT(nvme_model_get_stats(m1)->enables == 1);
	/* A second probe finds both attached: nothing offered. */
	o.seq = 0;
	memset(o.probe_seq, 0, sizeof(o.probe_seq));
	CU_ASSERT(spdk_nvme_probe(&trid, &o, order_probe_cb, order_attach_cb, NULL) == 0);
	CU_ASSERT(o.probe_seq[0] == 0 && o.probe_seq[1] == 0);
	dt_detach_and_check_other(o.ctrlr[0], m0);
	dt_detach_and_check(o.ctrlr[1], m1);
	dt_model_destroy(m0);
	dt_model_destroy(m1);
}

static void
test_probe_async_attach_fail(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct order o = { 0 };
	struct spdk_nvme_transport_id trid;
	struct spdk_nvme_probe_ctx *ctx;
	unsigned int polls = 0;

	o.bdf[0] = nvme_model_bdf(m);
	nvme_model_inject_cfs_on_enable(m, true);
	dt_trid(&trid, nvme_model_bdf(m));
	ctx = spdk_nvme_probe_async_ext(&trid, &o, order_probe_cb, order_attach_cb, order_fail_cb,
					NULL);
	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT(mock_pci_device_is_attached(nvme_model_pci_device(m)));
	while (spdk_nvme_probe_poll_async(ctx) == -EAGAIN) {
		CU_ASSERT_FATAL(++polls < 100);
	}
	CU_ASSERT(o.fail_calls == 1);
	CU_ASSERT(o.fail_rc < 0);
	CU_ASSERT(strcmp(o.fail_traddr, nvme_model_bdf(m)) == 0);
	CU_ASSERT(o.attach_seq[0] == 0);
	/* Handed back, nothing kept. */
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);

	/* The synchronous form reports it the same way; probe still returns 0. */
	memset(&o, 0, sizeof(o));
	o.bdf[0] = nvme_model_bdf(m);
	CU_ASSERT(spdk_nvme_probe_ext(&trid, &o, order_probe_cb, order_attach_cb, order_fail_cb,
				      NULL) == 0);
	CU_ASSERT(o.fail_calls == 1 && o.fail_rc < 0 && o.attach_seq[0] == 0);
	nvme_model_inject_cfs_on_enable(m, false);
	dt_model_destroy(m);
}

static void
test_probe_async_bad_args(void)
{
	struct spdk_nvme_transport_id trid;
	struct order o = { 0 };

	CU_ASSERT(spdk_nvme_probe_poll_async(NULL) == -EINVAL);
	memset(&trid, 0, sizeof(trid));
	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_RDMA);
	snprintf(trid.traddr, sizeof(trid.traddr), "192.168.1.1");
	CU_ASSERT(spdk_nvme_probe_async(&trid, &o, order_probe_cb, order_attach_cb, NULL) == NULL);
	CU_ASSERT(spdk_nvme_probe(&trid, &o, order_probe_cb, order_attach_cb, NULL) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_connect_async(&trid, NULL, order_attach_cb) == NULL);
	CU_ASSERT(spdk_nvme_connect_async(NULL, NULL, order_attach_cb) == NULL);
	dt_trid(&trid, "");
	/* PCIe connect needs an address. */
	CU_ASSERT(spdk_nvme_connect_async(&trid, NULL, order_attach_cb) == NULL);
	CU_ASSERT(spdk_nvme_scan_attached(NULL) == -EINVAL);
	CU_ASSERT(o.seq == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
}

static struct spdk_nvme_ctrlr *g_connected;
static void *g_connect_ctx = (void *)1;

static void
connect_attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid,
		  struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)trid;
	(void)opts;
	g_connect_ctx = ctx;
	g_connected = ctrlr;
}

static void
test_connect_async_opts(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_transport_id trid;
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_probe_ctx *ctx;
	unsigned int polls = 0;

	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	opts.admin_queue_size = 64;
	opts.num_io_queues = 2;
	dt_trid(&trid, nvme_model_bdf(m));
	ctx = spdk_nvme_connect_async(&trid, &opts, connect_attach_cb);
	CU_ASSERT_FATAL(ctx != NULL);
	CU_ASSERT(g_connected == NULL);
	while (spdk_nvme_probe_poll_async(ctx) == -EAGAIN) {
		CU_ASSERT_FATAL(++polls < 100);
	}
	CU_ASSERT_FATAL(g_connected != NULL);
	CU_ASSERT(g_connect_ctx == NULL);
	/* The options were used: AQA holds 64 entries, two queues asked for. */
	CU_ASSERT((nvme_model_reg(m, 0x24) & 0xfff) == 63);
	CU_ASSERT(dt_find_cmd(m, 0, SPDK_NVME_OPC_SET_FEATURES, -1) != NULL);
	/* Already attached: refused. */
	CU_ASSERT(spdk_nvme_connect_async(&trid, NULL, connect_attach_cb) == NULL);
	dt_detach_and_check(g_connected, m);
	g_connected = NULL;
	dt_model_destroy(m);
}

static void
test_detach_async_shared_ctx(void)
{
	struct nvme_model *m0, *m1;
	struct spdk_nvme_ctrlr *c0, *c1;
	struct spdk_nvme_detach_ctx *ctx = NULL, *first;
	unsigned int polls = 0;
	int rc;

	two_models(&m0, &m1);
	c0 = dt_attach(m0);
	c1 = dt_attach(m1);
	CU_ASSERT_FATAL(spdk_nvme_ctrlr_alloc_io_qpair(c0, NULL, 0) != NULL);
	/* m1 reports shutdown complete only after a few CSTS reads. */
	nvme_model_inject_shutdown_delay(m1, NVME_MODEL_READY_AFTER_READS, 3);
	CU_ASSERT(spdk_nvme_detach_async(c0, &ctx) == 0);
	CU_ASSERT_FATAL(ctx != NULL);
	first = ctx;
	CU_ASSERT(spdk_nvme_detach_async(c1, &ctx) == 0);
	CU_ASSERT(ctx == first);	/* joined, not replaced */
	/* Both told to shut down before anyone waited; c0's queues are gone. */
	CU_ASSERT(nvme_model_get_stats(m0)->shutdowns == 1);
	CU_ASSERT(nvme_model_get_stats(m1)->shutdowns == 1);
	CU_ASSERT(!nvme_model_sq_exists(m0, 1));
	while ((rc = spdk_nvme_detach_poll_async(ctx)) == -EAGAIN) {
		CU_ASSERT_FATAL(++polls < 100);
	}
	CU_ASSERT(rc == 0);
	CU_ASSERT(polls >= 1);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m0)));
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m1)));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m0);
	dt_model_destroy(m1);
}

static void
test_detach_async_errors(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *c = dt_attach(m);
	struct spdk_nvme_detach_ctx *ctx = NULL;

	CU_ASSERT(spdk_nvme_detach_async(NULL, &ctx) == -EINVAL);
	CU_ASSERT(spdk_nvme_detach_async(c, NULL) == -EINVAL);
	CU_ASSERT(ctx == NULL);
	CU_ASSERT(spdk_nvme_detach_poll_async(NULL) == -EINVAL);
	spdk_nvme_detach_poll(NULL);	/* nothing started: returns */
	CU_ASSERT(spdk_nvme_detach_async(c, &ctx) == 0);
	spdk_nvme_detach_poll(ctx);
	/* Detached already: refused, no context allocated (nothing leaks). */
	ctx = NULL;
	CU_ASSERT(spdk_nvme_detach_async(c, &ctx) == -EINVAL);
	CU_ASSERT(ctx == NULL);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

struct removal {
	unsigned int		calls;
	struct spdk_nvme_ctrlr	*ctrlr;
};

static void
removal_cb(void *ctx, struct spdk_nvme_ctrlr *ctrlr)
{
	struct removal *r = ctx;

	r->calls++;
	r->ctrlr = ctrlr;
}

static void
test_scan_attached_reports_removal(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_transport_id trid;
	struct removal r = { 0 };
	struct spdk_nvme_ctrlr *c;

	dt_trid(&trid, nvme_model_bdf(m));
	c = spdk_nvme_connect(&trid, NULL, 0);
	CU_ASSERT_FATAL(c != NULL);
	spdk_nvme_ctrlr_set_remove_cb(c, removal_cb, &r);
	CU_ASSERT(spdk_nvme_scan_attached(&trid) == 0);
	CU_ASSERT(r.calls == 0);
	nvme_model_surprise_remove(m);
	dt_trid(&trid, "");
	CU_ASSERT(spdk_nvme_scan_attached(&trid) == 0);
	CU_ASSERT(r.calls == 1 && r.ctrlr == c);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(c));
	CU_ASSERT(spdk_nvme_scan_attached(&trid) == 0);
	CU_ASSERT(r.calls == 1);	/* once */
	/* A removed controller cannot start a reset. */
	CU_ASSERT(spdk_nvme_ctrlr_disconnect(c) == -ENXIO);
	dt_detach_and_check(c, m);
	dt_model_destroy(m);
}

static void
test_reset_in_steps(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *c = dt_attach(m);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(c, 1);
	struct spdk_nvme_qpair *qp = spdk_nvme_ctrlr_alloc_io_qpair(c, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_io held = { 0 }, after = { 0 };
	unsigned int polls = 0;
	int rc;

	CU_ASSERT_FATAL(qp != NULL && buf != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_poll_async(c) == -EINVAL);	/* nothing started */
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qp, buf, 0, 8, dt_io_cb, &held, 0) == 0);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qp, 0) == 0);

	CU_ASSERT(spdk_nvme_ctrlr_disconnect(c) == 0);
	/* The held read is completed as aborted, retryable (DNR clear). */
	CU_ASSERT(held.calls == 1);
	CU_ASSERT(held.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION && !held.cpl.status.dnr);
	CU_ASSERT(nvme_model_get_stats(m)->resets == 1);
	CU_ASSERT(spdk_nvme_ctrlr_disconnect(c) == -EBUSY);
	CU_ASSERT(spdk_nvme_ctrlr_reset(c) == -EBUSY);
	CU_ASSERT(spdk_nvme_ctrlr_get_admin_qp_failure_reason(c) == SPDK_NVME_QPAIR_FAILURE_LOCAL);
	/* Submitted while resetting: waits, sent once the queue is back. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qp, buf, 8, 8, dt_io_cb, &after, 0) == 0);

	spdk_nvme_ctrlr_reconnect_async(c);
	while ((rc = spdk_nvme_ctrlr_reconnect_poll_async(c)) == -EAGAIN) {
		CU_ASSERT_FATAL(++polls < 100);
	}
	CU_ASSERT(rc == 0);
	CU_ASSERT(polls >= 3);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 2);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(spdk_nvme_ctrlr_get_admin_qp_failure_reason(c) == SPDK_NVME_QPAIR_FAILURE_NONE);
	CU_ASSERT(dt_wait_io(qp, &after));
	CU_ASSERT(dt_cpl_ok(&after.cpl));
	/* Done: another reconnect poll has nothing to do. */
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_poll_async(c) == -EINVAL);
	spdk_free(buf);
	dt_detach_and_check(c, m);
	dt_model_destroy(m);
}

static const struct cu_test g_tests[] = {
	{ "probe_async_order", test_probe_async_order },
	{ "probe_async_attach_fail", test_probe_async_attach_fail },
	{ "probe_async_bad_args", test_probe_async_bad_args },
	{ "connect_async_opts", test_connect_async_opts },
	{ "detach_async_shared_ctx", test_detach_async_shared_ctx },
	{ "detach_async_errors", test_detach_async_errors },
	{ "scan_attached_reports_removal", test_scan_attached_reports_removal },
	{ "reset_in_steps", test_reset_in_steps },
};

int
main(void)
{
	return dt_run_table("nvme_async", g_tests, SPDK_COUNTOF(g_tests));
}
