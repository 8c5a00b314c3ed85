/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A controller's namespaces: the active namespace list (Identify CNS 02h)
 * and the namespace objects.
 *
 * Memory follows what the controller really has, not what Identify NN
 * allows: NN may be up to 2^32 - 2 (§5.15.2.2), so nothing is sized by it.
 * Namespace objects are allocated when a namespace is first seen active or
 * first asked for by spdk_nvme_ctrlr_get_ns() (as SPDK does), kept in an
 * array sorted by NSID, and never moved or freed before the controller is
 * destructed: the application holds pointers to them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_internal.h"

/* Before NVMe 1.1 there is no active list: every NSID is tried, up to this. */
#define NVME_PRE_1_1_MAX_NS_SCAN	1024u
/* Active NSIDs per Identify page (§5.15.2.4). */
#define NVME_NS_LIST_PAGE_ENTRIES	1024u

/* Index of nsid in the sorted table, or where it would be inserted. */
static uint32_t
nvme_ctrlr_ns_index(const struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid)
{
	uint32_t lo = 0, hi = ctrlr->ns_table_len;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ctrlr->ns_table[mid]->id < nsid) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

static struct spdk_nvme_ns *
nvme_ctrlr_ns_find(const struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid)
{
	uint32_t i = nvme_ctrlr_ns_index(ctrlr, nsid);

	return i < ctrlr->ns_table_len && ctrlr->ns_table[i]->id == nsid ? ctrlr->ns_table[i] : NULL;
}

/* The object for nsid (1..num_ns), allocated (inactive, zeroed) if new. */
static struct spdk_nvme_ns *
nvme_ctrlr_ns_get_or_alloc(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid)
{
	uint32_t i = nvme_ctrlr_ns_index(ctrlr, nsid);
	struct spdk_nvme_ns *ns;

	if (i < ctrlr->ns_table_len && ctrlr->ns_table[i]->id == nsid) {
		return ctrlr->ns_table[i];
	}
	if (ctrlr->ns_table_len == ctrlr->ns_table_cap) {
		uint32_t cap = ctrlr->ns_table_cap ? ctrlr->ns_table_cap * 2 : 16;
		struct spdk_nvme_ns **t = realloc(ctrlr->ns_table, (size_t)cap * sizeof(*t));

		if (t == NULL) {
			return NULL;
		}
		ctrlr->ns_table = t;
		ctrlr->ns_table_cap = cap;
	}
	ns = calloc(1, sizeof(*ns));
	if (ns == NULL) {
		return NULL;
	}
	ns->ctrlr = ctrlr;
	ns->id = nsid;
	memmove(&ctrlr->ns_table[i + 1], &ctrlr->ns_table[i],
		(size_t)(ctrlr->ns_table_len - i) * sizeof(ctrlr->ns_table[0]));
	ctrlr->ns_table[i] = ns;
	ctrlr->ns_table_len++;
	return ns;
}

/* Append nsid to the active list being built, growing it as needed. */
static int
nvme_ctrlr_active_list_push(struct spdk_nvme_ctrlr *ctrlr, uint32_t *count, uint32_t nsid)
{
	/* One spare slot for the terminating 0. */
	if (*count + 1 >= ctrlr->active_ns_cap) {
		uint32_t cap = ctrlr->active_ns_cap ? ctrlr->active_ns_cap * 2 : 64;
		uint32_t *l = realloc(ctrlr->active_ns_list, (size_t)cap * sizeof(*l));

		if (l == NULL) {
			return -ENOMEM;
		}
		ctrlr->active_ns_list = l;
		ctrlr->active_ns_cap = cap;
	}
	ctrlr->active_ns_list[(*count)++] = nsid;
	ctrlr->active_ns_list[*count] = 0;
	return 0;
}

/* Read the active namespace list (CNS 02h) into ctrlr->active_ns_list. */
static int
nvme_ctrlr_read_active_ns_list(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_ns_list *list;
	uint32_t count = 0, next = 0;
	int rc = 0;

	if (ctrlr->vs.raw < 0x10100) {
		uint32_t scan = nvme_min(ctrlr->num_ns, NVME_PRE_1_1_MAX_NS_SCAN);

		if (scan < ctrlr->num_ns) {
			EALNVME_WARNLOG("%s: NVMe %x.%x has no active namespace list; trying "
					"NSIDs 1-%u of the %u it reports", nvme_ctrlr_name(ctrlr),
					ctrlr->vs.bits.mjr, ctrlr->vs.bits.mnr, scan,
					ctrlr->num_ns);
		}
		for (uint32_t nsid = 1; rc == 0 && nsid <= scan; nsid++) {
			rc = nvme_ctrlr_active_list_push(ctrlr, &count, nsid);
		}
		ctrlr->num_active_ns = rc == 0 ? count : 0;
		return rc;
	}
	list = spdk_zmalloc(sizeof(*list), 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (list == NULL) {
		return -ENOMEM;
	}
	/* Each page lists up to 1024 active IDs greater than the one given. */
	do {
		uint32_t n = 0;

		rc = nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST, next,
					     list, sizeof(*list));
		if (rc != 0) {
			break;
		}
		for (; n < NVME_NS_LIST_PAGE_ENTRIES && list->ns_list[n] != 0; n++) {
			uint32_t nsid = list->ns_list[n];

			if (nsid <= next || nsid > ctrlr->num_ns) {
				EALNVME_ERRLOG("%s: active namespace list is malformed (nsid %u "
					       "after %u, NN %u)", nvme_ctrlr_name(ctrlr), nsid,
					       next, ctrlr->num_ns);
				rc = -EIO;
				break;
			}
			rc = nvme_ctrlr_active_list_push(ctrlr, &count, nsid);
			if (rc != 0) {
				break;
			}
			next = nsid;
		}
		if (n < NVME_NS_LIST_PAGE_ENTRIES || next >= ctrlr->num_ns) {
			break;
		}
	} while (rc == 0);
	spdk_free(list);
	if (ctrlr->active_ns_list != NULL) {
		ctrlr->active_ns_list[count] = 0;
	}
	ctrlr->num_active_ns = count;
	return rc;
}

