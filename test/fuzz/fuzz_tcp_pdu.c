/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * libFuzzer target: the NVMe/TCP PDU parser (lib/nvme/tcp/nvme_tcp_pdu.c)
 * over a byte stream from a peer that lies.
 *
 * The first input byte picks the connection's state (digests, IC done,
 * which side receives, PDO alignment); the rest is read as PDUs back to
 * back, the way the qpair reads a socket: 8-byte common header, then the
 * header it announced, then data and digest, stopping at the first refused
 * PDU or when the input runs out.  The input buffer is exactly its size,
 * so any read past what a length allows is an AddressSanitizer report.
 * Properties, besides no sanitizer report:
 *   - an accepted PDU's parts (header, digest, padding, data, data digest)
 *     add up to PLEN and the data is no more than the receiver accepts;
 *   - every refusal names a TermReq FES from the specification (1-6);
 *   - the encoder, asked for the same type and data length, builds a
 *     header that the parser accepts with the same layout.
 * The same bytes then go through the receive parser (nvme_tcp_rx.c) in
 * pieces of 1 to 64 bytes (chosen by the first byte): it takes the same
 * PDUs, never writes past the data buffer it was given (every other PDU's
 * data goes to a three-element list with guard bytes between the elements,
 * which must stay untouched), and once it fails it stays failed.  With
 * 22- or 64-byte pieces, data of a large enough remainder is received in
 * place instead (nvme_tcp_rx_direct_iov/_done), inside the data buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "spdk/nvmf_spec.h"
#include "nvme_tcp_pdu.h"
#include "nvme_tcp_rx.h"
#include "fuzz_common.h"

#define MAX_RX_DATA	(128u * 1024)

static void
check_reencode(const struct nvme_tcp_pdu_layout *l, bool from_ctrlr,
	       const struct nvme_tcp_pdu_params *p)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct nvme_tcp_pdu_params tx = *p;
	struct nvme_tcp_pdu_layout l2;
	struct nvme_tcp_pdu_error err;
	int hl;

	tx.tx_align = p->rx_align;
	hl = nvme_tcp_pdu_encode_ch(hdr, l->type, l->data_len, !from_ctrlr, &tx);
	FUZZ_ASSERT(hl > 0 && (size_t)hl <= sizeof(hdr));
	nvme_tcp_pdu_seal_hdr(hdr);
	FUZZ_ASSERT(nvme_tcp_pdu_parse_ch((const void *)hdr, from_ctrlr, p, &l2, &err) == 0);
	FUZZ_ASSERT(l2.type == l->type && l2.hdr_len == l->hdr_len);
	FUZZ_ASSERT(l2.data_len == l->data_len && l2.ddgst == l->ddgst);
	FUZZ_ASSERT(l2.data_off <= l->data_off);
}

#define GUARD		8u

/* room for MAX_RX_DATA bytes of data, and for them in elements with guards between */
static uint8_t g_data[MAX_RX_DATA + 2 * GUARD];
static struct iovec g_iov[3];

struct rx_run {
	struct nvme_tcp_pdu_params	p;
	unsigned int			pdus;
};

static int
rx_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	    struct nvme_tcp_rx_dst *dst)
{
	struct rx_run *r = ctx;
	uint32_t half = l->data_len / 2;

	(void)hdr;
	FUZZ_ASSERT(l->data_len <= MAX_RX_DATA);
	if (l->data_len < 2 || (r->pdus & 1) == 0) {
		dst->buf = l->data_len > 0 ? g_data : NULL;
		return 0;
	}
	/* 1 byte, half, the rest; guards of 0xa5 after the first two */
	g_iov[0] = (struct iovec){ g_data, 1 };
	g_iov[1] = (struct iovec){ g_data + 1 + GUARD, half };
	g_iov[2] = (struct iovec){ g_data + 1 + 2 * GUARD + half, l->data_len - 1 - half };
	memset(g_data + 1, 0xa5, GUARD);
	memset(g_data + 1 + GUARD + half, 0xa5, GUARD);
	dst->iov = g_iov;
	dst->iovcnt = 3;
	return 0;
}

static int
rx_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct rx_run *r = ctx;

	(void)hdr;
	(void)ddgst_rc;
	if (l->data_len >= 2 && (r->pdus & 1) == 1 && l->type != SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ &&
	    l->type != SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ) {
		for (uint32_t i = 0; i < GUARD; i++) {
			FUZZ_ASSERT(g_data[1 + i] == 0xa5);
			FUZZ_ASSERT(g_data[1 + GUARD + g_iov[1].iov_len + i] == 0xa5);
		}
	}
	r->pdus++;
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_IC_REQ || l->type == SPDK_NVME_TCP_PDU_TYPE_IC_RESP) {
		r->p.ic_done = true;
	}
	return 0;
}

