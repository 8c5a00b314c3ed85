/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe/TCP transport behind struct nvme_transport_ops: a controller
 * (nvme_tcp_ctrlr.c: scan, construct, registers as properties, destruct)
 * and its qpairs (nvme_tcp_qpair.c: one TCP connection each, fabrics
 * Connect, requests onto the command slots of nvme_tcp_qp.c).
 */
#ifndef EALNVME_NVME_TCP_INTERNAL_H
#define EALNVME_NVME_TCP_INTERNAL_H

#include "nvme_internal.h"
#include "nvme_tcp_qp.h"

/* The most data one command moves: also the largest PDU data we accept. */
#define NVME_TCP_MAX_XFER_SIZE		(1024u * 1024)
/* In-capsule data on the admin queue (NVMe/TCP 1.0 §3.3: at least 8 KiB). */
#define NVME_TCP_ADMIN_ICD		8192u
/* The Linux target and SPDK's both cap the admin queue at 32 entries. */
#define NVME_TCP_MAX_ADMIN_QUEUE	32u

struct nvme_tcp_ctrlr {
	struct spdk_nvme_ctrlr		ctrlr;		/* must be first */
	uint16_t			cntlid;		/* from the admin Connect */
};

struct nvme_tcp_qpair {
	struct spdk_nvme_qpair		qpair;		/* must be first */
	struct nvme_tcp_qp		tqp;
	uint32_t			queue_size;	/* Connect SQSIZE + 1 */
	bool				connected;	/* tqp set up (socket open) */
	uint32_t			completed;	/* by the running poll */
	/* DSM ranges are the caller's only during submission: one copy per slot. */
	struct spdk_nvme_dsm_range	**dsm_copy;	/* [queue_size - 1], lazily */
	/* Command timeouts (stamped only while a timeout callback is registered). */
	uint64_t			*submit_tick;	/* [queue_size - 1], 0: not watched */
	uint64_t			next_timeout_check;
};

static inline struct nvme_tcp_ctrlr *
nvme_tcp_ctrlr(struct spdk_nvme_ctrlr *ctrlr)
{
	return (struct nvme_tcp_ctrlr *)ctrlr;
}

static inline struct nvme_tcp_qpair *
nvme_tcp_qpair(struct spdk_nvme_qpair *qpair)
{
	return (struct nvme_tcp_qpair *)qpair;
}

/* nvme_tcp_qpair.c */
struct nvme_tcp_qpair *nvme_tcp_qpair_create(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid,
		uint32_t queue_size, uint32_t num_requests, enum spdk_nvme_qprio qprio);
/* TCP connect, ICReq/ICResp and the fabrics Connect, synchronously. */
int nvme_tcp_qpair_connect(struct spdk_nvme_ctrlr *ctrlr, struct nvme_tcp_qpair *tq);
void nvme_tcp_qpair_close(struct nvme_tcp_qpair *tq);
void nvme_tcp_qpair_destroy(struct spdk_nvme_qpair *qpair);

struct spdk_nvme_qpair *nvme_tcp_qpair_alloc_io(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid,
		const struct spdk_nvme_io_qpair_opts *opts);
int nvme_tcp_qpair_connect_io(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair);
int nvme_tcp_qpair_disconnect_io(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair);
int nvme_tcp_qpair_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req);
int32_t nvme_tcp_qpair_process_completions(struct spdk_nvme_qpair *qpair, uint32_t max);
void nvme_tcp_qpair_abort_outstanding(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc,
				      bool dnr);
int nvme_tcp_qpair_iterate_outstanding(struct spdk_nvme_qpair *qpair,
				       int (*fn)(struct nvme_request *req, uint16_t cid, void *arg),
				       void *arg);
uint16_t nvme_tcp_qpair_get_queue_depth(struct spdk_nvme_qpair *qpair);
void nvme_tcp_qpair_check_timeouts(struct spdk_nvme_qpair *qpair, uint64_t now);

#endif /* EALNVME_NVME_TCP_INTERNAL_H */
