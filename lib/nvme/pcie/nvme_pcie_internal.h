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
	bool				timed_out;	/* timeout callback already called */
	uint64_t			submit_tick;	/* only while a timeout is registered */
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
	uint8_t				sgl_mode;	/* enum nvme_pcie_sgl_mode (nvme_pcie_prp.h) */
	bool				sgl_no_merge;	/* io_qpair_opts.disable_pcie_sgl_merge */
	/* Shadow doorbells (nvme_pcie_dbbuf.c); NULL: MMIO doorbells only. */
	bool				shadow_and_mmio;	/* admin queue: both, always */
	volatile uint32_t		*sq_shadow;
	volatile uint32_t		*cq_shadow;
	const volatile uint32_t		*sq_eventidx;
	const volatile uint32_t		*cq_eventidx;
	uint32_t			num_trackers;	/* num_entries - 1: the SQ never overflows */
	struct nvme_tracker		*tr;
	SLIST_HEAD(, nvme_tracker)	free_tr;
	uint64_t			*prp_lists;	/* num_trackers pages, DMA memory */
	uint64_t			next_timeout_check;	/* nvme_pcie_timeout.c */
};

/* DOORBELL BUFFER CONFIG (§5.8): one page each, laid out as the doorbells. */
struct nvme_pcie_dbbuf {
	volatile uint32_t		*shadow;
	volatile uint32_t		*eventidx;
	uint64_t			shadow_iova;
	uint64_t			eventidx_iova;
	bool				enabled;	/* the controller accepted them */
};

/* A CMB or PMR: where it is in which BAR (nvme_pcie_cmb.c, nvme_pcie_pmr.c). */
struct nvme_pcie_ctrlr_mem {
	void				*bar_va;	/* the BAR as mapped; NULL: none */
	uint32_t			bir;		/* which BAR */
	uint8_t				*va;		/* the region in it */
	uint64_t			size;
	bool				mapped;		/* handed out and registered for DMA */
	bool				dma;		/* spdk_mem_register() accepted it */
};

