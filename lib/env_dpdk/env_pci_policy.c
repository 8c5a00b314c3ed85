/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Which PCI devices this process may touch: spdk_env_opts.pci_blocked and
 * pci_allowed (num_pci_addr entries each), plus devices the EAL itself was
 * told to block (-b / --block).
 *
 * The EAL arguments alone are not enough: when the application started the
 * EAL itself they were never given, and DPDK's rte_dev_probe() of an address
 * replaces a blocking devargs entry, so an attach by address would map the
 * device anyway (and vfio-pci may reset it on open).  The shim therefore asks
 * this file before every enumerate, attach and probe.
 *
 * Blocked wins over allowed; spdk_pci_device_allow() lifts a refusal.  Not a
 * hot path: lists are searched linearly.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_devargs.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "ealnvme_log.h"

struct env_pci_list {
	struct spdk_pci_addr	*addrs;
	size_t			count;
};

static struct env_pci_list g_blocked;
static struct env_pci_list g_allowed;
/* An allowed list was given (even if every entry is also blocked). */
static bool g_allow_list_active;
static pthread_mutex_t g_policy_lock = PTHREAD_MUTEX_INITIALIZER;

static int
env_pci_list_copy(struct env_pci_list *list, const struct spdk_pci_addr *src, size_t n)
{
	list->addrs = NULL;
	list->count = 0;
	if (src == NULL || n == 0) {
		return 0;
	}
	list->addrs = calloc(n, sizeof(*src));
	if (list->addrs == NULL) {
		return -ENOMEM;
	}
	memcpy(list->addrs, src, n * sizeof(*src));
	list->count = n;
	return 0;
}

static bool
env_pci_list_has(const struct env_pci_list *list, const struct spdk_pci_addr *addr)
{
	for (size_t i = 0; i < list->count; i++) {
		if (spdk_pci_addr_compare(&list->addrs[i], addr) == 0) {
			return true;
		}
	}
	return false;
}

void
env_pci_policy_clear(void)
{
	pthread_mutex_lock(&g_policy_lock);
	free(g_blocked.addrs);
	free(g_allowed.addrs);
	memset(&g_blocked, 0, sizeof(g_blocked));
	memset(&g_allowed, 0, sizeof(g_allowed));
	g_allow_list_active = false;
	pthread_mutex_unlock(&g_policy_lock);
}

int
env_pci_policy_set(const struct spdk_env_opts *opts)
{
	struct env_pci_list blocked, allowed;
	size_t n = opts->num_pci_addr;
	int rc;

	rc = env_pci_list_copy(&blocked, opts->pci_blocked, n);
	if (rc == 0) {
		rc = env_pci_list_copy(&allowed, opts->pci_allowed, n);
		if (rc != 0) {
			free(blocked.addrs);
		}
	}
	if (rc != 0) {
		EALNVME_ERRLOG("out of memory copying spdk_env_opts.pci_allowed/pci_blocked");
		return rc;
	}
	/* Swap under the lock so no check sees a half-set policy. */
	pthread_mutex_lock(&g_policy_lock);
	free(g_blocked.addrs);
	free(g_allowed.addrs);
	g_blocked = blocked;
	g_allowed = allowed;
	g_allow_list_active = allowed.count > 0;
	pthread_mutex_unlock(&g_policy_lock);
	return 0;
}

/* True when the EAL's own device arguments (-b/--block) block addr. */
static bool
env_pci_eal_blocks(const struct spdk_pci_addr *addr)
{
	const struct rte_devargs *da;
	struct spdk_pci_addr a;

	if (!env_eal_is_initialized()) {
		return false;
	}
	RTE_EAL_DEVARGS_FOREACH("pci", da) {
		if (da->policy == RTE_DEV_BLOCKED && spdk_pci_addr_parse(&a, da->name) == 0 &&
		    spdk_pci_addr_compare(&a, addr) == 0) {
			return true;
		}
	}
	return false;
}

