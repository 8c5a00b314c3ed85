/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * iovec helpers of spdk/util.h: the N-way segment iterator, copies between
 * iovec arrays, and a cursor for streaming a flat buffer in or out.
 *
 * Unlike SPDK, zero-length elements are skipped instead of ending the walk,
 * and an array with no elements is simply empty.
 */
#include "spdk/util.h"

/* Move 'it' to the next element that has bytes; false when there is none. */
static bool
single_iter_load(struct spdk_single_ioviter *it)
{
	while (it->idx < it->iovcnt) {
		if (it->iov[it->idx].iov_len != 0) {
			it->iov_base = (uint8_t *)it->iov[it->idx].iov_base;
			it->iov_len = it->iov[it->idx].iov_len;
			return true;
		}
		it->idx++;
	}
	it->iov_base = NULL;
	it->iov_len = 0;
	return false;
}

size_t
spdk_ioviter_firstv(struct spdk_ioviter *iter, uint32_t count, struct iovec **iov,
		    size_t *iovcnt, void **out)
{
	iter->count = count;
	for (uint32_t i = 0; i < count; i++) {
		struct spdk_single_ioviter *it = &iter->iters[i];

		it->iov = iov[i];
		it->iovcnt = iov[i] != NULL ? iovcnt[i] : 0;
		it->idx = 0;
		single_iter_load(it);
	}
	return spdk_ioviter_nextv(iter, out);
}

size_t
spdk_ioviter_nextv(struct spdk_ioviter *iter, void **out)
{
	size_t len = SIZE_MAX;

	if (iter->count == 0) {
		return 0;
	}
	/* The segment is as long as the shortest remainder of any element. */
	for (uint32_t i = 0; i < iter->count; i++) {
		const struct spdk_single_ioviter *it = &iter->iters[i];

		if (it->idx >= it->iovcnt) {
			return 0;
		}
		len = spdk_min(len, it->iov_len);
	}
	for (uint32_t i = 0; i < iter->count; i++) {
		struct spdk_single_ioviter *it = &iter->iters[i];

		out[i] = it->iov_base;
		if (it->iov_len == len) {
			it->idx++;
			single_iter_load(it);
		} else {
			it->iov_base += len;
			it->iov_len -= len;
		}
	}
	return len;
}

size_t
spdk_ioviter_first(struct spdk_ioviter *iter, struct iovec *siov, size_t siovcnt,
		   struct iovec *diov, size_t diovcnt, void **src, void **dst)
{
	struct iovec *iovs[2] = { siov, diov };
	size_t cnts[2] = { siovcnt, diovcnt };
	void *out[2];
	size_t len = spdk_ioviter_firstv(iter, 2, iovs, cnts, out);

	if (len != 0) {
		*src = out[0];
		*dst = out[1];
	}
	return len;
}

size_t
spdk_ioviter_next(struct spdk_ioviter *iter, void **src, void **dst)
{
	void *out[2];
	size_t len = spdk_ioviter_nextv(iter, out);

	if (len != 0) {
		*src = out[0];
		*dst = out[1];
	}
	return len;
}

void
spdk_iov_memset(struct iovec *iovs, int iovcnt, int c)
{
	for (int i = 0; i < iovcnt; i++) {
		memset(iovs[i].iov_base, c, iovs[i].iov_len);
	}
}

static size_t
iov_copy(struct iovec *siov, size_t siovcnt, struct iovec *diov, size_t diovcnt, bool overlap)
{
	struct spdk_ioviter iter;
	void *src, *dst;
	size_t total = 0;

	for (size_t len = spdk_ioviter_first(&iter, siov, siovcnt, diov, diovcnt, &src, &dst);
	     len != 0; len = spdk_ioviter_next(&iter, &src, &dst)) {
		if (overlap) {
			memmove(dst, src, len);
		} else {
			memcpy(dst, src, len);
		}
		total += len;
	}
	return total;
}

size_t
spdk_iovcpy(struct iovec *siov, size_t siovcnt, struct iovec *diov, size_t diovcnt)
{
	return iov_copy(siov, siovcnt, diov, diovcnt, false);
}

size_t
spdk_iovmove(struct iovec *siov, size_t siovcnt, struct iovec *diov, size_t diovcnt)
{
	return iov_copy(siov, siovcnt, diov, diovcnt, true);
}

void
spdk_iov_xfer_init(struct spdk_iov_xfer *ix, struct iovec *iovs, int iovcnt)
{
	ix->iovs = iovs;
	ix->iovcnt = iovcnt;
	ix->cur_iov_idx = 0;
	ix->cur_iov_offset = 0;
}

/* Copy between buf and the iovecs at the cursor, advancing the cursor. */
static size_t
iov_xfer(struct spdk_iov_xfer *ix, uint8_t *buf, size_t buf_len, bool to_buf)
{
	size_t done = 0;

	while (done < buf_len && ix->cur_iov_idx < ix->iovcnt) {
		struct iovec *iov = &ix->iovs[ix->cur_iov_idx];
		size_t left = iov->iov_len - ix->cur_iov_offset;
		size_t n = spdk_min(left, buf_len - done);
		uint8_t *at = (uint8_t *)iov->iov_base + ix->cur_iov_offset;

		if (to_buf) {
			memcpy(buf + done, at, n);
		} else {
			memcpy(at, buf + done, n);
		}
		done += n;
		ix->cur_iov_offset += n;
		if (ix->cur_iov_offset == iov->iov_len) {
			ix->cur_iov_idx++;
			ix->cur_iov_offset = 0;
		}
	}
	return done;
}

size_t
spdk_iov_xfer_from_buf(struct spdk_iov_xfer *ix, const void *buf, size_t buf_len)
{
	return iov_xfer(ix, (uint8_t *)(uintptr_t)buf, buf_len, false);
}

size_t
spdk_iov_xfer_to_buf(struct spdk_iov_xfer *ix, const void *buf, size_t buf_len)
{
	/* SPDK declares buf const here although it is written. */
	return iov_xfer(ix, (uint8_t *)(uintptr_t)buf, buf_len, true);
}

void
spdk_copy_iovs_to_buf(void *buf, size_t buf_len, struct iovec *iovs, int iovcnt)
{
	struct spdk_iov_xfer ix;

	spdk_iov_xfer_init(&ix, iovs, iovcnt);
	spdk_iov_xfer_to_buf(&ix, buf, buf_len);
}

void
spdk_copy_buf_to_iovs(struct iovec *iovs, int iovcnt, void *buf, size_t buf_len)
{
	struct spdk_iov_xfer ix;

	spdk_iov_xfer_init(&ix, iovs, iovcnt);
	spdk_iov_xfer_from_buf(&ix, buf, buf_len);
}
