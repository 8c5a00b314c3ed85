/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_conn.c against a target model in a
 * thread on a loopback listener: connect and the ICReq/ICResp exchange
 * (header digest granted, the next PDU checked with it and handed to the
 * owner), and a target that closes, grants a digest unasked or answers
 * with a TermReq: the connection fails with that reason and stays failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "spdk/endian.h"
#include "nvme_tcp_conn.h"

#include <CUnit/Basic.h>

#include "cu_main.h"
#include "tcp_loopback.h"

enum target_mode { T_GOOD, T_CLOSE, T_DIGEST_UNASKED, T_TERM };

struct target {
	int			lfd;
	enum target_mode	mode;
	bool			icreq_ok;	/* the ICReq parsed as a target parses it */
	uint8_t			icreq_dgst;
	pthread_t		thread;
};

static void
send_all(int fd, const void *buf, size_t len)
{
	const uint8_t *b = buf;

	while (len > 0) {
		ssize_t n = send(fd, b, len, MSG_NOSIGNAL);

		if (n <= 0) {
			return;
		}
		b += n;
		len -= (size_t)n;
	}
}

static void *
target_main(void *arg)
{
	struct target *t = arg;
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_ic_resp *ic = (void *)buf;
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	int fd = accept(t->lfd, NULL, NULL);
	int hl;

	if (fd < 0) {
		return NULL;
	}
	nvme_tcp_pdu_params_init(&p, 65536);
	if (recv(fd, buf, 128, MSG_WAITALL) == 128 &&
	    nvme_tcp_pdu_parse_ch((void *)buf, false, &p, &l, &e) == 0 &&
	    nvme_tcp_pdu_check_hdr(buf, 128, &l, &e) == 0) {
		t->icreq_ok = true;
		t->icreq_dgst = ((struct spdk_nvme_tcp_ic_req *)buf)->dgst.raw;
	}
	switch (t->mode) {
	case T_CLOSE:
		break;
	case T_TERM:
		hl = nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ, 0, false, &p);
		to_le16(buf + 8, SPDK_NVME_TCP_TERM_REQ_FES_INVALID_DATA_UNSUPPORTED_PARAMETER);
		send_all(fd, buf, (size_t)hl);
		recv(fd, buf, 1, 0);	/* until the host closes */
		break;
	case T_GOOD:
	case T_DIGEST_UNASKED:
		hl = nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_IC_RESP, 0, false, &p);
		ic->dgst.bits.hdgst_enable = 1;
		ic->dgst.bits.ddgst_enable = t->mode == T_DIGEST_UNASKED;
		to_le32(&ic->maxh2cdata, 8192);
		send_all(fd, buf, (size_t)hl);
		/* A CapsuleResp with the header digest just granted. */
		p.ic_done = p.hdgst = true;
		hl = nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP, 0, false, &p);
		((struct spdk_nvme_tcp_rsp *)buf)->rccqe.cid = 5;
		nvme_tcp_pdu_seal_hdr(buf);
		send_all(fd, buf, (size_t)hl);
		recv(fd, buf, 1, 0);
		break;
	}
	close(fd);
	return NULL;
}

struct owner {
	unsigned int	resps;
	uint16_t	cid;
};

static int
owner_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	    struct nvme_tcp_rx_dst *dst)
{
	(void)ctx;
	(void)hdr;
	(void)l;
	dst->buf = NULL;
	return 0;
}

static int
owner_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct owner *o = ctx;

	CU_ASSERT_EQUAL(ddgst_rc, 0);
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP) {
		o->resps++;
		o->cid = ((const struct spdk_nvme_tcp_rsp *)hdr)->rccqe.cid;
	}
	return 0;
}

static const struct nvme_tcp_rx_ops g_owner_ops = { owner_header, owner_done };

