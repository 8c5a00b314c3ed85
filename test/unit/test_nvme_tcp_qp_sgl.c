/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_qp.c against an in-process target
 * model (a thread on a loopback listener, blocking on its side) with a RAM
 * namespace: ICReq/ICResp, Fabrics Connect (1 KiB in-capsule), Property
 * Get, writes in-capsule and by R2T/H2CData cut at MAXH2CDATA, reads by
 * C2HData ending in SUCCESS or in a CapsuleResp, data read back equal to
 * data written; then a target that closes mid-transfer: every outstanding
 * command completes once with an error and nothing crashes.  Scattered
 * data: writes and reads from element lists (1, 511, 4097-byte elements,
 * random seeded layouts) against a target that asks by several R2Ts of odd
 * sizes and answers in C2HData of odd sizes, with and without digests,
 * compared byte for byte; elements past the limit or too short: -EINVAL.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spdk/endian.h"
#include "nvme_fabric.h"
#include "nvme_tcp_qp.h"

#include <CUnit/Basic.h>

#include "cu_main.h"
#include "tcp_loopback.h"

#define RAM_SIZE	(256u * 1024)
#define MAXH2C		4096u
#define MAX_CID		64

/* ---- the target model --------------------------------------------------- */

struct tgt {
	int			lfd, fd;
	unsigned int		close_after;	/* commands taken before closing; 0: never */
	bool			bad_resp;	/* answer with a CapsuleResp of HLEN 23 */
	uint16_t		term_fes;	/* the host's H2CTermReq, if any */
	uint32_t		term_fei, term_len;
	unsigned int		cmds;
	struct nvme_tcp_pdu_params p;
	uint8_t			ram[RAM_SIZE];
	uint8_t			capsule[8192];	/* in-capsule data of the current command */
	uint32_t		wr_base[MAX_CID];	/* RAM offset of a write waiting for H2CData */
	uint32_t		wr_len[MAX_CID], wr_next[MAX_CID];	/* its length, next R2T */
	uint32_t		c2h_max;	/* C2HData sizes 1..c2h_max; 0: 4096 each */
	uint32_t		r2t_max;	/* R2T sizes 1..r2t_max; 0: one R2T for all */
	unsigned int		seed;
	bool			closed;
	pthread_t		thread;
};

static void
tgt_send(struct tgt *t, uint8_t *hdr, int hl, const void *data, uint32_t len)
{
	uint8_t dg[4];
	struct iovec iov[3] = { { hdr, (size_t)hl }, { (void *)data, len }, { dg, 0 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 3 };

	nvme_tcp_pdu_seal_hdr(hdr);
	if (len > 0 && t->p.ddgst) {
		to_le32(dg, nvme_tcp_digest(data, len));
		iov[2].iov_len = 4;
	}
	/* small PDUs on loopback: one sendmsg takes them whole */
	(void)sendmsg(t->fd, &m, MSG_NOSIGNAL | MSG_WAITALL);
}

static void
tgt_resp(struct tgt *t, uint16_t cid, uint32_t cdw0, uint32_t cdw1)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_rsp *r = (void *)hdr;
	int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP, 0, false, &t->p);

	r->rccqe.cid = cid;
	r->rccqe.cdw0 = cdw0;
	r->rccqe.cdw1 = cdw1;
	tgt_send(t, hdr, hl, NULL, 0);
}

static void
tgt_read(struct tgt *t, uint16_t cid, uint32_t off, uint32_t len)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_c2h_data_hdr *d = (void *)hdr;
	bool success = (cid & 1) == 0;	/* even CIDs: no CapsuleResp */

	for (uint32_t at = 0, n; at < len; at += n) {
		n = t->c2h_max != 0 ? 1 + (uint32_t)rand_r(&t->seed) % t->c2h_max : 4096;
		n = len - at < n ? len - at : n;
		int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA, n, false, &t->p);

		d->cccid = cid;
		to_le32(&d->datao, at);
		to_le32(&d->datal, n);
		if (at + n == len) {
			d->common.flags |= SPDK_NVME_TCP_C2H_DATA_FLAGS_LAST_PDU |
					   (success ? SPDK_NVME_TCP_C2H_DATA_FLAGS_SUCCESS : 0);
		}
		tgt_send(t, hdr, hl, t->ram + off + at, n);
	}
	if (!success) {
		tgt_resp(t, cid, 0, 0);
	}
}

