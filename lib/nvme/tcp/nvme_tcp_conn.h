/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * One NVMe/TCP connection (a qpair's): the socket, connection set-up (TCP
 * connect, then ICReq/ICResp, NVMe/TCP 1.0 §3.3) and the receive side,
 * all advanced from a poll that never blocks.  After set-up, received
 * PDUs go to the owner's callbacks (nvme_tcp_rx.h).
 */
#ifndef EALNVME_NVME_TCP_CONN_H
#define EALNVME_NVME_TCP_CONN_H

#include <stdint.h>

#include "nvme_tcp_pdu.h"
#include "nvme_tcp_rx.h"

enum nvme_tcp_conn_state {
	NVME_TCP_CONN_CONNECTING = 0,	/* TCP connect in progress */
	NVME_TCP_CONN_IC_SENDING,	/* ICReq partly sent */
	NVME_TCP_CONN_IC_WAIT,		/* waiting for the ICResp */
	NVME_TCP_CONN_READY,
	NVME_TCP_CONN_FAILED,
};

/* Bytes taken from the socket per read, and reads per poll at most (socket
 * I/O batched per poll). */
#define NVME_TCP_CONN_RX_BATCH	65536u
#define NVME_TCP_CONN_RX_ROUNDS	8u
/* A staged read right after data received in place: the rest of that PDU,
 * then this much (of a next large PDU's data, all that is copied). */
#define NVME_TCP_CONN_RX_AFTER_DIRECT	1024u

struct nvme_tcp_conn {
	int				fd;
	enum nvme_tcp_conn_state	state;
	int				error;		/* why FAILED, -errno */
	bool				term_sent;	/* H2CTermReq sent (once) */
	struct nvme_tcp_pdu_params	params;
	struct nvme_tcp_ic_want		want;
	uint32_t			maxh2cdata;	/* from the ICResp */
	uint8_t				icreq[sizeof(struct spdk_nvme_tcp_ic_req)];
	uint32_t			icreq_sent;
	const struct nvme_tcp_rx_ops	*ops;		/* the owner's, after set-up */
	void				*ctx;
	struct nvme_tcp_rx		rx;
	bool				after_direct;	/* the last read was in place */
	uint8_t				rbuf[NVME_TCP_CONN_RX_BATCH];
};

/*
 * Start connecting (conn is the caller's memory, not moved while in use).
 * 0 or -errno from the socket, logged.  max_rx_data: largest data section
 * accepted in one received PDU.
 */
int nvme_tcp_conn_start(struct nvme_tcp_conn *conn, enum spdk_nvmf_adrfam adrfam,
			const char *traddr, const char *trsvcid, const struct nvme_tcp_ic_want *want,
			uint32_t max_rx_data, const struct nvme_tcp_rx_ops *ops, void *ctx);

/*
 * Advance: finish the connect, send the ICReq, read what arrived and feed
 * it (ICResp here, later PDUs to the owner).  Returns the state (>= 0), or
 * the -errno that failed the connection (-ECONNRESET: peer closed;
 * -EPROTO: bad PDU; a callback's error), the same on every later call.
 */
int nvme_tcp_conn_poll(struct nvme_tcp_conn *conn);

/*
 * After a receive refusal (-EPROTO): tell the controller why with an
 * H2CTermReq (§3.6.2.4: FES, FEI, up to 128 bytes of the PDU header in
 * question), one non-blocking send attempt; the connection stays failed.
 */
void nvme_tcp_conn_send_term(struct nvme_tcp_conn *conn);

/* Close the socket; safe in any state and twice. */
void nvme_tcp_conn_close(struct nvme_tcp_conn *conn);

#endif /* EALNVME_NVME_TCP_CONN_H */
