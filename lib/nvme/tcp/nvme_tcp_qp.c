/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP command slots (NVMe/TCP 1.0 §3.3-3.5, §3.6.2.6-3.6.2.9).  The
 * CID is the slot index, so every PDU the controller sends about a command
 * is checked against a slot that is busy and a buffer that holds it.  The
 * data is the slot's element list; a PDU's data is a byte range of it that
 * may start and end inside elements.
 */
#include <errno.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_tcp_qp.h"

static struct nvme_tcp_slot *
slot_of(struct nvme_tcp_qp *qp, uint16_t cid, const char *what)
{
	if (cid < qp->num_slots && qp->slots[cid].busy) {
		return &qp->slots[cid];
	}
	EALNVME_ERRLOG("NVMe/TCP: %s for CID %u, which has no command outstanding: the target "
		       "is broken; the connection is dropped", what, cid);
	return NULL;
}

static void
slot_complete(struct nvme_tcp_qp *qp, struct nvme_tcp_slot *s, const struct spdk_nvme_cpl *cpl)
{
	nvme_tcp_qp_cb cb = s->cb;
	void *arg = s->cb_arg;
	struct spdk_nvme_cpl c;

	s->busy = false;
	qp->outstanding--;
	if (s->ddgst_err && cpl->status.sc == 0 && cpl->status.sct == 0) {
		/* the data it read is not what the controller sent */
		c = *cpl;
		c.status.sc = SPDK_NVME_SC_COMMAND_TRANSIENT_TRANSPORT_ERROR;
		cb(arg, &c);
		return;
	}
	cb(arg, cpl);
}

static void h2c_next(struct nvme_tcp_slot *s);

static void
h2c_sent(struct nvme_tcp_tx_pdu *pdu, void *arg)
{
	struct nvme_tcp_slot *s = arg;

	(void)pdu;
	if (s->busy && s->h2c_off < s->h2c_end) {
		h2c_next(s);
	}
}

/* The next H2CData of the R2T being answered, at most MAXH2CDATA bytes. */
static void
h2c_next(struct nvme_tcp_slot *s)
{
	struct nvme_tcp_qp *qp = s->qp;
	struct spdk_nvme_tcp_h2c_data_hdr *h = (void *)s->h2c_pdu.hdr;
	uint32_t n = s->h2c_end - s->h2c_off, skip = s->h2c_off;
	uint32_t i = nvme_tcp_iov_seek(s->iov, s->iovcnt, &skip);

	if (n > qp->conn.maxh2cdata) {
		n = qp->conn.maxh2cdata;
	}
	/* n > 0 and the header sizes were checked when the R2T was taken */
	nvme_tcp_pdu_encode_ch(h, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA, n, true, &qp->conn.params);
	h->cccid = (uint16_t)(s - qp->slots);
	h->ttag = s->ttag;
	to_le32(&h->datao, s->h2c_off);
	to_le32(&h->datal, n);
	if (s->h2c_off + n == s->h2c_end) {
		h->common.flags |= SPDK_NVME_TCP_H2C_DATA_FLAGS_LAST_PDU;
	}
	s->h2c_pdu.sent_cb = h2c_sent;
	s->h2c_pdu.cb_arg = s;
	nvme_tcp_tx_queue_iov(&qp->tx, &s->h2c_pdu, &s->iov[i], s->iovcnt - i, skip, n);
	s->h2c_off += n;
}

static int
qp_header(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	  struct nvme_tcp_rx_dst *dst)
{
	struct nvme_tcp_qp *qp = ctx;
	const struct spdk_nvme_tcp_c2h_data_hdr *d = (const void *)hdr;
	struct nvme_tcp_slot *s;
	uint32_t skip, i;

	if (l->type != SPDK_NVME_TCP_PDU_TYPE_C2H_DATA) {
		return 0;
	}
	s = slot_of(qp, d->cccid, "C2HData");
	if (s == NULL) {
		return -EPROTO;
	}
	/* §3.6.2.8: the data must fall inside the command's buffer. */
	if (s->to_ctrlr || from_le32(&d->datao) > s->len ||
	    l->data_len > s->len - from_le32(&d->datao)) {
		EALNVME_ERRLOG("NVMe/TCP: C2HData for CID %u at offset %" PRIu32 " is outside its "
			       "%" PRIu32 "-byte read: the connection is dropped", d->cccid,
			       from_le32(&d->datao), s->len);
		return -EPROTO;
	}
	skip = from_le32(&d->datao);
	i = nvme_tcp_iov_seek(s->iov, s->iovcnt, &skip);
	dst->iov = &s->iov[i];
	dst->iovcnt = s->iovcnt - i;
	dst->skip = skip;
	return 0;
}

