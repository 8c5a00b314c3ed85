/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_env_thread_launch_pinned() / spdk_env_thread_wait_all() over the real
 * DPDK EAL: two lcores mapped onto the same CPU (so the test runs on any
 * machine), no hugepages, no PCI.  The function must run on the core asked
 * for, with its argument; a busy core, the main core and cores outside the
 * mask must be refused with the documented errno.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include <CUnit/Basic.h>

#include "spdk/env.h"

struct job {
	uint32_t	ran_on;		/* spdk_env_get_current_core() in the job */
	int		runs;
	int		release;	/* the blocking job spins until this is set */
	uint64_t	arg_seen;
};

static int
record_job(void *arg)
{
	struct job *job = arg;

	job->ran_on = spdk_env_get_current_core();
	job->arg_seen = (uint64_t)(uintptr_t)arg;
	__atomic_add_fetch(&job->runs, 1, __ATOMIC_RELEASE);
	return 0;
}

static int
blocking_job(void *arg)
{
	struct job *job = arg;

	while (!__atomic_load_n(&job->release, __ATOMIC_ACQUIRE)) {
		__builtin_ia32_pause();
	}
	return record_job(arg);
}

static int
dummy_job(void *arg)
{
	(void)arg;
	return 0;
}

static void
test_before_init(void)
{
	/* Before spdk_env_init(): refused, and waiting must not hang. */
	CU_ASSERT_EQUAL(spdk_env_thread_launch_pinned(1, dummy_job, NULL), -ENODEV);
	spdk_env_thread_wait_all();
}

static int
env_up(void)
{
	struct spdk_env_opts opts;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "test_env_thread";
	opts.lcore_map = "0@0,1@0";	/* two lcores, one CPU */
	opts.no_huge = true;
	opts.no_pci = true;
	opts.mem_size = 64;
	return spdk_env_init(&opts);
}

static void
test_cores(void)
{
	uint32_t core, n = 0, seen[4] = { 0 };

	CU_ASSERT_EQUAL_FATAL(env_up(), 0);
	CU_ASSERT_EQUAL(spdk_env_get_core_count(), 2);
	SPDK_ENV_FOREACH_CORE(core) {
		if (n < 4) {
			seen[n] = core;
		}
		n++;
	}
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(seen[0], 0);
	CU_ASSERT_EQUAL(seen[1], 1);
	CU_ASSERT_EQUAL(spdk_env_get_current_core(), 0);
}

static void
test_launch_runs_on_core(void)
{
	struct job job = { .ran_on = UINT32_MAX };

	CU_ASSERT_EQUAL_FATAL(spdk_env_thread_launch_pinned(1, record_job, &job), 0);
	spdk_env_thread_wait_all();
	/* wait_all returned: the job has finished, no need for atomics here. */
	CU_ASSERT_EQUAL(job.runs, 1);
	CU_ASSERT_EQUAL(job.ran_on, 1);
	CU_ASSERT_EQUAL(job.arg_seen, (uint64_t)(uintptr_t)&job);

	/* The core is idle again: a second launch works. */
	CU_ASSERT_EQUAL_FATAL(spdk_env_thread_launch_pinned(1, record_job, &job), 0);
	spdk_env_thread_wait_all();
	CU_ASSERT_EQUAL(job.runs, 2);
}

static void
test_busy_core(void)
{
	struct job job = { .ran_on = UINT32_MAX };
	struct job other = { .ran_on = UINT32_MAX };

	CU_ASSERT_EQUAL_FATAL(spdk_env_thread_launch_pinned(1, blocking_job, &job), 0);
	CU_ASSERT_EQUAL(spdk_env_thread_launch_pinned(1, record_job, &other), -EBUSY);
	__atomic_store_n(&job.release, 1, __ATOMIC_RELEASE);
	spdk_env_thread_wait_all();
	CU_ASSERT_EQUAL(job.runs, 1);
	CU_ASSERT_EQUAL(other.runs, 0);
}

static void
test_bad_cores(void)
{
	struct job job = { 0 };

	CU_ASSERT_EQUAL(spdk_env_thread_launch_pinned(0, record_job, &job), -EINVAL);	/* main */
	CU_ASSERT_EQUAL(spdk_env_thread_launch_pinned(2, record_job, &job), -EINVAL);	/* not in mask */
	CU_ASSERT_EQUAL(spdk_env_thread_launch_pinned(100000, record_job, &job), -EINVAL);
	CU_ASSERT_EQUAL(spdk_env_thread_launch_pinned(UINT32_MAX, record_job, &job), -EINVAL);
	CU_ASSERT_EQUAL(spdk_env_thread_launch_pinned(1, NULL, &job), -EINVAL);
	spdk_env_thread_wait_all();
	CU_ASSERT_EQUAL(job.runs, 0);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	suite = CU_add_suite("env_thread", NULL, NULL);
	/* In this order: the first test needs the EAL not yet initialised. */
	CU_add_test(suite, "refused before spdk_env_init", test_before_init);
	CU_add_test(suite, "cores of the mask", test_cores);
	CU_add_test(suite, "launch runs fn(arg) on the core", test_launch_runs_on_core);
	CU_add_test(suite, "busy core: -EBUSY", test_busy_core);
	CU_add_test(suite, "main core, cores outside the mask, NULL fn: -EINVAL", test_bad_cores);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	spdk_env_fini();
	return failures == 0 ? 0 : 1;
}
