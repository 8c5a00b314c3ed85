/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The controller model and the mocked env on their own, without the driver:
 * a hand-written "host" in this file programs the registers through the MMIO
 * hooks, builds admin and I/O queues in spdk_zmalloc() memory, submits
 * commands and polls completions.  If these tests pass, a failing driver
 * test points at the driver, not at the model.
 */
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

static uint32_t
rd32(struct host *h, uint32_t off)
{
	return nvme_mmio_hook_read32((volatile uint32_t *)(h->bar + off));
}

static uint64_t
rd64(struct host *h, uint32_t off)
{
	return nvme_mmio_hook_read64((volatile uint64_t *)(h->bar + off));
}

static void
wr32(struct host *h, uint32_t off, uint32_t v)
{
	nvme_mmio_hook_write32((volatile uint32_t *)(h->bar + off), v);
}

static void
wr64(struct host *h, uint32_t off, uint64_t v)
{
	nvme_mmio_hook_write64((volatile uint64_t *)(h->bar + off), v);
}

static uint32_t
db_off(struct host *h, uint16_t qid, bool cq)
{
	return 0x1000 + (2u * qid + (cq ? 1u : 0u)) * h->stride;
}

static union spdk_nvme_csts_register
csts(struct host *h)
{
	union spdk_nvme_csts_register c;

	c.raw = rd32(h, 0x1c);
	return c;
}

static int
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

static void
hq_free(struct hq *q)
{
	spdk_free(q->sq);
	spdk_free(q->cq);
	memset(q, 0, sizeof(*q));
}

static struct nvme_model *
model_new(const struct nvme_model_opts *opts)
{
	struct nvme_model *m = nvme_model_create(opts);

	CU_ASSERT_FATAL(m != NULL);
	return m;
}

static void
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
static int
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

static void
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

static void
host_fini(struct host *h)
{
	hq_free(&h->admin);
	hq_free(&h->io);
}

static uint16_t
submit(struct host *h, struct hq *q, struct spdk_nvme_cmd *cmd)
{
	cmd->cid = h->next_cid++;
	q->sq[q->sq_tail] = *cmd;
	q->sq_tail = (q->sq_tail + 1) % q->sq_size;
	wr32(h, db_off(h, q->qid, false), q->sq_tail);
	return cmd->cid;
}

/* Put a command in the SQ without ringing the doorbell. */
static uint16_t
enqueue(struct host *h, struct hq *q, struct spdk_nvme_cmd *cmd)
{
	cmd->cid = h->next_cid++;
	q->sq[q->sq_tail] = *cmd;
	q->sq_tail = (q->sq_tail + 1) % q->sq_size;
	return cmd->cid;
}

static void
ring(struct host *h, struct hq *q)
{
	wr32(h, db_off(h, q->qid, false), q->sq_tail);
}

/* Take one completion if there is one; ring_db: update the CQ head doorbell. */
static bool
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
static struct spdk_nvme_cpl
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

static bool
cpl_is(const struct spdk_nvme_cpl *cpl, uint8_t sct, uint8_t sc)
{
	return cpl->status.sct == sct && cpl->status.sc == sc;
}

static bool
cpl_ok(struct spdk_nvme_cpl cpl)
{
	return cpl_is(&cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS);
}

#define CPL_OK(cpl)	cpl_ok(cpl)

static struct spdk_nvme_cmd
mkcmd(uint8_t opc, uint32_t nsid)
{
	struct spdk_nvme_cmd c;

	memset(&c, 0, sizeof(c));
	c.opc = opc;
	c.nsid = nsid;
	return c;
}

static struct spdk_nvme_cpl
identify(struct host *h, uint8_t cns, uint32_t nsid, void *buf)
{
	struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_IDENTIFY, nsid);

	c.cdw10_bits.identify.cns = cns;
	c.dptr.prp.prp1 = spdk_vtophys(buf, NULL);
	return exec(h, &h->admin, &c);
}

static struct spdk_nvme_cpl
set_num_queues(struct host *h, uint16_t nsqr, uint16_t ncqr)
{
	struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_SET_FEATURES, 0);

	c.cdw10_bits.set_features.fid = SPDK_NVME_FEAT_NUMBER_OF_QUEUES;
	c.cdw11_bits.feat_num_of_queues.bits.nsqr = nsqr;
	c.cdw11_bits.feat_num_of_queues.bits.ncqr = ncqr;
	return exec(h, &h->admin, &c);
}

static struct spdk_nvme_cpl
create_cq(struct host *h, uint16_t qid, uint32_t size, uint64_t iova, bool pc)
{
	struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_CREATE_IO_CQ, 0);

	c.dptr.prp.prp1 = iova;
	c.cdw10_bits.create_io_q.qid = qid;
	c.cdw10_bits.create_io_q.qsize = (uint16_t)(size - 1);
	c.cdw11_bits.create_io_cq.pc = pc;
	return exec(h, &h->admin, &c);
}

static struct spdk_nvme_cpl
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

static struct spdk_nvme_cpl
delete_q(struct host *h, uint8_t opc, uint16_t qid)
{
	struct spdk_nvme_cmd c = mkcmd(opc, 0);

	c.cdw10_bits.delete_io_q.qid = qid;
	return exec(h, &h->admin, &c);
}

/* Enable, and create I/O queue pair 1 with the given sizes. */
static void
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

static void
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

static struct spdk_nvme_cmd
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

static void
destroy_model(struct nvme_model *m)
{
	CU_ASSERT(nvme_model_destroy(m) == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
}

/* ------------------------------------------------------------------------ */
/* Mock env: memory                                                           */
/* ------------------------------------------------------------------------ */

static void
test_env_memory(void)
{
	uint64_t iova = 0, size, len;
	char stack_buf[64];
	char *heap = malloc(64);
	uint8_t *p, *q;
	struct mock_env_stats st;

	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	p = spdk_zmalloc(3 * PAGE, PAGE, &iova, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT(((uintptr_t)p & (PAGE - 1)) == 0);
	CU_ASSERT(p[0] == 0 && p[3 * PAGE - 1] == 0);
	CU_ASSERT(iova != (uint64_t)(uintptr_t)p);
	CU_ASSERT(iova == spdk_vtophys(p, NULL));
	CU_ASSERT(mock_env_outstanding_allocations() == 1);

	/* size: in, wanted; out, contiguous bytes, never more than asked. */
	size = 100;
	CU_ASSERT(spdk_vtophys(p + 10, &size) == iova + 10);
	CU_ASSERT(size == 100);
	size = 10 * PAGE;
	spdk_vtophys(p + PAGE, &size);
	CU_ASSERT(size == 2 * PAGE);

	/* Not DMA memory. */
	CU_ASSERT(spdk_vtophys(stack_buf, NULL) == SPDK_VTOPHYS_ERROR);
	CU_ASSERT(spdk_vtophys(heap, NULL) == SPDK_VTOPHYS_ERROR);
	CU_ASSERT(spdk_vtophys(p + 3 * PAGE, NULL) == SPDK_VTOPHYS_ERROR);

	/* IOVA back to the virtual address, as the device does. */
	len = 2 * PAGE;
	CU_ASSERT(mock_env_iova_to_vaddr(iova + PAGE, &len) == p + PAGE);
	CU_ASSERT(len == 2 * PAGE);
	len = 8;
	CU_ASSERT(mock_env_iova_to_vaddr((uint64_t)(uintptr_t)p, &len) == NULL);
	CU_ASSERT(len == 0);

	/* spdk_malloc does not zero. */
	q = spdk_malloc(64, 0, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(q != NULL);
	CU_ASSERT(q[0] != 0);
	memset(q, 7, 64);
	q = spdk_realloc(q, 8192, 64);
	CU_ASSERT_FATAL(q != NULL);
	CU_ASSERT(q[63] == 7);
	CU_ASSERT(spdk_vtophys(q + 8000, NULL) != SPDK_VTOPHYS_ERROR);
	CU_ASSERT(mock_env_outstanding_allocations() == 2);

	/* Bad frees are counted, not crashed on. */
	mock_env_reset_stats();
	spdk_free(p + 8);
	mock_env_get_stats(&st);
	CU_ASSERT(st.bad_frees == 1);

	spdk_free(p);
	spdk_free(q);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);

	/* Allocation failure injection: only the 2nd allocation from now fails. */
	mock_env_fail_alloc_at(2);
	p = spdk_dma_zmalloc(64, 64, NULL);
	CU_ASSERT(p != NULL);
	CU_ASSERT(spdk_dma_malloc(64, 64, NULL) == NULL);
	q = spdk_dma_malloc(64, 64, NULL);
	CU_ASSERT(q != NULL);
	spdk_dma_free(p);
	spdk_dma_free(q);

	CU_ASSERT(spdk_zmalloc(0, 0, NULL, 0, 0) == NULL);
	CU_ASSERT(spdk_zmalloc(64, 3, NULL, 0, 0) == NULL);	/* not a power of two */
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	free(heap);
}

static void
test_env_memory_scatter(void)
{
	uint64_t iova, size, len;
	uint8_t *p;

	mock_env_set_iova_mode(MOCK_ENV_IOVA_PAGE_SCATTER);
	p = spdk_zmalloc(3 * PAGE, PAGE, &iova, 0, 0);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_CONTIG);
	CU_ASSERT_FATAL(p != NULL);

	size = 3 * PAGE;
	CU_ASSERT(spdk_vtophys(p, &size) == iova);
	CU_ASSERT(size == PAGE);		/* contiguous only to the page end */
	size = 3 * PAGE;
	CU_ASSERT(spdk_vtophys(p + PAGE + 100, &size) != iova + PAGE + 100);
	CU_ASSERT(size == PAGE - 100);

	/* The next page's IOVA is not iova + PAGE: the hole is untranslatable. */
	len = 8;
	CU_ASSERT(mock_env_iova_to_vaddr(iova + PAGE, &len) == NULL);
	len = 2 * PAGE;
	CU_ASSERT(mock_env_iova_to_vaddr(spdk_vtophys(p + 2 * PAGE, NULL), &len) == p + 2 * PAGE);
	CU_ASSERT(len == PAGE);
	spdk_free(p);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
}

static void
test_env_time_cores(void)
{
	uint64_t t0, t1;
	uint32_t core, n = 0;

	CU_ASSERT(spdk_get_ticks_hz() == 1000000000ULL);
	t0 = spdk_get_ticks();
	spdk_delay_us(1000);
	t1 = spdk_get_ticks();
	CU_ASSERT(t1 - t0 >= 1000000ULL);

	mock_env_set_virtual_time(true, 0);
	t0 = spdk_get_ticks();
	spdk_delay_us(5000000);			/* 5 s, instantly */
	CU_ASSERT(spdk_get_ticks() - t0 == 5000000000ULL);
	mock_env_advance_time_ns(7);
	CU_ASSERT(spdk_get_ticks() - t0 == 5000000007ULL);
	mock_env_set_virtual_time(true, 10);
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_get_ticks() - t0 == 10);
	mock_env_set_virtual_time(false, 0);

	SPDK_ENV_FOREACH_CORE(core) {
		n++;
	}
	CU_ASSERT(n == 1);
	CU_ASSERT(spdk_env_get_core_count() == 1);
	CU_ASSERT(spdk_env_get_current_core() == 0);
	CU_ASSERT(spdk_env_get_socket_id(0) == 0);
}

