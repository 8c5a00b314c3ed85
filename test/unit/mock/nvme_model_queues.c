/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: submission and completion queues.  Doorbells, command
 * fetch and dispatch, completion posting (never over an unconsumed CQE:
 * fetching stalls on a full CQ, and completions that find no room are
 * deferred), forged completions for the tests, and the shadow doorbells /
 * EventIdx of Doorbell Buffer Config (§5.8).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_model_internal.h"

/* ======================================================================== */
/* Completion posting                                                       */
/* ======================================================================== */

bool
model_status_default_dnr(uint8_t sct, uint8_t sc)
{
	if (sct == SPDK_NVME_SCT_GENERIC) {
		switch (sc) {
		case SPDK_NVME_SC_SUCCESS:
		case SPDK_NVME_SC_DATA_TRANSFER_ERROR:
		case SPDK_NVME_SC_INTERNAL_DEVICE_ERROR:
		case SPDK_NVME_SC_ABORTED_BY_REQUEST:
		case SPDK_NVME_SC_ABORTED_SQ_DELETION:
		case SPDK_NVME_SC_ABORTED_POWER_LOSS:
		case SPDK_NVME_SC_NAMESPACE_NOT_READY:
			return false;
		default:
			return true;
		}
	}
	return sct != SPDK_NVME_SCT_PATH;
}

static inline uint32_t
cq_used(const struct model_cq *cq)
{
	return (cq->tail + cq->size - cq->head) % cq->size;
}

/* Free CQ slots not promised to deferred completions. */
static inline uint32_t
cq_room(const struct model_cq *cq)
{
	uint32_t free_slots = cq->size - 1 - cq_used(cq);

	return free_slots > cq->ndeferred ? free_slots - cq->ndeferred : 0;
}

static inline void
cq_write_phase(struct model_cq *cq, const struct spdk_nvme_cpl *cpl, uint8_t phase)
{
	volatile uint32_t *dst = (volatile uint32_t *)&cq->base[cq->tail];
	const uint32_t *src = (const uint32_t *)cpl;
	struct spdk_nvme_cpl last = *cpl;

	last.status.p = phase & 1;
	/* Dword 3 (CID, status and phase) last, as a device would. */
	dst[0] = src[0];
	dst[1] = src[1];
	dst[2] = src[2];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	dst[3] = ((const uint32_t *)&last)[3];
	if (++cq->tail == cq->size) {
		cq->tail = 0;
		cq->phase ^= 1;
	}
}

static inline void
cq_write(struct model_cq *cq, const struct spdk_nvme_cpl *cpl)
{
	cq_write_phase(cq, cpl, cq->phase);
}

int
nvme_model_forge_cqe(struct nvme_model *m, uint16_t cqid, const struct spdk_nvme_cpl *cpl,
		     bool raw_phase)
{
	struct model_cq *cq;

	if (cqid > m->max_qid || !m->cq[cqid].valid) {
		return -EINVAL;
	}
	cq = &m->cq[cqid];
	if (cq->size - 1 - cq_used(cq) == 0) {
		return -ENOSPC;
	}
	cq_write_phase(cq, cpl, raw_phase ? cpl->status.p : cq->phase);
	return 0;
}

static int
cq_defer(struct model_cq *cq, const struct spdk_nvme_cpl *cpl)
{
	if (cq->ndeferred == cq->cap_deferred) {
		uint32_t cap = cq->cap_deferred ? cq->cap_deferred * 2 : 16;
		struct pending_cpl *d = realloc(cq->deferred, cap * sizeof(*d));

		if (d == NULL) {
			return -ENOMEM;
		}
		cq->deferred = d;
		cq->cap_deferred = cap;
	}
	cq->deferred[cq->ndeferred++].cpl = *cpl;
	return 0;
}

static void
cq_post(struct nvme_model *m, struct model_cq *cq, const struct spdk_nvme_cpl *cpl)
{
	if (cq->ndeferred == 0 && cq->size - 1 - cq_used(cq) > 0) {
		cq_write(cq, cpl);
		m->stats.cqes_posted++;
	} else if (cq_defer(cq, cpl) != 0) {
		model_error(m, "out of memory deferring a completion");
	}
}

