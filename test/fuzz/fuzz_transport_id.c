/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * libFuzzer target: transport ID and PCI address strings
 * (lib/nvme/nvme_transport_id.c, lib/env_dpdk/env_pci_addr.c).
 *
 * The input is one or two strings (split at the first NUL byte), each copied
 * into a heap block of its exact length so that ASan sees any read past its
 * end.  Properties, besides no sanitizer report:
 *   - a rejected string leaves the trid byte for byte as it was;
 *   - an accepted one leaves every string field NUL-terminated in its size;
 *   - compare is reflexive and antisymmetric;
 *   - a parsed PCI address formats to a string that parses back to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "fuzz_common.h"

static int
sgn(int v)
{
	return (v > 0) - (v < 0);
}

static bool
terminated(const char *field, size_t size)
{
	return memchr(field, '\0', size) != NULL;
}

/* Parse s into a trid pre-filled with a pattern; *ok tells whether it parsed. */
static struct spdk_nvme_transport_id *
parse_trid(const char *s, bool *ok)
{
	struct spdk_nvme_transport_id *trid = malloc(sizeof(*trid));
	struct spdk_nvme_transport_id before;

	FUZZ_ASSERT(trid != NULL);
	memset(trid, 0xa5, sizeof(*trid));
	/* A caller's trid is normally initialised; keep the strings terminated. */
	trid->trstring[sizeof(trid->trstring) - 1] = '\0';
	trid->traddr[sizeof(trid->traddr) - 1] = '\0';
	trid->trsvcid[sizeof(trid->trsvcid) - 1] = '\0';
	trid->subnqn[sizeof(trid->subnqn) - 1] = '\0';
	before = *trid;
	*ok = spdk_nvme_transport_id_parse(trid, s) == 0;
	if (!*ok) {
		FUZZ_ASSERT(memcmp(trid, &before, sizeof(before)) == 0);
	} else {
		FUZZ_ASSERT(terminated(trid->trstring, sizeof(trid->trstring)));
		FUZZ_ASSERT(terminated(trid->traddr, sizeof(trid->traddr)));
		FUZZ_ASSERT(terminated(trid->trsvcid, sizeof(trid->trsvcid)));
		FUZZ_ASSERT(terminated(trid->subnqn, sizeof(trid->subnqn)));
		FUZZ_ASSERT(spdk_nvme_transport_id_compare(trid, trid) == 0);
		(void)spdk_nvme_transport_id_trtype_str(trid->trtype);
		(void)spdk_nvme_transport_id_adrfam_str(trid->adrfam);
	}
	return trid;
}

static void
check_pci_addr(const char *s)
{
	struct spdk_pci_addr a, b;
	char bdf[SPDK_PCI_ADDR_FMT_LEN];

	if (spdk_pci_addr_parse(&a, s) != 0) {
		return;
	}
	FUZZ_ASSERT(a.bus <= 0xff && a.dev <= 0x1f && a.func <= 7);
	FUZZ_ASSERT(spdk_pci_addr_fmt(bdf, sizeof(bdf), &a) == 0);
	FUZZ_ASSERT(spdk_pci_addr_parse(&b, bdf) == 0);
	FUZZ_ASSERT(spdk_pci_addr_compare(&a, &b) == 0);
	FUZZ_ASSERT(a.domain == b.domain && a.bus == b.bus && a.dev == b.dev &&
		    a.func == b.func);
}

static void
check_one(const char *s)
{
	enum spdk_nvme_transport_type trtype;
	enum spdk_nvmf_adrfam adrfam;

	if (spdk_nvme_transport_id_parse_trtype(&trtype, s) == 0) {
		(void)spdk_nvme_transport_id_trtype_str(trtype);
	}
	if (spdk_nvme_transport_id_parse_adrfam(&adrfam, s) == 0) {
		FUZZ_ASSERT(spdk_nvme_transport_id_adrfam_str(adrfam) != NULL);
	}
	check_pci_addr(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t len1 = nul != NULL ? (size_t)(nul - data) : size;
	size_t len2 = nul != NULL ? size - len1 - 1 : 0;
	char *s1 = strndup((const char *)data, len1);
	char *s2 = strndup(nul != NULL ? (const char *)nul + 1 : "", len2);
	struct spdk_nvme_transport_id *t1, *t2;
	bool ok1, ok2;

	FUZZ_ASSERT(s1 != NULL && s2 != NULL);
	check_one(s1);
	check_one(s2);
	t1 = parse_trid(s1, &ok1);
	t2 = parse_trid(s2, &ok2);
	if (ok1 && ok2) {
		FUZZ_ASSERT(sgn(spdk_nvme_transport_id_compare(t1, t2)) ==
			    -sgn(spdk_nvme_transport_id_compare(t2, t1)));
	}
	free(t1);
	free(t2);
	free(s1);
	free(s2);
	return 0;
}
