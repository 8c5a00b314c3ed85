/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Admin commands with the caller's extra dwords (GET LOG PAGE, per-namespace
 * features), ABORT by callback argument, SECURITY SEND/RECEIVE, DIRECTIVE
 * SEND/RECEIVE, and raw I/O commands with a caller-built data pointer.
 * Payloads of the asynchronous forms must be DMA memory, as everywhere in
 * this driver; the synchronous security calls take any memory.
 */
#include <errno.h>
#include <stdlib.h>

#include "nvme_internal.h"

/* Every payload-carrying admin wrapper rejects NULL payloads the same way. */
static int
nvme_ctrlr_check_payload(struct spdk_nvme_ctrlr *ctrlr, const char *what,
			 const void *payload, uint64_t size)
{
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("%s: NULL controller", what);
		return -EINVAL;
	}
	if (payload == NULL && size != 0) {
		EALNVME_ERRLOG("%s: %s: NULL payload with size %llu; pass a buffer "
			       "of that size (any memory)", nvme_ctrlr_name(ctrlr), what,
			       (unsigned long long)size);
		return -EINVAL;
	}
	return 0;
}

int
spdk_nvme_ctrlr_cmd_get_log_page_ext(struct spdk_nvme_ctrlr *ctrlr, uint8_t log_page,
				     uint32_t nsid, void *payload, uint32_t payload_size,
				     uint64_t offset, uint32_t cdw10, uint32_t cdw11,
				     uint32_t cdw14, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_cmd cmd = { 0 };
	uint32_t numd;

	if (nvme_ctrlr_check_payload(ctrlr, "get_log_page", payload, payload_size) != 0) {
		return -EINVAL;
	}
	/* NUMD counts dwords, the offset is in bytes but dword aligned (§5.14). */
	if (payload_size == 0 || payload_size % 4 != 0 || (offset & 3) != 0) {
		EALNVME_ERRLOG("%s: get_log_page 0x%02x: size %u and offset %llu must be "
			       "non-zero multiples of 4 (dwords)", nvme_ctrlr_name(ctrlr),
			       log_page, payload_size, (unsigned long long)offset);
		return -EINVAL;
	}
	/* LPOL/LPOU need "extended data for Get Log Page" (LPA bit 2). */
	if (offset != 0 && !ctrlr->cdata->lpa.lpeds) {
		EALNVME_ERRLOG("%s: get_log_page 0x%02x: the controller takes no offset "
			       "(Identify LPA bit 2 clear); read from offset 0",
			       nvme_ctrlr_name(ctrlr), log_page);
		return -EINVAL;
	}
	numd = payload_size / 4 - 1;	/* 0's based */
	cmd.opc = SPDK_NVME_OPC_GET_LOG_PAGE;
	cmd.nsid = nsid;
	/* The caller's LSP/RAE and LSI stay; NUMDL/LID and NUMDU are ours. */
	cmd.cdw10 = (cdw10 & 0x0000ff00u) | ((numd & 0xffffu) << 16) | log_page;
	cmd.cdw11 = (cdw11 & 0xffff0000u) | (numd >> 16);
	cmd.cdw12 = (uint32_t)offset;			/* LPOL */
	cmd.cdw13 = (uint32_t)(offset >> 32);		/* LPOU */
	cmd.cdw14 = cdw14;
	return nvme_cmd_submit_user_copy(ctrlr->adminq, ctrlr, &cmd, payload, payload_size,
					 false, cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_set_feature_ns(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				   uint32_t cdw11, uint32_t cdw12, void *payload,
				   uint32_t payload_size, spdk_nvme_cmd_cb cb_fn,
				   void *cb_arg, uint32_t ns_id)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (nvme_ctrlr_check_payload(ctrlr, "set_feature", payload, payload_size) != 0) {
		return -EINVAL;
	}
	cmd.opc = SPDK_NVME_OPC_SET_FEATURES;
	cmd.nsid = ns_id;
	cmd.cdw10 = feature;	/* SV 0 */
	cmd.cdw11 = cdw11;
	cmd.cdw12 = cdw12;
	return nvme_cmd_submit_user_copy(ctrlr->adminq, ctrlr, &cmd, payload,
					 payload ? payload_size : 0, true, cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_get_feature_ns(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				   uint32_t cdw11, void *payload, uint32_t payload_size,
				   spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t ns_id)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (nvme_ctrlr_check_payload(ctrlr, "get_feature", payload, payload_size) != 0) {
		return -EINVAL;
	}
	cmd.opc = SPDK_NVME_OPC_GET_FEATURES;
	cmd.nsid = ns_id;
	cmd.cdw10 = feature;	/* SEL 0: current value */
	cmd.cdw11 = cdw11;
	return nvme_cmd_submit_user_copy(ctrlr->adminq, ctrlr, &cmd, payload,
					 payload ? payload_size : 0, false, cb_fn, cb_arg);
}

/* ---- SECURITY SEND / RECEIVE (§5.25, §5.26) ----------------------------- */

static int
nvme_ctrlr_cmd_security(struct spdk_nvme_ctrlr *ctrlr, uint8_t opc, uint8_t secp,
			uint16_t spsp, uint8_t nssf, void *payload, uint32_t size,
			spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (nvme_ctrlr_check_payload(ctrlr, opc == SPDK_NVME_OPC_SECURITY_SEND ?
				     "security_send" : "security_receive", payload, size) != 0) {
		return -EINVAL;
	}
	cmd.opc = opc;
	/* SECP | SPSP1 | SPSP0 | NSSF, most significant byte first. */
	cmd.cdw10 = ((uint32_t)secp << 24) | ((uint32_t)spsp << 8) | nssf;
	cmd.cdw11 = size;	/* TL (send) / AL (receive), bytes */
	return nvme_cmd_submit_user_copy(ctrlr->adminq, ctrlr, &cmd, payload, size,
					 opc == SPDK_NVME_OPC_SECURITY_SEND, cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_security_receive(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
				     uint16_t spsp, uint8_t nssf, void *payload,
				     uint32_t payload_size, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_ctrlr_cmd_security(ctrlr, SPDK_NVME_OPC_SECURITY_RECEIVE, secp, spsp, nssf,
				       payload, payload_size, cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_security_send(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
				  uint16_t spsp, uint8_t nssf, void *payload,
				  uint32_t payload_size, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_ctrlr_cmd_security(ctrlr, SPDK_NVME_OPC_SECURITY_SEND, secp, spsp, nssf,
				       payload, payload_size, cb_fn, cb_arg);
}

/* The synchronous forms: nvme_ctrlr_cmd_sync bounces the payload through DMA
 * memory it keeps after a timeout, so payload may be any memory. */
static int
nvme_ctrlr_security_sync(struct spdk_nvme_ctrlr *ctrlr, uint8_t opc, uint8_t secp,
			 uint16_t spsp, uint8_t nssf, void *payload, size_t size)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (nvme_ctrlr_check_payload(ctrlr, "security", payload, size) != 0) {
		return -EINVAL;
	}
	if (size > UINT32_MAX) {
		EALNVME_ERRLOG("%s: security command of %zu bytes: the length is 32 bits",
			       nvme_ctrlr_name(ctrlr), size);
		return -EINVAL;
	}
	cmd.opc = opc;
	cmd.cdw10 = ((uint32_t)secp << 24) | ((uint32_t)spsp << 8) | nssf;
	cmd.cdw11 = (uint32_t)size;
	return nvme_ctrlr_cmd_sync_api(ctrlr, &cmd, size > 0 ? payload : NULL, (uint32_t)size,
				       NULL);
}

int
spdk_nvme_ctrlr_security_receive(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
				 uint16_t spsp, uint8_t nssf, void *payload, size_t size)
{
	return nvme_ctrlr_security_sync(ctrlr, SPDK_NVME_OPC_SECURITY_RECEIVE, secp, spsp, nssf,
					payload, size);
}

int
spdk_nvme_ctrlr_security_send(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
			      uint16_t spsp, uint8_t nssf, void *payload, size_t size)
{
	return nvme_ctrlr_security_sync(ctrlr, SPDK_NVME_OPC_SECURITY_SEND, secp, spsp, nssf,
					payload, size);
}

/* ---- DIRECTIVE SEND / RECEIVE (§5.9, §5.10) ----------------------------- */

static int
nvme_ctrlr_cmd_directive(struct spdk_nvme_ctrlr *ctrlr, uint8_t opc, uint32_t nsid,
			 uint32_t doper, uint32_t dtype, uint32_t dspec, void *payload,
			 uint32_t payload_size, uint32_t cdw12, uint32_t cdw13,
			 spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (nvme_ctrlr_check_payload(ctrlr, opc == SPDK_NVME_OPC_DIRECTIVE_SEND ?
				     "directive_send" : "directive_receive",
				     payload, payload_size) != 0) {
		return -EINVAL;
	}
	cmd.opc = opc;
	cmd.nsid = nsid;
	/* NUMD, 0's based dwords; left 0 when there is less than one dword. */
	if (payload_size >= 4) {
		cmd.cdw10 = payload_size / 4 - 1;
	}
	cmd.cdw11 = (doper & 0xffu) | ((dtype & 0xffu) << 8) | ((dspec & 0xffffu) << 16);
	cmd.cdw12 = cdw12;
	cmd.cdw13 = cdw13;
	return nvme_cmd_submit_user_copy(ctrlr->adminq, ctrlr, &cmd, payload, payload_size,
					 opc == SPDK_NVME_OPC_DIRECTIVE_SEND, cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_directive_receive(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
				      uint32_t doper, uint32_t dtype, uint32_t dspec,
				      void *payload, uint32_t payload_size, uint32_t cdw12,
				      uint32_t cdw13, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_ctrlr_cmd_directive(ctrlr, SPDK_NVME_OPC_DIRECTIVE_RECEIVE, nsid, doper,
					dtype, dspec, payload, payload_size, cdw12, cdw13,
					cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_directive_send(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
				   uint32_t doper, uint32_t dtype, uint32_t dspec,
				   void *payload, uint32_t payload_size, uint32_t cdw12,
				   uint32_t cdw13, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_ctrlr_cmd_directive(ctrlr, SPDK_NVME_OPC_DIRECTIVE_SEND, nsid, doper,
					dtype, dspec, payload, payload_size, cdw12, cdw13,
					cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_io_cmd_raw_no_payload_build(struct spdk_nvme_ctrlr *ctrlr,
		struct spdk_nvme_qpair *qpair, struct spdk_nvme_cmd *cmd,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	if (ctrlr == NULL || qpair == NULL || qpair->ctrlr != ctrlr || qpair->id == 0 ||
	    cmd == NULL) {
		EALNVME_ERRLOG("io_cmd_raw_no_payload_build: NULL controller or command, or "
			       "the qpair is not an I/O qpair of this controller");
		return -EINVAL;
	}
	/* The caller's PRPs/SGL must be bus addresses: only PCIe takes them as they are. */
	if (ctrlr->trid.trtype != SPDK_NVME_TRANSPORT_PCIE) {
		EALNVME_ERRLOG("%s: io_cmd_raw_no_payload_build is for PCIe controllers only",
			       nvme_ctrlr_name(ctrlr));
		return -EINVAL;
	}
	/* No payload: the transport sends the data pointer as the caller built it. */
	return nvme_cmd_submit_raw(qpair, ctrlr, cmd, NULL, 0, cb_fn, cb_arg);
}

/* ---- ABORT by callback argument ----------------------------------------- */

/* One spdk_nvme_ctrlr_cmd_abort_ext() call: completes when its ABORTs have. */
struct nvme_abort_ext {
	spdk_nvme_cmd_cb	cb_fn;
	void			*cb_arg;
	uint32_t		in_flight;	/* ABORTs submitted, not completed */
	bool			submitting;	/* still in abort_ext(): do not finish yet */
	bool			not_aborted;	/* reported as cdw0 bit 0 */
};

struct nvme_abort_match {
	void			*cmd_cb_arg;
	uint16_t		*cids;
	uint32_t		n, cap;
};

static bool
nvme_request_matches(const struct nvme_request *req, const void *cmd_cb_arg)
{
	/* A child of a split command carries the user's argument in its parent. */
	return req->cb_arg == cmd_cb_arg ||
	       (req->parent != NULL && req->parent->cb_arg == cmd_cb_arg);
}

static int
nvme_abort_collect(struct nvme_request *req, uint16_t cid, void *arg)
{
	struct nvme_abort_match *m = arg;

	if (!nvme_request_matches(req, m->cmd_cb_arg)) {
		return 0;
	}
	if (m->n == m->cap) {
		uint32_t cap = m->cap ? m->cap * 2 : 8;
		uint16_t *p = realloc(m->cids, cap * sizeof(*p));

		if (p == NULL) {
			return -ENOMEM;
		}
		m->cids = p;
		m->cap = cap;
	}
	m->cids[m->n++] = cid;
	return 0;
}

static void
nvme_abort_ext_finish(struct nvme_abort_ext *ctx)
{
	struct spdk_nvme_cpl cpl = { 0 };

	cpl.cdw0 = ctx->not_aborted ? 1u : 0u;
	if (ctx->cb_fn != NULL) {
		ctx->cb_fn(ctx->cb_arg, &cpl);
	}
	free(ctx);
}

static void
nvme_abort_ext_child_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_abort_ext *ctx = arg;

	/* §5.1: CDW0 bit 0 clear means the command was aborted. */
	if (spdk_nvme_cpl_is_error(cpl) || (cpl->cdw0 & 1u) != 0) {
		ctx->not_aborted = true;
	}
	if (--ctx->in_flight == 0 && !ctx->submitting) {
		nvme_abort_ext_finish(ctx);
	}
}

/* nvme_qpair_abort_queued_if()'s test. */
static bool
nvme_request_matches_arg(const struct nvme_request *req, void *cmd_cb_arg)
{
	return nvme_request_matches(req, cmd_cb_arg);
}

int
spdk_nvme_ctrlr_cmd_abort_ext(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
			      void *cmd_cb_arg, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct nvme_abort_match m = { .cmd_cb_arg = cmd_cb_arg };
	struct nvme_abort_ext *ctx;
	uint32_t queued = 0;
	int rc = 0;

	if (ctrlr == NULL || cmd_cb_arg == NULL || (qpair != NULL && qpair->ctrlr != ctrlr)) {
		EALNVME_ERRLOG("cmd_abort_ext: NULL controller or cmd_cb_arg, or the qpair "
			       "belongs to another controller");
		return -EINVAL;
	}
	if (qpair == NULL) {
		qpair = ctrlr->adminq;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL) {
		return -ENOMEM;
	}
	ctx->cb_fn = cb_fn;
	ctx->cb_arg = cb_arg;
	ctx->submitting = true;

	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	rc = qpair->transport->qpair_iterate_outstanding(qpair, nvme_abort_collect, &m);
	for (uint32_t i = 0; i < m.n && rc == 0; i++) {
		struct spdk_nvme_cmd cmd = { 0 };

		/* §5.1: CDW10 = CID << 16 | SQID. */
		cmd.opc = SPDK_NVME_OPC_ABORT;
		cmd.cdw10 = ((uint32_t)m.cids[i] << 16) | qpair->id;
		rc = nvme_cmd_submit_raw(ctrlr->adminq, ctrlr, &cmd, NULL, 0,
					 nvme_abort_ext_child_done, ctx);
		if (rc == 0) {
			ctx->in_flight++;
		}
	}
	if (rc == 0) {
		/* Still waiting in the driver: never reached the controller, end them here. */
		queued = nvme_qpair_abort_queued_if(qpair, nvme_request_matches_arg, cmd_cb_arg);
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	free(m.cids);

	if (rc == -ENOMEM) {
		/* No admin request free (an abort storm): -ENOMEM tells the caller to
		 * retry later, as SPDK's; not worth an error line each time. */
		EALNVME_INFOLOG("%s: cmd_abort_ext: out of admin requests; retry later",
				nvme_ctrlr_name(ctrlr));
		ctx->not_aborted = true;
	} else if (rc != 0) {
		EALNVME_ERRLOG("%s: cmd_abort_ext: could not send every ABORT: %s",
			       nvme_ctrlr_name(ctrlr), strerror(-rc));
		ctx->not_aborted = true;
	}
	ctx->submitting = false;
	if (ctx->in_flight > 0) {
		return 0;	/* the last ABORT's completion finishes it */
	}
	if (rc == 0 && queued > 0) {
		nvme_abort_ext_finish(ctx);
		return 0;
	}
	free(ctx);
	if (rc == 0) {
		EALNVME_INFOLOG("%s: cmd_abort_ext: no command with that callback argument on "
				"queue %u", nvme_ctrlr_name(ctrlr), qpair->id);
		return -ENOENT;
	}
	return rc;
}
