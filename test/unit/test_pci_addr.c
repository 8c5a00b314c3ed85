/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests: spdk_pci_addr_parse/fmt/compare (split from
 * test_transport_id.c).  Links lib/env_dpdk/env_pci_addr.c directly.
 * spdk_pci_addr_fmt also writes into an exact-size heap block so that
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

/* ---- spdk_pci_addr ------------------------------------------------------ */

static void
check_pci(const char *s, uint32_t domain, uint8_t bus, uint8_t dev, uint8_t func)
{
	struct spdk_pci_addr a;

	memset(&a, FILL, sizeof(a));
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&a, s), 0);
	CU_ASSERT_EQUAL(a.domain, domain);
	CU_ASSERT_EQUAL(a.bus, bus);
	CU_ASSERT_EQUAL(a.dev, dev);
	CU_ASSERT_EQUAL(a.func, func);
}

static void
test_pci_addr_parse_valid(void)
{
	check_pci("0000:01:00.0", 0, 1, 0, 0);
	check_pci("01:00.0", 0, 1, 0, 0);
	check_pci("0000:01:00:1", 0, 1, 0, 1);		/* ':' before the function */
	check_pci("0000.5e.00.0", 0, 0x5e, 0, 0);	/* all dots, as SPDK documents */
	check_pci("ABCD:EF:1F.7", 0xabcd, 0xef, 0x1f, 7);
	check_pci("abcd:ef:1f.7", 0xabcd, 0xef, 0x1f, 7);
	check_pci("ffffffff:ff:1f.7", 0xffffffff, 0xff, 0x1f, 7);
	check_pci("1:2:3.4", 1, 2, 3, 4);
	check_pci("10000:00:04.0", 0x10000, 0, 4, 0);
	check_pci("00000000001:0001:00.0", 1, 1, 0, 0);	/* leading zeros are just zeros */
}

static void
test_pci_addr_parse_invalid(void)
{
	static const char *const bad[] = {
		"", "0000:00:20.0", "0000:100:00.0", "zz:00.0", "0000:00:00.8",
		"0000:00:00.0x", "100000000:00:00.0", " 0000:01:00.0", "0000:01:00.0 ",
		"0000:01:00.0\n", "0000::00.0", "01:00", "0000:01:00", "01:00:0",
		"0000:01.00.0", "0000:01:00.0.0", "0000:01:00.", ":01:00.0", "-1:00.0",
		"+1:00.0", "0x1:00.0", "01.00.0", "0000.01.00:0", "0000:01:00;0",
		"0000:01:00.0:0", "1111111111111111111:00:00.0", "0000:01:00.00000008",
	};
	struct spdk_pci_addr a, before;
	size_t i;

	memset(&a, FILL, sizeof(a));
	before = a;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = spdk_pci_addr_parse(&a, bad[i]);

		if (rc != -EINVAL) {
			fprintf(stderr, "\n  accepted bad PCI address '%s'\n", bad[i]);
		}
		CU_ASSERT_EQUAL(rc, -EINVAL);
		CU_ASSERT_EQUAL(memcmp(&a, &before, sizeof(a)), 0);	/* untouched */
	}
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&a, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(NULL, "0000:01:00.0"), -EINVAL);
}

