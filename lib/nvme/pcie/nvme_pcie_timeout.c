/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Command timeouts of a PCIe qpair.  Submission stamps the tracker with
 * spdk_get_ticks() only while a timeout is registered; the poll scans the
 * trackers only once the earliest deadline any of them can have has passed
 * (a command submitted later has a later deadline), so a poll costs one
 * compare until something is actually late.
 */
#include "nvme_pcie_internal.h"

void
nvme_pcie_qpair_check_timeouts(struct spdk_nvme_qpair *qpair, uint64_t now)
{
	struct nvme_pcie_qpair *pqpair = nvme_pcie_qpair(qpair);
	struct spdk_nvme_ctrlr *ctrlr = qpair->ctrlr;
	uint64_t timeout = qpair->timeout_ticks;
	uint64_t next = now + timeout;

	if (nvme_likely(now < pqpair->next_timeout_check)) {
		return;
	}
	for (uint32_t i = 0; i < pqpair->num_trackers; i++) {
		struct nvme_tracker *tr = &pqpair->tr[i];
		uint64_t deadline;

		/* submit_tick 0: submitted while no timeout was registered. */
		if (tr->req == NULL || tr->timed_out || tr->submit_tick == 0) {
			continue;
		}
		/* An ASYNC EVENT REQUEST is meant to stay outstanding (§5.2). */
		if (qpair->id == 0 && tr->req->cmd.opc == SPDK_NVME_OPC_ASYNC_EVENT_REQUEST) {
			continue;
		}
		deadline = tr->submit_tick + timeout;
		if (now < deadline) {
			next = nvme_min(next, deadline);
			continue;
		}
		/* Once per command: the callback may abort it or reset the controller. */
		tr->timed_out = true;
		if (ctrlr->timeout_cb_fn != NULL) {
			ctrlr->timeout_cb_fn(ctrlr->timeout_cb_arg, ctrlr,
					     qpair->id == 0 ? NULL : qpair, tr->cid);
		}
		if (qpair->timeout_ticks == 0) {
			/* The callback unregistered the timeouts. */
			return;
		}
	}
	pqpair->next_timeout_check = next;
}
