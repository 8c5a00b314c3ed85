/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_qp.c against the in-process target
 * model (mock/nvme_tcp_target.c: a thread on a loopback listener, a RAM
 * namespace): ICReq/ICResp, Fabrics Connect (1 KiB in-capsule) of an admin
 * and an I/O queue, Property Get, writes in-capsule and by R2T/H2CData cut
 * at MAXH2CDATA, reads by C2HData ending in SUCCESS or in a CapsuleResp,
 * data read back equal to data written; then a target that closes
 * mid-transfer: every outstanding command completes once with an error and
 * nothing crashes; a malformed PDU answered by an H2CTermReq.  Scattered
 * data: writes and reads from element lists (1, 511, 4097-byte elements,
 * random seeded layouts) against the target cutting R2Ts and C2HData at
 * random odd sizes (cfg r2t_max, c2h_max), so PDUs start and end inside
 * elements, with and without digests, compared byte for byte; elements
 * past the limit or too short: -EINVAL.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nvme_fabric.h"
#include "nvme_tcp_qp.h"
#include "nvme_tcp_target.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

#define RAM_SIZE	(256u * 1024)
#define MAXH2C		4096u

/* ---- the host side ------------------------------------------------------ */

struct done {
	unsigned int		calls;
	struct spdk_nvme_cpl	cpl;
};

static void
done_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct done *d = arg;

	d->calls++;
	d->cpl = *cpl;
}

/* Poll until every listed completion came or the connection failed (bounded). */
static int
wait_all(struct nvme_tcp_qp *qp, struct done *d, unsigned int n)
{
	int rc = 0;

	for (int i = 0; i < 2000; i++) {
		struct pollfd pfd = { .fd = qp->conn.fd, .events = POLLIN };
		unsigned int got = 0;

		rc = nvme_tcp_qp_poll(qp);
		for (unsigned int j = 0; j < n; j++) {
			got += d[j].calls > 0;
		}
		if (rc < 0 || (n > 0 && got == n) || (n == 0 && rc == NVME_TCP_CONN_READY)) {
			return rc;
		}
		if (qp->tx.queued > 0) {
			pfd.events |= POLLOUT;
		}
		poll(&pfd, 1, 20);
	}
	return rc;
}

static struct tcp_tgt *g_tgt;
static struct nvme_tcp_qp g_aq, g_qp;
static uint8_t g_wbuf[RAM_SIZE], g_rbuf[RAM_SIZE];

static void
rw_cmd(struct spdk_nvme_cmd *cmd, uint8_t opc, uint32_t lba, uint32_t blocks)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opc = opc;
	cmd->nsid = 1;
	cmd->cdw10 = lba;
	cmd->cdw12 = blocks - 1;
}

/* TCP + IC, then the fabrics Connect of queue qid; its completion in *d. */
static void
qp_connect(struct nvme_tcp_qp *qp, bool digests, uint16_t qid, uint16_t cntlid,
	   uint16_t slots, struct done *d)
{
	struct nvme_tcp_ic_want want = { .hdgst = digests, .ddgst = digests };
	struct nvme_fabric_connect_params cp = {
		.qid = qid, .queue_size = 32, .kato_ms = 10000, .cntlid = cntlid,
		.hostnqn = "nqn.2014-08.org.nvmexpress:uuid:host", .subnqn = tcp_tgt_subnqn(g_tgt),
	};
	static const uint8_t hostid[16] = { 9 };
	struct spdk_nvmf_fabric_connect_data cdata;
	struct spdk_nvme_cmd cmd;

	cp.hostid = hostid;
	memset(d, 0, sizeof(*d));
	CU_ASSERT_FATAL(nvme_tcp_qp_create(qp, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1",
					   tcp_tgt_port(g_tgt), &want, slots) == 0);
	CU_ASSERT_FATAL(wait_all(qp, d, 0) == NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(qp->conn.params.hdgst, digests);
	CU_ASSERT_EQUAL(qp->conn.params.ddgst, digests);
	CU_ASSERT_FATAL(nvme_fabric_connect_build(&cmd, &cdata, &cp) == 0);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(qp, &cmd, &cdata, sizeof(cdata), true, done_cb, d), 0);
	CU_ASSERT_EQUAL(wait_all(qp, d, 1), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d->calls, 1);
}

