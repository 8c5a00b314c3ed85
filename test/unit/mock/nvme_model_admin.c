/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: the mandatory admin commands (§5) and their dispatch:
 * Get/Set Features (thermal thresholds included), I/O queue creation and
 * deletion, Abort, Asynchronous Event Request, Keep Alive and Doorbell
 * Buffer Config.  Identify and Get Log Page are in
 * nvme_model_admin_identify.c, the optional commands advertised in OACS in
 * nvme_model_admin_oacs.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_model_internal.h"

/* ======================================================================== */
/* Admin commands (§5)                                                      */
/* ======================================================================== */

/* ---- Thermal and keep-alive ------------------------------------------------ */

bool
model_temp_out_of_range(const struct nvme_model *m)
{
	return m->temperature > m->temp_over || (m->temp_under != 0 && m->temperature < m->temp_under);
}

/* A temperature threshold crossed: SMART event if Async Event Configuration enables it. */
static void
model_temp_check(struct nvme_model *m)
{
	union spdk_nvme_feat_async_event_configuration aec = {
		.raw = m->features[SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION]
	};

	if (model_temp_out_of_range(m) && aec.bits.crit_warn.bits.temperature) {
		nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_SMART,
					    SPDK_NVME_ASYNC_EVENT_TEMPERATURE_THRESHOLD,
					    SPDK_NVME_LOG_HEALTH_INFORMATION);
	}
}

/* Feature 04h (§5.21.1.4): TMPTH 15:0, TMPSEL 19:16 (0 = composite), THSEL 21:20. */
static void
admin_set_temp_threshold(struct nvme_model *m, uint32_t cdw11, struct cmd_status *st)
{
	uint16_t tmpth = (uint16_t)(cdw11 & 0xffff);
	uint32_t tmpsel = (cdw11 >> 16) & 0xf;
	uint32_t thsel = (cdw11 >> 20) & 0x3;

	if (thsel > 1 || tmpsel != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (thsel == 0) {
		m->temp_over = tmpth;
	} else {
		m->temp_under = tmpth;
	}
	m->features[SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD] = m->temp_over;
	model_temp_check(m);
}

/* Keep Alive Timer (§7.12.1): no KEEP ALIVE within KATO -> CSTS.CFS. */
void
model_kato_check(struct nvme_model *m)
{
	uint32_t kato = m->features[SPDK_NVME_FEAT_KEEP_ALIVE_TIMER];

	if (kato == 0 || m->opts.kas == 0 || m->kato_expired || !controller_running(m)) {
		return;
	}
	if (spdk_get_ticks() - m->last_keep_alive_tick > model_ms_to_ticks(kato)) {
		m->kato_expired = true;
		model_note(m, "keep alive timer expired: CSTS.CFS");
		model_set_fatal(m);
	}
}

void
model_default_features(struct nvme_model *m)
{
	memset(m->features, 0, sizeof(m->features));
	m->features[SPDK_NVME_FEAT_ARBITRATION] = SPDK_NVME_ARBITRATION_BURST_UNLIMITED;
	m->features[SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD] = 343;	/* WCTEMP */
	m->features[SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE] = m->opts.vwc ? 1 : 0;
	m->features[SPDK_NVME_FEAT_NUMBER_OF_QUEUES] =
		(uint32_t)(m->max_qid - 1) | ((uint32_t)(m->max_qid - 1) << 16);
}

static bool
feature_supported(const struct nvme_model *m, uint8_t fid)
{
	switch (fid) {
	case SPDK_NVME_FEAT_ARBITRATION:
	case SPDK_NVME_FEAT_POWER_MANAGEMENT:
	case SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD:
	case SPDK_NVME_FEAT_ERROR_RECOVERY:
	case SPDK_NVME_FEAT_NUMBER_OF_QUEUES:
	case SPDK_NVME_FEAT_INTERRUPT_COALESCING:
	case SPDK_NVME_FEAT_INTERRUPT_VECTOR_CONFIGURATION:
	case SPDK_NVME_FEAT_WRITE_ATOMICITY:
	case SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION:
	case SPDK_NVME_FEAT_SOFTWARE_PROGRESS_MARKER:
		return true;
	case SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE:
		return m->opts.vwc;
	case SPDK_NVME_FEAT_KEEP_ALIVE_TIMER:
		return m->opts.kas != 0;
	default:
		return false;
	}
}

static bool
any_io_queue(const struct nvme_model *m)
{
	uint16_t q;

	for (q = 1; q <= m->max_qid; q++) {
		if (m->sq[q].valid || m->cq[q].valid) {
			return true;
		}
	}
	return false;
}

static void
admin_set_features(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint8_t fid = cmd->cdw10_bits.set_features.fid;

	if (!feature_supported(m, fid)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (cmd->cdw10_bits.set_features.sv) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_FEATURE_ID_NOT_SAVEABLE);
		return;
	}
	if (fid == SPDK_NVME_FEAT_NUMBER_OF_QUEUES) {
		union spdk_nvme_feat_number_of_queues req = cmd->cdw11_bits.feat_num_of_queues;
		union spdk_nvme_feat_number_of_queues got;

		/* Only before any I/O queue exists (§5.21.1.7). */
		if (any_io_queue(m)) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR);
			return;
		}
		if (req.bits.nsqr == 0xffff || req.bits.ncqr == 0xffff) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			return;
		}
		/* Both 0's based; grant at most max_io_queues. */
		got.bits.nsqr = req.bits.nsqr < m->max_qid - 1u ? req.bits.nsqr : m->max_qid - 1u;
		got.bits.ncqr = req.bits.ncqr < m->max_qid - 1u ? req.bits.ncqr : m->max_qid - 1u;
		m->nsqa = (uint16_t)(got.bits.nsqr + 1);
		m->ncqa = (uint16_t)(got.bits.ncqr + 1);
		m->num_queues_set = true;
		m->features[fid] = got.raw;
		st->cdw0 = got.raw;
		return;
	}
	if (fid == SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD) {
		admin_set_temp_threshold(m, cmd->cdw11, st);
		return;
	}
	m->features[fid] = cmd->cdw11;
	if (fid == SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) {
		/* The timer starts now (§7.12.1). */
		m->last_keep_alive_tick = spdk_get_ticks();
		m->kato_expired = false;
	}
}

