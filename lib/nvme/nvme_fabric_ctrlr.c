/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A fabrics controller's registers: Property Get/Set over its admin queue
 * (NVMe over Fabrics 1.1 §3.4), synchronous as the init state machine and
 * the register getters expect.  Any fabrics transport points its
 * ctrlr_get_reg_* / ctrlr_set_reg_* here.  Also the host identity a
 * fabrics Connect carries when the application gives none.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "nvme_fabric.h"
#include "nvme_internal.h"

/* Heap: a command abandoned on timeout completes (aborted) later into it. */
struct nvme_fabric_prop_wait {
	bool			done;
	bool			abandoned;
	struct spdk_nvme_cpl	cpl;
};

static void
nvme_fabric_prop_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_fabric_prop_wait *w = arg;

	if (w->abandoned) {
		free(w);
		return;
	}
	w->cpl = *cpl;
	w->done = true;
}

/*
 * Send cmd on the admin queue and poll only the transport until it
 * completes: no keep-alive, event or liveness work, which read registers
 * themselves.  Bounded by the admin timeout.
 */
static int
nvme_fabric_prop_sync(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
		      struct spdk_nvme_cpl *cpl, const char *what, uint32_t ofst)
{
	struct spdk_nvme_qpair *adminq = ctrlr->adminq;
	uint64_t deadline = spdk_get_ticks() +
			    spdk_get_ticks_hz() * ctrlr->opts.admin_timeout_ms / 1000;
	struct nvme_fabric_prop_wait *w = calloc(1, sizeof(*w));
	int rc;

	if (w == NULL) {
		return -ENOMEM;
	}
	if (adminq == NULL || adminq->state != NVME_QPAIR_ENABLED) {
		free(w);
		return -ENXIO;
	}
	rc = nvme_cmd_submit_raw(adminq, ctrlr, cmd, NULL, 0, nvme_fabric_prop_done, w);
	if (rc != 0) {
		free(w);
		return rc;
	}
	while (!w->done) {
		int32_t n;

		pthread_mutex_lock(&ctrlr->ctrlr_lock);
		n = adminq->state == NVME_QPAIR_ENABLED ?
		    adminq->transport->qpair_process_completions(adminq, 0) : -ENXIO;
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		if (w->done) {
			break;
		}
		if (n < 0 || spdk_get_ticks() > deadline) {
			EALNVME_ERRLOG("%s: Property %s at 0x%" PRIx32 ": %s", nvme_ctrlr_name(ctrlr),
				       what, ofst, n < 0 ? "the admin connection failed" :
				       "no answer within the admin timeout");
			w->abandoned = true;
			return n < 0 ? -ENXIO : -ETIMEDOUT;
		}
	}
	*cpl = w->cpl;
	free(w);
	/* Ended by the connection's loss (the transport aborts what was outstanding). */
	if (cpl->status.sct == SPDK_NVME_SCT_GENERIC &&
	    (cpl->status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION ||
	     cpl->status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST)) {
		EALNVME_ERRLOG("%s: Property %s at 0x%" PRIx32 ": the admin connection was lost; "
			       "reset the controller once the target is reachable",
			       nvme_ctrlr_name(ctrlr), what, ofst);
		return -ENXIO;
	}
	if (spdk_nvme_cpl_is_error(cpl)) {
		EALNVME_ERRLOG("%s: Property %s at 0x%" PRIx32 " failed (SCT 0x%x, SC 0x%02x)",
			       nvme_ctrlr_name(ctrlr), what, ofst, cpl->status.sct, cpl->status.sc);
		return -EIO;
	}
	return 0;
}

static int
nvme_fabric_get_prop(struct spdk_nvme_ctrlr *ctrlr, uint32_t ofst, uint8_t size, uint64_t *value)
{
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl;
	int rc = nvme_fabric_prop_get_build(&cmd, ofst, size);

	if (rc == 0) {
		rc = nvme_fabric_prop_sync(ctrlr, &cmd, &cpl, "Get", ofst);
	}
	if (rc == 0) {
		*value = nvme_fabric_prop_get_value(&cpl, size);
	}
	return rc;
}

static int
nvme_fabric_set_prop(struct spdk_nvme_ctrlr *ctrlr, uint32_t ofst, uint8_t size, uint64_t value)
{
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl;
	int rc = nvme_fabric_prop_set_build(&cmd, ofst, size, value);

	return rc != 0 ? rc : nvme_fabric_prop_sync(ctrlr, &cmd, &cpl, "Set", ofst);
}

int
nvme_fabric_ctrlr_get_reg_4(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t *value)
{
	uint64_t v = 0;
	int rc = nvme_fabric_get_prop(ctrlr, offset, 4, &v);

	*value = (uint32_t)v;
	return rc;
}

int
nvme_fabric_ctrlr_get_reg_8(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t *value)
{
	return nvme_fabric_get_prop(ctrlr, offset, 8, value);
}

int
nvme_fabric_ctrlr_set_reg_4(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t value)
{
	return nvme_fabric_set_prop(ctrlr, offset, 4, value);
}

int
nvme_fabric_ctrlr_set_reg_8(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t value)
{
	return nvme_fabric_set_prop(ctrlr, offset, 8, value);
}

/*
 * The host identity when the options carry none: one random host ID per
 * process and the UUID-based host NQN made from it (NVMe Base 2.0 §4.5),
 * so every controller of this process sees the same host.
 */
void
nvme_fabric_default_host_id(struct spdk_nvme_ctrlr_opts *opts)
{
	static uuid_t host_id;
	static bool host_id_set;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static const uint8_t zero[sizeof(opts->extended_host_id)];
	char str[37];

	_Static_assert(sizeof(uuid_t) == sizeof(opts->extended_host_id), "host ID is a UUID");
	pthread_mutex_lock(&lock);
	if (!host_id_set) {
		uuid_generate(host_id);
		host_id_set = true;
	}
	pthread_mutex_unlock(&lock);
	if (memcmp(opts->extended_host_id, zero, sizeof(zero)) == 0) {
		memcpy(opts->extended_host_id, &host_id, sizeof(opts->extended_host_id));
	}
	if (opts->hostnqn[0] == '\0') {
		uuid_unparse_lower(opts->extended_host_id, str);
		snprintf(opts->hostnqn, sizeof(opts->hostnqn), "nqn.2014-08.org.nvmexpress:uuid:%s",
			 str);
	}
}
