/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PCIe controllers: scan through the env PCI API, BAR0 register access,
 * admin queue setup, I/O queue creation/deletion commands, and the ops
 * table that plugs all of it into the core.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/pci_ids.h"
#include "nvme_pcie_internal.h"
#include "nvme_pcie_prp.h"

#define PCI_COMMAND_BUS_MASTER	(1u << 2)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)

static int
nvme_pcie_reg_check(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t size)
{
	struct nvme_pcie_ctrlr *pctrlr = nvme_pcie_ctrlr(ctrlr);

	if ((offset & (size - 1)) != 0 || (uint64_t)offset + size > pctrlr->regs_size) {
		EALNVME_ERRLOG("%s: register offset 0x%x (%u bytes) outside BAR0",
			       nvme_ctrlr_name(ctrlr), offset, size);
		return -EINVAL;
	}
	return 0;
}

static int
nvme_pcie_get_reg_4(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t *value)
{
	int rc = nvme_pcie_reg_check(ctrlr, offset, 4);

	if (rc == 0) {
		*value = nvme_mmio_read32((const volatile uint32_t *)
					  ((const volatile uint8_t *)nvme_pcie_ctrlr(ctrlr)->regs + offset));
	}
	return rc;
}

static int
nvme_pcie_get_reg_8(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t *value)
{
	int rc = nvme_pcie_reg_check(ctrlr, offset, 8);

	if (rc == 0) {
		*value = nvme_mmio_read64((const volatile uint64_t *)
					  ((const volatile uint8_t *)nvme_pcie_ctrlr(ctrlr)->regs + offset));
	}
	return rc;
}

static int
nvme_pcie_set_reg_4(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t value)
{
	int rc = nvme_pcie_reg_check(ctrlr, offset, 4);

	if (rc == 0) {
		nvme_mmio_write32((volatile uint32_t *)
				  ((volatile uint8_t *)nvme_pcie_ctrlr(ctrlr)->regs + offset), value);
	}
	return rc;
}

static int
nvme_pcie_set_reg_8(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t value)
{
	int rc = nvme_pcie_reg_check(ctrlr, offset, 8);

	if (rc == 0) {
		nvme_mmio_write64((volatile uint64_t *)
				  ((volatile uint8_t *)nvme_pcie_ctrlr(ctrlr)->regs + offset), value);
	}
	return rc;
}

/* The env saw the kernel remove the device (hot unplug, VFIO request). */
static bool
nvme_pcie_ctrlr_is_removed(struct spdk_nvme_ctrlr *ctrlr)
{
	return spdk_pci_device_is_removed(nvme_pcie_ctrlr(ctrlr)->devhandle);
}

static uint32_t
nvme_pcie_get_max_xfer_size(struct spdk_nvme_ctrlr *ctrlr)
{
	/* PRP1 plus one list page of entries. */
	return (ctrlr->page_size / sizeof(uint64_t)) * ctrlr->page_size;
}

static int
nvme_pcie_setup_adminq(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_pcie_qpair *aq = nvme_pcie_qpair(ctrlr->adminq);
	union spdk_nvme_aqa_register aqa = { .raw = 0 };
	int rc;

	aqa.bits.asqs = aq->num_entries - 1u;
	aqa.bits.acqs = aq->num_entries - 1u;
	rc = nvme_pcie_set_reg_8(ctrlr, offsetof(struct spdk_nvme_registers, asq), aq->sq_iova);
	rc = rc ? rc : nvme_pcie_set_reg_8(ctrlr, offsetof(struct spdk_nvme_registers, acq),
					   aq->cq_iova);
	rc = rc ? rc : nvme_pcie_set_reg_4(ctrlr, offsetof(struct spdk_nvme_registers, aqa),
					   aqa.raw);
	return rc;
}

static void
nvme_pcie_reset_adminq(struct spdk_nvme_ctrlr *ctrlr)
{
	nvme_pcie_ctrlr_dbbuf_forget(ctrlr);
	nvme_pcie_qpair_reset(nvme_pcie_qpair(ctrlr->adminq));
}

static struct spdk_nvme_qpair *
nvme_pcie_qpair_alloc_io(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid,
			 const struct spdk_nvme_io_qpair_opts *opts)
{
	struct nvme_pcie_qpair *pqpair;

	pqpair = nvme_pcie_qpair_create(ctrlr, qid, opts->io_queue_size,
					opts->io_queue_requests, opts->qprio);
	if (pqpair == NULL) {
		return NULL;
	}
	pqpair->delay_cmd_submit = opts->delay_cmd_submit;
	pqpair->sgl_no_merge = opts->disable_pcie_sgl_merge;
	return &pqpair->qpair;
}

