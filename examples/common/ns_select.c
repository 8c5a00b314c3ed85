/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Namespace selection for the examples (ns:N in a -r string) and the lines
 * they print about what they use and write.  See ns_select.h.
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "ns_select.h"

#define TOKEN_SEPARATORS	" \t\n\r\v\f"	/* as spdk_nvme_transport_id_parse */
#define NSID_MAX		0xfffffffeu	/* 0xffffffff: broadcast (NVMe 1.4 §6.1) */

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Decimal digits only (no sign, no spaces, no hex), 1..NSID_MAX. */
static int
parse_nsid(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 10) {
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i])) {
			return -1;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v == 0 || v > NSID_MAX) {
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int
ns_select_parse(struct ns_select *sel, const char *str, char *err, size_t err_len)
{
	struct ns_select tmp;
	const char *p;
	size_t tok_len, key_len;
	bool have_ns = false;

	err[0] = '\0';
	if (str == NULL) {
		return fail(err, err_len, "no transport ID given");
	}
	memset(&tmp, 0, sizeof(tmp));
	spdk_nvme_trid_populate_transport(&tmp.trid, SPDK_NVME_TRANSPORT_PCIE);
	/* The library checks every key (an unknown one is an error) and logs why. */
	if (spdk_nvme_transport_id_parse(&tmp.trid, str) != 0) {
		return fail(err, err_len, "'%s' is not a transport ID (e.g. "
			    "'trtype:PCIe traddr:0000:00:04.0 ns:1')", str);
	}
	/* Tokens as the library splits them: "key:value" or "key=value". */
	for (p = str + strspn(str, TOKEN_SEPARATORS); *p != '\0';
	     p += tok_len, p += strspn(p, TOKEN_SEPARATORS)) {
		tok_len = strcspn(p, TOKEN_SEPARATORS);
		key_len = strcspn(p, ":=");
		if (key_len >= tok_len || key_len != 2 || strncasecmp(p, "ns", 2) != 0) {
			continue;
		}
		/* Two ns keys could mean either: refuse rather than guess. */
		if (have_ns) {
			return fail(err, err_len, "'%s' names ns twice; give one -r per namespace",
				    str);
		}
		if (parse_nsid(p + 3, tok_len - 3, &tmp.nsid) != 0) {
			return fail(err, err_len, "ns:%.*s is not a namespace ID (a decimal number "
				    "from 1 to %u)", (int)(tok_len - 3), p + 3, NSID_MAX);
		}
		have_ns = true;
	}
	*sel = tmp;
	return 0;
}

bool
ns_select_matches(const struct ns_select *sel, const struct spdk_nvme_transport_id *trid)
{
	struct spdk_nvme_transport_id want;

	if (sel->trid.traddr[0] == '\0') {
		return sel->trid.trtype == trid->trtype;
	}
	if (sel->trid.trtype == SPDK_NVME_TRANSPORT_PCIE || sel->trid.trtype != trid->trtype) {
		return spdk_nvme_transport_id_compare(&sel->trid, trid) == 0;
	}
	/* A fabrics trid without a subsystem (or with the discovery NQN) names a
	 * discovery service: it selects the subsystems probed through it at
	 * that address, on whatever port and family the discovery log gives. */
	if (sel->trid.subnqn[0] == '\0' ||
	    strcmp(sel->trid.subnqn, SPDK_NVMF_DISCOVERY_NQN) == 0) {
		return strcasecmp(sel->trid.traddr, trid->traddr) == 0;
	}
	/* Otherwise what the -r left out the driver chose (trsvcid 4420, the
	 * address family), so it matches any. */
	want = sel->trid;
	if (want.adrfam == 0) {
		want.adrfam = trid->adrfam;
	}
	if (want.trsvcid[0] == '\0') {
		memcpy(want.trsvcid, trid->trsvcid, sizeof(want.trsvcid));
	}
	return spdk_nvme_transport_id_compare(&want, trid) == 0;
}

/* Every requested NSID of the matching entries exists and is active. */
static int
check_requested(const struct ns_select *sels, size_t n, struct spdk_nvme_ctrlr *ctrlr,
		const char *traddr, bool *want_all, char *err, size_t err_len)
{
	uint32_t num_ns = spdk_nvme_ctrlr_get_num_ns(ctrlr);

	*want_all = n == 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t nsid = sels[i].nsid;

		if (!ns_select_matches(&sels[i], spdk_nvme_ctrlr_get_transport_id(ctrlr))) {
			continue;
		}
		if (nsid == 0) {
			*want_all = true;
			continue;
		}
		/* Valid NSIDs are 1..NN (Identify Controller NN, NVMe 1.4 §6.1). */
		if (nsid > num_ns) {
			return fail(err, err_len, "ns:%u: controller %s has no namespace %u "
				    "(its NSIDs are 1 to %u); 'identify -r \"traddr:%s\"' "
				    "lists the active ones", nsid, traddr, nsid, num_ns, traddr);
		}
		if (!spdk_nvme_ctrlr_is_active_ns(ctrlr, nsid)) {
			return fail(err, err_len, "ns:%u: namespace %u of controller %s is not "
				    "active (not attached); 'identify -r \"traddr:%s\"' lists the "
				    "active ones", nsid, nsid, traddr, traddr);
		}
	}
	return 0;
}