static void
test_pci_addr_fmt(void)
{
	struct spdk_pci_addr a = { .domain = 0xabcd, .bus = 0xef, .dev = 0x1f, .func = 7 };
	struct spdk_pci_addr b;
	char buf[32];
	char *exact;

	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, sizeof(buf), &a), 0);
	CU_ASSERT_STRING_EQUAL(buf, "abcd:ef:1f.7");

	a = (struct spdk_pci_addr) { .domain = 0, .bus = 1, .dev = 2, .func = 3 };
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, sizeof(buf), &a), 0);
	CU_ASSERT_STRING_EQUAL(buf, "0000:01:02.3");

	/* The exact length is enough, one byte less is not (no silent cut). */
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, 13, &a), 0);
	CU_ASSERT_STRING_EQUAL(buf, "0000:01:02.3");
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, 12, &a), -1);
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, 0, &a), -1);
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(NULL, 0, &a), -1);
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, sizeof(buf), NULL), -1);

	/* SPDK_PCI_ADDR_FMT_LEN bytes hold the longest address: a 32-bit domain. */
	exact = malloc(SPDK_PCI_ADDR_FMT_LEN);
	CU_ASSERT_FATAL(exact != NULL);
	b = (struct spdk_pci_addr) { .domain = 0xffffffff, .bus = 0xff, .dev = 0x1f, .func = 7 };
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(exact, SPDK_PCI_ADDR_FMT_LEN, &b), 0);
	CU_ASSERT_STRING_EQUAL(exact, "ffffffff:ff:1f.7");
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(exact, SPDK_PCI_ADDR_FMT_LEN - 1, &b), -1);
	free(exact);

	/* A domain above 0xffff (VMD) prints as sysfs names it, never cut. */
	a.domain = 0x10000;
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, SPDK_PCI_ADDR_FMT_LEN, &a), 0);
	CU_ASSERT_STRING_EQUAL(buf, "10000:01:02.3");
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&b, "10000:00:04.0"), 0);
	CU_ASSERT_EQUAL(b.domain, 0x10000);
	CU_ASSERT_EQUAL(b.bus, 0);
	CU_ASSERT_EQUAL(b.dev, 4);
	CU_ASSERT_EQUAL(b.func, 0);
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, SPDK_PCI_ADDR_FMT_LEN, &b), 0);
	CU_ASSERT_STRING_EQUAL(buf, "10000:00:04.0");
	a.domain = 0x12345678;
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, SPDK_PCI_ADDR_FMT_LEN, &a), 0);
	CU_ASSERT_STRING_EQUAL(buf, "12345678:01:02.3");
	/* more than 32 bits of domain is not an address */
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&b, "100000000:00:04.0"), -EINVAL);

	/* Round trips: parse(fmt(a)) == a, and fmt(parse(s)) is canonical. */
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&b, buf), 0);
	CU_ASSERT_EQUAL(spdk_pci_addr_compare(&a, &b), 0);
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&b, "0A:1F:7"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&b, "0A:1F.7"), 0);
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, sizeof(buf), &b), 0);
	CU_ASSERT_STRING_EQUAL(buf, "0000:0a:1f.7");
	CU_ASSERT_EQUAL(spdk_pci_addr_parse(&b, "0000.0A.1F.7"), 0);
	CU_ASSERT_EQUAL(spdk_pci_addr_fmt(buf, sizeof(buf), &b), 0);
	CU_ASSERT_STRING_EQUAL(buf, "0000:0a:1f.7");
}

static void
test_pci_addr_compare(void)
{
	static const struct spdk_pci_addr sorted[] = {
		{ 0, 0, 0, 0 }, { 0, 0, 0, 1 }, { 0, 0, 1, 0 }, { 0, 0, 0x1f, 7 },
		{ 0, 1, 0, 0 }, { 0, 0xff, 0x1f, 7 }, { 1, 0, 0, 0 }, { 0xffffffff, 0, 0, 0 },
	};
	size_t n = sizeof(sorted) / sizeof(sorted[0]), i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			int c = spdk_pci_addr_compare(&sorted[i], &sorted[j]);

			CU_ASSERT_EQUAL(sgn(c), i < j ? -1 : i > j ? 1 : 0);
			CU_ASSERT_EQUAL(sgn(c), -sgn(spdk_pci_addr_compare(&sorted[j], &sorted[i])));
		}
	}
}

int
main(void)
{
	static const struct {
		const char *name;
		CU_TestFunc fn;
	} pci_tests[] = {
		{ "parse valid", test_pci_addr_parse_valid },
		{ "parse invalid", test_pci_addr_parse_invalid },
		{ "fmt and round trips", test_pci_addr_fmt },
		{ "compare", test_pci_addr_compare },
	};
	CU_pSuite suite;
	unsigned int failures;
	size_t i;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("pci_addr", NULL, NULL);
	for (i = 0; suite != NULL && i < sizeof(pci_tests) / sizeof(pci_tests[0]); i++) {
		CU_add_test(suite, pci_tests[i].name, pci_tests[i].fn);
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
