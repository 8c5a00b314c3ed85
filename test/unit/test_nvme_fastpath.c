/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The read/write fast path (nvme_ns_cmd.c + the PCIe qpair_submit_rw)
 * against the controller model: the SQE it writes in place is the one
 * NVMe 1.4 asks for, byte for byte the same as the general path's, with
 * PRPs (§4.3) or, where the controller supports SGLs (Identify SGLS
 * §5.15.2.2) and the payload spans more than two pages, one SGL Data Block
 * (§4.4); and the cases it must leave to the general path.
 */
#include "nvme_driver_test.h"
#include "nvme_pcie_internal.h"

/* ---- The read/write fast path (nvme_ns_cmd.c + qpair_submit_rw) --------------- */

/*
 * Which way each submission went, counted by a copy of the PCIe ops table
 * put under the qpair: qpair_submit_rw calls (and how many it sent) and
 * qpair_submit_request calls (the general path, queued resubmissions
 * included).  fast false: a transport without the fast op.
 */
static struct nvme_transport_ops g_path_ops;
static unsigned int g_rw_calls, g_rw_sent, g_general_calls;

static int
path_submit_rw(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	int rc = nvme_pcie_transport_ops.qpair_submit_rw(qpair, req);

	g_rw_calls++;
	g_rw_sent += rc == 0;
	return rc;
}

static int
path_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	g_general_calls++;
	return nvme_pcie_transport_ops.qpair_submit_request(qpair, req);
}

static void
path_reset(void)
{
	g_rw_calls = g_rw_sent = g_general_calls = 0;
}

static void
path_watch(struct spdk_nvme_qpair *qpair, bool fast)
{
	CU_ASSERT_FATAL(nvme_pcie_transport_ops.qpair_submit_rw != NULL);
	g_path_ops = nvme_pcie_transport_ops;
	g_path_ops.qpair_submit_rw = fast ? path_submit_rw : NULL;
	g_path_ops.qpair_submit_request = path_submit_request;
	qpair->transport = &g_path_ops;
	path_reset();
}

#define FP_NS_BLOCKS	8192u
#define FP_BUF		(256u * 520u + 2 * DT_PAGE)	/* MDTS (128 KiB) + offsets */

/*
 * Namespaces: 1 plain 512 B blocks, 2 with 8 bytes of separate metadata,
 * 3 with 8 bytes interleaved (extended LBA, 520-byte blocks).  MDTS 5: 128 KiB.
 */
struct fp_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns[4];		/* by NSID */
	struct spdk_nvme_qpair	*qpair;
	uint8_t			*buf;
	uint8_t			*md;
};

/* SGLs as the model reports them (Identify SGLS) and as the driver may use them. */
struct fp_sgl {
	uint8_t		sgls;		/* 0 none, 1 any, 2 dword aligned, 3 reserved */
	bool		disable;	/* ctrlr opts disable_pcie_sgl */
};

