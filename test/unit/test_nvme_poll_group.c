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

/* One controller, a group, nqp create_only qpairs in it (connected if asked). */
struct pg_env {
	struct nvme_model		*m;
	struct spdk_nvme_ctrlr		*c;
	struct spdk_nvme_ns		*ns;
	struct group_ctx		g;
	struct spdk_nvme_poll_group	*pg;
	struct spdk_nvme_qpair		*qp[2];
	uint8_t				*buf;	/* 8 KiB of DMA memory */
};

static void
pg_env_up(struct pg_env *e, unsigned int nqp, bool connect)
{
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(NULL);
	e->c = dt_attach(e->m);
	e->ns = spdk_nvme_ctrlr_get_ns(e->c, 1);
	e->pg = spdk_nvme_poll_group_create(&e->g, NULL);
	e->buf = spdk_zmalloc(8192, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(e->ns != NULL && e->pg != NULL && e->buf != NULL);
	for (unsigned int i = 0; i < nqp; i++) {
		e->qp[i] = dt_alloc_create_only(e->c);
		CU_ASSERT_FATAL(e->qp[i] != NULL);
		CU_ASSERT(spdk_nvme_poll_group_add(e->pg, e->qp[i]) == 0);
		if (connect) {
			CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(e->c, e->qp[i]) == 0);
		}
	}
}

/* Detaching the controller takes its qpairs out of the group: it can go too. */
static void
pg_env_down(struct pg_env *e)
{
	spdk_free(e->buf);
	dt_detach_and_check(e->c, e->m);
	if (e->pg != NULL) {
		CU_ASSERT(spdk_nvme_poll_group_destroy(e->pg) == 0);
	}
	dt_model_destroy(e->m);
}

static void
test_add_remove_destroy_rules(void)
{
	struct pg_env e;
	struct spdk_nvme_poll_group *other = spdk_nvme_poll_group_create(NULL, NULL);
	struct spdk_nvme_poll_group_stat *st = NULL;
	struct spdk_nvme_qpair *connected, *qp;

	pg_env_up(&e, 0, false);
	connected = spdk_nvme_ctrlr_alloc_io_qpair(e.c, NULL, 0);
	qp = dt_alloc_create_only(e.c);
	CU_ASSERT_FATAL(other != NULL && connected != NULL && qp != NULL);
	CU_ASSERT(spdk_nvme_poll_group_get_ctx(e.pg) == &e.g);
	CU_ASSERT(spdk_nvme_poll_group_get_stats(e.pg, &st) == -ENOTSUP);	/* nothing added yet */
	CU_ASSERT(spdk_nvme_poll_group_add(e.pg, connected) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_add(e.pg, NULL) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_add(e.pg, qp) == 0);
	CU_ASSERT(spdk_nvme_poll_group_add(e.pg, qp) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_add(other, qp) == -EINVAL);
	CU_ASSERT(spdk_nvme_poll_group_all_connected(e.pg) == -EIO);
	/* Disconnected: reported each round, not polled. */
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == 0);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == 0);
	CU_ASSERT(e.g.disconnected_calls == 2 && e.g.last == qp);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, NULL) == -EINVAL);

	CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(e.c, qp) == 0);
	CU_ASSERT(spdk_nvme_poll_group_all_connected(e.pg) == 0);
	CU_ASSERT(spdk_nvme_poll_group_destroy(e.pg) == -EBUSY);
	CU_ASSERT(spdk_nvme_poll_group_remove(e.pg, qp) == -EINVAL);	/* connected */
	spdk_nvme_ctrlr_disconnect_io_qpair(qp);
	CU_ASSERT(spdk_nvme_poll_group_remove(other, qp) == -ENOENT);
	CU_ASSERT(spdk_nvme_poll_group_remove(e.pg, qp) == 0);
	CU_ASSERT(spdk_nvme_poll_group_remove(e.pg, qp) == -ENOENT);
	CU_ASSERT(spdk_nvme_poll_group_destroy(e.pg) == 0);
	e.pg = NULL;
	CU_ASSERT(spdk_nvme_poll_group_destroy(other) == 0);
	pg_env_down(&e);
}

