/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe/TCP transport through the public API (spdk_nvme_connect with
 * trtype:TCP, qpairs, namespace commands, detach) against the in-process
 * target model (mock/nvme_tcp_target.c): what SPDK's semantics say a host
 * sees on a healthy target, and on one that refuses or is not there.
 * The failure paths (connections lost, TermReq, keep-alive, timeouts) are
 * in test_nvme_tcp_transport_faults.c.
 */
#include <stddef.h>
#include <stdlib.h>

#include "tcp_transport_test.h"

/* Attach: identity, registers as properties, transport ID, the namespace. */
static void
test_attach(void)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_transport_id trid;
	const struct spdk_nvme_transport_id *got;
	const struct spdk_nvme_ctrlr_data *cd;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_ns *ns;
	struct tcp_tgt_stats st;

	CU_ASSERT_FATAL(t != NULL);
	tcp_tgt_trid(t, &trid);
	ctrlr = spdk_nvme_connect(&trid, NULL, 0);
	CU_ASSERT_FATAL(ctrlr != NULL);
	cd = spdk_nvme_ctrlr_get_data(ctrlr);
	CU_ASSERT_STRING_EQUAL((const char *)cd->subnqn, tcp_tgt_subnqn(t));
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_get_num_ns(ctrlr), 1);
	CU_ASSERT(spdk_nvme_ctrlr_is_fabrics(ctrlr));
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_get_regs_cap(ctrlr).bits.mqes, 127);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_get_regs_cap(ctrlr).bits.cqr, 1);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_get_regs_vs(ctrlr).raw, 0x10400u);
	/* CSTS is read live, as a Property Get: ready while attached */
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_get_regs_csts(ctrlr).bits.rdy, 1);
	got = spdk_nvme_ctrlr_get_transport_id(ctrlr);
	CU_ASSERT_FATAL(got != NULL);
	CU_ASSERT_EQUAL(got->trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_compare(got, &trid), 0);
	ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	CU_ASSERT_FATAL(ns != NULL);
	CU_ASSERT(spdk_nvme_ns_is_active(ns));
	CU_ASSERT_EQUAL(spdk_nvme_ns_get_sector_size(ns), 512);
	CU_ASSERT_EQUAL(spdk_nvme_ns_get_size(ns), tcp_tgt_ram_size(t));
	/* No MDTS: the transport's 1 MiB is the limit */
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_get_max_xfer_size(ctrlr), 1024u * 1024);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.connects_admin, 1);
	CU_ASSERT_STRING_EQUAL(st.subnqn, tcp_tgt_subnqn(t));
	CU_ASSERT_EQUAL(st.kato_ms, 10000);	/* SPDK's default keep_alive_timeout_ms */
	CU_ASSERT(st.aers_held >= 1);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	/* detach: shutdown notification, then the connection closed */
	CU_ASSERT(TT_WAIT_STAT(t, st, st.conns_open == 0, 2000));
	CU_ASSERT_EQUAL(st.shutdowns, 1);
	tcp_tgt_stop(t);
}

/* The same over IPv6 (::1), from a transport ID string as applications give it. */
static void
test_attach_ipv6(void)
{
	struct tcp_tgt_config cfg = { .ipv6 = true };
	struct tcp_tgt *t = tcp_tgt_start(&cfg);
	struct spdk_nvme_transport_id trid;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qp;
	char str[512];

	if (t == NULL) {
		printf("(no IPv6 loopback here: skipped) ");
		return;
	}
	snprintf(str, sizeof(str), "trtype:TCP adrfam:IPv6 traddr:::1 trsvcid:%s subnqn:%s",
		 tcp_tgt_port(t), tcp_tgt_subnqn(t));
	memset(&trid, 0, sizeof(trid));
	CU_ASSERT_FATAL(spdk_nvme_transport_id_parse(&trid, str) == 0);
	CU_ASSERT_EQUAL(trid.adrfam, SPDK_NVMF_ADRFAM_IPV6);
	ctrlr = spdk_nvme_connect(&trid, NULL, 0);
	CU_ASSERT_FATAL(ctrlr != NULL);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qp != NULL);
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 8, 65536, 22), 0);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	tcp_tgt_stop(t);
}

