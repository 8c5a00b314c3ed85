/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The env's objects over the real DPDK EAL (no hugepages, no PCI, two
 * lcores on one CPU), started by a caller with an older, smaller
 * spdk_env_opts: mempools, rings, memzones, cores and NUMA ids, thread
 * helpers, the NUMA node of a buffer, memory maps, the PCI policy's allow
 * and the calls that are refused (-ENOTSUP / NULL).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "cu_main.h"
#include "env_opts_old.h"

static void
test_init_null(void)
{
	/* No EAL yet: NULL options are refused (SPDK: -EINVAL). */
	CU_ASSERT_EQUAL(spdk_env_init(NULL), -EINVAL);
	CU_ASSERT_PTR_NULL(spdk_mempool_create("early", 8, 8, 0, SPDK_ENV_NUMA_ID_ANY));
	CU_ASSERT_PTR_NULL(spdk_ring_create(SPDK_RING_TYPE_SP_SC, 8, SPDK_ENV_NUMA_ID_ANY));
	CU_ASSERT_PTR_NULL(spdk_memzone_reserve("early", 64, SPDK_ENV_NUMA_ID_ANY, 0));
	CU_ASSERT_EQUAL(spdk_env_get_first_numa_id(), INT32_MAX);
}

static void
test_init_older_layout(void)
{
	/* A caller built against the layout that ends at opts_size. */
	struct env_opts_old *old = env_opts_old_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	old->name = "test_env_objects";
	old->lcore_map = "0@0,1@0";
	old->no_huge = true;
	old->no_pci = true;
	old->mem_size = 64;
	CU_ASSERT_EQUAL_FATAL(spdk_env_init((struct spdk_env_opts *)(void *)old), 0);
	free(old);
	/* EAL is up: NULL adopts it. */
	CU_ASSERT_EQUAL(spdk_env_init(NULL), 0);
	CU_ASSERT_TRUE(spdk_process_is_primary());
}

static void
test_cores_numa(void)
{
	uint32_t core, n = 0;
	int32_t id, nodes = 0;

	CU_ASSERT_EQUAL(spdk_env_get_main_core(), 0);
	CU_ASSERT_EQUAL(spdk_env_get_first_core(), 0);
	CU_ASSERT_EQUAL(spdk_env_get_last_core(), 1);
	CU_ASSERT_EQUAL(spdk_env_get_next_core(1), UINT32_MAX);
	CU_ASSERT_EQUAL(spdk_env_get_next_core(UINT32_MAX - 1), UINT32_MAX);
	SPDK_ENV_FOREACH_CORE(core) {
		CU_ASSERT_EQUAL(core, n);
		n++;
	}
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(spdk_env_get_current_core(), 0);

	/* Node ids ascend; the cores' nodes are among them. */
	SPDK_ENV_FOREACH_NUMA_ID(id) {
		CU_ASSERT_TRUE(id >= 0);
		CU_ASSERT_TRUE(nodes == 0 || id > spdk_env_get_first_numa_id());
		nodes++;
	}
	CU_ASSERT_TRUE(nodes >= 1);
	CU_ASSERT_TRUE(spdk_env_get_first_numa_id() <= spdk_env_get_last_numa_id());
	CU_ASSERT_EQUAL(spdk_env_get_next_numa_id(spdk_env_get_last_numa_id()), INT32_MAX);
	CU_ASSERT_EQUAL(spdk_env_get_next_numa_id(-5), INT32_MAX);
	id = spdk_env_get_numa_id(0);
	CU_ASSERT_TRUE(id >= spdk_env_get_first_numa_id() && id <= spdk_env_get_last_numa_id());
	CU_ASSERT_EQUAL(spdk_env_get_numa_id(2), SPDK_ENV_NUMA_ID_ANY);
	CU_ASSERT_EQUAL(spdk_env_get_numa_id(UINT32_MAX), SPDK_ENV_NUMA_ID_ANY);
	CU_ASSERT_EQUAL(spdk_env_get_socket_id(0), (uint32_t)id);
}

