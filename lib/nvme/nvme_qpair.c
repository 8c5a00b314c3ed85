/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Transport-independent qpair logic: the request pool, completion of
 * (split) requests, and the queue of requests waiting for a free slot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_internal.h"

int
nvme_qpair_init(struct spdk_nvme_qpair *qpair, uint16_t id, struct spdk_nvme_ctrlr *ctrlr,
		enum spdk_nvme_qprio qprio, uint32_t num_requests)
{
	qpair->id = id;
	qpair->ctrlr = ctrlr;
	qpair->transport = ctrlr->transport;
	qpair->qprio = qprio;
	qpair->state = NVME_QPAIR_ENABLED;
	qpair->num_requests = num_requests;
	SLIST_INIT(&qpair->free_req);
	STAILQ_INIT(&qpair->queued_req);
	TAILQ_INIT(&qpair->err_cmds);
	STAILQ_INIT(&qpair->err_held);
	/* Requests are plain host memory: only payloads and queues need DMA. */
	qpair->req_buf = calloc(num_requests, sizeof(struct nvme_request));
	if (qpair->req_buf == NULL) {
		EALNVME_ERRLOG("%s: cannot allocate %u requests for qpair %u",
			       nvme_ctrlr_name(ctrlr), num_requests, id);
		return -ENOMEM;
	}
	/* Pushed in reverse: the first taken is req_buf[0]. */
	for (uint32_t i = num_requests; i-- > 0;) {
		qpair->req_buf[i].qpair = qpair;	/* for good: requests never move */
		SLIST_INSERT_HEAD(&qpair->free_req, &qpair->req_buf[i], free_link);
	}
	return 0;
}

void
nvme_qpair_deinit(struct spdk_nvme_qpair *qpair)
{
	nvme_qpair_err_destroy(qpair);
	free(qpair->req_buf);
	qpair->req_buf = NULL;
}

void
nvme_qpair_complete_child(struct nvme_request *child, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_request *parent = child->parent;

	if (spdk_nvme_cpl_is_error(cpl) && !spdk_nvme_cpl_is_error(&parent->parent_cpl)) {
		parent->parent_cpl = *cpl;
	}
	nvme_free_request(child);
	if (--parent->num_children == 0) {
		spdk_nvme_cmd_cb cb_fn = parent->cb_fn;
		void *cb_arg = parent->cb_arg;
		struct spdk_nvme_cpl pcpl = parent->parent_cpl;

		nvme_free_request(parent);
		if (cb_fn != NULL) {
			cb_fn(cb_arg, &pcpl);
		}
	}
}

static void
nvme_qpair_fail_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req,
			uint16_t sct, uint16_t sc, bool dnr)
{
	struct spdk_nvme_cpl cpl = { 0 };

	cpl.sqid = qpair->id;
	cpl.status.sct = sct;
	cpl.status.sc = sc;
	cpl.status.dnr = dnr;
	nvme_qpair_complete_request(qpair, req, &cpl);
}

/*
 * DSM ranges are the caller's memory, valid only during the call (as in
 * SPDK): a DSM that must wait keeps a copy, off the read/write hot path.
 */
static int
nvme_qpair_keep_dsm_ranges(struct nvme_request *req)
{
	size_t size = (size_t)req->dsm.num_ranges * sizeof(*req->dsm.ranges);

	if (req->dsm.copy != NULL) {
		return 0;	/* queued before, e.g. across a reset */
	}
	req->dsm.copy = malloc(size);
	if (req->dsm.copy == NULL) {
		EALNVME_ERRLOG("dataset management: no memory to keep %u ranges while the "
			       "command waits for a free queue slot", req->dsm.num_ranges);
		return -ENOMEM;
	}
	memcpy(req->dsm.copy, req->dsm.ranges, size);
	req->dsm.ranges = req->dsm.copy;
	return 0;
}

/* A request leaves queued_req: sent (its ranges are in the SQ's page now) or failed. */
static void
nvme_qpair_dequeued(struct nvme_request *req)
{
	if (req->payload_type == NVME_PAYLOAD_DSM_RANGES) {
		free(req->dsm.copy);
		req->dsm.copy = NULL;
		req->dsm.ranges = NULL;
	}
}

void
nvme_qpair_abort_queued(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc)
{
	nvme_qpair_abort_queued_dnr(qpair, sct, sc, true);
}

void
nvme_qpair_abort_queued_dnr(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc, bool dnr)
{
	struct nvme_request_list list = STAILQ_HEAD_INITIALIZER(list);
	struct nvme_request *req;

	/* Detach the list first: callbacks may queue new requests. */
	STAILQ_CONCAT(&list, &qpair->queued_req);
	while ((req = STAILQ_FIRST(&list)) != NULL) {
		STAILQ_REMOVE_HEAD(&list, stailq);
		nvme_qpair_dequeued(req);
		nvme_qpair_fail_request(qpair, req, sct, sc, dnr);
	}
}

