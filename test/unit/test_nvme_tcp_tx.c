/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_tx.c over a socketpair with a small
 * send buffer: queued PDUs (CapsuleCmd with in-capsule data, a large
 * H2CData, a CapsuleCmd without data, a TermReq) arrive whole and in order
 * at a target-side receive parser with digests right, though the socket
 * takes them in many partial writes; each sent callback runs once, in
 * order; a PDU whose lengths disagree is refused; a closed peer is -EPIPE.
 * Scattered data: PDUs whose data is a range of an element list (odd
 * element sizes, ranges starting and ending inside elements, more pieces
 * than one sendmsg takes) arrive byte exact with right digests through
 * partial writes that stop inside elements.
 */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spdk/endian.h"
#include "nvme_tcp_rx.h"
#include "nvme_tcp_tx.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

#define BIG	(256u * 1024)

static uint8_t g_big[BIG], g_got[BIG], g_cmd_data[512], g_got_cmd[512];

struct rx_log {
	uint8_t		types[8];
	int		ddgst_rc[8];
	unsigned int	n;
	char		term[8];
};

static int
t_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	    struct nvme_tcp_rx_dst *dst)
{
	(void)ctx;
	(void)hdr;
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_H2C_DATA) {
		dst->buf = g_got;
	} else if (l->data_len > 0) {
		dst->buf = g_got_cmd;
	}
	return 0;
}

static int
t_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct rx_log *r = ctx;

	CU_ASSERT_FATAL(r->n < 8);
	r->types[r->n] = l->type;
	r->ddgst_rc[r->n++] = ddgst_rc;
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ) {
		memcpy(r->term, hdr + l->hlen, l->data_len < 8 ? l->data_len : 8);
	}
	return 0;
}

static unsigned int g_sent[4], g_sent_order;

static void
sent_cb(struct nvme_tcp_tx_pdu *pdu, void *arg)
{
	(void)pdu;
	g_sent[(uintptr_t)arg] = ++g_sent_order;
}

static struct nvme_tcp_tx_pdu g_pdu[4];

static void
queue_all(struct nvme_tcp_tx *tx, const struct nvme_tcp_pdu_params *p)
{
	struct spdk_nvme_tcp_h2c_data_hdr *h2c = (void *)g_pdu[1].hdr;

	for (uintptr_t i = 0; i < 4; i++) {
		g_pdu[i].sent_cb = sent_cb;
		g_pdu[i].cb_arg = (void *)i;
	}
	CU_ASSERT(nvme_tcp_pdu_encode_ch(g_pdu[0].hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 512, true,
					 p) > 0);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(tx, &g_pdu[0], g_cmd_data, 512), 0);
	CU_ASSERT(nvme_tcp_pdu_encode_ch(g_pdu[1].hdr, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA, BIG, true, p) > 0);
	to_le32(&h2c->datal, BIG);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(tx, &g_pdu[1], g_big, BIG), 0);
	CU_ASSERT(nvme_tcp_pdu_encode_ch(g_pdu[2].hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 0, true, p) > 0);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(tx, &g_pdu[2], NULL, 0), 0);
	CU_ASSERT(nvme_tcp_pdu_encode_ch(g_pdu[3].hdr, SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ, 5, true,
					 p) > 0);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(tx, &g_pdu[3], "bye!!", 5), 0);
	CU_ASSERT_EQUAL(tx->queued, 4);
}

static void
test_partial_writes(void)
{
	static const struct nvme_tcp_rx_ops ops = { t_header, t_done };
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_tx tx;
	struct nvme_tcp_rx rx;
	struct rx_log log;
	int sv[2], small = 4096;
	unsigned int flushes = 0;
	uint8_t buf[8192];

	for (size_t i = 0; i < BIG; i++) {
		g_big[i] = (uint8_t)(i ^ (i >> 9));
	}
	memset(g_cmd_data, 0x5a, sizeof(g_cmd_data));
	memset(&log, 0, sizeof(log));
	memset(g_sent, 0, sizeof(g_sent));
	g_sent_order = 0;
	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);

	nvme_tcp_pdu_params_init(&p, BIG);
	p.ic_done = p.hdgst = p.ddgst = true;
	p.tx_align = p.rx_align = 8;
	nvme_tcp_rx_init(&rx, &p, false);
	nvme_tcp_tx_init(&tx);
	queue_all(&tx, &p);
	while (tx.queued > 0 || log.n < 4) {
		ssize_t n;

		CU_ASSERT_FATAL(nvme_tcp_tx_flush(&tx, sv[0]) == 0);
		flushes++;
		while ((n = read(sv[1], buf, sizeof(buf))) > 0) {
			CU_ASSERT_FATAL(nvme_tcp_rx_feed(&rx, buf, (size_t)n, &ops, &log) == 0);
		}
		CU_ASSERT_FATAL(flushes < 100000);
	}
	CU_ASSERT(flushes > 4);		/* it took partial writes */
	CU_ASSERT_EQUAL(log.types[0], SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD);
	CU_ASSERT_EQUAL(log.types[1], SPDK_NVME_TCP_PDU_TYPE_H2C_DATA);
	CU_ASSERT_EQUAL(log.types[2], SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD);
	CU_ASSERT_EQUAL(log.types[3], SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(log.ddgst_rc[i], 0);
		CU_ASSERT_EQUAL(g_sent[i], (unsigned int)i + 1);
	}
	CU_ASSERT_EQUAL(memcmp(g_got, g_big, BIG), 0);
	CU_ASSERT_EQUAL(memcmp(g_got_cmd, g_cmd_data, 512), 0);
	CU_ASSERT_EQUAL(memcmp(log.term, "bye!!", 5), 0);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT(!g_pdu[i].queued);
	}
	/* Nothing queued: a flush is a no-op. */
	CU_ASSERT_EQUAL(nvme_tcp_tx_flush(&tx, sv[0]), 0);

	/* The peer goes away. */
	close(sv[1]);
	queue_all(&tx, &p);
	CU_ASSERT_EQUAL(nvme_tcp_tx_flush(&tx, sv[0]), -EPIPE);
	nvme_tcp_tx_drop(&tx);
	close(sv[0]);
}

