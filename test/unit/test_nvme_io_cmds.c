/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The optional NVM commands through the public API against the controller
 * model: compare, write zeroes, write uncorrectable, dataset management
 * (also with a full qpair), fused compare-and-write, and the ONCS/FUSES
 * checks that refuse them.  Readv/writev and io_flags are in
 * test_nvme_io_cmds_rwv.c, the namespace getters and metadata in
 * test_nvme_io_cmds_md.c.
 */
#include "io_cmds_test.h"

/* ---- Compare, write zeroes, write uncorrectable, DSM ------------------------------ */

static void
test_compare(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *buf = dma(8 * 512);
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };

	env_setup(&e, 0);
	ns = ns_of(&e, 1);
	dt_fill_random(ns_mem(&e, 1) + 64 * 512, 8 * 512);
	memcpy(buf, ns_mem(&e, 1) + 64 * 512, 8 * 512);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 64, 8, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(dt_find_cmd(e.m, 1, SPDK_NVME_OPC_COMPARE, -1) != NULL);

	buf[8 * 512 - 1] ^= 1;
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 64, 8, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE));
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status), "COMPARE FAILURE");
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&cpl.status), "MEDIA ERROR");

	/* Compare with metadata on the extended namespace compares it too. */
	{
		uint8_t *x = dma(2 * 528);

		dt_fill_random(x, 2 * 528);
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ns_cmd_write(ns_of(&e, 3), e.qpair, x, 9, 2, dt_io_cb, &io, 0) ==
			  0);
		cpl = wait_one(&e, &io);
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ns_cmd_compare(ns_of(&e, 3), e.qpair, x, 9, 2, dt_io_cb, &io,
						   0) == 0);
		cpl = wait_one(&e, &io);
		CU_ASSERT(dt_cpl_ok(&cpl));
		x[528 + 520] ^= 0x80;	/* metadata of block 2 */
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ns_cmd_compare(ns_of(&e, 3), e.qpair, x, 9, 2, dt_io_cb, &io,
						   0) == 0);
		cpl = wait_one(&e, &io);
		CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE));
		spdk_free(x);
	}
	spdk_free(buf);
	env_teardown(&e);
}

/* Every optional command reports -ENOTSUP (and why) when ONCS says no. */
static void
test_oncs_off(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	struct spdk_nvme_dsm_range range = { .starting_lba = 0, .length = 8 };
	uint8_t *buf = dma(DT_PAGE);
	struct dt_capture cap;
	struct dt_io io = { 0 };
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl;
	uint64_t fetched;
	const char *text;

	cmds_opts(&o);
	o.oncs = 0;
	env_setup_opts(&e, &o);
	ns = ns_of(&e, 1);
	CU_ASSERT(spdk_nvme_ns_get_flags(ns) == SPDK_NVME_NS_FLUSH_SUPPORTED);
	fetched = dt_cmds_fetched(e.m);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &io, 0) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 1, dt_io_cb, &io, 0) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_write_uncorrectable(ns, e.qpair, 0, 1, dt_io_cb, &io) ==
		  -ENOTSUP);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			&range, 1, dt_io_cb, &io) == -ENOTSUP);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "(Identify Controller ONCS)") == 4);
	CU_ASSERT(dt_count(text, "does not support write zeroes") == 1);
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched);

	/* The controller agrees: the opcode sent raw is an invalid opcode. */
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_WRITE_ZEROES;
	cmd.nsid = 1;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE));
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status), "INVALID OPCODE");
	spdk_free(buf);
	env_teardown(&e);
}

