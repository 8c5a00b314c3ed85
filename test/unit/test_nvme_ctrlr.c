/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller life cycle through the public API, against the controller
 * model: probe and init to ready, identify data and getters, connect,
 * detach (freeing everything, with and without outstanding I/O).  The raw
 * admin command path is in test_nvme_ctrlr_raw.c, failure paths of init in
 * test_nvme_ctrlr_fail.c, the I/O path in test_nvme_io.c.
 */
#include <stddef.h>

#include "nvme_driver_test.h"

/* The first (oldest) record in the model's log matching opc/cns/nsid; NULL if none. */
static const struct nvme_model_cmd_record *
first_cmd(const struct nvme_model *m, uint16_t qid, uint8_t opc, int cns, int64_t nsid)
{
	const struct nvme_model_cmd_record *found = NULL;

	for (unsigned int back = 0; back < NVME_MODEL_CMD_LOG_SIZE; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(m, back);

		if (r == NULL) {
			break;
		}
		if (r->qid == qid && r->sqe.opc == opc &&
		    (cns < 0 || (r->sqe.cdw10 & 0xff) == (uint32_t)cns) &&
		    (nsid < 0 || r->sqe.nsid == (uint32_t)nsid)) {
			found = r;
		}
	}
	return found;
}

static bool
rec_ok(const struct nvme_model_cmd_record *r)
{
	return r != NULL && r->completed && r->sct == SPDK_NVME_SCT_GENERIC &&
	       r->sc == SPDK_NVME_SC_SUCCESS;
}

/* ---- Probe, init to ready -------------------------------------------------- */

