/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Firmware update: FIRMWARE IMAGE DOWNLOAD in pieces (NVMe 1.4 §5.13), then
 * FIRMWARE COMMIT (§5.12).  As in SPDK, a successful commit is followed by
 * a controller reset, which activates an image committed for activation at
 * the next reset; the I/O qpairs survive it (spdk_nvme_ctrlr_reset()).
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

/* Piece size: FWUG in 4 KiB units, 0 = not reported, FFh = no restriction
 * (§5.15.2.2); never more than one command can carry. */
uint32_t
nvme_ctrlr_fw_piece_size(const struct spdk_nvme_ctrlr *ctrlr)
{
	uint8_t fwug = ctrlr->cdata->fwug;
	uint32_t piece = (fwug == 0 || fwug == 0xff) ? 4096u : (uint32_t)fwug * 4096u;

	return nvme_min(piece, ctrlr->max_xfer_size);
}

int
spdk_nvme_ctrlr_update_firmware(struct spdk_nvme_ctrlr *ctrlr, void *payload, uint32_t size,
				int slot, enum spdk_nvme_fw_commit_action commit_action,
				struct spdk_nvme_status *completion_status)
{
	struct spdk_nvme_fw_commit commit = { 0 };
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl = { 0 };
	uint32_t piece, offset;
	int rc = 0;

	if (ctrlr == NULL || payload == NULL || completion_status == NULL) {
		EALNVME_ERRLOG("update_firmware: NULL controller, image or completion_status");
		return -EINVAL;
	}
	memset(completion_status, 0, sizeof(*completion_status));
	if (size == 0 || size % 4 != 0) {
		EALNVME_ERRLOG("%s: update_firmware: image size %u must be a non-zero multiple "
			       "of 4 bytes (dwords)", nvme_ctrlr_name(ctrlr), size);
		return -EINVAL;
	}
	if (!ctrlr->cdata->oacs.fwds) {
		EALNVME_ERRLOG("%s: the controller does not support firmware download/commit "
			       "(Identify OACS bit 2 is clear)", nvme_ctrlr_name(ctrlr));
		return -ENOTSUP;
	}
	if (slot < 0 || slot > 7 || (slot > ctrlr->cdata->frmw.num_slots)) {
		EALNVME_ERRLOG("%s: firmware slot %d is invalid (0 = controller chooses, or "
			       "1..%u)", nvme_ctrlr_name(ctrlr), slot, ctrlr->cdata->frmw.num_slots);
		return -EINVAL;
	}
	if ((unsigned int)commit_action > SPDK_NVME_FW_COMMIT_RUN_IMG) {
		EALNVME_ERRLOG("%s: firmware commit action %d is invalid (0..3)",
			       nvme_ctrlr_name(ctrlr), commit_action);
		return -EINVAL;
	}
	piece = nvme_ctrlr_fw_piece_size(ctrlr);
	/* Each piece goes from the image itself: the synchronous path sends a DMA
	 * copy of it, which a timed-out command keeps (nvme_ctrlr_cmd.c). */
	for (offset = 0; offset < size && rc == 0; offset += piece) {
		uint32_t len = nvme_min(piece, size - offset);

		memset(&cmd, 0, sizeof(cmd));
		cmd.opc = SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD;
		cmd.cdw10 = len / 4 - 1;	/* NUMD, 0's based */
		cmd.cdw11 = offset / 4;		/* OFST, dwords */
		rc = nvme_ctrlr_cmd_sync_api(ctrlr, &cmd, (uint8_t *)payload + offset, len, &cpl);
		if (rc != 0) {
			EALNVME_ERRLOG("%s: FIRMWARE IMAGE DOWNLOAD at offset %u failed",
				       nvme_ctrlr_name(ctrlr), offset);
			*completion_status = cpl.status;
		}
	}
	if (rc != 0) {
		return rc;
	}

	commit.fs = (uint32_t)slot;
	commit.ca = commit_action;
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_FIRMWARE_COMMIT;
	memcpy(&cmd.cdw10, &commit, sizeof(commit));
	rc = nvme_ctrlr_cmd_sync_api(ctrlr, &cmd, NULL, 0, &cpl);
	*completion_status = cpl.status;
	if (rc != 0) {
		/* "Requires NVM subsystem reset": a controller reset is what we can do. */
		if (rc == -ENXIO && cpl.status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
		    cpl.status.sc == SPDK_NVME_SC_FIRMWARE_REQ_NVM_RESET) {
			return spdk_nvme_ctrlr_reset(ctrlr);
		}
		if (rc == -ENXIO && cpl.status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
		    cpl.status.sc == SPDK_NVME_SC_FIRMWARE_REQ_CONVENTIONAL_RESET) {
			EALNVME_NOTICELOG("%s: firmware committed; activating it needs a "
					  "conventional reset (power cycle)", nvme_ctrlr_name(ctrlr));
		}
		return rc;
	}
	return spdk_nvme_ctrlr_reset(ctrlr);
}