static void
test_io_and_stats(void)
{
	struct pg_env e;
	struct spdk_nvme_poll_group_stat *st = NULL;
	struct dt_io io[2] = { 0 };
	const struct spdk_nvme_pcie_stat *ps;

	pg_env_up(&e, 2, true);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == 0);
	for (int i = 0; i < 2; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, e.qp[i], e.buf + i * 4096, 0, 8, dt_io_cb,
						&io[i], 0) == 0);
	}
	/* One round reaps both (the model completes at the doorbell). */
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == 2);
	CU_ASSERT(io[0].calls == 1 && io[1].calls == 1);
	CU_ASSERT(e.g.disconnected_calls == 0);
	CU_ASSERT(spdk_nvme_poll_group_get_stats(e.pg, &st) == 0);
	CU_ASSERT_FATAL(st != NULL && st->num_transports == 1);
	CU_ASSERT(st->transport_stat[0]->trtype == SPDK_NVME_TRANSPORT_PCIE);
	ps = &st->transport_stat[0]->pcie;
	CU_ASSERT(ps->polls == 4 && ps->idle_polls == 2 && ps->completions == 2);
	spdk_nvme_poll_group_free_stats(e.pg, st);
	/* Freeing a qpair takes it out of the group; detaching (down) the other. */
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qp[0]) == 0);
	CU_ASSERT(spdk_nvme_poll_group_destroy(e.pg) == -EBUSY);
	pg_env_down(&e);
}

static void
test_ctrlr_fail_reports_each_qpair(void)
{
	struct pg_env e;
	struct dt_io held = { 0 };

	pg_env_up(&e, 2, true);
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, e.qp[0], e.buf, 0, 8, dt_io_cb, &held, 0) == 0);
	spdk_nvme_ctrlr_fail(e.c);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(e.g.disconnected_calls == 2);
	CU_ASSERT(held.calls == 1 && held.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(spdk_nvme_poll_group_all_connected(e.pg) == -EIO);
	/* The controller is failed: reconnect says so; after a reset the
	 * callback's reconnect succeeds and I/O flows again. */
	e.g.reconnect_it = true;
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(e.g.reconnect_rc == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_reset(e.c) == 0);
	held.calls = 0;
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, e.qp[1], e.buf, 0, 8, dt_io_cb, &held, 0) == 0);
	CU_ASSERT(group_wait(e.pg, &held));
	CU_ASSERT(dt_cpl_ok(&held.cpl));
	/* Fail again; this time the callback frees each qpair. */
	e.g.reconnect_it = false;
	e.g.free_it = true;
	e.g.disconnected_calls = 0;
	spdk_nvme_ctrlr_fail(e.c);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(e.g.disconnected_calls == 2);
	CU_ASSERT(spdk_nvme_poll_group_destroy(e.pg) == 0);
	e.pg = NULL;
	pg_env_down(&e);
}

static void
test_removal_and_reconnect_in_cb(void)
{
	struct pg_env e;
	struct dt_io io = { 0 };

	pg_env_up(&e, 1, false);
	/* A disconnected member reconnected from the callback: polled next round. */
	e.g.reconnect_it = true;
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == 0);
	CU_ASSERT(e.g.disconnected_calls == 1 && e.g.reconnect_rc == 0);
	CU_ASSERT(spdk_nvme_qpair_is_connected(e.qp[0]));
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, e.qp[0], e.buf, 0, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(group_wait(e.pg, &io) && dt_cpl_ok(&io.cpl));

	/* Removal with a read held: aborted once, the qpair reported, REMOTE. */
	io.calls = 0;
	e.g.disconnected_calls = 0;
	CU_ASSERT(nvme_model_inject_hold(e.m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, e.qp[0], e.buf, 0, 8, dt_io_cb, &io, 0) == 0);
	nvme_model_surprise_remove(e.m);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(e.c) == -ENXIO);
	CU_ASSERT(spdk_nvme_poll_group_process_completions(e.pg, 0, disconnected_cb) == -ENXIO);
	CU_ASSERT(io.calls == 1 && io.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(e.g.disconnected_calls == 1 && e.g.reconnect_rc == -ENODEV);
	CU_ASSERT(spdk_nvme_qpair_get_failure_reason(e.qp[0]) == SPDK_NVME_QPAIR_FAILURE_REMOTE);
	pg_env_down(&e);
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

static const struct cu_test g_tests[] = {
	{ "add_remove_destroy_rules", test_add_remove_destroy_rules },
	{ "io_and_stats", test_io_and_stats },
	{ "ctrlr_fail_reports_each_qpair", test_ctrlr_fail_reports_each_qpair },
	{ "removal_and_reconnect_in_cb", test_removal_and_reconnect_in_cb },
	{ "accel_table_and_interrupts", test_accel_table_and_interrupts },
};

int
main(void)
{
	return dt_run_table("nvme_poll_group", g_tests, SPDK_COUNTOF(g_tests));
}
