/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * DH-HMAC-CHAP (NVMe Base 2.0 §8.13): in-band authentication exists for
 * NVMe over Fabrics only; a PCIe controller has no AUTHENTICATION commands
 * to answer, so authenticate and set_keys report -ENOTSUP.  The digest and
 * group name tables are plain data and work as SPDK's (ids are SPDK's
 * enum spdk_nvmf_dhchap_hash / spdk_nvmf_dhchap_dhgroup values).
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

#define AUTH_ENOTSUP_WHY "DH-HMAC-CHAP is NVMe over Fabrics only and this driver has PCIe only"

static const struct {
	int		id;
	const char	*name;
	uint8_t		len;	/* bytes of the digest */
} g_digests[] = {
	{ 1, "sha256", 32 },
	{ 2, "sha384", 48 },
	{ 3, "sha512", 64 },
};

/* RFC 7919 finite field groups; "null" is no Diffie-Hellman exchange. */
static const char *const g_dhgroups[] = {
	"null", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *
spdk_nvme_dhchap_get_digest_name(int id)
{
	for (size_t i = 0; i < COUNT(g_digests); i++) {
		if (g_digests[i].id == id) {
			return g_digests[i].name;
		}
	}
	return NULL;
}

int
spdk_nvme_dhchap_get_digest_id(const char *name)
{
	for (size_t i = 0; name != NULL && i < COUNT(g_digests); i++) {
		if (strcmp(g_digests[i].name, name) == 0) {
			return g_digests[i].id;
		}
	}
	return -EINVAL;
}

uint8_t
spdk_nvme_dhchap_get_digest_length(int id)
{
	for (size_t i = 0; i < COUNT(g_digests); i++) {
		if (g_digests[i].id == id) {
			return g_digests[i].len;
		}
	}
	return 0;
}

const char *
spdk_nvme_dhchap_get_dhgroup_name(int id)
{
	return id >= 0 && (size_t)id < COUNT(g_dhgroups) ? g_dhgroups[id] : NULL;
}

int
spdk_nvme_dhchap_get_dhgroup_id(const char *name)
{
	for (size_t i = 0; name != NULL && i < COUNT(g_dhgroups); i++) {
		if (strcmp(g_dhgroups[i], name) == 0) {
			return (int)i;
		}
	}
	return -EINVAL;
}

int
spdk_nvme_qpair_authenticate(struct spdk_nvme_qpair *qpair, spdk_nvme_authenticate_cb cb_fn,
			     void *cb_ctx)
{
	(void)qpair;
	(void)cb_fn;
	(void)cb_ctx;
	EALNVME_ERRLOG("spdk_nvme_qpair_authenticate: not supported: " AUTH_ENOTSUP_WHY);
	return -ENOTSUP;
}

int
spdk_nvme_ctrlr_authenticate(struct spdk_nvme_ctrlr *ctrlr, spdk_nvme_authenticate_cb cb_fn,
			     void *cb_ctx)
{
	(void)ctrlr;
	(void)cb_fn;
	(void)cb_ctx;
	EALNVME_ERRLOG("spdk_nvme_ctrlr_authenticate: not supported: " AUTH_ENOTSUP_WHY);
	return -ENOTSUP;
}

int
spdk_nvme_ctrlr_set_keys(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ctrlr_key_opts *opts)
{
	(void)ctrlr;
	(void)opts;
	EALNVME_ERRLOG("spdk_nvme_ctrlr_set_keys: not supported: " AUTH_ENOTSUP_WHY);
	return -ENOTSUP;
}
