/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/nvme_ocssd.h against the controller model: detection (PCI IDs,
 * Identify VID, namespace vendor byte, changed through the model's hooks),
 * the commands as the model fetched them (opcode, NSID, CDW10-15, MPTR),
 * refused arguments; and spdk/vmd.h's documented failures.
 */
#include "nvme_driver_test.h"

#include "spdk/nvme_ocssd.h"
#include "spdk/pci_ids.h"
#include "spdk/vmd.h"

struct oc_hook {
	bool	ctrlr_vid;	/* Identify Controller VID: CNEX, or QEMU's */
	uint8_t	ns_vs0;		/* Identify Namespace vendor byte 0 */
};

static bool
oc_data_hook(void *ctx, const struct spdk_nvme_cmd *cmd, void *data, size_t len)
{
	struct oc_hook *h = ctx;
	uint8_t *p = data;

	if (cmd->opc != SPDK_NVME_OPC_IDENTIFY || len < 4096) {
		return false;
	}
	if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR) {
		/* The model reports the PCI vendor; override it either way. */
		uint16_t vid = h->ctrlr_vid ? SPDK_PCI_VID_CNEXLABS : 0x1b36;

		p[0] = vid & 0xff;
		p[1] = vid >> 8;
	}
	if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_NS) {
		p[offsetof(struct spdk_nvme_ns_data, vendor_specific)] = h->ns_vs0;
	}
	return false;
}

static bool
oc_detect(uint16_t vendor, uint16_t device, bool ctrlr_vid, uint8_t vs0)
{
	struct nvme_model_opts o;
	struct oc_hook h = { ctrlr_vid, vs0 };
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	bool found;

	nvme_model_opts_default(&o);
	o.vendor_id = vendor;
	o.device_id = device;
	m = dt_model_new(&o);
	nvme_model_set_data_hook(m, oc_data_hook, &h);
	ctrlr = dt_attach(m);
	found = spdk_nvme_ctrlr_is_ocssd_supported(ctrlr);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
	return found;
}

static void
test_detect(void)
{
	CU_ASSERT_TRUE(oc_detect(SPDK_PCI_VID_CNEXLABS, 0x1f1f, true, 1));
	/* Each condition on its own is needed. */
	CU_ASSERT_FALSE(oc_detect(SPDK_PCI_VID_CNEXLABS, 0x1f1f, true, 0));
	CU_ASSERT_FALSE(oc_detect(SPDK_PCI_VID_CNEXLABS, 0x1f1f, false, 1));
	CU_ASSERT_FALSE(oc_detect(SPDK_PCI_VID_CNEXLABS, 0x2807, true, 1));
	CU_ASSERT_FALSE(oc_detect(0x1b36, 0x0010, true, 1));
	CU_ASSERT_FALSE(spdk_nvme_ctrlr_is_ocssd_supported(NULL));
}

struct oc_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
	struct spdk_nvme_ns	*ns;
};

static void
oc_setup(struct oc_env *e)
{
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.ns[0].ms = 8;		/* separate metadata for the _with_md forms */
	e->m = dt_model_new(&o);
	e->ctrlr = dt_attach(e->m);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e->qpair != NULL);
	e->ns = spdk_nvme_ctrlr_get_ns(e->ctrlr, 1);
	CU_ASSERT_FATAL(e->ns != NULL);
}

