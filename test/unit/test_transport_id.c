/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests: the transport ID functions (parse, names, compare); the PCI
 * address functions are in test_pci_addr.c.  Links
 * lib/env_dpdk/env_pci_addr.c, lib/nvme/nvme_transport_id.c and
 * lib/log/ealnvme_log.c directly.
 * Every trid under test lives in its own exact-size heap block so that
 * AddressSanitizer and valgrind see any write past its end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

#define FILL 0xa5

static int
sgn(int v)
{
	return (v > 0) - (v < 0);
}

/* ---- stderr capture: each rejected string must log exactly one line ---- */

static FILE *g_cap;
static int g_saved_fd = -1;

static void
capture_begin(void)
{
	fflush(stderr);
	g_cap = tmpfile();
	CU_ASSERT_FATAL(g_cap != NULL);
	g_saved_fd = dup(STDERR_FILENO);
	CU_ASSERT_FATAL(g_saved_fd >= 0);
	CU_ASSERT_FATAL(dup2(fileno(g_cap), STDERR_FILENO) >= 0);
}

/* Stop capturing; return the number of lines logged, copy the text to buf. */
static int
capture_end(char *buf, size_t sz)
{
	size_t n;
	int lines = 0;

	fflush(stderr);
	dup2(g_saved_fd, STDERR_FILENO);
	close(g_saved_fd);
	rewind(g_cap);
	n = fread(buf, 1, sz - 1, g_cap);
	buf[n] = '\0';
	fclose(g_cap);
	for (size_t i = 0; i < n; i++) {
		lines += buf[i] == '\n';
	}
	return lines;
}

/* ---- helpers ------------------------------------------------------------ */

static struct spdk_nvme_transport_id *
new_trid(void)
{
	struct spdk_nvme_transport_id *t = malloc(sizeof(*t));

	CU_ASSERT_FATAL(t != NULL);
	memset(t, 0, sizeof(*t));
	return t;
}

/* Parse str into a zeroed trid; also check that a success logs nothing. */
static int
parse(struct spdk_nvme_transport_id *t, const char *str)
{
	char log[512];
	int rc, lines;

	memset(t, 0, sizeof(*t));
	capture_begin();
	rc = spdk_nvme_transport_id_parse(t, str);
	lines = capture_end(log, sizeof(log));
	if (rc == 0) {
		CU_ASSERT_EQUAL(lines, 0);
	}
	return rc;
}

/* Field by field: a struct copy need not preserve padding bytes. */
static int
same_fields(const struct spdk_nvme_transport_id *a, const struct spdk_nvme_transport_id *b)
{
	return strcmp(a->trstring, b->trstring) == 0 && a->trtype == b->trtype &&
	       a->adrfam == b->adrfam && strcmp(a->traddr, b->traddr) == 0 &&
	       strcmp(a->trsvcid, b->trsvcid) == 0 && strcmp(a->subnqn, b->subnqn) == 0 &&
	       a->priority == b->priority;
}

static char *
repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	CU_ASSERT_FATAL(s != NULL);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static char *
concat(const char *a, const char *b)
{
	char *s = malloc(strlen(a) + strlen(b) + 1);

	CU_ASSERT_FATAL(s != NULL);
	strcpy(s, a);
	strcat(s, b);
	return s;
}

/* ---- transport ID parse: valid ------------------------------------------ */

