/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * An in-process NVMe/TCP target for unit tests: a thread that listens on
 * 127.0.0.1 or ::1 (a port the kernel picks), speaks ICReq/ICResp (digests as the
 * host asks), and serves one subsystem with a RAM namespace (NSID 1,
 * 512-byte blocks) to any number of controllers (one per admin connection,
 * dynamic CNTLID) and their I/O queues.  It implements what a host driver
 * needs: fabrics Connect / Property Get / Property Set (CAP, VS, CC, CSTS
 * with RDY following CC.EN and SHST following CC.SHN), Identify (controller,
 * namespace, active namespace list), Set/Get Features (Number of Queues,
 * Keep Alive Timer, Async Event Configuration), AER (held), Keep Alive,
 * Get Log Page (zeros); Read, Write (in-capsule, or by R2T/H2CData in
 * several R2Ts), Flush, Dataset Management, Write Zeroes.  R2Ts and
 * C2HData PDUs may be cut at seeded random sizes (r2t_max, c2h_max).
 *
 * Fault injection: close a connection at its N-th command or in the middle
 * of a data transfer, answer with a C2HTermReq, send a malformed PDU (and
 * record the host's H2CTermReq), stop answering (stall),
 * refuse Connect with a status, drop every connection, take the listener
 * down and bring it up again on the same port.  Counters say what it saw.
 *
 * The target's sockets are blocking on its side; the host under test polls.
 * Knobs and counters may be used from the test thread at any time.
 */
#ifndef EALNVME_NVME_TCP_TARGET_H
#define EALNVME_NVME_TCP_TARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "spdk/nvme.h"

struct tcp_tgt;

struct tcp_tgt_config {
	const char	*subnqn;	/* NULL: TCP_TGT_DEFAULT_NQN */
	uint64_t	ns_blocks;	/* RAM namespace size in 512-byte blocks; 0: 16384 */
	uint16_t	mqes;		/* CAP.MQES (0's based); 0: 127 */
	uint8_t		kas;		/* Identify KAS, 100 ms units; 0: 1 */
	uint32_t	maxh2cdata;	/* ICResp MAXH2CDATA; 0: 32 KiB */
	uint32_t	r2t_chunk;	/* bytes asked per R2T; 0: 128 KiB */
	/*
	 * Odd cuts: R2Ts / C2HData PDUs of a random 1..max bytes each (from
	 * seed, so a run repeats), cutting a host's element list anywhere;
	 * 0: r2t_chunk / 32 KiB each.
	 */
	uint32_t	r2t_max;
	uint32_t	c2h_max;
	uint32_t	c2h_chunk;	/* C2HData bytes per PDU without c2h_max; 0: 32 KiB */
	/*
	 * A slow sender: every send of at most send_max bytes, a short pause
	 * between them, so the host finds PDUs in small pieces; 0: at once.
	 */
	uint32_t	send_max;
	unsigned int	seed;
	uint32_t	icd;		/* in-capsule bytes on I/O queues (IOCCSZ); 0: 8 KiB */
	uint16_t	max_io_queues;	/* Number of Queues granted at most; 0: 8 */
	bool		ipv6;		/* listen on ::1 instead of 127.0.0.1 */
};

#define TCP_TGT_DEFAULT_NQN	"nqn.2026-12.io.ealnvme:tcp-model"
#define TCP_TGT_BLOCK		512u

/* What the target saw (a snapshot). */
struct tcp_tgt_stats {
	unsigned int	conns_accepted;
	unsigned int	conns_open;
	unsigned int	connects_admin;		/* accepted admin Connects */
	unsigned int	connects_io;		/* accepted I/O Connects */
	unsigned int	connects_refused;
	unsigned int	cmds_admin;		/* admin commands after Connect */
	unsigned int	cmds_io;
	unsigned int	keep_alives;
	unsigned int	aers_held;		/* outstanding now */
	unsigned int	dsm_ranges;		/* DSM ranges deallocated */
	unsigned int	flushes;
	unsigned int	h2c_pdus;
	unsigned int	r2ts;
	unsigned int	c2h_pdus;
	unsigned int	term_reqs_sent;
	/* the host's H2CTermReq, if one came */
	unsigned int	term_reqs_recv;
	uint16_t	term_fes;
	uint32_t	term_fei;
	uint32_t	term_len;		/* bytes of the refused PDU it carried */
	unsigned int	shutdowns;		/* CC.SHN set */
	/* the last command taken (stalled or not) */
	uint16_t	last_qid;
	uint16_t	last_cid;
	uint8_t		last_opc;
	/* the last admin Connect */
	uint16_t	last_cntlid;
	uint32_t	kato_ms;		/* KATO of the last admin Connect */
	uint32_t	kato_set_ms;		/* last Set Features Keep Alive Timer */
	char		hostnqn[257];
	uint8_t		hostid[16];
	char		subnqn[257];
};

/* Start one (NULL config: defaults); NULL if the loopback cannot be used. */
struct tcp_tgt *tcp_tgt_start(const struct tcp_tgt_config *cfg);
/* Close everything, join the thread, free. */
void tcp_tgt_stop(struct tcp_tgt *t);

const char *tcp_tgt_port(const struct tcp_tgt *t);
const char *tcp_tgt_subnqn(const struct tcp_tgt *t);
/* "trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:PORT subnqn:NQN" (or IPv6 ::1) as a trid. */
void tcp_tgt_trid(const struct tcp_tgt *t, struct spdk_nvme_transport_id *trid);
/* The namespace's bytes (for checks; the target thread writes them). */
uint8_t *tcp_tgt_ram(struct tcp_tgt *t);
uint64_t tcp_tgt_ram_size(const struct tcp_tgt *t);

void tcp_tgt_get_stats(struct tcp_tgt *t, struct tcp_tgt_stats *s);

/* ---- faults --------------------------------------------------------------- */

/*
 * The n-th admin (admin true) or I/O command from now closes its connection
 * instead of being answered (n 0: off).  Closing an admin connection ends
 * its controller's association: its I/O connections are closed too.
 */
void tcp_tgt_close_after(struct tcp_tgt *t, bool admin, unsigned int n);
/* The next Read sends half its data, or the next R2T write takes one H2CData, then closes. */
void tcp_tgt_close_mid_transfer(struct tcp_tgt *t);
/* The n-th I/O (or admin) command from now is answered by a C2HTermReq, then the close. */
void tcp_tgt_term_req_after(struct tcp_tgt *t, bool admin, unsigned int n);
/* The next PDU sent after the IC exchange is malformed (HLEN 23): the host must refuse it. */
void tcp_tgt_bad_pdu(struct tcp_tgt *t);
/* The next data PDU sent carries a wrong data digest (when data digests are on). */
void tcp_tgt_bad_ddgst(struct tcp_tgt *t);
/* Stop answering admin / I/O commands, Connect included (still read and counted). */
void tcp_tgt_stall(struct tcp_tgt *t, bool admin, bool io);
/* Answer Connect with this status (sct 0, sc 0: accept again). */
void tcp_tgt_refuse_connect(struct tcp_tgt *t, uint8_t sct, uint8_t sc);
/* Close every connection now (returns once they are closed). */
void tcp_tgt_drop_all(struct tcp_tgt *t);
/* Listener down (nothing accepted, connects refused) or up again on the same port; 0 or -errno. */
int tcp_tgt_listen(struct tcp_tgt *t, bool up);

#endif /* EALNVME_NVME_TCP_TARGET_H */
