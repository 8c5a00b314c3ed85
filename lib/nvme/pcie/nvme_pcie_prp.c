/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PRP construction (NVMe 1.4 §4.3): PRP1 addresses the first byte and may
 * carry an offset; every further entry addresses a whole memory page.  Two
 * pages fit in PRP1/PRP2; more go into the tracker's PRP list and PRP2
 * points at it.  Transfers are capped so one list page always suffices.
 */
#include <errno.h>

#include "nvme_pcie_internal.h"

int
nvme_pcie_build_prps(struct nvme_pcie_qpair *pqpair, struct nvme_request *req,
		     struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd)
{
	const uint32_t page_size = pqpair->qpair.ctrlr->page_size;
	const uint64_t page_mask = page_size - 1;
	const uint32_t max_entries = page_size / sizeof(uint64_t);
	uintptr_t va = (uintptr_t)req->payload;
	uint64_t remaining = req->payload_size;
	uint64_t seg_len = remaining;
	uintptr_t seg_va = va;
	uint64_t seg_iova;
	uint32_t first, n = 0;

	if (nvme_unlikely(va & 3)) {
		EALNVME_ERRLOG("payload %p is not 4-byte aligned, as PRPs require", req->payload);
		return -EINVAL;
	}
	seg_iova = spdk_vtophys(req->payload, &seg_len);
	if (nvme_unlikely(seg_iova == SPDK_VTOPHYS_ERROR)) {
		EALNVME_ERRLOG("payload %p is not DMA memory: allocate it with spdk_zmalloc() "
			       "or spdk_dma_malloc()", req->payload);
		return -EINVAL;
	}
	cmd->psdt = SPDK_NVME_PSDT_PRP;
	cmd->dptr.prp.prp1 = seg_iova;
	cmd->dptr.prp.prp2 = 0;
	first = page_size - (uint32_t)(va & page_mask);
	if (remaining <= first) {
		return 0;
	}
	remaining -= first;
	va += first;
	while (remaining > 0) {
		uint64_t iova;

		if (nvme_unlikely(va >= seg_va + seg_len)) {
			/* Left the IOVA-contiguous run: translate the next one. */
			seg_len = remaining;
			seg_va = va;
			seg_iova = spdk_vtophys((void *)va, &seg_len);
			if (seg_iova == SPDK_VTOPHYS_ERROR) {
				EALNVME_ERRLOG("payload %p: bytes at %p are not DMA memory",
					       req->payload, (void *)va);
				return -EINVAL;
			}
		}
		iova = seg_iova + (va - seg_va);
		if (nvme_unlikely((iova & page_mask) != 0 || n == max_entries)) {
			EALNVME_ERRLOG("payload %p of %u bytes cannot be described by one PRP list",
				       req->payload, req->payload_size);
			return -EINVAL;
		}
		tr->prp[n++] = iova;
		va += page_size;
		remaining -= remaining < page_size ? remaining : page_size;
	}
	cmd->dptr.prp.prp2 = n == 1 ? tr->prp[0] : tr->prp_iova;
	return 0;
}
