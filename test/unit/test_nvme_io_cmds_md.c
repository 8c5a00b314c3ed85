/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Namespace formats through the public API against the controller model:
 * the namespace getters (sizes, flags from ONCS/VWC, UUIDs from the NS ID
 * descriptor list) and metadata, separate (MPTR) and interleaved
 * (extended LBA).
 */
#include "spdk/uuid.h"
#include "io_cmds_test.h"

/* ---- Namespace getters ----------------------------------------------------------- */

static void
test_ns_getters(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns1, *ns2, *ns3;
	const uint8_t *u1, *u2;

	env_setup(&e, 0);
	ns1 = ns_of(&e, 1);
	ns2 = ns_of(&e, 2);
	ns3 = ns_of(&e, 3);

	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns1) == 512);
	CU_ASSERT(spdk_nvme_ns_get_extended_sector_size(ns1) == 512);
	CU_ASSERT(spdk_nvme_ns_get_md_size(ns1) == 0);
	CU_ASSERT(!spdk_nvme_ns_supports_extended_lba(ns1));

	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns2) == 4096);
	CU_ASSERT(spdk_nvme_ns_get_extended_sector_size(ns2) == 4096);
	CU_ASSERT(spdk_nvme_ns_get_md_size(ns2) == 8);
	CU_ASSERT(!spdk_nvme_ns_supports_extended_lba(ns2));

	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns3) == 512);
	CU_ASSERT(spdk_nvme_ns_get_extended_sector_size(ns3) == 528);
	CU_ASSERT(spdk_nvme_ns_get_md_size(ns3) == 16);
	CU_ASSERT(spdk_nvme_ns_supports_extended_lba(ns3));
	/* Interleaved metadata shrinks the blocks one command carries. */
	CU_ASSERT(spdk_nvme_ns_get_size(ns3) == (uint64_t)NS_BLOCKS * 512);

	CU_ASSERT(spdk_nvme_ns_get_pi_type(ns1) == SPDK_NVME_FMT_NVM_PROTECTION_DISABLE);
	CU_ASSERT(spdk_nvme_ns_get_optimal_io_boundary(ns1) == 0);
	CU_ASSERT(spdk_nvme_ns_get_csi(ns1) == SPDK_NVME_CSI_NVM);

	/* Default model: ONCS compare, DSM, write zeroes; VWC present. */
	CU_ASSERT(spdk_nvme_ns_get_flags(ns1) ==
		  (SPDK_NVME_NS_DEALLOCATE_SUPPORTED | SPDK_NVME_NS_FLUSH_SUPPORTED |
		   SPDK_NVME_NS_WRITE_ZEROES_SUPPORTED | SPDK_NVME_NS_COMPARE_SUPPORTED));
	CU_ASSERT(spdk_nvme_ns_get_flags(ns3) ==
		  (spdk_nvme_ns_get_flags(ns1) | SPDK_NVME_NS_EXTENDED_LBA_SUPPORTED));

	/* UUIDs from the NS ID descriptor list: per namespace, version 4 layout. */
	CU_ASSERT_FATAL(spdk_nvme_ns_get_uuid(ns1) != NULL && spdk_nvme_ns_get_uuid(ns2) != NULL);
	u1 = spdk_nvme_ns_get_uuid(ns1)->u.raw;
	u2 = spdk_nvme_ns_get_uuid(ns2)->u.raw;
	CU_ASSERT(u1[15] == 1 && u2[15] == 2);
	CU_ASSERT((u1[6] >> 4) == 4);
	CU_ASSERT(memcmp(u1, u2, 15) == 0);
	CU_ASSERT(dt_find_cmd(e.m, 0, SPDK_NVME_OPC_IDENTIFY,
			      SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST) != NULL);
	env_teardown(&e);
}

/* Flags follow ONCS and VWC; an NVMe 1.2 controller is not asked for descriptors. */
static void
test_ns_flags_old_controller(void)
{
	struct nvme_model_opts o;
	struct cmds_env e;
	struct spdk_nvme_ns *ns;

	cmds_opts(&o);
	o.vs = SPDK_NVME_VERSION(1, 2, 0);
	o.oncs = 0x0002;	/* write uncorrectable only */
	o.vwc = false;
	env_setup_opts(&e, &o);
	ns = ns_of(&e, 1);
	CU_ASSERT(spdk_nvme_ns_get_flags(ns) == SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED);
	CU_ASSERT(spdk_nvme_ns_get_uuid(ns) == NULL);
	CU_ASSERT(dt_find_cmd(e.m, 0, SPDK_NVME_OPC_IDENTIFY,
			      SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST) == NULL);
	env_teardown(&e);
}

/* ---- Metadata -------------------------------------------------------------------- */