struct ctor_seen {
	unsigned	calls;
	unsigned	idx_sum;
	void		*arg;
};

static void
ctor(struct spdk_mempool *mp, void *opaque, void *obj, unsigned idx)
{
	struct ctor_seen *seen = opaque;

	(void)mp;
	seen->calls++;
	seen->idx_sum += idx;
	memset(obj, 0xab, 16);
	*(unsigned *)obj = idx;
}

static void
count_obj(struct spdk_mempool *mp, void *opaque, void *obj, unsigned idx)
{
	(void)mp;
	(void)idx;
	(*(unsigned *)opaque) += ((unsigned char *)obj)[8] == 0xab;
}

static void
sum_mem(struct spdk_mempool *mp, void *opaque, void *addr, uint64_t iova, size_t len,
	unsigned idx)
{
	(void)mp;
	(void)iova;
	(void)idx;
	if (addr != NULL) {
		*(size_t *)opaque += len;
	}
}

static void
test_mempool(void)
{
	struct ctor_seen seen = { 0 };
	struct spdk_mempool *mp;
	void *objs[65], *one;
	unsigned marked = 0;
	size_t bytes = 0;

	mp = spdk_mempool_create_ctor("env_objects_mp", 64, 32, SPDK_MEMPOOL_DEFAULT_CACHE_SIZE,
				      SPDK_ENV_NUMA_ID_ANY, ctor, &seen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mp);
	CU_ASSERT_EQUAL(seen.calls, 64);
	CU_ASSERT_EQUAL(seen.idx_sum, 63 * 64 / 2);
	CU_ASSERT_STRING_EQUAL(spdk_mempool_get_name(mp), "env_objects_mp");
	CU_ASSERT_PTR_EQUAL(spdk_mempool_lookup("env_objects_mp"), mp);
	CU_ASSERT_PTR_NULL(spdk_mempool_lookup("no_such_pool"));
	CU_ASSERT_EQUAL(spdk_mempool_count(mp), 64);
	CU_ASSERT_EQUAL(spdk_mempool_obj_iter(mp, count_obj, &marked), 64);
	CU_ASSERT_EQUAL(marked, 64);
	CU_ASSERT_TRUE(spdk_mempool_mem_iter(mp, sum_mem, &bytes) >= 1);
	CU_ASSERT_TRUE(bytes >= 64 * 32);

	/* All-or-nothing bulk: 65 of 64 fails (DPDK's errno) and takes none. */
	CU_ASSERT_TRUE(spdk_mempool_get_bulk(mp, objs, 65) < 0);
	CU_ASSERT_EQUAL(spdk_mempool_count(mp), 64);
	/* The default cache leaves every element reachable from one core. */
	CU_ASSERT_EQUAL_FATAL(spdk_mempool_get_bulk(mp, objs, 64), 0);
	CU_ASSERT_EQUAL(spdk_mempool_count(mp), 0);
	CU_ASSERT_PTR_NULL(spdk_mempool_get(mp));
	CU_ASSERT_TRUE(*(unsigned *)objs[0] < 64);
	spdk_mempool_put(mp, objs[0]);
	CU_ASSERT_EQUAL(spdk_mempool_count(mp), 1);
	one = spdk_mempool_get(mp);
	CU_ASSERT_PTR_EQUAL(one, objs[0]);
	spdk_mempool_put_bulk(mp, objs, 64);
	CU_ASSERT_EQUAL(spdk_mempool_count(mp), 64);

	/* Names are unique; bad arguments are refused. */
	CU_ASSERT_PTR_NULL(spdk_mempool_create("env_objects_mp", 8, 8, 0, SPDK_ENV_NUMA_ID_ANY));
	CU_ASSERT_PTR_NULL(spdk_mempool_create(NULL, 8, 8, 0, SPDK_ENV_NUMA_ID_ANY));
	CU_ASSERT_PTR_NULL(spdk_mempool_create("a_name_longer_than_28_chars_x", 8, 8, 0,
					       SPDK_ENV_NUMA_ID_ANY));
	CU_ASSERT_PTR_NULL(spdk_mempool_create("zero", 0, 8, 0, SPDK_ENV_NUMA_ID_ANY));
	CU_ASSERT_PTR_NULL(spdk_mempool_create("zero", 8, 0, 0, SPDK_ENV_NUMA_ID_ANY));
	spdk_mempool_free(mp);
	CU_ASSERT_PTR_NULL(spdk_mempool_lookup("env_objects_mp"));
	spdk_mempool_free(NULL);

	/* Without a cache, a plain pool. */
	mp = spdk_mempool_create("env_objects_nc", 5, 100, 0, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mp);
	CU_ASSERT_EQUAL(spdk_mempool_get_bulk(mp, objs, 5), 0);
	CU_ASSERT_PTR_NULL(spdk_mempool_get(mp));
	spdk_mempool_put_bulk(mp, objs, 5);
	CU_ASSERT_EQUAL(spdk_mempool_count(mp), 5);
	spdk_mempool_free(mp);
}

