/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP qpairs for the core: each is one TCP connection with its own
 * fabrics Connect (NVMe over Fabrics 1.1 §3.3), and requests go onto the
 * command slots of nvme_tcp_qp.c (CID = slot).  The poll sends what is
 * queued, reads what arrived and completes requests: socket calls are its
 * I/O, nothing is allocated and no lock is taken there.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_fabric.h"
#include "nvme_tcp_internal.h"

struct nvme_tcp_qpair *
nvme_tcp_qpair_create(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid, uint32_t queue_size,
		      uint32_t num_requests, enum spdk_nvme_qprio qprio)
{
	struct nvme_tcp_qpair *tq = calloc(1, sizeof(*tq));

	if (tq == NULL) {
		EALNVME_ERRLOG("%s: NVMe/TCP: no memory for qpair %u", nvme_ctrlr_name(ctrlr), qid);
		return NULL;
	}
	tq->tqp.conn.fd = -1;
	tq->queue_size = queue_size;
	tq->dsm_copy = calloc(queue_size, sizeof(*tq->dsm_copy));
	tq->submit_tick = calloc(queue_size, sizeof(*tq->submit_tick));
	if (tq->dsm_copy == NULL || tq->submit_tick == NULL ||
	    nvme_qpair_init(&tq->qpair, qid, ctrlr, qprio, num_requests) != 0) {
		free(tq->dsm_copy);
		free(tq->submit_tick);
		free(tq);
		return NULL;
	}
	return tq;
}

/* Poll qp until *done (or, done NULL, the connection is up), bounded. */
static int
nvme_tcp_qp_wait(struct nvme_tcp_qp *qp, const bool *done, uint64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = qp->conn.fd, .events = POLLIN };
		int rc = nvme_tcp_qp_poll(qp);

		if (rc < 0) {
			return rc;
		}
		if (done != NULL ? *done : rc == NVME_TCP_CONN_READY) {
			return 0;
		}
		if (spdk_get_ticks() > deadline) {
			return -ETIMEDOUT;
		}
		if (qp->tx.queued > 0 || qp->conn.state < NVME_TCP_CONN_IC_WAIT) {
			pfd.events |= POLLOUT;
		}
		/* Set-up only (probe, qpair connect): waiting here is not the I/O path. */
		poll(&pfd, 1, 1);
	}
}

struct nvme_tcp_sync {
	bool			done;
	struct spdk_nvme_cpl	cpl;
};

static void
nvme_tcp_sync_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_tcp_sync *s = arg;

	s->cpl = *cpl;
	s->done = true;
}

static uint64_t
nvme_tcp_deadline(uint64_t ms)
{
	return spdk_get_ticks() + spdk_get_ticks_hz() * ms / 1000;
}

