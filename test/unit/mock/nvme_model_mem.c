/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller memory of the model: a Controller Memory Buffer in BAR 2
 * (CMBLOC/CMBSZ/CMBMSC/CMBSTS, NVMe 1.4 §3.1.11-17), a Persistent Memory
 * Region in BAR 4 (PMRCAP/PMRCTL/PMRSTS/PMRMSC, §3.1.18-23) and two boot
 * partitions (BPINFO/BPRSEL/BPMBL, §3.1.13-15, written with FIRMWARE COMMIT
 * actions 6h/7h).  The CMB and PMR are plain memory the host maps as BARs;
 * command data addressed into them (CBA as the host programmed it) is
 * copied to and from them here instead of through the mocked IOMMU, as a
 * controller does with its own memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mock_env.h"
#include "nvme_model_internal.h"

#define REG_CMBLOC	0x38
#define REG_CMBSZ	0x3c
#define REG_BPINFO	0x40
#define REG_BPRSEL	0x44
#define REG_BPMBL	0x48
#define REG_CMBMSC	0x50
#define REG_CMBSTS	0x58
#define REG_PMRCAP	0xe00
#define REG_PMRCTL	0xe04
#define REG_PMRSTS	0xe08
#define REG_PMRMSCL	0xe14
#define REG_PMRMSCU	0xe18

#define CMB_UNIT	(64u * 1024)	/* CMBSZ.SZU 1 */
#define CMBMSC_CRE	0x1ull
#define CMBMSC_CMSE	0x2ull
#define PMRMSCL_CMSE	0x2u
#define PMRSTS_NRDY	(1u << 8)
#define PMRSTS_CBAI	(1u << 12)
#define BP_UNIT		4096u
#define BP_SIZE_UNIT	(128u * 1024)

static uint64_t
bp_bytes(const struct nvme_model *m)
{
	return (uint64_t)m->opts.bp_size_128k * BP_SIZE_UNIT;
}

int
model_mem_create(struct nvme_model *m)
{
	const struct nvme_model_opts *o = &m->opts;
	/* BARs 2 and 4 after BAR 0, 64 MiB apart, per model. */
	const uint64_t bus = 0x800000000ULL + ((uint64_t)m->index << 28);

	if (o->cmb_size != 0) {
		if (o->cmb_size % CMB_UNIT != 0 || (m->cmb = calloc(1, o->cmb_size)) == NULL) {
			return -EINVAL;
		}
		m->cmb_bus = bus;
		m->cap.bits.cmbs = 1;
		mock_pci_set_bar(m->pci_dev, 2, m->cmb, o->cmb_size, m->cmb_bus);
	}
	if (o->pmr_size != 0) {
		if ((o->pmr_size & (o->pmr_size - 1)) != 0 || o->pmr_size < 4096 ||
		    (m->pmr = calloc(1, o->pmr_size)) == NULL) {
			return -EINVAL;
		}
		m->pmr_bus = bus + (1ULL << 27);
		m->cap.bits.pmrs = 1;
		m->pmrsts = PMRSTS_NRDY;
		mock_pci_set_bar(m->pci_dev, 4, m->pmr, o->pmr_size, m->pmr_bus);
	}
	if (o->bp_size_128k != 0) {
		for (int i = 0; i < 2; i++) {
			m->bp[i] = calloc(1, bp_bytes(m));
			if (m->bp[i] == NULL) {
				return -ENOMEM;
			}
		}
		m->cap.bits.bps = 1;
		m->bpinfo.bits.bpsz = o->bp_size_128k;
	}
	return 0;
}

void
model_mem_destroy(struct nvme_model *m)
{
	free(m->cmb);
	free(m->pmr);
	free(m->bp[0]);
	free(m->bp[1]);
}

static uint32_t
cmb_reg(const struct nvme_model *m, uint32_t offset)
{
	union spdk_nvme_cmbsz_register sz = { .raw = 0 };
	union spdk_nvme_cmbloc_register loc = { .raw = 0 };

	/* Zero until CMBMSC.CRE (§3.1.16), as QEMU's controller. */
	if (m->cmb == NULL || !(m->cmbmsc & CMBMSC_CRE)) {
		return 0;
	}
	if (offset == REG_CMBLOC) {
		loc.bits.bir = 2;
		return loc.raw;
	}
	sz.bits.sqs = 1;
	sz.bits.lists = 1;
	sz.bits.rds = !m->opts.cmb_no_data;
	sz.bits.wds = !m->opts.cmb_no_data;
	sz.bits.szu = 1;
	sz.bits.sz = m->opts.cmb_size / CMB_UNIT;
	return sz.raw;
}