static void
test_parse_pcie(void)
{
	struct spdk_nvme_transport_id *t = new_trid();

	CU_ASSERT_EQUAL(parse(t, "trtype:PCIe traddr:0000:04:00.0"), 0);
	CU_ASSERT_EQUAL(t->trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_STRING_EQUAL(t->trstring, "PCIE");
	CU_ASSERT_STRING_EQUAL(t->traddr, "0000:04:00.0");

	/* The address is kept as given, not normalised. */
	CU_ASSERT_EQUAL(parse(t, "trtype:PCIe traddr:04:00.0"), 0);
	CU_ASSERT_STRING_EQUAL(t->traddr, "04:00.0");
	CU_ASSERT_EQUAL(parse(t, "traddr:0000:0A:1f.7 trtype:pcie"), 0);
	CU_ASSERT_STRING_EQUAL(t->traddr, "0000:0A:1f.7");

	/* No traddr: the whole bus. */
	CU_ASSERT_EQUAL(parse(t, "trtype:PCIe"), 0);
	CU_ASSERT_STRING_EQUAL(t->traddr, "");
	free(t);
}

static void
test_parse_fabrics_all_keys(void)
{
	struct spdk_nvme_transport_id *t = new_trid();

	CU_ASSERT_EQUAL(parse(t, "trtype:TCP adrfam:IPv4 traddr:192.168.100.8 trsvcid:4420 "
			      "subnqn:nqn.2016-06.io.spdk:cnode1 priority:5"), 0);
	CU_ASSERT_EQUAL(t->trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_STRING_EQUAL(t->trstring, "TCP");
	CU_ASSERT_EQUAL(t->adrfam, SPDK_NVMF_ADRFAM_IPV4);
	CU_ASSERT_STRING_EQUAL(t->traddr, "192.168.100.8");
	CU_ASSERT_STRING_EQUAL(t->trsvcid, "4420");
	CU_ASSERT_STRING_EQUAL(t->subnqn, "nqn.2016-06.io.spdk:cnode1");
	CU_ASSERT_EQUAL(t->priority, 5);

	/* Values keep their ':' and '='. */
	CU_ASSERT_EQUAL(parse(t, "trtype:RDMA adrfam:IPv6 traddr:fe80::1%eth0 trsvcid:4420"), 0);
	CU_ASSERT_EQUAL(t->adrfam, SPDK_NVMF_ADRFAM_IPV6);
	CU_ASSERT_STRING_EQUAL(t->traddr, "fe80::1%eth0");
	CU_ASSERT_EQUAL(parse(t, "trtype:FC traddr:nn-0x20000090fa942779:pn-0x10000090fa942779"), 0);
	CU_ASSERT_STRING_EQUAL(t->traddr, "nn-0x20000090fa942779:pn-0x10000090fa942779");
	CU_ASSERT_EQUAL(parse(t, "subnqn=a=b:c traddr:x=y"), 0);
	CU_ASSERT_STRING_EQUAL(t->subnqn, "a=b:c");
	CU_ASSERT_STRING_EQUAL(t->traddr, "x=y");

	CU_ASSERT_EQUAL(parse(t, "priority:0"), 0);
	CU_ASSERT_EQUAL(t->priority, 0);
	CU_ASSERT_EQUAL(parse(t, "priority:9999"), 0);
	CU_ASSERT_EQUAL(t->priority, 9999);
	CU_ASSERT_EQUAL(parse(t, "priority:0007"), 0);
	CU_ASSERT_EQUAL(t->priority, 7);
	free(t);
}

static void
test_parse_every_trtype_adrfam(void)
{
	static const struct {
		const char *str;
		enum spdk_nvme_transport_type type;
		const char *trstring;
	} tt[] = {
		{ "PCIe", SPDK_NVME_TRANSPORT_PCIE, "PCIE" },
		{ "pcie", SPDK_NVME_TRANSPORT_PCIE, "PCIE" },
		{ "PCIE", SPDK_NVME_TRANSPORT_PCIE, "PCIE" },
		{ "RDMA", SPDK_NVME_TRANSPORT_RDMA, "RDMA" },
		{ "rdma", SPDK_NVME_TRANSPORT_RDMA, "RDMA" },
		{ "TCP", SPDK_NVME_TRANSPORT_TCP, "TCP" },
		{ "tCp", SPDK_NVME_TRANSPORT_TCP, "TCP" },
		{ "FC", SPDK_NVME_TRANSPORT_FC, "FC" },
		{ "fc", SPDK_NVME_TRANSPORT_FC, "FC" },
		{ "VFIOUSER", SPDK_NVME_TRANSPORT_VFIOUSER, "VFIOUSER" },
		{ "vfiouser", SPDK_NVME_TRANSPORT_VFIOUSER, "VFIOUSER" },
	};
	static const struct {
		const char *str;
		enum spdk_nvmf_adrfam adrfam;
	} af[] = {
		{ "IPv4", SPDK_NVMF_ADRFAM_IPV4 }, { "ipv4", SPDK_NVMF_ADRFAM_IPV4 },
		{ "IPv6", SPDK_NVMF_ADRFAM_IPV6 }, { "IPV6", SPDK_NVMF_ADRFAM_IPV6 },
		{ "IB", SPDK_NVMF_ADRFAM_IB }, { "ib", SPDK_NVMF_ADRFAM_IB },
		{ "FC", SPDK_NVMF_ADRFAM_FC }, { "Fc", SPDK_NVMF_ADRFAM_FC },
		{ "intra_host", SPDK_NVMF_ADRFAM_INTRA_HOST },
		{ "INTRA_HOST", SPDK_NVMF_ADRFAM_INTRA_HOST },
	};
	struct spdk_nvme_transport_id *t = new_trid();
	char s[64];
	size_t i;

	for (i = 0; i < sizeof(tt) / sizeof(tt[0]); i++) {
		snprintf(s, sizeof(s), "trtype:%s", tt[i].str);
		CU_ASSERT_EQUAL(parse(t, s), 0);
		CU_ASSERT_EQUAL(t->trtype, tt[i].type);
		CU_ASSERT_STRING_EQUAL(t->trstring, tt[i].trstring);
	}
	for (i = 0; i < sizeof(af) / sizeof(af[0]); i++) {
		snprintf(s, sizeof(s), "adrfam=%s", af[i].str);
		CU_ASSERT_EQUAL(parse(t, s), 0);
		CU_ASSERT_EQUAL(t->adrfam, af[i].adrfam);
	}
	free(t);
}

static void
test_parse_key_case(void)
{
	struct spdk_nvme_transport_id *t = new_trid();

	CU_ASSERT_EQUAL(parse(t, "TRTYPE:tcp ADRFAM:ipv4 TrAddr:10.0.0.1 TRSVCID:4420 "
			      "SubNQN:nqn.x PRIORITY:1"), 0);
	CU_ASSERT_EQUAL(t->trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_EQUAL(t->adrfam, SPDK_NVMF_ADRFAM_IPV4);
	CU_ASSERT_STRING_EQUAL(t->traddr, "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(t->trsvcid, "4420");
	CU_ASSERT_STRING_EQUAL(t->subnqn, "nqn.x");
	CU_ASSERT_EQUAL(t->priority, 1);
	/* Values other than trtype/adrfam keep their case. */
	CU_ASSERT_EQUAL(parse(t, "trtype:tcp traddr:Host.Example subnqn:NQN.Mixed"), 0);
	CU_ASSERT_STRING_EQUAL(t->traddr, "Host.Example");
	CU_ASSERT_STRING_EQUAL(t->subnqn, "NQN.Mixed");
	free(t);
}

static void
test_parse_whitespace_and_separators(void)
{
	static const char *const same[] = {
		"trtype:PCIe traddr:0000:01:00.0",
		"  trtype:PCIe traddr:0000:01:00.0",
		"trtype:PCIe traddr:0000:01:00.0   ",
		"trtype:PCIe     traddr:0000:01:00.0",
		"\ttrtype:PCIe\t\ttraddr:0000:01:00.0\t",
		"trtype:PCIe\ntraddr:0000:01:00.0\n",
		"\n \t trtype:PCIe \r\n traddr:0000:01:00.0 \n",
		"trtype=PCIe traddr=0000:01:00.0",
		"trtype=PCIe traddr:0000:01:00.0",
		"trtype:PCIe traddr=0000:01:00.0",
	};
	struct spdk_nvme_transport_id *t = new_trid();
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		CU_ASSERT_EQUAL(parse(t, same[i]), 0);
		CU_ASSERT_EQUAL(t->trtype, SPDK_NVME_TRANSPORT_PCIE);
		CU_ASSERT_STRING_EQUAL(t->traddr, "0000:01:00.0");
	}
	free(t);
}

static void
test_parse_ignored_keys(void)
{
	struct spdk_nvme_transport_id *t = new_trid();
	struct spdk_nvme_transport_id *ref = new_trid();

	CU_ASSERT_EQUAL(parse(ref, "trtype:TCP traddr:10.0.0.1 trsvcid:4420 subnqn:nqn.a"), 0);
	CU_ASSERT_EQUAL(parse(t, "ns:1 trtype:TCP hostaddr:10.0.0.2 traddr:10.0.0.1 "
			      "HOSTSVCID:4421 trsvcid:4420 hostnqn:nqn.host subnqn:nqn.a "
			      "alt_traddr:10.0.0.3"), 0);
	CU_ASSERT(same_fields(t, ref));
	free(t);
	free(ref);
}

static void
test_parse_partial_and_repeat(void)
{
	struct spdk_nvme_transport_id *t = new_trid();

	/* Keys not in the string leave their fields alone. */
	strcpy(t->trsvcid, "keep");
	strcpy(t->subnqn, "nqn.keep");
	t->priority = 3;
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, "trtype:TCP traddr:1.2.3.4"), 0);
	CU_ASSERT_STRING_EQUAL(t->trsvcid, "keep");
	CU_ASSERT_STRING_EQUAL(t->subnqn, "nqn.keep");
	CU_ASSERT_EQUAL(t->priority, 3);

	/* The last of repeated keys wins. */
	CU_ASSERT_EQUAL(parse(t, "trtype:RDMA traddr:a trtype:TCP traddr:b"), 0);
	CU_ASSERT_EQUAL(t->trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_STRING_EQUAL(t->trstring, "TCP");
	CU_ASSERT_STRING_EQUAL(t->traddr, "b");

	/* A shorter value fully replaces a longer one. */
	CU_ASSERT_EQUAL(parse(t, "subnqn:nqn.long.name subnqn:n"), 0);
	CU_ASSERT_STRING_EQUAL(t->subnqn, "n");

	/* Empty and blank strings change nothing (SPDK returns 0 for ""). */
	memset(t, 0, sizeof(*t));
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, ""), 0);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, " \t\n"), 0);
	CU_ASSERT_EQUAL(t->trtype, 0);
	CU_ASSERT_STRING_EQUAL(t->traddr, "");
	free(t);
}

