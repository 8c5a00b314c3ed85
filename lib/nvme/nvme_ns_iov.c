/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * An iovec payload (read_iov/write_iov) as the reset_sgl/next_sge pair the
 * transports already walk: the position lives in the request
 * (struct nvme_iov_iter), so each child of a split walks independently.
 */
#include <sys/uio.h>

#include "nvme_ns_cmd.h"

void
nvme_iov_reset_sgl(void *cb_arg, uint32_t offset)
{
	struct nvme_iov_iter *it = cb_arg;

	it->idx = 0;
	it->off = 0;
	while (it->idx < it->iovcnt && offset >= it->iov[it->idx].iov_len) {
		offset -= (uint32_t)it->iov[it->idx].iov_len;
		it->idx++;
	}
	it->off = offset;
}

int
nvme_iov_next_sge(void *cb_arg, void **address, uint32_t *length)
{
	struct nvme_iov_iter *it = cb_arg;

	/* Empty elements carry nothing: skip them. */
	while (it->idx < it->iovcnt && it->iov[it->idx].iov_len <= it->off) {
		it->idx++;
		it->off = 0;
	}
	if (it->idx >= it->iovcnt) {
		return -1;	/* the payload is shorter than lba_count blocks */
	}
	*address = (char *)it->iov[it->idx].iov_base + it->off;
	*length = (uint32_t)nvme_min(it->iov[it->idx].iov_len - it->off, (size_t)UINT32_MAX);
	it->idx++;
	it->off = 0;
	return 0;
}