/* Post deferred completions while there is room. */
static void
cq_flush_deferred(struct nvme_model *m, struct model_cq *cq)
{
	uint32_t done = 0;

	while (done < cq->ndeferred && cq->size - 1 - cq_used(cq) > 0) {
		cq_write(cq, &cq->deferred[done].cpl);
		m->stats.cqes_posted++;
		done++;
	}
	if (done > 0) {
		memmove(cq->deferred, cq->deferred + done,
			(cq->ndeferred - done) * sizeof(*cq->deferred));
		cq->ndeferred -= done;
	}
}

static void
error_log_add(struct nvme_model *m, const struct spdk_nvme_cpl *cpl, uint32_t nsid)
{
	uint32_t n = (uint32_t)m->opts.elpe + 1;
	struct spdk_nvme_error_information_entry *e;

	if (m->nerrlog < n) {
		m->nerrlog++;
	}
	memmove(&m->errlog[1], &m->errlog[0], (m->nerrlog - 1) * sizeof(*e));
	e = &m->errlog[0];
	memset(e, 0, sizeof(*e));
	e->error_count = ++m->error_count;
	e->sqid = cpl->sqid;
	e->cid = cpl->cid;
	e->status = cpl->status;
	e->status.p = 0;
	e->error_location = 0xffff;
	e->nsid = nsid;
}

/* Complete command c with the given status; posts to the CQ of its SQ. */
void
model_complete_cmd(struct nvme_model *m, struct model_cmd *c, uint32_t cdw0, uint8_t sct,
		   uint8_t sc, bool dnr)
{
	struct model_sq *sq = &m->sq[c->sqid];
	struct model_cq *cq = &m->cq[sq->cqid];
	struct nvme_model_cmd_record *rec = cmd_rec(c);
	struct spdk_nvme_cpl cpl;

	memset(&cpl, 0, sizeof(cpl));
	cpl.cdw0 = cdw0;
	cpl.sqhd = (uint16_t)sq->head;
	cpl.sqid = c->sqid;
	cpl.cid = c->sqe.cid;
	cpl.status.sc = sc;
	cpl.status.sct = sct & 0x7;
	cpl.status.dnr = dnr;

	if (rec != NULL) {
		rec->completed = true;
		rec->sct = sct;
		rec->sc = sc;
		rec->cdw0 = cdw0;
	}
	if (sct != SPDK_NVME_SCT_GENERIC || sc != SPDK_NVME_SC_SUCCESS) {
		error_log_add(m, &cpl, c->sqe.nsid);
	}

	switch (c->cqe_fault) {
	case NVME_MODEL_CQE_BAD_CID:
		cpl.cid = c->cqe_fault_value;
		break;
	case NVME_MODEL_CQE_BAD_SQID:
		cpl.sqid = c->cqe_fault_value;
		break;
	case NVME_MODEL_CQE_BAD_SQHD:
		cpl.sqhd = c->cqe_fault_value;
		break;
	case NVME_MODEL_CQE_DUPLICATE:
		cq_post(m, cq, &cpl);
		break;
	default:
		break;
	}
	cq_post(m, cq, &cpl);
}

/* ======================================================================== */
/* Queue teardown                                                           */
/* ======================================================================== */

void
model_drop_queue(struct nvme_model *m, uint16_t qid, bool is_cq)
{
	if (is_cq) {
		struct model_cq *cq = &m->cq[qid];

		free(cq->deferred);
		memset(cq, 0, sizeof(*cq));
	} else {
		struct model_sq *sq = &m->sq[qid];

		if (sq->valid && m->cq[sq->cqid].valid) {
			m->cq[sq->cqid].nsq--;
		}
		memset(sq, 0, sizeof(*sq));
	}
}

/* ======================================================================== */
/* Doorbell Buffer Config (§5.8): shadow doorbells and EventIdx             */
/* ======================================================================== */

