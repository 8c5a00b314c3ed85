/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The data pointer of one IOVA-contiguous run: PRPs (NVMe 1.4 §4.3) or one
 * SGL Data Block (§4.4), inline for the submission fast path
 * (nvme_pcie_qpair_submit_rw) and shared with the general builder
 * (nvme_pcie_prp.c), so both give the same command.
 */
#ifndef NVME_PCIE_PRP_H
#define NVME_PCIE_PRP_H

#include "nvme_pcie_internal.h"

/* nvme_pcie_qpair.sgl_mode: may a data pointer be an SGL (Identify SGLS, §5.15.2.2)? */
enum nvme_pcie_sgl_mode {
	NVME_PCIE_SGL_NONE = 0,		/* PRPs only: admin queue, no SGLS, or disabled */
	NVME_PCIE_SGL_BYTE,		/* SGLS 01b: any address and length */
	NVME_PCIE_SGL_DWORD,		/* SGLS 10b: dword-aligned address and length */
};

/* CDW0 with PSDT 01b (bits 15:14): SGLs for data, MPTR a contiguous buffer (§4.2). */
#define NVME_PCIE_CDW0_PSDT_SGL	((uint32_t)SPDK_NVME_PSDT_SGL_MPTR_CONTIG << 14)

/* DPTR's second quadword for one SGL Data Block of len bytes (§4.4): the
 * length, then the SGL identifier (type 0h Data Block, subtype 0h Address). */
#define NVME_PCIE_SGL_DATA_BLOCK_DW2_3(len) \
	((uint64_t)(len) | (uint64_t)(SPDK_NVME_SGL_TYPE_DATA_BLOCK << 4 | \
				       SPDK_NVME_SGL_SUBTYPE_ADDRESS) << 56)

/*
 * The data pointer of the IOVA run [iova, iova + size), size > 0, iova dword
 * aligned: its first quadword is iova, its second is returned, and for an
 * SGL PSDT 01b is ORed into *cdw0 (the command's first quadword; left alone
 * for PRPs, so the common case does no work for it).  Within two memory
 * pages: PRP1 and PRP2 (0 when the run ends in PRP1's page), which every
 * controller takes and which cost it no list either.  Beyond: one SGL Data Block when the qpair may use SGLs, so
 * the controller maps one range instead of fetching a list and mapping it
 * page by page (measured in docs/performance.md); else the tracker's PRP
 * list page, filled with every page after PRP1's (page_size / 8 entries,
 * enough as NVME_MAX_XFER_SIZE caps reads and writes).
 * page_size is a power of two (CC.MPS): masks, no division.
 */
static inline uint64_t
nvme_pcie_dptr_contig(const struct nvme_pcie_qpair *pqpair, struct nvme_tracker *tr,
		      uint32_t page_size, uint64_t iova, uint32_t size, uint64_t *cdw0)
{
	uint64_t page = (iova | (page_size - 1)) + 1;	/* the second page */
	const uint64_t end = iova + size;
	uint64_t *list = tr->prp;

	if (nvme_likely(end <= page)) {
		return 0;
	}
	if (end <= page + page_size) {
		return page;
	}
	if (pqpair->sgl_mode == NVME_PCIE_SGL_BYTE ||
	    (pqpair->sgl_mode == NVME_PCIE_SGL_DWORD && (size & 3) == 0)) {
		*cdw0 |= NVME_PCIE_CDW0_PSDT_SGL;
		return NVME_PCIE_SGL_DATA_BLOCK_DW2_3(size);
	}
	for (; page < end; page += page_size) {
		*list++ = page;
	}
	return tr->prp_iova;
}

#endif /* NVME_PCIE_PRP_H */
