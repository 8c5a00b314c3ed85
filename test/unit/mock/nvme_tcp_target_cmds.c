/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe/TCP target model's commands: fabrics Connect, Property Get/Set
 * (NVMe over Fabrics 1.1 §3.3, §3.4), the admin commands a host's init and
 * keep-alive use, and NVM I/O on the RAM namespace.  Host-to-controller
 * data larger than the in-capsule limit is fetched by R2Ts of at most
 * cfg.r2t_chunk (or random 1..cfg.r2t_max) bytes, one after the other
 * (NVMe/TCP 1.0 §3.5.2); reads come back as C2HData, ending with SUCCESS
 * (no CapsuleResp) on even CIDs and with a CapsuleResp on odd ones, so
 * hosts meet both (§3.6.2.8).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_tcp_target_internal.h"

#define TT_GENERIC	SPDK_NVME_SCT_GENERIC

static struct tt_ctrlr *
tt_ctrlr(struct tt_conn *c)
{
	return &c->t->ctrlrs[c->ctrlr];
}

static uint32_t
tt_sgl_len(const struct spdk_nvme_cmd *cmd)
{
	return cmd->dptr.sgl1.unkeyed.length;
}

/* ---- fabrics ------------------------------------------------------------------ */

static int
tt_connect_invalid(struct tt_conn *c, uint16_t cid, bool in_data, uint16_t ipo)
{
	struct spdk_nvmf_fabric_connect_rsp r = { 0 };

	r.status_code_specific.invalid.iattr = in_data;
	r.status_code_specific.invalid.ipo = ipo;
	TT_STAT_ADD(c->t, connects_refused, 1);
	return tt_send_resp(c, cid, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVMF_FABRIC_SC_INVALID_PARAM,
			    r.status_code_specific.raw, 0);
}

static int
tt_connect(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, uint32_t inline_len)
{
	const struct spdk_nvmf_fabric_connect_cmd *cc = (const void *)cmd;
	const struct spdk_nvmf_fabric_connect_data *d = (const void *)c->capsule;
	struct tcp_tgt *t = c->t;
	uint8_t sct, sc;
	int i;

	if (c->connected || inline_len != sizeof(*d)) {
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR, 0, 0);
	}
	pthread_mutex_lock(&t->lock);
	sct = t->refuse_sct;
	sc = t->refuse_sc;
	pthread_mutex_unlock(&t->lock);
	if (sct != 0 || sc != 0) {
		TT_STAT_ADD(t, connects_refused, 1);
		return tt_send_resp(c, cmd->cid, sct, sc, 0, 0);
	}
	if (strncmp((const char *)d->subnqn, t->subnqn, sizeof(d->subnqn)) != 0) {
		return tt_connect_invalid(c, cmd->cid, true,
					  offsetof(struct spdk_nvmf_fabric_connect_data, subnqn));
	}
	if (cc->qid == 0) {
		for (i = 0; i < TT_MAX_CTRLRS && t->ctrlrs[i].used; i++) {
		}
		if (i == TT_MAX_CTRLRS || d->cntlid != 0xffff) {
			return tt_connect_invalid(c, cmd->cid, true,
						  offsetof(struct spdk_nvmf_fabric_connect_data, cntlid));
		}
		memset(&t->ctrlrs[i], 0, sizeof(t->ctrlrs[i]));
		t->ctrlrs[i].used = true;
		t->ctrlrs[i].cntlid = t->next_cntlid++;
		t->ctrlrs[i].kato = cc->kato;
		pthread_mutex_lock(&t->lock);
		t->st.connects_admin++;
		t->st.last_cntlid = t->ctrlrs[i].cntlid;
		t->st.kato_ms = cc->kato;
		snprintf(t->st.hostnqn, sizeof(t->st.hostnqn), "%.*s", (int)sizeof(d->hostnqn),
			 (const char *)d->hostnqn);
		snprintf(t->st.subnqn, sizeof(t->st.subnqn), "%.*s", (int)sizeof(d->subnqn),
			 (const char *)d->subnqn);
		memcpy(t->st.hostid, d->hostid, sizeof(t->st.hostid));
		pthread_mutex_unlock(&t->lock);
	} else {
		/* An I/O queue joins the association its admin Connect made (§3.3). */
		for (i = 0; i < TT_MAX_CTRLRS; i++) {
			if (t->ctrlrs[i].used && t->ctrlrs[i].cntlid == d->cntlid) {
				break;
			}
		}
		if (i == TT_MAX_CTRLRS) {
			return tt_connect_invalid(c, cmd->cid, true,
						  offsetof(struct spdk_nvmf_fabric_connect_data, cntlid));
		}
		if (cc->qid > t->ctrlrs[i].nq || cc->sqsize > t->cfg.mqes) {
			return tt_connect_invalid(c, cmd->cid, false, cc->qid > t->ctrlrs[i].nq ?
						  offsetof(struct spdk_nvmf_fabric_connect_cmd, qid) :
						  offsetof(struct spdk_nvmf_fabric_connect_cmd, sqsize));
		}
		TT_STAT_ADD(t, connects_io, 1);
	}
	c->connected = true;
	c->qid = cc->qid;
	c->ctrlr = i;
	return tt_send_resp(c, cmd->cid, 0, 0, t->ctrlrs[i].cntlid, 0);
}

