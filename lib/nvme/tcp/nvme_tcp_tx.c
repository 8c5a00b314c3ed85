/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP send queue: every queued PDU is header (with digest and
 * padding), data, data digest on the wire (NVMe/TCP 1.0 §3.6.1), its data
 * one piece per element it covers; the pieces of many PDUs are gathered
 * into one sendmsg() per flush.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/uio.h>

#include "spdk/crc32.h"
#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_tcp_iov.h"
#include "nvme_tcp_sock.h"
#include "nvme_tcp_tx.h"

/* pieces per sendmsg: a scattered PDU alone may bring NVME_TCP_MAX_SGES + 2 */
#define TX_IOV_MAX	128

void
nvme_tcp_tx_init(struct nvme_tcp_tx *tx)
{
	TAILQ_INIT(&tx->queue);
	tx->queued = 0;
}

/* CRC32C over the data range of the PDU (§3.6.1 DDGST), element by element. */
static uint32_t
data_digest(const struct nvme_tcp_tx_pdu *pdu)
{
	const struct iovec *e = pdu->data_iov;
	uint32_t left = pdu->data_len, skip = pdu->data_skip, crc = ~0u;

	for (; left > 0; e++, skip = 0) {
		uint32_t n = (uint32_t)e->iov_len - skip;

		n = n < left ? n : left;
		crc = spdk_crc32c_update((const uint8_t *)e->iov_base + skip, n, crc);
		left -= n;
	}
	return crc ^ ~0u;
}

int
nvme_tcp_tx_queue_iov(struct nvme_tcp_tx *tx, struct nvme_tcp_tx_pdu *pdu,
		      const struct iovec *iov, uint32_t iovcnt, uint32_t skip, uint32_t data_len)
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
	    (data_len > 0 && (iov == NULL || iovcnt == 0 || skip > iov[0].iov_len ||
			      !nvme_tcp_iov_covers(iov, iovcnt, skip, data_len))) ||
	    hdr_len > sizeof(pdu->hdr)) {
		EALNVME_ERRLOG("NVMe/TCP: PDU type 0x%02x announces %" PRIu32 " bytes, %" PRIu32
			       " of header and %" PRIu32 " of data given (in %" PRIu32 " elements "
			       "from byte %" PRIu32 "): a caller bug", ch->pdu_type, plen, hdr_len,
			       data_len, iov == NULL ? 0 : iovcnt, skip);
		return -EINVAL;
	}
	nvme_tcp_pdu_seal_hdr(pdu->hdr);
	pdu->hdr_len = hdr_len;
	pdu->data_iov = iov;
	pdu->data_skip = skip;
	pdu->data_len = data_len;
	pdu->plen = plen;
	pdu->sent = 0;
	pdu->queued = true;
	if (ddgst) {
		to_le32(pdu->ddgst, data_digest(pdu));
	}
	TAILQ_INSERT_TAIL(&tx->queue, pdu, link);
	tx->queued++;
	return 0;
}

int
nvme_tcp_tx_queue(struct nvme_tcp_tx *tx, struct nvme_tcp_tx_pdu *pdu, const void *data,
		  uint32_t data_len)
{
	if (pdu->queued) {
		/* pdu->one is in use by the queued PDU: leave it alone */
		EALNVME_ERRLOG("NVMe/TCP: PDU queued twice: a caller bug");
		return -EBUSY;
	}
	pdu->one.iov_base = (void *)(uintptr_t)data;
	pdu->one.iov_len = data_len;
	return nvme_tcp_tx_queue_iov(tx, pdu, data == NULL ? NULL : &pdu->one, 1, 0, data_len);
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

/* The data pieces of pdu not sent yet, one per element. */
static int
add_data(struct iovec *iov, int n, const struct nvme_tcp_tx_pdu *pdu)
{
	const struct iovec *e = pdu->data_iov;
	uint32_t at = pdu->hdr_len, left = pdu->data_len, skip = pdu->data_skip;

	for (; left > 0 && n < TX_IOV_MAX; e++, skip = 0) {
		uint32_t len = (uint32_t)e->iov_len - skip;

		len = len < left ? len : left;
		n = add_piece(iov, n, (const uint8_t *)e->iov_base + skip, at, len, pdu->sent);
		at += len;
		left -= len;
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

	/* Pieces in stream order until the array is full: what is given is a
	 * prefix of the byte stream, so the accounting below stays byte exact. */
	TAILQ_FOREACH(pdu, &tx->queue, link) {
		uint32_t dd_at = pdu->hdr_len + pdu->data_len;

		if (n == TX_IOV_MAX) {
			break;
		}
		n = add_piece(iov, n, pdu->hdr, 0, pdu->hdr_len, pdu->sent);
		n = add_data(iov, n, pdu);
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
