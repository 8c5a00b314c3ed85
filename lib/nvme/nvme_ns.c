/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Namespaces: IDENTIFY NAMESPACE and the geometry derived from it.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

/* Read IDENTIFY NAMESPACE for ns->id and derive sizes (NVMe 1.4 §5.15.2.1). */
int
nvme_ns_construct(struct spdk_nvme_ns *ns, uint32_t id, struct spdk_nvme_ctrlr *ctrlr)
{
	const struct spdk_nvme_lba_format *lbaf;
	struct spdk_nvme_ns_data *nsdata = ns->nsdata;
	int rc;

	ns->ctrlr = ctrlr;
	ns->id = id;
	if (nsdata == NULL) {
		nsdata = spdk_zmalloc(sizeof(*nsdata), 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
				      SPDK_MALLOC_DMA);
		if (nsdata == NULL) {
			return -ENOMEM;
		}
		ns->nsdata = nsdata;
	}
	rc = nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_NS, id, nsdata, sizeof(*nsdata));
	if (rc != 0) {
		EALNVME_ERRLOG("%s: IDENTIFY NAMESPACE %u failed", nvme_ctrlr_name(ctrlr), id);
		return rc;
	}
	if (nsdata->nsze == 0) {
		/* Listed active but reports no capacity: treat as inactive. */
		ns->active = false;
		return 0;
	}
	lbaf = &nsdata->lbaf[nsdata->flbas.format];
	if (lbaf->lbads < 9 || lbaf->lbads > 16) {
		EALNVME_ERRLOG("%s: namespace %u reports an LBA data size of 2^%u bytes; "
			       "not supported", nvme_ctrlr_name(ctrlr), id, lbaf->lbads);
		ns->active = false;
		return -ENOTSUP;
	}
	ns->sector_size = 1u << lbaf->lbads;
	ns->md_size = lbaf->ms;
	ns->extended_lba_size = ns->sector_size + (nsdata->flbas.extended ? ns->md_size : 0);
	ns->num_sectors = nsdata->nsze;
	ns->sectors_per_max_io = ctrlr->max_xfer_size / ns->extended_lba_size;
	ns->active = true;
	return 0;
}

void
nvme_ns_destruct(struct spdk_nvme_ns *ns)
{
	spdk_free(ns->nsdata);
	ns->nsdata = NULL;
	ns->active = false;
}

const struct spdk_nvme_ns_data *
spdk_nvme_ns_get_data(struct spdk_nvme_ns *ns)
{
	return ns->nsdata;
}

uint32_t
spdk_nvme_ns_get_id(struct spdk_nvme_ns *ns)
{
	return ns->id;
}

struct spdk_nvme_ctrlr *
spdk_nvme_ns_get_ctrlr(struct spdk_nvme_ns *ns)
{
	return ns->ctrlr;
}

bool
spdk_nvme_ns_is_active(struct spdk_nvme_ns *ns)
{
	return ns->active;
}

uint64_t
spdk_nvme_ns_get_size(struct spdk_nvme_ns *ns)
{
	return ns->num_sectors * ns->sector_size;
}

uint32_t
spdk_nvme_ns_get_sector_size(struct spdk_nvme_ns *ns)
{
	return ns->sector_size;
}

uint64_t
spdk_nvme_ns_get_num_sectors(struct spdk_nvme_ns *ns)
{
	return ns->num_sectors;
}

uint32_t
spdk_nvme_ns_get_max_io_xfer_size(struct spdk_nvme_ns *ns)
{
	return ns->ctrlr->max_xfer_size;
}
