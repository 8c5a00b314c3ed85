/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Fabrics commands (NVMe over Fabrics 1.1 §3.3, §3.4) shared by the fabrics
 * transports: Connect (with its 1 KiB data) and Property Get/Set, which
 * replace register access on a fabrics controller, and reading their
 * completions.  Building only: the transport sends them.
 */
#ifndef EALNVME_NVME_FABRIC_H
#define EALNVME_NVME_FABRIC_H

#include <stdint.h>

#include "spdk/nvme_spec.h"
#include "spdk/nvmf_spec.h"

/* Controller ID of an admin Connect: any controller (dynamic model, §3.3). */
#define NVME_FABRIC_CNTLID_DYNAMIC	0xFFFFu

struct nvme_fabric_connect_params {
	uint16_t	qid;		/* 0: admin queue */
	uint32_t	queue_size;	/* entries, 2 or more */
	uint32_t	kato_ms;	/* admin queue only; 0: no keep-alive */
	uint16_t	cntlid;		/* admin: NVME_FABRIC_CNTLID_DYNAMIC; I/O: the admin's */
	const char	*hostnqn;
	const uint8_t	*hostid;	/* 16 bytes */
	const char	*subnqn;
};

/*
 * Fill a Connect command and its data (sent as 1 KiB of in-capsule data at
 * offset 0).  0, or -EINVAL with a log line for a bad NQN (empty or longer
 * than 223 bytes), queue size, or an I/O Connect without a controller ID.
 */
int nvme_fabric_connect_build(struct spdk_nvme_cmd *cmd, struct spdk_nvmf_fabric_connect_data *data,
			      const struct nvme_fabric_connect_params *p);

/*
 * Read a Connect completion: 0 with the controller ID, -ENOTSUP when the
 * target asks for in-band authentication, -EIO (logged, with the invalid
 * parameter's place) when Connect failed.
 */
int nvme_fabric_connect_rsp(const struct spdk_nvme_cpl *cpl, uint16_t *cntlid);

/* Property Get/Set of a 4- or 8-byte property at a register offset (§3.4). */
int nvme_fabric_prop_get_build(struct spdk_nvme_cmd *cmd, uint32_t ofst, uint8_t size);
int nvme_fabric_prop_set_build(struct spdk_nvme_cmd *cmd, uint32_t ofst, uint8_t size,
			       uint64_t value);
/* The value of a successful Property Get completion, of `size` bytes. */
uint64_t nvme_fabric_prop_get_value(const struct spdk_nvme_cpl *cpl, uint8_t size);

#endif /* EALNVME_NVME_FABRIC_H */
