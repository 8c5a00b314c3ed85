/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * SGLs for scattered payloads PRPs cannot describe (NVMe 1.4 §4.4).  One
 * IOVA run becomes an SGL Data Block descriptor in the command itself; more
 * runs become Data Block descriptors in the tracker's page, which SGL1
 * addresses as the Last Segment.  Runs adjacent in IOVA share a descriptor
 * unless the qpair was created with disable_pcie_sgl_merge, as in SPDK.
 * PSDT 01b: MPTR, when used, stays a contiguous metadata buffer.  One segment only: a payload needing more
 * descriptors than a page holds is refused (-EINVAL) rather than chained.
 */
#include <errno.h>

#include "nvme_pcie_prp.h"
#include "nvme_pcie_sgl.h"

static inline void
sgl_set_data_block(struct spdk_nvme_sgl_descriptor *d, uint64_t iova, uint32_t len)
{
	d->address = iova;
	d->unkeyed.length = len;
	d->unkeyed.reserved[0] = 0;
	d->unkeyed.reserved[1] = 0;
	d->unkeyed.reserved[2] = 0;
	d->unkeyed.subtype = SPDK_NVME_SGL_SUBTYPE_ADDRESS;
	d->unkeyed.type = SPDK_NVME_SGL_TYPE_DATA_BLOCK;
}

int
nvme_pcie_build_sgl(struct nvme_pcie_qpair *pqpair, struct nvme_request *req,
		    struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd)
{
	struct spdk_nvme_ctrlr *ctrlr = pqpair->qpair.ctrlr;
	struct spdk_nvme_sgl_descriptor *desc = (struct spdk_nvme_sgl_descriptor *)tr->prp;
	const uint32_t max_desc = ctrlr->page_size / sizeof(*desc);
	/* SGLS 10b: addresses and lengths must be dword granular. */
	const bool dword = pqpair->sgl_mode == NVME_PCIE_SGL_DWORD;
	struct nvme_pcie_run_iter it;
	uint32_t n = 0, len;
	uint64_t iova;
	int rc;

	nvme_pcie_run_iter_init(&it, req);
	while ((rc = nvme_pcie_next_run(&it, &iova, &len)) > 0) {
		if (n > 0 && !pqpair->sgl_no_merge &&
		    desc[n - 1].address + desc[n - 1].unkeyed.length == iova &&
		    (uint64_t)desc[n - 1].unkeyed.length + len <= UINT32_MAX) {
			desc[n - 1].unkeyed.length += len;	/* continues the last block */
			continue;
		}
		if (nvme_unlikely(n == max_desc)) {
			EALNVME_ERRLOG("%s: scattered payload of %u bytes needs more than %u SGL "
				       "descriptors; use fewer, larger elements or a smaller I/O",
				       nvme_ctrlr_name(ctrlr), req->sgl.size, max_desc);
			return -EINVAL;
		}
		sgl_set_data_block(&desc[n++], iova, len);
	}
	if (nvme_unlikely(rc < 0)) {
		return rc;
	}
	if (dword) {
		for (uint32_t i = 0; i < n; i++) {
			if (nvme_unlikely(((desc[i].address | desc[i].unkeyed.length) & 3) != 0)) {
				EALNVME_ERRLOG("%s: scattered payload element at IOVA 0x%llx, %u "
					       "bytes: the controller needs dword-aligned SGL data "
					       "blocks (SGLS 10b)", nvme_ctrlr_name(ctrlr),
					       (unsigned long long)desc[i].address,
					       desc[i].unkeyed.length);
				return -EINVAL;
			}
		}
	}
	cmd->psdt = SPDK_NVME_PSDT_SGL_MPTR_CONTIG;
	if (n == 1) {
		cmd->dptr.sgl1 = desc[0];
		return 0;
	}
	cmd->dptr.sgl1.address = tr->prp_iova;
	cmd->dptr.sgl1.unkeyed.length = n * (uint32_t)sizeof(*desc);
	cmd->dptr.sgl1.unkeyed.reserved[0] = 0;
	cmd->dptr.sgl1.unkeyed.reserved[1] = 0;
	cmd->dptr.sgl1.unkeyed.reserved[2] = 0;
	cmd->dptr.sgl1.unkeyed.subtype = SPDK_NVME_SGL_SUBTYPE_ADDRESS;
	cmd->dptr.sgl1.unkeyed.type = SPDK_NVME_SGL_TYPE_LAST_SEGMENT;
	return 0;
}
