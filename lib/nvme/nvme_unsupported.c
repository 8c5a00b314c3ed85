/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Calls of SPDK's nvme.h this driver cannot provide, each failing loudly
 * with the reason (docs/spdk-compat.md lists them):
 *   - CUSE: SPDK exposes controllers as /dev/spdk/nvmeX character devices
 *     through libfuse's CUSE; ealnvme has no FUSE dependency or device
 *     thread, so there is nothing to register.
 *   - RDMA hooks: there is no RDMA transport.
 *   - Pluggable transports: transports are a static table inside the
 *     library (lib/nvme/nvme_transport.c), deliberately without
 *     constructors, so an application cannot add one yet.
 */
#include <errno.h>

#include "nvme_internal.h"

#define CUSE_WHY "CUSE character devices are not built into ealnvme (no libfuse); " \
	"use the examples or the fio engine instead of nvme-cli on /dev/spdk"

int
spdk_nvme_cuse_get_ctrlr_name(struct spdk_nvme_ctrlr *ctrlr, char *name, size_t *size)
{
	(void)ctrlr;
	(void)name;
	(void)size;
	EALNVME_ERRLOG("spdk_nvme_cuse_get_ctrlr_name: not supported: " CUSE_WHY);
	return -ENOTSUP;
}

int
spdk_nvme_cuse_get_ns_name(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid, char *name,
			   size_t *size)
{
	(void)ctrlr;
	(void)nsid;
	(void)name;
	(void)size;
	EALNVME_ERRLOG("spdk_nvme_cuse_get_ns_name: not supported: " CUSE_WHY);
	return -ENOTSUP;
}

int
spdk_nvme_cuse_register(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
	EALNVME_ERRLOG("spdk_nvme_cuse_register: not supported: " CUSE_WHY);
	return -ENOTSUP;
}

int
spdk_nvme_cuse_unregister(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
	EALNVME_ERRLOG("spdk_nvme_cuse_unregister: not supported: " CUSE_WHY);
	return -ENOTSUP;
}

void
spdk_nvme_cuse_update_namespaces(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
	EALNVME_ERRLOG("spdk_nvme_cuse_update_namespaces: not supported: " CUSE_WHY);
}

void
spdk_nvme_rdma_init_hooks(struct spdk_nvme_rdma_hooks *hooks)
{
	(void)hooks;
	EALNVME_ERRLOG("spdk_nvme_rdma_init_hooks: not supported: ealnvme has no RDMA "
		       "transport (PCIe only); the hooks are not kept");
}

void
spdk_nvme_transport_register(const struct spdk_nvme_transport_ops *ops)
{
	(void)ops;
	EALNVME_ERRLOG("spdk_nvme_transport_register: not supported: ealnvme's transports "
		       "are built in (lib/nvme/nvme_transport.c); the transport is not registered");
}
