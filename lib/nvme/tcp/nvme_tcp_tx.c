/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP send queue: every queued PDU is three pieces on the wire
 * (header with digest and padding, data, data digest; NVMe/TCP 1.0
 * §3.6.1), gathered across PDUs into one sendmsg() per flush.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/uio.h>

#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_tcp_sock.h"
#include "nvme_tcp_tx.h"

#define TX_IOV_MAX	64

void
nvme_tcp_tx_init(struct nvme_tcp_tx *tx)
{
	TAILQ_INIT(&tx->queue);
	tx->queued = 0;
}

int
nvme_tcp_tx_queue(struct nvme_tcp_tx *tx, struct nvme_tcp_tx_pdu *pdu, const void *data,
		  uint32_t data_len)
{
	const struct spdk_nvme_tcp_common_pdu_hdr *ch = (const void *)pdu->hdr;
	uint32_t plen = from_le32(&ch->plen);
	uint32_t hdr_len = ch->pdo != 0 ? ch->pdo :
			   ch->hlen + ((ch->flags & SPDK_NVME_TCP_CH_FLAGS_HDGSTF) ? 4u : 0u);
	bool ddgst = (ch->flags & SPDK_NVME_TCP_CH_FLAGS_DDGSTF) != 0;
	bool term = ch->pdu_type == SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ ||
		    ch->pdu_type == SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ;

	if (term) {
		hdr_len = ch->hlen;	/* its error data is the "data" */
	}
	if (pdu->queued) {
		EALNVME_ERRLOG("NVMe/TCP: PDU queued twice: a caller bug");
		return -EBUSY;
	}
	if ((uint64_t)hdr_len + data_len + (ddgst ? NVME_TCP_DIGEST_LEN : 0) != plen ||
	    (data_len > 0 && data == NULL) || hdr_len > sizeof(pdu->hdr)) {
		EALNVME_ERRLOG("NVMe/TCP: PDU type 0x%02x announces %" PRIu32 " bytes, %" PRIu32
			       " of header and %" PRIu32 " of data given: a caller bug",
			       ch->pdu_type, plen, hdr_len, data_len);
		return -EINVAL;
	}
	nvme_tcp_pdu_seal_hdr(pdu->hdr);
	pdu->hdr_len = hdr_len;
	pdu->data = data;
	pdu->data_len = data_len;
	pdu->plen = plen;
	pdu->sent = 0;
	pdu->queued = true;
	if (ddgst) {
		to_le32(pdu->ddgst, nvme_tcp_digest(data, data_len));
	}
	TAILQ_INSERT_TAIL(&tx->queue, pdu, link);
	tx->queued++;
	return 0;
}

void
nvme_tcp_tx_drop(struct nvme_tcp_tx *tx)
{
	struct nvme_tcp_tx_pdu *pdu;

	while ((pdu = TAILQ_FIRST(&tx->queue)) != NULL) {
		TAILQ_REMOVE(&tx->queue, pdu, link);
		pdu->queued = false;
	}
	tx->queued = 0;
}

/* Add the unsent part of [base, base + len) at PDU offset `at` (piece start). */
static int
add_piece(struct iovec *iov, int n, const uint8_t *base, uint32_t at, uint32_t len,
	  uint32_t sent)
{
	if (n < TX_IOV_MAX && len > 0 && sent < at + len) {
		uint32_t skip = sent > at ? sent - at : 0;

		iov[n].iov_base = (void *)(uintptr_t)(base + skip);
		iov[n].iov_len = len - skip;
		n++;
	}
	return n;
}

int
nvme_tcp_tx_flush(struct nvme_tcp_tx *tx, int fd)
{
	struct iovec iov[TX_IOV_MAX];
	struct nvme_tcp_tx_pdu *pdu;
	int n = 0;
	ssize_t done;

	TAILQ_FOREACH(pdu, &tx->queue, link) {
		uint32_t dd_at = pdu->hdr_len + pdu->data_len;

		if (n > TX_IOV_MAX - 3) {
			break;
		}
		n = add_piece(iov, n, pdu->hdr, 0, pdu->hdr_len, pdu->sent);
		n = add_piece(iov, n, pdu->data, pdu->hdr_len, pdu->data_len, pdu->sent);
		n = add_piece(iov, n, pdu->ddgst, dd_at, pdu->plen - dd_at, pdu->sent);
	}
	if (n == 0) {
		return 0;
	}
	done = nvme_tcp_sock_sendv(fd, iov, n);
	if (done < 0) {
		return (int)done;
	}
	while (done > 0 && (pdu = TAILQ_FIRST(&tx->queue)) != NULL) {
		uint32_t left = pdu->plen - pdu->sent;
		uint32_t take = (uint64_t)done < left ? (uint32_t)done : left;

		pdu->sent += take;
		done -= take;
		if (pdu->sent == pdu->plen) {
			TAILQ_REMOVE(&tx->queue, pdu, link);
			tx->queued--;
			pdu->queued = false;
			if (pdu->sent_cb != NULL) {
				pdu->sent_cb(pdu, pdu->cb_arg);
			}
		}
	}
	return 0;
}
