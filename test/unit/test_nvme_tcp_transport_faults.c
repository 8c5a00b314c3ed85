/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe/TCP transport's failure semantics through the public API, with
 * faults injected by the target model (mock/nvme_tcp_target.c): a
 * connection closed mid-I/O or mid-transfer, a C2HTermReq, the admin
 * connection lost (reset), a target that stops answering (keep-alive,
 * command timeouts).  SPDK's contract: every outstanding request completes
 * exactly once with an error, spdk_nvme_qpair_process_completions returns
 * -ENXIO from then on, the failure reason is set, submissions fail cleanly,
 * and reconnect/reset bring the queues back.
 */
#include <stdlib.h>

#include "tcp_transport_test.h"

#define NCMD	8

struct fixture {
	struct tcp_tgt		*t;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qp;
	struct spdk_nvme_ns	*ns;
	uint8_t			*buf;	/* NCMD x 64 KiB */
};

static void
fx_up(struct fixture *f, opts_fn tweak)
{
	memset(f, 0, sizeof(*f));
	f->t = tcp_tgt_start(NULL);
	CU_ASSERT_FATAL(f->t != NULL);
	f->ctrlr = tt_attach(f->t, tweak);
	CU_ASSERT_FATAL(f->ctrlr != NULL);
	f->qp = spdk_nvme_ctrlr_alloc_io_qpair(f->ctrlr, NULL, 0);
	f->ns = spdk_nvme_ctrlr_get_ns(f->ctrlr, 1);
	f->buf = spdk_zmalloc(NCMD * 65536, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(f->qp != NULL && f->ns != NULL && f->buf != NULL);
}

static void
fx_down(struct fixture *f)
{
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(f->qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(f->ctrlr), 0);
	spdk_free(f->buf);
	tcp_tgt_stop(f->t);
}

/* Submit NCMD 64 KiB commands (writes: by R2T), poll until all completed or 5 s. */
static int32_t
submit_and_reap(struct fixture *f, bool write, struct io_done *d)
{
	int32_t last = 0;
	uint64_t end = now_ms() + 5000;
	unsigned int done;

	memset(d, 0, NCMD * sizeof(*d));
	for (int i = 0; i < NCMD; i++) {
		uint8_t *b = f->buf + (size_t)i * 65536;
		int rc = write ? spdk_nvme_ns_cmd_write(f->ns, f->qp, b, (uint64_t)i * 128, 128,
						       io_cb, &d[i], 0) :
			 spdk_nvme_ns_cmd_read(f->ns, f->qp, b, (uint64_t)i * 128, 128, io_cb, &d[i], 0);

		CU_ASSERT_EQUAL(rc, 0);
	}
	do {
		last = spdk_nvme_qpair_process_completions(f->qp, 0);
		done = 0;
		for (int i = 0; i < NCMD; i++) {
			done += d[i].calls > 0;
		}
		usleep(100);
	} while (done < NCMD && now_ms() < end);
	return last;
}

/* After a lost connection: each command completed exactly once; failed ones aborted. */
static unsigned int
check_failed_once(const struct io_done *d)
{
	unsigned int failed = 0;

	for (int i = 0; i < NCMD; i++) {
		CU_ASSERT_EQUAL(d[i].calls, 1);
		if (spdk_nvme_cpl_is_error(&d[i].cpl)) {
			/* the connection's own loss, or the controller's failure */
			CU_ASSERT_EQUAL(d[i].cpl.status.sct, SPDK_NVME_SCT_GENERIC);
			CU_ASSERT(d[i].cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION ||
				  d[i].cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
			failed++;
		}
	}
	return failed;
}

/* The qpair is failed for good: -ENXIO, a reason, submissions refused, nothing twice. */
static void
check_qpair_failed(struct fixture *f, const struct io_done *d)
{
	struct io_done late = { 0 };

	CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f->qp, 0), -ENXIO);
	CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f->qp, 0), -ENXIO);
	CU_ASSERT_NOT_EQUAL(spdk_nvme_qpair_get_failure_reason(f->qp), SPDK_NVME_QPAIR_FAILURE_NONE);
	CU_ASSERT(!spdk_nvme_qpair_is_connected(f->qp));
	CU_ASSERT(spdk_nvme_ns_cmd_read(f->ns, f->qp, f->buf, 0, 8, io_cb, &late, 0) < 0);
	CU_ASSERT_EQUAL(late.calls, 0);
	for (int i = 0; i < NCMD; i++) {
		CU_ASSERT_EQUAL(d[i].calls, 1);
	}
}

