/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Namespaces: IDENTIFY NAMESPACE and the geometry derived from it.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

/* enum spdk_nvme_ns_flags from Identify Controller ONCS/VWC and the namespace. */
static uint32_t
nvme_ns_compute_flags(const struct spdk_nvme_ctrlr_data *cdata,
		      const struct spdk_nvme_ns_data *nsdata)
{
	uint32_t flags = 0;

	if (cdata->oncs.nvmdsmsv) {
		flags |= SPDK_NVME_NS_DEALLOCATE_SUPPORTED;
	}
	if (cdata->vwc.present) {
		flags |= SPDK_NVME_NS_FLUSH_SUPPORTED;
	}
	if (cdata->oncs.reservs) {
		flags |= SPDK_NVME_NS_RESERVATION_SUPPORTED;
	}
	if (cdata->oncs.nvmwzsv) {
		flags |= SPDK_NVME_NS_WRITE_ZEROES_SUPPORTED;
	}
	if (nsdata->dps.pit != SPDK_NVME_FMT_NVM_PROTECTION_DISABLE) {
		flags |= SPDK_NVME_NS_DPS_PI_SUPPORTED;
	}
	if (nsdata->flbas.extended && nsdata->lbaf[nsdata->flbas.format].ms != 0) {
		flags |= SPDK_NVME_NS_EXTENDED_LBA_SUPPORTED;
	}
	if (cdata->oncs.nvmwusv) {
		flags |= SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED;
	}
	if (cdata->oncs.nvmcmps) {
		flags |= SPDK_NVME_NS_COMPARE_SUPPORTED;
	}
	return flags;
}

/*
 * UUID and command set from the Namespace Identification Descriptor list
 * (IDENTIFY CNS 03h, §5.15.2.3; NVMe 1.3 and later).  Optional: a controller
 * that fails it simply has no UUID to report.
 */
static void
nvme_ns_identify_id_descs(struct spdk_nvme_ns *ns)
{
	struct spdk_nvme_ctrlr *ctrlr = ns->ctrlr;
	const uint32_t size = 4096;
	uint8_t *buf;
	uint32_t off = 0;

	ns->has_uuid = false;
	ns->has_nguid = false;
	ns->csi = SPDK_NVME_CSI_NVM;
	if (ctrlr->vs.raw < SPDK_NVME_VERSION(1, 3, 0)) {
		return;
	}
	buf = spdk_zmalloc(size, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (buf == NULL) {
		EALNVME_WARNLOG("%s: ns %u: no memory for the NS ID descriptor list; no UUID",
				nvme_ctrlr_name(ctrlr), ns->id);
		return;
	}
	if (nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST, ns->id,
				    buf, size) != 0) {
		EALNVME_INFOLOG("%s: ns %u: no NS ID descriptor list; no UUID",
				nvme_ctrlr_name(ctrlr), ns->id);
		spdk_free(buf);
		return;
	}
	/* Descriptors follow each other; a zero type ends the list. */
	while (off + sizeof(struct spdk_nvme_ns_id_desc) <= size) {
		const struct spdk_nvme_ns_id_desc *d = (const void *)(buf + off);

		if (d->nidt == 0 || off + sizeof(*d) + d->nidl > size) {
			break;
		}
		if (d->nidt == SPDK_NVME_NIDT_UUID && d->nidl == sizeof(ns->uuid)) {
			memcpy(ns->uuid, d->nid, sizeof(ns->uuid));
			ns->has_uuid = true;
		} else if (d->nidt == SPDK_NVME_NIDT_NGUID && d->nidl == sizeof(ns->nguid)) {
			memcpy(ns->nguid, d->nid, sizeof(ns->nguid));
			ns->has_nguid = true;
		} else if (d->nidt == SPDK_NVME_NIDT_CSI && d->nidl == 1) {
			ns->csi = (enum spdk_nvme_csi)d->nid[0];
		}
		off += sizeof(*d) + d->nidl;
	}
	spdk_free(buf);
}

/* Read IDENTIFY NAMESPACE for ns->id and derive sizes (NVMe 1.4 §5.15.2.1). */
int
nvme_ns_construct(struct spdk_nvme_ns *ns, uint32_t id, struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_ns_data *nsdata = ns->nsdata;
	unsigned int lbads, ms;
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
	/* SPDK's lbaf[] elements have no type name: copy the two fields used. */
	lbads = nsdata->lbaf[nsdata->flbas.format].lbads;
	ms = nsdata->lbaf[nsdata->flbas.format].ms;
	if (lbads < 9 || lbads > 16) {
		EALNVME_ERRLOG("%s: namespace %u reports an LBA data size of 2^%u bytes; "
			       "not supported", nvme_ctrlr_name(ctrlr), id, lbads);
		ns->active = false;
		return -ENOTSUP;
	}
	ns->sector_size = 1u << lbads;
	ns->md_size = ms;
	ns->extended_lba_size = ns->sector_size + (nsdata->flbas.extended ? ns->md_size : 0);
	ns->num_sectors = nsdata->nsze;
	ns->sectors_per_max_io = ctrlr->max_xfer_size / ns->extended_lba_size;
	if (ns->sectors_per_max_io == 0) {
		/* One block does not fit in one command: no I/O could ever be built
		 * (and the split arithmetic would divide by zero). */
		EALNVME_ERRLOG("%s: namespace %u has %u-byte blocks but the controller moves at "
			       "most %u bytes per command (MDTS); namespace not usable: format "
			       "it with a smaller block size", nvme_ctrlr_name(ctrlr), id,
			       ns->extended_lba_size, ctrlr->max_xfer_size);
		ns->active = false;
		ns->num_sectors = 0;
		return -ENOTSUP;
	}
	ns->flags = nvme_ns_compute_flags(ctrlr->cdata, nsdata);
	ns->pi_type = (enum spdk_nvme_pi_type)nsdata->dps.pit;
	nvme_ns_identify_id_descs(ns);
	nvme_ns_identify_iocs(ns);
	ns->active = true;
	return 0;
}

void
nvme_ns_destruct(struct spdk_nvme_ns *ns)
{
	spdk_free(ns->nsdata);
	ns->nsdata = NULL;
	nvme_ns_free_iocs(ns);
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

uint32_t
spdk_nvme_ns_get_extended_sector_size(struct spdk_nvme_ns *ns)
{
	return ns->extended_lba_size;
}

uint32_t
spdk_nvme_ns_get_md_size(struct spdk_nvme_ns *ns)
{
	return ns->md_size;
}

bool
spdk_nvme_ns_supports_extended_lba(struct spdk_nvme_ns *ns)
{
	return (ns->flags & SPDK_NVME_NS_EXTENDED_LBA_SUPPORTED) != 0;
}

enum spdk_nvme_pi_type
spdk_nvme_ns_get_pi_type(struct spdk_nvme_ns *ns)
{
	return ns->pi_type;
}

uint32_t
spdk_nvme_ns_get_optimal_io_boundary(struct spdk_nvme_ns *ns)
{
	return ns->nsdata != NULL ? ns->nsdata->noiob : 0;
}

enum spdk_nvme_csi
spdk_nvme_ns_get_csi(const struct spdk_nvme_ns *ns)
{
	return ns->csi;
}

const uint8_t *
spdk_nvme_ns_get_uuid(const struct spdk_nvme_ns *ns)
{
	return ns->has_uuid ? ns->uuid : NULL;
}

uint32_t
spdk_nvme_ns_get_flags(struct spdk_nvme_ns *ns)
{
	return ns->flags;
}