static void
fp_setup_sgl(struct fp_env *e, uint32_t queue_size, uint32_t requests, bool run_io_on_doorbell,
	     const struct fp_sgl *sgl)
{
	struct nvme_model_opts o;
	struct spdk_nvme_io_qpair_opts qo;
	struct dt_probe probe = { .disable_pcie_sgl = sgl->disable };

	memset(e, 0, sizeof(*e));
	nvme_model_opts_default(&o);
	o.run_io_on_doorbell = run_io_on_doorbell;
	o.sgls = sgl->sgls;
	o.fw_update = true;	/* an admin command with a long payload (test_admin_keeps_prps) */
	o.nn = 3;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = FP_NS_BLOCKS,
		.block_size = 512 };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = FP_NS_BLOCKS,
		.block_size = 512, .ms = 8 };
	o.ns[2] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = FP_NS_BLOCKS,
		.block_size = 512, .ms = 8, .extended = true };
	e->m = dt_model_new(&o);
	e->ctrlr = dt_probe_model(e->m, &probe);
	CU_ASSERT_FATAL(e->ctrlr != NULL);
	for (uint32_t nsid = 1; nsid <= 3; nsid++) {
		e->ns[nsid] = spdk_nvme_ctrlr_get_ns(e->ctrlr, nsid);
		CU_ASSERT_FATAL(e->ns[nsid] != NULL);
	}
	CU_ASSERT_FATAL(spdk_nvme_ns_get_max_io_xfer_size(e->ns[1]) == 128u * 1024);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(e->ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = queue_size;
	qo.io_queue_requests = requests;
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(e->qpair != NULL);
	e->buf = spdk_zmalloc(FP_BUF, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	e->md = spdk_zmalloc(256 * 8 + 64, 64, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(e->buf != NULL && e->md != NULL);
	path_watch(e->qpair, true);
}

static void
fp_setup(struct fp_env *e, uint32_t queue_size, uint32_t requests, bool run_io_on_doorbell)
{
	const struct fp_sgl none = { 0 };

	fp_setup_sgl(e, queue_size, requests, run_io_on_doorbell, &none);
}

/* Does the driver describe this run with one SGL Data Block?  Only where SGLs
 * may be used and PRP1/PRP2 do not suffice (more than two memory pages). */
static bool
fp_expect_sgl(const struct fp_sgl *sgl, uint64_t iova, uint32_t size)
{
	const uint64_t first = DT_PAGE - (iova % DT_PAGE);

	if (sgl->disable || (sgl->sgls != 1 && sgl->sgls != 2)) {
		return false;
	}
	return size > first + DT_PAGE;
}

/* One SGL Data Block in the command (§4.4): PSDT 01b, address, length, type 0h/0h. */
static void
fp_check_data_block(const struct nvme_model_cmd_record *r, uint64_t iova, uint32_t size)
{
	const struct spdk_nvme_sgl_descriptor *d = &r->sqe.dptr.sgl1;

	CU_ASSERT(r->sqe.psdt == SPDK_NVME_PSDT_SGL_MPTR_CONTIG);
	CU_ASSERT(d->address == iova);
	CU_ASSERT(d->unkeyed.length == size);
	CU_ASSERT(d->unkeyed.reserved[0] == 0 && d->unkeyed.reserved[1] == 0 &&
		  d->unkeyed.reserved[2] == 0);
	CU_ASSERT(d->unkeyed.type == SPDK_NVME_SGL_TYPE_DATA_BLOCK);
	CU_ASSERT(d->unkeyed.subtype == SPDK_NVME_SGL_SUBTYPE_ADDRESS);
	/* Nothing fetched besides the data: one segment, no list. */
	CU_ASSERT(r->nlists == 0);
	CU_ASSERT(r->nsegs == 1);
	CU_ASSERT(r->segs[0].iova == iova && r->segs[0].len == size);
}

static void
fp_teardown(struct fp_env *e)
{
	CU_ASSERT(nvme_model_get_stats(e->m)->errors == 0);
	if (nvme_model_get_stats(e->m)->errors != 0) {
		fprintf(stderr, "model error: %s\n", nvme_model_last_error(e->m));
	}
	spdk_free(e->buf);
	spdk_free(e->md);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

/* The PRPs NVMe 1.4 §4.3 asks for, computed independently of the driver. */
static void
fp_check_prps(const struct nvme_model_cmd_record *r, uint64_t iova, uint32_t size)
{
	const uint64_t first = DT_PAGE - (iova % DT_PAGE);
	uint64_t at = iova, left = size;

	CU_ASSERT(r->sqe.psdt == SPDK_NVME_PSDT_PRP);
	CU_ASSERT(r->sqe.dptr.prp.prp1 == iova);
	if (size <= first) {
		CU_ASSERT(r->sqe.dptr.prp.prp2 == 0);
		CU_ASSERT(r->nlists == 0);
	} else if (size - first <= DT_PAGE) {
		CU_ASSERT(r->sqe.dptr.prp.prp2 == iova + first);
		CU_ASSERT(r->nlists == 0);
	} else {
		/* A list: PRP2 points at it, page aligned, read once. */
		CU_ASSERT(r->nlists == 1);
		CU_ASSERT(r->list_iova[0] == r->sqe.dptr.prp.prp2);
		CU_ASSERT(r->sqe.dptr.prp.prp2 % DT_PAGE == 0);
	}
	/* One segment per PRP entry: the first to its page's end, then whole pages. */
	CU_ASSERT(r->nsegs == 1 + (size > first ? (size - first + DT_PAGE - 1) / DT_PAGE : 0));
	for (uint32_t i = 0; i < r->nsegs && i < NVME_MODEL_REC_MAX_SEGS; i++) {
		uint64_t len = nvme_test_min(left, DT_PAGE - at % DT_PAGE);

		CU_ASSERT(r->segs[i].iova == at);
		CU_ASSERT(r->segs[i].len == len);
		at += len;
		left -= len;
	}
	CU_ASSERT(left == 0);
}

/* Poll, letting the device run, until io completed; false if it never did. */
static bool
fp_wait(struct fp_env *e, struct dt_io *io)
{
	for (unsigned int i = 0; i < 1000 && io->calls == 0; i++) {
		nvme_model_run(e->m);
		if (spdk_nvme_qpair_process_completions(e->qpair, 0) < 0) {
			break;
		}
	}
	return io->calls == 1;
}

/* Submit one read/write through the public API: rc, and io filled when it completes. */
static int
fp_submit(struct fp_env *e, uint32_t nsid, bool write, bool with_md, void *payload, void *md,
	  uint64_t lba, uint32_t n, uint32_t flags, uint16_t mask, uint16_t tag, struct dt_io *io)
{
	memset(io, 0, sizeof(*io));
	if (with_md) {
		return write ? spdk_nvme_ns_cmd_write_with_md(e->ns[nsid], e->qpair, payload, md, lba,
				n, dt_io_cb, io, flags, mask, tag) :
		       spdk_nvme_ns_cmd_read_with_md(e->ns[nsid], e->qpair, payload, md, lba, n,
				dt_io_cb, io, flags, mask, tag);
	}
	return write ? spdk_nvme_ns_cmd_write(e->ns[nsid], e->qpair, payload, lba, n, dt_io_cb, io,
					      flags) :
	       spdk_nvme_ns_cmd_read(e->ns[nsid], e->qpair, payload, lba, n, dt_io_cb, io, flags);
}

/*
 * Reads and writes of 1..256 blocks (512 B .. MDTS) at page offsets, every
 * FUA/LR combination: sent in place, and the SQE the controller fetched has
 * the right opcode, NSID, SLBA, NLB, CDW12 flags, zeroes where nothing
 * belongs, and the PRPs of §4.3; the data arrived.
 */
static void
fast_path_sqe(const struct fp_sgl *sgl)
{
	static const uint32_t counts[] = { 1, 7, 8, 9, 15, 16, 17, 64, 255, 256 };
	static const uint32_t offsets[] = { 0, 4, 512, 3584, 4092 };
	static const uint32_t flags[] = { 0, SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS,
		SPDK_NVME_IO_FLAGS_LIMITED_RETRY,
		SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS | SPDK_NVME_IO_FLAGS_LIMITED_RETRY };
	struct fp_env e;
	uint64_t ns_size;
	uint8_t *ns_mem;
	unsigned int k = 0, sgl_sent = 0;

	fp_setup_sgl(&e, 256, 256, true, sgl);
	ns_mem = nvme_model_ns_mem(e.m, 1, &ns_size);
	CU_ASSERT_FATAL(ns_mem != NULL && ns_size == FP_NS_BLOCKS * 512ull);
	dt_fill_random(ns_mem, ns_size);
	for (unsigned int c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		for (unsigned int o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++, k++) {
			const uint32_t n = counts[c], size = n * 512, fl = flags[k % 4];
			const bool write = k & 1;
			const uint64_t lba = (k * 997u) % (FP_NS_BLOCKS - n);
			uint8_t *p = e.buf + offsets[o];
			const struct nvme_model_cmd_record *r;
			struct dt_io io;

			if (write) {
				dt_fill_random(p, size);
			}
			path_reset();
			CU_ASSERT_FATAL(fp_submit(&e, 1, write, false, p, NULL, lba, n, fl, 0, 0,
						  &io) == 0);
			CU_ASSERT(g_rw_calls == 1 && g_rw_sent == 1 && g_general_calls == 0);
			CU_ASSERT_FATAL(dt_wait_io(e.qpair, &io));
			CU_ASSERT(dt_cpl_ok(&io.cpl));
			r = nvme_model_cmd_log(e.m, 0);
			CU_ASSERT_FATAL(r != NULL);
			CU_ASSERT(r->qid == 1);
			CU_ASSERT(r->sqe.opc == (write ? SPDK_NVME_OPC_WRITE : SPDK_NVME_OPC_READ));
			CU_ASSERT(r->sqe.fuse == 0);
			CU_ASSERT(r->sqe.nsid == 1);
			CU_ASSERT(r->sqe.cdw2 == 0 && r->sqe.cdw3 == 0 && r->sqe.mptr == 0);
			CU_ASSERT(r->sqe.cdw10 == (uint32_t)lba && r->sqe.cdw11 == 0);
			CU_ASSERT(r->sqe.cdw12 == ((n - 1) | fl));
			CU_ASSERT(r->sqe.cdw13 == 0 && r->sqe.cdw14 == 0 && r->sqe.cdw15 == 0);
			CU_ASSERT(r->sqe.cid == io.cpl.cid);
			if (fp_expect_sgl(sgl, spdk_vtophys(p, NULL), size)) {
				fp_check_data_block(r, spdk_vtophys(p, NULL), size);
				sgl_sent++;
			} else {
				fp_check_prps(r, spdk_vtophys(p, NULL), size);
			}
			CU_ASSERT(memcmp(p, ns_mem + lba * 512, size) == 0);
		}
	}
	/* Beyond two pages: 17..256 blocks at all 5 offsets (20), 16 at all but
	 * 0 (4), 15 at 3584 and 4092 (2), 9 at 4092 (1). */
	CU_ASSERT(sgl_sent == (fp_expect_sgl(sgl, 0, 3 * DT_PAGE) ? 27u : 0u));
	fp_teardown(&e);
}

static void
test_fast_path_sqe(void)
{
	const struct fp_sgl sgl = { .sgls = 0 };

	fast_path_sqe(&sgl);
}

/* SGLS 01b: beyond two pages, one SGL Data Block; PRP1/PRP2 below. */
static void
test_fast_path_sqe_sgl(void)
{
	const struct fp_sgl sgl = { .sgls = 1 };

	fast_path_sqe(&sgl);
}

/* SGLS 10b (dword alignment): the same, every address and length dword aligned. */
static void
test_fast_path_sqe_sgl_dword(void)
{
	const struct fp_sgl sgl = { .sgls = 2 };

	fast_path_sqe(&sgl);
}

/* disable_pcie_sgl, or SGLS 11b (reserved): PRP lists as on a controller without SGLs. */
static void
test_fast_path_sqe_sgl_off(void)
{
	const struct fp_sgl disabled = { .sgls = 1, .disable = true };
	const struct fp_sgl reserved = { .sgls = 3 };

	fast_path_sqe(&disabled);
	fast_path_sqe(&reserved);
}

/* Commands in flight at once carry distinct CIDs; each completes its own I/O. */
static void
test_fast_path_cids_unique(void)
{
	struct fp_env e;
	struct dt_io io[64];
	bool seen[256] = { false };

	fp_setup(&e, 256, 256, false);
	for (uint32_t i = 0; i < 64; i++) {
		CU_ASSERT_FATAL(fp_submit(&e, 1, i & 1, false, e.buf + i * 1024, NULL, i * 2, 2, 0,
					  0, 0, &io[i]) == 0);
	}
	CU_ASSERT(g_rw_sent == 64 && g_general_calls == 0);
	nvme_model_run(e.m);
	for (uint32_t back = 0; back < 64; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(e.m, back);

		CU_ASSERT_FATAL(r != NULL);
		CU_ASSERT(r->sqe.cid < 256 && !seen[r->sqe.cid]);
		seen[r->sqe.cid] = true;
		/* Fetched in submission order: the newest is the last submitted. */
		CU_ASSERT(r->sqe.cdw10 == (63 - back) * 2);
	}
	for (uint32_t i = 0; i < 64; i++) {
		CU_ASSERT(dt_wait_io(e.qpair, &io[i]));
		CU_ASSERT(dt_cpl_ok(&io[i].cpl));
		CU_ASSERT(nvme_model_find_cmd(e.m, 1, io[i].cpl.cid)->sqe.cdw10 == i * 2);
	}
	fp_teardown(&e);
}

/* The fetched SQE with the CID (and a PRP list's address) left out; the data segments. */
struct fp_seen {
	struct spdk_nvme_cmd	sqe;
	uint32_t		nsegs;
	struct nvme_model_seg	segs[NVME_MODEL_REC_MAX_SEGS];
	struct spdk_nvme_cpl	cpl;
};

static void
fp_run_one(struct fp_env *e, bool fast, uint32_t nsid, bool write, bool with_md, uint32_t off,
	   uint64_t lba, uint32_t n, uint32_t flags, struct fp_seen *seen)
{
	const struct nvme_model_cmd_record *r;
	struct dt_io io;
	void *md = nsid == 2 ? e->md + 8 : NULL;

	path_watch(e->qpair, fast);
	CU_ASSERT_FATAL(fp_submit(e, nsid, write, with_md, e->buf + off, md, lba, n, flags,
				  0xf0f0, 0x1234, &io) == 0);
	CU_ASSERT(g_rw_sent == (fast ? 1u : 0u));
	CU_ASSERT(g_general_calls == (fast ? 0u : 1u));
	CU_ASSERT_FATAL(dt_wait_io(e->qpair, &io));
	r = nvme_model_cmd_log(e->m, 0);
	CU_ASSERT_FATAL(r != NULL && r->sqe.cid == io.cpl.cid);
	memset(seen, 0, sizeof(*seen));
	seen->sqe = r->sqe;
	seen->sqe.cid = 0;
	if (r->nlists != 0) {
		seen->sqe.dptr.prp.prp2 = 0;	/* each tracker has its own list page */
	}
	seen->nsegs = r->nsegs;
	memcpy(seen->segs, r->segs, sizeof(seen->segs));
	seen->cpl = io.cpl;
	seen->cpl.cid = 0;
	seen->cpl.sqhd = 0;
}

/*
 * The fast path and the general one (a transport without qpair_submit_rw)
 * give the controller the same command: every namespace layout (no
 * metadata, separate, interleaved), read/write with and without _with_md,
 * sizes up to MDTS at page offsets, FUA/LR, apptag and mask.
 */
static void
fast_vs_general_identical(const struct fp_sgl *sgl)
{
	static const uint32_t counts[] = { 1, 8, 9, 100, 252 };
	static const uint32_t offsets[] = { 0, 8, 3072 };
	struct fp_env e;
	unsigned int k = 0, sgl_sent = 0;

	fp_setup_sgl(&e, 256, 256, true, sgl);
	dt_fill_random(e.buf, FP_BUF);
	for (uint32_t nsid = 1; nsid <= 3; nsid++) {
		for (unsigned int c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
			for (unsigned int o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++, k++) {
				const bool write = k & 1, with_md = (k & 2) || nsid == 2;
				const uint32_t flags = (k & 4) ? SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS :
						       (k & 8) ? SPDK_NVME_IO_FLAGS_LIMITED_RETRY : 0;
				const uint64_t lba = (k * 331u) % (FP_NS_BLOCKS - counts[c]);
				struct fp_seen fast, general;

				fp_run_one(&e, true, nsid, write, with_md, offsets[o], lba, counts[c],
					   flags, &fast);
				fp_run_one(&e, false, nsid, write, with_md, offsets[o], lba, counts[c],
					   flags, &general);
				CU_ASSERT(memcmp(&fast, &general, sizeof(fast)) == 0);
				CU_ASSERT(dt_cpl_ok(&fast.cpl));
				CU_ASSERT(fast.sqe.nsid == nsid);
				CU_ASSERT(fast.sqe.cdw15 == (with_md ? 0xf0f01234u : 0));
				CU_ASSERT(fast.sqe.mptr == (nsid == 2 ? spdk_vtophys(e.md + 8, NULL) : 0));
				sgl_sent += fast.sqe.psdt == SPDK_NVME_PSDT_SGL_MPTR_CONTIG;
			}
		}
	}
	/* 100 and 252 blocks at every offset and namespace: beyond two pages. */
	CU_ASSERT(sgl_sent == (fp_expect_sgl(sgl, 0, 3 * DT_PAGE) ? 18u : 0u));
	fp_teardown(&e);
}

static void
test_fast_vs_general_identical(void)
{
	const struct fp_sgl sgl = { .sgls = 0 };

	fast_vs_general_identical(&sgl);
}

static void
test_fast_vs_general_identical_sgl(void)
{
	const struct fp_sgl byte = { .sgls = 1 }, dword = { .sgls = 2 };

	fast_vs_general_identical(&byte);
	fast_vs_general_identical(&dword);
}

/*
 * Admin commands on PCIe use PRPs whatever SGLS says (§4.2, PSDT): a
 * FIRMWARE IMAGE DOWNLOAD of three pages goes with a PRP list, while the
 * same payload as a read on the I/O qpair is one SGL Data Block.
 */
static void
test_admin_keeps_prps(void)
{
	const struct fp_sgl sgl = { .sgls = 1 };
	struct spdk_nvme_cmd cmd = { 0 };
	const struct nvme_model_cmd_record *r;
	struct fp_env e;
	struct dt_io io = { 0 };
	const uint32_t size = 3 * DT_PAGE;

	fp_setup_sgl(&e, 256, 256, true, &sgl);
	cmd.opc = SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD;
	cmd.cdw10 = size / 4 - 1;	/* NUMD, 0's based */
	cmd.cdw11 = 0;			/* OFST */
	CU_ASSERT_FATAL(spdk_nvme_ctrlr_cmd_admin_raw(e.ctrlr, &cmd, e.buf, size, dt_io_cb,
			&io) == 0);
	for (unsigned int i = 0; i < 1000 && io.calls == 0; i++) {
		nvme_model_run(e.m);
		spdk_nvme_ctrlr_process_admin_completions(e.ctrlr);
	}
	CU_ASSERT_FATAL(io.calls == 1);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	r = nvme_model_find_cmd(e.m, 0, io.cpl.cid);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.opc == SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD);
	fp_check_prps(r, spdk_vtophys(e.buf, NULL), size);
	CU_ASSERT_FATAL(fp_submit(&e, 1, false, false, e.buf, NULL, 0, size / 512, 0, 0, 0,
				  &io) == 0);
	CU_ASSERT_FATAL(dt_wait_io(e.qpair, &io));
	fp_check_data_block(nvme_model_cmd_log(e.m, 0), spdk_vtophys(e.buf, NULL), size);
	fp_teardown(&e);
}

/* ---- When the fast path must not be taken ---------------------------------------- */

struct fp_order {
	struct fp_env	*e;
	uint32_t	done[16];	/* LBAs in completion order */
	uint32_t	n;
	uint32_t	errors;
	/* submitted from the first completion's callback */
	bool		submit_in_cb;
	int		cb_rc;
	unsigned int	cb_rw_calls;	/* g_rw_calls across that submission */
	uint64_t	lba_tag[16];
};

static void fp_order_cb(void *arg, const struct spdk_nvme_cpl *cpl);

struct fp_order_io {
	struct fp_order	*o;
	uint32_t	lba;
};

static struct fp_order_io g_order_io[16];

static void
fp_order_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct fp_order_io *io = arg;
	struct fp_order *o = io->o;

	o->errors += spdk_nvme_cpl_is_error(cpl);
	o->done[o->n++] = io->lba;
	if (o->submit_in_cb) {
		unsigned int before = g_rw_calls;

		/* Slots are free now (this one's), but two requests still wait. */
		o->submit_in_cb = false;
		g_order_io[5] = (struct fp_order_io){ o, 5 };
		o->cb_rc = spdk_nvme_ns_cmd_read(o->e->ns[1], o->e->qpair, o->e->buf + 5 * 512, 5, 1,
						 fp_order_cb, &g_order_io[5], 0);
		o->cb_rw_calls = g_rw_calls - before;
	}
}

/*
 * Every slot busy: a request waits (the fast op said no), the next one does
 * not even try the fast path, and one submitted from a completion callback
 * while they wait (a slot is free by then) queues behind them: the
 * controller fetches them in submission order.
 */
static void
test_fast_path_not_while_queued(void)
{
	struct fp_env e;
	struct fp_order o = { .e = &e };
	uint32_t fetched = 0;

	/* 4 entries: 3 commands outstanding at most. */
	fp_setup(&e, 4, 16, false);
	for (uint32_t i = 0; i < 5; i++) {
		g_order_io[i] = (struct fp_order_io){ &o, i };
		CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns[1], e.qpair, e.buf + i * 512, i, 1, fp_order_cb,
						&g_order_io[i], 0) == 0);
	}
	CU_ASSERT(g_rw_sent == 3);		/* 0..2 in place */
	CU_ASSERT(g_rw_calls == 4);		/* 3: no slot; 4: never asked */
	CU_ASSERT(g_general_calls == 1);	/* 3 went the general way and waits */
	CU_ASSERT(STAILQ_EMPTY(&e.qpair->queued_req) == false);
	o.submit_in_cb = true;
	for (unsigned int i = 0; i < 100 && o.n < 6; i++) {
		nvme_model_run(e.m);
		CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) >= 0);
	}
	CU_ASSERT(o.n == 6 && o.errors == 0);
	CU_ASSERT(o.cb_rc == 0);
	CU_ASSERT(o.cb_rw_calls == 0);
	for (uint32_t i = 0; i < 6; i++) {
		CU_ASSERT(o.done[i] == i);
	}
	/* The controller's fetch order: the log's newest is 5, then 4, ... */
	for (uint32_t back = 0; back < 6; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(e.m, back);

		CU_ASSERT_FATAL(r != NULL);
		CU_ASSERT(r->sqe.cdw10 == 5 - back);
		fetched++;
	}
	CU_ASSERT(fetched == 6);
	/* Nothing waits any more: the fast path again. */
	path_reset();
	g_order_io[6] = (struct fp_order_io){ &o, 6 };
	CU_ASSERT(spdk_nvme_ns_cmd_write(e.ns[1], e.qpair, e.buf, 6, 1, fp_order_cb,
					 &g_order_io[6], 0) == 0);
	CU_ASSERT(g_rw_sent == 1 && g_general_calls == 0);
	for (unsigned int i = 0; i < 100 && o.n < 7; i++) {
		nvme_model_run(e.m);
		spdk_nvme_qpair_process_completions(e.qpair, 0);
	}
	CU_ASSERT(o.n == 7 && o.errors == 0);
	fp_teardown(&e);
}

