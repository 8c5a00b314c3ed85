/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Transport dispatch.  The table names every transport built in; referencing
 * each ops structure here is what links it into a static binary, so no
 * constructor or --whole-archive is needed.
 */
#include "nvme_internal.h"

static const struct nvme_transport_ops *const g_transports[] = {
	&nvme_pcie_transport_ops,
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
