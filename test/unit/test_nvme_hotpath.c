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


/* ---- The read/write fast path (nvme_ns_cmd.c + qpair_submit_rw) --------------- */

/*
 * Which way each submission went, counted by a copy of the PCIe ops table
 * put under the qpair: qpair_submit_rw calls (and how many it sent) and
 * qpair_submit_request calls (the general path, queued resubmissions
 * included).  fast false: a transport without the fast op.
 */
static struct nvme_transport_ops g_path_ops;
static unsigned int g_rw_calls, g_rw_sent, g_general_calls;

static int
path_submit_rw(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	int rc = nvme_pcie_transport_ops.qpair_submit_rw(qpair, req);

	g_rw_calls++;
	g_rw_sent += rc == 0;
	return rc;
}

static int
path_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	g_general_calls++;
	return nvme_pcie_transport_ops.qpair_submit_request(qpair, req);
}

static void
path_reset(void)
{
	g_rw_calls = g_rw_sent = g_general_calls = 0;
}

static void
path_watch(struct spdk_nvme_qpair *qpair, bool fast)
{
	CU_ASSERT_FATAL(nvme_pcie_transport_ops.qpair_submit_rw != NULL);
	g_path_ops = nvme_pcie_transport_ops;
	g_path_ops.qpair_submit_rw = fast ? path_submit_rw : NULL;
	g_path_ops.qpair_submit_request = path_submit_request;
	qpair->transport = &g_path_ops;
	path_reset();
}

#define FP_NS_BLOCKS	8192u
#define FP_BUF		(256u * 520u + 2 * DT_PAGE)	/* MDTS (128 KiB) + offsets */

/*
 * Namespaces: 1 plain 512 B blocks, 2 with 8 bytes of separate metadata,
 * 3 with 8 bytes interleaved (extended LBA, 520-byte blocks).  MDTS 5: 128 KiB.
 */
struct fp_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns[4];		/* by NSID */
	struct spdk_nvme_qpair	*qpair;
	uint8_t			*buf;
	uint8_t			*md;
};