/* The fabrics Connect of this queue (§3.3), its 1 KiB of data in-capsule. */
static int
nvme_tcp_fabric_connect(struct spdk_nvme_ctrlr *ctrlr, struct nvme_tcp_qpair *tq)
{
	struct nvme_tcp_ctrlr *tctrlr = nvme_tcp_ctrlr(ctrlr);
	uint16_t qid = tq->qpair.id;
	struct nvme_fabric_connect_params p = {
		.qid = qid,
		.queue_size = tq->queue_size,
		.kato_ms = ctrlr->opts.keep_alive_timeout_ms,
		.cntlid = qid == 0 ? NVME_FABRIC_CNTLID_DYNAMIC : tctrlr->cntlid,
		.hostnqn = ctrlr->opts.hostnqn,
		.hostid = ctrlr->opts.extended_host_id,
		.subnqn = ctrlr->trid.subnqn,
	};
	struct spdk_nvmf_fabric_connect_data data;
	uint64_t timeout_ms = ctrlr->opts.fabrics_connect_timeout_us / 1000;
	struct nvme_tcp_sync sync = { 0 };
	struct spdk_nvme_cmd cmd;
	uint16_t cntlid;
	int rc;

	rc = nvme_fabric_connect_build(&cmd, &data, &p);
	if (rc != 0) {
		return rc;
	}
	/* The Connect data always goes in-capsule, whatever IOCCSZ says. */
	tq->tqp.in_capsule_max = nvme_max(tq->tqp.in_capsule_max, (uint32_t)sizeof(data));
	rc = nvme_tcp_qp_submit(&tq->tqp, &cmd, &data, sizeof(data), true, nvme_tcp_sync_done,
				&sync);
	if (rc == 0) {
		/* 0: SPDK's "no timeout"; bounded here all the same. */
		rc = nvme_tcp_qp_wait(&tq->tqp, &sync.done,
				      nvme_tcp_deadline(timeout_ms != 0 ? timeout_ms : 60000));
	}
	if (rc != 0) {
		EALNVME_ERRLOG("%s:%s: NVMe/TCP: Connect of queue %u got no answer (%s)",
			       ctrlr->trid.traddr, ctrlr->trid.trsvcid, qid, strerror(-rc));
		/* Unanswered, its slot still points at sync (on this stack):
		 * end the connection, and with it the Connect, while sync exists. */
		nvme_tcp_qpair_close(tq);
		return rc;
	}
	/* A target still tearing down this qid's last connection (the Linux one
	 * does it in a work item after the socket closes) answers Command
	 * Sequence Error: the caller tries again. */
	if (qid != 0 && sync.cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
	    sync.cpl.status.sc == SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR) {
		return -EBUSY;
	}
	rc = nvme_fabric_connect_rsp(&sync.cpl, &cntlid);
	if (rc != 0) {
		EALNVME_ERRLOG("%s:%s: NVMe/TCP: Connect of queue %u to %s as %s refused",
			       ctrlr->trid.traddr, ctrlr->trid.trsvcid, qid, ctrlr->trid.subnqn,
			       ctrlr->opts.hostnqn);
		return rc;
	}
	if (qid == 0) {
		tctrlr->cntlid = cntlid;
	}
	return 0;
}

/* In-capsule data this queue takes: 8 KiB on the admin queue, IOCCSZ on I/O (§3.3). */
static uint32_t
nvme_tcp_icd_size(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid)
{
	uint32_t ioccsz;

	if (qid == 0) {
		return NVME_TCP_ADMIN_ICD;
	}
	ioccsz = ctrlr->cdata != NULL ? ctrlr->cdata->nvmf_specific.ioccsz : 0;
	/* 16-byte units including the 64-byte command; 4 (no data) or more. */
	return ioccsz > 4 ? (ioccsz - 4) * 16 : 0;
}

static int nvme_tcp_qpair_connect_once(struct spdk_nvme_ctrlr *ctrlr, struct nvme_tcp_qpair *tq);

#define NVME_TCP_QID_BUSY_WAIT_MS	5000	/* how long a freed qid may stay busy */

/*
 * Connect, again while the target says the qid is still in use (an I/O
 * qpair freed and allocated again at once gets the same qid): bounded, with
 * a growing pause.  Not the I/O path: qpair allocation and reconnect.
 */
int
nvme_tcp_qpair_connect(struct spdk_nvme_ctrlr *ctrlr, struct nvme_tcp_qpair *tq)
{
	uint64_t deadline = nvme_tcp_deadline(NVME_TCP_QID_BUSY_WAIT_MS);
	unsigned int pause_ms = 1;
	int rc;

	while ((rc = nvme_tcp_qpair_connect_once(ctrlr, tq)) == -EBUSY) {
		if (spdk_get_ticks() > deadline) {
			EALNVME_ERRLOG("%s:%s: NVMe/TCP: the target still holds queue %u of controller "
				       "%u (Command Sequence Error) after %u ms", ctrlr->trid.traddr,
				       ctrlr->trid.trsvcid, tq->qpair.id,
				       nvme_tcp_ctrlr(ctrlr)->cntlid, NVME_TCP_QID_BUSY_WAIT_MS);
			return -EBUSY;
		}
		EALNVME_DEBUGLOG("%s: NVMe/TCP: queue %u still in use on the target; again in %u ms",
				 ctrlr->trid.traddr, tq->qpair.id, pause_ms);
		poll(NULL, 0, (int)pause_ms);
		pause_ms = nvme_min(pause_ms * 2, 100u);
	}
	return rc;
}