static void
test_parse_no_trtype(void)
{
	struct spdk_nvme_transport_id *t = new_trid();

	/* As SPDK: no trtype is guessed from a PCI-looking traddr. */
	CU_ASSERT_EQUAL(parse(t, "traddr:0000:01:00.0"), 0);
	CU_ASSERT_EQUAL(t->trtype, 0);
	CU_ASSERT_STRING_EQUAL(t->trstring, "");
	CU_ASSERT_STRING_EQUAL(t->traddr, "0000:01:00.0");

	/* A caller that presets PCIe (as SPDK's perf does) gets the address checked. */
	memset(t, 0, sizeof(*t));
	spdk_nvme_trid_populate_transport(t, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, "traddr:01:00.0"), 0);
	CU_ASSERT_EQUAL(t->trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_STRING_EQUAL(t->traddr, "01:00.0");

	/* Fields the string does not set are not read, even unterminated ones. */
	memset(t, FILL, sizeof(*t));
	t->trtype = SPDK_NVME_TRANSPORT_PCIE;
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, "trsvcid:1 priority:2"), 0);
	CU_ASSERT_EQUAL(t->trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_EQUAL((unsigned char)t->traddr[0], FILL);
	CU_ASSERT_EQUAL(memcmp(t->trsvcid, "1", 2), 0);
	CU_ASSERT_EQUAL(t->priority, 2);
	free(t);
}

