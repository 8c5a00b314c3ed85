/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Probing through a discovery controller (NVMe-oF 1.1 §5.3), for every
 * fabrics transport.  spdk_nvme_probe() of a fabrics trid whose subnqn is
 * the discovery NQN connects to the discovery controller, reads its log
 * page whole (generation re-checked, nvme_ctrlr_discovery.c), probes each
 * NVMe subsystem it lists with that entry's transport ID (probe_cb sees it,
 * attach_cb gets the controller) and detaches the discovery controller.
 * Referrals and the discovery subsystem's own entry are skipped, as SPDK
 * does.  spdk_nvme_connect() of the discovery NQN does not come here: it
 * attaches the discovery controller itself (probe_ctx->direct_connect).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/endian.h"

#include "nvme_fabric_discovery.h"

/* NQNs are at most 223 bytes (NVMe Base 2.0 §4.5): the NUL is in the first 224. */
#define DISC_NQN_MAX	223u

/*
 * Length of a fixed-size ASCII field without its padding: up to the first
 * NUL, then trailing spaces and line ends dropped (NVMe-oF 1.1 Figure 40
 * pads with spaces; Linux nvmet with NULs; SPDK also drops newlines).
 */
static size_t
disc_field_len(const uint8_t *field, size_t size)
{
	const uint8_t *nul = memchr(field, '\0', size);
	size_t n = nul != NULL ? (size_t)(nul - field) : size;

	while (n > 0 && (field[n - 1] == ' ' || field[n - 1] == '\n' || field[n - 1] == '\r')) {
		n--;
	}
	return n;
}

static const char *
disc_subtype_name(uint8_t subtype)
{
	switch (subtype) {
	case SPDK_NVMF_SUBTYPE_DISCOVERY:
		return "a referral to another discovery service";
	case SPDK_NVMF_SUBTYPE_DISCOVERY_CURRENT:
		return "this discovery subsystem";
	default:
		return "an unknown subsystem type";
	}
}

int
nvme_fabric_disc_entry_to_trid(const struct spdk_nvmf_discovery_log_page_entry *entry,
			       struct spdk_nvme_transport_id *trid)
{
	enum spdk_nvme_transport_type type = (enum spdk_nvme_transport_type)entry->trtype;
	const struct nvme_transport_ops *ops;
	const char *name;
	size_t len;

	memset(trid, 0, sizeof(*trid));
	len = disc_field_len(entry->subnqn, sizeof(entry->subnqn));
	if (memchr(entry->subnqn, '\0', DISC_NQN_MAX + 1) == NULL || len == 0) {
		EALNVME_ERRLOG("discovery log entry (port %u): SUBNQN is %s; skipping it "
			       "(check the target's subsystem configuration)", from_le16(&entry->portid),
			       len == 0 ? "empty" : "longer than 223 bytes");
		return -EINVAL;
	}
	memcpy(trid->subnqn, entry->subnqn, len);
	if (entry->subtype != SPDK_NVMF_SUBTYPE_NVME) {
		if (entry->subtype == SPDK_NVMF_SUBTYPE_DISCOVERY_CURRENT) {
			EALNVME_INFOLOG("discovery log: skipping %s (%s)",
					disc_subtype_name(entry->subtype), trid->subnqn);
		} else {
			EALNVME_WARNLOG("discovery log: skipping %s (subtype %u, %s): only NVMe "
					"subsystems are probed; referrals are not followed",
					disc_subtype_name(entry->subtype), entry->subtype, trid->subnqn);
		}
		return -ENOTSUP;
	}
	ops = nvme_transport_get_ops(type);
	if (ops == NULL || ops->ctrlr_construct == NULL) {
		name = spdk_nvme_transport_id_trtype_str(type);
		EALNVME_WARNLOG("discovery log: skipping subsystem %s: its transport %s (trtype %u) "
				"is not built into ealnvme (built: TCP)", trid->subnqn,
				name != NULL ? name : "(unknown)", entry->trtype);
		return -ENOTSUP;
	}
	spdk_nvme_trid_populate_transport(trid, type);
	trid->adrfam = (enum spdk_nvmf_adrfam)entry->adrfam;
	len = disc_field_len(entry->traddr, sizeof(entry->traddr));
	if (len == 0) {
		EALNVME_ERRLOG("discovery log: subsystem %s has an empty TRADDR; skipping it",
			       trid->subnqn);
		return -EINVAL;
	}
	memcpy(trid->traddr, entry->traddr, len);
	len = disc_field_len(entry->trsvcid, sizeof(entry->trsvcid));
	memcpy(trid->trsvcid, entry->trsvcid, len);
	if (len == 0) {
		snprintf(trid->trsvcid, sizeof(trid->trsvcid), "4420");
	}
	return 0;
}

