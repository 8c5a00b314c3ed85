/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_ring over rte_ring: a struct spdk_ring * is the rte_ring itself,
 * sized for exactly the count asked for (RING_F_EXACT_SZ, so any count
 * works, not only powers of two).  Enqueue is all-or-nothing, dequeue takes
 * what is there, as in SPDK.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_ring.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

struct spdk_ring *
spdk_ring_create(enum spdk_ring_type type, size_t count, int numa_id)
{
	static unsigned int g_ring_seq;
	char name[RTE_RING_NAMESIZE];
	unsigned int flags;
	struct rte_ring *r;

	switch (type) {
	case SPDK_RING_TYPE_SP_SC:
		flags = RING_F_SP_ENQ | RING_F_SC_DEQ;
		break;
	case SPDK_RING_TYPE_MP_SC:
		flags = RING_F_SC_DEQ;
		break;
	case SPDK_RING_TYPE_MP_MC:
		flags = 0;
		break;
	default:
		EALNVME_ERRLOG("spdk_ring_create: unknown ring type %d; use SPDK_RING_TYPE_SP_SC, "
			       "_MP_SC or _MP_MC", (int)type);
		return NULL;
	}
	if (!env_eal_is_initialized()) {
		EALNVME_ERRLOG("spdk_ring_create: the environment is not initialised "
			       "(call spdk_env_init first)");
		return NULL;
	}
	if (count == 0 || count > RTE_RING_SZ_MASK) {
		EALNVME_ERRLOG("spdk_ring_create: %zu entries; a ring holds 1 to %u", count,
			       (unsigned)RTE_RING_SZ_MASK);
		return NULL;
	}
	/* DPDK names rings process-wide (and across processes of one prefix). */
	snprintf(name, sizeof(name), "ealnvme_r%u_%d",
		 __atomic_fetch_add(&g_ring_seq, 1, __ATOMIC_RELAXED), (int)getpid());
	r = rte_ring_create(name, (unsigned)count,
			    numa_id == SPDK_ENV_NUMA_ID_ANY ? SOCKET_ID_ANY : numa_id,
			    flags | RING_F_EXACT_SZ);
	if (r == NULL) {
		EALNVME_ERRLOG("spdk_ring_create: %zu entries: %s; raise spdk_env_opts.mem_size "
			       "or reserve more hugepages", count, rte_strerror(rte_errno));
	}
	return (struct spdk_ring *)r;
}

void
spdk_ring_free(struct spdk_ring *ring)
{
	rte_ring_free((struct rte_ring *)ring);
}

size_t
spdk_ring_count(struct spdk_ring *ring)
{
	return rte_ring_count((struct rte_ring *)ring);
}

size_t
spdk_ring_enqueue(struct spdk_ring *ring, void **objs, size_t count, size_t *free_space)
{
	unsigned int room = 0;
	size_t done = 0;

	/* More than a ring can hold never fits: nothing is queued. */
	if (count <= UINT_MAX) {
		done = rte_ring_enqueue_bulk((struct rte_ring *)ring, objs, (unsigned)count, &room);
	} else {
		room = rte_ring_free_count((struct rte_ring *)ring);
	}
	if (free_space != NULL) {
		*free_space = room;
	}
	return done;
}

size_t
spdk_ring_dequeue(struct spdk_ring *ring, void **objs, size_t count)
{
	return rte_ring_dequeue_burst((struct rte_ring *)ring, objs,
				      count > UINT_MAX ? UINT_MAX : (unsigned)count, NULL);
}
