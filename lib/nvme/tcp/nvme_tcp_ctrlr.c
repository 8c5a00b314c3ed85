/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP controllers (NVMe/TCP Transport 1.0, NVMe over Fabrics 1.1).
 *
 * Bring-up: the scan constructs the controller for the transport ID (a
 * discovery controller when no subsystem NQN is given: a probe then attaches
 * what its log lists instead, nvme_fabric_discovery.c), which connects the
 * admin queue (TCP, ICReq/ICResp, fabrics Connect with KATO and the host
 * NQN/ID) and reads CAP and VS as properties.  The core's init state
 * machine then runs unchanged over Property Get/Set (nvme_fabric_ctrlr.c):
 * CC.EN, CSTS.RDY, Identify, queues, AER, keep-alive.  I/O qpairs are
 * connections of their own (nvme_tcp_qpair.c).
 *
 * Reset: closing every connection is what stops the controller writing
 * into host buffers (there is no DMA); the admin queue connects again as a
 * new association before init runs again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_tcp_internal.h"
#include "nvme_fabric_discovery.h"

static struct spdk_nvme_ctrlr *
nvme_tcp_ctrlr_construct(const struct spdk_nvme_transport_id *trid,
			 const struct spdk_nvme_ctrlr_opts *opts, void *devhandle)
{
	struct nvme_tcp_ctrlr *tctrlr = calloc(1, sizeof(*tctrlr));
	struct spdk_nvme_ctrlr *ctrlr;
	struct nvme_tcp_qpair *adminq;
	int *err = devhandle;	/* the scan's: why construction failed */
	uint32_t entries;

	*err = -ENOMEM;
	if (tctrlr == NULL) {
		EALNVME_ERRLOG("%s: NVMe/TCP: no memory for a controller", trid->traddr);
		return NULL;
	}
	ctrlr = &tctrlr->ctrlr;
	nvme_ctrlr_construct_base(ctrlr, trid, opts, &nvme_tcp_transport_ops);
	nvme_fabric_default_host_id(&ctrlr->opts);

	entries = nvme_min(nvme_max((uint32_t)opts->admin_queue_size, 2u),
			   NVME_TCP_MAX_ADMIN_QUEUE);
	adminq = nvme_tcp_qpair_create(ctrlr, 0, entries, 2u * entries, SPDK_NVME_QPRIO_URGENT);
	if (adminq == NULL) {
		goto fail;
	}
	ctrlr->adminq = &adminq->qpair;
	*err = nvme_tcp_qpair_connect(ctrlr, adminq);
	if (*err != 0) {
		goto fail;
	}
	*err = nvme_fabric_ctrlr_get_reg_8(ctrlr, offsetof(struct spdk_nvme_registers, cap),
					   &ctrlr->cap.raw);
	if (*err == 0) {
		*err = nvme_fabric_ctrlr_get_reg_4(ctrlr, offsetof(struct spdk_nvme_registers, vs),
						   &ctrlr->vs.raw);
	}
	if (*err != 0) {
		EALNVME_ERRLOG("%s:%s: NVMe/TCP: reading CAP/VS failed", trid->traddr,
			       trid->trsvcid);
		goto fail;
	}
	/* Memory pages mean nothing on a fabric, but CC.MPS must be valid. */
	ctrlr->page_size = nvme_max(4096u, 1u << (12 + ctrlr->cap.bits.mpsmin));
	return ctrlr;
fail:
	if (ctrlr->adminq != NULL) {
		nvme_tcp_qpair_destroy(ctrlr->adminq);
	}
	pthread_mutex_destroy(&ctrlr->ctrlr_lock);
	free(tctrlr);
	return NULL;
}

static void
nvme_tcp_ctrlr_destruct(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr->adminq != NULL) {
		nvme_tcp_qpair_destroy(ctrlr->adminq);
	}
	free(nvme_tcp_ctrlr(ctrlr));
}

