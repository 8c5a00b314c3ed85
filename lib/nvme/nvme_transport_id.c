/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Transport IDs: parsing "key:value ..." strings, names of transport types
 * and address families, and ordering (spdk/nvme.h).
 *
 * Where ealnvme is stricter than SPDK (SPDK logs and skips unknown keys,
 * stores unknown trtypes as CUSTOM, takes any traddr for PCIe), the caller
 * gets -EINVAL and one log line naming the offending key or value.  A failed
 * parse leaves *trid untouched.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "ealnvme_log.h"

#define TRID_WHITESPACE		" \t\n\r\v\f"
#define TRID_PRIORITY_MAX_LEN	4	/* SPDK's SPDK_NVMF_PRIORITY_MAX_LEN */
#define TRID_LOG_VALUE_MAX	64	/* longest value quoted in a log line */

/* One error line naming the bad key or value. */
#define TRID_ERR(fmt, ...) EALNVME_ERRLOG("transport ID: " fmt, ##__VA_ARGS__)

/* ---- Names ------------------------------------------------------------ */

static const struct {
	enum spdk_nvme_transport_type	type;
	const char			*name;		/* trtype_str(), matched case-insensitively */
	const char			*trstring;	/* canonical upper-case trstring */
} g_trtypes[] = {
	{ SPDK_NVME_TRANSPORT_PCIE,	"PCIe",		SPDK_NVME_TRANSPORT_NAME_PCIE },
	{ SPDK_NVME_TRANSPORT_RDMA,	"RDMA",		SPDK_NVME_TRANSPORT_NAME_RDMA },
	{ SPDK_NVME_TRANSPORT_TCP,	"TCP",		SPDK_NVME_TRANSPORT_NAME_TCP },
	{ SPDK_NVME_TRANSPORT_FC,	"FC",		SPDK_NVME_TRANSPORT_NAME_FC },
	{ SPDK_NVME_TRANSPORT_VFIOUSER,	"VFIOUSER",	"VFIOUSER" },
	/* Has a name but cannot be parsed: it stands for any registered transport. */
	{ SPDK_NVME_TRANSPORT_CUSTOM,	"CUSTOM",	"CUSTOM" },
};

static const struct {
	enum spdk_nvmf_adrfam	adrfam;
	const char		*name;
} g_adrfams[] = {
	{ SPDK_NVMF_ADRFAM_IPV4,	"IPv4" },
	{ SPDK_NVMF_ADRFAM_IPV6,	"IPv6" },
	{ SPDK_NVMF_ADRFAM_IB,		"IB" },
	{ SPDK_NVMF_ADRFAM_FC,		"FC" },
	{ SPDK_NVMF_ADRFAM_INTRA_HOST,	"INTRA_HOST" },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Case-insensitive match of a counted string against a NUL-terminated name. */
static int
name_eq(const char *name, const char *s, size_t len)
{
	return strlen(name) == len && strncasecmp(name, s, len) == 0;
}

static int
lookup_trtype(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(g_trtypes); i++) {
		if (g_trtypes[i].type != SPDK_NVME_TRANSPORT_CUSTOM &&
		    name_eq(g_trtypes[i].name, s, len)) {
			return (int)i;
		}
	}
	return -1;
}

static int
lookup_adrfam(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(g_adrfams); i++) {
		if (name_eq(g_adrfams[i].name, s, len)) {
			return (int)i;
		}
	}
	return -1;
}

int
spdk_nvme_transport_id_parse_trtype(enum spdk_nvme_transport_type *trtype, const char *str)
{
	int i;

	if (trtype == NULL || str == NULL) {
		return -EINVAL;
	}
	i = lookup_trtype(str, strlen(str));
	if (i < 0) {
		return -ENOENT;
	}
	*trtype = g_trtypes[i].type;
	return 0;
}

int
spdk_nvme_transport_id_parse_adrfam(enum spdk_nvmf_adrfam *adrfam, const char *str)
{
	int i;

	if (adrfam == NULL || str == NULL) {
		return -EINVAL;
	}
	i = lookup_adrfam(str, strlen(str));
	if (i < 0) {
		return -ENOENT;
	}
	*adrfam = g_adrfams[i].adrfam;
	return 0;
}

