/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: the I/O commands beyond read/write (VERIFY, COPY,
 * reservations accepted without state) and the Zoned Namespace command set
 * (ZNS 1.0): I/O command set specific Identify, the ZNS effects log, zone
 * states and write pointers, ZONE MANAGEMENT SEND/RECEIVE, ZONE APPEND.
 */
#include <stdlib.h>
#include <string.h>

#include "nvme_model_internal.h"

struct model_zone {
	uint64_t	wp;
	uint8_t		state;		/* enum spdk_nvme_zns_zone_state */
};

#define MODEL_ZNS_SC(sc)	SPDK_NVME_SCT_COMMAND_SPECIFIC, (sc)

int
model_zns_ns_init(struct model_ns *ns, const struct nvme_model_ns_opts *o)
{
	if (!o->zoned || ns->num_blocks == 0) {
		return 0;
	}
	ns->zone_size = o->zone_size != 0 ? o->zone_size : 1024;
	ns->nr_zones = (uint32_t)(ns->num_blocks / ns->zone_size);
	ns->zones = calloc(ns->nr_zones ? ns->nr_zones : 1, sizeof(*ns->zones));
	if (ns->zones == NULL) {
		return -1;
	}
	for (uint32_t z = 0; z < ns->nr_zones; z++) {
		ns->zones[z].wp = (uint64_t)z * ns->zone_size;
		ns->zones[z].state = SPDK_NVME_ZONE_STATE_EMPTY;
	}
	return 0;
}

/* CNS 05h (namespace) / 06h (controller) for CSI in CDW11 bits 31:24. */
void
model_zns_identify(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, uint8_t *buf,
		   struct cmd_status *st)
{
	uint8_t csi = (uint8_t)(cmd->cdw11 >> 24);
	struct model_ns *ns;

	if (!m->opts.iocs) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (cmd->cdw10_bits.identify.cns == SPDK_NVME_IDENTIFY_CTRLR_IOCS) {
		if (csi == SPDK_NVME_CSI_ZNS) {
			((struct spdk_nvme_zns_ctrlr_data *)buf)->zasl = m->opts.zasl;
		} else if (csi != SPDK_NVME_CSI_NVM) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		}
		return;
	}
	ns = model_active_ns(m, cmd->nsid);
	if (ns == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
		return;
	}
	if (csi == SPDK_NVME_CSI_ZNS && ns->zones != NULL) {
		struct spdk_nvme_zns_ns_data *zd = (struct spdk_nvme_zns_ns_data *)buf;
		/* The model's namespace data uses format 0, 1 or 2 (512 B, 4 KiB, 64 KiB). */
		uint32_t fmt = ns->block_size == 65536 ? 2 : ns->block_size == 4096 ? 1 : 0;

		zd->mar = UINT32_MAX;
		zd->mor = UINT32_MAX;
		zd->lbafe[fmt].zsze = ns->zone_size;
	} else if (csi != SPDK_NVME_CSI_NVM) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, 0x29 /* I/O command set not supported */);
	}
}

void
model_zns_effects_log(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, uint8_t *page)
{
	struct spdk_nvme_cmds_and_effect_log_page *log = (void *)page;
	static const uint8_t nvm_io[] = { SPDK_NVME_OPC_FLUSH, SPDK_NVME_OPC_WRITE,
					  SPDK_NVME_OPC_READ };

	for (size_t i = 0; i < sizeof(nvm_io); i++) {
		log->io_cmds_supported[nvm_io[i]].csupp = 1;
	}
	if ((cmd->cdw14 >> 24) == SPDK_NVME_CSI_ZNS && m->opts.iocs) {
		log->io_cmds_supported[SPDK_NVME_OPC_ZONE_MGMT_SEND].csupp = 1;
		log->io_cmds_supported[SPDK_NVME_OPC_ZONE_MGMT_RECV].csupp = 1;
		log->io_cmds_supported[SPDK_NVME_OPC_ZONE_APPEND].csupp = m->opts.zone_append;
	}
}

static struct model_zone *
zone_of(struct model_ns *ns, uint64_t lba)
{
	uint64_t z = lba / ns->zone_size;

	return z < ns->nr_zones ? &ns->zones[z] : NULL;
}