static uint32_t
pmrcap(const struct nvme_model *m)
{
	union spdk_nvme_pmrcap_register cap = { .raw = 0 };

	if (m->pmr != NULL) {
		cap.bits.rds = 1;
		cap.bits.wds = 1;
		cap.bits.bir = 4;
		cap.bits.pmrtu = m->opts.pmrtu;
		cap.bits.pmrto = m->opts.pmrto;
		cap.bits.cmss = 1;
	}
	return cap.raw;
}

bool
model_mem_reg_read(struct nvme_model *m, uint32_t offset, uint32_t *val)
{
	switch (offset) {
	case REG_CMBLOC:
	case REG_CMBSZ:
		*val = cmb_reg(m, offset);
		return true;
	case REG_CMBMSC:
	case REG_CMBMSC + 4:
		*val = (uint32_t)(m->cmbmsc >> (offset == REG_CMBMSC ? 0 : 32));
		return true;
	case REG_CMBSTS:
		*val = m->cmbsts;
		return true;
	case REG_BPINFO:
		*val = m->bpinfo.raw;
		if (m->bp_read_pending) {
			m->bp_read_pending = false;
			m->bpinfo.bits.brs = SPDK_NVME_BRS_READ_SUCCESS;
		}
		return true;
	case REG_BPRSEL:
		*val = m->bprsel;
		return true;
	case REG_BPMBL:
	case REG_BPMBL + 4:
		*val = (uint32_t)(m->bpmbl >> (offset == REG_BPMBL ? 0 : 32));
		return true;
	case REG_PMRCAP:
		*val = pmrcap(m);
		return true;
	case REG_PMRCTL:
		*val = m->pmrctl;
		return true;
	case REG_PMRSTS:
		*val = m->pmr != NULL ? m->pmrsts : 0;
		return true;
	case REG_PMRMSCL:
		*val = m->pmrmscl;
		return true;
	case REG_PMRMSCU:
		*val = m->pmrmscu;
		return true;
	default:
		return false;
	}
}

/* BPRSEL written: copy the selected units to BPMBL (§8.13.1). */
static void
bp_read(struct nvme_model *m)
{
	union spdk_nvme_bprsel_register sel = { .raw = m->bprsel };
	uint64_t off = (uint64_t)sel.bits.bprof * BP_UNIT;
	uint64_t len = (uint64_t)sel.bits.bprsz * BP_UNIT;

	if (m->bp[0] == NULL) {
		return;
	}
	if (len == 0 || off + len > bp_bytes(m) || (m->bpmbl & (BP_UNIT - 1)) != 0 ||
	    model_dma_copy(m, m->bpmbl, m->bp[sel.bits.bpid] + off, len, true) != 0) {
		m->bpinfo.bits.brs = SPDK_NVME_BRS_READ_ERROR;
		m->bp_read_pending = false;
		return;
	}
	m->bpinfo.bits.brs = SPDK_NVME_BRS_READ_IN_PROGRESS;
	m->bp_read_pending = true;
}

static void
cmbmsc_write(struct nvme_model *m, uint64_t val)
{
	if (m->cmb == NULL) {
		return;
	}
	m->cmbmsc = val;
	m->cmbsts = 0;
	/* CBA + size must not wrap (CMBSTS.CBAI). */
	if ((val & CMBMSC_CMSE) && (m->opts.refuse_cba ||
				    (val & ~0xfffull) + m->opts.cmb_size < (val & ~0xfffull))) {
		m->cmbsts = 1;
		m->cmbmsc &= ~CMBMSC_CMSE;
	}
}