const char *
spdk_nvme_transport_id_trtype_str(enum spdk_nvme_transport_type trtype)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(g_trtypes); i++) {
		if (g_trtypes[i].type == trtype) {
			return g_trtypes[i].name;
		}
	}
	return NULL;
}

const char *
spdk_nvme_transport_id_adrfam_str(enum spdk_nvmf_adrfam adrfam)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(g_adrfams); i++) {
		if (g_adrfams[i].adrfam == adrfam) {
			return g_adrfams[i].name;
		}
	}
	return NULL;
}

void
spdk_nvme_trid_populate_transport(struct spdk_nvme_transport_id *trid,
				  enum spdk_nvme_transport_type trtype)
{
	size_t i;

	if (trid == NULL) {
		return;
	}
	for (i = 0; i < ARRAY_LEN(g_trtypes); i++) {
		if (g_trtypes[i].type == trtype) {
			trid->trtype = trtype;
			snprintf(trid->trstring, sizeof(trid->trstring), "%s", g_trtypes[i].trstring);
			return;
		}
	}
	TRID_ERR("unknown transport type %d, trid left unchanged", (int)trtype);
}

/* ---- Parsing ---------------------------------------------------------- */

enum trid_key_kind {
	KEY_TRTYPE,
	KEY_ADRFAM,
	KEY_STRING,	/* copied into the field at .offset, at most .max_len chars */
	KEY_PRIORITY,
	KEY_IGNORED,	/* valid in the same string, parsed by someone else */
};

#define TRID_STRING_KEY(field, max) \
	KEY_STRING, offsetof(struct spdk_nvme_transport_id, field), (max)

static const struct trid_key {
	const char		*name;
	enum trid_key_kind	kind;
	size_t			offset;
	size_t			max_len;
} g_trid_keys[] = {
	{ "trtype",	KEY_TRTYPE,	0, 0 },
	{ "adrfam",	KEY_ADRFAM,	0, 0 },
	{ "traddr",	TRID_STRING_KEY(traddr, SPDK_NVMF_TRADDR_MAX_LEN) },
	{ "trsvcid",	TRID_STRING_KEY(trsvcid, SPDK_NVMF_TRSVCID_MAX_LEN) },
	{ "subnqn",	TRID_STRING_KEY(subnqn, SPDK_NVMF_NQN_MAX_LEN) },
	{ "priority",	KEY_PRIORITY,	0, 0 },
	/* spdk_nvme_host_id_parse()'s keys, and application keys SPDK passes over:
	 * ns (namespace filter: the examples honour it, examples/common/ns_select.c)
	 * and alt_traddr (failover). */
	{ "hostaddr",	KEY_IGNORED,	0, 0 },
	{ "hostsvcid",	KEY_IGNORED,	0, 0 },
	{ "hostnqn",	KEY_IGNORED,	0, 0 },
	{ "ns",		KEY_IGNORED,	0, 0 },
	{ "alt_traddr",	KEY_IGNORED,	0, 0 },
};

/* The copy in KEY_STRING relies on every field being max_len + 1 bytes. */
#define TRID_FIELD_SIZE(f) sizeof(((struct spdk_nvme_transport_id *)0)->f)
_Static_assert(TRID_FIELD_SIZE(traddr) == SPDK_NVMF_TRADDR_MAX_LEN + 1, "traddr size");
_Static_assert(TRID_FIELD_SIZE(trsvcid) == SPDK_NVMF_TRSVCID_MAX_LEN + 1, "trsvcid size");
_Static_assert(TRID_FIELD_SIZE(subnqn) == SPDK_NVMF_NQN_MAX_LEN + 1, "subnqn size");
_Static_assert(TRID_FIELD_SIZE(trstring) == SPDK_NVMF_TRSTRING_MAX_LEN + 1, "trstring size");

static int
val_log_len(size_t len)
{
	return len > TRID_LOG_VALUE_MAX ? TRID_LOG_VALUE_MAX : (int)len;
}

/*
 * The next "key:value" or "key=value" token of *p (the value may hold ':'
 * and '='; it may be empty, the caller decides).  1 with the pieces set and
 * *p moved past it, 0 at the end, -EINVAL (logged) for a token without a key
 * or a separator.
 */
