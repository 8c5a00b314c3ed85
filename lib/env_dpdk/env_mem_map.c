/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_mem_map: a per-user translation of virtual addresses at 2 MiB
 * granularity (a 48-bit address space: 2^18 pointers to 1 GiB tables of 512
 * entries), as SPDK's.  A map with a notify callback is told about every
 * region of env memory: DPDK's memory at alloc time, and what DPDK adds or
 * frees later (its memory events).  Regions are reported 2 MiB aligned,
 * rounded inwards (DPDK's no-hugepage memory need not be aligned).
 *
 * Lock order: DPDK's memory hotplug lock, then g_maps_lock (DPDK calls the
 * event callback with its lock held).  Notify callbacks must therefore not
 * allocate env memory.  Translate is lock-free: tables only ever appear
 * (published with release stores) until the map is freed.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include "spdk/env.h"
#include "spdk/queue.h"
#include "env_internal.h"
#include "ealnvme_log.h"

#define MAP_2MB_SHIFT	21
#define MAP_1GB_SHIFT	30
#define MAP_VA_BITS	48
#define MAP_2MB		(1ull << MAP_2MB_SHIFT)
#define MAP_L1_ENTRIES	(1ull << (MAP_VA_BITS - MAP_1GB_SHIFT))
#define MAP_L2_ENTRIES	(1ull << (MAP_1GB_SHIFT - MAP_2MB_SHIFT))

struct env_map_1gb {
	uint64_t	translation[MAP_L2_ENTRIES];
};

struct spdk_mem_map {
	uint64_t			default_translation;
	struct spdk_mem_map_ops		ops;
	void				*cb_ctx;
	pthread_mutex_t			lock;	/* set/clear: table creation */
	TAILQ_ENTRY(spdk_mem_map)	link;	/* in g_maps when it has a notify_cb */
	struct env_map_1gb		*l1[MAP_L1_ENTRIES];
};

static TAILQ_HEAD(, spdk_mem_map) g_maps = TAILQ_HEAD_INITIALIZER(g_maps);
static pthread_mutex_t g_maps_lock = PTHREAD_MUTEX_INITIALIZER;
static bool g_event_cb_registered;

static bool
env_map_range_ok(uint64_t vaddr, uint64_t size)
{
	return size != 0 && (vaddr & (MAP_2MB - 1)) == 0 && (size & (MAP_2MB - 1)) == 0 &&
	       vaddr < (1ull << MAP_VA_BITS) && size <= (1ull << MAP_VA_BITS) - vaddr;
}

/* The 2 MiB entry of vaddr, creating its table if create; NULL: none / no memory. */
static uint64_t *
env_map_entry(struct spdk_mem_map *map, uint64_t vaddr, bool create)
{
	uint64_t l1 = vaddr >> MAP_1GB_SHIFT;
	uint64_t l2 = (vaddr >> MAP_2MB_SHIFT) & (MAP_L2_ENTRIES - 1);
	struct env_map_1gb *t = __atomic_load_n(&map->l1[l1], __ATOMIC_ACQUIRE);

	if (t == NULL && create) {
		t = malloc(sizeof(*t));
		if (t == NULL) {
			return NULL;
		}
		for (uint64_t i = 0; i < MAP_L2_ENTRIES; i++) {
			t->translation[i] = map->default_translation;
		}
		__atomic_store_n(&map->l1[l1], t, __ATOMIC_RELEASE);
	}
	return t != NULL ? &t->translation[l2] : NULL;
}

