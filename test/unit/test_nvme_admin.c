/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Admin commands through the public API against the controller model: the
 * asynchronous wrappers (identify, get log page, set/get feature, abort),
 * the support queries, FORMAT NVM, namespace management/attachment and the
 * firmware update, with their error paths (bad arguments -> negative errno
 * and no command sent; controller errors -> the right status and string;
 * OACS bit clear -> -ENOTSUP).
 */
#include "nvme_driver_test.h"

static void *
dma(size_t len)
{
	void *p = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

/* Submit nothing, return rc: the model must not have fetched anything. */
#define EXPECT_REJECTED(m, call, want) do {				\
		uint64_t before_ = dt_cmds_fetched(m);			\
		CU_ASSERT((call) == (want));				\
		CU_ASSERT(dt_cmds_fetched(m) == before_);		\
	} while (0)

static bool
status_is(const struct spdk_nvme_cpl *cpl, unsigned sct, unsigned sc, const char *name)
{
	return cpl->status.sct == sct && cpl->status.sc == sc &&
	       strcmp(spdk_nvme_cpl_get_status_string(&cpl->status), name) == 0;
}

static void
test_identify_async(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_ctrlr_data *cd = dma(4096);
	struct spdk_nvme_ns_data *nd = dma(4096);
	const struct nvme_model_cmd_record *r;
	struct dt_io io = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, 0, 0, cd, 4096,
					       dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(memcmp(cd->sn, spdk_nvme_ctrlr_get_data(ctrlr)->sn, sizeof(cd->sn)) == 0);
	CU_ASSERT(cd->nn == 1);

	/* CNTID in CDW10 31:16, CSI in CDW11 31:24 (§5.15.1). */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_NS, 0x1234, 1, 0, nd, 4096,
					       dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(nd->nsze == 8192);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_NS);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.cdw10 == (0x1234u << 16 | SPDK_NVME_IDENTIFY_NS) && r->sqe.nsid == 1);

	/* Controller errors: unknown CNS, a namespace beyond NN. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_identify(ctrlr, 0x7f, 0, 0, 0, nd, 4096, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 0, SPDK_NVME_SC_INVALID_FIELD, "INVALID FIELD"));
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_NS, 0, 99, 0, nd, 4096,
					       dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT,
			    "INVALID NAMESPACE OR FORMAT"));

	/* Bad arguments: nothing reaches the controller. */
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_identify(ctrlr, 1, 0, 0, 0, nd, 512, dt_io_cb, &io),
			-EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_identify(ctrlr, 1, 0, 0, 0, NULL, 4096, dt_io_cb,
			&io), -EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_identify(NULL, 1, 0, 0, 0, nd, 4096, dt_io_cb, &io),
			-EINVAL);
	spdk_free(cd);
	spdk_free(nd);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_get_log_page(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint8_t *buf = dma(4096);
	struct spdk_nvme_health_information_page *h = (void *)buf;
	const struct nvme_model_cmd_record *r;
	struct dt_io io = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, buf, 512, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(h->temperature == 311 && h->available_spare == 100);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, -1);
	CU_ASSERT_FATAL(r != NULL);
	/* NUMDL = 127 (0's based dwords), LID 02h, NUMDU 0, no offset. */
	CU_ASSERT(r->sqe.cdw10 == (127u << 16 | SPDK_NVME_LOG_HEALTH_INFORMATION));
	CU_ASSERT(r->sqe.cdw11 == 0 && r->sqe.cdw12 == 0 && r->sqe.cdw13 == 0);

	/* With an offset: firmware slot log, bytes 8..15 = slot 1 revision. */
	memset(&io, 0, sizeof(io));
	memset(buf, 0xee, 16);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_FIRMWARE_SLOT, 0, buf, 8,
			8, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(memcmp(buf, "1.0     ", 8) == 0);
	CU_ASSERT(buf[8] == 0xee);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, -1);
	CU_ASSERT(r != NULL && r->sqe.cdw12 == 8 && r->sqe.cdw10 >> 16 == 1);

	/* LPOU carries the upper half; beyond the page -> INVALID FIELD. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_ERROR, 0, buf, 64,
			(1ull << 32) | 64, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 0, SPDK_NVME_SC_INVALID_FIELD, "INVALID FIELD"));
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, -1);
	CU_ASSERT(r != NULL && r->sqe.cdw12 == 64 && r->sqe.cdw13 == 1);

	/* A log page the controller does not have. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, 0x7f, 0, buf, 512, 0, dt_io_cb,
			&io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 1, SPDK_NVME_SC_INVALID_LOG_PAGE, "INVALID LOG PAGE"));

	/* Sizes and offsets must be dwords; NULL payload. */
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, 2, 0, buf, 6, 0, dt_io_cb, &io),
			-EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, 2, 0, buf, 0, 0, dt_io_cb, &io),
			-EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, 2, 0, buf, 8, 2, dt_io_cb, &io),
			-EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, 2, 0, NULL, 8, 0, dt_io_cb, &io),
			-EINVAL);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_features(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_cmd cmd;
	struct dt_io io = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_cmd_set_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0x03020103, 0,
			NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0, NULL, 0,
			dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(io.cpl.cdw0 == 0x03020103);

	/* Init turned on the async events OAES announces and all critical warnings. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION, 0,
			NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(io.cpl.cdw0 == (0x1fu | 1u << 8));

	/* A feature the controller lacks (keep alive with KAS 0), a reserved one. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_set_feature(ctrlr, SPDK_NVME_FEAT_KEEP_ALIVE_TIMER, 1000, 0,
			NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 0, SPDK_NVME_SC_INVALID_FIELD, "INVALID FIELD"));
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, 0x7e, 0, NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 0, SPDK_NVME_SC_INVALID_FIELD, "INVALID FIELD"));
	/* Temperature threshold: THSEL 3 is reserved. */
	memset(&io, 0, sizeof(io));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_set_feature(ctrlr, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD,
			(3u << 20) | 300, 0, NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 0, SPDK_NVME_SC_INVALID_FIELD, "INVALID FIELD"));

	/* An opcode the controller does not implement. */
	memset(&io, 0, sizeof(io));
	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = 0x3f;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(status_is(&io.cpl, 0, SPDK_NVME_SC_INVALID_OPCODE, "INVALID OPCODE"));

	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_set_feature(ctrlr, 1, 0, 0, NULL, 64, dt_io_cb, &io),
			-EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_cmd_get_feature(NULL, 1, 0, NULL, 0, dt_io_cb, &io),
			-EINVAL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_abort(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct dt_io held = { 0 }, ab = { 0 }, rd = { 0 }, ab2 = { 0 };
	const struct nvme_model_cmd_record *r;
	uint8_t *buf = dma(4096);
	uint16_t cid;

	CU_ASSERT_FATAL(qpair != NULL);
	/* An admin command the controller sits on, aborted by CID on SQ 0. */
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 1) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0, NULL, 0,
			dt_io_cb, &held) == 0);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_FEATURES, -1);
	CU_ASSERT_FATAL(r != NULL);
	cid = r->sqe.cid;
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort(ctrlr, NULL, cid, dt_io_cb, &ab) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &ab) && dt_cpl_ok(&ab.cpl));
	CU_ASSERT((ab.cpl.cdw0 & 1) == 0);	/* aborted */
	CU_ASSERT(dt_wait_admin(ctrlr, &held));
	CU_ASSERT(held.calls == 1);
	CU_ASSERT(status_is(&held.cpl, 0, SPDK_NVME_SC_ABORTED_BY_REQUEST, "ABORTED - BY REQUEST"));
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_ABORT, -1);
	CU_ASSERT(r != NULL && r->sqe.cdw10 == ((uint32_t)cid << 16));

	/* An I/O command, by its qpair's SQID. */
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, &rd, 0) == 0);
	r = dt_find_cmd(m, 1, SPDK_NVME_OPC_READ, -1);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort(ctrlr, qpair, r->sqe.cid, dt_io_cb, &ab2) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &ab2) && dt_cpl_ok(&ab2.cpl));
	CU_ASSERT(dt_wait_io(qpair, &rd) && rd.calls == 1);
	CU_ASSERT(rd.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);

	/* A CID nothing uses: the controller says "not aborted" (CDW0 bit 0). */
	memset(&ab, 0, sizeof(ab));
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort(ctrlr, qpair, 77, dt_io_cb, &ab) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &ab) && dt_cpl_ok(&ab.cpl) && (ab.cpl.cdw0 & 1) == 1);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_abort(NULL, NULL, 1, dt_io_cb, &ab) == -EINVAL);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_support_queries(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;

	nvme_model_opts_default(&o);
	o.kas = 1;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_pci_device(ctrlr) == nvme_model_pci_device(m));
	CU_ASSERT(spdk_nvme_ctrlr_get_pci_device(NULL) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_log_page_supported(ctrlr, SPDK_NVME_LOG_ERROR));
	CU_ASSERT(spdk_nvme_ctrlr_is_log_page_supported(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION));
	CU_ASSERT(spdk_nvme_ctrlr_is_log_page_supported(ctrlr, SPDK_NVME_LOG_FIRMWARE_SLOT));
	/* OAES bit 8 set in the model: the changed namespace list exists. */
	CU_ASSERT(spdk_nvme_ctrlr_is_log_page_supported(ctrlr, SPDK_NVME_LOG_CHANGED_NS_LIST));
	CU_ASSERT(!spdk_nvme_ctrlr_is_log_page_supported(ctrlr, SPDK_NVME_LOG_COMMAND_EFFECTS_LOG));
	CU_ASSERT(!spdk_nvme_ctrlr_is_log_page_supported(ctrlr, SPDK_NVME_LOG_DEVICE_SELF_TEST));
	CU_ASSERT(!spdk_nvme_ctrlr_is_log_page_supported(ctrlr, 0xc0));
	CU_ASSERT(spdk_nvme_ctrlr_is_feature_supported(ctrlr, SPDK_NVME_FEAT_ARBITRATION));
	CU_ASSERT(spdk_nvme_ctrlr_is_feature_supported(ctrlr, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE));
	CU_ASSERT(spdk_nvme_ctrlr_is_feature_supported(ctrlr, SPDK_NVME_FEAT_KEEP_ALIVE_TIMER));
	CU_ASSERT(!spdk_nvme_ctrlr_is_feature_supported(ctrlr, SPDK_NVME_FEAT_TIMESTAMP));
	CU_ASSERT(!spdk_nvme_ctrlr_is_feature_supported(ctrlr, SPDK_NVME_FEAT_HOST_MEM_BUFFER));
	CU_ASSERT(!spdk_nvme_ctrlr_is_feature_supported(NULL, SPDK_NVME_FEAT_ARBITRATION));
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	nvme_model_opts_default(&o);
	o.vwc = false;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(!spdk_nvme_ctrlr_is_feature_supported(ctrlr, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE));
	CU_ASSERT(!spdk_nvme_ctrlr_is_feature_supported(ctrlr, SPDK_NVME_FEAT_KEEP_ALIVE_TIMER));
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- FORMAT NVM --------------------------------------------------------------- */