static void
test_write_zeroes(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *mem, *md, zero[512 * 16] = { 0 };
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	const char *text;
	uint64_t before;

	env_setup(&e, 0);
	ns = ns_of(&e, 1);
	mem = ns_mem(&e, 1);
	dt_fill_random(mem, 64 * 512);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 8, 16, dt_io_cb, &io,
						SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(mem + 8 * 512, zero, 16 * 512) == 0);
	CU_ASSERT(memcmp(mem + 7 * 512, zero, 512) != 0);
	CU_ASSERT(memcmp(mem + 24 * 512, zero, 512) != 0);
	CU_ASSERT(dt_find_cmd(e.m, 1, SPDK_NVME_OPC_WRITE_ZEROES, -1)->sqe.cdw12 ==
		  (15u | SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS));

	/* Metadata is zeroed with the data (separate-metadata namespace). */
	md = nvme_model_ns_md(e.m, 2, NULL);
	CU_ASSERT_FATAL(md != NULL);
	dt_fill_random(md, 64);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns_of(&e, 2), e.qpair, 0, 4, dt_io_cb, &io, 0) ==
		  0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(memcmp(md, zero, 32) == 0 && memcmp(md + 32, zero, 32) != 0);

	/* NLB is 16 bits: 140000 blocks are three commands of <= 65536. */
	before = nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE_ZEROES];
	dt_fill_random(ns_mem(&e, 4) + 199999ull * 512, 512);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns_of(&e, 4), e.qpair, 59999, 140001, dt_io_cb,
						&io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_WRITE_ZEROES] - before == 3);
	CU_ASSERT((nvme_model_cmd_log(e.m, 2)->sqe.cdw12 & 0xffff) == 0xffff);
	CU_ASSERT(nvme_model_cmd_log(e.m, 1)->sqe.cdw10 == 59999 + 65536);
	CU_ASSERT((nvme_model_cmd_log(e.m, 0)->sqe.cdw12 & 0xffff) + 1 == 140001 - 2 * 65536);
	CU_ASSERT(memcmp(ns_mem(&e, 4) + 199999ull * 512, zero, 512) == 0);

	/* Range errors, fused flags. */
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, NS_BLOCKS - 1, 2, dt_io_cb, &io, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 0, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 1, dt_io_cb, &io,
						SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "write zeroes") == 2);
	CU_ASSERT(dt_count(text, "FUSE_FIRST goes with compare") == 1);
	env_teardown(&e);
}

static void
test_write_uncorrectable(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *buf = dma(8 * 512);
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;

	cmds_opts(&o);
	o.oncs |= 0x2;
	env_setup_opts(&e, &o);
	ns = ns_of(&e, 1);
	CU_ASSERT(spdk_nvme_ns_get_flags(ns) & SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED);
	CU_ASSERT(spdk_nvme_ns_cmd_write_uncorrectable(ns, e.qpair, 20, 4, dt_io_cb, &io) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT((dt_find_cmd(e.m, 1, SPDK_NVME_OPC_WRITE_UNCORRECTABLE, -1)->sqe.cdw12) == 3);

	/* A read touching one of them fails; one next to them does not. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 16, 5, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_UNRECOVERED_READ_ERROR));
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status),
			       "UNRECOVERED READ ERROR");
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 16, 4, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));

	/* Rewriting block 21 heals it only. */
	dt_fill_random(buf, 512);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 21, 1, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 512, 21, 1, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(buf, buf + 512, 512) == 0);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 22, 1, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(cpl_is(&cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_UNRECOVERED_READ_ERROR));
	/* Write zeroes heals too. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 20, 4, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 20, 4, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_write_uncorrectable(ns, e.qpair, NS_BLOCKS, 1, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "write uncorrectable: ") == 1);
	spdk_free(buf);
	env_teardown(&e);
}

static void
test_dsm(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	struct spdk_nvme_dsm_range ranges[257];
	const struct nvme_model_cmd_record *rec;
	uint8_t *mem, zero[4096] = { 0 }, *got = dma(DT_PAGE);
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	const char *text;

	env_setup(&e, 0);
	ns = ns_of(&e, 1);
	mem = ns_mem(&e, 1);
	dt_fill_random(mem, 256 * 512);
	ranges[0] = (struct spdk_nvme_dsm_range){ .starting_lba = 8, .length = 8 };
	ranges[1] = (struct spdk_nvme_dsm_range){ .starting_lba = 100, .length = 3 };
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 2, dt_io_cb, &io) == 0);
	/* The ranges were copied: the caller may reuse its array at once. */
	memset(ranges, 0xff, sizeof(ranges[0]) * 2);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_DATASET_MANAGEMENT, -1);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT(rec->sqe.cdw10 == 1 && rec->sqe.cdw11 == SPDK_NVME_DSM_ATTR_DEALLOCATE);
	CU_ASSERT(rec->nsegs == 1 && rec->segs[0].len == 32);
	CU_ASSERT(memcmp(mem + 8 * 512, zero, 4096) == 0);
	CU_ASSERT(memcmp(mem + 100 * 512, zero, 3 * 512) == 0);
	CU_ASSERT(memcmp(mem + 7 * 512, zero, 512) != 0);
	CU_ASSERT(memcmp(mem + 103 * 512, zero, 512) != 0);
	/* Deallocated blocks read back as zeroes, as DLFEAT says. */
	CU_ASSERT(spdk_nvme_ns_get_data(ns)->dlfeat.bits.read_value == SPDK_NVME_DEALLOC_READ_00);
	memset(got, 0xaa, DT_PAGE);
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, got, 8, 8, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl) && memcmp(got, zero, 4096) == 0);

	/* 256 ranges: the whole list page. */
	for (unsigned int i = 0; i < 257; i++) {
		ranges[i] = (struct spdk_nvme_dsm_range){ .starting_lba = 2 * i, .length = 1 };
	}
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE |
			SPDK_NVME_DSM_ATTR_INTEGRAL_READ, ranges, 256, dt_io_cb, &io) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	rec = dt_find_cmd(e.m, 1, SPDK_NVME_OPC_DATASET_MANAGEMENT, -1);
	CU_ASSERT(rec->sqe.cdw10 == 255 && rec->segs[0].len == 4096);
	CU_ASSERT(memcmp(mem + 510 * 512, zero, 512) == 0);

	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 257, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 0, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			NULL, 1, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, 0x8, ranges, 1, dt_io_cb,
			&io) == -EINVAL);
	ranges[3].starting_lba = NS_BLOCKS - 1;
	ranges[3].length = 2;
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns, e.qpair, SPDK_NVME_DSM_ATTR_DEALLOCATE,
			ranges, 4, dt_io_cb, &io) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "give 1..256 ranges") == 4);
	CU_ASSERT(dt_count(text, "range 3 (LBAs 4095+2) beyond") == 1);
	spdk_free(got);
	env_teardown(&e);
}