/* ------------------------------------------------------------------------ */
/* Mock env: PCI                                                              */
/* ------------------------------------------------------------------------ */

struct enum_ctx {
	int			rc;
	unsigned int		calls;
	struct spdk_pci_device	*last;
};

static int
enum_cb(void *ctx, struct spdk_pci_device *dev)
{
	struct enum_ctx *e = ctx;

	e->calls++;
	e->last = dev;
	return e->rc;
}

static void
test_env_pci(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m0, *m1;
	struct enum_ctx e = { 0 };
	struct spdk_pci_driver *drv = spdk_pci_nvme_get_driver();
	struct spdk_pci_addr addr;
	struct spdk_pci_id id;
	struct mock_env_stats st;
	void *bar;
	uint64_t phys, size;
	uint32_t v32;
	uint16_t v16;

	nvme_model_opts_default(&o);
	m0 = model_new(&o);
	m1 = model_new(&o);
	CU_ASSERT(strcmp(nvme_model_bdf(m0), "0000:00:04.0") == 0);
	CU_ASSERT(strcmp(nvme_model_bdf(m1), "0000:00:05.0") == 0);
	mock_env_reset_stats();

	/* > 0: looked at, left unclaimed. */
	e.rc = 1;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 2);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m0)));

	/* < 0: stop at the first. */
	e.rc = -5;
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == -5);
	CU_ASSERT(e.calls == 1);

	/* 0: claimed; a second scan skips claimed devices. */
	e.rc = 0;
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 2);
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 0);
	CU_ASSERT(nvme_model_destroy(m0) == -EBUSY);

	/* The device as the driver sees it. */
	id = spdk_pci_device_get_id(nvme_model_pci_device(m0));
	CU_ASSERT(id.class_id == 0x010802);
	CU_ASSERT(id.vendor_id == 0x1b36 && id.device_id == 0x0010);
	CU_ASSERT(spdk_pci_device_get_vendor_id(nvme_model_pci_device(m0)) == 0x1b36);
	addr = spdk_pci_device_get_addr(nvme_model_pci_device(m1));
	CU_ASSERT(addr.bus == 0 && addr.dev == 5 && addr.func == 0);
	CU_ASSERT(spdk_pci_device_cfg_read16(nvme_model_pci_device(m0), &v16, 0) == 0);
	CU_ASSERT(v16 == 0x1b36);
	CU_ASSERT(spdk_pci_device_cfg_read32(nvme_model_pci_device(m0), &v32, 8) == 0);
	CU_ASSERT((v32 >> 8) == 0x010802);
	CU_ASSERT(spdk_pci_device_cfg_write16(nvme_model_pci_device(m0), 0x0406, 4) == 0);
	CU_ASSERT(spdk_pci_device_cfg_read16(nvme_model_pci_device(m0), &v16, 4) == 0);
	CU_ASSERT(v16 == 0x0406);
	CU_ASSERT(spdk_pci_device_cfg_write16(nvme_model_pci_device(m0), 0xdead, 0) == 0);
	spdk_pci_device_cfg_read16(nvme_model_pci_device(m0), &v16, 0);
	CU_ASSERT(v16 == 0x1b36);	/* read-only */
	CU_ASSERT(spdk_pci_device_cfg_read32(nvme_model_pci_device(m0), &v32, 4094) == -EINVAL);

	CU_ASSERT(spdk_pci_device_map_bar(nvme_model_pci_device(m0), 0, &bar, &phys, &size) == 0);
	CU_ASSERT(bar == (void *)nvme_model_bar0(m0));
	CU_ASSERT(((uintptr_t)bar & (PAGE - 1)) == 0);
	CU_ASSERT(size == 0x4000);
	CU_ASSERT(spdk_pci_device_map_bar(nvme_model_pci_device(m0), 2, &bar, &phys, &size) != 0);
	CU_ASSERT(mock_pci_device_is_bar_mapped(nvme_model_pci_device(m0)));
	CU_ASSERT(spdk_pci_device_unmap_bar(nvme_model_pci_device(m0), 0, (void *)nvme_model_bar0(m0)) == 0);
	CU_ASSERT(!mock_pci_device_is_bar_mapped(nvme_model_pci_device(m0)));

	spdk_pci_device_detach(nvme_model_pci_device(m0));
	spdk_pci_device_detach(nvme_model_pci_device(m0));	/* twice: counted as bad */
	spdk_pci_device_detach(nvme_model_pci_device(m1));
	mock_env_get_stats(&st);
	CU_ASSERT(st.detaches == 2);
	CU_ASSERT(st.bad_detaches == 1);

	/* Attach one address. */
	e.calls = 0;
	spdk_pci_addr_parse(&addr, "0000:00:05.0");
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == 0);
	CU_ASSERT(e.calls == 1 && e.last == nvme_model_pci_device(m1));
	/* Already attached: 0, no callback (as lib/env_dpdk). */
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == 0);
	CU_ASSERT(e.calls == 1);
	spdk_pci_device_detach(nvme_model_pci_device(m1));
	/* Released by the callback: 0; callback error: its value. */
	e.rc = 1;
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == 0);
	CU_ASSERT(e.calls == 2 && !mock_pci_device_is_attached(nvme_model_pci_device(m1)));
	e.rc = -EIO;
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == -EIO);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m1)));
	e.rc = 0;
	spdk_pci_addr_parse(&addr, "0000:00:1f.0");
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == -ENODEV);

	/* Unbound and removed devices are not offered. */
	mock_pci_set_bound(nvme_model_pci_device(m0), false);
	nvme_model_surprise_remove(m1);
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 0);
	spdk_pci_device_cfg_read16(nvme_model_pci_device(m1), &v16, 0);
	CU_ASSERT(v16 == 0xffff);

	mock_pci_inject_enumerate_error(-EIO);
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == -EIO);

	destroy_model(m0);
	destroy_model(m1);
}

