/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests: the fio engine's filename parser (examples/fio_plugin/
 * fio_filename.c): the forms SPDK's fio plugin users write, and one clear
 * error, naming the fix, for each mistake.  Built with or without a fio
 * source tree (examples/fio_plugin/meson.build).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "fio_filename.h"

/* Parse s; the result (or the untouched sentinel) lands in *out. */
static int
parse(const char *s, struct efio_name *out, char *err)
{
	memset(out, 0x5a, sizeof(*out));
	err[0] = '\0';
	return efio_name_parse(out, s, err, EFIO_ERR_LEN);
}

static void
test_accepts(void)
{
	struct efio_name n;
	char err[EFIO_ERR_LEN];

	CU_ASSERT_EQUAL(parse("trtype=PCIe traddr=0000.04.00.0 ns=1", &n, err), 0);
	CU_ASSERT_EQUAL(n.trid.trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_STRING_EQUAL(n.trid.trstring, "PCIE");
	CU_ASSERT_STRING_EQUAL(n.trid.traddr, "0000:04:00.0");
	CU_ASSERT_EQUAL(n.nsid, 1);
	CU_ASSERT_STRING_EQUAL(err, "");

	/* Keys in any order and case, extra blanks, no trtype (PCIe), no ns (0). */
	CU_ASSERT_EQUAL(parse("  TRADDR=0000.00.1f.7\t", &n, err), 0);
	CU_ASSERT_STRING_EQUAL(n.trid.traddr, "0000:00:1f.7");
	CU_ASSERT_EQUAL(n.nsid, 0);
	CU_ASSERT_EQUAL(parse("ns=4294967294 traddr=10000.ff.1f.7 trtype=pcie", &n, err), 0);
	CU_ASSERT_STRING_EQUAL(n.trid.traddr, "10000:ff:1f.7");
	CU_ASSERT_EQUAL(n.nsid, 0xfffffffeu);
	/* Not through fio (':' would split it there), but an address all the same. */
	CU_ASSERT_EQUAL(parse("traddr=0000:04:00.0 ns=2", &n, err), 0);
	CU_ASSERT_STRING_EQUAL(n.trid.traddr, "0000:04:00.0");
	CU_ASSERT_EQUAL(n.nsid, 2);
}

/* s is refused with -EINVAL, one line that contains want, and *out untouched. */
static void
check_refused(const char *s, const char *want)
{
	struct efio_name n, sentinel;
	char err[EFIO_ERR_LEN];

	memset(&sentinel, 0x5a, sizeof(sentinel));
	CU_ASSERT_EQUAL(parse(s, &n, err), -EINVAL);
	CU_ASSERT_EQUAL(memcmp(&n, &sentinel, sizeof(n)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
	CU_ASSERT_PTR_NULL(strchr(err, '\n'));
	if (strstr(err, want) == NULL) {
		fprintf(stderr, "\n  '%s': got \"%s\", want \"%s\"\n", s, err, want);
	}
}

static void
test_refuses(void)
{
	check_refused("", "empty; write filename='trtype=PCIe traddr=0000.04.00.0 ns=1'");
	check_refused("trtype=PCIe ns=1", "no traddr: name the controller");
	check_refused("trtype=PCIe traddr=0000.04.00.0 nsid=1", "unknown key 'nsid' (the keys are");
	check_refused("traddr=0000.04.00.0 foo=bar", "unknown key 'foo'");
	check_refused("trtype=TCP traddr=0000.04.00.0", "trtype=TCP is not supported");
	check_refused("traddr=04.00.0", "traddr=04.00.0 is not a PCI address; write it with dots");
	check_refused("traddr=0000.04.20.0", "traddr=0000.04.20.0 is not a PCI address");
	check_refused("traddr=0000.04.00.0 ns=0", "ns=0 is not a namespace ID");
	check_refused("traddr=0000.04.00.0 ns=4294967295", "ns=4294967295 is not a namespace ID");
	check_refused("traddr=0000.04.00.0 ns=1x", "ns=1x is not a namespace ID");
	check_refused("traddr=0000.04.00.0 ns=99999999999", "is not a namespace ID");
	check_refused("traddr=0000.04.00.0 ns=1 ns=2", "ns is given twice");
	check_refused("traddr=0000.04.00.0 traddr=0000.05.00.0", "traddr is given twice");
	check_refused("trtype=PCIe trtype=PCIe traddr=0000.04.00.0", "trtype is given twice");
	check_refused("traddr=0000.04.00.0 ns", "'ns' is not key=value");
	check_refused("traddr= ns=1", "'traddr=' is not key=value");
	check_refused("=1 traddr=0000.04.00.0", "'=1' is not key=value");
	/* The error names the whole filename the user wrote. */
	check_refused("trtype=PCIe traddr=0000.04.00.0 bogus=1",
		      "filename 'trtype=PCIe traddr=0000.04.00.0 bogus=1': unknown key 'bogus'");
}

static void
test_long_input(void)
{
	struct efio_name n;
	char err[EFIO_ERR_LEN];
	size_t len = 4096;
	char *s = malloc(len + 1);

	CU_ASSERT_FATAL(s != NULL);
	memcpy(s, "traddr=", 7);
	memset(s + 7, '0', len - 7);
	s[len] = '\0';
	CU_ASSERT_EQUAL(parse(s, &n, err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "traddr is too long"));
	CU_ASSERT(strlen(err) < EFIO_ERR_LEN);
	free(s);
	/* A NULL err buffer is allowed. */
	CU_ASSERT_EQUAL(efio_name_parse(&n, "bad", NULL, 0), -EINVAL);
	CU_ASSERT_EQUAL(efio_name_parse(&n, NULL, err, sizeof(err)), -EINVAL);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("fio_filename", NULL, NULL);
	CU_add_test(suite, "accepts", test_accepts);
	CU_add_test(suite, "refuses", test_refuses);
	CU_add_test(suite, "long_input", test_long_input);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures == 0 ? 0 : 1;
}