int
spdk_mem_map_set_translation(struct spdk_mem_map *map, uint64_t vaddr, uint64_t size,
			     uint64_t translation)
{
	if (map == NULL || !env_map_range_ok(vaddr, size)) {
		EALNVME_ERRLOG("spdk_mem_map_set_translation: NULL map, or 0x%llx + 0x%llx is not a "
			       "2 MiB aligned range below 2^48", (unsigned long long)vaddr,
			       (unsigned long long)size);
		return -EINVAL;
	}
	pthread_mutex_lock(&map->lock);
	for (uint64_t off = 0; off < size; off += MAP_2MB) {
		uint64_t *e = env_map_entry(map, vaddr + off, true);

		if (e == NULL) {
			pthread_mutex_unlock(&map->lock);
			EALNVME_ERRLOG("spdk_mem_map_set_translation: out of memory");
			return -ENOMEM;
		}
		/* Every 2 MiB page of the range gets the same value, as in SPDK. */
		__atomic_store_n(e, translation, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&map->lock);
	return 0;
}

int
spdk_mem_map_clear_translation(struct spdk_mem_map *map, uint64_t vaddr, uint64_t size)
{
	if (map == NULL || !env_map_range_ok(vaddr, size)) {
		EALNVME_ERRLOG("spdk_mem_map_clear_translation: NULL map, or 0x%llx + 0x%llx is not "
			       "a 2 MiB aligned range below 2^48", (unsigned long long)vaddr,
			       (unsigned long long)size);
		return -EINVAL;
	}
	pthread_mutex_lock(&map->lock);
	for (uint64_t off = 0; off < size; off += MAP_2MB) {
		uint64_t *e = env_map_entry(map, vaddr + off, false);

		if (e != NULL) {
			__atomic_store_n(e, map->default_translation, __ATOMIC_RELEASE);
		}
	}
	pthread_mutex_unlock(&map->lock);
	return 0;
}

static uint64_t
env_map_get(const struct spdk_mem_map *map, uint64_t vaddr)
{
	const uint64_t *e = env_map_entry((struct spdk_mem_map *)map, vaddr, false);

	return e != NULL ? __atomic_load_n(e, __ATOMIC_ACQUIRE) : map->default_translation;
}

uint64_t
spdk_mem_map_translate(const struct spdk_mem_map *map, uint64_t vaddr, uint64_t *size)
{
	uint64_t first, prev, run;

	if (map == NULL) {
		if (size != NULL) {
			*size = 0;
		}
		return UINT64_MAX;
	}
	if (vaddr >= (1ull << MAP_VA_BITS)) {
		return map->default_translation;
	}
	first = env_map_get(map, vaddr);
	run = MAP_2MB - (vaddr & (MAP_2MB - 1));
	if (size == NULL) {
		return first;
	}
	/* Further pages count while the map's owner says they continue the run. */
	if (map->ops.are_contiguous != NULL && first != map->default_translation) {
		prev = first;
		while (run < *size && vaddr + run < (1ull << MAP_VA_BITS)) {
			uint64_t next = env_map_get(map, vaddr + run);

			if (!map->ops.are_contiguous(prev, next)) {
				break;
			}
			prev = next;
			run += MAP_2MB;
		}
	}
	*size = *size < run ? *size : run;
	return first;
}

struct env_map_walk {
	struct spdk_mem_map		*map;
	enum spdk_mem_map_notify_action	action;
	int				rc;
	unsigned int			count;	/* regions notified */
	unsigned int			limit;	/* stop after this many (unwinding) */
};

/* Tell the map about [addr, addr + len), rounded inwards to 2 MiB. */
static int
env_map_notify_region(struct env_map_walk *w, uintptr_t addr, size_t len)
{
	uintptr_t start = (addr + MAP_2MB - 1) & ~(uintptr_t)(MAP_2MB - 1);
	uintptr_t end = (addr + len) & ~(uintptr_t)(MAP_2MB - 1);

	if (end <= start || w->count >= w->limit) {
		return 0;
	}
	w->rc = w->map->ops.notify_cb(w->map->cb_ctx, w->map, w->action, (void *)start,
				      end - start);
	if (w->rc != 0) {
		return 1;
	}
	w->count++;
	return 0;
}

static int
env_map_walk_cb(const struct rte_memseg_list *msl, const struct rte_memseg *ms, size_t len,
		void *arg)
{
	(void)msl;
	return env_map_notify_region(arg, (uintptr_t)ms->addr, len);
}

/* Notify every region of env memory; the number notified before a failure. */
static int
env_map_notify_all(struct spdk_mem_map *map, enum spdk_mem_map_notify_action action,
		   unsigned int limit, unsigned int *count)
{
	struct env_map_walk w = { .map = map, .action = action, .limit = limit };

	if (env_eal_is_initialized()) {
		rte_memseg_contig_walk_thread_unsafe(env_map_walk_cb, &w);
	}
	*count = w.count;
	return w.rc;
}

/* DPDK's memory events (its hotplug lock is held): tell every map. */
static void
env_map_mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	struct spdk_mem_map *map;

	(void)arg;
	pthread_mutex_lock(&g_maps_lock);
	TAILQ_FOREACH(map, &g_maps, link) {
		struct env_map_walk w = {
			.map = map, .limit = UINT32_MAX,
			.action = type == RTE_MEM_EVENT_ALLOC ? SPDK_MEM_MAP_NOTIFY_REGISTER
							     : SPDK_MEM_MAP_NOTIFY_UNREGISTER,
		};

		env_map_notify_region(&w, (uintptr_t)addr, len);
		if (w.rc != 0) {
			EALNVME_ERRLOG("a memory map's notify callback refused %zu bytes at %p (%d)",
				       len, addr, w.rc);
		}
	}
	pthread_mutex_unlock(&g_maps_lock);
}