/* ------------------------------------------------------------------------ */
/* Registers and the enable state machine                                     */
/* ------------------------------------------------------------------------ */

static void
test_registers(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cap_register cap;
	const struct nvme_model_stats *st = nvme_model_get_stats(m);

	host_init(&h, m);
	cap.raw = rd64(&h, 0);
	CU_ASSERT(cap.bits.mqes == 1023);
	CU_ASSERT(cap.bits.cqr == 1);
	CU_ASSERT(cap.bits.to == 15);
	CU_ASSERT(cap.bits.dstrd == 0);
	CU_ASSERT(cap.bits.css & SPDK_NVME_CAP_CSS_NVM);
	CU_ASSERT(cap.bits.mpsmin == 0);
	/* Two halves == one 64-bit read. */
	CU_ASSERT(((uint64_t)rd32(&h, 4) << 32 | rd32(&h, 0)) == cap.raw);
	CU_ASSERT(rd32(&h, 0x08) == 0x00010400);
	CU_ASSERT(csts(&h).raw == 0);

	/* ASQ written as two halves reads back as one 64-bit value. */
	wr32(&h, 0x28, 0x12345000);
	wr32(&h, 0x2c, 0x9);
	CU_ASSERT(rd64(&h, 0x28) == 0x912345000ULL);
	wr64(&h, 0x30, 0xabcdef000ULL);
	CU_ASSERT(rd32(&h, 0x30) == 0xbcdef000 && rd32(&h, 0x34) == 0xa);

	/* Read-only CAP: write is an error and changes nothing. */
	wr32(&h, 0, 0);
	CU_ASSERT(rd64(&h, 0) == cap.raw);
	CU_ASSERT(st->errors == 1);
	CU_ASSERT(st->reg_reads > 8);
	destroy_model(m);
}

static void
test_enable_disable_shutdown(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cc_register cc;

	host_init(&h, m);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	CU_ASSERT(nvme_model_sq_exists(m, 0) && nvme_model_cq_exists(m, 0));
	CU_ASSERT(nvme_model_get_stats(m)->enables == 1);

	host_disable(&h);
	CU_ASSERT(csts(&h).bits.rdy == 0);
	CU_ASSERT(!nvme_model_sq_exists(m, 0));

	/* Enable again, then a normal shutdown. */
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	cc.raw = rd32(&h, 0x14);
	cc.bits.shn = SPDK_NVME_SHN_NORMAL;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.shst == SPDK_NVME_SHST_COMPLETE);
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.shst == SPDK_NVME_SHST_NORMAL);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_fini(&h);
	destroy_model(m);
}

static void
test_enable_bad_config(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cc_register cc;
	char stack_q[4096];

	host_init(&h, m);
	CU_ASSERT_FATAL(hq_alloc(&h.admin, 0, 8, 8) == 0);
	wr32(&h, 0x24, 0x00070007);
	wr64(&h, 0x28, h.admin.sq_iova);
	wr64(&h, 0x30, h.admin.cq_iova);

	/* IOSQES left 0: the controller fails the enable with CFS. */
	cc.raw = 0;
	cc.bits.en = 1;
	cc.bits.iocqes = 4;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(csts(&h).bits.rdy == 0);
	CU_ASSERT(strstr(nvme_model_last_error(m), "IOSQES") != NULL);

	/* A reset clears CFS. */
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.cfs == 0);

	/* MPS above CAP.MPSMAX. */
	cc.bits.iosqes = 6;
	cc.bits.mps = 5;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);

	/* Admin SQ at a virtual address (not an IOVA). */
	wr64(&h, 0x28, (uint64_t)(uintptr_t)h.admin.sq);
	cc.bits.mps = 0;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(strstr(nvme_model_last_error(m), "ASQ") != NULL);
	host_disable(&h);

	/* Admin CQ on the stack. */
	wr64(&h, 0x28, h.admin.sq_iova);
	wr64(&h, 0x30, ((uint64_t)(uintptr_t)stack_q + 4095) & ~4095ULL);
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);

	/* Fixed: works. */
	wr64(&h, 0x30, h.admin.cq_iova);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

/* ------------------------------------------------------------------------ */
/* Admin commands                                                             */
/* ------------------------------------------------------------------------ */

static void
test_identify_controller(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_ctrlr_data *cd;
	struct spdk_nvme_cpl cpl;
	const struct nvme_model_cmd_record *rec;

	host_init(&h, m);
	CU_ASSERT_FATAL(host_enable(&h, 4, 1) == 1);
	cd = spdk_zmalloc(sizeof(*cd), PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(cd != NULL);
	cpl = identify(&h, SPDK_NVME_IDENTIFY_CTRLR, 0, cd);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(cpl.status.p == 1);
	CU_ASSERT(cd->vid == 0x1b36);
	CU_ASSERT(memcmp(cd->sn, "EALNVME0000 ", 12) == 0);
	CU_ASSERT(memcmp(cd->mn, "ealnvme model controller", 24) == 0);
	CU_ASSERT(cd->mdts == 5);
	CU_ASSERT(cd->nn == 1);
	CU_ASSERT(cd->sqes.min == 6 && cd->sqes.max == 6);
	CU_ASSERT(cd->cqes.min == 4 && cd->cqes.max == 4);
	CU_ASSERT(cd->ver.raw == 0x00010400);
	CU_ASSERT(cd->aerl == 3);
	CU_ASSERT(cd->vwc.present == 1);
	CU_ASSERT(cd->oncs.nvmdsmsv == 1 && cd->oncs.nvmwzsv == 1 && cd->oncs.nvmcmps == 1);

	/* The command log saw it: one 4 KiB segment at the buffer's IOVA. */
	rec = nvme_model_cmd_log(m, 0);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT(rec->qid == 0 && rec->sqe.opc == SPDK_NVME_OPC_IDENTIFY);
	CU_ASSERT(rec->completed && rec->sc == 0);
	CU_ASSERT(rec->nsegs == 1);
	CU_ASSERT(rec->segs[0].iova == spdk_vtophys(cd, NULL) && rec->segs[0].len == 4096);
	CU_ASSERT(nvme_model_find_cmd(m, 0, cpl.cid) == rec);

	/* Identify into a buffer with an offset: PRP1 + PRP2. */
	memset(cd, 0, sizeof(*cd));
	{
		uint8_t *buf = spdk_zmalloc(2 * PAGE, PAGE, NULL, 0, 0);
		struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_IDENTIFY, 0);

		CU_ASSERT_FATAL(buf != NULL);
		c.cdw10_bits.identify.cns = SPDK_NVME_IDENTIFY_CTRLR;
		c.dptr.prp.prp1 = spdk_vtophys(buf + 512, NULL);
		c.dptr.prp.prp2 = spdk_vtophys(buf + PAGE, NULL);
		cpl = exec(&h, &h.admin, &c);
		CU_ASSERT(CPL_OK(cpl));
		CU_ASSERT(((struct spdk_nvme_ctrlr_data *)(buf + 512))->nn == 1);
		rec = nvme_model_cmd_log(m, 0);
		CU_ASSERT(rec->nsegs == 2 && rec->segs[0].len == PAGE - 512 &&
			  rec->segs[1].len == 512);
		spdk_free(buf);
	}
	spdk_free(cd);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

static void
test_identify_namespaces(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct host h;
	struct spdk_nvme_cpl cpl;
	uint8_t *buf;
	struct spdk_nvme_ns_data *nd;
	struct spdk_nvme_ns_list *nl;
	struct spdk_nvme_ns_id_desc *d;

	nvme_model_opts_default(&o);
	o.nn = 4;
	o.ns[0] = (struct nvme_model_ns_opts) { .active = true, .num_blocks = 1000, .block_size = 512 };
	o.ns[1] = (struct nvme_model_ns_opts) { .active = false, .num_blocks = 100, .block_size = 512 };	/* inactive */
	o.ns[2] = (struct nvme_model_ns_opts) { .active = true, .num_blocks = 64, .block_size = 4096 };
	o.ns[3] = (struct nvme_model_ns_opts) { .active = true, .num_blocks = 32, .block_size = 512 };
	m = model_new(&o);
	host_init(&h, m);
	CU_ASSERT_FATAL(host_enable(&h, 4, 1) == 1);
	buf = spdk_zmalloc(PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(buf != NULL);
	nd = (void *)buf;
	nl = (void *)buf;

	cpl = identify(&h, SPDK_NVME_IDENTIFY_NS, 3, buf);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(nd->nsze == 64 && nd->ncap == 64);
	CU_ASSERT(nd->lbaf[nd->flbas.format].lbads == 12);
	CU_ASSERT(nd->dlfeat.bits.read_value == SPDK_NVME_DEALLOC_READ_00);

	/* Inactive: zero filled, success. */
	memset(buf, 0xaa, PAGE);
	cpl = identify(&h, SPDK_NVME_IDENTIFY_NS, 2, buf);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(nd->nsze == 0 && buf[4095] == 0);

	cpl = identify(&h, SPDK_NVME_IDENTIFY_NS, 5, buf);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT));
	CU_ASSERT(cpl.status.dnr == 1);
	cpl = identify(&h, SPDK_NVME_IDENTIFY_NS, 0, buf);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT));

	/* Active list: NSIDs greater than CDW1.NSID. */
	cpl = identify(&h, SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST, 0, buf);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(nl->ns_list[0] == 1 && nl->ns_list[1] == 3 && nl->ns_list[2] == 4 &&
		  nl->ns_list[3] == 0);
	cpl = identify(&h, SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST, 1, buf);
	CU_ASSERT(nl->ns_list[0] == 3 && nl->ns_list[1] == 4 && nl->ns_list[2] == 0);
	cpl = identify(&h, SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST, 4, buf);
	CU_ASSERT(CPL_OK(cpl) && nl->ns_list[0] == 0);
	cpl = identify(&h, SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST, 0xfffffffe, buf);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT));

	/* Descriptor list: EUI64 then NGUID. */
	cpl = identify(&h, SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST, 1, buf);
	CU_ASSERT(CPL_OK(cpl));
	d = (void *)buf;
	CU_ASSERT(d->nidt == SPDK_NVME_NIDT_EUI64 && d->nidl == 8);
	d = (void *)(buf + 12);
	CU_ASSERT(d->nidt == SPDK_NVME_NIDT_NGUID && d->nidl == 16);
	cpl = identify(&h, SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST, 2, buf);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT));

	cpl = identify(&h, 0x55, 0, buf);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));

	spdk_free(buf);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