static bool
is_requested(const struct ns_select *sels, size_t n, const struct spdk_nvme_transport_id *trid,
	     uint32_t nsid)
{
	for (size_t i = 0; i < n; i++) {
		if (sels[i].nsid == nsid && ns_select_matches(&sels[i], trid)) {
			return true;
		}
	}
	return false;
}

int
ns_select_ctrlr(const struct ns_select *sels, size_t n, struct spdk_nvme_ctrlr *ctrlr,
		ns_select_fn fn, void *ctx, char *err, size_t err_len)
{
	const struct spdk_nvme_transport_id *trid = spdk_nvme_ctrlr_get_transport_id(ctrlr);
	bool want_all;
	uint32_t nsid;
	int rc;

	err[0] = '\0';
	rc = check_requested(sels, n, ctrlr, trid->traddr, &want_all, err, err_len);
	if (rc != 0 || fn == NULL) {
		return rc;
	}
	/* Walking the active list keeps the order ascending and each NSID once. */
	for (nsid = spdk_nvme_ctrlr_get_first_active_ns(ctrlr); nsid != 0;
	     nsid = spdk_nvme_ctrlr_get_next_active_ns(ctrlr, nsid)) {
		struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, nsid);

		if (ns == NULL || !spdk_nvme_ns_is_active(ns)) {
			continue;
		}
		if (!want_all && !is_requested(sels, n, trid, nsid)) {
			continue;
		}
		rc = fn(ctx, ctrlr, ns);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/* Length of a space-padded Identify string (SN, MN) without the padding. */
static int
padded_len(const void *field, size_t width)
{
	const char *s = field;
	size_t len = width;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\0')) {
		len--;
	}
	return (int)len;
}

void
ns_select_print_ctrlr(FILE *out, struct spdk_nvme_ctrlr *ctrlr)
{
	const struct spdk_nvme_ctrlr_data *cdata = spdk_nvme_ctrlr_get_data(ctrlr);

	fprintf(out, "controller %s model \"%.*s\" serial \"%.*s\"\n",
		spdk_nvme_ctrlr_get_transport_id(ctrlr)->traddr,
		padded_len(cdata->mn, sizeof(cdata->mn)), (const char *)cdata->mn,
		padded_len(cdata->sn, sizeof(cdata->sn)), (const char *)cdata->sn);
}

void
ns_select_print_ns(FILE *out, struct spdk_nvme_ns *ns)
{
	fprintf(out, "  namespace %u: %llu bytes, %llu blocks of %u bytes\n",
		spdk_nvme_ns_get_id(ns), (unsigned long long)spdk_nvme_ns_get_size(ns),
		(unsigned long long)spdk_nvme_ns_get_num_sectors(ns),
		spdk_nvme_ns_get_sector_size(ns));
}

void
ns_select_print_write(FILE *out, bool dry_run, struct spdk_nvme_ctrlr *ctrlr,
		      struct spdk_nvme_ns *ns, uint64_t first_lba, uint64_t num_blocks)
{
	const struct spdk_nvme_ctrlr_data *cdata = spdk_nvme_ctrlr_get_data(ctrlr);
	uint64_t last = num_blocks > 0 ? first_lba + num_blocks - 1 : first_lba;

	fprintf(out, "%s controller %s serial \"%.*s\" namespace %u LBA %llu-%llu\n",
		dry_run ? "would write to" : "writing to",
		spdk_nvme_ctrlr_get_transport_id(ctrlr)->traddr,
		padded_len(cdata->sn, sizeof(cdata->sn)), (const char *)cdata->sn,
		spdk_nvme_ns_get_id(ns), (unsigned long long)first_lba, (unsigned long long)last);
	fflush(out);
}
