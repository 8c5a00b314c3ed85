/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_rx.c: a controller's byte stream
 * (ICResp, CapsuleResp, C2HData with and without digests and padding, R2T,
 * TermReq) fed whole, a byte at a time and in random pieces gives the same
 * PDUs and data; digest errors, refused headers and missing buffers fail
 * the stream for good.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/crc32.h"
#include "spdk/endian.h"
#include "nvme_tcp_rx.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

#define MAX_PDUS	16

struct sink {
	struct nvme_tcp_pdu_params	*p;
	struct nvme_tcp_ic_want		want;
	uint8_t				types[MAX_PDUS];
	int				ddgst_rc[MAX_PDUS];
	unsigned int			n;
	uint8_t				data[2][8192];	/* per C2HData, by CCCID */
	uint8_t				term[128];
	uint32_t			term_len;
	int				refuse_rc;	/* header callback's answer */
	bool				no_dst;
};

static int
sink_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	    struct nvme_tcp_rx_dst *dst)
{
	struct sink *s = ctx;

	if (s->refuse_rc != 0 && l->type == SPDK_NVME_TCP_PDU_TYPE_C2H_DATA) {
		return s->refuse_rc;
	}
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_C2H_DATA && !s->no_dst) {
		const struct spdk_nvme_tcp_c2h_data_hdr *d = (const void *)hdr;

		dst->buf = s->data[d->cccid & 1] + from_le32(&d->datao);
	}
	return 0;
}

static int
sink_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct sink *s = ctx;
	uint32_t maxh2c;

	CU_ASSERT_FATAL(s->n < MAX_PDUS);
	s->types[s->n] = l->type;
	s->ddgst_rc[s->n++] = ddgst_rc;
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_IC_RESP) {
		return nvme_tcp_icresp_apply((const void *)hdr, &s->want, s->p, &maxh2c);
	}
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ) {
		memcpy(s->term, hdr + l->hlen, l->data_len);
		s->term_len = l->data_len;
	}
	return 0;
}

static const struct nvme_tcp_rx_ops g_ops = { sink_header, sink_done };

struct stream {
	uint8_t		b[32768];
	size_t		len;
};

static void
put(struct stream *st, const void *src, size_t n)
{
	CU_ASSERT_FATAL(st->len + n <= sizeof(st->b));
	memcpy(st->b + st->len, src, n);
	st->len += n;
}

/* One PDU as the controller sends it, header from the encoder. */
static void
put_pdu(struct stream *st, uint8_t *hdr, int hl, const uint8_t *data, uint32_t dlen,
	const struct nvme_tcp_pdu_params *p)
{
	uint8_t dg[4];

	nvme_tcp_pdu_seal_hdr(hdr);
	put(st, hdr, (size_t)hl);
	if (dlen > 0) {
		put(st, data, dlen);
		if (p->ddgst) {
			to_le32(dg, nvme_tcp_digest(data, dlen));
			put(st, dg, 4);
		}
	}
}

static void
put_c2h(struct stream *st, uint16_t cid, uint32_t datao, const uint8_t *data, uint32_t len,
	const struct nvme_tcp_pdu_params *p)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_c2h_data_hdr *d = (void *)hdr;
	int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA, len, false, p);

	CU_ASSERT_FATAL(hl > 0);
	d->cccid = cid;
	to_le32(&d->datao, datao);
	to_le32(&d->datal, len);
	put_pdu(st, hdr, hl, data + datao, len, p);
}

/* ICResp granting both digests with CPDA 0, host HPDA 3 (16-byte PDO alignment). */
static void
build_stream(struct stream *st, const uint8_t *payload)
{
	struct nvme_tcp_pdu_params tx;
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_ic_resp *ic = (void *)hdr;
	struct spdk_nvme_tcp_r2t_hdr *r2t = (void *)hdr;
	int hl;

	st->len = 0;
	nvme_tcp_pdu_params_init(&tx, 0);
	hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_IC_RESP, 0, false, &tx);
	ic->dgst.bits.hdgst_enable = 1;
	ic->dgst.bits.ddgst_enable = 1;
	to_le32(&ic->maxh2cdata, 8192);
	put_pdu(st, hdr, hl, NULL, 0, &tx);
	/* From here the controller uses the negotiated digests and the host's alignment. */
	tx.hdgst = tx.ddgst = true;
	tx.ic_done = true;
	tx.tx_align = 16;
	hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP, 0, false, &tx);
	put_pdu(st, hdr, hl, NULL, 0, &tx);
	put_c2h(st, 0, 0, payload, 4096, &tx);
	put_c2h(st, 1, 0, payload + 8192, 100, &tx);
	put_c2h(st, 0, 4096, payload, 4096, &tx);
	hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_R2T, 0, false, &tx);
	to_le32(&r2t->r2tl, 4096);
	put_pdu(st, hdr, hl, NULL, 0, &tx);
	hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ, 5, false, &tx);
	nvme_tcp_pdu_seal_hdr(hdr);
	put(st, hdr, (size_t)hl);
	put(st, "oops!", 5);
}

static void
sink_init(struct sink *s, struct nvme_tcp_pdu_params *p, struct nvme_tcp_rx *rx)
{
	memset(s, 0, sizeof(*s));
	nvme_tcp_pdu_params_init(p, 8192);
	s->p = p;
	s->want.hdgst = s->want.ddgst = true;
	s->want.hpda = 3;
	nvme_tcp_rx_init(rx, p, true);
}