static void
test_features(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;

	host_init(&h, m);
	CU_ASSERT_FATAL(host_enable(&h, 8, 1) == 1);

	/* 0's based both ways: ask 8 SQs / 2 CQs, get min(8, 4) = 4 and 2. */
	cpl = set_num_queues(&h, 7, 1);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT((cpl.cdw0 & 0xffff) == 3 && (cpl.cdw0 >> 16) == 1);
	cpl = set_num_queues(&h, 0xffff, 0);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));

	c = mkcmd(SPDK_NVME_OPC_GET_FEATURES, 0);
	c.cdw10_bits.get_features.fid = SPDK_NVME_FEAT_NUMBER_OF_QUEUES;
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl) && cpl.cdw0 == (3u | 1u << 16));

	/* Other features are stored and read back; unknown ones are refused. */
	c = mkcmd(SPDK_NVME_OPC_SET_FEATURES, 0);
	c.cdw10_bits.set_features.fid = SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION;
	c.cdw11 = 0x1ff;
	CU_ASSERT(CPL_OK(exec(&h, &h.admin, &c)));
	CU_ASSERT(nvme_model_feature(m, SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION) == 0x1ff);
	c.cdw10_bits.set_features.sv = 1;
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_FEATURE_ID_NOT_SAVEABLE));
	c = mkcmd(SPDK_NVME_OPC_SET_FEATURES, 0);
	c.cdw10_bits.set_features.fid = SPDK_NVME_FEAT_KEEP_ALIVE_TIMER;	/* KAS = 0 */
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));

	/* Keep Alive is not supported with KAS = 0. */
	c = mkcmd(SPDK_NVME_OPC_KEEP_ALIVE, 0);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_OPCODE));

	/* Unknown admin opcode. */
	c = mkcmd(0x7f, 0);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_OPCODE));

	/* After an I/O queue exists, Number of Queues is a sequence error. */
	CU_ASSERT_FATAL(hq_alloc(&h.io, 1, 4, 4) == 0);
	CU_ASSERT(CPL_OK(create_cq(&h, 1, 4, h.io.cq_iova, true)));
	cpl = set_num_queues(&h, 1, 1);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR));
	/* NCQR = 1 granted 2 CQs: CQ 2 can be created, CQ 3 cannot. */
	cpl = create_cq(&h, 2, 4, h.io.sq_iova, true);
	CU_ASSERT(CPL_OK(cpl));
	cpl = create_cq(&h, 3, 4, h.io.cq_iova, true);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER));

	host_disable(&h);
	CU_ASSERT(!nvme_model_num_queues_set(m));
	host_fini(&h);
	destroy_model(m);
}

static void
test_create_delete_queues(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	uint8_t *mem;
	uint64_t iova;

	host_init(&h, m);
	CU_ASSERT_FATAL(host_enable(&h, 8, 1) == 1);
	mem = spdk_zmalloc(64 * PAGE, PAGE, &iova, 0, 0);
	CU_ASSERT_FATAL(mem != NULL);

	cpl = create_cq(&h, 0, 16, iova, true);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER));
	cpl = create_cq(&h, 5, 16, iova, true);		/* max 4 I/O queues */
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER));
	cpl = create_cq(&h, 1, 1025, iova, true);	/* MQES 1023 -> 1024 entries */
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_SIZE));
	cpl = create_cq(&h, 1, 1, iova, true);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_SIZE));
	cpl = create_cq(&h, 1, 16, iova, false);	/* CAP.CQR: PC=1 required */
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));
	cpl = create_cq(&h, 1, 16, iova + 64, true);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_PRP_OFFSET));
	cpl = create_cq(&h, 1, 16, (uint64_t)(uintptr_t)mem, true);	/* a virtual address */
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_DATA_TRANSFER_ERROR));
	cpl = create_cq(&h, 1, 1024, iova + 61 * PAGE, true);	/* runs off the buffer */
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_DATA_TRANSFER_ERROR));
	cpl = create_cq(&h, 1, 1024, iova, true);
	CU_ASSERT(CPL_OK(cpl));
	cpl = create_cq(&h, 1, 16, iova + 8 * PAGE, true);	/* exists */
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER));

	cpl = create_sq(&h, 1, 16, iova + 16 * PAGE, 2);	/* CQ 2 does not exist */
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_COMPLETION_QUEUE_INVALID));
	cpl = create_sq(&h, 1, 16, iova + 16 * PAGE, 0);	/* the admin CQ is not allowed */
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_COMPLETION_QUEUE_INVALID));
	cpl = create_sq(&h, 1, 2048, iova + 16 * PAGE, 1);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_SIZE));
	cpl = create_sq(&h, 1, 16, iova + 16 * PAGE, 1);
	CU_ASSERT(CPL_OK(cpl));
	cpl = create_sq(&h, 2, 16, iova + 17 * PAGE, 1);	/* two SQs on one CQ */
	CU_ASSERT(CPL_OK(cpl));

	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_CQ, 1);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_DELETION));
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_SQ, 1);
	CU_ASSERT(CPL_OK(cpl));
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_SQ, 1);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER));
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_CQ, 1);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_DELETION));
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_SQ, 2);
	CU_ASSERT(CPL_OK(cpl));
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_CQ, 1);
	CU_ASSERT(CPL_OK(cpl));
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_CQ, 0);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER));
	CU_ASSERT(!nvme_model_cq_exists(m, 1));

	spdk_free(mem);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

