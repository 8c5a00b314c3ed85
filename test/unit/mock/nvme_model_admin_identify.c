/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: the data the host reads about the controller and its
 * namespaces: IDENTIFY (§5.15: controller, namespace, active namespace list,
 * NS ID descriptors) and GET LOG PAGE (§5.14: error, SMART / health,
 * firmware slot, commands supported and effects, changed namespace list).
 * Dispatched from nvme_model_admin.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_model_internal.h"

static void
pad_string(void *dst, const char *src, size_t len)
{
	size_t n = strnlen(src, len);

	memset(dst, ' ', len);
	memcpy(dst, src, n);
}

static void
build_ctrlr_data(struct nvme_model *m, struct spdk_nvme_ctrlr_data *cd)
{
	uint32_t i;
	uint64_t total = 0;

	memset(cd, 0, sizeof(*cd));
	cd->vid = m->opts.vendor_id;
	cd->ssvid = m->opts.subvendor_id;
	pad_string(cd->sn, m->opts.serial, sizeof(cd->sn));
	pad_string(cd->mn, m->opts.model_number, sizeof(cd->mn));
	pad_string(cd->fr, m->fw_rev, sizeof(cd->fr));
	cd->rab = 6;
	cd->ieee[0] = 0x00;
	cd->ieee[1] = 0x54;
	cd->ieee[2] = 0x52;
	cd->mdts = m->opts.mdts;
	cd->cntlid = m->opts.cntlid;
	cd->ver.raw = m->vs;
	cd->oaes.ns_attribute_notices = 1;
	cd->cntrltype = 1;	/* I/O controller */
	cd->acl = m->opts.acl;
	cd->aerl = m->opts.aerl;
	cd->frmw.slot1_ro = 1;
	cd->frmw.num_slots = m->opts.fw_update ? 2 : 1;
	cd->oacs.fnvms = m->opts.format_nvm;
	cd->oacs.fwds = m->opts.fw_update;
	cd->oacs.nms = m->opts.ns_management;
	cd->oacs.ssrs = m->opts.security;
	cd->oacs.dirs = m->opts.directives;
	cd->fwug = m->opts.fwug;
	cd->lpa.lpeds = 1;
	cd->elpe = m->opts.elpe;
	cd->npss = 0;
	cd->wctemp = 343;
	cd->cctemp = 373;
	cd->kas = m->opts.kas;
	cd->sqes.min = 6;
	cd->sqes.max = 6;
	cd->cqes.min = 4;
	cd->cqes.max = 4;
	cd->nn = nvme_model_nn(m);
	memcpy(&cd->oncs, &m->opts.oncs, sizeof(cd->oncs));
	cd->vwc.present = m->opts.vwc;
	cd->oacs.dbcs = m->opts.dbbuf;
	cd->vwc.flush_broadcast = m->opts.vwc ? SPDK_NVME_FLUSH_BROADCAST_SUPPORTED : 0;
	cd->sgls.supported = m->opts.sgls & 3;
	cd->fuses.fcws = m->opts.fused_compare_write;
	for (i = 0; i < m->opts.nn && i < NVME_MODEL_MAX_NS; i++) {
		total += m->ns[i].num_blocks * m->ns[i].block_size;
	}
	cd->tnvmcap[0] = total;
	snprintf((char *)cd->subnqn, sizeof(cd->subnqn), "nqn.2026-01.invalid.ealnvme:model:%s",
		 m->opts.serial);
	cd->psd[0].mp = 2500;	/* 25 W */
	cd->psd[0].enlat = 16;
	cd->psd[0].exlat = 4;
}

struct model_ns *
model_active_ns(struct nvme_model *m, uint32_t nsid)
{
	if (nsid == 0 || nsid > m->opts.nn || nsid > NVME_MODEL_MAX_NS) {
		return NULL;
	}
	return m->ns[nsid - 1].active ? &m->ns[nsid - 1] : NULL;
}

static void
ns_ids(const struct nvme_model *m, uint32_t nsid, uint64_t *eui64, uint8_t nguid[16])
{
	uint32_t i;

	*eui64 = 0x0054520000000000ULL | ((uint64_t)m->index << 16) | nsid;
	for (i = 0; i < 16; i++) {
		nguid[i] = (uint8_t)(0xe0 + i);
	}
	nguid[12] = (uint8_t)m->index;
	nguid[15] = (uint8_t)nsid;
}

/* A version 4 (random) style UUID, fixed per model and namespace. */
static void
ns_uuid(const struct nvme_model *m, uint32_t nsid, uint8_t uuid[16])
{
	uint32_t i;

	for (i = 0; i < 16; i++) {
		uuid[i] = (uint8_t)(0x5a ^ (i * 37));
	}
	uuid[6] = 0x40 | (uuid[6] & 0x0f);
	uuid[8] = 0x80 | (uuid[8] & 0x3f);
	uuid[14] = (uint8_t)m->index;
	uuid[15] = (uint8_t)nsid;
}