static void
test_probe_init_to_ready(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_probe p = { 0 };
	const struct nvme_model_cmd_record *id_ctrlr, *num_q, *ns_list, *id_ns;
	union spdk_nvme_cc_register cc;
	union spdk_nvme_csts_register csts;
	union spdk_nvme_aqa_register aqa;
	struct spdk_nvme_ctrlr *ctrlr;
	uint64_t len;

	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	/* NULL trid: the whole (mocked) bus. */
	CU_ASSERT(spdk_nvme_probe(NULL, &p, dt_probe_cb, dt_attach_cb, NULL) == 0);
	CU_ASSERT(p.probe_calls == 1);
	CU_ASSERT(p.attach_calls == 1);
	CU_ASSERT(p.probe_seq == 1 && p.attach_seq == 2);	/* probe_cb, then attach_cb */
	CU_ASSERT_STRING_EQUAL(p.probe_traddr, nvme_model_bdf(m));
	CU_ASSERT_STRING_EQUAL(p.attach_traddr, nvme_model_bdf(m));
	CU_ASSERT(p.probe_trtype == SPDK_NVME_TRANSPORT_PCIE);
	ctrlr = p.ctrlr;
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_ctrlr_get_transport_id(ctrlr)->traddr, nvme_model_bdf(m));
	CU_ASSERT(spdk_nvme_ctrlr_get_transport_id(ctrlr)->trtype == SPDK_NVME_TRANSPORT_PCIE);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(mock_pci_device_is_bar_mapped(nvme_model_pci_device(m)));
	/* Bus mastering on: the model's device can DMA. */
	CU_ASSERT((mock_pci_cfg_space(nvme_model_pci_device(m))[4] & 0x4) != 0);

	/* What the model saw: CC with EN and the entry sizes, RDY. */
	cc.raw = (uint32_t)nvme_model_reg(m, 0x14);
	CU_ASSERT(cc.bits.en == 1);
	CU_ASSERT(cc.bits.iosqes == 6);
	CU_ASSERT(cc.bits.iocqes == 4);
	CU_ASSERT(cc.bits.css == SPDK_NVME_CC_CSS_NVM);
	CU_ASSERT(cc.bits.mps == 0);
	CU_ASSERT(cc.bits.shn == 0);
	csts.raw = (uint32_t)nvme_model_reg(m, 0x1c);
	CU_ASSERT(csts.bits.rdy == 1);
	CU_ASSERT(csts.bits.cfs == 0);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 1);
	/* The admin queue the driver programmed is DMA memory of the default size. */
	aqa.raw = (uint32_t)nvme_model_reg(m, 0x24);
	CU_ASSERT(aqa.bits.asqs == 31 && aqa.bits.acqs == 31);
	len = 64;
	CU_ASSERT(mock_env_iova_to_vaddr(nvme_model_reg(m, 0x28), &len) != NULL);
	len = 16;
	CU_ASSERT(mock_env_iova_to_vaddr(nvme_model_reg(m, 0x30), &len) != NULL);

	/* The init commands, each successful, in the spec's order. */
	id_ctrlr = first_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_CTRLR, -1);
	num_q = first_cmd(m, 0, SPDK_NVME_OPC_SET_FEATURES, SPDK_NVME_FEAT_NUMBER_OF_QUEUES, -1);
	ns_list = first_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST, -1);
	id_ns = first_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_NS, 1);
	CU_ASSERT_FATAL(id_ctrlr != NULL && num_q != NULL && ns_list != NULL && id_ns != NULL);
	CU_ASSERT(rec_ok(id_ctrlr) && rec_ok(num_q) && rec_ok(ns_list) && rec_ok(id_ns));
	CU_ASSERT(id_ctrlr->seq < num_q->seq);
	CU_ASSERT(num_q->seq < ns_list->seq);
	CU_ASSERT(ns_list->seq < id_ns->seq);
	CU_ASSERT(ns_list->sqe.nsid == 0);
	CU_ASSERT(nvme_model_num_queues_set(m));
	/* Identify data went to DMA memory through PRP1 (an IOVA the model could
	 * translate, not a vaddr): the synchronous path's own copy, not cdata
	 * itself, which a timed-out command must never reach (nvme_ctrlr_cmd.c). */
	CU_ASSERT(id_ctrlr->nsegs == 1 && id_ctrlr->segs[0].len == 4096);
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(id_ctrlr->sqe.dptr.prp.prp1 !=
		  spdk_vtophys(spdk_nvme_ctrlr_get_data(ctrlr), NULL));
	CU_ASSERT(id_ctrlr->sqe.dptr.prp.prp1 !=
		  (uint64_t)(uintptr_t)spdk_nvme_ctrlr_get_data(ctrlr));
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);

	/* A second probe of the whole bus finds nothing new to attach. */
	memset(&p, 0, sizeof(p));
	CU_ASSERT(spdk_nvme_probe(NULL, &p, dt_probe_cb, dt_attach_cb, NULL) == 0);
	CU_ASSERT(p.probe_calls == 0 && p.attach_calls == 0);

	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_probe_cb_rejects(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_probe p = { .reject = true };

	CU_ASSERT(spdk_nvme_probe(NULL, &p, dt_probe_cb, dt_attach_cb, NULL) == 0);
	CU_ASSERT(p.probe_calls == 1);
	CU_ASSERT(p.attach_calls == 0);
	CU_ASSERT(p.ctrlr == NULL);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(!mock_pci_device_is_bar_mapped(nvme_model_pci_device(m)));
	CU_ASSERT(nvme_model_get_stats(m)->enables == 0);
	CU_ASSERT(nvme_model_get_stats(m)->cmds_fetched == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);

	/* Same through a trid naming the device. */
	memset(&p, 0, sizeof(p));
	p.reject = true;
	CU_ASSERT(dt_probe_model(m, &p) == NULL);
	CU_ASSERT(p.probe_calls == 1 && p.attach_calls == 0);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));

	/* Released means it can be attached afterwards. */
	memset(&p, 0, sizeof(p));
	CU_ASSERT(dt_probe_model(m, &p) != NULL);
	CU_ASSERT(p.attach_calls == 1);
	if (p.ctrlr != NULL) {
		dt_detach_and_check(p.ctrlr, m);
	}
	dt_model_destroy(m);
}