bool
model_zone_write(struct model_ns *ns, uint64_t slba, uint64_t nlb, struct cmd_status *st)
{
	struct model_zone *z = zone_of(ns, slba);
	uint64_t zend;

	if (z == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE);
		return false;
	}
	zend = (slba / ns->zone_size + 1) * ns->zone_size;
	if (z->state == SPDK_NVME_ZONE_STATE_FULL) {
		set_status(st, MODEL_ZNS_SC(SPDK_NVME_SC_ZONE_IS_FULL));
		return false;
	}
	if (z->state == SPDK_NVME_ZONE_STATE_OFFLINE) {
		set_status(st, MODEL_ZNS_SC(SPDK_NVME_SC_ZONE_IS_OFFLINE));
		return false;
	}
	if (slba != z->wp) {
		set_status(st, MODEL_ZNS_SC(SPDK_NVME_SC_ZONE_INVALID_WRITE));
		return false;
	}
	if (slba + nlb > zend) {
		set_status(st, MODEL_ZNS_SC(SPDK_NVME_SC_ZONED_BOUNDARY_ERROR));
		return false;
	}
	z->wp += nlb;
	z->state = z->wp == zend ? SPDK_NVME_ZONE_STATE_FULL :
		   z->state == SPDK_NVME_ZONE_STATE_EOPEN ? SPDK_NVME_ZONE_STATE_EOPEN :
		   SPDK_NVME_ZONE_STATE_IOPEN;
	return true;
}

/* One zone's transition for a Zone Send Action (ZNS 1.0 §4.3.1.1). */
static bool
zone_action(struct model_ns *ns, struct model_zone *z, uint8_t zsa, bool all)
{
	uint64_t zslba = (uint64_t)(z - ns->zones) * ns->zone_size;
	uint8_t s = z->state;
	bool open = s == SPDK_NVME_ZONE_STATE_IOPEN || s == SPDK_NVME_ZONE_STATE_EOPEN;

	switch (zsa) {
	case SPDK_NVME_ZONE_CLOSE:
		if (open) {
			z->state = SPDK_NVME_ZONE_STATE_CLOSED;
			return true;
		}
		return all || s == SPDK_NVME_ZONE_STATE_CLOSED;
	case SPDK_NVME_ZONE_FINISH:
		if (open || s == SPDK_NVME_ZONE_STATE_CLOSED || (!all && s == SPDK_NVME_ZONE_STATE_EMPTY)) {
			z->state = SPDK_NVME_ZONE_STATE_FULL;
			z->wp = zslba + ns->zone_size;
			return true;
		}
		return all || s == SPDK_NVME_ZONE_STATE_FULL;
	case SPDK_NVME_ZONE_OPEN:
		if (s == SPDK_NVME_ZONE_STATE_CLOSED || (!all && (open || s == SPDK_NVME_ZONE_STATE_EMPTY))) {
			z->state = SPDK_NVME_ZONE_STATE_EOPEN;
			return true;
		}
		return all;
	case SPDK_NVME_ZONE_RESET:
		if (s != SPDK_NVME_ZONE_STATE_OFFLINE && s != SPDK_NVME_ZONE_STATE_RONLY) {
			z->state = SPDK_NVME_ZONE_STATE_EMPTY;
			z->wp = zslba;
			return true;
		}
		return all;
	case SPDK_NVME_ZONE_OFFLINE:
		if (s == SPDK_NVME_ZONE_STATE_RONLY) {
			z->state = SPDK_NVME_ZONE_STATE_OFFLINE;
			return true;
		}
		return all || s == SPDK_NVME_ZONE_STATE_OFFLINE;
	default:
		return false;
	}
}

