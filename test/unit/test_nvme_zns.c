/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/nvme_zns.h against the controller model: the ZNS Identify data read
 * at attach (CNS 05h/06h with CSI 02h, the command set chosen from
 * CAP.CSS), the getters, ZONE APPEND, ZONE MANAGEMENT SEND/RECEIVE (SQEs
 * checked in the model's command log, zone states in the reports), and the
 * refusals: a namespace that is not zoned, no zone append, bad arguments.
 */
#include "nvme_driver_test.h"
#include "spdk/nvme_zns.h"

#define ZONE		64u	/* blocks */
#define NZONES		16u

struct zenv {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
	struct spdk_nvme_ns	*zns;	/* nsid 1, zoned */
	struct spdk_nvme_ns	*nvm;	/* nsid 2 */
};

static void
zenv_setup_ms(struct zenv *e, bool iocs, bool zone_append, uint16_t ms)
{
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.iocs = iocs;
	o.zone_append = zone_append;
	o.nn = 2;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = ZONE * NZONES,
		.block_size = 512, .zoned = true, .zone_size = ZONE, .ms = ms };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 1024,
		.block_size = 512 };
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(&o);
	e->ctrlr = dt_attach(e->m);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e->qpair != NULL);
	e->zns = spdk_nvme_ctrlr_get_ns(e->ctrlr, 1);
	e->nvm = spdk_nvme_ctrlr_get_ns(e->ctrlr, 2);
	CU_ASSERT_FATAL(e->zns != NULL && e->nvm != NULL);
}

static void
zenv_setup(struct zenv *e, bool iocs, bool zone_append)
{
	zenv_setup_ms(e, iocs, zone_append, 0);
}

static void
zenv_teardown(struct zenv *e)
{
	dt_env_teardown(e->qpair, e->ctrlr, e->m);
}

static struct spdk_nvme_cpl
zwait(struct zenv *e, struct dt_io *io)
{
	CU_ASSERT(dt_wait_io(e->qpair, io));
	CU_ASSERT(io->calls == 1);
	return io->cpl;
}

/* The newest I/O command with this opcode in the model's log. */
static const struct spdk_nvme_cmd *
last_io(struct zenv *e, uint8_t opc)
{
	const struct nvme_model_cmd_record *r = dt_find_cmd(e->m, 1, opc, -1);

	CU_ASSERT_FATAL(r != NULL);
	return &r->sqe;
}

static void
test_zns_identify(void)
{
	struct zenv e;
	const struct nvme_model_cmd_record *r;

	zenv_setup(&e, true, true);
	/* CC.CSS: all I/O command sets, chosen because CAP.CSS offers them. */
	CU_ASSERT(((nvme_model_reg(e.m, 0x14) >> 4) & 7) == SPDK_NVME_CC_CSS_IOCS);
	CU_ASSERT(spdk_nvme_ns_get_csi(e.zns) == SPDK_NVME_CSI_ZNS);
	CU_ASSERT(spdk_nvme_ns_get_csi(e.nvm) == SPDK_NVME_CSI_NVM);
	CU_ASSERT_FATAL(spdk_nvme_zns_ns_get_data(e.zns) != NULL);
	CU_ASSERT(spdk_nvme_zns_ns_get_data(e.nvm) == NULL);
	CU_ASSERT(spdk_nvme_zns_ns_get_zone_size_sectors(e.zns) == ZONE);
	CU_ASSERT(spdk_nvme_zns_ns_get_zone_size(e.zns) == ZONE * 512);
	CU_ASSERT(spdk_nvme_zns_ns_get_num_zones(e.zns) == NZONES);
	/* MOR/MAR FFFFFFFFh (no limit) + 1 wraps to 0, as in SPDK. */
	CU_ASSERT(spdk_nvme_zns_ns_get_max_open_zones(e.zns) == 0);
	CU_ASSERT(spdk_nvme_zns_ns_get_max_active_zones(e.zns) == 0);
	CU_ASSERT(spdk_nvme_zns_ns_get_zone_size_sectors(e.nvm) == 0);
	CU_ASSERT(spdk_nvme_zns_ns_get_num_zones(e.nvm) == 0);
	CU_ASSERT(spdk_nvme_zns_ctrlr_get_data(e.ctrlr) != NULL);
	/* ZASL 0: the max transfer size. */
	CU_ASSERT(spdk_nvme_zns_ctrlr_get_max_zone_append_size(e.ctrlr) ==
		  spdk_nvme_ctrlr_get_max_xfer_size(e.ctrlr));
	/* CNS 05h for nsid 1 with CSI 2 in CDW11 bits 31:24. */
	r = dt_find_cmd(e.m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_NS_IOCS);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.nsid == 1 && (r->sqe.cdw11 >> 24) == SPDK_NVME_CSI_ZNS);
	r = dt_find_cmd(e.m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_CTRLR_IOCS);
	CU_ASSERT(r != NULL && (r->sqe.cdw11 >> 24) == SPDK_NVME_CSI_ZNS);
	r = dt_find_cmd(e.m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_LOG_COMMAND_EFFECTS_LOG);
	CU_ASSERT(r != NULL && (r->sqe.cdw14 >> 24) == SPDK_NVME_CSI_ZNS);
	zenv_teardown(&e);
}