static void
test_log_pages(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint8_t *buf;
	struct spdk_nvme_health_information_page *hp;
	struct spdk_nvme_error_information_entry *ee;
	uint16_t bad_cid;

	host_init(&h, m);
	CU_ASSERT_FATAL(host_enable(&h, 8, 1) == 1);
	buf = spdk_zmalloc(PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(buf != NULL);

	/* Make an error first: invalid opcode. */
	c = mkcmd(0x7e, 0);
	cpl = exec(&h, &h.admin, &c);
	bad_cid = cpl.cid;

	c = mkcmd(SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_GLOBAL_NS_TAG);
	c.cdw10_bits.get_log_page.lid = SPDK_NVME_LOG_HEALTH_INFORMATION;
	c.cdw10_bits.get_log_page.numdl = spdk_nvme_bytes_to_numd(512);
	c.dptr.prp.prp1 = spdk_vtophys(buf, NULL);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl));
	hp = (void *)buf;
	CU_ASSERT(hp->temperature > 273 && hp->available_spare == 100);
	CU_ASSERT(hp->num_error_info_log_entries[0] == 1);

	c.cdw10_bits.get_log_page.lid = SPDK_NVME_LOG_ERROR;
	c.cdw10_bits.get_log_page.numdl = spdk_nvme_bytes_to_numd(64);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl));
	ee = (void *)buf;
	CU_ASSERT(ee->error_count == 1 && ee->cid == bad_cid && ee->sqid == 0);
	CU_ASSERT(ee->status.sc == SPDK_NVME_SC_INVALID_OPCODE);

	c.cdw10_bits.get_log_page.lid = SPDK_NVME_LOG_FIRMWARE_SLOT;
	c.cdw10_bits.get_log_page.numdl = spdk_nvme_bytes_to_numd(512);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(memcmp(((struct spdk_nvme_firmware_page *)buf)->revision[0], "1.0     ", 8) == 0);

	c.cdw10_bits.get_log_page.lid = 0x6f;
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_LOG_PAGE));
	c.cdw10_bits.get_log_page.lid = SPDK_NVME_LOG_HEALTH_INFORMATION;
	c.cdw12 = 1024;		/* offset past the page */
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));

	spdk_free(buf);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

/* ------------------------------------------------------------------------ */
/* NVM commands and PRPs                                                      */
/* ------------------------------------------------------------------------ */

static void
fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		p[i] = (uint8_t)(seed + i * 7 + (i >> 9));
	}
}

static void
test_write_read_prp_list(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint8_t *wbuf, *rbuf, *ns;
	uint64_t *list, ns_size;
	const struct nvme_model_cmd_record *rec;
	const uint32_t len = 3 * PAGE + 1024;	/* starts 1 KiB into a page: 4 pages */
	int i;

	host_bringup(&h, m, 16, 16);
	wbuf = spdk_zmalloc(5 * PAGE, PAGE, NULL, 0, 0);
	rbuf = spdk_zmalloc(5 * PAGE, PAGE, NULL, 0, 0);
	list = spdk_zmalloc(PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(wbuf && rbuf && list);
	fill(wbuf + 3072, len, 3);

	/* PRP1 with an offset, PRP2 -> list of the 3 following pages. */
	for (i = 0; i < 3; i++) {
		list[i] = spdk_vtophys(wbuf + (i + 1) * PAGE, NULL);
	}
	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, 100, len / 512, spdk_vtophys(wbuf + 3072, NULL),
		   spdk_vtophys(list, NULL));
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(CPL_OK(cpl));

	rec = nvme_model_cmd_log(m, 0);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT(rec->qid == 1 && rec->sqe.opc == SPDK_NVME_OPC_WRITE);
	CU_ASSERT(rec->nsegs == 4);
	CU_ASSERT(rec->segs[0].iova == spdk_vtophys(wbuf + 3072, NULL) && rec->segs[0].len == 1024);
	for (i = 1; i < 4; i++) {
		CU_ASSERT(rec->segs[i].iova == spdk_vtophys(wbuf + i * PAGE, NULL));
		CU_ASSERT(rec->segs[i].len == PAGE);
	}
	CU_ASSERT(rec->nlists == 1 && rec->list_iova[0] == spdk_vtophys(list, NULL));

	ns = nvme_model_ns_mem(m, 1, &ns_size);
	CU_ASSERT_FATAL(ns != NULL);
	CU_ASSERT(ns_size == 8192 * 512);
	CU_ASSERT(memcmp(ns + 100 * 512, wbuf + 3072, len) == 0);

	/* Read back into another buffer, page aligned: PRP1 + list of 3. */
	for (i = 0; i < 3; i++) {
		list[i] = spdk_vtophys(rbuf + (i + 1) * PAGE, NULL);
	}
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 100, len / 512, spdk_vtophys(rbuf, NULL),
		   spdk_vtophys(list, NULL));
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(memcmp(rbuf, wbuf + 3072, len) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->io_cmds[SPDK_NVME_OPC_READ] == 1);
	CU_ASSERT(nvme_model_get_stats(m)->io_cmds[SPDK_NVME_OPC_WRITE] == 1);
	CU_ASSERT(nvme_model_get_stats(m)->bytes_to_host >= len);

	/* Two pages exactly: PRP2 is a data pointer, no list. */
	memset(rbuf, 0, 2 * PAGE);
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 100, 16, spdk_vtophys(rbuf, NULL),
		   spdk_vtophys(rbuf + PAGE, NULL));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	CU_ASSERT(memcmp(rbuf, wbuf + 3072, 2 * PAGE) == 0);
	CU_ASSERT(nvme_model_cmd_log(m, 0)->nlists == 0);

	spdk_free(wbuf);
	spdk_free(rbuf);
	spdk_free(list);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_prp_list_chaining(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cmd c;
	uint8_t *buf, *ns;
	uint64_t *lists, *l1, *l2;
	const struct nvme_model_cmd_record *rec;
	int i;

	host_bringup(&h, m, 16, 16);
	buf = spdk_zmalloc(6 * PAGE, PAGE, NULL, 0, 0);
	lists = spdk_zmalloc(2 * PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(buf && lists);
	fill(buf, 6 * PAGE, 11);

	/*
	 * 6 pages: PRP1 + 5 list entries.  The first list starts 16 bytes
	 * before its page end: slot 0 = page 1, slot 1 = pointer to the next
	 * list page, which holds pages 2..5.
	 */
	l1 = (uint64_t *)((uint8_t *)lists + PAGE - 16);
	l2 = (uint64_t *)((uint8_t *)lists + PAGE);
	l1[0] = spdk_vtophys(buf + PAGE, NULL);
	l1[1] = spdk_vtophys(l2, NULL);
	for (i = 0; i < 4; i++) {
		l2[i] = spdk_vtophys(buf + (i + 2) * PAGE, NULL);
	}
	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, 0, 48, spdk_vtophys(buf, NULL), spdk_vtophys(l1, NULL));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	rec = nvme_model_cmd_log(m, 0);
	CU_ASSERT(rec->nsegs == 6);
	CU_ASSERT(rec->nlists == 2);
	CU_ASSERT(rec->list_iova[1] == spdk_vtophys(l2, NULL));
	for (i = 0; i < 6; i++) {
		CU_ASSERT(rec->segs[i].iova == spdk_vtophys(buf + i * PAGE, NULL));
	}
	ns = nvme_model_ns_mem(m, 1, NULL);
	CU_ASSERT(memcmp(ns, buf, 6 * PAGE) == 0);

	/* Exactly 2 entries left with 2 slots: the last slot is data, not a chain. */
	l1[0] = spdk_vtophys(buf + PAGE, NULL);
	l1[1] = spdk_vtophys(buf + 2 * PAGE, NULL);
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 24, spdk_vtophys(buf, NULL), spdk_vtophys(l1, NULL));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	rec = nvme_model_cmd_log(m, 0);
	CU_ASSERT(rec->nsegs == 3 && rec->nlists == 1);

	spdk_free(buf);
	spdk_free(lists);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_prp_errors(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint8_t *buf;
	uint64_t *list;
	char stack_buf[64];
	uint64_t dma_errors;

	host_bringup(&h, m, 16, 16);
	buf = spdk_zmalloc(40 * PAGE, PAGE, NULL, 0, 0);
	list = spdk_zmalloc(PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(buf && list);

	/* PRP2 as a data pointer must be page aligned. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 16, spdk_vtophys(buf, NULL),
		   spdk_vtophys(buf + PAGE + 8, NULL));
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_PRP_OFFSET));

	/* PRP1 not dword aligned. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 1, spdk_vtophys(buf + 2, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_PRP_OFFSET));

	/* A list entry with an offset. */
	list[0] = spdk_vtophys(buf + PAGE, NULL);
	list[1] = spdk_vtophys(buf + 2 * PAGE + 512, NULL);
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 24, spdk_vtophys(buf, NULL), spdk_vtophys(list, NULL));
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_PRP_OFFSET));

	/* A virtual address where an IOVA belongs: data transfer error, DMA error counted. */
	dma_errors = nvme_model_get_stats(m)->dma_errors;
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 1, (uint64_t)(uintptr_t)buf, 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_DATA_TRANSFER_ERROR));
	CU_ASSERT(cpl.status.dnr == 0);
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == dma_errors + 1);
	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, 0, 1, (uint64_t)(uintptr_t)stack_buf, 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_DATA_TRANSFER_ERROR));
	/* The PRP list itself at a bad address. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 24, spdk_vtophys(buf, NULL), (uint64_t)(uintptr_t)list);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_DATA_TRANSFER_ERROR));

	/* MDTS 5 = 128 KiB: 256 blocks of 512 B is fine, 257 is not. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 257, spdk_vtophys(buf, NULL), spdk_vtophys(list, NULL));
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));

	/* SGLs are not supported (SGLS = 0). */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 1, spdk_vtophys(buf, NULL), 0);
	c.psdt = SPDK_NVME_PSDT_SGL_MPTR_CONTIG;
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));

	/* Fused commands are not supported. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 1, spdk_vtophys(buf, NULL), 0);
	c.fuse = SPDK_NVME_CMD_FUSE_FIRST;
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));

	spdk_free(buf);
	spdk_free(list);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_page_scatter_iova(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint8_t *buf, *ns;

	host_bringup(&h, m, 16, 16);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_PAGE_SCATTER);
	buf = spdk_zmalloc(2 * PAGE, PAGE, NULL, 0, 0);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_CONTIG);
	CU_ASSERT_FATAL(buf != NULL);
	fill(buf, 2 * PAGE, 5);

	/* One translation per page: right. */
	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, 8, 16, spdk_vtophys(buf, NULL),
		   spdk_vtophys(buf + PAGE, NULL));
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(CPL_OK(cpl));
	ns = nvme_model_ns_mem(m, 1, NULL);
	CU_ASSERT(memcmp(ns + 8 * 512, buf, 2 * PAGE) == 0);

	/* Assuming the buffer is IOVA-contiguous: caught. */
	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, 8, 16, spdk_vtophys(buf, NULL),
		   spdk_vtophys(buf, NULL) + PAGE);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_DATA_TRANSFER_ERROR));

	spdk_free(buf);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_nvm_commands(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint8_t *buf, *ns;
	struct spdk_nvme_dsm_range *r;
	size_t i;

	host_bringup(&h, m, 16, 16);
	buf = spdk_zmalloc(2 * PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(buf != NULL);
	ns = nvme_model_ns_mem(m, 1, NULL);
	memset(ns, 0x5a, 64 * 512);

	/* LBA range: 8192 blocks. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 8191, 1, spdk_vtophys(buf, NULL), 0);
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 8191, 2, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_LBA_OUT_OF_RANGE));
	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, UINT64_MAX, 1, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_LBA_OUT_OF_RANGE));

	/* Namespace checks. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 2, 0, 1, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT));
	c = rw_cmd(SPDK_NVME_OPC_READ, 0, 0, 1, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT));

	/* Flush, including the broadcast NSID (VWC with broadcast support). */
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	c = mkcmd(SPDK_NVME_OPC_FLUSH, SPDK_NVME_GLOBAL_NS_TAG);
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));

	/* Compare: equal, then different. */
	memset(buf, 0x5a, 1024);
	c = rw_cmd(SPDK_NVME_OPC_COMPARE, 1, 0, 2, spdk_vtophys(buf, NULL), 0);
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	buf[1000] = 0;
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE));

	/* Write zeroes. */
	c = rw_cmd(SPDK_NVME_OPC_WRITE_ZEROES, 1, 2, 3, 0, 0);
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	CU_ASSERT(ns[2 * 512] == 0 && ns[5 * 512 - 1] == 0 && ns[5 * 512] == 0x5a &&
		  ns[2 * 512 - 1] == 0x5a);

	/* DSM deallocate: the range reads back as zeroes. */
	r = (void *)buf;
	memset(buf, 0, PAGE);
	r[0].starting_lba = 10;
	r[0].length = 4;
	r[1].starting_lba = 20;
	r[1].length = 1;
	c = mkcmd(SPDK_NVME_OPC_DATASET_MANAGEMENT, 1);
	c.cdw10_bits.dsm.nr = 1;
	c.cdw11_bits.dsm.ad = 1;
	c.dptr.prp.prp1 = spdk_vtophys(buf, NULL);
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 10, 4, spdk_vtophys(buf, NULL), 0);
	memset(buf, 0xee, 2048);
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	for (i = 0; i < 2048 && buf[i] == 0; i++) {
	}
	CU_ASSERT(i == 2048);
	CU_ASSERT(ns[20 * 512] == 0 && ns[21 * 512] == 0x5a);
	r[0].starting_lba = 8190;
	r[0].length = 3;
	c = mkcmd(SPDK_NVME_OPC_DATASET_MANAGEMENT, 1);
	c.cdw11_bits.dsm.ad = 1;
	c.dptr.prp.prp1 = spdk_vtophys(buf, NULL);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_LBA_OUT_OF_RANGE));

	/* Not an NVM opcode we implement. */
	c = mkcmd(SPDK_NVME_OPC_WRITE_UNCORRECTABLE, 1);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_OPCODE));

	spdk_free(buf);
	host_teardown(&h);
	destroy_model(m);
}