static int
kv_next(const char **p, const char **key, size_t *key_len, const char **val, size_t *val_len)
{
	const char *s = *p + strspn(*p, TRID_WHITESPACE);
	size_t tok_len, klen;

	if (*s == '\0') {
		*p = s;
		return 0;
	}
	tok_len = strcspn(s, TRID_WHITESPACE);
	klen = strcspn(s, ":=");
	if (klen >= tok_len) {
		TRID_ERR("'%.*s' is not key:value", val_log_len(tok_len), s);
		return -EINVAL;
	}
	if (klen == 0) {
		TRID_ERR("'%.*s' has no key before '%c'", val_log_len(tok_len), s, s[0]);
		return -EINVAL;
	}
	*key = s;
	*key_len = klen;
	*val = s + klen + 1;
	*val_len = tok_len - klen - 1;
	*p = s + tok_len;
	return 1;
}

/* Decimal, non-negative, at most TRID_PRIORITY_MAX_LEN digits (as SPDK). */
static int
parse_priority(const char *val, size_t len, int *out)
{
	int v = 0;
	size_t i;

	if (len > TRID_PRIORITY_MAX_LEN) {
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (val[i] < '0' || val[i] > '9') {
			return -1;
		}
		v = v * 10 + (val[i] - '0');
	}
	*out = v;
	return 0;
}

static int
apply_pair(struct spdk_nvme_transport_id *trid, const struct trid_key *key,
	   const char *val, size_t len)
{
	char *field;
	int i;

	switch (key->kind) {
	case KEY_TRTYPE:
		i = lookup_trtype(val, len);
		if (i < 0) {
			TRID_ERR("unknown trtype '%.*s' (PCIe, RDMA, TCP, FC, VFIOUSER)",
				 val_log_len(len), val);
			return -EINVAL;
		}
		spdk_nvme_trid_populate_transport(trid, g_trtypes[i].type);
		return 0;
	case KEY_ADRFAM:
		i = lookup_adrfam(val, len);
		if (i < 0) {
			TRID_ERR("unknown adrfam '%.*s' (IPv4, IPv6, IB, FC, INTRA_HOST)",
				 val_log_len(len), val);
			return -EINVAL;
		}
		trid->adrfam = g_adrfams[i].adrfam;
		return 0;
	case KEY_STRING:
		if (len > key->max_len) {
			TRID_ERR("%s value is %zu characters long, the maximum is %zu",
				 key->name, len, key->max_len);
			return -EINVAL;
		}
		field = (char *)trid + key->offset;
		memcpy(field, val, len);
		field[len] = '\0';
		return 0;
	case KEY_PRIORITY:
		if (parse_priority(val, len, &trid->priority) != 0) {
			TRID_ERR("priority '%.*s' is not a decimal number from 0 to 9999",
				 val_log_len(len), val);
			return -EINVAL;
		}
		return 0;
	case KEY_IGNORED:
		return 0;
	}
	return -EINVAL;
}

static const struct trid_key *
lookup_key(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(g_trid_keys); i++) {
		if (name_eq(g_trid_keys[i].name, s, len)) {
			return &g_trid_keys[i];
		}
	}
	return NULL;
}

int
spdk_nvme_transport_id_parse(struct spdk_nvme_transport_id *trid, const char *str)
{
	struct spdk_nvme_transport_id tmp;
	struct spdk_pci_addr pci_addr;
	const struct trid_key *key;
	const char *p, *key_str, *val;
	size_t key_len, val_len;
	bool traddr_given = false;
	int rc;

	if (trid == NULL || str == NULL) {
		TRID_ERR("parse called with a NULL %s", trid == NULL ? "trid" : "string");
		return -EINVAL;
	}

	/* Work on a copy so that a failure leaves *trid as it was. */
	tmp = *trid;

	p = str;
	while ((rc = kv_next(&p, &key_str, &key_len, &val, &val_len)) > 0) {
		key = lookup_key(key_str, key_len);
		if (key == NULL) {
			TRID_ERR("unknown key '%.*s' (known: trtype, adrfam, traddr, trsvcid, subnqn, "
				 "priority, ns, hostaddr, hostsvcid, hostnqn, alt_traddr)",
				 val_log_len(key_len), key_str);
			return -EINVAL;
		}
		if (val_len == 0) {
			TRID_ERR("key '%s' has no value", key->name);
			return -EINVAL;
		}
		rc = apply_pair(&tmp, key, val, val_len);
		if (rc != 0) {
			return rc;
		}
		traddr_given |= key->kind == KEY_STRING &&
				key->offset == offsetof(struct spdk_nvme_transport_id, traddr);
	}
	if (rc < 0) {
		return rc;
	}

	/*
	 * A traddr from this string must be a PCI address if the trtype is PCIe.
	 * Checked last: trtype may come after traddr, or be preset by the caller.
	 * Fields the string did not set are the caller's and are not read.
	 */
	if (traddr_given && tmp.trtype == SPDK_NVME_TRANSPORT_PCIE &&
	    spdk_pci_addr_parse(&pci_addr, tmp.traddr) != 0) {
		TRID_ERR("traddr '%.*s' is not a PCI address (dddd:bb:dd.f or bb:dd.f)",
			 val_log_len(strlen(tmp.traddr)), tmp.traddr);
		return -EINVAL;
	}

	*trid = tmp;
	return 0;
}

