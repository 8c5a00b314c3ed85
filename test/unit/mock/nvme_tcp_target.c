/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe/TCP target model's thread, sockets and PDUs (NVMe/TCP 1.0 §3.6):
 * one poll(2) loop over the listener and every connection; received bytes go
 * through the library's own parser (nvme_tcp_rx.c, host-to-controller
 * direction), so every PDU the host sends is checked as strictly as the
 * host checks ours.  Commands are run by nvme_tcp_target_cmds.c.
 */
#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "spdk/endian.h"
#include "nvme_tcp_target_internal.h"
#include "../tcp_loopback.h"

/* ---- sending ---------------------------------------------------------------- */

/* One sendmsg, of at most cfg.send_max bytes after a pause when set (a slow sender). */
static ssize_t
tt_sendmsg(struct tt_conn *c, struct msghdr *m)
{
	uint32_t max = c->t->cfg.send_max;
	struct iovec iov[3];
	struct msghdr part = { .msg_iov = iov };
	size_t left = max;

	if (max == 0) {
		return sendmsg(c->fd, m, MSG_NOSIGNAL);
	}
	for (size_t i = 0; i < m->msg_iovlen && i < 3 && left > 0; i++) {
		iov[i] = m->msg_iov[i];
		iov[i].iov_len = iov[i].iov_len < left ? iov[i].iov_len : left;
		left -= iov[i].iov_len;
		part.msg_iovlen = i + 1;
	}
	usleep(200);
	return sendmsg(c->fd, &part, MSG_NOSIGNAL);
}

static int
tt_send(struct tt_conn *c, uint8_t *hdr, int hl, const void *data, uint32_t len)
{
	uint8_t dg[4];
	struct iovec iov[3] = { { hdr, (size_t)hl }, { (void *)data, len }, { dg, 0 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 3 };

	if (hl < 0 || c->dead) {
		return -EPIPE;
	}
	nvme_tcp_pdu_seal_hdr(hdr);
	if (c->p.ic_done && c->t->bad_pdu) {
		pthread_mutex_lock(&c->t->lock);
		if (c->t->bad_pdu) {
			c->t->bad_pdu = false;
			hdr[2] = 23;	/* HLEN: one short of any PDU the host may get */
		}
		pthread_mutex_unlock(&c->t->lock);
	}
	if (len > 0 && c->p.ddgst) {
		uint32_t crc = nvme_tcp_digest(data, len);

		if (c->t->bad_ddgst) {
			pthread_mutex_lock(&c->t->lock);
			crc ^= c->t->bad_ddgst ? 1u : 0u;	/* one bit off */
			c->t->bad_ddgst = false;
			pthread_mutex_unlock(&c->t->lock);
		}
		to_le32(dg, crc);
		iov[2].iov_len = 4;
	}
	while (m.msg_iovlen > 0) {
		ssize_t n = tt_sendmsg(c, &m);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			c->dead = true;
			return -EPIPE;
		}
		/* a partial send: go on from where it stopped */
		while (m.msg_iovlen > 0 && (size_t)n >= m.msg_iov->iov_len) {
			n -= (ssize_t)m.msg_iov->iov_len;
			m.msg_iov++;
			m.msg_iovlen--;
		}
		if (m.msg_iovlen > 0) {
			m.msg_iov->iov_base = (uint8_t *)m.msg_iov->iov_base + n;
			m.msg_iov->iov_len -= (size_t)n;
		}
	}
	return 0;
}

int
tt_send_resp(struct tt_conn *c, uint16_t cid, uint16_t sct, uint16_t sc, uint32_t cdw0,
	     uint32_t cdw1)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_rsp *r = (void *)hdr;
	int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP, 0, false, &c->p);

	r->rccqe.cid = cid;
	r->rccqe.cdw0 = cdw0;
	r->rccqe.cdw1 = cdw1;
	r->rccqe.sqid = c->qid;
	r->rccqe.status.sct = sct & 7u;
	r->rccqe.status.sc = sc & 0xffu;
	r->rccqe.status.dnr = sct != 0 || sc != 0;
	return tt_send(c, hdr, hl, NULL, 0);
}

/* The next R2T / C2HData size: fixed, or a seeded random 1..max (odd cuts). */
static uint32_t
tt_cut(struct tcp_tgt *t, uint32_t max, uint32_t fixed)
{
	return max != 0 ? 1 + (uint32_t)rand_r(&t->rand) % max : fixed;
}