/* DELETE I/O SQ or CQ (§5.6, §5.5). */
static int
nvme_pcie_delete_io_queue(struct spdk_nvme_ctrlr *ctrlr, uint8_t opc, uint16_t qid)
{
	struct spdk_nvme_cmd cmd = { 0 };

	cmd.opc = opc;
	cmd.cdw10 = qid;
	return nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, NULL);
}

/*
 * Whether I/O commands may carry SGLs, from Identify Controller SGLS
 * (§5.15.2.2), read again at each connect since a reset may have changed
 * it.  Admin commands on PCIe always use PRPs (§4.2): the admin qpair keeps
 * NVME_PCIE_SGL_NONE.
 */
static uint8_t
nvme_pcie_sgl_mode(const struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr->opts.disable_pcie_sgl) {
		return NVME_PCIE_SGL_NONE;
	}
	switch (ctrlr->cdata->sgls.supported) {
	case SPDK_NVME_SGLS_SUPPORTED:
		return NVME_PCIE_SGL_BYTE;
	case SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED:
		return NVME_PCIE_SGL_DWORD;
	default:	/* 00b none, 11b reserved */
		return NVME_PCIE_SGL_NONE;
	}
}

/* CREATE I/O CQ, then CREATE I/O SQ bound to it (§5.3, §5.4). */
static int
nvme_pcie_qpair_connect_io(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);
	uint32_t qsize = pqpair->num_entries - 1u;	/* 0's based */
	struct spdk_nvme_cmd cmd = { 0 };
	int rc;

	/* Empty rings, phase 1: the state a new queue starts in (also after a reset). */
	nvme_pcie_qpair_reset(pqpair);
	pqpair->next_timeout_check = 0;
	pqpair->sgl_mode = nvme_pcie_sgl_mode(ctrlr);
	/* Shadow entries set before the controller can look at them. */
	nvme_pcie_qpair_dbbuf_attach(pqpair);
	cmd.opc = SPDK_NVME_OPC_CREATE_IO_CQ;
	cmd.dptr.prp.prp1 = pqpair->cq_iova;
	cmd.cdw10 = (qsize << 16) | qpair->id;
	cmd.cdw11 = 1;	/* PC=1, interrupts off: completions are polled */
	rc = nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, NULL);
	if (rc != 0) {
		return rc;
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_CREATE_IO_SQ;
	cmd.dptr.prp.prp1 = pqpair->sq_iova;
	cmd.cdw10 = (qsize << 16) | qpair->id;
	cmd.cdw11 = ((uint32_t)qpair->id << 16) | ((uint32_t)qpair->qprio << 1) | 1;
	rc = nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, NULL);
	if (rc != 0) {
		/* Do not leave the CQ behind. */
		nvme_pcie_delete_io_queue(ctrlr, SPDK_NVME_OPC_DELETE_IO_CQ, qpair->id);
	}
	return rc;
}

/* The SQ first: a CQ cannot be deleted while an SQ uses it. */
static int
nvme_pcie_qpair_disconnect_io(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair)
{
	int rc = nvme_pcie_delete_io_queue(ctrlr, SPDK_NVME_OPC_DELETE_IO_SQ, qpair->id);

	return rc ? rc : nvme_pcie_delete_io_queue(ctrlr, SPDK_NVME_OPC_DELETE_IO_CQ, qpair->id);
}

static void
nvme_pcie_ctrlr_destruct(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_pcie_ctrlr *pctrlr = nvme_pcie_ctrlr(ctrlr);

	nvme_pcie_ctrlr_dbbuf_free(ctrlr);
	if (ctrlr->adminq != NULL) {
		nvme_pcie_qpair_destroy(ctrlr->adminq);
	}
	if (pctrlr->devhandle != NULL) {
		struct spdk_pci_addr addr = spdk_pci_device_get_addr(pctrlr->devhandle);

		/* A device that comes back in this slot is "newly inserted". */
		if (ctrlr->is_removed) {
			nvme_pcie_hotplug_forget(&addr);
		}
		nvme_pcie_ctrlr_mem_release(pctrlr, &pctrlr->cmb);
		nvme_pcie_ctrlr_mem_release(pctrlr, &pctrlr->pmr);
		spdk_pci_device_unmap_bar(pctrlr->devhandle, 0, (void *)pctrlr->regs);
		spdk_pci_device_detach(pctrlr->devhandle);
	}
	free(pctrlr);
}

