/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Registration of memory the env did not allocate, and the hugepage file
 * behind env memory.  ealnvme translates only DPDK's own heap
 * (env_vtophys.c), so these are declared for source compatibility and
 * refuse with a line saying what to use instead (docs/spdk-compat.md).
 */
#include <errno.h>
#include <stdint.h>

#include "spdk/env.h"
#include "ealnvme_log.h"

static void
env_mem_unsupported(const char *fn)
{
	EALNVME_ERRLOG("%s: not supported by ealnvme (no registration of memory the "
		       "env did not allocate); allocate I/O buffers with spdk_zmalloc()/spdk_malloc()", fn);
}

int
spdk_mem_register(void *vaddr, size_t len)
{
	(void)vaddr;
	(void)len;
	env_mem_unsupported(__func__);
	return -ENOTSUP;
}

int
spdk_mem_unregister(void *vaddr, size_t len)
{
	(void)vaddr;
	(void)len;
	env_mem_unsupported(__func__);
	return -ENOTSUP;
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
