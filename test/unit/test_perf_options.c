/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The perf tool's command line (examples/perf/perf_options.[ch]): the
 * spdk_nvme_perf-compatible options land in the right fields, and every bad
 * value is refused with a one-line reason naming the option.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "perf_options.h"

static struct perf_options g_opts;
static char g_err[PERF_ERR_LEN];

/* parse("-q", "1", ..., NULL): argv[0] is "perf". */
static int
parse(const char *first, ...)
{
	char *argv[64];
	int argc = 0;
	va_list ap;
	const char *a;

	argv[argc++] = (char *)"perf";
	va_start(ap, first);
	for (a = first; a != NULL && argc < 63; a = va_arg(ap, const char *)) {
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;
	perf_options_init(&g_opts);
	return perf_options_parse(&g_opts, argc, argv, g_err, sizeof(g_err));
}

#define BASE "-q", "32", "-o", "4096", "-w", "randread", "-t", "10"

/* Refused, with a one-line reason containing want. */
static void
expect_error(int rc, const char *want)
{
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_err, want));
	CU_ASSERT_PTR_NULL(strchr(g_err, '\n'));
	CU_ASSERT(strlen(g_err) > 0);
	if (rc != -1 || strstr(g_err, want) == NULL) {
		fprintf(stderr, "\n  wanted an error with '%s', got rc %d '%s'\n", want, rc, g_err);
	}
}

static void
test_minimal(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(BASE, NULL), 0);
	CU_ASSERT_EQUAL(g_opts.queue_depth, 32);
	CU_ASSERT_EQUAL(g_opts.io_size, 4096);
	CU_ASSERT_EQUAL(g_opts.pattern, PERF_PATTERN_READ);
	CU_ASSERT_TRUE(g_opts.random);
	CU_ASSERT_EQUAL(g_opts.rwmix_read, 100);
	CU_ASSERT_EQUAL(g_opts.time_s, 10);
	/* Defaults of what was not given. */
	CU_ASSERT_STRING_EQUAL(g_opts.core_mask, "0x1");
	CU_ASSERT_EQUAL(g_opts.num_cores, 1);
	CU_ASSERT_EQUAL(g_opts.qpairs_per_ns, 1);
	CU_ASSERT_EQUAL(g_opts.num_trids, 0);
	CU_ASSERT_EQUAL(g_opts.mem_size_mb, -1);
	CU_ASSERT_EQUAL(g_opts.shm_id, -1);
	CU_ASSERT_EQUAL(g_opts.latency_level, 0);
	CU_ASSERT_FALSE(g_opts.json);
	CU_ASSERT_TRUE(g_opts.delay_cmd_submit);
	CU_ASSERT_FALSE(g_opts.no_shadow_doorbells);
	CU_ASSERT_FALSE(g_opts.no_sgl);
	CU_ASSERT_FALSE(g_opts.dry_run);
	CU_ASSERT_FALSE(g_opts.header_digest);
	CU_ASSERT_FALSE(g_opts.data_digest);
}

