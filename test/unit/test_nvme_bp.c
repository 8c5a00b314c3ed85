/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Boot partitions through the public API, against the controller model:
 * reads through BPMBL/BPRSEL/BPINFO (registers written, -EAGAIN while in
 * progress, the bytes), writes through FIRMWARE IMAGE DOWNLOAD and COMMIT
 * actions 6h/7h (commands sent, partition contents, BPINFO.ABPID), and the
 * refusals.
 */
#include "nvme_driver_test.h"

#define BP_BYTES	(128u * 1024)	/* one 128 KiB unit per partition */

static struct nvme_model *
bp_model(uint16_t bp_units)
{
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.bp_size_128k = bp_units;
	o.fw_update = true;
	return dt_model_new(&o);
}

static void *
dma_buf(size_t len)
{
	void *p = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static void
test_bp_absent(void)
{
	struct nvme_model *m = bp_model(0);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint8_t *buf = dma_buf(4096);

	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cap(ctrlr).bits.bps == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_bpinfo(ctrlr).raw == 0);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 1, 0, 0) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, buf, 4096, 0, NULL, NULL) ==
		  -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(NULL, buf, 1, 0, 0) == -EINVAL);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_bp_read(void)
{
	struct nvme_model *m = bp_model(1);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	union spdk_nvme_bprsel_register sel;
	uint8_t *buf = dma_buf(8 * 4096);
	int rc, polls = 0;

	nvme_model_get_mem_state(m, &st);
	for (unsigned int i = 0; i < BP_BYTES; i++) {
		st.bp[1][i] = (uint8_t)(i / 4096 + i * 13);
	}
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_bpinfo(ctrlr).bits.bpsz == 1);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_poll(ctrlr) == -EINVAL);	/* none started */
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 8, 2, 1) == 0);
	/* Started and not polled yet: a second start is refused. */
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 8, 2, 1) == -EALREADY);
	while ((rc = spdk_nvme_ctrlr_read_boot_partition_poll(ctrlr)) == -EAGAIN && polls < 10) {
		polls++;
	}
	CU_ASSERT(rc == 0);
	nvme_model_get_mem_state(m, &st);
	sel.raw = st.bprsel;
	CU_ASSERT(sel.bits.bprsz == 8 && sel.bits.bprof == 2 && sel.bits.bpid == 1);
	CU_ASSERT(st.bpmbl == spdk_vtophys(buf, NULL));
	CU_ASSERT(memcmp(buf, st.bp[1] + 2 * 4096, 8 * 4096) == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_bp_read_bad_args(void)
{
	struct nvme_model *m = bp_model(1);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	uint8_t *buf = dma_buf(3 * 4096);
	static uint8_t plain[8192] __attribute__((aligned(4096)));

	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, NULL, 1, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 0, 0, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 1, 0, 2) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 1024, 0, 0) == -EINVAL);
	/* 32 units of 4 KiB in the partition: 30 + 4 is past its end. */
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 4, 30, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, plain, 1, 0, 0) == -EFAULT);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf + 512, 1, 0, 0) ==
		  -EFAULT);
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_start(ctrlr, buf, 4, 0, 0) == -EFAULT);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.bprsel == 0);	/* nothing was started */
	CU_ASSERT(spdk_nvme_ctrlr_read_boot_partition_poll(NULL) == -EINVAL);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static unsigned int
count_cmds(const struct nvme_model *m, uint8_t opc)
{
	unsigned int n = 0;

	for (unsigned int back = 0; back < NVME_MODEL_CMD_LOG_SIZE; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(m, back);

		if (r == NULL) {
			break;
		}
		n += r->qid == 0 && r->sqe.opc == opc;
	}
	return n;
}

static void
test_bp_write(void)
{
	struct nvme_model *m = bp_model(1);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	const struct nvme_model_cmd_record *r;
	const uint32_t size = 10000;
	uint8_t *img = dma_buf(size);
	struct dt_io io = { 0 };
	unsigned int downloads = count_cmds(m, SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD);

	for (uint32_t i = 0; i < size; i++) {
		img[i] = (uint8_t)(i * 31 + 1);
	}
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, size, 1, dt_io_cb, &io) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, size, 0, dt_io_cb, &io) ==
		  -EBUSY);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(memcmp(st.bp[1], img, size) == 0);
	CU_ASSERT(((union spdk_nvme_bpinfo_register) { .raw = st.bpinfo }).bits.abpid == 1);
	/* 4 KiB pieces, then CA 6h and 7h with BPID 1 (bit 31). */
	CU_ASSERT(count_cmds(m, SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD) - downloads == 3);
	CU_ASSERT(count_cmds(m, SPDK_NVME_OPC_FIRMWARE_COMMIT) == 2);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_FIRMWARE_COMMIT, -1);
	CU_ASSERT(r != NULL && r->sqe.cdw10 == ((7u << 3) | (1u << 31)));
	/* A second write after the first finished is accepted. */
	io.calls = 0;
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, 4096, 0, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(memcmp(st.bp[0], img, 4096) == 0);
	CU_ASSERT(((union spdk_nvme_bpinfo_register) { .raw = st.bpinfo }).bits.abpid == 0);
	spdk_free(img);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_bp_write_errors(void)
{
	struct nvme_model *m = bp_model(1);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	uint8_t *img = dma_buf(BP_BYTES + 4096);
	struct dt_io io = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, NULL, 4096, 0, NULL, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, 0, 0, NULL, NULL) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, 4098, 0, NULL, NULL) ==
		  -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, 4096, 2, NULL, NULL) ==
		  -EINVAL);
	/* Larger than the partition: the replace commit fails, and is what cb_fn gets. */
	memset(img, 0x5a, BP_BYTES + 4096);
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, BP_BYTES + 4096, 1, dt_io_cb,
			&io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io));
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
		  io.cpl.status.sc == SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.bp[1][0] == 0);
	CU_ASSERT(((union spdk_nvme_bpinfo_register) { .raw = st.bpinfo }).bits.abpid == 0);
	/* The failed write is over: a new one may start. */
	io.calls = 0;
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, 4096, 1, dt_io_cb, &io) == 0);
	CU_ASSERT(dt_wait_admin(ctrlr, &io) && dt_cpl_ok(&io.cpl));
	spdk_free(img);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* The controller fails mid-write: cb_fn once, with the error; the write is over. */
static void
test_bp_write_ctrlr_failed(void)
{
	struct nvme_model *m = bp_model(1);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint8_t *img = dma_buf(3 * 4096);
	struct dt_io io = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, 3 * 4096, 0, dt_io_cb, &io) ==
		  0);
	spdk_nvme_ctrlr_fail(ctrlr);
	for (int i = 0; i < 10 && io.calls == 0; i++) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
	CU_ASSERT(io.calls == 1 && spdk_nvme_cpl_is_error(&io.cpl));
	/* Not -EBUSY: the failed write no longer holds the controller. */
	CU_ASSERT(spdk_nvme_ctrlr_write_boot_partition(ctrlr, img, 4096, 0, dt_io_cb, &io) ==
		  -ENXIO);
	CU_ASSERT(io.calls == 1);
	spdk_free(img);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_bp_absent);
	ADD(test_bp_read);
	ADD(test_bp_read_bad_args);
	ADD(test_bp_write);
	ADD(test_bp_write_errors);
	ADD(test_bp_write_ctrlr_failed);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_bp", add_tests);
}
