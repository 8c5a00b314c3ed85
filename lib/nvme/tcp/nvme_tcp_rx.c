/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP receive parser: a PDU is, in order, the common header (8 bytes),
 * the rest of the header and its digest, padding up to PDO, data, data
 * digest (NVMe/TCP 1.0 §3.6.1).  Each section is copied as it arrives, so
 * a PDU may come in any number of pieces and a piece may hold many PDUs;
 * data may go to one buffer or across a list of elements.
 */
#include <errno.h>
#include <string.h>

#include "spdk/crc32.h"
#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_tcp_iov.h"
#include "nvme_tcp_rx.h"

#define CH_LEN	((uint32_t)sizeof(struct spdk_nvme_tcp_common_pdu_hdr))

void
nvme_tcp_rx_init(struct nvme_tcp_rx *rx, const struct nvme_tcp_pdu_params *params,
		 bool from_ctrlr)
{
	memset(rx, 0, sizeof(*rx));
	rx->params = params;
	rx->from_ctrlr = from_ctrlr;
}

static bool
is_term(uint8_t type)
{
	return type == SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ ||
	       type == SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ;
}

static uint32_t
min_u32(uint32_t a, size_t b)
{
	return b < a ? (uint32_t)b : a;
}

static int
fail(struct nvme_tcp_rx *rx, int rc)
{
	rx->failed = true;
	return rc;
}

static void
dst_set(struct nvme_tcp_rx *rx, uint8_t *buf, uint32_t len)
{
	rx->cur = buf;
	rx->cur_left = len;
	rx->next = NULL;
}

/* The header is complete: check it and learn where the data goes. */
static int
header_in(struct nvme_tcp_rx *rx, const struct nvme_tcp_rx_ops *ops, void *ctx)
{
	struct nvme_tcp_rx_dst dst = { 0 };
	int rc = nvme_tcp_pdu_check_hdr(rx->hdr, sizeof(rx->hdr), &rx->l, &rx->err);

	if (rc != 0) {
		return rc;
	}
	if (is_term(rx->l.type)) {
		dst_set(rx, rx->hdr + rx->l.hlen, rx->l.data_len);	/* at most 128 bytes, fits */
		return 0;
	}
	rc = ops->header(ctx, rx->hdr, &rx->l, &dst);
	if (rc != 0) {
		return rc;
	}
	rx->crc = ~0u;
	if (rx->l.data_len == 0) {
		dst_set(rx, NULL, 0);
	} else if (dst.buf != NULL) {
		dst_set(rx, dst.buf, rx->l.data_len);
	} else if (dst.iov != NULL && dst.iovcnt > 0 && dst.skip <= dst.iov[0].iov_len &&
		   nvme_tcp_iov_covers(dst.iov, dst.iovcnt, dst.skip, rx->l.data_len)) {
		/* the first element's rest; copy_data moves on as each fills */
		dst_set(rx, (uint8_t *)dst.iov[0].iov_base + dst.skip,
			(uint32_t)dst.iov[0].iov_len - dst.skip);
		rx->next = dst.iov + 1;
	} else {
		EALNVME_ERRLOG("NVMe/TCP: no room for %u data bytes of PDU type 0x%02x: the "
			       "PDU cannot be taken; the connection fails", rx->l.data_len,
			       rx->l.type);
		return -EPROTO;
	}
	return 0;
}

/*
 * n data bytes into the destination (which header_in checked holds them
 * all): copied from buf, or with buf NULL already there (received in
 * place), then digested where they landed when crc is set.
 */
static void
copy_data(struct nvme_tcp_rx *rx, const uint8_t *buf, uint32_t n, bool crc)
{
	while (n > 0) {
		uint32_t take = n < rx->cur_left ? n : rx->cur_left;

		if (buf != NULL) {
			memcpy(rx->cur, buf, take);
			buf += take;
		}
		if (crc) {
			rx->crc = spdk_crc32c_update(rx->cur, take, rx->crc);
		}
		rx->cur += take;
		rx->cur_left -= take;
		n -= take;
		if (rx->cur_left == 0 && n > 0) {
			/* there is a next element: the list covers the PDU */
			rx->cur = rx->next->iov_base;
			rx->cur_left = (uint32_t)rx->next->iov_len;
			rx->next++;
		}
	}
}

static int
pdu_done(struct nvme_tcp_rx *rx, const struct nvme_tcp_rx_ops *ops, void *ctx)
{
	int dd_rc = 0, rc;

	if (rx->l.ddgst && (rx->crc ^ ~0u) != from_le32(rx->ddgst)) {
		EALNVME_ERRLOG("NVMe/TCP data digest mismatch on PDU type 0x%02x (%u bytes): the "
			       "data was corrupted in transit", rx->l.type, rx->l.data_len);
		dd_rc = -EPROTO;
	}
	rc = ops->done(ctx, rx->hdr, &rx->l, dd_rc);
	rx->off = 0;
	dst_set(rx, NULL, 0);
	return rc;
}