/* Two devices, a trid naming one: only that one is probed; opts reach the device. */
static void
test_probe_by_traddr_with_opts(void)
{
	struct nvme_model *m1 = dt_model_new(NULL);
	struct nvme_model *m2 = dt_model_new(NULL);
	struct dt_probe p = { .admin_queue_size = 8, .num_io_queues = 2 };
	const struct nvme_model_cmd_record *num_q;
	union spdk_nvme_aqa_register aqa;
	struct spdk_nvme_ctrlr *ctrlr;

	ctrlr = dt_probe_model(m2, &p);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(p.probe_calls == 1 && p.attach_calls == 1);
	CU_ASSERT_STRING_EQUAL(p.attach_traddr, nvme_model_bdf(m2));
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m1)));
	CU_ASSERT(nvme_model_get_stats(m1)->enables == 0);
	CU_ASSERT(p.attach_opts.admin_queue_size == 8);
	CU_ASSERT(p.attach_opts.num_io_queues == 2);
	aqa.raw = (uint32_t)nvme_model_reg(m2, 0x24);
	CU_ASSERT(aqa.bits.asqs == 7 && aqa.bits.acqs == 7);
	num_q = first_cmd(m2, 0, SPDK_NVME_OPC_SET_FEATURES, SPDK_NVME_FEAT_NUMBER_OF_QUEUES, -1);
	CU_ASSERT_FATAL(num_q != NULL);
	CU_ASSERT(num_q->sqe.cdw11 == ((1u << 16) | 1u));	/* 2 SQs, 2 CQs, 0's based */

	dt_detach_and_check(ctrlr, m2);
	dt_model_destroy(m1);
	dt_model_destroy(m2);
}

/* ---- Identify data reaches the API --------------------------------------- */

static void
test_identify_data_and_getters(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	const struct spdk_nvme_ctrlr_data *cdata;
	struct spdk_nvme_ns *ns1, *ns2, *ns3;
	union spdk_nvme_cap_register cap;
	union spdk_nvme_vs_register vs;

	nvme_model_opts_default(&o);
	snprintf(o.serial, sizeof(o.serial), "SN-EAL-0042");
	snprintf(o.model_number, sizeof(o.model_number), "ealnvme test model X1");
	snprintf(o.firmware, sizeof(o.firmware), "FW9.1");
	o.vendor_id = 0x1234;
	o.mqes = 511;
	o.to = 7;
	o.vs = SPDK_NVME_VERSION(1, 3, 0);
	o.mdts = 3;		/* 8 x 4 KiB = 32 KiB */
	o.nn = 4;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 8192, .block_size = 512 };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = false, .num_blocks = 64, .block_size = 512 };
	o.ns[2] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 2048, .block_size = 4096 };
	o.ns[3] = (struct nvme_model_ns_opts){ .active = false };
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);

	cdata = spdk_nvme_ctrlr_get_data(ctrlr);
	CU_ASSERT_FATAL(cdata != NULL);
	CU_ASSERT(dt_padded_eq(cdata->sn, sizeof(cdata->sn), "SN-EAL-0042"));
	CU_ASSERT(dt_padded_eq(cdata->mn, sizeof(cdata->mn), "ealnvme test model X1"));
	CU_ASSERT(dt_padded_eq(cdata->fr, sizeof(cdata->fr), "FW9.1"));
	CU_ASSERT(cdata->vid == 0x1234);
	CU_ASSERT(cdata->mdts == 3);
	CU_ASSERT(cdata->nn == 4);

	/* Namespaces: 1 and 3 active out of 4. */
	CU_ASSERT(spdk_nvme_ctrlr_get_num_ns(ctrlr) == 4);
	CU_ASSERT(spdk_nvme_ctrlr_get_first_active_ns(ctrlr) == 1);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 1) == 3);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 2) == 3);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 3) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 4) == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 0));
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 1));
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 3));
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 4));
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 5));
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, UINT32_MAX));
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, 0) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, 5) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, UINT32_MAX) == NULL);
	ns1 = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	ns2 = spdk_nvme_ctrlr_get_ns(ctrlr, 2);
	ns3 = spdk_nvme_ctrlr_get_ns(ctrlr, 3);
	CU_ASSERT_FATAL(ns1 != NULL && ns2 != NULL && ns3 != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, 4) != NULL);
	CU_ASSERT(!spdk_nvme_ns_is_active(ns2));
	CU_ASSERT(!spdk_nvme_ns_is_active(spdk_nvme_ctrlr_get_ns(ctrlr, 4)));
	CU_ASSERT(spdk_nvme_ns_get_id(ns2) == 2);
	/* Only the active ones were identified. */
	CU_ASSERT(first_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_NS, 1) != NULL);
	CU_ASSERT(first_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_NS, 3) != NULL);
	CU_ASSERT(first_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_NS, 2) == NULL);

	CU_ASSERT(spdk_nvme_ns_is_active(ns1));
	CU_ASSERT(spdk_nvme_ns_get_id(ns1) == 1);
	CU_ASSERT(spdk_nvme_ns_get_ctrlr(ns1) == ctrlr);
	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns1) == 512);
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(ns1) == 8192);
	CU_ASSERT(spdk_nvme_ns_get_size(ns1) == 8192ull * 512);
	CU_ASSERT(spdk_nvme_ns_get_max_io_xfer_size(ns1) == 32768);
	CU_ASSERT_FATAL(spdk_nvme_ns_get_data(ns1) != NULL);
	CU_ASSERT(spdk_nvme_ns_get_data(ns1)->nsze == 8192);

	CU_ASSERT(spdk_nvme_ns_is_active(ns3));
	CU_ASSERT(spdk_nvme_ns_get_id(ns3) == 3);
	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns3) == 4096);
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(ns3) == 2048);
	CU_ASSERT(spdk_nvme_ns_get_size(ns3) == 2048ull * 4096);
	CU_ASSERT(spdk_nvme_ns_get_max_io_xfer_size(ns3) == 32768);
	CU_ASSERT_FATAL(spdk_nvme_ns_get_data(ns3) != NULL);
	CU_ASSERT(spdk_nvme_ns_get_data(ns3)->nsze == 2048);

	CU_ASSERT(spdk_nvme_ctrlr_get_max_xfer_size(ctrlr) == 32768);

	cap = spdk_nvme_ctrlr_get_regs_cap(ctrlr);
	CU_ASSERT(cap.bits.mqes == 511);
	CU_ASSERT(cap.bits.to == 7);
	CU_ASSERT(cap.raw == nvme_model_reg(m, 0x00));
	vs = spdk_nvme_ctrlr_get_regs_vs(ctrlr);
	CU_ASSERT(vs.raw == SPDK_NVME_VERSION(1, 3, 0));
	CU_ASSERT(vs.bits.mjr == 1 && vs.bits.mnr == 3);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_csts(ctrlr).bits.rdy == 1);

	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* NVMe 1.0 has no active namespace list: every NSID is identified instead. */