/* The next R2T of a write: the rest, or a part of odd size (§3.6.2.7). */
static void
tgt_r2t(struct tgt *t, uint16_t cid)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_r2t_hdr *r2t = (void *)hdr;
	uint32_t k = cid % MAX_CID, left = t->wr_len[k] - t->wr_next[k];
	uint32_t n = t->r2t_max != 0 ? 1 + (uint32_t)rand_r(&t->seed) % t->r2t_max : left;
	int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_R2T, 0, false, &t->p);

	n = n < left ? n : left;
	r2t->cccid = cid;
	r2t->ttag = (uint16_t)(cid + 100);
	to_le32(&r2t->r2to, t->wr_next[k]);
	to_le32(&r2t->r2tl, n);
	t->wr_next[k] += n;
	tgt_send(t, hdr, hl, NULL, 0);
}

static void
tgt_command(struct tgt *t, const struct spdk_nvme_cmd *cmd, uint32_t inline_len)
{
	const uint8_t *b = (const uint8_t *)cmd;
	uint32_t off = cmd->cdw10 * 512u, len = ((cmd->cdw12 & 0xffff) + 1) * 512u;
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];

	if (t->bad_resp) {
		int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP, 0, false, &t->p);

		hdr[2] = 23;
		tgt_send(t, hdr, hl, NULL, 0);
	} else if (cmd->opc == SPDK_NVME_OPC_FABRIC && b[4] == SPDK_NVMF_FABRIC_COMMAND_CONNECT) {
		const struct spdk_nvmf_fabric_connect_data *cd = (const void *)t->capsule;

		tgt_resp(t, cmd->cid, inline_len == 1024 && cd->cntlid == 0xffff ? 7 : 0, 0);
	} else if (cmd->opc == SPDK_NVME_OPC_FABRIC && b[4] == SPDK_NVMF_FABRIC_COMMAND_PROPERTY_GET) {
		tgt_resp(t, cmd->cid, 0x0020ffffu, 0x30u);	/* CAP: MQES 0xffff, ... */
	} else if (cmd->opc == SPDK_NVME_OPC_WRITE && off + len <= RAM_SIZE) {
		if (inline_len == len) {
			memcpy(t->ram + off, t->capsule, len);
			tgt_resp(t, cmd->cid, 0, 0);
			return;
		}
		t->wr_base[cmd->cid % MAX_CID] = off;
		t->wr_len[cmd->cid % MAX_CID] = len;
		t->wr_next[cmd->cid % MAX_CID] = 0;
		tgt_r2t(t, cmd->cid);
	} else if (cmd->opc == SPDK_NVME_OPC_READ && off + len <= RAM_SIZE) {
		tgt_read(t, cmd->cid, off, len);
	} else {
		tgt_resp(t, cmd->cid, 0, 0);
	}
}

static int
tgt_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	    struct nvme_tcp_rx_dst *dst)
{
	struct tgt *t = ctx;

	if (l->type == SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD) {
		dst->buf = l->data_len <= sizeof(t->capsule) ? t->capsule : NULL;
	} else if (l->type == SPDK_NVME_TCP_PDU_TYPE_H2C_DATA) {
		const struct spdk_nvme_tcp_h2c_data_hdr *h = (const void *)hdr;

		CU_ASSERT(l->data_len <= MAXH2C);
		CU_ASSERT_EQUAL(h->ttag, h->cccid + 100);
		/* inside the R2T last sent for it */
		CU_ASSERT(from_le32(&h->datao) + l->data_len <= t->wr_next[h->cccid % MAX_CID]);
		dst->buf = t->ram + t->wr_base[h->cccid % MAX_CID] + from_le32(&h->datao);
	}
	return 0;
}

