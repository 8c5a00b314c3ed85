/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * examples/common/ns_select.c: 'ns:N' in a -r string (spdk_nvme_perf's
 * syntax) and which namespaces of an attached controller it selects, against
 * the controller model with active and inactive namespaces; and the lines
 * the tools print about what they use and write.
 */
#include "nvme_driver_test.h"
#include "ns_select.h"

static struct ns_select g_sel;
static char g_err[NS_SELECT_ERR_LEN];

static int
parse(const char *s)
{
	return ns_select_parse(&g_sel, s, g_err, sizeof(g_err));
}

/* Refused with one line containing want, and g_sel left as it was. */
static void
expect_refused(const char *s, const char *want)
{
	struct ns_select before;
	struct dt_capture cap;

	memset(&g_sel, 0xa5, sizeof(g_sel));
	before = g_sel;
	dt_capture_begin(&cap);	/* the library's own log line, if any */
	CU_ASSERT_EQUAL(parse(s), -1);
	dt_capture_end(&cap, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_err, want));
	CU_ASSERT_PTR_NULL(strchr(g_err, '\n'));
	CU_ASSERT(memcmp(&before, &g_sel, sizeof(g_sel)) == 0);
	if (strstr(g_err, want) == NULL) {
		fprintf(stderr, "\n  '%s': wanted '%s', got '%s'\n", s, want, g_err);
	}
}