static void
test_everything(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("-q", "128", "-o", "128k", "-w", "rw", "-M", "70", "-t", "5",
				    "-c", "0x3", "-r", "trtype:PCIe traddr:0000:00:04.0",
				    "-r", "trtype:PCIe traddr:0000:00:05.0", "-P", "2", "-s", "512",
				    "-i", "3", "-L", "-L", "--json", "--no-delay-submit",
				    "--no-progress", "--no-shadow-doorbells", "--no-sgl", NULL), 0);
	CU_ASSERT_EQUAL(g_opts.queue_depth, 128);
	CU_ASSERT_EQUAL(g_opts.io_size, 131072);
	CU_ASSERT_EQUAL(g_opts.pattern, PERF_PATTERN_RW);
	CU_ASSERT_FALSE(g_opts.random);
	CU_ASSERT_EQUAL(g_opts.rwmix_read, 70);
	CU_ASSERT_EQUAL(g_opts.time_s, 5);
	CU_ASSERT_STRING_EQUAL(g_opts.core_mask, "0x3");
	CU_ASSERT_EQUAL(g_opts.num_cores, 2);
	CU_ASSERT_EQUAL_FATAL(g_opts.num_trids, 2);
	CU_ASSERT_EQUAL(g_opts.trids[0].trid.trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_STRING_EQUAL(g_opts.trids[0].trid.traddr, "0000:00:04.0");
	CU_ASSERT_STRING_EQUAL(g_opts.trids[1].trid.traddr, "0000:00:05.0");
	CU_ASSERT_EQUAL(g_opts.qpairs_per_ns, 2);
	CU_ASSERT_EQUAL(g_opts.mem_size_mb, 512);
	CU_ASSERT_EQUAL(g_opts.shm_id, 3);
	CU_ASSERT_EQUAL(g_opts.latency_level, 2);
	CU_ASSERT_TRUE(g_opts.json);
	CU_ASSERT_FALSE(g_opts.delay_cmd_submit);
	CU_ASSERT_FALSE(g_opts.progress);
	CU_ASSERT_TRUE(g_opts.no_shadow_doorbells);
	CU_ASSERT_TRUE(g_opts.no_sgl);
	/* -LL as one word, as SPDK users write it. */
	CU_ASSERT_EQUAL(parse(BASE, "-LL", NULL), 0);
	CU_ASSERT_EQUAL(g_opts.latency_level, 2);
	CU_ASSERT_EQUAL(parse(BASE, "-L", NULL), 0);
	CU_ASSERT_EQUAL(g_opts.latency_level, 1);
}

static void
test_long_options(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("--io-depth", "4", "--io-size", "512", "--io-pattern", "write",
				    "--time", "1", "--core-mask", "[0,2-3]", "--num-qpairs", "4",
				    "--transport", "trtype:PCIe traddr:01:00.0",
				    "--enable-sw-latency-tracking", NULL), 0);
	CU_ASSERT_EQUAL(g_opts.queue_depth, 4);
	CU_ASSERT_EQUAL(g_opts.io_size, 512);
	CU_ASSERT_EQUAL(g_opts.pattern, PERF_PATTERN_WRITE);
	CU_ASSERT_FALSE(g_opts.random);
	CU_ASSERT_EQUAL(g_opts.rwmix_read, 0);
	CU_ASSERT_EQUAL(g_opts.num_cores, 3);
	CU_ASSERT_EQUAL(g_opts.qpairs_per_ns, 4);
	CU_ASSERT_EQUAL(g_opts.latency_level, 1);
	/* Kept as written; the driver compares PCI addresses by value. */
	CU_ASSERT_STRING_EQUAL(g_opts.trids[0].trid.traddr, "01:00.0");
}

/* -r ... ns:N as spdk_nvme_perf takes it: one namespace of that controller. */
static void
test_trid_ns(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(BASE, "-r", "trtype:PCIe traddr:0000:00:04.0 ns:2",
				    "-r", "traddr:0000:00:05.0", "--transport", "ns=17 trtype:pcie",
				    NULL), 0);
	CU_ASSERT_EQUAL_FATAL(g_opts.num_trids, 3);
	CU_ASSERT_STRING_EQUAL(g_opts.trids[0].trid.traddr, "0000:00:04.0");
	CU_ASSERT_EQUAL(g_opts.trids[0].nsid, 2);
	CU_ASSERT_STRING_EQUAL(g_opts.trids[1].trid.traddr, "0000:00:05.0");
	CU_ASSERT_EQUAL(g_opts.trids[1].nsid, 0);	/* every active namespace */
	CU_ASSERT_EQUAL(g_opts.trids[2].trid.trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_STRING_EQUAL(g_opts.trids[2].trid.traddr, "");
	CU_ASSERT_EQUAL(g_opts.trids[2].nsid, 17);
	expect_error(parse(BASE, "-r", "traddr:0000:00:04.0 ns:0", NULL),
		     "-r: ns:0 is not a namespace ID");
	expect_error(parse(BASE, "-r", "traddr:0000:00:04.0 ns:two", NULL),
		     "-r: ns:two is not a namespace ID");
	expect_error(parse(BASE, "-r", "traddr:0000:00:04.0 ns:1 ns:2", NULL), "names ns twice");
	/* A key nobody knows is refused, not ignored (here a likely typo of ns). */
	expect_error(parse(BASE, "-r", "traddr:0000:00:04.0 nsid:2", NULL),
		     "-r: 'traddr:0000:00:04.0 nsid:2' is not a transport ID");
}

