/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP connection set-up and receive, polled (NVMe/TCP 1.0 §3.3): the
 * host connects, sends its ICReq, and accepts nothing but an ICResp (or a
 * TermReq) until the ICResp has set the digests and alignments every later
 * PDU is checked against.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_tcp_conn.h"
#include "nvme_tcp_sock.h"

static int
conn_fail(struct nvme_tcp_conn *conn, int rc)
{
	conn->state = NVME_TCP_CONN_FAILED;
	conn->error = rc;
	return rc;
}

/* Receive callbacks: the ICResp is ours, everything after goes to the owner. */
static int
conn_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	    struct nvme_tcp_rx_dst *dst)
{
	struct nvme_tcp_conn *conn = ctx;

	if (l->type == SPDK_NVME_TCP_PDU_TYPE_IC_RESP) {
		return 0;
	}
	return conn->ops->header(conn->ctx, hdr, l, dst);
}

static int
conn_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct nvme_tcp_conn *conn = ctx;

	if (l->type == SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ && conn->state != NVME_TCP_CONN_READY) {
		EALNVME_ERRLOG("NVMe/TCP: the target refused the connection set-up (C2HTermReq "
			       "FES %u): check its digest and alignment settings",
			       hdr[8] | (hdr[9] << 8));
		return -ECONNREFUSED;
	}
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_IC_RESP) {
		int rc = nvme_tcp_icresp_apply((const void *)hdr, &conn->want, &conn->params,
					       &conn->maxh2cdata);

		if (rc == 0) {
			conn->state = NVME_TCP_CONN_READY;
		}
		return rc;
	}
	return conn->ops->done(conn->ctx, hdr, l, ddgst_rc);
}

static const struct nvme_tcp_rx_ops g_conn_rx_ops = { conn_header, conn_done };

int
nvme_tcp_conn_start(struct nvme_tcp_conn *conn, enum spdk_nvmf_adrfam adrfam,
		    const char *traddr, const char *trsvcid, const struct nvme_tcp_ic_want *want,
		    uint32_t max_rx_data, const struct nvme_tcp_rx_ops *ops, void *ctx)
{
	int rc;

	memset(conn, 0, offsetof(struct nvme_tcp_conn, rbuf));
	conn->fd = -1;
	conn->want = *want;
	conn->ops = ops;
	conn->ctx = ctx;
	nvme_tcp_pdu_params_init(&conn->params, max_rx_data);
	nvme_tcp_rx_init(&conn->rx, &conn->params, true);
	rc = nvme_tcp_icreq_build(conn->icreq, want);
	if (rc < 0) {
		return conn_fail(conn, rc);
	}
	rc = nvme_tcp_sock_open(adrfam, traddr, trsvcid);
	if (rc < 0) {
		return conn_fail(conn, rc);
	}
	conn->fd = rc;
	conn->state = NVME_TCP_CONN_CONNECTING;
	return 0;
}

static int
conn_send_icreq(struct nvme_tcp_conn *conn)
{
	struct iovec iov = {
		.iov_base = conn->icreq + conn->icreq_sent,
		.iov_len = sizeof(conn->icreq) - conn->icreq_sent,
	};
	ssize_t n = nvme_tcp_sock_sendv(conn->fd, &iov, 1);

	if (n < 0) {
		return (int)n;
	}
	conn->icreq_sent += (uint32_t)n;
	if (conn->icreq_sent == sizeof(conn->icreq)) {
		conn->state = NVME_TCP_CONN_IC_WAIT;
	}
	return 0;
}

/*
 * One batch: what the socket has now, up to NVME_TCP_CONN_RX_ROUNDS reads of
 * NVME_TCP_CONN_RX_BATCH bytes; a short read means the socket is drained.
 * A poll then takes a few large reads' worth, not one 64 KiB piece of one.
 * Inside a large data section a read goes straight to the data's
 * destination (nvme_tcp_rx_direct_iov): one copy less for large reads.
 */
