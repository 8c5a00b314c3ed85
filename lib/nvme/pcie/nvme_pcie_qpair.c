/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PCIe submission/completion rings (NVMe 1.4 §4.1, §4.6).  Submission copies
 * one SQ entry and rings the tail doorbell; polling walks the CQ by phase
 * tag and rings the head doorbell once per poll.  Neither allocates, locks
 * or enters the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_pcie_internal.h"
#include "nvme_pcie_prp.h"

/* Order ring memory against the doorbell store (a compiler barrier on x86). */
#define nvme_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define nvme_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

static void *
nvme_pcie_alloc_ring(size_t size, uint32_t page_size, uint64_t *iova, const char *what,
		     struct spdk_nvme_ctrlr *ctrlr)
{
	uint64_t contig = size;
	void *ring = spdk_zmalloc(size, page_size, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	if (ring == NULL) {
		EALNVME_ERRLOG("%s: cannot allocate %zu bytes of DMA memory for the %s",
			       nvme_ctrlr_name(ctrlr), size, what);
		return NULL;
	}
	*iova = spdk_vtophys(ring, &contig);
	/* CAP.CQR / our PC=1 queues must be IOVA-contiguous. */
	if (*iova == SPDK_VTOPHYS_ERROR || contig < size) {
		EALNVME_ERRLOG("%s: %s memory is not IOVA-contiguous (%llu of %zu bytes)",
			       nvme_ctrlr_name(ctrlr), what, (unsigned long long)contig, size);
		spdk_free(ring);
		return NULL;
	}
	return ring;
}

void
nvme_pcie_qpair_reset(struct nvme_pcie_qpair *pqpair)
{
	pqpair->sq_tail = 0;
	pqpair->last_sq_tail = 0;
	pqpair->cq_head = 0;
	/* The controller posts phase 1 on its first pass (§4.6). */
	pqpair->phase = 1;
	memset(pqpair->sq, 0, (size_t)pqpair->num_entries * sizeof(*pqpair->sq));
	memset(pqpair->cq, 0, (size_t)pqpair->num_entries * sizeof(*pqpair->cq));
}

struct nvme_pcie_qpair *
nvme_pcie_qpair_create(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid, uint32_t num_entries,
		       uint32_t num_requests, enum spdk_nvme_qprio qprio)
{
	struct nvme_pcie_ctrlr *pctrlr = nvme_pcie_ctrlr(ctrlr);
	const uint32_t page_size = ctrlr->page_size;
	struct nvme_pcie_qpair *pqpair;
	uint8_t *db = (uint8_t *)pctrlr->regs + offsetof(struct spdk_nvme_registers, doorbell);

	pqpair = calloc(1, sizeof(*pqpair));
	if (pqpair == NULL) {
		return NULL;
	}
	if (nvme_qpair_init(&pqpair->qpair, qid, ctrlr, qprio, num_requests) != 0) {
		free(pqpair);
		return NULL;
	}
	pqpair->num_entries = num_entries;
	pqpair->num_trackers = num_entries - 1;
	pqpair->sq_tdbl = (volatile uint32_t *)(db + (2u * qid) * pctrlr->doorbell_stride);
	pqpair->cq_hdbl = (volatile uint32_t *)(db + (2u * qid + 1) * pctrlr->doorbell_stride);
	pqpair->sq = nvme_pcie_alloc_ring((size_t)num_entries * sizeof(struct spdk_nvme_cmd),
					  page_size, &pqpair->sq_iova, "submission queue", ctrlr);
	pqpair->cq = nvme_pcie_alloc_ring((size_t)num_entries * sizeof(struct spdk_nvme_cpl),
					  page_size, &pqpair->cq_iova, "completion queue", ctrlr);
	pqpair->tr = calloc(pqpair->num_trackers, sizeof(*pqpair->tr));
	pqpair->prp_lists = spdk_zmalloc((size_t)pqpair->num_trackers * page_size, page_size,
					 NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (pqpair->sq == NULL || pqpair->cq == NULL || pqpair->tr == NULL ||
	    pqpair->prp_lists == NULL) {
		EALNVME_ERRLOG("%s: out of memory creating qpair %u with %u entries",
			       nvme_ctrlr_name(ctrlr), qid, num_entries);
		nvme_pcie_qpair_destroy(&pqpair->qpair);
		return NULL;
	}
	SLIST_INIT(&pqpair->free_tr);
	for (int64_t i = (int64_t)pqpair->num_trackers - 1; i >= 0; i--) {
		struct nvme_tracker *tr = &pqpair->tr[i];

		tr->cid = (uint16_t)i;
		tr->prp = (uint64_t *)((uint8_t *)pqpair->prp_lists + (size_t)i * page_size);
		tr->prp_iova = spdk_vtophys(tr->prp, NULL);
		if (tr->prp_iova == SPDK_VTOPHYS_ERROR) {
			nvme_pcie_qpair_destroy(&pqpair->qpair);
			return NULL;
		}
		SLIST_INSERT_HEAD(&pqpair->free_tr, tr, slist);
	}
	nvme_pcie_qpair_reset(pqpair);
	return pqpair;
}

void
nvme_pcie_qpair_destroy(struct spdk_nvme_qpair *qpair)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);