/* A qpair whose 3 slots hold reads the model keeps until released. */
static void
dsm_fill_qpair(struct cmds_env *e, uint8_t *buf, struct dt_io held[3])
{
	struct spdk_nvme_io_qpair_opts qopts;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(e->ctrlr, &qopts, sizeof(qopts));
	qopts.io_queue_size = 4;	/* 3 slots */
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, &qopts, sizeof(qopts));
	CU_ASSERT_FATAL(e->qpair != NULL);
	CU_ASSERT(nvme_model_inject_hold(e->m, 1, SPDK_NVME_OPC_READ, 3) == 0);
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(spdk_nvme_ns_cmd_read(ns_of(e, 1), e->qpair, buf, 100 + i, 1, dt_io_cb,
						&held[i], 0) == 0);
	}
}

/*
 * With every slot busy a DSM waits like any command (SPDK semantics): its
 * ranges, which the caller may reuse as soon as the call returns, are the
 * ones the device gets, and a DSM still waiting when its qpair goes away
 * completes once, aborted.
 */
static void
test_dsm_qpair_full(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_dsm_range ranges[2] = {
		{ .starting_lba = 0, .length = 1 }, { .starting_lba = 4, .length = 2 },
	};
	struct dt_io held[3] = { 0 }, io = { 0 }, io2 = { 0 };
	uint8_t *buf = dma(DT_PAGE);
	uint8_t *mem;
	struct spdk_nvme_cpl cpl;

	cmds_opts(&o);
	memset(&e, 0, sizeof(e));
	e.m = dt_model_new(&o);
	e.ctrlr = dt_attach(e.m);
	mem = ns_mem(&e, 1);
	memset(mem, 0xab, 8 * 512);
	dsm_fill_qpair(&e, buf, held);

	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns_of(&e, 1), e.qpair,
			SPDK_NVME_DSM_ATTR_DEALLOCATE, ranges, 2, dt_io_cb, &io) == 0);
	/* The caller reuses its ranges at once: the waiting command kept its own. */
	ranges[0] = (struct spdk_nvme_dsm_range) { .starting_lba = 7, .length = 1 };
	ranges[1] = (struct spdk_nvme_dsm_range) { .starting_lba = NS_BLOCKS, .length = 9 };
	for (int i = 0; i < 50; i++) {
		spdk_nvme_qpair_process_completions(e.qpair, 0);
	}
	CU_ASSERT(io.calls == 0);
	CU_ASSERT(nvme_model_release_held(e.m) == 3);
	for (int i = 0; i < 3; i++) {
		cpl = wait_one(&e, &held[i]);
		CU_ASSERT(dt_cpl_ok(&cpl));
	}
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	for (int b = 0; b < 8; b++) {
		uint8_t want = (b == 0 || b == 4 || b == 5) ? 0 : 0xab;
		int same = 0;

		for (int i = 0; i < 512; i++) {
			same += mem[b * 512 + i] == want;
		}
		CU_ASSERT(same == 512);
	}

	/* Waiting when the qpair is freed: one callback, ABORTED - SQ DELETION. */
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qpair) == 0);
	memset(held, 0, sizeof(held));
	dsm_fill_qpair(&e, buf, held);
	CU_ASSERT(spdk_nvme_ns_cmd_dataset_management(ns_of(&e, 1), e.qpair,
			SPDK_NVME_DSM_ATTR_DEALLOCATE, ranges, 1, dt_io_cb, &io2) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e.qpair) == 0);
	CU_ASSERT(io2.calls == 1);
	CU_ASSERT(cpl_is(&io2.cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_SQ_DELETION));
	for (int i = 0; i < 3; i++) {
		CU_ASSERT(held[i].calls == 1);
	}
	CU_ASSERT(mem[7 * 512] == 0xab);	/* block 7 was never deallocated */
	e.qpair = spdk_nvme_ctrlr_alloc_io_qpair(e.ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e.qpair != NULL);
	spdk_free(buf);
	env_teardown(&e);
}