static void
run_rx(const uint8_t *data, size_t size, const struct nvme_tcp_pdu_params *p, bool from_ctrlr,
       size_t piece, bool direct)
{
	static const struct nvme_tcp_rx_ops ops = { rx_header, rx_done };
	struct rx_run r = { .p = *p };
	struct nvme_tcp_rx rx;
	bool failed = false;

	nvme_tcp_rx_init(&rx, &r.p, from_ctrlr);
	while (size > 0) {
		size_t n = size < piece ? size : piece;
		struct iovec v[NVME_TCP_RX_DIRECT_IOV];
		unsigned int cnt = direct ? nvme_tcp_rx_direct_iov(&rx, v, NVME_TCP_RX_DIRECT_IOV) : 0;
		uint8_t *copy;
		int rc;

		if (cnt > 0) {
			/* received in place: up to n bytes into the described elements */
			size_t k = 0;

			for (unsigned int i = 0; i < cnt && k < n; i++) {
				size_t t = v[i].iov_len < n - k ? v[i].iov_len : n - k;

				FUZZ_ASSERT((uint8_t *)v[i].iov_base >= g_data &&
					    (uint8_t *)v[i].iov_base + v[i].iov_len <=
					    g_data + sizeof(g_data));
				memcpy(v[i].iov_base, data + k, t);
				k += t;
			}
			rc = nvme_tcp_rx_direct_done(&rx, k, &ops, &r);
			FUZZ_ASSERT(!failed || rc == -EPROTO);
			failed = rc != 0;
			data += k;
			size -= k;
			continue;
		}
		/* An exact-size copy: a read past the piece is a sanitizer report. */
		copy = malloc(n);
		FUZZ_ASSERT(copy != NULL);
		memcpy(copy, data, n);
		rc = nvme_tcp_rx_feed(&rx, copy, n, &ops, &r);

		free(copy);
		if (failed) {
			FUZZ_ASSERT(rc == -EPROTO);
		}
		failed = rc != 0;
		data += n;
		size -= n;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error err;
	bool from_ctrlr;
	uint8_t cfg;

	if (size < 1) {
		return 0;
	}
	cfg = data[0];
	data++;
	size--;
	nvme_tcp_pdu_params_init(&p, MAX_RX_DATA);
	p.hdgst = cfg & 1;
	p.ddgst = (cfg >> 1) & 1;
	p.ic_done = (cfg >> 2) & 1;
	from_ctrlr = (cfg >> 3) & 1;
	p.rx_align = 4u << ((cfg >> 4) & 3);	/* 4 to 32 bytes */
	run_rx(data, size, &p, from_ctrlr, 1u + (cfg >> 6) * 21u, (cfg >> 6) & 1);

	while (size >= sizeof(struct spdk_nvme_tcp_common_pdu_hdr)) {
		int rc = nvme_tcp_pdu_parse_ch((const void *)data, from_ctrlr, &p, &l, &err);

		if (rc != 0) {
			FUZZ_ASSERT(rc == -EPROTO && err.fes >= 1 && err.fes <= 6);
			break;
		}
		uint32_t dd = l.ddgst ? NVME_TCP_DIGEST_LEN : 0;

		FUZZ_ASSERT(l.hdr_len >= l.hlen && l.hdr_len <= l.plen);
		FUZZ_ASSERT(l.hdr_len <= NVME_TCP_MAX_HDR_LEN);
		FUZZ_ASSERT(l.data_len <= MAX_RX_DATA);
		if (l.data_len > 0) {
			FUZZ_ASSERT(l.data_off >= l.hdr_len);
			FUZZ_ASSERT((uint64_t)l.data_off + l.data_len + dd == l.plen);
		} else {
			FUZZ_ASSERT(l.plen == l.hdr_len);
		}
		check_reencode(&l, from_ctrlr, &p);
		if (size < l.hdr_len) {
			break;
		}
		rc = nvme_tcp_pdu_check_hdr(data, size, &l, &err);
		if (rc != 0) {
			FUZZ_ASSERT(rc == -EPROTO && err.fes >= 1 && err.fes <= 6);
			break;
		}
		if (size < l.plen) {
			break;
		}
		if (l.ddgst && l.data_len > 0 &&
		    nvme_tcp_pdu_check_ddgst(data + l.data_off, l.data_len,
					     data + l.data_off + l.data_len) != 0) {
			break;
		}
		/* After an IC PDU, the connection is set up. */
		if (l.type == SPDK_NVME_TCP_PDU_TYPE_IC_REQ || l.type == SPDK_NVME_TCP_PDU_TYPE_IC_RESP) {
			p.ic_done = true;
		}
		data += l.plen;
		size -= l.plen;
	}
	return 0;
}
