/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Poll groups (lib/nvme/nvme_poll_group.c) against the controller model:
 *   - only disconnected qpairs join; remove/destroy rules (-EINVAL,
 *     -ENOENT, -EBUSY); all_connected;
 *   - I/O completes through the group; statistics count polls, idle polls
 *     and completions;
 *   - disconnected_qpair_cb for a disconnected qpair, for every qpair after
 *     the controller failed (-ENXIO), and after a surprise removal; the
 *     callback may free or reconnect its qpair;
 *   - freeing a qpair or detaching its controller takes it out of the group;
 *   - the accel table checks; interrupt mode -ENOTSUP.
 */
#include "nvme_driver_test.h"

struct group_ctx {
	unsigned int		disconnected_calls;
	struct spdk_nvme_qpair	*last;
	bool			free_it;
	bool			reconnect_it;
	int			reconnect_rc;
};

static void
disconnected_cb(struct spdk_nvme_qpair *qpair, void *poll_group_ctx)
{
	struct group_ctx *g = poll_group_ctx;

	g->disconnected_calls++;
	g->last = qpair;
	if (g->reconnect_it) {
		g->reconnect_rc = spdk_nvme_ctrlr_reconnect_io_qpair(qpair);
	} else if (g->free_it) {
		CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	}
}

static struct spdk_nvme_qpair *
alloc_create_only(struct spdk_nvme_ctrlr *c)
{
	struct spdk_nvme_io_qpair_opts o;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(c, &o, sizeof(o));
	o.create_only = true;
	return spdk_nvme_ctrlr_alloc_io_qpair(c, &o, sizeof(o));
}

/* Poll the group until io completed (bounded). */
static bool
group_wait(struct spdk_nvme_poll_group *pg, struct dt_io *io)
{
	for (unsigned int i = 0; i < DT_MAX_POLLS && io->calls == 0; i++) {
		if (spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) < 0) {
			break;
		}
	}
	return io->calls != 0;
}

static void
test_add_remove_destroy_rules(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *c = dt_attach(m);
	struct group_ctx g = { 0 };
	struct spdk_nvme_poll_group *pg = spdk_nvme_poll_group_create(&g, NULL);
	struct spdk_nvme_poll_group *other = spdk_nvme_poll_group_create(NULL, NULL);
	struct spdk_nvme_qpair *connected = spdk_nvme_ctrlr_alloc_io_qpair(c, NULL, 0);
	struct spdk_nvme_qpair *qp = alloc_create_only(c);

	CU_ASSERT_FATAL(pg != NULL && other != NULL && connected != NULL && qp != NULL);
	CU_ASSERT(spdk_nvme_poll_group_get_ctx(pg) == &g);
	CU_ASSERT(spdk_nvme_poll_group_add(pg, connected) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_add(pg, NULL) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_add(pg, qp) == 0);
	CU_ASSERT(spdk_nvme_poll_group_add(pg, qp) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_add(other, qp) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_all_connected(pg) == -EIO);
	/* Disconnected: reported each round, not polled. */
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == 0);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == 0);
	CU_ASSERT(g.disconnected_calls == 2 && g.last == qp);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, NULL) == -EINVAL);

	CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(c, qp) == 0);
	CU_ASSERT(spdk_nvme_poll_group_all_connected(pg) == 0);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == -EBUSY);
	CU_ASSERT(spdk_nvme_poll_group_remove(pg, qp) == -EINVAL);	/* connected */
	spdk_nvme_ctrlr_disconnect_io_qpair(qp);
	CU_ASSERT(spdk_nvme_poll_group_remove(other, qp) == -ENOENT);
	CU_ASSERT(spdk_nvme_poll_group_remove(pg, qp) == 0);
	CU_ASSERT(spdk_nvme_poll_group_remove(pg, qp) == -ENOENT);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == 0);
	CU_ASSERT(spdk_nvme_poll_group_destroy(other) == 0);
	dt_detach_and_check(c, m);
	dt_model_destroy(m);
}

