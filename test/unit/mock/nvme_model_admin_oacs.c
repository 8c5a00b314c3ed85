/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: the optional admin commands advertised in OACS (§5.15.2.2
 * Identify Controller): Format NVM (§5.23), Namespace Management and
 * Attachment (§5.20, §5.19), Firmware Image Download and Commit (§5.13,
 * §5.12).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "nvme_model_internal.h"

#define MODEL_NS_POOL_BYTES	(64ull * 1024 * 1024)

/* Give a namespace fresh (zero) memory for num_blocks of block_size, no metadata. */
static int
model_ns_layout(struct model_ns *ns, uint64_t num_blocks, uint32_t block_size, bool null_data)
{
	if (ns->mem != NULL) {
		munmap(ns->mem, ns->mem_size);
	}
	if (ns->md != NULL) {
		munmap(ns->md, ns->md_size);
	}
	free(ns->unc);
	memset(ns, 0, sizeof(*ns));
	ns->num_blocks = num_blocks;
	ns->block_size = block_size;
	ns->unc = calloc((num_blocks + 7) / 8 + 1, 1);
	if (ns->unc == NULL) {
		return -ENOMEM;
	}
	if (!null_data && num_blocks != 0) {
		ns->mem_size = num_blocks * block_size;
		ns->mem = mmap(NULL, ns->mem_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (ns->mem == MAP_FAILED) {
			ns->mem = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* FORMAT NVM (§5.23): LBAF 3:0, MSET 4, PI 7:5, PIL 8, SES 11:9. */
void
model_admin_format(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint32_t cdw10 = c->sqe.cdw10;
	uint32_t nsid = c->sqe.nsid;
	uint32_t lbaf = cdw10 & 0xf, pi = (cdw10 >> 5) & 0x7, ses = (cdw10 >> 9) & 0x7;
	uint32_t bs = lbaf == 1 ? 4096 : 512;
	uint32_t first = nsid, last = nsid;

	if (nsid == SPDK_NVME_GLOBAL_NS_TAG) {
		first = 1;
		last = m->opts.nn;
	} else if (model_active_ns(m, nsid) == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
		return;
	}
	if (lbaf > 1 || pi != 0) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_FORMAT);
		return;
	}
	if (ses > SPDK_NVME_FMT_NVM_SES_USER_DATA_ERASE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	for (uint32_t id = first; id <= last; id++) {
		struct model_ns *ns = model_active_ns(m, id);
		uint64_t bytes;

		if (ns == NULL) {
			continue;
		}
		/* Same capacity in the new block size; every block reads zero after. */
		bytes = ns->num_blocks * ns->block_size;
		if (model_ns_layout(ns, bytes / bs, bs, m->opts.null_data) != 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			return;
		}
		ns->active = true;
	}
}

static uint64_t
model_ns_bytes_allocated(const struct nvme_model *m)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < NVME_MODEL_MAX_NS; i++) {
		total += m->ns[i].num_blocks * m->ns[i].block_size;
	}
	return total;
}

static void
model_ns_changed(struct nvme_model *m, uint32_t nsid)
{
	uint32_t i;

	for (i = 0; i < m->nchanged_ns && m->changed_ns[i] != nsid; i++) {
	}
	if (i == m->nchanged_ns && m->nchanged_ns < 1024) {
		m->changed_ns[m->nchanged_ns++] = nsid;
	}
}

/* NAMESPACE MANAGEMENT (§5.20): SEL 0 create (NSID in CDW0), 1 delete. */
void
model_admin_ns_management(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint32_t sel = c->sqe.cdw10 & 0xf;
	uint32_t nsid = c->sqe.nsid;

	if (sel == SPDK_NVME_NS_MANAGEMENT_CREATE) {
		struct spdk_nvme_ns_data *nd = (struct spdk_nvme_ns_data *)m->scratch;
		uint32_t bs, id;

		if (model_prp_transfer(m, c, nd, sizeof(*nd), false, st) != 0) {
			return;
		}
		bs = nd->flbas.format == 1 ? 4096 : 512;
		if (nd->flbas.format > 1 || nd->nsze == 0 || nd->ncap != nd->nsze) {
			/* Thin provisioning is not supported: NCAP must equal NSZE. */
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			return;
		}
		if (model_ns_bytes_allocated(m) + nd->nsze * bs > MODEL_NS_POOL_BYTES) {
			set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
				   SPDK_NVME_SC_NAMESPACE_INSUFFICIENT_CAPACITY);
			return;
		}
		for (id = 1; id <= m->opts.nn && m->ns[id - 1].num_blocks != 0; id++) {
		}
		if (id > m->opts.nn) {
			set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
				   SPDK_NVME_SC_NAMESPACE_ID_UNAVAILABLE);
			return;
		}
		if (model_ns_layout(&m->ns[id - 1], nd->nsze, bs, m->opts.null_data) != 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			return;
		}
		st->cdw0 = id;	/* created, not attached */
		return;
	}
	if (sel != SPDK_NVME_NS_MANAGEMENT_DELETE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	for (uint32_t id = 1; id <= m->opts.nn; id++) {
		struct model_ns *ns = &m->ns[id - 1];

		if (nsid != SPDK_NVME_GLOBAL_NS_TAG && nsid != id) {
			continue;
		}
		if (ns->num_blocks == 0) {
			if (nsid == id) {
				set_status(st, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
				return;
			}
			continue;
		}
		if (ns->active) {
			model_ns_changed(m, id);
		}
		model_ns_layout(ns, 0, 512, true);
	}
	if (nsid == 0 || (nsid > m->opts.nn && nsid != SPDK_NVME_GLOBAL_NS_TAG)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
	}
}

/* NAMESPACE ATTACHMENT (§5.19): SEL 0 attach, 1 detach, controller list in the data.
 * No notice to this controller: the host that sent the command knows. */
void
model_admin_ns_attachment(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	struct spdk_nvme_ctrlr_list *list = (struct spdk_nvme_ctrlr_list *)m->scratch;
	uint32_t sel = c->sqe.cdw10 & 0xf;
	uint32_t nsid = c->sqe.nsid;
	struct model_ns *ns;
	bool ours = false;

	if (sel > SPDK_NVME_NS_CTRLR_DETACH) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (nsid == 0 || nsid > m->opts.nn || m->ns[nsid - 1].num_blocks == 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
		return;
	}
	if (model_prp_transfer(m, c, list, sizeof(*list), false, st) != 0) {
		return;
	}
	for (uint32_t i = 0; i < list->ctrlr_count && i < 2047; i++) {
		ours = ours || list->ctrlr_list[i] == m->opts.cntlid;
	}
	if (list->ctrlr_count == 0 || !ours) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_CONTROLLER_LIST_INVALID);
		return;
	}
	ns = &m->ns[nsid - 1];
	if (sel == SPDK_NVME_NS_CTRLR_ATTACH && ns->active) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_NAMESPACE_ALREADY_ATTACHED);
		return;
	}
	if (sel == SPDK_NVME_NS_CTRLR_DETACH && !ns->active) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_NAMESPACE_NOT_ATTACHED);
		return;
	}
	ns->active = sel == SPDK_NVME_NS_CTRLR_ATTACH;
}

