/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Stopping a controller before its memory is handed back, and the teardown.
 *
 * A controller failed by an admin timeout or a fatal status (or by the
 * application) is still enabled: it may yet complete its commands, writing
 * data into their buffers and entries into the CQ rings.  So before a failed
 * controller's rings are freed or its outstanding requests are completed in
 * software (which gives their buffers back to the application), it is
 * stopped: CC.EN=0 and CSTS.RDY=0 within CAP.TO (§7.3.2: a disabled
 * controller has no queues left), or, on a fabrics transport, every
 * connection closed (no data can arrive).  A removed device needs nothing
 * (no MMIO reaches it and DPDK's removal handling ends its DMA).
 *
 * If the stop does not finish, the memory the device may still write is
 * kept instead, deliberately, with one log line: the qpair (rings, PRP
 * lists, requests, the application's buffers, whose callbacks do not run),
 * or at detach the whole controller (admin rings, shadow doorbells, AER
 * buffers; the PCI device stays claimed).  A leak beats a corruption.
 *
 * Detach (§7.6.2): delete the I/O queues, write CC.SHN and wait for
 * CSTS.SHST (RTD3E, at least the default bound); when no shutdown completed
 * (none asked for with opts.no_shn_notification, the bound passed, or the
 * controller had failed) the controller is stopped as above before anything
 * is freed.
 */
#include <errno.h>
#include <stdlib.h>

#include "nvme_internal.h"

/* Controllers detached while they could not be stopped. */
static TAILQ_HEAD(, spdk_nvme_ctrlr) g_kept_ctrlrs = TAILQ_HEAD_INITIALIZER(g_kept_ctrlrs);
static pthread_mutex_t g_kept_lock = PTHREAD_MUTEX_INITIALIZER;

bool
nvme_ctrlr_dma_quiet(const struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->is_removed || !ctrlr->dma_live;
}

int
nvme_ctrlr_stop_device(struct spdk_nvme_ctrlr *ctrlr)
{
	int rc;

	if (ctrlr->transport->ctrlr_disconnect != NULL) {
		rc = ctrlr->transport->ctrlr_disconnect(ctrlr);
		if (rc == 0) {
			ctrlr->dma_live = false;
		}
	} else {
		rc = nvme_ctrlr_disable(ctrlr);
	}
	ctrlr->stop_failed = rc != 0 && !ctrlr->is_removed;
	return rc;
}

int
nvme_ctrlr_quiesce(struct spdk_nvme_ctrlr *ctrlr, const char *why)
{
	if (nvme_ctrlr_dma_quiet(ctrlr)) {
		return 0;
	}
	/* One CAP.TO wait per failure, not one per qpair freed after it. */
	if (!ctrlr->stop_failed && nvme_ctrlr_stop_device(ctrlr) == 0) {
		EALNVME_NOTICELOG("%s: controller stopped (%s): no more DMA from it",
				  nvme_ctrlr_name(ctrlr), why);
		return 0;
	}
	if (ctrlr->is_removed) {
		return 0;
	}
	EALNVME_ERRLOG("%s: %s: the controller did not stop (CSTS.RDY stayed 1 after CC.EN=0) "
		       "and may still write host memory: its rings and the outstanding commands' "
		       "buffers are kept (never freed, the commands never complete); power-cycle "
		       "the device", nvme_ctrlr_name(ctrlr), why);
	return -EIO;
}

/* ctrlr_lock held; the qpair is off active_io_qpairs.  Its qid stays taken. */
void
nvme_ctrlr_keep_qpair(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair)
{
	/* The transports leave kept_qpairs zeroed: initialised on first use. */
	if (ctrlr->kept_qpairs.tqh_last == NULL) {
		TAILQ_INIT(&ctrlr->kept_qpairs);
	}
	qpair->kept = true;
	qpair->state = NVME_QPAIR_FAILED;
	TAILQ_INSERT_TAIL(&ctrlr->kept_qpairs, qpair, link);
}

/* Once the device cannot write any more: complete the kept requests, free. */
void
nvme_ctrlr_free_kept_qpairs(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;

	while ((qpair = TAILQ_FIRST(&ctrlr->kept_qpairs)) != NULL) {
		TAILQ_REMOVE(&ctrlr->kept_qpairs, qpair, link);
		qpair->state = NVME_QPAIR_DESTROYING;
		ctrlr->transport->qpair_abort_outstanding(qpair, SPDK_NVME_SCT_GENERIC,
				SPDK_NVME_SC_ABORTED_SQ_DELETION, true);
		nvme_qpair_abort_queued(qpair, SPDK_NVME_SCT_GENERIC,
					SPDK_NVME_SC_ABORTED_SQ_DELETION);
		ctrlr->transport->qpair_free(qpair);
	}
}

/*
 * CC.SHN normal shutdown (§7.6.2): write it; true when there is something
 * to wait for.  The bound is RTD3E, at least the default.
 */
static bool
nvme_ctrlr_shutdown_start(struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t timeout_ms = NVME_DEFAULT_SHUTDOWN_TIMEOUT_MS;
	union spdk_nvme_cc_register cc;

	if (ctrlr->cdata != NULL && ctrlr->cdata->rtd3e / 1000 > timeout_ms) {
		timeout_ms = ctrlr->cdata->rtd3e / 1000;
	}
	if (nvme_ctrlr_get_cc(ctrlr, &cc) != 0) {
		return false;
	}
	if (!cc.bits.en) {
		return false;	/* disabled (a failure stopped it): nothing to shut down */
	}
	cc.bits.shn = SPDK_NVME_SHN_NORMAL;
	if (nvme_ctrlr_set_cc(ctrlr, &cc) != 0) {
		return false;
	}
	ctrlr->shutdown_timeout_ms = timeout_ms;
	ctrlr->shutdown_deadline = spdk_get_ticks() + spdk_get_ticks_hz() * timeout_ms / 1000;
	return true;
}

/* CSTS.SHST complete, or the device gone, or the bound passed: 0; else -EAGAIN. */
static int
nvme_ctrlr_shutdown_poll(struct spdk_nvme_ctrlr *ctrlr)
{
	union spdk_nvme_csts_register csts;

	if (nvme_ctrlr_get_csts(ctrlr, &csts) != 0) {
		return 0;
	}
	if (csts.bits.shst == SPDK_NVME_SHST_COMPLETE) {
		ctrlr->shutdown_complete = true;
		return 0;
	}
	if (spdk_get_ticks() > ctrlr->shutdown_deadline) {
		EALNVME_WARNLOG("%s: shutdown not complete after %u ms; disabling the "
				"controller (CC.EN=0) before detaching", nvme_ctrlr_name(ctrlr),
				ctrlr->shutdown_timeout_ms);
		return 0;
	}
	return -EAGAIN;
}

void
nvme_ctrlr_destruct_start(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;

	__atomic_store_n(&ctrlr->next_keep_alive_tick, 0, __ATOMIC_RELAXED);
	while ((qpair = TAILQ_FIRST(&ctrlr->active_io_qpairs)) != NULL) {
		spdk_nvme_ctrlr_free_io_qpair(qpair);
	}
	ctrlr->shutdown_pending = false;
	ctrlr->shutdown_complete = false;
	if (!ctrlr->is_removed && ctrlr->state >= NVME_CTRLR_STATE_ENABLE &&
	    !ctrlr->opts.no_shn_notification) {
		ctrlr->shutdown_pending = nvme_ctrlr_shutdown_start(ctrlr);
	}
}

/* Everything goes: the device can no longer write any of it. */
static void
nvme_ctrlr_destruct_free(struct spdk_nvme_ctrlr *ctrlr)
{
	nvme_ctrlr_free_kept_qpairs(ctrlr);
	if (ctrlr->adminq != NULL) {
		ctrlr->adminq->state = NVME_QPAIR_DESTROYING;
		ctrlr->transport->qpair_abort_outstanding(ctrlr->adminq, SPDK_NVME_SCT_GENERIC,
				SPDK_NVME_SC_ABORTED_SQ_DELETION, true);
		nvme_qpair_abort_queued(ctrlr->adminq, SPDK_NVME_SCT_GENERIC,
					SPDK_NVME_SC_ABORTED_SQ_DELETION);
	}
	/* The AERs were just completed as aborted: their log buffer can go. */
	nvme_ctrlr_aer_destruct(ctrlr);
	nvme_ctrlr_destruct_namespaces(ctrlr);
	free(ctrlr->free_io_qids);
	spdk_free(ctrlr->cdata_nvm);
	spdk_free(ctrlr->cdata);
	nvme_ctrlr_free_iocs(ctrlr);
	pthread_mutex_destroy(&ctrlr->ctrlr_lock);
	/* Frees the admin qpair, unmaps the device and ctrlr itself. */
	ctrlr->transport->ctrlr_destruct(ctrlr);
}

int
nvme_ctrlr_destruct_poll(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr->shutdown_pending) {
		if (nvme_ctrlr_shutdown_poll(ctrlr) == -EAGAIN) {
			return -EAGAIN;
		}
		ctrlr->shutdown_pending = false;
	}
	if (!ctrlr->shutdown_complete) {
		/* The detach tries once more even after a failed stop. */
		ctrlr->stop_failed = false;
		if (nvme_ctrlr_quiesce(ctrlr, "detach") != 0) {
			pthread_mutex_lock(&g_kept_lock);
			TAILQ_INSERT_TAIL(&g_kept_ctrlrs, ctrlr, kept_link);
			pthread_mutex_unlock(&g_kept_lock);
			return 0;
		}
	}
	nvme_ctrlr_destruct_free(ctrlr);
	return 0;
}

void
nvme_ctrlr_destruct(struct spdk_nvme_ctrlr *ctrlr)
{
	nvme_ctrlr_destruct_start(ctrlr);
	while (nvme_ctrlr_destruct_poll(ctrlr) == -EAGAIN) {
		spdk_delay_us(1000);
	}
}

uint32_t
nvme_kept_count(void)
{
	const struct spdk_nvme_ctrlr *ctrlr;
	uint32_t n = 0;

	pthread_mutex_lock(&g_kept_lock);
	TAILQ_FOREACH(ctrlr, &g_kept_ctrlrs, kept_link) {
		n++;
	}
	pthread_mutex_unlock(&g_kept_lock);
	return n;
}

/* For tests, once their model can no longer write: what was kept goes. */
void
nvme_kept_release_all(void)
{
	struct spdk_nvme_ctrlr *ctrlr;

	pthread_mutex_lock(&g_kept_lock);
	while ((ctrlr = TAILQ_FIRST(&g_kept_ctrlrs)) != NULL) {
		TAILQ_REMOVE(&g_kept_ctrlrs, ctrlr, kept_link);
		nvme_ctrlr_destruct_free(ctrlr);
	}
	pthread_mutex_unlock(&g_kept_lock);
}