int
tt_send_data(struct tt_conn *c, uint16_t cid, const void *buf, uint32_t len, bool with_resp)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_c2h_data_hdr *d = (void *)hdr;
	const uint8_t *b = buf;
	uint32_t stop = len;

	if (c->t->mid_transfer && len > 512) {
		pthread_mutex_lock(&c->t->lock);
		if (c->t->mid_transfer) {
			c->t->mid_transfer = false;
			stop = len / 2;		/* half of it, then the connection goes */
		}
		pthread_mutex_unlock(&c->t->lock);
	}
	for (uint32_t at = 0, n; at < stop; at += n) {
		n = tt_min(stop - at, tt_cut(c->t, c->t->cfg.c2h_max,
						   c->t->cfg.c2h_chunk ? c->t->cfg.c2h_chunk : TT_C2H_CHUNK));
		int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA, n, false, &c->p);

		d->cccid = cid;
		to_le32(&d->datao, at);
		to_le32(&d->datal, n);
		if (at + n == len) {
			d->common.flags |= SPDK_NVME_TCP_C2H_DATA_FLAGS_LAST_PDU |
					   (with_resp ? 0 : SPDK_NVME_TCP_C2H_DATA_FLAGS_SUCCESS);
		}
		if (tt_send(c, hdr, hl, b + at, n) != 0) {
			return -EPIPE;
		}
		TT_STAT_ADD(c->t, c2h_pdus, 1);
	}
	if (stop < len) {
		return -ECONNRESET;
	}
	return with_resp ? tt_send_resp(c, cid, 0, 0, 0, 0) : 0;
}

int
tt_send_r2t(struct tt_conn *c, struct tt_xfer *x, uint32_t off)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_r2t_hdr *r = (void *)hdr;
	uint32_t n = tt_min(x->len - off, tt_cut(c->t, c->t->cfg.r2t_max, c->t->cfg.r2t_chunk));
	int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_R2T, 0, false, &c->p);

	r->cccid = x->cid;
	r->ttag = (uint16_t)(x - c->x);
	to_le32(&r->r2to, off);
	to_le32(&r->r2tl, n);
	x->r2t_end = off + n;
	TT_STAT_ADD(c->t, r2ts, 1);
	return tt_send(c, hdr, hl, NULL, 0);
}

int
tt_send_term(struct tt_conn *c, uint16_t fes)
{
	uint8_t hdr[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_term_req_hdr *h = (void *)hdr;
	int hl = nvme_tcp_pdu_encode_ch(hdr, SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ, 0, false, &c->p);

	to_le16(&h->fes, fes);
	TT_STAT_ADD(c->t, term_reqs_sent, 1);
	return tt_send(c, hdr, hl, NULL, 0);
}

/* ---- receiving ------------------------------------------------------------ */

static int
tt_rx_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	     struct nvme_tcp_rx_dst *dst)
{
	struct tt_conn *c = ctx;

	if (l->type == SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD) {
		dst->buf = c->capsule;
		return l->data_len <= sizeof(c->capsule) ? 0 : -EPROTO;
	}
	if (l->type == SPDK_NVME_TCP_PDU_TYPE_H2C_DATA) {
		const struct spdk_nvme_tcp_h2c_data_hdr *h = (const void *)hdr;
		uint32_t off = from_le32(&h->datao);
		struct tt_xfer *x = h->ttag < TT_MAX_XFERS ? &c->x[h->ttag] : NULL;

		/* §3.6.2.7: the data must be what the R2T asked for, of that
		 * command, and no more than MAXH2CDATA per PDU */
		if (x == NULL || !x->busy || x->cid != h->cccid || off > x->r2t_end ||
		    l->data_len > x->r2t_end - off || l->data_len > c->t->cfg.maxh2cdata) {
			return -EPROTO;
		}
		dst->buf = x->dst + off;
	}
	return 0;
}

