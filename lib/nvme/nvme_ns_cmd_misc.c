/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVM commands beyond read/write: VERIFY, COPY (Simple Copy), the
 * reservation commands, I/O MANAGEMENT SEND/RECEIVE, and raw I/O commands
 * with a metadata buffer or a scattered payload.  Their small data
 * structures may be ordinary memory, as in SPDK: they travel through a DMA
 * copy made here ("user copy"), off the read/write hot path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_ns_cmd.h"

/*
 * Identify Controller ONCS (bytes 521:520) and CTRATT (bytes 99:96) bits,
 * read by offset: the bit-field names differ between NVMe revisions.
 */
#define NVME_ONCS_VERIFY	(1u << 7)
#define NVME_ONCS_COPY		(1u << 8)
#define NVME_CTRATT_HOST_ID_128	(1u << 0)

static uint32_t
nvme_cdata_bits(const struct spdk_nvme_ctrlr *ctrlr, size_t offset, size_t size)
{
	uint32_t v = 0;

	memcpy(&v, (const uint8_t *)ctrlr->cdata + offset, size);
	return v;
}

#define NVME_CDATA_ONCS(ctrlr)		nvme_cdata_bits((ctrlr), 520, 2)
#define NVME_CDATA_CTRATT(ctrlr)	nvme_cdata_bits((ctrlr), 96, 4)

/* A namespace command with a user-copied buffer: checks done, CDW10..12 given. */
static int
nvme_ns_cmd_buf(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint8_t opc,
		void *buf, uint32_t len, bool to_ctrlr, uint32_t cdw10, uint32_t cdw11,
		uint32_t cdw12, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct nvme_request *req;
	int rc = nvme_ns_check_fuse(ns, qpair, opc, 0);

	if (rc == 0) {
		rc = nvme_user_copy_alloc(qpair, buf, len, to_ctrlr, cb_fn, cb_arg, &req);
	}
	if (rc != 0) {
		return rc;
	}
	req->cmd.opc = opc;
	req->cmd.nsid = ns->id;
	req->cmd.cdw10 = cdw10;
	req->cmd.cdw11 = cdw11;
	req->cmd.cdw12 = cdw12;
	return nvme_user_copy_submit(qpair, req);
}

/* ---- VERIFY, COPY ------------------------------------------------------------- */

int
spdk_nvme_ns_cmd_verify(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
			uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			uint32_t io_flags)
{
	int rc = nvme_ns_check_io(ns, qpair, lba, lba_count, io_flags, SPDK_NVME_OPC_VERIFY,
				  "verify");

	if (rc != 0) {
		return rc;
	}
	if ((NVME_CDATA_ONCS(ns->ctrlr) & NVME_ONCS_VERIFY) == 0) {
		EALNVME_ERRLOG("verify: %s does not support VERIFY (Identify Controller ONCS "
			       "bit 7)", nvme_ctrlr_name(ns->ctrlr));
		return -ENOTSUP;
	}
	if (lba_count > NVME_MAX_NLB) {
		EALNVME_ERRLOG("verify: %u blocks; one VERIFY covers at most %u (16-bit NLB): "
			       "issue several", lba_count, NVME_MAX_NLB);
		return -EINVAL;
	}
	return nvme_ns_io_submit(ns, qpair, &(struct nvme_ns_io){
		.opc = SPDK_NVME_OPC_VERIFY, .payload_type = NVME_PAYLOAD_CONTIG, .lba = lba,
		.lba_count = lba_count, .io_flags = io_flags, .max_blocks = NVME_MAX_NLB,
		.reftag_from_lba = ns->pi_type == SPDK_NVME_FMT_NVM_PROTECTION_TYPE1 ||
				   ns->pi_type == SPDK_NVME_FMT_NVM_PROTECTION_TYPE2,
		.cb_fn = cb_fn, .cb_arg = cb_arg });
}

int
spdk_nvme_ns_cmd_copy(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		      const struct spdk_nvme_scc_source_range *ranges, uint16_t num_ranges,
		      uint64_t dest_lba, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	int rc = nvme_ns_check_target(ns, qpair, "copy");

	if (rc != 0) {
		return rc;
	}
	if ((NVME_CDATA_ONCS(ns->ctrlr) & NVME_ONCS_COPY) == 0) {
		EALNVME_ERRLOG("copy: %s does not support COPY (Identify Controller ONCS bit 8)",
			       nvme_ctrlr_name(ns->ctrlr));
		return -ENOTSUP;
	}
	if (ranges == NULL || num_ranges == 0 || num_ranges > 256) {
		EALNVME_ERRLOG("copy: %u ranges at %p: give 1..256 source ranges", num_ranges,
			       (const void *)ranges);
		return -EINVAL;
	}
	if (dest_lba >= ns->num_sectors) {
		EALNVME_ERRLOG("copy: destination LBA %llu beyond the namespace's %llu blocks",
			       (unsigned long long)dest_lba, (unsigned long long)ns->num_sectors);
		return -EINVAL;
	}
	for (uint16_t i = 0; i < num_ranges; i++) {
		rc = nvme_ns_check_range(ns, ranges[i].slba, (uint64_t)ranges[i].nlb + 1, "copy");
		if (rc != 0) {
			return rc;
		}
	}
	/* CDW12: NR (0's based) in 7:0, descriptor format 0 in 11:8 (NVM 1.0 §3.3.1). */
	return nvme_ns_cmd_buf(ns, qpair, SPDK_NVME_OPC_COPY, (void *)(uintptr_t)ranges,
			       (uint32_t)num_ranges * sizeof(*ranges), true, (uint32_t)dest_lba,
			       (uint32_t)(dest_lba >> 32), num_ranges - 1u, cb_fn, cb_arg);
}