static void
test_identify_nvme_1_0_namespaces(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;

	nvme_model_opts_default(&o);
	o.vs = SPDK_NVME_VERSION(1, 0, 0);
	o.nn = 3;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = false };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 100, .block_size = 4096 };
	o.ns[2] = (struct nvme_model_ns_opts){ .active = false };
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);

	CU_ASSERT(first_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST,
			    -1) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_first_active_ns(ctrlr) == 2);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 2) == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 1));
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 3));
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(spdk_nvme_ctrlr_get_ns(ctrlr, 2)) == 100);

	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* Probe errors: unknown transport, bad address, no device, an unbound one, scan failure. */
static void
test_probe_errors(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_transport_id trid;
	struct dt_probe p = { 0 };
	int rc;

	memset(&trid, 0, sizeof(trid));
	CU_ASSERT(spdk_nvme_transport_id_parse(&trid, "trtype:TCP adrfam:IPv4 traddr:127.0.0.1 "
					       "trsvcid:4420") == 0);
	/* TCP is built in: with nothing listening on 127.0.0.1:4420 the probe
	 * fails with the connection's error, not -ENOTSUP. */
	rc = spdk_nvme_probe(&trid, &p, dt_probe_cb, dt_attach_cb, NULL);
	CU_ASSERT(rc < 0 && rc != -ENOTSUP);
	/* No subnqn: a probe of the discovery service, which is unreachable;
	 * probe_cb is asked about subsystems it lists, never about it (as SPDK). */
	CU_ASSERT(p.probe_calls == 0 && p.attach_calls == 0);
	p.probe_calls = 0;
	CU_ASSERT(spdk_nvme_connect(&trid, NULL, 0) == NULL);
	trid.trtype = SPDK_NVME_TRANSPORT_RDMA;
	CU_ASSERT(spdk_nvme_probe(&trid, &p, dt_probe_cb, dt_attach_cb, NULL) == -ENOTSUP);

	dt_trid(&trid, "not-a-pci-address");
	CU_ASSERT(spdk_nvme_probe(&trid, &p, dt_probe_cb, dt_attach_cb, NULL) == -EINVAL);

	dt_trid(&trid, "0000:7e:1f.7");
	CU_ASSERT(spdk_nvme_probe(&trid, &p, dt_probe_cb, dt_attach_cb, NULL) == -ENODEV);

	/* Still bound to a kernel driver: not ours to take. */
	mock_pci_set_bound(nvme_model_pci_device(m), false);
	dt_trid(&trid, nvme_model_bdf(m));
	CU_ASSERT(spdk_nvme_probe(&trid, &p, dt_probe_cb, dt_attach_cb, NULL) == -ENODEV);
	CU_ASSERT(spdk_nvme_probe(NULL, &p, dt_probe_cb, dt_attach_cb, NULL) == 0);
	CU_ASSERT(spdk_nvme_connect(&trid, NULL, 0) == NULL);
	mock_pci_set_bound(nvme_model_pci_device(m), true);

	mock_pci_inject_enumerate_error(-EIO);
	CU_ASSERT(spdk_nvme_probe(NULL, &p, dt_probe_cb, dt_attach_cb, NULL) == -EIO);

	CU_ASSERT(p.probe_calls == 0 && p.attach_calls == 0);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 0);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

