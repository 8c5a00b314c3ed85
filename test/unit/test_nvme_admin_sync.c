/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The synchronous admin path (nvme_ctrlr_cmd_sync) against the controller
 * model: the device only ever sees a DMA bounce buffer owned by the wait
 * state, so a command that completes after its waiter gave up (timeout)
 * writes that bounce, never the caller's buffer, which the caller may
 * already have freed or reused.  The abandoned state is freed exactly once,
 * by the reset or the detach that finally completes the command.
 *
 * The timeout also stops the controller (CC.EN=0): a model that obeys drops
 * the command, so nothing comes late.  The late-completion tests use a hung
 * model that ignores CC.EN=0: the driver then keeps the controller (and the
 * bounce) at detach, and the test releases what was kept at the end.
 */
#include "nvme_driver_test.h"
#include "nvme_internal.h"

#define POISON		0xa5

static void
vtime_on(void)
{
	mock_env_set_virtual_time(true, 1000);	/* 1 us per clock read */
}

static void
vtime_off(void)
{
	mock_env_set_virtual_time(false, 0);
}

static void *
dma_buf(size_t len)
{
	void *p = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static bool
all_bytes(const void *buf, size_t len, uint8_t v)
{
	for (size_t i = 0; i < len; i++) {
		if (((const uint8_t *)buf)[i] != v) {
			return false;
		}
	}
	return true;
}

/* A controller whose everyday admin timeout is 50 ms. */
static struct spdk_nvme_ctrlr *
attach_short_timeout(struct nvme_model *m)
{
	struct dt_probe p = { .admin_timeout_ms = 50 };
	struct spdk_nvme_ctrlr *ctrlr = dt_probe_model(m, &p);

	CU_ASSERT_FATAL(ctrlr != NULL);
	return ctrlr;
}

/* A model with CAP.TO 500 ms that will ignore CC.EN=0 (a hung device). */
static struct nvme_model *
hung_model(struct nvme_model_opts *o)
{
	struct nvme_model_opts def;
	struct nvme_model *m;

	if (o == NULL) {
		nvme_model_opts_default(&def);
		o = &def;
	}
	o->to = 1;
	m = dt_model_new(o);
	nvme_model_inject_ignore_disable(m, true);
	return m;
}

/*
 * Detach a controller that could not be stopped: it is kept (the bounce too,
 * the device still enabled and attached); then release it as the test's
 * cleanup: nothing else leaked.
 */
static void
detach_kept_and_release(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m)
{
	struct dt_capture cap;

	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "detach: the controller did not stop") != NULL);
	CU_ASSERT(nvme_kept_count() == 1);
	CU_ASSERT(mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() > 0);
	nvme_kept_release_all();
	CU_ASSERT(nvme_kept_count() == 0);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	CU_ASSERT(mock_env_outstanding_bytes() == 0);
}

/* The first data segment the model resolved for r: where the device wrote/read. */
static uint64_t
first_seg(const struct nvme_model_cmd_record *r)
{
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_FATAL(r->nsegs >= 1);
	return r->segs[0].iova;
}

/* ---- Late completions ------------------------------------------------------ */

/*
 * IDENTIFY is held past the timeout: -ETIMEDOUT.  The caller keeps its
 * (poisoned) DMA buffer; the model then completes the command late, writing
 * the controller data: the caller's bytes stay poisoned, the model wrote
 * live memory (no DMA error), and the detach frees the bounce.
 */
static void
test_late_identify_spares_caller_buffer(void)
{
	struct nvme_model *m = hung_model(NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach_short_timeout(m);
	uint8_t *buf = dma_buf(4096);
	const struct nvme_model_cmd_record *r;
	struct dt_capture cap;

	memset(buf, POISON, 4096);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_IDENTIFY, 1) == 0);
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, buf, 4096) ==
		  -ETIMEDOUT);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "got no completion within 50 ms") != NULL);
	CU_ASSERT(strstr(cap.text, "admin command timed out: the controller did not stop") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(nvme_model_held_count(m) == 1);

	/* The late completion: data written, CQE posted. */
	CU_ASSERT(nvme_model_release_held(m) == 1);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_CTRLR);
	CU_ASSERT(r != NULL && r->completed && r->sct == 0 && r->sc == 0);
	CU_ASSERT(first_seg(r) != spdk_vtophys(buf, NULL));
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	/* A poll of the failed controller completes nothing into buf either. */
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0);
	CU_ASSERT(all_bytes(buf, 4096, POISON));

	spdk_free(buf);
	detach_kept_and_release(ctrlr, m);	/* no DMA allocation left: the bounce went */
	dt_model_destroy(m);
}