static int
tgt_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct tgt *t = ctx;
	uint8_t out[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_ic_resp *ic = (void *)out;

	CU_ASSERT_EQUAL(ddgst_rc, 0);
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_IC_REQ) {
		const struct spdk_nvme_tcp_ic_req *q = (const void *)hdr;
		int hl = nvme_tcp_pdu_encode_ch(out, SPDK_NVME_TCP_PDU_TYPE_IC_RESP, 0, false, &t->p);

		ic->dgst.raw = q->dgst.raw & 3;	/* grant what is asked */
		to_le32(&ic->maxh2cdata, MAXH2C);
		tgt_send(t, out, hl, NULL, 0);
		t->p.hdgst = q->dgst.bits.hdgst_enable;
		t->p.ddgst = q->dgst.bits.ddgst_enable;
		t->p.ic_done = true;
	} else if (l->type == SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD) {
		if (t->close_after != 0 && ++t->cmds >= t->close_after) {
			shutdown(t->fd, SHUT_RDWR);
			t->closed = true;
			return -ECONNRESET;
		}
		tgt_command(t, &((const struct spdk_nvme_tcp_cmd *)hdr)->ccsqe, l->data_len);
	} else if (l->type == SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ) {
		t->term_fes = from_le16(hdr + 8);
		t->term_fei = from_le32(hdr + 10);
		t->term_len = l->data_len;
		return -ECONNRESET;
	} else if (l->type == SPDK_NVME_TCP_PDU_TYPE_H2C_DATA &&
		   (hdr[1] & SPDK_NVME_TCP_H2C_DATA_FLAGS_LAST_PDU)) {
		uint16_t cid = ((const struct spdk_nvme_tcp_h2c_data_hdr *)hdr)->cccid;

		if (t->wr_next[cid % MAX_CID] < t->wr_len[cid % MAX_CID]) {
			tgt_r2t(t, cid);
		} else {
			tgt_resp(t, cid, 0, 0);
		}
	}
	return 0;
}

static void *
tgt_main(void *arg)
{
	static const struct nvme_tcp_rx_ops ops = { tgt_header, tgt_done };
	struct tgt *t = arg;
	struct nvme_tcp_rx rx;
	uint8_t buf[16384];
	ssize_t n;

	t->fd = accept(t->lfd, NULL, NULL);
	if (t->fd < 0) {
		return NULL;
	}
	nvme_tcp_pdu_params_init(&t->p, 65536);
	nvme_tcp_rx_init(&rx, &t->p, false);
	while ((n = recv(t->fd, buf, sizeof(buf), 0)) > 0) {
		if (nvme_tcp_rx_feed(&rx, buf, (size_t)n, &ops, t) != 0) {
			break;
		}
	}
	close(t->fd);
	return NULL;
}

static void
tgt_start_cut(struct tgt *t, unsigned int close_after, uint32_t c2h_max, uint32_t r2t_max,
	      char *port, size_t port_len)
{
	memset(t, 0, sizeof(*t));
	t->close_after = close_after;
	t->c2h_max = c2h_max;
	t->r2t_max = r2t_max;
	t->seed = c2h_max ^ r2t_max;
	t->lfd = tcp_loopback_listen(AF_INET, port, port_len);
	CU_ASSERT_FATAL(t->lfd >= 0);
	CU_ASSERT_FATAL(pthread_create(&t->thread, NULL, tgt_main, t) == 0);
}

static void
tgt_start(struct tgt *t, unsigned int close_after, char *port, size_t port_len)
{
	tgt_start_cut(t, close_after, 0, 0, port, port_len);
}

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

static struct tgt g_tgt;
static struct nvme_tcp_qp g_qp;
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