static void
test_ring(void)
{
	static const enum spdk_ring_type types[] = {
		SPDK_RING_TYPE_SP_SC, SPDK_RING_TYPE_MP_SC, SPDK_RING_TYPE_MP_MC
	};
	uintptr_t in[4] = { 11, 22, 33, 44 };
	void *out[8] = { 0 };
	size_t room = 99;

	for (size_t t = 0; t < 3; t++) {
		/* 5 is not a power of two: the ring holds exactly 5. */
		struct spdk_ring *r = spdk_ring_create(types[t], 5, SPDK_ENV_NUMA_ID_ANY);

		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		CU_ASSERT_EQUAL(spdk_ring_count(r), 0);
		CU_ASSERT_EQUAL(spdk_ring_enqueue(r, (void **)in, 3, &room), 3);
		CU_ASSERT_EQUAL(room, 2);
		/* All or nothing: 3 more do not fit. */
		CU_ASSERT_EQUAL(spdk_ring_enqueue(r, (void **)in, 3, &room), 0);
		CU_ASSERT_EQUAL(room, 2);
		CU_ASSERT_EQUAL(spdk_ring_enqueue(r, (void **)&in[3], 1, NULL), 1);
		CU_ASSERT_EQUAL(spdk_ring_count(r), 4);
		CU_ASSERT_EQUAL(spdk_ring_dequeue(r, out, 2), 2);
		CU_ASSERT_EQUAL((uintptr_t)out[0], 11);
		CU_ASSERT_EQUAL((uintptr_t)out[1], 22);
		CU_ASSERT_EQUAL(spdk_ring_dequeue(r, out, 8), 2);
		CU_ASSERT_EQUAL((uintptr_t)out[0], 33);
		CU_ASSERT_EQUAL((uintptr_t)out[1], 44);
		CU_ASSERT_EQUAL(spdk_ring_dequeue(r, out, 8), 0);
		spdk_ring_free(r);
	}
	CU_ASSERT_PTR_NULL(spdk_ring_create((enum spdk_ring_type)7, 8, SPDK_ENV_NUMA_ID_ANY));
	CU_ASSERT_PTR_NULL(spdk_ring_create(SPDK_RING_TYPE_SP_SC, 0, SPDK_ENV_NUMA_ID_ANY));
	spdk_ring_free(NULL);
}