/*
 * The same with the caller's buffer freed right after the timeout (ordinary
 * heap memory, GET LOG PAGE): the late completion writes nothing freed
 * (valgrind would see it) and the model finds every address mapped.
 */
static void
test_late_log_page_after_caller_free(void)
{
	struct nvme_model *m = hung_model(NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach_short_timeout(m);
	struct spdk_nvme_cmd cmd = { 0 };
	uint8_t *heap = malloc(512);
	struct dt_capture cap;

	CU_ASSERT_FATAL(heap != NULL);
	memset(heap, POISON, 512);
	cmd.opc = SPDK_NVME_OPC_GET_LOG_PAGE;
	cmd.nsid = SPDK_NVME_GLOBAL_NS_TAG;
	cmd.cdw10 = (spdk_nvme_bytes_to_numd(512) << 16) | SPDK_NVME_LOG_HEALTH_INFORMATION;
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, 1) == 0);
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(nvme_ctrlr_cmd_sync(ctrlr, &cmd, heap, 512, NULL) == -ETIMEDOUT);
	vtime_off();
	dt_capture_end(&cap, false);
	free(heap);

	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	detach_kept_and_release(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * A timed-out firmware download (host-to-controller data): the caller frees
 * its image at once; the model fetches the piece later from the bounce.
 */
static void
test_late_fw_download_after_caller_free(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_status st;
	uint8_t *image = malloc(8192);
	struct dt_capture cap;

	CU_ASSERT_FATAL(image != NULL);
	dt_fill_random(image, 8192);
	nvme_model_opts_default(&o);
	o.fw_update = true;
	m = hung_model(&o);
	ctrlr = attach_short_timeout(m);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD, 1) == 0);
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(spdk_nvme_ctrlr_update_firmware(ctrlr, image, 8192, 2,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, &st) == -ETIMEDOUT);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "FIRMWARE IMAGE DOWNLOAD at offset 0 failed") != NULL);
	free(image);

	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	detach_kept_and_release(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * After a timeout, a reset (CC.EN=0 first: no more DMA) completes the held
 * command as aborted, which frees the abandoned state and its bounce there,
 * once; the controller then works again and the detach frees nothing twice.
 */
static void
test_timeout_then_reset_frees_once(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach_short_timeout(m);
	uint8_t *buf = dma_buf(4096);
	size_t allocs_before;
	struct dt_capture cap;

	memset(buf, POISON, 4096);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_IDENTIFY, 1) == 0);
	allocs_before = mock_env_outstanding_allocations();
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, buf, 4096) ==
		  -ETIMEDOUT);
	vtime_off();
	/* The timeout stopped the controller: the model dropped the command
	 * (nothing can come late); the bounce stays with the request. */
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT((nvme_model_reg(m, 0x14) & 1) == 0);	/* CC.EN */
	CU_ASSERT((nvme_model_reg(m, 0x1c) & 1) == 0);	/* CSTS.RDY */
	CU_ASSERT(mock_env_outstanding_allocations() == allocs_before + 1);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "controller stopped (admin command timed out)") != NULL);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(mock_env_outstanding_allocations() == allocs_before);
	CU_ASSERT(all_bytes(buf, 4096, POISON));

	/* Back to normal: the same call now fills buf. */
	CU_ASSERT(nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, buf, 4096) == 0);
	CU_ASSERT(memcmp(buf, spdk_nvme_ctrlr_get_data(ctrlr), 4096) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- The bounce path when all goes well ---------------------------------- */

/* IDENTIFY into DMA and into heap memory, GET LOG PAGE into heap: right data. */
static void
test_sync_controller_to_host_data(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint8_t *dbuf = dma_buf(4096), *heap = malloc(4096);
	struct spdk_nvme_firmware_page *fw;
	struct spdk_nvme_cmd cmd = { 0 };
	const struct nvme_model_cmd_record *r;
	const char *rev = nvme_model_firmware_revision(m);
	uint8_t active;

	CU_ASSERT_FATAL(heap != NULL);
	memset(dbuf, POISON, 4096);
	CU_ASSERT(nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, dbuf, 4096) == 0);
	CU_ASSERT(memcmp(dbuf, spdk_nvme_ctrlr_get_data(ctrlr), 4096) == 0);
	/* The device wrote a copy, not the caller's buffer. */
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_CTRLR);
	CU_ASSERT(first_seg(r) != spdk_vtophys(dbuf, NULL));

	/* Ordinary memory works too (no DMA address of its own). */
	memset(heap, POISON, 4096);
	CU_ASSERT(nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, heap, 4096) == 0);
	CU_ASSERT(memcmp(heap, spdk_nvme_ctrlr_get_data(ctrlr), 4096) == 0);

	/* Firmware slot log: the running revision in the active slot. */
	memset(heap, POISON, 4096);
	cmd.opc = SPDK_NVME_OPC_GET_LOG_PAGE;
	cmd.nsid = SPDK_NVME_GLOBAL_NS_TAG;
	cmd.cdw10 = (spdk_nvme_bytes_to_numd(512) << 16) | SPDK_NVME_LOG_FIRMWARE_SLOT;
	CU_ASSERT(nvme_ctrlr_cmd_sync(ctrlr, &cmd, heap, 512, NULL) == 0);
	fw = (struct spdk_nvme_firmware_page *)heap;
	active = fw->afi.active_slot;
	CU_ASSERT_FATAL(active >= 1 && active <= 7);
	CU_ASSERT(dt_padded_eq(fw->revision[active - 1], 8, rev));
	CU_ASSERT(all_bytes(heap + 512, 4096 - 512, POISON));	/* only len bytes back */

	/* A failed command gives nothing back: the caller's bytes stay. */
	memset(heap, POISON, 4096);
	CU_ASSERT(nvme_model_inject_status(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, true, 1) == 0);
	CU_ASSERT(nvme_ctrlr_cmd_sync_ex(ctrlr, &cmd, heap, 512, NULL, false) == -EIO);
	CU_ASSERT(all_bytes(heap, 4096, POISON));

	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	free(heap);
	spdk_free(dbuf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * Host-to-controller data: the device sees the caller's bytes (SECURITY
 * SEND, echoed back by SECURITY RECEIVE; a firmware image whose revision
 * the model reads from its first 8 bytes), from a copy.
 */
