/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Pinned threads: EAL already started one thread per core of the mask, each
 * bound to its CPU and waiting for work; launching hands it a function.
 * Also the calling thread's own affinity and identity.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

int
spdk_env_thread_launch_pinned(uint32_t core, thread_start_fn fn, void *arg)
{
	int rc;

	if (!env_eal_is_initialized()) {
		EALNVME_ERRLOG("spdk_env_thread_launch_pinned: the environment is not "
			       "initialised (call spdk_env_init first)");
		return -ENODEV;
	}
	if (fn == NULL) {
		EALNVME_ERRLOG("spdk_env_thread_launch_pinned: no function given");
		return -EINVAL;
	}
	if (core >= RTE_MAX_LCORE || !rte_lcore_is_enabled(core)) {
		EALNVME_ERRLOG("spdk_env_thread_launch_pinned: core %u is not in the core mask",
			       core);
		return -EINVAL;
	}
	if (core == rte_get_main_lcore()) {
		/* The main core is the caller's own thread: nothing to hand work to. */
		EALNVME_ERRLOG("spdk_env_thread_launch_pinned: core %u is the main core; "
			       "call the function directly", core);
		return -EINVAL;
	}
	rc = rte_eal_remote_launch(fn, arg, core);
	if (rc != 0) {
		return rc < 0 ? rc : -rc;
	}
	return 0;
}

void
spdk_env_thread_wait_all(void)
{
	if (env_eal_is_initialized()) {
		rte_eal_mp_wait_lcore();
	}
}

bool
spdk_process_is_primary(void)
{
	/* Before init there is no secondary either; ealnvme never asks for one
	 * (--proc-type=primary), but an application's own EAL might. */
	return !env_eal_is_initialized() || rte_eal_process_type() == RTE_PROC_PRIMARY;
}

int
spdk_get_tid(void)
{
	return (int)syscall(SYS_gettid);
}

void
spdk_unaffinitize_thread(void)
{
	cpu_set_t set;
	long n = sysconf(_SC_NPROCESSORS_CONF);

	CPU_ZERO(&set);
	for (long i = 0; i < n && i < CPU_SETSIZE; i++) {
		CPU_SET((int)i, &set);
	}
	/* The kernel narrows the set to the CPUs the cgroup/cpuset allows. */
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) != 0) {
		EALNVME_WARNLOG("spdk_unaffinitize_thread: the kernel refused the CPU set; "
				"the thread stays pinned");
	}
}

void *
spdk_call_unaffinitized(void *cb(void *arg), void *arg)
{
	cpu_set_t saved;
	void *ret;

	if (cb == NULL) {
		EALNVME_ERRLOG("spdk_call_unaffinitized: no function given");
		return NULL;
	}
	if (pthread_getaffinity_np(pthread_self(), sizeof(saved), &saved) != 0) {
		EALNVME_ERRLOG("spdk_call_unaffinitized: cannot read this thread's CPU affinity; "
			       "calling the function pinned as it is");
		return cb(arg);
	}
	spdk_unaffinitize_thread();
	ret = cb(arg);
	pthread_setaffinity_np(pthread_self(), sizeof(saved), &saved);
	return ret;
}