/* A controller with no namespace at all still attaches. */
static void
test_no_namespaces(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;

	nvme_model_opts_default(&o);
	o.nn = 0;
	o.ns[0].active = false;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_num_ns(ctrlr) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_first_active_ns(ctrlr) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 0) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, 1) == NULL);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 1));
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- spdk_nvme_connect ------------------------------------------------------ */

static void
test_connect(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_transport_id trid, none;
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_ctrlr *ctrlr, *again;
	union spdk_nvme_aqa_register aqa;
	char str[128];

	snprintf(str, sizeof(str), "trtype:PCIe traddr:%s", nvme_model_bdf(m));
	memset(&trid, 0, sizeof(trid));
	CU_ASSERT_FATAL(spdk_nvme_transport_id_parse(&trid, str) == 0);
	ctrlr = spdk_nvme_connect(&trid, NULL, 0);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_ctrlr_get_transport_id(ctrlr)->traddr, nvme_model_bdf(m));
	CU_ASSERT(spdk_nvme_ctrlr_get_first_active_ns(ctrlr) == 1);
	CU_ASSERT(mock_pci_device_is_attached(nvme_model_pci_device(m)));

	/* Already attached in this process: NULL, and the first one is untouched. */
	again = spdk_nvme_connect(&trid, NULL, 0);
	CU_ASSERT(again == NULL);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 1);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));

	/* No device at this address. */
	memset(&none, 0, sizeof(none));
	CU_ASSERT_FATAL(spdk_nvme_transport_id_parse(&none,
			"trtype:PCIe traddr:0000:7e:1f.7") == 0);
	CU_ASSERT(spdk_nvme_connect(&none, NULL, 0) == NULL);
	CU_ASSERT(spdk_nvme_connect(NULL, NULL, 0) == NULL);

	dt_detach_and_check(ctrlr, m);

	/* After a detach the address can be connected again, with opts this time. */
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	CU_ASSERT(opts.opts_size == sizeof(opts));
	opts.admin_queue_size = 4;
	ctrlr = spdk_nvme_connect(&trid, &opts, sizeof(opts));
	CU_ASSERT_FATAL(ctrlr != NULL);
	aqa.raw = (uint32_t)nvme_model_reg(m, 0x24);
	CU_ASSERT(aqa.bits.asqs == 3);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 2);
	dt_detach_and_check(ctrlr, m);

	/* An application built with an older, shorter opts struct: only its prefix counts. */
	ctrlr = spdk_nvme_connect(&trid, &opts, offsetof(struct spdk_nvme_ctrlr_opts,
			admin_queue_size));
	CU_ASSERT_FATAL(ctrlr != NULL);
	aqa.raw = (uint32_t)nvme_model_reg(m, 0x24);
	CU_ASSERT(aqa.bits.asqs == 31);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* attach_cb may detach the controller it is handed. */
