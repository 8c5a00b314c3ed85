/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The admin commands identify sends beyond what the driver read at attach:
 * the SMART / Health Information log, three features, and each active
 * namespace's identification descriptor list.  Each command is queued with
 * the public asynchronous API and completed by polling
 * spdk_nvme_ctrlr_process_admin_completions(), bounded by a timeout.
 * A command the controller rejects is recorded, not fatal: what it would
 * have shown is printed as unavailable, with the status.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ealnvme_setup_cmd.h"
#include "identify.h"

#define ADMIN_TIMEOUT_S		10
#define IDENTIFY_PAYLOAD_SIZE	4096	/* every IDENTIFY data structure (§5.15.2) */

struct admin_wait {
	bool			done;
	struct spdk_nvme_cpl	cpl;
};

static void
admin_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct admin_wait *w = arg;

	w->cpl = *cpl;
	w->done = true;
}

/*
 * Poll until the command submitted with w completes.  0 when it completed
 * (successfully or not: see w->cpl), a negative errno when the submission
 * (rc) or the admin queue failed, or on timeout.
 */
static int
admin_wait(struct identify_ctrlr *ic, struct admin_wait *w, int rc, const char *what,
	   bool quiet_invalid_field)
{
	uint64_t deadline;

	if (rc != 0) {
		fprintf(stderr, "identify: %s: %s: could not submit: %s\n", ic->trid.traddr, what,
			strerror(-rc));
		return rc;
	}
	deadline = spdk_get_ticks() + ADMIN_TIMEOUT_S * spdk_get_ticks_hz();
	while (!w->done) {
		int32_t n = spdk_nvme_ctrlr_process_admin_completions(ic->ctrlr);

		if (n < 0) {
			fprintf(stderr, "identify: %s: %s: admin queue failed: %s\n",
				ic->trid.traddr, what, strerror((int)-n));
			return (int)n;
		}
		if (!w->done && spdk_get_ticks() > deadline) {
			fprintf(stderr, "identify: %s: %s: no completion within %d s\n",
				ic->trid.traddr, what, ADMIN_TIMEOUT_S);
			return -ETIMEDOUT;
		}
	}
	if (quiet_invalid_field && w->cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
	    w->cpl.status.sc == SPDK_NVME_SC_INVALID_FIELD) {
		return 0;	/* an answer, not a failure: the caller records it */
	}
	if (spdk_nvme_cpl_is_error(&w->cpl)) {
		fprintf(stderr, "identify: %s: %s: %s (sct 0x%x sc 0x%02x)\n", ic->trid.traddr,
			what, spdk_nvme_cpl_get_status_string(&w->cpl.status),
			w->cpl.status.sct, w->cpl.status.sc);
	}
	return 0;
}

static int
get_health_log(struct identify_ctrlr *ic, void *buf)
{
	struct admin_wait w = { 0 };
	int rc;

	/* Controller-wide: NSID FFFFFFFFh (or 0) asks for the whole subsystem. */
	rc = spdk_nvme_ctrlr_cmd_get_log_page(ic->ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
					      SPDK_NVME_GLOBAL_NS_TAG, buf,
					      sizeof(ic->health), 0, admin_done, &w);
	rc = admin_wait(ic, &w, rc, "GET LOG PAGE (health)", false);
	if (rc != 0) {
		return rc;
	}
	ic->health_status = w.cpl.status;
	ic->have_health = !spdk_nvme_cpl_is_error(&w.cpl);
	if (ic->have_health) {
		memcpy(&ic->health, buf, sizeof(ic->health));
	}
	return 0;
}

static int
get_feature(struct identify_ctrlr *ic, uint8_t fid, struct identify_feature *f,
	    const char *what)
{
	struct admin_wait w = { 0 };
	int rc;

	rc = spdk_nvme_ctrlr_cmd_get_feature(ic->ctrlr, fid, 0, NULL, 0, admin_done, &w);
	/* A feature the controller does not implement is answered with Invalid
	 * Field in Command (NVMe 1.4, Get Features): shown as not supported, no
	 * error line.  Arbitration is one a fabrics target need not have. */
	rc = admin_wait(ic, &w, rc, what, true);
	if (rc != 0) {
		return rc;
	}
	f->ok = !spdk_nvme_cpl_is_error(&w.cpl);
	f->unsupported = w.cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
			 w.cpl.status.sc == SPDK_NVME_SC_INVALID_FIELD;
	f->value = w.cpl.cdw0;
	f->status = w.cpl.status;
	return 0;
}

/* Walk the descriptor list: 4-byte headers, NIDL bytes each, NIDT 0 ends it. */
static void
parse_ns_id_descs(struct identify_ns *ins, const uint8_t *buf)
{
	size_t off = 0;

	ins->have_desc_list = true;
	while (off + sizeof(struct spdk_nvme_ns_id_desc) <= IDENTIFY_PAYLOAD_SIZE) {
		const struct spdk_nvme_ns_id_desc *d = (const void *)(buf + off);
		size_t next = off + sizeof(*d) + d->nidl;

		if (d->nidt == 0 || next > IDENTIFY_PAYLOAD_SIZE) {
			break;
		}
		if (d->nidt == SPDK_NVME_NIDT_UUID && d->nidl == 16) {
			memcpy(ins->uuid, d->nid, 16);
			ins->have_uuid = true;
		} else if (d->nidt == SPDK_NVME_NIDT_NGUID && d->nidl == 16) {
			memcpy(ins->desc_nguid, d->nid, 16);
			ins->have_desc_nguid = true;
		} else if (d->nidt == SPDK_NVME_NIDT_EUI64 && d->nidl == 8) {
			memcpy(ins->desc_eui64, d->nid, 8);
			ins->have_desc_eui64 = true;
		}
		off = next;
	}
}