/* Value strings exactly at each limit pass; one character more fails. */
static void
test_parse_length_limits(void)
{
	static const struct {
		const char *key;
		const char *prefix;
		size_t max;
		size_t offset;
		size_t next;	/* the field that follows */
	} lim[] = {
		{ "traddr", "trtype:TCP traddr:", SPDK_NVMF_TRADDR_MAX_LEN,
		  offsetof(struct spdk_nvme_transport_id, traddr),
		  offsetof(struct spdk_nvme_transport_id, trsvcid) },
		{ "trsvcid", "trtype:TCP trsvcid:", SPDK_NVMF_TRSVCID_MAX_LEN,
		  offsetof(struct spdk_nvme_transport_id, trsvcid),
		  offsetof(struct spdk_nvme_transport_id, subnqn) },
		{ "subnqn", "trtype:TCP subnqn:", SPDK_NVMF_NQN_MAX_LEN,
		  offsetof(struct spdk_nvme_transport_id, subnqn),
		  offsetof(struct spdk_nvme_transport_id, priority) },
	};
	char log[512];
	size_t i;

	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
		struct spdk_nvme_transport_id *t = new_trid();
		struct spdk_nvme_transport_id *before = new_trid();
		char *v = repeat('x', lim[i].max + 1);
		char *s;

		/* At the limit: the field is full, the following field untouched. */
		memset(t, FILL, sizeof(*t));
		v[lim[i].max] = '\0';
		s = concat(lim[i].prefix, v);
		CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, s), 0);
		CU_ASSERT_EQUAL(strlen((char *)t + lim[i].offset), lim[i].max);
		CU_ASSERT_EQUAL(memcmp((char *)t + lim[i].offset, v, lim[i].max + 1), 0);
		CU_ASSERT_EQUAL(((unsigned char *)t)[lim[i].next], FILL);
		free(s);

		/* One over: rejected, nothing written. */
		memset(t, FILL, sizeof(*t));
		memcpy(before, t, sizeof(*t));
		v[lim[i].max] = 'x';
		s = concat(lim[i].prefix, v);
		capture_begin();
		CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, s), -EINVAL);
		CU_ASSERT_EQUAL(capture_end(log, sizeof(log)), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, lim[i].key));
		CU_ASSERT_PTR_NOT_NULL(strstr(log, "maximum"));
		CU_ASSERT_EQUAL(memcmp(t, before, sizeof(*t)), 0);
		free(s);
		free(v);
		free(t);
		free(before);
	}
}

/* ---- transport ID parse: invalid ---------------------------------------- */