static int
take_r2t(struct nvme_tcp_qp *qp, const struct spdk_nvme_tcp_r2t_hdr *r)
{
	struct nvme_tcp_slot *s = slot_of(qp, r->cccid, "R2T");
	uint32_t off = from_le32(&r->r2to), len = from_le32(&r->r2tl);

	if (s == NULL) {
		return -EPROTO;
	}
	if (!s->to_ctrlr || off > s->len || len > s->len - off || s->h2c_off < s->h2c_end ||
	    s->h2c_pdu.queued) {
		EALNVME_ERRLOG("NVMe/TCP: R2T for CID %u asks for %" PRIu32 " bytes at %" PRIu32
			       " of a %" PRIu32 "-byte write (or a second R2T at once): the "
			       "connection is dropped", r->cccid, len, off, s->len);
		return -EPROTO;
	}
	s->ttag = r->ttag;
	s->h2c_off = off;
	s->h2c_end = off + len;
	h2c_next(s);
	return 0;
}

static int
qp_done(void *ctx, const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l, int ddgst_rc)
{
	struct nvme_tcp_qp *qp = ctx;
	struct nvme_tcp_slot *s;
	struct spdk_nvme_cpl cpl;

	switch (l->type) {
	case SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP:
		memcpy(&cpl, hdr + 8, sizeof(cpl));
		s = slot_of(qp, cpl.cid, "CapsuleResp");
		if (s == NULL) {
			return -EPROTO;
		}
		slot_complete(qp, s, &cpl);
		return 0;
	case SPDK_NVME_TCP_PDU_TYPE_C2H_DATA: {
		const struct spdk_nvme_tcp_c2h_data_hdr *d = (const void *)hdr;
		uint8_t both = SPDK_NVME_TCP_C2H_DATA_FLAGS_SUCCESS |
			       SPDK_NVME_TCP_C2H_DATA_FLAGS_LAST_PDU;

		s = &qp->slots[d->cccid];	/* checked busy by qp_header */
		if (ddgst_rc != 0) {
			/*
			 * The framing is intact (the header digest, if any, held): only
			 * this command's data is bad.  It ends with TRANSIENT TRANSPORT
			 * ERROR and the connection stays, as SPDK's host does (TermReq
			 * has no FES for data digests, §3.6.2.4: not a fatal error).
			 */
			EALNVME_ERRLOG("NVMe/TCP: C2HData for CID %u failed its data digest: the "
				       "command ends with TRANSIENT TRANSPORT ERROR", d->cccid);
			s->ddgst_err = true;
		}
		/* SUCCESS on the last PDU: no CapsuleResp follows (§3.6.2.8). */
		if ((d->common.flags & both) == both) {
			memset(&cpl, 0, sizeof(cpl));
			cpl.cid = d->cccid;
			slot_complete(qp, s, &cpl);
		}
		return 0;
	}
	case SPDK_NVME_TCP_PDU_TYPE_R2T:
		return take_r2t(qp, (const void *)hdr);
	case SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ:
		EALNVME_ERRLOG("NVMe/TCP: the target ended the connection (C2HTermReq FES %u)",
			       from_le16(hdr + 8));
		return -ECONNRESET;
	default:
		return -EPROTO;
	}
}

static const struct nvme_tcp_rx_ops g_qp_ops = { qp_header, qp_done };

