/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Internals of the NVMe/TCP target model shared by its two files:
 * nvme_tcp_target.c (thread, sockets, PDUs, faults) and
 * nvme_tcp_target_cmds.c (fabrics, admin and NVM commands).
 */
#ifndef EALNVME_NVME_TCP_TARGET_INTERNAL_H
#define EALNVME_NVME_TCP_TARGET_INTERNAL_H

#include <pthread.h>

#include "nvme_tcp_rx.h"
#include "nvme_tcp_target.h"

#define TT_MAX_CONNS	16
#define TT_MAX_CTRLRS	4
#define TT_MAX_XFERS	64		/* R2T transfers in flight per connection */
#define TT_CAPSULE_MAX	(64u * 1024)	/* in-capsule data we take */
#define TT_ADMIN_ICD	8192u		/* NVMe/TCP 1.0 §3.3: 8 KiB on the admin queue */
#define TT_C2H_CHUNK	(32u * 1024)	/* bytes per C2HData PDU */

/* A host-to-controller transfer by R2T/H2CData (TTAG = index). */
struct tt_xfer {
	bool			busy;
	bool			close_mid;	/* fault: close after the first H2CData */
	uint16_t		cid;
	struct spdk_nvme_cmd	cmd;
	uint8_t			*dst;		/* RAM (Write) or stage */
	uint8_t			*stage;		/* malloc'd for other commands */
	uint32_t		len;
	uint32_t		r2t_end;	/* end of the R2T being answered */
};

/* One association (admin Connect .. admin connection closed). */
struct tt_ctrlr {
	bool			used;
	uint16_t		cntlid;
	uint32_t		cc, csts;
	uint32_t		kato;
	uint16_t		nq;		/* I/O queues granted */
	unsigned int		aers;
};

struct tt_conn {
	int			fd;
	bool			dead;		/* close at the next sweep */
	bool			connected;	/* fabrics Connect accepted */
	uint16_t		qid;
	int			ctrlr;		/* index into t->ctrlrs, -1 */
	struct tcp_tgt		*t;
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_rx	rx;
	struct tt_xfer		x[TT_MAX_XFERS];
	uint8_t			capsule[TT_CAPSULE_MAX];
	uint8_t			rbuf[65536];
};

enum tt_req { TT_REQ_NONE, TT_REQ_DROP_ALL, TT_REQ_LISTEN_DOWN, TT_REQ_LISTEN_UP };

struct tcp_tgt {
	struct tcp_tgt_config	cfg;
	char			port[16];
	char			subnqn[SPDK_NVMF_NQN_MAX_LEN + 1];
	int			lfd;
	pthread_t		thread;
	/* Guards knobs, stats, req; never held across a socket call. */
	pthread_mutex_t		lock;
	pthread_cond_t		cond;
	enum tt_req		req;
	int			req_rc;
	bool			stop;
	unsigned int		close_after[2];	/* [0] I/O, [1] admin */
	unsigned int		term_after[2];
	bool			stall[2];
	bool			mid_transfer;
	bool			bad_pdu;
	bool			bad_ddgst;
	uint8_t			refuse_sct, refuse_sc;
	struct tcp_tgt_stats	st;
	/* target thread only */
	uint8_t			*ram;
	uint64_t		ram_size;
	unsigned int		rand;		/* rand_r state for cfg.r2t_max / c2h_max */
	struct tt_ctrlr		ctrlrs[TT_MAX_CTRLRS];
	uint16_t		next_cntlid;
	struct tt_conn		*conns[TT_MAX_CONNS];
};

static inline uint32_t
tt_min(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

#define TT_STAT_ADD(t, field, n) do {			\
		pthread_mutex_lock(&(t)->lock);		\
		(t)->st.field += (n);			\
		pthread_mutex_unlock(&(t)->lock);	\
	} while (0)

/* nvme_tcp_target.c: PDUs to the host; 0 or -errno (the connection is then dead). */
int tt_send_resp(struct tt_conn *c, uint16_t cid, uint16_t sct, uint16_t sc, uint32_t cdw0,
		 uint32_t cdw1);
/* data to the host; with_resp false: the last PDU says SUCCESS, no CapsuleResp. */
int tt_send_data(struct tt_conn *c, uint16_t cid, const void *buf, uint32_t len, bool with_resp);
int tt_send_r2t(struct tt_conn *c, struct tt_xfer *x, uint32_t off);
int tt_send_term(struct tt_conn *c, uint16_t fes);
/* Close this connection; an admin connection takes its association's I/O ones along. */
void tt_conn_kill(struct tt_conn *c);

/* nvme_tcp_target_cmds.c */
/* A whole CapsuleCmd (inline_len bytes of data in c->capsule); non-zero closes. */
int tt_command(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, uint32_t inline_len);
/* The last H2CData of an R2T arrived: the next R2T, or run the command. */
int tt_xfer_r2t_done(struct tt_conn *c, struct tt_xfer *x);

#endif /* EALNVME_NVME_TCP_TARGET_INTERNAL_H */