	if (pqpair == NULL) {
		return;
	}
	spdk_free(pqpair->sq);
	spdk_free(pqpair->cq);
	spdk_free(pqpair->prp_lists);
	free(pqpair->tr);
	nvme_qpair_deinit(qpair);
	free(pqpair);
}

static inline void
nvme_pcie_ring_sq_doorbell(struct nvme_pcie_qpair *pqpair)
{
	uint32_t tail = pqpair->sq_tail;
	bool mmio = true;

	nvme_wmb();
	if (pqpair->sq_shadow != NULL) {
		/* MMIO only if the controller may have stopped looking (§5.8). */
		mmio = nvme_pcie_dbbuf_update(pqpair->sq_shadow, pqpair->sq_eventidx,
					      pqpair->last_sq_tail, tail) ||
		       pqpair->shadow_and_mmio;
	}
	if (mmio) {
		nvme_mmio_write32(pqpair->sq_tdbl, tail);
	}
	pqpair->last_sq_tail = tail;
}

static inline void
nvme_pcie_ring_cq_doorbell(struct nvme_pcie_qpair *pqpair, uint32_t old_head)
{
	uint32_t head = pqpair->cq_head;

	if (pqpair->cq_shadow != NULL &&
	    !nvme_pcie_dbbuf_update(pqpair->cq_shadow, pqpair->cq_eventidx, old_head, head) &&
	    !pqpair->shadow_and_mmio) {
		return;
	}
	nvme_mmio_write32(pqpair->cq_hdbl, head);
}

/* The tracker at the head of the free list now carries req. */
static inline void
nvme_pcie_tracker_take(struct nvme_pcie_qpair *pqpair, struct nvme_tracker *tr,
		       struct nvme_request *req)
{
	SLIST_REMOVE_HEAD(&pqpair->free_tr, slist);
	tr->req = req;
	/* Same cache line as tr->req; the clock is read only when watched. */
	tr->submit_tick = nvme_unlikely(pqpair->qpair.timeout_ticks != 0) ? spdk_get_ticks() : 0;
	tr->timed_out = false;
}

/* Slot tail is written: pass it to the controller, now or at the next poll. */
static inline void
nvme_pcie_sq_advance(struct nvme_pcie_qpair *pqpair, uint32_t tail, bool hold_doorbell)
{
	if (++tail == pqpair->num_entries) {
		tail = 0;
	}
	pqpair->sq_tail = tail;
	if (nvme_likely(!pqpair->delay_cmd_submit) && nvme_likely(!hold_doorbell)) {
		nvme_pcie_ring_sq_doorbell(pqpair);
	}
}

int
nvme_pcie_qpair_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);
	struct nvme_tracker *tr = SLIST_FIRST(&pqpair->free_tr);
	int rc;

	if (nvme_unlikely(tr == NULL)) {
		return -EAGAIN;
	}
	/* A fused pair goes in back to back (§4.12): FIRST waits until both fit. */
	if (nvme_unlikely(req->cmd.fuse == SPDK_NVME_CMD_FUSE_FIRST &&
			  SLIST_NEXT(tr, slist) == NULL)) {
		return -EAGAIN;
	}
	if (req->payload_size > 0 || req->payload_type != NVME_PAYLOAD_CONTIG) {
		rc = nvme_pcie_build_data_ptr(pqpair, req, tr, &req->cmd);
		if (nvme_unlikely(rc != 0)) {
			return rc;
		}
	}
	nvme_pcie_tracker_take(pqpair, tr, req);
	req->cmd.cid = tr->cid;
	pqpair->sq[pqpair->sq_tail] = req->cmd;
	/* One doorbell write covers both commands of a fused pair (§4.12). */
	nvme_pcie_sq_advance(pqpair, pqpair->sq_tail, req->cmd.fuse == SPDK_NVME_CMD_FUSE_FIRST);
	return 0;
}