static void
build_ns_data(struct nvme_model *m, uint32_t nsid, struct spdk_nvme_ns_data *nd)
{
	struct model_ns *ns = model_active_ns(m, nsid);

	memset(nd, 0, sizeof(*nd));
	if (ns == NULL) {
		return;		/* inactive NSID: zero filled (§5.15.2.1) */
	}
	nd->nsze = ns->num_blocks;
	nd->ncap = ns->num_blocks;
	nd->nuse = ns->num_blocks;
	/* Two formats, 512 and 4096; a third, 64 KiB, only on such a namespace. */
	nd->nlbaf = ns->block_size == 65536 ? 2 : 1;
	nd->lbaf[0].lbads = 9;
	nd->lbaf[1].lbads = 12;
	nd->lbaf[1].rp = 0;
	nd->lbaf[2].lbads = ns->block_size == 65536 ? 16 : 0;
	nd->flbas.format = ns->block_size == 65536 ? 2 : ns->block_size == 4096 ? 1 : 0;
	nd->lbaf[nd->flbas.format].ms = ns->ms;
	nd->flbas.extended = ns->extended;
	nd->mc.extended = ns->ms != 0;
	nd->mc.pointer = ns->ms != 0;
	nd->dlfeat.bits.read_value = SPDK_NVME_DEALLOC_READ_00;
	nd->dlfeat.bits.write_zero_deallocate = 1;
	nd->nvmcap[0] = ns->num_blocks * ns->block_size;
	ns_ids(m, nsid, &nd->eui64, nd->nguid);
}

void
model_admin_identify(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint8_t *buf = m->scratch;
	uint32_t nsid = cmd->nsid;

	memset(buf, 0, IDENTIFY_SIZE);
	switch (cmd->cdw10_bits.identify.cns) {
	case SPDK_NVME_IDENTIFY_NS:
		if (nsid == SPDK_NVME_GLOBAL_NS_TAG && m->opts.ns_management) {
			/* Capabilities common to all namespaces (§5.15.2.1): the formats. */
			struct spdk_nvme_ns_data *nd = (struct spdk_nvme_ns_data *)buf;

			nd->nlbaf = 1;
			nd->lbaf[0].lbads = 9;
			nd->lbaf[1].lbads = 12;
			break;
		}
		if (nsid == 0 || nsid > nvme_model_nn(m)) {
			/* Includes FFFFFFFFh: no namespace management here. */
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
			break;
		}
		build_ns_data(m, nsid, (struct spdk_nvme_ns_data *)buf);
		break;
	case SPDK_NVME_IDENTIFY_CTRLR_IOCS:
		/* CSI in CDW11 31:24: the NVM data here, ZNS in nvme_model_zns.c. */
		if ((uint8_t)(c->sqe.cdw11 >> 24) == SPDK_NVME_CSI_NVM) {
			model_admin_identify_iocs(m, c, st);
			return;
		}
		model_zns_identify(m, &c->sqe, buf, st);
		break;
	case SPDK_NVME_IDENTIFY_CTRLR:
		build_ctrlr_data(m, (struct spdk_nvme_ctrlr_data *)buf);
		break;
	case SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST: {
		struct spdk_nvme_ns_list *list = (struct spdk_nvme_ns_list *)buf;
		uint32_t id, n = 0;

		if (nsid >= 0xfffffffe) {
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
			break;
		}
		/* Active NSIDs greater than CDW1.NSID, increasing (§5.15.2.3 CNS 02h). */
		for (id = nsid + 1; id <= m->opts.nn && id <= NVME_MODEL_MAX_NS && n < 1024; id++) {
			if (m->ns[id - 1].active) {
				list->ns_list[n++] = id;
			}
		}
		break;
	}
	case SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST: {
		struct spdk_nvme_ns_id_desc *d;
		uint64_t eui64;
		uint8_t nguid[16];

		if (model_active_ns(m, nsid) == NULL) {
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
			break;
		}
		ns_ids(m, nsid, &eui64, nguid);
		d = (struct spdk_nvme_ns_id_desc *)buf;
		d->nidt = SPDK_NVME_NIDT_EUI64;
		d->nidl = 8;
		memcpy(d->nid, &eui64, 8);
		d = (struct spdk_nvme_ns_id_desc *)(buf + 4 + 8);
		d->nidt = SPDK_NVME_NIDT_NGUID;
		d->nidl = 16;
		memcpy(d->nid, nguid, 16);
		d = (struct spdk_nvme_ns_id_desc *)(buf + 4 + 8 + 4 + 16);
		d->nidt = SPDK_NVME_NIDT_UUID;
		d->nidl = 16;
		ns_uuid(m, nsid, d->nid);
		if (m->opts.iocs) {
			d = (struct spdk_nvme_ns_id_desc *)(buf + 4 + 8 + 4 + 16 + 4 + 16);
			d->nidt = SPDK_NVME_NIDT_CSI;
			d->nidl = 1;
			d->nid[0] = model_active_ns(m, nsid)->zones != NULL ? SPDK_NVME_CSI_ZNS :
				    SPDK_NVME_CSI_NVM;
		}
		break;
	}
	case SPDK_NVME_IDENTIFY_NS_IOCS:
		model_zns_identify(m, cmd, buf, st);
		break;
	default:
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		break;
	}
	model_apply_data_hook(m, cmd, buf, IDENTIFY_SIZE, st);
	if (st->sct == SPDK_NVME_SCT_GENERIC && st->sc == SPDK_NVME_SC_SUCCESS) {
		model_prp_transfer(m, c, buf, IDENTIFY_SIZE, true, st);
	}
}

