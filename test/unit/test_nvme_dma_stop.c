/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A failed controller is stopped before any memory it could write goes back
 * (lib/nvme/nvme_ctrlr_stop.c), against the controller model:
 *   - with a model that obeys CC.EN=0, the stop drops what the device held:
 *     nothing can come late, and everything is freed, nothing leaks;
 *   - with a hung model (nvme_model_inject_ignore_disable: CC.EN=0 changes
 *     nothing, CSTS.RDY stays 1, the device goes on with its commands), the
 *     driver keeps the memory instead: the device's late writes (data, CQ
 *     entries) land in memory that is still allocated and still the
 *     driver's (valgrind and the model's DMA translation would see a freed
 *     address), and the requests' callbacks do not run until the test
 *     releases what was kept.
 * One test per path: freeing / disconnecting an I/O qpair of a failed
 * controller, an I/O queue creation that timed out, detach without a
 * completed shutdown, spdk_nvme_ctrlr_fail, and a timed-out synchronous
 * command that was still queued in software.
 */
#include "nvme_driver_test.h"
#include "nvme_internal.h"

#define POISON		0xa5
#define REG_CC		0x14
#define REG_CSTS	0x1c

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

/* CAP.TO 500 ms; hung: CC.EN=0 is ignored. */
static struct nvme_model *
model_new(bool hung, struct nvme_model_opts *o)
{
	struct nvme_model_opts def;
	struct nvme_model *m;

	if (o == NULL) {
		nvme_model_opts_default(&def);
		o = &def;
	}
	o->to = 1;
	m = dt_model_new(o);
	nvme_model_inject_ignore_disable(m, hung);
	return m;
}

static struct spdk_nvme_ctrlr *
attach(struct nvme_model *m, bool no_shn)
{
	struct dt_probe p = { .admin_timeout_ms = 50, .no_shn_notification = no_shn };
	struct spdk_nvme_ctrlr *ctrlr = dt_probe_model(m, &p);

	CU_ASSERT_FATAL(ctrlr != NULL);
	return ctrlr;
}

static bool
model_stopped(const struct nvme_model *m)
{
	return (nvme_model_reg(m, REG_CC) & 1) == 0 && (nvme_model_reg(m, REG_CSTS) & 1) == 0;
}

/* A synchronous IDENTIFY the model swallows: -ETIMEDOUT, the controller failed. */
static void
admin_timeout(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m, struct dt_capture *cap)
{
	uint8_t id[4096];

	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_IDENTIFY, 1) == 0);
	dt_capture_begin(cap);
	vtime_on();
	CU_ASSERT(nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, id, sizeof(id)) ==
		  -ETIMEDOUT);
	vtime_off();
	dt_capture_end(cap, false);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
}

/* A read of 8 blocks into buf, held by the model. */
static void
held_read(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m, struct spdk_nvme_qpair *qpair,
	  void *buf, struct dt_io *io)
{
	CU_ASSERT(nvme_model_inject_hold(m, NVME_MODEL_ANY_IO_QUEUE, SPDK_NVME_OPC_READ, 1) == 0);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
					dt_io_cb, io, 0) == 0);
	CU_ASSERT(nvme_model_held_count(m) == 1);
}

/* Namespace 1 holds a pattern in its first 8 blocks (what a late read returns). */
static void
fill_ns(struct nvme_model *m)
{
	uint64_t size;
	uint8_t *ns = nvme_model_ns_mem(m, 1, &size);

	CU_ASSERT_FATAL(ns != NULL && size >= 4096);
	memset(ns, 0x3c, 4096);
}

/*
 * Detach a controller that cannot be stopped: kept; then the test's cleanup.
 * mine: DMA allocations the test itself still holds.
 */
static void
detach_kept_and_release(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m, size_t mine)
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
	CU_ASSERT(mock_env_outstanding_allocations() > mine);
	nvme_kept_release_all();
	CU_ASSERT(nvme_kept_count() == 0);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() == mine);
}

/* ---- 1. Freeing or disconnecting an I/O qpair of a failed controller ------- */

/*
 * The admin timeout stopped the controller (CC.EN=0, RDY=0): the held read
 * is gone from the device, so disconnect completes it as aborted and free
 * gives the rings back; nothing arrives later.
 */
