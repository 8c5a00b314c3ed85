/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The I/O hot path against the controller model:
 *   - steady-state submit + poll allocates nothing, takes no lock and makes
 *     no syscall (libc's allocator, pthread locks and a few syscalls are
 *     wrapped with ld --wrap, see test/unit/meson.build; spdk_*malloc is
 *     counted by the mocked env), with shadow doorbells on and off and with
 *     delay_cmd_submit;
 *   - shadow doorbells (DOORBELL BUFFER CONFIG, NVMe 1.4 §5.8): the same data
 *     and completion order as MMIO doorbells, far fewer MMIO writes per I/O
 *     when the device works beside the CPU, the "need event" test at its
 *     wrap-around edges, and a controller reset forgetting the pages.
 */
#include "nvme_driver_test.h"
#include "nvme_pcie_internal.h"

/* ---- Wrapped libc calls (ld --wrap) --------------------------------------- */

static bool g_counting;
static unsigned int g_allocs, g_locks, g_syscalls;

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
int __real_posix_memalign(void **p, size_t align, size_t size);
int __real_pthread_mutex_lock(pthread_mutex_t *m);
int __real_pthread_mutex_trylock(pthread_mutex_t *m);
int __real_clock_gettime(clockid_t clk, struct timespec *ts);
int __real_nanosleep(const struct timespec *req, struct timespec *rem);
int __real_usleep(useconds_t us);

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);
int __wrap_posix_memalign(void **p, size_t align, size_t size);
int __wrap_pthread_mutex_lock(pthread_mutex_t *m);
int __wrap_pthread_mutex_trylock(pthread_mutex_t *m);
int __wrap_clock_gettime(clockid_t clk, struct timespec *ts);
int __wrap_nanosleep(const struct timespec *req, struct timespec *rem);
int __wrap_usleep(useconds_t us);

void *
__wrap_malloc(size_t size)
{
	g_allocs += g_counting;
	return __real_malloc(size);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	g_allocs += g_counting;
	return __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t size)
{
	g_allocs += g_counting;
	return __real_realloc(p, size);
}

void
__wrap_free(void *p)
{
	g_allocs += g_counting;
	__real_free(p);
}

int
__wrap_posix_memalign(void **p, size_t align, size_t size)
{
	g_allocs += g_counting;
	return __real_posix_memalign(p, align, size);
}

int
__wrap_pthread_mutex_lock(pthread_mutex_t *m)
{
	g_locks += g_counting;
	return __real_pthread_mutex_lock(m);
}

int
__wrap_pthread_mutex_trylock(pthread_mutex_t *m)
{
	g_locks += g_counting;
	return __real_pthread_mutex_trylock(m);
}

int
__wrap_clock_gettime(clockid_t clk, struct timespec *ts)
{
	g_syscalls += g_counting;
	return __real_clock_gettime(clk, ts);
}

int
__wrap_nanosleep(const struct timespec *req, struct timespec *rem)
{
	g_syscalls += g_counting;
	return __real_nanosleep(req, rem);
}

int
__wrap_usleep(useconds_t us)
{
	g_syscalls += g_counting;
	return __real_usleep(us);
}

/* ---- Set-up ------------------------------------------------------------------ */

#define HP_BLOCKS	4096u		/* 4 KiB blocks: 16 MiB */
#define HP_QD		32u

struct hp_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qpair;
};

struct hp_probe {
	bool			shadow;		/* in */
	struct spdk_nvme_ctrlr	*ctrlr;		/* out */
};

static bool
hp_probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	    struct spdk_nvme_ctrlr_opts *opts)
{
	(void)trid;
	opts->disable_shadow_doorbells = !((struct hp_probe *)cb_ctx)->shadow;
	return true;
}

static void
hp_attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	     struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)trid;
	(void)opts;
	((struct hp_probe *)cb_ctx)->ctrlr = ctrlr;
}

