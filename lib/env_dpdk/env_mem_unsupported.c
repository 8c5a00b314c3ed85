/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Reserving address space for later registration, and the hugepage file
 * behind env memory: declared for source compatibility, refused with a line
 * saying what to use instead (docs/spdk-compat.md).  spdk_mem_register and
 * spdk_mem_unregister are not here: main's env_mem_register.c (device
 * memory: CMB/PMR) defines them.
 */
#include <errno.h>
#include <stdint.h>

#include "spdk/env.h"
#include "ealnvme_log.h"

static void
env_mem_unsupported(const char *fn)
{
	EALNVME_ERRLOG("%s: not supported by ealnvme (memory the env did not allocate "
		       "cannot be made DMA-able); allocate I/O buffers with spdk_zmalloc()/spdk_malloc()", fn);
}

int
spdk_mem_reserve(void *vaddr, size_t len)
{
	(void)vaddr;
	(void)len;
	env_mem_unsupported(__func__);
	return -ENOTSUP;
}

int
spdk_mem_get_fd_and_offset(void *vaddr, uint64_t *offset)
{
	(void)vaddr;
	(void)offset;
	EALNVME_ERRLOG("spdk_mem_get_fd_and_offset: not supported by ealnvme (DPDK's hugepage "
		       "files are not handed out)");
	return -ENOTSUP;
}