static uint64_t
tt_cap(const struct tcp_tgt *t)
{
	/* MQES, CQR, TO 1 s (500 ms units), CSS NVM, MPSMIN/MPSMAX 4 KiB (§3.1.1) */
	return (uint64_t)t->cfg.mqes | (1ull << 16) | (2ull << 24) | (1ull << 37);
}

static int
tt_property(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, uint8_t fctype)
{
	const struct spdk_nvmf_fabric_prop_set_cmd *p = (const void *)cmd;
	struct tt_ctrlr *ctrl = tt_ctrlr(c);
	uint64_t v;

	if (c->qid != 0) {
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE, 0, 0);
	}
	if (fctype == SPDK_NVMF_FABRIC_COMMAND_PROPERTY_SET) {
		if (p->ofst != offsetof(struct spdk_nvme_registers, cc)) {
			return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_FIELD, 0, 0);
		}
		ctrl->cc = p->value.u32.low;
		/* RDY follows EN; a shutdown notification completes at once (SHST 10b). */
		ctrl->csts = (ctrl->cc & 1u) | (((ctrl->cc >> 14) & 3u) != 0 ? 2u << 2 : 0u);
		if (((ctrl->cc >> 14) & 3u) != 0) {
			TT_STAT_ADD(c->t, shutdowns, 1);
		}
		return tt_send_resp(c, cmd->cid, 0, 0, 0, 0);
	}
	switch (p->ofst) {
	case offsetof(struct spdk_nvme_registers, cap):
		v = tt_cap(c->t);
		break;
	case offsetof(struct spdk_nvme_registers, vs):
		v = 0x10400;
		break;
	case offsetof(struct spdk_nvme_registers, cc):
		v = ctrl->cc;
		break;
	case offsetof(struct spdk_nvme_registers, csts):
		v = ctrl->csts;
		break;
	default:
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_FIELD, 0, 0);
	}
	return tt_send_resp(c, cmd->cid, 0, 0, (uint32_t)v, (uint32_t)(v >> 32));
}

/* ---- admin ---------------------------------------------------------------------- */