static void
test_refusals(void)
{
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_tx tx;

	nvme_tcp_pdu_params_init(&p, BIG);
	p.ic_done = true;
	nvme_tcp_tx_init(&tx);
	nvme_tcp_pdu_encode_ch(g_pdu[0].hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 512, true, &p);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(&tx, &g_pdu[0], g_cmd_data, 511), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(&tx, &g_pdu[0], NULL, 512), -EINVAL);
	CU_ASSERT_EQUAL(tx.queued, 0);
	CU_ASSERT(TAILQ_EMPTY(&tx.queue));
	/* Queued twice is refused; dropped PDUs may be queued again. */
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(&tx, &g_pdu[0], g_cmd_data, 512), 0);
	CU_ASSERT(g_pdu[0].queued);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(&tx, &g_pdu[0], g_cmd_data, 512), -EBUSY);
	CU_ASSERT_EQUAL(tx.queued, 1);
	nvme_tcp_tx_drop(&tx);
	CU_ASSERT(!g_pdu[0].queued);
	CU_ASSERT_EQUAL(tx.queued, 0);
	CU_ASSERT(TAILQ_EMPTY(&tx.queue));
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue(&tx, &g_pdu[0], g_cmd_data, 512), 0);
	nvme_tcp_tx_drop(&tx);
}

/* ---- scattered data ----------------------------------------------------- */

#define SC_PDUS		9
#define SC_ELEMS	16

static uint8_t g_sc_src[BIG], g_sc_got[BIG];
static struct iovec g_sc_iov[SC_PDUS][SC_ELEMS];
static struct nvme_tcp_tx_pdu g_sc_pdu[SC_PDUS];

struct sc_log {
	unsigned int	pdus;
	int		ddgst_rc;
};

/* Every H2CData lands at its DATAO in g_sc_got. */
static int
sc_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	  struct nvme_tcp_rx_dst *dst)
{
	const struct spdk_nvme_tcp_h2c_data_hdr *h = (const void *)hdr;

	(void)ctx;
	CU_ASSERT_EQUAL(l->type, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA);
	dst->buf = g_sc_got + from_le32(&h->datao);
	return 0;
}

static int
sc_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct sc_log *log = ctx;

	(void)hdr;
	(void)l;
	log->pdus++;
	log->ddgst_rc |= ddgst_rc;
	return 0;
}

/*
 * Queue PDU k carrying bytes [at, at + len) of g_sc_src from a list of n
 * elements over [start, start + total) (random sizes) with skip bytes
 * before the range in the first element.
 */
static void
sc_queue(struct nvme_tcp_tx *tx, const struct nvme_tcp_pdu_params *p, unsigned int k,
	 uint32_t at, uint32_t len, uint32_t n, unsigned int *seed)
{
	struct spdk_nvme_tcp_h2c_data_hdr *h = (void *)g_sc_pdu[k].hdr;
	uint32_t skip = at > 0 ? 1 + (uint32_t)rand_r(seed) % (at < 600 ? at : 600) : 0;
	uint32_t start = at - skip, total = skip + len, left = total;

	if (n > len) {
		n = len;	/* so the first element can hold skip + 1 bytes */
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t sz = i + 1 == n ? left : 1 + (uint32_t)rand_r(seed) % (2 * total / n);

		/* the first element holds more than skip: the range starts inside it */
		if (i == 0 && sz <= skip) {
			sz = skip + 1;
		}
		sz = sz < left - (n - 1 - i) ? sz : left - (n - 1 - i);
		g_sc_iov[k][i].iov_base = g_sc_src + start;
		g_sc_iov[k][i].iov_len = sz;
		start += sz;
		left -= sz;
	}
	/* the last element runs past the range: the PDU ends inside it */
	g_sc_iov[k][n - 1].iov_len += at + len < BIG ? 1 : 0;
	CU_ASSERT_FATAL(nvme_tcp_pdu_encode_ch(h, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA, len, true, p) > 0);
	to_le32(&h->datao, at);
	to_le32(&h->datal, len);
	g_sc_pdu[k].sent_cb = NULL;
	CU_ASSERT_EQUAL_FATAL(nvme_tcp_tx_queue_iov(tx, &g_sc_pdu[k], g_sc_iov[k], n, skip, len), 0);
}

