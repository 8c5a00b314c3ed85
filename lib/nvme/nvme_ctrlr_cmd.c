/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Admin command submission: raw commands from the application, and the
 * bounded synchronous wait the init state machine uses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_internal.h"
#include "nvme_print.h"

int
nvme_ctrlr_submit_admin_request(struct spdk_nvme_ctrlr *ctrlr, struct nvme_request *req)
{
	int rc;

	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	rc = nvme_qpair_submit_request(ctrlr->adminq, req);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return rc;
}

int32_t
nvme_ctrlr_process_admin_locked(struct spdk_nvme_ctrlr *ctrlr)
{
	int32_t n;

	/* A removal reported by the bus fails the controller before its
	 * registers are touched again (nvme_ctrlr_hotplug.c). */
	nvme_ctrlr_check_removed(ctrlr);
	n = spdk_nvme_qpair_process_completions(ctrlr->adminq, 0);

	/* Events need admin commands of their own: handled outside the CQ walk. */
	nvme_ctrlr_process_async_events(ctrlr);
	return n;
}

int32_t
spdk_nvme_ctrlr_process_admin_completions(struct spdk_nvme_ctrlr *ctrlr)
{
	int32_t n;

	if (ctrlr == NULL) {
		return -EINVAL;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	n = nvme_ctrlr_process_admin_locked(ctrlr);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return n;
}

/* Shared by both raw entry points: copy the caller's command, submit. */
int
nvme_cmd_submit_raw(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ctrlr *ctrlr,
	     const struct spdk_nvme_cmd *cmd, void *buf, uint32_t len,
	     spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct nvme_request *req;
	int rc;

	if (cmd == NULL || (buf == NULL && len != 0)) {
		EALNVME_ERRLOG("raw command: NULL command, or NULL buffer with length %u", len);
		return -EINVAL;
	}
	if (qpair == ctrlr->adminq) {
		pthread_mutex_lock(&ctrlr->ctrlr_lock);
	}
	req = nvme_allocate_request(qpair, buf, len, cb_fn, cb_arg);
	if (req == NULL) {
		rc = -ENOMEM;
	} else {
		req->cmd = *cmd;
		rc = nvme_qpair_submit_request(qpair, req);
		if (rc != 0) {
			nvme_free_request(req);
		}
	}
	if (qpair == ctrlr->adminq) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	}
	return rc;
}