static void
set_host_identity(struct spdk_nvme_ctrlr_opts *opts)
{
	snprintf(opts->hostnqn, sizeof(opts->hostnqn), "nqn.2014-08.org.example:host-a");
	for (int i = 0; i < 16; i++) {
		opts->extended_host_id[i] = (uint8_t)(i + 1);
	}
}

/* opts.hostnqn / extended_host_id reach Connect; the defaults are one per process. */
static void
test_host_identity(void)
{
	struct tcp_tgt *t1 = tcp_tgt_start(NULL), *t2 = tcp_tgt_start(NULL);
	struct spdk_nvme_ctrlr *c1, *c2;
	struct tcp_tgt_stats s1, s2;
	const char *prefix = "nqn.2014-08.org.nvmexpress:uuid:";
	struct spdk_nvme_ctrlr_opts opts;
	char uuid[40];
	static const uint8_t zero[16];

	CU_ASSERT_FATAL(t1 != NULL && t2 != NULL);
	c1 = tt_attach(t1, set_host_identity);
	CU_ASSERT_FATAL(c1 != NULL);
	tcp_tgt_get_stats(t1, &s1);
	CU_ASSERT_STRING_EQUAL(s1.hostnqn, "nqn.2014-08.org.example:host-a");
	for (int i = 0; i < 16; i++) {
		CU_ASSERT_EQUAL(s1.hostid[i], i + 1);
	}
	CU_ASSERT_EQUAL(spdk_nvme_detach(c1), 0);

	/* Defaults: the same UUID-based host NQN and host ID on two controllers. */
	c1 = tt_attach(t1, NULL);
	c2 = tt_attach(t2, NULL);
	CU_ASSERT_FATAL(c1 != NULL && c2 != NULL);
	tcp_tgt_get_stats(t1, &s1);
	tcp_tgt_get_stats(t2, &s2);
	CU_ASSERT_EQUAL(strncmp(s1.hostnqn, prefix, strlen(prefix)), 0);
	CU_ASSERT_EQUAL(strlen(s1.hostnqn), strlen(prefix) + 36);
	CU_ASSERT_STRING_EQUAL(s1.hostnqn, s2.hostnqn);
	CU_ASSERT_EQUAL(memcmp(s1.hostid, s2.hostid, 16), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(s1.hostid, zero, 16), 0);
	/* the NQN's UUID is the host ID */
	snprintf(uuid, sizeof(uuid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", s1.hostid[0], s1.hostid[1], s1.hostid[2],
		 s1.hostid[3], s1.hostid[4], s1.hostid[5], s1.hostid[6], s1.hostid[7],
		 s1.hostid[8], s1.hostid[9], s1.hostid[10], s1.hostid[11], s1.hostid[12],
		 s1.hostid[13], s1.hostid[14], s1.hostid[15]);
	CU_ASSERT_STRING_EQUAL(s1.hostnqn + strlen(prefix), uuid);
	/* as SPDK: the default options already carry them (what attach_cb and get_opts show) */
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	CU_ASSERT_STRING_EQUAL(opts.hostnqn, s1.hostnqn);
	CU_ASSERT_EQUAL(memcmp(opts.extended_host_id, s1.hostid, 16), 0);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_ctrlr_get_opts(c1)->hostnqn, s1.hostnqn);
	/* an older, shorter opts struct is not written past its size */
	memset(&opts, 0xa5, sizeof(opts));
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, offsetof(struct spdk_nvme_ctrlr_opts, hostnqn));
	CU_ASSERT_EQUAL(opts.hostnqn[0], (char)0xa5);
	CU_ASSERT_EQUAL(spdk_nvme_detach(c1), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(c2), 0);
	tcp_tgt_stop(t1);
	tcp_tgt_stop(t2);
}

