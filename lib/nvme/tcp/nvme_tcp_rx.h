/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe/TCP receive side as a byte-stream parser: whatever a recv()
 * returned (a part of a PDU, several PDUs) is fed in; headers are checked
 * (nvme_tcp_pdu.c) before their lengths are used, data goes straight to
 * where the owner of the PDU says, data digests are computed on the way.
 * No sockets and no allocation: the qpair owns one and feeds it.
 */
#ifndef EALNVME_NVME_TCP_RX_H
#define EALNVME_NVME_TCP_RX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "nvme_tcp_pdu.h"

/*
 * Where a PDU's data goes: one buffer (buf), or else the bytes from byte
 * skip of iov[0] on, across iov[0..iovcnt).  Comes zeroed to the header
 * callback.
 */
struct nvme_tcp_rx_dst {
	void			*buf;
	const struct iovec	*iov;
	uint32_t		iovcnt;
	uint32_t		skip;
};

struct nvme_tcp_rx_ops {
	/*
	 * A checked header (l->hdr_len bytes at hdr) of any PDU but a TermReq
	 * (whose error data is kept in the parser).  For a PDU with data
	 * (l->data_len > 0, not a TermReq) point dst at l->data_len bytes of
	 * room.  Non-zero refuses the PDU (e.g. a CID never sent): the feed
	 * fails with that value.
	 */
	int (*header)(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
		      struct nvme_tcp_rx_dst *dst);
	/*
	 * The whole PDU is in: its data (TermReq: the error data at hdr +
	 * hlen) and ddgst_rc, 0 or -EPROTO for a data digest mismatch.
	 */
	int (*done)(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
		    int ddgst_rc);
};

struct nvme_tcp_rx {
	const struct nvme_tcp_pdu_params *params;	/* the connection's, updated by IC */
	bool				from_ctrlr;
	bool				failed;		/* sticky after a refusal */
	uint32_t			off;		/* bytes of the current PDU seen */
	struct nvme_tcp_pdu_layout	l;
	struct nvme_tcp_pdu_error	err;		/* why, for the TermReq */
	/* data destination: cur_left bytes at cur, then the elements from next on */
	uint8_t				*cur;
	uint32_t			cur_left;
	const struct iovec		*next;
	uint32_t			crc;		/* running data digest */
	uint64_t			direct_bytes;	/* data received in place, ever */
	uint8_t				ddgst[NVME_TCP_DIGEST_LEN];
	/* header, header digest, padding; TermReq error data after its header.
	 * 8-byte aligned: a CapsuleCmd's SQE (uint64_t members) sits at hdr + 8. */
	uint8_t				hdr[NVME_TCP_HDR_BUF_LEN] __attribute__((aligned(8)));
};

void nvme_tcp_rx_init(struct nvme_tcp_rx *rx, const struct nvme_tcp_pdu_params *params,
		      bool from_ctrlr);

/*
 * Feed len received bytes.  0 when all were taken; -EPROTO (rx->err says
 * why) for a malformed PDU; a callback's non-zero value.  After a failure
 * every feed fails: the connection is beyond repair.
 */
int nvme_tcp_rx_feed(struct nvme_tcp_rx *rx, const uint8_t *buf, size_t len,
		     const struct nvme_tcp_rx_ops *ops, void *ctx);

/*
 * Receiving in place: inside a PDU's data section with at least
 * NVME_TCP_RX_DIRECT_MIN bytes of it still to come, the socket may read
 * straight into the destination instead of a staging buffer and a copy.
 */
#ifndef NVME_TCP_RX_DIRECT_MIN	/* a build may raise it (0xffffffffu: always staged) to compare */
#define NVME_TCP_RX_DIRECT_MIN	8192u
#endif
#define NVME_TCP_RX_DIRECT_IOV	16u

/*
 * Describe where the rest of this PDU's data goes: at most max elements
 * (cur/cur_left, then the following elements), capped to the data bytes
 * left in the PDU.  The element count, or 0 when the next bytes are not
 * data of a large enough remainder (use the staging buffer and feed).
 */
unsigned int nvme_tcp_rx_direct_iov(const struct nvme_tcp_rx *rx, struct iovec *iov,
				    unsigned int max);

/*
 * n bytes (at most what nvme_tcp_rx_direct_iov described) arrived in place:
 * account them as a feed of the same bytes would (data digest, position,
 * and the done callback when the PDU ends with its data).  Same returns.
 */
int nvme_tcp_rx_direct_done(struct nvme_tcp_rx *rx, size_t n,
			    const struct nvme_tcp_rx_ops *ops, void *ctx);

/* Bytes of the current PDU still to come (0 before its common header is in). */
uint32_t nvme_tcp_rx_pdu_left(const struct nvme_tcp_rx *rx);

#endif /* EALNVME_NVME_TCP_RX_H */