static void
test_parse(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("trtype:PCIe traddr:0000:00:04.0 ns:2"), 0);
	CU_ASSERT_EQUAL(g_sel.nsid, 2);
	CU_ASSERT_EQUAL(g_sel.trid.trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_STRING_EQUAL(g_sel.trid.traddr, "0000:00:04.0");
	/* No ns key: every active namespace; trtype defaults to PCIe. */
	CU_ASSERT_EQUAL_FATAL(parse("traddr:01:00.0"), 0);
	CU_ASSERT_EQUAL(g_sel.nsid, 0);
	CU_ASSERT_EQUAL(g_sel.trid.trtype, SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT_STRING_EQUAL(g_sel.trid.traddr, "01:00.0");
	/* '=' as well as ':', any case, anywhere in the string, tabs between. */
	CU_ASSERT_EQUAL(parse("ns=7\ttrtype=PCIe"), 0);
	CU_ASSERT_EQUAL(g_sel.nsid, 7);
	CU_ASSERT_STRING_EQUAL(g_sel.trid.traddr, "");
	CU_ASSERT_EQUAL(parse("NS:65536 traddr:0000:00:05.0"), 0);
	CU_ASSERT_EQUAL(g_sel.nsid, 65536);
	CU_ASSERT_EQUAL(parse("ns:4294967294"), 0);
	CU_ASSERT_EQUAL(g_sel.nsid, 0xfffffffeu);
	/* Other application keys the library passes over are not ns. */
	CU_ASSERT_EQUAL(parse("traddr:0000:00:04.0 hostnqn:nqn.x:ns:5"), 0);
	CU_ASSERT_EQUAL(g_sel.nsid, 0);
}

static void
test_parse_refused(void)
{
	expect_refused("traddr:0000:00:04.0 ns:0", "ns:0 is not a namespace ID");
	expect_refused("ns:-1", "ns:-1 is not a namespace ID");
	expect_refused("ns:+1", "is not a namespace ID");
	expect_refused("ns:0x2", "ns:0x2 is not a namespace ID");
	expect_refused("ns:2x", "is not a namespace ID");
	expect_refused("ns:4294967295", "from 1 to 4294967294");
	expect_refused("ns:99999999999", "is not a namespace ID");
	expect_refused("ns:1 traddr:0000:00:04.0 ns:2", "names ns twice");
	expect_refused("ns:1 NS=1", "names ns twice");
	/* Keys the library does not know stay errors: no silent "all namespaces". */
	expect_refused("traddr:0000:00:04.0 nsid:2", "is not a transport ID");
	expect_refused("traddr:0000:00:04.0 namespace:2", "is not a transport ID");
	expect_refused("traddr:0000:00:04.0 n:2", "is not a transport ID");
	expect_refused("ns:", "is not a transport ID");
	expect_refused("traddr:zz ns:1", "is not a transport ID");
}

static void
test_matches(void)
{
	struct spdk_nvme_transport_id t;

	dt_trid(&t, "0000:00:04.0");
	CU_ASSERT_EQUAL_FATAL(parse("traddr:00:04.0 ns:1"), 0);
	CU_ASSERT_TRUE(ns_select_matches(&g_sel, &t));	/* addresses compare as addresses */
	CU_ASSERT_EQUAL_FATAL(parse("traddr:0000:00:05.0"), 0);
	CU_ASSERT_FALSE(ns_select_matches(&g_sel, &t));
	CU_ASSERT_EQUAL_FATAL(parse("trtype:PCIe ns:3"), 0);
	CU_ASSERT_TRUE(ns_select_matches(&g_sel, &t));	/* no traddr: every PCIe controller */
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP traddr:10.0.0.1 trsvcid:4420"), 0);
	CU_ASSERT_FALSE(ns_select_matches(&g_sel, &t));
}

/* NVMe/TCP: what the -r leaves out the driver fills in (trsvcid 4420, the
 * discovery NQN leading to each subsystem), so it matches any value there. */
static void
test_matches_fabrics(void)
{
	struct spdk_nvme_transport_id t;

	memset(&t, 0, sizeof(t));
	CU_ASSERT_EQUAL_FATAL(spdk_nvme_transport_id_parse(&t, "trtype:TCP adrfam:IPv4 "
			      "traddr:10.0.0.1 trsvcid:4420 subnqn:nqn.2026-12.x:a"), 0);
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP adrfam:IPv4 traddr:10.0.0.1 trsvcid:4420 "
				    "subnqn:nqn.2026-12.x:a ns:1"), 0);
	CU_ASSERT_TRUE(ns_select_matches(&g_sel, &t));
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP traddr:10.0.0.1 ns:1"), 0);
	CU_ASSERT_TRUE(ns_select_matches(&g_sel, &t));
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP traddr:10.0.0.1 "
				    "subnqn:nqn.2014-08.org.nvmexpress.discovery"), 0);
	CU_ASSERT_TRUE(ns_select_matches(&g_sel, &t));
	/* What the -r does give must agree. */
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP traddr:10.0.0.1 subnqn:nqn.2026-12.x:b"), 0);
	CU_ASSERT_FALSE(ns_select_matches(&g_sel, &t));
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP traddr:10.0.0.1 trsvcid:4421 "
				    "subnqn:nqn.2026-12.x:a"), 0);
	CU_ASSERT_FALSE(ns_select_matches(&g_sel, &t));
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP adrfam:IPv6 traddr:10.0.0.1 "
				    "subnqn:nqn.2026-12.x:a"), 0);
	CU_ASSERT_FALSE(ns_select_matches(&g_sel, &t));
	/* Without subnqn: a discovery service, whose log may give other ports
	 * (and families) at its address, but not another address. */
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP traddr:10.0.0.1 trsvcid:8009"), 0);
	CU_ASSERT_TRUE(ns_select_matches(&g_sel, &t));
	CU_ASSERT_EQUAL_FATAL(parse("trtype:TCP traddr:10.0.0.2"), 0);
	CU_ASSERT_FALSE(ns_select_matches(&g_sel, &t));
	CU_ASSERT_EQUAL_FATAL(parse("trtype:RDMA traddr:10.0.0.1"), 0);
	CU_ASSERT_FALSE(ns_select_matches(&g_sel, &t));
}

/* ---- Against the model -------------------------------------------------- */

struct picked {
	uint32_t	nsids[8];
	unsigned int	n;
	unsigned int	stop_after;	/* non-zero: return 1 after this many */
};