static void
set_digests(struct spdk_nvme_ctrlr_opts *opts)
{
	opts->header_digest = true;
	opts->data_digest = true;
}

static void
run_io(opts_fn tweak)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qp;
	struct tcp_tgt_stats st;
	uint8_t *ram;

	CU_ASSERT_FATAL(t != NULL);
	ctrlr = tt_attach(t, tweak);
	CU_ASSERT_FATAL(ctrlr != NULL);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qp != NULL);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.connects_io, 1);

	/* 4 KiB in-capsule: no R2T */
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 0, 4096, 1), 0);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.r2ts, 0);
	/* 64 KiB: one R2T, H2CData cut at MAXH2CDATA (32 KiB) */
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 100, 65536, 2), 0);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.r2ts, 1);
	CU_ASSERT_EQUAL(st.h2c_pdus, 2);
	/* 512 KiB: four R2Ts of 128 KiB, one after the other */
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 1000, 512 * 1024, 3), 0);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.r2ts, 5);
	/* 2 MiB + 4 KiB: above the 1 MiB transfer limit, split by the core */
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 4096, 2 * 1024 * 1024 + 4096, 4), 0);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.cmds_io, 3 * 2 + 3 * 2);	/* 1 MiB + 1 MiB + 4 KiB each way */
	/* what the target holds is what was written */
	ram = tcp_tgt_ram(t);
	for (uint32_t i = 0; i < 4096; i++) {
		if (ram[i] != (uint8_t)((i * 31u) ^ (i >> 9) ^ 1u)) {
			CU_FAIL("target RAM differs from the data written");
			break;
		}
	}
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	tcp_tgt_stop(t);
}

static void
test_io_plain(void)
{
	run_io(NULL);
}

static void
test_io_digests(void)
{
	run_io(set_digests);
}

/*
 * More commands than the queue holds: the rest wait in software and all
 * complete, in data.  The buffers are plain malloc() memory: a fabric needs
 * no DMA memory, queued or not (the core checks that only for PCIe).
 */
