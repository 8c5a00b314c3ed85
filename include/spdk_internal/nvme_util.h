/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Helpers SPDK v26.05's NVMe tools share (spdk_internal/nvme_util.h): the
 * -r transport ID option's help text, a transport ID string with the tools'
 * extra keys, and a printable controller/namespace name.
 */
#ifndef SPDK_INTERNAL_NVME_UTIL_H
#define SPDK_INTERNAL_NVME_UTIL_H

#include <stdint.h>
#include <stdio.h>

#include "spdk/nvme.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What spdk_nvme_transport_id_usage() describes (OR them together). */
enum spdk_nvme_trid_usage_opt {
	SPDK_NVME_TRID_USAGE_OPT_MANDATORY	= 1 << 1,	/* -r is required (no [ ]) */
	SPDK_NVME_TRID_USAGE_OPT_LONGOPT	= 1 << 2,	/* also --transport */
	SPDK_NVME_TRID_USAGE_OPT_NO_PCIE	= 1 << 3,	/* leave out local PCIe */
	SPDK_NVME_TRID_USAGE_OPT_NO_FABRIC	= 1 << 4,	/* leave out NVMe-oF */
	SPDK_NVME_TRID_USAGE_OPT_MULTI		= 1 << 5,	/* -r may repeat */
	SPDK_NVME_TRID_USAGE_OPT_NS		= 1 << 6,	/* the ns key */
	SPDK_NVME_TRID_USAGE_OPT_HOSTNQN	= 1 << 7,	/* the hostnqn key */
	SPDK_NVME_TRID_USAGE_OPT_ALT_TRADDR	= 1 << 8,	/* the alt_traddr key */
	SPDK_NVME_TRID_USAGE_OPT_HOSTADDR	= 1 << 9,	/* the hostaddr key */
};

/* A transport ID plus the keys SPDK's tools accept beside it. */
struct spdk_nvme_trid_entry {
	struct spdk_nvme_transport_id	trid;
	uint16_t			nsid;	/* ns:N, 1..65535; left as it was without ns */
	char				hostnqn[SPDK_NVMF_NQN_MAX_LEN + 1];
	char				hostaddr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	/* trid with traddr replaced by alt_traddr (a copy of trid without it) */
	struct spdk_nvme_transport_id	failover_trid;
};

/* Print the -r option's help (format, keys, examples) to f, as opts selects. */
void spdk_nvme_transport_id_usage(FILE *f, uint32_t opts);

/*
 * Parse "key:value ..." as spdk_nvme_transport_id_parse() does (trtype
 * defaults to PCIe, subnqn to the discovery NQN), plus ns (1..65535, at most
 * 5 digits), hostnqn, hostaddr (fabrics only) and alt_traddr.  hostnqn and
 * hostaddr are empty when not given.  Returns 0 or -EINVAL (logged).
 */
int spdk_nvme_trid_entry_parse(struct spdk_nvme_trid_entry *trid_entry, const char *str);

/*
 * "PCIE (0000:04:00.0) [8086:0953]", "TCP (addr:... subnqn:...)", ... and
 * " NSID n" when ns is given, into name (length bytes with the NUL).
 * Returns the characters written (without the NUL), or a negative errno.
 */
int spdk_nvme_build_name(char *name, size_t length, struct spdk_nvme_ctrlr *ctrlr,
			 struct spdk_nvme_ns *ns);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_INTERNAL_NVME_UTIL_H */
