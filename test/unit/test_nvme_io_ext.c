/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The I/O calls of nvme.h beyond the basic ones, against the controller
 * model: _ext options (honoured members, a shorter structure, refused
 * memory domains and accel sequences), _iov, vectored and compare
 * _with_md, VERIFY, COPY, the reservation commands, I/O MANAGEMENT, raw
 * commands with metadata, the namespace getters and qpair error injection;
 * _iov on a transport taking 2 elements per command (split_sges, as
 * NVMe/TCP's 16): split by the core, byte exact.  SQEs are checked in the model's command log, data in its namespace memory.
 */
#include <stddef.h>

#include "nvme_driver_test.h"
#include "nvme_internal.h"	/* struct nvme_transport_ops: split_sges */

#define NS_BLOCKS	2048u
#define ONCS_ALL	0x1adu	/* compare, DSM, write zeroes, reservations, verify, copy */

struct xenv {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
	struct spdk_nvme_ns	*ns1;	/* 512 B */
	struct spdk_nvme_ns	*ns2;	/* 4 KiB + 8 B separate metadata */
};

static void
xenv_setup(struct xenv *e, uint16_t oncs)
{
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.oncs = oncs;
	o.sgls = 1;
	o.nn = 2;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 512 };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 4096, .ms = 8 };
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(&o);
	e->ctrlr = dt_attach(e->m);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e->qpair != NULL);
	e->ns1 = spdk_nvme_ctrlr_get_ns(e->ctrlr, 1);
	e->ns2 = spdk_nvme_ctrlr_get_ns(e->ctrlr, 2);
}

static void
xenv_teardown(struct xenv *e)
{
	dt_env_teardown(e->qpair, e->ctrlr, e->m);
}

static uint8_t *
dma(size_t size)
{
	uint8_t *p = spdk_zmalloc(size, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

/* Submit with rc 0 expected, wait; the completion. */
static struct spdk_nvme_cpl
xwait(struct xenv *e, struct dt_io *io, int rc)
{
	CU_ASSERT_FATAL(rc == 0);
	CU_ASSERT(dt_wait_io(e->qpair, io));
	CU_ASSERT(io->calls == 1);
	return io->cpl;
}

static const struct spdk_nvme_cmd *
last_io(struct xenv *e, uint8_t opc)
{
	const struct nvme_model_cmd_record *r = dt_find_cmd(e->m, 1, opc, -1);

	CU_ASSERT_FATAL(r != NULL);
	return &r->sqe;
}

/* ---- _ext ------------------------------------------------------------------------ */

static void
test_ext_opts(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	uint8_t *w = dma(4 * 512), *r = dma(4 * 512), *mem;
	struct spdk_nvme_ns_cmd_ext_io_opts opts = { .size = sizeof(opts),
		.io_flags = SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS, .apptag_mask = 0xffff,
		.apptag = 0x1234, .cdw13 = 0x5 };
	const struct spdk_nvme_cmd *sqe;

	xenv_setup(&e, ONCS_ALL);
	mem = nvme_model_ns_mem(e.m, 1, NULL);
	for (int i = 0; i < 4 * 512; i++) {
		w[i] = (uint8_t)(i * 7);
	}
	xwait(&e, &io, spdk_nvme_ns_cmd_write_ext(e.ns1, e.qpair, w, 10, 4, dt_io_cb, &io, &opts));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(memcmp(mem + 10 * 512, w, 4 * 512) == 0);
	sqe = last_io(&e, SPDK_NVME_OPC_WRITE);
	CU_ASSERT(sqe->cdw10 == 10 && sqe->cdw12 == (3u | SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS));
	CU_ASSERT(sqe->cdw13 == 5 && sqe->cdw15 == 0xffff1234u);
	/* opts NULL: plain read. */
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, r, 10, 4, dt_io_cb, &io, NULL));
	CU_ASSERT(memcmp(r, w, 4 * 512) == 0);
	sqe = last_io(&e, SPDK_NVME_OPC_READ);
	CU_ASSERT(sqe->cdw12 == 3 && sqe->cdw13 == 0 && sqe->cdw15 == 0);
	/* A caller whose structure ends at io_flags: what lies past it is not read. */
	memset(&opts, 0xff, sizeof(opts));
	opts.size = offsetof(struct spdk_nvme_ns_cmd_ext_io_opts, io_flags) + sizeof(uint32_t);
	opts.memory_domain = NULL;
	opts.memory_domain_ctx = NULL;
	opts.io_flags = 0;
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, r, 10, 1, dt_io_cb, &io, &opts));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	sqe = last_io(&e, SPDK_NVME_OPC_READ);
	CU_ASSERT(sqe->cdw13 == 0 && sqe->cdw15 == 0 && sqe->mptr == 0);
	/* A directive type travels in CDW12 23:20 with the DSPEC in CDW13, as SPDK. */
	memset(&io, 0, sizeof(io));
	opts = (struct spdk_nvme_ns_cmd_ext_io_opts){ .size = sizeof(opts),
		.io_flags = SPDK_NVME_IO_FLAGS_DATA_PLACEMENT_DIRECTIVE, .cdw13 = 5u << 16 };
	CU_ASSERT(spdk_nvme_ns_cmd_write_ext(e.ns1, e.qpair, w, 0, 1, dt_io_cb, &io, &opts) == 0);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	sqe = last_io(&e, SPDK_NVME_OPC_WRITE);
	CU_ASSERT(((sqe->cdw12 >> 20) & 0xf) == SPDK_NVME_DIRECTIVE_TYPE_DATA_PLACEMENT);
	CU_ASSERT(sqe->cdw13 == 5u << 16);
	/* Refused: memory domain, accel sequence, a size below the first member, bad flags. */
	opts = (struct spdk_nvme_ns_cmd_ext_io_opts){ .size = sizeof(opts),
		.memory_domain = (struct spdk_memory_domain *)&opts };
	CU_ASSERT(spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, r, 0, 1, dt_io_cb, &io, &opts) ==
		  -ENOTSUP);
	opts = (struct spdk_nvme_ns_cmd_ext_io_opts){ .size = sizeof(opts), .accel_sequence = &io };
	CU_ASSERT(spdk_nvme_ns_cmd_write_ext(e.ns1, e.qpair, w, 0, 1, dt_io_cb, &io, &opts) ==
		  -ENOTSUP);
	opts = (struct spdk_nvme_ns_cmd_ext_io_opts){ .size = 4 };
	CU_ASSERT(spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, r, 0, 1, dt_io_cb, &io, &opts) ==
		  -EINVAL);
	opts = (struct spdk_nvme_ns_cmd_ext_io_opts){ .size = sizeof(opts), .io_flags = 1u << 8 };
	CU_ASSERT(spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, r, 0, 1, dt_io_cb, &io, &opts) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, NULL, 0, 1, dt_io_cb, &io, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, r, NS_BLOCKS, 1, dt_io_cb, &io, NULL) ==
		  -EINVAL);
	CU_ASSERT(io.calls == 1);
	spdk_free(w);
	spdk_free(r);
	xenv_teardown(&e);
}