/* ------------------------------------------------------------------------ */
/* Queue mechanics                                                            */
/* ------------------------------------------------------------------------ */

static void
test_cq_wrap_phase(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	int i;

	host_bringup(&h, m, 4, 4);
	/* 3 wraps of a 4-entry CQ: phase 1,1,1,1 then 0,0,0,0 then 1... */
	for (i = 0; i < 12; i++) {
		uint8_t expected_phase = (uint8_t)(((i / 4) % 2) == 0 ? 1 : 0);

		c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
		cpl = exec(&h, &h.io, &c);
		CU_ASSERT(CPL_OK(cpl));
		CU_ASSERT(cpl.status.p == expected_phase);
		CU_ASSERT(cpl.sqhd == (uint16_t)((i + 1) % 4));
		CU_ASSERT(nvme_model_cq_tail(m, 1) == (uint32_t)((i + 1) % 4));
	}
	/* The admin queue wraps too (16 entries, a few commands already). */
	for (i = 0; i < 40; i++) {
		c = mkcmd(SPDK_NVME_OPC_GET_FEATURES, 0);
		c.cdw10_bits.get_features.fid = SPDK_NVME_FEAT_ARBITRATION;
		cpl = exec(&h, &h.admin, &c);
		CU_ASSERT(CPL_OK(cpl));
	}
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_cq_full(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint16_t cids[7];
	int i, got;

	/* SQ of 8 (7 usable), CQ of 4 (3 usable). */
	host_bringup(&h, m, 8, 4);
	for (i = 0; i < 7; i++) {
		c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
		cids[i] = enqueue(&h, &h.io, &c);
	}
	ring(&h, &h.io);
	/* Only 3 fit in the CQ; the model stopped fetching at SQ head 3. */
	CU_ASSERT(nvme_model_sq_head(m, 1) == 3);
	CU_ASSERT(nvme_model_cq_tail(m, 1) == 3);
	CU_ASSERT(h.io.cq[3].status.p == 0);	/* the 4th slot is untouched */
	CU_ASSERT(nvme_model_get_stats(m)->cq_full_stalls == 1);

	/* Consume 2 without ringing: still stalled. */
	CU_ASSERT(poll_one(&h, &h.io, &cpl, false) && cpl.cid == cids[0]);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, false) && cpl.cid == cids[1]);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 3);
	/* Ring the CQ head: the model resumes and fills the two free slots. */
	wr32(&h, db_off(&h, 1, true), h.io.cq_head);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 5);
	got = 2;
	while (poll_one(&h, &h.io, &cpl, true)) {
		CU_ASSERT(cpl.cid == cids[got]);
		CU_ASSERT(CPL_OK(cpl));
		got++;
	}
	CU_ASSERT(got == 7);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 7);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_doorbell_errors(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;

	/* Tail beyond the SQ size: CFS. */
	host_bringup(&h, m, 8, 8);
	wr32(&h, db_off(&h, 1, false), 8);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(strstr(nvme_model_last_error(m), "tail doorbell") != NULL);
	host_disable(&h);
	host_fini(&h);

	/* CQ head past what was posted: CFS. */
	host_bringup(&h, m, 8, 8);
	wr32(&h, db_off(&h, 1, true), 2);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);
	host_fini(&h);

	/* Doorbell of a queue that does not exist: CFS. */
	host_bringup(&h, m, 8, 8);
	wr32(&h, db_off(&h, 3, false), 1);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);
	host_fini(&h);

	/* Doorbell before the controller is ready: ignored, recorded. */
	host_init(&h, m);
	wr32(&h, db_off(&h, 0, false), 1);
	CU_ASSERT(strstr(nvme_model_last_error(m), "not ready") != NULL);
	CU_ASSERT(csts(&h).bits.cfs == 0);

	/*
	 * Tail moving backwards while the model is stalled on a full CQ (it
	 * looks like the host overran the SQ): CFS.
	 */
	host_bringup(&h, m, 8, 4);
	{
		struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
		int i;

		for (i = 0; i < 7; i++) {
			enqueue(&h, &h.io, &c);
		}
		ring(&h, &h.io);
		CU_ASSERT(nvme_model_sq_head(m, 1) == 3);
		CU_ASSERT(csts(&h).bits.cfs == 0);
		wr32(&h, db_off(&h, 1, false), 5);
		CU_ASSERT(csts(&h).bits.cfs == 1);
	}
	host_disable(&h);
	host_fini(&h);

	/* A reset drops held commands. */
	host_bringup(&h, m, 8, 8);
	{
		struct spdk_nvme_cmd c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);

		nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1);
		submit(&h, &h.io, &c);
		CU_ASSERT(nvme_model_held_count(m) == 1);
		CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	}
	host_disable(&h);
	CU_ASSERT(nvme_model_held_count(m) == 0);
	host_fini(&h);
	destroy_model(m);
}

