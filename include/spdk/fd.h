/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Sizes of files and block devices behind a file descriptor (lib/util/fd.c).
 */
#ifndef SPDK_FD_H
#define SPDK_FD_H

#include "spdk/stdinc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes in a regular file or block device; 0 for anything else or on error. */
uint64_t spdk_fd_get_size(int fd);

/* Logical block size of a block device; 0 for anything else or on error. */
uint32_t spdk_fd_get_blocklen(int fd);

/* Set / clear O_NONBLOCK.  0, or a negative errno from fcntl(). */
int spdk_fd_set_nonblock(int fd);
int spdk_fd_clear_nonblock(int fd);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_FD_H */