/* Separate metadata through opts->metadata (MPTR), on the 4 KiB + 8 B namespace. */
static void
test_ext_metadata(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	uint8_t *d = dma(2 * 4096), *md = dma(16), *nsmd;
	struct spdk_nvme_ns_cmd_ext_io_opts opts = { .size = sizeof(opts), .metadata = md };

	xenv_setup(&e, ONCS_ALL);
	memset(md, 0x5a, 16);
	xwait(&e, &io, spdk_nvme_ns_cmd_write_ext(e.ns2, e.qpair, d, 6, 2, dt_io_cb, &io, &opts));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_WRITE)->mptr == spdk_vtophys(md, NULL));
	nsmd = nvme_model_ns_md(e.m, 2, NULL);
	CU_ASSERT_FATAL(nsmd != NULL);
	CU_ASSERT(nsmd[6 * 8] == 0x5a && nsmd[7 * 8 + 7] == 0x5a);
	/* Metadata on a namespace without any: refused. */
	CU_ASSERT(spdk_nvme_ns_cmd_read_ext(e.ns1, e.qpair, d, 0, 1, dt_io_cb, &io, &opts) ==
		  -EINVAL);
	spdk_free(d);
	spdk_free(md);
	xenv_teardown(&e);
}

/* ---- iovec and SGL callback payloads --------------------------------------------- */

