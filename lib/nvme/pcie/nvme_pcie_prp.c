/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A command's data pointer.  PRPs (NVMe 1.4 §4.3): PRP1 addresses the first
 * byte, dword aligned, and may carry an offset; every further entry addresses
 * a whole memory page.  Two pages fit in PRP1/PRP2; more go into the
 * tracker's PRP list page and PRP2 points at it.  Transfers are capped so one
 * list page always suffices.  So a scattered payload fits PRPs only when
 * every element but the first starts on a page and every element but the
 * last ends on one; otherwise it is sent as an SGL (nvme_pcie_sgl.c) if the
 * qpair may use SGLs (Identify Controller SGLS, §5.15.2.2: I/O queues only).
 * A contiguous payload beyond two pages goes as one SGL Data Block there
 * (nvme_pcie_dptr_contig).
 */
#include <errno.h>
#include <string.h>

#include "nvme_pcie_prp.h"
#include "nvme_pcie_sgl.h"

struct prp_builder {
	uint64_t	*list;		/* the tracker's list page */
	uint32_t	max_entries;
	uint32_t	n;		/* entries in list */
	uint64_t	page_mask;
	uint64_t	prp1;
	uint64_t	end;		/* IOVA just past the bytes described so far */
	bool		started;
	const char	*why;		/* set when the layout does not fit PRPs */
};

/* Describe the IOVA run [iova, iova + len); false (b->why set) if PRPs cannot. */
static bool
prp_add_run(struct prp_builder *b, uint64_t iova, uint64_t len)
{
	const uint64_t page = b->page_mask + 1;

	if (!b->started) {
		if (nvme_unlikely(iova & 3)) {
			b->why = "the first element is not dword aligned";
			return false;
		}
		b->prp1 = iova;
		b->started = true;
	} else if (iova != b->end || (iova & b->page_mask) == 0) {
		/* A new page: the run must start it, and what came before end on one. */
		if (nvme_unlikely((b->end & b->page_mask) != 0)) {
			b->why = "an element other than the last ends inside a memory page";
			return false;
		}
		if (nvme_unlikely((iova & b->page_mask) != 0)) {
			b->why = "an element other than the first starts inside a memory page";
			return false;
		}
		if (nvme_unlikely(b->n == b->max_entries)) {
			b->why = "more pages than one PRP list holds";
			return false;
		}
		b->list[b->n++] = iova;
	}
	/* Bytes up to the next page boundary belong to the current entry. */
	for (;;) {
		uint64_t in_page = page - (iova & b->page_mask);

		if (len <= in_page) {
			b->end = iova + len;
			return true;
		}
		iova += in_page;
		len -= in_page;
		if (nvme_unlikely(b->n == b->max_entries)) {
			b->why = "more pages than one PRP list holds";
			return false;
		}
		b->list[b->n++] = iova;
	}
}

/*
 * 0: PRPs built.  1: the layout does not fit PRPs (*why says how).
 * -EINVAL: the payload itself is bad (logged).
 */
static int
nvme_pcie_try_prps(struct nvme_pcie_qpair *pqpair, struct nvme_request *req,
		   struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd, const char **why)
{
	const uint32_t page_size = pqpair->qpair.ctrlr->page_size;
	struct prp_builder b = {
		.list = tr->prp,
		.max_entries = page_size / sizeof(uint64_t),
		.page_mask = page_size - 1,
	};
	struct nvme_pcie_run_iter it;
	uint64_t iova, contig = req->payload_size;
	uint32_t len;
	int rc;

	/* The common case: one contiguous payload in one dword-aligned IOVA run
	 * (PRPs the same as the run walk below would build, or one SGL Data
	 * Block, as the fast path sends it). */
	if (req->payload_type == NVME_PAYLOAD_CONTIG &&
	    (uint64_t)req->payload_size <= (uint64_t)b.max_entries * page_size) {
		iova = spdk_vtophys(req->payload, &contig);
		if (iova != SPDK_VTOPHYS_ERROR && contig >= req->payload_size && (iova & 3) == 0) {
			uint64_t psdt = 0;

			cmd->dptr.prp.prp1 = iova;
			cmd->dptr.prp.prp2 = nvme_pcie_dptr_contig(pqpair, tr, page_size, iova,
						req->payload_size, &psdt);
			cmd->psdt = psdt == 0 ? SPDK_NVME_PSDT_PRP : SPDK_NVME_PSDT_SGL_MPTR_CONTIG;
			return 0;
		}
	}
	nvme_pcie_run_iter_init(&it, req);
	while ((rc = nvme_pcie_next_run(&it, &iova, &len)) > 0) {
		if (nvme_unlikely(!prp_add_run(&b, iova, len))) {
			*why = b.why;
			return 1;
		}
	}
	if (nvme_unlikely(rc < 0)) {
		return rc;
	}
	cmd->psdt = SPDK_NVME_PSDT_PRP;
	cmd->dptr.prp.prp1 = b.prp1;
	cmd->dptr.prp.prp2 = b.n == 0 ? 0 : b.n == 1 ? b.list[0] : tr->prp_iova;
	return 0;
}

/* DSM ranges are copied into the tracker's page: one PRP, no allocation. */
static int
nvme_pcie_build_dsm(struct nvme_request *req, struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd)
{
	memcpy(tr->prp, req->dsm.ranges, (size_t)req->dsm.num_ranges * sizeof(*req->dsm.ranges));
	cmd->psdt = SPDK_NVME_PSDT_PRP;
	cmd->dptr.prp.prp1 = tr->prp_iova;
	cmd->dptr.prp.prp2 = 0;
	return 0;
}

/* Why sgl_mode is NVME_PCIE_SGL_NONE, for the log line. */
static const char *
nvme_pcie_no_sgl_reason(const struct nvme_pcie_qpair *pqpair)
{
	const struct spdk_nvme_ctrlr *ctrlr = pqpair->qpair.ctrlr;

	if (pqpair->qpair.id == 0) {
		return "admin commands use PRPs only";
	}
	if (ctrlr->opts.disable_pcie_sgl) {
		return "the controller options set disable_pcie_sgl";
	}
	return "the controller does not support SGLs";
}

int
nvme_pcie_build_data_ptr(struct nvme_pcie_qpair *pqpair, struct nvme_request *req,
			 struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd)
{
	struct spdk_nvme_ctrlr *ctrlr = pqpair->qpair.ctrlr;
	const char *why = NULL;
	int rc;

	if (nvme_unlikely(req->payload_type == NVME_PAYLOAD_DSM_RANGES)) {
		return nvme_pcie_build_dsm(req, tr, cmd);
	}
	rc = nvme_pcie_try_prps(pqpair, req, tr, cmd, &why);
	if (nvme_likely(rc <= 0)) {
		return rc;
	}
	if (req->payload_type == NVME_PAYLOAD_SGL && pqpair->sgl_mode != NVME_PCIE_SGL_NONE) {
		return nvme_pcie_build_sgl(pqpair, req, tr, cmd);
	}
	if (req->payload_type == NVME_PAYLOAD_SGL) {
		EALNVME_ERRLOG("%s: scattered payload of %u bytes cannot be sent: %s, and %s; "
			       "use page-aligned elements", nvme_ctrlr_name(ctrlr), req->sgl.size,
			       why, nvme_pcie_no_sgl_reason(pqpair));
	} else {
		EALNVME_ERRLOG("%s: payload %p of %u bytes cannot be described by PRPs: %s",
			       nvme_ctrlr_name(ctrlr), req->payload, req->payload_size, why);
	}
	return -EINVAL;
}