uint32_t
nvme_qpair_abort_queued_if(struct spdk_nvme_qpair *qpair,
			   bool (*match)(const struct nvme_request *req, void *arg), void *arg)
{
	struct nvme_request_list victims = STAILQ_HEAD_INITIALIZER(victims);
	struct nvme_request *req, *next;
	uint32_t n = 0;

	/* Take them all off first: callbacks may queue new requests. */
	for (req = STAILQ_FIRST(&qpair->queued_req); req != NULL; req = next) {
		next = STAILQ_NEXT(req, stailq);
		if (match(req, arg)) {
			STAILQ_REMOVE(&qpair->queued_req, req, nvme_request, stailq);
			STAILQ_INSERT_TAIL(&victims, req, stailq);
			n++;
		}
	}
	while ((req = STAILQ_FIRST(&victims)) != NULL) {
		STAILQ_REMOVE_HEAD(&victims, stailq);
		nvme_qpair_dequeued(req);
		nvme_qpair_fail_request(qpair, req, SPDK_NVME_SCT_GENERIC,
					SPDK_NVME_SC_ABORTED_BY_REQUEST, true);
	}
	return n;
}

/* True when every byte of [buf, buf + size) translates: the device can reach it. */
bool
nvme_buf_is_dma(const void *buf, uint64_t size)
{
	const char *p = buf;

	while (size > 0) {
		uint64_t len = size;

		if (spdk_vtophys(p, &len) == SPDK_VTOPHYS_ERROR || len == 0) {
			return false;
		}
		p += nvme_min(len, size);
		size -= nvme_min(len, size);
	}
	return true;
}

/*
 * A request about to wait for a slot has not been through the transport's
 * payload checks yet: check now that every byte is DMA memory, so the
 * caller gets -EINVAL at submission, as for a request sent at once.
 */
static int
nvme_qpair_check_dma(const void *buf, uint64_t size)
{
	if (!nvme_buf_is_dma(buf, size)) {
		EALNVME_ERRLOG("payload %p is not DMA memory: allocate it with "
			       "spdk_zmalloc() or spdk_dma_malloc()", buf);
		return -EINVAL;
	}
	return 0;
}

/* Every element of a scattered payload, from the request's offset on
 * (in DMA memory when need_dma). */
static int
nvme_qpair_check_sgl(const struct nvme_sgl_payload *sgl, bool need_dma)
{
	uint32_t left = sgl->size;

	sgl->reset_sgl_fn(sgl->cb_arg, sgl->offset);
	while (left > 0) {
		void *addr = NULL;
		uint32_t len = 0;

		if (sgl->next_sge_fn(sgl->cb_arg, &addr, &len) != 0 || len == 0) {
			EALNVME_ERRLOG("next_sge callback failed or returned an empty element "
				       "with %u payload bytes still to describe", left);
			return -EINVAL;
		}
		len = nvme_min(len, left);
		if (need_dma && nvme_qpair_check_dma(addr, len) != 0) {
			return -EINVAL;
		}
		left -= len;
	}
	return 0;
}

/* A fabrics transport copies the data to a socket: any memory will do (as SPDK). */
static int
nvme_qpair_check_payload(const struct spdk_nvme_qpair *qpair, const struct nvme_request *req)
{
	bool need_dma = !spdk_nvme_trtype_is_fabrics(qpair->transport->type);

	if (req->payload_type == NVME_PAYLOAD_SGL) {
		return nvme_qpair_check_sgl(&req->sgl, need_dma);
	}
	return need_dma ? nvme_qpair_check_dma(req->payload, req->payload_size) : 0;
}

static int
nvme_qpair_queue_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	int rc;

	if (req->payload_type == NVME_PAYLOAD_DSM_RANGES) {
		rc = nvme_qpair_keep_dsm_ranges(req);
	} else {
		rc = nvme_qpair_check_payload(qpair, req);
	}
	if (rc == 0) {
		STAILQ_INSERT_TAIL(&qpair->queued_req, req, stailq);
	}
	return rc;
}

int
nvme_qpair_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	int rc;

	if (nvme_unlikely(qpair->state != NVME_QPAIR_ENABLED)) {
		/* During a controller reset requests wait; sent once the queue is back. */
		return qpair->state == NVME_QPAIR_RESETTING ? nvme_qpair_queue_request(qpair, req) :
		       -ENXIO;
	}
	if (nvme_unlikely(qpair->general_only & NVME_QPAIR_ERR_INJECTION) &&
	    nvme_qpair_err_inject(qpair, req) != 0) {
		return 0;
	}
	/* Keep order: nothing overtakes requests already waiting. */
	if (nvme_unlikely(!STAILQ_EMPTY(&qpair->queued_req))) {
		return nvme_qpair_queue_request(qpair, req);
	}
	rc = qpair->transport->qpair_submit_request(qpair, req);
	if (nvme_unlikely(rc == -EAGAIN)) {
		/* Every slot is busy: send it when a completion frees one. */
		return nvme_qpair_queue_request(qpair, req);
	}
	return rc;
}

