/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Admin command submission: raw commands from the application, and the
 * bounded synchronous wait the init state machine uses.
 */
#include <errno.h>
#include <stdlib.h>

#include "nvme_internal.h"

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
spdk_nvme_ctrlr_process_admin_completions(struct spdk_nvme_ctrlr *ctrlr)
{
	int32_t n;

	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	n = spdk_nvme_qpair_process_completions(ctrlr->adminq, 0);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return n;
}

/* Shared by both raw entry points: copy the caller's command, submit. */
static int
nvme_cmd_raw(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ctrlr *ctrlr,
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
	return nvme_cmd_raw(ctrlr->adminq, ctrlr, cmd, buf, len, cb_fn, cb_arg);
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
	return nvme_cmd_raw(qpair, ctrlr, cmd, buf, len, cb_fn, cb_arg);
}

/* Heap-allocated so a command that outlives its waiter (timeout) can still
 * complete into it; the callback frees it then. */
struct nvme_sync_status {
	struct spdk_nvme_cpl	cpl;
	bool			done;
	bool			abandoned;
};

static void
nvme_sync_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_sync_status *st = arg;

	if (st->abandoned) {
		free(st);
		return;
	}
	st->cpl = *cpl;
	st->done = true;
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
		nvme_ctrlr_fail(ctrlr, "controller fatal status (CSTS.CFS) set");
		return -EIO;
	}
	return 0;
}

int
nvme_ctrlr_cmd_sync(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
		    void *buf, uint32_t len, struct spdk_nvme_cpl *cpl_out)
{
	uint64_t deadline = spdk_get_ticks() +
			    spdk_get_ticks_hz() * ctrlr->opts.admin_timeout_ms / 1000;
	struct nvme_sync_status *st = calloc(1, sizeof(*st));
	int rc;

	if (st == NULL) {
		return -ENOMEM;
	}
	rc = nvme_cmd_raw(ctrlr->adminq, ctrlr, cmd, buf, len, nvme_sync_cb, st);
	if (rc != 0) {
		free(st);
		return rc;
	}
	while (!st->done) {
		rc = spdk_nvme_ctrlr_process_admin_completions(ctrlr);
		if (rc == 0 && !st->done) {
			rc = nvme_ctrlr_check_alive(ctrlr);
			if (rc == 0 && spdk_get_ticks() > deadline) {
				EALNVME_ERRLOG("%s: admin command opcode 0x%02x got no completion "
					       "within %u ms", nvme_ctrlr_name(ctrlr), cmd->opc,
					       ctrlr->opts.admin_timeout_ms);
				nvme_ctrlr_fail(ctrlr, "admin command timed out");
				rc = -ETIMEDOUT;
			}
		}
		if (rc < 0 && !st->done) {
			st->abandoned = true;	/* completes (aborted) at destruct */
			return rc;
		}
	}
	if (cpl_out != NULL) {
		*cpl_out = st->cpl;
	}
	rc = 0;
	if (spdk_nvme_cpl_is_error(&st->cpl)) {
		EALNVME_ERRLOG("%s: admin command opcode 0x%02x failed: %s (sct 0x%x, sc 0x%02x)",
			       nvme_ctrlr_name(ctrlr), cmd->opc,
			       spdk_nvme_cpl_get_status_string(&st->cpl.status),
			       st->cpl.status.sct, st->cpl.status.sc);
		rc = -EIO;
	}
	free(st);
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
