/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * An I/O qpair's life cycle (lib/nvme/nvme_qpair_lifecycle.c), the
 * v26.05 io_qpair_opts, and the transport queries (nvme_transport.c),
 * against the controller model:
 *   - create_only: no queues on the device until connect; I/O -ENXIO;
 *     connect twice -EISCONN;
 *   - disconnect with I/O outstanding: queues deleted, requests aborted
 *     once with the DNR the application chose, reconnect works;
 *   - reconnect's -ENXIO (failed), -ENODEV (removed), 0 after a reset;
 *   - the getters: id, admin, connected, failure reasons, outstanding
 *     requests, queue depth; fds -ENOTSUP;
 *   - disconnect from a completion callback is done after the poll;
 *   - disable_pcie_sgl_merge keeps IOVA-adjacent elements apart.
 */
#include <limits.h>

#include "nvme_driver_test.h"

struct env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*c;
	struct spdk_nvme_ns	*ns;
	uint8_t			*buf;
};

static void
env_up(struct env *e)
{
	e->m = dt_model_new(NULL);
	e->c = dt_attach(e->m);
	e->ns = spdk_nvme_ctrlr_get_ns(e->c, 1);
	e->buf = spdk_zmalloc(64 * 1024, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(e->ns != NULL && e->buf != NULL);
}

static void
env_down(struct env *e)
{
	spdk_free(e->buf);
	dt_detach_and_check(e->c, e->m);
	dt_model_destroy(e->m);
}

static bool
read_ok(struct env *e, struct spdk_nvme_qpair *qp)
{
	struct dt_io io = { 0 };

	return spdk_nvme_ns_cmd_read(e->ns, qp, e->buf, 0, 8, dt_io_cb, &io, 0) == 0 &&
	       dt_wait_io(qp, &io) && dt_cpl_ok(&io.cpl);
}

static void
test_opts_defaults_and_layout(void)
{
	struct env e;
	struct spdk_nvme_io_qpair_opts o;
	struct spdk_nvme_qpair *qp;
	uint64_t fake_sq[8];

	env_up(&e);
	memset(&o, 0xff, sizeof(o));
	spdk_nvme_ctrlr_get_default_io_qpair_opts(e.c, &o, sizeof(o));
	CU_ASSERT(o.opts_size == sizeof(o) && sizeof(o) == 80);
	CU_ASSERT(!o.create_only && !o.async_mode && !o.disable_pcie_sgl_merge);
	CU_ASSERT(o.sq.vaddr == NULL && o.cq.vaddr == NULL && !o.delay_pcie_doorbell);
	/* Caller-provided queue memory is refused, not ignored. */
	o.sq.vaddr = (struct spdk_nvme_cmd *)fake_sq;
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(e.c, &o, sizeof(o)) == NULL);
	/* An older, shorter struct: the fields it lacks keep their defaults. */
	o.sq.vaddr = NULL;
	o.create_only = true;
	qp = spdk_nvme_ctrlr_alloc_io_qpair(e.c, &o, offsetof(struct spdk_nvme_io_qpair_opts, sq));
	CU_ASSERT_FATAL(qp != NULL);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	/* async_mode: accepted; connected when alloc returns. */
	o.create_only = false;
	o.async_mode = true;
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qp) == 0);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(e.c, &o, sizeof(o));
	CU_ASSERT_FATAL(qp != NULL);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(read_ok(&e, qp));
	env_down(&e);
}

static void
test_create_only_then_connect(void)
{
	struct env e;
	struct spdk_nvme_qpair *qp, *admin_like;
	struct dt_io io = { 0 };
	uint16_t qid;

	env_up(&e);
	qp = dt_alloc_create_only(e.c);
	CU_ASSERT_FATAL(qp != NULL);
	qid = spdk_nvme_qpair_get_id(qp);
	CU_ASSERT(qid >= 1);
	CU_ASSERT(!spdk_nvme_qpair_is_admin_queue(qp));
	CU_ASSERT(!spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(!nvme_model_sq_exists(e.m, qid) && !nvme_model_cq_exists(e.m, qid));
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, qp, e.buf, 0, 8, dt_io_cb, &io, 0) == -ENXIO);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qp, 0) == -ENXIO);
	/* Its qid stays taken: the next qpair gets another. */
	admin_like = spdk_nvme_ctrlr_alloc_io_qpair(e.c, NULL, 0);
	CU_ASSERT_FATAL(admin_like != NULL);
	CU_ASSERT(spdk_nvme_qpair_get_id(admin_like) != qid);

	CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(NULL, qp) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(e.c, NULL) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(e.c, qp) == 0);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(nvme_model_sq_exists(e.m, qid) && nvme_model_cq_exists(e.m, qid));
	CU_ASSERT(spdk_nvme_qpair_get_failure_reason(qp) == SPDK_NVME_QPAIR_FAILURE_NONE);
	CU_ASSERT(read_ok(&e, qp));
	CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(e.c, qp) == -EISCONN);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(admin_like) == 0);
	env_down(&e);
}