static void
test_memzone(void)
{
	char *mz, *mz2, dump[4096] = "";
	FILE *f;

	mz = spdk_memzone_reserve("env_objects_mz", 3000, SPDK_ENV_NUMA_ID_ANY, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mz);
	CU_ASSERT_EQUAL(mz[0], 0);
	CU_ASSERT_EQUAL(mz[2999], 0);
	CU_ASSERT_EQUAL((uintptr_t)mz % 64, 0);
	memset(mz, 7, 3000);
	CU_ASSERT_PTR_EQUAL(spdk_memzone_lookup("env_objects_mz"), mz);
	CU_ASSERT_PTR_NULL(spdk_memzone_reserve("env_objects_mz", 64, SPDK_ENV_NUMA_ID_ANY, 0));

	mz2 = spdk_memzone_reserve_aligned("env_objects_mz2", 100, SPDK_ENV_NUMA_ID_ANY,
					   SPDK_MEMZONE_NO_IOVA_CONTIG, 4096);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mz2);
	CU_ASSERT_EQUAL((uintptr_t)mz2 % 4096, 0);
	CU_ASSERT_PTR_NULL(spdk_memzone_reserve_aligned("env_objects_mz3", 100,
			   SPDK_ENV_NUMA_ID_ANY, 0, 3000));
	CU_ASSERT_PTR_NULL(spdk_memzone_reserve("a_memzone_name_of_32_characters_", 8,
						SPDK_ENV_NUMA_ID_ANY, 0));
	CU_ASSERT_PTR_NULL(spdk_memzone_reserve(NULL, 8, SPDK_ENV_NUMA_ID_ANY, 0));

	f = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	spdk_memzone_dump(f);
	rewind(f);
	CU_ASSERT_TRUE(fread(dump, 1, sizeof(dump) - 1, f) > 0);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(dump, "env_objects_mz2"));

	CU_ASSERT_EQUAL(spdk_memzone_free("env_objects_mz"), 0);
	CU_ASSERT_PTR_NULL(spdk_memzone_lookup("env_objects_mz"));
	CU_ASSERT_EQUAL(spdk_memzone_free("env_objects_mz"), -1);
	CU_ASSERT_EQUAL(spdk_memzone_free("env_objects_mz2"), 0);
	CU_ASSERT_EQUAL(spdk_memzone_free(NULL), -1);
}

static int
cpus_allowed(void)
{
	cpu_set_t set;

	if (pthread_getaffinity_np(pthread_self(), sizeof(set), &set) != 0) {
		return -1;
	}
	return CPU_COUNT(&set);
}

static void *
unpinned_cb(void *arg)
{
	*(int *)arg = cpus_allowed();
	return arg;
}

static void *
tid_thread(void *arg)
{
	*(int *)arg = spdk_get_tid();
	return NULL;
}

static void
test_threads(void)
{
	int pinned = cpus_allowed(), unpinned = 0, other_tid = 0;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t t;

	/* EAL pinned the main thread to lcore 0's CPU. */
	CU_ASSERT_EQUAL(pinned, 1);
	CU_ASSERT_PTR_EQUAL(spdk_call_unaffinitized(unpinned_cb, &unpinned), &unpinned);
	CU_ASSERT_EQUAL(unpinned, (int)online);
	CU_ASSERT_EQUAL(cpus_allowed(), 1);		/* pinned back */
	CU_ASSERT_PTR_NULL(spdk_call_unaffinitized(NULL, NULL));

	CU_ASSERT_EQUAL(spdk_get_tid(), (int)syscall(SYS_gettid));
	CU_ASSERT_EQUAL(spdk_get_tid(), (int)getpid());		/* the main thread */
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, tid_thread, &other_tid), 0);
	pthread_join(t, NULL);
	CU_ASSERT_TRUE(other_tid > 0 && other_tid != spdk_get_tid());
	spdk_pause();

	spdk_unaffinitize_thread();
	CU_ASSERT_EQUAL(cpus_allowed(), (int)online);
}