static int
conn_receive(struct nvme_tcp_conn *conn)
{
	for (unsigned int round = 0; round < NVME_TCP_CONN_RX_ROUNDS; round++) {
		struct iovec iov[NVME_TCP_RX_DIRECT_IOV];
		unsigned int cnt = nvme_tcp_rx_direct_iov(&conn->rx, iov, NVME_TCP_RX_DIRECT_IOV);
		/*
		 * Right after data received in place, another large PDU likely
		 * follows: a short staged read (the rest of this PDU, then a little)
		 * takes the next header without copying much of its data.
		 */
		size_t want = sizeof(conn->rbuf);

		if (conn->after_direct &&
		    nvme_tcp_rx_pdu_left(&conn->rx) < want - NVME_TCP_CONN_RX_AFTER_DIRECT) {
			want = nvme_tcp_rx_pdu_left(&conn->rx) + NVME_TCP_CONN_RX_AFTER_DIRECT;
		}
		ssize_t n;
		int rc;

		if (cnt > 0) {
			/* large data: straight to its destination, no staging copy */
			want = 0;
			for (unsigned int i = 0; i < cnt; i++) {
				want += iov[i].iov_len;
			}
			n = nvme_tcp_sock_recvv(conn->fd, iov, (int)cnt);
			if (n <= 0) {
				return (int)n;
			}
			rc = nvme_tcp_rx_direct_done(&conn->rx, (size_t)n, &g_conn_rx_ops, conn);
			conn->after_direct = true;
		} else {
			n = nvme_tcp_sock_recv(conn->fd, conn->rbuf, want);
			if (n <= 0) {
				return (int)n;
			}
			rc = nvme_tcp_rx_feed(&conn->rx, conn->rbuf, (size_t)n, &g_conn_rx_ops,
					      conn);
			conn->after_direct = false;
		}
		if (rc != 0 || conn->state != NVME_TCP_CONN_READY || (size_t)n < want) {
			return rc;
		}
	}
	return 0;
}

int
nvme_tcp_conn_poll(struct nvme_tcp_conn *conn)
{
	int rc = 0;

	switch (conn->state) {
	case NVME_TCP_CONN_FAILED:
		return conn->error;
	case NVME_TCP_CONN_CONNECTING:
		rc = nvme_tcp_sock_connect_poll(conn->fd);
		if (rc == -EAGAIN) {
			return (int)conn->state;
		}
		if (rc != 0) {
			break;
		}
		conn->state = NVME_TCP_CONN_IC_SENDING;
	/* fallthrough */
	case NVME_TCP_CONN_IC_SENDING:
		rc = conn_send_icreq(conn);
		if (rc != 0 || conn->state == NVME_TCP_CONN_IC_SENDING) {
			break;
		}
	/* fallthrough */
	case NVME_TCP_CONN_IC_WAIT:
	case NVME_TCP_CONN_READY:
		rc = conn_receive(conn);
		break;
	}
	return rc != 0 ? conn_fail(conn, rc) : (int)conn->state;
}

void
nvme_tcp_conn_send_term(struct nvme_tcp_conn *conn)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_term_req_hdr *t = (void *)hdr;
	/* the bytes of the refused PDU that arrived, at most its header */
	uint32_t n = conn->rx.off < conn->rx.l.hdr_len ? conn->rx.off : conn->rx.l.hdr_len;
	struct iovec iov[2];
	int hl;

	if (conn->fd < 0 || conn->error != -EPROTO || conn->term_sent) {
		return;
	}
	if (n < sizeof(struct spdk_nvme_tcp_common_pdu_hdr)) {
		n = conn->rx.off < sizeof(struct spdk_nvme_tcp_common_pdu_hdr) ? conn->rx.off :
		    sizeof(struct spdk_nvme_tcp_common_pdu_hdr);
	}
	if (n > SPDK_NVME_TCP_TERM_REQ_ERROR_DATA_MAX_SIZE) {
		n = SPDK_NVME_TCP_TERM_REQ_ERROR_DATA_MAX_SIZE;
	}
	hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ, n, true, &conn->params);
	if (hl < 0) {
		return;
	}
	/* A refusal by the owner (e.g. an unknown CID) carries no FES: a bad header field. */
	to_le16(&t->fes, conn->rx.err.fes != 0 ? conn->rx.err.fes :
		SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD);
	to_le32(t->fei, conn->rx.err.fei);
	iov[0].iov_base = hdr;
	iov[0].iov_len = (size_t)hl;
	iov[1].iov_base = conn->rx.hdr;
	iov[1].iov_len = n;
	(void)nvme_tcp_sock_sendv(conn->fd, iov, 2);
	conn->term_sent = true;
}

void
nvme_tcp_conn_close(struct nvme_tcp_conn *conn)
{
	if (conn->fd >= 0) {
		close(conn->fd);
		conn->fd = -1;
	}
}