/* ------------------------------------------------------------------------ */
/* Fault injection                                                            */
/* ------------------------------------------------------------------------ */

static void
test_fault_ready(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cc_register cc;
	uint64_t t0;
	int i;

	host_init(&h, m);

	/* Never ready. */
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_NEVER, 0);
	CU_ASSERT(host_enable(&h, 8, 1000) == -1);
	host_disable(&h);

	/* Ready on the 6th CSTS read. */
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_AFTER_READS, 5);
	CU_ASSERT(host_enable(&h, 8, 100) == 6);
	host_disable(&h);

	/* Ready after 250 ms of (virtual) time. */
	mock_env_set_virtual_time(true, 0);
	nvme_model_inject_enable_delay(m, NVME_MODEL_READY_AFTER_MS, 250);
	t0 = spdk_get_ticks();
	CU_ASSERT(host_enable(&h, 8, 1) == -1);
	for (i = 0; i < 100 && !csts(&h).bits.rdy; i++) {
		spdk_delay_us(10000);
	}
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(spdk_get_ticks() - t0 >= 250000000ULL);
	CU_ASSERT(spdk_get_ticks() - t0 < 270000000ULL);
	mock_env_set_virtual_time(false, 0);

	/* RDY goes to 0 only after 3 reads on disable. */
	nvme_model_inject_disable_delay(m, NVME_MODEL_READY_AFTER_READS, 3);
	cc.raw = rd32(&h, 0x14);
	cc.bits.en = 0;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT(csts(&h).bits.rdy == 0);

	/* Shutdown that never completes. */
	nvme_model_clear_faults(m);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	nvme_model_inject_shutdown_delay(m, NVME_MODEL_READY_NEVER, 0);
	cc.raw = rd32(&h, 0x14);
	cc.bits.shn = SPDK_NVME_SHN_ABRUPT;
	wr32(&h, 0x14, cc.raw);
	for (i = 0; i < 100; i++) {
		CU_ASSERT(csts(&h).bits.shst == SPDK_NVME_SHST_OCCURRING);
	}
	nvme_model_clear_faults(m);
	host_disable(&h);

	/* CFS instead of RDY on enable. */
	nvme_model_inject_cfs_on_enable(m, true);
	CU_ASSERT(host_enable(&h, 8, 10) == -1);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);
	nvme_model_inject_cfs_on_enable(m, false);
	CU_ASSERT(host_enable(&h, 8, 10) == 1);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

static void
test_fault_status_hold_abort(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint16_t held_cid;

	host_bringup(&h, m, 16, 16);

	/* The next 2 flushes on any I/O queue fail with an injected status. */
	CU_ASSERT(nvme_model_inject_status(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_FLUSH,
					   SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, false, 2) == 0);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR) && cpl.status.dnr == 0);
	c = mkcmd(SPDK_NVME_OPC_WRITE_ZEROES, 1);	/* not a flush: unaffected */
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));

	/* Hold (swallow) the next I/O: no completion. */
	CU_ASSERT(nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1) == 0);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	held_cid = submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(nvme_model_held_count(m) == 1);

	/* Abort a command that is not there: not aborted (cdw0 bit 0). */
	c = mkcmd(SPDK_NVME_OPC_ABORT, 0);
	c.cdw10_bits.abort.sqid = 1;
	c.cdw10_bits.abort.cid = 0x7777;
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl) && (cpl.cdw0 & 1) == 1);

	/* Abort the held one: it completes ABORTED BY REQUEST, abort cdw0 bit 0 = 0. */
	c.cdw10_bits.abort.cid = held_cid;
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl) && (cpl.cdw0 & 1) == 0);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(cpl.cid == held_cid);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_ABORTED_BY_REQUEST));
	CU_ASSERT(nvme_model_held_count(m) == 0);

	/* Hold, then release: executes normally. */
	nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	held_cid = submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == held_cid && CPL_OK(cpl));

	/* Hold, then delete the SQ: ABORTED - SQ DELETION before the delete completes. */
	nvme_model_inject_hold(m, 1, NVME_MODEL_ANY_OPC, 1);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	held_cid = submit(&h, &h.io, &c);
	cpl = delete_q(&h, SPDK_NVME_OPC_DELETE_IO_SQ, 1);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == held_cid);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_ABORTED_SQ_DELETION));

	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_fault_bad_cqe(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl, cpl2;
	struct spdk_nvme_cmd c;
	uint16_t cid;

	host_bringup(&h, m, 16, 16);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_BAD_CID, 0xbeef, 1);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == 0xbeef);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_BAD_SQID, 9, 1);
	cid = submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.sqid == 9 && cpl.cid == cid);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_BAD_SQHD, 200, 1);
	submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.sqhd == 200);

	nvme_model_inject_bad_cqe(m, 1, NVME_MODEL_ANY_OPC, NVME_MODEL_CQE_DUPLICATE, 0, 1);
	cid = submit(&h, &h.io, &c);
	CU_ASSERT(poll_one(&h, &h.io, &cpl, true) && cpl.cid == cid);
	CU_ASSERT(poll_one(&h, &h.io, &cpl2, true) && cpl2.cid == cid);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl2, true));

	/* Back to normal. */
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(CPL_OK(cpl));
	host_teardown(&h);
	destroy_model(m);
}

static void
test_fault_cfs_at_cmd(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;

	host_bringup(&h, m, 16, 16);
	nvme_model_inject_cfs_at_cmd(m, 2);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(CPL_OK(cpl));
	submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(nvme_model_sq_head(m, 1) == 1);	/* the 2nd was never fetched */
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.cfs == 0);
	host_fini(&h);
	destroy_model(m);
}

static void
test_surprise_removal(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;

	host_bringup(&h, m, 16, 16);
	nvme_model_surprise_remove(m);
	CU_ASSERT(rd32(&h, 0x1c) == 0xffffffffu);
	CU_ASSERT(rd64(&h, 0) == UINT64_MAX);
	CU_ASSERT(rd32(&h, 0x08) == 0xffffffffu);
	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	submit(&h, &h.io, &c);
	CU_ASSERT(!poll_one(&h, &h.io, &cpl, true));
	host_fini(&h);
	destroy_model(m);
}

