/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PCIe: the Controller Memory Buffer as application data memory (NVMe 1.4
 * §8.7).  At construction the CMB is located (CMBLOC.BIR/OFST, CMBSZ) and its
 * BAR mapped; spdk_nvme_ctrlr_map_cmb() then registers it with the env and
 * tells the controller the IOVA the env gave it (CMBMSC.CBA with CMSE,
 * §3.1.16), so that a payload in the CMB translates to an address the
 * controller knows as its own and it moves the data internally.  Queues are never placed
 * in the CMB.  Also the BAR part shared with the PMR (nvme_pcie_pmr.c).
 */
#include <errno.h>

#include "nvme_pcie_internal.h"

#define REG_OFF(field)	offsetof(struct spdk_nvme_registers, field)

/* CMBMSC bits (§3.1.16). */
#define CMBMSC_CRE	(1u << 0)	/* CMBLOC/CMBSZ enabled */
#define CMBMSC_CMSE	(1u << 1)	/* controller memory space enabled at CBA */
#define CBA_MASK	(~0xfffull)

int
nvme_pcie_ctrlr_mem_locate(struct nvme_pcie_ctrlr *pctrlr, struct nvme_pcie_ctrlr_mem *mem,
			   uint32_t bir, uint64_t offset, uint64_t size, const char *what)
{
	uint64_t bar_size = 0;
	void *bar = NULL;

	if (spdk_pci_device_map_bar(pctrlr->devhandle, bir, &bar, NULL, &bar_size) != 0 ||
	    bar == NULL) {
		EALNVME_WARNLOG("%s: BAR %u, which holds the %s, is not mapped; the %s is not "
				"usable", nvme_ctrlr_name(&pctrlr->ctrlr), bir, what, what);
		return -ENXIO;
	}
	if (size == 0) {
		size = bar_size;
	}
	if (offset > bar_size || size > bar_size - offset) {
		EALNVME_WARNLOG("%s: the %s (%llu bytes at offset %llu) does not fit in BAR %u "
				"(%llu bytes); not using it", nvme_ctrlr_name(&pctrlr->ctrlr),
				what, (unsigned long long)size, (unsigned long long)offset, bir,
				(unsigned long long)bar_size);
		spdk_pci_device_unmap_bar(pctrlr->devhandle, bir, bar);
		return -EINVAL;
	}
	*mem = (struct nvme_pcie_ctrlr_mem) {
		.bar_va = bar, .bir = bir, .va = (uint8_t *)bar + offset, .size = size,
	};
	return 0;
}

void
nvme_pcie_ctrlr_mem_release(struct nvme_pcie_ctrlr *pctrlr, struct nvme_pcie_ctrlr_mem *mem)
{
	if (mem->dma) {
		spdk_mem_unregister(mem->va, mem->size);
	}
	if (mem->bar_va != NULL) {
		spdk_pci_device_unmap_bar(pctrlr->devhandle, mem->bir, mem->bar_va);
	}
	*mem = (struct nvme_pcie_ctrlr_mem) { 0 };
}

/* CMBMSC exists from NVMe 1.4 on; before it CMBLOC/CMBSZ are always valid. */
static bool
nvme_pcie_has_cmbmsc(const struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->vs.raw >= SPDK_NVME_VERSION(1, 4, 0);
}

/* The upper half first: the controller takes CBA when the lower half is written. */
static int
nvme_pcie_set_cmbmsc(struct spdk_nvme_ctrlr *ctrlr, uint64_t value)
{
	int rc = ctrlr->transport->ctrlr_set_reg_4(ctrlr, REG_OFF(cmbmsc) + 4,
			(uint32_t)(value >> 32));

	return rc ? rc : ctrlr->transport->ctrlr_set_reg_4(ctrlr, REG_OFF(cmbmsc),
			(uint32_t)value);
}

