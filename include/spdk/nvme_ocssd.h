/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Open-Channel SSD 2.0 commands over the NVMe driver, named as SPDK's
 * spdk/nvme_ocssd.h.  Each is one raw command: GEOMETRY on the admin queue,
 * the vector commands on an I/O qpair.  Buffers and LBA lists must be DMA
 * memory (spdk_zmalloc/spdk_dma_malloc).  Return 0 when queued, -EINVAL
 * (with a log line) for bad arguments, -ENOMEM when no request is free.
 */
#ifndef SPDK_NVME_OCSSD_H
#define SPDK_NVME_OCSSD_H

#include "spdk/stdinc.h"

#include "spdk/nvme.h"
#include "spdk/nvme_ocssd_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* True for CNEX Labs' Open-Channel controller (PCI 1d1d:1f1f, Identify VID
 * 1d1d) whose first active namespace has vendor-specific byte 0 set to 1:
 * the test SPDK makes. */
bool spdk_nvme_ctrlr_is_ocssd_supported(struct spdk_nvme_ctrlr *ctrlr);

/* GEOMETRY of namespace nsid into payload (exactly 4096 bytes). */
int spdk_nvme_ocssd_ctrlr_cmd_geometry(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
				       void *payload, uint32_t payload_size,
				       spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/* Reset the chunks starting at the num_lbas (1..64) LBAs of lba_list;
 * chunk_info (may be NULL) receives their chunk descriptors. */
int spdk_nvme_ocssd_ns_cmd_vector_reset(struct spdk_nvme_ns *ns,
					struct spdk_nvme_qpair *qpair,
					uint64_t *lba_list, uint32_t num_lbas,
					struct spdk_ocssd_chunk_information_entry *chunk_info,
					spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/* Write/read num_lbas blocks at the listed LBAs; io_flags only
 * SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY.  The _with_md forms add a separate
 * metadata buffer (num_lbas * spdk_nvme_ns_get_md_size() bytes). */
int spdk_nvme_ocssd_ns_cmd_vector_write(struct spdk_nvme_ns *ns,
					struct spdk_nvme_qpair *qpair,
					void *buffer,
					uint64_t *lba_list, uint32_t num_lbas,
					spdk_nvme_cmd_cb cb_fn, void *cb_arg,
					uint32_t io_flags);

int spdk_nvme_ocssd_ns_cmd_vector_write_with_md(struct spdk_nvme_ns *ns,
		struct spdk_nvme_qpair *qpair,
		void *buffer, void *metadata,
		uint64_t *lba_list, uint32_t num_lbas,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		uint32_t io_flags);

int spdk_nvme_ocssd_ns_cmd_vector_read(struct spdk_nvme_ns *ns,
				       struct spdk_nvme_qpair *qpair,
				       void *buffer,
				       uint64_t *lba_list, uint32_t num_lbas,
				       spdk_nvme_cmd_cb cb_fn, void *cb_arg,
				       uint32_t io_flags);

int spdk_nvme_ocssd_ns_cmd_vector_read_with_md(struct spdk_nvme_ns *ns,
		struct spdk_nvme_qpair *qpair,
		void *buffer, void *metadata,
		uint64_t *lba_list, uint32_t num_lbas,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		uint32_t io_flags);

/* Copy the blocks at src_lba_list to dst_lba_list (num_lbas each). */
int spdk_nvme_ocssd_ns_cmd_vector_copy(struct spdk_nvme_ns *ns,
				       struct spdk_nvme_qpair *qpair,
				       uint64_t *dst_lba_list, uint64_t *src_lba_list,
				       uint32_t num_lbas,
				       spdk_nvme_cmd_cb cb_fn, void *cb_arg,
				       uint32_t io_flags);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_OCSSD_H */
