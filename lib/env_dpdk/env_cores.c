/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Cores of the core mask and NUMA nodes, as DPDK's EAL configured them.
 * Before spdk_env_init() there are no cores (the iterators return
 * UINT32_MAX / INT32_MAX at once).
 */
#include <stdint.h>

#include <rte_lcore.h>

#include "spdk/env.h"
#include "env_internal.h"

uint32_t
spdk_env_get_core_count(void)
{
	return rte_lcore_count();
}

uint32_t
spdk_env_get_current_core(void)
{
	unsigned lcore = rte_lcore_id();

	return lcore == LCORE_ID_ANY ? SPDK_ENV_LCORE_ID_ANY : lcore;
}

uint32_t
spdk_env_get_main_core(void)
{
	return rte_get_main_lcore();
}

uint32_t
spdk_env_get_first_core(void)
{
	unsigned lcore = rte_get_next_lcore(-1, 0, 0);

	return lcore >= RTE_MAX_LCORE ? UINT32_MAX : lcore;
}

uint32_t
spdk_env_get_last_core(void)
{
	uint32_t core, last = UINT32_MAX;

	SPDK_ENV_FOREACH_CORE(core) {
		last = core;
	}
	return last;
}

uint32_t
spdk_env_get_next_core(uint32_t prev_core)
{
	unsigned lcore;

	/* DPDK reads its lcore table at prev + 1: keep out-of-range input out. */
	if (prev_core >= RTE_MAX_LCORE) {
		return UINT32_MAX;
	}
	lcore = rte_get_next_lcore(prev_core, 0, 0);
	return lcore >= RTE_MAX_LCORE ? UINT32_MAX : lcore;
}

int32_t
spdk_env_get_numa_id(uint32_t core)
{
	if (core >= RTE_MAX_LCORE || !rte_lcore_is_enabled(core)) {
		return SPDK_ENV_NUMA_ID_ANY;
	}
	return (int32_t)rte_lcore_to_socket_id(core);
}

uint32_t
spdk_env_get_socket_id(uint32_t core)
{
	return (uint32_t)spdk_env_get_numa_id(core);
}

/*
 * The nodes EAL found (CPUs or memory), ascending.  rte_socket_id_by_idx()
 * lists them in discovery order, so every query scans all of them: a handful
 * at most, and none of this is on a hot path.
 */
static int32_t
env_numa_next_above(int64_t floor)
{
	int64_t best = INT64_MAX;

	for (unsigned i = 0; i < rte_socket_count(); i++) {
		int id = rte_socket_id_by_idx(i);

		if (id >= 0 && id > floor && id < best) {
			best = id;
		}
	}
	return best == INT64_MAX ? INT32_MAX : (int32_t)best;
}

int32_t
spdk_env_get_first_numa_id(void)
{
	return env_numa_next_above(-1);
}

int32_t
spdk_env_get_last_numa_id(void)
{
	int32_t id, last = INT32_MAX;

	SPDK_ENV_FOREACH_NUMA_ID(id) {
		last = id;
	}
	return last;
}

int32_t
spdk_env_get_next_numa_id(int32_t prev_numa_id)
{
	bool known = false;

	for (unsigned i = 0; i < rte_socket_count(); i++) {
		known = known || rte_socket_id_by_idx(i) == prev_numa_id;
	}
	/* SPDK: an id that is not a node has no next one. */
	return known ? env_numa_next_above(prev_numa_id) : INT32_MAX;
}
