/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/fd.h: sizes of regular files and block devices.
 */
#include <linux/fs.h>

#include "spdk/fd.h"
#include "spdk/string.h"
#include "ealnvme_log.h"

uint64_t
spdk_fd_get_size(int fd)
{
	struct stat st;
	uint64_t size;

	if (fstat(fd, &st) != 0) {
		return 0;
	}
	if (S_ISREG(st.st_mode)) {
		return (uint64_t)st.st_size;
	}
	/* st_size of a device node is 0: ask the block layer. */
	if ((S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) && ioctl(fd, BLKGETSIZE64, &size) == 0) {
		return size;
	}
	return 0;
}

uint32_t
spdk_fd_get_blocklen(int fd)
{
	int blocklen;

	/* BLKSSZGET: the logical block size, what I/O must be aligned to. */
	if (ioctl(fd, BLKSSZGET, &blocklen) == 0 && blocklen > 0) {
		return (uint32_t)blocklen;
	}
	return 0;
}

static int
fd_set_flag(int fd, bool nonblock)
{
	int flags = fcntl(fd, F_GETFL);
	int rc;

	if (flags < 0) {
		rc = -errno;
		EALNVME_ERRLOG("fd %d: cannot read its flags (%s); is it an open descriptor?",
			       fd, spdk_strerror(-rc));
		return rc;
	}
	if (((flags & O_NONBLOCK) != 0) == nonblock) {
		return 0;
	}
	flags = nonblock ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
	if (fcntl(fd, F_SETFL, flags) < 0) {
		rc = -errno;
		EALNVME_ERRLOG("fd %d: cannot %s O_NONBLOCK (%s)", fd, nonblock ? "set" : "clear",
			       spdk_strerror(-rc));
		return rc;
	}
	return 0;
}

int
spdk_fd_set_nonblock(int fd)
{
	return fd_set_flag(fd, true);
}

int
spdk_fd_clear_nonblock(int fd)
{
	return fd_set_flag(fd, false);
}
