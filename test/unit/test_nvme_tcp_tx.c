/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_tx.c over a socketpair with a small
 * send buffer: queued PDUs (CapsuleCmd with in-capsule data, a large
 * H2CData, a CapsuleCmd without data, a TermReq) arrive whole and in order
 * at a target-side receive parser with digests right, though the socket
 * takes them in many partial writes; each sent callback runs once, in
 * order; a PDU whose lengths disagree is refused; a closed peer is -EPIPE.
 */
#include <errno.h>
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

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "partial_writes", test_partial_writes },
		{ "refusals", test_refusals },
	};

	return cu_main("nvme_tcp_tx", tests, sizeof(tests) / sizeof(tests[0]));
}