void
model_admin_get_log_page(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint64_t len;
	uint64_t offset = (uint64_t)cmd->cdw13 << 32 | cmd->cdw12;
	uint8_t lid = cmd->cdw10_bits.get_log_page.lid;
	uint8_t *page = m->scratch;
	uint32_t page_size = 0;
	uint8_t *out;
	uint64_t avail;
	int rc;

	if (lid == SPDK_NVME_LOG_DISCOVERY && m->opts.disc_log) {
		/* Larger than the scratch page: built piece by piece. */
		model_discovery_log(m, c, st);
		return;
	}
	memset(page, 0, IDENTIFY_SIZE);
	switch (lid) {
	case SPDK_NVME_LOG_ERROR:
		page_size = ((uint32_t)m->opts.elpe + 1) * 64;
		if (page_size > IDENTIFY_SIZE) {
			page_size = IDENTIFY_SIZE;
		}
		memcpy(page, m->errlog, (size_t)m->nerrlog * 64 < page_size ?
		       (size_t)m->nerrlog * 64 : page_size);
		break;
	case SPDK_NVME_LOG_HEALTH_INFORMATION: {
		struct spdk_nvme_health_information_page *h = (void *)page;
		uint64_t rd = 0, wr = 0;

		if (cmd->nsid != 0 && cmd->nsid != SPDK_NVME_GLOBAL_NS_TAG) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			break;
		}
		page_size = sizeof(*h);
		h->temperature = m->temperature;
		h->critical_warning.bits.temperature = model_temp_out_of_range(m);
		h->available_spare = 100;
		h->available_spare_threshold = 10;
		h->percentage_used = 0;
		h->data_units_read[0] = (m->stats.bytes_to_host / 512 + 999) / 1000;
		h->data_units_written[0] = (m->stats.bytes_from_host / 512 + 999) / 1000;
		rd = m->stats.io_cmds[SPDK_NVME_OPC_READ] + m->stats.io_cmds[SPDK_NVME_OPC_COMPARE];
		wr = m->stats.io_cmds[SPDK_NVME_OPC_WRITE];
		h->host_read_commands[0] = rd;
		h->host_write_commands[0] = wr;
		h->power_cycles[0] = 1;
		h->power_on_hours[0] = 1;
		h->num_error_info_log_entries[0] = m->error_count;
		break;
	}
	case SPDK_NVME_LOG_FIRMWARE_SLOT: {
		struct spdk_nvme_firmware_page *fw = (void *)page;

		page_size = sizeof(*fw);
		fw->afi.active_slot = m->fw_active_slot;
		fw->afi.next_reset_slot = m->fw_next_slot;
		for (uint32_t s = 1; s <= 7; s++) {
			if (m->fw_slot_rev[s][0] != '\0') {
				pad_string(fw->revision[s - 1], m->fw_slot_rev[s], 8);
			}
		}
		break;
	}
	case SPDK_NVME_LOG_COMMAND_EFFECTS_LOG:
		model_zns_effects_log(m, cmd, page);
		page_size = IDENTIFY_SIZE;
		break;
	case SPDK_NVME_LOG_CHANGED_NS_LIST:
		page_size = 4096;
		memcpy(page, m->changed_ns, m->nchanged_ns * sizeof(uint32_t));
		m->nchanged_ns = 0;
		break;
	default:
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_LOG_PAGE);
		break;
	}
	/* A test's hook may change the page, or supply one the model has not. */
	model_apply_data_hook(m, cmd, page, IDENTIFY_SIZE, st);
	if (st->sct != SPDK_NVME_SCT_GENERIC || st->sc != SPDK_NVME_SC_SUCCESS) {
		return;
	}
	if (page_size == 0) {
		page_size = IDENTIFY_SIZE;
	}
	if (offset >= page_size) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	/* Bytes past the end of the log read as zero. */
	out = model_log_buffer(m, cmd, &offset, &len, st);
	if (out == NULL) {
		return;
	}
	avail = page_size - offset;
	memcpy(out, page + offset, avail < len ? avail : len);
	rc = model_prp_transfer(m, c, out, len, true, st);
	free(out);
	if (rc == 0 && !(cmd->cdw10 & (1u << 15))) {
		/* RAE clear: the events this page reports are cleared (§5.14). */
		for (uint32_t t = 0; t < 8; t++) {
			if ((m->aen_masked & (1u << t)) && m->aen_masked_lid[t] == lid) {
				m->aen_masked &= (uint8_t)~(1u << t);
			}
		}
		model_aer_deliver(m);
	}
}