/*
 * The fast path: the command goes straight into the SQ slot, as the eight
 * quadwords of the common command format (§4.2), with the data pointer of
 * the payload's one IOVA run (PRPs §4.3, or an SGL Data Block §4.4).  No
 * copy of it is kept in the request.
 */
int
nvme_pcie_qpair_submit_rw(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	const struct nvme_rw_cmd *rw = &req->rw;
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);
	struct nvme_tracker *tr;
	uint64_t contig = req->payload_size, iova, dptr2, cdw0;
	uint32_t size, tail;
	uint64_t *sqe;

	if (nvme_unlikely(SLIST_EMPTY(&pqpair->free_tr))) {
		return -EAGAIN;		/* the general path queues it */
	}
	iova = spdk_vtophys(req->payload, &contig);
	/* Read after the call, not kept across it: fewer registers to save. */
	size = req->payload_size;
	tr = SLIST_FIRST(&pqpair->free_tr);
	if (nvme_unlikely(iova == SPDK_VTOPHYS_ERROR || contig < size || (iova & 3) != 0)) {
		/* Not one dword-aligned DMA run: the general path builds the
		 * PRPs run by run, or rejects the payload with a log line. */
		return -EAGAIN;
	}
	cdw0 = rw->cdw0_nsid | (uint32_t)tr->cid << 16;	/* PSDT 0: PRPs */
	dptr2 = nvme_pcie_dptr_contig(pqpair, tr, qpair->ctrlr->page_size, iova, size, &cdw0);
	nvme_pcie_tracker_take(pqpair, tr, req);
	/* Every quadword: the slot still holds the command that used it last.
	 * NVMe structures are little endian, like the hosts we build for. */
	_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian host");
	tail = pqpair->sq_tail;
	sqe = (uint64_t *)&pqpair->sq[tail];
	sqe[0] = cdw0;
	sqe[1] = 0;				/* CDW2-3 */
	sqe[2] = rw->mptr;
	sqe[3] = iova;				/* PRP1 or the data block's address */
	sqe[4] = dptr2;
	sqe[5] = rw->cdw10_11;
	sqe[6] = rw->cdw12_13;
	sqe[7] = rw->cdw14_15;
	nvme_pcie_sq_advance(pqpair, tail, false);
	return 0;
}

/* Out of the polling loop: its registers stay free for the common case. */
static __attribute__((noinline, cold)) void
nvme_pcie_log_unknown_cid(struct spdk_nvme_qpair *qpair, const struct spdk_nvme_cpl *cpl)
{
	EALNVME_ERRLOG("%s: qpair %u: completion for unknown command id %u (sqid %u, status "
		       "0x%04x); ignored", nvme_ctrlr_name(qpair->ctrlr), qpair->id, cpl->cid,
		       cpl->sqid, cpl->status_raw);
}

/*
 * An error completion (cold): a retryable status (nvme_cpl_is_retryable) is
 * sent again, up to ctrlr opts.transport_retry_count times, as SPDK does;
 * the tracker is freed and the command rebuilt by the general path.  true
 * when the request was resent or completed here; false: complete it as usual.
 */
static __attribute__((noinline, cold)) bool
nvme_pcie_qpair_retry(struct spdk_nvme_qpair *qpair, struct nvme_tracker *tr,
		      struct nvme_request *req, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);

	if (!nvme_qpair_may_retry(qpair, req, cpl)) {
		return false;
	}
	tr->req = NULL;
	SLIST_INSERT_HEAD(&pqpair->free_tr, tr, slist);
	nvme_qpair_retry(qpair, req, cpl);
	return true;
}