/*
 * Dword index of a queue's doorbell in the shadow and EventIdx pages (laid
 * out as the doorbell registers, CAP.DSTRD included), or -1: not configured,
 * or beyond the one page.
 */
int64_t
model_dbbuf_index(const struct nvme_model *m, uint16_t qid, bool is_cq)
{
	uint64_t off = (2ull * qid + (is_cq ? 1u : 0u)) * m->db_stride;

	if (m->dbbuf_shadow == NULL || off + sizeof(uint32_t) > m->page_size) {
		return -1;
	}
	return (int64_t)(off / sizeof(uint32_t));
}

/* I/O queues take their values from the page; the admin queue from MMIO. */
static int64_t
dbbuf_io_index(const struct nvme_model *m, uint16_t qid, bool is_cq)
{
	return qid == 0 ? -1 : model_dbbuf_index(m, qid, is_cq);
}

/* An admin doorbell written through MMIO is copied into the page, as QEMU does. */
static void
dbbuf_mirror_admin(struct nvme_model *m, bool is_cq, uint32_t val)
{
	int64_t i = model_dbbuf_index(m, 0, is_cq);

	if (i >= 0) {
		m->dbbuf_shadow[i] = val;
	}
}

/* SQ tail from the shadow page; false (and CFS) if the host wrote nonsense there. */
static bool
dbbuf_read_sq_tail(struct nvme_model *m, uint16_t qid)
{
	struct model_sq *sq = &m->sq[qid];
	int64_t i = dbbuf_io_index(m, qid, false);
	uint32_t val, pending_new, pending_old;

	if (i < 0 || !sq->valid) {
		return true;
	}
	val = m->dbbuf_shadow[i];
	/* SQ entries are read after the tail that covers them. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (val >= sq->size) {
		goto bad;
	}
	pending_new = (val + sq->size - sq->head) % sq->size;
	pending_old = (sq->tail + sq->size - sq->head) % sq->size;
	if (pending_new < pending_old) {
		goto bad;
	}
	sq->tail = val;
	return true;
bad:
	model_error(m, "SQ %u shadow tail doorbell %u invalid (size %u, head %u, tail %u)",
		    qid, val, sq->size, sq->head, sq->tail);
	model_set_fatal(m);
	return false;
}

static void
dbbuf_read_cq_head(struct nvme_model *m, uint16_t cqid)
{
	struct model_cq *cq = &m->cq[cqid];
	int64_t i = dbbuf_io_index(m, cqid, true);
	uint32_t val;

	if (i < 0 || !cq->valid) {
		return;
	}
	val = m->dbbuf_shadow[i];
	if (val >= cq->size || (val + cq->size - cq->head) % cq->size > cq_used(cq)) {
		model_error(m, "CQ %u shadow head doorbell %u invalid (size %u, head %u, tail %u)",
			    cqid, val, cq->size, cq->head, cq->tail);
		model_set_fatal(m);
		return;
	}
	cq->head = val;
}

/*
 * The SQ is drained: set its EventIdx to the tail seen (the host rings MMIO
 * only for a tail beyond it), then look at the shadow tail once more after a
 * full barrier.  True if the host added commands meanwhile.
 */
static bool
dbbuf_sq_rearm(struct nvme_model *m, uint16_t qid)
{
	struct model_sq *sq = &m->sq[qid];
	int64_t i = dbbuf_io_index(m, qid, false);
	uint32_t seen = sq->tail;

	if (i < 0 || !sq->valid || sq->head != sq->tail || !controller_running(m)) {
		return false;
	}
	m->dbbuf_eventidx[i] = seen;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return dbbuf_read_sq_tail(m, qid) && sq->tail != seen;
}

/* After posting: the CQ's EventIdx is the head the model has seen. */
static void
dbbuf_publish_cq_head(struct nvme_model *m, uint16_t cqid)
{
	int64_t i = dbbuf_io_index(m, cqid, true);

	if (i >= 0 && m->cq[cqid].valid) {
		m->dbbuf_eventidx[i] = m->cq[cqid].head;
	}
}

/* ======================================================================== */
/* Fetch, dispatch and doorbells                                            */
/* ======================================================================== */

/* Execute one fetched command and complete it unless it stays outstanding. */
void
model_execute(struct nvme_model *m, struct model_cmd *c)
{
	struct cmd_status st = { 0, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS };
	bool outstanding;

	if (c->sqid == 0) {
		outstanding = model_exec_admin(m, c, &st);
	} else if (m->opts.fused_compare_write && model_fused_take(m, c)) {
		return;
	} else {
		model_exec_io(m, c, &st);
		outstanding = false;
	}
	if (!outstanding) {
		model_complete_cmd(m, c, st.cdw0, st.sct, st.sc,
				   model_status_default_dnr(st.sct, st.sc));
	}
}

/* Fetch and execute SQ qid from its head to its tail, as long as its CQ has room. */
static void
sq_fetch(struct nvme_model *m, uint16_t qid)
{
	struct model_sq *sq = &m->sq[qid];
	struct model_cq *cq = &m->cq[sq->cqid];

	while (sq->valid && sq->head != sq->tail) {
		struct model_cmd c;
		bool held = false;
		uint32_t i;

		if (!controller_running(m)) {
			return;
		}
		if (cq_room(cq) == 0) {
			/* Never overwrite an unconsumed CQE: wait for the CQ head doorbell. */
			if (!cq->stalled) {
				m->stats.cq_full_stalls++;
			}
			cq->stalled = true;
			return;
		}
		if (m->cfs_countdown != 0 && --m->cfs_countdown == 0) {
			model_note(m, "CSTS.CFS at command fetch");
			model_set_fatal(m);
			return;
		}

		c.sqe = sq->base[sq->head];
		c.sqid = qid;
		c.cqe_fault = -1;
		c.cqe_fault_value = 0;
		c.rec = model_log_new(m, qid, &c.sqe);
		c.seq = m->seq;
		sq->head = (sq->head + 1) % sq->size;
		m->stats.cmds_fetched++;
		if (qid == 0) {
			m->stats.admin_cmds[c.sqe.opc]++;
		} else {
			m->stats.io_cmds[c.sqe.opc]++;
		}

		if (m->nrules != 0) {
			bool status_done = false, fault_set = false;
			struct fault_rule *status_rule = NULL;

			for (i = 0; i < m->nrules; i++) {
				struct fault_rule *r = &m->rules[i];

				if (!model_rule_matches(r, qid, c.sqe.opc)) {
					continue;
				}
				if (r->kind == RULE_BAD_CQE && !fault_set) {
					c.cqe_fault = (int)r->cqe_kind;
					c.cqe_fault_value = r->value;
					r->remaining--;
					fault_set = true;
				} else if (r->kind == RULE_HOLD && !held && !status_done) {
					held = true;
					r->remaining--;
				} else if (r->kind == RULE_STATUS && !held && !status_done) {
					status_rule = r;
					status_done = true;
					r->remaining--;
				}
			}
			model_rules_compact(m);
			if (held) {
				if (model_hold_cmd(m, &c) != 0) {
					model_error(m, "out of memory holding a command");
				}
				continue;
			}
			if (status_rule != NULL) {
				model_complete_cmd(m, &c, 0, status_rule->sct, status_rule->sc,
						   status_rule->dnr);
				continue;
			}
		}
		model_execute(m, &c);
	}
	cq->stalled = false;
}

/*
 * Process SQ qid.  With shadow doorbells, the tail (and the CQ's head) come
 * from the shadow page; once the SQ is drained the EventIdx is set to the
 * tail seen, and the shadow tail read again after a full barrier, so a tail
 * the host wrote without an MMIO doorbell (it saw the old EventIdx) is not
 * missed.
 */
static void
sq_process(struct nvme_model *m, uint16_t qid)
{
	uint16_t cqid = m->sq[qid].cqid;

	dbbuf_read_cq_head(m, cqid);
	if (!dbbuf_read_sq_tail(m, qid)) {
		return;
	}
	do {
		sq_fetch(m, qid);
	} while (dbbuf_sq_rearm(m, qid));
	dbbuf_publish_cq_head(m, cqid);
}

/* After a CQ head doorbell: post deferred completions, resume stalled SQs. */
static void
cq_resume(struct nvme_model *m, uint16_t cqid)
{
	struct model_cq *cq = &m->cq[cqid];
	uint16_t q;

	if (cq->ndeferred != 0) {
		cq_flush_deferred(m, cq);
	}
	if (!cq->stalled) {
		return;
	}
	cq->stalled = false;
	for (q = 0; q <= m->max_qid; q++) {
		if (m->sq[q].valid && m->sq[q].cqid == cqid && m->sq[q].head != m->sq[q].tail) {
			sq_process(m, q);
		}
	}
}

void
model_doorbell_write(struct nvme_model *m, uint32_t offset, uint32_t val)
{
	uint32_t idx = (offset - REG_DOORBELL) / m->db_stride;
	uint16_t qid = (uint16_t)(idx / 2);
	bool is_cq = (idx & 1) != 0;

	if ((offset - REG_DOORBELL) % m->db_stride != 0 || qid > m->max_qid) {
		model_error(m, "write 0x%x to 0x%x, which is no doorbell register", val, offset);
		model_set_fatal(m);
		return;
	}
	model_kato_check(m);
	if (is_cq) {
		m->stats.cq_doorbells++;
	} else {
		m->stats.sq_doorbells++;
	}
	if (!controller_running(m)) {
		model_error(m, "%s doorbell %u written while the controller is not ready "
			    "(RDY=%u CFS=%u SHST=%u)", is_cq ? "CQ" : "SQ", qid,
			    m->csts.bits.rdy, m->csts.bits.cfs, m->csts.bits.shst);
		return;
	}

	if (is_cq) {
		struct model_cq *cq = &m->cq[qid];
		uint32_t consumed, outstanding;

		if (!cq->valid) {
			model_error(m, "CQ %u head doorbell written, but CQ %u does not exist",
				    qid, qid);
			model_set_fatal(m);
			return;
		}
		consumed = (val + cq->size - cq->head) % cq->size;
		outstanding = cq_used(cq);
		if (val >= cq->size || consumed > outstanding) {
			model_error(m, "CQ %u head doorbell %u invalid (size %u, head %u, tail %u)",
				    qid, val, cq->size, cq->head, cq->tail);
			model_set_fatal(m);
			return;
		}
		cq->head = val;
		if (qid == 0) {
			dbbuf_mirror_admin(m, true, val);
		}
		if (cq->stalled || cq->ndeferred != 0) {
			cq_resume(m, qid);
		}
	} else {
		struct model_sq *sq = &m->sq[qid];
		uint32_t pending_new, pending_old;

		if (!sq->valid) {
			model_error(m, "SQ %u tail doorbell written, but SQ %u does not exist",
				    qid, qid);
			model_set_fatal(m);
			return;
		}
		pending_new = (val + sq->size - sq->head) % sq->size;
		pending_old = (sq->tail + sq->size - sq->head) % sq->size;
		if (val >= sq->size || pending_new < pending_old) {
			model_error(m, "SQ %u tail doorbell %u invalid (size %u, head %u, tail %u)",
				    qid, val, sq->size, sq->head, sq->tail);
			model_set_fatal(m);
			return;
		}
		sq->tail = val;
		if (qid == 0) {
			dbbuf_mirror_admin(m, false, val);
		}
		if (qid == 0 || m->opts.run_io_on_doorbell) {
			sq_process(m, qid);
		}
	}
}

void
nvme_model_run(struct nvme_model *m)
{
	uint16_t q;

	if (m == NULL || !controller_running(m)) {
		return;
	}
	for (q = 0; q <= m->max_qid; q++) {
		if (m->cq[q].valid) {
			dbbuf_read_cq_head(m, q);
			if (m->cq[q].stalled || m->cq[q].ndeferred != 0) {
				cq_resume(m, q);
			}
		}
	}
	for (q = 0; q <= m->max_qid; q++) {
		if (m->sq[q].valid) {
			sq_process(m, q);
		}
	}
}
