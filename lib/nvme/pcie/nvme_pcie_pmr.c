/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PCIe: the Persistent Memory Region (NVMe 1.4 §8.17).  The PMR is a whole
 * BAR (PMRCAP.BIR), found at construction.  enable/disable write PMRCTL.EN
 * and wait for PMRSTS.NRDY to follow, bounded by PMRCAP.PMRTO.  map hands
 * the BAR out and, when the controller can take PMR addresses in commands
 * (PMRCAP.CMSS), registers it with the env and programs PMRMSC with the IOVA
 * the env gave it, so that it can be a command's payload.
 */
#include <errno.h>

#include "nvme_pcie_internal.h"

#define REG_OFF(field)	offsetof(struct spdk_nvme_registers, field)
#define PMRMSCL_CMSE	(1u << 1)
/* Between PMRSTS reads while waiting for the PMR to (stop being) ready. */
#define PMR_POLL_US	100

void
nvme_pcie_ctrlr_pmr_init(struct nvme_pcie_ctrlr *pctrlr)
{
	struct spdk_nvme_ctrlr *ctrlr = &pctrlr->ctrlr;
	union spdk_nvme_pmrcap_register pmrcap = { .raw = 0 };

	if (!ctrlr->cap.bits.pmrs ||
	    ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(pmrcap), &pmrcap.raw) != 0) {
		return;
	}
	/* Only BARs 2 to 5 may hold it (§3.1.18). */
	if (pmrcap.bits.bir < 2 || pmrcap.bits.bir > 5) {
		EALNVME_WARNLOG("%s: PMRCAP.BIR %u is invalid; not using the PMR",
				nvme_ctrlr_name(ctrlr), pmrcap.bits.bir);
		return;
	}
	if (nvme_pcie_ctrlr_mem_locate(pctrlr, &pctrlr->pmr, pmrcap.bits.bir, 0, 0, "PMR") == 0) {
		ctrlr->pmr_size = pctrlr->pmr.size;
	}
}

static int
nvme_pcie_pmr_read(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t *value,
		   const char *name)
{
	if (ctrlr->transport->ctrlr_get_reg_4(ctrlr, offset, value) != 0 || *value == UINT32_MAX) {
		EALNVME_ERRLOG("%s: cannot read %s (device not responding?)",
			       nvme_ctrlr_name(ctrlr), name);
		return -EIO;
	}
	return 0;
}

static int
nvme_pcie_ctrlr_config_pmr(struct spdk_nvme_ctrlr *ctrlr, bool enable)
{
	const char *verb = enable ? "enable" : "disable";
	union spdk_nvme_pmrcap_register pmrcap;
	union spdk_nvme_pmrctl_register pmrctl;
	union spdk_nvme_pmrsts_register pmrsts;
	uint64_t timeout_ms, deadline;

	if (!ctrlr->cap.bits.pmrs) {
		EALNVME_ERRLOG("%s: cannot %s the PMR: the controller has none (CAP.PMRS 0)",
			       nvme_ctrlr_name(ctrlr), verb);
		return -ENOTSUP;
	}
	if (nvme_pcie_pmr_read(ctrlr, REG_OFF(pmrcap), &pmrcap.raw, "PMRCAP") != 0 ||
	    nvme_pcie_pmr_read(ctrlr, REG_OFF(pmrctl), &pmrctl.raw, "PMRCTL") != 0) {
		return -EIO;
	}
	/* PMRTU: 0 = 500 ms units, 1 = minutes; others reserved (§3.1.18). */
	if (pmrcap.bits.pmrtu > 1) {
		EALNVME_ERRLOG("%s: PMRCAP.PMRTU %u is reserved: the PMR timeout is unknown",
			       nvme_ctrlr_name(ctrlr), pmrcap.bits.pmrtu);
		return -EINVAL;
	}
	if (pmrctl.bits.en == (uint32_t)enable) {
		EALNVME_ERRLOG("%s: the PMR is already %sd", nvme_ctrlr_name(ctrlr), verb);
		return -EINVAL;
	}
	pmrctl.bits.en = enable;
	if (ctrlr->transport->ctrlr_set_reg_4(ctrlr, REG_OFF(pmrctl), pmrctl.raw) != 0) {
		return -EIO;
	}
	timeout_ms = (uint64_t)pmrcap.bits.pmrto * (pmrcap.bits.pmrtu ? 60000u : 500u);
	deadline = spdk_get_ticks() + timeout_ms * (spdk_get_ticks_hz() / 1000);
	/* Enabled: ready (NRDY 0); disabled: not ready (NRDY 1). */
	for (;;) {
		if (nvme_pcie_pmr_read(ctrlr, REG_OFF(pmrsts), &pmrsts.raw, "PMRSTS") != 0) {
			return -EIO;
		}
		if (pmrsts.bits.nrdy != (uint32_t)enable) {
			return 0;
		}
		if (spdk_get_ticks() > deadline) {
			EALNVME_ERRLOG("%s: PMRSTS.NRDY did not follow PMRCTL.EN=%d within %llu ms "
				       "(PMRCAP.PMRTO)", nvme_ctrlr_name(ctrlr), enable,
				       (unsigned long long)timeout_ms);
			return -ETIMEDOUT;
		}
		spdk_delay_us(PMR_POLL_US);
	}
}