/* More blocks than one command carries: split by the general path, never in place. */
static void
test_fast_path_not_for_split(void)
{
	struct fp_env e;
	struct dt_io io;
	uint64_t fetched;

	fp_setup(&e, 256, 256, true);
	fetched = dt_cmds_fetched(e.m);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 100, 257, 0, 0, 0, &io) == 0);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 2);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched + 2);
	CU_ASSERT(nvme_model_cmd_log(e.m, 0)->sqe.cdw10 == 100 + 256);
	CU_ASSERT(nvme_model_cmd_log(e.m, 0)->sqe.cdw12 == 0);
	CU_ASSERT(nvme_model_cmd_log(e.m, 1)->sqe.cdw12 == 255);
	fp_teardown(&e);
}

/*
 * A payload that is not DMA memory: -EINVAL and a log line, as before the
 * fast path (which hands it to the general path), nothing sent, the request
 * back in the pool; and the same when the request would have to wait.
 */
static void
test_fast_path_non_dma(void)
{
	struct fp_env e;
	struct dt_io io[4];
	struct dt_capture cap;
	uint8_t *heap = malloc(4096);
	uint64_t fetched;

	CU_ASSERT_FATAL(heap != NULL);
	/* 3 slots, 4 requests: a leaked one would show. */
	fp_setup(&e, 4, 4, false);
	fetched = dt_cmds_fetched(e.m);
	dt_capture_begin(&cap);
	for (unsigned int i = 0; i < 10; i++) {
		CU_ASSERT(fp_submit(&e, 1, i & 1, false, heap, NULL, 0, 8, 0, 0, 0, &io[0]) ==
			  -EINVAL);
	}
	dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(cap.text, "not DMA memory") == 10);
	CU_ASSERT(g_rw_calls == 10 && g_rw_sent == 0 && g_general_calls == 10);
	/* All 4 requests are still there (3 sent, 1 waits for a slot). */
	for (unsigned int i = 0; i < 4; i++) {
		CU_ASSERT(fp_submit(&e, 1, false, false, e.buf + i * 4096, NULL, i, 8, 0, 0, 0,
				    &io[i]) == 0);
	}
	for (unsigned int i = 0; i < 4; i++) {
		CU_ASSERT(fp_wait(&e, &io[i]) && dt_cpl_ok(&io[i].cpl));
	}
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched + 4);
	fp_teardown(&e);

	/* 2 slots, both busy: the third waits, a heap payload behind it is refused. */
	fp_setup(&e, 3, 8, false);
	for (unsigned int i = 0; i < 3; i++) {
		CU_ASSERT(fp_submit(&e, 1, false, false, e.buf + i * 4096, NULL, i, 8, 0, 0, 0,
				    &io[i]) == 0);
	}
	CU_ASSERT(!STAILQ_EMPTY(&e.qpair->queued_req));
	path_reset();
	dt_capture_begin(&cap);
	CU_ASSERT(fp_submit(&e, 1, true, false, heap, NULL, 0, 8, 0, 0, 0, &io[3]) == -EINVAL);
	dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(cap.text, "not DMA memory") == 1);
	CU_ASSERT(g_rw_calls == 0);
	for (unsigned int i = 0; i < 3; i++) {
		CU_ASSERT(fp_wait(&e, &io[i]) && dt_cpl_ok(&io[i].cpl));
	}
	CU_ASSERT(io[3].calls == 0);
	fp_teardown(&e);
	free(heap);
}