/* Disconnect with three reads held by the device; DNR as chosen. */
static void
disconnect_with_held(struct env *e, bool dnr)
{
	struct spdk_nvme_qpair *qp = spdk_nvme_ctrlr_alloc_io_qpair(e->c, NULL, 0);
	struct dt_io io[3] = { 0 };
	uint16_t qid;

	CU_ASSERT_FATAL(qp != NULL);
	qid = spdk_nvme_qpair_get_id(qp);
	spdk_nvme_qpair_set_abort_dnr(qp, dnr);
	CU_ASSERT(nvme_model_inject_hold(e->m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 3) == 0);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(e->ns, qp, e->buf, (uint64_t)i * 8, 8, dt_io_cb,
						&io[i], 0) == 0);
	}
	CU_ASSERT(spdk_nvme_qpair_process_completions(qp, 0) == 0);
	CU_ASSERT(spdk_nvme_qpair_get_num_outstanding_reqs(qp) == 3);
	CU_ASSERT(spdk_nvme_qpair_get_queue_depth(qp) == 3);

	spdk_nvme_ctrlr_disconnect_io_qpair(qp);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(io[i].calls == 1);
		CU_ASSERT(io[i].cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
		CU_ASSERT(io[i].cpl.status.dnr == dnr);
	}
	CU_ASSERT(spdk_nvme_qpair_get_num_outstanding_reqs(qp) == 0);
	CU_ASSERT(spdk_nvme_qpair_get_queue_depth(qp) == 0);
	CU_ASSERT(!spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(spdk_nvme_qpair_get_failure_reason(qp) == SPDK_NVME_QPAIR_FAILURE_LOCAL);
	CU_ASSERT(!nvme_model_sq_exists(e->m, qid) && !nvme_model_cq_exists(e->m, qid));
	CU_ASSERT(spdk_nvme_qpair_process_completions(qp, 0) == -ENXIO);
	spdk_nvme_ctrlr_disconnect_io_qpair(qp);	/* again: nothing to do */
	CU_ASSERT(io[0].calls == 1);

	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qp) == 0);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(nvme_model_sq_exists(e->m, qid));
	CU_ASSERT(read_ok(e, qp));
	/* Connected: reconnect is a no-op returning 0. */
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qp) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qp) == 0);
}

static void
test_disconnect_aborts_with_dnr(void)
{
	struct env e;

	env_up(&e);
	disconnect_with_held(&e, false);
	disconnect_with_held(&e, true);
	env_down(&e);
}

static void
test_reconnect_errors(void)
{
	struct env e;
	struct spdk_nvme_qpair *qp;
	struct spdk_nvme_qpair *admin_fake = NULL;

	env_up(&e);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(e.c, NULL, 0);
	CU_ASSERT_FATAL(qp != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(admin_fake) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_get_admin_qp_failure_reason(e.c) == SPDK_NVME_QPAIR_FAILURE_NONE);
	spdk_nvme_ctrlr_fail(e.c);
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qp) == -ENXIO);
	CU_ASSERT(spdk_nvme_qpair_get_failure_reason(qp) == SPDK_NVME_QPAIR_FAILURE_LOCAL);
	CU_ASSERT(spdk_nvme_ctrlr_get_admin_qp_failure_reason(e.c) ==
		  SPDK_NVME_QPAIR_FAILURE_LOCAL);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qp, 0) == -ENXIO);
	/* The reset brings it back; reconnect then finds it connected. */
	CU_ASSERT(spdk_nvme_ctrlr_reset(e.c) == 0);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qp) == 0);
	CU_ASSERT(read_ok(&e, qp));

	nvme_model_surprise_remove(e.m);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(e.c) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_reconnect_io_qpair(qp) == -ENODEV);
	CU_ASSERT(spdk_nvme_qpair_get_failure_reason(qp) == SPDK_NVME_QPAIR_FAILURE_REMOTE);
	CU_ASSERT(spdk_nvme_ctrlr_connect_io_qpair(e.c, qp) == -EISCONN);
	env_down(&e);
}

struct cb_disconnect {
	struct spdk_nvme_qpair	*qp;
	unsigned int		calls;
	bool			connected_in_cb;
};

static void
disconnect_in_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct cb_disconnect *d = arg;

	(void)cpl;
	d->calls++;
	spdk_nvme_ctrlr_disconnect_io_qpair(d->qp);
	/* Deferred: the poll that runs this callback is still walking the CQ. */
	d->connected_in_cb = spdk_nvme_qpair_is_connected(d->qp);
}

