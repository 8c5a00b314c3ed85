/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Boot partitions (NVMe 1.4 §8.13).  Reading uses registers only: BPMBL
 * points the controller at a host buffer, writing BPRSEL starts the copy
 * and BPINFO.BRS reports its progress.  Writing is a firmware download
 * (§5.13) followed by FIRMWARE COMMIT with commit action 6h (replace boot
 * partition BPID) and then 7h (make it the active one), chained from the
 * completions so that the caller gets one callback.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

#define REG_OFF(field)	offsetof(struct spdk_nvme_registers, field)
#define BP_UNIT		4096u		/* BPRSEL.BPRSZ/BPROF unit */
#define BP_SIZE_UNIT	(128u * 1024)	/* BPINFO.BPSZ unit */

enum nvme_bp_write_step {
	BP_WRITE_DOWNLOAD = 0,
	BP_WRITE_REPLACE,
	BP_WRITE_ACTIVATE,
};

static int
nvme_ctrlr_get_bpinfo(struct spdk_nvme_ctrlr *ctrlr, union spdk_nvme_bpinfo_register *bpinfo)
{
	int rc = ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(bpinfo), &bpinfo->raw);

	if (rc != 0 || bpinfo->raw == UINT32_MAX) {
		EALNVME_ERRLOG("%s: cannot read BPINFO (device not responding?)",
			       nvme_ctrlr_name(ctrlr));
		return -EIO;
	}
	return 0;
}

static int
nvme_bp_check_read_args(struct spdk_nvme_ctrlr *ctrlr, const void *payload, uint32_t bprsz,
			uint32_t bprof, uint32_t bpid, const union spdk_nvme_bpinfo_register *bpinfo)
{
	uint64_t part_units = (uint64_t)bpinfo->bits.bpsz * (BP_SIZE_UNIT / BP_UNIT);

	if (payload == NULL || bprsz == 0 || bprsz > 0x3ff || bprof > 0xfffff || bpid > 1) {
		EALNVME_ERRLOG("%s: read_boot_partition: need a payload, 1..1023 units of 4 KiB "
			       "(got %u), an offset below 2^20 units (got %u) and bpid 0 or 1 "
			       "(got %u)", nvme_ctrlr_name(ctrlr), bprsz, bprof, bpid);
		return -EINVAL;
	}
	if ((uint64_t)bprof + bprsz > part_units) {
		EALNVME_ERRLOG("%s: read_boot_partition: units %u..%u are past the end of the "
			       "%llu-unit partition (BPINFO.BPSZ %u x 128 KiB)",
			       nvme_ctrlr_name(ctrlr), bprof, bprof + bprsz - 1,
			       (unsigned long long)part_units, bpinfo->bits.bpsz);
		return -EINVAL;
	}
	return 0;
}

