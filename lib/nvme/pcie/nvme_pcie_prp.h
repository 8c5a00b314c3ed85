/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PRPs of one IOVA-contiguous run (NVMe 1.4 §4.3), inline for the
 * submission fast path (nvme_pcie_qpair_submit_rw) and shared with the
 * general builder (nvme_pcie_prp.c), so both give the same entries.
 */
#ifndef NVME_PCIE_PRP_H
#define NVME_PCIE_PRP_H

#include "nvme_pcie_internal.h"

/*
 * PRP2 of the run [iova, iova + size), size > 0, whose PRP1 is iova (dword
 * aligned): 0 when the run ends in PRP1's memory page, the second page when
 * it ends in that one, else the tracker's PRP list page, filled with every
 * page after PRP1's.  The list page holds page_size / 8 entries, enough when
 * size <= page_size / 8 pages (the transfer cap, NVME_MAX_XFER_SIZE, keeps
 * reads and writes within it).
 * page_size is a power of two (CC.MPS): masks, no division.
 */
static inline uint64_t
nvme_pcie_prp2_contig(struct nvme_tracker *tr, uint32_t page_size, uint64_t iova, uint32_t size)
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
	for (; page < end; page += page_size) {
		*list++ = page;
	}
	return tr->prp_iova;
}

#endif /* NVME_PCIE_PRP_H */