static void
detach_in_attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
		    struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	unsigned int *calls = cb_ctx;

	(void)trid;
	(void)opts;
	(*calls)++;
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
}

static void
test_detach_in_attach_cb(void)
{
	struct nvme_model *m1 = dt_model_new(NULL), *m2 = dt_model_new(NULL);
	unsigned int calls = 0;

	CU_ASSERT(spdk_nvme_probe(NULL, &calls, NULL, detach_in_attach_cb, NULL) == 0);
	CU_ASSERT(calls == 2);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m1)));
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m2)));
	CU_ASSERT(nvme_model_get_stats(m1)->shutdowns == 1);
	CU_ASSERT(nvme_model_get_stats(m2)->shutdowns == 1);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m1);
	dt_model_destroy(m2);
}

/* ---- Detach ------------------------------------------------------------------ */

static void
test_detach_frees_everything(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	const struct nvme_model_cmd_record *del_sq, *del_cq, *cr_sq, *cr_cq;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_ns *ns;
	union spdk_nvme_cc_register cc;
	union spdk_nvme_csts_register csts;
	struct mock_env_stats before, after;
	struct dt_io io = { 0 };
	uint8_t *buf;

	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	mock_env_get_stats(&before);
	ctrlr = dt_attach(m);
	ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	cr_cq = first_cmd(m, 0, SPDK_NVME_OPC_CREATE_IO_CQ, -1, -1);
	cr_sq = first_cmd(m, 0, SPDK_NVME_OPC_CREATE_IO_SQ, -1, -1);
	CU_ASSERT_FATAL(rec_ok(cr_cq) && rec_ok(cr_sq));
	CU_ASSERT(cr_cq->seq < cr_sq->seq);
	CU_ASSERT(nvme_model_sq_exists(m, 1) && nvme_model_cq_exists(m, 1));

	buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, 0x5a, 4096);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, qpair, buf, 0, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(qpair, &io) && dt_cpl_ok(&io.cpl));
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 8, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(qpair, &io) && dt_cpl_ok(&io.cpl));
	spdk_free(buf);

	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	del_sq = first_cmd(m, 0, SPDK_NVME_OPC_DELETE_IO_SQ, -1, -1);
	del_cq = first_cmd(m, 0, SPDK_NVME_OPC_DELETE_IO_CQ, -1, -1);
	CU_ASSERT_FATAL(del_sq != NULL && del_cq != NULL);
	CU_ASSERT(rec_ok(del_sq) && rec_ok(del_cq));
	CU_ASSERT(del_sq->seq < del_cq->seq);
	CU_ASSERT((del_sq->sqe.cdw10 & 0xffff) == 1 && (del_cq->sqe.cdw10 & 0xffff) == 1);
	CU_ASSERT(!nvme_model_sq_exists(m, 1) && !nvme_model_cq_exists(m, 1));

	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 0);
	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 1);
	cc.raw = (uint32_t)nvme_model_reg(m, 0x14);
	CU_ASSERT(cc.bits.shn == SPDK_NVME_SHN_NORMAL);
	csts.raw = (uint32_t)nvme_model_reg(m, 0x1c);
	CU_ASSERT(csts.bits.shst == SPDK_NVME_SHST_COMPLETE);
	mock_env_get_stats(&after);
	CU_ASSERT(after.detaches == before.detaches + 1);
	CU_ASSERT(after.bad_detaches == before.bad_detaches);
	CU_ASSERT(after.bad_frees == before.bad_frees);
	CU_ASSERT(after.map_bar - before.map_bar == after.unmap_bar - before.unmap_bar);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	CU_ASSERT_STRING_EQUAL(nvme_model_last_error(m), "");
	dt_model_destroy(m);
}