/* Poll until fn says stop or the connection fails (bounded against a hang). */
static int
poll_until(struct nvme_tcp_conn *c, const struct owner *o)
{
	int rc = 0;

	for (int i = 0; i < 200; i++) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN | POLLOUT };

		rc = nvme_tcp_conn_poll(c);
		if (rc < 0 || (rc == NVME_TCP_CONN_READY && o->resps > 0)) {
			return rc;
		}
		if (rc >= NVME_TCP_CONN_IC_WAIT) {
			pfd.events = POLLIN;
		}
		poll(&pfd, 1, 50);
	}
	return rc;
}

static struct nvme_tcp_conn g_conn;

static int
run(enum target_mode mode, struct target *t, struct owner *o)
{
	struct nvme_tcp_ic_want want = { .hdgst = true, .ddgst = false, .hpda = 0 };
	char port[16];
	int rc;

	memset(o, 0, sizeof(*o));
	memset(t, 0, sizeof(*t));
	t->mode = mode;
	t->lfd = tcp_loopback_listen(AF_INET, port, sizeof(port));
	CU_ASSERT_FATAL(t->lfd >= 0 && pthread_create(&t->thread, NULL, target_main, t) == 0);
	CU_ASSERT_FATAL(nvme_tcp_conn_start(&g_conn, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", port,
					    &want, 65536, &g_owner_ops, o) == 0);
	rc = poll_until(&g_conn, o);
	nvme_tcp_conn_close(&g_conn);
	nvme_tcp_conn_close(&g_conn);	/* twice is fine */
	pthread_join(t->thread, NULL);
	close(t->lfd);
	CU_ASSERT(t->icreq_ok);
	CU_ASSERT_EQUAL(t->icreq_dgst, 1);	/* header digest asked for, data not */
	return rc;
}

static void
test_connect_ic(void)
{
	struct target t;
	struct owner o;

	CU_ASSERT_EQUAL(run(T_GOOD, &t, &o), NVME_TCP_CONN_READY);
	CU_ASSERT_EQUAL(o.resps, 1);
	CU_ASSERT_EQUAL(o.cid, 5);
	CU_ASSERT(g_conn.params.hdgst && !g_conn.params.ddgst && g_conn.params.ic_done);
	CU_ASSERT_EQUAL(g_conn.maxh2cdata, 8192);
}

static void
test_target_failures(void)
{
	struct target t;
	struct owner o;

	CU_ASSERT_EQUAL(run(T_CLOSE, &t, &o), -ECONNRESET);
	CU_ASSERT_EQUAL(g_conn.state, NVME_TCP_CONN_FAILED);
	CU_ASSERT_EQUAL(nvme_tcp_conn_poll(&g_conn), -ECONNRESET);	/* sticky */
	CU_ASSERT_EQUAL(run(T_DIGEST_UNASKED, &t, &o), -EPROTO);
	CU_ASSERT_EQUAL(o.resps, 0);
	CU_ASSERT_EQUAL(run(T_TERM, &t, &o), -ECONNREFUSED);
	CU_ASSERT_EQUAL(o.resps, 0);
}

static void
test_bad_start(void)
{
	struct nvme_tcp_ic_want want = { .hpda = 0 };
	struct owner o;

	CU_ASSERT_EQUAL(nvme_tcp_conn_start(&g_conn, SPDK_NVMF_ADRFAM_IPV4, "not-an-ip", "4420",
					    &want, 65536, &g_owner_ops, &o), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_conn_poll(&g_conn), -EINVAL);
	nvme_tcp_conn_close(&g_conn);
	want.hpda = 40;
	CU_ASSERT_EQUAL(nvme_tcp_conn_start(&g_conn, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", "4420",
					    &want, 65536, &g_owner_ops, &o), -EINVAL);
	CU_ASSERT_EQUAL(g_conn.fd, -1);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "connect_ic", test_connect_ic },
		{ "target_failures", test_target_failures },
		{ "bad_start", test_bad_start },
	};

	return cu_main("nvme_tcp_conn", tests, sizeof(tests) / sizeof(tests[0]));
}