static int
sync_io(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ns *ns, void *buf, uint64_t lba,
	uint32_t n, bool write)
{
	struct dt_io io = { 0 };
	int rc = write ? spdk_nvme_ns_cmd_write(ns, qpair, buf, lba, n, dt_io_cb, &io, 0) :
		 spdk_nvme_ns_cmd_read(ns, qpair, buf, lba, n, dt_io_cb, &io, 0);

	if (rc != 0) {
		return rc;
	}
	if (!dt_wait_io(qpair, &io)) {
		return -ETIMEDOUT;
	}
	return dt_cpl_ok(&io.cpl) ? 0 : -EIO;
}

static bool
all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != v) {
			return false;
		}
	}
	return true;
}

static void
test_format(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_ns *ns;
	struct spdk_nvme_format fmt = { 0 };
	struct dt_capture cap;
	uint8_t *buf = dma(8192);

	nvme_model_opts_default(&o);
	o.format_nvm = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns) == 512);
	memset(buf, 0x5a, 8192);
	CU_ASSERT(sync_io(qpair, ns, buf, 0, 16, true) == 0);

	/* To 4 KiB blocks: geometry re-read, data gone. */
	fmt.lbaf = 1;
	CU_ASSERT(spdk_nvme_ctrlr_format(ctrlr, 1, &fmt) == 0);
	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns) == 4096);
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(ns) == 1024);
	CU_ASSERT(spdk_nvme_ns_get_data(ns)->flbas.format == 1);
	CU_ASSERT(sync_io(qpair, ns, buf, 0, 2, false) == 0);
	CU_ASSERT(all_bytes(buf, 8192, 0));

	/* All namespaces, back to 512 B. */
	fmt.lbaf = 0;
	CU_ASSERT(spdk_nvme_ctrlr_format(ctrlr, SPDK_NVME_GLOBAL_NS_TAG, &fmt) == 0);
	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns) == 512);
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(ns) == 8192);

	/* Controller refuses: a format it does not have, protection information. */
	dt_capture_begin(&cap);
	fmt.lbaf = 5;
	CU_ASSERT(spdk_nvme_ctrlr_format(ctrlr, 1, &fmt) == -ENXIO);
	fmt.lbaf = 0;
	fmt.pi = 1;
	CU_ASSERT(spdk_nvme_ctrlr_format(ctrlr, 1, &fmt) == -ENXIO);
	fmt.pi = 0;
	/* Bad arguments never reach it. */
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_format(ctrlr, 7, &fmt), -EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_format(ctrlr, 0, &fmt), -EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_format(ctrlr, 1, NULL), -EINVAL);
	dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(cap.text, "INVALID FORMAT") == 2);
	/* The log line names the command, not only its opcode. */
	CU_ASSERT(dt_count(cap.text, "admin command FORMAT NVM (80h) failed") == 2);
	CU_ASSERT(strstr(cap.text, "namespace ID 7 is invalid") != NULL);
	CU_ASSERT(spdk_nvme_ns_get_sector_size(ns) == 512);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* OACS bit 1 clear: -ENOTSUP, nothing sent. */
	m = dt_model_new(NULL);
	ctrlr = dt_attach(m);
	dt_capture_begin(&cap);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_format(ctrlr, 1, &fmt), -ENOTSUP);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "OACS bit 1") != NULL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Namespace management ------------------------------------------------------ */

