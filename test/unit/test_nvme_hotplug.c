/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Surprise removal reported by the bus (spdk_pci_device_is_removed), with
 * SPDK's semantics (lib/nvme/nvme_ctrlr_hotplug.c), against the model:
 *   - the admin poll notices: the controller fails, outstanding admin
 *     commands complete once with ABORTED - BY REQUEST, the poll returns
 *     -ENXIO; each I/O qpair does the same at its next poll;
 *   - nothing more reaches the device (no command fetched, no shutdown);
 *     new submissions get -ENXIO;
 *   - spdk_nvme_probe calls remove_cb once per removed controller (the
 *     probe's, or the one from spdk_nvme_ctrlr_set_remove_cb), and the
 *     callback may detach it;
 *   - a new device appearing is attached by the next probe.
 */
#include "nvme_driver_test.h"

static const struct nvme_model_stats *
stats(struct nvme_model *m)
{
	return nvme_model_get_stats(m);
}

static void
test_removal_fails_outstanding_once(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct dt_io io[4] = { 0 }, admin = { 0 }, late = { 0 };
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_GET_FEATURES,
		       .cdw10 = SPDK_NVME_FEAT_NUMBER_OF_QUEUES };
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint64_t fetched, shutdowns;

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	/* Commands the device holds: outstanding when it goes away. */
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 4) == 0);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, (uint64_t)i * 8, 8, dt_io_cb, &io[i],
						0) == 0);
	}
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, dt_io_cb, &admin) == 0);
	CU_ASSERT(nvme_model_held_count(m) == 5);
	nvme_model_surprise_remove(m);
	fetched = dt_cmds_fetched(m);
	shutdowns = stats(m)->shutdowns;

	/* The I/O path alone does not look (no check on the hot path) ... */
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) == 0);
	CU_ASSERT(io[0].calls == 0);
	/* ... the admin poll does: -ENXIO, the admin command completed once. */
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(admin.calls == 1);
	CU_ASSERT(admin.cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
		  admin.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	/* The I/O qpair's next poll completes its requests, once each. */
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) == -ENXIO);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT(io[i].calls == 1);
		CU_ASSERT(io[i].cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	}
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) == -ENXIO);
	/* New work is refused at once. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &late, 0) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, dt_io_cb, &late) != 0);
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) != 0);
	CU_ASSERT(late.calls == 0);
	/* Detach: prompt, no MMIO (nothing fetched, no shutdown), nothing completed twice. */
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT(io[i].calls == 1);
	}
	CU_ASSERT(admin.calls == 1 && late.calls == 0);
	CU_ASSERT(dt_cmds_fetched(m) == fetched);
	CU_ASSERT(stats(m)->shutdowns == shutdowns);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	spdk_free(buf);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

/* SPDK's hotplug example: poll spdk_nvme_probe with a remove_cb. */
struct hp_ctx {
	unsigned int		attach_calls;
	unsigned int		remove_calls;
	struct spdk_nvme_ctrlr	*attached;
	struct spdk_nvme_ctrlr	*removed;
	bool			detach_in_cb;
	int			detach_rc;
};

static void
hp_attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	     struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct hp_ctx *c = cb_ctx;

	(void)trid;
	(void)opts;
	c->attach_calls++;
	c->attached = ctrlr;
}

static void
hp_remove_cb(void *cb_ctx, struct spdk_nvme_ctrlr *ctrlr)
{
	struct hp_ctx *c = cb_ctx;

	c->remove_calls++;
	c->removed = ctrlr;
	if (c->detach_in_cb) {
		c->detach_rc = spdk_nvme_detach(ctrlr);
	}
}

static void
test_probe_reports_removal_once(void)
{
	struct nvme_model *m = dt_model_new(NULL), *m2;
	struct hp_ctx c = { .detach_in_cb = true, .detach_rc = 12345 };
	struct spdk_nvme_ctrlr *ctrlr;

	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT_FATAL(c.attach_calls == 1);
	ctrlr = c.attached;
	/* Nothing removed: the poll reports nothing and attaches nothing new. */
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(c.remove_calls == 0 && c.attach_calls == 1);

	nvme_model_surprise_remove(m);
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(c.remove_calls == 1);
	CU_ASSERT(c.removed == ctrlr);
	CU_ASSERT(c.detach_rc == 0);		/* detached from inside remove_cb */
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(c.remove_calls == 1);

	/* A new device in another slot: the next probe attaches it. */
	m2 = dt_model_new(NULL);
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(c.attach_calls == 2);
	/* Not compared with ctrlr: that one was freed, malloc may hand its memory out again. */
	CU_ASSERT_FATAL(c.attached != NULL);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_ctrlr_get_transport_id(c.attached)->traddr,
			       nvme_model_bdf(m2));
	dt_detach_and_check(c.attached, m2);
	dt_model_destroy(m2);
	dt_model_destroy(m);
}

