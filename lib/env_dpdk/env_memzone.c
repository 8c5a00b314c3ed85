/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_memzone over rte_memzone: named, zeroed, IOVA-contiguous unless
 * SPDK_MEMZONE_NO_IOVA_CONTIG, visible to every process of one shm_id.
 */
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_memzone.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

void *
spdk_memzone_reserve_aligned(const char *name, size_t len, int numa_id, unsigned flags,
			     unsigned align)
{
	const struct rte_memzone *mz;
	unsigned dpdk_flags = 0;

	if (!env_eal_is_initialized()) {
		EALNVME_ERRLOG("spdk_memzone_reserve: the environment is not initialised "
			       "(call spdk_env_init first)");
		return NULL;
	}
	if (name == NULL || name[0] == '\0' || strlen(name) >= SPDK_MAX_MEMZONE_NAME_LEN) {
		EALNVME_ERRLOG("spdk_memzone_reserve: a name of 1 to %d characters is needed",
			       SPDK_MAX_MEMZONE_NAME_LEN - 1);
		return NULL;
	}
	if (align == 0 || (align & (align - 1)) != 0) {
		EALNVME_ERRLOG("spdk_memzone_reserve(%s): alignment %u is not a power of two",
			       name, align);
		return NULL;
	}
	if ((flags & SPDK_MEMZONE_NO_IOVA_CONTIG) == 0) {
		dpdk_flags |= RTE_MEMZONE_IOVA_CONTIG;
	}
	mz = rte_memzone_reserve_aligned(name, len,
					 numa_id == SPDK_ENV_NUMA_ID_ANY ? SOCKET_ID_ANY : numa_id,
					 dpdk_flags, align);
	if (mz == NULL) {
		EALNVME_ERRLOG("spdk_memzone_reserve(%s, %zu bytes): %s; the name must be unused "
			       "and the memory available (spdk_env_opts.mem_size, hugepages)",
			       name, len, rte_strerror(rte_errno));
		return NULL;
	}
	memset(mz->addr, 0, len);
	return mz->addr;
}

void *
spdk_memzone_reserve(const char *name, size_t len, int numa_id, unsigned flags)
{
	return spdk_memzone_reserve_aligned(name, len, numa_id, flags, RTE_CACHE_LINE_SIZE);
}

void *
spdk_memzone_lookup(const char *name)
{
	const struct rte_memzone *mz;

	if (name == NULL || !env_eal_is_initialized()) {
		return NULL;
	}
	mz = rte_memzone_lookup(name);
	return mz != NULL ? mz->addr : NULL;
}

int
spdk_memzone_free(const char *name)
{
	const struct rte_memzone *mz;

	if (name == NULL || !env_eal_is_initialized()) {
		return -1;
	}
	mz = rte_memzone_lookup(name);
	if (mz == NULL) {
		return -1;
	}
	return rte_memzone_free(mz);
}

void
spdk_memzone_dump(FILE *f)
{
	if (f != NULL && env_eal_is_initialized()) {
		rte_memzone_dump(f);
	}
}
