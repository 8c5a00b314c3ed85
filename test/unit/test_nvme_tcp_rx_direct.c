/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for receiving in place (nvme_tcp_rx_direct_iov/_done): a
 * controller's stream of large C2HData PDUs is taken as a connection does,
 * staging reads fed to the parser and, inside large data, reads straight
 * into the described elements, with the "socket" returning random short
 * pieces.  Data lands byte for byte (single buffers and odd element lists,
 * PDU boundaries inside elements), nothing outside is touched, digests are
 * checked (a corrupted byte is still caught), and the description never
 * reaches past the PDU's data or the element cap; nvme_tcp_rx_pdu_left.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/endian.h"
#include "nvme_tcp_rx.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

#define D_LEN		(300u * 1024u)
#define D_MAX_ELEMS	40u
#define D_GAP		5u
#define D_STAGE		65536u

struct dst {
	struct iovec	iov[D_MAX_ELEMS];
	uint32_t	iovcnt;		/* 0: one buffer, mem */
	uint8_t		mem[D_LEN + D_MAX_ELEMS * D_GAP];
	unsigned int	pdus;
	int		ddgst_rc;
	uint64_t	direct_bytes;	/* taken in place */
	unsigned int	direct_reads;
};

static int
d_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	 struct nvme_tcp_rx_dst *dst)
{
	struct dst *d = ctx;
	const struct spdk_nvme_tcp_c2h_data_hdr *c = (const void *)hdr;
	uint32_t off = from_le32(&c->datao), i = 0;

	CU_ASSERT_EQUAL(l->type, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA);
	if (d->iovcnt == 0) {
		dst->buf = d->mem + off;
		return 0;
	}
	while (off >= d->iov[i].iov_len) {
		off -= (uint32_t)d->iov[i].iov_len;
		i++;
	}
	dst->iov = &d->iov[i];
	dst->iovcnt = d->iovcnt - i;
	dst->skip = off;
	return 0;
}

static int
d_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct dst *d = ctx;

	(void)hdr;
	(void)l;
	d->pdus++;
	d->ddgst_rc |= ddgst_rc;
	return 0;
}

static const struct nvme_tcp_rx_ops g_ops = { d_header, d_done };

static uint8_t g_payload[D_LEN];
static uint8_t g_stream[D_LEN + 4096];
static size_t g_stream_len;
static struct dst g_d;

static void
put(const void *src, size_t n)
{
	CU_ASSERT_FATAL(g_stream_len + n <= sizeof(g_stream));
	memcpy(g_stream + g_stream_len, src, n);
	g_stream_len += n;
}

/* C2HData PDUs of the given data sizes (the last takes the rest) over payload[0..len). */
static void
make_stream(const uint32_t *cuts, uint32_t ncuts, uint32_t len,
	    const struct nvme_tcp_pdu_params *p)
{
	uint32_t at = 0;

	g_stream_len = 0;
	for (uint32_t i = 0; at < len; i++) {
		uint8_t hdr[NVME_TCP_HDR_BUF_LEN], dg[4];
		struct spdk_nvme_tcp_c2h_data_hdr *c = (void *)hdr;
		uint32_t n = i + 1 >= ncuts ? len - at : cuts[i];
		int hl;

		n = n < len - at ? n : len - at;
		hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA, n, false, p);
		CU_ASSERT_FATAL(hl > 0);
		c->cccid = 3;
		to_le32(&c->datao, at);
		to_le32(&c->datal, n);
		nvme_tcp_pdu_seal_hdr(hdr);
		put(hdr, (size_t)hl);
		put(g_payload + at, n);
		if (p->ddgst) {
			to_le32(dg, nvme_tcp_digest(g_payload + at, n));
			put(dg, 4);
		}
		at += n;
	}
}

/* One buffer (n == 0) or elements of the given sizes (the last takes the rest). */
static void
layout(struct dst *d, const uint32_t *sizes, uint32_t n, uint32_t len)
{
	uint8_t *at = d->mem;

	memset(d->mem, 0xee, sizeof(d->mem));
	d->iovcnt = n;
	d->pdus = 0;
	d->ddgst_rc = 0;
	d->direct_bytes = 0;
	d->direct_reads = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t sz = i + 1 == n ? len : sizes[i];

		CU_ASSERT_FATAL(sz <= len && sz > 0);
		d->iov[i].iov_base = at;
		d->iov[i].iov_len = sz;
		at += sz + D_GAP;
		len -= sz;
	}
}