int
nvme_tcp_rx_feed(struct nvme_tcp_rx *rx, const uint8_t *buf, size_t len,
		 const struct nvme_tcp_rx_ops *ops, void *ctx)
{
	if (rx->failed) {
		return -EPROTO;
	}
	while (len > 0) {
		const struct nvme_tcp_pdu_layout *l = &rx->l;
		uint32_t n;
		int rc = 0;

		if (rx->off < CH_LEN) {
			n = min_u32(CH_LEN - rx->off, len);
			memcpy(rx->hdr + rx->off, buf, n);
			rx->off += n;
			if (rx->off == CH_LEN) {
				rc = nvme_tcp_pdu_parse_ch((const void *)rx->hdr, rx->from_ctrlr,
							   rx->params, &rx->l, &rx->err);
			}
		} else if (rx->off < l->hdr_len) {
			n = min_u32(l->hdr_len - rx->off, len);
			memcpy(rx->hdr + rx->off, buf, n);
			rx->off += n;
			if (rx->off == l->hdr_len) {
				rc = header_in(rx, ops, ctx);
			}
		} else if (l->data_len > 0 && rx->off < l->data_off) {
			/* padding: parse_ch bounded PDO to the header buffer */
			n = min_u32(l->data_off - rx->off, len);
			rx->off += n;
		} else if (l->data_len > 0 && rx->off < l->data_off + l->data_len) {
			uint32_t at = rx->off - l->data_off;

			n = min_u32(l->data_len - at, len);
			copy_data(rx, buf, n, false);
			if (l->ddgst) {
				rx->crc = spdk_crc32c_update(buf, n, rx->crc);
			}
			rx->off += n;
		} else if (rx->off < l->plen) {
			uint32_t at = rx->off - (l->plen - NVME_TCP_DIGEST_LEN);

			n = min_u32(l->plen - rx->off, len);
			memcpy(rx->ddgst + at, buf, n);
			rx->off += n;
		} else {
			/* off == plen is handled below; never here */
			return fail(rx, -EPROTO);
		}
		buf += n;
		len -= n;
		if (rc != 0) {
			return fail(rx, rc);
		}
		if (rx->off >= CH_LEN && rx->off == l->plen) {
			rc = pdu_done(rx, ops, ctx);
			if (rc != 0) {
				return fail(rx, rc);
			}
		}
	}
	return 0;
}

/* In the data section of a PDU with data (not a TermReq), data bytes left. */
static uint32_t
data_left(const struct nvme_tcp_rx *rx)
{
	const struct nvme_tcp_pdu_layout *l = &rx->l;

	if (rx->failed || rx->off < CH_LEN || rx->off < l->hdr_len || l->data_len == 0 ||
	    is_term(l->type) || rx->off < l->data_off || rx->off >= l->data_off + l->data_len) {
		return 0;
	}
	return l->data_off + l->data_len - rx->off;
}

unsigned int
nvme_tcp_rx_direct_iov(const struct nvme_tcp_rx *rx, struct iovec *iov, unsigned int max)
{
	uint32_t left = data_left(rx);
	const struct iovec *next = rx->next;
	uint8_t *at = rx->cur;
	uint32_t len = rx->cur_left;
	unsigned int cnt = 0;

	if (left < NVME_TCP_RX_DIRECT_MIN) {
		return 0;
	}
	/* header_in checked the elements from next on cover the rest */
	while (left > 0 && cnt < max) {
		uint32_t take = len < left ? len : left;

		if (take > 0) {
			iov[cnt].iov_base = at;
			iov[cnt].iov_len = take;
			cnt++;
			left -= take;
		}
		if (left > 0) {
			at = next->iov_base;
			len = (uint32_t)next->iov_len;
			next++;
		}
	}
	return cnt;
}

int
nvme_tcp_rx_direct_done(struct nvme_tcp_rx *rx, size_t n, const struct nvme_tcp_rx_ops *ops,
			void *ctx)
{
	uint32_t left = data_left(rx);

	if (rx->failed) {
		return -EPROTO;
	}
	if (n == 0) {
		return 0;
	}
	if (n > left) {
		/* more than was described: a caller bug, the stream is lost */
		EALNVME_ERRLOG("NVMe/TCP: %zu bytes received in place where %u were expected: "
			       "the connection fails", n, left);
		return fail(rx, -EPROTO);
	}
	copy_data(rx, NULL, (uint32_t)n, rx->l.ddgst);
	rx->off += (uint32_t)n;
	rx->direct_bytes += n;
	if (rx->off == rx->l.plen) {
		int rc = pdu_done(rx, ops, ctx);

		if (rc != 0) {
			return fail(rx, rc);
		}
	}
	return 0;
}

uint32_t
nvme_tcp_rx_pdu_left(const struct nvme_tcp_rx *rx)
{
	if (rx->failed || rx->off < CH_LEN) {
		return 0;
	}
	return rx->l.plen - rx->off;
}