static int
tt_rx_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct tt_conn *c = ctx;
	uint8_t out[NVME_TCP_HDR_BUF_LEN];

	if (ddgst_rc != 0) {
		return ddgst_rc;
	}
	switch (l->type) {
	case SPDK_NVME_TCP_PDU_TYPE_IC_REQ: {
		const struct spdk_nvme_tcp_ic_req *q = (const void *)hdr;
		struct spdk_nvme_tcp_ic_resp *ic = (void *)out;
		int hl = nvme_tcp_pdu_encode_ch(out, SPDK_NVME_TCP_PDU_TYPE_IC_RESP, 0, false, &c->p);

		ic->dgst.raw = q->dgst.raw & 3;	/* grant what is asked */
		to_le32(&ic->maxh2cdata, c->t->cfg.maxh2cdata);
		if (tt_send(c, out, hl, NULL, 0) != 0) {
			return -EPIPE;
		}
		c->p.hdgst = q->dgst.bits.hdgst_enable;
		c->p.ddgst = q->dgst.bits.ddgst_enable;
		c->p.ic_done = true;
		return 0;
	}
	case SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD:
		return tt_command(c, &((const struct spdk_nvme_tcp_cmd *)hdr)->ccsqe, l->data_len);
	case SPDK_NVME_TCP_PDU_TYPE_H2C_DATA: {
		const struct spdk_nvme_tcp_h2c_data_hdr *h = (const void *)hdr;
		struct tt_xfer *x = &c->x[h->ttag];

		TT_STAT_ADD(c->t, h2c_pdus, 1);
		if (x->close_mid) {
			return -ECONNRESET;
		}
		if (h->common.flags & SPDK_NVME_TCP_H2C_DATA_FLAGS_LAST_PDU) {
			return tt_xfer_r2t_done(c, x);
		}
		return 0;
	}
	default:
		/* H2CTermReq (§3.6.2.4): why the host is done with us */
		pthread_mutex_lock(&c->t->lock);
		c->t->st.term_reqs_recv++;
		c->t->st.term_fes = from_le16(hdr + 8);
		c->t->st.term_fei = from_le32(hdr + 10);
		c->t->st.term_len = l->data_len;
		pthread_mutex_unlock(&c->t->lock);
		return -ECONNRESET;
	}
}

static const struct nvme_tcp_rx_ops g_tt_rx_ops = { tt_rx_header, tt_rx_done };

/* ---- connections -------------------------------------------------------------- */

static void
tt_conn_free(struct tcp_tgt *t, int i)
{
	struct tt_conn *c = t->conns[i];

	for (int k = 0; k < TT_MAX_XFERS; k++) {
		free(c->x[k].stage);
	}
	close(c->fd);
	free(c);
	t->conns[i] = NULL;
	TT_STAT_ADD(t, conns_open, -1u);
}

void
tt_conn_kill(struct tt_conn *c)
{
	struct tcp_tgt *t = c->t;

	c->dead = true;
	/* The association ends with its admin queue: its I/O queues go too. */
	if (c->connected && c->qid == 0 && c->ctrlr >= 0) {
		for (int i = 0; i < TT_MAX_CONNS; i++) {
			if (t->conns[i] != NULL && t->conns[i]->ctrlr == c->ctrlr) {
				t->conns[i]->dead = true;
			}
		}
		t->ctrlrs[c->ctrlr].used = false;
	}
}

static void
tt_sweep(struct tcp_tgt *t)
{
	for (int i = 0; i < TT_MAX_CONNS; i++) {
		if (t->conns[i] != NULL && t->conns[i]->dead) {
			tt_conn_kill(t->conns[i]);
		}
	}
	for (int i = 0; i < TT_MAX_CONNS; i++) {
		if (t->conns[i] != NULL && t->conns[i]->dead) {
			tt_conn_free(t, i);
		}
	}
}