/* ---- Fused compare and write ------------------------------------------------------- */

static void
fused_env(struct cmds_env *e, bool supported)
{
	struct nvme_model_opts o;

	cmds_opts(&o);
	o.fused_compare_write = supported;
	env_setup_opts(e, &o);
}

static void
test_fused_compare_write(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *cmp = dma(DT_PAGE), *wr = dma(DT_PAGE), *mem, prev[4 * 512];
	const struct nvme_model_cmd_record *r1, *r2;
	struct dt_io io1 = { 0 }, io2 = { 0 };

	fused_env(&e, true);
	ns = ns_of(&e, 1);
	mem = ns_mem(&e, 1);
	dt_fill_random(mem + 30 * 512, 4 * 512);
	memcpy(cmp, mem + 30 * 512, 4 * 512);
	dt_fill_random(wr, 4 * 512);

	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, cmp, 30, 4, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == 0);
	/* Nothing is sent until the SECOND is in the SQ too: one doorbell for both. */
	CU_ASSERT(dt_find_cmd(e.m, 1, SPDK_NVME_OPC_COMPARE, -1) == NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, wr, 30, 4, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &io2);
	CU_ASSERT(dt_cpl_ok(&io1.cpl) && dt_cpl_ok(&io2.cpl));
	CU_ASSERT(memcmp(mem + 30 * 512, wr, 4 * 512) == 0);
	r1 = nvme_model_cmd_log(e.m, 1);
	r2 = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT_FATAL(r1 != NULL && r2 != NULL);
	CU_ASSERT(r1->sqe.opc == SPDK_NVME_OPC_COMPARE && r1->sqe.fuse == SPDK_NVME_CMD_FUSE_FIRST);
	CU_ASSERT(r2->sqe.opc == SPDK_NVME_OPC_WRITE && r2->sqe.fuse == SPDK_NVME_CMD_FUSE_SECOND);
	CU_ASSERT(r2->seq == r1->seq + 1);

	/* Miscompare: the write is aborted and the blocks keep their data. */
	memset(&io1, 0, sizeof(io1));
	memset(&io2, 0, sizeof(io2));
	memcpy(prev, wr, sizeof(prev));
	dt_fill_random(wr, 4 * 512);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, cmp, 30, 4, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, wr, 30, 4, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &io2);
	CU_ASSERT(cpl_is(&io1.cpl, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE));
	CU_ASSERT(cpl_is(&io2.cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_FAILED_FUSED));
	CU_ASSERT(memcmp(mem + 30 * 512, prev, sizeof(prev)) == 0);
	spdk_free(cmp);
	spdk_free(wr);
	env_teardown(&e);
}