static int
nvme_tcp_qpair_connect_once(struct spdk_nvme_ctrlr *ctrlr, struct nvme_tcp_qpair *tq)
{
	const struct spdk_nvme_transport_id *trid = &ctrlr->trid;
	struct nvme_tcp_ic_want want = {
		.hdgst = ctrlr->opts.header_digest,
		.ddgst = ctrlr->opts.data_digest,
		.hpda = 0,
	};
	struct spdk_nvme_transport_opts topts = { 0 };
	uint64_t timeout_ms;
	int rc;

	nvme_tcp_qpair_close(tq);
	spdk_nvme_transport_get_opts(&topts, sizeof(topts));
	timeout_ms = topts.tcp_connect_timeout_ms != 0 ? topts.tcp_connect_timeout_ms : 10000;
	/* An SQ of n entries holds n - 1 commands (NVMe Base §4.1.3). */
	rc = nvme_tcp_qp_create(&tq->tqp, (enum spdk_nvmf_adrfam)trid->adrfam, trid->traddr,
				trid->trsvcid, &want, (uint16_t)(tq->queue_size - 1));
	if (rc != 0) {
		return rc;
	}
	tq->connected = true;
	/* a new connection: no command of the last one is watched */
	memset(tq->submit_tick, 0, tq->queue_size * sizeof(*tq->submit_tick));
	rc = nvme_tcp_qp_wait(&tq->tqp, NULL, nvme_tcp_deadline(timeout_ms));
	if (rc != 0) {
		EALNVME_ERRLOG("%s:%s: NVMe/TCP: queue %u not connected (%s): is the target "
			       "listening there, and reachable?", trid->traddr, trid->trsvcid,
			       tq->qpair.id, strerror(-rc));
		nvme_tcp_qpair_close(tq);
		return rc;
	}
	rc = nvme_tcp_fabric_connect(ctrlr, tq);
	if (rc != 0) {
		nvme_tcp_qpair_close(tq);	/* also for -EBUSY: a new connection next time */
		return rc;
	}
	tq->tqp.in_capsule_max = nvme_tcp_icd_size(ctrlr, tq->qpair.id);
	tq->qpair.state = NVME_QPAIR_ENABLED;
	tq->qpair.failure_reason = SPDK_NVME_QPAIR_FAILURE_NONE;
	return 0;
}

void
nvme_tcp_qpair_close(struct nvme_tcp_qpair *tq)
{
	if (!tq->connected) {
		return;
	}
	/* Nothing may be left in a slot: the core aborted it, or do it now. */
	if (tq->tqp.outstanding > 0) {
		nvme_tcp_qpair_abort_outstanding(&tq->qpair, SPDK_NVME_SCT_GENERIC,
						 SPDK_NVME_SC_ABORTED_SQ_DELETION, true);
	}
	nvme_tcp_qp_destroy(&tq->tqp);
	tq->connected = false;
}

void
nvme_tcp_qpair_destroy(struct spdk_nvme_qpair *qpair)
{
	struct nvme_tcp_qpair *tq = nvme_tcp_qpair(qpair);

	nvme_tcp_qpair_close(tq);
	for (uint32_t i = 0; i < tq->queue_size; i++) {
		free(tq->dsm_copy[i]);
	}
	free(tq->dsm_copy);
	free(tq->submit_tick);
	nvme_qpair_deinit(qpair);
	free(tq);
}

struct spdk_nvme_qpair *
nvme_tcp_qpair_alloc_io(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid,
			const struct spdk_nvme_io_qpair_opts *opts)
{
	struct nvme_tcp_qpair *tq;

	if (opts->io_queue_size > UINT16_MAX) {
		EALNVME_ERRLOG("%s: NVMe/TCP: io_queue_size %u is above 65535",
			       nvme_ctrlr_name(ctrlr), opts->io_queue_size);
		return NULL;
	}
	tq = nvme_tcp_qpair_create(ctrlr, qid, opts->io_queue_size, opts->io_queue_requests,
				   opts->qprio);
	return tq == NULL ? NULL : &tq->qpair;
}

int
nvme_tcp_qpair_connect_io(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair)
{
	return nvme_tcp_qpair_connect(ctrlr, nvme_tcp_qpair(qpair));
}

/* No Delete SQ on fabrics: closing the connection ends the queue (§3.5). */
int
nvme_tcp_qpair_disconnect_io(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair)
{
	(void)ctrlr;
	nvme_tcp_qpair_close(nvme_tcp_qpair(qpair));
	return 0;
}

/* ---- Requests --------------------------------------------------------- */