static int
tt_identify(struct tt_conn *c, const struct spdk_nvme_cmd *cmd)
{
	struct tcp_tgt *t = c->t;
	union {
		struct spdk_nvme_ctrlr_data cd;
		struct spdk_nvme_ns_data nd;
		uint32_t list[1024];
		uint8_t raw[4096];
	} u;
	uint32_t len = tt_min(tt_sgl_len(cmd), sizeof(u));

	memset(&u, 0, sizeof(u));
	switch (cmd->cdw10 & 0xff) {
	case SPDK_NVME_IDENTIFY_CTRLR:
		u.cd.vid = 0x1b36;
		memcpy(u.cd.sn, "TCPMODEL0001        ", sizeof(u.cd.sn));
		memset(u.cd.mn, ' ', sizeof(u.cd.mn));
		memcpy(u.cd.mn, "ealnvme NVMe/TCP model", 22);
		memcpy(u.cd.fr, "1.0     ", sizeof(u.cd.fr));
		u.cd.mdts = 0;
		u.cd.cntlid = tt_ctrlr(c)->cntlid;
		u.cd.ver.raw = 0x10400;
		u.cd.aerl = 3;
		u.cd.sqes.min = u.cd.sqes.max = 6;
		u.cd.cqes.min = u.cd.cqes.max = 4;
		u.cd.maxcmd = (uint16_t)(t->cfg.mqes + 1);
		u.cd.nn = 1;
		u.cd.oncs.nvmdsmsv = 1;
		u.cd.oncs.nvmwzsv = 1;
		u.cd.vwc.present = 1;
		u.cd.sgls.supported = 1;
		u.cd.kas = t->cfg.kas;
		snprintf((char *)u.cd.subnqn, sizeof(u.cd.subnqn), "%s", t->subnqn);
		u.cd.nvmf_specific.ioccsz = t->cfg.icd / 16 + 4;
		u.cd.nvmf_specific.iorcsz = 1;
		u.cd.nvmf_specific.msdbd = 1;
		break;
	case SPDK_NVME_IDENTIFY_NS:
		if (cmd->nsid == 1) {
			u.nd.nsze = u.nd.ncap = u.nd.nuse = t->cfg.ns_blocks;
			u.nd.lbaf[0].lbads = 9;
		} else if (cmd->nsid == 0 || cmd->nsid > 1) {
			return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT,
					    0, 0);
		}
		break;
	case SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST:
		u.list[0] = cmd->nsid < 1 ? 1 : 0;
		break;
	case SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST:
		break;		/* none: an empty list */
	default:
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_FIELD, 0, 0);
	}
	return tt_send_data(c, cmd->cid, &u, len, true);
}

static int
tt_features(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, bool set)
{
	struct tt_ctrlr *ctrl = tt_ctrlr(c);
	uint32_t cdw0 = 0;

	switch (cmd->cdw10 & 0xff) {
	case SPDK_NVME_FEAT_NUMBER_OF_QUEUES:
		if (set) {
			uint32_t want = (cmd->cdw11 & 0xffff) + 1;

			ctrl->nq = (uint16_t)tt_min(want, c->t->cfg.max_io_queues);
		}
		cdw0 = ((uint32_t)(ctrl->nq - 1) << 16) | (uint32_t)(ctrl->nq - 1);
		break;
	case SPDK_NVME_FEAT_KEEP_ALIVE_TIMER:
		if (set) {
			ctrl->kato = cmd->cdw11;
			pthread_mutex_lock(&c->t->lock);
			c->t->st.kato_set_ms = cmd->cdw11;
			pthread_mutex_unlock(&c->t->lock);
		}
		cdw0 = ctrl->kato;
		break;
	case SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION:
		break;
	default:
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_FIELD, 0, 0);
	}
	return tt_send_resp(c, cmd->cid, 0, 0, cdw0, 0);
}

static int
tt_admin(struct tt_conn *c, const struct spdk_nvme_cmd *cmd)
{
	static uint8_t zeros[4096];

	switch (cmd->opc) {
	case SPDK_NVME_OPC_IDENTIFY:
		return tt_identify(c, cmd);
	case SPDK_NVME_OPC_SET_FEATURES:
	case SPDK_NVME_OPC_GET_FEATURES:
		return tt_features(c, cmd, cmd->opc == SPDK_NVME_OPC_SET_FEATURES);
	case SPDK_NVME_OPC_ASYNC_EVENT_REQUEST:
		/* Held: nothing ever happens in this subsystem. */
		if (tt_ctrlr(c)->aers >= 4) {
			return tt_send_resp(c, cmd->cid, SPDK_NVME_SCT_COMMAND_SPECIFIC,
					    SPDK_NVME_SC_ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED, 0, 0);
		}
		tt_ctrlr(c)->aers++;
		TT_STAT_ADD(c->t, aers_held, 1);
		return 0;
	case SPDK_NVME_OPC_KEEP_ALIVE:
		return tt_send_resp(c, cmd->cid, 0, 0, 0, 0);
	case SPDK_NVME_OPC_GET_LOG_PAGE:
		return tt_send_data(c, cmd->cid, zeros, tt_min(tt_sgl_len(cmd), sizeof(zeros)), true);
	default:
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE, 0, 0);
	}
}