int
spdk_nvme_ctrlr_cmd_admin_raw(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
			      void *buf, uint32_t len, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	if (ctrlr == NULL) {
		return -EINVAL;
	}
	return nvme_cmd_submit_raw(ctrlr->adminq, ctrlr, cmd, buf, len, cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_io_raw(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
			   struct spdk_nvme_cmd *cmd, void *buf, uint32_t len,
			   spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	if (ctrlr == NULL || qpair == NULL || qpair->ctrlr != ctrlr || qpair->id == 0) {
		EALNVME_ERRLOG("io_raw: NULL controller, or qpair not an I/O qpair of it");
		return -EINVAL;
	}
	return nvme_cmd_submit_raw(qpair, ctrlr, cmd, buf, len, cb_fn, cb_arg);
}

/*
 * The wait state of a synchronous admin command.  The device never sees the
 * caller's buffer: the data goes through a DMA bounce buffer owned by this
 * state.  On a timeout or a controller failure the caller gets its error and
 * may free or reuse its buffer at once, while the command is still
 * outstanding: a slow device (or, over a network transport, data arriving
 * late) can still write the bounce.  The abandoned state and its bounce are
 * freed by the callback, once, when the request finally completes or is
 * aborted in software: by a reset once CC.EN=0 stopped the controller
 * (§7.3.2), by the detach, or after a removal or spdk_nvme_ctrlr_fail().
 * A timeout stops the controller at once (nvme_ctrlr_fail_and_stop); if it
 * does not stop, the bounce is kept with the controller (nvme_ctrlr_stop.c).
 */
struct nvme_sync_status {
	struct spdk_nvme_cpl	cpl;
	void			*dma;		/* bounce buffer; NULL without data */
	bool			done;
	bool			abandoned;
};

static void
nvme_sync_status_free(struct nvme_sync_status *st)
{
	spdk_free(st->dma);
	free(st);
}

static void
nvme_sync_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_sync_status *st = arg;

	if (st->abandoned) {
		nvme_sync_status_free(st);
		return;
	}
	st->cpl = *cpl;
	st->done = true;
}

/*
 * The bounce starts as a copy of the caller's bytes whatever the direction:
 * host-to-controller data needs it, and bytes a controller-to-host transfer
 * does not write read back as they were (as when the device wrote the
 * caller's buffer itself).  Admin path only; at most a firmware piece.
 */
static int
nvme_sync_bounce_alloc(struct spdk_nvme_ctrlr *ctrlr, struct nvme_sync_status *st,
		       const void *buf, uint32_t len)
{
	if (buf == NULL || len == 0) {
		return 0;
	}
	st->dma = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (st->dma == NULL) {
		EALNVME_ERRLOG("%s: no DMA memory for a %u-byte admin command buffer",
			       nvme_ctrlr_name(ctrlr), len);
		return -ENOMEM;
	}
	memcpy(st->dma, buf, len);
	return 0;
}

/* Opcode bits 1:0 (§5, spdk_nvme_opc_get_data_transfer): whether the data
 * comes back.  "No data" with a buffer (a vendor command) is taken as both
 * ways, the safe reading. */
static bool
nvme_sync_data_to_host(uint8_t opc)
{
	return spdk_nvme_opc_get_data_transfer(opc) != SPDK_NVME_DATA_HOST_TO_CONTROLLER;
}

/*
 * Fail the controller and stop it (CC.EN=0, or a fabrics transport's
 * disconnect): a controller that stopped answering may still complete its
 * commands later, into rings and buffers the failure hands back.
 */
static void
nvme_ctrlr_fail_and_stop(struct spdk_nvme_ctrlr *ctrlr, const char *why)
{
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	nvme_ctrlr_fail(ctrlr, why);
	nvme_ctrlr_quiesce(ctrlr, why);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}

/* CSTS.CFS or an all-ones read (device gone) ends any wait early. */
static int
nvme_ctrlr_check_alive(struct spdk_nvme_ctrlr *ctrlr)
{
	union spdk_nvme_csts_register csts;

	if (nvme_ctrlr_get_csts(ctrlr, &csts) != 0) {
		nvme_ctrlr_fail(ctrlr, "registers read all-ones: device removed or unbound");
		return -ENODEV;
	}
	if (csts.bits.cfs) {
		/* The caller stops it (nvme_ctrlr_fail_and_stop) once its wait is given up. */
		nvme_ctrlr_fail(ctrlr, "controller fatal status (CSTS.CFS) set");
		return -EIO;
	}
	return 0;
}

static bool
nvme_sync_req_match(const struct nvme_request *req, void *st)
{
	return req->cb_fn == nvme_sync_cb && req->cb_arg == st;
}

/*
 * A timed-out command still waiting in software (the admin SQ was full) was
 * never sent: complete it now (ABORTED - BY REQUEST) so that no reset sends
 * it later, after its caller got -ETIMEDOUT (a FORMAT or a namespace
 * deletion must not run behind the caller's back).  True when it was there.
 */
static bool
nvme_sync_take_back(struct spdk_nvme_ctrlr *ctrlr, struct nvme_sync_status *st)
{
	struct spdk_nvme_qpair *aq = ctrlr->adminq;
	struct nvme_request_list own;
	uint32_t n;

	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	n = nvme_qpair_abort_queued_if(aq, nvme_sync_req_match, st);
	if (n == 0 && ctrlr->is_resetting) {
		/* A reset in progress keeps the queued ones aside until re-init. */
		STAILQ_INIT(&own);
		STAILQ_CONCAT(&own, &aq->queued_req);
		STAILQ_CONCAT(&aq->queued_req, &ctrlr->reset_admin_saved);
		n = nvme_qpair_abort_queued_if(aq, nvme_sync_req_match, st);
		STAILQ_CONCAT(&ctrlr->reset_admin_saved, &aq->queued_req);
		STAILQ_CONCAT(&aq->queued_req, &own);
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return n != 0;
}

/*
 * Commands that rewrite media or firmware legitimately take minutes on real
 * drives (a cryptographic erase, a large namespace): give them a longer bound
 * than the everyday admin timeout so they are not failed half-way.
 */
#define NVME_LONG_ADMIN_TIMEOUT_MS	(10u * 60 * 1000)

static uint32_t
nvme_admin_timeout_ms(const struct spdk_nvme_ctrlr *ctrlr, uint8_t opc)
{
	uint32_t ms = ctrlr->opts.admin_timeout_ms;

	switch (opc) {
	case SPDK_NVME_OPC_FORMAT_NVM:
	case SPDK_NVME_OPC_SANITIZE:
	case SPDK_NVME_OPC_FIRMWARE_COMMIT:
	case SPDK_NVME_OPC_NS_MANAGEMENT:
		return nvme_max(ms, NVME_LONG_ADMIN_TIMEOUT_MS);
	default:
		return ms;
	}
}

int
nvme_ctrlr_cmd_sync(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
		    void *buf, uint32_t len, struct spdk_nvme_cpl *cpl_out)
{
	return nvme_ctrlr_cmd_sync_ex(ctrlr, cmd, buf, len, cpl_out, true);
}

int
nvme_ctrlr_cmd_sync_ex(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
		       void *buf, uint32_t len, struct spdk_nvme_cpl *cpl_out, bool log_failure)
{
	const uint32_t timeout_ms = nvme_admin_timeout_ms(ctrlr, cmd->opc);
	uint64_t deadline = spdk_get_ticks() + spdk_get_ticks_hz() * timeout_ms / 1000;
	struct nvme_sync_status *st = calloc(1, sizeof(*st));
	int rc;

	if (st == NULL) {
		return -ENOMEM;
	}
	rc = nvme_sync_bounce_alloc(ctrlr, st, buf, len);
	if (rc == 0) {
		rc = nvme_cmd_submit_raw(ctrlr->adminq, ctrlr, cmd, st->dma, len, nvme_sync_cb,
					 st);
	}
	if (rc != 0) {
		nvme_sync_status_free(st);
		return rc;
	}
	while (!st->done) {
		const char *stop_why = NULL;

		rc = spdk_nvme_ctrlr_process_admin_completions(ctrlr);
		if (rc == 0 && !st->done) {
			rc = nvme_ctrlr_check_alive(ctrlr);
			if (rc == -EIO) {
				stop_why = "controller fatal status (CSTS.CFS) set";
			}
			if (rc == 0 && spdk_get_ticks() > deadline) {
				EALNVME_ERRLOG("%s: admin command %s (%02xh) got no completion "
					       "within %u ms", nvme_ctrlr_name(ctrlr),
					       nvme_admin_opc_name(cmd->opc), cmd->opc,
					       timeout_ms);
				if (nvme_sync_take_back(ctrlr, st)) {
					EALNVME_ERRLOG("%s: it was never sent (admin queue full) "
						       "and will not be", nvme_ctrlr_name(ctrlr));
					nvme_sync_status_free(st);
					nvme_ctrlr_fail_and_stop(ctrlr, "admin command timed out");
					return -ETIMEDOUT;
				}
				stop_why = "admin command timed out";
				rc = -ETIMEDOUT;
			}
		}
		if (rc < 0 && !st->done) {
			/* The device keeps the bounce, not buf: freed by nvme_sync_cb
			 * when a reset or destruct completes the request, or the stop
			 * (a fabrics disconnect completes it): st is gone after it. */
			st->abandoned = true;
			if (stop_why != NULL) {
				nvme_ctrlr_fail_and_stop(ctrlr, stop_why);
			}
			return rc;
		}
	}
	if (cpl_out != NULL) {
		*cpl_out = st->cpl;
	}
	rc = 0;
	if (spdk_nvme_cpl_is_error(&st->cpl)) {
		if (log_failure) {
			EALNVME_ERRLOG("%s: admin command %s (%02xh) failed: %s "
				       "(sct 0x%x, sc 0x%02x)", nvme_ctrlr_name(ctrlr),
				       nvme_admin_opc_name(cmd->opc), cmd->opc,
				       spdk_nvme_cpl_get_status_string(&st->cpl.status),
				       st->cpl.status.sct, st->cpl.status.sc);
		}
		rc = -EIO;
	} else if (st->dma != NULL && nvme_sync_data_to_host(cmd->opc)) {
		memcpy(buf, st->dma, len);
	}
	nvme_sync_status_free(st);
	return rc;
}

int
nvme_ctrlr_cmd_sync_api(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
			void *buf, uint32_t len, struct spdk_nvme_cpl *cpl_out)
{
	struct spdk_nvme_cpl cpl = { 0 };
	int rc = nvme_ctrlr_cmd_sync(ctrlr, cmd, buf, len, &cpl);

	if (cpl_out != NULL) {
		*cpl_out = cpl;
	}
	/* The public synchronous calls report "the command failed" as -ENXIO. */
	if (rc == -EIO && spdk_nvme_cpl_is_error(&cpl)) {
		return -ENXIO;
	}
	return rc;
}

int
nvme_ctrlr_cmd_identify(struct spdk_nvme_ctrlr *ctrlr, uint8_t cns, uint32_t nsid,
			void *buf, uint32_t len)
{
	struct spdk_nvme_cmd cmd = { 0 };

	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.nsid = nsid;
	cmd.cdw10 = cns;
	return nvme_ctrlr_cmd_sync(ctrlr, &cmd, buf, len, NULL);
}

/* ---- Asynchronous admin commands -------------------------------------- */

int
spdk_nvme_ctrlr_cmd_identify(struct spdk_nvme_ctrlr *ctrlr, uint8_t cns, uint16_t cntid,
			     uint32_t nsid, uint8_t csi, void *payload, size_t payload_size,
			     spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("cmd_identify: NULL controller");
		return -EINVAL;
	}
	/* Every IDENTIFY data structure is 4096 bytes (§5.15.2). */
	if (payload == NULL || payload_size < 4096) {
		EALNVME_ERRLOG("%s: cmd_identify: payload %p of %zu bytes; IDENTIFY returns "
			       "4096 bytes into a DMA buffer", nvme_ctrlr_name(ctrlr), payload,
			       payload_size);
		return -EINVAL;
	}
	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.nsid = nsid;
	cmd.cdw10 = ((uint32_t)cntid << 16) | cns;
	cmd.cdw11 = (uint32_t)csi << 24;
	return nvme_cmd_submit_raw(ctrlr->adminq, ctrlr, &cmd, payload, 4096, cb_fn, cb_arg);
}

/* The plain forms are the extended ones with nothing extra (as SPDK's). */
int
spdk_nvme_ctrlr_cmd_get_log_page(struct spdk_nvme_ctrlr *ctrlr, uint8_t log_page,
				 uint32_t nsid, void *payload, uint32_t payload_size,
				 uint64_t offset, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return spdk_nvme_ctrlr_cmd_get_log_page_ext(ctrlr, log_page, nsid, payload, payload_size,
			offset, 0, 0, 0, cb_fn, cb_arg);
}

int
spdk_nvme_ctrlr_cmd_set_feature(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				uint32_t cdw11, uint32_t cdw12, void *payload,
				uint32_t payload_size, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return spdk_nvme_ctrlr_cmd_set_feature_ns(ctrlr, feature, cdw11, cdw12, payload,
			payload_size, cb_fn, cb_arg, 0);
}

int
spdk_nvme_ctrlr_cmd_get_feature(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				uint32_t cdw11, void *payload, uint32_t payload_size,
				spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return spdk_nvme_ctrlr_cmd_get_feature_ns(ctrlr, feature, cdw11, payload, payload_size,
			cb_fn, cb_arg, 0);
}

int
spdk_nvme_ctrlr_cmd_abort(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
			  uint16_t cid, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (ctrlr == NULL || (qpair != NULL && qpair->ctrlr != ctrlr)) {
		EALNVME_ERRLOG("cmd_abort: NULL controller, or the qpair belongs to another one");
		return -EINVAL;
	}
	/* §5.1: CDW10 = CID << 16 | SQID; the admin queue is SQID 0. */
	cmd.opc = SPDK_NVME_OPC_ABORT;
	cmd.cdw10 = ((uint32_t)cid << 16) | (qpair != NULL ? qpair->id : 0);
	return nvme_cmd_submit_raw(ctrlr->adminq, ctrlr, &cmd, NULL, 0, cb_fn, cb_arg);
}
