/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Zoned Namespace command set (NVMe ZNS 1.0): getters over the ZNS
 * Identify data (nvme_ns_iocs.c), ZONE APPEND (§4.5) through the general
 * data command, ZONE MANAGEMENT SEND (§4.3) and RECEIVE (§4.4).
 */
#include <errno.h>

#include "spdk/nvme_zns.h"
#include "nvme_ns_cmd.h"

const struct spdk_nvme_zns_ns_data *
spdk_nvme_zns_ns_get_data(struct spdk_nvme_ns *ns)
{
	return ns->nsdata_zns;
}

uint64_t
spdk_nvme_zns_ns_get_zone_size_sectors(struct spdk_nvme_ns *ns)
{
	if (ns->nsdata_zns == NULL || ns->nsdata == NULL) {
		return 0;
	}
	return ns->nsdata_zns->lbafe[spdk_nvme_ns_get_format_index(ns->nsdata)].zsze;
}

uint64_t
spdk_nvme_zns_ns_get_zone_size(struct spdk_nvme_ns *ns)
{
	return spdk_nvme_zns_ns_get_zone_size_sectors(ns) * ns->sector_size;
}

uint64_t
spdk_nvme_zns_ns_get_num_zones(struct spdk_nvme_ns *ns)
{
	uint64_t zsze = spdk_nvme_zns_ns_get_zone_size_sectors(ns);

	return zsze != 0 ? ns->num_sectors / zsze : 0;
}

uint32_t
spdk_nvme_zns_ns_get_max_open_zones(struct spdk_nvme_ns *ns)
{
	return ns->nsdata_zns != NULL ? ns->nsdata_zns->mor + 1 : 0;
}

uint32_t
spdk_nvme_zns_ns_get_max_active_zones(struct spdk_nvme_ns *ns)
{
	return ns->nsdata_zns != NULL ? ns->nsdata_zns->mar + 1 : 0;
}

const struct spdk_nvme_zns_ctrlr_data *
spdk_nvme_zns_ctrlr_get_data(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->cdata_zns;
}

uint32_t
spdk_nvme_zns_ctrlr_get_max_zone_append_size(const struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->max_zone_append_size;
}

/* A zone command needs a zoned namespace whose ZNS data was read. */
static int
nvme_zns_check(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, const char *what)
{
	int rc = nvme_ns_check_target(ns, qpair, what);

	if (rc == 0 && ns->nsdata_zns == NULL) {
		EALNVME_ERRLOG("%s: %s: ns %u is not a zoned namespace (CSI %u), or the controller "
			       "was not enabled with all I/O command sets (opts.command_set)", what,
			       nvme_ctrlr_name(ns->ctrlr), ns->id, (unsigned)ns->csi);
		rc = -EINVAL;
	}
	return rc;
}

/* ---- ZONE APPEND ------------------------------------------------------------------ */

static int
nvme_zns_append(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		struct nvme_ns_rw_args *a)
{
	const uint32_t piremap = a->io_flags & SPDK_NVME_IO_FLAGS_ZONE_APPEND_PIREMAP;
	uint32_t block;
	int rc = nvme_zns_check(ns, qpair, a->what);

	if (rc != 0) {
		return rc;
	}
	if (!ns->ctrlr->zone_append_supported) {
		EALNVME_ERRLOG("%s: %s does not support ZONE APPEND (ZNS Commands Supported and "
			       "Effects log); write at the write pointer instead", a->what,
			       nvme_ctrlr_name(ns->ctrlr));
		return -EINVAL;
	}
	block = nvme_ns_pract_strips_md(ns, a->io_flags) ? ns->sector_size :
		ns->extended_lba_size;
	if ((uint64_t)a->lba_count * block > ns->ctrlr->max_zone_append_size) {
		EALNVME_ERRLOG("%s: %u blocks exceed the zone append size limit of %u bytes "
			       "(spdk_nvme_zns_ctrlr_get_max_zone_append_size)", a->what,
			       a->lba_count, ns->ctrlr->max_zone_append_size);
		return -EINVAL;
	}
	/* PIREMAP is CDW12 bit 25, outside the io_flags the NVM commands take. */
	a->io_flags &= ~SPDK_NVME_IO_FLAGS_ZONE_APPEND_PIREMAP;
	a->cdw12_extra = piremap;
	a->opc = SPDK_NVME_OPC_ZONE_APPEND;
	a->no_split = true;
	return nvme_ns_rw_md(ns, qpair, a);
}

