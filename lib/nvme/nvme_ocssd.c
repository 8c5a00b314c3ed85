/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/nvme_ocssd.h: Open-Channel SSD 2.0 detection and its commands, each
 * built here and sent as a raw command (OCSSD 2.0 §2.2 GEOMETRY, §2.3
 * vector commands: CDW10-11 hold the LBA itself when there is one, else the
 * address of the LBA list; CDW12 bits 5:0 the 0's based count).
 */
#include "spdk/nvme_ocssd.h"
#include "spdk/env.h"
#include "spdk/pci_ids.h"

#include "nvme_internal.h"

/* The PCI device SPDK marks with its OCSSD quirk. */
#define OCSSD_PCI_DEVICE_ID	0x1f1f

bool
spdk_nvme_ctrlr_is_ocssd_supported(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_pci_device *dev;
	const struct spdk_nvme_ctrlr_data *cdata;
	struct spdk_nvme_ns *ns;
	uint32_t nsid;

	if (ctrlr == NULL) {
		return false;
	}
	dev = spdk_nvme_ctrlr_get_pci_device(ctrlr);
	if (dev == NULL || spdk_pci_device_get_vendor_id(dev) != SPDK_PCI_VID_CNEXLABS ||
	    spdk_pci_device_get_device_id(dev) != OCSSD_PCI_DEVICE_ID) {
		return false;
	}
	/* No standard way exists; CNEX's (and QEMU's old OCSSD model) marks the
	 * namespace with vendor-specific byte 0 = 1. */
	cdata = spdk_nvme_ctrlr_get_data(ctrlr);
	if (cdata == NULL || cdata->vid != SPDK_PCI_VID_CNEXLABS) {
		return false;
	}
	nsid = spdk_nvme_ctrlr_get_first_active_ns(ctrlr);
	ns = nsid != 0 ? spdk_nvme_ctrlr_get_ns(ctrlr, nsid) : NULL;
	return ns != NULL && spdk_nvme_ns_get_data(ns)->vendor_specific[0] == 0x1;
}

int
spdk_nvme_ocssd_ctrlr_cmd_geometry(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
				   void *payload, uint32_t payload_size,
				   spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_cmd cmd = { 0 };

	if (ctrlr == NULL || payload == NULL ||
	    payload_size != sizeof(struct spdk_ocssd_geometry_data)) {
		EALNVME_ERRLOG("ocssd geometry: needs a controller and a payload of exactly %zu bytes "
			       "(got %u)", sizeof(struct spdk_ocssd_geometry_data), payload_size);
		return -EINVAL;
	}
	cmd.opc = SPDK_OCSSD_OPC_GEOMETRY;
	cmd.nsid = nsid;
	return spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, payload, payload_size, cb_fn, cb_arg);
}

/* CDW10-11: the LBA itself for one entry, else the list's bus address. */
static int
ocssd_lba_list(struct spdk_nvme_cmd *cmd, const char *what, uint64_t *lba_list, uint32_t num_lbas)
{
	uint64_t addr;

	if (lba_list == NULL || num_lbas == 0 || num_lbas > SPDK_NVME_OCSSD_MAX_LBAL_ENTRIES) {
		EALNVME_ERRLOG("ocssd %s: %u LBAs; pass a list of 1..%u", what, num_lbas,
			       SPDK_NVME_OCSSD_MAX_LBAL_ENTRIES);
		return -EINVAL;
	}
	if (num_lbas == 1) {
		addr = lba_list[0];
	} else {
		uint64_t contig = num_lbas * sizeof(uint64_t);

		addr = spdk_vtophys(lba_list, &contig);
		if (addr == SPDK_VTOPHYS_ERROR || contig < num_lbas * sizeof(uint64_t)) {
			EALNVME_ERRLOG("ocssd %s: the LBA list is not in DMA memory; allocate it "
				       "with spdk_zmalloc", what);
			return -EINVAL;
		}
	}
	cmd->cdw10 = (uint32_t)addr;
	cmd->cdw11 = (uint32_t)(addr >> 32);
	cmd->cdw12 = num_lbas - 1;
	return 0;
}

static int
ocssd_dma_addr(const void *buf, uint64_t len, const char *what, uint64_t *addr)
{
	uint64_t contig = len;

	*addr = spdk_vtophys(buf, &contig);
	if (*addr == SPDK_VTOPHYS_ERROR || contig < len) {
		EALNVME_ERRLOG("ocssd %s: buffer of %" PRIu64 " bytes is not contiguous DMA memory; "
			       "allocate it with spdk_zmalloc", what, len);
		return -EINVAL;
	}
	return 0;
}

int
spdk_nvme_ocssd_ns_cmd_vector_reset(struct spdk_nvme_ns *ns,
				    struct spdk_nvme_qpair *qpair,
				    uint64_t *lba_list, uint32_t num_lbas,
				    struct spdk_ocssd_chunk_information_entry *chunk_info,
				    spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct spdk_nvme_cmd cmd = { 0 };
	int rc;

	if (ns == NULL) {
		EALNVME_ERRLOG("ocssd vector reset: NULL namespace");
		return -EINVAL;
	}
	cmd.opc = SPDK_OCSSD_OPC_VECTOR_RESET;
	cmd.nsid = spdk_nvme_ns_get_id(ns);
	rc = ocssd_lba_list(&cmd, "vector reset", lba_list, num_lbas);
	/* The chunk descriptors come back through the metadata pointer. */
	if (rc == 0 && chunk_info != NULL) {
		rc = ocssd_dma_addr(chunk_info, (uint64_t)num_lbas * sizeof(*chunk_info),
				    "vector reset chunk_info", &cmd.mptr);
	}
	return rc != 0 ? rc :
	       spdk_nvme_ctrlr_cmd_io_raw(spdk_nvme_ns_get_ctrlr(ns), qpair, &cmd, NULL, 0, cb_fn, cb_arg);
}

