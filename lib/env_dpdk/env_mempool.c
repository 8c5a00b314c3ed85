/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_mempool over rte_mempool: a struct spdk_mempool * is the
 * rte_mempool itself.  As in SPDK, elements need not be IOVA-contiguous
 * (RTE_MEMPOOL_F_NO_IOVA_CONTIG), and per-core caches hold at most half of
 * the elements between them (so a pool never looks empty while most of it
 * sits in other cores' caches).  get/put are DPDK's lock-free paths.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mempool.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

/* DPDK takes unsigned int counts and calls rte_mempool_obj_cb_t; the SPDK
 * callbacks get the spdk_mempool and their own argument through these. */
struct env_mempool_obj_ctx {
	spdk_mempool_obj_cb_t	*fn;
	void			*arg;
};

struct env_mempool_mem_ctx {
	spdk_mempool_mem_cb_t	*fn;
	void			*arg;
};

static void
env_mempool_obj_tramp(struct rte_mempool *mp, void *opaque, void *obj, unsigned idx)
{
	struct env_mempool_obj_ctx *ctx = opaque;

	ctx->fn((struct spdk_mempool *)mp, ctx->arg, obj, idx);
}

static void
env_mempool_mem_tramp(struct rte_mempool *mp, void *opaque, struct rte_mempool_memhdr *memhdr,
		      unsigned idx)
{
	struct env_mempool_mem_ctx *ctx = opaque;

	ctx->fn((struct spdk_mempool *)mp, ctx->arg, memhdr->addr, memhdr->iova, memhdr->len, idx);
}

/* SPDK's rule: all the caches together hold no more than half the pool. */
static unsigned
env_mempool_cache_size(size_t count, size_t asked)
{
	size_t cores = rte_lcore_count() ? rte_lcore_count() : 1;
	size_t limit = count / 2 / cores;

	if (asked > limit) {
		asked = limit;
	}
	if (asked > RTE_MEMPOOL_CACHE_MAX_SIZE) {
		asked = RTE_MEMPOOL_CACHE_MAX_SIZE;
	}
	return (unsigned)asked;
}

struct spdk_mempool *
spdk_mempool_create_ctor(const char *name, size_t count, size_t ele_size, size_t cache_size,
			 int numa_id, spdk_mempool_obj_cb_t *obj_init, void *obj_init_arg)
{
	struct env_mempool_obj_ctx ctx = { .fn = obj_init, .arg = obj_init_arg };
	struct rte_mempool *mp;

	if (!env_eal_is_initialized()) {
		EALNVME_ERRLOG("spdk_mempool_create: the environment is not initialised "
			       "(call spdk_env_init first)");
		return NULL;
	}
	if (name == NULL || strlen(name) >= SPDK_MAX_MEMPOOL_NAME_LEN) {
		EALNVME_ERRLOG("spdk_mempool_create: a name of 1 to %d characters is needed",
			       SPDK_MAX_MEMPOOL_NAME_LEN - 1);
		return NULL;
	}
	if (count == 0 || count > UINT_MAX || ele_size == 0 || ele_size > UINT_MAX) {
		EALNVME_ERRLOG("spdk_mempool_create(%s): %zu elements of %zu bytes; both must be "
			       "between 1 and %u", name, count, ele_size, UINT_MAX);
		return NULL;
	}
	/* The callback runs for each element before rte_mempool_create returns. */
	mp = rte_mempool_create(name, (unsigned)count, (unsigned)ele_size,
				env_mempool_cache_size(count, cache_size), 0, NULL, NULL,
				obj_init != NULL ? env_mempool_obj_tramp : NULL, &ctx,
				numa_id == SPDK_ENV_NUMA_ID_ANY ? SOCKET_ID_ANY : numa_id,
				RTE_MEMPOOL_F_NO_IOVA_CONTIG);
	if (mp == NULL) {
		EALNVME_ERRLOG("spdk_mempool_create(%s): %s; a name must be unique, and %zu x %zu "
			       "bytes must fit in DPDK's memory (spdk_env_opts.mem_size, hugepages)",
			       name, rte_strerror(rte_errno), count, ele_size);
	}
	return (struct spdk_mempool *)mp;
}

struct spdk_mempool *
spdk_mempool_create(const char *name, size_t count, size_t ele_size, size_t cache_size,
		    int numa_id)
{
	return spdk_mempool_create_ctor(name, count, ele_size, cache_size, numa_id, NULL, NULL);
}

char *
spdk_mempool_get_name(struct spdk_mempool *mp)
{
	return mp != NULL ? ((struct rte_mempool *)mp)->name : NULL;
}

void
spdk_mempool_free(struct spdk_mempool *mp)
{
	rte_mempool_free((struct rte_mempool *)mp);
}

void *
spdk_mempool_get(struct spdk_mempool *mp)
{
	void *ele = NULL;

	if (rte_mempool_get((struct rte_mempool *)mp, &ele) != 0) {
		return NULL;
	}
	return ele;
}

int
spdk_mempool_get_bulk(struct spdk_mempool *mp, void **ele_arr, size_t count)
{
	if (count > UINT_MAX) {
		EALNVME_ERRLOG("spdk_mempool_get_bulk: %zu elements at once is more than a pool "
			       "can hold", count);
		return -EINVAL;
	}
	return rte_mempool_get_bulk((struct rte_mempool *)mp, ele_arr, (unsigned)count);
}

void
spdk_mempool_put(struct spdk_mempool *mp, void *ele)
{
	rte_mempool_put((struct rte_mempool *)mp, ele);
}

void
spdk_mempool_put_bulk(struct spdk_mempool *mp, void **ele_arr, size_t count)
{
	/* No pool holds more than UINT_MAX elements (create checks). */
	rte_mempool_put_bulk((struct rte_mempool *)mp, ele_arr, (unsigned)count);
}

size_t
spdk_mempool_count(const struct spdk_mempool *pool)
{
	return rte_mempool_avail_count((const struct rte_mempool *)pool);
}

uint32_t
spdk_mempool_obj_iter(struct spdk_mempool *mp, spdk_mempool_obj_cb_t obj_cb, void *obj_cb_arg)
{
	struct env_mempool_obj_ctx ctx = { .fn = obj_cb, .arg = obj_cb_arg };

	if (mp == NULL || obj_cb == NULL) {
		EALNVME_ERRLOG("spdk_mempool_obj_iter: NULL pool or callback");
		return 0;
	}
	return rte_mempool_obj_iter((struct rte_mempool *)mp, env_mempool_obj_tramp, &ctx);
}

uint32_t
spdk_mempool_mem_iter(struct spdk_mempool *mp, spdk_mempool_mem_cb_t mem_cb, void *mem_cb_arg)
{
	struct env_mempool_mem_ctx ctx = { .fn = mem_cb, .arg = mem_cb_arg };

	if (mp == NULL || mem_cb == NULL) {
		EALNVME_ERRLOG("spdk_mempool_mem_iter: NULL pool or callback");
		return 0;
	}
	return rte_mempool_mem_iter((struct rte_mempool *)mp, env_mempool_mem_tramp, &ctx);
}

struct spdk_mempool *
spdk_mempool_lookup(const char *name)
{
	if (name == NULL || !env_eal_is_initialized()) {
		return NULL;
	}
	return (struct spdk_mempool *)rte_mempool_lookup(name);
}