int
nvme_ctrlr_identify_active_ns(struct spdk_nvme_ctrlr *ctrlr)
{
	return nvme_ctrlr_read_active_ns_list(ctrlr);
}

/* The active list is ascending: binary search. */
static bool
nvme_ctrlr_ns_is_listed(const struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid)
{
	uint32_t lo = 0, hi = ctrlr->num_active_ns;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ctrlr->active_ns_list[mid] == nsid) {
			return true;
		}
		if (ctrlr->active_ns_list[mid] < nsid) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return false;
}

int
nvme_ctrlr_identify_namespaces(struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t kept = 0;

	for (uint32_t i = 0; i < ctrlr->ns_table_len; i++) {
		struct spdk_nvme_ns *ns = ctrlr->ns_table[i];

		if (ns->active && !nvme_ctrlr_ns_is_listed(ctrlr, ns->id)) {
			/* Gone (detached or deleted): zeroed data, as for any inactive NSID. */
			ns->active = false;
			ns->num_sectors = 0;
			if (ns->nsdata != NULL) {
				memset(ns->nsdata, 0, sizeof(*ns->nsdata));
			}
		}
	}
	for (uint32_t i = 0; i < ctrlr->num_active_ns; i++) {
		uint32_t nsid = ctrlr->active_ns_list[i];
		struct spdk_nvme_ns *ns = nvme_ctrlr_ns_get_or_alloc(ctrlr, nsid);
		int rc;

		if (ns == NULL) {
			return -ENOMEM;
		}
		rc = nvme_ns_construct(ns, nsid, ctrlr);
		/* An unusable namespace (-ENOTSUP) is skipped, not fatal for the
		 * controller; a failed command or allocation is. */
		if (rc != 0 && rc != -ENOTSUP) {
			return rc;
		}
		if (ns->active) {
			ctrlr->active_ns_list[kept++] = nsid;
		}
	}
	if (ctrlr->active_ns_list != NULL) {
		ctrlr->active_ns_list[kept] = 0;
	}
	ctrlr->num_active_ns = kept;
	return 0;
}

int
nvme_ctrlr_refresh_namespaces(struct spdk_nvme_ctrlr *ctrlr)
{
	int rc = nvme_ctrlr_read_active_ns_list(ctrlr);

	if (rc == 0) {
		rc = nvme_ctrlr_identify_namespaces(ctrlr);
	}
	if (rc != 0) {
		EALNVME_ERRLOG("%s: re-reading the namespaces failed (%s); the namespace list "
			       "may be stale until the next change or reset",
			       nvme_ctrlr_name(ctrlr), strerror(-rc));
	}
	return rc;
}

void
nvme_ctrlr_destruct_namespaces(struct spdk_nvme_ctrlr *ctrlr)
{
	for (uint32_t i = 0; i < ctrlr->ns_table_len; i++) {
		nvme_ns_destruct(ctrlr->ns_table[i]);
		free(ctrlr->ns_table[i]);
	}
	free(ctrlr->ns_table);
	ctrlr->ns_table = NULL;
	ctrlr->ns_table_len = ctrlr->ns_table_cap = 0;
	free(ctrlr->active_ns_list);
	ctrlr->active_ns_list = NULL;
	ctrlr->active_ns_cap = ctrlr->num_active_ns = 0;
}

/* ---- Public getters ---------------------------------------------------- */

uint32_t
spdk_nvme_ctrlr_get_num_ns(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->num_ns;
}

uint32_t
spdk_nvme_ctrlr_get_first_active_ns(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->num_active_ns > 0 ? ctrlr->active_ns_list[0] : 0;
}

uint32_t
spdk_nvme_ctrlr_get_next_active_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t prev_nsid)
{
	uint32_t lo = 0, hi = ctrlr->num_active_ns;

	/* The list is ascending: the first entry above prev_nsid is next. */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ctrlr->active_ns_list[mid] <= prev_nsid) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < ctrlr->num_active_ns ? ctrlr->active_ns_list[lo] : 0;
}

bool
spdk_nvme_ctrlr_is_active_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid)
{
	const struct spdk_nvme_ns *ns = nvme_ctrlr_ns_find(ctrlr, nsid);

	return ns != NULL && ns->active;
}

/*
 * Any NSID from 1 to NN has an object, active or not (SPDK's semantics);
 * an inactive one reads as zero-sized.  NULL outside 1..NN, or when the
 * object cannot be allocated.
 */
struct spdk_nvme_ns *
spdk_nvme_ctrlr_get_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid)
{
	struct spdk_nvme_ns *ns;

	if (nsid < 1 || nsid > ctrlr->num_ns) {
		return NULL;
	}
	ns = nvme_ctrlr_ns_get_or_alloc(ctrlr, nsid);
	if (ns == NULL) {
		EALNVME_ERRLOG("%s: out of memory for namespace %u", nvme_ctrlr_name(ctrlr), nsid);
	}
	return ns;
}