/* Enable bus mastering (DMA) and mask legacy interrupts: we poll. */
static void
nvme_pcie_enable_bus_master(struct spdk_nvme_ctrlr *ctrlr, struct spdk_pci_device *dev)
{
	uint16_t cmd;

	if (spdk_pci_device_cfg_read16(dev, &cmd, EALNVME_PCI_CFG_COMMAND) != 0) {
		EALNVME_WARNLOG("%s: cannot read the PCI command register", nvme_ctrlr_name(ctrlr));
		return;
	}
	cmd |= PCI_COMMAND_BUS_MASTER | PCI_COMMAND_INTX_DISABLE;
	spdk_pci_device_cfg_write16(dev, cmd, EALNVME_PCI_CFG_COMMAND);
}

static struct spdk_nvme_ctrlr *
nvme_pcie_ctrlr_construct(const struct spdk_nvme_transport_id *trid,
			  const struct spdk_nvme_ctrlr_opts *opts, void *devhandle)
{
	struct spdk_pci_device *dev = devhandle;
	struct nvme_pcie_ctrlr *pctrlr;
	struct spdk_nvme_ctrlr *ctrlr;
	uint32_t mps_min, mps_max;
	uint32_t admin_entries;
	void *bar;

	pctrlr = calloc(1, sizeof(*pctrlr));
	if (pctrlr == NULL) {
		return NULL;
	}
	ctrlr = &pctrlr->ctrlr;
	nvme_ctrlr_construct_base(ctrlr, trid, opts, &nvme_pcie_transport_ops);

	if (spdk_pci_device_map_bar(dev, 0, &bar, NULL, &pctrlr->regs_size) != 0 ||
	    pctrlr->regs_size < offsetof(struct spdk_nvme_registers, doorbell) + 8) {
		EALNVME_ERRLOG("%s: BAR0 is not mapped or too small for NVMe registers",
			       trid->traddr);
		goto fail;
	}
	pctrlr->regs = bar;
	nvme_pcie_enable_bus_master(ctrlr, dev);
	if (nvme_pcie_get_reg_8(ctrlr, offsetof(struct spdk_nvme_registers, cap),
				&ctrlr->cap.raw) != 0 ||
	    nvme_pcie_get_reg_4(ctrlr, offsetof(struct spdk_nvme_registers, vs),
				&ctrlr->vs.raw) != 0 || ctrlr->cap.raw == UINT64_MAX) {
		EALNVME_ERRLOG("%s: CAP reads all-ones: the device is not responding", trid->traddr);
		goto fail;
	}
	/* Host pages are 4 KiB: use that unless the controller cannot. */
	mps_min = 1u << (12 + ctrlr->cap.bits.mpsmin);
	mps_max = 1u << (12 + ctrlr->cap.bits.mpsmax);
	ctrlr->page_size = nvme_max(4096u, mps_min);
	if (ctrlr->page_size > mps_max) {
		EALNVME_ERRLOG("%s: no usable memory page size (CAP.MPSMIN %u, MPSMAX %u)",
			       trid->traddr, mps_min, mps_max);
		goto fail;
	}
	pctrlr->doorbell_stride = 4u << ctrlr->cap.bits.dstrd;
	admin_entries = nvme_min(nvme_max((uint32_t)opts->admin_queue_size, 2u),
				 (uint32_t)NVME_MAX_ADMIN_QUEUE_SIZE);
	/* Admin requests beyond the queue's slots wait in the queued list. */
	ctrlr->adminq = (struct spdk_nvme_qpair *)nvme_pcie_qpair_create(ctrlr, 0, admin_entries,
			2u * admin_entries, SPDK_NVME_QPRIO_URGENT);
	if (ctrlr->adminq == NULL) {
		goto fail;
	}
	pctrlr->devhandle = dev;
	/* Controller memory: located now, handed out by map_cmb/map_pmr. */
	nvme_pcie_ctrlr_cmb_init(pctrlr);
	nvme_pcie_ctrlr_pmr_init(pctrlr);
	return ctrlr;
fail:
	pthread_mutex_destroy(&ctrlr->ctrlr_lock);
	free(pctrlr);
	return NULL;
}

struct spdk_pci_device *
spdk_nvme_ctrlr_get_pci_device(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL || ctrlr->transport != &nvme_pcie_transport_ops) {
		return NULL;
	}
	return nvme_pcie_ctrlr(ctrlr)->devhandle;
}

static volatile struct spdk_nvme_registers *
nvme_pcie_ctrlr_get_registers(struct spdk_nvme_ctrlr *ctrlr)
{
	return nvme_pcie_ctrlr(ctrlr)->regs;
}