/*
 * An admin queue (Connect, Property Get CAP, Number of Queues) and an I/O
 * queue joined to it: what a transport does before I/O.
 */
static uint32_t g_c2h_chunk, g_send_max;	/* target knobs for the next setup */

static void
setup_queues(bool digests, uint16_t io_slots, uint32_t c2h_max, uint32_t r2t_max)
{
	struct tcp_tgt_config cfg = {
		.maxh2cdata = MAXH2C, .ns_blocks = RAM_SIZE / 512,
		.c2h_max = c2h_max, .r2t_max = r2t_max, .seed = c2h_max ^ r2t_max,
		.c2h_chunk = g_c2h_chunk, .send_max = g_send_max,
	};
	struct tcp_tgt_stats st;
	struct spdk_nvme_cmd cmd;
	struct done d[2];
	uint16_t cntlid = 0;
	uint64_t cap;

	g_tgt = tcp_tgt_start(&cfg);
	CU_ASSERT_FATAL(g_tgt != NULL);
	qp_connect(&g_aq, digests, 0, NVME_FABRIC_CNTLID_DYNAMIC, 8, &d[0]);
	CU_ASSERT_EQUAL(nvme_fabric_connect_rsp(&d[0].cpl, &cntlid), 0);
	tcp_tgt_get_stats(g_tgt, &st);
	CU_ASSERT_EQUAL(cntlid, st.last_cntlid);
	CU_ASSERT_STRING_EQUAL(st.hostnqn, "nqn.2014-08.org.nvmexpress:uuid:host");

	memset(d, 0, sizeof(d));
	CU_ASSERT_FATAL(nvme_fabric_prop_get_build(&cmd, 0, 8) == 0);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_aq, &cmd, NULL, 0, false, done_cb, &d[0]), 0);
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_SET_FEATURES;
	cmd.cdw10 = SPDK_NVME_FEAT_NUMBER_OF_QUEUES;
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_aq, &cmd, NULL, 0, false, done_cb, &d[1]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_aq, d, 2), NVME_TCP_CONN_READY);
	cap = nvme_fabric_prop_get_value(&d[0].cpl, 8);
	CU_ASSERT_EQUAL(cap & 0xffff, 127);		/* the model's MQES */
	CU_ASSERT_EQUAL((cap >> 37) & 1, 1);		/* CSS: NVM */
	CU_ASSERT_EQUAL(d[1].cpl.status.sc, 0);

	qp_connect(&g_qp, digests, 1, cntlid, io_slots, &d[0]);
	CU_ASSERT_EQUAL(d[0].cpl.status.sc, 0);
	CU_ASSERT_EQUAL(d[0].cpl.status.sct, 0);
}

static void
teardown_queues(void)
{
	struct tcp_tgt_stats st;

	nvme_tcp_qp_destroy(&g_qp);
	nvme_tcp_qp_destroy(&g_aq);
	for (int i = 0; i < 2000; i++) {
		tcp_tgt_get_stats(g_tgt, &st);
		if (st.conns_open == 0) {
			break;
		}
		usleep(1000);
	}
	CU_ASSERT_EQUAL(st.conns_open, 0);
	tcp_tgt_stop(g_tgt);
	g_tgt = NULL;
}