/*
 * A payload whose pages are not IOVA-contiguous (the mocked env scatters
 * them): the fast op declines, the general path builds a PRP list page by page.
 */
static void
test_fast_path_scattered_iova(void)
{
	struct fp_env e;
	struct dt_io io;
	const struct nvme_model_cmd_record *r;
	uint8_t *buf, *ns_mem;
	uint64_t ns_size, at;

	fp_setup(&e, 256, 256, true);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_PAGE_SCATTER);
	buf = spdk_zmalloc(4 * DT_PAGE, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_CONTIG);
	CU_ASSERT_FATAL(buf != NULL);
	ns_mem = nvme_model_ns_mem(e.m, 1, &ns_size);
	dt_fill_random(ns_mem, 64 * 512);
	/* 3 pages' worth from offset 512: 4 PRP entries, none contiguous with the last. */
	CU_ASSERT(fp_submit(&e, 1, false, false, buf + 512, NULL, 16, 24, 0, 0, 0, &io) == 0);
	CU_ASSERT(g_rw_calls == 1 && g_rw_sent == 0 && g_general_calls == 1);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));
	r = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.dptr.prp.prp1 == spdk_vtophys(buf + 512, NULL));
	CU_ASSERT(r->nlists == 1 && r->nsegs == 4);
	at = 512;
	for (uint32_t i = 0; i < 4 && i < r->nsegs; i++) {
		CU_ASSERT(r->segs[i].iova == spdk_vtophys(buf + at, NULL));
		at = (at / DT_PAGE + 1) * DT_PAGE;
	}
	CU_ASSERT(memcmp(buf + 512, ns_mem + 16 * 512, 24 * 512) == 0);
	spdk_free(buf);
	fp_teardown(&e);
}