static int
get_ns_id_descs(struct identify_ctrlr *ic, struct identify_ns *ins, uint8_t *buf)
{
	struct admin_wait w = { 0 };
	union spdk_nvme_vs_register vs = spdk_nvme_ctrlr_get_regs_vs(ic->ctrlr);
	int rc;

	/* CNS 03h exists from NVMe 1.3 on; older controllers reject it. */
	if (vs.raw < SPDK_NVME_VERSION(1, 3, 0)) {
		return 0;
	}
	memset(buf, 0, IDENTIFY_PAYLOAD_SIZE);
	rc = spdk_nvme_ctrlr_cmd_identify(ic->ctrlr, SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST, 0,
					  ins->nsid, 0, buf, IDENTIFY_PAYLOAD_SIZE, admin_done, &w);
	rc = admin_wait(ic, &w, rc, "IDENTIFY (namespace ID descriptors)", false);
	if (rc == 0 && !spdk_nvme_cpl_is_error(&w.cpl)) {
		parse_ns_id_descs(ins, buf);
	}
	return rc;
}

static int
gather_namespaces(struct identify_ctrlr *ic, uint8_t *buf)
{
	uint32_t nsid, n = 0;
	int rc;

	for (nsid = spdk_nvme_ctrlr_get_first_active_ns(ic->ctrlr); nsid != 0;
	     nsid = spdk_nvme_ctrlr_get_next_active_ns(ic->ctrlr, nsid)) {
		n++;
	}
	if (ic->only_nsid != 0) {
		n = 1;	/* checked active at attach (ns_select_ctrlr) */
	}
	ic->ns = calloc(n ? n : 1, sizeof(*ic->ns));
	if (ic->ns == NULL) {
		return -ENOMEM;
	}
	for (nsid = spdk_nvme_ctrlr_get_first_active_ns(ic->ctrlr); nsid != 0 && ic->num_ns < n;
	     nsid = spdk_nvme_ctrlr_get_next_active_ns(ic->ctrlr, nsid)) {
		struct identify_ns *ins = &ic->ns[ic->num_ns];

		if (ic->only_nsid != 0 && nsid != ic->only_nsid) {
			continue;
		}
		ins->nsid = nsid;
		ins->ns = spdk_nvme_ctrlr_get_ns(ic->ctrlr, nsid);
		if (ins->ns == NULL || !spdk_nvme_ns_is_active(ins->ns)) {
			continue;
		}
		ins->nsdata = spdk_nvme_ns_get_data(ins->ns);
		if (ins->nsdata == NULL) {
			continue;
		}
		ic->num_ns++;
		rc = get_ns_id_descs(ic, ins, buf);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

int
identify_gather(struct identify_ctrlr *ic)
{
	uint8_t *buf;
	int rc;

	ic->cdata = spdk_nvme_ctrlr_get_data(ic->ctrlr);
	if (spdk_nvme_ctrlr_is_discovery(ic->ctrlr)) {
		/* No health log, queues or namespaces there (NVMe-oF 1.1 §5). */
		return identify_gather_discovery(ic);
	}
	/* Log and identify data are written by the controller: DMA memory. */
	buf = spdk_zmalloc(IDENTIFY_PAYLOAD_SIZE, IDENTIFY_PAYLOAD_SIZE, NULL,
			   SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (buf == NULL) {
		fprintf(stderr, "identify: %s: no DMA memory for a 4 KiB buffer: reserve hugepages "
			"(%s)\n", ic->trid.traddr, ealnvme_setup_cmd());
		return -ENOMEM;
	}
	rc = get_health_log(ic, buf);
	if (rc == 0) {
		rc = get_feature(ic, SPDK_NVME_FEAT_ARBITRATION, &ic->arbitration,
				 "GET FEATURES (arbitration)");
	}
	/* Volatile Write Cache is only defined when VWC.present is set (§5.21.1.6). */
	if (rc == 0 && ic->cdata->vwc.present) {
		rc = get_feature(ic, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE,
				 &ic->volatile_write_cache, "GET FEATURES (volatile write cache)");
	}
	if (rc == 0) {
		rc = get_feature(ic, SPDK_NVME_FEAT_NUMBER_OF_QUEUES, &ic->number_of_queues,
				 "GET FEATURES (number of queues)");
	}
	if (rc == 0) {
		rc = gather_namespaces(ic, buf);
	}
	spdk_free(buf);
	return rc;
}

void
identify_release(struct identify_ctrlr *ic)
{
	free(ic->ns);
	ic->ns = NULL;
	ic->num_ns = 0;
	free(ic->disc_log);
	ic->disc_log = NULL;
}
