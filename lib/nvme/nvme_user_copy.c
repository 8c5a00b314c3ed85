/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * "User copy", as SPDK: commands whose small data buffer may be ordinary
 * memory (admin log pages, features, security and directive data; the NVM
 * commands of nvme_ns_cmd_misc.c) travel through a DMA copy made here,
 * filled from the caller's buffer for host-to-controller data and copied
 * back into it before the callback otherwise.  Never on the read/write path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_internal.h"

struct nvme_user_copy {
	void			*user;
	void			*dma;
	uint32_t		len;
	bool			to_ctrlr;
	spdk_nvme_cmd_cb	cb_fn;
	void			*cb_arg;
};

static void
nvme_user_copy_free(struct nvme_user_copy *uc)
{
	spdk_free(uc->dma);
	free(uc);
}

static void
nvme_user_copy_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_user_copy *uc = arg;
	spdk_nvme_cmd_cb cb_fn = uc->cb_fn;
	void *cb_arg = uc->cb_arg;

	/* The controller wrote the DMA copy: the caller reads its own buffer. */
	if (!uc->to_ctrlr && uc->len != 0) {
		memcpy(uc->user, uc->dma, uc->len);
	}
	nvme_user_copy_free(uc);
	if (cb_fn != NULL) {
		cb_fn(cb_arg, cpl);
	}
}

int
nvme_user_copy_alloc(struct spdk_nvme_qpair *qpair, void *buf, uint32_t len, bool to_ctrlr,
			spdk_nvme_cmd_cb cb_fn, void *cb_arg, struct nvme_request **reqp)
{
	struct nvme_user_copy *uc = calloc(1, sizeof(*uc));

	if (uc == NULL) {
		return -ENOMEM;
	}
	*uc = (struct nvme_user_copy){ .user = buf, .len = len, .to_ctrlr = to_ctrlr,
		.cb_fn = cb_fn, .cb_arg = cb_arg };
	if (len != 0) {
		uc->dma = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
		if (uc->dma == NULL) {
			EALNVME_ERRLOG("no DMA memory for a %u-byte command buffer", len);
			free(uc);
			return -ENOMEM;
		}
		if (to_ctrlr) {
			memcpy(uc->dma, buf, len);
		}
	}
	*reqp = nvme_allocate_request(qpair, uc->dma, len, nvme_user_copy_done, uc);
	if (*reqp == NULL) {
		nvme_user_copy_free(uc);
		return -ENOMEM;
	}
	return 0;
}

int
nvme_user_copy_submit(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	int rc = nvme_qpair_submit_request(qpair, req);

	if (rc != 0) {
		nvme_user_copy_free(req->cb_arg);
		nvme_free_request(req);
	}
	return rc;
}

int
nvme_cmd_submit_user_copy(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ctrlr *ctrlr,
			  const struct spdk_nvme_cmd *cmd, void *buf, uint32_t len, bool to_ctrlr,
			  spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct nvme_request *req;
	int rc;

	/* DMA memory goes as it is; only ordinary memory pays for the copy. */
	if (len == 0 || buf == NULL || nvme_buf_is_dma(buf, len)) {
		return nvme_cmd_submit_raw(qpair, ctrlr, cmd, buf, len, cb_fn, cb_arg);
	}
	if (qpair == ctrlr->adminq) {
		pthread_mutex_lock(&ctrlr->ctrlr_lock);
	}
	rc = nvme_user_copy_alloc(qpair, buf, len, to_ctrlr, cb_fn, cb_arg, &req);
	if (rc == 0) {
		req->cmd = *cmd;
		rc = nvme_user_copy_submit(qpair, req);
	}
	if (qpair == ctrlr->adminq) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	}
	return rc;
}