static void
test_memory_numa(void)
{
	void *buf = spdk_zmalloc(8192, 4096, NULL, SPDK_ENV_NUMA_ID_ANY, SPDK_MALLOC_DMA);
	uint64_t size = 8192;
	int32_t id;
	int on_stack;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	id = spdk_mem_get_numa_id(buf, &size);
	CU_ASSERT_TRUE(id >= spdk_env_get_first_numa_id() && id <= spdk_env_get_last_numa_id());
	CU_ASSERT_TRUE(size > 0 && size <= 8192);
	CU_ASSERT_EQUAL(spdk_mem_get_numa_id(&on_stack, NULL), SPDK_ENV_NUMA_ID_ANY);
	CU_ASSERT_EQUAL(spdk_mem_get_numa_id(NULL, NULL), SPDK_ENV_NUMA_ID_ANY);
	spdk_free(buf);
	/* Node 0 always exists here; a node with no memory falls back (no enforce_numa). */
	buf = spdk_malloc(64, 0, NULL, 0, SPDK_MALLOC_DMA);
	CU_ASSERT_PTR_NOT_NULL(buf);
	spdk_free(buf);
	/* No PCI, no vfio: no IOMMU in use. */
	CU_ASSERT_FALSE(spdk_iommu_is_enabled());
}

static void
test_pci_allow(void)
{
	struct spdk_pci_addr a = { .domain = 0, .bus = 4, .dev = 0, .func = 0 };
	struct spdk_pci_addr b = { .domain = 0, .bus = 5, .dev = 0, .func = 0 };
	struct spdk_pci_addr bad = { .domain = 0, .bus = 5, .dev = 40, .func = 0 };
	struct spdk_env_opts opts;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.num_pci_addr = 1;
	opts.pci_blocked = &a;
	CU_ASSERT_EQUAL_FATAL(env_pci_policy_set(&opts), 0);
	CU_ASSERT_EQUAL(env_pci_policy_check(&a), ENV_PCI_BLOCKED);
	CU_ASSERT_EQUAL(spdk_pci_device_allow(&a), 0);
	CU_ASSERT_EQUAL(env_pci_policy_check(&a), ENV_PCI_PERMITTED);

	opts.pci_blocked = NULL;
	opts.pci_allowed = &a;
	CU_ASSERT_EQUAL_FATAL(env_pci_policy_set(&opts), 0);
	CU_ASSERT_EQUAL(env_pci_policy_check(&b), ENV_PCI_NOT_ALLOWED);
	CU_ASSERT_EQUAL(spdk_pci_device_allow(&b), 0);
	CU_ASSERT_EQUAL(env_pci_policy_check(&b), ENV_PCI_PERMITTED);
	CU_ASSERT_EQUAL(env_pci_policy_check(&a), ENV_PCI_PERMITTED);
	CU_ASSERT_EQUAL(spdk_pci_device_allow(&bad), -EINVAL);
	CU_ASSERT_EQUAL(spdk_pci_device_allow(NULL), -EINVAL);
	env_pci_policy_clear();
}

static void
count_dev(void *ctx, struct spdk_pci_device *dev)
{
	(void)dev;
	(*(int *)ctx)++;
}