static void
test_parse_invalid(void)
{
	static const struct {
		const char *str;
		const char *log;	/* the log line must mention this */
	} bad[] = {
		{ "trtype:PCIe bogus:1", "unknown key 'bogus'" },
		{ "trtype:PCIe traddr:0000:01:00.0 BOGUS=1", "unknown key 'BOGUS'" },
		/* A near miss of ns is refused, and the line lists the keys that work. */
		{ "trtype:PCIe traddr:0000:01:00.0 nsid:2", "unknown key 'nsid' (known: trtype, "
		  "adrfam, traddr, trsvcid, subnqn, priority, ns, " },
		{ "trtype:", "key 'trtype' has no value" },
		{ "trtype:PCIe traddr=", "key 'traddr' has no value" },
		{ "ns:", "key 'ns' has no value" },
		{ ":PCIe", "':PCIe' has no key" },
		{ "=PCIe", "'=PCIe' has no key" },
		{ ":", "':' has no key" },
		{ "trtype", "'trtype' is not key:value" },
		{ "trtype:PCIe traddr:0000:01:00.0 extra", "'extra' is not key:value" },
		{ "trtype:PCIe traddr", "'traddr' is not key:value" },
		{ "trtype:PCIe traddr:0000:00:20.0", "traddr '0000:00:20.0' is not a PCI address" },
		{ "trtype:PCIe traddr:0000:100:00.0", "traddr '0000:100:00.0' is not" },
		{ "trtype:PCIe traddr:zz:00.0", "traddr 'zz:00.0' is not" },
		{ "trtype:PCIe traddr:0000:00:00.8", "traddr '0000:00:00.8' is not" },
		{ "trtype:PCIe traddr:0000:00:00.0x", "traddr '0000:00:00.0x' is not" },
		{ "traddr:0000:00:20.0 trtype:pcie", "traddr '0000:00:20.0' is not" },
		{ "trtype:PCIe traddr:192.168.0.1", "traddr '192.168.0.1' is not" },
		{ "trtype:XYZ", "unknown trtype 'XYZ'" },
		{ "trtype:custom", "unknown trtype 'custom'" },
		{ "trtype:PCIe:x", "unknown trtype 'PCIe:x'" },
		{ "trtype:PCI", "unknown trtype 'PCI'" },
		{ "adrfam:IPv5", "unknown adrfam 'IPv5'" },
		{ "adrfam:IPv4x", "unknown adrfam 'IPv4x'" },
		{ "priority:abc", "priority 'abc'" },
		{ "priority:-1", "priority '-1'" },
		{ "priority:+1", "priority '+1'" },
		{ "priority:12345", "priority '12345'" },
		{ "priority:1x", "priority '1x'" },
		{ "trtypetrtypetrtypetrtypetrtypetrtype:PCIe", "unknown key 'trtypetrtypetrtypetrtypetrtypetrtype'" },
	};
	struct spdk_nvme_transport_id *t = new_trid();
	struct spdk_nvme_transport_id *before = new_trid();
	char log[1024];
	size_t i;
	int rc, lines;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(t, FILL, sizeof(*t));
		t->trtype = 0;	/* so that only the string decides the PCIe check */
		memcpy(before, t, sizeof(*t));
		capture_begin();
		rc = spdk_nvme_transport_id_parse(t, bad[i].str);
		lines = capture_end(log, sizeof(log));
		if (rc != -EINVAL || lines != 1 || strstr(log, bad[i].log) == NULL) {
			fprintf(stderr, "\n  '%s': rc %d, %d log lines: %s", bad[i].str, rc, lines, log);
		}
		CU_ASSERT_EQUAL(rc, -EINVAL);
		CU_ASSERT_EQUAL(lines, 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(log, bad[i].log));
		CU_ASSERT_EQUAL(memcmp(t, before, sizeof(*t)), 0);
	}

	/* NULL arguments: -EINVAL, no crash. */
	capture_begin();
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(t, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(NULL, "trtype:PCIe"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse(NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(capture_end(log, sizeof(log)), 3);
	free(t);
	free(before);
}

/* ---- names --------------------------------------------------------------- */

static void
test_names(void)
{
	static const struct {
		enum spdk_nvme_transport_type type;
		const char *name;
		const char *trstring;
	} tt[] = {
		{ SPDK_NVME_TRANSPORT_PCIE, "PCIe", "PCIE" },
		{ SPDK_NVME_TRANSPORT_RDMA, "RDMA", "RDMA" },
		{ SPDK_NVME_TRANSPORT_TCP, "TCP", "TCP" },
		{ SPDK_NVME_TRANSPORT_FC, "FC", "FC" },
		{ SPDK_NVME_TRANSPORT_VFIOUSER, "VFIOUSER", "VFIOUSER" },
		{ SPDK_NVME_TRANSPORT_CUSTOM, "CUSTOM", "CUSTOM" },
	};
	static const struct {
		enum spdk_nvmf_adrfam adrfam;
		const char *name;
	} af[] = {
		{ SPDK_NVMF_ADRFAM_IPV4, "IPv4" }, { SPDK_NVMF_ADRFAM_IPV6, "IPv6" },
		{ SPDK_NVMF_ADRFAM_IB, "IB" }, { SPDK_NVMF_ADRFAM_FC, "FC" },
		{ SPDK_NVMF_ADRFAM_INTRA_HOST, "INTRA_HOST" },
	};
	struct spdk_nvme_transport_id *t = new_trid();
	enum spdk_nvme_transport_type type;
	enum spdk_nvmf_adrfam adrfam;
	char log[256];
	size_t i;

	for (i = 0; i < sizeof(tt) / sizeof(tt[0]); i++) {
		const char *s = spdk_nvme_transport_id_trtype_str(tt[i].type);

		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_STRING_EQUAL(s, tt[i].name);
		if (tt[i].type != SPDK_NVME_TRANSPORT_CUSTOM) {
			CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_trtype(&type, s), 0);
			CU_ASSERT_EQUAL(type, tt[i].type);
		}
		memset(t, 0, sizeof(*t));
		spdk_nvme_trid_populate_transport(t, tt[i].type);
		CU_ASSERT_EQUAL(t->trtype, tt[i].type);
		CU_ASSERT_STRING_EQUAL(t->trstring, tt[i].trstring);
	}
	CU_ASSERT_PTR_NULL(spdk_nvme_transport_id_trtype_str((enum spdk_nvme_transport_type)0));
	CU_ASSERT_PTR_NULL(spdk_nvme_transport_id_trtype_str((enum spdk_nvme_transport_type)257));
	CU_ASSERT_PTR_NULL(spdk_nvme_transport_id_trtype_str((enum spdk_nvme_transport_type)-1));

	for (i = 0; i < sizeof(af) / sizeof(af[0]); i++) {
		const char *s = spdk_nvme_transport_id_adrfam_str(af[i].adrfam);

		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_STRING_EQUAL(s, af[i].name);
		CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_adrfam(&adrfam, s), 0);
		CU_ASSERT_EQUAL(adrfam, af[i].adrfam);
	}
	CU_ASSERT_PTR_NULL(spdk_nvme_transport_id_adrfam_str((enum spdk_nvmf_adrfam)0));
	CU_ASSERT_PTR_NULL(spdk_nvme_transport_id_adrfam_str((enum spdk_nvmf_adrfam)5));
	CU_ASSERT_PTR_NULL(spdk_nvme_transport_id_adrfam_str((enum spdk_nvmf_adrfam)0xff));

	/* Direct parse functions: -EINVAL for NULL, -ENOENT for an unknown name. */
	type = SPDK_NVME_TRANSPORT_RDMA;
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_trtype(&type, "nope"), -ENOENT);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_trtype(&type, "CUSTOM"), -ENOENT);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_trtype(&type, ""), -ENOENT);
	CU_ASSERT_EQUAL(type, SPDK_NVME_TRANSPORT_RDMA);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_trtype(NULL, "PCIe"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_trtype(&type, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_trtype(&type, "pCiE"), 0);
	CU_ASSERT_EQUAL(type, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_adrfam(&adrfam, "IPv7"), -ENOENT);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_adrfam(NULL, "IPv4"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_parse_adrfam(&adrfam, NULL), -EINVAL);

	/* populate_transport: unknown type leaves the trid alone (and logs), NULL is a no-op. */
	memset(t, 0, sizeof(*t));
	capture_begin();
	spdk_nvme_trid_populate_transport(t, (enum spdk_nvme_transport_type)77);
	spdk_nvme_trid_populate_transport(NULL, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_EQUAL(capture_end(log, sizeof(log)), 1);
	CU_ASSERT_EQUAL(t->trtype, 0);
	CU_ASSERT_STRING_EQUAL(t->trstring, "");
	free(t);
}

/* ---- compare ------------------------------------------------------------- */

static struct spdk_nvme_transport_id *
mk(const char *s)
{
	struct spdk_nvme_transport_id *t = new_trid();

	CU_ASSERT_EQUAL_FATAL(spdk_nvme_transport_id_parse(t, s), 0);
	return t;
}

static int
cmp_s(const char *a, const char *b)
{
	struct spdk_nvme_transport_id *t1 = mk(a), *t2 = mk(b);
	int c = spdk_nvme_transport_id_compare(t1, t2);

	/* Antisymmetry on every comparison made. */
	CU_ASSERT_EQUAL(sgn(c), -sgn(spdk_nvme_transport_id_compare(t2, t1)));
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_compare(t1, t1), 0);
	free(t1);
	free(t2);
	return c;
}