static void
nvme_tcp_req_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_request *req = arg;
	struct spdk_nvme_qpair *qpair = req->qpair;
	struct spdk_nvme_cpl c = *cpl;

	nvme_tcp_qpair(qpair)->completed++;
	nvme_tcp_qpair(qpair)->submit_tick[c.cid] = 0;
	c.sqid = qpair->id;
	if (nvme_unlikely(c.status_raw > 1u) && nvme_qpair_may_retry(qpair, req, &c)) {
		nvme_qpair_retry(qpair, req, &c);
		return;
	}
	nvme_qpair_complete_request(qpair, req, &c);
}

/*
 * A payload walked by the caller's SGL callbacks: its elements from the
 * request's offset on, at most NVME_TCP_MAX_SGES (ops.split_sges: the core
 * splits readv/writev with more; a request built otherwise gets -EINVAL).
 */
static int
nvme_tcp_sgl_iov(struct spdk_nvme_qpair *qpair, struct nvme_request *req, struct iovec *iov,
		 uint32_t *iovcnt)
{
	const struct nvme_sgl_payload *sgl = &req->sgl;
	uint32_t left = sgl->size, n = 0;

	sgl->reset_sgl_fn(sgl->cb_arg, sgl->offset);
	while (left > 0) {
		void *addr = NULL;
		uint32_t len = 0;

		if (sgl->next_sge_fn(sgl->cb_arg, &addr, &len) != 0 || len == 0) {
			EALNVME_ERRLOG("%s: NVMe/TCP qpair %u: next_sge callback failed or returned "
				       "an empty element with %u of %u payload bytes to describe",
				       nvme_ctrlr_name(qpair->ctrlr), qpair->id, left, sgl->size);
			return -EINVAL;
		}
		if (n == NVME_TCP_MAX_SGES) {
			EALNVME_ERRLOG("%s: NVMe/TCP qpair %u: a payload of %u bytes in more than %u "
				       "elements; one command takes at most %u (spdk_nvme_ctrlr_get_"
				       "max_sges): use fewer, larger elements or a smaller I/O",
				       nvme_ctrlr_name(qpair->ctrlr), qpair->id, sgl->size,
				       NVME_TCP_MAX_SGES, NVME_TCP_MAX_SGES);
			return -EINVAL;
		}
		iov[n].iov_base = addr;
		iov[n].iov_len = nvme_min(len, left);
		left -= (uint32_t)iov[n++].iov_len;
	}
	*iovcnt = n;
	return 0;
}

/* DSM ranges: copied into the slot's own page (the caller's are gone after the call). */
static int
nvme_tcp_dsm_buf(struct nvme_tcp_qpair *tq, struct nvme_request *req, void **buf,
		 uint32_t *len)
{
	int slot = nvme_tcp_qp_free_slot(&tq->tqp);

	if (slot < 0) {
		return -EAGAIN;
	}
	*len = (uint32_t)req->dsm.num_ranges * sizeof(struct spdk_nvme_dsm_range);
	if (tq->dsm_copy[slot] == NULL) {
		/* Once per slot, on the first DSM that uses it: not the read/write path. */
		tq->dsm_copy[slot] = malloc(4096);
		if (tq->dsm_copy[slot] == NULL) {
			return -ENOMEM;
		}
	}
	memcpy(tq->dsm_copy[slot], req->dsm.ranges, *len);
	*buf = tq->dsm_copy[slot];
	return 0;
}

/* Data direction from the opcode's low bits (NVMe Base §5.1; fabrics: FCTYPE). */
static inline unsigned int
nvme_tcp_xfer_dir(const struct spdk_nvme_cmd *cmd)
{
	if (cmd->opc == SPDK_NVME_OPC_FABRIC) {
		return ((const uint8_t *)cmd)[4] & 3u;
	}
	return cmd->opc & 3u;
}