static void
test_queue_full(void)
{
	enum { N = 500, SZ = 4096 };
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_io_qpair_opts qo;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qp;
	struct spdk_nvme_ns *ns;
	struct io_done *d = calloc(N, sizeof(*d));
	uint8_t *w = malloc((size_t)N * SZ);
	uint8_t *r = malloc((size_t)N * SZ);
	unsigned int ok = 0;

	CU_ASSERT_FATAL(t != NULL && d != NULL && w != NULL && r != NULL);
	ctrlr = tt_attach(t, NULL);
	CU_ASSERT_FATAL(ctrlr != NULL);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = 16;		/* 15 commands in flight at most */
	qo.io_queue_requests = 2 * N;
	qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, &qo, sizeof(qo));
	ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	CU_ASSERT_FATAL(qp != NULL && ns != NULL);
	fill(w, (size_t)N * SZ, 21);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_write(ns, qp, w + (size_t)i * SZ, (uint64_t)i * 8, 8,
						       io_cb, &d[i], 0), 0);
	}
	for (int i = 0; i < N; i++) {
		CU_ASSERT(tt_wait(ctrlr, qp, &d[i].calls, 1, 5000));
		ok += d[i].calls == 1 && !spdk_nvme_cpl_is_error(&d[i].cpl);
	}
	memset(d, 0, N * sizeof(*d));
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(ns, qp, r + (size_t)i * SZ, (uint64_t)i * 8, 8,
						      io_cb, &d[i], 0), 0);
	}
	for (int i = 0; i < N; i++) {
		CU_ASSERT(tt_wait(ctrlr, qp, &d[i].calls, 1, 5000));
		ok += d[i].calls == 1 && !spdk_nvme_cpl_is_error(&d[i].cpl);
	}
	CU_ASSERT_EQUAL(ok, 2 * N);
	CU_ASSERT_EQUAL(memcmp(w, r, (size_t)N * SZ), 0);
	CU_ASSERT_EQUAL(spdk_nvme_qpair_get_num_outstanding_reqs(qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	free(w);
	free(r);
	free(d);
	tcp_tgt_stop(t);
}

/* Dataset Management (ranges copied for the wire) and Flush. */
static void
test_dsm_flush(void)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qp;
	struct spdk_nvme_ns *ns;
	struct spdk_nvme_dsm_range r[2] = { { .starting_lba = 8, .length = 8 },
		{ .starting_lba = 32, .length = 4 } };
	struct tcp_tgt_stats st;
	struct io_done d[2];
	uint8_t *ram;

	CU_ASSERT_FATAL(t != NULL);
	ctrlr = tt_attach(t, NULL);
	CU_ASSERT_FATAL(ctrlr != NULL);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	CU_ASSERT_FATAL(qp != NULL && ns != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(ctrlr) & SPDK_NVME_CTRLR_SGL_SUPPORTED);
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 0, 64 * TT_BLK, 9), 0);
	memset(d, 0, sizeof(d));
	CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_dataset_management(ns, qp, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			r, 2, io_cb, &d[0]), 0);
	memset(r, 0xff, sizeof(r));	/* the caller's ranges are its own again */
	CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_flush(ns, qp, io_cb, &d[1]), 0);
	CU_ASSERT(tt_wait(ctrlr, qp, &d[1].calls, 1, 5000));
	CU_ASSERT(tt_wait(ctrlr, qp, &d[0].calls, 1, 5000));
	CU_ASSERT(!spdk_nvme_cpl_is_error(&d[0].cpl));
	CU_ASSERT(!spdk_nvme_cpl_is_error(&d[1].cpl));
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.dsm_ranges, 2);
	CU_ASSERT_EQUAL(st.flushes, 1);
	ram = tcp_tgt_ram(t);
	CU_ASSERT(ram[8 * TT_BLK] == 0 && ram[16 * TT_BLK - 1] == 0 && ram[32 * TT_BLK] == 0);
	CU_ASSERT_EQUAL(ram[16 * TT_BLK], (uint8_t)((16 * TT_BLK * 31u) ^ (16 * TT_BLK >> 9) ^ 9u));
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	tcp_tgt_stop(t);
}

/* A refused Connect: NULL with a line that says so; a wrong NQN likewise. */
static void
test_connect_refused(void)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_transport_id trid;
	struct tcp_tgt_stats st;

	CU_ASSERT_FATAL(t != NULL);
	tcp_tgt_refuse_connect(t, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVMF_FABRIC_SC_INVALID_HOST);
	errlog_start();
	CU_ASSERT(tt_attach(t, NULL) == NULL);
	errlog_stop();
	CU_ASSERT(strstr(g_errlog, "Connect") != NULL);
	CU_ASSERT(strstr(g_errlog, "refused") != NULL);
	CU_ASSERT(TT_WAIT_STAT(t, st, st.conns_open == 0, 2000));
	CU_ASSERT_EQUAL(st.connects_refused, 1);
	CU_ASSERT_EQUAL(st.connects_admin, 0);

	tcp_tgt_refuse_connect(t, 0, 0);
	tcp_tgt_trid(t, &trid);
	snprintf(trid.subnqn, sizeof(trid.subnqn), "nqn.2026-12.io.ealnvme:no-such-subsystem");
	errlog_start();
	CU_ASSERT(spdk_nvme_connect(&trid, NULL, 0) == NULL);
	errlog_stop();
	CU_ASSERT(strstr(g_errlog, "invalid parameter") != NULL);
	CU_ASSERT(TT_WAIT_STAT(t, st, st.conns_open == 0, 2000));
	CU_ASSERT_EQUAL(st.connects_refused, 2);
	tcp_tgt_stop(t);
}