static void
test_pci_drivers_and_refusals(void)
{
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL(spdk_pci_nvme_get_driver());
	CU_ASSERT_PTR_EQUAL(spdk_pci_get_driver("nvme"), spdk_pci_nvme_get_driver());
	CU_ASSERT_PTR_NULL(spdk_pci_get_driver("ioat"));
	CU_ASSERT_PTR_NULL(spdk_pci_get_driver(NULL));
	CU_ASSERT_PTR_NULL(spdk_pci_vmd_get_driver());
	CU_ASSERT_PTR_NULL(spdk_pci_ioat_get_driver());
	CU_ASSERT_PTR_NULL(spdk_pci_idxd_get_driver());
	CU_ASSERT_PTR_NULL(spdk_pci_ae4dma_get_driver());
	CU_ASSERT_PTR_NULL(spdk_pci_virtio_get_driver());
	spdk_pci_for_each_device(&n, count_dev);	/* nothing attached */
	CU_ASSERT_EQUAL(n, 0);
	spdk_pci_for_each_device(&n, NULL);

	CU_ASSERT_EQUAL(spdk_pci_device_enable_interrupt(NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_device_disable_interrupt(NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_device_get_interrupt_efd(NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_device_enable_interrupts(NULL, 2), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_device_disable_interrupts(NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_device_get_interrupt_efd_by_index(NULL, 0), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_hook_device(NULL, NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_event_listen(), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_get_event(-1, NULL), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_pci_register_error_handler(NULL, NULL), -ENOTSUP);
	spdk_pci_unregister_error_handler(NULL);
	CU_ASSERT_EQUAL(spdk_pci_device_cfg_read32(NULL, NULL, 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_pci_device_get_serial_number(NULL, NULL, 0), -1);
}

#define MB2	(2ull << 20)
#define BASE	0x200000000000ull	/* an address no allocation uses here */

static int
next_2mb(uint64_t a, uint64_t b)
{
	return b == a + MB2;
}

static void
test_mem_map_translate(void)
{
	struct spdk_mem_map_ops ops = { .are_contiguous = next_2mb };
	struct spdk_mem_map *map = spdk_mem_map_alloc(77, NULL, NULL);
	uint64_t size;

	CU_ASSERT_PTR_NOT_NULL_FATAL(map);
	size = 100;
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE, &size), 77);	/* default */
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, BASE, 2 * MB2, 0x1000), 0);
	/* Both pages carry the value; without are_contiguous a run is one page. */
	size = 3 * MB2;
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE + 4096, &size), 0x1000);
	CU_ASSERT_EQUAL(size, MB2 - 4096);
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE + MB2 + 5, NULL), 0x1000);
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE + 2 * MB2, NULL), 77);
	CU_ASSERT_EQUAL(spdk_mem_map_clear_translation(map, BASE + MB2, MB2), 0);
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE + MB2, NULL), 77);
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE, NULL), 0x1000);
	/* Misaligned or empty ranges. */
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, BASE + 4096, MB2, 1), -EINVAL);
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, BASE, 4096, 1), -EINVAL);
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, BASE, 0, 1), -EINVAL);
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, 1ull << 48, MB2, 1), -EINVAL);
	CU_ASSERT_EQUAL(spdk_mem_map_clear_translation(NULL, BASE, MB2), -EINVAL);
	spdk_mem_map_free(&map);
	CU_ASSERT_PTR_NULL(map);

	/* With are_contiguous, a run spans pages while the owner says so. */
	map = spdk_mem_map_alloc(0, &ops, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(map);
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, BASE, MB2, 0x40000000), 0);
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, BASE + MB2, MB2, 0x40000000 + MB2), 0);
	CU_ASSERT_EQUAL(spdk_mem_map_set_translation(map, BASE + 2 * MB2, MB2, 0x90000000), 0);
	size = 8 * MB2;
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE, &size), 0x40000000);
	CU_ASSERT_EQUAL(size, 2 * MB2);
	size = MB2 / 2;		/* never more than asked */
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, BASE, &size), 0x40000000);
	CU_ASSERT_EQUAL(size, MB2 / 2);
	spdk_mem_map_free(&map);
	spdk_mem_map_free(NULL);
	size = 5;
	CU_ASSERT_EQUAL(spdk_mem_map_translate(NULL, BASE, &size), UINT64_MAX);
	CU_ASSERT_EQUAL(size, 0);
}

struct notify_seen {
	uint64_t	reg_bytes;
	uint64_t	unreg_bytes;
	unsigned	regs;
	unsigned	unregs;
	unsigned	fail_at;	/* refuse the n-th registration (1-based); 0: never */
	bool		aligned;
};