int
nvme_tcp_qpair_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	struct nvme_tcp_qpair *tq = nvme_tcp_qpair(qpair);
	unsigned int dir = nvme_tcp_xfer_dir(&req->cmd);
	struct iovec iov[NVME_TCP_MAX_SGES];
	uint32_t len = req->payload_size, iovcnt = 1;
	void *buf = req->payload;
	int slot = -1, rc = 0;

	if (nvme_unlikely(req->payload_type != NVME_PAYLOAD_CONTIG)) {
		if (req->payload_type == NVME_PAYLOAD_SGL) {
			rc = nvme_tcp_sgl_iov(qpair, req, iov, &iovcnt);
			len = req->sgl.size;
		} else if (req->payload_type == NVME_PAYLOAD_DSM_RANGES) {
			rc = nvme_tcp_dsm_buf(tq, req, &buf, &len);
		} else {
			rc = -EINVAL;
		}
		if (rc != 0) {
			return rc;
		}
	}
	if (nvme_unlikely(req->cmd.mptr != 0 && req->cmd.opc != SPDK_NVME_OPC_FABRIC)) {
		EALNVME_ERRLOG("%s: NVMe/TCP qpair %u: separate metadata (DIX) cannot cross a "
			       "fabric; use a namespace format with extended LBAs",
			       nvme_ctrlr_name(qpair->ctrlr), qpair->id);
		return -EINVAL;
	}
	if (nvme_unlikely(dir == 3u && len > 0)) {
		EALNVME_ERRLOG("%s: NVMe/TCP qpair %u: bidirectional opcode 0x%02x is not supported",
			       nvme_ctrlr_name(qpair->ctrlr), qpair->id, req->cmd.opc);
		return -ENOTSUP;
	}
	if (dir == 0u) {
		len = 0;	/* the opcode moves no data */
	}
	if (nvme_unlikely(qpair->timeout_ticks != 0)) {
		slot = nvme_tcp_qp_free_slot(&tq->tqp);
		if (slot >= 0) {
			tq->submit_tick[slot] = spdk_get_ticks();
		}
	}
	if (nvme_likely(req->payload_type != NVME_PAYLOAD_SGL)) {
		iov[0].iov_base = buf;	/* a single buffer: a one-element list */
		iov[0].iov_len = len;
	}
	rc = nvme_tcp_qp_submitv(&tq->tqp, &req->cmd, iov, iovcnt, len, dir == 1u,
				 nvme_tcp_req_done, req);
	if (nvme_unlikely(rc != 0)) {
		if (slot >= 0) {
			tq->submit_tick[slot] = 0;	/* not sent: nothing to watch */
		}
		return rc != -ENOTCONN ? rc : -ENXIO;
	}
	return 0;
}

static __attribute__((noinline, cold)) void
nvme_tcp_qpair_failed(struct nvme_tcp_qpair *tq, int why)
{
	struct spdk_nvme_qpair *qpair = &tq->qpair;
	bool remote = why == -ECONNRESET || why == -EPIPE || why == -ECONNREFUSED ||
		      why == -ETIMEDOUT || why == -EHOSTUNREACH || why == -ENETUNREACH;

	EALNVME_ERRLOG("%s:%s: NVMe/TCP qpair %u: connection failed (%s); its commands ended "
		       "with ABORTED - SQ DELETION. %s once the target is back",
		       qpair->ctrlr->trid.traddr, qpair->ctrlr->trid.trsvcid, qpair->id,
		       strerror(-why), qpair->id == 0 ?
		       "Reset the controller (spdk_nvme_ctrlr_reset)" :
		       "Reconnect it (spdk_nvme_ctrlr_reconnect_io_qpair) or reset the controller");
	qpair->state = NVME_QPAIR_FAILED;
	qpair->failure_reason = remote ? SPDK_NVME_QPAIR_FAILURE_REMOTE :
				SPDK_NVME_QPAIR_FAILURE_UNKNOWN;
	nvme_qpair_abort_queued(qpair, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_SQ_DELETION);
	if (qpair->id == 0) {
		struct spdk_nvme_qpair *io;

		nvme_ctrlr_fail(qpair->ctrlr, "NVMe/TCP admin connection lost");
		/*
		 * The association ends with its admin queue (NVMe-oF 1.1 §3.5): the
		 * I/O queues are gone too, although their sockets may not say so
		 * yet.  Each completes what it had at its own next poll.
		 */
		TAILQ_FOREACH(io, &qpair->ctrlr->active_io_qpairs, link) {
			if (io->state == NVME_QPAIR_FAILED) {
				io->abort_on_next_poll = true;
			}
		}
	}
}