static void
check(const struct dst *d, uint32_t len)
{
	const uint8_t *want = g_payload;

	if (d->iovcnt == 0) {
		CU_ASSERT_EQUAL(memcmp(d->mem, g_payload, len), 0);
		CU_ASSERT_EQUAL(d->mem[len], 0xee);
		return;
	}
	for (uint32_t i = 0; i < d->iovcnt; i++) {
		const uint8_t *b = d->iov[i].iov_base;

		CU_ASSERT_EQUAL(memcmp(b, want, d->iov[i].iov_len), 0);
		want += d->iov[i].iov_len;
		for (uint32_t g = 0; g < D_GAP; g++) {
			CU_ASSERT_EQUAL(b[d->iov[i].iov_len + g], 0xee);
		}
	}
	CU_ASSERT_EQUAL((uint32_t)(want - g_payload), len);
}

/* Inside the destination's memory (elements or the buffer). */
static bool
inside(const struct dst *d, const struct iovec *v)
{
	const uint8_t *b = v->iov_base;

	if (d->iovcnt == 0) {
		return b >= d->mem && b + v->iov_len <= d->mem + D_LEN;
	}
	for (uint32_t i = 0; i < d->iovcnt; i++) {
		const uint8_t *e = d->iov[i].iov_base;

		if (b >= e && b + v->iov_len <= e + d->iov[i].iov_len) {
			return true;
		}
	}
	return false;
}

/*
 * Take the stream as conn_receive does: each "read" returns at most a
 * random piece (seed NULL: everything asked for); in large data it goes
 * to the described elements, else to a staging buffer that is fed.
 */
static int
take(struct dst *d, const struct nvme_tcp_pdu_params *p, unsigned int *seed,
     unsigned int max_iov)
{
	static uint8_t stage[D_STAGE];
	struct nvme_tcp_rx rx;
	size_t at = 0;
	int rc = 0;

	nvme_tcp_rx_init(&rx, p, true);
	while (at < g_stream_len && rc == 0) {
		struct iovec iov[D_MAX_ELEMS];
		unsigned int cnt = nvme_tcp_rx_direct_iov(&rx, iov, max_iov);
		size_t piece = seed == NULL ? SIZE_MAX : 1 + (size_t)rand_r(seed) % 20000;
		size_t n = 0, want = 0;

		if (piece > g_stream_len - at) {
			piece = g_stream_len - at;
		}
		CU_ASSERT_FATAL(cnt <= max_iov);
		if (cnt == 0) {
			n = piece < D_STAGE ? piece : D_STAGE;
			memcpy(stage, g_stream + at, n);
			rc = nvme_tcp_rx_feed(&rx, stage, n, &g_ops, d);
			at += n;
			continue;
		}
		for (unsigned int i = 0; i < cnt; i++) {
			CU_ASSERT(iov[i].iov_len > 0);
			CU_ASSERT(inside(d, &iov[i]));
			want += iov[i].iov_len;
		}
		CU_ASSERT(want >= NVME_TCP_RX_DIRECT_MIN || cnt == max_iov);
		/* a readv: fill the elements in order, as far as the piece goes */
		for (unsigned int i = 0; i < cnt && n < piece; i++) {
			size_t k = iov[i].iov_len < piece - n ? iov[i].iov_len : piece - n;

			memcpy(iov[i].iov_base, g_stream + at + n, k);
			n += k;
		}
		d->direct_bytes += n;
		d->direct_reads++;
		rc = nvme_tcp_rx_direct_done(&rx, n, &g_ops, d);
		at += n;
	}
	/* the whole stream taken, the parser between PDUs */
	CU_ASSERT(rc != 0 || rx.off == 0);
	return rc;
}

