/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A minimal hand-written "host" for the tests of the controller model on
 * its own (test_nvme_model*.c): register access through the MMIO hooks,
 * admin and I/O queues in spdk_zmalloc() memory, submit and poll, and the
 * few admin commands needed to bring a controller up.  Header-only (static
 * inline) like nvme_driver_test.h.
 */
#ifndef EALNVME_MODEL_HOST_H
#define EALNVME_MODEL_HOST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "spdk/env.h"
#include "spdk/nvme_spec.h"
#include "nvme_pcie_mmio.h"
#include "mock_env.h"
#include "nvme_model.h"

#define PAGE	4096u

/* ------------------------------------------------------------------------ */
/* A minimal host                                                             */
/* ------------------------------------------------------------------------ */

struct hq {
	uint16_t		qid;
	uint32_t		sq_size;
	uint32_t		cq_size;
	struct spdk_nvme_cmd	*sq;
	uint64_t		sq_iova;
	struct spdk_nvme_cpl	*cq;
	uint64_t		cq_iova;
	uint32_t		sq_tail;
	uint32_t		cq_head;
	uint8_t			phase;
};

struct host {
	struct nvme_model	*m;
	volatile uint8_t	*bar;
	uint32_t		stride;
	struct hq		admin;
	struct hq		io;
	uint16_t		next_cid;
};

static inline uint32_t
rd32(struct host *h, uint32_t off)
{
	return nvme_mmio_hook_read32((volatile uint32_t *)(h->bar + off));
}

static inline uint64_t
rd64(struct host *h, uint32_t off)
{
	return nvme_mmio_hook_read64((volatile uint64_t *)(h->bar + off));
}

static inline void
wr32(struct host *h, uint32_t off, uint32_t v)
{
	nvme_mmio_hook_write32((volatile uint32_t *)(h->bar + off), v);
}

static inline void
wr64(struct host *h, uint32_t off, uint64_t v)
{
	nvme_mmio_hook_write64((volatile uint64_t *)(h->bar + off), v);
}

static inline uint32_t
db_off(struct host *h, uint16_t qid, bool cq)
{
	return 0x1000 + (2u * qid + (cq ? 1u : 0u)) * h->stride;
}

static inline union spdk_nvme_csts_register
csts(struct host *h)
{
	union spdk_nvme_csts_register c;

	c.raw = rd32(h, 0x1c);
	return c;
}

static inline int
hq_alloc(struct hq *q, uint16_t qid, uint32_t sq_size, uint32_t cq_size)
{
	memset(q, 0, sizeof(*q));
	q->qid = qid;
	q->sq_size = sq_size;
	q->cq_size = cq_size;
	q->sq = spdk_zmalloc(sq_size * sizeof(*q->sq), PAGE, &q->sq_iova, SPDK_ENV_SOCKET_ID_ANY,
			     SPDK_MALLOC_DMA);
	q->cq = spdk_zmalloc(cq_size * sizeof(*q->cq), PAGE, &q->cq_iova, SPDK_ENV_SOCKET_ID_ANY,
			     SPDK_MALLOC_DMA);
	q->phase = 1;
	return q->sq != NULL && q->cq != NULL ? 0 : -ENOMEM;
}

static inline void
hq_free(struct hq *q)
{
	spdk_free(q->sq);
	spdk_free(q->cq);
	memset(q, 0, sizeof(*q));
}

static inline struct nvme_model *
model_new(const struct nvme_model_opts *opts)
{
	struct nvme_model *m = nvme_model_create(opts);

	CU_ASSERT_FATAL(m != NULL);
	return m;
}

static inline void
host_init(struct host *h, struct nvme_model *m)
{
	union spdk_nvme_cap_register cap;

	memset(h, 0, sizeof(*h));
	h->m = m;
	h->bar = nvme_model_bar0(m);
	cap.raw = rd64(h, 0);
	h->stride = 4u << cap.bits.dstrd;
	h->next_cid = 1;
}

