/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Synchronous namespace administration: FORMAT NVM (NVMe 1.4 §5.23),
 * NAMESPACE MANAGEMENT (§5.20) and NAMESPACE ATTACHMENT (§5.19).  Each
 * checks OACS first (-ENOTSUP and a log line when the controller lacks the
 * command) and re-reads the namespaces afterwards, so the getters reflect
 * the change when the call returns.  The caller's data structures need not
 * be DMA memory: they are copied.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

static bool
nvme_ctrlr_check_oacs(struct spdk_nvme_ctrlr *ctrlr, bool supported, const char *what,
		      unsigned int bit)
{
	if (!supported) {
		EALNVME_ERRLOG("%s: the controller does not support %s (Identify OACS bit %u "
			       "is clear)", nvme_ctrlr_name(ctrlr), what, bit);
	}
	return supported;
}

/* Send cmd with a 4 KiB copy of data (NULL: none), under the controller lock,
 * then re-read the namespaces.  Returns what the command returned. */
static int
nvme_ctrlr_ns_admin(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd, const void *data,
		    size_t data_len, struct spdk_nvme_cpl *cpl)
{
	void *dma = NULL;
	int rc;

	if (data != NULL) {
		dma = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
		if (dma == NULL) {
			EALNVME_ERRLOG("%s: out of DMA memory for an admin command",
				       nvme_ctrlr_name(ctrlr));
			return -ENOMEM;
		}
		memcpy(dma, data, nvme_min(data_len, (size_t)4096));
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	rc = nvme_ctrlr_cmd_sync_api(ctrlr, cmd, dma, dma ? 4096 : 0, cpl);
	if (rc == 0) {
		nvme_ctrlr_refresh_namespaces(ctrlr);
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	spdk_free(dma);
	return rc;
}

static bool
nvme_ctrlr_nsid_valid(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid, bool allow_all)
{
	if ((nsid >= 1 && nsid <= ctrlr->num_ns) || (allow_all && nsid == SPDK_NVME_GLOBAL_NS_TAG)) {
		return true;
	}
	EALNVME_ERRLOG("%s: namespace ID %u is invalid (1..%u%s)", nvme_ctrlr_name(ctrlr), nsid,
		       ctrlr->num_ns, allow_all ? " or 0xffffffff for all" : "");
	return false;
}

int
spdk_nvme_ctrlr_format(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
		       struct spdk_nvme_format *format)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (ctrlr == NULL || format == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_format: NULL controller or format");
		return -EINVAL;
	}
	if (!nvme_ctrlr_check_oacs(ctrlr, ctrlr->cdata->oacs.fnvms, "FORMAT NVM", 1)) {
		return -ENOTSUP;
	}
	if (!nvme_ctrlr_nsid_valid(ctrlr, nsid, true)) {
		return -EINVAL;
	}
	cmd.opc = SPDK_NVME_OPC_FORMAT_NVM;
	cmd.nsid = nsid;
	memcpy(&cmd.cdw10, format, sizeof(*format));
	return nvme_ctrlr_ns_admin(ctrlr, &cmd, NULL, 0, NULL);
}

uint32_t
spdk_nvme_ctrlr_create_ns(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns_data *payload)
{
	struct spdk_nvme_cmd cmd = { 0 };
	struct spdk_nvme_cpl cpl = { 0 };

	if (ctrlr == NULL || payload == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_create_ns: NULL controller or namespace data");
		return 0;
	}
	if (!nvme_ctrlr_check_oacs(ctrlr, ctrlr->cdata->oacs.nms, "namespace management",
				   3)) {
		return 0;
	}
	cmd.opc = SPDK_NVME_OPC_NS_MANAGEMENT;
	cmd.cdw10 = SPDK_NVME_NS_MANAGEMENT_CREATE;
	if (nvme_ctrlr_ns_admin(ctrlr, &cmd, payload, sizeof(*payload), &cpl) != 0) {
		return 0;
	}
	/* §5.20: the new NSID is in CDW0. */
	return cpl.cdw0;
}

int
spdk_nvme_ctrlr_delete_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_ctrlr_delete_ns: NULL controller");
		return -EINVAL;
	}
	if (!nvme_ctrlr_check_oacs(ctrlr, ctrlr->cdata->oacs.nms, "namespace management",
				   3)) {
		return -ENOTSUP;
	}
	if (!nvme_ctrlr_nsid_valid(ctrlr, nsid, true)) {
		return -EINVAL;
	}
	cmd.opc = SPDK_NVME_OPC_NS_MANAGEMENT;
	cmd.cdw10 = SPDK_NVME_NS_MANAGEMENT_DELETE;
	cmd.nsid = nsid;
	return nvme_ctrlr_ns_admin(ctrlr, &cmd, NULL, 0, NULL);
}

static int
nvme_ctrlr_ns_attachment(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
			 struct spdk_nvme_ctrlr_list *payload, enum spdk_nvme_ns_attach_type sel)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (ctrlr == NULL || payload == NULL) {
		EALNVME_ERRLOG("namespace attachment: NULL controller or controller list");
		return -EINVAL;
	}
	if (!nvme_ctrlr_check_oacs(ctrlr, ctrlr->cdata->oacs.nms, "namespace attachment",
				   3)) {
		return -ENOTSUP;
	}
	if (!nvme_ctrlr_nsid_valid(ctrlr, nsid, false)) {
		return -EINVAL;
	}
	cmd.opc = SPDK_NVME_OPC_NS_ATTACHMENT;
	cmd.cdw10 = sel;
	cmd.nsid = nsid;
	return nvme_ctrlr_ns_admin(ctrlr, &cmd, payload, sizeof(*payload), NULL);
}

int
spdk_nvme_ctrlr_attach_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
			  struct spdk_nvme_ctrlr_list *payload)
{
	return nvme_ctrlr_ns_attachment(ctrlr, nsid, payload, SPDK_NVME_NS_CTRLR_ATTACH);
}

int
spdk_nvme_ctrlr_detach_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
			  struct spdk_nvme_ctrlr_list *payload)
{
	return nvme_ctrlr_ns_attachment(ctrlr, nsid, payload, SPDK_NVME_NS_CTRLR_DETACH);
}
