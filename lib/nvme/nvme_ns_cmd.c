/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVM command set I/O: argument checks, command building, and splitting of
 * transfers larger than the controller's MDTS into children that complete
 * their parent once.
 */
#include <errno.h>

#include "nvme_internal.h"

static void
nvme_ns_build_rw(struct spdk_nvme_cmd *cmd, uint8_t opc, uint32_t nsid, uint64_t lba,
		 uint32_t lba_count, uint32_t io_flags)
{
	cmd->opc = opc;
	cmd->fuse = io_flags & SPDK_NVME_IO_FLAGS_FUSE_MASK;
	cmd->nsid = nsid;
	cmd->cdw10 = (uint32_t)lba;
	cmd->cdw11 = (uint32_t)(lba >> 32);
	/* NLB is 0's based (NVMe 1.4 §6.9.1). */
	cmd->cdw12 = (lba_count - 1) | (io_flags & SPDK_NVME_IO_FLAGS_CDW12_MASK);
}

static int
nvme_ns_check_rw(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, const void *payload,
		 uint64_t lba, uint32_t lba_count, uint32_t io_flags)
{
	if (nvme_unlikely(ns == NULL || qpair == NULL || payload == NULL)) {
		EALNVME_ERRLOG("NULL namespace, qpair or payload");
		return -EINVAL;
	}
	if (nvme_unlikely(!ns->active)) {
		EALNVME_ERRLOG("%s: namespace %u is not active", nvme_ctrlr_name(ns->ctrlr), ns->id);
		return -EINVAL;
	}
	if (nvme_unlikely(lba_count == 0)) {
		EALNVME_ERRLOG("%s: ns %u: zero-length I/O at LBA %llu", nvme_ctrlr_name(ns->ctrlr),
			       ns->id, (unsigned long long)lba);
		return -EINVAL;
	}
	if (nvme_unlikely(lba >= ns->num_sectors || lba_count > ns->num_sectors - lba)) {
		EALNVME_ERRLOG("%s: ns %u: LBAs %llu+%u beyond the namespace's %llu blocks",
			       nvme_ctrlr_name(ns->ctrlr), ns->id, (unsigned long long)lba,
			       lba_count, (unsigned long long)ns->num_sectors);
		return -EINVAL;
	}
	if (nvme_unlikely(io_flags & ~SPDK_NVME_IO_FLAGS_VALID_MASK)) {
		EALNVME_ERRLOG("invalid io_flags 0x%x", io_flags);
		return -EINVAL;
	}
	if (nvme_unlikely(qpair->ctrlr != ns->ctrlr)) {
		EALNVME_ERRLOG("qpair %u belongs to another controller", qpair->id);
		return -EINVAL;
	}
	return 0;
}

/*
 * Queue lba_count blocks starting at lba as one command, or as children of
 * at most sectors_per_max_io blocks each.  All requests are taken before any
 * is submitted, so -ENOMEM leaves nothing behind.
 */