static void
test_io_conn_closed(void)
{
	struct fixture f;
	struct io_done d[NCMD];
	struct tcp_tgt_stats st;

	fx_up(&f, NULL);
	tcp_tgt_close_after(f.t, false, 3);	/* the 3rd I/O command ends the connection */
	CU_ASSERT_EQUAL(submit_and_reap(&f, false, d), -ENXIO);
	CU_ASSERT(check_failed_once(d) >= NCMD - 2);
	check_qpair_failed(&f, d);
	CU_ASSERT_EQUAL(spdk_nvme_qpair_get_failure_reason(f.qp), SPDK_NVME_QPAIR_FAILURE_REMOTE);
	/* the controller itself is fine */
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(f.ctrlr));
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(f.ctrlr) >= 0);

	/* Reconnect: refused while nothing listens, then fine. */
	CU_ASSERT_EQUAL(tcp_tgt_listen(f.t, false), 0);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reconnect_io_qpair(f.qp), -EAGAIN);
	CU_ASSERT_EQUAL(tcp_tgt_listen(f.t, true), 0);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reconnect_io_qpair(f.qp), 0);
	CU_ASSERT(spdk_nvme_qpair_is_connected(f.qp));
	CU_ASSERT_EQUAL(spdk_nvme_qpair_get_failure_reason(f.qp), SPDK_NVME_QPAIR_FAILURE_NONE);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 64, 65536, 5), 0);
	tcp_tgt_get_stats(f.t, &st);
	CU_ASSERT_EQUAL(st.connects_io, 2);
	fx_down(&f);
}

/* Closed in the middle of a read's C2HData, then of a write's H2CData. */
static void
test_mid_transfer(void)
{
	struct fixture f;
	struct io_done d[NCMD];

	fx_up(&f, NULL);
	tcp_tgt_close_mid_transfer(f.t);
	CU_ASSERT_EQUAL(submit_and_reap(&f, false, d), -ENXIO);
	CU_ASSERT(check_failed_once(d) >= 1);
	check_qpair_failed(&f, d);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reconnect_io_qpair(f.qp), 0);

	tcp_tgt_close_mid_transfer(f.t);
	CU_ASSERT_EQUAL(submit_and_reap(&f, true, d), -ENXIO);
	CU_ASSERT(check_failed_once(d) >= 1);
	check_qpair_failed(&f, d);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reconnect_io_qpair(f.qp), 0);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 8192, 6), 0);
	fx_down(&f);
}

/* A C2HTermReq from the target: the same semantics. */
static void
test_term_req(void)
{
	struct fixture f;
	struct io_done d[NCMD];
	struct tcp_tgt_stats st;

	fx_up(&f, NULL);
	tcp_tgt_term_req_after(f.t, false, 2);
	CU_ASSERT_EQUAL(submit_and_reap(&f, true, d), -ENXIO);
	CU_ASSERT(check_failed_once(d) >= NCMD - 1);
	check_qpair_failed(&f, d);
	tcp_tgt_get_stats(f.t, &st);
	CU_ASSERT_EQUAL(st.term_reqs_sent, 1);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reconnect_io_qpair(f.qp), 0);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 65536, 7), 0);
	fx_down(&f);
}