static void
run_io(bool digests)
{
	struct nvme_tcp_ic_want want = { .hdgst = digests, .ddgst = digests };
	struct nvme_fabric_connect_params cp = {
		.queue_size = 32, .kato_ms = 10000, .cntlid = NVME_FABRIC_CNTLID_DYNAMIC,
		.hostnqn = "nqn.2014-08.org.nvmexpress:uuid:host", .subnqn = "nqn.test:ram",
	};
	static const uint8_t hostid[16] = { 9 };
	struct spdk_nvmf_fabric_connect_data cdata;
	struct spdk_nvme_cmd cmd;
	struct done d[4];
	uint16_t cntlid = 0;
	char port[16];

	cp.hostid = hostid;
	for (size_t i = 0; i < RAM_SIZE; i++) {
		g_wbuf[i] = (uint8_t)(i * 13 + (i >> 8) + digests);
	}
	tgt_start(&g_tgt, 0, port, sizeof(port));
	CU_ASSERT_FATAL(nvme_tcp_qp_create(&g_qp, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", port, &want,
					   8) == 0);
	CU_ASSERT_FATAL(wait_all(&g_qp, d, 0) == NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(g_qp.conn.params.hdgst, digests);
	CU_ASSERT_EQUAL(g_qp.conn.params.ddgst, digests);

	/* Fabrics Connect, then Property Get CAP. */
	memset(d, 0, sizeof(d));
	CU_ASSERT_FATAL(nvme_fabric_connect_build(&cmd, &cdata, &cp) == 0);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, &cdata, sizeof(cdata), true, done_cb, &d[0]), 0);
	CU_ASSERT_FATAL(nvme_fabric_prop_get_build(&cmd, 0, 8) == 0);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, NULL, 0, false, done_cb, &d[1]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 2), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	CU_ASSERT_EQUAL(nvme_fabric_connect_rsp(&d[0].cpl, &cntlid), 0);
	CU_ASSERT_EQUAL(cntlid, 7);
	CU_ASSERT_EQUAL(d[1].calls, 1);
	CU_ASSERT_EQUAL(nvme_fabric_prop_get_value(&d[1].cpl, 8), 0x000000300020ffffull);

	/* Writes: 2 KiB in-capsule, 64 KiB by R2T (16 H2CData of MAXH2CDATA). */
	memset(d, 0, sizeof(d));
	rw_cmd(&cmd, SPDK_NVME_OPC_WRITE, 0, 4);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_wbuf, 2048, true, done_cb, &d[0]), 0);
	rw_cmd(&cmd, SPDK_NVME_OPC_WRITE, 8, 128);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_wbuf + 4096, 65536, true, done_cb, &d[1]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 2), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d[0].calls + d[1].calls, 2);
	CU_ASSERT_EQUAL(d[0].cpl.status.sc + d[1].cpl.status.sc, 0);
	CU_ASSERT_EQUAL(memcmp(g_tgt.ram, g_wbuf, 2048), 0);
	CU_ASSERT_EQUAL(memcmp(g_tgt.ram + 4096, g_wbuf + 4096, 65536), 0);

	/* Reads back: CIDs 0 and 1 -> one ends by C2HData SUCCESS, one by CapsuleResp. */
	memset(d, 0, sizeof(d));
	memset(g_rbuf, 0, sizeof(g_rbuf));
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 8, 128);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf + 4096, 65536, false, done_cb, &d[0]), 0);
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, 4);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf, 2048, false, done_cb, &d[1]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 2), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	CU_ASSERT_EQUAL(d[1].calls, 1);
	CU_ASSERT_EQUAL(memcmp(g_rbuf, g_wbuf, 2048), 0);
	CU_ASSERT_EQUAL(memcmp(g_rbuf + 4096, g_wbuf + 4096, 65536), 0);
	CU_ASSERT_EQUAL(g_qp.outstanding, 0);

	nvme_tcp_qp_destroy(&g_qp);
	pthread_join(g_tgt.thread, NULL);
	close(g_tgt.lfd);
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
	struct nvme_tcp_ic_want want = { 0 };
	struct spdk_nvme_cmd cmd;
	struct done d[4];
	char port[16];
	int rc;

	memset(d, 0, sizeof(d));
	tgt_start(&g_tgt, 3, port, sizeof(port));	/* closes when the 3rd command arrives */
	CU_ASSERT_FATAL(nvme_tcp_qp_create(&g_qp, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", port, &want,
					   4) == 0);
	CU_ASSERT_FATAL(wait_all(&g_qp, d, 0) == NVME_TCP_CONN_READY);
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
	nvme_tcp_qp_destroy(&g_qp);
	pthread_join(g_tgt.thread, NULL);
	close(g_tgt.lfd);
	CU_ASSERT(g_tgt.closed);
}

