/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Asynchronous events (NVMe 1.4 §5.2, §5.21.1.11).  From init on, up to
 * AERL + 1 (at most NVME_MAX_ASYNC_EVENTS) ASYNC EVENT REQUESTs stay
 * outstanding.  A completed one only records the event: handling it needs
 * admin commands of its own (GET LOG PAGE, IDENTIFY), which cannot be waited
 * for inside the admin queue's completion walk.  The admin poll handles the
 * recorded events right after the walk, under the controller lock:
 *   1. read the log page the event names, which also clears the event so
 *      the controller reports that type again (§5.2: an event type stays
 *      masked until its log page is read with RAE cleared);
 *   2. for a Namespace Attribute Changed notice, re-read the namespaces;
 *   3. call the application's callback (for a namespace change the one of
 *      spdk_nvme_ctrlr_register_ns_attr_changed_callback, when registered,
 *      with the Changed Namespace List; otherwise the AER callback);
 *   4. send the ASYNC EVENT REQUEST again.
 * AERs completed as aborted (detach, reset, spdk_nvme_ctrlr_fail) are no
 * events: they are neither reported nor sent again.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

static void nvme_ctrlr_aer_cb(void *arg, const struct spdk_nvme_cpl *cpl);

/* Commands the admin queue holds at once: entries - 1 (as the transport clamps them). */
static uint32_t
nvme_admin_slots(const struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t entries = nvme_min(nvme_max((uint32_t)ctrlr->opts.admin_queue_size, 2u),
				    (uint32_t)NVME_MAX_ADMIN_QUEUE_SIZE);

	return entries - 1;
}

/* Called with ctrlr_lock held. */
static int
nvme_ctrlr_submit_aer(struct spdk_nvme_ctrlr *ctrlr, struct nvme_async_event_request *aer)
{
	struct nvme_request *req = nvme_allocate_request(ctrlr->adminq, NULL, 0,
				   nvme_ctrlr_aer_cb, aer);
	int rc;

	if (req == NULL) {
		return -ENOMEM;
	}
	req->cmd.opc = SPDK_NVME_OPC_ASYNC_EVENT_REQUEST;
	aer->outstanding = true;
	rc = nvme_qpair_submit_request(ctrlr->adminq, req);
	if (rc != 0) {
		aer->outstanding = false;
		nvme_free_request(req);
	}
	return rc;
}

static bool
nvme_cpl_is_abort(const struct spdk_nvme_cpl *cpl)
{
	return cpl->status.sct == SPDK_NVME_SCT_GENERIC &&
	       (cpl->status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION ||
		cpl->status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
}

/* Inside the admin completion walk: record the event, nothing else. */
static void
nvme_ctrlr_aer_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_async_event_request *aer = arg;
	struct spdk_nvme_ctrlr *ctrlr = aer->ctrlr;

	aer->outstanding = false;
	if (spdk_nvme_cpl_is_error(cpl)) {
		if (nvme_cpl_is_abort(cpl)) {
			return;		/* detach, reset or fail: no event */
		}
		/* Not sent again: an erroring AER would only error again. */
		EALNVME_ERRLOG("%s: ASYNC EVENT REQUEST failed: %s (sct 0x%x, sc 0x%02x); "
			       "one event slot fewer until the next reset",
			       nvme_ctrlr_name(ctrlr), spdk_nvme_cpl_get_status_string(&cpl->status),
			       cpl->status.sct, cpl->status.sc);
		return;
	}
	aer->cpl = *cpl;
	aer->pending = true;
	aer->seq = ++ctrlr->aer_seq;
}

/* Bytes worth reading of the log page an event names (enough to clear it). */
static uint32_t
nvme_aer_log_size(const struct spdk_nvme_ctrlr *ctrlr, uint8_t lid)
{
	switch (lid) {
	case SPDK_NVME_LOG_ERROR:
		return nvme_min(((uint32_t)ctrlr->cdata->elpe + 1) *
				(uint32_t)sizeof(struct spdk_nvme_error_information_entry),
				(uint32_t)NVME_AER_LOG_BUF_SIZE);
	case SPDK_NVME_LOG_HEALTH_INFORMATION:
		return sizeof(struct spdk_nvme_health_information_page);
	case SPDK_NVME_LOG_FIRMWARE_SLOT:
		return sizeof(struct spdk_nvme_firmware_page);
	default:
		return NVME_AER_LOG_BUF_SIZE;
	}
}

