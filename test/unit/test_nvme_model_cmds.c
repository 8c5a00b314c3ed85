/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The controller model on its own, without the driver (see
 * test_nvme_model.c): admin commands (identify, features, queue creation
 * and deletion, log pages) and NVM commands with their PRPs, from the
 * hand-written host in model_host.h.
 */
#include "model_host.h"

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

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("nvme_model_cmds", NULL, NULL);
	if (suite == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}
#define ADD(t) CU_add_test(suite, #t, t)
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
#undef ADD

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
