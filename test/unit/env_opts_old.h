/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * struct spdk_env_opts as a program built before enforce_numa sees it (it
 * ends at opts_size, 120 bytes): the tests hand the env such a structure,
 * in a heap block of exactly that size, to show only opts_size bytes are used.
 */
#ifndef EALNVME_TEST_ENV_OPTS_OLD_H
#define EALNVME_TEST_ENV_OPTS_OLD_H

#include <stdlib.h>

#include "spdk/env.h"

struct env_opts_old {
	const char		*name;
	const char		*core_mask;
	const char		*lcore_map;
	int			shm_id;
	int			mem_channel;
	int			main_core;
	int			mem_size;
	bool			no_pci;
	bool			hugepage_single_segments;
	bool			unlink_hugepage;
	bool			no_huge;
	uint32_t		reserved;
	size_t			num_pci_addr;
	const char		*hugedir;
	struct spdk_pci_addr	*pci_blocked;
	struct spdk_pci_addr	*pci_allowed;
	const char		*iova_mode;
	uint64_t		base_virtaddr;
	void			*env_context;
	const char		*vf_token;
	size_t			opts_size;
};

/* A zeroed old-layout structure with opts_size set, initialised by the env. */
static inline struct env_opts_old *
env_opts_old_new(void)
{
	struct env_opts_old *old = calloc(1, sizeof(*old));

	if (old != NULL) {
		old->opts_size = sizeof(*old);
		spdk_env_opts_init((struct spdk_env_opts *)(void *)old);
	}
	return old;
}

#endif /* EALNVME_TEST_ENV_OPTS_OLD_H */