int32_t
nvme_tcp_qpair_process_completions(struct spdk_nvme_qpair *qpair, uint32_t max)
{
	struct nvme_tcp_qpair *tq = nvme_tcp_qpair(qpair);
	int rc;

	/* Everything that arrived is taken (at most one receive batch). */
	(void)max;
	tq->completed = 0;
	if (nvme_unlikely(!tq->connected)) {
		return -ENXIO;
	}
	rc = nvme_tcp_qp_poll(&tq->tqp);
	if (nvme_unlikely(rc < 0)) {
		nvme_tcp_qpair_failed(tq, rc);
		return -ENXIO;
	}
	if (nvme_unlikely(!STAILQ_EMPTY(&qpair->queued_req)) &&
	    qpair->state == NVME_QPAIR_ENABLED) {
		nvme_qpair_resubmit_queued(qpair);
	}
	return (int32_t)tq->completed;
}

void
nvme_tcp_qpair_abort_outstanding(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc,
				 bool dnr)
{
	struct nvme_tcp_qpair *tq = nvme_tcp_qpair(qpair);
	struct nvme_tcp_qp *qp = &tq->tqp;
	bool any = qp->tx.queued > 0;

	for (uint16_t i = 0; i < qp->num_slots; i++) {
		struct nvme_tcp_slot *s = &qp->slots[i];
		struct spdk_nvme_cpl cpl = { 0 };

		if (!s->busy) {
			continue;
		}
		any = true;
		s->busy = false;
		qp->outstanding--;
		cpl.cid = i;
		cpl.sqid = qpair->id;
		cpl.status.sct = sct;
		cpl.status.sc = sc;
		cpl.status.dnr = dnr;
		/* The slot's own callback: a request's, or a set-up wait's. */
		s->cb(s->cb_arg, &cpl);
	}
	if (any && tq->connected) {
		/* Queued PDUs point into the buffers just handed back, and a PDU
		 * half sent cannot be taken back: this connection is done. */
		nvme_tcp_tx_drop(&qp->tx);
		nvme_tcp_conn_close(&qp->conn);
		qp->conn.state = NVME_TCP_CONN_FAILED;
		qp->conn.error = -ECONNABORTED;
	}
}

int
nvme_tcp_qpair_iterate_outstanding(struct spdk_nvme_qpair *qpair,
				   int (*fn)(struct nvme_request *req, uint16_t cid, void *arg),
				   void *arg)
{
	struct nvme_tcp_qp *qp = &nvme_tcp_qpair(qpair)->tqp;

	for (uint16_t i = 0; i < qp->num_slots; i++) {
		if (qp->slots[i].busy) {
			int rc = fn(qp->slots[i].cb_arg, i, arg);

			if (rc != 0) {
				return rc;
			}
		}
	}
	return 0;
}

uint16_t
nvme_tcp_qpair_get_queue_depth(struct spdk_nvme_qpair *qpair)
{
	return nvme_tcp_qpair(qpair)->tqp.outstanding;
}

/* As the PCIe transport's: once per late command, scanning only when one can be late. */
void
nvme_tcp_qpair_check_timeouts(struct spdk_nvme_qpair *qpair, uint64_t now)
{
	struct nvme_tcp_qpair *tq = nvme_tcp_qpair(qpair);
	struct spdk_nvme_ctrlr *ctrlr = qpair->ctrlr;
	uint64_t next = now + qpair->timeout_ticks;

	if (nvme_likely(now < tq->next_timeout_check) || !tq->connected) {
		return;
	}
	for (uint16_t i = 0; i < tq->tqp.num_slots; i++) {
		const struct nvme_tcp_slot *s = &tq->tqp.slots[i];
		const struct nvme_request *req = s->cb_arg;
		uint64_t deadline = tq->submit_tick[i] + qpair->timeout_ticks;

		if (!s->busy || tq->submit_tick[i] == 0 ||
		    /* An ASYNC EVENT REQUEST is meant to stay outstanding. */
		    (qpair->id == 0 && req->cmd.opc == SPDK_NVME_OPC_ASYNC_EVENT_REQUEST)) {
			continue;
		}
		if (now < deadline) {
			next = nvme_min(next, deadline);
			continue;
		}
		tq->submit_tick[i] = 0;		/* once per command */
		if (ctrlr->timeout_cb_fn != NULL) {
			ctrlr->timeout_cb_fn(ctrlr->timeout_cb_arg, ctrlr, qpair->id == 0 ? NULL : qpair,
					     i);
		}
		if (qpair->timeout_ticks == 0 || !tq->connected) {
			return;		/* the callback unregistered, or reset */
		}
	}
	tq->next_timeout_check = next;
}
