/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Zoned Namespace command set (NVMe ZNS 1.0), SPDK's spdk/nvme_zns.h API.
 * The data structures and enums (spdk_nvme_zns_ns_data, _ctrlr_data,
 * _zone_desc, _zone_report, zone states and actions) are in nvme_spec.h,
 * as in SPDK.
 *
 * The ZNS Identify data is read at attach for each namespace whose command
 * set (NS ID descriptor CSI) is ZNS, when the controller was enabled with
 * all I/O command sets (CC.CSS 110b; the default when CAP.CSS offers it).
 * On other namespaces spdk_nvme_zns_ns_get_data() returns NULL, the other
 * getters return 0 and the commands return -EINVAL with a log line.
 */
#ifndef SPDK_NVME_ZNS_H
#define SPDK_NVME_ZNS_H

#include "spdk/stdinc.h"
#include "spdk/nvme.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Namespace data: CNS 05h, CSI 02h; NULL on a namespace that is not zoned. */
const struct spdk_nvme_zns_ns_data *spdk_nvme_zns_ns_get_data(struct spdk_nvme_ns *ns);
/* Zone size of the current LBA format, in blocks and in bytes. */
uint64_t spdk_nvme_zns_ns_get_zone_size_sectors(struct spdk_nvme_ns *ns);
uint64_t spdk_nvme_zns_ns_get_zone_size(struct spdk_nvme_ns *ns);
uint64_t spdk_nvme_zns_ns_get_num_zones(struct spdk_nvme_ns *ns);
/* MOR + 1 and MAR + 1 (0xffffffff + 1 = 0: no limit). */
uint32_t spdk_nvme_zns_ns_get_max_open_zones(struct spdk_nvme_ns *ns);
uint32_t spdk_nvme_zns_ns_get_max_active_zones(struct spdk_nvme_ns *ns);

/* Controller data: CNS 06h, CSI 02h; NULL when the controller has no zoned namespace. */
const struct spdk_nvme_zns_ctrlr_data *spdk_nvme_zns_ctrlr_get_data(struct spdk_nvme_ctrlr *ctrlr);
/* Bytes one ZONE APPEND may carry: ZASL (0: the max transfer size), capped by MDTS. */
uint32_t spdk_nvme_zns_ctrlr_get_max_zone_append_size(const struct spdk_nvme_ctrlr *ctrlr);

/*
 * ZONE APPEND of lba_count blocks to the zone starting at zslba; the
 * completion's CDW0/CDW1 hold the LBA written.  -EINVAL when the controller
 * does not support Zone Append (Commands Supported and Effects log, CSI 02h)
 * or the data exceeds spdk_nvme_zns_ctrlr_get_max_zone_append_size(); never
 * split.  io_flags may add SPDK_NVME_IO_FLAGS_ZONE_APPEND_PIREMAP.
 */
int spdk_nvme_zns_zone_append(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      void *buffer, uint64_t zslba, uint32_t lba_count,
			      spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags);
int spdk_nvme_zns_zone_append_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				      void *buffer, void *metadata, uint64_t zslba,
				      uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
				      uint32_t io_flags, uint16_t apptag_mask, uint16_t apptag);
int spdk_nvme_zns_zone_appendv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       uint64_t zslba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
			       void *cb_arg, uint32_t io_flags,
			       spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			       spdk_nvme_req_next_sge_cb next_sge_fn);
int spdk_nvme_zns_zone_appendv_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				       uint64_t zslba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				       void *cb_arg, uint32_t io_flags,
				       spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				       spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
				       uint16_t apptag_mask, uint16_t apptag);

/*
 * ZONE MANAGEMENT SEND of one zone (slba, its start LBA) or, select_all
 * true, of every zone in a state the action applies to (slba ignored).
 */
int spdk_nvme_zns_close_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			     uint64_t slba, bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_zns_finish_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      uint64_t slba, bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_zns_open_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			    uint64_t slba, bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_zns_reset_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			     uint64_t slba, bool select_all, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_zns_offline_zone(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       uint64_t slba, bool select_all, spdk_nvme_cmd_cb cb_fn,
			       void *cb_arg);
/* Set Zone Descriptor Extension: payload_size bytes from buffer (ordinary memory). */
int spdk_nvme_zns_set_zone_desc_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				    uint64_t slba, void *buffer, uint32_t payload_size,
				    spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * ZONE MANAGEMENT RECEIVE: a struct spdk_nvme_zns_zone_report followed by
 * zone descriptors (extended report: each with its extension) starting at
 * the zone containing slba, filtered by report_opts; partial_report: nr_zones
 * counts only the descriptors that fit.  payload (payload_size bytes, a
 * multiple of 4) may be ordinary memory: it is filled before cb_fn runs.
 */
int spdk_nvme_zns_report_zones(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       void *payload, uint32_t payload_size, uint64_t slba,
			       enum spdk_nvme_zns_zra_report_opts report_opts,
			       bool partial_report, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_zns_ext_report_zones(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				   void *payload, uint32_t payload_size, uint64_t slba,
				   enum spdk_nvme_zns_zra_report_opts report_opts,
				   bool partial_report, spdk_nvme_cmd_cb cb_fn, void *cb_arg);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_ZNS_H */