/* ---- NVM I/O -------------------------------------------------------------------- */

/* The command's LBA range in RAM, or NULL after answering why not. */
static uint8_t *
tt_lba_range(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, uint32_t *len, int *rc)
{
	uint64_t slba = cmd->cdw10 | ((uint64_t)cmd->cdw11 << 32);
	uint32_t nlb = (cmd->cdw12 & 0xffff) + 1;

	*len = nlb * TCP_TGT_BLOCK;
	if (cmd->nsid != 1) {
		*rc = tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT, 0, 0);
		return NULL;
	}
	if (slba + nlb > c->t->cfg.ns_blocks) {
		*rc = tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE, 0, 0);
		return NULL;
	}
	if (cmd->opc != SPDK_NVME_OPC_WRITE_ZEROES && tt_sgl_len(cmd) != *len) {
		*rc = tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_DATA_SGL_LENGTH_INVALID, 0, 0);
		return NULL;
	}
	return c->t->ram + slba * TCP_TGT_BLOCK;
}

static int
tt_dsm(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, const void *data, uint32_t len)
{
	const struct spdk_nvme_dsm_range *r = data;
	uint32_t n = (cmd->cdw10 & 0xff) + 1;

	if (len < n * sizeof(*r)) {
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_DATA_SGL_LENGTH_INVALID, 0, 0);
	}
	for (uint32_t i = 0; i < n; i++) {
		if (r[i].starting_lba + r[i].length > c->t->cfg.ns_blocks) {
			return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE, 0, 0);
		}
	}
	/* Deallocated blocks read back as zeros here (DLFEAT would say so). */
	for (uint32_t i = 0; (cmd->cdw11 & SPDK_NVME_DSM_ATTR_DEALLOCATE) && i < n; i++) {
		memset(c->t->ram + r[i].starting_lba * TCP_TGT_BLOCK, 0,
		       (size_t)r[i].length * TCP_TGT_BLOCK);
	}
	TT_STAT_ADD(c->t, dsm_ranges, n);
	return tt_send_resp(c, cmd->cid, 0, 0, 0, 0);
}

static int
tt_io(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, const void *data, uint32_t len)
{
	uint32_t blen;
	uint8_t *at;
	int rc = 0;

	switch (cmd->opc) {
	case SPDK_NVME_OPC_READ:
		at = tt_lba_range(c, cmd, &blen, &rc);
		return at == NULL ? rc : tt_send_data(c, cmd->cid, at, blen, (cmd->cid & 1) != 0);
	case SPDK_NVME_OPC_WRITE:
		at = tt_lba_range(c, cmd, &blen, &rc);
		if (at == NULL) {
			return rc;
		}
		if (data != at) {
			memcpy(at, data, tt_min(len, blen));	/* in-capsule */
		}
		return tt_send_resp(c, cmd->cid, 0, 0, 0, 0);
	case SPDK_NVME_OPC_WRITE_ZEROES:
		at = tt_lba_range(c, cmd, &blen, &rc);
		if (at != NULL) {
			memset(at, 0, blen);
			rc = tt_send_resp(c, cmd->cid, 0, 0, 0, 0);
		}
		return rc;
	case SPDK_NVME_OPC_FLUSH:
		TT_STAT_ADD(c->t, flushes, 1);
		return tt_send_resp(c, cmd->cid, 0, 0, 0, 0);
	case SPDK_NVME_OPC_DATASET_MANAGEMENT:
		return tt_dsm(c, cmd, data, len);
	default:
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE, 0, 0);
	}
}

/* A command with all its data (data: in-capsule, RAM or stage). */
static int
tt_exec(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, const void *data, uint32_t len)
{
	const uint8_t *b = (const void *)cmd;

	if (cmd->opc == SPDK_NVME_OPC_FABRIC) {
		if (b[4] == SPDK_NVMF_FABRIC_COMMAND_PROPERTY_GET ||
		    b[4] == SPDK_NVMF_FABRIC_COMMAND_PROPERTY_SET) {
			return tt_property(c, cmd, b[4]);
		}
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE, 0, 0);
	}
	return c->qid == 0 ? tt_admin(c, cmd) : tt_io(c, cmd, data, len);
}

