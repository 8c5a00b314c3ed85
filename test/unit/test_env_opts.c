/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * struct spdk_env_opts across layouts (lib/env_dpdk/env_opts.c): SPDK
 * v26.05's offsets, spdk_env_opts_init() keeping opts_size and leaving
 * alone what lies past it, and the copy spdk_env_init() makes reading only
 * the caller's opts_size bytes.  The older layouts live in heap blocks of
 * exactly their size, so valgrind reports any access past them.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "cu_main.h"
#include "env_opts_old.h"

static void
test_layout(void)
{
	/* SPDK v26.05's offsets (x86-64 / aarch64 LP64). */
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, name), 0);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, core_mask), 8);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, lcore_map), 16);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, shm_id), 24);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, mem_channel), 28);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, main_core), 32);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, mem_size), 36);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, no_pci), 40);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, hugepage_single_segments), 41);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, unlink_hugepage), 42);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, no_huge), 43);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, reserved), 44);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, num_pci_addr), 48);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, hugedir), 56);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, pci_blocked), 64);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, pci_allowed), 72);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, iova_mode), 80);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, base_virtaddr), 88);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, env_context), 96);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, vf_token), 104);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, opts_size), 112);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, enforce_numa), 120);
	CU_ASSERT_EQUAL(offsetof(struct spdk_env_opts, reserved2), 121);
	CU_ASSERT_EQUAL(sizeof(struct spdk_env_opts), 128);
	CU_ASSERT_EQUAL(env_opts_min_size(), 120);
}

static void
test_init_full(void)
{
	struct spdk_env_opts opts;

	memset(&opts, 0x5a, sizeof(opts));
	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	CU_ASSERT_EQUAL(opts.opts_size, sizeof(opts));
	CU_ASSERT_STRING_EQUAL(opts.name, "ealnvme");
	CU_ASSERT_STRING_EQUAL(opts.core_mask, "0x1");
	CU_ASSERT_PTR_NULL(opts.lcore_map);
	CU_ASSERT_EQUAL(opts.shm_id, -1);
	CU_ASSERT_EQUAL(opts.mem_channel, -1);
	CU_ASSERT_EQUAL(opts.main_core, -1);
	CU_ASSERT_EQUAL(opts.mem_size, -1);
	CU_ASSERT_FALSE(opts.no_pci);
	CU_ASSERT_FALSE(opts.no_huge);
	CU_ASSERT_EQUAL(opts.num_pci_addr, 0);
	CU_ASSERT_PTR_NULL(opts.pci_blocked);
	CU_ASSERT_PTR_NULL(opts.env_context);
	CU_ASSERT_EQUAL(opts.base_virtaddr, 0);
	CU_ASSERT_FALSE(opts.enforce_numa);
	CU_ASSERT_EQUAL(opts.reserved2[6], 0);
}

static void
test_init_unset_size(void)
{
	struct spdk_env_opts opts;

	/* opts_size never set (0): the whole v26 layout is cleared, as SPDK
	 * does, and opts_size stays 0 for spdk_env_init() to complain about. */
	memset(&opts, 0x5a, sizeof(opts));
	opts.opts_size = 0;
	spdk_env_opts_init(&opts);
	CU_ASSERT_EQUAL(opts.opts_size, 0);
	CU_ASSERT_EQUAL(opts.shm_id, -1);
	CU_ASSERT_EQUAL(*(unsigned char *)&opts.enforce_numa, 0);
	CU_ASSERT_EQUAL(opts.reserved2[0], 0);
	spdk_env_opts_init(NULL);	/* no crash */
}