static void
fp_setup(struct fp_env *e, uint32_t queue_size, uint32_t requests, bool run_io_on_doorbell)
{
	struct nvme_model_opts o;
	struct spdk_nvme_io_qpair_opts qo;

	memset(e, 0, sizeof(*e));
	nvme_model_opts_default(&o);
	o.run_io_on_doorbell = run_io_on_doorbell;
	o.nn = 3;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = FP_NS_BLOCKS,
		.block_size = 512 };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = FP_NS_BLOCKS,
		.block_size = 512, .ms = 8 };
	o.ns[2] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = FP_NS_BLOCKS,
		.block_size = 512, .ms = 8, .extended = true };
	e->m = dt_model_new(&o);
	e->ctrlr = dt_attach(e->m);
	for (uint32_t nsid = 1; nsid <= 3; nsid++) {
		e->ns[nsid] = spdk_nvme_ctrlr_get_ns(e->ctrlr, nsid);
		CU_ASSERT_FATAL(e->ns[nsid] != NULL);
	}
	CU_ASSERT_FATAL(spdk_nvme_ns_get_max_io_xfer_size(e->ns[1]) == 128u * 1024);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(e->ctrlr, &qo, sizeof(qo));
	qo.io_queue_size = queue_size;
	qo.io_queue_requests = requests;
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, &qo, sizeof(qo));
	CU_ASSERT_FATAL(e->qpair != NULL);
	e->buf = spdk_zmalloc(FP_BUF, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	e->md = spdk_zmalloc(256 * 8 + 64, 64, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(e->buf != NULL && e->md != NULL);
	path_watch(e->qpair, true);
}

static void
fp_teardown(struct fp_env *e)
{
	CU_ASSERT(nvme_model_get_stats(e->m)->errors == 0);
	if (nvme_model_get_stats(e->m)->errors != 0) {
		fprintf(stderr, "model error: %s\n", nvme_model_last_error(e->m));
	}
	spdk_free(e->buf);
	spdk_free(e->md);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

/* The PRPs NVMe 1.4 §4.3 asks for, computed independently of the driver. */
static void
fp_check_prps(const struct nvme_model_cmd_record *r, uint64_t iova, uint32_t size)
{
	const uint64_t first = DT_PAGE - (iova % DT_PAGE);
	uint64_t at = iova, left = size;

	CU_ASSERT(r->sqe.psdt == SPDK_NVME_PSDT_PRP);
	CU_ASSERT(r->sqe.dptr.prp.prp1 == iova);
	if (size <= first) {
		CU_ASSERT(r->sqe.dptr.prp.prp2 == 0);
		CU_ASSERT(r->nlists == 0);
	} else if (size - first <= DT_PAGE) {
		CU_ASSERT(r->sqe.dptr.prp.prp2 == iova + first);
		CU_ASSERT(r->nlists == 0);
	} else {
		/* A list: PRP2 points at it, page aligned, read once. */
		CU_ASSERT(r->nlists == 1);
		CU_ASSERT(r->list_iova[0] == r->sqe.dptr.prp.prp2);
		CU_ASSERT(r->sqe.dptr.prp.prp2 % DT_PAGE == 0);
	}
	/* One segment per PRP entry: the first to its page's end, then whole pages. */
	CU_ASSERT(r->nsegs == 1 + (size > first ? (size - first + DT_PAGE - 1) / DT_PAGE : 0));
	for (uint32_t i = 0; i < r->nsegs && i < NVME_MODEL_REC_MAX_SEGS; i++) {
		uint64_t len = nvme_test_min(left, DT_PAGE - at % DT_PAGE);

		CU_ASSERT(r->segs[i].iova == at);
		CU_ASSERT(r->segs[i].len == len);
		at += len;
		left -= len;
	}
	CU_ASSERT(left == 0);
}

/* Poll, letting the device run, until io completed; false if it never did. */
static bool
fp_wait(struct fp_env *e, struct dt_io *io)
{
	for (unsigned int i = 0; i < 1000 && io->calls == 0; i++) {
		nvme_model_run(e->m);
		if (spdk_nvme_qpair_process_completions(e->qpair, 0) < 0) {
			break;
		}
	}
	return io->calls == 1;
}

/* Submit one read/write through the public API: rc, and io filled when it completes. */
static int
fp_submit(struct fp_env *e, uint32_t nsid, bool write, bool with_md, void *payload, void *md,
	  uint64_t lba, uint32_t n, uint32_t flags, uint16_t mask, uint16_t tag, struct dt_io *io)
{
	memset(io, 0, sizeof(*io));
	if (with_md) {
		return write ? spdk_nvme_ns_cmd_write_with_md(e->ns[nsid], e->qpair, payload, md, lba,
				n, dt_io_cb, io, flags, mask, tag) :
		       spdk_nvme_ns_cmd_read_with_md(e->ns[nsid], e->qpair, payload, md, lba, n,
				dt_io_cb, io, flags, mask, tag);
	}
	return write ? spdk_nvme_ns_cmd_write(e->ns[nsid], e->qpair, payload, lba, n, dt_io_cb, io,
					      flags) :
	       spdk_nvme_ns_cmd_read(e->ns[nsid], e->qpair, payload, lba, n, dt_io_cb, io, flags);
}

/*
 * Reads and writes of 1..256 blocks (512 B .. MDTS) at page offsets, every
 * FUA/LR combination: sent in place, and the SQE the controller fetched has
 * the right opcode, NSID, SLBA, NLB, CDW12 flags, zeroes where nothing
 * belongs, and the PRPs of §4.3; the data arrived.
 */
static void
test_fast_path_sqe(void)
{
	static const uint32_t counts[] = { 1, 7, 8, 9, 15, 16, 17, 64, 255, 256 };
	static const uint32_t offsets[] = { 0, 4, 512, 3584, 4092 };
	static const uint32_t flags[] = { 0, SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS,
		SPDK_NVME_IO_FLAGS_LIMITED_RETRY,
		SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS | SPDK_NVME_IO_FLAGS_LIMITED_RETRY };
	struct fp_env e;
	uint64_t ns_size;
	uint8_t *ns_mem;
	unsigned int k = 0;

	fp_setup(&e, 256, 256, true);
	ns_mem = nvme_model_ns_mem(e.m, 1, &ns_size);
	CU_ASSERT_FATAL(ns_mem != NULL && ns_size == FP_NS_BLOCKS * 512ull);
	dt_fill_random(ns_mem, ns_size);
	for (unsigned int c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		for (unsigned int o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++, k++) {
			const uint32_t n = counts[c], size = n * 512, fl = flags[k % 4];
			const bool write = k & 1;
			const uint64_t lba = (k * 997u) % (FP_NS_BLOCKS - n);
			uint8_t *p = e.buf + offsets[o];
			const struct nvme_model_cmd_record *r;
			struct dt_io io;

			if (write) {
				dt_fill_random(p, size);
			}
			path_reset();
			CU_ASSERT_FATAL(fp_submit(&e, 1, write, false, p, NULL, lba, n, fl, 0, 0,
						  &io) == 0);
			CU_ASSERT(g_rw_calls == 1 && g_rw_sent == 1 && g_general_calls == 0);
			CU_ASSERT_FATAL(dt_wait_io(e.qpair, &io));
			CU_ASSERT(dt_cpl_ok(&io.cpl));
			r = nvme_model_cmd_log(e.m, 0);
			CU_ASSERT_FATAL(r != NULL);
			CU_ASSERT(r->qid == 1);
			CU_ASSERT(r->sqe.opc == (write ? SPDK_NVME_OPC_WRITE : SPDK_NVME_OPC_READ));
			CU_ASSERT(r->sqe.fuse == 0);
			CU_ASSERT(r->sqe.nsid == 1);
			CU_ASSERT(r->sqe.cdw2 == 0 && r->sqe.cdw3 == 0 && r->sqe.mptr == 0);
			CU_ASSERT(r->sqe.cdw10 == (uint32_t)lba && r->sqe.cdw11 == 0);
			CU_ASSERT(r->sqe.cdw12 == ((n - 1) | fl));
			CU_ASSERT(r->sqe.cdw13 == 0 && r->sqe.cdw14 == 0 && r->sqe.cdw15 == 0);
			CU_ASSERT(r->sqe.cid == io.cpl.cid);
			fp_check_prps(r, spdk_vtophys(p, NULL), size);
			CU_ASSERT(memcmp(p, ns_mem + lba * 512, size) == 0);
		}
	}
	fp_teardown(&e);
}

/* Commands in flight at once carry distinct CIDs; each completes its own I/O. */
static void
test_fast_path_cids_unique(void)
{
	struct fp_env e;
	struct dt_io io[64];
	bool seen[256] = { false };

	fp_setup(&e, 256, 256, false);
	for (uint32_t i = 0; i < 64; i++) {
		CU_ASSERT_FATAL(fp_submit(&e, 1, i & 1, false, e.buf + i * 1024, NULL, i * 2, 2, 0,
					  0, 0, &io[i]) == 0);
	}
	CU_ASSERT(g_rw_sent == 64 && g_general_calls == 0);
	nvme_model_run(e.m);
	for (uint32_t back = 0; back < 64; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(e.m, back);

		CU_ASSERT_FATAL(r != NULL);
		CU_ASSERT(r->sqe.cid < 256 && !seen[r->sqe.cid]);
		seen[r->sqe.cid] = true;
		/* Fetched in submission order: the newest is the last submitted. */
		CU_ASSERT(r->sqe.cdw10 == (63 - back) * 2);
	}
	for (uint32_t i = 0; i < 64; i++) {
		CU_ASSERT(dt_wait_io(e.qpair, &io[i]));
		CU_ASSERT(dt_cpl_ok(&io[i].cpl));
		CU_ASSERT(nvme_model_find_cmd(e.m, 1, io[i].cpl.cid)->sqe.cdw10 == i * 2);
	}
	fp_teardown(&e);
}

/* The fetched SQE with the CID (and a PRP list's address) left out; the data segments. */
struct fp_seen {
	struct spdk_nvme_cmd	sqe;
	uint32_t		nsegs;
	struct nvme_model_seg	segs[NVME_MODEL_REC_MAX_SEGS];
	struct spdk_nvme_cpl	cpl;
};

static void
fp_run_one(struct fp_env *e, bool fast, uint32_t nsid, bool write, bool with_md, uint32_t off,
	   uint64_t lba, uint32_t n, uint32_t flags, struct fp_seen *seen)
{
	const struct nvme_model_cmd_record *r;
	struct dt_io io;
	void *md = nsid == 2 ? e->md + 8 : NULL;

	path_watch(e->qpair, fast);
	CU_ASSERT_FATAL(fp_submit(e, nsid, write, with_md, e->buf + off, md, lba, n, flags,
				  0xf0f0, 0x1234, &io) == 0);
	CU_ASSERT(g_rw_sent == (fast ? 1u : 0u));
	CU_ASSERT(g_general_calls == (fast ? 0u : 1u));
	CU_ASSERT_FATAL(dt_wait_io(e->qpair, &io));
	r = nvme_model_cmd_log(e->m, 0);
	CU_ASSERT_FATAL(r != NULL && r->sqe.cid == io.cpl.cid);
	memset(seen, 0, sizeof(*seen));
	seen->sqe = r->sqe;
	seen->sqe.cid = 0;
	if (r->nlists != 0) {
		seen->sqe.dptr.prp.prp2 = 0;	/* each tracker has its own list page */
	}
	seen->nsegs = r->nsegs;
	memcpy(seen->segs, r->segs, sizeof(seen->segs));
	seen->cpl = io.cpl;
	seen->cpl.cid = 0;
	seen->cpl.sqhd = 0;
}

/*
 * The fast path and the general one (a transport without qpair_submit_rw)
 * give the controller the same command: every namespace layout (no
 * metadata, separate, interleaved), read/write with and without _with_md,
 * sizes up to MDTS at page offsets, FUA/LR, apptag and mask.
 */
static void
test_fast_vs_general_identical(void)
{
	static const uint32_t counts[] = { 1, 8, 9, 100, 252 };
	static const uint32_t offsets[] = { 0, 8, 3072 };
	struct fp_env e;
	unsigned int k = 0;

	fp_setup(&e, 256, 256, true);
	dt_fill_random(e.buf, FP_BUF);
	for (uint32_t nsid = 1; nsid <= 3; nsid++) {
		for (unsigned int c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
			for (unsigned int o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++, k++) {
				const bool write = k & 1, with_md = (k & 2) || nsid == 2;
				const uint32_t flags = (k & 4) ? SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS :
						       (k & 8) ? SPDK_NVME_IO_FLAGS_LIMITED_RETRY : 0;
				const uint64_t lba = (k * 331u) % (FP_NS_BLOCKS - counts[c]);
				struct fp_seen fast, general;

				fp_run_one(&e, true, nsid, write, with_md, offsets[o], lba, counts[c],
					   flags, &fast);
				fp_run_one(&e, false, nsid, write, with_md, offsets[o], lba, counts[c],
					   flags, &general);
				CU_ASSERT(memcmp(&fast, &general, sizeof(fast)) == 0);
				CU_ASSERT(dt_cpl_ok(&fast.cpl));
				CU_ASSERT(fast.sqe.nsid == nsid);
				CU_ASSERT(fast.sqe.cdw15 == (with_md ? 0xf0f01234u : 0));
				CU_ASSERT(fast.sqe.mptr == (nsid == 2 ? spdk_vtophys(e.md + 8, NULL) : 0));
			}
		}
	}
	fp_teardown(&e);
}

/* ---- When the fast path must not be taken ---------------------------------------- */

struct fp_order {
	struct fp_env	*e;
	uint32_t	done[16];	/* LBAs in completion order */
	uint32_t	n;
	uint32_t	errors;
	/* submitted from the first completion's callback */
	bool		submit_in_cb;
	int		cb_rc;
	unsigned int	cb_rw_calls;	/* g_rw_calls across that submission */
	uint64_t	lba_tag[16];
};

static void fp_order_cb(void *arg, const struct spdk_nvme_cpl *cpl);

struct fp_order_io {
	struct fp_order	*o;
	uint32_t	lba;
};

static struct fp_order_io g_order_io[16];

static void
fp_order_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct fp_order_io *io = arg;
	struct fp_order *o = io->o;

	o->errors += spdk_nvme_cpl_is_error(cpl);
	o->done[o->n++] = io->lba;
	if (o->submit_in_cb) {
		unsigned int before = g_rw_calls;

		/* Slots are free now (this one's), but two requests still wait. */
		o->submit_in_cb = false;
		g_order_io[5] = (struct fp_order_io){ o, 5 };
		o->cb_rc = spdk_nvme_ns_cmd_read(o->e->ns[1], o->e->qpair, o->e->buf + 5 * 512, 5, 1,
						 fp_order_cb, &g_order_io[5], 0);
		o->cb_rw_calls = g_rw_calls - before;
	}
}

/*
 * Every slot busy: a request waits (the fast op said no), the next one does
 * not even try the fast path, and one submitted from a completion callback
 * while they wait (a slot is free by then) queues behind them: the
 * controller fetches them in submission order.
 */
static void
test_fast_path_not_while_queued(void)
{
	struct fp_env e;
	struct fp_order o = { .e = &e };
	uint32_t fetched = 0;

	/* 4 entries: 3 commands outstanding at most. */
	fp_setup(&e, 4, 16, false);
	for (uint32_t i = 0; i < 5; i++) {
		g_order_io[i] = (struct fp_order_io){ &o, i };
		CU_ASSERT(spdk_nvme_ns_cmd_read(e.ns[1], e.qpair, e.buf + i * 512, i, 1, fp_order_cb,
						&g_order_io[i], 0) == 0);
	}
	CU_ASSERT(g_rw_sent == 3);		/* 0..2 in place */
	CU_ASSERT(g_rw_calls == 4);		/* 3: no slot; 4: never asked */
	CU_ASSERT(g_general_calls == 1);	/* 3 went the general way and waits */
	CU_ASSERT(STAILQ_EMPTY(&e.qpair->queued_req) == false);
	o.submit_in_cb = true;
	for (unsigned int i = 0; i < 100 && o.n < 6; i++) {
		nvme_model_run(e.m);
		CU_ASSERT(spdk_nvme_qpair_process_completions(e.qpair, 0) >= 0);
	}
	CU_ASSERT(o.n == 6 && o.errors == 0);
	CU_ASSERT(o.cb_rc == 0);
	CU_ASSERT(o.cb_rw_calls == 0);
	for (uint32_t i = 0; i < 6; i++) {
		CU_ASSERT(o.done[i] == i);
	}
	/* The controller's fetch order: the log's newest is 5, then 4, ... */
	for (uint32_t back = 0; back < 6; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(e.m, back);

		CU_ASSERT_FATAL(r != NULL);
		CU_ASSERT(r->sqe.cdw10 == 5 - back);
		fetched++;
	}
	CU_ASSERT(fetched == 6);
	/* Nothing waits any more: the fast path again. */
	path_reset();
	g_order_io[6] = (struct fp_order_io){ &o, 6 };
	CU_ASSERT(spdk_nvme_ns_cmd_write(e.ns[1], e.qpair, e.buf, 6, 1, fp_order_cb,
					 &g_order_io[6], 0) == 0);
	CU_ASSERT(g_rw_sent == 1 && g_general_calls == 0);
	for (unsigned int i = 0; i < 100 && o.n < 7; i++) {
		nvme_model_run(e.m);
		spdk_nvme_qpair_process_completions(e.qpair, 0);
	}
	CU_ASSERT(o.n == 7 && o.errors == 0);
	fp_teardown(&e);
}

/* More blocks than one command carries: split by the general path, never in place. */
static void
test_fast_path_not_for_split(void)
{
	struct fp_env e;
	struct dt_io io;
	uint64_t fetched;

	fp_setup(&e, 256, 256, true);
	fetched = dt_cmds_fetched(e.m);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 100, 257, 0, 0, 0, &io) == 0);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 2);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched + 2);
	CU_ASSERT(nvme_model_cmd_log(e.m, 0)->sqe.cdw10 == 100 + 256);
	CU_ASSERT(nvme_model_cmd_log(e.m, 0)->sqe.cdw12 == 0);
	CU_ASSERT(nvme_model_cmd_log(e.m, 1)->sqe.cdw12 == 255);
	fp_teardown(&e);
}

