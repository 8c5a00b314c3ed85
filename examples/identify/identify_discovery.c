/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * identify on a discovery controller (NVMe-oF 1.1 §5): it has no
 * namespaces, health log or I/O queue features, so instead of those the
 * Discovery log page (LID 70h, read whole by
 * spdk_nvme_ctrlr_get_discovery_log_page) is gathered, and printed entry
 * by entry: TRTYPE, ADRFAM, SUBTYPE, TRADDR, TRSVCID, SUBNQN, PORTID,
 * CNTLID (NVMe-oF 1.1 Figure 40), as text or JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/endian.h"

#include "identify.h"
#include "identify_json.h"

#define DISC_TIMEOUT_S	10

/* Heap: a read given up on may still complete (into it) when the controller detaches. */
struct disc_wait {
	bool					done;
	bool					abandoned;
	int					rc;
	bool					have_cpl;
	struct spdk_nvme_cpl			cpl;
	struct spdk_nvmf_discovery_log_page	*log;
};

static void
disc_done(void *arg, int rc, const struct spdk_nvme_cpl *cpl,
	  struct spdk_nvmf_discovery_log_page *log)
{
	struct disc_wait *w = arg;

	if (w->abandoned) {
		free(log);
		free(w);
		return;
	}
	w->rc = rc;
	w->have_cpl = cpl != NULL;
	if (cpl != NULL) {
		w->cpl = *cpl;
	}
	w->log = log;
	w->done = true;
}

int
identify_gather_discovery(struct identify_ctrlr *ic)
{
	struct disc_wait *w = calloc(1, sizeof(*w));
	uint64_t deadline;
	int rc;

	ic->is_discovery = true;
	rc = w == NULL ? -ENOMEM :
	     spdk_nvme_ctrlr_get_discovery_log_page(ic->ctrlr, disc_done, w);
	if (rc != 0) {
		fprintf(stderr, "identify: %s: reading the discovery log: %s\n", ic->trid.traddr,
			strerror(-rc));
		free(w);
		return rc;
	}
	deadline = spdk_get_ticks() + DISC_TIMEOUT_S * spdk_get_ticks_hz();
	while (!w->done) {
		int32_t n = spdk_nvme_ctrlr_process_admin_completions(ic->ctrlr);

		if (n < 0 || (!w->done && spdk_get_ticks() > deadline)) {
			fprintf(stderr, "identify: %s: the discovery log was not read within %d s\n",
				ic->trid.traddr, DISC_TIMEOUT_S);
			w->abandoned = true;	/* freed when the detach completes the read */
			return -ETIMEDOUT;
		}
	}
	rc = w->rc;
	if (rc != 0 || w->log == NULL) {
		fprintf(stderr, "identify: %s: reading the discovery log failed: %s\n",
			ic->trid.traddr, rc != 0 ? strerror(-rc) : w->have_cpl ?
			spdk_nvme_cpl_get_status_string(&w->cpl.status) : "no data");
		rc = rc != 0 ? rc : -EIO;
	} else {
		ic->disc_log = w->log;
		w->log = NULL;
	}
	free(w->log);
	free(w);
	return rc;
}

static const char *
trtype_name(uint8_t trtype)
{
	const char *s = spdk_nvme_transport_id_trtype_str((enum spdk_nvme_transport_type)trtype);

	return s != NULL && trtype != 0 ? s : "unknown";
}

static const char *
adrfam_name(uint8_t adrfam)
{
	const char *s = spdk_nvme_transport_id_adrfam_str((enum spdk_nvmf_adrfam)adrfam);

	return s != NULL ? s : "unknown";
}

/* NVMe-oF 1.1 Figure 40, SUBTYPE (and NVMe Base 2.0 for 3). */
static const char *
subtype_name(uint8_t subtype)
{
	switch (subtype) {
	case SPDK_NVMF_SUBTYPE_DISCOVERY:
		return "discovery referral";
	case SPDK_NVMF_SUBTYPE_NVME:
		return "nvme";
	case SPDK_NVMF_SUBTYPE_DISCOVERY_CURRENT:
		return "current discovery subsystem";
	default:
		return "unknown";
	}
}