/* write_iov/read_iov of odd elements, 2 per command: children cut inside elements. */
static void
test_iov_split_by_elements(void)
{
	static const uint32_t wsz[] = { 1, 511, 4097, 7679 }, rsz[] = { 5000, 7281, 7 };
	static const uint32_t bad[] = { 1, 511, 4097, 3, 7676 };
	struct nvme_transport_ops split_ops;
	struct xenv e;
	struct dt_io io = { 0 };
	uint8_t *src = dma(4 * DT_PAGE), *dst = dma(4 * DT_PAGE), *mem;
	struct iovec iov[5];
	uint32_t off = 0;
	uint64_t before;
	struct dt_capture cap;

	xenv_setup(&e, ONCS_ALL);
	mem = nvme_model_ns_mem(e.m, 1, NULL);
	split_ops = *e.qpair->transport;
	split_ops.split_sges = 2;
	e.qpair->transport = &split_ops;
	dt_fill_random(src, 4 * DT_PAGE);
	/* 1 + 3 bytes left after the first three commands: not a block in 2 elements */
	for (int i = 0; i < 5; i++) {
		iov[i] = (struct iovec){ .iov_base = src + off + 8u * i, .iov_len = bad[i] };
		off += bad[i];
	}
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE];
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_write_iov(e.ns1, e.qpair, 200, 24, dt_io_cb, &io, iov, 5,
					     NULL) == -EINVAL);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "hold less than one 512-byte block") == 1);
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE] == before);
	/* 12288 bytes: commands of 512 (1 + 511) and 11776 (4097 + 7679) */
	off = 0;
	for (int i = 0; i < 4; i++) {
		iov[i] = (struct iovec){ .iov_base = src + off + 8u * i, .iov_len = wsz[i] };
		off += wsz[i];
	}
	xwait(&e, &io, spdk_nvme_ns_cmd_write_iov(e.ns1, e.qpair, 200, 24, dt_io_cb, &io, iov, 4,
			NULL));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE] - before == 2);
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_WRITE)->cdw10 == 200 + 1);
	off = 0;
	for (int i = 0; i < 4; i++) {
		CU_ASSERT(memcmp(mem + 200 * 512 + off, iov[i].iov_base, wsz[i]) == 0);
		off += wsz[i];
	}
	/* Back through three other odd elements: 11776 (5000 + 7281 cut), 512 (505 + 7). */
	off = 0;
	for (int i = 0; i < 3; i++) {
		iov[i] = (struct iovec){ .iov_base = dst + off + 16u * i, .iov_len = rsz[i] };
		off += rsz[i];
	}
	io = (struct dt_io){ 0 };
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ];
	xwait(&e, &io, spdk_nvme_ns_cmd_read_iov(e.ns1, e.qpair, 200, 24, dt_io_cb, &io, iov, 3,
			NULL));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_READ] - before == 2);
	off = 0;
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(memcmp(iov[i].iov_base, mem + 200 * 512 + off, rsz[i]) == 0);
		off += rsz[i];
	}
	spdk_free(src);
	spdk_free(dst);
	xenv_teardown(&e);
}