/*
 * A payload that is not DMA memory: -EINVAL and a log line, as before the
 * fast path (which hands it to the general path), nothing sent, the request
 * back in the pool; and the same when the request would have to wait.
 */
static void
test_fast_path_non_dma(void)
{
	struct fp_env e;
	struct dt_io io[4];
	struct dt_capture cap;
	uint8_t *heap = malloc(4096);
	uint64_t fetched;

	CU_ASSERT_FATAL(heap != NULL);
	/* 3 slots, 4 requests: a leaked one would show. */
	fp_setup(&e, 4, 4, false);
	fetched = dt_cmds_fetched(e.m);
	dt_capture_begin(&cap);
	for (unsigned int i = 0; i < 10; i++) {
		CU_ASSERT(fp_submit(&e, 1, i & 1, false, heap, NULL, 0, 8, 0, 0, 0, &io[0]) ==
			  -EINVAL);
	}
	dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(cap.text, "not DMA memory") == 10);
	CU_ASSERT(g_rw_calls == 10 && g_rw_sent == 0 && g_general_calls == 10);
	/* All 4 requests are still there (3 sent, 1 waits for a slot). */
	for (unsigned int i = 0; i < 4; i++) {
		CU_ASSERT(fp_submit(&e, 1, false, false, e.buf + i * 4096, NULL, i, 8, 0, 0, 0,
				    &io[i]) == 0);
	}
	for (unsigned int i = 0; i < 4; i++) {
		CU_ASSERT(fp_wait(&e, &io[i]) && dt_cpl_ok(&io[i].cpl));
	}
	CU_ASSERT(dt_cmds_fetched(e.m) == fetched + 4);
	fp_teardown(&e);

	/* 2 slots, both busy: the third waits, a heap payload behind it is refused. */
	fp_setup(&e, 3, 8, false);
	for (unsigned int i = 0; i < 3; i++) {
		CU_ASSERT(fp_submit(&e, 1, false, false, e.buf + i * 4096, NULL, i, 8, 0, 0, 0,
				    &io[i]) == 0);
	}
	CU_ASSERT(!STAILQ_EMPTY(&e.qpair->queued_req));
	path_reset();
	dt_capture_begin(&cap);
	CU_ASSERT(fp_submit(&e, 1, true, false, heap, NULL, 0, 8, 0, 0, 0, &io[3]) == -EINVAL);
	dt_capture_end(&cap, false);
	CU_ASSERT(dt_count(cap.text, "not DMA memory") == 1);
	CU_ASSERT(g_rw_calls == 0);
	for (unsigned int i = 0; i < 3; i++) {
		CU_ASSERT(fp_wait(&e, &io[i]) && dt_cpl_ok(&io[i].cpl));
	}
	CU_ASSERT(io[3].calls == 0);
	fp_teardown(&e);
	free(heap);
}

