/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_rx.c: a controller's byte stream
 * (ICResp, CapsuleResp, C2HData with and without digests and padding, R2T,
 * TermReq) fed whole, a byte at a time and in random pieces gives the same
 * PDUs and data; digest errors, refused headers and missing buffers fail
 * the stream for good.  C2HData into element lists (odd element sizes, PDU
 * and element boundaries apart, random layouts and PDU cuts, with and
 * without data digests) lands byte for byte, nothing outside the elements
 * is touched, and a list too short for a PDU fails the stream.
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
#define SC_MAX_ELEMS	16
#define SC_LEN		20000u
#define SC_GAP		7u	/* guard bytes between elements */

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

/* ---- scattered destinations ------------------------------------------- */

struct scatter {
	struct iovec	iov[SC_MAX_ELEMS];
	uint32_t	iovcnt;
	uint8_t		mem[SC_LEN + SC_MAX_ELEMS * SC_GAP];
	unsigned int	pdus;
	int		ddgst_rc;
	bool		short_list;	/* announce one element too few */
};

static int
sc_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	  struct nvme_tcp_rx_dst *dst)
{
	struct scatter *sc = ctx;
	const struct spdk_nvme_tcp_c2h_data_hdr *d = (const void *)hdr;
	uint32_t off = from_le32(&d->datao), i = 0;

	CU_ASSERT_EQUAL(l->type, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA);
	/* the element holding byte off, found the plain way */
	while (off >= sc->iov[i].iov_len) {
		off -= (uint32_t)sc->iov[i].iov_len;
		i++;
	}
	dst->iov = &sc->iov[i];
	dst->iovcnt = sc->iovcnt - i - (sc->short_list ? 1 : 0);
	dst->skip = off;
	return 0;
}

static int
sc_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct scatter *sc = ctx;

	(void)hdr;
	(void)l;
	sc->pdus++;
	sc->ddgst_rc |= ddgst_rc;
	return 0;
}

static const struct nvme_tcp_rx_ops g_sc_ops = { sc_header, sc_done };

/* Elements of the given sizes (the last one takes the rest of len), gaps between. */
static void
sc_layout(struct scatter *sc, const uint32_t *sizes, uint32_t n, uint32_t len)
{
	uint8_t *at = sc->mem;

	memset(sc->mem, 0xee, sizeof(sc->mem));
	sc->iovcnt = n;
	sc->pdus = 0;
	sc->ddgst_rc = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t sz = i + 1 == n ? len : sizes[i];

		CU_ASSERT_FATAL(sz <= len && sz > 0);
		sc->iov[i].iov_base = at;
		sc->iov[i].iov_len = sz;
		at += sz + SC_GAP;
		len -= sz;
	}
}

/* The elements hold want[0..len) in order, and every gap is untouched. */
static void
sc_check(const struct scatter *sc, const uint8_t *want, uint32_t len)
{
	const uint8_t *end = sc->mem;

	for (uint32_t i = 0; i < sc->iovcnt; i++) {
		const uint8_t *b = sc->iov[i].iov_base;

		CU_ASSERT_EQUAL(memcmp(b, want, sc->iov[i].iov_len), 0);
		want += sc->iov[i].iov_len;
		len -= (uint32_t)sc->iov[i].iov_len;
		for (uint32_t g = 0; g < SC_GAP; g++) {
			CU_ASSERT_EQUAL(b[sc->iov[i].iov_len + g], 0xee);
		}
		end = b + sc->iov[i].iov_len;
	}
	CU_ASSERT_EQUAL(len, 0);
	CU_ASSERT(end <= sc->mem + sizeof(sc->mem));
}

static uint8_t g_sc_payload[SC_LEN];
static struct scatter g_sc;

/* C2HData PDUs of the given sizes (the last takes the rest) cover the payload. */
static void
sc_stream(struct stream *st, const uint32_t *cuts, uint32_t ncuts, uint32_t len,
	  const struct nvme_tcp_pdu_params *p)
{
	uint32_t at = 0;

	st->len = 0;
	for (uint32_t i = 0; at < len; i++) {
		uint32_t n = i + 1 >= ncuts ? len - at : cuts[i];

		n = n < len - at ? n : len - at;
		put_c2h(st, 0, at, g_sc_payload, n, p);
		at += n;
	}
}

static void
sc_feed(struct scatter *sc, const struct stream *st, const struct nvme_tcp_pdu_params *p,
	unsigned int *seed, int want_rc)
{
	struct nvme_tcp_rx rx;
	size_t at = 0;
	int rc = 0;

	nvme_tcp_rx_init(&rx, p, true);
	while (at < st->len && rc == 0) {
		size_t n = seed == NULL ? st->len : 1 + (size_t)rand_r(seed) % 5000;

		n = n < st->len - at ? n : st->len - at;
		rc = nvme_tcp_rx_feed(&rx, st->b + at, n, &g_sc_ops, sc);
		at += n;
	}
	CU_ASSERT_EQUAL(rc, want_rc);
}