static void
tt_accept(struct tcp_tgt *t)
{
	int fd = accept(t->lfd, NULL, NULL), one = 1;
	struct tt_conn *c;
	int i;

	if (fd < 0) {
		return;
	}
	for (i = 0; i < TT_MAX_CONNS && t->conns[i] != NULL; i++) {
	}
	c = i < TT_MAX_CONNS ? calloc(1, sizeof(*c)) : NULL;
	if (c == NULL) {
		close(fd);
		return;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->fd = fd;
	c->t = t;
	c->ctrlr = -1;
	nvme_tcp_pdu_params_init(&c->p, TT_CAPSULE_MAX + 1024 * 1024);
	nvme_tcp_rx_init(&c->rx, &c->p, false);
	t->conns[i] = c;
	pthread_mutex_lock(&t->lock);
	t->st.conns_accepted++;
	t->st.conns_open++;
	pthread_mutex_unlock(&t->lock);
}

static void
tt_receive(struct tt_conn *c)
{
	ssize_t n = recv(c->fd, c->rbuf, sizeof(c->rbuf), 0);

	if (n < 0 && errno == EINTR) {
		return;
	}
	if (n <= 0 || nvme_tcp_rx_feed(&c->rx, c->rbuf, (size_t)n, &g_tt_rx_ops, c) != 0) {
		tt_conn_kill(c);
	}
}

/* A request from the test thread, run on this one; 0 or -errno. */
static int
tt_handle_req(struct tcp_tgt *t, enum tt_req req)
{
	char port[16];

	switch (req) {
	case TT_REQ_DROP_ALL:
		for (int i = 0; i < TT_MAX_CONNS; i++) {
			if (t->conns[i] != NULL) {
				t->conns[i]->dead = true;
			}
		}
		break;
	case TT_REQ_LISTEN_DOWN:
		if (t->lfd >= 0) {
			close(t->lfd);
			t->lfd = -1;
		}
		break;
	case TT_REQ_LISTEN_UP:
		if (t->lfd < 0) {
			t->lfd = tcp_loopback_listen_on(t->cfg.ipv6 ? AF_INET6 : AF_INET,
							(unsigned int)atoi(t->port), port,
							sizeof(port));
			return t->lfd >= 0 ? 0 : -EADDRINUSE;
		}
		break;
	case TT_REQ_NONE:
		break;
	}
	return 0;
}

static void *
tt_main(void *arg)
{
	struct tcp_tgt *t = arg;

	for (;;) {
		struct pollfd pfd[TT_MAX_CONNS + 1];
		struct tt_conn *who[TT_MAX_CONNS + 1];
		enum tt_req req;
		int n = 0, rc;

		pthread_mutex_lock(&t->lock);
		req = t->req;
		if (t->stop) {
			pthread_mutex_unlock(&t->lock);
			break;
		}
		pthread_mutex_unlock(&t->lock);
		rc = tt_handle_req(t, req);
		tt_sweep(t);
		if (req != TT_REQ_NONE) {
			/* done (connections closed by the sweep): the caller may go on */
			pthread_mutex_lock(&t->lock);
			t->req_rc = rc;
			t->req = TT_REQ_NONE;
			pthread_cond_broadcast(&t->cond);
			pthread_mutex_unlock(&t->lock);
		}
		if (t->lfd >= 0) {
			pfd[n] = (struct pollfd) { .fd = t->lfd, .events = POLLIN };
			who[n++] = NULL;
		}
		for (int i = 0; i < TT_MAX_CONNS; i++) {
			if (t->conns[i] != NULL) {
				pfd[n] = (struct pollfd) { .fd = t->conns[i]->fd, .events = POLLIN };
				who[n++] = t->conns[i];
			}
		}
		if (poll(pfd, (nfds_t)n, 5) <= 0) {
			continue;
		}
		for (int i = 0; i < n; i++) {
			if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
				continue;
			}
			if (who[i] == NULL) {
				tt_accept(t);
			} else if (!who[i]->dead) {
				tt_receive(who[i]);
			}
		}
	}
	for (int i = 0; i < TT_MAX_CONNS; i++) {
		if (t->conns[i] != NULL) {
			tt_conn_free(t, i);
		}
	}
	return NULL;
}

/* ---- the API ---------------------------------------------------------------- */

struct tcp_tgt *
tcp_tgt_start(const struct tcp_tgt_config *cfg)
{
	struct tcp_tgt *t = calloc(1, sizeof(*t));

	if (t == NULL) {
		return NULL;
	}
	if (cfg != NULL) {
		t->cfg = *cfg;
	}
	snprintf(t->subnqn, sizeof(t->subnqn), "%s",
		 t->cfg.subnqn != NULL ? t->cfg.subnqn : TCP_TGT_DEFAULT_NQN);
	t->cfg.subnqn = t->subnqn;
	t->cfg.ns_blocks = t->cfg.ns_blocks ? t->cfg.ns_blocks : 16384;
	t->cfg.mqes = t->cfg.mqes ? t->cfg.mqes : 127;
	t->cfg.kas = t->cfg.kas ? t->cfg.kas : 1;
	t->cfg.maxh2cdata = t->cfg.maxh2cdata ? t->cfg.maxh2cdata : 32768;
	t->cfg.r2t_chunk = t->cfg.r2t_chunk ? t->cfg.r2t_chunk : 131072;
	t->cfg.icd = t->cfg.icd ? tt_min(t->cfg.icd, TT_CAPSULE_MAX) : 8192;
	t->cfg.max_io_queues = t->cfg.max_io_queues ? t->cfg.max_io_queues : 8;
	t->rand = t->cfg.seed;
	t->ram_size = t->cfg.ns_blocks * TCP_TGT_BLOCK;
	t->ram = calloc(1, t->ram_size);
	t->next_cntlid = 1;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	t->lfd = tcp_loopback_listen(t->cfg.ipv6 ? AF_INET6 : AF_INET, t->port, sizeof(t->port));
	if (t->ram == NULL || t->lfd < 0 || pthread_create(&t->thread, NULL, tt_main, t) != 0) {
		if (t->lfd >= 0) {
			close(t->lfd);
		}
		free(t->ram);
		free(t);
		return NULL;
	}
	return t;
}