static void
test_free_qpair_after_timeout_stopped(void)
{
	struct nvme_model *m = model_new(false, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	fill_ns(m);
	memset(buf, POISON, 4096);
	held_read(ctrlr, m, qpair, buf, &io);
	admin_timeout(ctrlr, m, &cap);
	CU_ASSERT(strstr(cap.text, "controller stopped (admin command timed out)") != NULL);
	CU_ASSERT(model_stopped(m));
	CU_ASSERT(!nvme_model_sq_exists(m, 1) && !nvme_model_cq_exists(m, 1));
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT(io.calls == 0);

	spdk_nvme_ctrlr_disconnect_io_qpair(qpair);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(!spdk_nvme_qpair_is_connected(qpair));
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(nvme_model_release_held(m) == 0);	/* nothing late */
	CU_ASSERT(all_bytes(buf, 4096, POISON));
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * The controller does not stop: disconnect leaves the qpair as it is and
 * free keeps it (the read's buffer stays the driver's, no callback); the
 * device's late read then writes the buffer and a CQ entry into the kept
 * ring, both still allocated.  Released at the end: the read completes
 * once, as aborted.
 */
static void
test_free_qpair_after_timeout_hung_kept(void)
{
	struct nvme_model *m = model_new(true, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	size_t allocs;
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	fill_ns(m);
	memset(buf, POISON, 4096);
	held_read(ctrlr, m, qpair, buf, &io);
	admin_timeout(ctrlr, m, &cap);
	CU_ASSERT(strstr(cap.text, "admin command timed out: the controller did not stop") != NULL);
	CU_ASSERT(!model_stopped(m));

	dt_capture_begin(&cap);
	spdk_nvme_ctrlr_disconnect_io_qpair(qpair);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "disconnecting an I/O qpair: the controller did not stop") !=
		  NULL);
	CU_ASSERT(io.calls == 0);
	allocs = mock_env_outstanding_allocations();
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "freeing an I/O qpair: the controller did not stop") != NULL);
	CU_ASSERT(io.calls == 0);
	CU_ASSERT(qpair->kept);
	CU_ASSERT(mock_env_outstanding_allocations() == allocs);	/* rings kept */

	/* The device goes on: the read and the IDENTIFY complete late. */
	CU_ASSERT(nvme_model_release_held(m) == 2);
	CU_ASSERT(all_bytes(buf, 4096, 0x3c));
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	CU_ASSERT(io.calls == 0);

	detach_kept_and_release(ctrlr, m, 1);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	spdk_free(buf);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

/*
 * A qpair kept while the controller would not stop is freed at the detach
 * once the controller does stop (the device came back and acted on CC.EN=0):
 * its read completes then, once, as aborted; nothing leaks.
 */
static void
test_kept_qpair_freed_when_stop_works_later(void)
{
	struct nvme_model *m = model_new(true, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	memset(buf, POISON, 4096);
	held_read(ctrlr, m, qpair, buf, &io);
	admin_timeout(ctrlr, m, &cap);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(qpair->kept && io.calls == 0);

	nvme_model_inject_ignore_disable(m, false);	/* the device recovers */
	CU_ASSERT(model_stopped(m) && nvme_model_held_count(m) == 0);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "controller stopped (detach)") != NULL);
	CU_ASSERT(nvme_kept_count() == 0);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(all_bytes(buf, 4096, POISON));
	spdk_free(buf);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	CU_ASSERT(mock_env_outstanding_bytes() == 0);
	dt_model_destroy(m);
}

/* The same when a reset finds the device back: the reset frees the kept qpair. */
static void
test_kept_qpair_freed_by_reset(void)
{
	struct nvme_model *m = model_new(true, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	size_t allocs;
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	held_read(ctrlr, m, qpair, buf, &io);
	admin_timeout(ctrlr, m, &cap);
	dt_capture_begin(&cap);
	allocs = mock_env_outstanding_allocations();
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == allocs);
	nvme_model_inject_ignore_disable(m, false);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(mock_env_outstanding_allocations() < allocs);	/* the rings went */
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* CSTS.CFS seen by a synchronous command: the controller is stopped (CC.EN=0). */
static void
test_cfs_stops_controller(void)
{
	struct nvme_model *m = model_new(false, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t id[4096];
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	held_read(ctrlr, m, qpair, buf, &io);
	nvme_model_set_cfs(m);
	dt_capture_begin(&cap);
	CU_ASSERT(nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, id, sizeof(id)) ==
		  -EIO);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "controller stopped (controller fatal status (CSTS.CFS) set)") !=
		  NULL);
	CU_ASSERT(model_stopped(m));
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	CU_ASSERT(io.calls == 1);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- 2. CREATE I/O SQ timing out ------------------------------------------ */

/*
 * CREATE I/O CQ succeeded, CREATE I/O SQ is swallowed: the timeout stops the
 * controller, which drops the CQ it created; only then are the rings freed.
 */