int
spdk_nvme_ctrlr_read_boot_partition_start(struct spdk_nvme_ctrlr *ctrlr, void *payload,
		uint32_t bprsz, uint32_t bprof, uint32_t bpid)
{
	union spdk_nvme_bpinfo_register bpinfo;
	union spdk_nvme_bprsel_register bprsel = { .raw = 0 };
	uint64_t len = (uint64_t)bprsz * BP_UNIT, contig = len;
	uint64_t iova;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("read_boot_partition_start: NULL controller");
		return -EINVAL;
	}
	if (!ctrlr->cap.bits.bps) {
		EALNVME_ERRLOG("%s: the controller has no boot partitions (CAP.BPS 0)",
			       nvme_ctrlr_name(ctrlr));
		return -ENOTSUP;
	}
	if (nvme_ctrlr_get_bpinfo(ctrlr, &bpinfo) != 0) {
		return -EIO;
	}
	rc = nvme_bp_check_read_args(ctrlr, payload, bprsz, bprof, bpid, &bpinfo);
	if (rc != 0) {
		return rc;
	}
	if (bpinfo.bits.brs == SPDK_NVME_BRS_READ_IN_PROGRESS) {
		EALNVME_ERRLOG("%s: a boot partition read is in progress; poll it to the end "
			       "first", nvme_ctrlr_name(ctrlr));
		return -EALREADY;
	}
	/* BPMBL: one physically contiguous, 4 KiB aligned buffer (§3.1.15). */
	iova = spdk_vtophys(payload, &contig);
	if (iova == SPDK_VTOPHYS_ERROR || contig < len || (iova & (BP_UNIT - 1)) != 0) {
		EALNVME_ERRLOG("%s: boot partition buffer %p must be %llu bytes of physically "
			       "contiguous, 4 KiB aligned DMA memory (spdk_dma_malloc)",
			       nvme_ctrlr_name(ctrlr), payload, (unsigned long long)len);
		return -EFAULT;
	}
	bprsel.bits.bprsz = bprsz;
	bprsel.bits.bprof = bprof;
	bprsel.bits.bpid = bpid;
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	rc = ctrlr->transport->ctrlr_set_reg_8(ctrlr, REG_OFF(bpmbl), iova);
	/* Writing BPRSEL starts the read. */
	rc = rc ? rc : ctrlr->transport->ctrlr_set_reg_4(ctrlr, REG_OFF(bprsel), bprsel.raw);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	if (rc != 0) {
		EALNVME_ERRLOG("%s: cannot write BPMBL/BPRSEL", nvme_ctrlr_name(ctrlr));
		return -EIO;
	}
	return 0;
}

int
spdk_nvme_ctrlr_read_boot_partition_poll(struct spdk_nvme_ctrlr *ctrlr)
{
	union spdk_nvme_bpinfo_register bpinfo;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("read_boot_partition_poll: NULL controller");
		return -EINVAL;
	}
	if (nvme_ctrlr_get_bpinfo(ctrlr, &bpinfo) != 0) {
		return -EIO;
	}
	switch (bpinfo.bits.brs) {
	case SPDK_NVME_BRS_READ_IN_PROGRESS:
		return -EAGAIN;
	case SPDK_NVME_BRS_READ_SUCCESS:
		return 0;
	case SPDK_NVME_BRS_READ_ERROR:
		EALNVME_ERRLOG("%s: the boot partition read failed (BPINFO.BRS 3h); check the "
			       "offset and size against BPINFO.BPSZ", nvme_ctrlr_name(ctrlr));
		return -EIO;
	default:
		EALNVME_ERRLOG("%s: no boot partition read was started "
			       "(call spdk_nvme_ctrlr_read_boot_partition_start first)",
			       nvme_ctrlr_name(ctrlr));
		return -EINVAL;
	}
}

static void nvme_bp_write_cb(void *arg, const struct spdk_nvme_cpl *cpl);

/* Send the write's next command: a download piece or a commit. */
static int
nvme_bp_write_next(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_bp_write *w = &ctrlr->bp_write;
	struct spdk_nvme_fw_commit commit = { 0 };
	struct spdk_nvme_cmd cmd = { 0 };
	uint32_t len = 0;
	void *buf = NULL;

	if (w->step == BP_WRITE_DOWNLOAD) {
		len = nvme_min(nvme_ctrlr_fw_piece_size(ctrlr), w->size - w->offset);
		buf = w->payload + w->offset;
		cmd.opc = SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD;
		cmd.cdw10 = len / 4 - 1;	/* NUMD, 0's based */
		cmd.cdw11 = w->offset / 4;	/* OFST, dwords */
	} else {
		commit.ca = w->step == BP_WRITE_REPLACE ? SPDK_NVME_FW_COMMIT_REPLACE_BOOT_PARTITION :
			    SPDK_NVME_FW_COMMIT_ACTIVATE_BOOT_PARTITION;
		commit.bpid = w->bpid & 1;
		cmd.opc = SPDK_NVME_OPC_FIRMWARE_COMMIT;
		memcpy(&cmd.cdw10, &commit, sizeof(cmd.cdw10));
	}
	return spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, buf, len, nvme_bp_write_cb, ctrlr);
}