/*
 * A payload whose pages are not IOVA-contiguous (the mocked env scatters
 * them): the fast op declines, the general path builds a PRP list page by page.
 */
static void
test_fast_path_scattered_iova(void)
{
	struct fp_env e;
	struct dt_io io;
	const struct nvme_model_cmd_record *r;
	uint8_t *buf, *ns_mem;
	uint64_t ns_size, at;

	fp_setup(&e, 256, 256, true);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_PAGE_SCATTER);
	buf = spdk_zmalloc(4 * DT_PAGE, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_CONTIG);
	CU_ASSERT_FATAL(buf != NULL);
	ns_mem = nvme_model_ns_mem(e.m, 1, &ns_size);
	dt_fill_random(ns_mem, 64 * 512);
	/* 3 pages' worth from offset 512: 4 PRP entries, none contiguous with the last. */
	CU_ASSERT(fp_submit(&e, 1, false, false, buf + 512, NULL, 16, 24, 0, 0, 0, &io) == 0);
	CU_ASSERT(g_rw_calls == 1 && g_rw_sent == 0 && g_general_calls == 1);
	CU_ASSERT(dt_wait_io(e.qpair, &io) && dt_cpl_ok(&io.cpl));
	r = nvme_model_cmd_log(e.m, 0);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.dptr.prp.prp1 == spdk_vtophys(buf + 512, NULL));
	CU_ASSERT(r->nlists == 1 && r->nsegs == 4);
	at = 512;
	for (uint32_t i = 0; i < 4 && i < r->nsegs; i++) {
		CU_ASSERT(r->segs[i].iova == spdk_vtophys(buf + at, NULL));
		at = (at / DT_PAGE + 1) * DT_PAGE;
	}
	CU_ASSERT(memcmp(buf + 512, ns_mem + 16 * 512, 24 * 512) == 0);
	spdk_free(buf);
	fp_teardown(&e);
}

