/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Connection initialization (NVMe/TCP 1.0 §3.3, §3.6.2.2 - §3.6.2.3): the
 * ICReq the host sends first, and what the ICResp grants, applied to the
 * connection's PDU parameters.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_tcp_pdu.h"

int
nvme_tcp_icreq_build(void *buf, const struct nvme_tcp_ic_want *want)
{
	struct spdk_nvme_tcp_ic_req *q = buf;
	struct nvme_tcp_pdu_params p;
	int rc;

	if (want->hpda > SPDK_NVME_TCP_HPDA_MAX) {
		EALNVME_ERRLOG("ICReq: HPDA %u is above %u", want->hpda, SPDK_NVME_TCP_HPDA_MAX);
		return -EINVAL;
	}
	nvme_tcp_pdu_params_init(&p, 0);
	rc = nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_IC_REQ, 0, true, &p);
	if (rc < 0) {
		return rc;
	}
	to_le16(&q->pfv, 0);
	q->hpda = want->hpda;
	q->dgst.bits.hdgst_enable = want->hdgst;
	q->dgst.bits.ddgst_enable = want->ddgst;
	/* MAXR2T is 0's based: one R2T outstanding per command is all we serve. */
	to_le32(&q->maxr2t, 0);
	return rc;
}

int
nvme_tcp_icresp_apply(const struct spdk_nvme_tcp_ic_resp *r, const struct nvme_tcp_ic_want *want,
		      struct nvme_tcp_pdu_params *p, uint32_t *maxh2cdata)
{
	bool hdgst = r->dgst.bits.hdgst_enable, ddgst = r->dgst.bits.ddgst_enable;

	/* The controller may turn a digest down, never on unasked (§3.6.2.3). */
	if ((hdgst && !want->hdgst) || (ddgst && !want->ddgst)) {
		EALNVME_ERRLOG("ICResp enables a %s digest the host did not ask for: the target "
			       "is broken; the connection is dropped", hdgst && !want->hdgst ?
			       "header" : "data");
		return -EPROTO;
	}
	if (r->cpda > SPDK_NVME_TCP_CPDA_MAX || from_le32(&r->maxh2cdata) < 4096) {
		EALNVME_ERRLOG("ICResp CPDA %u or MAXH2CDATA %" PRIu32 " out of range: the "
			       "connection is dropped", r->cpda, from_le32(&r->maxh2cdata));
		return -EPROTO;
	}
	/* Declining is allowed, but whoever asked (perf -H/-I) should know. */
	if ((want->hdgst && !hdgst) || (want->ddgst && !ddgst)) {
		EALNVME_NOTICELOG("ICResp: the target declined the %s digest asked for; the "
				  "connection goes on without it", want->hdgst && !hdgst ?
				  (want->ddgst && !ddgst ? "header and data" : "header") : "data");
	}
	EALNVME_INFOLOG("ICResp: header digest %s, data digest %s, CPDA %u, MAXH2CDATA %" PRIu32,
			hdgst ? "on" : "off", ddgst ? "on" : "off", r->cpda,
			from_le32(&r->maxh2cdata));
	p->hdgst = hdgst;
	p->ddgst = ddgst;
	p->ic_done = true;
	p->tx_align = ((uint32_t)r->cpda + 1) * 4;
	p->rx_align = ((uint32_t)want->hpda + 1) * 4;
	*maxh2cdata = from_le32(&r->maxh2cdata);
	return 0;
}