/* Every connection gone (the admin one too): failed controller, then reset. */
static void
test_admin_lost_reset(void)
{
	struct fixture f;
	struct io_done d[NCMD];
	struct tcp_tgt_stats st;
	uint64_t end;

	fx_up(&f, NULL);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 2048, 65536, 8), 0);
	tcp_tgt_stall(f.t, false, true);	/* the reads stay outstanding ... */
	memset(d, 0, sizeof(d));
	for (int i = 0; i < NCMD; i++) {
		CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(f.ns, f.qp, f.buf, 0, 8, io_cb, &d[i], 0), 0);
	}
	(void)spdk_nvme_qpair_process_completions(f.qp, 0);
	tcp_tgt_drop_all(f.t);			/* ... when every connection is closed */
	tcp_tgt_stall(f.t, false, false);
	end = now_ms() + 3000;
	while (!spdk_nvme_ctrlr_is_failed(f.ctrlr) && now_ms() < end) {
		(void)spdk_nvme_ctrlr_process_admin_completions(f.ctrlr);
		usleep(100);
	}
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(f.ctrlr));
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(f.ctrlr) < 0);
	CU_ASSERT_NOT_EQUAL(spdk_nvme_ctrlr_get_admin_qp_failure_reason(f.ctrlr),
			    SPDK_NVME_QPAIR_FAILURE_NONE);
	end = now_ms() + 3000;
	while (now_ms() < end && spdk_nvme_qpair_process_completions(f.qp, 0) >= 0) {
		usleep(100);
	}
	CU_ASSERT_EQUAL(check_failed_once(d), NCMD);
	check_qpair_failed(&f, d);

	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reset(f.ctrlr), 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(f.ctrlr));
	CU_ASSERT(spdk_nvme_qpair_is_connected(f.qp));
	tcp_tgt_get_stats(f.t, &st);
	CU_ASSERT_EQUAL(st.connects_admin, 2);
	CU_ASSERT_EQUAL(st.connects_io, 2);
	/* the same qpair pointer works, and the data written before is there */
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 65536, 9), 0);
	for (int i = 0; i < NCMD; i++) {
		CU_ASSERT_EQUAL(d[i].calls, 1);
	}
	fx_down(&f);
}

static void
set_short_kato(struct spdk_nvme_ctrlr_opts *opts)
{
	opts->keep_alive_timeout_ms = 300;
}

/*
 * Keep-alive: sent from the admin poll every KATO/2; a target that stops
 * answering is a failed controller within about 1.5 x KATO (the keep-alive
 * sent before the silence must have completed by KATO), and the outstanding
 * I/O completes with an error.
 */
static void
test_keep_alive(void)
{
	struct fixture f;
	struct tcp_tgt_stats st;
	struct io_done d = { 0 };
	uint64_t start, end;

	fx_up(&f, set_short_kato);
	tcp_tgt_get_stats(f.t, &st);
	CU_ASSERT_EQUAL(st.kato_ms, 300);
	CU_ASSERT_EQUAL(st.kato_set_ms, 300);
	end = now_ms() + 1000;
	while (now_ms() < end) {
		CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(f.ctrlr) >= 0);
		usleep(1000);
	}
	tcp_tgt_get_stats(f.t, &st);
	CU_ASSERT(st.keep_alives >= 4 && st.keep_alives <= 8);	/* every 150 ms for 1 s */
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(f.ctrlr));

	tcp_tgt_stall(f.t, true, true);
	CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(f.ns, f.qp, f.buf, 0, 8, io_cb, &d, 0), 0);
	start = now_ms();
	while (!spdk_nvme_ctrlr_is_failed(f.ctrlr) && now_ms() < start + 3000) {
		(void)spdk_nvme_ctrlr_process_admin_completions(f.ctrlr);
		(void)spdk_nvme_qpair_process_completions(f.qp, 0);
		usleep(1000);
	}
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(f.ctrlr));
	CU_ASSERT(now_ms() - start <= 1000);
	/* the I/O qpair learns it at its next poll: the read ends, once */
	CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f.qp, 0), -ENXIO);
	CU_ASSERT_EQUAL(d.calls, 1);
	CU_ASSERT(spdk_nvme_cpl_is_error(&d.cpl));
	CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f.qp, 0), -ENXIO);
	CU_ASSERT_EQUAL(d.calls, 1);

	tcp_tgt_stall(f.t, false, false);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reset(f.ctrlr), 0);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 4096, 10), 0);

	/* Again, with only the I/O qpair polled (keep-alive runs from its poll too). */
	memset(&d, 0, sizeof(d));
	tcp_tgt_stall(f.t, true, true);
	CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(f.ns, f.qp, f.buf, 0, 8, io_cb, &d, 0), 0);
	start = now_ms();
	while (d.calls == 0 && now_ms() < start + 3000) {
		(void)spdk_nvme_qpair_process_completions(f.qp, 0);
		usleep(1000);
	}
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(f.ctrlr));
	CU_ASSERT(now_ms() - start <= 1000);
	CU_ASSERT_EQUAL(d.calls, 1);
	CU_ASSERT(spdk_nvme_cpl_is_error(&d.cpl));
	CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f.qp, 0), -ENXIO);
	/* a failed controller detaches at once, stalled target or not */
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(f.qp), 0);
	start = now_ms();
	CU_ASSERT_EQUAL(spdk_nvme_detach(f.ctrlr), 0);
	CU_ASSERT(now_ms() - start < 1000);
	spdk_free(f.buf);
	tcp_tgt_stop(f.t);
}