static void
check_sink(const struct sink *s, const uint8_t *payload)
{
	static const uint8_t want[] = {
		SPDK_NVME_TCP_PDU_TYPE_IC_RESP, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP,
		SPDK_NVME_TCP_PDU_TYPE_C2H_DATA, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA,
		SPDK_NVME_TCP_PDU_TYPE_C2H_DATA, SPDK_NVME_TCP_PDU_TYPE_R2T,
		SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ,
	};

	CU_ASSERT_EQUAL_FATAL(s->n, sizeof(want));
	CU_ASSERT_EQUAL(memcmp(s->types, want, sizeof(want)), 0);
	for (unsigned int i = 0; i < s->n; i++) {
		CU_ASSERT_EQUAL(s->ddgst_rc[i], 0);
	}
	CU_ASSERT_EQUAL(memcmp(s->data[0], payload, 8192), 0);
	CU_ASSERT_EQUAL(memcmp(s->data[1], payload + 8192, 100), 0);
	CU_ASSERT_EQUAL(s->term_len, 5);
	CU_ASSERT_EQUAL(memcmp(s->term, "oops!", 5), 0);
	CU_ASSERT(s->p->hdgst && s->p->ddgst && s->p->ic_done);
}

static uint8_t g_payload[8192 + 100];
static struct stream g_st;

static void
test_whole_and_bytewise(void)
{
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_rx rx;
	struct sink s;

	for (size_t i = 0; i < sizeof(g_payload); i++) {
		g_payload[i] = (uint8_t)(i * 7 + 3);
	}
	build_stream(&g_st, g_payload);
	sink_init(&s, &p, &rx);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, g_st.len, &g_ops, &s), 0);
	check_sink(&s, g_payload);
	CU_ASSERT_EQUAL(rx.off, 0);

	sink_init(&s, &p, &rx);
	for (size_t i = 0; i < g_st.len; i++) {
		CU_ASSERT_EQUAL_FATAL(nvme_tcp_rx_feed(&rx, g_st.b + i, 1, &g_ops, &s), 0);
	}
	check_sink(&s, g_payload);
}

static void
test_random_pieces(void)
{
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_rx rx;
	struct sink s;
	unsigned int seed = 7;

	build_stream(&g_st, g_payload);
	for (int round = 0; round < 200; round++) {
		size_t at = 0;

		sink_init(&s, &p, &rx);
		while (at < g_st.len) {
			size_t n = 1 + (size_t)rand_r(&seed) % 300;

			if (n > g_st.len - at) {
				n = g_st.len - at;
			}
			CU_ASSERT_EQUAL_FATAL(nvme_tcp_rx_feed(&rx, g_st.b + at, n, &g_ops, &s), 0);
			at += n;
		}
		check_sink(&s, g_payload);
	}
}

/* Offset of the n-th PDU (0-based) in the stream. */
static size_t
pdu_at(const struct stream *st, unsigned int n)
{
	size_t at = 0;

	while (n-- > 0) {
		at += from_le32(st->b + at + 4);
	}
	return at;
}

static void
test_errors(void)
{
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_rx rx;
	struct sink s;
	size_t at;

	/* A data digest mismatch is reported to the PDU's owner; the stream goes on. */
	build_stream(&g_st, g_payload);
	at = pdu_at(&g_st, 2);
	g_st.b[at + 32 + 10] ^= 0xff;	/* data of the first C2HData (PDO 32) */
	sink_init(&s, &p, &rx);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, g_st.len, &g_ops, &s), 0);
	CU_ASSERT_EQUAL(s.n, 7);
	CU_ASSERT_EQUAL(s.ddgst_rc[2], -EPROTO);
	CU_ASSERT_EQUAL(s.ddgst_rc[3], 0);

	/* A header digest mismatch ends the stream for good. */
	build_stream(&g_st, g_payload);
	at = pdu_at(&g_st, 1);
	g_st.b[at + 10] ^= 1;
	sink_init(&s, &p, &rx);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, g_st.len, &g_ops, &s), -EPROTO);
	CU_ASSERT_EQUAL(rx.err.fes, SPDK_NVME_TCP_TERM_REQ_FES_HDGST_ERROR);
	CU_ASSERT_EQUAL(s.n, 1);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, 8, &g_ops, &s), -EPROTO);

	/* A bad PLEN in the second PDU: nothing past it is taken. */
	build_stream(&g_st, g_payload);
	at = pdu_at(&g_st, 1);
	to_le32(g_st.b + at + 4, 1000);
	sink_init(&s, &p, &rx);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, g_st.len, &g_ops, &s), -EPROTO);
	CU_ASSERT_EQUAL(rx.err.fei, 4);
	CU_ASSERT_EQUAL(s.n, 1);

	/* The owner refuses a header (a CID it never sent), or has no buffer. */
	build_stream(&g_st, g_payload);
	sink_init(&s, &p, &rx);
	s.refuse_rc = -ENOENT;
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, g_st.len, &g_ops, &s), -ENOENT);
	CU_ASSERT_EQUAL(s.n, 2);	/* ICResp and CapsuleResp */
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, 1, &g_ops, &s), -EPROTO);
	sink_init(&s, &p, &rx);
	s.no_dst = true;
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b, g_st.len, &g_ops, &s), -EPROTO);
	CU_ASSERT_EQUAL(s.n, 2);

	/* A CapsuleResp before the ICResp is a sequence error. */
	sink_init(&s, &p, &rx);
	at = pdu_at(&g_st, 1);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_st.b + at, g_st.len - at, &g_ops, &s), -EPROTO);
	CU_ASSERT_EQUAL(rx.err.fes, SPDK_NVME_TCP_TERM_REQ_FES_PDU_SEQUENCE_ERROR);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "whole_and_bytewise", test_whole_and_bytewise },
		{ "random_pieces", test_random_pieces },
		{ "errors", test_errors },
	};

	return cu_main("nvme_tcp_rx", tests, sizeof(tests) / sizeof(tests[0]));
}