int
spdk_nvme_zns_zone_append(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *buffer,
			  uint64_t zslba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			  uint32_t io_flags)
{
	return nvme_zns_append(ns, qpair, &(struct nvme_ns_rw_args){
		.what = "zone_append", .payload = buffer, .lba = zslba, .lba_count = lba_count,
		.io_flags = io_flags, .cb_fn = cb_fn, .cb_arg = cb_arg });
}

int
spdk_nvme_zns_zone_append_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				  void *buffer, void *metadata, uint64_t zslba, uint32_t lba_count,
				  spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
				  uint16_t apptag_mask, uint16_t apptag)
{
	return nvme_zns_append(ns, qpair, &(struct nvme_ns_rw_args){
		.what = "zone_append_with_md", .payload = buffer, .metadata = metadata,
		.md_required = true, .lba = zslba, .lba_count = lba_count, .io_flags = io_flags,
		.apptag_mask = apptag_mask, .apptag = apptag, .cb_fn = cb_fn, .cb_arg = cb_arg });
}

int
spdk_nvme_zns_zone_appendv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			   uint64_t zslba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			   uint32_t io_flags, spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			   spdk_nvme_req_next_sge_cb next_sge_fn)
{
	if (reset_sgl_fn == NULL || next_sge_fn == NULL) {
		EALNVME_ERRLOG("zone_appendv: reset_sgl_fn and next_sge_fn are required");
		return -EINVAL;
	}
	return nvme_zns_append(ns, qpair, &(struct nvme_ns_rw_args){
		.what = "zone_appendv", .reset_sgl_fn = reset_sgl_fn, .next_sge_fn = next_sge_fn,
		.lba = zslba, .lba_count = lba_count, .io_flags = io_flags, .cb_fn = cb_fn,
		.cb_arg = cb_arg });
}

int
spdk_nvme_zns_zone_appendv_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				   uint64_t zslba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				   void *cb_arg, uint32_t io_flags,
				   spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				   spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
				   uint16_t apptag_mask, uint16_t apptag)
{
	if (reset_sgl_fn == NULL || next_sge_fn == NULL) {
		EALNVME_ERRLOG("zone_appendv_with_md: reset_sgl_fn and next_sge_fn are required");
		return -EINVAL;
	}
	return nvme_zns_append(ns, qpair, &(struct nvme_ns_rw_args){
		.what = "zone_appendv_with_md", .reset_sgl_fn = reset_sgl_fn,
		.next_sge_fn = next_sge_fn, .metadata = metadata, .md_required = true,
		.lba = zslba, .lba_count = lba_count, .io_flags = io_flags,
		.apptag_mask = apptag_mask, .apptag = apptag, .cb_fn = cb_fn, .cb_arg = cb_arg });
}

/* ---- ZONE MANAGEMENT SEND / RECEIVE ------------------------------------------------ */

/* CDW10/11: SLBA; CDW13: ZSA 7:0, Select All bit 8 (ZNS 1.0 Figure 31). */
static int
nvme_zns_mgmt_send(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t slba,
		   bool select_all, uint8_t zsa, void *buf, uint32_t len, spdk_nvme_cmd_cb cb_fn,
		   void *cb_arg, const char *what)
{
	struct nvme_request *req;
	int rc = nvme_zns_check(ns, qpair, what);

	if (rc == 0 && !select_all && slba >= ns->num_sectors) {
		EALNVME_ERRLOG("%s: zone start LBA %llu beyond the namespace's %llu blocks", what,
			       (unsigned long long)slba, (unsigned long long)ns->num_sectors);
		rc = -EINVAL;
	}
	if (rc == 0) {
		rc = nvme_ns_check_fuse(ns, qpair, SPDK_NVME_OPC_ZONE_MGMT_SEND, 0);
	}
	if (rc == 0) {
		rc = nvme_user_copy_alloc(qpair, buf, len, true, cb_fn, cb_arg, &req);
	}
	if (rc != 0) {
		return rc;
	}
	req->cmd.opc = SPDK_NVME_OPC_ZONE_MGMT_SEND;
	req->cmd.nsid = ns->id;
	if (!select_all) {
		req->cmd.cdw10 = (uint32_t)slba;
		req->cmd.cdw11 = (uint32_t)(slba >> 32);
	}
	req->cmd.cdw13 = zsa | (uint32_t)select_all << 8;
	return nvme_user_copy_submit(qpair, req);
}

int
spdk_nvme_zns_close_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t slba,
			 bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_zns_mgmt_send(ns, qpair, slba, select_all, SPDK_NVME_ZONE_CLOSE, NULL, 0,
				  cb_fn, cb_arg, "close_zone");
}