static void
test_iov_and_v_ext(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	uint8_t *p[3], *mem, *back = dma(3 * DT_PAGE);
	struct iovec iov[3];
	struct dt_iov_sgl s = { .iov = iov, .n = 3 };
	struct spdk_nvme_ns_cmd_ext_io_opts opts = { .size = sizeof(opts) };

	xenv_setup(&e, ONCS_ALL);
	mem = nvme_model_ns_mem(e.m, 1, NULL);
	for (int i = 0; i < 3; i++) {
		p[i] = dma(DT_PAGE);
		memset(p[i], 0x10 + i, DT_PAGE);
		iov[i] = (struct iovec){ .iov_base = p[i], .iov_len = DT_PAGE };
	}
	/* 3 pages = 24 blocks from an iovec. */
	xwait(&e, &io, spdk_nvme_ns_cmd_write_iov(e.ns1, e.qpair, 100, 24, dt_io_cb, &io, iov, 3,
			NULL));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(memcmp(mem + 100 * 512 + (size_t)i * DT_PAGE, p[i], DT_PAGE) == 0);
	}
	/* Read it back through readv_ext's callbacks into one buffer. */
	iov[0] = (struct iovec){ .iov_base = back, .iov_len = 3 * DT_PAGE };
	s.n = 1;
	xwait(&e, &s.io, spdk_nvme_ns_cmd_readv_ext(e.ns1, e.qpair, 100, 24, dt_io_cb, &s,
			dt_iov_reset, dt_iov_next, &opts));
	CU_ASSERT(memcmp(back + 2 * DT_PAGE, p[2], DT_PAGE) == 0 && back[0] == 0x10);
	/* read_iov with an empty element in the middle. */
	memset(back, 0, 3 * DT_PAGE);
	iov[0] = (struct iovec){ .iov_base = back, .iov_len = DT_PAGE };
	iov[1] = (struct iovec){ .iov_base = back + DT_PAGE, .iov_len = 0 };
	iov[2] = (struct iovec){ .iov_base = back + DT_PAGE, .iov_len = 2 * DT_PAGE };
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_read_iov(e.ns1, e.qpair, 100, 24, dt_io_cb, &io, iov, 3,
			&opts));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(back[DT_PAGE] == 0x11 && back[3 * DT_PAGE - 1] == 0x12);
	/* writev_ext with FUA from opts. */
	opts.io_flags = SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS;
	s = (struct dt_iov_sgl){ .iov = iov, .n = 1 };
	iov[0] = (struct iovec){ .iov_base = p[0], .iov_len = DT_PAGE };
	xwait(&e, &s.io, spdk_nvme_ns_cmd_writev_ext(e.ns1, e.qpair, 0, 8, dt_io_cb, &s,
			dt_iov_reset, dt_iov_next, &opts));
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_WRITE)->cdw12 ==
		  (7u | SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS));
	/* Refused: NULL iov, no elements, an iovec shorter than the I/O, no callbacks. */
	CU_ASSERT(spdk_nvme_ns_cmd_read_iov(e.ns1, e.qpair, 0, 1, dt_io_cb, &io, NULL, 1, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_iov(e.ns1, e.qpair, 0, 1, dt_io_cb, &io, iov, 0, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_iov(e.ns1, e.qpair, 0, 16, dt_io_cb, &io, iov, 1, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_readv_ext(e.ns1, e.qpair, 0, 1, dt_io_cb, &io, dt_iov_reset, NULL,
					     NULL) == -EINVAL);
	CU_ASSERT(io.calls == 1);
	for (int i = 0; i < 3; i++) {
		spdk_free(p[i]);
	}
	spdk_free(back);
	xenv_teardown(&e);
}

/* readv/writev/comparev_with_md, compare_with_md on the separate-metadata namespace. */
static void
test_v_with_md_and_compare(void)
{
	struct xenv e, off;
	uint8_t *d = dma(DT_PAGE), *md = dma(8);
	struct iovec iov = { .iov_base = d, .iov_len = DT_PAGE };
	struct dt_iov_sgl s = { .iov = &iov, .n = 1 };
	struct dt_io io = { 0 };

	xenv_setup(&e, ONCS_ALL);
	memset(d, 0x77, DT_PAGE);
	memset(md, 0x66, 8);
	xwait(&e, &s.io, spdk_nvme_ns_cmd_writev_with_md(e.ns2, e.qpair, 3, 1, dt_io_cb, &s, 0,
			dt_iov_reset, dt_iov_next, md, 0, 0));
	CU_ASSERT(dt_cpl_ok(&s.io.cpl));
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_WRITE)->mptr == spdk_vtophys(md, NULL));
	memset(d, 0, DT_PAGE);
	memset(md, 0, 8);
	s.io = (struct dt_io){ 0 };
	xwait(&e, &s.io, spdk_nvme_ns_cmd_readv_with_md(e.ns2, e.qpair, 3, 1, dt_io_cb, &s, 0,
			dt_iov_reset, dt_iov_next, md, 0, 0));
	CU_ASSERT(d[100] == 0x77 && md[7] == 0x66);
	/* Compare: equal, then a differing byte. */
	s.io = (struct dt_io){ 0 };
	xwait(&e, &s.io, spdk_nvme_ns_cmd_comparev_with_md(e.ns2, e.qpair, 3, 1, dt_io_cb, &s, 0,
			dt_iov_reset, dt_iov_next, md, 0, 0));
	CU_ASSERT(dt_cpl_ok(&s.io.cpl));
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_COMPARE)->mptr == spdk_vtophys(md, NULL));
	xwait(&e, &io, spdk_nvme_ns_cmd_compare_with_md(e.ns2, e.qpair, d, md, 3, 1, dt_io_cb, &io,
			0, 0xffff, 0x42));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_COMPARE)->cdw15 == 0xffff0042u);
	d[5] ^= 1;
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_compare_with_md(e.ns2, e.qpair, d, md, 3, 1, dt_io_cb, &io,
			0, 0, 0));
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_MEDIA_ERROR &&
		  io.cpl.status.sc == SPDK_NVME_SC_COMPARE_FAILURE);
	/* comparev on the plain namespace. */
	memset(d, 0, DT_PAGE);
	s.io = (struct dt_io){ 0 };
	xwait(&e, &s.io, spdk_nvme_ns_cmd_comparev(e.ns1, e.qpair, 1000, 8, dt_io_cb, &s, 0,
			dt_iov_reset, dt_iov_next));
	CU_ASSERT(dt_cpl_ok(&s.io.cpl));
	/* Refused: the separate metadata missing, callbacks missing. */
	CU_ASSERT(spdk_nvme_ns_cmd_readv_with_md(e.ns2, e.qpair, 3, 1, dt_io_cb, &s, 0, dt_iov_reset,
						 dt_iov_next, NULL, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_writev_with_md(e.ns2, e.qpair, 3, 1, dt_io_cb, &s, 0, NULL,
						  dt_iov_next, md, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_comparev(e.ns1, e.qpair, 0, 8, dt_io_cb, &s, 0, dt_iov_reset,
					    NULL) == -EINVAL);
	spdk_free(d);
	spdk_free(md);
	xenv_teardown(&e);

	/* Without Compare in ONCS: -ENOTSUP before anything is sent. */
	xenv_setup(&off, 0x8);
	d = dma(DT_PAGE);
	md = dma(8);
	CU_ASSERT(spdk_nvme_ns_cmd_comparev(off.ns1, off.qpair, 0, 8, dt_io_cb, &s, 0, dt_iov_reset,
					    dt_iov_next) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_compare_with_md(off.ns2, off.qpair, d, md, 0, 1, dt_io_cb, &io,
			0, 0, 0) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_comparev_with_md(off.ns2, off.qpair, 0, 1, dt_io_cb, &s, 0,
			dt_iov_reset, dt_iov_next, md, 0, 0) == -ENOTSUP);
	CU_ASSERT(nvme_model_get_stats(off.m)->io_cmds[SPDK_NVME_OPC_COMPARE] == 0);
	spdk_free(d);
	spdk_free(md);
	xenv_teardown(&off);
}

/* ---- VERIFY, COPY -------------------------------------------------------------------- */

static void
test_verify(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	const struct spdk_nvme_cmd *sqe;

	xenv_setup(&e, ONCS_ALL);
	xwait(&e, &io, spdk_nvme_ns_cmd_verify(e.ns1, e.qpair, 0x123, 16, dt_io_cb, &io,
					       SPDK_NVME_IO_FLAGS_LIMITED_RETRY));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	sqe = last_io(&e, SPDK_NVME_OPC_VERIFY);
	CU_ASSERT(sqe->nsid == 1 && sqe->cdw10 == 0x123 && sqe->cdw11 == 0);
	CU_ASSERT(sqe->cdw12 == (15u | SPDK_NVME_IO_FLAGS_LIMITED_RETRY));
	CU_ASSERT(sqe->dptr.prp.prp1 == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_verify(e.ns1, e.qpair, 0, 0, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_verify(e.ns1, e.qpair, NS_BLOCKS - 1, 2, dt_io_cb, &io, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_verify(e.ns1, e.qpair, 0, 8, dt_io_cb, &io, 1u << 9) ==
		  -EINVAL);
	CU_ASSERT(io.calls == 1);
	xenv_teardown(&e);
	xenv_setup(&e, 0xd);
	CU_ASSERT(spdk_nvme_ns_cmd_verify(e.ns1, e.qpair, 0, 8, dt_io_cb, &io, 0) == -ENOTSUP);
	xenv_teardown(&e);
}

static void
test_copy(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	/* Ordinary memory: the driver makes the DMA copy. */
	struct spdk_nvme_scc_source_range *r = calloc(2, sizeof(*r));
	uint8_t *mem;
	const struct nvme_model_cmd_record *rec;

	xenv_setup(&e, ONCS_ALL);
	mem = nvme_model_ns_mem(e.m, 1, NULL);
	CU_ASSERT_FATAL(r != NULL && mem != NULL);
	for (uint32_t i = 0; i < 16 * 512; i++) {
		mem[i] = (uint8_t)(i / 512 + 1);	/* block b holds b + 1 */
	}
	r[0] = (struct spdk_nvme_scc_source_range){ .slba = 2, .nlb = 1 };	/* blocks 2, 3 */
	r[1] = (struct spdk_nvme_scc_source_range){ .slba = 9, .nlb = 0 };	/* block 9 */
	xwait(&e, &io, spdk_nvme_ns_cmd_copy(e.ns1, e.qpair, r, 2, 0x100000000ull % NS_BLOCKS + 500,
					     dt_io_cb, &io));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(mem[500 * 512] == 3 && mem[501 * 512 + 511] == 4 && mem[502 * 512] == 10);
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_COPY, -1);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT(rec->sqe.cdw10 == 500 && rec->sqe.cdw11 == 0 && rec->sqe.cdw12 == 1);
	CU_ASSERT(rec->nsegs == 1 && rec->segs[0].len == 64);
	/* Refused. */
	CU_ASSERT(spdk_nvme_ns_cmd_copy(e.ns1, e.qpair, NULL, 1, 0, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_copy(e.ns1, e.qpair, r, 0, 0, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_copy(e.ns1, e.qpair, r, 257, 0, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_copy(e.ns1, e.qpair, r, 1, NS_BLOCKS, dt_io_cb, &io) == -EINVAL);
	r[1].slba = NS_BLOCKS;
	CU_ASSERT(spdk_nvme_ns_cmd_copy(e.ns1, e.qpair, r, 2, 0, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(io.calls == 1);
	xenv_teardown(&e);
	xenv_setup(&e, 0xd);
	CU_ASSERT(spdk_nvme_ns_cmd_copy(e.ns1, e.qpair, r, 1, 0, dt_io_cb, &io) == -ENOTSUP);
	xenv_teardown(&e);
	free(r);
}

/* ---- Reservations, I/O management ---------------------------------------------------- */

static void
test_reservations(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	struct spdk_nvme_reservation_register_data reg = { .crkey = 1, .nrkey = 2 };
	struct spdk_nvme_reservation_acquire_data acq = { .crkey = 2 };
	struct spdk_nvme_reservation_key_data key = { .crkey = 2 };
	struct spdk_nvme_reservation_status_extended_data status;
	const struct spdk_nvme_cmd *sqe;

	xenv_setup(&e, ONCS_ALL);
	CU_ASSERT(spdk_nvme_ns_get_flags(e.ns1) & SPDK_NVME_NS_RESERVATION_SUPPORTED);
	xwait(&e, &io, spdk_nvme_ns_cmd_reservation_register(e.ns1, e.qpair, &reg, true,
			SPDK_NVME_RESERVE_REPLACE_KEY, SPDK_NVME_RESERVE_PTPL_PERSIST_POWER_LOSS,
			dt_io_cb, &io));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	sqe = last_io(&e, SPDK_NVME_OPC_RESERVATION_REGISTER);
	CU_ASSERT(sqe->cdw10 == (SPDK_NVME_RESERVE_REPLACE_KEY | 1u << 3 |
				 (uint32_t)SPDK_NVME_RESERVE_PTPL_PERSIST_POWER_LOSS << 30));
	CU_ASSERT(sqe->dptr.prp.prp1 != 0);
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_reservation_acquire(e.ns1, e.qpair, &acq, false,
			SPDK_NVME_RESERVE_ACQUIRE, SPDK_NVME_RESERVE_WRITE_EXCLUSIVE, dt_io_cb, &io));
	sqe = last_io(&e, SPDK_NVME_OPC_RESERVATION_ACQUIRE);
	CU_ASSERT(sqe->cdw10 == (SPDK_NVME_RESERVE_ACQUIRE |
				 (uint32_t)SPDK_NVME_RESERVE_WRITE_EXCLUSIVE << 8));
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_reservation_release(e.ns1, e.qpair, &key, true,
			SPDK_NVME_RESERVE_CLEAR, SPDK_NVME_RESERVE_EXCLUSIVE_ACCESS, dt_io_cb, &io));
	sqe = last_io(&e, SPDK_NVME_OPC_RESERVATION_RELEASE);
	CU_ASSERT(sqe->cdw10 == (SPDK_NVME_RESERVE_CLEAR | 1u << 3 |
				 (uint32_t)SPDK_NVME_RESERVE_EXCLUSIVE_ACCESS << 8));
	/* Report into ordinary memory: the model's generation (1) comes back. */
	memset(&status, 0xcc, sizeof(status));
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_reservation_report(e.ns1, e.qpair, &status, sizeof(status),
			dt_io_cb, &io));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(status.data.gen == 1 && status.data.regctl == 0);
	sqe = last_io(&e, SPDK_NVME_OPC_RESERVATION_REPORT);
	CU_ASSERT(sqe->cdw10 == sizeof(status) / 4 - 1 && sqe->cdw11 == 0);
	/* Refused. */
	CU_ASSERT(spdk_nvme_ns_cmd_reservation_report(e.ns1, e.qpair, &status, 6, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_reservation_register(e.ns1, e.qpair, NULL, false, 0, 0,
			dt_io_cb, &io) == -EINVAL);
	xenv_teardown(&e);
	xenv_setup(&e, 0xd);
	CU_ASSERT(spdk_nvme_ns_cmd_reservation_acquire(e.ns1, e.qpair, &acq, false, 0, 1, dt_io_cb,
			&io) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_reservation_report(e.ns1, e.qpair, &status, 64, dt_io_cb, &io) ==
		  -ENOTSUP);
	xenv_teardown(&e);
}

static void
test_io_mgmt(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	uint32_t buf[16];
	const struct spdk_nvme_cmd *sqe;

	xenv_setup(&e, ONCS_ALL);
	/* The model has no I/O management: the commands go out and come back refused. */
	xwait(&e, &io, spdk_nvme_ns_cmd_io_mgmt_recv(e.ns1, e.qpair, buf, sizeof(buf), 1, 0xabcd,
			dt_io_cb, &io));
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_INVALID_OPCODE);
	sqe = last_io(&e, SPDK_NVME_OPC_IO_MANAGEMENT_RECEIVE);
	CU_ASSERT(sqe->cdw10 == (1u | 0xabcdu << 16) && sqe->cdw11 == sizeof(buf) / 4 - 1);
	CU_ASSERT(sqe->dptr.prp.prp1 != 0);
	io = (struct dt_io){ 0 };
	xwait(&e, &io, spdk_nvme_ns_cmd_io_mgmt_send(e.ns1, e.qpair, buf, 8, 2, 3, dt_io_cb, &io));
	sqe = last_io(&e, SPDK_NVME_OPC_IO_MANAGEMENT_SEND);
	CU_ASSERT(sqe->cdw10 == (2u | 3u << 16));
	CU_ASSERT(spdk_nvme_ns_cmd_io_mgmt_recv(e.ns1, e.qpair, buf, 6, 1, 0, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_io_mgmt_recv(e.ns1, e.qpair, NULL, 8, 1, 0, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_io_mgmt_send(NULL, e.qpair, buf, 8, 1, 0, dt_io_cb, &io) ==
		  -EINVAL);
	xenv_teardown(&e);
}

/* ---- Raw commands with metadata -------------------------------------------------------- */

static void
test_raw_with_md(void)
{
	struct xenv e;
	struct dt_io io = { 0 };
	uint8_t *d = dma(DT_PAGE), *md = dma(8);
	struct iovec iov = { .iov_base = d, .iov_len = DT_PAGE };
	struct dt_iov_sgl s = { .iov = &iov, .n = 1 };
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_WRITE, .nsid = 2, .cdw10 = 9 };
	uint8_t *nsmd;

	xenv_setup(&e, ONCS_ALL);
	memset(md, 0x3c, 8);
	xwait(&e, &io, spdk_nvme_ctrlr_cmd_io_raw_with_md(e.ctrlr, e.qpair, &cmd, d, DT_PAGE, md,
			dt_io_cb, &io));
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_WRITE)->mptr == spdk_vtophys(md, NULL));
	nsmd = nvme_model_ns_md(e.m, 2, NULL);
	CU_ASSERT(nsmd[9 * 8] == 0x3c);
	memset(md, 0, 8);
	cmd.opc = SPDK_NVME_OPC_READ;
	xwait(&e, &s.io, spdk_nvme_ctrlr_cmd_iov_raw_with_md(e.ctrlr, e.qpair, &cmd, DT_PAGE, md,
			dt_io_cb, &s, dt_iov_reset, dt_iov_next));
	CU_ASSERT(dt_cpl_ok(&s.io.cpl) && md[0] == 0x3c);
	/* Refused. */
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw_with_md(e.ctrlr, NULL, &cmd, d, DT_PAGE, md, dt_io_cb,
			&io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw_with_md(e.ctrlr, e.qpair, &cmd, d, DT_PAGE,
			(uint8_t *)&cmd, dt_io_cb, &io) == -EINVAL);	/* not DMA memory */
	CU_ASSERT(spdk_nvme_ctrlr_cmd_iov_raw_with_md(e.ctrlr, e.qpair, &cmd, DT_PAGE, NULL,
			dt_io_cb, &io, NULL, dt_iov_next) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw_with_md(NULL, e.qpair, &cmd, d, 0, NULL, dt_io_cb,
			&io) == -EINVAL);
	spdk_free(d);
	spdk_free(md);
	xenv_teardown(&e);
}

/* ---- Getters --------------------------------------------------------------------------- */

static void
test_ns_getters_more(void)
{
	struct xenv e;
	struct spdk_nvme_ns_data nd;

	xenv_setup(&e, ONCS_ALL);
	CU_ASSERT(spdk_nvme_ns_get_format_index(spdk_nvme_ns_get_data(e.ns1)) == 0);
	CU_ASSERT(spdk_nvme_ns_get_format_index(spdk_nvme_ns_get_data(e.ns2)) == 1);
	/* FLBAS bits 6:5 extend the index only with more than 16 formats. */
	memset(&nd, 0, sizeof(nd));
	((uint8_t *)&nd)[26] = 0x3 | 0x2 << 5;
	CU_ASSERT(spdk_nvme_ns_get_format_index(&nd) == 3);
	nd.nlbaf = 40;
	CU_ASSERT(spdk_nvme_ns_get_format_index(&nd) == 0x23);
	CU_ASSERT(spdk_nvme_ns_get_pi_format(e.ns1) == SPDK_NVME_16B_GUARD_PI);
	CU_ASSERT(spdk_nvme_nvm_ns_get_data(e.ns1) == NULL);
	CU_ASSERT(spdk_nvme_ns_supports_compare(e.ns1));
	CU_ASSERT(!spdk_nvme_ns_supports_write_uncorrectable(e.ns1));
	CU_ASSERT(spdk_nvme_ns_get_dealloc_logical_block_read_value(e.ns1) ==
		  SPDK_NVME_DEALLOC_READ_00);
	/* The NGUID descriptor, which the model gives the value of Identify's NGUID. */
	CU_ASSERT_FATAL(spdk_nvme_ns_get_nguid(e.ns2) != NULL);
	CU_ASSERT(memcmp(spdk_nvme_ns_get_nguid(e.ns2), spdk_nvme_ns_get_data(e.ns2)->nguid,
			 16) == 0);
	CU_ASSERT(memcmp(spdk_nvme_ns_get_nguid(e.ns1), spdk_nvme_ns_get_nguid(e.ns2), 16) != 0);
	CU_ASSERT(spdk_nvme_ns_get_ana_group_id(e.ns1) == 0);
	CU_ASSERT(spdk_nvme_ns_get_ana_state(e.ns1) == SPDK_NVME_ANA_OPTIMIZED_STATE);
	xenv_teardown(&e);
	xenv_setup(&e, 0x2);
	CU_ASSERT(!spdk_nvme_ns_supports_compare(e.ns1));
	CU_ASSERT(spdk_nvme_ns_supports_write_uncorrectable(e.ns1));
	xenv_teardown(&e);
}

/* ---- Error injection --------------------------------------------------------------------- */

static void
test_error_injection(void)
{
	struct xenv e;
	struct dt_io io[4] = { 0 };
	uint8_t *b = dma(512);
	const struct nvme_model_stats *st;
	uint64_t reads;
	struct spdk_nvme_ctrlr_data *cd = (void *)dma(4096);

	xenv_setup(&e, ONCS_ALL);
	st = nvme_model_get_stats(e.m);
	/* Two reads fail without reaching the device, the third goes through. */
	CU_ASSERT(spdk_nvme_qpair_add_cmd_error_injection(e.ctrlr, e.qpair, SPDK_NVME_OPC_READ,
			true, 0, 2, SPDK_NVME_SCT_MEDIA_ERROR,
			SPDK_NVME_SC_UNRECOVERED_READ_ERROR) == 0);
	reads = st->io_cmds[SPDK_NVME_OPC_READ];
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns1, e.qpair, b, (uint64_t)i, 1, dt_io_cb, &io[i],
						0) == 0);
	}
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(dt_wait_io(e.qpair, &io[i]) && io[i].calls == 1);
	}
	CU_ASSERT(io[0].cpl.status.sct == SPDK_NVME_SCT_MEDIA_ERROR && io[0].cpl.status.dnr);
	CU_ASSERT(io[1].cpl.status.sc == SPDK_NVME_SC_UNRECOVERED_READ_ERROR);
	CU_ASSERT(dt_cpl_ok(&io[2].cpl));
	CU_ASSERT(st->io_cmds[SPDK_NVME_OPC_READ] == reads + 1);
	/* Submitted to the device, status replaced: the write reaches the model. */
	CU_ASSERT(spdk_nvme_qpair_add_cmd_error_injection(e.ctrlr, e.qpair, SPDK_NVME_OPC_WRITE,
			false, 0, 1, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR) == 0);
	io[3] = (struct dt_io){ 0 };
	xwait(&e, &io[3], spdk_nvme_ns_cmd_write(e.ns1, e.qpair, b, 0, 1, dt_io_cb, &io[3], 0));
	CU_ASSERT(io[3].cpl.status.sc == SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
	CU_ASSERT(st->io_cmds[SPDK_NVME_OPC_WRITE] == 1);
	/* Removed: reads succeed again (and take the fast path). */
	spdk_nvme_qpair_remove_cmd_error_injection(e.ctrlr, e.qpair, SPDK_NVME_OPC_WRITE);
	spdk_nvme_qpair_remove_cmd_error_injection(e.ctrlr, e.qpair, SPDK_NVME_OPC_READ);
	io[0] = (struct dt_io){ 0 };
	xwait(&e, &io[0], spdk_nvme_ns_cmd_write(e.ns1, e.qpair, b, 0, 1, dt_io_cb, &io[0], 0));
	CU_ASSERT(dt_cpl_ok(&io[0].cpl));
	/* A held read with a timeout: not completed before it passed. */
	mock_env_set_virtual_time(true, 0);
	CU_ASSERT(spdk_nvme_qpair_add_cmd_error_injection(e.ctrlr, e.qpair, SPDK_NVME_OPC_READ,
			true, 200000, 1, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_BY_REQUEST) == 0);
	io[0] = (struct dt_io){ 0 };
	CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns1, e.qpair, b, 0, 1, dt_io_cb, &io[0], 0) == 0);
	spdk_nvme_qpair_process_completions(e.qpair, 0);
	CU_ASSERT(io[0].calls == 0);
	mock_env_advance_time_ns(1000000000ull);	/* 1 s later */
	spdk_nvme_qpair_process_completions(e.qpair, 0);
	CU_ASSERT(io[0].calls == 1 && io[0].cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	mock_env_set_virtual_time(false, 0);
	/* A held command outstanding at qpair free completes as aborted. */
	CU_ASSERT(spdk_nvme_qpair_add_cmd_error_injection(e.ctrlr, e.qpair, SPDK_NVME_OPC_FLUSH,
			true, 10000000, 1, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD) == 0);
	io[1] = (struct dt_io){ 0 };
	CU_ASSERT(spdk_nvme_ns_cmd_flush(e.ns1, e.qpair, dt_io_cb, &io[1]) == 0);
	/* Admin queue (qpair NULL): GET FEATURES fails once. */
	CU_ASSERT(spdk_nvme_qpair_add_cmd_error_injection(e.ctrlr, NULL, SPDK_NVME_OPC_IDENTIFY,
			true, 0, 1, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD) == 0);
	io[2] = (struct dt_io){ 0 };
	CU_ASSERT(spdk_nvme_ctrlr_cmd_identify(e.ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, 0, 0, cd, 4096,
					       dt_io_cb, &io[2]) == 0);
	CU_ASSERT(dt_wait_admin(e.ctrlr, &io[2]));
	CU_ASSERT(io[2].cpl.status.sc == SPDK_NVME_SC_INVALID_FIELD);
	/* Bad arguments. */
	CU_ASSERT(spdk_nvme_qpair_add_cmd_error_injection(NULL, NULL, 0, true, 0, 1, 0, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qpair) == 0);
	CU_ASSERT(io[1].calls == 1 && io[1].cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	e.qpair = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e.qpair != NULL);
	spdk_free(b);
	spdk_free(cd);
	xenv_teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_ext_opts);
	ADD(test_ext_metadata);
	ADD(test_iov_and_v_ext);
	ADD(test_v_with_md_and_compare);
	ADD(test_verify);
	ADD(test_copy);
	ADD(test_reservations);
	ADD(test_io_mgmt);
	ADD(test_raw_with_md);
	ADD(test_ns_getters_more);
	ADD(test_error_injection);
	ADD(test_iov_split_by_elements);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io_ext", add_tests);
}
