/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Scattered I/O for a transport that takes a bounded number of data
 * elements per command (struct nvme_transport_ops.split_sges; NVMe/TCP
 * keeps the list in its command slot).  An I/O whose list needs more is
 * split into children, each as many whole blocks as at most split_sges
 * elements (and MDTS) hold from where the previous one ended; a child may
 * start and end inside an element, since the transport walks the list from
 * the child's byte offset (reset_sgl).  SPDK's core splits such lists too
 * (by the transport's max_sges), so SPDK programs that hand over long
 * iovecs keep working.
 */
#include <errno.h>

#include "nvme_internal.h"
#include "nvme_ns_cmd.h"

/*
 * Bytes of whole blocks that at most max_sges elements from byte pos hold,
 * capped at max_bytes and the payload's end (total).
 */
static int
nvme_sges_child_bytes(const struct nvme_ns_io *io, void *arg, uint32_t pos, uint32_t total,
		      uint32_t max_sges, uint32_t max_bytes, uint32_t *bytes)
{
	uint32_t want = nvme_min(total - pos, max_bytes), got = 0;

	io->reset_sgl_fn(arg, pos);
	for (uint32_t i = 0; i < max_sges && got < want; i++) {
		void *addr = NULL;
		uint32_t len = 0;

		if (io->next_sge_fn(arg, &addr, &len) != 0 || len == 0) {
			EALNVME_ERRLOG("next_sge_fn failed or returned an empty element at byte "
				       "%u of a %u-byte payload", pos + got, total);
			return -EINVAL;
		}
		got += nvme_min(len, want - got);
	}
	*bytes = got - got % io->block_bytes;
	return 0;
}

int
nvme_ns_io_submit_sges(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		       const struct nvme_ns_io *io, uint16_t max_sges)
{
	struct nvme_request_list children = STAILQ_HEAD_INITIALIZER(children);
	/* the callbacks' argument, as nvme_ns_io_fill gives it to each request */
	struct nvme_iov_iter it = { .iov = io->iov, .iovcnt = io->iovcnt };
	void *arg = io->iov != NULL ? (void *)&it : io->cb_arg;
	uint32_t total = io->lba_count * io->block_bytes;
	uint32_t max_bytes = io->max_blocks * io->block_bytes;
	uint32_t pos = 0, bytes = 0, nchildren = 0;
	struct nvme_request *parent, *child;
	int rc;

	if (io->block_bytes == 0) {
		return 1;
	}
	rc = nvme_sges_child_bytes(io, arg, 0, total, max_sges, max_bytes, &bytes);
	/* One command carries it, or a fused command (never split): as usual. */
	if (rc != 0 || bytes == total || (io->io_flags & SPDK_NVME_IO_FLAGS_FUSE_MASK) != 0) {
		return rc != 0 ? rc : 1;
	}
	parent = nvme_allocate_request(qpair, NULL, 0, io->cb_fn, io->cb_arg);
	if (parent == NULL) {
		return -ENOMEM;
	}
	parent->parent_cpl = (struct spdk_nvme_cpl){ 0 };
	parent->parent_cpl.sqid = qpair->id;
	while (pos < total) {
		if (pos > 0) {
			rc = nvme_sges_child_bytes(io, arg, pos, total, max_sges, max_bytes, &bytes);
		}
		if (rc == 0 && bytes == 0) {
			EALNVME_ERRLOG("%s: ns %u: %u elements from byte %u of the payload hold less "
				       "than one %u-byte block, and one command takes at most %u "
				       "elements (spdk_nvme_ctrlr_get_max_sges): use larger elements",
				       nvme_ctrlr_name(ns->ctrlr), ns->id, max_sges, pos,
				       io->block_bytes, max_sges);
			rc = -EINVAL;
		} else if (rc == 0 && nchildren == UINT16_MAX) {
			EALNVME_ERRLOG("%s: ns %u: the payload's elements need more than %u "
				       "commands; use larger elements", nvme_ctrlr_name(ns->ctrlr),
				       ns->id, UINT16_MAX);
			rc = -EINVAL;
		}
		child = rc == 0 ? nvme_allocate_request(qpair, NULL, 0, NULL, NULL) : NULL;
		if (child == NULL) {
			nvme_free_request_list(&children);
			nvme_free_request(parent);
			return rc != 0 ? rc : -ENOMEM;
		}
		child->parent = parent;
		nvme_ns_io_fill(child, io, ns->id, pos / io->block_bytes, bytes / io->block_bytes);
		STAILQ_INSERT_TAIL(&children, child, stailq);
		nchildren++;
		pos += bytes;
	}
	return nvme_ns_io_submit_children(qpair, parent, &children, nchildren);
}