static void
test_io_and_stats(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *c = dt_attach(m);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(c, 1);
	struct group_ctx g = { 0 };
	struct spdk_nvme_poll_group *pg = spdk_nvme_poll_group_create(&g, NULL);
	struct spdk_nvme_qpair *qp[2] = { alloc_create_only(c), alloc_create_only(c) };
	uint8_t *buf = spdk_zmalloc(8192, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct spdk_nvme_poll_group_stat *st = NULL;
	struct dt_io io[2] = { 0 };
	const struct spdk_nvme_pcie_stat *ps;

	CU_ASSERT_FATAL(pg != NULL && qp[0] != NULL && qp[1] != NULL && buf != NULL);
	CU_ASSERT(spdk_nvme_poll_group_get_stats(pg, &st) == -ENOTSUP);	/* nothing added yet */
	for (int i = 0; i < 2; i++) {
		CU_ASSERT(spdk_nvme_poll_group_add(pg, qp[i]) == 0);
		CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(c, qp[i]) == 0);
	}
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == 0);
	for (int i = 0; i < 2; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qp[i], buf + i * 4096, 0, 8, dt_io_cb, &io[i],
						0) == 0);
	}
	/* One round reaps both (the model completes at the doorbell). */
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == 2);
	CU_ASSERT(io[0].calls == 1 && io[1].calls == 1);
	CU_ASSERT(g.disconnected_calls == 0);
	CU_ASSERT(spdk_nvme_poll_group_get_stats(pg, &st) == 0);
	CU_ASSERT_FATAL(st != NULL && st->num_transports == 1);
	CU_ASSERT(st->transport_stat[0]->trtype == SPDK_NVME_TRANSPORT_PCIE);
	ps = &st->transport_stat[0]->pcie;
	CU_ASSERT(ps->polls == 4 && ps->idle_polls == 2 && ps->completions == 2);
	spdk_nvme_poll_group_free_stats(pg, st);
	/* Freeing a qpair takes it out of the group. */
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qp[0]) == 0);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == -EBUSY);
	/* So does detaching the controller. */
	spdk_free(buf);
	dt_detach_and_check(c, m);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == 0);
	dt_model_destroy(m);
}

static void
test_ctrlr_fail_reports_each_qpair(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *c = dt_attach(m);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(c, 1);
	struct group_ctx g = { 0 };
	struct spdk_nvme_poll_group *pg = spdk_nvme_poll_group_create(&g, NULL);
	struct spdk_nvme_qpair *qp[2] = { alloc_create_only(c), alloc_create_only(c) };
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_io held = { 0 };

	CU_ASSERT_FATAL(pg != NULL && qp[0] != NULL && qp[1] != NULL && buf != NULL);
	for (int i = 0; i < 2; i++) {
		CU_ASSERT(spdk_nvme_poll_group_add(pg, qp[i]) == 0);
		CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(c, qp[i]) == 0);
	}
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qp[0], buf, 0, 8, dt_io_cb, &held, 0) == 0);
	spdk_nvme_ctrlr_fail(c);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(g.disconnected_calls == 2);
	CU_ASSERT(held.calls == 1 && held.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(spdk_nvme_poll_group_all_connected(pg) == -EIO);
	/* The controller is failed: reconnect says so; after a reset the
	 * callback's reconnect succeeds and I/O flows again. */
	g.reconnect_it = true;
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(g.reconnect_rc == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_reset(c) == 0);
	held.calls = 0;
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qp[1], buf, 0, 8, dt_io_cb, &held, 0) == 0);
	CU_ASSERT(group_wait(pg, &held));
	CU_ASSERT(dt_cpl_ok(&held.cpl));
	/* Fail again; this time the callback frees each qpair. */
	g.reconnect_it = false;
	g.free_it = true;
	g.disconnected_calls = 0;
	spdk_nvme_ctrlr_fail(c);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(g.disconnected_calls == 2);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == 0);
	spdk_free(buf);
	dt_detach_and_check(c, m);
	dt_model_destroy(m);
}