/* Arguments only the general path handles (or rejects, with its own log line). */
static void
test_fast_path_not_for_others(void)
{
	struct fp_env e;
	struct dt_io io;
	struct dt_capture cap;

	fp_setup(&e, 256, 256, true);
	dt_capture_begin(&cap);
	/* Rejected: zero blocks, beyond the end, bad flags, fuse bits on a read, NULL payload. */
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 0, 0, 0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, FP_NS_BLOCKS - 1, 2, 0, 0, 0, &io) ==
		  -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, true, false, e.buf, NULL, UINT64_MAX, 1, 0, 0, 0, &io) ==
		  -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, 1u << 20, 0, 0, &io) ==
		  -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, SPDK_NVME_IO_FLAGS_FUSE_FIRST,
			    0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 1, false, false, NULL, NULL, 0, 1, 0, 0, 0, &io) == -EINVAL);
	/* Metadata the namespace does not take, or misses. */
	CU_ASSERT(fp_submit(&e, 1, false, true, e.buf, e.md, 0, 1, 0, 0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 2, true, true, e.buf, NULL, 0, 1, 0, 0, 0, &io) == -EINVAL);
	CU_ASSERT(fp_submit(&e, 2, true, true, e.buf, e.md + 2, 0, 1, 0, 0, 0, &io) == -EINVAL);
	dt_capture_end(&cap, false);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 0);
	CU_ASSERT(dt_count(cap.text, "zero blocks") == 1);
	CU_ASSERT(dt_count(cap.text, "beyond the namespace") == 2);
	CU_ASSERT(dt_count(cap.text, "invalid io_flags") == 1);
	CU_ASSERT(dt_count(cap.text, "FUSE_FIRST goes with compare") == 1);
	CU_ASSERT(dt_count(cap.text, "NULL payload") == 1);
	CU_ASSERT(dt_count(cap.text, "pass metadata NULL") == 1);
	CU_ASSERT(dt_count(cap.text, "separate buffer") == 1);
	CU_ASSERT(dt_count(cap.text, "dword-aligned") == 1);
	/* Sent, but the general way: PRACT (the payload's block size changes). */
	path_reset();
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, SPDK_NVME_IO_FLAGS_PRACT, 0, 0,
			    &io) == 0);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 1);
	CU_ASSERT(dt_wait_io(e.qpair, &io));
	/* A failed controller: -ENXIO from the general path. */
	spdk_nvme_ctrlr_fail(e.ctrlr);
	path_reset();
	CU_ASSERT(fp_submit(&e, 1, false, false, e.buf, NULL, 0, 1, 0, 0, 0, &io) == -ENXIO);
	CU_ASSERT(g_rw_calls == 0 && g_general_calls == 0);
	fp_teardown(&e);
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
	CU_add_test(suite, "fast_path_sqe", test_fast_path_sqe);
	CU_add_test(suite, "fast_path_cids_unique", test_fast_path_cids_unique);
	CU_add_test(suite, "fast_vs_general_identical", test_fast_vs_general_identical);
	CU_add_test(suite, "fast_path_not_while_queued", test_fast_path_not_while_queued);
	CU_add_test(suite, "fast_path_not_for_split", test_fast_path_not_for_split);
	CU_add_test(suite, "fast_path_non_dma", test_fast_path_non_dma);
	CU_add_test(suite, "fast_path_scattered_iova", test_fast_path_scattered_iova);
	CU_add_test(suite, "fast_path_not_for_others", test_fast_path_not_for_others);
}

int
main(void)
{
	return dt_run("nvme_hotpath", add_tests);
}