static void
exec_zone_send(struct model_ns *ns, const struct spdk_nvme_cmd *cmd, struct cmd_status *st)
{
	uint64_t slba = (uint64_t)cmd->cdw11 << 32 | cmd->cdw10;
	uint8_t zsa = (uint8_t)cmd->cdw13;
	bool all = (cmd->cdw13 >> 8) & 1;
	struct model_zone *z;

	if (zsa == SPDK_NVME_ZONE_SET_ZDE || zsa == 0 || zsa > SPDK_NVME_ZONE_OFFLINE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (all) {
		for (uint32_t i = 0; i < ns->nr_zones; i++) {
			zone_action(ns, &ns->zones[i], zsa, true);
		}
		return;
	}
	z = zone_of(ns, slba);
	if (z == NULL || slba % ns->zone_size != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (!zone_action(ns, z, zsa, false)) {
		set_status(st, MODEL_ZNS_SC(SPDK_NVME_SC_INVALID_ZONE_STATE_TRANSITION));
	}
}

static bool
zone_listed(const struct model_zone *z, uint8_t zrasf)
{
	static const uint8_t want[] = { 0, SPDK_NVME_ZONE_STATE_EMPTY, SPDK_NVME_ZONE_STATE_IOPEN,
					SPDK_NVME_ZONE_STATE_EOPEN, SPDK_NVME_ZONE_STATE_CLOSED,
					SPDK_NVME_ZONE_STATE_FULL, SPDK_NVME_ZONE_STATE_RONLY,
					SPDK_NVME_ZONE_STATE_OFFLINE };

	return zrasf == 0 || (zrasf < sizeof(want) && z->state == want[zrasf]);
}

static void
exec_zone_recv(struct nvme_model *m, struct model_cmd *c, struct model_ns *ns,
	       struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint64_t slba = (uint64_t)cmd->cdw11 << 32 | cmd->cdw10;
	uint64_t len = ((uint64_t)cmd->cdw12 + 1) * 4;
	uint8_t zra = (uint8_t)cmd->cdw13, zrasf = (uint8_t)(cmd->cdw13 >> 8);
	bool partial = (cmd->cdw13 >> 16) & 1;
	struct spdk_nvme_zns_zone_report *rep;
	uint64_t n = 0, fit = len >= 64 ? (len - 64) / 64 : 0;

	if (zra != SPDK_NVME_ZONE_REPORT || zone_of(ns, slba) == NULL || len > m->max_xfer) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	rep = calloc(1, len < 64 ? 64 : len);
	if (rep == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
		return;
	}
	for (uint32_t i = (uint32_t)(slba / ns->zone_size); i < ns->nr_zones; i++) {
		struct model_zone *z = &ns->zones[i];

		if (!zone_listed(z, zrasf)) {
			continue;
		}
		if (n < fit) {
			struct spdk_nvme_zns_zone_desc *d = &rep->descs[n];

			d->zt = SPDK_NVME_ZONE_TYPE_SEQWR;
			d->zs = z->state;
			d->zcap = ns->zone_size;
			d->zslba = (uint64_t)i * ns->zone_size;
			d->wp = z->wp;
		}
		n++;
	}
	rep->nr_zones = partial && n > fit ? fit : n;
	model_prp_transfer(m, c, rep, len, true, st);
	free(rep);
}

/* ZONE APPEND: a write at the zone's write pointer; CDW0/1 = the LBA written. */
static void
exec_zone_append(struct nvme_model *m, struct model_cmd *c, struct model_ns *ns,
		 struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint64_t zslba = (uint64_t)cmd->cdw11 << 32 | cmd->cdw10;
	uint64_t nlb = (cmd->cdw12 & 0xffff) + 1u, len = nlb * ns->block_size;
	struct model_zone *z = zone_of(ns, zslba);
	uint64_t wp;

	if (!m->opts.zone_append || z == NULL || zslba % ns->zone_size != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, z == NULL || !m->opts.zone_append ?
			   SPDK_NVME_SC_INVALID_OPCODE : SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	wp = z->wp;
	if (len > m->max_xfer || !model_zone_write(ns, wp, nlb, st)) {
		if (len > m->max_xfer) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		}
		return;
	}
	if (model_prp_transfer(m, c, ns->mem != NULL ? ns->mem + wp * ns->block_size : NULL, len,
			       false, st) == 0 && ns->ms != 0 && !ns->extended && ns->md != NULL) {
		model_md_transfer(m, c, ns->md + wp * ns->ms, nlb * ns->ms, false, st);
	}
	st->cdw0 = (uint32_t)wp;	/* (CDW1 holds the upper half; the model posts CDW0) */
}

/* COPY, format 0 (NVM 1.0 §3.3.1): read the ranges, copy in namespace memory. */
static void
exec_copy(struct nvme_model *m, struct model_cmd *c, struct model_ns *ns, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint64_t dst = (uint64_t)cmd->cdw11 << 32 | cmd->cdw10;
	uint32_t nr = (cmd->cdw12 & 0xff) + 1;
	struct spdk_nvme_scc_source_range r[256];

	if (((cmd->cdw12 >> 8) & 0xf) != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (model_prp_transfer(m, c, r, (uint64_t)nr * sizeof(r[0]), false, st) != 0) {
		return;
	}
	for (uint32_t i = 0; i < nr; i++) {
		uint64_t nlb = (uint64_t)r[i].nlb + 1;

		if (r[i].slba + nlb > ns->num_blocks || dst + nlb > ns->num_blocks) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE);
			return;
		}
		if (ns->mem != NULL) {
			memmove(ns->mem + dst * ns->block_size, ns->mem + r[i].slba * ns->block_size,
				nlb * ns->block_size);
		}
		dst += nlb;
	}
}

bool
model_exec_io_more(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint16_t oncs = m->opts.oncs;
	struct model_ns *ns;
	bool zns_opc = cmd->opc == SPDK_NVME_OPC_ZONE_MGMT_SEND ||
		       cmd->opc == SPDK_NVME_OPC_ZONE_MGMT_RECV ||
		       cmd->opc == SPDK_NVME_OPC_ZONE_APPEND;

	switch (cmd->opc) {
	case SPDK_NVME_OPC_VERIFY:
		if (!(oncs & 0x80)) {
			return false;
		}
		break;
	case SPDK_NVME_OPC_COPY:
		if (!(oncs & 0x100)) {
			return false;
		}
		break;
	case SPDK_NVME_OPC_RESERVATION_REGISTER:
	case SPDK_NVME_OPC_RESERVATION_REPORT:
	case SPDK_NVME_OPC_RESERVATION_ACQUIRE:
	case SPDK_NVME_OPC_RESERVATION_RELEASE:
		if (!(oncs & 0x20)) {
			return false;
		}
		break;
	default:
		if (!zns_opc) {
			return false;
		}
		break;
	}
	ns = model_active_ns(m, cmd->nsid);
	if (ns == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
		return true;
	}
	if (zns_opc && ns->zones == NULL) {
		return false;
	}
	switch (cmd->opc) {
	case SPDK_NVME_OPC_VERIFY: {
		uint64_t slba = (uint64_t)cmd->cdw11 << 32 | cmd->cdw10;

		if (slba + (cmd->cdw12 & 0xffff) + 1 > ns->num_blocks) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE);
		}
		break;
	}
	case SPDK_NVME_OPC_COPY:
		exec_copy(m, c, ns, st);
		break;
	case SPDK_NVME_OPC_ZONE_MGMT_SEND:
		exec_zone_send(ns, cmd, st);
		break;
	case SPDK_NVME_OPC_ZONE_MGMT_RECV:
		exec_zone_recv(m, c, ns, st);
		break;
	case SPDK_NVME_OPC_ZONE_APPEND:
		exec_zone_append(m, c, ns, st);
		break;
	case SPDK_NVME_OPC_RESERVATION_REPORT: {
		/* No reservation state: generation 1, nothing registered. */
		uint8_t rep[64] = { 1 };
		uint64_t len = ((uint64_t)cmd->cdw10 + 1) * 4;

		model_prp_transfer(m, c, rep, len < sizeof(rep) ? len : sizeof(rep), true, st);
		break;
	}
	default:
		/* Take the data structure (release: CRKEY only; §6.12-6.14), keep no state. */
		{
			uint8_t data[16];

			model_prp_transfer(m, c, data, cmd->opc == SPDK_NVME_OPC_RESERVATION_RELEASE ?
					   8 : 16, false, st);
		}
		break;
	}
	return true;
}