/* Host-to-controller data not in the capsule: R2Ts (§3.5.2). */
static int
tt_xfer_start(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, uint32_t len)
{
	struct tt_xfer *x = NULL;
	uint8_t *dst = NULL;
	int rc = 0;

	for (int i = 0; i < TT_MAX_XFERS && x == NULL; i++) {
		x = c->x[i].busy ? NULL : &c->x[i];
	}
	if (x == NULL || len > TT_CAPSULE_MAX + 1024 * 1024) {
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, 0, 0);
	}
	if (c->qid != 0 && cmd->opc == SPDK_NVME_OPC_WRITE) {
		uint32_t blen;

		dst = tt_lba_range(c, cmd, &blen, &rc);
		if (dst == NULL) {
			return rc;
		}
	} else {
		x->stage = malloc(len);
		if (x->stage == NULL) {
			return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR,
					    0, 0);
		}
		dst = x->stage;
	}
	x->busy = true;
	x->cid = cmd->cid;
	x->cmd = *cmd;
	x->dst = dst;
	x->len = len;
	x->close_mid = false;
	if (c->qid != 0 && c->t->mid_transfer) {
		pthread_mutex_lock(&c->t->lock);
		x->close_mid = c->t->mid_transfer;
		c->t->mid_transfer = false;
		pthread_mutex_unlock(&c->t->lock);
	}
	return tt_send_r2t(c, x, 0);
}

int
tt_xfer_r2t_done(struct tt_conn *c, struct tt_xfer *x)
{
	int rc;

	if (x->r2t_end < x->len) {
		return tt_send_r2t(c, x, x->r2t_end);
	}
	x->busy = false;
	rc = tt_exec(c, &x->cmd, x->dst, x->len);
	free(x->stage);
	x->stage = NULL;
	return rc;
}

int
tt_command(struct tt_conn *c, const struct spdk_nvme_cmd *cmd, uint32_t inline_len)
{
	struct tcp_tgt *t = c->t;
	const uint8_t *b = (const void *)cmd;
	bool fabric = cmd->opc == SPDK_NVME_OPC_FABRIC;
	unsigned int dir = fabric ? b[4] & 3u : cmd->opc & 3u;
	int kind = c->qid == 0;
	bool stall, close_now, term;

	if (fabric && b[4] == SPDK_NVMF_FABRIC_COMMAND_CONNECT) {
		/* a stalled target does not answer Connect either */
		kind = ((const struct spdk_nvmf_fabric_connect_cmd *)cmd)->qid == 0;
		pthread_mutex_lock(&t->lock);
		stall = t->stall[kind];
		pthread_mutex_unlock(&t->lock);
		return stall ? 0 : tt_connect(c, cmd, inline_len);
	}
	if (!c->connected) {
		return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR, 0, 0);
	}
	pthread_mutex_lock(&t->lock);
	if (kind) {
		t->st.cmds_admin++;
		t->st.keep_alives += !fabric && cmd->opc == SPDK_NVME_OPC_KEEP_ALIVE;
	} else {
		t->st.cmds_io++;
	}
	t->st.last_qid = c->qid;
	t->st.last_cid = cmd->cid;
	t->st.last_opc = cmd->opc;
	stall = t->stall[kind];
	close_now = t->close_after[kind] != 0 && --t->close_after[kind] == 0;
	term = t->term_after[kind] != 0 && --t->term_after[kind] == 0;
	pthread_mutex_unlock(&t->lock);
	if (close_now) {
		return -ECONNRESET;
	}
	if (term) {
		(void)tt_send_term(c, SPDK_NVME_TCP_TERM_REQ_FES_PDU_SEQUENCE_ERROR);
		return -ECONNRESET;
	}
	if (stall) {
		return 0;	/* read, never answered */
	}
	if (dir == 1u && tt_sgl_len(cmd) > inline_len) {
		if (inline_len != 0) {
			return tt_send_resp(c, cmd->cid, TT_GENERIC, SPDK_NVME_SC_DATA_SGL_LENGTH_INVALID,
					    0, 0);
		}
		return tt_xfer_start(c, cmd, tt_sgl_len(cmd));
	}
	return tt_exec(c, cmd, c->capsule, inline_len);
}