bool
model_mem_reg_write(struct nvme_model *m, uint32_t offset, uint32_t val)
{
	switch (offset) {
	case REG_CMBMSC:
		cmbmsc_write(m, (m->cmbmsc & ~0xffffffffull) | val);
		return true;
	case REG_CMBMSC + 4:
		m->cmbmsc = (m->cmbmsc & 0xffffffffull) | (uint64_t)val << 32;
		return true;
	case REG_BPRSEL:
		m->bprsel = val;
		bp_read(m);
		return true;
	case REG_BPMBL:
		m->bpmbl = (m->bpmbl & ~0xffffffffull) | val;
		return true;
	case REG_BPMBL + 4:
		m->bpmbl = (m->bpmbl & 0xffffffffull) | (uint64_t)val << 32;
		return true;
	case REG_PMRCTL:
		if (m->pmr == NULL) {
			return true;
		}
		m->pmrctl = val & 1;
		if (!m->opts.pmr_never_ready) {
			m->pmrsts = m->pmrctl ? 0 : PMRSTS_NRDY;
		}
		return true;
	case REG_PMRMSCL:
		m->pmrmscl = val;
		m->pmrsts &= ~PMRSTS_CBAI;
		if ((val & PMRMSCL_CMSE) && m->opts.refuse_cba) {
			m->pmrmscl &= ~PMRMSCL_CMSE;
			m->pmrsts |= PMRSTS_CBAI;
		}
		return true;
	case REG_PMRMSCU:
		m->pmrmscu = val;
		return true;
	case REG_CMBLOC:
	case REG_CMBSZ:
	case REG_BPINFO:
	case REG_CMBSTS:
	case REG_PMRCAP:
	case REG_PMRSTS:
		model_error(m, "write 0x%x to read-only register 0x%x", val, offset);
		return true;
	default:
		return false;
	}
}

static void *
mem_window(uint8_t *mem, uint64_t cba, uint64_t size, uint64_t iova, uint64_t *len)
{
	if (mem == NULL || iova < cba || iova - cba >= size) {
		return NULL;
	}
	if (*len > size - (iova - cba)) {
		*len = size - (iova - cba);
	}
	return mem + (iova - cba);
}

void *
model_mem_dma(struct nvme_model *m, uint64_t iova, uint64_t *len)
{
	void *va = NULL;

	if (m->cmbmsc & CMBMSC_CMSE) {
		va = mem_window(m->cmb, m->cmbmsc & ~0xfffull, m->opts.cmb_size, iova, len);
		m->cmb_dma_bytes += va != NULL ? *len : 0;
	}
	if (va == NULL && m->pmrctl && (m->pmrmscl & PMRMSCL_CMSE)) {
		uint64_t cba = (uint64_t)m->pmrmscu << 32 | (m->pmrmscl & ~0xfffu);

		va = mem_window(m->pmr, cba, m->opts.pmr_size, iova, len);
		m->pmr_dma_bytes += va != NULL ? *len : 0;
	}
	return va;
}

void
model_bp_commit(struct nvme_model *m, uint32_t ca, uint32_t bpid, struct cmd_status *st)
{
	if (m->bp[0] == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (ca == SPDK_NVME_FW_COMMIT_ACTIVATE_BOOT_PARTITION) {
		m->bpinfo.bits.abpid = bpid & 1;
		return;
	}
	if (m->fw_image_len == 0 || m->fw_image_len > bp_bytes(m)) {
		/* The image is used up either way: the next download starts at 0. */
		m->fw_image_len = 0;
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE);
		return;
	}
	memset(m->bp[bpid & 1], 0, bp_bytes(m));
	memcpy(m->bp[bpid & 1], m->fw_image, m->fw_image_len);
	m->fw_image_len = 0;
}

void
nvme_model_get_mem_state(const struct nvme_model *m, struct nvme_model_mem_state *st)
{
	*st = (struct nvme_model_mem_state) {
		.cmbmsc = m->cmbmsc, .cmbsts = m->cmbsts, .cmb = m->cmb, .cmb_bus = m->cmb_bus,
		.pmrctl = m->pmrctl, .pmrsts = m->pmrsts,
		.pmrmsc = (uint64_t)m->pmrmscu << 32 | m->pmrmscl, .pmr = m->pmr,
		.pmr_bus = m->pmr_bus, .bpinfo = m->bpinfo.raw, .bprsel = m->bprsel,
		.bpmbl = m->bpmbl, .bp = { m->bp[0], m->bp[1] },
		.cmb_dma_bytes = m->cmb_dma_bytes, .pmr_dma_bytes = m->pmr_dma_bytes,
	};
}