static void
test_disconnect_from_callback(void)
{
	struct env e;
	struct cb_disconnect d = { 0 };

	env_up(&e);
	d.qp = spdk_nvme_ctrlr_alloc_io_qpair(e.c, NULL, 0);
	CU_ASSERT_FATAL(d.qp != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, d.qp, e.buf, 0, 8, disconnect_in_cb, &d, 0) == 0);
	for (int i = 0; i < 100 && d.calls == 0; i++) {
		spdk_nvme_qpair_process_completions(d.qp, 0);
	}
	CU_ASSERT(d.calls == 1);
	CU_ASSERT(d.connected_in_cb);
	CU_ASSERT(!spdk_nvme_qpair_is_connected(d.qp));
	CU_ASSERT(!nvme_model_sq_exists(e.m, spdk_nvme_qpair_get_id(d.qp)));
	env_down(&e);
}

/*
 * Three elements: two IOVA-adjacent ones, then one elsewhere at an odd
 * address, so PRPs cannot describe the payload and SGLs are used.
 */
struct three_sge {
	struct dt_io	io;	/* first: the command's cb_arg is this struct */
	uint8_t		*base;
	unsigned int	next;
};

static void
three_reset(void *arg, uint32_t offset)
{
	struct three_sge *t = arg;

	CU_ASSERT(offset == 0);
	t->next = 0;
}

static int
three_next(void *arg, void **addr, uint32_t *len)
{
	static const uint32_t off[3] = { 0, 100, 2052 }, sz[3] = { 100, 412, 512 };
	struct three_sge *t = arg;

	if (t->next >= 3) {
		return -1;
	}
	*addr = t->base + off[t->next];
	*len = sz[t->next];
	t->next++;
	return 0;
}

/* Data blocks the controller saw for one 1 KiB write with the merge on or off. */
static uint32_t
sgl_blocks(bool disable_merge)
{
	struct nvme_model_opts mo;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *c;
	struct spdk_nvme_io_qpair_opts o;
	struct spdk_nvme_qpair *qp;
	struct three_sge t = { 0 };
	const struct nvme_model_cmd_record *r;
	uint32_t nsegs = 0;

	nvme_model_opts_default(&mo);
	mo.sgls = SPDK_NVME_SGLS_SUPPORTED;
	m = dt_model_new(&mo);
	c = dt_attach(m);
	t.base = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(c, &o, sizeof(o));
	o.disable_pcie_sgl_merge = disable_merge;
	qp = spdk_nvme_ctrlr_alloc_io_qpair(c, &o, sizeof(o));
	CU_ASSERT_FATAL(qp != NULL && t.base != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_writev(spdk_nvme_ctrlr_get_ns(c, 1), qp, 0, 2, dt_io_cb, &t, 0,
					  three_reset, three_next) == 0);
	CU_ASSERT(dt_wait_io(qp, &t.io) && dt_cpl_ok(&t.io.cpl));
	r = dt_find_cmd(m, spdk_nvme_qpair_get_id(qp), SPDK_NVME_OPC_WRITE, -1);
	CU_ASSERT_FATAL(r != NULL);
	nsegs = r->nsegs;
	spdk_free(t.base);
	dt_detach_and_check(c, m);
	dt_model_destroy(m);
	return nsegs;
}

static void
test_disable_pcie_sgl_merge(void)
{
	CU_ASSERT(sgl_blocks(false) == 2);
	CU_ASSERT(sgl_blocks(true) == 3);
}

static void
test_getters_and_fds(void)
{
	struct env e;
	struct spdk_nvme_qpair *qp;

	env_up(&e);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(e.c, NULL, 0);
	CU_ASSERT_FATAL(qp != NULL);
	CU_ASSERT(spdk_nvme_qpair_get_id(qp) == 1);
	CU_ASSERT(spdk_nvme_qpair_is_connected(qp));
	CU_ASSERT(!spdk_nvme_qpair_is_admin_queue(NULL));
	CU_ASSERT(spdk_nvme_qpair_get_num_outstanding_reqs(qp) == 0);
	CU_ASSERT(spdk_nvme_qpair_get_fd(qp, NULL) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_get_admin_qp_fd(e.c, NULL) == -ENOTSUP);
	env_down(&e);
}