struct timeout_seen {
	unsigned int		calls;
	struct spdk_nvme_qpair	*qpair;
	uint16_t		cid;
};

static void
timeout_cb(void *arg, struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair, uint16_t cid)
{
	struct timeout_seen *s = arg;

	(void)ctrlr;
	s->calls++;
	s->qpair = qpair;
	s->cid = cid;
}

/* A command the target never answers: the timeout callback, once, with its qpair and CID. */
static void
test_command_timeout(void)
{
	struct fixture f;
	struct timeout_seen seen = { 0 };
	struct tcp_tgt_stats st;
	struct io_done d = { 0 };
	uint64_t end;

	fx_up(&f, NULL);
	spdk_nvme_ctrlr_register_timeout_callback(f.ctrlr, 200 * 1000, 0, timeout_cb, &seen);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 4096, 11), 0);	/* answered: no call */
	tcp_tgt_stall(f.t, false, true);
	CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(f.ns, f.qp, f.buf, 0, 8, io_cb, &d, 0), 0);
	CU_ASSERT(tt_wait(f.ctrlr, f.qp, &seen.calls, 1, 3000));
	CU_ASSERT(TT_WAIT_STAT(f.t, st, st.last_opc == SPDK_NVME_OPC_READ, 1000));
	CU_ASSERT_EQUAL(seen.calls, 1);
	CU_ASSERT(seen.qpair == f.qp);
	CU_ASSERT_EQUAL(seen.cid, st.last_cid);
	CU_ASSERT_EQUAL(st.last_qid, spdk_nvme_qpair_get_id(f.qp));
	/* once per command */
	end = now_ms() + 600;
	while (now_ms() < end) {
		(void)spdk_nvme_qpair_process_completions(f.qp, 0);
		usleep(1000);
	}
	CU_ASSERT_EQUAL(seen.calls, 1);
	CU_ASSERT_EQUAL(d.calls, 0);
	tcp_tgt_stall(f.t, false, false);
	/* freeing the qpair ends the read that never came back */
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(f.qp), 0);
	CU_ASSERT_EQUAL(d.calls, 1);
	f.qp = spdk_nvme_ctrlr_alloc_io_qpair(f.ctrlr, NULL, 0);
	CU_ASSERT_FATAL(f.qp != NULL);
	fx_down(&f);
}

/* More requests than the queue holds (the rest wait in software), then the connection dies. */
static void
test_queued_beyond_depth(void)
{
	enum { N = 300 };
	struct fixture f;
	struct io_done *d = calloc(N, sizeof(*d));
	unsigned int once = 0, failed = 0;
	uint64_t end;

	CU_ASSERT_FATAL(d != NULL);
	fx_up(&f, NULL);
	tcp_tgt_close_after(f.t, false, 50);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(f.ns, f.qp, f.buf + (i % 64) * 4096,
						      (uint64_t)i * 8, 8, io_cb, &d[i], 0), 0);
	}
	end = now_ms() + 5000;
	while (now_ms() < end && spdk_nvme_qpair_process_completions(f.qp, 0) >= 0) {
		usleep(100);
	}
	for (int i = 0; i < N; i++) {
		once += d[i].calls == 1;
		failed += spdk_nvme_cpl_is_error(&d[i].cpl);
	}
	CU_ASSERT_EQUAL(once, N);
	CU_ASSERT(failed >= N - 49);
	CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f.qp, 0), -ENXIO);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reconnect_io_qpair(f.qp), 0);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 4096, 13), 0);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(d[i].calls, 1);
	}
	free(d);
	fx_down(&f);
}