static bool
nvme_event_is_ns_attr_changed(union spdk_nvme_async_event_completion ev)
{
	return ev.bits.async_event_type == SPDK_NVME_ASYNC_EVENT_TYPE_NOTICE &&
	       ev.bits.async_event_info == SPDK_NVME_ASYNC_EVENT_NS_ATTR_CHANGED;
}

/*
 * Read the event's log page and act on it.  For a namespace change, returns
 * how many NSIDs of the Changed Namespace List (now in aer_log_buf) are
 * valid; -1 when the page was not read or overflowed (FFFFFFFFh, §5.14.1.4).
 */
static int32_t
nvme_ctrlr_handle_event(struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_cpl *cpl)
{
	union spdk_nvme_async_event_completion ev = { .raw = cpl->cdw0 };
	uint8_t lid = ev.bits.log_page_identifier;
	const bool ns_changed = nvme_event_is_ns_attr_changed(ev);
	bool log_read = false;
	int32_t count = -1;

	EALNVME_INFOLOG("%s: async event type %u info 0x%02x log page 0x%02x",
			nvme_ctrlr_name(ctrlr), ev.bits.async_event_type,
			ev.bits.async_event_info, lid);
	/* The application asked to read the Changed Namespace List itself. */
	if (lid == SPDK_NVME_LOG_CHANGED_NS_LIST && ns_changed &&
	    ctrlr->opts.disable_read_changed_ns_list_log_page) {
		lid = 0;
	}
	if (lid != 0) {
		struct spdk_nvme_cmd cmd = { 0 };
		uint32_t size = nvme_aer_log_size(ctrlr, lid);
		uint32_t numd = size / 4 - 1;

		/* RAE (CDW10 bit 15) clear: reading it clears the event (§5.14). */
		cmd.opc = SPDK_NVME_OPC_GET_LOG_PAGE;
		cmd.nsid = SPDK_NVME_GLOBAL_NS_TAG;
		cmd.cdw10 = ((numd & 0xffff) << 16) | lid;
		cmd.cdw11 = numd >> 16;
		memset(ctrlr->aer_log_buf, 0, size);
		if (nvme_ctrlr_cmd_sync(ctrlr, &cmd, ctrlr->aer_log_buf, size, NULL) != 0) {
			EALNVME_WARNLOG("%s: reading log page 0x%02x for an async event failed; "
					"the controller may not report this event type again "
					"until the page is read", nvme_ctrlr_name(ctrlr), lid);
		} else {
			log_read = true;
		}
	}
	if (ns_changed) {
		const uint32_t *list = ctrlr->aer_log_buf;

		nvme_ctrlr_refresh_namespaces(ctrlr);
		if (log_read && lid == SPDK_NVME_LOG_CHANGED_NS_LIST && list[0] != UINT32_MAX) {
			count = 0;
			while ((size_t)count < NVME_AER_LOG_BUF_SIZE / sizeof(uint32_t) &&
			       list[count] != 0) {
				count++;
			}
		}
	}
	return count;
}

/* Who hears about the event: the namespace change callback, else the AER one. */
static void
nvme_ctrlr_report_event(struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_cpl *cpl,
			int32_t changed_count)
{
	union spdk_nvme_async_event_completion ev = { .raw = cpl->cdw0 };

	if (nvme_event_is_ns_attr_changed(ev) && ctrlr->ns_attr_changed_cb_fn != NULL) {
		/* An empty list that was read is still a list (as SPDK). */
		ctrlr->ns_attr_changed_cb_fn(ctrlr->ns_attr_changed_cb_arg,
					     changed_count >= 0 ? ctrlr->aer_log_buf : NULL,
					     changed_count >= 0 ? (uint32_t)changed_count : 0);
	} else if (ctrlr->aer_cb_fn != NULL) {
		ctrlr->aer_cb_fn(ctrlr->aer_cb_arg, cpl);
	}
}

static struct nvme_async_event_request *
nvme_ctrlr_oldest_pending_event(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_async_event_request *oldest = NULL;

	for (uint32_t i = 0; i < ctrlr->num_aers; i++) {
		struct nvme_async_event_request *aer = &ctrlr->aer[i];

		if (aer->pending && (oldest == NULL || aer->seq < oldest->seq)) {
			oldest = aer;
		}
	}
	return oldest;
}

/* After an admin poll, ctrlr_lock held.  The waits inside poll the admin
 * queue again; aer_processing keeps that from recursing here. */