/* Arguments only the general path handles (or rejects, with its own log line). */
static void
test_fast_path_not_for_others(void)
{
	struct fp_env e;
	struct dt_io io;
	struct dt_capture cap;

	fp_setup(&e, 256, 256, true);
	dt_capture_begin(&cap);
	/* Rejected: zero blocks, beyond the end, bad flags, fuse bits on a read, NULL payload. */
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 0, 0, 0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, FP_NS_BLOCKS - 1, 2, 0, 0, 0, &io) ==
		  -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, true, false, e.buf, NULL, UINT64_MAX, 1, 0, 0, 0, &io) ==
		  -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, 1u << 12, 0, 0, &io) ==
		  -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, SPDK_NVME_IO_FLAGS_FUSE_FIRST,
			    0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, NULL, NULL, 0, 1, 0, 0, 0, &io) == -EINVAL);
	/* Metadata the namespace does not take, or misses. */
	CU_ASSERT(fp_submit(&e, 1, false, true, e.buf, e.md, 0, 1, 0, 0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 2, true, true, e.buf, NULL, 0, 1, 0, 0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 2, true, true, e.buf, e.md + 2, 0, 1, 0, 0, 0, &io) == -EINVAL);
	dt_capture_end(&cap, false);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 0);
	CU_ASSERT(dt_count(cap.text, "zero blocks") == 1);
	CU_ASSERT(dt_count(cap.text, "beyond the namespace") == 2);
	CU_ASSERT(dt_count(cap.text, "invalid io_flags") == 1);
	CU_ASSERT(dt_count(cap.text, "FUSE_FIRST goes with compare") == 1);
	CU_ASSERT(dt_count(cap.text, "NULL payload") == 1);
	CU_ASSERT(dt_count(cap.text, "pass metadata NULL") == 1);
	CU_ASSERT(dt_count(cap.text, "separate buffer") == 1);
	CU_ASSERT(dt_count(cap.text, "dword-aligned") == 1);
	/* Sent, but the general way: PRACT (the payload's block size changes). */
	path_reset();
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, SPDK_NVME_IO_FLAGS_PRACT, 0, 0,
			    &io) == 0);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 1);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	/* A failed controller: -ENXIO from the general path. */
	spdk_nvme_ctrlr_fail(e.ctrlr);
	path_reset();
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, 0, 0, 0, &io) == -ENXIO);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 0);
	fp_teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_fast_path_sqe);
	ADD(test_fast_path_cids_unique);
	ADD(test_fast_path_sqe_sgl);
	ADD(test_fast_path_sqe_sgl_dword);
	ADD(test_fast_path_sqe_sgl_off);
	ADD(test_fast_vs_general_identical);
	ADD(test_fast_vs_general_identical_sgl);
	ADD(test_admin_keeps_prps);
	ADD(test_fast_path_not_while_queued);
	ADD(test_fast_path_not_for_split);
	ADD(test_fast_path_non_dma);
	ADD(test_fast_path_scattered_iova);
	ADD(test_fast_path_not_for_others);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_fastpath", add_tests);
}