static struct spdk_nvme_ctrlr *
hp_probe(struct nvme_model *m, bool shadow)
{
	struct hp_probe ctx = { .shadow = shadow };
	struct spdk_nvme_transport_id trid;

	dt_trid(&trid, nvme_model_bdf(m));
	CU_ASSERT(spdk_nvme_probe(&trid, &ctx, hp_probe_cb, hp_attach_cb, NULL) == 0);
	return ctx.ctrlr;
}

/* A model (null_data for the steady-state runs), attached, one qpair of 256 entries. */
static void
hp_setup(struct hp_env *e, bool shadow, bool delay_submit, bool run_io_on_doorbell,
	 bool null_data)
{
	struct nvme_model_opts o;
	struct spdk_nvme_io_qpair_opts qo;

	memset(e, 0, sizeof(*e));
	nvme_model_opts_default(&o);
	o.null_data = null_data;
	o.record_commands = false;
	o.run_io_on_doorbell = run_io_on_doorbell;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = HP_BLOCKS,
		.block_size = 4096 };
	e->m = dt_model_new(&o);
	e->ctrlr = hp_probe(e->m, shadow);
	CU_ASSERT_FATAL(e->ctrlr != NULL);
	CU_ASSERT(nvme_model_dbbuf_configured(e->m) == shadow);
	e->ns = spdk_nvme_ctrlr_get_ns(e->ctrlr, 1);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(e->ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = 256;
	qo.io_queue_requests = 256;
	qo.delay_cmd_submit = delay_submit;
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(e->ns != NULL && e->qpair != NULL);
}

static void
hp_teardown(struct hp_env *e)
{
	CU_ASSERT(nvme_model_get_stats(e->m)->errors == 0);
	if (nvme_model_get_stats(e->m)->errors != 0) {
		fprintf(stderr, "model error: %s\n", nvme_model_last_error(e->m));
	}
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

/* ---- Completion bookkeeping (no allocation) --------------------------------- */

struct hp_log {
	uint32_t	order[1024];	/* tags in completion order */
	uint32_t	n;
	uint32_t	errors;
};

struct hp_io {
	struct hp_log	*log;
	uint32_t	tag;
};

static void
hp_io_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct hp_io *io = arg;
	struct hp_log *log = io->log;

	if (spdk_nvme_cpl_is_error(cpl)) {
		log->errors++;
	}
	if (log->n < 1024) {
		log->order[log->n] = io->tag;
	}
	log->n++;
}

/* Poll (letting the model run when it does not run on doorbells) until n completed. */
static bool
hp_wait(struct hp_env *e, struct hp_log *log, uint32_t n, bool pause_counting)
{
	for (unsigned int i = 0; i < DT_MAX_POLLS && log->n < n; i++) {
		if (spdk_nvme_qpair_process_completions(e->qpair, 0) < 0) {
			return false;
		}
		if (pause_counting) {
			g_counting = false;
		}
		nvme_model_run(e->m);
		if (pause_counting) {
			g_counting = true;
		}
	}
	return log->n >= n;
}

/* ---- Steady state: nothing allocated, locked or waited for -------------------- */