/* An admin command the target never answers: the callback with no qpair (admin), once. */
static void
test_admin_timeout(void)
{
	struct fixture f;
	struct timeout_seen seen = { 0 };
	struct tcp_tgt_stats st;
	struct io_done d = { 0 };
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_GET_FEATURES,
		       .cdw10 = SPDK_NVME_FEAT_NUMBER_OF_QUEUES };

	fx_up(&f, NULL);
	spdk_nvme_ctrlr_register_timeout_callback(f.ctrlr, 0, 200 * 1000, timeout_cb, &seen);
	tcp_tgt_stall(f.t, true, false);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_cmd_admin_raw(f.ctrlr, &cmd, NULL, 0, io_cb, &d), 0);
	CU_ASSERT(tt_wait(f.ctrlr, NULL, &seen.calls, 1, 3000));
	CU_ASSERT(TT_WAIT_STAT(f.t, st, st.last_opc == SPDK_NVME_OPC_GET_FEATURES, 1000));
	CU_ASSERT_EQUAL(seen.calls, 1);
	CU_ASSERT(seen.qpair == NULL);
	CU_ASSERT_EQUAL(seen.cid, st.last_cid);
	CU_ASSERT_EQUAL(st.last_qid, 0);
	CU_ASSERT(!tt_wait(f.ctrlr, NULL, &seen.calls, 2, 500));	/* once; the AERs never */
	CU_ASSERT_EQUAL(d.calls, 0);
	tcp_tgt_stall(f.t, false, false);
	spdk_nvme_ctrlr_register_timeout_callback(f.ctrlr, 0, 0, NULL, NULL);
	/* a reset ends the command that never came back, once */
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reset(f.ctrlr), 0);
	CU_ASSERT(tt_wait(f.ctrlr, NULL, &d.calls, 1, 1000));
	CU_ASSERT(spdk_nvme_cpl_is_error(&d.cpl));
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 4096, 14), 0);
	CU_ASSERT_EQUAL(d.calls, 1);
	fx_down(&f);
}

/* Reset with commands in flight on healthy connections: each ends once, I/O resumes. */
static void
test_reset_in_flight(void)
{
	struct fixture f;
	struct io_done d[NCMD];
	struct tcp_tgt_stats st;

	fx_up(&f, NULL);
	tcp_tgt_stall(f.t, false, true);
	memset(d, 0, sizeof(d));
	for (int i = 0; i < NCMD; i++) {
		CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(f.ns, f.qp, f.buf, 0, 8, io_cb, &d[i], 0), 0);
	}
	(void)spdk_nvme_qpair_process_completions(f.qp, 0);
	CU_ASSERT(TT_WAIT_STAT(f.t, st, st.cmds_io == NCMD, 2000));
	tcp_tgt_stall(f.t, false, false);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reset(f.ctrlr), 0);
	CU_ASSERT_EQUAL(check_failed_once(d), NCMD);
	CU_ASSERT(spdk_nvme_qpair_is_connected(f.qp));
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 65536, 15), 0);
	for (int i = 0; i < NCMD; i++) {
		CU_ASSERT_EQUAL(d[i].calls, 1);
	}
	/* disconnect / connect an I/O qpair by hand: a new connection each time */
	spdk_nvme_ctrlr_disconnect_io_qpair(f.qp);
	CU_ASSERT(!spdk_nvme_qpair_is_connected(f.qp));
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_connect_io_qpair(f.ctrlr, f.qp), 0);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 4096, 16), 0);
	tcp_tgt_get_stats(f.t, &st);
	CU_ASSERT_EQUAL(st.connects_io, 3);
	CU_ASSERT_EQUAL(st.connects_admin, 2);
	fx_down(&f);
}

/* A reset whose new association is lost at each admin command in turn, then a clean one. */
static void
test_reset_interrupted(void)
{
	unsigned int failed = 0;

	for (unsigned int n = 1; n <= 24; n++) {
		struct fixture f;
		int rc;

		fx_up(&f, NULL);
		tcp_tgt_close_after(f.t, true, n);
		rc = spdk_nvme_ctrlr_reset(f.ctrlr);
		if (rc != 0) {
			failed++;
			CU_ASSERT(spdk_nvme_ctrlr_is_failed(f.ctrlr));
			CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f.qp, 0), -ENXIO);
			tcp_tgt_close_after(f.t, true, 0);
			CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reset(f.ctrlr), 0);
		}
		CU_ASSERT(!spdk_nvme_ctrlr_is_failed(f.ctrlr));
		CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 4096, n), 0);
		tcp_tgt_close_after(f.t, true, 0);
		fx_down(&f);
	}
	CU_ASSERT(failed >= 15);
}

static void
set_digests(struct spdk_nvme_ctrlr_opts *opts)
{
	opts->header_digest = true;
	opts->data_digest = true;
}

/*
 * A C2HData whose data digest is wrong: the read ends once with TRANSIENT
 * TRANSPORT ERROR and the connection stays (SPDK's host does the same).
 */