static void
test_create_timeout_stopped_then_freed(void)
{
	struct nvme_model *m = model_new(false, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	size_t allocs = mock_env_outstanding_allocations();
	struct dt_capture cap;

	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_CREATE_IO_SQ, 1) == 0);
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "controller stopped (admin command timed out)") != NULL);
	CU_ASSERT(model_stopped(m));
	CU_ASSERT(!nvme_model_cq_exists(m, 1));
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == allocs);	/* rings freed */
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * The same on a hung controller: the created CQ still points at the rings,
 * so the qpair is kept; a completion the device posts into that CQ (forged
 * here, and the SQ created late) lands in live memory.
 */
static void
test_create_timeout_hung_rings_kept(void)
{
	struct nvme_model *m = model_new(true, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	size_t allocs = mock_env_outstanding_allocations();
	struct spdk_nvme_cpl cpl = { 0 };
	struct dt_capture cap;

	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_CREATE_IO_SQ, 1) == 0);
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "I/O qpair creation: the controller did not stop") != NULL);
	CU_ASSERT(nvme_model_cq_exists(m, 1));
	CU_ASSERT(mock_env_outstanding_allocations() > allocs);	/* rings kept */
	CU_ASSERT(TAILQ_FIRST(&ctrlr->kept_qpairs) != NULL);

	CU_ASSERT(nvme_model_forge_cqe(m, 1, &cpl, false) == 0);
	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(nvme_model_sq_exists(m, 1));
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	detach_kept_and_release(ctrlr, m, 0);
	CU_ASSERT(mock_env_outstanding_bytes() == 0);
	dt_model_destroy(m);
}

/* ---- 3. Detach without a completed shutdown ---------------------------------- */

/* GET LOG PAGE (health) into buf, held by the model. */
static void
held_log_page(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m, void *buf, struct dt_io *io)
{
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, 1) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, buf, 512, 0, dt_io_cb, io) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) >= 0);
	CU_ASSERT(nvme_model_held_count(m) == 1);
}

/*
 * opts.no_shn_notification: the detach disables the controller (CC.EN=0,
 * RDY=0) before it completes the held command and frees the admin rings.
 */
static void
test_detach_no_shn_disables_first(void)
{
	struct nvme_model *m = model_new(false, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, true);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_io io = { 0 };
	uint64_t resets;

	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, POISON, 4096);
	held_log_page(ctrlr, m, buf, &io);
	resets = nvme_model_get_stats(m)->resets;
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 0);
	CU_ASSERT(nvme_model_get_stats(m)->resets == resets + 1);
	CU_ASSERT(model_stopped(m));
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	CU_ASSERT(nvme_model_release_held(m) == 0);
	CU_ASSERT(all_bytes(buf, 4096, POISON));
	spdk_free(buf);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	dt_model_destroy(m);
}

/* SHST never completes: after the bound the controller is disabled, then freed. */
static void
test_detach_shutdown_timeout_disables_first(void)
{
	struct nvme_model *m = model_new(false, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(buf != NULL);
	held_log_page(ctrlr, m, buf, &io);
	nvme_model_inject_shutdown_delay(m, NVME_MODEL_READY_NEVER, 0);
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "disabling the controller (CC.EN=0) before detaching") != NULL);
	CU_ASSERT(nvme_model_get_stats(m)->shutdowns == 1);
	CU_ASSERT(model_stopped(m));
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT(io.calls == 1);
	spdk_free(buf);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

/*
 * A hung controller detached without shutdown: it is kept whole; the held
 * log page arrives late into the caller's buffer (still the driver's: its
 * callback has not run) and its CQ entry into the kept admin ring.
 */
static void
test_detach_hung_keeps_controller(void)
{
	struct nvme_model *m = model_new(true, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, true);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, POISON, 4096);
	held_log_page(ctrlr, m, buf, &io);
	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "detach: the controller did not stop") != NULL);
	CU_ASSERT(nvme_kept_count() == 1);
	CU_ASSERT(io.calls == 0);

	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(!all_bytes(buf, 512, POISON));	/* the device wrote it, late */
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	CU_ASSERT(io.calls == 0);

	nvme_kept_release_all();
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	spdk_free(buf);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

/* ---- 4. spdk_nvme_ctrlr_fail when the disable does not finish ---------------- */

/*
 * The outstanding read is not completed (its buffer stays the driver's): the
 * device's late read lands in it and in the CQ ring, both alive.
 */