int32_t
nvme_pcie_qpair_process_completions(struct spdk_nvme_qpair *qpair, uint32_t max)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);
	const uint32_t old_head = pqpair->cq_head;
	uint32_t done = 0;

	/* 0 (or more than can be outstanding): everything there is. */
	if (max - 1 >= pqpair->num_trackers) {
		max = pqpair->num_trackers;
	}
	/* max >= 1 now: test it after each completion. */
	for (;;) {
		uint32_t head = pqpair->cq_head;
		const struct spdk_nvme_cpl *cpl = &pqpair->cq[head];
		struct nvme_tracker *tr;
		struct nvme_request *req;

		/* status is plain memory the device writes: read it volatile. */
		if ((((const volatile struct spdk_nvme_cpl *)cpl)->status_raw & 1u) != pqpair->phase) {
			break;
		}
		/* Read the entry only after seeing its phase tag. */
		nvme_rmb();
		if (++head == pqpair->num_entries) {
			head = 0;
			pqpair->phase ^= 1;
		}
		pqpair->cq_head = head;
		if (nvme_unlikely(cpl->cid >= pqpair->num_trackers ||
				  pqpair->tr[cpl->cid].req == NULL)) {
			nvme_pcie_log_unknown_cid(qpair, cpl);
			continue;
		}
		tr = &pqpair->tr[cpl->cid];
		req = tr->req;
		/* Any status bit besides the phase tag: an error (cold path). */
		if (nvme_unlikely(cpl->status_raw > 1u) && nvme_pcie_qpair_retry(qpair, tr, req, cpl)) {
			if (++done == max) {
				break;
			}
			continue;
		}
		tr->req = NULL;
		SLIST_INSERT_HEAD(&pqpair->free_tr, tr, slist);
		nvme_qpair_complete_request(qpair, req, cpl);
		if (++done == max) {
			break;
		}
	}
	/* A callback may have failed the controller: it is disabled now, so no
	 * doorbell may reach it; the next poll completes what is left. */
	if (nvme_unlikely(qpair->state != NVME_QPAIR_ENABLED)) {
		return (int32_t)done;
	}
	/* The head moved unless nothing was there: a full lap would need more
	 * entries than the CQ holds unconsumed (num_entries - 1, §4.6). */
	if (pqpair->cq_head != old_head) {
		nvme_pcie_ring_cq_doorbell(pqpair, old_head);
	}
	if (nvme_unlikely(!STAILQ_EMPTY(&qpair->queued_req))) {
		nvme_qpair_resubmit_queued(qpair);
	}
	/* delay_cmd_submit: one doorbell for everything submitted since the last
	 * poll, by callbacks of this one and resubmissions included (as SPDK). */
	if (pqpair->delay_cmd_submit && pqpair->sq_tail != pqpair->last_sq_tail) {
		nvme_pcie_ring_sq_doorbell(pqpair);
	}
	return (int32_t)done;
}

void
nvme_pcie_qpair_abort_outstanding(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc, bool dnr)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);

	for (uint32_t i = 0; i < pqpair->num_trackers; i++) {
		struct nvme_tracker *tr = &pqpair->tr[i];
		struct spdk_nvme_cpl cpl = { 0 };
		struct nvme_request *req = tr->req;

		if (req == NULL) {
			continue;
		}
		tr->req = NULL;
		SLIST_INSERT_HEAD(&pqpair->free_tr, tr, slist);
		cpl.cid = tr->cid;
		cpl.sqid = qpair->id;
		cpl.status.sct = sct;
		cpl.status.sc = sc;
		cpl.status.dnr = dnr;
		nvme_qpair_complete_request(qpair, req, &cpl);
	}
}

int
nvme_pcie_qpair_iterate_outstanding(struct spdk_nvme_qpair *qpair,
				    int (*fn)(struct nvme_request *req, uint16_t cid, void *arg),
				    void *arg)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);
	int rc;

	for (uint32_t i = 0; i < pqpair->num_trackers; i++) {
		struct nvme_tracker *tr = &pqpair->tr[i];

		if (tr->req != NULL) {
			rc = fn(tr->req, tr->cid, arg);
			if (rc != 0) {
				return rc;
			}
		}
	}
	return 0;
}

/* Busy trackers: the commands the device holds.  A walk: for queries only. */
uint16_t
nvme_pcie_qpair_get_queue_depth(struct spdk_nvme_qpair *qpair)
{
	const struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);
	uint32_t depth = 0;

	for (uint32_t i = 0; i < pqpair->num_trackers; i++) {
		depth += pqpair->tr[i].req != NULL;
	}
	return (uint16_t)nvme_min(depth, (uint32_t)UINT16_MAX);
}