static int
ocssd_vector_rw(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *buffer,
		void *metadata, uint64_t *lba_list, uint32_t num_lbas, spdk_nvme_cmd_cb cb_fn,
		void *cb_arg, uint8_t opc, uint32_t io_flags)
{
	const char *what = opc == SPDK_OCSSD_OPC_VECTOR_WRITE ? "vector write" : "vector read";
	struct spdk_nvme_cmd cmd = { 0 };
	uint64_t len;
	int rc;

	if (ns == NULL || buffer == NULL || (io_flags & ~SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY) != 0) {
		EALNVME_ERRLOG("ocssd %s: needs a namespace and a buffer; io_flags may only hold "
			       "SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY", what);
		return -EINVAL;
	}
	cmd.opc = opc;
	cmd.nsid = spdk_nvme_ns_get_id(ns);
	rc = ocssd_lba_list(&cmd, what, lba_list, num_lbas);
	if (rc != 0) {
		return rc;
	}
	cmd.cdw12 |= io_flags;
	len = (uint64_t)num_lbas * spdk_nvme_ns_get_sector_size(ns);
	if (metadata != NULL) {
		rc = ocssd_dma_addr(metadata, (uint64_t)num_lbas * spdk_nvme_ns_get_md_size(ns),
				    what, &cmd.mptr);
		if (rc != 0) {
			return rc;
		}
	}
	return spdk_nvme_ctrlr_cmd_io_raw(spdk_nvme_ns_get_ctrlr(ns), qpair, &cmd, buffer,
					  (uint32_t)len, cb_fn, cb_arg);
}

int
spdk_nvme_ocssd_ns_cmd_vector_write(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				    void *buffer, uint64_t *lba_list, uint32_t num_lbas,
				    spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags)
{
	return ocssd_vector_rw(ns, qpair, buffer, NULL, lba_list, num_lbas, cb_fn, cb_arg,
			       SPDK_OCSSD_OPC_VECTOR_WRITE, io_flags);
}

int
spdk_nvme_ocssd_ns_cmd_vector_write_with_md(struct spdk_nvme_ns *ns,
		struct spdk_nvme_qpair *qpair, void *buffer, void *metadata,
		uint64_t *lba_list, uint32_t num_lbas,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags)
{
	return ocssd_vector_rw(ns, qpair, buffer, metadata, lba_list, num_lbas, cb_fn, cb_arg,
			       SPDK_OCSSD_OPC_VECTOR_WRITE, io_flags);
}

int
spdk_nvme_ocssd_ns_cmd_vector_read(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				   void *buffer, uint64_t *lba_list, uint32_t num_lbas,
				   spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags)
{
	return ocssd_vector_rw(ns, qpair, buffer, NULL, lba_list, num_lbas, cb_fn, cb_arg,
			       SPDK_OCSSD_OPC_VECTOR_READ, io_flags);
}

int
spdk_nvme_ocssd_ns_cmd_vector_read_with_md(struct spdk_nvme_ns *ns,
		struct spdk_nvme_qpair *qpair, void *buffer, void *metadata,
		uint64_t *lba_list, uint32_t num_lbas,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags)
{
	return ocssd_vector_rw(ns, qpair, buffer, metadata, lba_list, num_lbas, cb_fn, cb_arg,
			       SPDK_OCSSD_OPC_VECTOR_READ, io_flags);
}

int
spdk_nvme_ocssd_ns_cmd_vector_copy(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				   uint64_t *dst_lba_list, uint64_t *src_lba_list,
				   uint32_t num_lbas, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
				   uint32_t io_flags)
{
	struct spdk_nvme_cmd cmd = { 0 };
	uint64_t dst;
	int rc;

	if (ns == NULL || dst_lba_list == NULL ||
	    (io_flags & ~SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY) != 0) {
		EALNVME_ERRLOG("ocssd vector copy: needs a namespace and both LBA lists; io_flags "
			       "may only hold SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY");
		return -EINVAL;
	}
	cmd.opc = SPDK_OCSSD_OPC_VECTOR_COPY;
	cmd.nsid = spdk_nvme_ns_get_id(ns);
	rc = ocssd_lba_list(&cmd, "vector copy", src_lba_list, num_lbas);
	if (rc != 0) {
		return rc;
	}
	cmd.cdw12 |= io_flags;
	/* CDW14-15: the destination LBA, or the destination list's address. */
	if (num_lbas == 1) {
		dst = dst_lba_list[0];
	} else if (ocssd_dma_addr(dst_lba_list, (uint64_t)num_lbas * sizeof(uint64_t),
				  "vector copy destination list", &dst) != 0) {
		return -EINVAL;
	}
	cmd.cdw14 = (uint32_t)dst;
	cmd.cdw15 = (uint32_t)(dst >> 32);
	return spdk_nvme_ctrlr_cmd_io_raw(spdk_nvme_ns_get_ctrlr(ns), qpair, &cmd, NULL, 0,
					  cb_fn, cb_arg);
}
