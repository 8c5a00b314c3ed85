/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * struct spdk_env_opts across layouts: defaults, and the copy of what the
 * caller's opts_size covers.  A program built against an older, smaller
 * spdk_env_opts passes its own size; the fields it does not know take
 * their defaults.  No DPDK here (unit tested alone).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

/* True when field lies wholly inside the first size bytes. */
#define ENV_OPTS_HAS(size, field) \
	(offsetof(struct spdk_env_opts, field) + sizeof(((struct spdk_env_opts *)0)->field) <= (size))

static void
env_opts_defaults(struct spdk_env_opts *opts)
{
	opts->name = "ealnvme";
	opts->core_mask = "0x1";
	opts->shm_id = -1;
	opts->mem_channel = -1;
	opts->main_core = -1;
	opts->mem_size = -1;
}

void
spdk_env_opts_init(struct spdk_env_opts *opts)
{
	size_t size;

	if (opts == NULL) {
		return;
	}
	/* The caller says how large its structure is: an older, smaller
	 * layout is cleared only as far as it goes.  An opts_size too small to
	 * be real (0: not set) clears the whole v26 layout, as SPDK does. */
	size = opts->opts_size;
	memset(opts, 0, size >= env_opts_min_size() && size < sizeof(*opts) ? size : sizeof(*opts));
	opts->opts_size = size;
	env_opts_defaults(opts);
	if (ENV_OPTS_HAS(size, enforce_numa)) {
		opts->enforce_numa = false;
	}
}

size_t
env_opts_min_size(void)
{
	return offsetof(struct spdk_env_opts, opts_size) + sizeof(size_t);
}

void
env_opts_copy(struct spdk_env_opts *dst, const struct spdk_env_opts *user)
{
	size_t size = user->opts_size;

	if (size < env_opts_min_size()) {
		/* SPDK logs this and goes on with the fields up to opts_size. */
		EALNVME_ERRLOG("spdk_env_opts.opts_size is %zu, below the %zu bytes every layout "
			       "has: set opts.opts_size = sizeof(opts) before spdk_env_opts_init()",
			       size, env_opts_min_size());
		size = env_opts_min_size();
	}
	memset(dst, 0, sizeof(*dst));
	dst->opts_size = sizeof(*dst);
	env_opts_defaults(dst);
	/* Everything before opts_size is in every layout that has opts_size. */
	memcpy(dst, user, offsetof(struct spdk_env_opts, opts_size));
	if (ENV_OPTS_HAS(size, enforce_numa)) {
		dst->enforce_numa = user->enforce_numa;
	}
}