/* ---- Reservations (NVMe 1.4 §6.11-6.14) ------------------------------------------ */

static int
nvme_ns_resv_check(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, const void *payload,
		   const char *what)
{
	int rc = nvme_ns_check_target(ns, qpair, what);

	if (rc != 0) {
		return rc;
	}
	rc = nvme_ns_check_supported(ns, SPDK_NVME_NS_RESERVATION_SUPPORTED, what);
	if (rc != 0) {
		return rc;
	}
	if (payload == NULL) {
		EALNVME_ERRLOG("%s: NULL payload", what);
		return -EINVAL;
	}
	return 0;
}

int
spdk_nvme_ns_cmd_reservation_register(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				      struct spdk_nvme_reservation_register_data *payload,
				      bool ignore_key,
				      enum spdk_nvme_reservation_register_action action,
				      enum spdk_nvme_reservation_register_cptpl cptpl,
				      spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	int rc = nvme_ns_resv_check(ns, qpair, payload, "reservation register");

	/* CDW10: RREGA 2:0, IEKEY 3, CPTPL 31:30. */
	return rc != 0 ? rc : nvme_ns_cmd_buf(ns, qpair, SPDK_NVME_OPC_RESERVATION_REGISTER,
					      payload, sizeof(*payload), true,
					      ((uint32_t)action & 7u) | (uint32_t)ignore_key << 3 |
					      ((uint32_t)cptpl & 3u) << 30, 0, 0, cb_fn, cb_arg);
}

/* Release and acquire share CDW10's layout: action 2:0, IEKEY 3, RTYPE 15:8. */
static int
nvme_ns_resv_typed(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint8_t opc,
		   void *payload, uint32_t len, bool ignore_key, uint32_t action, uint32_t type,
		   spdk_nvme_cmd_cb cb_fn, void *cb_arg, const char *what)
{
	int rc = nvme_ns_resv_check(ns, qpair, payload, what);

	return rc != 0 ? rc : nvme_ns_cmd_buf(ns, qpair, opc, payload, len, true,
					      (action & 7u) | (uint32_t)ignore_key << 3 |
					      (type & 0xffu) << 8, 0, 0, cb_fn, cb_arg);
}

int
spdk_nvme_ns_cmd_reservation_release(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				     struct spdk_nvme_reservation_key_data *payload,
				     bool ignore_key,
				     enum spdk_nvme_reservation_release_action action,
				     enum spdk_nvme_reservation_type type,
				     spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_ns_resv_typed(ns, qpair, SPDK_NVME_OPC_RESERVATION_RELEASE, payload,
				  sizeof(*payload), ignore_key, action, type, cb_fn, cb_arg,
				  "reservation release");
}

int
spdk_nvme_ns_cmd_reservation_acquire(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				     struct spdk_nvme_reservation_acquire_data *payload,
				     bool ignore_key,
				     enum spdk_nvme_reservation_acquire_action action,
				     enum spdk_nvme_reservation_type type,
				     spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	return nvme_ns_resv_typed(ns, qpair, SPDK_NVME_OPC_RESERVATION_ACQUIRE, payload,
				  sizeof(*payload), ignore_key, action, type, cb_fn, cb_arg,
				  "reservation acquire");
}

/* A receive buffer's length: whole dwords, at least one (NUMD is 0's based). */
static int
nvme_ns_check_dwords(uint32_t len, const char *what)
{
	if (len == 0 || (len & 3) != 0) {
		EALNVME_ERRLOG("%s: length %u: give a non-zero multiple of 4 bytes", what, len);
		return -EINVAL;
	}
	return 0;
}

int
spdk_nvme_ns_cmd_reservation_report(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				    void *payload, uint32_t len, spdk_nvme_cmd_cb cb_fn,
				    void *cb_arg)
{
	int rc = nvme_ns_resv_check(ns, qpair, payload, "reservation report");

	if (rc == 0) {
		rc = nvme_ns_check_dwords(len, "reservation report");
	}
	if (rc != 0) {
		return rc;
	}
	/* CDW10: NUMD; CDW11 bit 0 EDS: the extended structure when host IDs are 128-bit. */
	return nvme_ns_cmd_buf(ns, qpair, SPDK_NVME_OPC_RESERVATION_REPORT, payload, len, false,
			       len / 4 - 1, NVME_CDATA_CTRATT(ns->ctrlr) & NVME_CTRATT_HOST_ID_128,
			       0, cb_fn, cb_arg);
}