static void
test_init_older_layout(void)
{
	/* A program built when spdk_env_opts ended at opts_size. */
	struct env_opts_old *old = malloc(sizeof(*old));

	CU_ASSERT_EQUAL(sizeof(*old), 120);
	CU_ASSERT_EQUAL(offsetof(struct env_opts_old, opts_size),
			offsetof(struct spdk_env_opts, opts_size));
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	memset(old, 0x5a, sizeof(*old));
	old->opts_size = sizeof(*old);
	/* valgrind: nothing written past the caller's 120 bytes */
	spdk_env_opts_init((struct spdk_env_opts *)(void *)old);
	CU_ASSERT_EQUAL(old->opts_size, sizeof(*old));
	CU_ASSERT_EQUAL(old->shm_id, -1);
	CU_ASSERT_STRING_EQUAL(old->core_mask, "0x1");
	CU_ASSERT_PTR_NULL(old->vf_token);
	free(old);
}

static void
test_copy_full(void)
{
	struct spdk_env_opts user, dst;
	struct spdk_pci_addr blocked[2] = { { 0, 4, 0, 0 }, { 0, 5, 0, 0 } };

	user.opts_size = sizeof(user);
	spdk_env_opts_init(&user);
	user.name = "app";
	user.shm_id = 7;
	user.no_huge = true;
	user.num_pci_addr = 2;
	user.pci_blocked = blocked;
	user.vf_token = "tok";
	user.enforce_numa = true;
	memset(&dst, 0x5a, sizeof(dst));
	env_opts_copy(&dst, &user);
	CU_ASSERT_STRING_EQUAL(dst.name, "app");
	CU_ASSERT_EQUAL(dst.shm_id, 7);
	CU_ASSERT_TRUE(dst.no_huge);
	CU_ASSERT_EQUAL(dst.num_pci_addr, 2);
	CU_ASSERT_PTR_EQUAL(dst.pci_blocked, blocked);
	CU_ASSERT_STRING_EQUAL(dst.vf_token, "tok");
	CU_ASSERT_TRUE(dst.enforce_numa);
	CU_ASSERT_EQUAL(dst.opts_size, sizeof(dst));
}

static void
test_copy_older_layout(void)
{
	struct env_opts_old *old = env_opts_old_new();
	struct spdk_env_opts dst;

	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	old->shm_id = 3;
	old->mem_size = 256;
	/* enforce_numa lies past the caller's block: never read, default false. */
	memset(&dst, 0x5a, sizeof(dst));
	env_opts_copy(&dst, (struct spdk_env_opts *)(void *)old);
	CU_ASSERT_EQUAL(dst.shm_id, 3);
	CU_ASSERT_EQUAL(dst.mem_size, 256);
	CU_ASSERT_FALSE(dst.enforce_numa);
	CU_ASSERT_EQUAL(dst.opts_size, sizeof(dst));
	free(old);
}

static void
test_copy_size_zero(void)
{
	struct spdk_env_opts user, dst;

	/* opts_size 0 (not set): logged, taken as the minimum, as SPDK does:
	 * the fields before opts_size count, enforce_numa takes its default. */
	user.opts_size = sizeof(user);
	spdk_env_opts_init(&user);
	user.opts_size = 0;
	user.main_core = 1;
	user.enforce_numa = true;
	env_opts_copy(&dst, &user);
	CU_ASSERT_EQUAL(dst.main_core, 1);
	CU_ASSERT_FALSE(dst.enforce_numa);
	CU_ASSERT_EQUAL(dst.opts_size, sizeof(dst));

	/* Exactly up to enforce_numa's byte: copied. */
	user.opts_size = offsetof(struct spdk_env_opts, enforce_numa) + 1;
	env_opts_copy(&dst, &user);
	CU_ASSERT_TRUE(dst.enforce_numa);
}

static const struct cu_test g_tests[] = {
	{ "SPDK v26.05 offsets and size", test_layout },
	{ "opts_init: full layout", test_init_full },
	{ "opts_init: opts_size not set", test_init_unset_size },
	{ "opts_init: older, smaller layout", test_init_older_layout },
	{ "copy: full layout", test_copy_full },
	{ "copy: older layout takes defaults", test_copy_older_layout },
	{ "copy: opts_size 0 and partial", test_copy_size_zero },
};

int
main(void)
{
	return cu_main("env_opts", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
