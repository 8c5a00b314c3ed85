/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe/TCP send side: PDUs (header from nvme_tcp_pdu.c, data, data
 * digest) queued by their owners and written together, as many as one
 * sendmsg() takes, from the poll; a partly written PDU resumes where the
 * socket stopped, inside any element of its data.  The PDU structures are
 * the owner's memory (one per request, no allocation here).
 */
#ifndef EALNVME_NVME_TCP_TX_H
#define EALNVME_NVME_TCP_TX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <sys/uio.h>

#include "nvme_tcp_pdu.h"

struct nvme_tcp_tx_pdu {
	uint8_t				hdr[NVME_TCP_HDR_BUF_LEN];
	uint32_t			hdr_len;	/* header, digest, padding */
	/* data: data_len bytes from byte data_skip of data_iov[0] on */
	const struct iovec		*data_iov;
	uint32_t			data_skip;
	uint32_t			data_len;
	struct iovec			one;		/* data_iov of a single buffer */
	uint8_t				ddgst[NVME_TCP_DIGEST_LEN];
	uint32_t			plen;		/* from the header */
	uint32_t			sent;		/* bytes of this PDU written */
	bool				queued;		/* in a send queue: not to be reused */
	/* called once the last byte is handed to the socket */
	void				(*sent_cb)(struct nvme_tcp_tx_pdu *pdu, void *arg);
	void				*cb_arg;
	TAILQ_ENTRY(nvme_tcp_tx_pdu)	link;
};

struct nvme_tcp_tx {
	TAILQ_HEAD(, nvme_tcp_tx_pdu)	queue;
	uint32_t			queued;		/* PDUs waiting */
};

void nvme_tcp_tx_init(struct nvme_tcp_tx *tx);

/*
 * Queue a PDU whose header the owner encoded (nvme_tcp_pdu_encode_ch,
 * type fields filled) with data_len bytes of data at data: seals the
 * header and computes the data digest when the header says so.  -EINVAL
 * (logged) when data_len does not match what the header announces.
 */
int nvme_tcp_tx_queue(struct nvme_tcp_tx *tx, struct nvme_tcp_tx_pdu *pdu, const void *data,
		      uint32_t data_len);

/*
 * The same with scattered data: data_len bytes from byte skip of iov[0]
 * on (skip at most iov[0].iov_len), within iov[0..iovcnt).  The elements
 * are read until the PDU is sent (sent_cb), so they must stay put until
 * then; -EINVAL (logged) when the list is shorter than skip + data_len.
 */
int nvme_tcp_tx_queue_iov(struct nvme_tcp_tx *tx, struct nvme_tcp_tx_pdu *pdu,
			  const struct iovec *iov, uint32_t iovcnt, uint32_t skip,
			  uint32_t data_len);

/* Forget every queued PDU (the connection is gone); their sent callbacks do not run. */
void nvme_tcp_tx_drop(struct nvme_tcp_tx *tx);

/*
 * Write what the socket takes now: one sendmsg() of up to 128 pieces.
 * 0 (the rest, if any, waits for the next poll) or -errno from the socket.
 */
int nvme_tcp_tx_flush(struct nvme_tcp_tx *tx, int fd);

#endif /* EALNVME_NVME_TCP_TX_H */