static void
test_sync_host_to_controller_data(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_status st;
	const struct nvme_model_cmd_record *r;
	uint8_t *out = dma_buf(512), *in = malloc(512), *image = malloc(8192);

	CU_ASSERT_FATAL(in != NULL && image != NULL);
	nvme_model_opts_default(&o);
	o.security = true;
	o.fw_update = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);

	dt_fill_random(out, 512);
	CU_ASSERT(spdk_nvme_ctrlr_security_send(ctrlr, 0xea, 0x42, 0, out, 512) == 0);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_SECURITY_SEND, -1);
	CU_ASSERT(first_seg(r) != spdk_vtophys(out, NULL));
	memset(in, 0, 512);
	CU_ASSERT(spdk_nvme_ctrlr_security_receive(ctrlr, 0xea, 0x42, 0, in, 512) == 0);
	CU_ASSERT(memcmp(in, out, 512) == 0);

	dt_fill_random(image, 8192);
	memcpy(image, "9.9-sync", 8);
	CU_ASSERT(spdk_nvme_ctrlr_update_firmware(ctrlr, image, 8192, 2,
			SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG, &st) == 0);
	CU_ASSERT(strcmp(nvme_model_firmware_revision(m), "9.9-sync") == 0);

	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	free(image);
	free(in);
	spdk_free(out);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_late_identify_spares_caller_buffer);
	ADD(test_late_log_page_after_caller_free);
	ADD(test_late_fw_download_after_caller_free);
	ADD(test_timeout_then_reset_frees_once);
	ADD(test_sync_controller_to_host_data);
	ADD(test_sync_host_to_controller_data);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_admin_sync", add_tests);
}