static void
test_md_separate(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	const uint32_t nblocks = MAX_XFER / 4096 + 3;	/* two commands */
	uint8_t *data = dma(nblocks * 4096), *md = dma(nblocks * 8);
	uint8_t *rdata = dma(nblocks * 4096), *rmd = dma(nblocks * 8);
	uint8_t *model_md, stack_md[64];
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	struct dt_capture cap;
	const char *text;
	unsigned int bad = 0;

	env_setup(&e, 0);
	ns = ns_of(&e, 2);
	dt_fill_random(data, nblocks * 4096);
	dt_fill_random(md, nblocks * 8);
	CU_ASSERT(spdk_nvme_ns_cmd_write_with_md(ns, e.qpair, data, md, 10, nblocks, dt_io_cb,
						 &io, 0, 0xffff, 0x1234) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	model_md = nvme_model_ns_md(e.m, 2, NULL);
	CU_ASSERT_FATAL(model_md != NULL);
	CU_ASSERT(memcmp(ns_mem(&e, 2) + 10 * 4096, data, nblocks * 4096) == 0);
	CU_ASSERT(memcmp(model_md + 10 * 8, md, nblocks * 8) == 0);
	/* Each child's MPTR is its part of the metadata buffer; CDW15 mask/tag. */
	for (unsigned int k = 0; k < 2; k++) {
		const struct nvme_model_cmd_record *rec = nvme_model_cmd_log(e.m, 1 - k);
		uint32_t first = k * (MAX_XFER / 4096);

		CU_ASSERT_FATAL(rec != NULL);
		bad += rec->sqe.mptr != spdk_vtophys(md + first * 8, NULL);
		bad += rec->sqe.cdw15 != (0xffffu << 16 | 0x1234);
		bad += rec->sqe.cdw10 != 10 + first;
	}
	CU_ASSERT(bad == 0);

	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, rmd, 10, nblocks, dt_io_cb,
						&io, 0, 0, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(rdata, data, nblocks * 4096) == 0);
	CU_ASSERT(memcmp(rmd, md, nblocks * 8) == 0);

	/* Argument errors. */
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, NULL, 10, 1, dt_io_cb, &io,
						0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, stack_md, 10, 1, dt_io_cb,
						&io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, rdata, md + 1, 10, 1, dt_io_cb,
						&io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns_of(&e, 3), e.qpair, rdata, md, 10, 1,
						dt_io_cb, &io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns_of(&e, 1), e.qpair, rdata, md, 10, 1,
						dt_io_cb, &io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_read_with_md(ns, e.qpair, NULL, md, 10, 1, dt_io_cb, &io, 0,
						0, 0) == -EINVAL);
	text = dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(text, "pass one of lba_count * 8 bytes") == 1);
	CU_ASSERT(dt_count(text, "must be dword-aligned, IOVA-contiguous DMA memory") == 2);
	CU_ASSERT(dt_count(text, "interleaved in the payload (extended LBA); pass metadata NULL") ==
		  1);
	CU_ASSERT(dt_count(text, "has no metadata; pass metadata NULL") == 1);
	CU_ASSERT(io.calls == 1);

	spdk_free(data);
	spdk_free(md);
	spdk_free(rdata);
	spdk_free(rmd);
	env_teardown(&e);
}

static void
test_md_extended(void)
{
	struct cmds_env e;
	struct spdk_nvme_ns *ns;
	const uint32_t xb = 528;
	const uint32_t per_cmd = MAX_XFER / xb;			/* 248 */
	const uint32_t nblocks = per_cmd + 5;
	uint8_t *buf = dma(nblocks * xb), *back = dma(nblocks * xb), *md;
	const struct nvme_model_cmd_record *rec;
	struct spdk_nvme_cpl cpl;
	struct dt_io io = { 0 };
	unsigned int bad = 0;

	env_setup(&e, 0);
	ns = ns_of(&e, 3);
	CU_ASSERT(spdk_nvme_ns_get_max_io_xfer_size(ns) == MAX_XFER);
	dt_fill_random(buf, nblocks * xb);
	CU_ASSERT(spdk_nvme_ns_cmd_write_with_md(ns, e.qpair, buf, NULL, 3, nblocks, dt_io_cb,
						 &io, 0, 0, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	/* Split by the extended size: per_cmd blocks, then 5. */
	rec = nvme_model_cmd_log(e.m, 1);
	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT((rec->sqe.cdw12 & 0xffff) + 1 == per_cmd);
	CU_ASSERT(rec->sqe.mptr == 0);
	rec = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT((rec->sqe.cdw12 & 0xffff) + 1 == 5);
	CU_ASSERT(rec->sqe.dptr.prp.prp1 == spdk_vtophys(buf + per_cmd * xb, NULL));
	md = nvme_model_ns_md(e.m, 3, NULL);
	CU_ASSERT_FATAL(md != NULL);
	for (uint32_t i = 0; i < nblocks; i++) {
		bad += memcmp(ns_mem(&e, 3) + (3 + i) * 512, buf + i * xb, 512) != 0;
		bad += memcmp(md + (3 + i) * 16, buf + i * xb + 512, 16) != 0;
	}
	CU_ASSERT(bad == 0);

	/* Plain read on the same namespace moves data + metadata too. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns, e.qpair, back, 3, nblocks, dt_io_cb, &io, 0) == 0);
	cpl = wait_one(&e, &io);
	CU_ASSERT(dt_cpl_ok(&cpl));
	CU_ASSERT(memcmp(back, buf, nblocks * xb) == 0);
	spdk_free(buf);
	spdk_free(back);
	env_teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_ns_getters);
	ADD(test_ns_flags_old_controller);
	ADD(test_md_separate);
	ADD(test_md_extended);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_io_cmds_md", add_tests);
}