/* The entry's strings without padding, printable ASCII only. */
struct disc_strings {
	char	traddr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	char	trsvcid[SPDK_NVMF_TRSVCID_MAX_LEN + 1];
	char	subnqn[257];
};

static void
disc_strings(const struct spdk_nvmf_discovery_log_page_entry *e, struct disc_strings *s)
{
	identify_fmt_ascii(s->traddr, sizeof(s->traddr), e->traddr, sizeof(e->traddr));
	identify_fmt_ascii(s->trsvcid, sizeof(s->trsvcid), e->trsvcid, sizeof(e->trsvcid));
	identify_fmt_ascii(s->subnqn, sizeof(s->subnqn), e->subnqn, sizeof(e->subnqn));
}

void
identify_print_text_discovery(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvmf_discovery_log_page *log = ic->disc_log;
	uint64_t numrec, i;
	struct disc_strings s;

	fprintf(out, "Discovery Log Page\n==================\n");
	if (log == NULL) {
		fprintf(out, "  unavailable (see the error above)\n");
		return;
	}
	numrec = from_le64(&log->numrec);
	fprintf(out, "  %-40s %llu\n", "Generation Counter (GENCTR)",
		(unsigned long long)from_le64(&log->genctr));
	fprintf(out, "  %-40s %llu\n", "Number of Records (NUMREC)", (unsigned long long)numrec);
	fprintf(out, "  %-40s %u\n", "Record Format (RECFMT)", from_le16(&log->recfmt));
	for (i = 0; i < numrec; i++) {
		const struct spdk_nvmf_discovery_log_page_entry *e = &log->entries[i];

		disc_strings(e, &s);
		fprintf(out, "Discovery Log Entry %llu\n", (unsigned long long)i);
		fprintf(out, "  %-40s %s (%u)\n", "Transport Type (TRTYPE)", trtype_name(e->trtype),
			e->trtype);
		fprintf(out, "  %-40s %s (%u)\n", "Address Family (ADRFAM)", adrfam_name(e->adrfam),
			e->adrfam);
		fprintf(out, "  %-40s %s (%u)\n", "Subsystem Type (SUBTYPE)",
			subtype_name(e->subtype), e->subtype);
		fprintf(out, "  %-40s %s\n", "Transport Address (TRADDR)", s.traddr);
		fprintf(out, "  %-40s %s\n", "Transport Service Identifier (TRSVCID)", s.trsvcid);
		fprintf(out, "  %-40s %s\n", "Subsystem NQN (SUBNQN)", s.subnqn);
		fprintf(out, "  %-40s %u\n", "Port ID (PORTID)", from_le16(&e->portid));
		fprintf(out, "  %-40s %u\n", "Controller ID (CNTLID)", from_le16(&e->cntlid));
	}
}

void
identify_print_json_discovery(struct json_writer *w, const struct identify_ctrlr *ic)
{
	const struct spdk_nvmf_discovery_log_page *log = ic->disc_log;
	uint64_t numrec, i;
	struct disc_strings s;

	if (log == NULL) {
		json_null(w, "discovery_log");
		return;
	}
	numrec = from_le64(&log->numrec);
	json_begin_object(w, "discovery_log");
	json_u64(w, "genctr", from_le64(&log->genctr));
	json_u64(w, "numrec", numrec);
	json_u64(w, "recfmt", from_le16(&log->recfmt));
	json_begin_array(w, "entries");
	for (i = 0; i < numrec; i++) {
		const struct spdk_nvmf_discovery_log_page_entry *e = &log->entries[i];

		disc_strings(e, &s);
		json_begin_object(w, NULL);
		json_string(w, "trtype", trtype_name(e->trtype));
		json_string(w, "adrfam", adrfam_name(e->adrfam));
		json_string(w, "subtype", subtype_name(e->subtype));
		json_string(w, "traddr", s.traddr);
		json_string(w, "trsvcid", s.trsvcid);
		json_string(w, "subnqn", s.subnqn);
		json_u64(w, "portid", from_le16(&e->portid));
		json_u64(w, "cntlid", from_le16(&e->cntlid));
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}