static void
admin_get_features(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint8_t fid = cmd->cdw10_bits.get_features.fid;

	if (!feature_supported(m, fid)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	switch (cmd->cdw10_bits.get_features.sel) {
	case 0x0:
		st->cdw0 = m->features[fid];
		if (fid == SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD) {
			/* Per THSEL in CDW11 (§5.21.1.4). */
			st->cdw0 = ((cmd->cdw11 >> 20) & 3) == 1 ? m->temp_under : m->temp_over;
		}
		break;
	case 0x1:
	case 0x2: {
		uint32_t saved[256];

		memcpy(saved, m->features, sizeof(saved));
		model_default_features(m);
		st->cdw0 = m->features[fid];
		memcpy(m->features, saved, sizeof(saved));
		break;
	}
	case 0x3:
		st->cdw0 = 0x4;	/* changeable, not saveable, not namespace specific */
		break;
	default:
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		break;
	}
}

/* PRP1 of CREATE I/O CQ/SQ: page aligned, and bytes of contiguous DMA memory. */
static void *
map_new_queue(struct nvme_model *m, const char *what, uint16_t qid, uint64_t prp1,
	      uint32_t bytes, struct cmd_status *st)
{
	void *va;

	if ((prp1 & (m->page_size - 1)) != 0) {
		model_error(m, "CREATE IO %s %u: PRP1 0x%llx is not page aligned", what, qid,
			    (unsigned long long)prp1);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_PRP_OFFSET);
		return NULL;
	}
	va = model_map_queue(m, prp1, bytes);
	if (va == NULL) {
		m->stats.dma_errors++;
		model_error(m, "CREATE IO %s %u: PRP1 0x%llx is not the IOVA of %u bytes of "
			    "contiguous DMA memory", what, qid, (unsigned long long)prp1, bytes);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
	}
	return va;
}

static void
admin_create_cq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint16_t qid = cmd->cdw10_bits.create_io_q.qid;
	uint32_t size = (uint32_t)cmd->cdw10_bits.create_io_q.qsize + 1;
	uint64_t prp1 = cmd->dptr.prp.prp1;
	struct model_cq *cq;
	void *va;

	if (qid == 0 || qid > m->ncqa || m->cq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	if (size < 2 || size > (uint32_t)m->cap.bits.mqes + 1) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_SIZE);
		return;
	}
	if (!cmd->cdw11_bits.create_io_cq.pc) {
		/* CAP.CQR = 1: queues must be physically contiguous. */
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (cmd->cdw11_bits.create_io_cq.ien && cmd->cdw11_bits.create_io_cq.iv >= 32) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_INTERRUPT_VECTOR);
		return;
	}
	va = map_new_queue(m, "CQ", qid, prp1, size * CQE_SIZE, st);
	if (va == NULL) {
		return;
	}
	cq = &m->cq[qid];
	memset(cq, 0, sizeof(*cq));
	cq->valid = true;
	cq->phase = 1;
	cq->size = size;
	cq->iova = prp1;
	cq->base = va;
}