static void
test_fused_adjacency(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	uint8_t *buf = dma(DT_PAGE);
	struct dt_io io1 = { 0 }, io2 = { 0 }, other = { 0 };
	struct dt_capture cap;
	const char *text;
	struct spdk_nvme_cmd cmd;

	fused_env(&e, true);
	ns = ns_of(&e, 1);
	memcpy(buf, ns_mem(&e, 1), 512);
	dt_capture_begin(&cap);
	/* A SECOND on its own. */
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 0, 1, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == -EINVAL);
	/* FIRST on something other than compare, SECOND on something other than write. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &io1,
					SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	/* Reserved fuse value. */
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_MASK) == -EINVAL);
	/* Too long to go as one command: fused commands are never split. */
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, MAX_XFER / 512 + 1, dt_io_cb,
					   &io1, SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	/* A FIRST, then anything but its SECOND is refused. */
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &io1,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 512, 0, 1, dt_io_cb, &other, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_flush(ns, e.qpair, dt_io_cb, &other) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write_zeroes(ns, e.qpair, 0, 1, dt_io_cb, &other, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns, e.qpair, buf, 0, 1, dt_io_cb, &other,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &other,
					SPDK_NVME_IO_FLAGS_FUSE_SECOND) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "FUSE_SECOND without a FUSE_FIRST") == 1);
	CU_ASSERT(dt_count(text, "waits for its WRITE") == 4);
	CU_ASSERT(dt_count(text, "FUSE_FIRST goes with compare") == 2);
	CU_ASSERT(dt_count(text, "fused commands are never split") == 1);
	CU_ASSERT(other.calls == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns, e.qpair, buf, 0, 1, dt_io_cb, &io2,
					 SPDK_NVME_IO_FLAGS_FUSE_SECOND) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &io2);
	CU_ASSERT(dt_cpl_ok(&io1.cpl) && dt_cpl_ok(&io2.cpl));
	/* Back to normal. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf, 0, 1, dt_io_cb, &other, 0) == 0);
	wait_one(&e, &other);

	/* The controller's side: a FIRST followed by another command (raw, so the
	 * driver does not stop it) is aborted as Missing Fused Command. */
	memset(&io1, 0, sizeof(io1));
	memset(&other, 0, sizeof(other));
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_COMPARE;
	cmd.fuse = SPDK_NVME_CMD_FUSE_FIRST;
	cmd.nsid = 1;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_io_raw(e.ctrlr, e.qpair, &cmd, buf, 512, dt_io_cb, &io1) ==
		  0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, buf + 512, 0, 1, dt_io_cb, &other, 0) == 0);
	wait_one(&e, &io1);
	wait_one(&e, &other);
	CU_ASSERT(cpl_is(&io1.cpl, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_MISSING_FUSED));
	CU_ASSERT(dt_cpl_ok(&other.cpl));
	spdk_free(buf);
	env_teardown(&e);
}

/* No FUSES support: -ENOTSUP, and nothing is left pending. */
static void
test_fused_unsupported(void)
{
	struct cmds_env e;
	uint8_t *buf = dma(DT_PAGE);
	struct dt_io io = { 0 };
	struct dt_capture cap;

	fused_env(&e, false);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_compare(ns_of(&e, 1), e.qpair, buf, 0, 1, dt_io_cb, &io,
					   SPDK_NVME_IO_FLAGS_FUSE_FIRST) == -ENOTSUP);
	CU_ASSERT(dt_count(dt_capture_end(&cap, false), "Identify Controller FUSES") == 1);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns_of(&e, 1), e.qpair, buf, 0, 1, dt_io_cb, &io, 0) == 0);
	wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	spdk_free(buf);
	env_teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_compare);
	ADD(test_oncs_off);
	ADD(test_write_zeroes);
	ADD(test_write_uncorrectable);
	ADD(test_dsm);
	ADD(test_dsm_qpair_full);
	ADD(test_fused_compare_write);
	ADD(test_fused_adjacency);
	ADD(test_fused_unsupported);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io_cmds", add_tests);
}