int
nvme_tcp_qp_create(struct nvme_tcp_qp *qp, enum spdk_nvmf_adrfam adrfam, const char *traddr,
		   const char *trsvcid, const struct nvme_tcp_ic_want *want, uint16_t num_slots)
{
	int rc;

	memset(&qp->tx, 0, sizeof(*qp) - offsetof(struct nvme_tcp_qp, tx));
	nvme_tcp_tx_init(&qp->tx);
	qp->conn.fd = -1;
	qp->conn.state = NVME_TCP_CONN_FAILED;
	qp->conn.error = -ENOTCONN;
	if (num_slots == 0) {
		EALNVME_ERRLOG("NVMe/TCP: a queue needs at least one command slot");
		return -EINVAL;
	}
	qp->slots = calloc(num_slots, sizeof(*qp->slots));
	if (qp->slots == NULL) {
		EALNVME_ERRLOG("NVMe/TCP: no memory for %u command slots", num_slots);
		return -ENOMEM;
	}
	qp->num_slots = num_slots;
	for (uint16_t i = 0; i < num_slots; i++) {
		qp->slots[i].qp = qp;
	}
	/* 8 KiB of in-capsule data until the target's IOCCSZ is known (Connect's is 1 KiB). */
	qp->in_capsule_max = 8192;
	rc = nvme_tcp_conn_start(&qp->conn, adrfam, traddr, trsvcid, want, 1024 * 1024,
				 &g_qp_ops, qp);
	if (rc != 0) {
		free(qp->slots);
		qp->slots = NULL;
	}
	return rc;
}

void
nvme_tcp_qp_destroy(struct nvme_tcp_qp *qp)
{
	nvme_tcp_conn_close(&qp->conn);
	qp->conn.state = NVME_TCP_CONN_FAILED;
	qp->conn.error = -ENOTCONN;
	free(qp->slots);
	/* No slot and nothing queued: walks over the slots find none. */
	qp->slots = NULL;
	qp->num_slots = 0;
	qp->outstanding = 0;
	nvme_tcp_tx_init(&qp->tx);
}

int
nvme_tcp_qp_free_slot(const struct nvme_tcp_qp *qp)
{
	uint16_t i = qp->next_slot;

	if (qp->outstanding >= qp->num_slots) {
		return -1;
	}
	/* From where the last search ended: slots free up roughly in order. */
	for (uint16_t n = 0; n < qp->num_slots; n++) {
		const struct nvme_tcp_slot *s = &qp->slots[i];

		/* a slot completed early (a target that answers before it
		 * has all the data) is reused only once its PDUs are out */
		if (!s->busy && !s->cmd_pdu.queued && !s->h2c_pdu.queued) {
			return i;
		}
		i = (uint16_t)(i + 1 == qp->num_slots ? 0 : i + 1);
	}
	return -1;
}

/* The first len bytes of iov[0..iovcnt) into the slot's list, or -EINVAL. */
static int
slot_set_data(struct nvme_tcp_slot *s, const struct iovec *iov, uint32_t iovcnt, uint32_t len)
{
	uint32_t left = len, n = 0;

	for (uint32_t i = 0; i < iovcnt && left > 0; i++) {
		uint32_t take = iov[i].iov_len < left ? (uint32_t)iov[i].iov_len : left;

		if (take == 0) {
			continue;
		}
		if (n == NVME_TCP_MAX_SGES) {
			EALNVME_ERRLOG("NVMe/TCP: %" PRIu32 " bytes of data in more than %u "
				       "elements: one command takes at most %u "
				       "(spdk_nvme_ctrlr_get_max_sges); use fewer, larger elements "
				       "or split the I/O", len, NVME_TCP_MAX_SGES, NVME_TCP_MAX_SGES);
			return -EINVAL;
		}
		s->iov[n].iov_base = iov[i].iov_base;
		s->iov[n++].iov_len = take;
		left -= take;
	}
	if (left > 0) {
		EALNVME_ERRLOG("NVMe/TCP: the %" PRIu32 " elements given hold %" PRIu32 " bytes "
			       "of the command's %" PRIu32 ": the element list is too short",
			       iovcnt, len - left, len);
		return -EINVAL;
	}
	s->iovcnt = (uint8_t)n;
	s->len = len;
	return 0;
}

int
nvme_tcp_qp_submit(struct nvme_tcp_qp *qp, const struct spdk_nvme_cmd *cmd, void *buf,
		   uint32_t len, bool to_ctrlr, nvme_tcp_qp_cb cb, void *cb_arg)
{
	struct iovec one = { buf, len };

	return nvme_tcp_qp_submitv(qp, cmd, &one, 1, len, to_ctrlr, cb, cb_arg);
}