/* ---- Ordering --------------------------------------------------------- */

static int
cmp_int(long a, long b)
{
	return (a > b) - (a < b);
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/*
 * PCIe addresses compare as addresses, so "01:00.0" == "0000:01:00.0".
 * SPDK returns -1 when either does not parse; to keep the order total and
 * antisymmetric, valid addresses sort before invalid ones (including the
 * empty "whole bus" address), and two invalid ones compare as strings.
 */
static int
cmp_pcie_traddr(const char *s1, const char *s2)
{
	struct spdk_pci_addr a1, a2;
	int ok1 = spdk_pci_addr_parse(&a1, s1) == 0;
	int ok2 = spdk_pci_addr_parse(&a2, s2) == 0;

	if (ok1 && ok2) {
		return spdk_pci_addr_compare(&a1, &a2);
	}
	if (ok1 != ok2) {
		return ok1 ? -1 : 1;
	}
	return sign(strcasecmp(s1, s2));
}

int
spdk_nvme_transport_id_compare(const struct spdk_nvme_transport_id *trid1,
			       const struct spdk_nvme_transport_id *trid2)
{
	int cmp;

	if (trid1 == NULL || trid2 == NULL) {
		return cmp_int(trid1 != NULL, trid2 != NULL);
	}

	cmp = cmp_int(trid1->trtype, trid2->trtype);
	if (cmp != 0) {
		return cmp;
	}
	if (trid1->trtype == SPDK_NVME_TRANSPORT_CUSTOM) {
		cmp = sign(strcasecmp(trid1->trstring, trid2->trstring));
		if (cmp != 0) {
			return cmp;
		}
	}
	if (trid1->trtype == SPDK_NVME_TRANSPORT_PCIE) {
		/* A PCIe transport ID is its address: the other fields do not count. */
		return cmp_pcie_traddr(trid1->traddr, trid2->traddr);
	}

	cmp = sign(strcasecmp(trid1->traddr, trid2->traddr));
	if (cmp == 0) {
		cmp = cmp_int(trid1->adrfam, trid2->adrfam);
	}
	if (cmp == 0) {
		cmp = sign(strcasecmp(trid1->trsvcid, trid2->trsvcid));
	}
	if (cmp == 0) {
		cmp = sign(strcmp(trid1->subnqn, trid2->subnqn));
	}
	return cmp;
}

/* ---- Host IDs, trstring, PI check flags ------------------------------- */

int
spdk_nvme_transport_id_populate_trstring(struct spdk_nvme_transport_id *trid,
		const char *trstring)
{
	size_t len;

	if (trid == NULL || trstring == NULL) {
		TRID_ERR("populate_trstring called with a NULL %s",
			 trid == NULL ? "trid" : "string");
		return -EINVAL;
	}
	len = strnlen(trstring, SPDK_NVMF_TRSTRING_MAX_LEN + 1);
	if (len > SPDK_NVMF_TRSTRING_MAX_LEN) {
		TRID_ERR("trstring '%.*s...' is longer than %d characters", TRID_LOG_VALUE_MAX,
			 trstring, SPDK_NVMF_TRSTRING_MAX_LEN);
		return -EINVAL;
	}
	/* The canonical form is upper case ("PCIE", "TCP"). */
	for (size_t i = 0; i < len; i++) {
		trid->trstring[i] = (char)toupper((unsigned char)trstring[i]);
	}
	trid->trstring[len] = '\0';
	return 0;
}

int
spdk_nvme_host_id_parse(struct spdk_nvme_host_id *hostid, const char *str)
{
	struct spdk_nvme_host_id tmp;
	const char *p, *key, *val;
	size_t key_len, val_len, max_len;
	char *field;
	int rc;

	if (hostid == NULL || str == NULL) {
		TRID_ERR("host_id_parse called with a NULL %s", hostid == NULL ? "hostid" : "string");
		return -EINVAL;
	}
	tmp = *hostid;
	p = str;
	while ((rc = kv_next(&p, &key, &key_len, &val, &val_len)) > 0) {
		if (name_eq("hostaddr", key, key_len)) {
			field = tmp.hostaddr;
			max_len = SPDK_NVMF_TRADDR_MAX_LEN;
		} else if (name_eq("hostsvcid", key, key_len)) {
			field = tmp.hostsvcid;
			max_len = SPDK_NVMF_TRSVCID_MAX_LEN;
		} else if (lookup_key(key, key_len) != NULL) {
			continue;	/* the transport ID's own keys */
		} else {
			TRID_ERR("unknown key '%.*s' in a host ID (hostaddr, hostsvcid, or a "
				 "transport ID key)", val_log_len(key_len), key);
			return -EINVAL;
		}
		if (val_len == 0 || val_len > max_len) {
			TRID_ERR("%.*s value is %zu characters long; it must have 1 to %zu",
				 (int)key_len, key, val_len, max_len);
			return -EINVAL;
		}
		memcpy(field, val, val_len);
		field[val_len] = '\0';
	}
	if (rc < 0) {
		return rc;
	}
	*hostid = tmp;
	return 0;
}

/* Case-insensitive search for word in a counted string. */
static bool
contains_word(const char *s, size_t len, const char *word)
{
	size_t wlen = strlen(word);

	for (size_t i = 0; i + wlen <= len; i++) {
		if (strncasecmp(s + i, word, wlen) == 0) {
			return true;
		}
	}
	return false;
}

int
spdk_nvme_prchk_flags_parse(uint32_t *prchk_flags, const char *str)
{
	const char *p, *key, *val;
	size_t key_len, val_len;
	uint32_t flags = 0;
	int rc;

	if (prchk_flags == NULL || str == NULL) {
		TRID_ERR("prchk_flags_parse called with a NULL %s",
			 prchk_flags == NULL ? "flags pointer" : "string");
		return -EINVAL;
	}
	p = str;
	while ((rc = kv_next(&p, &key, &key_len, &val, &val_len)) > 0) {
		if (!name_eq("prchk", key, key_len)) {
			TRID_ERR("unknown key '%.*s' in PI check settings (only prchk:reftag|guard)",
				 val_log_len(key_len), key);
			return -EINVAL;
		}
		/* As SPDK: the words may be joined by anything ("reftag|guard"). */
		if (contains_word(val, val_len, "reftag")) {
			flags |= SPDK_NVME_IO_FLAGS_PRCHK_REFTAG;
		}
		if (contains_word(val, val_len, "guard")) {
			flags |= SPDK_NVME_IO_FLAGS_PRCHK_GUARD;
		}
		if (!contains_word(val, val_len, "reftag") && !contains_word(val, val_len, "guard")) {
			TRID_ERR("prchk value '%.*s' names neither reftag nor guard",
				 val_log_len(val_len), val);
			return -EINVAL;
		}
	}
	if (rc < 0) {
		return rc;
	}
	*prchk_flags |= flags;
	return 0;
}

const char *
spdk_nvme_prchk_flags_str(uint32_t prchk_flags)
{
	const bool reftag = (prchk_flags & SPDK_NVME_IO_FLAGS_PRCHK_REFTAG) != 0;
	const bool guard = (prchk_flags & SPDK_NVME_IO_FLAGS_PRCHK_GUARD) != 0;

	if (reftag && guard) {
		return "prchk:reftag|guard";
	}
	if (reftag) {
		return "prchk:reftag";
	}
	return guard ? "prchk:guard" : NULL;
}