static void
test_compare_pcie(void)
{
	struct spdk_nvme_transport_id *a = new_trid(), *b = new_trid();

	CU_ASSERT_EQUAL(cmp_s("trtype:PCIe traddr:0000:01:00.0", "trtype:PCIe traddr:01:00.0"), 0);
	CU_ASSERT_EQUAL(cmp_s("trtype:PCIe traddr:0000:0A:1F.7", "trtype:PCIe traddr:0000:0a:1f.7"), 0);
	CU_ASSERT_EQUAL(cmp_s("trtype:PCIe traddr:0000:0A:1F.7", "trtype:PCIe traddr:0a:1f.7"), 0);
	CU_ASSERT_EQUAL(cmp_s("trtype:PCIe traddr:0000:01:00:0", "trtype:PCIe traddr:0000.01.00.0"), 0);
	/* Numeric, not string, order. */
	CU_ASSERT(cmp_s("trtype:PCIe traddr:0000:01:00.0", "trtype:PCIe traddr:0000:02:00.0") < 0);
	CU_ASSERT(cmp_s("trtype:PCIe traddr:0000:ff:1f.7", "trtype:PCIe traddr:0001:00:00.0") < 0);
	CU_ASSERT(cmp_s("trtype:PCIe traddr:0000:01:00.1", "trtype:PCIe traddr:01:00.0") > 0);
	CU_ASSERT(cmp_s("trtype:PCIe traddr:0000:01:01.0", "trtype:PCIe traddr:01:00.7") > 0);
	/* For PCIe only the address counts. */
	CU_ASSERT_EQUAL(cmp_s("trtype:PCIe traddr:0000:01:00.0 trsvcid:1 subnqn:a adrfam:IPv4",
			      "trtype:PCIe traddr:01:00.0 trsvcid:2 subnqn:b adrfam:IPv6"), 0);
	/* Empty traddr (whole bus) equals itself and sorts after any address. */
	CU_ASSERT_EQUAL(cmp_s("trtype:PCIe", "trtype:PCIe"), 0);
	CU_ASSERT(cmp_s("trtype:PCIe traddr:ffffffff:ff:1f.7", "trtype:PCIe") < 0);

	/* Unparsable addresses (set directly) still give a consistent order. */
	spdk_nvme_trid_populate_transport(a, SPDK_NVME_TRANSPORT_PCIE);
	spdk_nvme_trid_populate_transport(b, SPDK_NVME_TRANSPORT_PCIE);
	strcpy(a->traddr, "junk");
	strcpy(b->traddr, "JUNK");
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_compare(a, b), 0);
	strcpy(b->traddr, "0000:01:00.0");
	CU_ASSERT(spdk_nvme_transport_id_compare(a, b) > 0);
	CU_ASSERT(spdk_nvme_transport_id_compare(b, a) < 0);
	free(a);
	free(b);
}