static void
nvme_bp_write_finish(struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_bp_write *w = &ctrlr->bp_write;
	spdk_nvme_cmd_cb cb_fn = w->cb_fn;
	void *cb_arg = w->cb_arg;

	memset(w, 0, sizeof(*w));
	if (cb_fn != NULL) {
		cb_fn(cb_arg, cpl);
	}
}

static void
nvme_bp_write_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct spdk_nvme_ctrlr *ctrlr = arg;
	struct nvme_bp_write *w = &ctrlr->bp_write;
	struct spdk_nvme_cpl err = { 0 };
	int rc;

	if (spdk_nvme_cpl_is_error(cpl)) {
		EALNVME_ERRLOG("%s: boot partition write: %s failed: %s",
			       nvme_ctrlr_name(ctrlr),
			       w->step == BP_WRITE_DOWNLOAD ? "FIRMWARE IMAGE DOWNLOAD" :
			       "FIRMWARE COMMIT", spdk_nvme_cpl_get_status_string(&cpl->status));
		nvme_bp_write_finish(ctrlr, cpl);
		return;
	}
	if (w->step == BP_WRITE_DOWNLOAD) {
		w->offset += nvme_min(nvme_ctrlr_fw_piece_size(ctrlr), w->size - w->offset);
		if (w->offset == w->size) {
			w->step = BP_WRITE_REPLACE;
		}
	} else if (w->step == BP_WRITE_REPLACE) {
		w->step = BP_WRITE_ACTIVATE;
	} else {
		nvme_bp_write_finish(ctrlr, cpl);
		return;
	}
	rc = nvme_bp_write_next(ctrlr);
	if (rc != 0) {
		EALNVME_ERRLOG("%s: boot partition write: cannot send the next command (%d)",
			       nvme_ctrlr_name(ctrlr), rc);
		err.status.sct = SPDK_NVME_SCT_GENERIC;
		err.status.sc = SPDK_NVME_SC_INTERNAL_DEVICE_ERROR;
		nvme_bp_write_finish(ctrlr, &err);
	}
}

int
spdk_nvme_ctrlr_write_boot_partition(struct spdk_nvme_ctrlr *ctrlr, void *payload,
				     uint32_t size, uint32_t bpid, spdk_nvme_cmd_cb cb_fn,
				     void *cb_arg)
{
	struct nvme_bp_write *w;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("write_boot_partition: NULL controller");
		return -EINVAL;
	}
	if (!ctrlr->cap.bits.bps) {
		EALNVME_ERRLOG("%s: the controller has no boot partitions (CAP.BPS 0)",
			       nvme_ctrlr_name(ctrlr));
		return -ENOTSUP;
	}
	if (payload == NULL || size == 0 || size % 4 != 0 || bpid > 1) {
		EALNVME_ERRLOG("%s: write_boot_partition: need a payload of a non-zero multiple "
			       "of 4 bytes (got %u) and bpid 0 or 1 (got %u)",
			       nvme_ctrlr_name(ctrlr), size, bpid);
		return -EINVAL;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	w = &ctrlr->bp_write;
	if (w->active) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: a boot partition write is in progress; wait for its callback",
			       nvme_ctrlr_name(ctrlr));
		return -EBUSY;
	}
	*w = (struct nvme_bp_write) {
		.active = true, .step = BP_WRITE_DOWNLOAD, .bpid = bpid, .payload = payload,
		.size = size, .cb_fn = cb_fn, .cb_arg = cb_arg,
	};
	rc = nvme_bp_write_next(ctrlr);
	if (rc != 0) {
		memset(w, 0, sizeof(*w));
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return rc;
}
