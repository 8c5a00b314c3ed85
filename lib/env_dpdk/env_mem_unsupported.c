/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * SPDK's memory maps and registration of memory the env did not allocate.
 * ealnvme translates only DPDK's own heap (env_vtophys.c), so these are
 * declared for source compatibility and refuse with a line saying what to
 * use instead (docs/spdk-compat.md lists them).
 */
#include <errno.h>
#include <stdint.h>

#include "spdk/env.h"
#include "ealnvme_log.h"

static void
env_mem_unsupported(const char *fn)
{
	EALNVME_ERRLOG("%s: not supported by ealnvme (no memory maps or user memory "
		       "registration); allocate I/O buffers with spdk_zmalloc()/spdk_malloc()", fn);
}

struct spdk_mem_map *
spdk_mem_map_alloc(uint64_t default_translation, const struct spdk_mem_map_ops *ops, void *cb_ctx)
{
	(void)default_translation;
	(void)ops;
	(void)cb_ctx;
	env_mem_unsupported(__func__);
	return NULL;
}

void
spdk_mem_map_free(struct spdk_mem_map **pmap)
{
	/* No map was ever handed out: clear the caller's pointer and go. */
	if (pmap != NULL) {
		*pmap = NULL;
	}
}

int
spdk_mem_map_set_translation(struct spdk_mem_map *map, uint64_t vaddr, uint64_t size,
			     uint64_t translation)
{
	(void)map;
	(void)vaddr;
	(void)size;
	(void)translation;
	env_mem_unsupported(__func__);
	return -ENOTSUP;
}

int
spdk_mem_map_clear_translation(struct spdk_mem_map *map, uint64_t vaddr, uint64_t size)
{
	(void)map;
	(void)vaddr;
	(void)size;
	env_mem_unsupported(__func__);
	return -ENOTSUP;
}

uint64_t
spdk_mem_map_translate(const struct spdk_mem_map *map, uint64_t vaddr, uint64_t *size)
{
	(void)map;
	(void)vaddr;
	if (size != NULL) {
		*size = 0;
	}
	env_mem_unsupported(__func__);
	return UINT64_MAX;
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