static void
test_ns_management(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_ns_data nd;
	struct spdk_nvme_ctrlr_list list;
	struct dt_capture cap;
	uint8_t *buf = dma(4096), *back = dma(4096);
	uint32_t nsid;

	nvme_model_opts_default(&o);
	o.ns_management = true;
	o.nn = 4;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_num_ns(ctrlr) == 4);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));

	/* Create (plain stack memory: the driver copies it): not attached yet. */
	memset(&nd, 0, sizeof(nd));
	nd.nsze = 2048;
	nd.ncap = 2048;
	nsid = spdk_nvme_ctrlr_create_ns(ctrlr, &nd);
	CU_ASSERT(nsid == 2);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));

	memset(&list, 0, sizeof(list));
	list.ctrlr_count = 1;
	list.ctrlr_list[0] = spdk_nvme_ctrlr_get_data(ctrlr)->cntlid;
	CU_ASSERT(spdk_nvme_ctrlr_attach_ns(ctrlr, 2, &list) == 0);
	/* The active list was re-read before the call returned. */
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 1) == 2);
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(spdk_nvme_ctrlr_get_ns(ctrlr, 2)) == 2048);
	dt_fill_random(buf, 4096);
	CU_ASSERT(sync_io(qpair, spdk_nvme_ctrlr_get_ns(ctrlr, 2), buf, 100, 8, true) == 0);
	CU_ASSERT(sync_io(qpair, spdk_nvme_ctrlr_get_ns(ctrlr, 2), back, 100, 8, false) == 0);
	CU_ASSERT(memcmp(buf, back, 4096) == 0);

	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_attach_ns(ctrlr, 2, &list) == -ENXIO);
	list.ctrlr_list[0] = 0x55;	/* not this controller */
	CU_ASSERT(spdk_nvme_ctrlr_detach_ns(ctrlr, 2, &list) == -ENXIO);
	list.ctrlr_list[0] = spdk_nvme_ctrlr_get_data(ctrlr)->cntlid;
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_attach_ns(ctrlr, 9, &list), -EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_attach_ns(ctrlr, 2, NULL), -EINVAL);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "NAMESPACE ALREADY ATTACHED") != NULL);
	CU_ASSERT(strstr(cap.text, "CONTROLLER LIST INVALID") != NULL);

	CU_ASSERT(spdk_nvme_ctrlr_detach_ns(ctrlr, 2, &list) == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_get_data(spdk_nvme_ctrlr_get_ns(ctrlr, 2))->nsze == 0);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_detach_ns(ctrlr, 2, &list) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_delete_ns(ctrlr, 2) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_delete_ns(ctrlr, 2) == -ENXIO);
	/* Too big for what is left: NAMESPACE INSUFFICIENT CAPACITY. */
	nd.nsze = nd.ncap = 1ull << 32;
	CU_ASSERT(spdk_nvme_ctrlr_create_ns(ctrlr, &nd) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_create_ns(ctrlr, NULL) == 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "NAMESPACE NOT ATTACHED") != NULL);
	CU_ASSERT(strstr(cap.text, "INSUFFICIENT CAPACITY") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 1));
	spdk_free(buf);
	spdk_free(back);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* OACS bit 3 clear. */
	m = dt_model_new(NULL);
	ctrlr = dt_attach(m);
	dt_capture_begin(&cap);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_create_ns(ctrlr, &nd), 0u);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_delete_ns(ctrlr, 1), -ENOTSUP);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_attach_ns(ctrlr, 1, &list), -ENOTSUP);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_detach_ns(ctrlr, 1, &list), -ENOTSUP);
	dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(cap.text, "OACS bit 3") == 4);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Firmware ------------------------------------------------------------------- */