static void
test_transport_queries(void)
{
	struct spdk_nvme_transport_opts o, back;

	CU_ASSERT(spdk_nvme_transport_available(SPDK_NVME_TRANSPORT_PCIE));
	CU_ASSERT(!spdk_nvme_transport_available(SPDK_NVME_TRANSPORT_RDMA));
	CU_ASSERT(spdk_nvme_transport_available(SPDK_NVME_TRANSPORT_TCP));
	CU_ASSERT(spdk_nvme_transport_available_by_name("TCP"));
	CU_ASSERT(!spdk_nvme_transport_available(SPDK_NVME_TRANSPORT_CUSTOM));
	CU_ASSERT(spdk_nvme_transport_available_by_name("PCIe"));
	CU_ASSERT(spdk_nvme_transport_available_by_name(SPDK_NVME_TRANSPORT_NAME_PCIE));
	CU_ASSERT(!spdk_nvme_transport_available_by_name("RDMA"));
	CU_ASSERT(!spdk_nvme_transport_available_by_name(NULL));
	CU_ASSERT(spdk_nvme_trtype_is_fabrics(SPDK_NVME_TRANSPORT_RDMA));
	CU_ASSERT(spdk_nvme_trtype_is_fabrics(SPDK_NVME_TRANSPORT_TCP));
	CU_ASSERT(spdk_nvme_trtype_is_fabrics(SPDK_NVME_TRANSPORT_FC));
	CU_ASSERT(spdk_nvme_trtype_is_fabrics(SPDK_NVME_TRANSPORT_CUSTOM_FABRICS));
	CU_ASSERT(!spdk_nvme_trtype_is_fabrics(SPDK_NVME_TRANSPORT_PCIE));
	CU_ASSERT(!spdk_nvme_trtype_is_fabrics(SPDK_NVME_TRANSPORT_CUSTOM));
	CU_ASSERT(!spdk_nvme_trtype_is_fabrics(SPDK_NVME_TRANSPORT_VFIOUSER));

	memset(&o, 0xee, sizeof(o));
	spdk_nvme_transport_get_opts(&o, sizeof(o));
	CU_ASSERT(o.opts_size == sizeof(o));
	CU_ASSERT(o.rdma_srq_size == 0 && o.rdma_max_cq_size == 0);
	CU_ASSERT(o.rdma_cm_event_timeout_ms == 1000 && !o.rdma_umr_per_io);
	CU_ASSERT(o.tcp_connect_timeout_ms == 0);
	o.rdma_srq_size = 7;
	o.tcp_connect_timeout_ms = 5000;
	CU_ASSERT(spdk_nvme_transport_set_opts(&o, sizeof(o)) == 0);
	spdk_nvme_transport_get_opts(&back, sizeof(back));
	CU_ASSERT(back.rdma_srq_size == 7 && back.tcp_connect_timeout_ms == 5000);
	/* Out of range: refused, nothing changed. */
	o.rdma_srq_size = 9;
	o.tcp_connect_timeout_ms = (uint32_t)INT_MAX + 1u;
	CU_ASSERT(spdk_nvme_transport_set_opts(&o, sizeof(o)) == -EINVAL);
	spdk_nvme_transport_get_opts(&back, sizeof(back));
	CU_ASSERT(back.rdma_srq_size == 7 && back.tcp_connect_timeout_ms == 5000);
	/* A short struct: only the fields it holds are read or written. */
	memset(&back, 0xee, sizeof(back));
	spdk_nvme_transport_get_opts(&back, offsetof(struct spdk_nvme_transport_opts,
				     rdma_max_cq_size));
	CU_ASSERT(back.rdma_srq_size == 7);
	CU_ASSERT(back.tcp_connect_timeout_ms == 0xeeeeeeee);
	o.opts_size = offsetof(struct spdk_nvme_transport_opts, rdma_max_cq_size);
	o.rdma_srq_size = 3;
	o.tcp_connect_timeout_ms = 1;
	CU_ASSERT(spdk_nvme_transport_set_opts(&o, sizeof(o)) == 0);
	spdk_nvme_transport_get_opts(&back, sizeof(back));
	CU_ASSERT(back.rdma_srq_size == 3 && back.tcp_connect_timeout_ms == 5000);
	CU_ASSERT(spdk_nvme_transport_set_opts(NULL, sizeof(o)) == -EINVAL);
	CU_ASSERT(spdk_nvme_transport_set_opts(&o, 0) == -EINVAL);
	/* Put the defaults back for whatever runs next. */
	memset(&o, 0, sizeof(o));
	o.opts_size = sizeof(o);
	o.rdma_cm_event_timeout_ms = 1000;
	CU_ASSERT(spdk_nvme_transport_set_opts(&o, sizeof(o)) == 0);
}

static const struct cu_test g_tests[] = {
	{ "opts_defaults_and_layout", test_opts_defaults_and_layout },
	{ "create_only_then_connect", test_create_only_then_connect },
	{ "disconnect_aborts_with_dnr", test_disconnect_aborts_with_dnr },
	{ "reconnect_errors", test_reconnect_errors },
	{ "disconnect_from_callback", test_disconnect_from_callback },
	{ "disable_pcie_sgl_merge", test_disable_pcie_sgl_merge },
	{ "getters_and_fds", test_getters_and_fds },
	{ "transport_queries", test_transport_queries },
};

int
main(void)
{
	return dt_run_table("nvme_qpair_lifecycle", g_tests, SPDK_COUNTOF(g_tests));
}