static void
test_removal_and_reconnect_in_cb(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *c = dt_attach(m);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(c, 1);
	struct group_ctx g = { 0 };
	struct spdk_nvme_poll_group *pg = spdk_nvme_poll_group_create(&g, NULL);
	struct spdk_nvme_qpair *qp = alloc_create_only(c);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(pg != NULL && qp != NULL && buf != NULL);
	CU_ASSERT(spdk_nvme_poll_group_add(pg, qp) == 0);
	/* A disconnected member reconnected from the callback: polled next round. */
	g.reconnect_it = true;
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == 0);
	CU_ASSERT(g.disconnected_calls == 1 && g.reconnect_rc == 0);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qp, buf, 0, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(group_wait(pg, &io) && dt_cpl_ok(&io.cpl));

	/* Removal with a read held: aborted once, the qpair reported, REMOTE. */
	io.calls = 0;
	g.disconnected_calls = 0;
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qp, buf, 0, 8, dt_io_cb, &io, 0) == 0);
	nvme_model_surprise_remove(m);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(c) == -ENXIO);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(io.calls == 1 && io.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(g.disconnected_calls == 1 && g.reconnect_rc == -ENODEV);
	CU_ASSERT(spdk_nvme_qpair_get_failure_reason(qp) == SPDK_NVME_QPAIR_FAILURE_REMOTE);
	spdk_free(buf);
	dt_detach_and_check(c, m);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == 0);
	dt_model_destroy(m);
}

static void
finish_seq(void *seq, spdk_nvme_accel_completion_cb cb_fn, void *cb_arg)
{
	(void)seq;
	(void)cb_fn;
	(void)cb_arg;
}

static void
seq_op(void *seq)
{
	(void)seq;
}

static void
test_accel_table_and_interrupts(void)
{
	struct spdk_nvme_accel_fn_table t;
	struct spdk_nvme_poll_group *pg;

	memset(&t, 0, sizeof(t));
	t.table_size = sizeof(t);
	t.finish_sequence = finish_seq;		/* without reverse/abort: refused */
	CU_ASSERT(spdk_nvme_poll_group_create(NULL, &t) == NULL);
	t.reverse_sequence = seq_op;
	t.abort_sequence = seq_op;
	pg = spdk_nvme_poll_group_create(NULL, &t);
	CU_ASSERT_FATAL(pg != NULL);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == 0);
	/* A table too short to hold them: the callbacks are not read. */
	t.table_size = offsetof(struct spdk_nvme_accel_fn_table, reverse_sequence);
	t.reverse_sequence = NULL;
	CU_ASSERT(spdk_nvme_poll_group_create(NULL, &t) == NULL);
	t.table_size = offsetof(struct spdk_nvme_accel_fn_table, finish_sequence);
	pg = spdk_nvme_poll_group_create(NULL, &t);
	CU_ASSERT_FATAL(pg != NULL);
	CU_ASSERT(spdk_nvme_poll_group_wait(pg, disconnected_cb) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_poll_group_get_fd_group(pg) == NULL);
	CU_ASSERT(spdk_nvme_poll_group_set_interrupt_callback(pg, NULL, NULL) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_poll_group_destroy(pg) == 0);
	CU_ASSERT(spdk_nvme_poll_group_destroy(NULL) == -EINVAL);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
}

static void
add_tests(CU_pSuite suite)
{
	CU_add_test(suite, "add_remove_destroy_rules", test_add_remove_destroy_rules);
	CU_add_test(suite, "io_and_stats", test_io_and_stats);
	CU_add_test(suite, "ctrlr_fail_reports_each_qpair", test_ctrlr_fail_reports_each_qpair);
	CU_add_test(suite, "removal_and_reconnect_in_cb", test_removal_and_reconnect_in_cb);
	CU_add_test(suite, "accel_table_and_interrupts", test_accel_table_and_interrupts);
}

int
main(void)
{
	return dt_run("nvme_poll_group", add_tests);
}