/* Program the admin queue and CC, set EN; returns the CSTS reads it took, or -1. */
static inline int
host_enable(struct host *h, uint32_t aq_size, uint32_t max_reads)
{
	union spdk_nvme_cc_register cc;
	union spdk_nvme_aqa_register aqa;
	uint32_t i;

	if (h->admin.sq == NULL && hq_alloc(&h->admin, 0, aq_size, aq_size) != 0) {
		return -1;
	}
	aqa.raw = 0;
	aqa.bits.asqs = aq_size - 1;
	aqa.bits.acqs = aq_size - 1;
	wr32(h, 0x24, aqa.raw);
	wr64(h, 0x28, h->admin.sq_iova);
	wr64(h, 0x30, h->admin.cq_iova);
	cc.raw = 0;
	cc.bits.en = 1;
	cc.bits.css = SPDK_NVME_CC_CSS_NVM;
	cc.bits.mps = 0;
	cc.bits.iosqes = 6;
	cc.bits.iocqes = 4;
	wr32(h, 0x14, cc.raw);
	for (i = 1; i <= max_reads; i++) {
		union spdk_nvme_csts_register c = csts(h);

		if (c.bits.cfs) {
			return -1;
		}
		if (c.bits.rdy) {
			return (int)i;
		}
	}
	return -1;
}

static inline void
host_disable(struct host *h)
{
	union spdk_nvme_cc_register cc;
	int i;

	cc.raw = rd32(h, 0x14);
	cc.bits.en = 0;
	wr32(h, 0x14, cc.raw);
	for (i = 0; i < 1000 && csts(h).bits.rdy; i++) {
	}
	h->admin.sq_tail = 0;
	h->admin.cq_head = 0;
	h->admin.phase = 1;
	if (h->admin.cq != NULL) {
		memset(h->admin.cq, 0, h->admin.cq_size * sizeof(*h->admin.cq));
	}
}

static inline void
host_fini(struct host *h)
{
	hq_free(&h->admin);
	hq_free(&h->io);
}

static inline uint16_t
submit(struct host *h, struct hq *q, struct spdk_nvme_cmd *cmd)
{
	cmd->cid = h->next_cid++;
	q->sq[q->sq_tail] = *cmd;
	q->sq_tail = (q->sq_tail + 1) % q->sq_size;
	wr32(h, db_off(h, q->qid, false), q->sq_tail);
	return cmd->cid;
}

/* Put a command in the SQ without ringing the doorbell. */
static inline uint16_t
enqueue(struct host *h, struct hq *q, struct spdk_nvme_cmd *cmd)
{
	cmd->cid = h->next_cid++;
	q->sq[q->sq_tail] = *cmd;
	q->sq_tail = (q->sq_tail + 1) % q->sq_size;
	return cmd->cid;
}

static inline void
ring(struct host *h, struct hq *q)
{
	wr32(h, db_off(h, q->qid, false), q->sq_tail);
}

/* Take one completion if there is one; ring_db: update the CQ head doorbell. */
static inline bool
poll_one(struct host *h, struct hq *q, struct spdk_nvme_cpl *out, bool ring_db)
{
	volatile struct spdk_nvme_cpl *e = &q->cq[q->cq_head];

	if (e->status.p != q->phase) {
		return false;
	}
	*out = *(struct spdk_nvme_cpl *)e;
	if (++q->cq_head == q->cq_size) {
		q->cq_head = 0;
		q->phase ^= 1;
	}
	if (ring_db) {
		wr32(h, db_off(h, q->qid, true), q->cq_head);
	}
	return true;
}

/* Submit and expect the completion at once (the model is synchronous). */
static inline struct spdk_nvme_cpl
exec(struct host *h, struct hq *q, struct spdk_nvme_cmd *cmd)
{
	struct spdk_nvme_cpl cpl;
	uint16_t cid = submit(h, q, cmd);

	memset(&cpl, 0xff, sizeof(cpl));
	CU_ASSERT_FATAL(poll_one(h, q, &cpl, true));
	CU_ASSERT(cpl.cid == cid);
	CU_ASSERT(cpl.sqid == q->qid);
	CU_ASSERT(cpl.sqhd == q->sq_tail);
	return cpl;
}

static inline bool
cpl_is(const struct spdk_nvme_cpl *cpl, uint8_t sct, uint8_t sc)
{
	return cpl->status.sct == sct && cpl->status.sc == sc;
}

static inline bool
cpl_ok(struct spdk_nvme_cpl cpl)
{
	return cpl_is(&cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS);
}

#define CPL_OK(cpl)	cpl_ok(cpl)

static inline struct spdk_nvme_cmd
mkcmd(uint8_t opc, uint32_t nsid)
{
	struct spdk_nvme_cmd c;

	memset(&c, 0, sizeof(c));
	c.opc = opc;
	c.nsid = nsid;
	return c;
}