/* SGL data blocks go into the tracker's one page (nvme_pcie_sgl.c). */
static uint16_t
nvme_pcie_ctrlr_get_max_sges(struct spdk_nvme_ctrlr *ctrlr)
{
	return (uint16_t)(ctrlr->page_size / sizeof(struct spdk_nvme_sgl_descriptor));
}

static int
nvme_pcie_enum_cb(void *ctx, struct spdk_pci_device *dev)
{
	struct spdk_nvme_probe_ctx *probe_ctx = ctx;
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_pci_addr addr = spdk_pci_device_get_addr(dev);

	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	spdk_pci_addr_fmt(trid.traddr, sizeof(trid.traddr), &addr);
	/* A whole-bus probe leaves newly inserted devices the filter declines. */
	if (probe_ctx->trid.traddr[0] == '\0' && !nvme_pcie_hotplug_admit(&addr)) {
		return 1;
	}
	return nvme_ctrlr_probe_found(probe_ctx, &trid, dev, nvme_pcie_ctrlr_construct);
}

static int
nvme_pcie_ctrlr_scan(struct spdk_nvme_probe_ctx *probe_ctx)
{
	struct spdk_pci_addr addr;

	if (probe_ctx->trid.traddr[0] == '\0') {
		int rc = spdk_pci_enumerate(spdk_pci_nvme_get_driver(), nvme_pcie_enum_cb,
					    probe_ctx);

		nvme_pcie_hotplug_scan_done();
		return rc;
	}
	if (spdk_pci_addr_parse(&addr, probe_ctx->trid.traddr) != 0) {
		EALNVME_ERRLOG("'%s' is not a PCI address (expected dddd:bb:dd.f)",
			       probe_ctx->trid.traddr);
		return -EINVAL;
	}
	return spdk_pci_device_attach(spdk_pci_nvme_get_driver(), nvme_pcie_enum_cb, probe_ctx,
				      &addr);
}

const struct nvme_transport_ops nvme_pcie_transport_ops = {
	.name = "PCIe",
	.type = SPDK_NVME_TRANSPORT_PCIE,
	.ctrlr_scan = nvme_pcie_ctrlr_scan,
	.ctrlr_destruct = nvme_pcie_ctrlr_destruct,
	.ctrlr_get_reg_4 = nvme_pcie_get_reg_4,
	.ctrlr_get_reg_8 = nvme_pcie_get_reg_8,
	.ctrlr_set_reg_4 = nvme_pcie_set_reg_4,
	.ctrlr_set_reg_8 = nvme_pcie_set_reg_8,
	.ctrlr_setup_adminq = nvme_pcie_setup_adminq,
	.ctrlr_reset_adminq = nvme_pcie_reset_adminq,
	.ctrlr_get_max_xfer_size = nvme_pcie_get_max_xfer_size,
	.ctrlr_is_removed = nvme_pcie_ctrlr_is_removed,
	.ctrlr_config_dbbuf = nvme_pcie_ctrlr_config_dbbuf,
	.ctrlr_get_registers = nvme_pcie_ctrlr_get_registers,
	.ctrlr_get_max_sges = nvme_pcie_ctrlr_get_max_sges,
	.ctrlr_reserve_cmb = nvme_pcie_ctrlr_reserve_cmb,
	.ctrlr_map_cmb = nvme_pcie_ctrlr_map_cmb,
	.ctrlr_unmap_cmb = nvme_pcie_ctrlr_unmap_cmb,
	.ctrlr_enable_pmr = nvme_pcie_ctrlr_enable_pmr,
	.ctrlr_disable_pmr = nvme_pcie_ctrlr_disable_pmr,
	.ctrlr_map_pmr = nvme_pcie_ctrlr_map_pmr,
	.ctrlr_unmap_pmr = nvme_pcie_ctrlr_unmap_pmr,
	.qpair_alloc_io = nvme_pcie_qpair_alloc_io,
	.qpair_connect_io = nvme_pcie_qpair_connect_io,
	.qpair_disconnect_io = nvme_pcie_qpair_disconnect_io,
	.qpair_free = nvme_pcie_qpair_destroy,
	.qpair_submit_request = nvme_pcie_qpair_submit_request,
	.qpair_submit_rw = nvme_pcie_qpair_submit_rw,
	.qpair_process_completions = nvme_pcie_qpair_process_completions,
	.qpair_get_queue_depth = nvme_pcie_qpair_get_queue_depth,
	.qpair_abort_outstanding = nvme_pcie_qpair_abort_outstanding,
	.qpair_check_timeouts = nvme_pcie_qpair_check_timeouts,
	.qpair_iterate_outstanding = nvme_pcie_qpair_iterate_outstanding,
};
