/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Model: the NVM command set's Identify Controller (CNS 06h), SECURITY
 * SEND/RECEIVE (§5.25, §5.26) and DIRECTIVE SEND/RECEIVE with the Identify
 * directive (§5.9, §5.10, §9.1).
 */
#include <string.h>

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