static void
oc_teardown(struct oc_env *e)
{
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

/* The command the model fetched for a submission that returned rc 0. */
static const struct spdk_nvme_cmd *
oc_sent(struct oc_env *e, struct dt_io *io, uint16_t qid, uint8_t opc)
{
	const struct nvme_model_cmd_record *r;

	CU_ASSERT_FATAL(qid == 0 ? dt_wait_admin(e->ctrlr, io) : dt_wait_io(e->qpair, io));
	r = dt_find_cmd(e->m, qid, opc, -1);
	CU_ASSERT_FATAL(r != NULL);
	return &r->sqe;
}

static void
test_vector_commands(void)
{
	struct oc_env e;
	struct dt_io io = { 0 };
	uint64_t *lbas, *dst, one = 0x123456789ull, stack_list[2] = { 1, 2 };
	uint8_t *buf, *md;
	struct spdk_ocssd_chunk_information_entry *chunks;
	const struct spdk_nvme_cmd *c;

	oc_setup(&e);
	lbas = spdk_zmalloc(64 * sizeof(uint64_t), 64, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	dst = spdk_zmalloc(64 * sizeof(uint64_t), 64, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	buf = spdk_zmalloc(64 * 512, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	md = spdk_zmalloc(64 * 8, 64, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	chunks = spdk_zmalloc(4 * sizeof(*chunks), 64, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(lbas && dst && buf && md && chunks);
	for (int i = 0; i < 64; i++) {
		lbas[i] = 100u + (uint64_t)i * 7;
		dst[i] = 5000u + (uint64_t)i;
	}

	/* One LBA: the LBA itself in CDW10-11. */
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_read(e.ns, e.qpair, buf, &one, 1, dt_io_cb, &io,
			SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY), 0);
	c = oc_sent(&e, &io, 1, SPDK_OCSSD_OPC_VECTOR_READ);
	CU_ASSERT_EQUAL(c->nsid, 1);
	CU_ASSERT_EQUAL(c->cdw10, 0x23456789u);
	CU_ASSERT_EQUAL(c->cdw11, 0x1u);
	CU_ASSERT_EQUAL(c->cdw12, SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY);

	/* Several: the list's bus address, count 0's based, MPTR for metadata. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_write_with_md(e.ns, e.qpair, buf, md, lbas, 64,
			dt_io_cb, &io, 0), 0);
	c = oc_sent(&e, &io, 1, SPDK_OCSSD_OPC_VECTOR_WRITE);
	CU_ASSERT_EQUAL(((uint64_t)c->cdw11 << 32 | c->cdw10), spdk_vtophys(lbas, NULL));
	CU_ASSERT_EQUAL(c->cdw12, 63);
	CU_ASSERT_EQUAL(c->mptr, spdk_vtophys(md, NULL));

	memset(&io, 0, sizeof(io));
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_reset(e.ns, e.qpair, lbas, 4, chunks,
			dt_io_cb, &io), 0);
	c = oc_sent(&e, &io, 1, SPDK_OCSSD_OPC_VECTOR_RESET);
	CU_ASSERT_EQUAL(c->cdw12, 3);
	CU_ASSERT_EQUAL(c->mptr, spdk_vtophys(chunks, NULL));

	memset(&io, 0, sizeof(io));
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_copy(e.ns, e.qpair, dst, lbas, 3, dt_io_cb, &io,
			0), 0);
	c = oc_sent(&e, &io, 1, SPDK_OCSSD_OPC_VECTOR_COPY);
	CU_ASSERT_EQUAL(((uint64_t)c->cdw15 << 32 | c->cdw14), spdk_vtophys(dst, NULL));
	CU_ASSERT_EQUAL(((uint64_t)c->cdw11 << 32 | c->cdw10), spdk_vtophys(lbas, NULL));

	memset(&io, 0, sizeof(io));
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ctrlr_cmd_geometry(e.ctrlr, 1, buf, 4096, dt_io_cb, &io), 0);
	c = oc_sent(&e, &io, 0, SPDK_OCSSD_OPC_GEOMETRY);
	CU_ASSERT_EQUAL(c->nsid, 1);

	/* Refused before anything is sent. */
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ctrlr_cmd_geometry(e.ctrlr, 1, buf, 4095, dt_io_cb, &io),
			-EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_read(e.ns, e.qpair, buf, lbas, 65, dt_io_cb,
			&io, 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_read(e.ns, e.qpair, buf, lbas, 0, dt_io_cb,
			&io, 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_read(e.ns, e.qpair, buf, lbas, 2, dt_io_cb,
			&io, 1), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_read(e.ns, e.qpair, NULL, lbas, 2, dt_io_cb,
			&io, 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_write(e.ns, e.qpair, buf, stack_list, 2,
			dt_io_cb, &io, 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_copy(e.ns, e.qpair, NULL, lbas, 2, dt_io_cb,
			&io, 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_nvme_ocssd_ns_cmd_vector_reset(NULL, e.qpair, lbas, 2, NULL, dt_io_cb,
			&io), -EINVAL);

	spdk_free(lbas);
	spdk_free(dst);
	spdk_free(buf);
	spdk_free(md);
	spdk_free(chunks);
	oc_teardown(&e);
}

static void
test_vmd(void)
{
	struct spdk_pci_addr addr = { 0 };
	enum spdk_vmd_led_state st = SPDK_VMD_LED_STATE_OFF;

	CU_ASSERT_EQUAL(spdk_vmd_init(), -1);
	CU_ASSERT_EQUAL(spdk_vmd_pci_device_list(addr, NULL), 0);
	CU_ASSERT_EQUAL(spdk_vmd_set_led_state(NULL, SPDK_VMD_LED_STATE_FAULT), -ENODEV);
	CU_ASSERT_EQUAL(spdk_vmd_get_led_state(NULL, &st), -ENODEV);
	CU_ASSERT_EQUAL(st, SPDK_VMD_LED_STATE_UNKNOWN);
	CU_ASSERT_EQUAL(spdk_vmd_remove_device(&addr), -ENODEV);
	CU_ASSERT_EQUAL(spdk_vmd_hotplug_monitor(), 0);
	CU_ASSERT_EQUAL(spdk_vmd_rescan(), 0);
	spdk_vmd_fini();
}

static void
add_tests(CU_pSuite suite)
{
	CU_add_test(suite, "test_detect", test_detect);
	CU_add_test(suite, "test_vector_commands", test_vector_commands);
	CU_add_test(suite, "test_vmd", test_vmd);
}

int
main(void)
{
	return dt_run("nvme_ocssd", add_tests);
}