int
nvme_tcp_qp_submitv(struct nvme_tcp_qp *qp, const struct spdk_nvme_cmd *cmd,
		    const struct iovec *iov, uint32_t iovcnt, uint32_t len, bool to_ctrlr,
		    nvme_tcp_qp_cb cb, void *cb_arg)
{
	struct nvme_tcp_slot *s = NULL;
	struct spdk_nvme_tcp_cmd *c;
	uint32_t inline_len;
	int idx;

	if (qp->conn.state != NVME_TCP_CONN_READY) {
		return -ENOTCONN;
	}
	idx = nvme_tcp_qp_free_slot(qp);
	if (idx < 0) {
		return -EAGAIN;
	}
	/* the slot is not taken until it is marked busy below */
	if (slot_set_data(&qp->slots[idx], iov, iovcnt, len) != 0) {
		return -EINVAL;
	}
	s = &qp->slots[idx];
	qp->next_slot = (uint16_t)(idx + 1 == qp->num_slots ? 0 : idx + 1);
	inline_len = to_ctrlr && len <= qp->in_capsule_max ? len : 0;
	c = (void *)s->cmd_pdu.hdr;
	nvme_tcp_pdu_encode_ch(c, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, inline_len, true,
			       &qp->conn.params);
	c->ccsqe = *cmd;
	c->ccsqe.cid = (uint16_t)(s - qp->slots);
	c->ccsqe.psdt = SPDK_NVME_PSDT_SGL_MPTR_CONTIG;
	memset(&c->ccsqe.dptr, 0, sizeof(c->ccsqe.dptr));
	c->ccsqe.dptr.sgl1.unkeyed.length = len;
	if (inline_len > 0) {
		/* In-capsule data at offset 0 of the capsule's data (§3.3.1). */
		c->ccsqe.dptr.sgl1.unkeyed.type = SPDK_NVME_SGL_TYPE_DATA_BLOCK;
		c->ccsqe.dptr.sgl1.unkeyed.subtype = SPDK_NVME_SGL_SUBTYPE_OFFSET;
	} else {
		/* Moved by R2T/H2CData or C2HData (§3.3.2). */
		c->ccsqe.dptr.sgl1.unkeyed.type = SPDK_NVME_SGL_TYPE_TRANSPORT_DATA_BLOCK;
		c->ccsqe.dptr.sgl1.unkeyed.subtype = SPDK_NVME_SGL_SUBTYPE_TRANSPORT;
	}
	s->busy = true;
	s->to_ctrlr = to_ctrlr;
	s->h2c_off = s->h2c_end = 0;
	s->ddgst_err = false;
	s->cb = cb;
	s->cb_arg = cb_arg;
	s->cmd_pdu.sent_cb = NULL;
	qp->outstanding++;
	nvme_tcp_tx_queue_iov(&qp->tx, &s->cmd_pdu, s->iov, s->iovcnt, 0, inline_len);
	return 0;
}

/* The connection is gone: every command still out ends once, with an error. */
static void
qp_fail_all(struct nvme_tcp_qp *qp)
{
	struct spdk_nvme_cpl cpl;

	nvme_tcp_tx_drop(&qp->tx);	/* nothing more will be sent */
	for (uint16_t i = 0; i < qp->num_slots; i++) {
		if (qp->slots[i].busy) {
			memset(&cpl, 0, sizeof(cpl));
			cpl.cid = i;
			cpl.status.sct = SPDK_NVME_SCT_GENERIC;
			cpl.status.sc = SPDK_NVME_SC_ABORTED_SQ_DELETION;
			slot_complete(qp, &qp->slots[i], &cpl);
		}
	}
}

int
nvme_tcp_qp_poll(struct nvme_tcp_qp *qp)
{
	int rc = 0;

	if (qp->conn.state == NVME_TCP_CONN_READY) {
		rc = nvme_tcp_tx_flush(&qp->tx, qp->conn.fd);
		if (rc != 0) {
			qp->conn.state = NVME_TCP_CONN_FAILED;
			qp->conn.error = rc;
		}
	}
	rc = nvme_tcp_conn_poll(&qp->conn);
	if (rc == NVME_TCP_CONN_READY && qp->tx.queued > 0) {
		/* R2Ts answered in this poll go out now, not a poll later. */
		int frc = nvme_tcp_tx_flush(&qp->tx, qp->conn.fd);

		if (frc != 0) {
			qp->conn.state = NVME_TCP_CONN_FAILED;
			qp->conn.error = rc = frc;
		}
	}
	if (rc == -EPROTO) {
		nvme_tcp_conn_send_term(&qp->conn);
	}
	if (rc < 0 && qp->outstanding > 0) {
		qp_fail_all(qp);
	}
	return rc;
}