/* Detach with a qpair still allocated and an I/O the device holds. */
static void
test_detach_with_outstanding_io(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	const struct nvme_model_cmd_record *del_sq, *del_cq, *held;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct dt_io io = { 0 }, done = { 0 };
	uint8_t *buf;

	ctrlr = dt_attach(m);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	buf = spdk_zmalloc(8192, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL);

	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 16, 8,
					dt_io_cb, &io, 0) == 0);
	/* A write behind it completes normally. */
	CU_ASSERT(spdk_nvme_ns_cmd_write(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf + 4096, 0, 8,
					 dt_io_cb, &done, 0) == 0);
	CU_ASSERT(dt_wait_io(qpair, &done) && dt_cpl_ok(&done.cpl));
	for (int i = 0; i < 100; i++) {
		spdk_nvme_qpair_process_completions(qpair, 0);
	}
	CU_ASSERT(io.calls == 0);
	CU_ASSERT(nvme_model_held_count(m) == 1);
	spdk_free(buf);	/* the device never touches it again: held reads are aborted */

	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(done.calls == 1);
	CU_ASSERT(spdk_nvme_cpl_is_error(&io.cpl));
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_GENERIC);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&io.cpl.status),
			       "ABORTED - SQ DELETION");
	del_sq = first_cmd(m, 0, SPDK_NVME_OPC_DELETE_IO_SQ, -1, -1);
	del_cq = first_cmd(m, 0, SPDK_NVME_OPC_DELETE_IO_CQ, -1, -1);
	CU_ASSERT_FATAL(del_sq != NULL && del_cq != NULL);
	CU_ASSERT(del_sq->seq < del_cq->seq);
	/* The device aborted the held read when its SQ went away. */
	held = first_cmd(m, 1, SPDK_NVME_OPC_READ, -1, -1);
	CU_ASSERT_FATAL(held != NULL);
	CU_ASSERT(held->completed && held->sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 1);
	dt_model_destroy(m);
}

/* Several qpairs, all still allocated at detach; the qids are reused after a free. */
static void
test_detach_with_qpairs(void)
{
	struct nvme_model *m = dt_model_new(NULL);	/* 4 I/O queues */
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *q[5];

	for (int i = 0; i < 4; i++) {
		q[i] = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
		CU_ASSERT(q[i] != NULL);
		CU_ASSERT(nvme_model_sq_exists(m, (uint16_t)(i + 1)));
	}
	/* All queues granted are in use. */
	q[4] = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT(q[4] == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(q[1]) == 0);
	CU_ASSERT(!nvme_model_sq_exists(m, 2));
	q[1] = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT(q[1] != NULL);
	CU_ASSERT(nvme_model_sq_exists(m, 2));
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(NULL) == -EINVAL);

	dt_detach_and_check(ctrlr, m);
	for (uint16_t qid = 1; qid <= 4; qid++) {
		CU_ASSERT(!nvme_model_sq_exists(m, qid) && !nvme_model_cq_exists(m, qid));
	}
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_DELETE_IO_SQ] == 5);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_DELETE_IO_CQ] == 5);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	dt_model_destroy(m);
}

/* no_shn_notification: detach without CC.SHN. */
static void
test_detach_no_shutdown_notification(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct dt_probe p = { .no_shn_notification = true };
	struct spdk_nvme_ctrlr *ctrlr = dt_probe_model(m, &p);

	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(p.attach_opts.no_shn_notification);
	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 0);
	CU_ASSERT(((union spdk_nvme_cc_register){ .raw = (uint32_t)nvme_model_reg(m, 0x14) })
		  .bits.shn == 0);
	dt_model_destroy(m);
}

/* Detach with an admin command the device holds: its callback runs once, aborted. */
static void
test_detach_with_outstanding_admin(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_GET_FEATURES,
				     .cdw10 = SPDK_NVME_FEAT_ARBITRATION };
	struct dt_io io = { 0 };

	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	for (int i = 0; i < 10; i++) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
	CU_ASSERT(io.calls == 0);
	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 1);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_probe_init_to_ready);
	ADD(test_probe_cb_rejects);
	ADD(test_probe_by_traddr_with_opts);
	ADD(test_probe_errors);
	ADD(test_no_namespaces);
	ADD(test_identify_data_and_getters);
	ADD(test_identify_nvme_1_0_namespaces);
	ADD(test_connect);
	ADD(test_detach_in_attach_cb);
	ADD(test_detach_frees_everything);
	ADD(test_detach_with_outstanding_io);
	ADD(test_detach_with_qpairs);
	ADD(test_detach_no_shutdown_notification);
	ADD(test_detach_with_outstanding_admin);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_ctrlr", add_tests);
}
