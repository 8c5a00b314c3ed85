/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Probing through a discovery controller (NVMe-oF 1.1 §5), for any fabrics
 * transport: the discovery log page read whole (nvme_ctrlr_discovery.c),
 * each NVMe subsystem entry turned into a transport ID and handed to
 * nvme_ctrlr_probe_found().  A fabrics transport's scan calls
 * nvme_fabric_ctrlr_discover() when a probe (not a direct connect) names
 * the discovery NQN.
 */
#ifndef EALNVME_NVME_FABRIC_DISCOVERY_H
#define EALNVME_NVME_FABRIC_DISCOVERY_H

#include "nvme_internal.h"

/*
 * One discovery log entry as a transport ID: trtype (with its name),
 * adrfam, traddr and trsvcid without their padding (trailing spaces, NULs,
 * line ends), subnqn.  0; -ENOTSUP for an entry that is not an NVMe
 * subsystem (a referral, the discovery subsystem itself) or of a transport
 * not built in; -EINVAL for a malformed one (empty traddr, SUBNQN without
 * its NUL in 224 bytes).  Every non-zero return is logged (why skipped).
 * An empty trsvcid becomes 4420, the NVMe-oF port (NVMe/TCP 1.0 §3.1).
 */
int nvme_fabric_disc_entry_to_trid(const struct spdk_nvmf_discovery_log_page_entry *entry,
				   struct spdk_nvme_transport_id *trid);

/*
 * Probe every usable entry of log (numrec entries follow the header):
 * nvme_ctrlr_probe_found() with the entry transport's ctrlr_construct, the
 * probe's callbacks deciding.  priority is copied into each trid (SPDK
 * copies the discovery controller's).  Returns how many entries were
 * handed to nvme_ctrlr_probe_found().
 */
uint32_t nvme_fabric_disc_probe_entries(struct spdk_nvme_probe_ctx *probe_ctx,
					const struct spdk_nvmf_discovery_log_page *log,
					int priority);

/*
 * Read ctrlr's discovery log (polling its admin queue, bounded by the
 * admin timeout) and probe its entries.  0, or a negative errno (logged)
 * when the log could not be read.  ctrlr is not detached here.
 */
int nvme_fabric_disc_probe_ctrlr(struct spdk_nvme_probe_ctx *probe_ctx,
				 struct spdk_nvme_ctrlr *ctrlr);

/*
 * A fabrics scan of the discovery NQN: construct the discovery controller
 * for trid with construct (devhandle: int * for its errno), run its init,
 * probe what its log lists, detach it.  Referrals (other discovery
 * services) are not followed, as SPDK.  0 or a negative errno (the
 * discovery controller unreachable, or its log unreadable).
 */
int nvme_fabric_ctrlr_discover(struct spdk_nvme_probe_ctx *probe_ctx,
			       const struct spdk_nvme_transport_id *trid,
			       struct spdk_nvme_ctrlr *(*construct)(const struct spdk_nvme_transport_id *,
					       const struct spdk_nvme_ctrlr_opts *, void *));

#endif /* EALNVME_NVME_FABRIC_DISCOVERY_H */