static int
nvme_tcp_ctrlr_scan(struct spdk_nvme_probe_ctx *probe_ctx)
{
	struct spdk_nvme_transport_id trid = probe_ctx->trid;
	int err = 0, rc;

	if (trid.traddr[0] == '\0') {
		EALNVME_ERRLOG("NVMe/TCP: the transport ID needs traddr (and trsvcid), e.g. "
			       "\"trtype:TCP adrfam:IPv4 traddr:192.168.0.2 trsvcid:4420 "
			       "subnqn:nqn.2016-06.io.spdk:cnode1\"");
		return -EINVAL;
	}
	if (trid.trsvcid[0] == '\0') {
		/* The port IANA assigned to NVMe/TCP (NVMe/TCP 1.0 §3.1). */
		snprintf(trid.trsvcid, sizeof(trid.trsvcid), "4420");
		EALNVME_NOTICELOG("NVMe/TCP %s: no trsvcid given; using 4420", trid.traddr);
	}
	if (trid.subnqn[0] == '\0') {
		snprintf(trid.subnqn, sizeof(trid.subnqn), "%s", SPDK_NVMF_DISCOVERY_NQN);
	}
	if (!probe_ctx->direct_connect &&
	    strcmp(trid.subnqn, SPDK_NVMF_DISCOVERY_NQN) == 0) {
		/* A probe of a discovery service: every subsystem it lists. */
		return nvme_fabric_ctrlr_discover(probe_ctx, &trid, nvme_tcp_ctrlr_construct);
	}
	/* A target that cannot be reached fails the probe, with why. */
	rc = nvme_ctrlr_probe_found(probe_ctx, &trid, &err, nvme_tcp_ctrlr_construct);
	return rc < 0 ? rc : err;
}

/* Before init's first step: a new association when the admin connection is down. */
static int
nvme_tcp_ctrlr_connect_adminq(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_tcp_qpair *tq = nvme_tcp_qpair(ctrlr->adminq);

	if (tq->connected && tq->tqp.conn.state == NVME_TCP_CONN_READY &&
	    ctrlr->adminq->state == NVME_QPAIR_ENABLED) {
		return 0;
	}
	return nvme_tcp_qpair_connect(ctrlr, tq);
}

/* Reset, step 1: no data can arrive into any buffer once the sockets are closed. */
static int
nvme_tcp_ctrlr_disconnect(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_qpair *qpair;

	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		nvme_tcp_qpair_close(nvme_tcp_qpair(qpair));
	}
	nvme_tcp_qpair_close(nvme_tcp_qpair(ctrlr->adminq));
	return 0;
}

/* The admin queue is set up by its Connect: nothing to program. */
static int
nvme_tcp_ctrlr_setup_adminq(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
	return 0;
}

static void
nvme_tcp_ctrlr_reset_adminq(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
}

static uint32_t
nvme_tcp_ctrlr_get_max_xfer_size(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
	return NVME_TCP_MAX_XFER_SIZE;
}

/* Data elements one command takes: the slot's list (nvme_tcp_iov.h). */
static uint16_t
nvme_tcp_ctrlr_get_max_sges(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
	return NVME_TCP_MAX_SGES;
}

const struct nvme_transport_ops nvme_tcp_transport_ops = {
	.name = "TCP",
	.type = SPDK_NVME_TRANSPORT_TCP,
	.ctrlr_scan = nvme_tcp_ctrlr_scan,
	.ctrlr_construct = nvme_tcp_ctrlr_construct,
	.ctrlr_destruct = nvme_tcp_ctrlr_destruct,
	.ctrlr_get_reg_4 = nvme_fabric_ctrlr_get_reg_4,
	.ctrlr_get_reg_8 = nvme_fabric_ctrlr_get_reg_8,
	.ctrlr_set_reg_4 = nvme_fabric_ctrlr_set_reg_4,
	.ctrlr_set_reg_8 = nvme_fabric_ctrlr_set_reg_8,
	.ctrlr_connect_adminq = nvme_tcp_ctrlr_connect_adminq,
	.ctrlr_disconnect = nvme_tcp_ctrlr_disconnect,
	.ctrlr_setup_adminq = nvme_tcp_ctrlr_setup_adminq,
	.ctrlr_reset_adminq = nvme_tcp_ctrlr_reset_adminq,
	.ctrlr_get_max_xfer_size = nvme_tcp_ctrlr_get_max_xfer_size,
	.ctrlr_get_max_sges = nvme_tcp_ctrlr_get_max_sges,
	.split_sges = NVME_TCP_MAX_SGES,
	.qpair_alloc_io = nvme_tcp_qpair_alloc_io,
	.qpair_connect_io = nvme_tcp_qpair_connect_io,
	.qpair_disconnect_io = nvme_tcp_qpair_disconnect_io,
	.qpair_free = nvme_tcp_qpair_destroy,
	.qpair_submit_request = nvme_tcp_qpair_submit_request,
	.qpair_process_completions = nvme_tcp_qpair_process_completions,
	.qpair_abort_outstanding = nvme_tcp_qpair_abort_outstanding,
	.qpair_iterate_outstanding = nvme_tcp_qpair_iterate_outstanding,
	.qpair_get_queue_depth = nvme_tcp_qpair_get_queue_depth,
	.qpair_check_timeouts = nvme_tcp_qpair_check_timeouts,
};