static void
test_compare_fabrics(void)
{
	const char *base = "trtype:TCP adrfam:IPv4 traddr:10.0.0.1 trsvcid:4420 subnqn:nqn.a";

	CU_ASSERT_EQUAL(cmp_s(base, base), 0);
	/* traddr and trsvcid: case-insensitive; subnqn: exact. */
	CU_ASSERT_EQUAL(cmp_s("trtype:TCP traddr:fe80::A", "trtype:TCP traddr:FE80::a"), 0);
	CU_ASSERT_EQUAL(cmp_s("trtype:TCP trsvcid:abc", "trtype:TCP trsvcid:ABC"), 0);
	CU_ASSERT_NOT_EQUAL(cmp_s("trtype:TCP subnqn:nqn.A", "trtype:TCP subnqn:nqn.a"), 0);
	/* Each field on its own makes a difference. */
	CU_ASSERT_NOT_EQUAL(cmp_s(base, "trtype:RDMA adrfam:IPv4 traddr:10.0.0.1 trsvcid:4420 subnqn:nqn.a"), 0);
	CU_ASSERT_NOT_EQUAL(cmp_s(base, "trtype:TCP adrfam:IPv6 traddr:10.0.0.1 trsvcid:4420 subnqn:nqn.a"), 0);
	CU_ASSERT_NOT_EQUAL(cmp_s(base, "trtype:TCP adrfam:IPv4 traddr:10.0.0.2 trsvcid:4420 subnqn:nqn.a"), 0);
	CU_ASSERT_NOT_EQUAL(cmp_s(base, "trtype:TCP adrfam:IPv4 traddr:10.0.0.1 trsvcid:4421 subnqn:nqn.a"), 0);
	CU_ASSERT_NOT_EQUAL(cmp_s(base, "trtype:TCP adrfam:IPv4 traddr:10.0.0.1 trsvcid:4420 subnqn:nqn.b"), 0);
	CU_ASSERT_NOT_EQUAL(cmp_s("trtype:PCIe traddr:0000:01:00.0", "trtype:TCP traddr:0000:01:00.0"), 0);
	CU_ASSERT(cmp_s("trtype:TCP traddr:a", "trtype:TCP traddr:b") < 0);
	/* priority is not part of the identity (as SPDK). */
	CU_ASSERT_EQUAL(cmp_s("trtype:TCP traddr:a priority:1", "trtype:TCP traddr:a priority:2"), 0);
}

