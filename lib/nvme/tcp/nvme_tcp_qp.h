/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * One NVMe/TCP queue's commands: a slot per CID (no allocation after
 * creation), CapsuleCmd with in-capsule data up to the target's limit,
 * H2CData in answer to R2T (cut at MAXH2CDATA), C2HData into the caller's
 * buffer or element list, CapsuleResp or C2HData SUCCESS as the completion (NVMe/TCP 1.0
 * §3.3-3.5).  Polled; a connection that fails completes every outstanding
 * command once with an error.  The transport's qpairs (nvme_tcp_qpair.c) sit on it.
 */
#ifndef EALNVME_NVME_TCP_QP_H
#define EALNVME_NVME_TCP_QP_H

#include <stdbool.h>
#include <stdint.h>

#include "spdk/nvme_spec.h"
#include "nvme_tcp_conn.h"
#include "nvme_tcp_iov.h"
#include "nvme_tcp_tx.h"

typedef void (*nvme_tcp_qp_cb)(void *arg, const struct spdk_nvme_cpl *cpl);

struct nvme_tcp_slot {
	bool			busy;
	bool			to_ctrlr;	/* data goes host to controller */
	uint8_t			iovcnt;
	uint32_t		len;		/* = the elements' lengths summed */
	uint32_t		h2c_off, h2c_end;	/* the R2T being answered */
	uint16_t		ttag;
	bool			ddgst_err;	/* some of its C2HData failed the digest */
	nvme_tcp_qp_cb		cb;
	void			*cb_arg;
	struct nvme_tcp_tx_pdu	cmd_pdu;
	struct nvme_tcp_tx_pdu	h2c_pdu;
	struct nvme_tcp_qp	*qp;
	struct iovec		iov[NVME_TCP_MAX_SGES];	/* the data, trimmed to len */
};

struct nvme_tcp_qp {
	struct nvme_tcp_conn	conn;
	struct nvme_tcp_tx	tx;
	uint32_t		in_capsule_max;	/* bytes of in-capsule data the target takes */
	uint16_t		num_slots;
	uint16_t		outstanding;
	uint16_t		next_slot;	/* where the free-slot search starts */
	struct nvme_tcp_slot	*slots;		/* [num_slots], CID = index */
};

/* Connect (see nvme_tcp_conn_start); num_slots commands at most in flight. */
int nvme_tcp_qp_create(struct nvme_tcp_qp *qp, enum spdk_nvmf_adrfam adrfam, const char *traddr,
		       const char *trsvcid, const struct nvme_tcp_ic_want *want,
		       uint16_t num_slots);
void nvme_tcp_qp_destroy(struct nvme_tcp_qp *qp);

/* The slot (= CID) the next nvme_tcp_qp_submit will take, or -1: none free. */
int nvme_tcp_qp_free_slot(const struct nvme_tcp_qp *qp);

/*
 * Send cmd (its CID and SGL are set here) with len bytes at buf, written to
 * the controller when to_ctrlr.  -EAGAIN: no free slot; -ENOTCONN: not set
 * up or failed.  cb runs once, from nvme_tcp_qp_poll.
 */
int nvme_tcp_qp_submit(struct nvme_tcp_qp *qp, const struct spdk_nvme_cmd *cmd, void *buf,
		       uint32_t len, bool to_ctrlr, nvme_tcp_qp_cb cb, void *cb_arg);

/*
 * The same with the data scattered: the first len bytes of iov[0..iovcnt)
 * (elements of length 0 are skipped; the list is copied, the memory it
 * points at must stay until cb).  -EINVAL (logged) when the list is shorter
 * than len or needs more than NVME_TCP_MAX_SGES non-empty elements.
 */
int nvme_tcp_qp_submitv(struct nvme_tcp_qp *qp, const struct spdk_nvme_cmd *cmd,
			const struct iovec *iov, uint32_t iovcnt, uint32_t len, bool to_ctrlr,
			nvme_tcp_qp_cb cb, void *cb_arg);

/*
 * Send what is queued, take what arrived, run completions.  The connection
 * state (>= 0) or the -errno that failed it, after which every outstanding
 * command has completed with ABORTED - SQ DELETION.
 */
int nvme_tcp_qp_poll(struct nvme_tcp_qp *qp);

#endif /* EALNVME_NVME_TCP_QP_H */