struct nvme_pcie_ctrlr {
	struct spdk_nvme_ctrlr		ctrlr;		/* must be first */
	volatile struct spdk_nvme_registers *regs;
	uint64_t			regs_size;
	uint32_t			doorbell_stride;	/* bytes, 4 << CAP.DSTRD */
	struct spdk_pci_device		*devhandle;
	struct nvme_pcie_dbbuf		dbbuf;
	struct nvme_pcie_ctrlr_mem	cmb;
	struct nvme_pcie_ctrlr_mem	pmr;
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
/* The in-place fast path (struct nvme_transport_ops.qpair_submit_rw). */
int nvme_pcie_qpair_submit_rw(struct spdk_nvme_qpair *qpair, struct nvme_request *req);
int32_t nvme_pcie_qpair_process_completions(struct spdk_nvme_qpair *qpair, uint32_t max);
void nvme_pcie_qpair_abort_outstanding(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc,
				       bool dnr);
int nvme_pcie_qpair_iterate_outstanding(struct spdk_nvme_qpair *qpair,
		int (*fn)(struct nvme_request *req, uint16_t cid, void *arg), void *arg);
uint16_t nvme_pcie_qpair_get_queue_depth(struct spdk_nvme_qpair *qpair);
/* nvme_pcie_timeout.c */
void nvme_pcie_qpair_check_timeouts(struct spdk_nvme_qpair *qpair, uint64_t now);

/* nvme_pcie_dbbuf.c: shadow doorbells (§5.8). */
/* Init step: send DOORBELL BUFFER CONFIG if supported and not disabled. */
int nvme_pcie_ctrlr_config_dbbuf(struct spdk_nvme_ctrlr *ctrlr);
/* The controller was disabled: it no longer uses the pages. */
void nvme_pcie_ctrlr_dbbuf_forget(struct spdk_nvme_ctrlr *ctrlr);
void nvme_pcie_ctrlr_dbbuf_free(struct spdk_nvme_ctrlr *ctrlr);
/* Point the qpair at its shadow entries (before CREATE I/O CQ/SQ), or at none. */
void nvme_pcie_qpair_dbbuf_attach(struct nvme_pcie_qpair *pqpair);

/*
 * Does moving a doorbell from old_idx to new_idx pass the controller's
 * event_idx, i.e. is event_idx in [old_idx, new_idx) around the ring?
 * Arithmetic mod 2^16 gives the right answer for any ring of up to 65536
 * entries, wrapped or not (the "need event" test of shadow doorbells).
 */
static inline bool
nvme_pcie_dbbuf_need_event(uint16_t event_idx, uint16_t new_idx, uint16_t old_idx)
{
	return (uint16_t)(new_idx - event_idx - 1) < (uint16_t)(new_idx - old_idx);
}

/* Store the new value in the shadow doorbell; true if MMIO is needed as well. */
static inline bool
nvme_pcie_dbbuf_update(volatile uint32_t *shadow, const volatile uint32_t *eventidx,
		       uint32_t old_val, uint32_t new_val)
{
	*shadow = new_val;
	/* A store then a load: only a full barrier keeps the controller from
	 * missing the new value while we miss its new EventIdx. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return nvme_pcie_dbbuf_need_event((uint16_t)*eventidx, (uint16_t)new_val,
					  (uint16_t)old_val);
}

/*
 * nvme_pcie_prp.c: fill cmd's data pointer from req's payload: PRPs
 * (§4.3), one SGL Data Block for a contiguous payload beyond two pages, or
 * SGL descriptors (§4.4, nvme_pcie_sgl.c) for a scattered payload PRPs
 * cannot describe, where the qpair may use SGLs (sgl_mode).  Lists go into
 * the tracker's page.  0, or -EINVAL with a log line.
 */
int nvme_pcie_build_data_ptr(struct nvme_pcie_qpair *pqpair, struct nvme_request *req,
			     struct nvme_tracker *tr, struct spdk_nvme_cmd *cmd);

/*
 * nvme_pcie_cmb.c / nvme_pcie_pmr.c: find the CMB / PMR at construction
 * (BAR mapped, nothing handed out), the transport ops, and release at
 * destruction.  mem_locate/mem_release are the BAR part both share; size 0:
 * the whole BAR.
 */
int nvme_pcie_ctrlr_mem_locate(struct nvme_pcie_ctrlr *pctrlr, struct nvme_pcie_ctrlr_mem *mem,
			       uint32_t bir, uint64_t offset, uint64_t size, const char *what);
void nvme_pcie_ctrlr_mem_release(struct nvme_pcie_ctrlr *pctrlr, struct nvme_pcie_ctrlr_mem *mem);
void nvme_pcie_ctrlr_cmb_init(struct nvme_pcie_ctrlr *pctrlr);
int nvme_pcie_ctrlr_reserve_cmb(struct spdk_nvme_ctrlr *ctrlr);
void *nvme_pcie_ctrlr_map_cmb(struct spdk_nvme_ctrlr *ctrlr, size_t *size);
int nvme_pcie_ctrlr_unmap_cmb(struct spdk_nvme_ctrlr *ctrlr);
void nvme_pcie_ctrlr_pmr_init(struct nvme_pcie_ctrlr *pctrlr);
int nvme_pcie_ctrlr_enable_pmr(struct spdk_nvme_ctrlr *ctrlr);
int nvme_pcie_ctrlr_disable_pmr(struct spdk_nvme_ctrlr *ctrlr);
void *nvme_pcie_ctrlr_map_pmr(struct spdk_nvme_ctrlr *ctrlr, size_t *size);
int nvme_pcie_ctrlr_unmap_pmr(struct spdk_nvme_ctrlr *ctrlr);

/*
 * nvme_pcie_hotplug.c: the hotplug filter.  admit: false when addr is newly
 * inserted (absent at an earlier whole-bus probe) and the filter declines it;
 * scan_done: after each whole-bus scan; forget: a removed device's address.
 */
bool nvme_pcie_hotplug_admit(const struct spdk_pci_addr *addr);
void nvme_pcie_hotplug_scan_done(void);
void nvme_pcie_hotplug_forget(const struct spdk_pci_addr *addr);

#endif /* NVME_PCIE_INTERNAL_H */