static void
admin_create_sq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint16_t qid = cmd->cdw10_bits.create_io_q.qid;
	uint32_t size = (uint32_t)cmd->cdw10_bits.create_io_q.qsize + 1;
	uint16_t cqid = cmd->cdw11_bits.create_io_sq.cqid;
	uint64_t prp1 = cmd->dptr.prp.prp1;
	struct model_sq *sq;
	void *va;

	if (qid == 0 || qid > m->nsqa || m->sq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	if (size < 2 || size > (uint32_t)m->cap.bits.mqes + 1) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_SIZE);
		return;
	}
	if (cqid == 0 || cqid > m->max_qid || !m->cq[cqid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_COMPLETION_QUEUE_INVALID);
		return;
	}
	if (!cmd->cdw11_bits.create_io_sq.pc) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	va = map_new_queue(m, "SQ", qid, prp1, size * SQE_SIZE, st);
	if (va == NULL) {
		return;
	}
	sq = &m->sq[qid];
	memset(sq, 0, sizeof(*sq));
	sq->valid = true;
	sq->cqid = cqid;
	sq->size = size;
	sq->iova = prp1;
	sq->base = va;
	m->cq[cqid].nsq++;
}

static void
admin_delete_sq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint16_t qid = c->sqe.cdw10_bits.delete_io_q.qid;
	uint32_t i, kept = 0;

	if (qid == 0 || qid > m->max_qid || !m->sq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	/* Outstanding commands complete as aborted before the delete does (§5.7). */
	for (i = 0; i < m->nheld; i++) {
		struct model_cmd held = m->held[i];

		if (held.sqid == qid) {
			model_complete_cmd(m, &held, 0, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_ABORTED_SQ_DELETION, false);
		} else {
			m->held[kept++] = held;
		}
	}
	m->nheld = kept;
	model_drop_queue(m, qid, false);
}

static void
admin_delete_cq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint16_t qid = c->sqe.cdw10_bits.delete_io_q.qid;

	if (qid == 0 || qid > m->max_qid || !m->cq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	if (m->cq[qid].nsq != 0) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_DELETION);
		return;
	}
	model_drop_queue(m, qid, true);
}

static void
admin_abort(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint16_t sqid = c->sqe.cdw10_bits.abort.sqid;
	uint16_t cid = c->sqe.cdw10_bits.abort.cid;
	uint32_t i;

	/* Only held commands are still in the controller; anything else is gone. */
	for (i = 0; i < m->nheld; i++) {
		if (m->held[i].sqid == sqid && m->held[i].sqe.cid == cid) {
			struct model_cmd victim = m->held[i];

			memmove(&m->held[i], &m->held[i + 1], (m->nheld - i - 1) * sizeof(*m->held));
			m->nheld--;
			model_complete_cmd(m, &victim, 0, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_ABORTED_BY_REQUEST, false);
			st->cdw0 = 0;	/* aborted */
			return;
		}
	}
	st->cdw0 = 1;	/* bit 0: command not aborted */
}

/*
 * Complete AERs with pending events.  A reported event masks its type until
 * the host reads the log page it named with RAE clear (§5.2); events of a
 * masked type wait.
 */
void
model_aer_deliver(struct nvme_model *m)
{
	uint32_t i = 0;

	while (m->naers > 0 && i < m->npending_events) {
		union spdk_nvme_async_event_completion ev = { .raw = m->pending_events[i] };
		uint8_t type = ev.bits.async_event_type;
		struct model_cmd aer;

		if (m->aen_masked & (1u << type)) {
			i++;
			continue;
		}
		aer = m->aers[0];
		memmove(&m->aers[0], &m->aers[1], (m->naers - 1) * sizeof(*m->aers));
		m->naers--;
		memmove(&m->pending_events[i], &m->pending_events[i + 1],
			(m->npending_events - i - 1) * sizeof(*m->pending_events));
		m->npending_events--;
		m->aen_masked |= (uint8_t)(1u << type);
		m->aen_masked_lid[type] = ev.bits.log_page_identifier;
		model_complete_cmd(m, &aer, ev.raw, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS,
				   false);
	}
}

/* Returns true if the command was kept outstanding. */
static bool
admin_aer(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	if (m->naers >= (uint32_t)m->opts.aerl + 1) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
			   SPDK_NVME_SC_ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED);
		return false;
	}
	m->aers[m->naers++] = *c;
	model_aer_deliver(m);
	return true;
}

/* ======================================================================== */
/* Doorbell Buffer Config (§5.8): shadow doorbells and EventIdx             */
/* ======================================================================== */

