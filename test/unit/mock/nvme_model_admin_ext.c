/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Model: the NVM command set's Identify Controller (CNS 06h), SECURITY
 * SEND/RECEIVE (§5.25, §5.26) and DIRECTIVE SEND/RECEIVE with the Identify
 * directive (§5.9, §5.10, §9.1), the GET LOG PAGE range and buffer every
 * log page uses, and the Discovery log page of an NVMe-oF
 * discovery controller (LID 70h, NVMe-oF 1.1 §5.3) for the transport
 * independent reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/nvmf_spec.h"

#include "nvme_model_internal.h"

/* Values the driver's getter must hand back unchanged (NVM Command Set 1.0 §4.1.5.1). */
#define MODEL_NVM_VSL	5
#define MODEL_NVM_WZSL	6
#define MODEL_NVM_WUSL	7
#define MODEL_NVM_DMRL	128
#define MODEL_NVM_DMRSL	65536
#define MODEL_NVM_DMSL	(1ull << 24)

/* Security protocol 00h: the list of supported protocols (SPC-5 §7.7.1). */
#define SECP_INFO	0x00
#define SECP_NVME	0xEA

void
model_admin_identify_iocs(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	struct spdk_nvme_nvm_ctrlr_data *nd = (struct spdk_nvme_nvm_ctrlr_data *)m->scratch;
	uint8_t csi = (uint8_t)(c->sqe.cdw11 >> 24);

	memset(m->scratch, 0, IDENTIFY_SIZE);
	if (m->opts.no_nvm_iocs_identify || csi != SPDK_NVME_CSI_NVM) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	nd->vsl = MODEL_NVM_VSL;
	nd->wzsl = MODEL_NVM_WZSL;
	nd->wusl = MODEL_NVM_WUSL;
	nd->dmrl = MODEL_NVM_DMRL;
	nd->dmrsl = MODEL_NVM_DMRSL;
	nd->dmsl = MODEL_NVM_DMSL;
	model_prp_transfer(m, c, m->scratch, IDENTIFY_SIZE, true, st);
}

void
model_admin_security(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const uint32_t cdw10 = c->sqe.cdw10;
	const uint8_t secp = (uint8_t)(cdw10 >> 24);
	uint32_t len = c->sqe.cdw11;	/* TL or AL */

	if (!m->opts.security) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		return;
	}
	if (len > IDENTIFY_SIZE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (c->sqe.opc == SPDK_NVME_OPC_SECURITY_SEND) {
		if (secp == SECP_INFO) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			return;
		}
		memset(m->sec_data, 0, sizeof(m->sec_data));
		if (model_prp_transfer(m, c, m->sec_data, len, false, st) == 0) {
			m->sec_len = len;
			m->sec_cdw10 = cdw10;
		}
		return;
	}
	memset(m->scratch, 0, IDENTIFY_SIZE);
	if (secp == SECP_INFO) {
		m->scratch[7] = 2;		/* list length, big endian at bytes 6-7 */
		m->scratch[8] = SECP_INFO;
		m->scratch[9] = SECP_NVME;
	} else if (m->sec_len != 0 && (m->sec_cdw10 & 0xffffff00u) == (cdw10 & 0xffffff00u)) {
		memcpy(m->scratch, m->sec_data, m->sec_len);
	} else {
		/* Nothing sent for this SECP/SPSP: a protocol error of the model's choosing. */
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	model_prp_transfer(m, c, m->scratch, len, true, st);
}

/* §9.1: DTYPE 00h Identify; DOPER 01h of RECEIVE returns parameters, of SEND enables. */
void
model_admin_directive(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const uint8_t doper = (uint8_t)c->sqe.cdw11;
	const uint8_t dtype = (uint8_t)(c->sqe.cdw11 >> 8);
	const uint32_t len = (c->sqe.cdw10 + 1) * 4;	/* NUMD, 0's based */

	if (!m->opts.directives) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		return;
	}
	if (dtype != 0 || doper != 1) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (c->sqe.opc == SPDK_NVME_OPC_DIRECTIVE_SEND) {
		/* CDW12: DTYPE to enable in bits 15:8, ENDIR in bit 0 (Identify itself stays on). */
		uint8_t which = (uint8_t)(c->sqe.cdw12 >> 8);

		if (which == 0) {	/* 32 bytes hold a bit for every DTYPE */
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			return;
		}
		if (c->sqe.cdw12 & 1u) {
			m->dir_enabled[which / 8] |= (uint8_t)(1u << (which % 8));
		} else {
			m->dir_enabled[which / 8] &= (uint8_t)~(1u << (which % 8));
		}
		return;
	}
	/* Return Parameters: bytes 0..31 supported, 32..63 enabled, a bit per type. */
	memset(m->scratch, 0, IDENTIFY_SIZE);
	m->scratch[0] = 0x3;		/* Identify and Streams supported */
	memcpy(m->scratch + 32, m->dir_enabled, sizeof(m->dir_enabled));
	m->scratch[32] |= 0x1;		/* Identify is always enabled */
	model_prp_transfer(m, c, m->scratch, len < IDENTIFY_SIZE ? len : IDENTIFY_SIZE, true, st);
}

