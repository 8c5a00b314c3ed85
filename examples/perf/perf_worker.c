/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The measured loop.  Per I/O it costs one TSC read, a few adds and compares
 * for the statistics (plus a histogram increment with -L), an xorshift step
 * and a multiply for a random offset, and the driver's own submit: no
 * division, no allocation, no system call.  The clock is checked every
 * PERF_TIME_CHECK_POLLS polls rather than on every poll.
 */
#include <stdio.h>
#include <string.h>

#include "spdk/env.h"
#include "perf_worker.h"

#define PERF_TIME_CHECK_POLLS	16u
#define PERF_DRAIN_TIMEOUT_S	10u

#define perf_likely(x)		__builtin_expect(!!(x), 1)
#define perf_unlikely(x)	__builtin_expect(!!(x), 0)

static int g_stop_requested;

void
perf_worker_request_stop(void)
{
	__atomic_store_n(&g_stop_requested, 1, __ATOMIC_RELAXED);
}

/* xorshift64* (Vigna): good high bits, three shifts and a multiply. */
static inline uint64_t
rng_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * UINT64_C(0x2545F4914F6CDD1D);
}

static void io_complete(void *arg, const struct spdk_nvme_cpl *cpl);

static void __attribute__((noinline, cold))
submit_failed(struct perf_ns_ctx *ctx, int rc)
{
	if (ctx->errors++ == 0) {
		fprintf(stderr, "perf: %s: submitting an I/O failed: %s\n", ctx->name,
			strerror(-rc));
	}
	ctx->outstanding--;
}

static inline void
submit_io(struct perf_ns_ctx *ctx, struct perf_task *task, uint64_t now)
{
	uint64_t slot;
	bool is_read;
	int rc;

	if (ctx->random) {
		/* Lemire's multiply-shift: a uniform slot in [0, size_in_ios) without a division. */
		slot = (uint64_t)(((unsigned __int128)rng_next(&ctx->rng) * ctx->size_in_ios) >> 64);
	} else {
		slot = ctx->next_seq;
		if (++ctx->next_seq == ctx->size_in_ios) {
			ctx->next_seq = 0;
		}
	}
	is_read = ctx->mixed ? (rng_next(&ctx->rng) >> 32) < ctx->read_threshold : ctx->all_reads;
	task->submit_tsc = now;
	if (is_read) {
		rc = spdk_nvme_ns_cmd_read(ctx->ns, task->qpair, task->buf, slot * ctx->io_blocks,
					   ctx->io_blocks, io_complete, task, 0);
	} else {
		rc = spdk_nvme_ns_cmd_write(ctx->ns, task->qpair, task->buf, slot * ctx->io_blocks,
					    ctx->io_blocks, io_complete, task, 0);
	}
	if (perf_unlikely(rc != 0)) {
		submit_failed(ctx, rc);
	}
}

static void __attribute__((noinline, cold))
io_failed(struct perf_ns_ctx *ctx, const struct spdk_nvme_cpl *cpl)
{
	if (ctx->errors++ == 0) {
		fprintf(stderr, "perf: %s: I/O failed: %s (sct 0x%x, sc 0x%x)\n", ctx->name,
			spdk_nvme_cpl_get_status_string(&cpl->status), cpl->status.sct,
			cpl->status.sc);
	}
}

static void
io_complete(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct perf_task *task = arg;
	struct perf_ns_ctx *ctx = task->ctx;
	uint64_t now = spdk_get_ticks();

	if (perf_unlikely(ctx->draining)) {
		/* The run is over: neither counted nor resubmitted. */
		if (spdk_nvme_cpl_is_error(cpl)) {
			io_failed(ctx, cpl);
		}
		ctx->outstanding--;
		return;
	}
	if (perf_likely(!spdk_nvme_cpl_is_error(cpl))) {
		uint64_t lat = now - task->submit_tsc;

		/* A relaxed store is a plain store on x86; it lets the progress
		 * line read the counter from another core without a data race. */
		__atomic_store_n(&ctx->io_completed, ctx->io_completed + 1, __ATOMIC_RELAXED);
		ctx->total_lat_tsc += lat;
		ctx->min_lat_tsc = lat < ctx->min_lat_tsc ? lat : ctx->min_lat_tsc;
		ctx->max_lat_tsc = lat > ctx->max_lat_tsc ? lat : ctx->max_lat_tsc;
		if (ctx->hist != NULL) {
			perf_histogram_add(ctx->hist, lat);
		}
	} else {
		io_failed(ctx, cpl);
	}
	/* The completion's tick is the next submission's start: one TSC read per I/O. */
	submit_io(ctx, task, now);
}