/* An I/O queue's Connect refused: no qpair, a line saying why; its qid is not lost. */
static void
test_io_connect_refused(void)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qp;
	struct tcp_tgt_stats st;

	CU_ASSERT_FATAL(t != NULL);
	ctrlr = tt_attach(t, NULL);
	CU_ASSERT_FATAL(ctrlr != NULL);
	tcp_tgt_refuse_connect(t, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVMF_FABRIC_SC_CONTROLLER_BUSY);
	errlog_start();
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	errlog_stop();
	CU_ASSERT(strstr(g_errlog, "Connect") != NULL);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	tcp_tgt_refuse_connect(t, 0, 0);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qp != NULL);
	/* qids go round robin over a fabric: the refused one (1) is not reused at once */
	CU_ASSERT_EQUAL(spdk_nvme_qpair_get_id(qp), 2);
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 0, 4096, 3), 0);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.connects_io, 1);
	CU_ASSERT_EQUAL(st.connects_refused, 1);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	tcp_tgt_stop(t);
}

/* A target that never answers Connect: bounded by fabrics_connect_timeout_us, then NULL. */
static void
test_connect_unanswered(void)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qp;
	struct tcp_tgt_stats st;
	uint64_t start;

	CU_ASSERT_FATAL(t != NULL);
	tcp_tgt_stall(t, true, false);
	start = now_ms();
	errlog_start();
	CU_ASSERT(tt_attach(t, NULL) == NULL);
	errlog_stop();
	CU_ASSERT(now_ms() - start < 3000);	/* SPDK's default: 500 ms */
	CU_ASSERT(strstr(g_errlog, "no answer") != NULL);

	/* an I/O queue's Connect likewise: no qpair, the controller unharmed */
	tcp_tgt_stall(t, false, true);
	ctrlr = tt_attach(t, NULL);
	CU_ASSERT_FATAL(ctrlr != NULL);
	start = now_ms();
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	CU_ASSERT(now_ms() - start < 3000);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	tcp_tgt_stall(t, false, false);
	qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qp != NULL);
	CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 0, 4096, 5), 0);
	tcp_tgt_get_stats(t, &st);
	CU_ASSERT_EQUAL(st.connects_io, 1);
	CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(qp), 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	tcp_tgt_stop(t);
}

/*
 * The admin connection lost at each step of bring-up in turn (closed, or
 * ended by a C2HTermReq, at the n-th admin command after Connect): attach
 * fails cleanly with NULL until n is past init, then the controller works.
 */
static void
test_init_interrupted(void)
{
	unsigned int failed = 0, attached = 0;

	/* 40: bring-up takes twenty-odd admin commands, more when a liveness
	 * check (Property Get CSTS) runs while a command is waited for. */
	for (unsigned int n = 1; n <= 40; n++) {
		for (int term = 0; term < 2; term++) {
			struct tcp_tgt *t = tcp_tgt_start(NULL);
			struct spdk_nvme_ctrlr *ctrlr;
			struct spdk_nvme_qpair *qp;
			struct tcp_tgt_stats st;

			CU_ASSERT_FATAL(t != NULL);
			if (term) {
				tcp_tgt_term_req_after(t, true, n);
			} else {
				tcp_tgt_close_after(t, true, n);
			}
			ctrlr = tt_attach(t, NULL);
			tcp_tgt_get_stats(t, &st);
			if (ctrlr == NULL) {
				failed++;
				/* it failed because the connection went, at the n-th command */
				CU_ASSERT_EQUAL(st.cmds_admin, n);
			} else {
				attached++;
				/* n itself when the n-th was sent after init (an AER, a
				 * keep-alive): the controller is then failed, not attached wrongly */
				CU_ASSERT(st.cmds_admin <= n);
				qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
				if (qp != NULL) {
					CU_ASSERT_EQUAL(tt_write_read(ctrlr, qp, 0, 4096, n), 0);
					CU_ASSERT_EQUAL(spdk_nvme_ctrlr_free_io_qpair(qp), 0);
				}
				CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
			}
			CU_ASSERT(TT_WAIT_STAT(t, st, st.conns_open == 0, 2000));
			tcp_tgt_stop(t);
		}
	}
	/* each of the first eighteen was hit, and the later n attach */
	CU_ASSERT(failed >= 2 * 18);
	CU_ASSERT(attached >= 2 * 6);
}