int
nvme_model_set_ns_active(struct nvme_model *m, uint32_t nsid, bool active)
{
	uint32_t i;

	if (nsid == 0 || nsid > m->opts.nn || nsid > NVME_MODEL_MAX_NS) {
		return -EINVAL;
	}
	if (active && m->ns[nsid - 1].num_blocks == 0) {
		return -EINVAL;
	}
	m->ns[nsid - 1].active = active;
	for (i = 0; i < m->nchanged_ns && m->changed_ns[i] != nsid; i++) {
	}
	if (i == m->nchanged_ns && m->nchanged_ns < 1024) {
		m->changed_ns[m->nchanged_ns++] = nsid;
	}
	nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_NOTICE,
				    SPDK_NVME_ASYNC_EVENT_NS_ATTR_CHANGED,
				    SPDK_NVME_LOG_CHANGED_NS_LIST);
	return 0;
}

#define MODEL_FW_MAX_IMAGE	(256u * 1024)

/* FIRMWARE IMAGE DOWNLOAD (§5.13): NUMD (0's based) in CDW10, OFST (dwords) in CDW11. */
void
model_admin_fw_download(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint64_t len = ((uint64_t)c->sqe.cdw10 + 1) * 4;
	uint64_t off = (uint64_t)c->sqe.cdw11 * 4;
	uint32_t gran = (m->opts.fwug == 0 || m->opts.fwug == 0xff) ? 4 : m->opts.fwug * 4096u;

	if (off % gran != 0 || off + len > MODEL_FW_MAX_IMAGE || off > m->fw_image_len) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (off < m->fw_image_len) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_OVERLAPPING_RANGE);
		return;
	}
	if (m->fw_image == NULL) {
		m->fw_image = calloc(1, MODEL_FW_MAX_IMAGE);
		if (m->fw_image == NULL) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			return;
		}
	}
	if (model_prp_transfer(m, c, m->fw_image + off, len, false, st) == 0) {
		m->fw_image_len = (uint32_t)(off + len);
	}
}

/* FIRMWARE COMMIT (§5.12): FS 2:0, CA 5:3.  The image's first 8 bytes are its revision. */
void
model_admin_fw_commit(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint32_t fs = c->sqe.cdw10 & 0x7, ca = (c->sqe.cdw10 >> 3) & 0x7;

	if (ca == SPDK_NVME_FW_COMMIT_REPLACE_BOOT_PARTITION ||
	    ca == SPDK_NVME_FW_COMMIT_ACTIVATE_BOOT_PARTITION) {
		model_bp_commit(m, ca, c->sqe.cdw10 >> 31, st);
		return;
	}
	if (fs == 0) {
		fs = 2;		/* the controller chooses: the writable slot */
	}
	if (fs > 2 || ca > SPDK_NVME_FW_COMMIT_RUN_IMG ||
	    (fs == 1 && ca <= SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG)) {
		/* Slot 1 is read-only (FRMW bit 0); two slots. */
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_FIRMWARE_SLOT);
		return;
	}
	if (ca <= SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG) {
		if (m->fw_image_len < 8) {
			set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
				   SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE);
			return;
		}
		memcpy(m->fw_slot_rev[fs], m->fw_image, 8);
		m->fw_slot_rev[fs][8] = '\0';
		m->fw_image_len = 0;
		if (ca == SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG) {
			m->fw_next_slot = (uint8_t)fs;
		}
		return;
	}
	if (m->fw_slot_rev[fs][0] == '\0') {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE);
		return;
	}
	m->fw_next_slot = (uint8_t)fs;
	if (ca == SPDK_NVME_FW_COMMIT_RUN_IMG) {
		/* No activation without reset (FRMW bit 4 clear): at the next reset. */
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_FIRMWARE_REQ_RESET);
	}
}
