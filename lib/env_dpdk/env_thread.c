/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Pinned threads: EAL already started one thread per core of the mask, each
 * bound to its CPU and waiting for work; launching hands it a function.
 */
#include <errno.h>

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
