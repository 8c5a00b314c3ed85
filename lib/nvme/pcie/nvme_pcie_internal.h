/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PCIe transport internals: the controller's BAR, submission/completion
 * rings and the per-command trackers (one per CID) that own a PRP list.
 */
#ifndef NVME_PCIE_INTERNAL_H
#define NVME_PCIE_INTERNAL_H

#include "nvme_internal.h"
#include "nvme_pcie_mmio.h"

struct nvme_tracker {
	struct nvme_request		*req;	/* NULL while free */
	uint64_t			*prp;	/* this tracker's PRP list page */
	uint64_t			prp_iova;
	uint16_t			cid;
	SLIST_ENTRY(nvme_tracker)	slist;
};

struct nvme_pcie_qpair {
	struct spdk_nvme_qpair		qpair;		/* must be first */
	struct spdk_nvme_cmd		*sq;
	struct spdk_nvme_cpl		*cq;
	uint64_t			sq_iova;
	uint64_t			cq_iova;
	volatile uint32_t		*sq_tdbl;
	volatile uint32_t		*cq_hdbl;
	/* Up to 65536 entries (CAP.MQES 0xffff): 32-bit indices. */
	uint32_t			num_entries;
	uint32_t			sq_tail;
	uint32_t			cq_head;
	uint32_t			last_sq_tail;	/* last value rung, for delayed doorbells */
	uint8_t				phase;
	bool				delay_cmd_submit;
	uint32_t			num_trackers;	/* num_entries - 1: the SQ never overflows */
	struct nvme_tracker		*tr;
	SLIST_HEAD(, nvme_tracker)	free_tr;
	uint64_t			*prp_lists;	/* num_trackers pages, DMA memory */
};

struct nvme_pcie_ctrlr {
	struct spdk_nvme_ctrlr		ctrlr;		/* must be first */
	volatile struct spdk_nvme_registers *regs;
	uint64_t			regs_size;
	uint32_t			doorbell_stride;	/* bytes, 4 << CAP.DSTRD */
	struct spdk_pci_device		*devhandle;
};

static inline struct nvme_pcie_qpair *
nvme_pcie_qpair(struct spdk_nvme_qpair *qpair)
{
	return (struct nvme_pcie_qpair *)qpair;
}

static inline struct nvme_pcie_ctrlr *
nvme_pcie_ctrlr(struct spdk_nvme_ctrlr *ctrlr)
{
	return (struct nvme_pcie_ctrlr *)ctrlr;
}

/* nvme_pcie_qpair.c */
struct nvme_pcie_qpair *nvme_pcie_qpair_create(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid,
		uint32_t num_entries, uint32_t num_requests, enum spdk_nvme_qprio qprio);
void nvme_pcie_qpair_destroy(struct spdk_nvme_qpair *qpair);
void nvme_pcie_qpair_reset(struct nvme_pcie_qpair *pqpair);
int nvme_pcie_qpair_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req);
int32_t nvme_pcie_qpair_process_completions(struct spdk_nvme_qpair *qpair, uint32_t max);
void nvme_pcie_qpair_abort_outstanding(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc);

/* nvme_pcie_prp.c */
int nvme_pcie_build_prps(struct nvme_pcie_qpair *pqpair, struct nvme_request *req,
			 struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd);

#endif /* NVME_PCIE_INTERNAL_H */