static void
sc_params(struct nvme_tcp_pdu_params *p, bool digests)
{
	nvme_tcp_pdu_params_init(p, 65536);
	p->ic_done = true;
	p->hdgst = p->ddgst = digests;
}

static struct stream g_sc_st;

static void
test_scattered_dst(void)
{
	/* 1 byte, 511, 4097, 3, 4096...: no element boundary on a PDU boundary */
	static const uint32_t sizes[] = { 1, 511, 4097, 3, 4096, 2, 1000 };
	static const uint32_t cuts[] = { 512, 4096, 1, 4095, 3000, 7 };
	struct nvme_tcp_pdu_params p;

	for (uint32_t i = 0; i < SC_LEN; i++) {
		g_sc_payload[i] = (uint8_t)(i * 31 + (i >> 7) + 1);
	}
	for (int digests = 0; digests < 2; digests++) {
		sc_params(&p, digests);
		sc_layout(&g_sc, sizes, 8, SC_LEN);
		sc_stream(&g_sc_st, cuts, 7, SC_LEN, &p);
		sc_feed(&g_sc, &g_sc_st, &p, NULL, 0);
		sc_check(&g_sc, g_sc_payload, SC_LEN);
		CU_ASSERT_EQUAL(g_sc.pdus, 7);
		CU_ASSERT_EQUAL(g_sc.ddgst_rc, 0);
	}
	/* one PDU into one element, several PDUs into one element */
	sc_params(&p, true);
	sc_layout(&g_sc, sizes, 1, SC_LEN);
	sc_stream(&g_sc_st, cuts, 7, SC_LEN, &p);
	sc_feed(&g_sc, &g_sc_st, &p, NULL, 0);
	sc_check(&g_sc, g_sc_payload, SC_LEN);
}

static void
test_scattered_random(void)
{
	struct nvme_tcp_pdu_params p;
	unsigned int seed = 2026;

	for (int round = 0; round < 300; round++) {
		uint32_t sizes[SC_MAX_ELEMS], cuts[12], n = 1 + (uint32_t)rand_r(&seed) % SC_MAX_ELEMS;
		uint32_t len = n + (uint32_t)rand_r(&seed) % (SC_LEN - n), left = len;

		for (uint32_t i = 0; i + 1 < n; i++) {
			/* room for one byte in each element still to come */
			uint32_t room = left - (n - 1 - i);

			sizes[i] = 1 + (rand_r(&seed) & 1 ? (uint32_t)rand_r(&seed) % 8 :
					(uint32_t)rand_r(&seed) % 5000);
			sizes[i] = sizes[i] < room ? sizes[i] : room;
			left -= sizes[i];
		}
		for (uint32_t i = 0; i < 12; i++) {
			cuts[i] = 1 + (uint32_t)rand_r(&seed) % 6000;
		}
		sc_params(&p, round & 1);
		sc_layout(&g_sc, sizes, n, len);
		sc_stream(&g_sc_st, cuts, 12, len, &p);
		sc_feed(&g_sc, &g_sc_st, &p, &seed, 0);
		sc_check(&g_sc, g_sc_payload, len);
		CU_ASSERT_EQUAL(g_sc.ddgst_rc, 0);
	}
}

/* A list too short for the PDU's data, or a corrupted byte under a digest. */
static void
test_scattered_errors(void)
{
	static const uint32_t sizes[] = { 100, 200 };
	static const uint32_t cuts[] = { 1000 };
	struct nvme_tcp_pdu_params p;

	sc_params(&p, true);
	sc_layout(&g_sc, sizes, 3, 1000);
	g_sc.short_list = true;
	sc_stream(&g_sc_st, cuts, 1, 1000, &p);
	sc_feed(&g_sc, &g_sc_st, &p, NULL, -EPROTO);
	CU_ASSERT_EQUAL(g_sc.pdus, 0);
	g_sc.short_list = false;

	sc_layout(&g_sc, sizes, 3, 1000);
	g_sc_st.b[g_sc_st.len - 10] ^= 1;	/* a data byte */
	sc_feed(&g_sc, &g_sc_st, &p, NULL, 0);
	CU_ASSERT_EQUAL(g_sc.pdus, 1);
	CU_ASSERT_EQUAL(g_sc.ddgst_rc, -EPROTO);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "whole_and_bytewise", test_whole_and_bytewise },
		{ "random_pieces", test_random_pieces },
		{ "errors", test_errors },
		{ "scattered_dst", test_scattered_dst },
		{ "scattered_random", test_scattered_random },
		{ "scattered_errors", test_scattered_errors },
	};

	return cu_main("nvme_tcp_rx", tests, sizeof(tests) / sizeof(tests[0]));
}