static inline struct spdk_nvme_cpl
identify(struct host *h, uint8_t cns, uint32_t nsid, void *buf)
{
	struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_IDENTIFY, nsid);

	c.cdw10_bits.identify.cns = cns;
	c.dptr.prp.prp1 = spdk_vtophys(buf, NULL);
	return exec(h, &h->admin, &c);
}

static inline struct spdk_nvme_cpl
set_num_queues(struct host *h, uint16_t nsqr, uint16_t ncqr)
{
	struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_SET_FEATURES, 0);

	c.cdw10_bits.set_features.fid = SPDK_NVME_FEAT_NUMBER_OF_QUEUES;
	c.cdw11_bits.feat_num_of_queues.bits.nsqr = nsqr;
	c.cdw11_bits.feat_num_of_queues.bits.ncqr = ncqr;
	return exec(h, &h->admin, &c);
}

static inline struct spdk_nvme_cpl
create_cq(struct host *h, uint16_t qid, uint32_t size, uint64_t iova, bool pc)
{
	struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_CREATE_IO_CQ, 0);

	c.dptr.prp.prp1 = iova;
	c.cdw10_bits.create_io_q.qid = qid;
	c.cdw10_bits.create_io_q.qsize = (uint16_t)(size - 1);
	c.cdw11_bits.create_io_cq.pc = pc;
	return exec(h, &h->admin, &c);
}

static inline struct spdk_nvme_cpl
create_sq(struct host *h, uint16_t qid, uint32_t size, uint64_t iova, uint16_t cqid)
{
	struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_CREATE_IO_SQ, 0);

	c.dptr.prp.prp1 = iova;
	c.cdw10_bits.create_io_q.qid = qid;
	c.cdw10_bits.create_io_q.qsize = (uint16_t)(size - 1);
	c.cdw11_bits.create_io_sq.pc = 1;
	c.cdw11_bits.create_io_sq.cqid = cqid;
	return exec(h, &h->admin, &c);
}

static inline struct spdk_nvme_cpl
delete_q(struct host *h, uint8_t opc, uint16_t qid)
{
	struct spdk_nvme_cmd c = mkcmd(opc, 0);

	c.cdw10_bits.delete_io_q.qid = qid;
	return exec(h, &h->admin, &c);
}

/* Enable, and create I/O queue pair 1 with the given sizes. */
static inline void
host_bringup(struct host *h, struct nvme_model *m, uint32_t io_sq, uint32_t io_cq)
{
	struct spdk_nvme_cpl cpl;

	host_init(h, m);
	CU_ASSERT_FATAL(host_enable(h, 16, 10) > 0);
	cpl = set_num_queues(h, 3, 3);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT_FATAL(hq_alloc(&h->io, 1, io_sq, io_cq) == 0);
	cpl = create_cq(h, 1, io_cq, h->io.cq_iova, true);
	CU_ASSERT_FATAL(CPL_OK(cpl));
	cpl = create_sq(h, 1, io_sq, h->io.sq_iova, 1);
	CU_ASSERT_FATAL(CPL_OK(cpl));
}

static inline void
host_teardown(struct host *h)
{
	struct spdk_nvme_cpl cpl;

	if (nvme_model_sq_exists(h->m, 1)) {
		cpl = delete_q(h, SPDK_NVME_OPC_DELETE_IO_SQ, 1);
		CU_ASSERT(CPL_OK(cpl));
	}
	if (nvme_model_cq_exists(h->m, 1)) {
		cpl = delete_q(h, SPDK_NVME_OPC_DELETE_IO_CQ, 1);
		CU_ASSERT(CPL_OK(cpl));
	}
	host_disable(h);
	host_fini(h);
}

static inline struct spdk_nvme_cmd
rw_cmd(uint8_t opc, uint32_t nsid, uint64_t slba, uint32_t nlb, uint64_t prp1, uint64_t prp2)
{
	struct spdk_nvme_cmd c = mkcmd(opc, nsid);

	c.cdw10 = (uint32_t)slba;
	c.cdw11 = (uint32_t)(slba >> 32);
	c.cdw12 = nlb - 1;
	c.dptr.prp.prp1 = prp1;
	c.dptr.prp.prp2 = prp2;
	return c;
}

static inline void
destroy_model(struct nvme_model *m)
{
	CU_ASSERT(nvme_model_destroy(m) == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
}

#endif /* EALNVME_MODEL_HOST_H */