static void
set_remove_cb_fn(void *ctx, struct spdk_nvme_ctrlr *ctrlr)
{
	struct hp_ctx *c = ctx;

	c->remove_calls += 10;
	c->removed = ctrlr;
}

static void
test_set_remove_cb_replaces_probe_cb(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct hp_ctx probe_c = { 0 }, own = { 0 };
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_transport_id other;

	CU_ASSERT(spdk_nvme_probe(NULL, &probe_c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	ctrlr = probe_c.attached;
	CU_ASSERT_FATAL(ctrlr != NULL);
	spdk_nvme_ctrlr_set_remove_cb(ctrlr, set_remove_cb_fn, &own);
	nvme_model_surprise_remove(m);
	/* A probe of another address does not look at this controller. */
	dt_trid(&other, "0000:7f:00.0");
	CU_ASSERT(spdk_nvme_probe(&other, &probe_c, NULL, hp_attach_cb, hp_remove_cb) != 0);
	CU_ASSERT(own.remove_calls == 0 && probe_c.remove_calls == 0);
	CU_ASSERT(spdk_nvme_probe(NULL, &probe_c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(own.remove_calls == 10 && own.removed == ctrlr);
	CU_ASSERT(probe_c.remove_calls == 0);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	/* Detached later, outside the callback: fine too. */
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

static unsigned int g_filter_calls;
static struct spdk_pci_addr g_filter_last;
static bool g_filter_answer;

static bool
hotplug_filter(const struct spdk_pci_addr *addr)
{
	g_filter_calls++;
	g_filter_last = *addr;
	return g_filter_answer;
}

static void
test_hotplug_filter(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m, *m2, *m3;
	struct hp_ctx c = { .detach_in_cb = true };
	struct spdk_nvme_ctrlr *first, *second;
	struct spdk_pci_addr a2;

	/* Addresses no other test used: the list of seen ones is per process. */
	nvme_model_opts_default(&o);
	o.bdf = "0000:10:00.0";
	m = dt_model_new(&o);
	/* Present at the first probe: attached, whatever the filter says later. */
	spdk_nvme_pcie_set_hotplug_filter(NULL);
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT_FATAL(c.attach_calls == 1);
	first = c.attached;
	g_filter_answer = false;
	spdk_nvme_pcie_set_hotplug_filter(hotplug_filter);

	/* Inserted later: the filter decides; declined means left alone. */
	o.bdf = "0000:11:00.0";
	m2 = dt_model_new(&o);
	a2 = nvme_model_pci_addr(m2);
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(g_filter_calls == 1);
	CU_ASSERT(spdk_pci_addr_compare(&g_filter_last, &a2) == 0);
	CU_ASSERT(c.attach_calls == 1);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m2)));
	/* Asked again at each probe while it declines. */
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(g_filter_calls == 2 && c.attach_calls == 1);
	g_filter_answer = true;
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(g_filter_calls == 3 && c.attach_calls == 2);
	second = c.attached;
	CU_ASSERT_STRING_EQUAL(spdk_nvme_ctrlr_get_transport_id(second)->traddr,
			       nvme_model_bdf(m2));

	/* The first one is removed and a new one goes into its slot: new again. */
	nvme_model_surprise_remove(m);
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(c.remove_calls == 1 && c.removed == first);
	dt_model_destroy(m);
	o.bdf = "0000:10:00.0";
	m3 = dt_model_new(&o);
	g_filter_answer = false;
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(g_filter_calls == 4);
	CU_ASSERT(c.attach_calls == 2);
	spdk_nvme_pcie_set_hotplug_filter(NULL);
	CU_ASSERT(spdk_nvme_probe(NULL, &c, NULL, hp_attach_cb, hp_remove_cb) == 0);
	CU_ASSERT(g_filter_calls == 4 && c.attach_calls == 3);
	CU_ASSERT(c.attached != second);
	CU_ASSERT(spdk_nvme_detach(c.attached) == 0);
	dt_model_destroy(m3);
	CU_ASSERT(spdk_nvme_detach(second) == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m2);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_removal_fails_outstanding_once);
	ADD(test_probe_reports_removal_once);
	ADD(test_set_remove_cb_replaces_probe_cb);
	ADD(test_hotplug_filter);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_hotplug", add_tests);
}