void
nvme_pcie_ctrlr_cmb_init(struct nvme_pcie_ctrlr *pctrlr)
{
	struct spdk_nvme_ctrlr *ctrlr = &pctrlr->ctrlr;
	union spdk_nvme_cmbsz_register cmbsz = { .raw = 0 };
	union spdk_nvme_cmbloc_register cmbloc = { .raw = 0 };
	uint64_t unit;

	if (!ctrlr->cap.bits.cmbs) {
		return;
	}
	/* CMBLOC and CMBSZ read 0 until CMBMSC.CRE is set (§3.1.16). */
	if (nvme_pcie_has_cmbmsc(ctrlr) && nvme_pcie_set_cmbmsc(ctrlr, CMBMSC_CRE) != 0) {
		return;
	}
	if (ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(cmbsz), &cmbsz.raw) != 0 ||
	    ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(cmbloc), &cmbloc.raw) != 0 ||
	    cmbsz.bits.sz == 0) {
		EALNVME_INFOLOG("%s: CAP.CMBS is set but CMBSZ reads 0: no CMB",
				nvme_ctrlr_name(ctrlr));
		return;
	}
	/* BAR 1 is the upper half of the 64-bit BAR 0; SZU above 6 is reserved. */
	if (cmbloc.bits.bir == 1 || cmbloc.bits.bir > 5 || cmbsz.bits.szu > 6) {
		EALNVME_WARNLOG("%s: CMBLOC 0x%08x / CMBSZ 0x%08x are invalid; not using the CMB",
				nvme_ctrlr_name(ctrlr), cmbloc.raw, cmbsz.raw);
		return;
	}
	unit = 1ull << (12 + 4 * cmbsz.bits.szu);
	nvme_pcie_ctrlr_mem_locate(pctrlr, &pctrlr->cmb, cmbloc.bits.bir,
				   unit * cmbloc.bits.ofst, unit * cmbsz.bits.sz, "CMB");
}

int
nvme_pcie_ctrlr_reserve_cmb(struct spdk_nvme_ctrlr *ctrlr)
{
	if (nvme_pcie_ctrlr(ctrlr)->cmb.va == NULL) {
		EALNVME_NOTICELOG("%s: no usable controller memory buffer (CAP.CMBS %u)",
			       nvme_ctrlr_name(ctrlr), ctrlr->cap.bits.cmbs);
		return -ENOTSUP;
	}
	/* Nothing else ever uses it (no queues in the CMB): the whole CMB is the caller's. */
	return 0;
}

void *
nvme_pcie_ctrlr_map_cmb(struct spdk_nvme_ctrlr *ctrlr, size_t *size)
{
	struct nvme_pcie_ctrlr_mem *cmb = &nvme_pcie_ctrlr(ctrlr)->cmb;
	union spdk_nvme_cmbsz_register cmbsz = { .raw = 0 };
	union spdk_nvme_cmbsts_register cmbsts = { .raw = 0 };
	bool msc = nvme_pcie_has_cmbmsc(ctrlr);
	uint64_t cba;

	if (cmb->mapped) {
		*size = cmb->size;
		return cmb->va;
	}
	if (cmb->va == NULL) {
		EALNVME_NOTICELOG("%s: no usable controller memory buffer (CAP.CMBS %u); use host "
			       "memory (spdk_dma_malloc)", nvme_ctrlr_name(ctrlr),
			       ctrlr->cap.bits.cmbs);
		return NULL;
	}
	if (ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(cmbsz), &cmbsz.raw) != 0 ||
	    (!cmbsz.bits.rds && !cmbsz.bits.wds)) {
		EALNVME_ERRLOG("%s: the CMB holds no data (CMBSZ.RDS and WDS are 0)",
			       nvme_ctrlr_name(ctrlr));
		return NULL;
	}
	if (spdk_mem_register(cmb->va, cmb->size) != 0) {
		return NULL;
	}
	cmb->dma = true;
	/* Controller memory space (CBA: the BAR's start, 4 KiB units) at the
	 * IOVA the env gives the CMB, so that a payload in the CMB is recognised. */
	cba = spdk_vtophys(cmb->va, NULL) - (uint64_t)(cmb->va - (uint8_t *)cmb->bar_va);
	if (msc && ((cba & ~CBA_MASK) != 0 ||
		    nvme_pcie_set_cmbmsc(ctrlr, cba | CMBMSC_CMSE | CMBMSC_CRE) != 0 ||
		    ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(cmbsts), &cmbsts.raw) != 0 ||
		    cmbsts.bits.cbai)) {
		EALNVME_ERRLOG("%s: the controller refused 0x%llx as the CMB's address "
			       "(CMBSTS.CBAI)", nvme_ctrlr_name(ctrlr), (unsigned long long)cba);
		nvme_pcie_set_cmbmsc(ctrlr, CMBMSC_CRE);
		spdk_mem_unregister(cmb->va, cmb->size);
		cmb->dma = false;
		return NULL;
	}
	cmb->mapped = true;
	*size = cmb->size;
	return cmb->va;
}

int
nvme_pcie_ctrlr_unmap_cmb(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_pcie_ctrlr_mem *cmb = &nvme_pcie_ctrlr(ctrlr)->cmb;
	int rc;

	if (!cmb->mapped) {
		return 0;
	}
	rc = spdk_mem_unregister(cmb->va, cmb->size);
	cmb->dma = false;
	cmb->mapped = false;
	if (nvme_pcie_has_cmbmsc(ctrlr) && !nvme_ctrlr_is_gone(ctrlr)) {
		nvme_pcie_set_cmbmsc(ctrlr, CMBMSC_CRE);
	}
	return rc;
}