/* DOORBELL BUFFER CONFIG (§5.8): PRP1 the shadow doorbells, PRP2 the EventIdx page. */
static void
admin_dbbuf_config(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint64_t dbs = c->sqe.dptr.prp.prp1;
	uint64_t eis = c->sqe.dptr.prp.prp2;
	volatile uint32_t *shadow, *eventidx;

	if (!m->opts.dbbuf) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		return;
	}
	if (c->sqe.psdt != SPDK_NVME_PSDT_PRP || dbs == 0 || eis == 0 ||
	    ((dbs | eis) & (m->page_size - 1)) != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	shadow = model_map_queue(m, dbs, m->page_size);
	eventidx = model_map_queue(m, eis, m->page_size);
	if (shadow == NULL || eventidx == NULL) {
		m->stats.dma_errors++;
		model_error(m, "DOORBELL BUFFER CONFIG: PRP1 0x%llx or PRP2 0x%llx is not a page "
			    "of DMA memory", (unsigned long long)dbs, (unsigned long long)eis);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
		return;
	}
	m->dbbuf_shadow = shadow;
	m->dbbuf_eventidx = eventidx;
	/* Queues that exist already start from their current values. */
	for (uint16_t q = 0; q <= m->max_qid; q++) {
		int64_t si = model_dbbuf_index(m, q, false), ci = model_dbbuf_index(m, q, true);

		if (si >= 0 && m->sq[q].valid) {
			shadow[si] = eventidx[si] = m->sq[q].tail;
		}
		if (ci >= 0 && m->cq[q].valid) {
			shadow[ci] = eventidx[ci] = m->cq[q].head;
		}
	}
}

/* Returns true if the command stays outstanding (no completion now). */
bool
model_exec_admin(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;

	if (cmd->fuse != SPDK_NVME_CMD_FUSE_NONE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return false;
	}
	switch (cmd->opc) {
	case SPDK_NVME_OPC_IDENTIFY:
		model_admin_identify(m, c, st);
		break;
	case SPDK_NVME_OPC_SET_FEATURES:
		admin_set_features(m, c, st);
		break;
	case SPDK_NVME_OPC_GET_FEATURES:
		admin_get_features(m, c, st);
		break;
	case SPDK_NVME_OPC_CREATE_IO_CQ:
		admin_create_cq(m, c, st);
		break;
	case SPDK_NVME_OPC_CREATE_IO_SQ:
		admin_create_sq(m, c, st);
		break;
	case SPDK_NVME_OPC_DELETE_IO_SQ:
		admin_delete_sq(m, c, st);
		break;
	case SPDK_NVME_OPC_DELETE_IO_CQ:
		admin_delete_cq(m, c, st);
		break;
	case SPDK_NVME_OPC_ABORT:
		admin_abort(m, c, st);
		break;
	case SPDK_NVME_OPC_ASYNC_EVENT_REQUEST:
		return admin_aer(m, c, st);
	case SPDK_NVME_OPC_KEEP_ALIVE:
		if (m->opts.kas == 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			m->last_keep_alive_tick = spdk_get_ticks();
		}
		break;
	case SPDK_NVME_OPC_FORMAT_NVM:
		if (!m->opts.format_nvm) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			model_admin_format(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_NS_MANAGEMENT:
		if (!m->opts.ns_management) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			model_admin_ns_management(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_NS_ATTACHMENT:
		if (!m->opts.ns_management) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			model_admin_ns_attachment(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD:
		if (!m->opts.fw_update) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			model_admin_fw_download(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_FIRMWARE_COMMIT:
		if (!m->opts.fw_update) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			model_admin_fw_commit(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_GET_LOG_PAGE:
		model_admin_get_log_page(m, c, st);
		break;
	case SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG:
		admin_dbbuf_config(m, c, st);
		break;
	case SPDK_NVME_OPC_SECURITY_SEND:
	case SPDK_NVME_OPC_SECURITY_RECEIVE:
		model_admin_security(m, c, st);
		break;
	case SPDK_NVME_OPC_DIRECTIVE_SEND:
	case SPDK_NVME_OPC_DIRECTIVE_RECEIVE:
		model_admin_directive(m, c, st);
		break;
	default:
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		break;
	}
	return false;
}

/* ======================================================================== */
/* Events raised by the tests                                               */
/* ======================================================================== */

void
nvme_model_post_async_event(struct nvme_model *m, uint8_t type, uint8_t info, uint8_t log_page)
{
	union spdk_nvme_async_event_completion ev;

	ev.raw = 0;
	ev.bits.async_event_type = type & 0x7;
	ev.bits.async_event_info = info;
	ev.bits.log_page_identifier = log_page;
	if (m->npending_events == m->cap_pending_events) {
		uint32_t cap = m->cap_pending_events ? m->cap_pending_events * 2 : 8;
		uint32_t *p = realloc(m->pending_events, cap * sizeof(*p));

		if (p == NULL) {
			model_error(m, "out of memory queueing an async event");
			return;
		}
		m->pending_events = p;
		m->cap_pending_events = cap;
	}
	m->pending_events[m->npending_events++] = ev.raw;
	if (controller_running(m)) {
		model_aer_deliver(m);
	}
}

void
nvme_model_set_temperature(struct nvme_model *m, uint16_t kelvin)
{
	m->temperature = kelvin;
	model_temp_check(m);
}