static void
params(struct nvme_tcp_pdu_params *p, bool digests)
{
	nvme_tcp_pdu_params_init(p, 256 * 1024);
	p->ic_done = true;
	p->hdgst = p->ddgst = digests;
}

static void
fill_payload(void)
{
	for (uint32_t i = 0; i < D_LEN; i++) {
		g_payload[i] = (uint8_t)(i * 13 + (i >> 9) + 7);
	}
}

/* 128 KiB PDUs into one buffer, whole reads and short ones, digests or not. */
static void
test_single_buffer(void)
{
	static const uint32_t cuts[] = { 131072, 131072, 100, 9000 };
	struct nvme_tcp_pdu_params p;
	unsigned int seed = 7;

	fill_payload();
	for (int digests = 0; digests < 2; digests++) {
		for (int pieces = 0; pieces < 2; pieces++) {
			params(&p, digests);
			make_stream(cuts, 5, D_LEN, &p);
			layout(&g_d, NULL, 0, D_LEN);
			CU_ASSERT_EQUAL(take(&g_d, &p, pieces ? &seed : NULL,
					     NVME_TCP_RX_DIRECT_IOV), 0);
			check(&g_d, D_LEN);
			CU_ASSERT_EQUAL(g_d.pdus, 5);
			CU_ASSERT_EQUAL(g_d.ddgst_rc, 0);
			/* much of the data came in place (a 64 KiB staged read starts each PDU) */
			CU_ASSERT(g_d.direct_bytes > D_LEN / 3);
			CU_ASSERT(pieces == 0 || g_d.direct_reads > 10);
		}
	}
}

/* Odd element sizes, PDU boundaries inside elements, the element cap. */
static void
test_elements(void)
{
	static const uint32_t sizes[] = { 1, 4095, 70001, 3, 8192, 12345, 2, 65536, 30000, 1 };
	static const uint32_t cuts[] = { 100000, 50001, 8191, 131072, 2 };
	struct nvme_tcp_pdu_params p;
	unsigned int seed = 11;

	for (int digests = 0; digests < 2; digests++) {
		for (unsigned int max = 1; max <= NVME_TCP_RX_DIRECT_IOV; max += 3) {
			params(&p, digests);
			make_stream(cuts, 6, D_LEN, &p);
			layout(&g_d, sizes, 11, D_LEN);
			CU_ASSERT_EQUAL(take(&g_d, &p, max & 2 ? &seed : NULL, max), 0);
			check(&g_d, D_LEN);
			CU_ASSERT_EQUAL(g_d.pdus, 6);
			CU_ASSERT_EQUAL(g_d.ddgst_rc, 0);
			CU_ASSERT(g_d.direct_bytes > D_LEN / 2);
		}
	}
}

/* Random element lists, PDU cuts and read pieces. */
static void
test_random(void)
{
	struct nvme_tcp_pdu_params p;
	unsigned int seed = 2026;

	for (int round = 0; round < 60; round++) {
		uint32_t sizes[D_MAX_ELEMS], cuts[8];
		uint32_t n = (uint32_t)rand_r(&seed) % D_MAX_ELEMS;	/* 0: one buffer */
		uint32_t len = 1 + n + (uint32_t)rand_r(&seed) % (D_LEN - n - 1), left = len;

		for (uint32_t i = 0; i + 1 < n; i++) {
			uint32_t room = left - (n - 1 - i);

			sizes[i] = 1 + (rand_r(&seed) & 1 ? (uint32_t)rand_r(&seed) % 9 :
					(uint32_t)rand_r(&seed) % 40000);
			sizes[i] = sizes[i] < room ? sizes[i] : room;
			left -= sizes[i];
		}
		for (uint32_t i = 0; i < 8; i++) {
			cuts[i] = 1 + (uint32_t)rand_r(&seed) % 140000;
		}
		params(&p, round & 1);
		make_stream(cuts, 8, len, &p);
		layout(&g_d, sizes, n, len);
		CU_ASSERT_EQUAL(take(&g_d, &p, &seed, 1 + (unsigned int)round % 16), 0);
		check(&g_d, len);
		CU_ASSERT_EQUAL(g_d.ddgst_rc, 0);
	}
}

