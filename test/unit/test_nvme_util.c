/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_internal/nvme_util.h: transport ID entries with the tools' extra keys,
 * the -r help text for each option mask, and controller/namespace names
 * (against the controller model, so the PCI IDs come from a device).
 */
#include "spdk_internal/nvme_util.h"
#include "nvme_driver_test.h"

static void
test_entry_pcie(void)
{
	struct spdk_nvme_trid_entry e;

	memset(&e, 0, sizeof(e));
	e.nsid = 9;
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "traddr:0000:04:00.0"), 0);
	CU_ASSERT_EQUAL(e.trid.trtype, SPDK_NVME_TRANSPORT_PCIE);	/* default */
	CU_ASSERT_STRING_EQUAL(e.trid.traddr, "0000:04:00.0");
	CU_ASSERT_STRING_EQUAL(e.trid.subnqn, "nqn.2014-08.org.nvmexpress.discovery");
	CU_ASSERT_EQUAL(e.nsid, 9);		/* no ns: left as it was */
	CU_ASSERT_STRING_EQUAL(e.hostnqn, "");
	CU_ASSERT_STRING_EQUAL(e.hostaddr, "");
	CU_ASSERT_STRING_EQUAL(e.failover_trid.traddr, "0000:04:00.0");

	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "trtype:PCIe traddr:0000:05:00.0 ns:2"), 0);
	CU_ASSERT_EQUAL(e.nsid, 2);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "trtype=pcie traddr=05:00.0 NS=65535"), 0);
	CU_ASSERT_EQUAL(e.nsid, 65535);
	CU_ASSERT_STRING_EQUAL(e.trid.traddr, "05:00.0");
}

static void
test_entry_fabrics(void)
{
	struct spdk_nvme_trid_entry e;

	memset(&e, 0, sizeof(e));
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e,
			"trtype:TCP adrfam:IPv4 traddr:10.0.0.1 trsvcid:4420 "
			"subnqn:nqn.2016-06.io.spdk:cnode1 hostnqn:nqn.host:1 "
			"hostaddr:10.0.0.2 alt_traddr:10.0.0.3 ns:1"), 0);
	CU_ASSERT_EQUAL(e.trid.trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_STRING_EQUAL(e.trid.traddr, "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(e.trid.subnqn, "nqn.2016-06.io.spdk:cnode1");
	CU_ASSERT_STRING_EQUAL(e.hostnqn, "nqn.host:1");
	CU_ASSERT_STRING_EQUAL(e.hostaddr, "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(e.failover_trid.traddr, "10.0.0.3");
	CU_ASSERT_STRING_EQUAL(e.failover_trid.trsvcid, "4420");
	CU_ASSERT_EQUAL(e.failover_trid.trtype, SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT_EQUAL(e.nsid, 1);
	/* The key is a whole key: "subnqn:...ns:7" does not set the NSID. */
	e.nsid = 0;
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "trtype:TCP traddr:h subnqn:x.ns:7"), 0);
	CU_ASSERT_EQUAL(e.nsid, 0);
}

static void
test_entry_errors(void)
{
	struct spdk_nvme_trid_entry e;
	char long_nqn[300];

	memset(&e, 0, sizeof(e));
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "traddr:0000:04:00.0 ns:0"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "traddr:0000:04:00.0 ns:65536"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "traddr:0000:04:00.0 ns:123456"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "traddr:0000:04:00.0 ns:1x"), -EINVAL);
	/* hostaddr is for fabrics only. */
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "traddr:0000:04:00.0 hostaddr:1.2.3.4"),
			-EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "trtype:bogus traddr:x"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, "traddr:not-a-bdf"), -EINVAL);
	memset(long_nqn, 'a', sizeof(long_nqn));
	memcpy(long_nqn, "trtype:TCP traddr:h hostnqn:", 28);
	long_nqn[sizeof(long_nqn) - 1] = '\0';
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, long_nqn), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(NULL, "traddr:0000:04:00.0"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_trid_entry_parse(&e, NULL), -EINVAL);
}

