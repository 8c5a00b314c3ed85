/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Walking a request's payload as IOVA-contiguous runs, for the PRP and SGL
 * builders.  A contiguous payload is one element; a scattered one comes from
 * the caller's reset_sgl/next_sge callbacks, positioned at the request's
 * offset (children of a split I/O start part-way into the caller's list).
 */
#ifndef NVME_PCIE_SGL_H
#define NVME_PCIE_SGL_H

#include <errno.h>

#include "nvme_pcie_internal.h"

struct nvme_pcie_run_iter {
	const struct nvme_request	*req;
	uintptr_t			va;		/* rest of the current element */
	uint32_t			elem_left;
	uint32_t			left;		/* bytes still to describe */
};

/* Start at the request's first byte (calls reset_sgl_fn for a scattered payload). */
static inline void
nvme_pcie_run_iter_init(struct nvme_pcie_run_iter *it, const struct nvme_request *req)
{
	it->req = req;
	if (req->payload_type == NVME_PAYLOAD_SGL) {
		req->sgl.reset_sgl_fn(req->sgl.cb_arg, req->sgl.offset);
		it->va = 0;
		it->elem_left = 0;
		it->left = req->sgl.size;
	} else {
		it->va = (uintptr_t)req->payload;
		it->elem_left = req->payload_size;
		it->left = req->payload_size;
	}
}

/*
 * The next IOVA-contiguous run: 1 with iova and len set, 0 when the payload is
 * described, -EINVAL (logged) when an element is no DMA memory, or the
 * caller's next_sge_fn failed or returned an empty element.
 */
static inline int
nvme_pcie_next_run(struct nvme_pcie_run_iter *it, uint64_t *iova, uint32_t *len)
{
	uint64_t contig;

	if (it->left == 0) {
		return 0;
	}
	if (it->elem_left == 0) {
		void *addr = NULL;
		uint32_t elen = 0;
		const struct nvme_sgl_payload *sgl = &it->req->sgl;

		if (nvme_unlikely(it->req->payload_type != NVME_PAYLOAD_SGL ||
				  sgl->next_sge_fn(sgl->cb_arg, &addr, &elen) != 0 || elen == 0)) {
			EALNVME_ERRLOG("scattered payload: next_sge_fn failed or returned an empty "
				       "element with %u bytes still to describe; it must return "
				       "elements covering the whole I/O", it->left);
			return -EINVAL;
		}
		it->va = (uintptr_t)addr;
		it->elem_left = nvme_min(elen, it->left);
	}
	contig = it->elem_left;
	*iova = spdk_vtophys((void *)it->va, &contig);
	if (nvme_unlikely(*iova == SPDK_VTOPHYS_ERROR || contig == 0)) {
		EALNVME_ERRLOG("payload %p is not DMA memory: allocate it with spdk_zmalloc() "
			       "or spdk_dma_malloc()", (void *)it->va);
		return -EINVAL;
	}
	*len = (uint32_t)nvme_min(contig, (uint64_t)it->elem_left);
	it->va += *len;
	it->elem_left -= *len;
	it->left -= *len;
	return 1;
}

/* nvme_pcie_sgl.c: SGL data block descriptors, a list in the tracker's page. */
int nvme_pcie_build_sgl(struct nvme_pcie_qpair *pqpair, struct nvme_request *req,
			struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd);

#endif /* NVME_PCIE_SGL_H */