static int
count_notify(void *ctx, struct spdk_mem_map *map, enum spdk_mem_map_notify_action action,
	     void *vaddr, size_t size)
{
	struct notify_seen *n = ctx;

	n->aligned = n->aligned && ((uintptr_t)vaddr % MB2) == 0 && size % MB2 == 0 && size > 0;
	if (action == SPDK_MEM_MAP_NOTIFY_REGISTER) {
		if (n->fail_at != 0 && n->regs + 1 == n->fail_at) {
			return -EFAULT;
		}
		n->regs++;
		n->reg_bytes += size;
		/* What an RDMA or vfio user does: record a translation. */
		return spdk_mem_map_set_translation(map, (uintptr_t)vaddr, size, 0xabc);
	}
	n->unregs++;
	n->unreg_bytes += size;
	return spdk_mem_map_clear_translation(map, (uintptr_t)vaddr, size);
}

static void
test_mem_map_notify(void)
{
	struct spdk_mem_map_ops ops = { .notify_cb = count_notify };
	struct notify_seen seen = { .aligned = true };
	struct spdk_mem_map *map;
	void *buf = spdk_zmalloc(MB2 * 3, MB2, NULL, SPDK_ENV_NUMA_ID_ANY, SPDK_MALLOC_DMA);
	uintptr_t in2mb;

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	in2mb = ((uintptr_t)buf + MB2 - 1) & ~(uintptr_t)(MB2 - 1);
	/* The env's memory (64 MiB here) is announced at alloc, 2 MiB aligned. */
	map = spdk_mem_map_alloc(0, &ops, &seen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(map);
	CU_ASSERT_TRUE(seen.regs >= 1);
	/* All of it but what the inward rounding to 2 MiB cuts off at the ends. */
	CU_ASSERT_TRUE(seen.reg_bytes >= (64ull - 4) << 20 && seen.reg_bytes <= 64ull << 20);
	CU_ASSERT_TRUE(seen.aligned);
	CU_ASSERT_EQUAL(spdk_mem_map_translate(map, in2mb, NULL), 0xabc);
	spdk_mem_map_free(&map);
	CU_ASSERT_EQUAL(seen.unregs, seen.regs);
	CU_ASSERT_EQUAL(seen.unreg_bytes, seen.reg_bytes);

	/* A refused region fails the alloc; what was registered is taken back. */
	memset(&seen, 0, sizeof(seen));
	seen.aligned = true;
	seen.fail_at = 1;
	CU_ASSERT_PTR_NULL(spdk_mem_map_alloc(0, &ops, &seen));
	CU_ASSERT_EQUAL(seen.regs, 0);
	CU_ASSERT_EQUAL(seen.unregs, 0);
	spdk_free(buf);
}

static void
test_mem_register_refused(void)
{
	uint64_t offset;
	char buf[64];

	CU_ASSERT_EQUAL(spdk_mem_reserve(buf, sizeof(buf)), -ENOTSUP);
	CU_ASSERT_EQUAL(spdk_mem_get_fd_and_offset(buf, &offset), -ENOTSUP);
}

static void
test_fini(void)
{
	spdk_env_fini();
	CU_PASS("environment finished");
}

static const struct cu_test g_tests[] = {
	{ "before init: NULL opts and objects refused", test_init_null },
	{ "init from an older spdk_env_opts layout", test_init_older_layout },
	{ "cores and NUMA ids", test_cores_numa },
	{ "mempool", test_mempool },
	{ "ring", test_ring },
	{ "memzone", test_memzone },
	{ "thread helpers", test_threads },
	{ "NUMA node of memory, IOMMU", test_memory_numa },
	{ "spdk_pci_device_allow lifts a refusal", test_pci_allow },
	{ "PCI drivers and refused calls", test_pci_drivers_and_refusals },
	{ "memory map translations", test_mem_map_translate },
	{ "memory map notifications of env memory", test_mem_map_notify },
	{ "spdk_mem_reserve, spdk_mem_get_fd_and_offset refused", test_mem_register_refused },
	{ "fini", test_fini },
};

int
main(void)
{
	return cu_main("env_objects", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