static void
steady_state(bool shadow, bool delay_submit)
{
	struct hp_env e;
	struct hp_log log;
	struct hp_io ios[HP_QD];
	struct mock_env_stats before, after;
	uint8_t *buf;
	int rc = 0;

	hp_setup(&e, shadow, delay_submit, false, true);
	/* 4 KiB I/Os and 64 KiB ones (a PRP list), reads and writes. */
	buf = spdk_zmalloc(HP_QD * 65536, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL);
	for (unsigned int round = 0; round < 40; round++) {
		bool measured = round >= 8;	/* warm-up first */

		memset(&log, 0, sizeof(log));
		if (measured) {
			mock_env_get_stats(&before);
			g_allocs = g_locks = g_syscalls = 0;
			g_counting = true;
		}
		for (uint32_t i = 0; i < HP_QD && rc == 0; i++) {
			uint32_t blocks = (i & 1) ? 16 : 1;
			uint64_t lba = (uint64_t)((round * HP_QD + i) * 16) % HP_BLOCKS;

			ios[i] = (struct hp_io){ &log, i };
			if (i & 2) {
				rc = spdk_nvme_ns_cmd_write(e.ns, e.qpair, buf + (size_t)i * 65536, lba,
							    blocks, hp_io_cb, &ios[i], 0);
			} else {
				rc = spdk_nvme_ns_cmd_read(e.ns, e.qpair, buf + (size_t)i * 65536, lba,
							   blocks, hp_io_cb, &ios[i], 0);
			}
		}
		if (rc == 0 && !hp_wait(&e, &log, HP_QD, measured)) {
			rc = -EIO;
		}
		g_counting = false;
		if (measured) {
			mock_env_get_stats(&after);
			CU_ASSERT(g_allocs == 0);
			CU_ASSERT(g_locks == 0);
			CU_ASSERT(g_syscalls == 0);
			CU_ASSERT(after.allocs == before.allocs && after.frees == before.frees);
		}
		CU_ASSERT(rc == 0);
		CU_ASSERT(log.errors == 0);
		if (rc != 0) {
			break;
		}
	}
	spdk_free(buf);
	hp_teardown(&e);
}

static void
test_steady_state_mmio(void)
{
	steady_state(false, false);
}

static void
test_steady_state_shadow(void)
{
	steady_state(true, false);
}

static void
test_steady_state_shadow_delayed(void)
{
	steady_state(true, true);
}

static void
test_steady_state_mmio_delayed(void)
{
	steady_state(false, true);
}

/* The wrappers really see the calls (else the test above proves nothing). */
static void
test_wrappers_count(void)
{
	void *p;
	pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;

	g_allocs = g_locks = 0;
	g_counting = true;
	p = malloc(16);
	/* Keep the compiler from dropping the malloc/free pair. */
	__asm__ volatile("" : : "r"(p) : "memory");
	free(p);
	pthread_mutex_lock(&mtx);
	g_counting = false;
	pthread_mutex_unlock(&mtx);
	CU_ASSERT(g_allocs == 2);
	CU_ASSERT(g_locks == 1);

	/* ... also inside the driver's objects: creating a qpair allocates and locks. */
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = hp_probe(m, true);
	struct spdk_nvme_qpair *qpair;

	CU_ASSERT_FATAL(ctrlr != NULL);
	g_allocs = g_locks = 0;
	g_counting = true;
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	g_counting = false;
	CU_ASSERT(qpair != NULL);
	CU_ASSERT(g_allocs > 0);
	CU_ASSERT(g_locks > 0);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- The need-event test at its edges ------------------------------------------- */

static void
test_need_event_edges(void)
{
	/* Event in [old, new): ring. */
	CU_ASSERT(nvme_pcie_dbbuf_need_event(5, 6, 5));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(5, 10, 5));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(9, 10, 5));
	/* Event before old (the controller is still behind) or at/after new: do not. */
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(4, 10, 5));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(10, 10, 5));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(11, 10, 5));
	/* No movement: never. */
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(5, 5, 5));
	/* A 256-entry ring wrapping 250 -> 2: events 250..255 and 0..1 pass. */
	CU_ASSERT(nvme_pcie_dbbuf_need_event(250, 2, 250));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(255, 2, 250));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(0, 2, 250));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(1, 2, 250));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(2, 2, 250));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(3, 2, 250));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(249, 2, 250));
	/* A 65536-entry ring: the 16-bit index itself wraps. */
	CU_ASSERT(nvme_pcie_dbbuf_need_event(65535, 0, 65535));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(65535, 1, 65534));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(0, 1, 65534));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(1, 1, 65534));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(65533, 1, 65534));
	/* A whole ring but one entry in one go (the most a batch can move). */
	CU_ASSERT(nvme_pcie_dbbuf_need_event(0, 65535, 0));
	CU_ASSERT(nvme_pcie_dbbuf_need_event(65534, 65535, 0));
	CU_ASSERT(!nvme_pcie_dbbuf_need_event(65535, 65535, 0));
}

/* ---- Shadow vs MMIO: same data, same order ------------------------------------------ */