static void
run_io(bool digests)
{
	struct spdk_nvme_cmd cmd;
	struct tcp_tgt_stats st;
	struct done d[4];
	const uint8_t *ram;

	for (size_t i = 0; i < RAM_SIZE; i++) {
		g_wbuf[i] = (uint8_t)(i * 13 + (i >> 8) + digests);
	}
	setup_queues(digests, 8, 0, 0);
	ram = tcp_tgt_ram(g_tgt);

	/* Writes: 2 KiB in-capsule, 64 KiB by R2T (16 H2CData of MAXH2CDATA). */
	memset(d, 0, sizeof(d));
	rw_cmd(&cmd, SPDK_NVME_OPC_WRITE, 0, 4);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_wbuf, 2048, true, done_cb, &d[0]), 0);
	rw_cmd(&cmd, SPDK_NVME_OPC_WRITE, 8, 128);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_wbuf + 4096, 65536, true, done_cb, &d[1]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 2), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d[0].calls + d[1].calls, 2);
	CU_ASSERT_EQUAL(d[0].cpl.status.sc + d[1].cpl.status.sc, 0);
	CU_ASSERT_EQUAL(memcmp(ram, g_wbuf, 2048), 0);
	CU_ASSERT_EQUAL(memcmp(ram + 4096, g_wbuf + 4096, 65536), 0);
	tcp_tgt_get_stats(g_tgt, &st);
	CU_ASSERT_EQUAL(st.r2ts, 1);
	CU_ASSERT_EQUAL(st.h2c_pdus, 65536 / MAXH2C);

	/* Reads back: even CID -> C2HData SUCCESS, odd CID -> CapsuleResp. */
	memset(d, 0, sizeof(d));
	memset(g_rbuf, 0, sizeof(g_rbuf));
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 8, 128);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf + 4096, 65536, false, done_cb, &d[0]), 0);
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, 4);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf, 2048, false, done_cb, &d[1]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 2), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	CU_ASSERT_EQUAL(d[1].calls, 1);
	CU_ASSERT_EQUAL(d[0].cpl.status.sc + d[1].cpl.status.sc, 0);
	CU_ASSERT_EQUAL(memcmp(g_rbuf, g_wbuf, 2048), 0);
	CU_ASSERT_EQUAL(memcmp(g_rbuf + 4096, g_wbuf + 4096, 65536), 0);
	CU_ASSERT_EQUAL(g_qp.outstanding, 0);
	teardown_queues();
}

static void
test_io_plain(void)
{
	run_io(false);
}

static void
test_io_digests(void)
{
	run_io(true);
}

static void
test_peer_closes_mid_transfer(void)
{
	struct spdk_nvme_cmd cmd;
	struct tcp_tgt_stats st;
	struct done d[4];
	int rc;

	setup_queues(false, 4, 0, 0);
	memset(d, 0, sizeof(d));
	tcp_tgt_close_after(g_tgt, false, 3);	/* closes when the 3rd I/O command arrives */
	for (int i = 0; i < 4; i++) {
		/* writes by R2T: the first two wait for data when the target leaves */
		rw_cmd(&cmd, SPDK_NVME_OPC_WRITE, (uint32_t)i * 256, 256);
		CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_wbuf, 131072, true, done_cb, &d[i]), 0);
	}
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_wbuf, 512, true, done_cb, &d[0]), -EAGAIN);
	rc = wait_all(&g_qp, d, 4);
	CU_ASSERT(rc == -ECONNRESET || rc == -EPIPE);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(d[i].calls, 1);
		CU_ASSERT_EQUAL(d[i].cpl.status.sc, SPDK_NVME_SC_ABORTED_SQ_DELETION);
	}
	CU_ASSERT_EQUAL(g_qp.outstanding, 0);
	/* Failed for good: polls and submits say so, no callback runs again. */
	CU_ASSERT(nvme_tcp_qp_poll(&g_qp) < 0);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_wbuf, 512, true, done_cb, &d[0]), -ENOTCONN);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	tcp_tgt_get_stats(g_tgt, &st);
	CU_ASSERT_EQUAL(st.cmds_io, 3);
	CU_ASSERT_EQUAL(st.connects_io, 1);
	teardown_queues();
}