void
nvme_ctrlr_process_async_events(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_async_event_request *aer;

	if (ctrlr->aer_processing) {
		return;
	}
	ctrlr->aer_processing = true;
	while ((aer = nvme_ctrlr_oldest_pending_event(ctrlr)) != NULL) {
		struct spdk_nvme_cpl cpl = aer->cpl;

		aer->pending = false;
		nvme_ctrlr_report_event(ctrlr, &cpl, nvme_ctrlr_handle_event(ctrlr, &cpl));
		/* A reset (here or in the callback) has already sent fresh ones. */
		if (!aer->outstanding && !ctrlr->is_failed && !ctrlr->is_resetting &&
		    nvme_ctrlr_submit_aer(ctrlr, aer) != 0) {
			EALNVME_ERRLOG("%s: cannot send the ASYNC EVENT REQUEST again; one event "
				       "slot fewer until the next reset", nvme_ctrlr_name(ctrlr));
		}
	}
	ctrlr->aer_processing = false;
}

/* Init step (also after a reset): enable what the controller can report,
 * then keep the AERs outstanding. */
int
nvme_ctrlr_configure_aer(struct spdk_nvme_ctrlr *ctrlr)
{
	const struct spdk_nvme_ctrlr_data *cd = ctrlr->cdata;
	union spdk_nvme_feat_async_event_configuration cfg = { .raw = 0 };
	struct spdk_nvme_cmd cmd = { 0 };
	int rc = 0;

	/* Critical warnings 0..4 (§5.14.1.2) and the notices OAES announces. */
	cfg.bits.crit_warn.raw = 0x1f;
	cfg.bits.ns_attr_notice = cd->oaes.ns_attribute_notices;
	cfg.bits.fw_activation_notice = cd->oaes.fw_activation_notices;
	cfg.bits.ana_change_notice = cd->oaes.ana_change_notices;
	cfg.bits.telemetry_log_notice = cd->lpa.ts;
	if (spdk_nvme_ctrlr_is_discovery(ctrlr)) {
		/* A discovery controller has only the log change notice (NVMe-oF 1.1 §5.3). */
		cfg.raw = 0;
		cfg.bits.discovery_log_change_notice = cd->oaes.discovery_log_change_notices;
	}
	cmd.opc = SPDK_NVME_OPC_SET_FEATURES;
	cmd.cdw10 = SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION;
	cmd.cdw11 = cfg.raw;
	if (nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, NULL) != 0) {
		if (ctrlr->is_failed) {
			return -EIO;
		}
		/* Not fatal: the events the controller enables by default still come. */
		EALNVME_WARNLOG("%s: SET FEATURES Async Event Configuration failed; only the "
				"controller's default events will be reported",
				nvme_ctrlr_name(ctrlr));
	}
	if (ctrlr->aer_log_buf == NULL) {
		ctrlr->aer_log_buf = spdk_zmalloc(NVME_AER_LOG_BUF_SIZE, 4096, NULL,
						  SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
		if (ctrlr->aer_log_buf == NULL) {
			return -ENOMEM;
		}
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	ctrlr->num_aers = nvme_min((uint32_t)cd->aerl + 1, (uint32_t)NVME_MAX_ASYNC_EVENTS);
	/* AERs occupy admin slots for good: leave at least 3/4 to everything else. */
	ctrlr->num_aers = nvme_min(ctrlr->num_aers, nvme_admin_slots(ctrlr) / 4);
	if (ctrlr->num_aers == 0) {
		EALNVME_NOTICELOG("%s: admin queue of %u entries is too small to keep async "
				  "event requests outstanding; no async events will be reported "
				  "(use admin_queue_size >= 8)", nvme_ctrlr_name(ctrlr),
				  nvme_admin_slots(ctrlr) + 1);
	}
	for (uint32_t i = 0; i < NVME_MAX_ASYNC_EVENTS; i++) {
		memset(&ctrlr->aer[i], 0, sizeof(ctrlr->aer[i]));
		ctrlr->aer[i].ctrlr = ctrlr;
	}
	for (uint32_t i = 0; i < ctrlr->num_aers && rc == 0; i++) {
		rc = nvme_ctrlr_submit_aer(ctrlr, &ctrlr->aer[i]);
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return rc;
}

void
nvme_ctrlr_aer_destruct(struct spdk_nvme_ctrlr *ctrlr)
{
	spdk_free(ctrlr->aer_log_buf);
	ctrlr->aer_log_buf = NULL;
	ctrlr->num_aers = 0;
}

void
spdk_nvme_ctrlr_register_aer_callback(struct spdk_nvme_ctrlr *ctrlr, spdk_nvme_aer_cb aer_cb_fn,
				      void *aer_cb_arg)
{
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("register_aer_callback: NULL controller");
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	ctrlr->aer_cb_fn = aer_cb_fn;
	ctrlr->aer_cb_arg = aer_cb_arg;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}