static unsigned int
count_cmds(const struct nvme_model *m, uint8_t opc)
{
	return (unsigned int)nvme_model_get_stats(m)->admin_cmds[opc];
}

static void
test_firmware(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_status st;
	const struct nvme_model_cmd_record *r;
	struct dt_capture cap;
	uint8_t *image = malloc(12288), *buf = dma(4096);

	CU_ASSERT_FATAL(image != NULL);
	dt_fill_random(image, 12288);
	memcpy(image, "2.0-test", 8);
	nvme_model_opts_default(&o);
	o.fw_update = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);

	/* FWUG 0: 4 KiB pieces; replace slot 2 and activate at the reset that follows. */
	CU_ASSERT(spdk_nvme_ctrlr_update_firmware(ctrlr, image, 12288, 2,
			SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG, &st) == 0);
	CU_ASSERT(st.sct == 0 && st.sc == 0);
	CU_ASSERT(count_cmds(m, SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD) == 3);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_FIRMWARE_COMMIT, -1);
	CU_ASSERT(r != NULL && r->sqe.cdw10 == (2u | 1u << 3));
	CU_ASSERT(strcmp(nvme_model_firmware_revision(m), "2.0-test") == 0);
	CU_ASSERT(memcmp(spdk_nvme_ctrlr_get_data(ctrlr)->fr, "2.0-test", 8) == 0);
	/* The qpair came through the reset. */
	CU_ASSERT(sync_io(qpair, spdk_nvme_ctrlr_get_ns(ctrlr, 1), buf, 0, 8, false) == 0);

	/* Slot 1 is read-only: the commit fails, the status says why. */
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_update_firmware(ctrlr, image, 4096, 1,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, &st) == -ENXIO);
	CU_ASSERT(st.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
		  st.sc == SPDK_NVME_SC_INVALID_FIRMWARE_SLOT);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_update_firmware(ctrlr, image, 4094, 2,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, &st), -EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_update_firmware(ctrlr, image, 4096, 9,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, &st), -EINVAL);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_update_firmware(ctrlr, image, 4096, 2,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, NULL), -EINVAL);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "INVALID FIRMWARE SLOT") != NULL);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* FWUG 2 (8 KiB pieces). */
	o.fwug = 2;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_update_firmware(ctrlr, image, 12288, 0,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, &st) == 0);
	CU_ASSERT(count_cmds(m, SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD) == 2);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD, -1);
	CU_ASSERT(r != NULL && r->sqe.cdw10 == 4096 / 4 - 1 && r->sqe.cdw11 == 8192 / 4);
	/* Replace only: still running the old one. */
	CU_ASSERT(strcmp(nvme_model_firmware_revision(m), "1.0") == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* OACS bit 2 clear. */
	m = dt_model_new(NULL);
	ctrlr = dt_attach(m);
	EXPECT_REJECTED(m, spdk_nvme_ctrlr_update_firmware(ctrlr, image, 4096, 2,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, &st), -ENOTSUP);
	free(image);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_identify_async);
	ADD(test_get_log_page);
	ADD(test_features);
	ADD(test_abort);
	ADD(test_support_queries);
	ADD(test_format);
	ADD(test_ns_management);
	ADD(test_firmware);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_admin", add_tests);
}