/* A malformed PDU from the target: H2CTermReq naming the field, command failed once. */
static void
test_term_req_on_bad_pdu(void)
{
	struct spdk_nvme_cmd cmd;
	struct tcp_tgt_stats st;
	struct done d[1];

	setup_queues(false, 2, 0, 0);
	memset(d, 0, sizeof(d));
	tcp_tgt_bad_pdu(g_tgt);
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, 1);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf, 512, false, done_cb, &d[0]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 1), -EPROTO);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	CU_ASSERT_EQUAL(d[0].cpl.status.sc, SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT_EQUAL(nvme_tcp_qp_poll(&g_qp), -EPROTO);	/* no second TermReq */
	for (int i = 0; i < 2000; i++) {
		tcp_tgt_get_stats(g_tgt, &st);
		if (st.term_reqs_recv > 0) {
			break;
		}
		usleep(1000);
	}
	CU_ASSERT_EQUAL(st.term_reqs_recv, 1);
	CU_ASSERT_EQUAL(st.term_fes, SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD);
	CU_ASSERT_EQUAL(st.term_fei, 2);	/* HLEN */
	CU_ASSERT_EQUAL(st.term_len, 8);	/* the common header it refused */
	CU_ASSERT_EQUAL(d[0].calls, 1);
	teardown_queues();
}

static void
test_bad_create(void)
{
	struct nvme_tcp_ic_want want = { 0 };

	CU_ASSERT_EQUAL(nvme_tcp_qp_create(&g_qp, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", "4420", &want,
					   0), -EINVAL);
	nvme_tcp_qp_destroy(&g_qp);	/* safe after a failed create */
	CU_ASSERT_EQUAL(nvme_tcp_qp_create(&g_qp, SPDK_NVMF_ADRFAM_IPV4, "bad", "4420", &want, 2),
			-EINVAL);
	CU_ASSERT(g_qp.slots == NULL);
	nvme_tcp_qp_destroy(&g_qp);
}

/* ---- scattered data ----------------------------------------------------- */

#define GAP	5u	/* guard bytes after each element */
#define HALF	(RAM_SIZE / 2)

static uint8_t g_pool[2][HALF + NVME_TCP_MAX_SGES * GAP + 64];

/* n elements over len bytes of pool (sizes[], or random; the last takes the rest). */
static void
layout(uint8_t *pool, struct iovec *iov, uint32_t n, uint32_t len, const uint32_t *sizes,
       unsigned int *seed)
{
	uint8_t *at = pool;

	memset(pool, 0xee, sizeof(g_pool[0]));
	for (uint32_t i = 0; i < n; i++) {
		uint32_t sz = sizes != NULL ? sizes[i] : 1 + (rand_r(seed) & 1 ?
				(uint32_t)rand_r(seed) % 8 : (uint32_t)rand_r(seed) % (2 * len / n));

		sz = i + 1 == n ? len : (sz < len - (n - 1 - i) ? sz : len - (n - 1 - i));
		iov[i].iov_base = at;
		iov[i].iov_len = sz;
		at += sz + GAP;
		len -= sz;
	}
}

/* Copy src into the elements (to_elems) or compare them with it; gaps untouched. */
static bool
elems_match(const struct iovec *iov, uint32_t n, const uint8_t *src, bool to_elems)
{
	bool ok = true;

	for (uint32_t i = 0; i < n; i++) {
		uint8_t *b = iov[i].iov_base;

		if (to_elems) {
			memcpy(b, src, iov[i].iov_len);
		}
		ok = ok && memcmp(b, src, iov[i].iov_len) == 0;
		for (uint32_t g = 0; g < GAP; g++) {
			ok = ok && b[iov[i].iov_len + g] == 0xee;
		}
		src += iov[i].iov_len;
	}
	return ok;
}

struct sg_io {
	uint32_t	lba, len;
	uint32_t	nw, nr;			/* elements of the write and of the read */
	const uint32_t	*wsz, *rsz;		/* their sizes; NULL: random */
};