/* A controller without IOCS: NVM command set, no zoned data, zone calls refused. */
static void
test_zns_not_enabled(void)
{
	struct zenv e;
	struct dt_io io = { 0 };
	uint8_t *buf = spdk_zmalloc(4096, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	zenv_setup(&e, false, true);
	CU_ASSERT(((nvme_model_reg(e.m, 0x14) >> 4) & 7) == SPDK_NVME_CC_CSS_NVM);
	CU_ASSERT(!(spdk_nvme_ctrlr_get_flags(e.ctrlr) & SPDK_NVME_CTRLR_ZONE_APPEND_SUPPORTED));
	CU_ASSERT(spdk_nvme_zns_ns_get_data(e.zns) == NULL);
	CU_ASSERT(spdk_nvme_zns_ctrlr_get_data(e.ctrlr) == NULL);
	CU_ASSERT(spdk_nvme_zns_zone_append(e.zns, e.qpair, buf, 0, 1, dt_io_cb, &io, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_zns_reset_zone(e.zns, e.qpair, 0, false, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_report_zones(e.zns, e.qpair, buf, 4096, 0, SPDK_NVME_ZRA_LIST_ALL,
					     false, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(io.calls == 0);
	spdk_free(buf);
	zenv_teardown(&e);
}

static void
test_zone_append(void)
{
	struct zenv e;
	struct dt_io io = { 0 };
	uint8_t *buf = spdk_zmalloc(8 * 512, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t *mem;
	const struct spdk_nvme_cmd *sqe;
	uint64_t max_blocks;

	zenv_setup(&e, true, true);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(e.ctrlr) & SPDK_NVME_CTRLR_ZONE_APPEND_SUPPORTED);
	mem = nvme_model_ns_mem(e.m, 1, NULL);
	CU_ASSERT_FATAL(buf != NULL && mem != NULL);
	memset(buf, 0xa1, 8 * 512);
	/* Zone 2: the first append lands at its start, the next one after it. */
	CU_ASSERT(spdk_nvme_zns_zone_append(e.zns, e.qpair, buf, 2 * ZONE, 8, dt_io_cb, &io, 0) == 0);
	zwait(&e, &io);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(io.cpl.cdw0 == 2 * ZONE);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_APPEND);
	CU_ASSERT(sqe->nsid == 1 && sqe->cdw10 == 2 * ZONE && sqe->cdw11 == 0);
	CU_ASSERT(sqe->cdw12 == 7);
	CU_ASSERT(memcmp(mem + 2 * ZONE * 512, buf, 8 * 512) == 0);
	memset(buf, 0xb2, 512);
	io = (struct dt_io){ 0 };
	CU_ASSERT(spdk_nvme_zns_zone_append(e.zns, e.qpair, buf, 2 * ZONE, 1, dt_io_cb, &io,
					    SPDK_NVME_IO_FLAGS_ZONE_APPEND_PIREMAP |
					    SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS) == 0);
	zwait(&e, &io);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(io.cpl.cdw0 == 2 * ZONE + 8);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_APPEND);
	CU_ASSERT(sqe->cdw12 == (0u | 1u << 25 | SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS));
	CU_ASSERT(mem[(2 * ZONE + 8) * 512] == 0xb2);
	/* Refused: more than the append size, a namespace that is not zoned, bad flags. */
	max_blocks = spdk_nvme_zns_ctrlr_get_max_zone_append_size(e.ctrlr) / 512;
	CU_ASSERT(spdk_nvme_zns_zone_append(e.zns, e.qpair, buf, 0, (uint32_t)max_blocks + 1,
					    dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_zone_append(e.nvm, e.qpair, buf, 0, 1, dt_io_cb, &io, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_zns_zone_append(e.zns, e.qpair, buf, 0, 1, dt_io_cb, &io,
					    1u << 10) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_zone_append(e.zns, e.qpair, NULL, 0, 1, dt_io_cb, &io, 0) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_zns_zone_appendv(e.zns, e.qpair, 0, 1, dt_io_cb, &io, 0, NULL, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_zns_zone_append_with_md(e.zns, e.qpair, buf, buf, 0, 1, dt_io_cb, &io,
						    0, 0, 0) == -EINVAL);	/* no metadata */
	CU_ASSERT(io.calls == 1);
	spdk_free(buf);
	zenv_teardown(&e);
}

/* Without ZONE APPEND in the ZNS effects log, appends are refused up front. */
static void
test_zone_append_unsupported(void)
{
	struct zenv e;
	struct dt_io io = { 0 };
	uint8_t *buf = spdk_zmalloc(512, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	zenv_setup(&e, true, false);
	CU_ASSERT(!(spdk_nvme_ctrlr_get_flags(e.ctrlr) & SPDK_NVME_CTRLR_ZONE_APPEND_SUPPORTED));
	CU_ASSERT(spdk_nvme_zns_ns_get_data(e.zns) != NULL);
	CU_ASSERT(spdk_nvme_zns_zone_append(e.zns, e.qpair, buf, 0, 1, dt_io_cb, &io, 0) ==
		  -EINVAL);
	CU_ASSERT(nvme_model_get_stats(e.m)->io_cmds[SPDK_NVME_OPC_ZONE_APPEND] == 0);
	spdk_free(buf);
	zenv_teardown(&e);
}

/* Report into ordinary memory (copied back by the driver); the descriptors. */
static uint64_t
report(struct zenv *e, void *rep, uint32_t size, uint64_t slba,
       enum spdk_nvme_zns_zra_report_opts opts, bool partial)
{
	struct dt_io io = { 0 };

	memset(rep, 0xee, size);
	CU_ASSERT_FATAL(spdk_nvme_zns_report_zones(e->zns, e->qpair, rep, size, slba, opts, partial,
			dt_io_cb, &io) == 0);
	zwait(e, &io);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	return ((struct spdk_nvme_zns_zone_report *)rep)->nr_zones;
}

static void
zone_cmd(struct zenv *e, int (*fn)(struct spdk_nvme_ns *, struct spdk_nvme_qpair *, uint64_t,
				   bool, spdk_nvme_cmd_cb, void *), uint64_t slba, bool all,
	 uint8_t sct, uint8_t sc)
{
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(fn(e->zns, e->qpair, slba, all, dt_io_cb, &io) == 0);
	zwait(e, &io);
	CU_ASSERT(io.cpl.status.sct == sct && io.cpl.status.sc == sc);
}

static void
test_zone_mgmt(void)
{
	struct zenv e;
	struct dt_io io = { 0 };
	size_t size = 64 + NZONES * 64;
	struct spdk_nvme_zns_zone_report *rep = malloc(size);	/* not DMA memory */
	uint8_t *buf = spdk_zmalloc(512, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	const struct spdk_nvme_cmd *sqe;

	zenv_setup(&e, true, true);
	CU_ASSERT_FATAL(rep != NULL && buf != NULL);
	CU_ASSERT(report(&e, rep, (uint32_t)size, 0, SPDK_NVME_ZRA_LIST_ALL, false) == NZONES);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_RECV);
	CU_ASSERT(sqe->cdw10 == 0 && sqe->cdw12 == size / 4 - 1 && sqe->cdw13 == 0);
	CU_ASSERT(rep->descs[3].zslba == 3 * ZONE && rep->descs[3].wp == 3 * ZONE);
	CU_ASSERT(rep->descs[3].zs == SPDK_NVME_ZONE_STATE_EMPTY);
	CU_ASSERT(rep->descs[3].zt == SPDK_NVME_ZONE_TYPE_SEQWR && rep->descs[3].zcap == ZONE);

	/* Write a block into zone 1: implicitly open, write pointer moved. */
	CU_ASSERT(spdk_nvme_ns_cmd_write(e.zns, e.qpair, buf, ZONE, 1, dt_io_cb, &io, 0) == 0);
	zwait(&e, &io);
	CU_ASSERT(dt_cpl_ok(&io.cpl));
	CU_ASSERT(report(&e, rep, (uint32_t)size, ZONE, SPDK_NVME_ZRA_LIST_ZSIO, false) == 1);
	CU_ASSERT(rep->descs[0].zslba == ZONE && rep->descs[0].wp == ZONE + 1);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_RECV);
	CU_ASSERT(sqe->cdw10 == ZONE && sqe->cdw13 == (SPDK_NVME_ZRA_LIST_ZSIO << 8));

	/* Close, open (explicitly), finish, reset: states and SQEs. */
	zone_cmd(&e, spdk_nvme_zns_close_zone, ZONE, false, 0, 0);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_SEND);
	CU_ASSERT(sqe->cdw10 == ZONE && sqe->cdw11 == 0 && sqe->cdw13 == SPDK_NVME_ZONE_CLOSE);
	CU_ASSERT(report(&e, rep, (uint32_t)size, 0, SPDK_NVME_ZRA_LIST_ZSC, false) == 1);
	zone_cmd(&e, spdk_nvme_zns_open_zone, ZONE, false, 0, 0);
	CU_ASSERT(report(&e, rep, (uint32_t)size, 0, SPDK_NVME_ZRA_LIST_ZSEO, false) == 1);
	zone_cmd(&e, spdk_nvme_zns_finish_zone, ZONE, false, 0, 0);
	CU_ASSERT(report(&e, rep, (uint32_t)size, 0, SPDK_NVME_ZRA_LIST_ZSF, false) == 1);
	CU_ASSERT(rep->descs[0].wp == 2 * ZONE);
	zone_cmd(&e, spdk_nvme_zns_reset_zone, ZONE, false, 0, 0);
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_SEND)->cdw13 == SPDK_NVME_ZONE_RESET);
	CU_ASSERT(report(&e, rep, (uint32_t)size, 0, SPDK_NVME_ZRA_LIST_ZSE, false) == NZONES);
	/* A full zone refuses writes; finish all then reset all (Select All, CDW13 bit 8). */
	zone_cmd(&e, spdk_nvme_zns_finish_zone, 5 * ZONE, false, 0, 0);
	io = (struct dt_io){ 0 };
	CU_ASSERT(spdk_nvme_ns_cmd_write(e.zns, e.qpair, buf, 5 * ZONE, 1, dt_io_cb, &io, 0) == 0);
	CU_ASSERT(zwait(&e, &io).status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC);
	zone_cmd(&e, spdk_nvme_zns_reset_zone, 12345, true, 0, 0);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_SEND);
	CU_ASSERT(sqe->cdw10 == 0 && sqe->cdw13 == (SPDK_NVME_ZONE_RESET | 1u << 8));
	CU_ASSERT(report(&e, rep, (uint32_t)size, 0, SPDK_NVME_ZRA_LIST_ZSE, false) == NZONES);
	/* Offline of an empty zone: the controller refuses the transition. */
	zone_cmd(&e, spdk_nvme_zns_offline_zone, 0, false, SPDK_NVME_SCT_COMMAND_SPECIFIC,
		 SPDK_NVME_SC_INVALID_ZONE_STATE_TRANSITION);
	CU_ASSERT(last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_SEND)->cdw13 == SPDK_NVME_ZONE_OFFLINE);
	/* Partial report: nr_zones counts what fits (two descriptors). */
	CU_ASSERT(report(&e, rep, 64 + 2 * 64, 0, SPDK_NVME_ZRA_LIST_ALL, true) == 2);
	CU_ASSERT((last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_RECV)->cdw13 >> 16) == 1);
	CU_ASSERT(report(&e, rep, 64 + 2 * 64, 0, SPDK_NVME_ZRA_LIST_ALL, false) == NZONES);
	free(rep);
	spdk_free(buf);
	zenv_teardown(&e);
}