static int
pick(void *ctx, struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns)
{
	struct picked *p = ctx;

	CU_ASSERT_PTR_EQUAL(spdk_nvme_ns_get_ctrlr(ns), ctrlr);
	if (p->n < 8) {
		p->nsids[p->n++] = spdk_nvme_ns_get_id(ns);
	}
	return p->stop_after != 0 && p->n == p->stop_after ? 1 : 0;
}

/* NN 4: namespaces 1, 2 and 4 active, 3 not (allocated but not attached). */
static struct nvme_model *
model_new(void)
{
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.bdf = "0000:00:04.0";
	snprintf(o.serial, sizeof(o.serial), "%s", "nssel 1");	/* the space stays */
	o.nn = 4;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 8192, .block_size = 512 };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 1024, .block_size = 4096 };
	o.ns[2] = (struct nvme_model_ns_opts){ .active = false, .num_blocks = 64, .block_size = 512 };
	o.ns[3] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 16, .block_size = 512 };
	return dt_model_new(&o);
}

/* Run ns_select_ctrlr over the -r strings (NULL-terminated); rc, picks in *p. */
static int
select_with(struct spdk_nvme_ctrlr *ctrlr, struct picked *p, const char *const *strs)
{
	struct ns_select sels[8];
	size_t n = 0;
	unsigned int stop = p->stop_after;

	for (; strs[n] != NULL; n++) {
		CU_ASSERT_EQUAL_FATAL(ns_select_parse(&sels[n], strs[n], g_err, sizeof(g_err)), 0);
	}
	memset(p, 0, sizeof(*p));
	p->stop_after = stop;
	return ns_select_ctrlr(sels, n, ctrlr, pick, p, g_err, sizeof(g_err));
}

#define SEL(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NONE ((const char *const[]){ NULL })

static void
expect_picked(const struct picked *p, unsigned int n, const uint32_t *want)
{
	CU_ASSERT_EQUAL(p->n, n);
	for (unsigned int i = 0; i < n && i < p->n; i++) {
		CU_ASSERT_EQUAL(p->nsids[i], want[i]);
	}
}

static void
test_select(void)
{
	struct nvme_model *m = model_new();
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct picked p = { 0 };

	/* No -r, or -r without ns: every active namespace, ascending. */
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, NONE), 0);
	expect_picked(&p, 3, (uint32_t[]){ 1, 2, 4 });
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("traddr:0000:00:04.0")), 0);
	expect_picked(&p, 3, (uint32_t[]){ 1, 2, 4 });
	/* ns:2: that one only. */
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("trtype:PCIe traddr:0000:00:04.0 ns:2")), 0);
	expect_picked(&p, 1, (uint32_t[]){ 2 });
	/* Several -r for one controller: the union, ascending, each once. */
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("traddr:00:04.0 ns:4", "traddr:0000:00:04.0 ns:2",
						   "traddr:0000:00:04.0 ns:4")), 0);
	expect_picked(&p, 2, (uint32_t[]){ 2, 4 });
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("traddr:0000:00:04.0 ns:2",
						   "traddr:0000:00:04.0")), 0);
	expect_picked(&p, 3, (uint32_t[]){ 1, 2, 4 });
	/* No traddr: applies to every controller of the transport. */
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("trtype:PCIe ns:4")), 0);
	expect_picked(&p, 1, (uint32_t[]){ 4 });
	/* A -r for another controller selects nothing here and is not an error. */
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("traddr:0000:00:09.0 ns:3")), 0);
	expect_picked(&p, 0, NULL);
	/* The callback can stop the walk; its value comes back. */
	p.stop_after = 1;
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, NONE), 1);
	expect_picked(&p, 1, (uint32_t[]){ 1 });
	/* fn NULL: check only. */
	CU_ASSERT_EQUAL(ns_select_ctrlr(NULL, 0, ctrlr, NULL, NULL, g_err, sizeof(g_err)), 0);

	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_select_refused(void)
{
	struct nvme_model *m = model_new();
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct picked p = { 0 };

	/* Inactive: nothing selected at all, even what else was asked for. */
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("traddr:0000:00:04.0 ns:1",
						   "traddr:0000:00:04.0 ns:3")), -1);
	CU_ASSERT_EQUAL(p.n, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_err, "namespace 3 of controller 0000:00:04.0 is not active"));
	CU_ASSERT_PTR_NOT_NULL(strstr(g_err, "identify -r"));
	CU_ASSERT_PTR_NULL(strchr(g_err, '\n'));
	/* Beyond NN: does not exist. */
	CU_ASSERT_EQUAL(select_with(ctrlr, &p, SEL("trtype:PCIe ns:5")), -1);
	CU_ASSERT_EQUAL(p.n, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_err, "controller 0000:00:04.0 has no namespace 5 "
					     "(its NSIDs are 1 to 4)"));
	CU_ASSERT_PTR_NULL(strchr(g_err, '\n'));
	/* Also with fn NULL (identify's check). */
	CU_ASSERT_EQUAL_FATAL(parse("traddr:0000:00:04.0 ns:3"), 0);
	CU_ASSERT_EQUAL(ns_select_ctrlr(&g_sel, 1, ctrlr, NULL, NULL, g_err, sizeof(g_err)), -1);

	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* Everything one print function wrote, as a string (static buffer). */