struct spdk_mem_map *
spdk_mem_map_alloc(uint64_t default_translation, const struct spdk_mem_map_ops *ops, void *cb_ctx)
{
	struct spdk_mem_map *map = calloc(1, sizeof(*map));
	unsigned int done = 0;
	int rc;

	if (map == NULL) {
		EALNVME_ERRLOG("spdk_mem_map_alloc: out of memory");
		return NULL;
	}
	map->default_translation = default_translation;
	map->cb_ctx = cb_ctx;
	if (ops != NULL) {
		map->ops = *ops;
	}
	pthread_mutex_init(&map->lock, NULL);
	if (map->ops.notify_cb == NULL) {
		return map;
	}
	if (env_eal_is_initialized() && !__atomic_load_n(&g_event_cb_registered, __ATOMIC_ACQUIRE)) {
		/* Once per process; -EEXIST: a concurrent alloc won. */
		rc = rte_mem_event_callback_register("ealnvme_mem_map", env_map_mem_event, NULL);
		if (rc == 0 || rte_errno == EEXIST) {
			__atomic_store_n(&g_event_cb_registered, true, __ATOMIC_RELEASE);
		} else {
			EALNVME_WARNLOG("spdk_mem_map_alloc: DPDK memory events unavailable; the map "
					"hears only of memory present now");
		}
	}
	if (env_eal_is_initialized()) {
		rte_mcfg_mem_read_lock();
	}
	pthread_mutex_lock(&g_maps_lock);
	rc = env_map_notify_all(map, SPDK_MEM_MAP_NOTIFY_REGISTER, UINT32_MAX, &done);
	if (rc != 0) {
		unsigned int undone;

		/* Take back what was registered before the refusal. */
		env_map_notify_all(map, SPDK_MEM_MAP_NOTIFY_UNREGISTER, done, &undone);
	} else {
		TAILQ_INSERT_TAIL(&g_maps, map, link);
	}
	pthread_mutex_unlock(&g_maps_lock);
	if (env_eal_is_initialized()) {
		rte_mcfg_mem_read_unlock();
	}
	if (rc != 0) {
		EALNVME_ERRLOG("spdk_mem_map_alloc: the notify callback refused a region (%d)", rc);
		spdk_mem_map_free(&map);
	}
	return map;
}

void
spdk_mem_map_free(struct spdk_mem_map **pmap)
{
	struct spdk_mem_map *map;

	if (pmap == NULL || *pmap == NULL) {
		return;
	}
	map = *pmap;
	if (map->ops.notify_cb != NULL) {
		struct spdk_mem_map *m;
		bool listed = false;
		unsigned int n;

		if (env_eal_is_initialized()) {
			rte_mcfg_mem_read_lock();
		}
		pthread_mutex_lock(&g_maps_lock);
		TAILQ_FOREACH(m, &g_maps, link) {
			listed = listed || m == map;
		}
		if (listed) {
			TAILQ_REMOVE(&g_maps, map, link);
			env_map_notify_all(map, SPDK_MEM_MAP_NOTIFY_UNREGISTER, UINT32_MAX, &n);
		}
		pthread_mutex_unlock(&g_maps_lock);
		if (env_eal_is_initialized()) {
			rte_mcfg_mem_read_unlock();
		}
	}
	for (uint64_t i = 0; i < MAP_L1_ENTRIES; i++) {
		free(map->l1[i]);
	}
	pthread_mutex_destroy(&map->lock);
	free(map);
	*pmap = NULL;
}