static void
test_data_digest_error(void)
{
	struct fixture f;
	struct io_done d[2];

	fx_up(&f, set_digests);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 65536, 17), 0);
	memset(d, 0, sizeof(d));
	for (int cid_parity = 0; cid_parity < 2; cid_parity++) {
		/* both endings: C2HData SUCCESS (even CID) and CapsuleResp (odd) */
		tcp_tgt_bad_ddgst(f.t);
		CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(f.ns, f.qp, f.buf, 0, 128, io_cb,
						      &d[cid_parity], 0), 0);
		CU_ASSERT(tt_wait(f.ctrlr, f.qp, &d[cid_parity].calls, 1, 3000));
		CU_ASSERT_EQUAL(d[cid_parity].cpl.status.sct, SPDK_NVME_SCT_GENERIC);
		CU_ASSERT_EQUAL(d[cid_parity].cpl.status.sc,
				SPDK_NVME_SC_COMMAND_TRANSIENT_TRANSPORT_ERROR);
		CU_ASSERT(spdk_nvme_qpair_is_connected(f.qp));
	}
	CU_ASSERT(spdk_nvme_qpair_process_completions(f.qp, 0) >= 0);
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 65536, 18), 0);
	CU_ASSERT_EQUAL(d[0].calls + d[1].calls, 2);
	fx_down(&f);
}

/* Target gone: reset fails (controller failed), works once it is back; detach never hangs. */
static void
test_target_gone(void)
{
	struct fixture f;
	struct tcp_tgt *t2 = tcp_tgt_start(NULL);
	struct spdk_nvme_ctrlr *c2;
	uint64_t start;

	fx_up(&f, NULL);
	CU_ASSERT_EQUAL(tcp_tgt_listen(f.t, false), 0);
	tcp_tgt_drop_all(f.t);
	CU_ASSERT(spdk_nvme_ctrlr_reset(f.ctrlr) < 0);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(f.ctrlr));
	CU_ASSERT_EQUAL(spdk_nvme_qpair_process_completions(f.qp, 0), -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_reset(f.ctrlr) < 0);	/* again: still nothing there */
	CU_ASSERT_EQUAL(tcp_tgt_listen(f.t, true), 0);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_reset(f.ctrlr), 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(f.ctrlr));
	CU_ASSERT_EQUAL(tt_write_read(f.ctrlr, f.qp, 0, 65536, 12), 0);

	/* a second controller whose target vanishes: detach is prompt and frees it */
	CU_ASSERT_FATAL(t2 != NULL);
	c2 = tt_attach(t2, NULL);
	CU_ASSERT_FATAL(c2 != NULL);
	tcp_tgt_stop(t2);
	start = now_ms();
	errlog_start();
	CU_ASSERT_EQUAL(spdk_nvme_detach(c2), 0);
	errlog_stop();
	CU_ASSERT(now_ms() - start < 2000);
	/* the shutdown's Property Get/Set says the connection is gone, not a status */
	CU_ASSERT(strstr(g_errlog, "admin connection") != NULL);
	CU_ASSERT(strstr(g_errlog, "SC 0x08") == NULL);
	CU_ASSERT_EQUAL(tcp_tgt_listen(f.t, false), 0);
	tcp_tgt_drop_all(f.t);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(f.qp), 0);
	start = now_ms();
	CU_ASSERT_EQUAL(spdk_nvme_detach(f.ctrlr), 0);
	CU_ASSERT(now_ms() - start < 2000);
	spdk_free(f.buf);
	tcp_tgt_stop(f.t);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "io_conn_closed", test_io_conn_closed },
		{ "mid_transfer", test_mid_transfer },
		{ "term_req", test_term_req },
		{ "admin_lost_reset", test_admin_lost_reset },
		{ "keep_alive", test_keep_alive },
		{ "command_timeout", test_command_timeout },
		{ "queued_beyond_depth", test_queued_beyond_depth },
		{ "admin_timeout", test_admin_timeout },
		{ "reset_in_flight", test_reset_in_flight },
		{ "reset_interrupted", test_reset_interrupted },
		{ "data_digest_error", test_data_digest_error },
		{ "target_gone", test_target_gone },
	};

	return cu_main("nvme_tcp_transport_faults", tests, sizeof(tests) / sizeof(tests[0]));
}