static int
nvme_ns_rw(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload, uint64_t lba,
	   uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags, uint8_t opc)
{
	struct nvme_request *parent, *child;
	struct nvme_request_list children = STAILQ_HEAD_INITIALIZER(children);
	uint32_t block, per_io, nchildren;
	int rc;

	rc = nvme_ns_check_rw(ns, qpair, payload, lba, lba_count, io_flags);
	if (nvme_unlikely(rc != 0)) {
		return rc;
	}
	block = ns->extended_lba_size;
	per_io = ns->sectors_per_max_io;
	if (nvme_likely(lba_count <= per_io)) {
		struct nvme_request *req = nvme_allocate_request(qpair, payload, lba_count * block,
				cb_fn, cb_arg);

		if (nvme_unlikely(req == NULL)) {
			return -ENOMEM;
		}
		nvme_ns_build_rw(&req->cmd, opc, ns->id, lba, lba_count, io_flags);
		rc = nvme_qpair_submit_request(qpair, req);
		if (nvme_unlikely(rc != 0)) {
			nvme_free_request(req);
		}
		return rc;
	}
	if (io_flags & SPDK_NVME_IO_FLAGS_FUSE_MASK) {
		EALNVME_ERRLOG("fused I/O of %u blocks exceeds the max transfer of %u blocks",
			       lba_count, per_io);
		return -EINVAL;
	}
	nchildren = (lba_count + per_io - 1) / per_io;
	if (nchildren > UINT16_MAX) {
		return -EINVAL;
	}
	parent = nvme_allocate_request(qpair, payload, 0, cb_fn, cb_arg);
	if (parent == NULL) {
		return -ENOMEM;
	}
	parent->parent_cpl = (struct spdk_nvme_cpl){ 0 };
	parent->parent_cpl.sqid = qpair->id;
	for (uint32_t i = 0; i < nchildren; i++) {
		uint32_t n = nvme_min(per_io, lba_count - i * per_io);

		child = nvme_allocate_request(qpair, (char *)payload + (uint64_t)i * per_io * block,
					      n * block, NULL, NULL);
		if (child == NULL) {
			while ((child = STAILQ_FIRST(&children)) != NULL) {
				STAILQ_REMOVE_HEAD(&children, stailq);
				nvme_free_request(child);
			}
			nvme_free_request(parent);
			return -ENOMEM;
		}
		child->parent = parent;
		nvme_ns_build_rw(&child->cmd, opc, ns->id, lba + (uint64_t)i * per_io, n, io_flags);
		STAILQ_INSERT_TAIL(&children, child, stailq);
	}
	parent->num_children = (uint16_t)nchildren;
	for (uint32_t submitted = 0; (child = STAILQ_FIRST(&children)) != NULL; submitted++) {
		STAILQ_REMOVE_HEAD(&children, stailq);
		rc = nvme_qpair_submit_request(qpair, child);
		if (nvme_likely(rc == 0)) {
			continue;
		}
		if (submitted == 0) {
			/* Nothing reached the controller yet (e.g. a payload that
			 * is not DMA memory): undo it all and report the error. */
			nvme_free_request(child);
			while ((child = STAILQ_FIRST(&children)) != NULL) {
				STAILQ_REMOVE_HEAD(&children, stailq);
				nvme_free_request(child);
			}
			nvme_free_request(parent);
			return rc;
		}
		/* Part of the I/O is in flight: the parent completes with an error. */
		struct spdk_nvme_cpl cpl = { .sqid = qpair->id, .status = { .sct = SPDK_NVME_SCT_GENERIC,
				.sc = SPDK_NVME_SC_DATA_TRANSFER_ERROR, .dnr = 1 } };

		nvme_qpair_complete_request(qpair, child, &cpl);
	}
	return 0;
}

int
spdk_nvme_ns_cmd_read(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		      uint32_t io_flags)
{
	return nvme_ns_rw(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
			  SPDK_NVME_OPC_READ);
}

int
spdk_nvme_ns_cmd_write(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		       uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		       uint32_t io_flags)
{
	return nvme_ns_rw(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
			  SPDK_NVME_OPC_WRITE);
}

int
spdk_nvme_ns_cmd_flush(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		       spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct nvme_request *req;
	int rc;

	if (ns == NULL || qpair == NULL || !ns->active) {
		EALNVME_ERRLOG("flush: NULL or inactive namespace, or NULL qpair");
		return -EINVAL;
	}
	req = nvme_allocate_request(qpair, NULL, 0, cb_fn, cb_arg);
	if (req == NULL) {
		return -ENOMEM;
	}
	req->cmd.opc = SPDK_NVME_OPC_FLUSH;
	req->cmd.nsid = ns->id;
	rc = nvme_qpair_submit_request(qpair, req);
	if (rc != 0) {
		nvme_free_request(req);
	}
	return rc;
}