void
tcp_tgt_stop(struct tcp_tgt *t)
{
	if (t == NULL) {
		return;
	}
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	if (t->lfd >= 0) {
		close(t->lfd);
	}
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
	free(t->ram);
	free(t);
}

const char *
tcp_tgt_port(const struct tcp_tgt *t)
{
	return t->port;
}

const char *
tcp_tgt_subnqn(const struct tcp_tgt *t)
{
	return t->subnqn;
}

void
tcp_tgt_trid(const struct tcp_tgt *t, struct spdk_nvme_transport_id *trid)
{
	memset(trid, 0, sizeof(*trid));
	trid->trtype = SPDK_NVME_TRANSPORT_TCP;
	snprintf(trid->trstring, sizeof(trid->trstring), "TCP");
	trid->adrfam = t->cfg.ipv6 ? SPDK_NVMF_ADRFAM_IPV6 : SPDK_NVMF_ADRFAM_IPV4;
	snprintf(trid->traddr, sizeof(trid->traddr), "%s", t->cfg.ipv6 ? "::1" : "127.0.0.1");
	snprintf(trid->trsvcid, sizeof(trid->trsvcid), "%s", t->port);
	snprintf(trid->subnqn, sizeof(trid->subnqn), "%s", t->subnqn);
}

uint8_t *
tcp_tgt_ram(struct tcp_tgt *t)
{
	return t->ram;
}

uint64_t
tcp_tgt_ram_size(const struct tcp_tgt *t)
{
	return t->ram_size;
}

void
tcp_tgt_get_stats(struct tcp_tgt *t, struct tcp_tgt_stats *s)
{
	pthread_mutex_lock(&t->lock);
	*s = t->st;
	pthread_mutex_unlock(&t->lock);
}

void
tcp_tgt_close_after(struct tcp_tgt *t, bool admin, unsigned int n)
{
	pthread_mutex_lock(&t->lock);
	t->close_after[admin] = n;
	pthread_mutex_unlock(&t->lock);
}

void
tcp_tgt_close_mid_transfer(struct tcp_tgt *t)
{
	pthread_mutex_lock(&t->lock);
	t->mid_transfer = true;
	pthread_mutex_unlock(&t->lock);
}

void
tcp_tgt_term_req_after(struct tcp_tgt *t, bool admin, unsigned int n)
{
	pthread_mutex_lock(&t->lock);
	t->term_after[admin] = n;
	pthread_mutex_unlock(&t->lock);
}

void
tcp_tgt_bad_pdu(struct tcp_tgt *t)
{
	pthread_mutex_lock(&t->lock);
	t->bad_pdu = true;
	pthread_mutex_unlock(&t->lock);
}

void
tcp_tgt_bad_ddgst(struct tcp_tgt *t)
{
	pthread_mutex_lock(&t->lock);
	t->bad_ddgst = true;
	pthread_mutex_unlock(&t->lock);
}

void
tcp_tgt_stall(struct tcp_tgt *t, bool admin, bool io)
{
	pthread_mutex_lock(&t->lock);
	t->stall[1] = admin;
	t->stall[0] = io;
	pthread_mutex_unlock(&t->lock);
}

void
tcp_tgt_refuse_connect(struct tcp_tgt *t, uint8_t sct, uint8_t sc)
{
	pthread_mutex_lock(&t->lock);
	t->refuse_sct = sct;
	t->refuse_sc = sc;
	pthread_mutex_unlock(&t->lock);
}

static int
tt_request(struct tcp_tgt *t, enum tt_req req)
{
	int rc;

	pthread_mutex_lock(&t->lock);
	while (t->req != TT_REQ_NONE) {
		pthread_cond_wait(&t->cond, &t->lock);
	}
	t->req = req;
	t->req_rc = 0;
	while (t->req != TT_REQ_NONE) {
		pthread_cond_wait(&t->cond, &t->lock);
	}
	rc = t->req_rc;
	pthread_mutex_unlock(&t->lock);
	return rc;
}

void
tcp_tgt_drop_all(struct tcp_tgt *t)
{
	(void)tt_request(t, TT_REQ_DROP_ALL);
}

int
tcp_tgt_listen(struct tcp_tgt *t, bool up)
{
	return tt_request(t, up ? TT_REQ_LISTEN_UP : TT_REQ_LISTEN_DOWN);
}