uint32_t
nvme_fabric_disc_probe_entries(struct spdk_nvme_probe_ctx *probe_ctx,
			       const struct spdk_nvmf_discovery_log_page *log, int priority)
{
	uint64_t numrec = from_le64(&log->numrec);
	uint32_t probed = 0;

	for (uint64_t i = 0; i < numrec; i++) {
		struct spdk_nvme_transport_id trid;
		int err = 0;

		if (nvme_fabric_disc_entry_to_trid(&log->entries[i], &trid) != 0) {
			continue;
		}
		trid.priority = priority;
		EALNVME_INFOLOG("discovery log: probing %s at %s:%s", trid.subnqn, trid.traddr,
				trid.trsvcid);
		/* A subsystem that cannot be reached is the attach_fail_cb's;
		 * the others are still probed. */
		nvme_ctrlr_probe_found(probe_ctx, &trid, &err,
				       nvme_transport_get_ops(trid.trtype)->ctrlr_construct);
		probed++;
	}
	return probed;
}

/* The read's result; heap, so that a read given up on can still land here. */
struct disc_wait {
	bool					done;
	bool					abandoned;
	int					rc;
	bool					have_cpl;
	struct spdk_nvme_cpl			cpl;
	struct spdk_nvmf_discovery_log_page	*log;
};

static void
disc_wait_cb(void *arg, int rc, const struct spdk_nvme_cpl *cpl,
	     struct spdk_nvmf_discovery_log_page *log)
{
	struct disc_wait *w = arg;

	if (w->abandoned) {
		/* Completed by the detach (aborted) after the caller gave up. */
		free(log);
		free(w);
		return;
	}
	w->done = true;
	w->rc = rc;
	w->have_cpl = cpl != NULL;
	if (cpl != NULL) {
		w->cpl = *cpl;
	}
	w->log = log;
}

int
nvme_fabric_disc_probe_ctrlr(struct spdk_nvme_probe_ctx *probe_ctx, struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t timeout_ms = nvme_max(ctrlr->opts.admin_timeout_ms, 1000u);
	uint64_t deadline = spdk_get_ticks() + spdk_get_ticks_hz() * timeout_ms / 1000;
	struct disc_wait *w = calloc(1, sizeof(*w));
	int rc;

	if (w == NULL) {
		EALNVME_ERRLOG("%s: out of memory for a discovery log read", nvme_ctrlr_name(ctrlr));
		return -ENOMEM;
	}
	rc = spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, disc_wait_cb, w);
	if (rc != 0) {
		free(w);
		return rc;
	}
	/* Each step of the read is sent from the previous completion: poll. */
	while (!w->done) {
		if (spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0 ||
		    spdk_get_ticks() > deadline) {
			EALNVME_ERRLOG("%s: the discovery log was not read within %u ms%s; nothing "
				       "probed through it", nvme_ctrlr_name(ctrlr), timeout_ms,
				       ctrlr->is_failed ? " (the controller failed)" : "");
			/* Still outstanding: the detach completes it into w. */
			w->abandoned = true;
			return -ETIMEDOUT;
		}
	}
	if (w->rc == 0 && (!w->have_cpl || spdk_nvme_cpl_is_error(&w->cpl) || w->log == NULL)) {
		EALNVME_ERRLOG("%s: GET LOG PAGE 70h (discovery) failed: %s; is it a discovery "
			       "controller?", nvme_ctrlr_name(ctrlr), w->have_cpl ?
			       spdk_nvme_cpl_get_status_string(&w->cpl.status) : "no completion");
		w->rc = -EIO;
	}
	rc = w->rc;
	if (rc == 0) {
		EALNVME_INFOLOG("%s: discovery log generation %" PRIu64 ", %" PRIu64 " record(s)",
				nvme_ctrlr_name(ctrlr), from_le64(&w->log->genctr),
				from_le64(&w->log->numrec));
		nvme_fabric_disc_probe_entries(probe_ctx, w->log, ctrlr->trid.priority);
	}
	free(w->log);
	free(w);
	return rc;
}

int
nvme_fabric_ctrlr_discover(struct spdk_nvme_probe_ctx *probe_ctx,
			   const struct spdk_nvme_transport_id *trid,
			   struct spdk_nvme_ctrlr *(*construct)(const struct spdk_nvme_transport_id *,
					   const struct spdk_nvme_ctrlr_opts *, void *))
{
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_ctrlr *ctrlr;
	int err = 0, rc;

	/* As SPDK: the discovery controller gets the default options; probe_cb
	 * is asked about each subsystem, not about it. */
	nvme_ctrlr_opts_set_defaults(&opts);
	ctrlr = construct(trid, &opts, &err);
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("%s:%s: cannot reach the discovery controller (%s); nothing probed",
			       trid->traddr, trid->trsvcid, strerror(err != 0 ? -err : ENODEV));
		return err != 0 ? err : -ENODEV;
	}
	rc = nvme_ctrlr_init(ctrlr);
	if (rc == 0) {
		rc = nvme_fabric_disc_probe_ctrlr(probe_ctx, ctrlr);
	} else {
		EALNVME_ERRLOG("%s:%s: the discovery controller failed to initialise; nothing "
			       "probed", trid->traddr, trid->trsvcid);
	}
	nvme_ctrlr_destruct(ctrlr);
	return rc;
}
