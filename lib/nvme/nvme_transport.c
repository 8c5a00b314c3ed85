/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Transport dispatch.  The table names every transport built in; referencing
 * each ops structure here is what links it into a static binary, so no
 * constructor or --whole-archive is needed.  Also: which transports are
 * available, and the (fabrics-only) transport options.
 */
#include <limits.h>
#include <stddef.h>
#include <strings.h>

#include "nvme_internal.h"

static const struct nvme_transport_ops *const g_transports[] = {
	&nvme_pcie_transport_ops,
	&nvme_tcp_transport_ops,
};

const struct nvme_transport_ops *
nvme_transport_get_ops(enum spdk_nvme_transport_type trtype)
{
	for (size_t i = 0; i < sizeof(g_transports) / sizeof(g_transports[0]); i++) {
		if (g_transports[i]->type == trtype) {
			return g_transports[i];
		}
	}
	return NULL;
}

bool
spdk_nvme_transport_available(enum spdk_nvme_transport_type trtype)
{
	/* CUSTOM may stand for several transports: never "available" (as SPDK). */
	return trtype != SPDK_NVME_TRANSPORT_CUSTOM && nvme_transport_get_ops(trtype) != NULL;
}

bool
spdk_nvme_transport_available_by_name(const char *transport_name)
{
	if (transport_name == NULL) {
		return false;
	}
	for (size_t i = 0; i < sizeof(g_transports) / sizeof(g_transports[0]); i++) {
		if (strcasecmp(g_transports[i]->name, transport_name) == 0) {
			return true;
		}
	}
	return false;
}

/* SPDK's defaults.  tcp_connect_timeout_ms bounds the NVMe/TCP connect
 * (nvme_tcp_qpair.c; 0: 10 s); the RDMA fields are kept and reported and
 * change nothing (no RDMA transport). */
static struct spdk_nvme_transport_opts g_transport_opts = {
	.rdma_srq_size = 0,
	.rdma_max_cq_size = 0,
	.rdma_cm_event_timeout_ms = 1000,
	.rdma_umr_per_io = false,
	.tcp_connect_timeout_ms = 0,
	.opts_size = sizeof(struct spdk_nvme_transport_opts),
};

/* Does field [off, off + len) fit in size bytes? */
#define NVME_TOPT_FITS(f, size) \
	(offsetof(struct spdk_nvme_transport_opts, f) + \
	 sizeof(((struct spdk_nvme_transport_opts *)0)->f) <= (size))
#define NVME_TOPT_COPY(dst, src, f, size) \
	do { if (NVME_TOPT_FITS(f, size)) { (dst)->f = (src)->f; } } while (0)

static void
nvme_transport_opts_copy(struct spdk_nvme_transport_opts *dst,
			 const struct spdk_nvme_transport_opts *src, size_t size)
{
	NVME_TOPT_COPY(dst, src, rdma_srq_size, size);
	NVME_TOPT_COPY(dst, src, rdma_max_cq_size, size);
	NVME_TOPT_COPY(dst, src, rdma_cm_event_timeout_ms, size);
	NVME_TOPT_COPY(dst, src, rdma_umr_per_io, size);
	NVME_TOPT_COPY(dst, src, tcp_connect_timeout_ms, size);
}

void
spdk_nvme_transport_get_opts(struct spdk_nvme_transport_opts *opts, size_t opts_size)
{
	if (opts == NULL || opts_size == 0) {
		EALNVME_ERRLOG("spdk_nvme_transport_get_opts: %s; pass a struct and "
			       "sizeof(struct spdk_nvme_transport_opts)",
			       opts == NULL ? "NULL opts" : "opts_size 0");
		return;
	}
	opts->opts_size = opts_size;
	nvme_transport_opts_copy(opts, &g_transport_opts, opts_size);
}

int
spdk_nvme_transport_set_opts(const struct spdk_nvme_transport_opts *opts, size_t opts_size)
{
	struct spdk_nvme_transport_opts next = g_transport_opts;

	if (opts == NULL || opts_size == 0) {
		EALNVME_ERRLOG("spdk_nvme_transport_set_opts: %s; pass a struct and "
			       "sizeof(struct spdk_nvme_transport_opts)",
			       opts == NULL ? "NULL opts" : "opts_size 0");
		return -EINVAL;
	}
	/* The struct's own opts_size says which fields it has (as SPDK). */
	nvme_transport_opts_copy(&next, opts, opts->opts_size);
	if (next.tcp_connect_timeout_ms > INT_MAX) {
		EALNVME_ERRLOG("spdk_nvme_transport_set_opts: tcp_connect_timeout_ms %u exceeds "
			       "INT_MAX; nothing changed", next.tcp_connect_timeout_ms);
		return -EINVAL;
	}
	next.opts_size = opts->opts_size;
	g_transport_opts = next;
	return 0;
}