static void
test_async_events(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint32_t *log;
	int i;

	nvme_model_opts_default(&o);
	o.nn = 2;
	o.ns[1] = (struct nvme_model_ns_opts) { .active = false, .num_blocks = 128, .block_size = 512 };
	m = model_new(&o);
	host_init(&h, m);
	CU_ASSERT_FATAL(host_enable(&h, 16, 1) == 1);

	/* AERL = 3: four may be outstanding, the fifth is refused. */
	for (i = 0; i < 4; i++) {
		c = mkcmd(SPDK_NVME_OPC_ASYNC_EVENT_REQUEST, 0);
		submit(&h, &h.admin, &c);
		CU_ASSERT(!poll_one(&h, &h.admin, &cpl, true));
	}
	CU_ASSERT(nvme_model_outstanding_aers(m) == 4);
	c = mkcmd(SPDK_NVME_OPC_ASYNC_EVENT_REQUEST, 0);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED));

	/* Attach namespace 2: a notice completes one AER. */
	CU_ASSERT(nvme_model_set_ns_active(m, 2, true) == 0);
	CU_ASSERT(poll_one(&h, &h.admin, &cpl, true));
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT((cpl.cdw0 & 7) == SPDK_NVME_ASYNC_EVENT_TYPE_NOTICE);
	CU_ASSERT(((cpl.cdw0 >> 8) & 0xff) == SPDK_NVME_ASYNC_EVENT_NS_ATTR_CHANGED);
	CU_ASSERT(((cpl.cdw0 >> 16) & 0xff) == SPDK_NVME_LOG_CHANGED_NS_LIST);
	CU_ASSERT(nvme_model_outstanding_aers(m) == 3);

	log = spdk_zmalloc(PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(log != NULL);
	c = mkcmd(SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_GLOBAL_NS_TAG);
	c.cdw10_bits.get_log_page.lid = SPDK_NVME_LOG_CHANGED_NS_LIST;
	c.cdw10_bits.get_log_page.numdl = spdk_nvme_bytes_to_numd(4096) & 0xffff;
	c.dptr.prp.prp1 = spdk_vtophys(log, NULL);
	cpl = exec(&h, &h.admin, &c);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(log[0] == 2 && log[1] == 0);

	/* Events with no AER outstanding wait for the next one. */
	nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_SMART,
				    SPDK_NVME_ASYNC_EVENT_TEMPERATURE_THRESHOLD,
				    SPDK_NVME_LOG_HEALTH_INFORMATION);
	CU_ASSERT(poll_one(&h, &h.admin, &cpl, true));	/* one of the 3 still outstanding */
	CU_ASSERT((cpl.cdw0 & 7) == SPDK_NVME_ASYNC_EVENT_TYPE_SMART);

	/* A reset drops outstanding AERs without completing them. */
	host_disable(&h);
	CU_ASSERT(nvme_model_outstanding_aers(m) == 0);
	spdk_free(log);
	host_fini(&h);
	destroy_model(m);
}

static void
test_two_models_dstrd(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m0, *m1;
	struct host h0, h1;
	struct spdk_nvme_ctrlr_data *cd;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;

	nvme_model_opts_default(&o);
	m0 = model_new(&o);
	o.dstrd = 2;		/* 16-byte doorbell stride */
	o.mqes = 63;
	o.mdts = 0;
	snprintf(o.serial, sizeof(o.serial), "SECOND");
	o.bdf = "0000:3a:00.0";
	m1 = model_new(&o);
	CU_ASSERT(strcmp(nvme_model_bdf(m1), "0000:3a:00.0") == 0);

	host_bringup(&h0, m0, 8, 8);
	host_bringup(&h1, m1, 8, 8);
	CU_ASSERT(h1.stride == 16);

	cd = spdk_zmalloc(sizeof(*cd), PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(cd != NULL);
	cpl = identify(&h1, SPDK_NVME_IDENTIFY_CTRLR, 0, cd);
	CU_ASSERT(CPL_OK(cpl));
	CU_ASSERT(memcmp(cd->sn, "SECOND ", 7) == 0 && cd->mdts == 0);
	cpl = identify(&h0, SPDK_NVME_IDENTIFY_CTRLR, 0, cd);
	CU_ASSERT(memcmp(cd->sn, "EALNVME0000", 11) == 0);

	c = mkcmd(SPDK_NVME_OPC_FLUSH, 1);
	CU_ASSERT(CPL_OK(exec(&h1, &h1.io, &c)));
	CU_ASSERT(CPL_OK(exec(&h0, &h0.io, &c)));
	CU_ASSERT(nvme_model_get_stats(m0)->io_cmds[SPDK_NVME_OPC_FLUSH] == 1);
	CU_ASSERT(nvme_model_get_stats(m1)->io_cmds[SPDK_NVME_OPC_FLUSH] == 1);
	CU_ASSERT(nvme_model_get_stats(m1)->sq_doorbells == 1 + 4);	/* 4 admin commands */
	CU_ASSERT(nvme_model_get_stats(m0)->errors == 0);
	CU_ASSERT(nvme_model_get_stats(m1)->errors == 0);

	/* MQES 63: a 65-entry queue is refused. */
	cpl = create_cq(&h1, 2, 65, h1.io.cq_iova, true);
	CU_ASSERT(cpl_is(&cpl, 1, SPDK_NVME_SC_INVALID_QUEUE_SIZE));

	spdk_free(cd);
	host_teardown(&h0);
	host_teardown(&h1);
	destroy_model(m0);
	destroy_model(m1);
}

static void
test_null_data_and_4k_ns(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct host h;
	struct spdk_nvme_cpl cpl;
	struct spdk_nvme_cmd c;
	uint8_t *buf;

	nvme_model_opts_default(&o);
	o.ns[0].block_size = 4096;
	o.ns[0].num_blocks = 1 << 20;	/* 4 GiB, nothing stored */
	o.null_data = true;
	o.record_commands = false;
	m = model_new(&o);
	host_bringup(&h, m, 16, 16);
	CU_ASSERT(nvme_model_ns_mem(m, 1, NULL) == NULL);
	buf = spdk_zmalloc(2 * PAGE, PAGE, NULL, 0, 0);
	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, 0x33, 2 * PAGE);

	c = rw_cmd(SPDK_NVME_OPC_WRITE, 1, (1 << 20) - 2, 2, spdk_vtophys(buf, NULL),
		   spdk_vtophys(buf + PAGE, NULL));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, (1 << 20) - 2, 2, spdk_vtophys(buf, NULL),
		   spdk_vtophys(buf + PAGE, NULL));
	CU_ASSERT(CPL_OK(exec(&h, &h.io, &c)));
	CU_ASSERT(buf[0] == 0x33);	/* left alone */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 1 << 20, 1, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_LBA_OUT_OF_RANGE));
	/* 33 blocks of 4 KiB = 132 KiB > MDTS. */
	c = rw_cmd(SPDK_NVME_OPC_READ, 1, 0, 33, spdk_vtophys(buf, NULL), 0);
	cpl = exec(&h, &h.io, &c);
	CU_ASSERT(cpl_is(&cpl, 0, SPDK_NVME_SC_INVALID_FIELD));
	CU_ASSERT(nvme_model_cmd_log(m, 0) == NULL);

	spdk_free(buf);
	host_teardown(&h);
	destroy_model(m);
}

static void
test_start_enabled(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct host h;

	nvme_model_opts_default(&o);
	o.start_enabled = true;
	m = model_new(&o);
	host_init(&h, m);
	/* Left enabled by a previous owner: the host must disable first. */
	CU_ASSERT(csts(&h).bits.rdy == 1);
	CU_ASSERT((rd32(&h, 0x14) & 1) == 1);
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.rdy == 0);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("nvme_model", NULL, NULL);
	if (suite == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_env_memory);
	ADD(test_env_memory_scatter);
	ADD(test_env_time_cores);
	ADD(test_env_pci);
	ADD(test_registers);
	ADD(test_enable_disable_shutdown);
	ADD(test_enable_bad_config);
	ADD(test_identify_controller);
	ADD(test_identify_namespaces);
	ADD(test_features);
	ADD(test_create_delete_queues);
	ADD(test_log_pages);
	ADD(test_write_read_prp_list);
	ADD(test_prp_list_chaining);
	ADD(test_prp_errors);
	ADD(test_page_scatter_iova);
	ADD(test_nvm_commands);
	ADD(test_cq_wrap_phase);
	ADD(test_cq_full);
	ADD(test_doorbell_errors);
	ADD(test_fault_ready);
	ADD(test_fault_status_hold_abort);
	ADD(test_fault_bad_cqe);
	ADD(test_fault_cfs_at_cmd);
	ADD(test_surprise_removal);
	ADD(test_async_events);
	ADD(test_two_models_dstrd);
	ADD(test_null_data_and_4k_ns);
	ADD(test_start_enabled);
#undef ADD

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