/* spdk_nvme_perf's NVMe/TCP options: -H/-I digests, -r trtype:TCP, several -r. */
static void
test_tcp(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(BASE, "-H", NULL), 0);
	CU_ASSERT_TRUE(g_opts.header_digest);
	CU_ASSERT_FALSE(g_opts.data_digest);
	CU_ASSERT_EQUAL_FATAL(parse(BASE, "-I", NULL), 0);
	CU_ASSERT_FALSE(g_opts.header_digest);
	CU_ASSERT_TRUE(g_opts.data_digest);
	CU_ASSERT_EQUAL_FATAL(parse(BASE, "--enable-tcp-hdgst", "--enable-tcp-ddgst", NULL), 0);
	CU_ASSERT_TRUE(g_opts.header_digest);
	CU_ASSERT_TRUE(g_opts.data_digest);
	/* Bundled, as getopt allows, and not mistaken for -h (help). */
	CU_ASSERT_EQUAL_FATAL(parse(BASE, "-HI", NULL), 0);
	CU_ASSERT_TRUE(g_opts.header_digest);
	CU_ASSERT_TRUE(g_opts.data_digest);
	/* Flags: a value is refused. */
	expect_error(parse(BASE, "--enable-tcp-hdgst=1", NULL), "--enable-tcp-hdgst");

	CU_ASSERT_EQUAL_FATAL(parse(BASE, "-H", "-I",
				    "-r", "trtype:TCP adrfam:IPv4 traddr:127.0.0.1 trsvcid:4420 "
				    "subnqn:nqn.2026-12.io.ealnvme:a ns:1",
				    "-r", "trtype:tcp adrfam:ipv4 traddr:127.0.0.1 trsvcid:4420 "
				    "subnqn:nqn.2026-12.io.ealnvme:b",
				    "-r", "trtype:PCIe traddr:0000:00:04.0", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(g_opts.num_trids, 3);
	CU_ASSERT_EQUAL(g_opts.trids[0].trid.trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_EQUAL(g_opts.trids[0].trid.adrfam, SPDK_NVMF_ADRFAM_IPV4);
	CU_ASSERT_STRING_EQUAL(g_opts.trids[0].trid.traddr, "127.0.0.1");
	CU_ASSERT_STRING_EQUAL(g_opts.trids[0].trid.trsvcid, "4420");
	CU_ASSERT_STRING_EQUAL(g_opts.trids[0].trid.subnqn, "nqn.2026-12.io.ealnvme:a");
	CU_ASSERT_EQUAL(g_opts.trids[0].nsid, 1);
	CU_ASSERT_EQUAL(g_opts.trids[1].trid.trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_STRING_EQUAL(g_opts.trids[1].trid.subnqn, "nqn.2026-12.io.ealnvme:b");
	CU_ASSERT_EQUAL(g_opts.trids[1].nsid, 0);
	CU_ASSERT_EQUAL(g_opts.trids[2].trid.trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_TRUE(g_opts.header_digest);
	CU_ASSERT_TRUE(g_opts.data_digest);
	expect_error(parse(BASE, "-r", "trtype:TCP adrfam:IPv5 traddr:127.0.0.1", NULL),
		     "is not a transport ID");
}

static void
test_dry_run(void)
{
	CU_ASSERT_EQUAL_FATAL(parse(BASE, "--dry-run", NULL), 0);
	CU_ASSERT_TRUE(g_opts.dry_run);
	/* Still the whole command line: what it lists depends on -o and -w. */
	expect_error(parse("--dry-run", NULL), "missing -q");
	expect_error(parse(BASE, "--dry-run=1", NULL), "--dry-run");
}

static void
test_patterns(void)
{
	static const struct {
		const char *name;
		enum perf_pattern pattern;
		bool random;
		int mix;
	} cases[] = {
		{ "read", PERF_PATTERN_READ, false, 100 },
		{ "write", PERF_PATTERN_WRITE, false, 0 },
		{ "randread", PERF_PATTERN_READ, true, 100 },
		{ "randwrite", PERF_PATTERN_WRITE, true, 0 },
		{ "rw", PERF_PATTERN_RW, false, 30 },
		{ "randrw", PERF_PATTERN_RW, true, 30 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(parse("-q", "1", "-o", "4096", "-t", "1", "-w", cases[i].name,
				      "-M", "30", NULL), 0);
		CU_ASSERT_EQUAL(g_opts.pattern, cases[i].pattern);
		CU_ASSERT_EQUAL(g_opts.random, cases[i].random);
		/* -M only counts for the mixed patterns, as in SPDK. */
		CU_ASSERT_EQUAL(g_opts.rwmix_read, cases[i].mix);
	}
}

static void
test_help(void)
{
	CU_ASSERT_EQUAL(parse("-h", NULL), 1);
	CU_ASSERT_EQUAL(parse("--help", NULL), 1);
}

static void
test_missing_required(void)
{
	expect_error(parse(NULL), "missing -q");
	expect_error(parse("-q", "1", "-w", "read", "-t", "1", NULL), "missing -o");
	expect_error(parse("-q", "1", "-o", "512", "-t", "1", NULL), "missing -w");
	expect_error(parse("-q", "1", "-o", "512", "-w", "read", NULL), "missing -t");
	expect_error(parse(BASE, "-w", "randrw", NULL), "needs -M");
	expect_error(parse(BASE, "-q", "2", "-P", "3", NULL), "-P 3 is more than -q 2");
}

static void
test_bad_values(void)
{
	expect_error(parse(BASE, "-q", "0", NULL), "-q: '0'");
	expect_error(parse(BASE, "-q", "abc", NULL), "-q: 'abc'");
	expect_error(parse(BASE, "-q", "-5", NULL), "-q: '-5'");
	expect_error(parse(BASE, "-q", "65537", NULL), "-q: '65537'");
	expect_error(parse(BASE, "-q", "12x", NULL), "-q: '12x'");
	expect_error(parse(BASE, "-o", "0", NULL), "-o: '0'");
	expect_error(parse(BASE, "-o", "4x", NULL), "-o: '4x'");
	expect_error(parse(BASE, "-o", "4kk", NULL), "-o: '4kk'");
	expect_error(parse(BASE, "-o", "2g", NULL), "-o: '2g'");
	expect_error(parse(BASE, "-o", "1000", NULL), "not a multiple of 512");
	expect_error(parse(BASE, "-w", "randfoo", NULL), "-w: 'randfoo'");
	expect_error(parse(BASE, "-w", "", NULL), "-w: ''");
	expect_error(parse(BASE, "-M", "101", NULL), "-M: '101'");
	expect_error(parse(BASE, "-M", "x", NULL), "-M: 'x'");
	expect_error(parse(BASE, "-t", "0", NULL), "-t: '0'");
	expect_error(parse(BASE, "-t", "ten", NULL), "-t: 'ten'");
	expect_error(parse(BASE, "-c", "0x0", NULL), "-c: '0x0'");
	expect_error(parse(BASE, "-c", "0xg", NULL), "-c: '0xg'");
	expect_error(parse(BASE, "-c", "[]", NULL), "-c: '[]'");
	expect_error(parse(BASE, "-c", "[3-1]", NULL), "-c: '[3-1]'");
	expect_error(parse(BASE, "-c", "[0,1", NULL), "-c: '[0,1'");
	expect_error(parse(BASE, "-c", "[5000]", NULL), "-c: '[5000]'");
	expect_error(parse(BASE, "-P", "0", NULL), "-P: '0'");
	expect_error(parse(BASE, "-P", "65", NULL), "-P: '65'");
	expect_error(parse(BASE, "-s", "0", NULL), "-s: '0'");
	expect_error(parse(BASE, "-i", "-1", NULL), "-i: '-1'");
	expect_error(parse(BASE, "-r", "trtype:bogus", NULL), "-r: 'trtype:bogus'");
	expect_error(parse(BASE, "-r", "trtype:PCIe traddr:zz:zz.z", NULL), "-r:");
}

static void
test_bad_usage(void)
{
	expect_error(parse(BASE, "-Z", NULL), "unknown option -Z");
	expect_error(parse(BASE, "--frobnicate", NULL), "unknown option --frobnicate");
	expect_error(parse(BASE, "-q", NULL), "-q needs a value");
	expect_error(parse(BASE, "--io-depth", NULL), "-q needs a value");
	expect_error(parse(BASE, "extra", NULL), "unexpected argument 'extra'");
}

static void
test_too_many_trids(void)
{
	char *argv[2 + 2 * (PERF_MAX_TRIDS + 1) + 8];
	int argc = 0;

	argv[argc++] = (char *)"perf";
	for (int i = 0; i <= PERF_MAX_TRIDS; i++) {
		argv[argc++] = (char *)"-r";
		argv[argc++] = (char *)"trtype:PCIe";
	}
	argv[argc] = NULL;
	perf_options_init(&g_opts);
	expect_error(perf_options_parse(&g_opts, argc, argv, g_err, sizeof(g_err)), "-r: at most");
}

static void
test_helpers(void)
{
	uint64_t v = 0;

	CU_ASSERT_EQUAL(perf_parse_core_mask("1"), 1);
	CU_ASSERT_EQUAL(perf_parse_core_mask("0xF0"), 4);
	CU_ASSERT_EQUAL(perf_parse_core_mask("[0-3,2,7]"), 5);
	CU_ASSERT_EQUAL(perf_parse_core_mask("[1]"), 1);
	CU_ASSERT_EQUAL(perf_parse_core_mask("0x"), -1);
	CU_ASSERT_EQUAL(perf_parse_core_mask(""), -1);
	CU_ASSERT_EQUAL(perf_parse_core_mask("[1]x"), -1);
	CU_ASSERT_EQUAL(perf_parse_core_mask("[1-]"), -1);
	CU_ASSERT_EQUAL(perf_parse_size("4k", UINT64_MAX, &v), 0);
	CU_ASSERT_EQUAL(v, 4096);
	CU_ASSERT_EQUAL(perf_parse_size("3M", UINT64_MAX, &v), 0);
	CU_ASSERT_EQUAL(v, 3u << 20);
	CU_ASSERT_EQUAL(perf_parse_size("1G", 1u << 30, &v), 0);
	CU_ASSERT_EQUAL(v, 1u << 30);
	CU_ASSERT_EQUAL(perf_parse_size("1025M", 1u << 30, &v), -1);
	CU_ASSERT_EQUAL(perf_parse_size("k", UINT64_MAX, &v), -1);
	CU_ASSERT_EQUAL(perf_parse_size("99999999999999999999", UINT64_MAX, &v), -1);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	suite = CU_add_suite("perf_options", NULL, NULL);
	CU_add_test(suite, "minimal command line and defaults", test_minimal);
	CU_add_test(suite, "every option", test_everything);
	CU_add_test(suite, "SPDK long option names", test_long_options);
	CU_add_test(suite, "-w patterns and -M", test_patterns);
	CU_add_test(suite, "-r with ns:N", test_trid_ns);
	CU_add_test(suite, "NVMe/TCP: -H, -I, several -r trtype:TCP", test_tcp);
	CU_add_test(suite, "--dry-run", test_dry_run);
	CU_add_test(suite, "-h", test_help);
	CU_add_test(suite, "missing required options", test_missing_required);
	CU_add_test(suite, "bad values: one-line reason naming the option", test_bad_values);
	CU_add_test(suite, "unknown options, missing values, stray arguments", test_bad_usage);
	CU_add_test(suite, "too many -r", test_too_many_trids);
	CU_add_test(suite, "core mask and size parsers", test_helpers);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures == 0 ? 0 : 1;
}