static void
sc_run(bool digests, unsigned int *seed, unsigned int *flushes)
{
	static const struct nvme_tcp_rx_ops ops = { sc_header, sc_done };
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_tx tx;
	struct nvme_tcp_rx rx;
	struct sc_log log = { 0 };
	uint32_t at = 0, cut[SC_PDUS];
	int sv[2], small = 4096;
	uint8_t buf[3000];

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	nvme_tcp_pdu_params_init(&p, BIG);
	p.ic_done = true;
	p.hdgst = p.ddgst = digests;
	nvme_tcp_rx_init(&rx, &p, false);
	nvme_tcp_tx_init(&tx);
	memset(g_sc_got, 0, sizeof(g_sc_got));
	/* SC_PDUS ranges cover [0, BIG): sizes 1 byte up to tens of KiB */
	for (unsigned int k = 0; k < SC_PDUS; k++) {
		cut[k] = k == 0 ? 1 : (k == 1 ? 511 : 1 + (uint32_t)rand_r(seed) % (BIG / 6));
	}
	for (unsigned int k = 0; k < SC_PDUS; k++) {
		uint32_t len = k + 1 == SC_PDUS ? BIG - at : cut[k];

		/* 16 elements for most: more pieces than one sendmsg takes */
		sc_queue(&tx, &p, k, at, len, k % 3 == 2 ? 1 + (uint32_t)rand_r(seed) % SC_ELEMS :
			 SC_ELEMS, seed);
		at += len;
	}
	while (tx.queued > 0 || log.pdus < SC_PDUS) {
		ssize_t n;

		CU_ASSERT_FATAL(nvme_tcp_tx_flush(&tx, sv[0]) == 0);
		(*flushes)++;
		/* read in odd amounts: the writer stops at varying points */
		while ((n = read(sv[1], buf, 1 + (size_t)rand_r(seed) % sizeof(buf))) > 0) {
			CU_ASSERT_FATAL(nvme_tcp_rx_feed(&rx, buf, (size_t)n, &ops, &log) == 0);
		}
		CU_ASSERT_FATAL(*flushes < 1000000);
	}
	CU_ASSERT_EQUAL(log.pdus, SC_PDUS);
	CU_ASSERT_EQUAL(log.ddgst_rc, 0);
	CU_ASSERT_EQUAL(memcmp(g_sc_got, g_sc_src, BIG), 0);
	close(sv[0]);
	close(sv[1]);
}

static void
test_scattered_partial_writes(void)
{
	unsigned int seed = 11, flushes = 0;

	for (size_t i = 0; i < BIG; i++) {
		g_sc_src[i] = (uint8_t)(i * 5 + (i >> 11) + 1);
	}
	for (int round = 0; round < 20; round++) {
		unsigned int before = flushes;

		sc_run(round & 1, &seed, &flushes);
		CU_ASSERT(flushes - before > SC_PDUS);	/* it took partial writes */
	}
}

/* A list shorter than skip + data_len is refused, nothing queued. */
static void
test_scattered_refusals(void)
{
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_tx tx;
	struct iovec iov[2] = { { g_cmd_data, 100 }, { g_cmd_data + 100, 400 } };

	nvme_tcp_pdu_params_init(&p, BIG);
	p.ic_done = true;
	nvme_tcp_tx_init(&tx);
	nvme_tcp_pdu_encode_ch(g_pdu[0].hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 500, true, &p);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue_iov(&tx, &g_pdu[0], iov, 2, 1, 500), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue_iov(&tx, &g_pdu[0], iov, 1, 0, 500), -EINVAL);
	/* skip past the first element: the caller must start at the right element */
	nvme_tcp_pdu_encode_ch(g_pdu[0].hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 299, true, &p);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue_iov(&tx, &g_pdu[0], iov, 2, 101, 299), -EINVAL);
	nvme_tcp_pdu_encode_ch(g_pdu[0].hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 500, true, &p);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue_iov(&tx, &g_pdu[0], NULL, 0, 0, 500), -EINVAL);
	CU_ASSERT_EQUAL(tx.queued, 0);
	CU_ASSERT_EQUAL(nvme_tcp_tx_queue_iov(&tx, &g_pdu[0], iov, 2, 0, 500), 0);
	CU_ASSERT_EQUAL(tx.queued, 1);
	nvme_tcp_tx_drop(&tx);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "partial_writes", test_partial_writes },
		{ "refusals", test_refusals },
		{ "scattered_partial_writes", test_scattered_partial_writes },
		{ "scattered_refusals", test_scattered_refusals },
	};

	return cu_main("nvme_tcp_tx", tests, sizeof(tests) / sizeof(tests[0]));
}