/* Up to two I/Os at once (pool halves): scattered writes, then scattered reads back. */
static void
sg_run(const struct sg_io *io, unsigned int cnt, unsigned int *seed)
{
	struct iovec iov[2][NVME_TCP_MAX_SGES];
	struct spdk_nvme_cmd cmd;
	struct done d[2];

	for (int read = 0; read < 2; read++) {
		memset(d, 0, sizeof(d));
		for (unsigned int k = 0; k < cnt; k++) {
			uint32_t n = read ? io[k].nr : io[k].nw;

			layout(g_pool[k], iov[k], n, io[k].len, read ? io[k].rsz : io[k].wsz, seed);
			if (!read) {
				elems_match(iov[k], n, g_wbuf + io[k].lba * 512u, true);
			}
			rw_cmd(&cmd, read ? SPDK_NVME_OPC_READ : SPDK_NVME_OPC_WRITE, io[k].lba,
			       io[k].len / 512);
			CU_ASSERT_EQUAL_FATAL(nvme_tcp_qp_submitv(&g_qp, &cmd, iov[k], n, io[k].len,
					      !read, done_cb, &d[k]), 0);
		}
		CU_ASSERT_EQUAL_FATAL(wait_all(&g_qp, d, cnt), NVME_TCP_CONN_READY);
		for (unsigned int k = 0; k < cnt; k++) {
			const uint8_t *want = g_wbuf + io[k].lba * 512u;

			CU_ASSERT_EQUAL(d[k].calls, 1);
			CU_ASSERT_EQUAL(d[k].cpl.status.sc, 0);
			if (read) {
				CU_ASSERT(elems_match(iov[k], io[k].nr, want, false));
			} else {
				CU_ASSERT_EQUAL(memcmp(tcp_tgt_ram(g_tgt) + io[k].lba * 512u, want,
						 io[k].len), 0);
			}
		}
	}
	CU_ASSERT_EQUAL(g_qp.outstanding, 0);
}

/* Queues on a target cutting R2Ts / C2HData at random sizes up to r2t_max / c2h_max. */
static void
sg_connect(bool digests, uint32_t c2h_max, uint32_t r2t_max)
{
	for (size_t i = 0; i < RAM_SIZE; i++) {
		g_wbuf[i] = (uint8_t)(i * 7 + (i >> 9) + c2h_max + digests);
	}
	setup_queues(digests, 8, c2h_max, r2t_max);
}

static void
test_scattered_fixed(void)
{
	/* element boundaries nowhere near the 4096-byte H2CData / odd C2HData cuts */
	static const uint32_t w64[] = { 1, 511, 4097, 3, 0 }, r64[] = { 4097, 1, 511, 0 };
	static const uint32_t w2k[] = { 1, 511, 1, 0 }, r2k[] = { 2047, 0 };
	static const uint32_t w16[] = { 1, 1, 1, 511, 4097, 3, 1, 1, 2, 4095, 4096, 7, 9, 11, 13, 0 };
	const struct sg_io io[] = {
		{ .lba = 8, .len = 65536, .nw = 5, .nr = 4, .wsz = w64, .rsz = r64 },
		{ .lba = 300, .len = 2048, .nw = 4, .nr = 2, .wsz = w2k, .rsz = r2k },
		{ .lba = 200, .len = 40960, .nw = 16, .nr = 16, .wsz = w16, .rsz = w16 },
		{ .lba = 1, .len = 512, .nw = 1, .nr = 1 },
	};
	struct tcp_tgt_stats st;
	unsigned int seed = 1;

	for (int digests = 0; digests < 2; digests++) {
		/* R2Ts of up to 10000 bytes, C2HData of up to 5000 */
		sg_connect(digests, 5000, 10000);
		sg_run(&io[0], 2, &seed);	/* 64 KiB by R2Ts with 2 KiB in-capsule */
		sg_run(&io[2], 2, &seed);
		/* the cuts happened: 64 KiB + 40 KiB in R2Ts of <= 10000 bytes,
		 * 106.5 KiB read back in C2HData of <= 5000 */
		tcp_tgt_get_stats(g_tgt, &st);
		CU_ASSERT(st.r2ts >= 7 + 5);
		CU_ASSERT(st.c2h_pdus >= (65536 + 2048 + 40960 + 512) / 5000);
		teardown_queues();
	}
}

