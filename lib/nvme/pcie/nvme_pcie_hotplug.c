/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_nvme_pcie_set_hotplug_filter(): which newly inserted controllers a
 * whole-bus spdk_nvme_probe may attach.  A controller is "newly inserted"
 * when it was not on the bus at an earlier whole-bus probe of this process,
 * or came back after being reported removed.  Not a hot path: a mutex
 * guards the list of addresses seen.
 */
#include <pthread.h>
#include <stdlib.h>

#include "nvme_internal.h"
#include "nvme_pcie_internal.h"

static pthread_mutex_t g_hotplug_lock = PTHREAD_MUTEX_INITIALIZER;
static spdk_nvme_pcie_hotplug_filter_cb g_filter;
static struct spdk_pci_addr *g_seen;
static size_t g_num_seen, g_cap_seen;
static bool g_scanned_once;

void
spdk_nvme_pcie_set_hotplug_filter(spdk_nvme_pcie_hotplug_filter_cb filter_cb)
{
	pthread_mutex_lock(&g_hotplug_lock);
	g_filter = filter_cb;
	pthread_mutex_unlock(&g_hotplug_lock);
}

static size_t
nvme_pcie_seen_index(const struct spdk_pci_addr *addr)
{
	size_t i;

	for (i = 0; i < g_num_seen && spdk_pci_addr_compare(&g_seen[i], addr) != 0; i++) {
	}
	return i;
}

bool
nvme_pcie_hotplug_admit(const struct spdk_pci_addr *addr)
{
	bool admit = true, is_new;

	pthread_mutex_lock(&g_hotplug_lock);
	is_new = nvme_pcie_seen_index(addr) == g_num_seen;
	if (is_new && g_scanned_once && g_filter != NULL && !g_filter(addr)) {
		admit = false;
	} else if (is_new) {
		if (g_num_seen == g_cap_seen) {
			size_t cap = g_cap_seen ? g_cap_seen * 2 : 16;
			struct spdk_pci_addr *a = realloc(g_seen, cap * sizeof(*a));

			if (a != NULL) {
				g_seen = a;
				g_cap_seen = cap;
			}
		}
		if (g_num_seen < g_cap_seen) {
			g_seen[g_num_seen++] = *addr;
		}
	}
	pthread_mutex_unlock(&g_hotplug_lock);
	if (!admit) {
		char bdf[SPDK_PCI_ADDR_FMT_LEN];

		spdk_pci_addr_fmt(bdf, sizeof(bdf), addr);
		EALNVME_NOTICELOG("%s: newly inserted controller left alone: the hotplug filter "
				  "(spdk_nvme_pcie_set_hotplug_filter) declined it", bdf);
	}
	return admit;
}

void
nvme_pcie_hotplug_scan_done(void)
{
	pthread_mutex_lock(&g_hotplug_lock);
	g_scanned_once = true;
	pthread_mutex_unlock(&g_hotplug_lock);
}

void
nvme_pcie_hotplug_forget(const struct spdk_pci_addr *addr)
{
	size_t i;

	pthread_mutex_lock(&g_hotplug_lock);
	i = nvme_pcie_seen_index(addr);
	if (i < g_num_seen) {
		g_seen[i] = g_seen[--g_num_seen];
	}
	pthread_mutex_unlock(&g_hotplug_lock);
}