/* Random mix of writes then reads; returns the completion log and the read data. */
static void
mixed_run(bool shadow, bool run_io_on_doorbell, struct hp_log *log, uint8_t *readback,
	  uint64_t *mmio_writes)
{
	struct hp_env e;
	struct hp_io ios[HP_QD];
	uint8_t *wbuf, *rbuf;
	uint64_t mmio0;

	hp_setup(&e, shadow, false, run_io_on_doorbell, false);
	wbuf = spdk_zmalloc(HP_QD * 4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	rbuf = spdk_zmalloc(HP_QD * 4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(wbuf != NULL && rbuf != NULL);
	memset(log, 0, sizeof(*log));
	mmio0 = nvme_model_get_stats(e.m)->sq_doorbells + nvme_model_get_stats(e.m)->cq_doorbells;
	/* 20 rounds of QD32: 640 I/Os, more than twice around the 256-entry rings. */
	for (uint32_t round = 0; round < 20; round++) {
		uint32_t base = log->n;

		/* The same data in both runs: seeded by the round. */
		for (uint32_t w = 0; w < HP_QD * 4096 / 8; w++) {
			((uint64_t *)wbuf)[w] = (round + 1) * 0x9e3779b97f4a7c15ULL ^ (w * 0xbf58476d1ce4e5b9ULL);
		}
		for (uint32_t i = 0; i < HP_QD; i++) {
			uint64_t lba = (round * 7 + i * 13) % HP_BLOCKS;

			ios[i] = (struct hp_io){ log, round * HP_QD + i };
			CU_ASSERT(spdk_nvme_ns_cmd_write(e.ns, e.qpair, wbuf + i * 4096, lba, 1,
							 hp_io_cb, &ios[i], 0) == 0);
		}
		CU_ASSERT_FATAL(hp_wait(&e, log, base + HP_QD, false));
		for (uint32_t i = 0; i < HP_QD; i++) {
			uint64_t lba = (round * 7 + i * 13) % HP_BLOCKS;

			ios[i] = (struct hp_io){ log, 100000 + round * HP_QD + i };
			CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns, e.qpair, rbuf + i * 4096, lba, 1,
							hp_io_cb, &ios[i], 0) == 0);
		}
		CU_ASSERT_FATAL(hp_wait(&e, log, base + 2 * HP_QD, false));
		CU_ASSERT(memcmp(rbuf, wbuf, HP_QD * 4096) == 0);
		memcpy(readback + (size_t)round * HP_QD * 4096, rbuf, HP_QD * 4096);
	}
	*mmio_writes = nvme_model_get_stats(e.m)->sq_doorbells +
		       nvme_model_get_stats(e.m)->cq_doorbells - mmio0;
	CU_ASSERT(log->errors == 0);
	spdk_free(wbuf);
	spdk_free(rbuf);
	hp_teardown(&e);
}

static void
shadow_vs_mmio(bool run_io_on_doorbell)
{
	static struct hp_log log_shadow, log_mmio;
	size_t len = (size_t)20 * HP_QD * 4096;
	uint8_t *data_shadow = calloc(1, len), *data_mmio = calloc(1, len);
	uint64_t mmio_shadow, mmio_mmio;
	uint32_t ios = 20 * 2 * HP_QD;

	CU_ASSERT_FATAL(data_shadow != NULL && data_mmio != NULL);
	mixed_run(true, run_io_on_doorbell, &log_shadow, data_shadow, &mmio_shadow);
	mixed_run(false, run_io_on_doorbell, &log_mmio, data_mmio, &mmio_mmio);
	CU_ASSERT(log_shadow.n == ios && log_mmio.n == ios);
	CU_ASSERT(memcmp(log_shadow.order, log_mmio.order, sizeof(log_mmio.order)) == 0);
	CU_ASSERT(memcmp(data_shadow, data_mmio, len) == 0);
	/* MMIO doorbells: one per command plus one CQ head per poll. */
	CU_ASSERT(mmio_mmio >= ios);
	if (!run_io_on_doorbell) {
		/* Device beside the CPU: one SQ + one CQ doorbell per batch of 32. */
		CU_ASSERT(mmio_shadow * 8 <= ios);
		CU_ASSERT(mmio_shadow * 8 < mmio_mmio);
	} else {
		/* A device that finished everything at once always wants to hear. */
		CU_ASSERT(mmio_shadow <= mmio_mmio);
	}
	free(data_shadow);
	free(data_mmio);
}