/* A byte corrupted in data taken in place fails that PDU's digest, only it. */
static void
test_digest_corrupt(void)
{
	static const uint32_t cuts[] = { 131072, 131072 };
	static const uint32_t sizes[] = { 5000, 3, 90000 };
	struct nvme_tcp_pdu_params p;

	params(&p, true);
	for (int elems = 0; elems < 2; elems++) {
		make_stream(cuts, 3, D_LEN, &p);
		g_stream[100000] ^= 0x10;	/* a data byte of the first PDU */
		layout(&g_d, sizes, elems ? 4 : 0, D_LEN);
		CU_ASSERT_EQUAL(take(&g_d, &p, NULL, NVME_TCP_RX_DIRECT_IOV), 0);
		CU_ASSERT_EQUAL(g_d.pdus, 3);
		CU_ASSERT_EQUAL(g_d.ddgst_rc, -EPROTO);
		CU_ASSERT(g_d.direct_bytes > 0);
	}
}

/* When not to go direct, how far the description reaches, misuse. */
static void
test_limits(void)
{
	static const uint32_t cuts[] = { 20000, 20000 };
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_rx rx;
	struct iovec iov[NVME_TCP_RX_DIRECT_IOV];
	uint32_t hl;

	params(&p, false);
	make_stream(cuts, 2, 40000, &p);
	layout(&g_d, NULL, 0, 40000);
	hl = 24;	/* C2HData header, no digests, data right after */
	nvme_tcp_rx_init(&rx, &p, true);
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_iov(&rx, iov, NVME_TCP_RX_DIRECT_IOV), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_pdu_left(&rx), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_stream, 10, &g_ops, &g_d), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_iov(&rx, iov, NVME_TCP_RX_DIRECT_IOV), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_pdu_left(&rx), hl + 20000 - 10);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_stream + 10, hl - 10 + 5, &g_ops, &g_d), 0);
	/* in the data: the rest of this PDU's data, not a byte more */
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_iov(&rx, iov, NVME_TCP_RX_DIRECT_IOV), 1);
	CU_ASSERT_EQUAL(iov[0].iov_base, g_d.mem + 5);
	CU_ASSERT_EQUAL(iov[0].iov_len, 20000 - 5);
	CU_ASSERT_EQUAL(nvme_tcp_rx_pdu_left(&rx), 20000 - 5);
	/* too much reported: the stream fails for good */
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_done(&rx, 20000 - 4, &g_ops, &g_d), -EPROTO);
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_iov(&rx, iov, NVME_TCP_RX_DIRECT_IOV), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_stream, 1, &g_ops, &g_d), -EPROTO);

	/* less than NVME_TCP_RX_DIRECT_MIN left: staged */
	nvme_tcp_rx_init(&rx, &p, true);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_stream, hl + 20000 - NVME_TCP_RX_DIRECT_MIN,
					 &g_ops, &g_d), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_iov(&rx, iov, NVME_TCP_RX_DIRECT_IOV), 1);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_stream + hl + 20000 - NVME_TCP_RX_DIRECT_MIN, 1,
					 &g_ops, &g_d), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_iov(&rx, iov, NVME_TCP_RX_DIRECT_IOV), 0);
	/* zero bytes in place change nothing */
	CU_ASSERT_EQUAL(nvme_tcp_rx_direct_done(&rx, 0, &g_ops, &g_d), 0);
	CU_ASSERT_EQUAL(nvme_tcp_rx_feed(&rx, g_stream + hl + 20000 - NVME_TCP_RX_DIRECT_MIN + 1,
					 g_stream_len - (hl + 20000 - NVME_TCP_RX_DIRECT_MIN + 1),
					 &g_ops, &g_d), 0);
	CU_ASSERT_EQUAL(g_d.pdus, 2);
	check(&g_d, 40000);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "single_buffer", test_single_buffer },
		{ "elements", test_elements },
		{ "random", test_random },
		{ "digest_corrupt", test_digest_corrupt },
		{ "limits", test_limits },
	};

	return cu_main("nvme_tcp_rx_direct", tests, sizeof(tests) / sizeof(tests[0]));
}
