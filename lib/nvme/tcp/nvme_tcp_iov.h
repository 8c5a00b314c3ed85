/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A command's data as an element list (struct iovec): a single buffer is a
 * one-element list, so one code path serves both.  A PDU's data is a byte
 * range of its command's list: the element it starts in, the bytes to skip
 * there, and its length; PDU and element boundaries need not meet.
 */
#ifndef EALNVME_NVME_TCP_IOV_H
#define EALNVME_NVME_TCP_IOV_H

#include <stdint.h>
#include <sys/uio.h>

/*
 * Elements one command's data may have: SPDK's TCP initiator takes 16 too.
 * Reported as the transport's max SGEs; the slots hold them (no allocation).
 */
#define NVME_TCP_MAX_SGES	16u

/*
 * The element of iov[0..iovcnt) (iovcnt >= 1) that holds byte *off of the
 * list; *off becomes the offset inside it.  An offset at or past the end
 * stops in the last element.
 */
static inline uint32_t
nvme_tcp_iov_seek(const struct iovec *iov, uint32_t iovcnt, uint32_t *off)
{
	uint32_t i = 0;

	while (i + 1 < iovcnt && *off >= iov[i].iov_len) {
		*off -= (uint32_t)iov[i].iov_len;
		i++;
	}
	return i;
}

/* True when iov[0..iovcnt) holds skip + len bytes. */
static inline int
nvme_tcp_iov_covers(const struct iovec *iov, uint32_t iovcnt, uint32_t skip, uint32_t len)
{
	uint64_t need = (uint64_t)skip + len;

	for (uint32_t i = 0; i < iovcnt && need > 0; i++) {
		need -= need < iov[i].iov_len ? need : iov[i].iov_len;
	}
	return need == 0;
}

#endif /* EALNVME_NVME_TCP_IOV_H */