static void
test_shadow_vs_mmio_device_beside(void)
{
	shadow_vs_mmio(false);
}

static void
test_shadow_vs_mmio_device_at_once(void)
{
	shadow_vs_mmio(true);
}

/* ---- A controller reset forgets the pages; the next init sends them again -------- */

static void
test_reset_forgets_dbbuf(void)
{
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct dt_io io = { 0 };
	volatile uint32_t *cc;
	uint8_t *buf;

	m = dt_model_new(NULL);
	ctrlr = hp_probe(m, true);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(nvme_model_dbbuf_configured(m));
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG] == 1);
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	/* Shutdown is no reset: the model still holds (now freed) pages.  CC.EN=0 is. */
	cc = (volatile uint32_t *)((volatile uint8_t *)nvme_model_bar0(m) + 0x14);
	nvme_mmio_hook_write32(cc, nvme_mmio_hook_read32(cc) & ~1u);
	CU_ASSERT(!nvme_model_dbbuf_configured(m));

	/* Attach again: configured again, with fresh values, and I/O works. */
	ctrlr = hp_probe(m, true);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(nvme_model_dbbuf_configured(m));
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG] == 2);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	for (int i = 0; i < 3; i++) {
		memset(&io, 0, sizeof(io));
		CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 8,
						dt_io_cb, &io, 0) == 0);
		CU_ASSERT(dt_wait_io(qpair, &io) && dt_cpl_ok(&io.cpl));
	}
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* No OACS bit 8, or disabled by the application: no command, MMIO doorbells. */
static void
test_dbbuf_not_used(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;

	nvme_model_opts_default(&o);
	o.dbbuf = false;
	m = dt_model_new(&o);
	ctrlr = hp_probe(m, true);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(!nvme_model_dbbuf_configured(m));
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG] == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	m = dt_model_new(NULL);
	ctrlr = hp_probe(m, false);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(!nvme_model_dbbuf_configured(m));
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG] == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* The controller refuses the command: a warning, and MMIO doorbells. */
static void
test_dbbuf_refused(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr;
	struct dt_capture cap;

	CU_ASSERT(nvme_model_inject_status(m, 0, SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG,
					   SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD,
					   true, 1) == 0);
	dt_capture_begin(&cap);
	ctrlr = hp_probe(m, true);
	dt_capture_end(&cap, false);
	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(strstr(cap.text, "using MMIO doorbells") != NULL);
	CU_ASSERT(!nvme_model_dbbuf_configured(m));
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
	CU_add_test(suite, "wrappers_count", test_wrappers_count);
	CU_add_test(suite, "steady_state_mmio", test_steady_state_mmio);
	CU_add_test(suite, "steady_state_mmio_delayed", test_steady_state_mmio_delayed);
	CU_add_test(suite, "steady_state_shadow", test_steady_state_shadow);
	CU_add_test(suite, "steady_state_shadow_delayed", test_steady_state_shadow_delayed);
	CU_add_test(suite, "need_event_edges", test_need_event_edges);
	CU_add_test(suite, "shadow_vs_mmio_device_beside", test_shadow_vs_mmio_device_beside);
	CU_add_test(suite, "shadow_vs_mmio_device_at_once", test_shadow_vs_mmio_device_at_once);
	CU_add_test(suite, "reset_forgets_dbbuf", test_reset_forgets_dbbuf);
	CU_add_test(suite, "dbbuf_not_used", test_dbbuf_not_used);
	CU_add_test(suite, "dbbuf_refused", test_dbbuf_refused);
}

int
main(void)
{
	return dt_run("nvme_hotpath", add_tests);
}