static void
test_scattered_random(void)
{
	unsigned int seed = 4242;

	for (int conn = 0; conn < 4; conn++) {
		sg_connect(conn & 1, 1 + (uint32_t)rand_r(&seed) % 9000,
			   conn < 2 ? 0 : 1 + (uint32_t)rand_r(&seed) % 20000);
		for (int round = 0; round < 25; round++) {
			struct sg_io io[2];

			for (int k = 0; k < 2; k++) {
				io[k].len = (1 + (uint32_t)rand_r(&seed) % 128) * 512;
				io[k].lba = (uint32_t)k * (HALF / 512) +
					    (uint32_t)rand_r(&seed) % ((HALF - io[k].len) / 512 + 1);
				io[k].nw = 1 + (uint32_t)rand_r(&seed) % NVME_TCP_MAX_SGES;
				io[k].nr = 1 + (uint32_t)rand_r(&seed) % NVME_TCP_MAX_SGES;
				io[k].wsz = io[k].rsz = NULL;
			}
			sg_run(io, 2, &seed);
		}
		teardown_queues();
	}
}

/* More elements than a slot holds, or fewer bytes than the command: -EINVAL, nothing taken. */
static void
test_scattered_refusals(void)
{
	struct iovec iov[NVME_TCP_MAX_SGES + 4];
	struct spdk_nvme_cmd cmd;
	struct done d[1];
	int idx;

	memset(d, 0, sizeof(d));
	sg_connect(false, 0, 0);
	for (uint32_t i = 0; i < NVME_TCP_MAX_SGES + 4; i++) {
		iov[i].iov_base = g_rbuf + i * 512;
		iov[i].iov_len = 512;
	}
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, NVME_TCP_MAX_SGES + 1);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submitv(&g_qp, &cmd, iov, NVME_TCP_MAX_SGES + 1,
					    (NVME_TCP_MAX_SGES + 1) * 512, false, done_cb, &d[0]),
			-EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submitv(&g_qp, &cmd, iov, 2, 1536, false, done_cb, &d[0]),
			-EINVAL);
	CU_ASSERT_EQUAL(g_qp.outstanding, 0);
	/* empty elements do not count: 20 entries, 16 of them with data */
	for (uint32_t i = 0; i < 4; i++) {
		iov[i * 5].iov_len = 0;
	}
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, NVME_TCP_MAX_SGES);
	idx = nvme_tcp_qp_free_slot(&g_qp);
	CU_ASSERT_FATAL(idx >= 0);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submitv(&g_qp, &cmd, iov, NVME_TCP_MAX_SGES + 4,
					    NVME_TCP_MAX_SGES * 512, false, done_cb, &d[0]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 1), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	CU_ASSERT_EQUAL(g_qp.slots[idx].iovcnt, NVME_TCP_MAX_SGES);
	teardown_queues();
}

/*
 * 128 KiB reads in 128 KiB C2HData PDUs: their data is received in place
 * (nvme_tcp_rx_direct_*), into one buffer and into odd element lists, from
 * a target sending at once or in small slow pieces, digests or not; a bad
 * data digest still fails its read (only it).
 */