/* Poll every qpair once.  Returns false when a qpair failed. */
static inline bool
poll_all(struct perf_worker *w)
{
	bool ok = true;

	for (uint32_t i = 0; i < w->num_ctxs; i++) {
		struct perf_ns_ctx *ctx = &w->ctxs[i];

		for (uint32_t q = 0; q < ctx->num_qpairs; q++) {
			if (perf_unlikely(spdk_nvme_qpair_process_completions(ctx->qpairs[q], 0) < 0)) {
				if (!ctx->failed) {
					fprintf(stderr, "perf: %s: qpair %u on core %u failed\n",
						ctx->name, q, w->core);
					ctx->failed = true;
				}
				ok = false;
			}
		}
	}
	return ok;
}

static void
print_progress(struct perf_worker *w, uint64_t now, uint64_t hz, uint64_t *last_ios,
	       uint64_t *last_tsc)
{
	uint64_t ios = 0;
	double secs = (double)(now - *last_tsc) / (double)hz;
	double iops;

	for (uint32_t i = 0; i < w->num_all; i++) {
		for (uint32_t j = 0; j < w->all[i].num_ctxs; j++) {
			ios += __atomic_load_n(&w->all[i].ctxs[j].io_completed, __ATOMIC_RELAXED);
		}
	}
	iops = secs > 0 ? (double)(ios - *last_ios) / secs : 0.0;
	printf("\r[%4llu s] %12.2f IOPS %10.2f MiB/s\033[K",
	       (unsigned long long)((now - w->start_tsc + hz / 2) / hz), iops,
	       iops * w->io_size / (1024.0 * 1024.0));
	fflush(stdout);
	*last_ios = ios;
	*last_tsc = now;
}

static uint32_t
outstanding(const struct perf_worker *w)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < w->num_ctxs; i++) {
		n += w->ctxs[i].outstanding;
	}
	return n;
}

int
perf_worker_run(void *arg)
{
	struct perf_worker *w = arg;
	const uint64_t hz = spdk_get_ticks_hz();
	uint64_t now, end, next_progress, last_ios = 0, last_tsc, deadline;
	uint32_t polls = 0;

	w->rc = 0;
	now = spdk_get_ticks();
	w->start_tsc = now;
	end = now + w->run_tsc;
	last_tsc = now;
	next_progress = now + hz;
	for (uint32_t i = 0; i < w->num_ctxs; i++) {
		struct perf_ns_ctx *ctx = &w->ctxs[i];

		for (uint32_t t = 0; t < ctx->num_tasks; t++) {
			ctx->outstanding++;
			submit_io(ctx, &ctx->tasks[t], now);
		}
	}
	for (;;) {
		if (perf_unlikely(!poll_all(w))) {
			w->rc = -1;
			now = spdk_get_ticks();
			break;
		}
		if (++polls % PERF_TIME_CHECK_POLLS != 0) {
			continue;
		}
		now = spdk_get_ticks();
		if (now >= end || __atomic_load_n(&g_stop_requested, __ATOMIC_RELAXED)) {
			break;
		}
		if (w->print_progress && now >= next_progress) {
			print_progress(w, now, hz, &last_ios, &last_tsc);
			next_progress += hz;
		}
	}
	w->stop_tsc = now;
	if (w->print_progress) {
		printf("\r\033[K");
		fflush(stdout);
	}
	/* Let what is in flight finish without counting it or resubmitting. */
	for (uint32_t i = 0; i < w->num_ctxs; i++) {
		w->ctxs[i].draining = true;
	}
	deadline = spdk_get_ticks() + PERF_DRAIN_TIMEOUT_S * hz;
	while (outstanding(w) > 0) {
		if (!poll_all(w)) {
			w->rc = -1;
			break;
		}
		if (spdk_get_ticks() > deadline) {
			fprintf(stderr, "perf: core %u: %u I/Os still outstanding %u s after the end\n",
				w->core, outstanding(w), PERF_DRAIN_TIMEOUT_S);
			w->rc = -1;
			break;
		}
	}
	return 0;
}