/* The order is total: antisymmetric and transitive over a mixed set. */
static void
test_compare_order(void)
{
	static const char *const s[] = {
		"trtype:PCIe traddr:0000:01:00.0", "trtype:PCIe traddr:01:00.0",
		"trtype:PCIe traddr:0000:02:00.0", "trtype:PCIe traddr:0001:00:00.0",
		"trtype:PCIe", "trtype:TCP traddr:10.0.0.1 trsvcid:4420",
		"trtype:TCP traddr:10.0.0.1 trsvcid:4421", "trtype:TCP traddr:10.0.0.2",
		"trtype:TCP traddr:10.0.0.1 trsvcid:4420 subnqn:x", "trtype:RDMA traddr:10.0.0.1",
		"trtype:RDMA adrfam:IPv6 traddr:10.0.0.1", "trtype:FC traddr:nn-1:pn-2",
		"trtype:VFIOUSER traddr:/var/run/vfu", "",
	};
	enum { N = sizeof(s) / sizeof(s[0]) };
	struct spdk_nvme_transport_id *t[N];
	int c[N][N];
	size_t i, j, k;

	for (i = 0; i < N; i++) {
		t[i] = mk(s[i]);
	}
	for (i = 0; i < N; i++) {
		for (j = 0; j < N; j++) {
			c[i][j] = sgn(spdk_nvme_transport_id_compare(t[i], t[j]));
		}
	}
	for (i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(c[i][i], 0);
		for (j = 0; j < N; j++) {
			CU_ASSERT_EQUAL(c[i][j], -c[j][i]);
			for (k = 0; k < N; k++) {
				if (c[i][j] <= 0 && c[j][k] <= 0) {
					CU_ASSERT(c[i][k] <= 0);
				}
			}
		}
	}
	CU_ASSERT_EQUAL(c[0][1], 0);
	for (i = 0; i < N; i++) {
		free(t[i]);
	}

	/* NULL sorts first and does not crash. */
	t[0] = mk("trtype:PCIe");
	CU_ASSERT(spdk_nvme_transport_id_compare(NULL, t[0]) < 0);
	CU_ASSERT(spdk_nvme_transport_id_compare(t[0], NULL) > 0);
	CU_ASSERT_EQUAL(spdk_nvme_transport_id_compare(NULL, NULL), 0);
	free(t[0]);
}

int
main(void)
{
	static const struct {
		const char *name;
		CU_TestFunc fn;
	} trid_tests[] = {
		{ "parse PCIe", test_parse_pcie },
		{ "parse fabrics, every key", test_parse_fabrics_all_keys },
		{ "parse every trtype and adrfam", test_parse_every_trtype_adrfam },
		{ "parse key case", test_parse_key_case },
		{ "parse whitespace and separators", test_parse_whitespace_and_separators },
		{ "parse ignored keys", test_parse_ignored_keys },
		{ "parse partial and repeated", test_parse_partial_and_repeat },
		{ "parse without trtype", test_parse_no_trtype },
		{ "parse length limits", test_parse_length_limits },
		{ "parse invalid", test_parse_invalid },
		{ "names", test_names },
		{ "compare PCIe", test_compare_pcie },
		{ "compare fabrics", test_compare_fabrics },
		{ "compare order", test_compare_order },
	};
	CU_pSuite suite;
	unsigned int failures;
	size_t i;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("transport_id", NULL, NULL);
	for (i = 0; suite != NULL && i < sizeof(trid_tests) / sizeof(trid_tests[0]); i++) {
		CU_add_test(suite, trid_tests[i].name, trid_tests[i].fn);
	}
	if (CU_get_error() != CUE_SUCCESS) {
		CU_cleanup_registry();
		return 1;
	}

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