int
spdk_nvme_zns_finish_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t slba,
			  bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_zns_mgmt_send(ns, qpair, slba, select_all, SPDK_NVME_ZONE_FINISH, NULL, 0,
				  cb_fn, cb_arg, "finish_zone");
}

int
spdk_nvme_zns_open_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t slba,
			bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_zns_mgmt_send(ns, qpair, slba, select_all, SPDK_NVME_ZONE_OPEN, NULL, 0,
				  cb_fn, cb_arg, "open_zone");
}

int
spdk_nvme_zns_reset_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t slba,
			 bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_zns_mgmt_send(ns, qpair, slba, select_all, SPDK_NVME_ZONE_RESET, NULL, 0,
				  cb_fn, cb_arg, "reset_zone");
}

int
spdk_nvme_zns_offline_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			   uint64_t slba, bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_zns_mgmt_send(ns, qpair, slba, select_all, SPDK_NVME_ZONE_OFFLINE, NULL, 0,
				  cb_fn, cb_arg, "offline_zone");
}

int
spdk_nvme_zns_set_zone_desc_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				uint64_t slba, void *buffer, uint32_t payload_size,
				spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	if (buffer == NULL || payload_size == 0) {
		EALNVME_ERRLOG("set_zone_desc_ext: buffer %p of %u bytes: give the zone descriptor "
			       "extension (ZDES * 64 bytes)", buffer, payload_size);
		return -EINVAL;
	}
	return nvme_zns_mgmt_send(ns, qpair, slba, false, SPDK_NVME_ZONE_SET_ZDE, buffer,
				  payload_size, cb_fn, cb_arg, "set_zone_desc_ext");
}

/* CDW10/11: SLBA; CDW12: NUMD; CDW13: ZRA 7:0, ZRASF 15:8, Partial Report bit 16. */
static int
nvme_zns_mgmt_recv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		   uint32_t payload_size, uint64_t slba, uint8_t zra,
		   enum spdk_nvme_zns_zra_report_opts opts, bool partial, spdk_nvme_cmd_cb cb_fn,
		   void *cb_arg, const char *what)
{
	struct nvme_request *req;
	int rc = nvme_zns_check(ns, qpair, what);

	if (rc == 0 && (payload == NULL || payload_size < sizeof(struct spdk_nvme_zns_zone_report) ||
			(payload_size & 3) != 0)) {
		EALNVME_ERRLOG("%s: payload %p of %u bytes: give at least the 64-byte report "
			       "header, in whole dwords", what, payload, payload_size);
		rc = -EINVAL;
	}
	if (rc == 0 && (unsigned)opts > SPDK_NVME_ZRA_LIST_ZSO) {
		EALNVME_ERRLOG("%s: report_opts %u: use enum spdk_nvme_zns_zra_report_opts", what,
			       (unsigned)opts);
		rc = -EINVAL;
	}
	if (rc == 0) {
		rc = nvme_ns_check_fuse(ns, qpair, SPDK_NVME_OPC_ZONE_MGMT_RECV, 0);
	}
	if (rc == 0) {
		rc = nvme_user_copy_alloc(qpair, payload, payload_size, false, cb_fn, cb_arg, &req);
	}
	if (rc != 0) {
		return rc;
	}
	req->cmd.opc = SPDK_NVME_OPC_ZONE_MGMT_RECV;
	req->cmd.nsid = ns->id;
	req->cmd.cdw10 = (uint32_t)slba;
	req->cmd.cdw11 = (uint32_t)(slba >> 32);
	req->cmd.cdw12 = payload_size / 4 - 1;
	req->cmd.cdw13 = zra | (uint32_t)opts << 8 | (uint32_t)partial << 16;
	return nvme_user_copy_submit(qpair, req);
}

int
spdk_nvme_zns_report_zones(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			   void *payload, uint32_t payload_size, uint64_t slba,
			   enum spdk_nvme_zns_zra_report_opts report_opts, bool partial_report,
			   spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_zns_mgmt_recv(ns, qpair, payload, payload_size, slba, SPDK_NVME_ZONE_REPORT,
				  report_opts, partial_report, cb_fn, cb_arg, "report_zones");
}

int
spdk_nvme_zns_ext_report_zones(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       void *payload, uint32_t payload_size, uint64_t slba,
			       enum spdk_nvme_zns_zra_report_opts report_opts, bool partial_report,
			       spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_zns_mgmt_recv(ns, qpair, payload, payload_size, slba,
				  SPDK_NVME_ZONE_EXTENDED_REPORT, report_opts, partial_report,
				  cb_fn, cb_arg, "ext_report_zones");
}