static void
test_zone_mgmt_errors(void)
{
	struct zenv e;
	struct dt_io io = { 0 };
	uint8_t rep[256], zde[64] = { 1, 2, 3 };
	const struct spdk_nvme_cmd *sqe;

	zenv_setup(&e, true, true);
	CU_ASSERT(spdk_nvme_zns_report_zones(e.zns, e.qpair, NULL, 256, 0, SPDK_NVME_ZRA_LIST_ALL,
					     false, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_report_zones(e.zns, e.qpair, rep, 32, 0, SPDK_NVME_ZRA_LIST_ALL,
					     false, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_report_zones(e.zns, e.qpair, rep, 130, 0, SPDK_NVME_ZRA_LIST_ALL,
					     false, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_report_zones(e.zns, e.qpair, rep, 256, 0,
					     (enum spdk_nvme_zns_zra_report_opts)9, false,
					     dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_report_zones(e.nvm, e.qpair, rep, 256, 0, SPDK_NVME_ZRA_LIST_ALL,
					     false, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_reset_zone(e.zns, e.qpair, ZONE * NZONES, false, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_zns_reset_zone(NULL, e.qpair, 0, false, dt_io_cb, &io) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_set_zone_desc_ext(e.zns, e.qpair, 0, NULL, 64, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_zns_set_zone_desc_ext(e.zns, e.qpair, 0, zde, 0, dt_io_cb, &io) ==
		  -EINVAL);
	CU_ASSERT(io.calls == 0);
	/* Set ZDE goes out with its data (the model has no extensions: invalid field). */
	CU_ASSERT(spdk_nvme_zns_set_zone_desc_ext(e.zns, e.qpair, 2 * ZONE, zde, sizeof(zde),
						  dt_io_cb, &io) == 0);
	CU_ASSERT(zwait(&e, &io).status.sc == SPDK_NVME_SC_INVALID_FIELD);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_SEND);
	CU_ASSERT(sqe->cdw13 == SPDK_NVME_ZONE_SET_ZDE && sqe->cdw10 == 2 * ZONE);
	CU_ASSERT(sqe->dptr.prp.prp1 != 0);
	/* Extended report: ZRA 1 (the model has none either). */
	io = (struct dt_io){ 0 };
	CU_ASSERT(spdk_nvme_zns_ext_report_zones(e.zns, e.qpair, rep, sizeof(rep), 0,
			SPDK_NVME_ZRA_LIST_ZSF, true, dt_io_cb, &io) == 0);
	CU_ASSERT(zwait(&e, &io).status.sc == SPDK_NVME_SC_INVALID_FIELD);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_MGMT_RECV);
	CU_ASSERT(sqe->cdw13 == (SPDK_NVME_ZONE_EXTENDED_REPORT | SPDK_NVME_ZRA_LIST_ZSF << 8 |
				 1u << 16));
	zenv_teardown(&e);
}

/* Vectored append: two elements, data lands at the write pointer. */
static void
test_zone_appendv(void)
{
	struct zenv e;
	struct iovec iov[2];
	struct dt_iov_sgl t = { .iov = iov, .n = 2 };
	uint8_t *mem;

	zenv_setup(&e, true, true);
	mem = nvme_model_ns_mem(e.m, 1, NULL);
	for (int i = 0; i < 2; i++) {
		iov[i].iov_base = spdk_zmalloc(DT_PAGE, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY,
					       SPDK_MALLOC_DMA);
		iov[i].iov_len = DT_PAGE;
		CU_ASSERT_FATAL(iov[i].iov_base != NULL);
		memset(iov[i].iov_base, 0x30 + i, DT_PAGE);
	}
	CU_ASSERT(spdk_nvme_zns_zone_appendv(e.zns, e.qpair, 4 * ZONE, 16, dt_io_cb, &t, 0,
					     dt_iov_reset, dt_iov_next) == 0);
	zwait(&e, &t.io);
	CU_ASSERT(dt_cpl_ok(&t.io.cpl));
	CU_ASSERT(t.io.cpl.cdw0 == 4 * ZONE);
	CU_ASSERT(memcmp(mem + 4 * ZONE * 512, iov[0].iov_base, DT_PAGE) == 0);
	CU_ASSERT(memcmp(mem + 4 * ZONE * 512 + DT_PAGE, iov[1].iov_base, DT_PAGE) == 0);
	spdk_free(iov[0].iov_base);
	spdk_free(iov[1].iov_base);
	zenv_teardown(&e);
}

/* Zone append with separate metadata: MPTR, metadata at the written blocks. */
static void
test_zone_append_with_md(void)
{
	struct zenv e;
	struct dt_io io = { 0 };
	uint8_t *buf = spdk_zmalloc(4 * 512, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t *md = spdk_zmalloc(4 * 8, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t *nsmd;
	const struct spdk_nvme_cmd *sqe;
	struct iovec iov = { .iov_base = buf, .iov_len = 4 * 512 };
	struct dt_iov_sgl t = { .iov = &iov, .n = 1 };

	zenv_setup_ms(&e, true, true, 8);
	CU_ASSERT_FATAL(buf != NULL && md != NULL);
	memset(md, 0x9d, 4 * 8);
	CU_ASSERT(spdk_nvme_zns_zone_append_with_md(e.zns, e.qpair, buf, md, ZONE, 4, dt_io_cb, &io,
						    0, 0xffff, 0x77) == 0);
	zwait(&e, &io);
	CU_ASSERT(dt_cpl_ok(&io.cpl) && io.cpl.cdw0 == ZONE);
	sqe = last_io(&e, SPDK_NVME_OPC_ZONE_APPEND);
	CU_ASSERT(sqe->mptr == spdk_vtophys(md, NULL) && sqe->cdw15 == 0xffff0077u);
	nsmd = nvme_model_ns_md(e.m, 1, NULL);
	CU_ASSERT_FATAL(nsmd != NULL);
	CU_ASSERT(nsmd[ZONE * 8] == 0x9d && nsmd[(ZONE + 3) * 8 + 7] == 0x9d);
	/* Vectored: lands after the first. */
	CU_ASSERT(spdk_nvme_zns_zone_appendv_with_md(e.zns, e.qpair, ZONE, 4, dt_io_cb, &t, 0,
			dt_iov_reset, dt_iov_next, md, 0, 0) == 0);
	zwait(&e, &t.io);
	CU_ASSERT(dt_cpl_ok(&t.io.cpl) && t.io.cpl.cdw0 == ZONE + 4);
	/* The separate metadata is required. */
	CU_ASSERT(spdk_nvme_zns_zone_append_with_md(e.zns, e.qpair, buf, NULL, ZONE, 4, dt_io_cb,
						    &io, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_zns_zone_appendv_with_md(e.zns, e.qpair, ZONE, 4, dt_io_cb, &t, 0,
			NULL, dt_iov_next, md, 0, 0) == -EINVAL);
	spdk_free(buf);
	spdk_free(md);
	zenv_teardown(&e);
}

/* A reset reads the ZNS data again into the same buffers the application holds. */
static void
test_zns_reset_keeps_data(void)
{
	struct zenv e;
	const struct spdk_nvme_zns_ns_data *zd;
	const struct spdk_nvme_zns_ctrlr_data *cd;
	uint64_t identifies;

	zenv_setup(&e, true, true);
	zd = spdk_nvme_zns_ns_get_data(e.zns);
	cd = spdk_nvme_zns_ctrlr_get_data(e.ctrlr);
	identifies = nvme_model_get_stats(e.m)->admin_cmds[SPDK_NVME_OPC_IDENTIFY];
	CU_ASSERT_FATAL(spdk_nvme_ctrlr_reset(e.ctrlr) == 0);
	CU_ASSERT(nvme_model_get_stats(e.m)->admin_cmds[SPDK_NVME_OPC_IDENTIFY] > identifies);
	CU_ASSERT(spdk_nvme_zns_ns_get_data(e.zns) == zd);
	CU_ASSERT(spdk_nvme_zns_ctrlr_get_data(e.ctrlr) == cd);
	CU_ASSERT(zd->lbafe[0].zsze == ZONE);
	CU_ASSERT(spdk_nvme_zns_ns_get_num_zones(e.zns) == NZONES);
	zenv_teardown(&e);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_zns_identify);
	ADD(test_zns_not_enabled);
	ADD(test_zone_append);
	ADD(test_zone_append_unsupported);
	ADD(test_zone_mgmt);
	ADD(test_zone_mgmt_errors);
	ADD(test_zone_appendv);
	ADD(test_zns_reset_keeps_data);
	ADD(test_zone_append_with_md);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_zns", add_tests);
}