/* The usage text for opts, in buf. */
static const char *
usage(uint32_t opts, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	spdk_nvme_transport_id_usage(f, opts);
	fclose(f);
	return buf;
}

static void
test_usage(void)
{
	char buf[4096];

	usage(0, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "[-r <fmt>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "trtype:PCIe traddr:0000:04:00.0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "trsvcid"));
	CU_ASSERT_PTR_NULL(strstr(buf, " ns "));
	CU_ASSERT_PTR_NULL(strstr(buf, "more than once"));

	usage(SPDK_NVME_TRID_USAGE_OPT_MANDATORY | SPDK_NVME_TRID_USAGE_OPT_LONGOPT |
	      SPDK_NVME_TRID_USAGE_OPT_NO_FABRIC | SPDK_NVME_TRID_USAGE_OPT_NS |
	      SPDK_NVME_TRID_USAGE_OPT_MULTI | SPDK_NVME_TRID_USAGE_OPT_HOSTNQN, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\t-r, --transport <fmt>"));
	CU_ASSERT_PTR_NULL(strstr(buf, "[-r"));
	CU_ASSERT_PTR_NULL(strstr(buf, "trsvcid"));
	CU_ASSERT_PTR_NULL(strstr(buf, "hostnqn"));	/* a fabrics key */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " ns "));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "more than once"));

	usage(SPDK_NVME_TRID_USAGE_OPT_NO_PCIE | SPDK_NVME_TRID_USAGE_OPT_HOSTNQN |
	      SPDK_NVME_TRID_USAGE_OPT_HOSTADDR | SPDK_NVME_TRID_USAGE_OPT_ALT_TRADDR,
	      buf, sizeof(buf));
	CU_ASSERT_PTR_NULL(strstr(buf, "trtype:PCIe"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "hostnqn"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "hostaddr"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "alt_traddr"));
	spdk_nvme_transport_id_usage(NULL, 0);	/* no crash */
}

static void
test_build_name(void)
{
	struct nvme_model_opts mo;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	char name[128], small[12];
	int n;

	nvme_model_opts_default(&mo);
	mo.vendor_id = 0x8086;
	mo.device_id = 0x0953;
	m = dt_model_new(&mo);
	ctrlr = dt_attach(m);

	n = spdk_nvme_build_name(name, sizeof(name), ctrlr, NULL);
	CU_ASSERT_STRING_EQUAL(name, "PCIE (0000:00:04.0) [8086:0953]");
	CU_ASSERT_EQUAL(n, (int)strlen(name));
	n = spdk_nvme_build_name(name, sizeof(name), ctrlr, spdk_nvme_ctrlr_get_ns(ctrlr, 1));
	CU_ASSERT_STRING_EQUAL(name, "PCIE (0000:00:04.0) [8086:0953] NSID 1");
	CU_ASSERT_EQUAL(n, (int)strlen(name));
	/* Truncated like snprintf: the full length back, a terminated prefix. */
	n = spdk_nvme_build_name(small, sizeof(small), ctrlr, spdk_nvme_ctrlr_get_ns(ctrlr, 1));
	CU_ASSERT_EQUAL(n, (int)strlen("PCIE (0000:00:04.0) [8086:0953] NSID 1"));
	CU_ASSERT_STRING_EQUAL(small, "PCIE (0000:");
	CU_ASSERT_EQUAL(spdk_nvme_build_name(NULL, 10, ctrlr, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_build_name(name, sizeof(name), NULL, NULL), -EINVAL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
	CU_add_test(suite, "entry: PCIe, defaults, ns", test_entry_pcie);
	CU_add_test(suite, "entry: fabrics keys", test_entry_fabrics);
	CU_add_test(suite, "entry: errors", test_entry_errors);
	CU_add_test(suite, "usage text per option", test_usage);
	CU_add_test(suite, "build_name", test_build_name);
}

int
main(void)
{
	return dt_run("nvme_util", add_tests);
}