enum env_pci_verdict
env_pci_policy_check(const struct spdk_pci_addr *addr)
{
	enum env_pci_verdict v = ENV_PCI_PERMITTED;

	pthread_mutex_lock(&g_policy_lock);
	if (env_pci_list_has(&g_blocked, addr)) {
		v = ENV_PCI_BLOCKED;
	} else if (g_allow_list_active && !env_pci_list_has(&g_allowed, addr)) {
		v = ENV_PCI_NOT_ALLOWED;
	}
	pthread_mutex_unlock(&g_policy_lock);
	if (v == ENV_PCI_PERMITTED && env_pci_eal_blocks(addr)) {
		v = ENV_PCI_EAL_BLOCKED;
	}
	return v;
}

static void
env_pci_list_remove(struct env_pci_list *list, const struct spdk_pci_addr *addr)
{
	for (size_t i = 0; i < list->count;) {
		if (spdk_pci_addr_compare(&list->addrs[i], addr) == 0) {
			list->addrs[i] = list->addrs[--list->count];
		} else {
			i++;
		}
	}
}

static int
env_pci_list_add(struct env_pci_list *list, const struct spdk_pci_addr *addr)
{
	struct spdk_pci_addr *a;

	if (env_pci_list_has(list, addr)) {
		return 0;
	}
	a = realloc(list->addrs, (list->count + 1) * sizeof(*a));
	if (a == NULL) {
		return -ENOMEM;
	}
	list->addrs = a;
	list->addrs[list->count++] = *addr;
	return 0;
}

/*
 * The EAL's -b entry for addr becomes an allow entry (DPDK replaces the
 * devargs of the same device), as SPDK does; without a -b entry nothing is
 * added, so an EAL started without -a keeps probing every device.
 */
static int
env_pci_eal_unblock(const struct spdk_pci_addr *addr)
{
	struct rte_devargs *da;
	char bdf[SPDK_PCI_ADDR_FMT_LEN];

	if (!env_pci_eal_blocks(addr)) {
		return 0;
	}
	da = calloc(1, sizeof(*da));
	if (da == NULL) {
		return -ENOMEM;
	}
	spdk_pci_addr_fmt(bdf, sizeof(bdf), addr);
	if (rte_devargs_parsef(da, "pci:%s", bdf) != 0) {
		free(da);
		return -EINVAL;
	}
	da->policy = RTE_DEV_ALLOWED;
	if (rte_devargs_insert(&da) != 0) {
		rte_devargs_reset(da);
		free(da);
		return -ENOMEM;
	}
	return 0;
}

int
spdk_pci_device_allow(struct spdk_pci_addr *pci_addr)
{
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	int rc = 0;

	if (pci_addr == NULL || pci_addr->dev > 0x1f || pci_addr->func > 7 ||
	    spdk_pci_addr_fmt(bdf, sizeof(bdf), pci_addr) != 0) {
		EALNVME_ERRLOG("spdk_pci_device_allow: not a PCI address (device <= 31, "
			       "function <= 7)");
		return -EINVAL;
	}
	pthread_mutex_lock(&g_policy_lock);
	env_pci_list_remove(&g_blocked, pci_addr);
	if (g_allow_list_active) {
		rc = env_pci_list_add(&g_allowed, pci_addr);
	}
	pthread_mutex_unlock(&g_policy_lock);
	rc = rc ? rc : env_pci_eal_unblock(pci_addr);
	if (rc != 0) {
		EALNVME_ERRLOG("spdk_pci_device_allow(%s): %s", bdf,
			       rc == -ENOMEM ? "out of memory" : "DPDK refused the address");
	}
	return rc;
}

const char *
env_pci_verdict_str(enum env_pci_verdict v)
{
	switch (v) {
	case ENV_PCI_BLOCKED:
		return "listed in spdk_env_opts.pci_blocked";
	case ENV_PCI_NOT_ALLOWED:
		return "not listed in spdk_env_opts.pci_allowed";
	case ENV_PCI_EAL_BLOCKED:
		return "blocked by the EAL's -b/--block option";
	default:
		return "permitted";
	}
}