static const char *
printed(void (*fn)(FILE *, struct spdk_nvme_ctrlr *, struct spdk_nvme_ns *, int),
	struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns, int arg)
{
	static char text[1024];
	FILE *f = fmemopen(text, sizeof(text), "w");

	CU_ASSERT_FATAL(f != NULL);
	fn(f, ctrlr, ns, arg);
	fclose(f);
	return text;
}

static void
do_ctrlr(FILE *f, struct spdk_nvme_ctrlr *c, struct spdk_nvme_ns *ns, int arg)
{
	(void)ns;
	(void)arg;
	ns_select_print_ctrlr(f, c);
}

static void
do_ns(FILE *f, struct spdk_nvme_ctrlr *c, struct spdk_nvme_ns *ns, int arg)
{
	(void)c;
	(void)arg;
	ns_select_print_ns(f, ns);
}

static void
do_write(FILE *f, struct spdk_nvme_ctrlr *c, struct spdk_nvme_ns *ns, int arg)
{
	if (arg == 0) {
		ns_select_print_write(f, false, c, ns, 0, 1);
	} else {
		ns_select_print_write(f, true, c, ns, 8, 1016);
	}
}

static void
test_print(void)
{
	struct nvme_model *m = model_new();
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_ns *ns2 = spdk_nvme_ctrlr_get_ns(ctrlr, 2);

	/* Identify strings lose their space padding. */
	CU_ASSERT_STRING_EQUAL(printed(do_ctrlr, ctrlr, NULL, 0),
			       "controller 0000:00:04.0 model \"ealnvme model controller\" "
			       "serial \"nssel 1\"\n");
	CU_ASSERT_STRING_EQUAL(printed(do_ns, ctrlr, ns2, 0),
			       "  namespace 2: 4194304 bytes, 1024 blocks of 4096 bytes\n");
	CU_ASSERT_STRING_EQUAL(printed(do_write, ctrlr, ns2, 0),
			       "writing to controller 0000:00:04.0 serial \"nssel 1\" "
			       "namespace 2 LBA 0-0\n");
	CU_ASSERT_STRING_EQUAL(printed(do_write, ctrlr, ns2, 1),
			       "would write to controller 0000:00:04.0 serial \"nssel 1\" "
			       "namespace 2 LBA 8-1023\n");

	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_parse);
	ADD(test_parse_refused);
	ADD(test_matches);
	ADD(test_matches_fabrics);
	ADD(test_select);
	ADD(test_select_refused);
	ADD(test_print);
#undef ADD
}

int
main(void)
{
	return dt_run("ns_select", add_tests);
}