static void
test_large_reads_direct(void)
{
	static const uint32_t rsz[] = { 1, 4095, 70001, 3, 8192, 12345, 2, 0 };
	struct iovec iov[NVME_TCP_MAX_SGES];
	struct spdk_nvme_cmd cmd;
	struct done d[3];

	for (int mode = 0; mode < 4; mode++) {
		bool digests = mode & 1;
		uint64_t direct;

		g_c2h_chunk = 131072;
		g_send_max = mode & 2 ? 3000 : 0;
		sg_connect(digests, 0, 0);
		g_c2h_chunk = g_send_max = 0;
		memcpy(tcp_tgt_ram(g_tgt), g_wbuf, RAM_SIZE);
		memset(g_rbuf, 0, sizeof(g_rbuf));
		memset(d, 0, sizeof(d));
		rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, 256);
		CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf, HALF, false, done_cb,
						   &d[0]), 0);
		rw_cmd(&cmd, SPDK_NVME_OPC_READ, 256, 256);
		CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf + HALF, HALF, false, done_cb,
						   &d[1]), 0);
		/* 8 elements, PDU boundaries (none: one PDU) and element boundaries apart */
		layout(g_pool[0], iov, 8, HALF, rsz, NULL);
		rw_cmd(&cmd, SPDK_NVME_OPC_READ, 100, 256);
		CU_ASSERT_EQUAL(nvme_tcp_qp_submitv(&g_qp, &cmd, iov, 8, HALF, false, done_cb,
						    &d[2]), 0);
		CU_ASSERT_EQUAL(wait_all(&g_qp, d, 3), NVME_TCP_CONN_READY);
		for (int k = 0; k < 3; k++) {
			CU_ASSERT_EQUAL(d[k].calls, 1);
			CU_ASSERT_EQUAL(d[k].cpl.status.sc, 0);
		}
		CU_ASSERT_EQUAL(memcmp(g_rbuf, g_wbuf, RAM_SIZE), 0);
		CU_ASSERT(elems_match(iov, 8, g_wbuf + 100 * 512, false));
		/* much of the 384 KiB came in place (the first read of each PDU is staged) */
		direct = g_qp.conn.rx.direct_bytes;
		CU_ASSERT(direct >= HALF);
		CU_ASSERT(direct < 3 * HALF);

		if (digests) {
			memset(d, 0, sizeof(d));
			tcp_tgt_bad_ddgst(g_tgt);
			rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, 256);
			CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf, HALF, false,
							   done_cb, &d[0]), 0);
			CU_ASSERT_EQUAL(wait_all(&g_qp, d, 1), NVME_TCP_CONN_READY);
			CU_ASSERT_EQUAL(d[0].calls, 1);
			CU_ASSERT_EQUAL(d[0].cpl.status.sc,
					SPDK_NVME_SC_COMMAND_TRANSIENT_TRANSPORT_ERROR);
			CU_ASSERT(g_qp.conn.rx.direct_bytes > direct);
			/* the connection stays: the next read is fine */
			memset(d, 0, sizeof(d));
			memset(g_rbuf, 0, HALF);
			CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf, HALF, false,
							   done_cb, &d[0]), 0);
			CU_ASSERT_EQUAL(wait_all(&g_qp, d, 1), NVME_TCP_CONN_READY);
			CU_ASSERT_EQUAL(d[0].cpl.status.sc, 0);
			CU_ASSERT_EQUAL(memcmp(g_rbuf, g_wbuf, HALF), 0);
		}
		CU_ASSERT_EQUAL(g_qp.outstanding, 0);
		teardown_queues();
	}
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "io_plain", test_io_plain },
		{ "io_digests", test_io_digests },
		{ "peer_closes_mid_transfer", test_peer_closes_mid_transfer },
		{ "term_req_on_bad_pdu", test_term_req_on_bad_pdu },
		{ "bad_create", test_bad_create },
		{ "scattered_fixed", test_scattered_fixed },
		{ "scattered_random", test_scattered_random },
		{ "scattered_refusals", test_scattered_refusals },
		{ "large_reads_direct", test_large_reads_direct },
	};

	return cu_main("nvme_tcp_qp", tests, sizeof(tests) / sizeof(tests[0]));
}