/* A malformed PDU from the target: H2CTermReq naming the field, command failed once. */
static void
test_term_req_on_bad_pdu(void)
{
	struct nvme_tcp_ic_want want = { 0 };
	struct spdk_nvme_cmd cmd;
	struct done d[1];
	char port[16];

	memset(d, 0, sizeof(d));
	tgt_start(&g_tgt, 0, port, sizeof(port));
	g_tgt.bad_resp = true;
	CU_ASSERT_FATAL(nvme_tcp_qp_create(&g_qp, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", port, &want,
					   2) == 0);
	CU_ASSERT_FATAL(wait_all(&g_qp, d, 0) == NVME_TCP_CONN_READY);
	rw_cmd(&cmd, SPDK_NVME_OPC_READ, 0, 1);
	CU_ASSERT_EQUAL(nvme_tcp_qp_submit(&g_qp, &cmd, g_rbuf, 512, false, done_cb, &d[0]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 1), -EPROTO);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	CU_ASSERT_EQUAL(d[0].cpl.status.sc, SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT_EQUAL(nvme_tcp_qp_poll(&g_qp), -EPROTO);	/* no second TermReq */
	nvme_tcp_qp_destroy(&g_qp);
	pthread_join(g_tgt.thread, NULL);
	close(g_tgt.lfd);
	CU_ASSERT_EQUAL(g_tgt.term_fes, SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD);
	CU_ASSERT_EQUAL(g_tgt.term_fei, 2);	/* HLEN */
	CU_ASSERT_EQUAL(g_tgt.term_len, 8);	/* the common header it refused */
	CU_ASSERT_EQUAL(d[0].calls, 1);
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
				CU_ASSERT_EQUAL(memcmp(g_tgt.ram + io[k].lba * 512u, want, io[k].len), 0);
			}
		}
	}
	CU_ASSERT_EQUAL(g_qp.outstanding, 0);
}

static void
sg_connect(bool digests, uint32_t c2h_max, uint32_t r2t_max)
{
	struct nvme_tcp_ic_want want = { .hdgst = digests, .ddgst = digests };
	char port[16];

	for (size_t i = 0; i < RAM_SIZE; i++) {
		g_wbuf[i] = (uint8_t)(i * 7 + (i >> 9) + c2h_max + digests);
	}
	tgt_start_cut(&g_tgt, 0, c2h_max, r2t_max, port, sizeof(port));
	CU_ASSERT_FATAL(nvme_tcp_qp_create(&g_qp, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", port, &want,
					   8) == 0);
	CU_ASSERT_FATAL(wait_all(&g_qp, NULL, 0) == NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(g_qp.conn.params.ddgst, digests);
}

static void
sg_disconnect(void)
{
	nvme_tcp_qp_destroy(&g_qp);
	pthread_join(g_tgt.thread, NULL);
	close(g_tgt.lfd);
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
	unsigned int seed = 1;

	for (int digests = 0; digests < 2; digests++) {
		/* R2Ts of up to 10000 bytes, C2HData of up to 5000 */
		sg_connect(digests, 5000, 10000);
		sg_run(&io[0], 2, &seed);	/* 64 KiB by R2Ts with 2 KiB in-capsule */
		sg_run(&io[2], 2, &seed);
		sg_disconnect();
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
		sg_disconnect();
	}
}

/* More elements than a slot holds, or fewer bytes than the command: -EINVAL, nothing taken. */
static void
test_scattered_refusals(void)
{
	struct iovec iov[NVME_TCP_MAX_SGES + 4];
	struct spdk_nvme_cmd cmd;
	struct done d[1];

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
	CU_ASSERT_EQUAL(nvme_tcp_qp_submitv(&g_qp, &cmd, iov, NVME_TCP_MAX_SGES + 4,
					    NVME_TCP_MAX_SGES * 512, false, done_cb, &d[0]), 0);
	CU_ASSERT_EQUAL(wait_all(&g_qp, d, 1), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(d[0].calls, 1);
	CU_ASSERT_EQUAL(g_qp.slots[0].iovcnt, NVME_TCP_MAX_SGES);
	sg_disconnect();
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
	};

	return cu_main("nvme_tcp_qp_sgl", tests, sizeof(tests) / sizeof(tests[0]));
}