/* ---- I/O MANAGEMENT (NVMe 2.0 §7.3, §7.4) -------------------------------------- */

int
spdk_nvme_ns_cmd_io_mgmt_recv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      void *payload, uint32_t len, uint8_t mo, uint16_t mos,
			      spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	int rc = nvme_ns_check_target(ns, qpair, "io_mgmt_recv");

	if (rc == 0) {
		rc = nvme_ns_check_dwords(len, "io_mgmt_recv");
	}
	if (rc == 0 && payload == NULL) {
		EALNVME_ERRLOG("io_mgmt_recv: NULL payload");
		rc = -EINVAL;
	}
	/* CDW10: MO 7:0, MOS 31:16; CDW11: NUMD. */
	return rc != 0 ? rc : nvme_ns_cmd_buf(ns, qpair, SPDK_NVME_OPC_IO_MANAGEMENT_RECEIVE,
					      payload, len, false, mo | (uint32_t)mos << 16,
					      len / 4 - 1, 0, cb_fn, cb_arg);
}

int
spdk_nvme_ns_cmd_io_mgmt_send(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      void *payload, uint32_t len, uint8_t mo, uint16_t mos,
			      spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	int rc = nvme_ns_check_target(ns, qpair, "io_mgmt_send");

	if (rc == 0 && payload == NULL && len != 0) {
		EALNVME_ERRLOG("io_mgmt_send: NULL payload of %u bytes", len);
		rc = -EINVAL;
	}
	return rc != 0 ? rc : nvme_ns_cmd_buf(ns, qpair, SPDK_NVME_OPC_IO_MANAGEMENT_SEND,
					      payload, len, true, mo | (uint32_t)mos << 16, 0, 0,
					      cb_fn, cb_arg);
}

/* ---- Raw I/O commands with metadata -------------------------------------------- */

static struct nvme_request *
nvme_io_raw_md_req(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
		   const struct spdk_nvme_cmd *cmd, void *buf, uint32_t len, void *md_buf,
		   spdk_nvme_cmd_cb cb_fn, void *cb_arg, int *rc)
{
	struct nvme_request *req;
	uint64_t mptr = 0;

	*rc = -EINVAL;
	if (ctrlr == NULL || qpair == NULL || qpair->ctrlr != ctrlr || qpair->id == 0 ||
	    cmd == NULL) {
		EALNVME_ERRLOG("io_raw_with_md: NULL controller or command, or qpair not an I/O "
			       "qpair of it");
		return NULL;
	}
	if (md_buf != NULL) {
		uint64_t one = 4;

		mptr = spdk_vtophys(md_buf, &one);
		if (mptr == SPDK_VTOPHYS_ERROR || (mptr & 3) != 0) {
			EALNVME_ERRLOG("io_raw_with_md: metadata %p must be dword-aligned DMA "
				       "memory (spdk_zmalloc)", md_buf);
			return NULL;
		}
	}
	*rc = -ENOMEM;
	req = nvme_allocate_request(qpair, buf, len, cb_fn, cb_arg);
	if (req != NULL) {
		req->cmd = *cmd;
		req->cmd.mptr = mptr;
		*rc = 0;
	}
	return req;
}

static int
nvme_io_raw_md_submit(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	int rc = nvme_qpair_submit_request(qpair, req);

	if (rc != 0) {
		nvme_free_request(req);
	}
	return rc;
}

int
spdk_nvme_ctrlr_cmd_io_raw_with_md(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
				   struct spdk_nvme_cmd *cmd, void *buf, uint32_t len,
				   void *md_buf, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	int rc;
	struct nvme_request *req;

	if (buf == NULL && len != 0) {
		EALNVME_ERRLOG("io_raw_with_md: NULL buffer with length %u", len);
		return -EINVAL;
	}
	req = nvme_io_raw_md_req(ctrlr, qpair, cmd, buf, len, md_buf, cb_fn, cb_arg, &rc);
	return req == NULL ? rc : nvme_io_raw_md_submit(qpair, req);
}

int
spdk_nvme_ctrlr_cmd_iov_raw_with_md(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
				    struct spdk_nvme_cmd *cmd, uint32_t len, void *md_buf,
				    spdk_nvme_cmd_cb cb_fn, void *cb_arg,
				    spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				    spdk_nvme_req_next_sge_cb next_sge_fn)
{
	struct nvme_request *req;
	int rc;

	if (reset_sgl_fn == NULL || next_sge_fn == NULL || len == 0) {
		EALNVME_ERRLOG("iov_raw_with_md: reset_sgl_fn, next_sge_fn and a non-zero len are "
			       "required");
		return -EINVAL;
	}
	req = nvme_io_raw_md_req(ctrlr, qpair, cmd, NULL, 0, md_buf, cb_fn, cb_arg, &rc);
	if (req == NULL) {
		return rc;
	}
	req->payload_type = NVME_PAYLOAD_SGL;
	req->sgl = (struct nvme_sgl_payload){ .reset_sgl_fn = reset_sgl_fn,
		.next_sge_fn = next_sge_fn, .cb_arg = cb_arg, .offset = 0, .size = len };
	return nvme_io_raw_md_submit(qpair, req);
}