static void
test_ctrlr_fail_hung_keeps_requests(void)
{
	struct nvme_model *m = model_new(true, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	fill_ns(m);
	memset(buf, POISON, 4096);
	held_read(ctrlr, m, qpair, buf, &io);
	dt_capture_begin(&cap);
	vtime_on();
	spdk_nvme_ctrlr_fail(ctrlr);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "spdk_nvme_ctrlr_fail: the controller did not stop") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) < 0);
	CU_ASSERT(io.calls == 0);

	CU_ASSERT(nvme_model_release_held(m) == 1);
	CU_ASSERT(all_bytes(buf, 4096, 0x3c));
	CU_ASSERT(nvme_model_get_stats(m)->dma_errors == 0);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) < 0);
	CU_ASSERT(io.calls == 0);
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_capture_end(&cap, false);
	CU_ASSERT(io.calls == 0);
	detach_kept_and_release(ctrlr, m, 1);
	CU_ASSERT(io.calls == 1);
	spdk_free(buf);
	dt_model_destroy(m);
}

/* The disable works: the device dropped the read; the next poll aborts it. */
static void
test_ctrlr_fail_stops_then_aborts(void)
{
	struct nvme_model *m = model_new(false, NULL);
	struct spdk_nvme_ctrlr *ctrlr = attach(m, false);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	uint8_t *buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct dt_capture cap;
	struct dt_io io = { 0 };

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	held_read(ctrlr, m, qpair, buf, &io);
	dt_capture_begin(&cap);
	spdk_nvme_ctrlr_fail(ctrlr);
	dt_capture_end(&cap, false);
	CU_ASSERT(model_stopped(m));
	CU_ASSERT(nvme_model_held_count(m) == 0);
	CU_ASSERT(spdk_nvme_qpair_process_completions(qpair, 0) < 0);
	CU_ASSERT(io.calls == 1);
	CU_ASSERT(io.cpl.status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- 5. A timed-out synchronous command still queued in software ----------- */

/*
 * The admin SQ is full of held commands, so the synchronous SECURITY
 * RECEIVE waits in software and times out there: it is taken back at once,
 * and the reset that follows (which sends the other queued commands) never
 * sends it.
 */
static void
test_queued_sync_timeout_never_sent(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct dt_probe p = { .admin_timeout_ms = 50, .admin_queue_size = 8 };
	struct dt_io io[16] = { 0 };
	struct dt_capture cap;
	uint8_t data[512];
	unsigned int n = 0, i, calls = 0;

	nvme_model_opts_default(&o);
	o.security = true;
	m = model_new(false, &o);
	ctrlr = dt_probe_model(m, &p);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(nvme_model_inject_hold(m, 0, SPDK_NVME_OPC_GET_FEATURES, 100) == 0);
	/* Fill the admin SQ until a submission waits in software. */
	while (STAILQ_EMPTY(&ctrlr->adminq->queued_req) && n < 16) {
		CU_ASSERT(spdk_nvme_ctrlr_cmd_get_feature(ctrlr, SPDK_NVME_FEAT_ARBITRATION, 0,
				NULL, 0, dt_io_cb, &io[n]) == 0);
		n++;
	}
	CU_ASSERT_FATAL(!STAILQ_EMPTY(&ctrlr->adminq->queued_req));

	dt_capture_begin(&cap);
	vtime_on();
	CU_ASSERT(spdk_nvme_ctrlr_security_receive(ctrlr, 0xea, 0x42, 0, data, sizeof(data)) ==
		  -ETIMEDOUT);
	vtime_off();
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "it was never sent (admin queue full) and will not be") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_is_failed(ctrlr));
	CU_ASSERT(model_stopped(m));
	nvme_model_clear_faults(m);

	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	for (i = 0; i < 100; i++) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
	dt_capture_end(&cap, false);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_SECURITY_RECEIVE] == 0);
	/* Every async command completed once: aborted by the reset, or sent after it. */
	for (i = 0; i < n; i++) {
		CU_ASSERT(io[i].calls == 1);
		calls += io[i].calls;
	}
	CU_ASSERT(calls == n);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_free_qpair_after_timeout_stopped);
	ADD(test_free_qpair_after_timeout_hung_kept);
	ADD(test_kept_qpair_freed_when_stop_works_later);
	ADD(test_kept_qpair_freed_by_reset);
	ADD(test_cfs_stops_controller);
	ADD(test_create_timeout_stopped_then_freed);
	ADD(test_create_timeout_hung_rings_kept);
	ADD(test_detach_no_shn_disables_first);
	ADD(test_detach_shutdown_timeout_disables_first);
	ADD(test_detach_hung_keeps_controller);
	ADD(test_ctrlr_fail_hung_keeps_requests);
	ADD(test_ctrlr_fail_stops_then_aborts);
	ADD(test_queued_sync_timeout_never_sent);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_dma_stop", add_tests);
}
