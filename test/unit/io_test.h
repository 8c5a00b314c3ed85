/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shared by the I/O path tests (test_nvme_io.c, test_nvme_io_errors.c,
 * test_nvme_io_queue.c): the controller model with two namespaces (512 B
 * and 4 KiB blocks), one I/O qpair on it, DMA buffers, and the check that
 * a command's PRPs describe a buffer.  Header-only (static inline) like
 * nvme_driver_test.h.
 */
#ifndef EALNVME_IO_TEST_H
#define EALNVME_IO_TEST_H

#include "nvme_driver_test.h"

#define MDTS_SHIFT	6				/* model MDTS: 2^6 pages */
#define MDTS_BYTES	(DT_PAGE << MDTS_SHIFT)		/* 256 KiB */
#define NS1_BLOCKS	8192u				/* 512 B blocks: 4 MiB */
#define NS2_BLOCKS	1024u				/* 4 KiB blocks: 4 MiB */

/* The largest transfer the driver builds whatever MDTS says (one PRP list page). */
#define DRIVER_MAX_XFER	(2u * 1024 * 1024)

struct io_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
	uint16_t		qid;
	uint32_t		page;		/* the device's memory page size (CC.MPS) */
	uint32_t		max_xfer;	/* bytes per command */
};

/* Two namespaces (512 B and 4 KiB blocks), MDTS 256 KiB. */
static inline void
io_model_opts(struct nvme_model_opts *o)
{
	nvme_model_opts_default(o);
	o->mdts = MDTS_SHIFT;
	o->nn = 2;
	o->ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS1_BLOCKS,
		.block_size = 512 };
	o->ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS2_BLOCKS,
		.block_size = 4096 };
}

/* A model with options o, attached, one qpair. */
static inline void
io_env_setup_model(struct io_env *e, const struct nvme_model_opts *o,
		   const struct spdk_nvme_io_qpair_opts *qopts)
{
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(o);
	e->ctrlr = dt_attach(e->m);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, qopts, qopts ? sizeof(*qopts) : 0);
	CU_ASSERT_FATAL(e->qpair != NULL);
	e->qid = 1;
	e->page = DT_PAGE << o->mpsmin;
	e->max_xfer = DRIVER_MAX_XFER;
	if (o->mdts != 0 && ((uint64_t)e->page << o->mdts) < DRIVER_MAX_XFER) {
		e->max_xfer = e->page << o->mdts;
	}
	CU_ASSERT(nvme_model_sq_exists(e->m, 1));
	CU_ASSERT(spdk_nvme_ns_get_max_io_xfer_size(spdk_nvme_ctrlr_get_ns(e->ctrlr, 1)) ==
		  e->max_xfer);
	CU_ASSERT(spdk_nvme_ctrlr_get_max_xfer_size(e->ctrlr) == e->max_xfer);
}

static inline void
io_env_setup(struct io_env *e, const struct spdk_nvme_io_qpair_opts *qopts)
{
	struct nvme_model_opts o;

	io_model_opts(&o);
	io_env_setup_model(e, &o, qopts);
}

static inline void
io_env_teardown(struct io_env *e)
{
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	CU_ASSERT(nvme_model_get_stats(e->m)->errors == 0);
	if (nvme_model_get_stats(e->m)->errors != 0) {
		fprintf(stderr, "model error: %s\n", nvme_model_last_error(e->m));
	}
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

static inline struct spdk_nvme_ns *
io_ns(struct io_env *e, uint32_t nsid)
{
	return spdk_nvme_ctrlr_get_ns(e->ctrlr, nsid);
}

static inline void *
dma_buf_aligned(size_t size, size_t align)
{
	void *p = spdk_zmalloc(size, align, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static inline void *
dma_buf(size_t size)
{
	return dma_buf_aligned(size, DT_PAGE);
}

/* ---- PRP checks ------------------------------------------------------------- */

/*
 * The model resolved cmd's PRPs into segments: they must describe exactly
 * [p, p + len) in device pages of `page` bytes: PRP1 = IOVA of p, then the
 * IOVA of each following page, a PRP list iff more than two pages.  (The
 * model keeps the first NVME_MODEL_REC_MAX_SEGS segments.)  Returns the
 * number of mismatches.
 */
static inline unsigned int
check_prps_page(const struct nvme_model_cmd_record *r, const uint8_t *p, uint32_t len,
		uint32_t page)
{
	uintptr_t va = (uintptr_t)p;
	uint32_t off = (uint32_t)(va & (page - 1));
	uint32_t npages = (off + len + page - 1) / page;
	uint32_t remaining = len;
	unsigned int bad = 0;

	bad += r->sqe.psdt != SPDK_NVME_PSDT_PRP;
	bad += r->sqe.dptr.prp.prp1 != spdk_vtophys(p, NULL);
	bad += r->sqe.dptr.prp.prp1 == (uint64_t)va;	/* a vaddr, not an IOVA */
	bad += r->nsegs != npages;
	if (r->nsegs != npages) {
		return bad;
	}
	for (uint32_t i = 0; i < npages; i++) {
		const uint8_t *seg_va = i == 0 ? p :
					(const uint8_t *)((va & ~(uintptr_t)(page - 1)) +
							  (uintptr_t)i * page);
		uint32_t seg_len = i == 0 ? nvme_test_min(len, page - off) :
				   nvme_test_min(remaining, page);

		if (i < NVME_MODEL_REC_MAX_SEGS) {
			bad += r->segs[i].iova != spdk_vtophys(seg_va, NULL);
			bad += r->segs[i].len != seg_len;
		}
		remaining -= seg_len;
	}
	bad += remaining != 0;
	if (npages <= 2) {
		bad += r->nlists != 0;
	}
	if (npages == 2) {
		bad += r->sqe.dptr.prp.prp2 != r->segs[1].iova;
	}
	if (npages > 2) {
		bad += r->nlists != 1;
		bad += r->sqe.dptr.prp.prp2 != r->list_iova[0];
	}
	return bad;
}

static inline unsigned int
check_prps(const struct nvme_model_cmd_record *r, const uint8_t *p, uint32_t len)
{
	return check_prps_page(r, p, len, DT_PAGE);
}

#endif /* EALNVME_IO_TEST_H */