int
nvme_pcie_ctrlr_enable_pmr(struct spdk_nvme_ctrlr *ctrlr)
{
	return nvme_pcie_ctrlr_config_pmr(ctrlr, true);
}

int
nvme_pcie_ctrlr_disable_pmr(struct spdk_nvme_ctrlr *ctrlr)
{
	return nvme_pcie_ctrlr_config_pmr(ctrlr, false);
}

/* PMRMSC (§3.1.23): upper half first, the lower one (with CMSE) takes effect. */
static int
nvme_pcie_set_pmrmsc(struct spdk_nvme_ctrlr *ctrlr, uint64_t value)
{
	int rc = ctrlr->transport->ctrlr_set_reg_4(ctrlr, REG_OFF(pmrmscu), (uint32_t)(value >> 32));

	return rc ? rc : ctrlr->transport->ctrlr_set_reg_4(ctrlr, REG_OFF(pmrmscl), (uint32_t)value);
}

void *
nvme_pcie_ctrlr_map_pmr(struct spdk_nvme_ctrlr *ctrlr, size_t *size)
{
	struct nvme_pcie_ctrlr_mem *pmr = &nvme_pcie_ctrlr(ctrlr)->pmr;
	union spdk_nvme_pmrcap_register pmrcap = { .raw = 0 };
	union spdk_nvme_pmrsts_register pmrsts = { .raw = 0 };

	if (!ctrlr->cap.bits.pmrs || pmr->va == NULL) {
		EALNVME_ERRLOG("%s: no usable persistent memory region (CAP.PMRS %u)",
			       nvme_ctrlr_name(ctrlr), ctrlr->cap.bits.pmrs);
		return NULL;
	}
	if (pmr->mapped) {
		*size = pmr->size;
		return pmr->va;
	}
	if (nvme_pcie_pmr_read(ctrlr, REG_OFF(pmrcap), &pmrcap.raw, "PMRCAP") != 0) {
		return NULL;
	}
	if (!pmrcap.bits.rds && !pmrcap.bits.wds) {
		EALNVME_ERRLOG("%s: the PMR takes neither read nor write data (PMRCAP.RDS/WDS 0)",
			       nvme_ctrlr_name(ctrlr));
		return NULL;
	}
	if (pmrcap.bits.cmss) {
		uint64_t cba;

		if (spdk_mem_register(pmr->va, pmr->size) != 0) {
			return NULL;
		}
		/* Controller memory space at the IOVA the env gave the PMR. */
		cba = spdk_vtophys(pmr->va, NULL);
		if ((cba & 0xfffull) != 0 ||
		    nvme_pcie_set_pmrmsc(ctrlr, cba | PMRMSCL_CMSE) != 0 ||
		    nvme_pcie_pmr_read(ctrlr, REG_OFF(pmrsts), &pmrsts.raw, "PMRSTS") != 0 ||
		    pmrsts.bits.cbai) {
			/* The CPU can still use it; commands cannot point into it. */
			EALNVME_WARNLOG("%s: the controller refused 0x%llx as the PMR's address "
					"(PMRSTS.CBAI); the PMR cannot be a command's payload",
					nvme_ctrlr_name(ctrlr), (unsigned long long)cba);
			nvme_pcie_set_pmrmsc(ctrlr, 0);
			spdk_mem_unregister(pmr->va, pmr->size);
		} else {
			pmr->dma = true;
		}
	}
	pmr->mapped = true;
	*size = pmr->size;
	return pmr->va;
}

int
nvme_pcie_ctrlr_unmap_pmr(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_pcie_ctrlr_mem *pmr = &nvme_pcie_ctrlr(ctrlr)->pmr;

	if (!pmr->mapped) {
		EALNVME_ERRLOG("%s: unmap_pmr: the PMR is not mapped (CAP.PMRS %u)",
			       nvme_ctrlr_name(ctrlr), ctrlr->cap.bits.pmrs);
		return -ENXIO;
	}
	if (pmr->dma) {
		spdk_mem_unregister(pmr->va, pmr->size);
		pmr->dma = false;
		if (!nvme_ctrlr_is_gone(ctrlr)) {
			nvme_pcie_set_pmrmsc(ctrlr, 0);
		}
	}
	pmr->mapped = false;
	return 0;
}