static unsigned int g_probe_attach;
static struct spdk_nvme_ctrlr *g_probe_ctrlr;

static bool
probe_any(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr_opts *o)
{
	(void)ctx;
	(void)trid;
	(void)o;
	return true;
}

static void
attach_count(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *c,
	     const struct spdk_nvme_ctrlr_opts *o)
{
	(void)ctx;
	(void)trid;
	(void)o;
	g_probe_attach++;
	g_probe_ctrlr = c;
}

/* Nothing listening: probe fails with a negative errno; connect with NULL. */
static void
test_nothing_listening(void)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	struct spdk_nvme_transport_id trid;
	int rc;

	CU_ASSERT_FATAL(t != NULL);
	tcp_tgt_trid(t, &trid);
	CU_ASSERT_EQUAL(tcp_tgt_listen(t, false), 0);
	g_probe_attach = 0;
	rc = spdk_nvme_probe(&trid, NULL, probe_any, attach_count, NULL);
	CU_ASSERT(rc < 0);
	CU_ASSERT_EQUAL(rc, -ECONNREFUSED);
	CU_ASSERT_EQUAL(g_probe_attach, 0);
	CU_ASSERT(spdk_nvme_connect(&trid, NULL, 0) == NULL);
	/* and the same port works again once something listens */
	CU_ASSERT_EQUAL(tcp_tgt_listen(t, true), 0);
	rc = spdk_nvme_probe(&trid, NULL, probe_any, attach_count, NULL);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(g_probe_attach, 1);
	CU_ASSERT_EQUAL(spdk_nvme_detach(g_probe_ctrlr), 0);
	tcp_tgt_stop(t);
}

/* Detach with qpairs and commands outstanding frees everything. */
static void
test_detach_frees(void)
{
	struct tcp_tgt *t = tcp_tgt_start(NULL);
	size_t before = mock_env_outstanding_allocations();
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qp[2];
	struct tcp_tgt_stats st;
	struct io_done d = { 0 };
	uint8_t *buf;

	CU_ASSERT_FATAL(t != NULL);
	ctrlr = tt_attach(t, NULL);
	CU_ASSERT_FATAL(ctrlr != NULL);
	qp[0] = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	qp[1] = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qp[0] != NULL && qp[1] != NULL);
	CU_ASSERT(TT_WAIT_STAT(t, st, st.conns_open == 3, 2000));
	buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	tcp_tgt_stall(t, false, true);
	CU_ASSERT_EQUAL(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qp[1], buf, 0, 8,
					      io_cb, &d, 0), 0);
	(void)spdk_nvme_qpair_process_completions(qp[1], 0);
	CU_ASSERT_EQUAL(spdk_nvme_detach(ctrlr), 0);
	/* the outstanding read was completed (aborted) once, not lost */
	CU_ASSERT_EQUAL(d.calls, 1);
	CU_ASSERT(spdk_nvme_cpl_is_error(&d.cpl));
	spdk_free(buf);
	CU_ASSERT_EQUAL(mock_env_outstanding_allocations(), before);
	CU_ASSERT(TT_WAIT_STAT(t, st, st.conns_open == 0, 2000));
	tcp_tgt_stop(t);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "attach", test_attach },
		{ "attach_ipv6", test_attach_ipv6 },
		{ "host_identity", test_host_identity },
		{ "io_plain", test_io_plain },
		{ "io_digests", test_io_digests },
		{ "queue_full", test_queue_full },
		{ "dsm_flush", test_dsm_flush },
		{ "connect_refused", test_connect_refused },
		{ "io_connect_refused", test_io_connect_refused },
		{ "connect_unanswered", test_connect_unanswered },
		{ "init_interrupted", test_init_interrupted },
		{ "nothing_listening", test_nothing_listening },
		{ "detach_frees", test_detach_frees },
	};

	return cu_main("nvme_tcp_transport", tests, sizeof(tests) / sizeof(tests[0]));
}