uint8_t *
model_log_buffer(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, uint64_t *offset,
		 uint64_t *len, struct cmd_status *st)
{
	uint8_t *out;

	*len = (((uint64_t)cmd->cdw11_bits.get_log_page.numdu << 16 |
		 cmd->cdw10_bits.get_log_page.numdl) + 1) * 4;
	*offset = (uint64_t)cmd->cdw13 << 32 | cmd->cdw12;
	/* LPOL/LPOU dword aligned, at most MDTS (§5.14). */
	if ((*offset & 3) != 0 || *len > m->max_xfer) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return NULL;
	}
	out = calloc(1, *len);
	if (out == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
	}
	return out;
}

/* Entry index (0-based) of the discovery log as it is now. */
static void
disc_fill_entry(const struct nvme_model *m, uint64_t index,
		struct spdk_nvmf_discovery_log_page_entry *e)
{
	memset(e, 0, sizeof(*e));
	if (index >= m->opts.disc_entries) {
		return;		/* past the real entries of a lying NUMREC: zeroes */
	}
	e->trtype = SPDK_NVMF_TRTYPE_TCP;
	e->adrfam = SPDK_NVMF_ADRFAM_IPV4;
	e->subtype = SPDK_NVMF_SUBTYPE_NVME;
	e->portid = (uint16_t)index;
	e->cntlid = (uint16_t)m->disc_genctr;
	snprintf((char *)e->subnqn, sizeof(e->subnqn), "nqn.2026-01.io.ealnvme:disc:%llu",
		 (unsigned long long)index);
	/* Space padded, no NUL, as NVMe-oF 1.1 Figure 40 has them. */
	memset(e->traddr, ' ', sizeof(e->traddr));
	memset(e->trsvcid, ' ', sizeof(e->trsvcid));
	e->traddr[snprintf((char *)e->traddr, sizeof(e->traddr), "192.168.0.%llu",
			   (unsigned long long)index % 256)] = ' ';
	memcpy(e->trsvcid, "4420", 4);
}

void
model_discovery_log(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint64_t numrec = m->opts.disc_numrec ? m->opts.disc_numrec : m->opts.disc_entries;
	struct spdk_nvmf_discovery_log_page_entry rec;
	uint64_t offset, len;
	uint8_t *out = model_log_buffer(m, &c->sqe, &offset, &len, st);

	if (out == NULL) {
		return;
	}
	/* Built record by record over [offset, offset + len); beyond the log: zeroes. */
	for (uint64_t rec_start = offset - offset % sizeof(rec); rec_start < offset + len;
	     rec_start += sizeof(rec)) {
		uint64_t from = rec_start < offset ? offset - rec_start : 0;
		uint64_t to = offset + len - rec_start < sizeof(rec) ? offset + len - rec_start :
			      sizeof(rec);

		if (rec_start == 0) {
			struct spdk_nvmf_discovery_log_page *hdr = (void *)&rec;

			memset(&rec, 0, sizeof(rec));
			hdr->genctr = m->disc_genctr;
			hdr->numrec = numrec;
			hdr->recfmt = m->opts.disc_recfmt;
		} else if (rec_start / sizeof(rec) <= numrec) {
			disc_fill_entry(m, rec_start / sizeof(rec) - 1, &rec);
		} else {
			memset(&rec, 0, sizeof(rec));
		}
		memcpy(out + (rec_start + from - offset), (uint8_t *)&rec + from, to - from);
	}
	if (model_prp_transfer(m, c, out, len, true, st) == 0 &&
	    offset + len > sizeof(rec) && m->disc_changes_left > 0) {
		/* The log changes between this read and the next one. */
		m->disc_changes_left--;
		m->disc_genctr++;
	}
	free(out);
}