void
nvme_qpair_resubmit_queued(struct spdk_nvme_qpair *qpair)
{
	struct nvme_request *req;

	while ((req = STAILQ_FIRST(&qpair->queued_req)) != NULL) {
		int rc = qpair->transport->qpair_submit_request(qpair, req);

		if (rc == -EAGAIN) {
			return;
		}
		STAILQ_REMOVE_HEAD(&qpair->queued_req, stailq);
		nvme_qpair_dequeued(req);
		if (rc != 0) {
			nvme_qpair_fail_request(qpair, req, SPDK_NVME_SCT_GENERIC,
						SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, true);
		}
	}
}

/*
 * Poll of a qpair that is not enabled: 0 while a reset re-creates it;
 * otherwise -ENXIO, after completing (once, on the polling thread) what
 * spdk_nvme_ctrlr_fail() left outstanding.
 */
static int32_t
nvme_qpair_poll_not_enabled(struct spdk_nvme_qpair *qpair)
{
	if (qpair->state == NVME_QPAIR_RESETTING) {
		return 0;
	}
	if (qpair->abort_on_next_poll && qpair->state == NVME_QPAIR_FAILED) {
		qpair->abort_on_next_poll = false;
		qpair->transport->qpair_abort_outstanding(qpair, SPDK_NVME_SCT_GENERIC,
				SPDK_NVME_SC_ABORTED_BY_REQUEST, true);
		nvme_qpair_abort_queued(qpair, SPDK_NVME_SCT_GENERIC,
					SPDK_NVME_SC_ABORTED_BY_REQUEST);
	}
	return -ENXIO;
}

int32_t
spdk_nvme_qpair_process_completions(struct spdk_nvme_qpair *qpair, uint32_t max_completions)
{
	int32_t n;

	if (nvme_unlikely(qpair->state != NVME_QPAIR_ENABLED)) {
		return nvme_qpair_poll_not_enabled(qpair);
	}
	qpair->in_completion_context = true;
	n = qpair->transport->qpair_process_completions(qpair, max_completions);
	/* Command timeouts and keep-alive (nvme_timeout.c): one branch when off. */
	if (nvme_unlikely((qpair->deadline_work |
			   __atomic_load_n(&qpair->ctrlr->next_keep_alive_tick, __ATOMIC_RELAXED)) != 0)) {
		nvme_qpair_check_deadlines(qpair);
	}
	qpair->in_completion_context = false;
	if (nvme_unlikely(qpair->deferred != NVME_QPAIR_DEFER_NONE)) {
		nvme_qpair_run_deferred(qpair);
	}
	return n;
}

bool
nvme_cpl_is_retryable(const struct spdk_nvme_cpl *cpl)
{
	if (cpl->status.dnr) {
		return false;	/* Do Not Retry (§4.6.1.2.1) */
	}
	switch (cpl->status.sct) {
	case SPDK_NVME_SCT_GENERIC:
		return cpl->status.sc == SPDK_NVME_SC_NAMESPACE_NOT_READY ||
		       cpl->status.sc == SPDK_NVME_SC_FORMAT_IN_PROGRESS;
	case SPDK_NVME_SCT_PATH:
		return cpl->status.sc == SPDK_NVME_SC_INTERNAL_PATH_ERROR;
	default:
		return false;
	}
}

bool
nvme_qpair_may_retry(const struct spdk_nvme_qpair *qpair, const struct nvme_request *req,
		     const struct spdk_nvme_cpl *cpl)
{
	return nvme_cpl_is_retryable(cpl) &&
	       req->retries < qpair->ctrlr->opts.transport_retry_count &&
	       qpair->state == NVME_QPAIR_ENABLED &&
	       /* DSM ranges were the caller's, valid only at submission; a fused
	        * half cannot go alone (the fast path's form is never fused). */
	       req->payload_type != NVME_PAYLOAD_DSM_RANGES &&
	       (req->payload_type == NVME_PAYLOAD_CONTIG_RW || req->cmd.fuse == 0);
}

void
nvme_qpair_retry(struct spdk_nvme_qpair *qpair, struct nvme_request *req,
		 const struct spdk_nvme_cpl *cpl)
{
	req->retries++;
	if (req->payload_type == NVME_PAYLOAD_CONTIG_RW) {
		nvme_request_rw_to_cmd(req);
	}
	EALNVME_INFOLOG("%s: qpair %u: %s (sct 0x%x, sc 0x%02x) for opcode 0x%02x; retry %u of %u",
			nvme_ctrlr_name(qpair->ctrlr), qpair->id,
			spdk_nvme_cpl_get_status_string(&cpl->status), cpl->status.sct,
			cpl->status.sc, req->cmd.opc, req->retries,
			qpair->ctrlr->opts.transport_retry_count);
	if (nvme_qpair_submit_request(qpair, req) != 0) {
		nvme_qpair_complete_request(qpair, req, cpl);
	}
}
